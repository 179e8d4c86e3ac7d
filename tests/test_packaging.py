"""Packaging: the frozen program, the NSIS installer under wine, the .deb under dpkg.

All slow (minutes, not seconds): `uv run pytest -m slow tests/test_packaging.py`.  What they need
besides the project's Python packages — makensis (nsis), wine64, dpkg-deb, objdump — is installed by
.ci/run; a test whose tool is missing is skipped with the reason.  None of them changes the machine:
the installer runs in a throw-away wine prefix, the .deb is unpacked into a temporary folder.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.app import APP_ID, APP_NAME, VERSION

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
BUILD = PACKAGING / "build.py"
SAMPLE = REPO / "resources" / "samples" / "qiaokou-2024.gknb"
LINUX = sys.platform.startswith("linux")

sys.path.insert(0, str(PACKAGING))
import freeze_rules  # noqa: E402
import winversion  # noqa: E402

_spec = importlib.util.spec_from_file_location("packaging_build", BUILD)
assert _spec is not None and _spec.loader is not None
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

FREEZE_TIMEOUT = 900
TOOL_TIMEOUT = 300
WINE_TIMEOUT = 240
RUN_TIMEOUT = 120


def run(
    command: list[object], *, timeout: float, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a command, its output kept for the failure message."""
    started = time.monotonic()
    result = subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env=env,
    )
    took = time.monotonic() - started
    print(f"$ {' '.join(str(c) for c in command)}  ({took:.1f} s, exit {result.returncode})")
    if check and result.returncode != 0:
        pytest.fail(
            f"{command[0]} exited {result.returncode}\n--- stdout\n{result.stdout[-4000:]}"
            f"\n--- stderr\n{result.stderr[-4000:]}"
        )
    return result


def run_build(
    *args: object, timeout: float = TOOL_TIMEOUT, env: dict[str, str] | None = None
) -> str:
    return run([sys.executable, BUILD, *args], timeout=timeout, env=env).stdout


def app_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", "NIANBAO_HOME": str(home)})
    return env


# ----------------------------------------------------------------------------------------------
# the rules, without building anything


