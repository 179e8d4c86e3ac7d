"""The Linux program built for glibc 2.28: frozen in a Debian 11 (bullseye) chroot.

統信UOS 20 has glibc 2.28 and 麒麟 V10 glibc 2.31; a program frozen on Debian 12 needs 2.36.  So
``build.py linux`` freezes inside a Debian 11 chroot made by debootstrap, with

- CPython 3.11 compiled there from the upstream tarball in Debian 12's python3.11 source package
  (fetched with apt from the Debian archive, checked against its signed index), with
  packaging/bullseye/glibc-2.28.h force-included so exp/log/pow keep their pre-2.29 versions;
- the project's locked packages (uv.lock) installed with pip, PySide6 pinned to 6.9.3 by
  packaging/bullseye/constraints.txt (the last release with manylinux_2_28 wheels);
- PyInstaller run there with packaging/nianbao.spec, as on any other machine.

Everything lives under build/bullseye/ (gitignored), each tree named by a hash of what made it, so
a second build reuses them:

    minbase-HASH/   debootstrap --variant=minbase bullseye, apt lists updated; never changed
                    after it is made: the build tree and the tests' clean trees are copies of it
    build-HASH/     a copy of minbase with the compilers, Python in /opt/python3.11, and the
                    project's packages in /opt/venv (remade when the locked versions change)
    apt-archives/   .deb files apt downloaded, shared by every tree (bind-mounted)
    pip-cache/      pip's download cache (bind-mounted)

Mounts (/proc, a private /dev on tmpfs, the two caches) exist only while a command runs in a tree
and are always unmounted afterwards.  Needs root, debootstrap and chroot; amd64 only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
CACHE = REPO / "build" / "bullseye"
FILES = PACKAGING / "bullseye"
CONSTRAINTS = FILES / "constraints.txt"
SYMVER_HEADER = FILES / "glibc-2.28.h"

SUITE = "bullseye"
MIRROR = os.environ.get("NIANBAO_DEBIAN_MIRROR", "http://deb.debian.org/debian")
# Python 3.11 (what the project needs, pyproject.toml) from Debian 12's source package.
PYTHON_SOURCE_SUITE = "bookworm"
PYTHON_SOURCE_PACKAGE = "python3.11"
PREFIX = "/opt/python3.11"
VENV = "/opt/venv"
JOBS = "2"

# What compiling CPython needs (the modules the program and pip use: zlib, bz2, lzma, ctypes,
# ssl for pip only — the frozen program leaves ssl out), and what Qt loads, so that PyInstaller
# sees the libraries the Qt plugins link and the tests run offscreen.
BUILD_PACKAGES = (
    "gcc",
    "make",
    "libc6-dev",
    "binutils",
    "xz-utils",
    "libssl-dev",
    "zlib1g-dev",
    "libffi-dev",
    "libbz2-dev",
    "liblzma-dev",
    "libgl1",
    "libegl1",
    "libopengl0",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-xcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-util1",
    "libxcb-xinerama0",
    "libxcb-xinput0",
    "libxcb-xkb1",
    "fonts-noto-cjk",
)
# Nothing of these is needed by the program or its build: no readline, curses, sqlite, dbm, tk,
# uuid, nis.  Not built, so nothing waits for them (and nothing links what a desktop may lack).
UNBUILT_MODULES = (
    "_tkinter",
    "_curses",
    "_curses_panel",
    "readline",
    "_sqlite3",
    "_dbm",
    "_gdbm",
    "_uuid",
    "nis",
    "_crypt",
)
CONFIGURE = (
    f"--prefix={PREFIX}",
    "--enable-shared",  # PyInstaller needs libpython3.11.so
    "--disable-test-modules",
    "--with-ensurepip=install",
    f"LDFLAGS=-Wl,-rpath,{PREFIX}/lib",
    "CFLAGS=-O2 -include /root/glibc-2.28.h",
    # sem_clockwait is glibc 2.30: the threads wait with sem_timedwait instead.
    "ac_cv_func_sem_clockwait=no",
    *(f"py_cv_module_{name}=n/a" for name in UNBUILT_MODULES),
)
# From uv.lock, not installed in the chroot: replaced by the pins (PySide6), or not needed to
# build or to run the tests (the linters and the type checker run on the host).
NOT_INSTALLED = {"pyside6-essentials", "shiboken6", "ruff", "mypy", "types-openpyxl"}

ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "DEBIAN_FRONTEND": "noninteractive",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}
APT = ("apt-get", "-q", "-y", "-o", "Acquire::Retries=3", "-o", "APT::Keep-Downloaded-Packages=1")


def say(text: str) -> None:
    print(text, flush=True)


def key_of(*parts: object) -> str:
    """A short hash of what makes a tree: a new one is made when any of it changes."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def minbase_key() -> str:
    return key_of("minbase", 1, SUITE, MIRROR)


