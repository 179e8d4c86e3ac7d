"""The .deb for 信创 desktops (统信UOS 20: glibc 2.28; 麒麟 V10: glibc 2.31), built by
``packaging/build.py linux`` in a Debian 11 chroot and installed with apt into a clean one.

Slow: the first run makes the chroot and compiles Python 3.11 (build/bullseye/, kept for the next
run).  Needs root, debootstrap (.ci/run installs it) and the Debian archive; skipped otherwise.
Nothing on this machine changes: everything happens in trees under build/bullseye/, whose mounts
exist only while a command runs in them.

    QT_QPA_PLATFORM=offscreen uv run pytest tests/test_deb_bullseye.py -m slow -q
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.app import APP_ID, VERSION

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
BUILD = PACKAGING / "build.py"
SAMPLE = REPO / "resources" / "samples" / "qiaokou-2024.gknb"

sys.path.insert(0, str(PACKAGING))
import chroot_build  # noqa: E402

BUILD_TIMEOUT = 45 * 60
TEST_TIMEOUT = 20 * 60
APT_TIMEOUT = 15 * 60
RUN_TIMEOUT = 180

# The Qt-free and the reading/writing tests, on the Python 3.11 and PySide6 6.9.3 of the chroot.
SUITE = (
    "tests/test_checks.py",
    "tests/test_dates.py",
    "tests/test_values.py",
    "tests/test_format.py",
    "tests/test_agency.py",
    "tests/test_titles.py",
    "tests/test_years.py",
    "tests/test_merge.py",
    "tests/test_narrative.py",
    "tests/test_project_file.py",
    "tests/test_file_kinds.py",
    "tests/test_document_text.py",
    "tests/test_docx_import.py",
    "tests/test_docx_export.py",
    "tests/test_xlsx.py",
    "tests/test_cli.py",
    "tests/test_models_no_qt.py",
    "tests/test_html_reader.py",
    "tests/test_pdf_reader.py",
)


def _why_not() -> str | None:
    if not sys.platform.startswith("linux"):
        return "Linux only"
    if os.geteuid() != 0:
        return "needs root (debootstrap, chroot, mount)"
    for tool in ("debootstrap", "chroot", "dpkg-deb", "objdump", "uv"):
        if shutil.which(tool) is None:
            return f"{tool} is missing"
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True)
    if arch.stdout.strip() != "amd64":
        return "the Debian 11 build is amd64 only"
    return None


if _why_not():
    pytest.skip(str(_why_not()), allow_module_level=True)


def run(
    command: list[object], *, timeout: float, check: bool = True
) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, errors="replace", timeout=timeout
    )
    took = time.monotonic() - started
    print(f"$ {' '.join(str(c) for c in command)}  ({took:.1f} s, exit {result.returncode})")
    if check and result.returncode != 0:
        pytest.fail(
            f"{command[0]} exited {result.returncode}\n--- stdout\n{result.stdout[-6000:]}"
            f"\n--- stderr\n{result.stderr[-6000:]}"
        )
    return result


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``build.py linux``: the chroot (made or reused), the freeze there, the .deb."""
    dist = tmp_path_factory.mktemp("dist")
    out = dist / f"{APP_ID}.deb"
    started = time.monotonic()
    result = run(
        [sys.executable, BUILD, "linux", "--dist", dist, "--out", out], timeout=BUILD_TIMEOUT
    )
    print(result.stdout[-3000:])
    print(f"build.py linux: {time.monotonic() - started:.0f} s")
    assert "package:" in result.stdout and "frozen folder:" in result.stdout
    assert out.is_file()
    return out