def test_plugin_rules_keep_only_what_the_program_uses() -> None:
    kept = freeze_rules.plugin_kept
    assert kept("PySide6/Qt/plugins/platforms/libqxcb.so") is True
    assert kept("PySide6/Qt/plugins/platforms/libqoffscreen.so") is True
    assert kept("PySide6/plugins/platforms/qwindows.dll") is True
    assert kept("PySide6/plugins/styles/qmodernwindowsstyle.dll") is True
    assert kept("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so") is True
    assert kept("PySide6/plugins/printsupport/windowsprintersupport.dll") is True
    assert kept("PySide6/Qt/plugins/platforms/libqwayland.so") is False
    assert kept("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so") is False
    assert kept("PySide6/plugins/imageformats/qsvg.dll") is False
    assert kept("PySide6/plugins/tls/qschannelbackend.dll") is False
    assert kept("PySide6/Qt/lib/libQt6Core.so.6") is None
    assert kept("docx/templates/default.docx") is None
    assert freeze_rules.data_kept("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not freeze_rules.data_kept("PySide6/Qt/translations/qtbase_de.qm")
    assert not freeze_rules.data_kept("PySide6/translations/qt_zh_CN.qm")
    assert freeze_rules.data_kept("resources/samples/qiaokou-2024.gknb")
    assert freeze_rules.data_kept("resources/help/index.html")  # 帮助 › 使用说明, offline
    assert freeze_rules.data_kept("resources/help/start.png")
    # Every Qt catalogue the window loads is kept, so Qt's own dialogs are Chinese when frozen.
    from ui.qt_chinese import QT_CATALOGUES

    assert {f"{name}.qm" for name in QT_CATALOGUES} == freeze_rules.KEPT_TRANSLATIONS


def test_pruning_drops_what_only_dropped_plugins_link() -> None:
    links = {
        "/s/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
        "/s/libQt6Widgets.so.6": ["libQt6Gui.so.6"],
        "/s/libQt6Gui.so.6": ["libQt6Core.so.6", "libfontconfig.so.1"],
        "/s/libQt6Core.so.6": ["libicuuc.so.73"],
        "/s/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "/s/libQt6XcbQpa.so.6": ["libQt6Gui.so.6", "libxcb-cursor.so.0", "libxcb-util.so.1"],
        "/s/libqwayland.so": ["libQt6WaylandClient.so.6"],
        "/s/libQt6WaylandClient.so.6": ["libwayland-client.so.0", "libQt6Gui.so.6"],
        "/s/libqtvirtualkeyboardplugin.so": ["libQt6Quick.so.6"],
    }
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/s/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/s/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", "/s/libicuuc.so.73", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/s/libQt6XcbQpa.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", "/s/libQt6WaylandClient.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "/s/libQt6Quick.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", "/s/libqwayland.so", "BINARY"),
        (
            "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
            "/s/libqtvirtualkeyboardplugin.so",
            "BINARY",
        ),
        ("libfontconfig.so.1", "/usr/lib/libfontconfig.so.1", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libxcb-util.so.1", "/usr/lib/libxcb-util.so.1", "BINARY"),
        ("libwayland-client.so.0", "/usr/lib/libwayland-client.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
        # Loaded with ctypes by pypdfium2 (reading PDFs): nothing links it.
        ("pypdfium2_raw/libpdfium.so", "/s/libpdfium.so", "BINARY"),
    ]
    kept, dropped = freeze_rules.prune_binaries(binaries, lambda s: links.get(s, []), linux=True)
    names = {Path(dest).name for dest, _, _ in kept}
    assert names == {
        "QtWidgets.abi3.so",
        "libQt6Widgets.so.6",
        "libQt6Gui.so.6",
        "libQt6Core.so.6",
        "libicuuc.so.73",
        "libQt6XcbQpa.so.6",
        "libqxcb.so",
        "libpython3.11.so.1.0",
        "libpdfium.so",
        # Debian 10 (统信UOS 20) has only libxcb-util.so.0: bundled, not left to the system.
        "libxcb-util.so.1",
    }
    assert "PySide6/Qt/lib/libQt6Quick.so.6" in dropped
    assert "libfontconfig.so.1" in dropped  # a system library on Linux: the .deb depends on it
    kept_windows, _ = freeze_rules.prune_binaries(binaries, lambda s: links.get(s, []), linux=False)
    assert "libfontconfig.so.1" in {dest for dest, _, _ in kept_windows}

    datas = [
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
    ]
    _, datas, gone = freeze_rules.drop_dangling_symlinks(kept, datas)
    assert gone == ["libQt6Quick.so.6"]
    assert [dest for dest, _, _ in datas] == ["libQt6Gui.so.6"]


def test_windows_version_info_comes_from_models_app() -> None:
    text = winversion.version_info_text(
        version="1.2.3rc1",
        name=APP_NAME,
        description="说明",
        internal_name=APP_ID,
        exe_name=f"{APP_ID}.exe",
    )
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates it as one expression
    assert isinstance(tree.body, ast.Call)
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3rc1')" in text
    assert f"StringStruct('FileDescription', '{APP_NAME}')" in text
    assert "'080404B0'" in text
    assert winversion.version_tuple(VERSION)[:3] == tuple(int(n) for n in VERSION.split(".")[:3])


def test_the_version_is_written_once_in_pyproject() -> None:
    with (REPO / "pyproject.toml").open("rb") as file:
        assert tomllib.load(file)["project"]["version"] == VERSION
    sources = [REPO / "main.py", *PACKAGING.glob("*.py"), PACKAGING / "nianbao.spec"]
    for folder in ("models", "exporters", "ui"):
        sources += (REPO / folder).rglob("*.py")
    for source in sources:  # no second VERSION = "…" anywhere the program or its build reads
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"""\bVERSION\s*=\s*["']""", text), source


def test_icon_files_are_complete() -> None:
    icons = REPO / "resources" / "icons"
    ico = (icons / f"{APP_ID}.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        width, _h, _c, _r, _planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", ico, 6 + 16 * index
        )
        assert bits == 32 and offset + length <= len(ico)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes
    for size in (16, 32, 48, 64, 128, 256):
        assert (icons / f"{APP_ID}-{size}.png").read_bytes()[:4] == b"\x89PNG"


def test_nsis_script_gets_every_define_it_requires(tmp_path: Path) -> None:
    script = (PACKAGING / "installer.nsi").read_text(encoding="utf-8")
    required = set(re.findall(r"^!insertmacro _require (\w+)", script, re.MULTILINE))
    passed = set(build.nsis_defines(tmp_path, tmp_path / "setup.exe"))
    assert required == passed
    assert "RequestExecutionLevel user" in script
    assert '"$LOCALAPPDATA\\Programs\\${APP_ID}"' in script
    assert 'MUI_LANGUAGE "SimpChinese"' in script
    # The uninstaller never deletes the whole install folder, only what the installer put there.
    commands = [line.strip() for line in script.splitlines() if not line.strip().startswith(";")]
    assert not [line for line in commands if re.fullmatch(r'RMDir\s+/r\s+"\$INSTDIR"', line)]
    assert 'RMDir /r "$INSTDIR\\_internal"' in commands


def test_linux_desktop_and_mime_files() -> None:
    desktop = (PACKAGING / "linux" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    entries = dict(line.split("=", 1) for line in desktop.splitlines() if "=" in line)
    assert entries["Name"] == APP_NAME
    assert entries["Exec"] == f"{build.INSTALL_PREFIX}/{APP_ID} %f"
    assert entries["Icon"] == APP_ID
    assert entries["MimeType"] == f"{build.MIME_TYPE};"
    mime = (PACKAGING / "linux" / f"{APP_ID}.xml").read_text(encoding="utf-8")
    assert f'type="{build.MIME_TYPE}"' in mime and 'pattern="*.gknb"' in mime
    if shutil.which("desktop-file-validate"):
        run(["desktop-file-validate", PACKAGING / "linux" / f"{APP_ID}.desktop"], timeout=60)


# ----------------------------------------------------------------------------------------------
# the frozen program (Linux; the Windows one is built and run by .github/workflows/windows.yml)


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not LINUX:
        pytest.skip("the frozen-program tests run on Linux; Windows has its workflow")
    if shutil.which("objdump") is None:
        pytest.skip("objdump (binutils) is missing")
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("pyinstaller")
    output = run_build("freeze", "--dist", dist, "--work", work, timeout=FREEZE_TIMEOUT)
    print(output)
    folder = dist / APP_ID
    assert (folder / APP_ID).is_file()
    # What went into the Python archive, for test_frozen_folder_has_only_what_is_used.
    (toc,) = work.rglob("PYZ-00.toc")
    shutil.copy(toc, dist / "PYZ-00.toc")
    return folder


def test_frozen_folder_has_only_what_is_used(frozen: Path) -> None:
    internal = frozen / "_internal"
    qt = internal / "PySide6" / "Qt"
    plugins = {f"{p.parent.name}/{p.name}" for p in (qt / "plugins").glob("*/*")}
    assert "platforms/libqxcb.so" in plugins
    assert "platforms/libqoffscreen.so" in plugins
    assert "printsupport/libcupsprintersupport.so" in plugins
    for kind_and_file in plugins:
        kind, file = kind_and_file.split("/")
        assert freeze_rules.plugin_kept(f"PySide6/Qt/plugins/{kind}/{file}"), kind_and_file
    libraries = {p.name for p in internal.rglob("libQt6*")}
    for unused in ("Qml", "Quick", "Network", "Svg", "WaylandClient", "OpenGL", "Pdf"):
        assert f"libQt6{unused}.so.6" not in libraries
    assert {
        "libQt6Core.so.6",
        "libQt6Gui.so.6",
        "libQt6Widgets.so.6",
        "libQt6PrintSupport.so.6",
    } <= libraries
    assert [p.name for p in internal.rglob("*.qm")] == ["qtbase_zh_CN.qm"]
    assert not [p for p in frozen.rglob("*") if p.is_symlink() and not p.exists()]
    assert (internal / "resources" / "samples" / SAMPLE.name).is_file()
    assert (internal / "resources" / "icons" / f"{APP_ID}-256.png").is_file()
    assert (internal / "resources" / "help" / "index.html").is_file()
    assert (internal / "pyproject.toml").is_file()  # where models/app.py reads the version
    assert (internal / "docx" / "templates" / "default.docx").is_file()
    assert not (internal / "PySide6" / "QtNetwork.abi3.so").exists()
    # freeze_rules.EXCLUDED_MODULES: no TLS (nor OpenSSL), no asyncio, no readline, none of the
    # lxml parts python-docx and openpyxl never use.  hashlib works on the built-in hashes.
    files = {p.name.split(".")[0] for p in internal.rglob("*") if p.is_file()}
    for gone in ("_ssl", "_hashlib", "libssl", "libcrypto", "readline", "libreadline", "_asyncio"):
        assert gone not in files, gone
    for gone in ("objectify", "sax"):
        assert not list((internal / "lxml").glob(f"{gone}.*")), gone
    assert not (internal / "lxml" / "isoschematron").exists()
    # The published-report readers: lxml.html for web pages, PDFium (through pypdfium2) for PDFs.
    assert list((internal / "lxml" / "html").glob("*.so")) or "('lxml.html'," in (
        frozen.parent / "PYZ-00.toc"
    ).read_text(encoding="utf-8")
    assert (internal / "pypdfium2_raw" / "libpdfium.so").is_file()
    assert {"_sha1", "_sha256", "_md5", "_blake2"} <= files
    archived = (frozen.parent / "PYZ-00.toc").read_text(encoding="utf-8")
    for module in ("ssl", "asyncio", "readline", "lxml.objectify", "lxml.sax"):
        assert f"('{module}'," not in archived, module
    assert "('hashlib'," in archived and "('docx'," in archived
    size = build.folder_size(frozen)
    print(f"frozen folder: {size / 1e6:.1f} MB")
    assert size < 200e6


def test_frozen_program_carries_every_licence(frozen: Path) -> None:
    """licenses/ in the bundle (where 帮助 › 关于 › 开源许可 reads it): every component the
    program ships with its real texts, PyInstaller's bootloader and the system libraries copied
    from the build machine included (issue 24)."""
    from models import licences
    from tests.test_licences import SHIPPED

    folder = frozen / "_internal" / "licenses"
    shipped = {c.name: c for c in licences.shipped(folder)}
    for name, phrase in [*SHIPPED, ("PyInstaller", "bootloader")]:
        assert name in shipped, name
        assert any(phrase.lower() in t.text.lower() for t in shipped[name].texts), name
    # Each library copied from the system has its Debian package's copyright file.
    internal = frozen / "_internal"
    copied = {p.name for p in internal.glob("lib*.so*") if not p.is_symlink()}
    copied -= {p.name for p in internal.glob("libpython*")}
    debian = [c for c in shipped.values() if c.purpose.startswith("系统库")]
    named = " ".join(c.purpose for c in debian)
    assert copied and all(library in named for library in copied), (copied, named)
    assert all(c.texts[0].name == "copyright" for c in debian)
    assert (folder / "README.txt").read_text(encoding="utf-8").count("\n") > len(shipped)


def test_frozen_program_smoke(frozen: Path, tmp_path: Path) -> None:
    result = run([frozen / APP_ID, "--smoke"], timeout=RUN_TIMEOUT, env=app_env(tmp_path))
    assert result.returncode == 0
    version = run([frozen / APP_ID, "--version"], timeout=RUN_TIMEOUT, env=app_env(tmp_path))
    assert VERSION in version.stdout


@pytest.fixture
def x_display() -> Iterator[str]:
    """A display of its own (Xvfb, Debian's xvfb), ended after the test."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb (Debian's xvfb) is missing")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1400x1000x24"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_frozen_program_on_a_real_x11_window(frozen: Path, tmp_path: Path, x_display: str) -> None:
    """--smoke --real-window on X11 through the bundled xcb plugin (QT_QPA_PLATFORM=xcb: no
    fallback), so a missing plugin or library fails here, as it would on a clerk's desktop."""
    env = app_env(tmp_path)
    env.pop("WAYLAND_DISPLAY", None)
    env.update({"QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display})
    run([frozen / APP_ID, "--smoke", "--real-window"], timeout=RUN_TIMEOUT, env=env)


def test_frozen_program_imports_checks_and_merges(frozen: Path, tmp_path: Path) -> None:
    """check, import (.docx and .xlsx back to .gknb) and merge, run by the frozen program."""
    env = app_env(tmp_path / "home")
    checked = run([frozen / APP_ID, "check", SAMPLE], timeout=RUN_TIMEOUT, env=env)
    assert "没有发现问题" in checked.stdout
    projects = []
    for suffix in (".docx", ".xlsx"):
        exported = tmp_path / f"报告{suffix}"
        run([frozen / APP_ID, "export", SAMPLE, "-o", exported], timeout=RUN_TIMEOUT, env=env)
        project = tmp_path / f"读回{suffix[1:]}.gknb"
        run([frozen / APP_ID, "import", exported, "-o", project], timeout=RUN_TIMEOUT, env=env)
        again = run([frozen / APP_ID, "check", project], timeout=RUN_TIMEOUT, env=env, check=False)
        errors = [line for line in again.stdout.splitlines() if "[错误]" in line]
        if suffix == ".docx":
            assert again.returncode == 0 and "没有发现问题" in again.stdout, again.stdout
        else:  # a workbook holds the tables only: the section texts are missing, nothing else
            assert again.returncode == 1 and errors, again.stdout
            assert all("还没有内容" in line for line in errors), again.stdout
        projects.append(project)
    # Two units: the .xlsx read back, renamed as a second agency (a project file is JSON).
    second = json.loads(projects[1].read_text(encoding="utf-8"))
    second["report"]["agency"] = "硚口区另一单位"
    projects[1].write_text(json.dumps(second, ensure_ascii=False), encoding="utf-8")
    total = tmp_path / "汇总.gknb"
    merged = run(
        [frozen / APP_ID, "merge", *projects, "-o", total, "--agency", "硚口区"],
        timeout=RUN_TIMEOUT,
        env=env,
    )
    assert total.is_file() and "已保存汇总报告" in merged.stdout


def test_frozen_program_reads_published_reports_and_reviews_them(
    frozen: Path, tmp_path: Path
) -> None:
    """The forms reports are published in — the PDF (PDFium inside the folder), the web page
    (lxml.html) — read by the frozen program's check, and review over enough files that it
    reads them in its pool of worker processes (spawned from the frozen program itself)."""
    env = app_env(tmp_path / "home")
    folder = tmp_path / "各单位"
    folder.mkdir()
    pdf = folder / "报告.pdf"
    run([frozen / APP_ID, "export", SAMPLE, "-o", pdf], timeout=RUN_TIMEOUT, env=env)
    page = folder / "网页.html"
    shutil.copy(REPO / "tests" / "data" / "html" / "gov-gbk-nested.html", page)
    for published in (pdf, page):
        checked = run(
            [frozen / APP_ID, "check", published], timeout=RUN_TIMEOUT, env=env, check=False
        )
        assert checked.returncode in (0, 1) and "无法" not in checked.stdout, checked.stdout
        assert "错误" in checked.stdout or "没有发现问题" in checked.stdout
    pdf_check = run([frozen / APP_ID, "check", pdf], timeout=RUN_TIMEOUT, env=env)
    assert "没有发现问题" in pdf_check.stdout
    for number in range(18):
        shutil.copy(pdf, folder / f"单位{number:02}.pdf")
    out = tmp_path / "问题清单.xlsx"
    reviewed = run(
        [frozen / APP_ID, "review", folder, "-o", out], timeout=RUN_TIMEOUT, env=env, check=False
    )
    assert reviewed.returncode in (0, 1), reviewed.stderr
    assert "共审核 20 份报告" in reviewed.stdout and "，0 份无法读取" in reviewed.stdout
    with zipfile.ZipFile(out) as archive:
        assert "xl/workbook.xml" in archive.namelist()


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".xlsx"])
def test_frozen_program_exports_headless(frozen: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"报告{suffix}"
    env = app_env(tmp_path / "home")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    run([frozen / APP_ID, "export", SAMPLE, "-o", out], timeout=RUN_TIMEOUT, env=env)
    data = out.read_bytes()
    if suffix == ".pdf":
        assert data.startswith(b"%PDF")
    else:
        with zipfile.ZipFile(out) as archive:
            names = archive.namelist()
        assert ("word/document.xml" if suffix == ".docx" else "xl/workbook.xml") in names


def test_frozen_program_prints_utf8_into_a_pipe_on_any_locale(frozen: Path, tmp_path: Path) -> None:
    """The frozen program starts Python isolated (PYTHONIOENCODING is not read): under LANG=C and
    in a cp1252 locale — an English Windows' code page, which has no Chinese — what it prints
    into a pipe is UTF-8, never "????" (issue 24)."""
    from tests.test_console_output import cp1252_locale

    cp1252 = cp1252_locale(tmp_path / "locales")
    plain_c = {key: value for key, value in cp1252.items() if key not in ("LOCPATH", "LC_ALL")}
    plain_c["LANG"] = "C"
    for env in (plain_c, cp1252):
        env = {**env, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_HOME": str(tmp_path / "home")}
        checked = subprocess.run(
            [frozen / APP_ID, "check", SAMPLE], env=env, capture_output=True, timeout=RUN_TIMEOUT
        )
        assert checked.returncode == 0, checked.stderr
        assert "没有发现问题" in checked.stdout.decode("utf-8"), checked.stdout
        version = subprocess.run(
            [frozen / APP_ID, "--version"], env=env, capture_output=True, timeout=RUN_TIMEOUT
        )
        assert version.stdout.decode("utf-8").startswith(APP_NAME)
        wrong = subprocess.run(
            [frozen / APP_ID, "check", tmp_path / "无此文件.gknb"],
            env=env,
            capture_output=True,
            timeout=RUN_TIMEOUT,
        )
        assert wrong.returncode == 2 and "找不到" in wrong.stderr.decode("utf-8"), wrong.stderr


# ----------------------------------------------------------------------------------------------
# the Windows installer, under wine


def find_wine() -> tuple[str, str] | None:
    candidates = [("/usr/lib/wine/wine64", "/usr/lib/wine/wineserver64")]
    for wine, server in (("wine64", "wineserver"), ("wine", "wineserver")):
        if shutil.which(wine) and shutil.which(server):
            candidates.append((str(shutil.which(wine)), str(shutil.which(server))))
    for wine, server in candidates:
        if Path(wine).is_file() and Path(server).is_file():
            return wine, server
    return None


def stand_in_folder(root: Path) -> Path:
    """A frozen folder's shape with real files: a stand-in program (a small Windows program of
    wine's own, never run), the resources, and a file with a Chinese name in a nested folder."""
    folder = root / APP_ID
    internal = folder / "_internal"
    shutil.copytree(REPO / "resources", internal / "resources")
    (internal / "说明").mkdir()
    (internal / "说明" / "使用说明.txt").write_text("年报助手\n", encoding="utf-8")
    for program in (folder / f"{APP_ID}.exe", folder / f"{APP_ID}-cli.exe"):
        for guess in (
            "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/hostname.exe",
            "/usr/lib/wine/x86_64-windows/hostname.exe",
        ):
            if Path(guess).is_file():
                shutil.copy(guess, program)
                break
        else:
            program.write_bytes(b"MZ" + bytes(510))
    return folder


MUTEX_HOLDER = """Unicode true
Target x86-unicode
OutFile "{out}"
SilentInstall silent
RequestExecutionLevel user
Section
  System::Call 'kernel32::CreateMutexW(p 0, i 0, w "{mutex}") p .r0'
  FileOpen $1 "$EXEDIR\\holding" w
  FileClose $1
  Sleep 120000
SectionEnd
"""


def mutex_holder(folder: Path) -> Path:
    """A Windows program standing in for a running 年报助手: it holds the program's named mutex
    (models/running.py's RUNNING_MUTEX, made as the program does) and writes ``holding`` beside
    itself."""
    from models.running import RUNNING_MUTEX

    folder.mkdir()
    script = folder / "holder.nsi"
    out = folder / "holder.exe"
    script.write_text(MUTEX_HOLDER.format(out=out, mutex=RUNNING_MUTEX), encoding="utf-8")
    run(["makensis", "-V1", "-INPUTCHARSET", "UTF8", script], timeout=TOOL_TIMEOUT)
    return out


def pe_machine(path: Path) -> int:
    """The COFF machine field of a Windows program: 0x14C i386, 0x8664 x86-64."""
    data = path.read_bytes()
    (offset,) = struct.unpack_from("<I", data, 0x3C)
    assert data[offset : offset + 4] == b"PE\0\0"
    return int(struct.unpack_from("<H", data, offset + 4)[0])


def read_wine_registry(path: Path) -> dict[str, dict[str, object]]:
    """A wine hive file (user.reg) as {key (lower case): {value name: value}}; "@" is the
    default value.  Strings and dwords are decoded, anything else is kept as its text."""
    keys: dict[str, dict[str, object]] = {}
    current: dict[str, object] | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("["):
            name = line[1 : line.rindex("]")]
            current = keys.setdefault(unescape(name).lower(), {})
        elif current is not None and (line.startswith('"') or line.startswith("@")):
            if line.startswith("@"):
                name, rest = "@", line[2:]
            else:
                end = _string_end(line, 1)
                name, rest = unescape(line[1:end]), line[end + 2 :]
            if rest.startswith('"'):
                current[name] = unescape(rest[1 : _string_end(rest, 1)])
            elif rest.startswith("dword:"):
                current[name] = int(rest[6:], 16)
            else:
                current[name] = rest
    return keys


def _string_end(text: str, start: int) -> int:
    index = start
    while text[index] != '"':
        index += 2 if text[index] == "\\" else 1
    return index


def unescape(text: str) -> str:
    out: list[str] = []
    index = 0
    simple = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t", "0": "\0"}
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following == "x":
                digits = re.match(r"[0-9a-fA-F]{1,4}", text[index + 2 :])
                assert digits, text
                out.append(chr(int(digits.group(0), 16)))
                index += 2 + len(digits.group(0))
                continue
            out.append(simple.get(following, following))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def test_nsis_signs_the_uninstaller_and_the_installer(tmp_path: Path) -> None:
    """build.py nsis --sign: makensis runs packaging/sign.py, and through it the configured
    SIGN_COMMAND, on the uninstaller it embeds (!uninstfinalize), then on the installer
    (!finalize); the installer comes out signed.  Without --sign nothing is signed; with --sign
    and no SIGN_COMMAND nothing is built."""
    if shutil.which("makensis") is None:
        pytest.skip("makensis (Debian's nsis) is missing")
    from tests.test_release import sign, stand_in_signer

    folder = stand_in_folder(tmp_path / "dist")
    command, signed = stand_in_signer(tmp_path / "signer")
    env = {key: value for key, value in os.environ.items() if key != "SIGN_COMMAND"}
    setup = tmp_path / "setup.exe"
    run_build(
        "nsis", "--folder", folder, "--out", setup, "--sign", env={**env, "SIGN_COMMAND": command}
    )
    uninstaller, installer = signed.read_text(encoding="utf-8").splitlines()
    assert Path(installer) == setup and Path(uninstaller) != setup
    assert sign.has_signature(setup)
    signed.unlink()
    run_build("nsis", "--folder", folder, "--out", setup, env=env)
    assert not signed.exists() and not sign.has_signature(setup)
    setup.unlink()
    refused = run(
        [sys.executable, BUILD, "nsis", "--folder", folder, "--out", setup, "--sign"],
        timeout=TOOL_TIMEOUT,
        env=env,
        check=False,
    )
    assert refused.returncode != 0 and "SIGN_COMMAND is not set" in refused.stderr
    assert not setup.exists()


def test_nsis_installer_installs_and_uninstalls_under_wine(tmp_path: Path) -> None:
    if shutil.which("makensis") is None:
        pytest.skip("makensis (Debian's nsis) is missing")
    wine_tools = find_wine()
    if wine_tools is None:
        pytest.skip("wine64 is missing")
    wine, wineserver = wine_tools
    if not Path("/usr/lib/wine/wine").is_file() and shutil.which("wine") is None:
        pytest.skip("wine32 is missing: the installer is a 32-bit program (x86-unicode)")

    setup = tmp_path / "setup.exe"
    folder = stand_in_folder(tmp_path / "dist")
    output = run_build("nsis", "--folder", folder, "--out", setup)
    assert "installer:" in output and setup.stat().st_size > 100_000
    # The official Windows NSIS has only x86 stubs: the installer (and its uninstaller) is i386.
    assert pe_machine(setup) == 0x14C
    holder = mutex_holder(tmp_path / "holder")

    home = tmp_path / "home"
    for name in ("Desktop", "Documents"):
        (home / name).mkdir(parents=True)
    prefix = tmp_path / "prefix"
    env = {
        key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    env.update(
        {
            "HOME": str(home),  # wine links the prefix's Desktop and Documents to $HOME's
            "WINEPREFIX": str(prefix),
            "WINEARCH": "win64",
            "WINEDEBUG": "-all",
            # No Mono/Gecko download prompts, no .desktop files for the shortcuts in $HOME.
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
            "LANG": "C.UTF-8",
        }
    )

    def wine_run(*args: object) -> subprocess.CompletedProcess[str]:
        result = run([wine, *args], timeout=WINE_TIMEOUT, env=env, check=False)
        run([wineserver, "-w"], timeout=WINE_TIMEOUT, env=env)  # every process done, hive saved
        return result

    def while_running(*runs: tuple[object, ...]) -> list[int]:
        """Exit codes of ``runs`` while the stand-in program holds the mutex; then it is ended."""
        holding = holder.parent / "holding"
        holding.unlink(missing_ok=True)
        process = subprocess.Popen([wine, holder], env=env)
        try:
            for _ in range(600):
                if holding.exists():
                    break
                time.sleep(0.1)
            assert holding.exists(), "the stand-in program never started"
            return [
                run([wine, *args], timeout=WINE_TIMEOUT, env=env, check=False).returncode
                for args in runs
            ]
        finally:
            run([wineserver, "-k"], timeout=WINE_TIMEOUT, env=env, check=False)
            process.wait(timeout=60)

    try:
        boot = wine_run("wineboot", "-i")
        assert boot.returncode == 0, boot.stderr
        users = [
            p
            for p in (prefix / "drive_c" / "users").iterdir()
            if p.name not in ("Public", "Default")
        ]
        assert len(users) == 1, users
        user = users[0]
        installed = user / "AppData" / "Local" / "Programs" / APP_ID
        start_menu = (
            user
            / "AppData"
            / "Roaming"
            / "Microsoft"
            / "Windows"
            / "Start Menu"
            / "Programs"
            / f"{APP_NAME}.lnk"
        )
        desktop = user / "Desktop" / f"{APP_NAME}.lnk"
        # The clerk's report and the program's settings, which the uninstaller must leave alone.
        report = user / "Documents" / "硚口区2024年报.gknb"
        shutil.copy(SAMPLE, report)
        settings = user / "AppData" / "Local" / APP_ID / "config" / "settings.ini"
        settings.parent.mkdir(parents=True)
        settings.write_text("[recent]\n", encoding="utf-8")

        # A running program: /S stops before touching anything, with exit code 3.
        assert while_running((setup, "/S")) == [3]
        assert not installed.exists()

        # 64-bit wine runs the 32-bit installer as 64-bit Windows does (WoW64): the refusal of
        # 32-bit Windows (exit code 4) does not trigger.
        install = wine_run(setup, "/S")
        assert install.returncode == 0, install.stderr
        assert (installed / f"{APP_ID}.exe").is_file()
        assert (installed / f"{APP_ID}-cli.exe").is_file()
        assert (installed / "uninstall.exe").is_file()
        assert (installed / "_internal" / "resources" / "samples" / SAMPLE.name).is_file()
        assert (installed / "_internal" / "说明" / "使用说明.txt").read_text(
            encoding="utf-8"
        ) == "年报助手\n"
        for shortcut in (start_menu, desktop):
            data = shortcut.read_bytes()
            assert data[:4] == b"L\x00\x00\x00", shortcut  # a shell link (.lnk)
            assert f"{APP_ID}.exe".encode() in data or f"{APP_ID}.exe".encode("utf-16-le") in data

        hive = read_wine_registry(prefix / "user.reg")
        windows_exe = f"C:\\users\\{user.name}\\AppData\\Local\\Programs\\{APP_ID}\\{APP_ID}.exe"
        classes = "software\\classes"
        assert hive[f"{classes}\\.gknb"]["@"] == build.PROGID
        assert hive[f"{classes}\\{build.PROGID.lower()}"]["@"] == f"{APP_NAME}项目"
        command = hive[f"{classes}\\{build.PROGID.lower()}\\shell\\open\\command"]["@"]
        assert str(command).lower() == f'"{windows_exe}" "%1"'.lower()
        uninstall_key = f"software\\microsoft\\windows\\currentversion\\uninstall\\{APP_ID}"
        entry = hive[uninstall_key]
        assert entry["DisplayName"] == APP_NAME
        assert entry["DisplayVersion"] == VERSION
        assert str(entry["UninstallString"]).lower().endswith('\\uninstall.exe"')
        assert str(entry["QuietUninstallString"]).endswith("/S")
        assert entry["NoModify"] == 1 and int(str(entry["EstimatedSize"])) > 0

        # While the program runs, neither an upgrade nor the uninstaller (run in place with _?=,
        # so its exit code is its own) changes anything.
        windows_dir = f"C:\\users\\{user.name}\\AppData\\Local\\Programs\\{APP_ID}"
        before = sorted(p.relative_to(installed) for p in installed.rglob("*"))
        codes = while_running(
            (setup, "/S"), (installed / "uninstall.exe", "/S", f"_?={windows_dir}")
        )
        assert codes == [3, 3]
        assert sorted(p.relative_to(installed) for p in installed.rglob("*")) == before

        # An upgrade over the install: the settings and the report (the user's own folders) stay.
        (installed / "_internal" / "old-version-only.dll").write_bytes(b"old")
        upgrade = wine_run(setup, "/S")
        assert upgrade.returncode == 0, upgrade.stderr
        assert not (installed / "_internal" / "old-version-only.dll").exists()
        assert (installed / f"{APP_ID}.exe").is_file()
        assert settings.read_text(encoding="utf-8") == "[recent]\n"
        assert report.read_bytes() == SAMPLE.read_bytes()
        # A second folder would leave the first without its 应用和功能 entry: refused (6).
        other = wine_run(setup, "/S", "/D=C:\\nianbao-elsewhere")
        assert other.returncode == 6
        assert not (prefix / "drive_c" / "nianbao-elsewhere").exists()

        uninstall = wine_run(installed / "uninstall.exe", "/S")
        assert uninstall.returncode == 0, uninstall.stderr
        assert not installed.exists()
        assert not start_menu.exists() and not desktop.exists()
        hive = read_wine_registry(prefix / "user.reg")
        assert f"{classes}\\{build.PROGID.lower()}" not in hive
        assert "@" not in hive.get(f"{classes}\\.gknb", {})
        assert uninstall_key not in hive
        assert f"software\\{APP_ID}" not in hive
        assert report.read_bytes() == SAMPLE.read_bytes()
        assert settings.read_text(encoding="utf-8") == "[recent]\n"
    finally:
        subprocess.run([wineserver, "-k"], env=env, timeout=60, check=False, capture_output=True)


# ----------------------------------------------------------------------------------------------
# the .deb


def installed_version(package: str) -> str | None:
    """The version of ``package`` installed on this machine, None when it is not (read-only)."""
    found = subprocess.run(
        [
            "dpkg-query",
            "--show",
            "--showformat",
            "${Architecture} ${db:Status-Status} ${Version}\n",
            package,
        ],
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        return None
    # A multiarch machine (wine32 brings i386) lists a library once per architecture: the .deb's
    # Depends are about this machine's own (or arch-independent packages).
    native = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    for line in found.stdout.splitlines():
        architecture, status, version = [*line.split(" ", 2), "", ""][:3]
        if architecture in (native, "all") and status == "installed":
            return version
    return None


def satisfied(relation: str) -> bool:
    """Whether one Depends alternative, ``name`` or ``name (op version)``, holds on this machine."""
    match = re.fullmatch(r"([a-z0-9][a-z0-9+.-]*)(?:\s*\((<<|<=|=|>=|>>)\s*(\S+)\))?", relation)
    assert match, relation
    name, operator, wanted = match.groups()
    version = installed_version(name)
    if version is None or operator is None:
        return version is not None
    words = {"<<": "lt", "<=": "le", "=": "eq", ">=": "ge", ">>": "gt"}
    compare = ["dpkg", "--compare-versions", version, words[operator], wanted]
    return subprocess.run(compare, capture_output=True).returncode == 0


def test_deb_unpacks_and_runs(frozen: Path, tmp_path: Path) -> None:
    """The .deb as dpkg would install it, without installing it: its fields, its files and their
    owners and modes, Depends met on this Debian machine, the maintainer scripts, and the program
    in the unpacked tree (through the /usr/bin launcher) passing --smoke.  Nothing on the machine
    changes: the package is unpacked into a temporary folder."""
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is missing")
    deb = tmp_path / build.deb_name()
    print(run_build("deb", "--folder", frozen, "--out", deb, timeout=FREEZE_TIMEOUT))
    info = run(
        ["dpkg-deb", "--field", deb, "Package", "Version", "Architecture", "Depends"], timeout=60
    ).stdout
    assert f"Package: {APP_ID}" in info and f"Version: {VERSION}" in info
    assert "libc6 (>= 2." in info and "libxcb-cursor0" in info and "fonts-noto-cjk" in info
    listing = run(["dpkg-deb", "--contents", deb], timeout=60).stdout
    for path in (
        f"./opt/{APP_ID}/{APP_ID}",
        f"./usr/bin/{APP_ID}",
        f"./usr/share/applications/{APP_ID}.desktop",
        f"./usr/share/mime/packages/{APP_ID}.xml",
        f"./usr/share/icons/hicolor/256x256/apps/{APP_ID}.png",
        "./usr/share/icons/hicolor/48x48/mimetypes/application-x-nianbao-gknb.png",
    ):
        assert re.search(rf"^-\S+ root/root .* {re.escape(path)}$", listing, re.MULTILINE), path

    # What dpkg -i would refuse: a Depends this Debian machine (the CI image, with .ci/run's
    # packages) does not meet.  Each group of alternatives needs one installed, at its version.
    depends = run(["dpkg-deb", "--field", deb, "Depends"], timeout=60).stdout.strip()
    for group in depends.split(","):
        alternatives = [a.strip() for a in group.split("|")]
        assert any(satisfied(a) for a in alternatives), f"Depends not met here: {group.strip()}"

    # The copyright file names every component the program carries, PDFium among them, and
    # the texts are in the package where it says.
    from models import licences

    copyright_text = run(
        ["sh", "-c", f"dpkg-deb --fsys-tarfile {deb} | tar -xO ./usr/share/doc/{APP_ID}/copyright"],
        timeout=60,
    ).stdout
    for component in licences.shipped(frozen / "_internal" / "licenses"):
        assert f"Component: {component.title}\n" in copyright_text, component.title
        assert f"./opt/{APP_ID}/_internal/licenses/{component.folder}/" in listing
    assert "Component: PDFium " in copyright_text

    # The maintainer scripts: present, executable, valid sh, and what they are for.
    control = tmp_path / "control"
    run(["dpkg-deb", "--control", deb, control], timeout=60)
    for script in ("postinst", "postrm"):
        assert os.access(control / script, os.X_OK), script
        run(["sh", "-n", control / script], timeout=60)
        assert "update-mime-database" in (control / script).read_text(encoding="utf-8")

    root = tmp_path / "root"
    run(["dpkg-deb", "--extract", deb, root], timeout=TOOL_TIMEOUT)
    opt = root / build.INSTALL_PREFIX.lstrip("/")
    assert (opt / APP_ID).is_file() and os.access(opt / APP_ID, os.X_OK)
    launcher = root / "usr" / "bin" / APP_ID
    assert os.access(launcher, os.X_OK)
    # The launcher, with the unpacked tree standing in for /opt: it runs the program, arguments
    # passed on.
    text = launcher.read_text(encoding="utf-8")
    assert f"{build.INSTALL_PREFIX}/{APP_ID}" in text
    here = tmp_path / APP_ID
    here.write_text(text.replace(build.INSTALL_PREFIX, str(opt)), encoding="utf-8")
    env = app_env(tmp_path / "home")
    run(["sh", here, "--smoke"], timeout=RUN_TIMEOUT, env=env)
    version = run(["sh", here, "--version"], timeout=RUN_TIMEOUT, env=env)
    assert VERSION in version.stdout
    # The .gknb type the package registers is one the desktop's MIME database takes.
    if shutil.which("update-mime-database"):
        mime = root / "usr" / "share" / "mime"
        run(["update-mime-database", mime], timeout=TOOL_TIMEOUT)
        assert (mime / f"{build.MIME_TYPE}.xml").is_file()
