"""The way in: the start page, 使用说明, Qt's own dialogs in Chinese, the unsaved-changes prompt
naming the report, and undo that says and shows what it undoes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt, QUrl
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from models.format.format2021 import TABLE_3
from tests.conftest import ANSWERS, SAMPLE, type_text
from tests.window_parts import as_basic, menu_actions
from ui.commands.help import GUIDE, HELP_DIR, HelpWindow
from ui.form.pages import SectionPage
from ui.main_window import MainWindow, NewReportDialog
from ui.start_page import StartPage


@pytest.fixture
def start(empty_window: MainWindow) -> StartPage:
    """The window as the program starts it without a file: the start page."""
    empty_window.show_start_page()
    assert empty_window.start_page is not None
    return empty_window.start_page


def button(page: StartPage, text: str) -> QAbstractButton:
    (found,) = [b for b in page.buttons if b.text() == text]
    return found


def test_the_start_page_offers_the_ways_in(empty_window: MainWindow, start: StartPage) -> None:
    assert empty_window.stack.currentWidget() is start
    assert [b.text() for b in start.buttons] == ["新建", "从上年报告新建", "打开", "打开示例"]
    # Nothing to save, print or check while no report is open.
    assert not empty_window.problems_dock.isVisible()
    assert not empty_window.save_action.isEnabled()
    assert not empty_window.print_action.isEnabled()
    assert empty_window.windowTitle() == "年报助手"
    assert start.no_recent.isVisible()  # first start: no recent files yet, a word on the sample


def test_the_start_page_from_the_keyboard(
    empty_window: MainWindow, start: StartPage, qtbot: QtBot
) -> None:
    """Focus starts on 新建; Tab goes through the buttons in reading order; Enter presses one."""
    assert empty_window.focusWidget() is button(start, "新建")
    for _ in range(3):
        qtbot.keyClick(empty_window.focusWidget(), Qt.Key.Key_Tab)
    assert empty_window.focusWidget() is button(start, "打开示例")
    qtbot.keyClick(empty_window.focusWidget(), Qt.Key.Key_Return)
    assert empty_window.document.report.agency == "硚口区行政审批局"
    assert empty_window.stack.currentWidget() is empty_window.tabs


def test_new_asks_with_last_year_and_opens_the_form(
    empty_window: MainWindow, start: StartPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def fill(dialog: NewReportDialog) -> int:
        asked.append(dialog.year.value())
        dialog.agency.setText("某某区民政局")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    qtbot.mouseClick(button(start, "新建"), Qt.MouseButton.LeftButton)
    assert asked == [dt.date.today().year - 1]
    assert empty_window.stack.currentWidget() is empty_window.tabs
    assert empty_window.problems_dock.isVisible() and empty_window.save_action.isEnabled()
    report = empty_window.document.report
    assert (report.agency, report.year) == ("某某区民政局", dt.date.today().year - 1)


@pytest.fixture
def chosen_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A copy of the sample, which the open-file dialog answers with."""
    copy = tmp_path / "2024年报告.gknb"
    shutil.copy(SAMPLE, copy)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(copy), ""))
    )
    return copy


def test_open_and_the_sample(
    empty_window: MainWindow, start: StartPage, qtbot: QtBot, chosen_file: Path
) -> None:
    qtbot.mouseClick(button(start, "打开"), Qt.MouseButton.LeftButton)
    assert empty_window.document.path == chosen_file.resolve()
    assert empty_window.stack.currentWidget() is empty_window.tabs
    # 文件 › 关闭报告 goes back to the start page; 打开示例 from there.
    empty_window.close_report_action.trigger()
    assert empty_window.stack.currentWidget() is start
    qtbot.mouseClick(button(start, "打开示例"), Qt.MouseButton.LeftButton)
    assert empty_window.document.report.agency == "硚口区行政审批局"
    assert empty_window.document.path is None