@pytest.fixture(scope="module")
def unpacked(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("root")
    run(["dpkg-deb", "--extract", deb, root], timeout=300)
    return root


def symbol_versions(path: Path) -> tuple[set[tuple[int, ...]], set[int]]:
    """The GLIBC_ and GLIBCXX_3.4.N versions a binary asks for (its version references)."""
    text = run(["objdump", "-p", path], timeout=60).stdout
    needs = text.split("Version References:", 1)[1] if "Version References:" in text else ""
    glibc = {tuple(int(n) for n in v.split(".")) for v in re.findall(r"\bGLIBC_([\d.]+)", needs)}
    glibcxx = {int(v) for v in re.findall(r"\bGLIBCXX_3\.4\.(\d+)", needs)}
    return glibc, glibcxx


def test_every_binary_runs_on_glibc_2_28(unpacked: Path) -> None:
    """No ELF file in the package asks for more than glibc 2.28 (统信UOS 20) or the C++ runtime
    of GCC 8 (GLIBCXX_3.4.25)."""
    glibc: dict[tuple[int, ...], str] = {}
    glibcxx: dict[int, str] = {}
    count = 0
    for path in unpacked.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as file:
            if file.read(4) != b"\x7fELF":
                continue
        count += 1
        versions, cxx = symbol_versions(path)
        for version in versions:
            glibc.setdefault(version, str(path.relative_to(unpacked)))
        for cxx_version in cxx:
            glibcxx.setdefault(cxx_version, str(path.relative_to(unpacked)))
    assert count > 50
    highest = max(glibc)
    print(f"{count} ELF files; highest GLIBC_{'.'.join(map(str, highest))} ({glibc[highest]})")
    assert highest <= (2, 28), {v: f for v, f in glibc.items() if v > (2, 28)}
    if glibcxx:
        top = max(glibcxx)
        print(f"highest GLIBCXX_3.4.{top} ({glibcxx[top]})")
        assert top <= 25, {v: f for v, f in glibcxx.items() if v > 25}


def test_depends_fit_debian_10_and_11(deb: Path, unpacked: Path) -> None:
    fields = run(
        ["dpkg-deb", "--field", deb, "Package", "Version", "Architecture", "Depends"], timeout=60
    ).stdout
    arch = run(["dpkg", "--print-architecture"], timeout=60).stdout.strip()
    assert f"Package: {APP_ID}" in fields and f"Version: {VERSION}" in fields
    assert f"Architecture: {arch}" in fields
    depends = [group.strip() for group in fields.split("Depends:", 1)[1].strip().split(",")]
    assert "libc6 (>= 2.28)" in depends, depends
    assert "libgcc-s1 | libgcc1" in depends, depends
    # Debian 10 has no libxcb-util1 (only libxcb-util.so.0): the library is in the package.
    assert not [group for group in depends if "libxcb-util" in group], depends
    internal = unpacked / "opt" / APP_ID / "_internal"
    assert (internal / "libxcb-util.so.1").is_file()


def test_the_suite_runs_in_the_build_chroot(deb: Path) -> None:
    """The Qt-free and the file tests pass on the chroot's Python 3.11 and PySide6 6.9.3."""
    started = time.monotonic()
    status = chroot_build.run_tests(SUITE, timeout=TEST_TIMEOUT)
    print(f"the suite in the chroot: {time.monotonic() - started:.0f} s")
    assert status == 0


def free_display() -> int:
    """A display number no X server on this machine uses (the chroot shares the abstract
    socket namespace with the host)."""
    taken = set(re.findall(r"@/tmp/\.X11-unix/X(\d+)", Path("/proc/net/unix").read_text()))
    for number in range(300 + os.getpid() % 300, 1000):
        if str(number) not in taken and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise AssertionError("no free X display number")


@pytest.fixture
def clean_tree() -> Iterator[Path]:
    """A copy of the cached Debian 11 minbase (not the build chroot), removed after the test."""
    for stale in chroot_build.CACHE.glob("install-*"):  # left by a run that was killed
        chroot_build.remove_tree(stale)
    tree = chroot_build.copy_tree(
        chroot_build.minbase(), chroot_build.CACHE / f"install-{os.getpid()}"
    )
    try:
        yield tree
    finally:
        chroot_build.remove_tree(tree)
        assert not chroot_build.mounts_under(chroot_build.CACHE)


def test_deb_installs_and_runs_in_a_clean_debian_11(deb: Path, clean_tree: Path) -> None:
    """apt installs the .deb into a clean Debian 11 (its Depends from Debian 11's archive); the
    program passes --smoke, exports .docx, .pdf and .xlsx of the sample, and opens a real X11
    window under Xvfb (Debian 11's own)."""
    tree = clean_tree
    shutil.copy(deb, tree / "root" / deb.name)
    shutil.copy(SAMPLE, tree / "root" / "sample.gknb")
    (tree / "root" / "out").mkdir()
    env = {"NIANBAO_HOME": "/root/home", "QT_QPA_PLATFORM": "offscreen"}
    out = tree / "root" / "out"
    server: subprocess.Popen[bytes] | None = None
    with chroot_build.mounted(tree, chroot_build.caches()):
        try:
            chroot_build.in_tree(
                tree,
                [*chroot_build.APT, "install", "--no-install-recommends", f"./{deb.name}", "xvfb"],
                cwd="/root",
                timeout=APT_TIMEOUT,
            )
            program = f"/usr/bin/{APP_ID}"
            chroot_build.in_tree(tree, [program, "--smoke"], env=env, timeout=RUN_TIMEOUT)
            version = chroot_build.in_tree(
                tree, [program, "--version"], env=env, capture=True, timeout=RUN_TIMEOUT
            )
            assert VERSION in version.stdout
            for suffix in (".docx", ".pdf", ".xlsx"):
                chroot_build.in_tree(
                    tree,
                    [program, "export", "/root/sample.gknb", "-o", f"/root/out/报告{suffix}"],
                    env=env,
                    timeout=RUN_TIMEOUT,
                )
            # Read back by the installed program itself: the .docx is the whole report again.
            back = chroot_build.in_tree(
                tree,
                [program, "import", "/root/out/报告.docx", "-o", "/root/out/读回.gknb"],
                env=env,
                timeout=RUN_TIMEOUT,
            )
            assert back.returncode == 0
            checked = chroot_build.in_tree(
                tree,
                [program, "check", "/root/out/读回.gknb"],
                env=env,
                capture=True,
                timeout=RUN_TIMEOUT,
            )
            assert "没有发现问题" in checked.stdout, checked.stdout
            # The published PDF read by the installed program (PDFium from the package).
            published = chroot_build.in_tree(
                tree,
                [program, "check", "/root/out/报告.pdf"],
                env=env,
                capture=True,
                timeout=RUN_TIMEOUT,
            )
            assert "没有发现问题" in published.stdout, published.stdout

            number = free_display()
            server = subprocess.Popen(
                [
                    *("chroot", str(tree), "Xvfb", f":{number}", "-nolisten", "tcp"),
                    *("-screen", "0", "1400x1000x24"),
                ],
                env=chroot_build.ENV,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            socket = tree / "tmp" / ".X11-unix" / f"X{number}"
            for _ in range(300):
                if socket.exists() or server.poll() is not None:
                    break
                time.sleep(0.1)
            assert socket.exists(), "Xvfb did not start in the chroot"
            chroot_build.in_tree(
                tree,
                [program, "--smoke", "--real-window"],
                env={**env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}"},
                timeout=RUN_TIMEOUT,
            )
        finally:
            if server is not None:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait(timeout=30)

    # The exports, opened on this side by the libraries that read them.
    import docx
    import openpyxl

    document = docx.Document(str(out / "报告.docx"))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "硚口区行政审批局" in text and "2024" in text
    assert len(document.tables) >= 3
    cells = "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "107345" in cells.replace(",", "")

    workbook = openpyxl.load_workbook(out / "报告.xlsx")
    assert len(workbook.worksheets) >= 3
    values = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert 107345 in {cell.value for cell in values}

    pdf = (out / "报告.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    if shutil.which("pdftotext"):
        words = run(["pdftotext", "-layout", out / "报告.pdf", "-"], timeout=60).stdout
        assert "硚口区行政审批局" in words.replace(" ", "")
        assert "107345" in words.replace(",", "")
    with zipfile.ZipFile(out / "报告.docx") as archive:
        assert "word/document.xml" in archive.namelist()