def build_key() -> str:
    return key_of(
        "build",
        1,
        minbase_key(),
        BUILD_PACKAGES,
        PYTHON_SOURCE_SUITE,
        PYTHON_SOURCE_PACKAGE,
        CONFIGURE,
        SYMVER_HEADER.read_text(encoding="utf-8"),
    )


# ----------------------------------------------------------------------------------------------
# mounts


def mounts_under(path: Path) -> list[Path]:
    """Mount points at or below ``path``, deepest first."""
    root = os.path.realpath(path)
    found: list[Path] = []
    with open("/proc/self/mounts", encoding="utf-8") as mounts:
        for line in mounts:
            target = line.split()[1].replace("\\040", " ")
            if target == root or target.startswith(root + "/"):
                found.append(Path(target))
    return sorted(found, key=lambda p: len(p.parts), reverse=True)


def unmount_all(path: Path) -> None:
    """Unmount whatever is mounted below ``path`` (a tree debootstrap or a command left)."""
    for target in mounts_under(path):
        for attempt in range(10):
            result = subprocess.run(["umount", str(target)], capture_output=True, text=True)
            if result.returncode == 0 or target not in mounts_under(target):
                break
            time.sleep(0.5 * (attempt + 1))
        else:
            raise SystemExit(f"无法卸载 {target}：{result.stderr.strip()}")


def remove_tree(path: Path) -> None:
    """Delete a chroot tree, never through a mount into the host."""
    if not path.exists():
        return
    unmount_all(path)
    if mounts_under(path):
        raise SystemExit(f"{path} 下仍有挂载，不删除")
    shutil.rmtree(path)


DEVICES = {"null": (1, 3), "zero": (1, 5), "full": (1, 7), "random": (1, 8), "urandom": (1, 9)}