def test_new_from_last_years_report(
    empty_window: MainWindow, start: StartPage, qtbot: QtBot, chosen_file: Path
) -> None:
    qtbot.mouseClick(button(start, "从上年报告新建"), Qt.MouseButton.LeftButton)
    for dialog in empty_window.findChildren(QMessageBox):  # the note of what was carried over
        dialog.close()
    report = empty_window.document.report
    assert (report.agency, report.year) == ("硚口区行政审批局", 2025)
    assert empty_window.stack.currentWidget() is empty_window.tabs


def test_recent_files_show_agency_year_and_date(
    empty_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    mine = tmp_path / "我的报告.gknb"
    shutil.copy(SAMPLE, mine)
    gone = tmp_path / "已删除.gknb"
    shutil.copy(SAMPLE, gone)
    for path in (gone, mine):
        empty_window.open_path(path, ask=False)
    gone.unlink()
    empty_window.show_start_page()
    start = empty_window.start_page
    assert start is not None and not start.no_recent.isVisible()
    # Read once the page has been painted.
    qtbot.waitUntil(lambda: "硚口区行政审批局" in start.recent_buttons[0].text())
    first, second = start.recent_buttons
    assert first.text() == "硚口区行政审批局　2024 年度"
    assert "落款日期 2025-01-07" in first.description()
    assert f"保存于 {dt.date.today():%Y-%m-%d}" in first.description()
    assert first.isEnabled()
    assert second.text() == "已删除.gknb" and not second.isEnabled()
    assert "文件已不在原处" in second.description()
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert empty_window.document.path == mine.resolve()
    assert empty_window.stack.currentWidget() is empty_window.tabs


# --- 使用说明 -----------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img" and values.get("src"):
            self.images.append(str(values["src"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))


def test_the_guide_opens_offline_with_its_pictures(
    empty_window: MainWindow, start: StartPage, qtbot: QtBot
) -> None:
    qtbot.mouseClick(start.help_button, Qt.MouseButton.LeftButton)
    guide = empty_window.findChild(HelpWindow)
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    for step in ("新建", "填写表格", "问题清单", "导出 Word", "打印", "汇总"):
        assert step in text
    parsed = _Links()
    parsed.feed(GUIDE.read_text("utf-8"))
    assert len(parsed.images) >= 3
    for name in parsed.images:
        picture = guide.browser.document().resource(
            QTextDocument.ResourceType.ImageResource, QUrl(name)
        )
        assert picture is not None and not picture.isNull(), name
        assert (HELP_DIR / name).stat().st_size < 100_000, f"{name}: keep the pictures small"
    # Every link stays inside the guide: nothing goes on the network.
    assert parsed.links and all(link.startswith("#") for link in parsed.links)
    empty_window.help_action.trigger()  # F1 again: the same window, not a second one
    assert len(empty_window.findChildren(HelpWindow)) == 1
    guide.close()


def test_the_help_menu_has_the_guide(empty_window: MainWindow) -> None:
    # The action held while its menu is used: PySide6 6.9 frees the menu's wrapper with it.
    help_action = empty_window.menuBar().actions()[-1]
    assert [a.text() for a in menu_actions(help_action)][:1] == ["使用说明(&H)"]
    assert empty_window.help_action.shortcut().toString() == "F1"


# --- Qt's own dialogs in Chinese --------------------------------------------------------------

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
NAMES = {"PDF", "gknb", "docx", "xlsx", "Unicode"}
"""Words that are names, not English: file kinds, Unicode."""


def visible_texts(dialog: QWidget) -> list[str]:
    """What a clerk reads in a dialog: titles, labels, buttons, tips, tabs, list headers, actions,
    and the items of its lists (but not the folder names and paths it shows)."""
    texts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QComboBox) and widget.objectName() != "lookInCombo":
            texts += [widget.itemText(i) for i in range(widget.count())]
        model = widget.model() if isinstance(widget, QAbstractItemView) else None
        if model is not None:
            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                for c in range(model.columnCount())
            ]
    for action in dialog.findChildren(QAction):
        texts += [action.text(), action.toolTip()]
    return [t for t in texts if t and not t.startswith(("/", QDir.homePath()))]


def english_words(texts: list[str]) -> set[str]:
    return {w for t in texts for w in ENGLISH_WORD.findall(t)} - NAMES


