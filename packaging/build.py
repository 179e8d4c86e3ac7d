"""Build the frozen program and the installers.

    uv run packaging/build.py windows   on Windows: freeze + NSIS installer → dist/*-setup.exe
    uv run packaging/build.py linux     on Linux: freeze in a Debian 11 chroot + .deb → dist/*.deb
                                        (glibc 2.28: 统信UOS 20, 麒麟 V10; as root, needs
                                        debootstrap; packaging/chroot_build.py; cached in
                                        build/bullseye/).  --host freezes on this machine
                                        instead (the .deb then needs this machine's glibc)

    uv run packaging/build.py freeze    the one-folder program → dist/nianbao-zhushou/
    uv run packaging/build.py nsis      the Windows installer around a frozen folder (makensis
                                        from NSIS also runs on Linux: Debian's nsis package)
    uv run packaging/build.py deb       the .deb around a Linux frozen folder (dpkg-deb)
    uv run packaging/build.py icon      redraw resources/icons/ (packaging/make_icon.py)
    uv run packaging/build.py check-tag TAG
                                        a release's tag must be v + the version in pyproject.toml

Every step prints what it made and its size.  The Windows installer has a budget of 60 MB: a
larger one is an error.  ``--dist`` and ``--out`` put the results elsewhere (the tests use them).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
sys.path[:0] = [str(REPO), str(PACKAGING)]

from winversion import version_tuple  # noqa: E402

from models.app import APP_FULL_NAME, APP_ID, APP_NAME, VERSION  # noqa: E402
from models.running import RUNNING_MUTEX  # noqa: E402

SPEC = PACKAGING / "nianbao.spec"
NSI = PACKAGING / "installer.nsi"
LINUX_FILES = PACKAGING / "linux"
ICONS = REPO / "resources" / "icons"
DIST = REPO / "dist"
WORK = REPO / "build" / "pyinstaller"

WINDOWS_INSTALLER_BUDGET = 60 * 1000 * 1000
"""Bytes: the Windows installer must stay under 60 MB (a mail attachment, a USB stick, an OA)."""

PROGID = "NianbaoZhushou.Project"
MIME_TYPE = "application/x-nianbao-gknb"
INSTALL_PREFIX = f"/opt/{APP_ID}"

# Where the .deb's system libraries come from: the Debian package of each library the frozen
# program links but does not bring (freeze_rules.LINUX_SYSTEM_LIBRARIES).  Names as in Debian 11
# and 12, 统信UOS and 麒麟 alike; where Debian 10 (统信UOS 20's base) names it otherwise, both
# alternatives.  An unknown library is looked up with dpkg -S, else the build stops.
DEB_PACKAGE_OF = {
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "librt.so.1": "libc6",
    "libpthread.so.0": "libc6",
    "ld-linux-x86-64.so.2": "libc6",
    "libutil.so.1": "libc6",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1 | libgcc1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libcups.so.2": "libcups2",
    "libzstd.so.1": "libzstd1",
    "libpng16.so.16": "libpng16-16",
    "libz.so.1": "zlib1g",
}
GLIBC_LIBRARIES = {
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "librt.so.1",
    "libpthread.so.0",
    "ld-linux-x86-64.so.2",
    "libutil.so.1",
}
# GLIBCXX_3.4.N → the GCC release (= Debian's libstdc++6 version) that first had it.
GLIBCXX_GCC = {
    21: "5",
    22: "6",
    23: "7",
    24: "7",
    25: "8",
    26: "9",
    27: "9",
    28: "10",
    29: "11",
    30: "12",
    31: "13",
    32: "13",
    33: "14",
    34: "15",
}
# Not libraries, but what the program needs on a desktop: a Chinese font.
DEB_EXTRA_DEPENDS = "fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei"


# ----------------------------------------------------------------------------------------------
# sizes and helpers


def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder``; symlinks count as nothing."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def report(label: str, path: Path, size: int) -> None:
    count = sum(len(files) for _r, _d, files in os.walk(path)) if path.is_dir() else 1
    extra = f", {count} files" if path.is_dir() else ""
    print(f"{label}: {path}  {megabytes(size)}{extra}", flush=True)


def run(command: Sequence[str | Path], **kwargs: object) -> None:
    print("$", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, **kwargs)  # type: ignore[call-overload]


def executable_name() -> str:
    return f"{APP_ID}.exe" if sys.platform == "win32" else APP_ID


# ----------------------------------------------------------------------------------------------
# freeze


def freeze(dist: Path = DIST, work: Path = WORK) -> Path:
    """Run PyInstaller with packaging/nianbao.spec; returns dist/nianbao-zhushou/."""
    started = time.monotonic()
    dist.mkdir(parents=True, exist_ok=True)
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            dist,
            "--workpath",
            work,
            SPEC,
        ]
    )
    folder = dist / APP_ID
    program = folder / executable_name()
    if not program.is_file():
        raise SystemExit(f"PyInstaller made no {program}")
    report("frozen folder", folder, folder_size(folder))
    print(f"froze in {time.monotonic() - started:.0f} s", flush=True)
    return folder


# ----------------------------------------------------------------------------------------------
# NSIS


def find_makensis() -> str:
    found = shutil.which("makensis")
    if found:
        return found
    for guess in (
        Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")),
        Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")),
    ):
        candidate = guess / "NSIS" / "makensis.exe"
        if candidate.is_file():
            return str(candidate)
    raise SystemExit(
        "makensis not found: install NSIS (Debian: apt-get install nsis; Windows: "
        "choco install nsis)"
    )


def installer_name() -> str:
    return f"{APP_ID}-{VERSION}-win64-setup.exe"


def nsis_defines(folder: Path, out: Path) -> dict[str, str]:
    """What installer.nsi is told with -D: every name it requires, from models/app.py."""
    return {
        "APP_ID": APP_ID,
        "APP_NAME": APP_NAME,
        "APP_FULL_NAME": APP_FULL_NAME,
        "VERSION": VERSION,
        "VERSION_QUAD": ".".join(str(n) for n in version_tuple(VERSION)),
        "EXE": f"{APP_ID}.exe",
        "CLI_EXE": f"{APP_ID}-cli.exe",
        "RUNNING_MUTEX": RUNNING_MUTEX,
        "PROGID": PROGID,
        "DIST": str(folder),
        "OUTFILE": str(out),
        "ICON": str(ICONS / f"{APP_ID}.ico"),
        "ESTIMATED_SIZE_KB": str(folder_size(folder) // 1024),
    }


def sign_command() -> str:
    """What makensis runs with each file to sign: packaging/sign.py, which signs with the
    SIGN_COMMAND of the environment (the repository's secret, on tags only) and checks that the
    file came back signed.  Quoted for the shell makensis runs it in (cmd.exe or sh)."""
    if not os.environ.get("SIGN_COMMAND", "").strip():
        raise SystemExit(
            "--sign: SIGN_COMMAND is not set (the command that signs one file in place, with "
            "{file} where the file goes; see packaging/sign.py)"
        )
    return f'"{sys.executable}" "{PACKAGING / "sign.py"}"'


def nsis(
    folder: Path | None = None,
    out: Path | None = None,
    *,
    budget: bool = True,
    sign: bool = False,
) -> Path:
    """The NSIS installer around ``folder`` (a frozen folder with nianbao-zhushou.exe).

    ``sign``: makensis signs the uninstaller it embeds (!uninstfinalize) and the installer
    (!finalize) through packaging/sign.py; the workflow asks for it on tags, where it must work.
    """
    folder = (folder or DIST / APP_ID).resolve()
    out = (out or DIST / installer_name()).resolve()
    exe = f"{APP_ID}.exe"
    if not (folder / exe).is_file():
        raise SystemExit(
            f"{folder} has no {exe}: freeze on Windows first (uv run packaging/build.py freeze)"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    defines = nsis_defines(folder, out)
    if sign:
        defines["SIGN_COMMAND"] = sign_command()
    command = [find_makensis(), "-V2", "-INPUTCHARSET", "UTF8"]
    command += [f"-D{key}={value}" for key, value in defines.items()]
    command.append(str(NSI))
    run(command)
    size = out.stat().st_size
    report("installer", out, size)
    print(f"made in {time.monotonic() - started:.0f} s", flush=True)
    if budget and size >= WINDOWS_INSTALLER_BUDGET:
        raise SystemExit(
            f"the installer is {megabytes(size)}, over the budget of "
            f"{megabytes(WINDOWS_INSTALLER_BUDGET)}"
        )
    return out


# ----------------------------------------------------------------------------------------------
# .deb


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_needs(folder: Path) -> tuple[set[str], str, str]:
    """What the frozen folder needs from the system: the libraries linked but not shipped, and
    the newest GLIBC_ and GLIBCXX_ symbol versions referenced ("" when none)."""
    shipped = {path.name for path in folder.rglob("*")}
    needed: set[str] = set()
    glibc: list[tuple[int, ...]] = []
    glibcxx: list[int] = []
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file() or not is_elf(path):
            continue
        text = subprocess.run(
            ["objdump", "-p", str(path)], check=True, capture_output=True, text=True
        ).stdout
        needed.update(re.findall(r"^\s*NEEDED\s+(\S+)", text, re.MULTILINE))
        glibc += [
            tuple(int(n) for n in v.split(".")) for v in re.findall(r"\bGLIBC_([\d.]+)", text)
        ]
        glibcxx += [int(v) for v in re.findall(r"\bGLIBCXX_3\.4\.(\d+)", text)]
    newest_glibc = ".".join(str(n) for n in max(glibc)) if glibc else ""
    newest_glibcxx = GLIBCXX_GCC.get(max(glibcxx), "") if glibcxx else ""
    return needed - shipped, newest_glibc, newest_glibcxx


def debian_package_of(library: str) -> str:
    if library in DEB_PACKAGE_OF:
        return DEB_PACKAGE_OF[library]
    found = subprocess.run(["dpkg", "-S", f"*/{library}"], capture_output=True, text=True)
    if found.returncode == 0 and found.stdout:
        return found.stdout.split(":")[0].split(",")[0].strip()
    raise SystemExit(
        f"which Debian package brings {library}? Add it to DEB_PACKAGE_OF in packaging/build.py"
    )


def deb_depends(folder: Path) -> str:
    needed, glibc, gcc = elf_needs(folder)
    packages: dict[str, str] = {}
    for library in sorted(needed):
        package = debian_package_of(library)
        version = ""
        if library in GLIBC_LIBRARIES and glibc:
            version = f" (>= {glibc})"
        elif package == "libstdc++6" and gcc:
            version = f" (>= {gcc})"
        packages[package] = version or packages.get(package, "")
    depends = [f"{name}{version}" for name, version in sorted(packages.items())]
    return ", ".join([*depends, DEB_EXTRA_DEPENDS])


def deb_arch() -> str:
    """The package's architecture: this machine's, as dpkg names it (amd64, arm64 …)."""
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def deb_name() -> str:
    return f"{APP_ID}_{VERSION}_{deb_arch()}.deb"


def _normalise_modes(root: Path) -> None:
    """Files 0644, programs and libraries 0755, folders 0755, whatever the build's umask."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or path.stat().st_mode & stat.S_IXUSR or is_elf(path):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def deb(folder: Path | None = None, out: Path | None = None) -> Path:
    """The .deb around a Linux frozen folder: /opt/nianbao-zhushou, a launcher in /usr/bin, the
    .desktop entry, the .gknb MIME type and the icons."""
    folder = (folder or DIST / APP_ID).resolve()
    out = (out or DIST / deb_name()).resolve()
    if not (folder / APP_ID).is_file() or not is_elf(folder / APP_ID):
        raise SystemExit(
            f"{folder} has no Linux program {APP_ID}: run uv run packaging/build.py freeze first"
        )
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb not found (Debian's dpkg package)")
    licences_folder = folder / "_internal" / "licenses"
    if not (licences_folder / "index.json").is_file():
        raise SystemExit(
            f"{folder} carries no licences (_internal/licenses/index.json): freeze it again"
        )
    import bundle_licences

    started = time.monotonic()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nianbao-deb-") as temp:
        root = Path(temp) / "root"
        shutil.copytree(folder, root / INSTALL_PREFIX.lstrip("/"), symlinks=True)
        launcher = root / "usr" / "bin" / APP_ID
        launcher.parent.mkdir(parents=True)
        launcher.write_text(f'#!/bin/sh\nexec {INSTALL_PREFIX}/{APP_ID} "$@"\n', encoding="utf-8")
        launcher.chmod(0o755)
        applications = root / "usr" / "share" / "applications"
        applications.mkdir(parents=True)
        shutil.copy(LINUX_FILES / f"{APP_ID}.desktop", applications)
        mime = root / "usr" / "share" / "mime" / "packages"
        mime.mkdir(parents=True)
        shutil.copy(LINUX_FILES / f"{APP_ID}.xml", mime)
        for png in sorted(ICONS.glob(f"{APP_ID}-*.png")):
            size = png.stem.rsplit("-", 1)[1]
            base = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}"
            for kind, name in (("apps", APP_ID), ("mimetypes", MIME_TYPE.replace("/", "-"))):
                (base / kind).mkdir(parents=True, exist_ok=True)
                shutil.copy(png, base / kind / f"{name}.png")
        doc = root / "usr" / "share" / "doc" / APP_ID
        doc.mkdir(parents=True)
        # Every component the frozen folder carries, from the licences the freeze gathered.
        (doc / "copyright").write_text(
            bundle_licences.deb_copyright(
                licences_folder,
                install_prefix=INSTALL_PREFIX,
                title=f"{APP_NAME}（{APP_FULL_NAME}） {VERSION}",
            ),
            encoding="utf-8",
        )
        _normalise_modes(root)

        control = root / "DEBIAN"
        control.mkdir()
        installed_kb = folder_size(root) // 1024
        (control / "control").write_text(
            f"Package: {APP_ID}\n"
            f"Version: {VERSION}\n"
            f"Architecture: {deb_arch()}\n"
            f"Maintainer: {APP_NAME} <nianbao-zhushou@localhost>\n"
            f"Installed-Size: {installed_kb}\n"
            f"Depends: {deb_depends(folder)}\n"
            "Section: misc\n"
            "Priority: optional\n"
            f"Description: {APP_NAME} — {APP_FULL_NAME}\n"
            " Helps a clerk of a Chinese administrative agency fill in the annual report on\n"
            " government information disclosure (政府信息公开工作年度报告) in the official\n"
            " format, with every arithmetic slip shown as it is typed. Works offline.\n",
            encoding="utf-8",
        )
        for script in ("postinst", "postrm"):
            shutil.copy(LINUX_FILES / script, control / script)
            (control / script).chmod(0o755)
        run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", root, out],
            stdout=subprocess.DEVNULL,
        )
    report("frozen folder", folder, folder_size(folder))
    report("package", out, out.stat().st_size)
    print(f"made in {time.monotonic() - started:.0f} s", flush=True)
    return out