@contextlib.contextmanager
def mounted(tree: Path, binds: dict[str, Path] | None = None) -> Iterator[None]:
    """/proc, a /dev of its own (tmpfs with the few devices programs open) and ``binds``
    (path inside → folder outside) mounted in ``tree`` for the duration; all unmounted after,
    whatever happened."""
    try:
        (tree / "proc").mkdir(exist_ok=True)
        subprocess.run(["mount", "-t", "proc", "proc", str(tree / "proc")], check=True)
        dev = tree / "dev"
        dev.mkdir(exist_ok=True)
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "mode=0755,size=64m", "tmpfs", str(dev)], check=True
        )
        for name, (major, minor) in DEVICES.items():
            os.mknod(dev / name, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
            (dev / name).chmod(0o666)
        (dev / "shm").mkdir(mode=0o1777)
        (dev / "shm").chmod(0o1777)
        (dev / "pts").mkdir()
        # A private devpts (newinstance): terminals for dpkg's log, none of the host's.
        subprocess.run(
            [
                "mount",
                "-t",
                "devpts",
                "-o",
                "newinstance,ptmxmode=0666,mode=620",
                "devpts",
                str(dev / "pts"),
            ],
            check=True,
        )
        (dev / "ptmx").symlink_to("pts/ptmx")
        for name, target in (
            ("fd", "/proc/self/fd"),
            ("stdin", "/proc/self/fd/0"),
            ("stdout", "/proc/self/fd/1"),
            ("stderr", "/proc/self/fd/2"),
        ):
            (dev / name).symlink_to(target)
        for inside, outside in (binds or {}).items():
            outside.mkdir(parents=True, exist_ok=True)
            mount_point = tree / inside.lstrip("/")
            mount_point.mkdir(parents=True, exist_ok=True)
            subprocess.run(["mount", "--bind", str(outside), str(mount_point)], check=True)
        resolv = tree / "etc" / "resolv.conf"
        if Path("/etc/resolv.conf").is_file() and not resolv.is_symlink():
            shutil.copy("/etc/resolv.conf", resolv)
        yield
    finally:
        unmount_all(tree)


def in_tree(
    tree: Path,
    command: Sequence[object],
    *,
    cwd: str = "/",
    env: dict[str, str] | None = None,
    capture: bool = False,
    check: bool = True,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` inside ``tree`` (chroot), with a clean environment."""
    full_env = {**ENV, **(env or {})}
    words = [str(word) for word in command]
    say(f"[{tree.name}]$ {' '.join(words)}")
    script = 'cd "$1" && shift && exec "$@"'
    return subprocess.run(
        ["chroot", str(tree), "/bin/sh", "-c", script, "sh", cwd, *words],
        env=full_env,
        check=check,
        text=True,
        capture_output=capture,
        timeout=timeout,
    )


def caches() -> dict[str, Path]:
    return {
        "/var/cache/apt/archives": CACHE / "apt-archives",
        "/root/.cache/pip": CACHE / "pip-cache",
    }


# ----------------------------------------------------------------------------------------------
# the trees


def check_host() -> None:
    if sys.platform != "linux":
        raise SystemExit("Debian 11 chroot 构建只能在 Linux 上进行")
    if os.geteuid() != 0:
        raise SystemExit("Debian 11 chroot 构建需要 root 权限（debootstrap、chroot、mount）")
    if shutil.which("debootstrap") is None:
        raise SystemExit("找不到 debootstrap：apt-get install debootstrap")
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if arch != "amd64":
        raise SystemExit(f"Debian 11 chroot 构建只支持 amd64（本机为 {arch}）")


def _forget_others(prefix: str, keep: Path) -> None:
    for old in CACHE.glob(f"{prefix}-*"):
        if old != keep and old.is_dir():
            say(f"removing the outdated {old}")
            remove_tree(old)


def minbase() -> Path:
    """debootstrap --variant=minbase bullseye with its apt lists, made once and then only copied."""
    check_host()
    tree = CACHE / f"minbase-{minbase_key()}"
    if (tree / ".complete").is_file():
        return tree
    started = time.monotonic()
    partial = tree.with_name(tree.name + ".partial")
    remove_tree(partial)
    CACHE.mkdir(parents=True, exist_ok=True)
    archives = CACHE / "apt-archives"
    archives.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                f"--cache-dir={archives}",
                SUITE,
                str(partial),
                MIRROR,
            ],
            check=True,
        )
    finally:
        unmount_all(partial)
    (partial / "etc" / "apt" / "sources.list").write_text(
        f"deb {MIRROR} {SUITE} main\n", encoding="utf-8"
    )
    with mounted(partial, caches()):
        in_tree(partial, [*APT, "update"])
    (partial / ".complete").write_text(minbase_key() + "\n", encoding="utf-8")
    partial.rename(tree)
    _forget_others("minbase", tree)
    say(f"made {tree} in {time.monotonic() - started:.0f} s")
    return tree


def copy_tree(source: Path, target: Path) -> Path:
    """A copy of a tree (``cp -a``: owners, modes, device files and links kept)."""
    remove_tree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", "--reflink=auto", str(source), str(target)], check=True)
    (target / ".complete").unlink(missing_ok=True)
    return target


def build_tree() -> Path:
    """The build chroot: the compilers and Python 3.11 compiled with the glibc 2.28 header."""
    base = minbase()
    tree = CACHE / f"build-{build_key()}"
    if (tree / ".complete").is_file():
        return tree
    started = time.monotonic()
    partial = copy_tree(base, tree.with_name(tree.name + ".partial"))
    shutil.copy(SYMVER_HEADER, partial / "root" / "glibc-2.28.h")
    # Debian 12's source package, from its own list in a folder of its own: the tree's sources
    # stay bullseye's.
    source_list = partial / "root" / "python-source.list"
    source_list.write_text(f"deb-src {MIRROR} {PYTHON_SOURCE_SUITE} main\n", encoding="utf-8")
    apt_source = [
        *APT,
        "-o",
        "Dir::Etc::SourceList=/root/python-source.list",
        "-o",
        "Dir::Etc::SourceParts=/nonexistent",
        "-o",
        "Dir::State::Lists=/root/python-source-lists",
    ]
    (partial / "root" / "python-source-lists" / "partial").mkdir(parents=True)
    (partial / "root" / "src").mkdir()
    with mounted(partial, caches()):
        in_tree(partial, [*APT, "install", "--no-install-recommends", *BUILD_PACKAGES])
        in_tree(partial, [*apt_source, "update"])
        in_tree(
            partial,
            [*apt_source, "source", "--download-only", PYTHON_SOURCE_PACKAGE],
            cwd="/root/src",
        )
        tarballs = sorted((partial / "root" / "src").glob("*.orig.tar.*"))
        if len(tarballs) != 1:
            raise SystemExit(f"{PYTHON_SOURCE_PACKAGE} 源码包中没有唯一的 .orig 压缩包：{tarballs}")
        in_tree(partial, ["tar", "-xf", tarballs[0].name], cwd="/root/src")
        folders = [p for p in (partial / "root" / "src").iterdir() if p.is_dir()]
        if len(folders) != 1:
            raise SystemExit(f"{tarballs[0].name} 解压后不是一个文件夹：{folders}")
        source = f"/root/src/{folders[0].name}"
        in_tree(partial, ["./configure", *CONFIGURE], cwd=source)
        in_tree(partial, ["make", f"-j{JOBS}"], cwd=source)
        in_tree(partial, ["make", "install"], cwd=source)
    shutil.rmtree(partial / "root" / "src")
    shutil.rmtree(partial / "root" / "python-source-lists")
    (partial / ".complete").write_text(build_key() + "\n", encoding="utf-8")
    partial.rename(tree)
    _forget_others("build", tree)
    say(f"made {tree} in {time.monotonic() - started:.0f} s")
    return tree


def requirements() -> str:
    """The project's locked packages (uv.lock, every group) but PySide6 and the linters, plus
    PySide6-Essentials itself, which the constraints pin."""
    exported = subprocess.run(
        ["uv", "export", "--frozen", "--no-hashes", "--all-groups", "--no-emit-project"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = []
    for line in exported.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        name = line.split("==")[0].split(";")[0].strip().lower()
        if name not in NOT_INSTALLED:
            lines.append(line)
    return "\n".join([*lines, "PySide6-Essentials"]) + "\n"


def packages(tree: Path) -> None:
    """The project's packages in /opt/venv of ``tree``, remade when the locked set changes."""
    wanted = requirements()
    constraints = CONSTRAINTS.read_text(encoding="utf-8")
    key = key_of(wanted, constraints)
    venv = tree / VENV.lstrip("/")
    marker = venv / ".requirements-key"
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == key:
        return
    if venv.exists():
        shutil.rmtree(venv)
    (tree / "root" / "requirements.txt").write_text(wanted, encoding="utf-8")
    (tree / "root" / "constraints.txt").write_text(constraints, encoding="utf-8")
    env = {
        name: value
        for name, value in os.environ.items()
        if name in ("PIP_INDEX_URL", "PIP_DEFAULT_TIMEOUT", "HTTPS_PROXY", "https_proxy")
        or name in ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy")
    }
    # pip trusts what this machine trusts (a company's TLS proxy, too): its CA bundle.
    for bundle in (
        os.environ.get("PIP_CERT", ""),
        os.environ.get("SSL_CERT_FILE", ""),
        os.environ.get("REQUESTS_CA_BUNDLE", ""),
        "/etc/ssl/certs/ca-certificates.crt",
    ):
        if bundle and Path(bundle).is_file():
            shutil.copy(bundle, tree / "root" / "ca-certificates.crt")
            env["PIP_CERT"] = "/root/ca-certificates.crt"
            break
    with mounted(tree, caches()):
        in_tree(tree, [f"{PREFIX}/bin/python3.11", "-m", "venv", VENV])
        in_tree(
            tree,
            [
                f"{VENV}/bin/python",
                "-m",
                "pip",
                "install",
                "--quiet",
                "--only-binary=:all:",
                "-r",
                "/root/requirements.txt",
                "-c",
                "/root/constraints.txt",
            ],
            env=env,
        )
    marker.write_text(key + "\n", encoding="utf-8")


def ready() -> Path:
    """The build chroot with Python and the project's packages, made or reused."""
    started = time.monotonic()
    tree = build_tree()
    packages(tree)
    say(f"build chroot ready: {tree} ({time.monotonic() - started:.0f} s)")
    return tree


# The working tree as it is now (uncommitted changes too), without what is built or cached.
SOURCE_IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "__pycache__", "*.pyc", ".*_cache", ".hypothesis"
)


def copy_sources(tree: Path) -> str:
    """The project's files into /src of ``tree`` (replacing an earlier copy)."""
    target = tree / "src"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO, target, ignore=SOURCE_IGNORED, symlinks=True)
    return "/src"


def freeze(dist: Path) -> Path:
    """The frozen folder made in the chroot, copied to ``dist``/nianbao-zhushou."""
    tree = ready()
    source = copy_sources(tree)
    out = tree / "out"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    with mounted(tree, caches()):
        in_tree(
            tree,
            [
                f"{VENV}/bin/python",
                f"{source}/packaging/build.py",
                "freeze",
                "--dist",
                "/out/dist",
                "--work",
                "/out/work",
            ],
            cwd=source,
        )
    frozen = [p for p in (out / "dist").iterdir() if p.is_dir()]
    if len(frozen) != 1:
        raise SystemExit(f"chroot 中的冻结结果不是一个文件夹：{frozen}")
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / frozen[0].name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(frozen[0], target, symlinks=True)
    shutil.copy(out / "work" / "nianbao" / "left-out.txt", dist / "left-out.txt")
    return target


def run_tests(paths: Sequence[str], *, timeout: float | None = None) -> int:
    """pytest on ``paths`` (relative to the repository) inside the build chroot, offscreen, on
    the Python and PySide6 built there; its exit status."""
    tree = ready()
    source = copy_sources(tree)
    with mounted(tree, caches()):
        result = in_tree(
            tree,
            [
                f"{VENV}/bin/python",
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-m",
                "not slow",
                *paths,
            ],
            cwd=source,
            env={"QT_QPA_PLATFORM": "offscreen"},
            check=False,
            timeout=timeout,
        )
    return result.returncode