@pytest.mark.parametrize(
    "mode", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave]
)
def test_the_file_dialog_has_no_english(
    qtbot: QtBot, tmp_path: Path, mode: QFileDialog.AcceptMode
) -> None:
    (tmp_path / "子文件夹").mkdir()
    (tmp_path / "报告.gknb").write_text("{}", "utf-8")
    dialog = QFileDialog(None, "打开报告", str(tmp_path), "年报助手项目 (*.gknb)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(mode)
    qtbot.addWidget(dialog)
    for view in (QFileDialog.ViewMode.List, QFileDialog.ViewMode.Detail):
        dialog.setViewMode(view)
        dialog.show()
        qtbot.waitExposed(dialog)
        texts = visible_texts(dialog)
        assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
        assert english_words(texts) == set(), texts
    dialog.close()


@pytest.mark.parametrize("kind", [QPrintDialog, QPrintPreviewDialog])
def test_the_print_dialogs_have_no_english(
    qtbot: QtBot, kind: type[QPrintDialog] | type[QPrintPreviewDialog]
) -> None:
    printer = QPrinter()
    dialog = kind(printer)
    dialog.printer_kept = printer  # type: ignore[union-attr]  # the dialog must not outlive it
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = visible_texts(dialog)
    assert english_words(texts) == set(), texts
    dialog.close()


def test_the_text_boxes_menus_have_no_english(qtbot: QtBot) -> None:
    """The right-click menu of every line and text box (撤消, 剪切, 全选 …)."""
    line, text = QLineEdit("机关"), QPlainTextEdit("前言")
    for widget in (line, text):
        qtbot.addWidget(widget)
        menu = widget.createStandardContextMenu()
        # Each with its shortcut after a tab (全选\tCtrl+A): the keys are named as on the keyboard.
        texts = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
        assert "全选" in [t.split("(")[0] for t in texts], texts
        assert english_words(texts) == set(), texts
        menu.deleteLater()


# --- the unsaved-changes prompt and undo -------------------------------------------------------


def test_the_unsaved_changes_prompt_names_the_report(
    sample_window: MainWindow, no_blocking_dialogs: list[tuple[str, str]]
) -> None:
    agency = as_basic(sample_window.pages[0]).agency
    agency.setFocus()
    agency.end(False)
    type_text(agency, "X")
    ANSWERS["warning"] = QMessageBox.StandardButton.Cancel
    assert not sample_window.close()
    kind, text = no_blocking_dialogs[-1]
    title = sample_window.document.report.title
    assert kind == "warning"
    assert text.startswith(f"“{title}”（qiaokou-2024.gknb）有尚未保存的修改")


def test_undo_of_a_table_three_edit_names_it_and_selects_the_cell(
    sample_window: MainWindow, qtbot: QtBot
) -> None:
    window = sample_window
    cell = TABLE_3.cell("new", "natural")
    index = next(i for i, s in enumerate(window.sections) if s and s.table is TABLE_3)
    window.tabs.setCurrentIndex(index)
    page = window.page(index)
    assert isinstance(page, SectionPage) and page.table_view is not None
    view = page.table_view
    before = window.document.report.values[cell.id]
    view.setCurrentIndex(page.table_model.index_of(cell.id))
    view.setFocus()
    qtbot.keyClicks(view, "9")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.document.report.values[cell.id] == 9)
    assert window.undo_action.text() == f"撤销(&U) 输入 {cell.place}"
    # Elsewhere in the form, the clerk undoes: the table comes back with the cell selected.
    view.setCurrentIndex(page.table_model.index_of(TABLE_3.cell("carried_in", "other_org").id))
    window.tabs.setCurrentIndex(0)
    window.undo_action.trigger()
    assert window.document.report.values[cell.id] == before
    assert window.tabs.currentIndex() == index
    assert view.currentIndex() == page.table_model.index_of(cell.id)
    assert window.statusBar().currentMessage() == f"已撤销：输入 {cell.place}"
    assert window.redo_action.text() == f"重做(&R) 输入 {cell.place}"
    assert window.undo_action.text() == "撤销(&U)"


