"""The window's files, autosave and recovery, and its command-line modes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from models import project_file
from models.app import VERSION
from tests.conftest import ANSWERS, REPO, SAMPLE, type_text
from tests.window_parts import as_basic
from ui import recovery
from ui.main_window import MainWindow, NewReportDialog


@pytest.fixture
def window(empty_window: MainWindow) -> MainWindow:
    return empty_window


def edit_agency(window: MainWindow, text: str) -> None:
    agency = as_basic(window.pages[0]).agency
    agency.setFocus()
    agency.end(False)
    type_text(agency, text)


def test_starts_with_an_empty_report(window: MainWindow) -> None:
    report = window.document.report
    assert report.agency == "" and report.year is None
    assert all(v is None for v in report.values.values())
    assert window.windowTitle().startswith("未命名报告")
    assert not window.isWindowModified()
    assert [window.tabs.tabText(i).split("（")[0] for i in range(window.tabs.count())][:2] == [
        "基本信息",
        "一、总体情况",
    ]


def test_new_asks_agency_and_year(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill(dialog: NewReportDialog) -> int:
        dialog.agency.setText("某某区民政局")
        dialog.year.setValue(2025)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    window.new_action.trigger()
    report = window.document.report
    assert (report.agency, report.year) == ("某某区民政局", 2025)
    # The usual sub-headings are offered.
    assert report.sections["problems"].parts[0].heading == "上年度存在的问题及改进情况"
    assert window.windowTitle().startswith("某某区民政局2025年政府信息公开工作年度报告")


def test_save_reopen_and_compare(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.open_sample()
    assert window.document.path is None  # the shipped sample is never overwritten
    edit_agency(window, "（测试）")
    assert window.isWindowModified()
    target = tmp_path / "我的报告"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), FILE_FILTER))
    )
    window.save_action.trigger()
    saved = target.with_name("我的报告.gknb")
    assert saved.exists()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("我的报告.gknb")
    reopened = project_file.load(saved)
    assert reopened == window.document.report
    assert reopened.agency == "硚口区行政审批局（测试）"
    # Open it in a fresh window: the form shows what was saved.
    window.open_path(saved)
    assert as_basic(window.pages[0]).agency.text() == "硚口区行政审批局（测试）"
    assert str(saved.resolve()) == window.recent_files()[0]


FILE_FILTER = "年报助手项目 (*.gknb)"


def test_damaged_file_gives_a_message_and_keeps_the_open_report(
    window: MainWindow, no_blocking_dialogs: list[tuple[str, str]], tmp_path: Path
) -> None:
    window.open_sample()
    edit_agency(window, "X")
    broken = tmp_path / "坏文件.gknb"
    broken.write_bytes(SAMPLE.read_bytes()[:500])
    ANSWERS["warning"] = QMessageBox.StandardButton.Discard
    assert not window.open_path(broken)
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "坏文件.gknb" in text and "不完整" in text
    # What was typed is still there.
    assert window.document.report.agency == "硚口区行政审批局X"


def test_save_failure_keeps_the_edits(
    window: MainWindow, no_blocking_dialogs: list[tuple[str, str]], tmp_path: Path
) -> None:
    window.open_sample()
    edit_agency(window, "Y")
    assert not window.save_to(tmp_path / "没有这个文件夹" / "报告.gknb")
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "文件夹不存在" in text and "另存为" in text
    assert window.isWindowModified()
    assert window.document.report.agency == "硚口区行政审批局Y"


def test_closing_with_unsaved_changes_asks(
    window: MainWindow, no_blocking_dialogs: list[tuple[str, str]]
) -> None:
    edit_agency(window, "某局")
    ANSWERS["warning"] = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    assert no_blocking_dialogs[-1][0] == "warning"
    assert "尚未保存" in no_blocking_dialogs[-1][1]


def test_a_dropped_file_opens(window: MainWindow, tmp_path: Path) -> None:
    copy = tmp_path / "拖进来的.gknb"
    copy.write_bytes(SAMPLE.read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(copy))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.document.path == copy.resolve()
    assert window.document.report.agency == "硚口区行政审批局"


def test_autosave_goes_to_the_recovery_folder_not_the_clerks_file(
    window: MainWindow, tmp_path: Path, profile: Path
) -> None:
    own = tmp_path / "own.gknb"
    own.write_bytes(SAMPLE.read_bytes())
    before = own.read_bytes()
    window.open_path(own)
    edit_agency(window, "Z")
    window.autosave()
    assert own.read_bytes() == before
    autosaves = list((profile / "data" / "recovery").glob("*.gknb"))
    assert len(autosaves) == 1
    assert project_file.load(autosaves[0]).agency == "硚口区行政审批局Z"
    # Saving makes the autosave unnecessary.
    window.save_to(own)
    assert not list((profile / "data" / "recovery").glob("*.gknb"))


CRASHING_CLERK = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from ui.app import create_application
    app = create_application()
    from models.narrative.fields import FieldAddress
    from ui.main_window import MainWindow
    window = MainWindow()
    window.open_path(__import__("pathlib").Path({own!r}), ask=False)
    window.document.set_text(FieldAddress.basic("agency"), "崩溃前输入的机关")
    window.document.set_cells({{"t3.new.natural": 42}})
    window.autosave()
    os.kill(os.getpid(), signal.SIGKILL)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_after_a_crash_recovery_is_offered_with_the_edits(
    window: MainWindow,
    profile: Path,
    tmp_path: Path,
    no_blocking_dialogs: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = tmp_path / "正在填的报告.gknb"
    own.write_bytes(SAMPLE.read_bytes())
    env = {**os.environ, "NIANBAO_HOME": str(profile), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [sys.executable, "-c", CRASHING_CLERK.format(repo=str(REPO), own=str(own))],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    found = recovery.find_recoverable(own=window.recovery.id)
    assert len(found) == 1
    assert found[0].original == own.resolve()
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        restore = next(b for b in box.buttons() if b.text() == "恢复")
        box.clickedButton = lambda: restore  # type: ignore[method-assign]
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    window.offer_recovery()
    assert "上次没有正常关闭" in asked[0] and "正在填的报告.gknb" in asked[0]
    report = window.document.report
    assert report.agency == "崩溃前输入的机关"
    assert report.values["t3.new.natural"] == 42
    assert as_basic(window.pages[0]).agency.text() == "崩溃前输入的机关"
    assert window.isWindowModified()  # recovered, not yet saved
    assert window.document.path == own.resolve()
    assert own.read_bytes() == SAMPLE.read_bytes()  # the clerk's file is untouched until saving
    # Offered once: the old autosave is gone, replaced by this window's own.
    assert recovery.find_recoverable(own=window.recovery.id) == []


def test_a_running_window_autosave_is_not_offered_to_another(
    window: MainWindow, profile: Path
) -> None:
    edit_agency(window, "运行中")
    window.autosave()
    other = recovery.RecoverySession()
    try:
        assert recovery.find_recoverable(own=other.id) == []
    finally:
        other.close()


def run_main(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_HOME": str(profile)}
    env.pop("QT_QPA_PLATFORM", None)  # --smoke and --screenshots choose offscreen themselves
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_smoke_mode_exits_zero(profile: Path) -> None:
    result = run_main("--smoke", profile=profile)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_screenshots_mode_writes_a_png_per_tab(tmp_path: Path, profile: Path) -> None:
    result = run_main("--screenshots", str(tmp_path / "shots"), profile=profile)
    assert result.returncode == 0, result.stderr
    pictures = sorted((tmp_path / "shots").glob("*.png"))
    assert len(pictures) == 7 + 1  # each tab, and the start page
    assert pictures[-1].name == "start.png"
    for picture in pictures:
        image = QImage(str(picture))
        assert not image.isNull() and image.width() >= 800 and image.height() >= 600
        # Not a blank canvas: a rendered form has many different colours.
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 17)
            for y in range(0, image.height(), 17)
        }
        assert len(colours) > 8, picture.name


CLOSING_CLERK = textwrap.dedent("""
    import runpy, sys
    sys.path.insert(0, {repo!r})
    from PySide6.QtWidgets import QApplication
    from models.narrative.fields import FieldAddress
    from ui.main_window import MainWindow

    shown = MainWindow.show

    def show_then_work(window):
        shown(window)
        from PySide6.QtCore import QTimer

        def work():
            window.document.set_text(FieldAddress.basic("agency"), "关闭前保存的机关")
            window.save()
            QApplication.clipboard().setText("1\\t2")  # still on the clipboard at exit
            window.close()

        QTimer.singleShot(0, work)

    MainWindow.show = show_then_work
    sys.argv = ["main.py", {own!r}]
    sys.stdout = None  # as in the Windows build, which has no console
    runpy.run_path({main!r}, run_name="__main__")
    print("NOT REACHED", file=sys.stderr)