# ----------------------------------------------------------------------------------------------


def check_tag(tag: str) -> int:
    """0 when ``tag`` is v + the version in pyproject.toml, else 1 saying so: a release named
    otherwise than the program inside it is refused before anything is built."""
    if tag == f"v{VERSION}":
        print(f"tag {tag} matches version {VERSION}", flush=True)
        return 0
    print(
        f"the tag {tag!r} is not v{VERSION}: pyproject.toml says version {VERSION}. Tag the "
        "commit whose pyproject.toml has the version, or set the version first.",
        file=sys.stderr,
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="packaging/build.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "step", choices=("windows", "linux", "freeze", "nsis", "deb", "icon", "check-tag")
    )
    parser.add_argument("tag", nargs="?", help="check-tag: the tag of the release (v1.2.3)")
    parser.add_argument(
        "--dist",
        type=Path,
        default=DIST,
        help="where the frozen folder and the installers go (default: dist/)",
    )
    parser.add_argument("--work", type=Path, default=WORK, help="PyInstaller's work folder")
    parser.add_argument(
        "--folder",
        type=Path,
        help="nsis/deb: the frozen folder to wrap (default: DIST/nianbao-zhushou)",
    )
    parser.add_argument("--out", type=Path, help="nsis/deb: the file to make")
    parser.add_argument(
        "--host",
        action="store_true",
        help="linux: freeze on this machine instead of in the Debian 11 chroot (the .deb then "
        "needs this machine's glibc or newer)",
    )
    parser.add_argument(
        "--sign",
        action="store_true",
        help="nsis/windows: sign the installer and its uninstaller (makensis !finalize and "
        "!uninstfinalize) with the SIGN_COMMAND of the environment (packaging/sign.py)",
    )
    args = parser.parse_args(argv)
    folder = args.folder or args.dist / APP_ID

    if args.step == "check-tag":
        return check_tag(args.tag or "")
    if args.tag is not None:
        parser.error(f"{args.step} takes no TAG (only check-tag does)")
    if args.step == "icon":
        import make_icon

        return make_icon.main()
    if args.step in ("windows", "linux"):
        wanted = "win32" if args.step == "windows" else "linux"
        if not sys.platform.startswith(wanted):
            raise SystemExit(f"build the {args.step} installer on {args.step}")
        if args.step == "linux" and not args.host:
            import chroot_build

            folder = chroot_build.freeze(args.dist)
        else:
            folder = freeze(args.dist, args.work)
        if args.step == "windows":
            nsis(folder, args.out or args.dist / installer_name(), sign=args.sign)
        else:
            deb(folder, args.out or args.dist / deb_name())
    elif args.step == "freeze":
        freeze(args.dist, args.work)
    elif args.step == "nsis":
        nsis(folder, args.out or args.dist / installer_name(), sign=args.sign)
    elif args.step == "deb":
        deb(folder, args.out or args.dist / deb_name())
    return 0


if __name__ == "__main__":
    sys.exit(main())