def test_undo_of_typing_shows_the_text_box(sample_window: MainWindow) -> None:
    window = sample_window
    agency = as_basic(window.pages[0]).agency
    agency.setFocus()
    agency.end(False)
    type_text(agency, "甲乙")
    assert window.undo_action.text() == "撤销(&U) 输入 机关名称"
    window.tabs.setCurrentIndex(3)
    window.undo_action.trigger()
    assert window.document.report.agency == "硚口区行政审批局"
    assert window.tabs.currentIndex() == 0
    assert window.focusWidget() is agency


# --- how the program starts ----------------------------------------------------------------


def started(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, *argv: str) -> MainWindow:
    """The window main.py starts with ``argv``, its event loop not entered."""
    from PySide6.QtWidgets import QApplication

    from ui import app

    before = set(QApplication.topLevelWidgets())
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    assert app._start_window(app.GuiArguments(argv)) == 0
    (window,) = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before
    ]
    qtbot.addWidget(window)
    qtbot.wait(1)  # the queued offer of recovery: nothing to recover in a fresh profile
    return window


def test_main_without_a_file_shows_the_start_page(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, profile: Path
) -> None:
    window = started(monkeypatch, qtbot)
    assert window.on_start_page() and window.isVisible()
    assert window._built == [None] * len(window.sections)  # no page built behind it
    assert window.start_page is not None
    qtbot.mouseClick(button(window.start_page, "打开示例"), Qt.MouseButton.LeftButton)
    assert window.problems_dock.isVisible()
    assert as_basic(window.pages[0]).agency.isVisible()
    assert as_basic(window.pages[0]).agency.text() == "硚口区行政审批局"
    window.recovery.close()


def test_main_with_a_file_opens_it(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, profile: Path
) -> None:
    window = started(monkeypatch, qtbot, str(SAMPLE))
    assert not window.on_start_page()
    assert window.document.path == SAMPLE.resolve()
    window.recovery.close()


def test_main_with_a_damaged_file_says_so_and_shows_the_start_page(
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    profile: Path,
    tmp_path: Path,
    no_blocking_dialogs: list[tuple[str, str]],
) -> None:
    broken = tmp_path / "坏文件.gknb"
    broken.write_bytes(SAMPLE.read_bytes()[:300])
    window = started(monkeypatch, qtbot, str(broken))
    assert no_blocking_dialogs[-1][0] == "critical" and "坏文件.gknb" in no_blocking_dialogs[-1][1]
    assert window.on_start_page()
    window.recovery.close()


def test_the_recent_files_are_drawn_once_behind_the_offer_of_recovery(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, profile: Path, tmp_path: Path
) -> None:
    """After a crash the program starts on the start page and offers the autosave at once: the
    recent files, read again as the page is painted, show each entry once behind the question
    (the entries listed before they were read were left drawn under them)."""
    from PySide6.QtWidgets import QCommandLinkButton

    from models import project_file
    from ui import recovery
    from ui.settings import settings

    mine = tmp_path / "我的报告.gknb"
    shutil.copy(SAMPLE, mine)
    store = settings()
    store.setValue("recent_files", [str(mine)])
    store.sync()
    # What a program that did not close normally leaves behind: an autosave, no lock held.
    folder = recovery.recovery_folder()
    project_file.save(project_file.load(SAMPLE), folder / f"crashed{project_file.EXTENSION}")
    seen: list[list[str]] = []

    def look(box: QMessageBox) -> int:
        window = box.parentWidget()
        assert isinstance(window, MainWindow) and window.start_page is not None
        page = window.start_page
        qtbot.wait(20)  # the question's own event loop runs: the page is laid out and drawn
        drawn = [
            b.text()
            for b in page.findChildren(QCommandLinkButton)
            if b.isVisible() and b not in page.buttons
        ]
        seen.append(drawn)
        return 0  # 以后再说

    monkeypatch.setattr(QMessageBox, "exec", look)
    window = started(monkeypatch, qtbot)
    assert seen == [["硚口区行政审批局　2024 年度"]]
    window.recovery.close()