""")


def test_closing_the_window_leaves_everything_saved_and_released(
    profile: Path, tmp_path: Path
) -> None:
    """main.py ends the window's process without Python's clean-up pass: by then the report is
    saved, the settings are written and the autosave lock is released."""
    own = tmp_path / "报告.gknb"
    own.write_bytes(SAMPLE.read_bytes())
    env = {**os.environ, "NIANBAO_HOME": str(profile), "QT_QPA_PLATFORM": "offscreen"}
    script = CLOSING_CLERK.format(repo=str(REPO), own=str(own), main=str(REPO / "main.py"))
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "NOT REACHED" not in result.stderr and "Traceback" not in result.stderr
    assert project_file.load(own).agency == "关闭前保存的机关"
    assert str(own.resolve()) in (profile / "config" / "settings.ini").read_text("utf-8")
    assert list((profile / "data" / "recovery").iterdir()) == []


def test_start_up_does_not_load_the_document_libraries(profile: Path) -> None:
    """python-docx, openpyxl, lxml and PDFium are imported when a Word, Excel, web-page or PDF
    file is first used, and so are the window's printing, Word, Excel, 汇总 and 批量审核 actions
    (and multiprocessing, which only 批量审核 uses)."""
    code = (
        "import sys, main\n"
        "main.main(['--smoke'])\n"
        "top = {m.split('.')[0] for m in sys.modules}\n"
        "heavy = sorted(top & {'docx', 'openpyxl', 'lxml', 'pypdfium2', 'multiprocessing'})\n"
        "actions = {'print_actions', 'excel_actions', 'word_actions', 'merge_dialog',"
        " 'review_dialog'}\n"
        "heavy += sorted(set(sys.modules) & {f'ui.{name}' for name in actions})\n"
        "print('HEAVY:', heavy)\n"
    )
    env = {**os.environ, "NIANBAO_HOME": str(profile)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY: []" in result.stdout
    # main.py run as a program (its __main__ block too), as the clerk starts it.
    timed = subprocess.run(
        [sys.executable, "-X", "importtime", "main.py", "--smoke"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert timed.returncode == 0, timed.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in timed.stderr.splitlines()}
    assert "multiprocessing" not in imported and "pypdfium2" not in imported
    assert "docx" not in imported and "openpyxl" not in imported


def test_about_shows_the_version(window: MainWindow) -> None:
    from ui.commands.about import AboutDialog  # its 开源许可: tests/test_gui_about.py

    window.about_action.trigger()
    about = window.findChild(AboutDialog)
    assert isinstance(about, AboutDialog) and VERSION in about.about_text.text()


def test_qt_dialogs_speak_chinese(window: MainWindow) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "t",
        "t",
        QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Save,
    )
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts & {"取消", "保存"}, texts
    QApplication.processEvents()


def test_no_screen_gives_a_chinese_message_not_a_crash(profile: Path) -> None:
    env = {**os.environ, "NIANBAO_HOME": str(profile)}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "报告.gknb"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "没有可用的图形界面" in result.stderr and "Traceback" not in result.stderr
