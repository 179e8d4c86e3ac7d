"""The clerk on the keyboard alone (issue 22): every key goes to the widget that has the focus,
as a keyboard gives it, and nothing typed is lost.

The long run starts the window as ``main.py`` does (the start page), makes a new report with
Ctrl+N, fills 基本信息, 一 to 六 and the three tables, and saves with Ctrl+S through the save
dialog, pressing keys only on ``QApplication.focusWidget()`` — never a click, never a focus set
by the test — and then reads the saved file back and compares every value.  It runs offscreen
here and, in a subprocess, on a real X server with a window manager (tests/xserver.py) at
1280×720, where windows are activated and the focus handed out as on a clerk's desktop.

The shorter tests type right after each kind of page switch, and try Home/End, Ctrl+Tab from a
text box, Tab into and out of a table, and the focus frame.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from models import project_file
from models.format.format2021 import TABLE_2, TABLE_3, TABLE_4
from models.format.spec import GridCell, NumberKind, TableSpec
from models.report import Report, TextPart, new_report
from models.values import CellValue
from tests import xserver
from tests.window_parts import as_basic, as_section, cell_id_at
from tests.xserver import XDisplay
from ui.main_window import SAMPLE_PATH as SAMPLE
from ui.main_window import MainWindow
from ui.style import COLORS

xdisplay = xserver.xdisplay

Mod = Qt.KeyboardModifier
Key = Qt.Key
CTRL, SHIFT = Mod.ControlModifier, Mod.ShiftModifier


# --- keys to the focused widget ---------------------------------------------------------------


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def key_to_focus(key: Key, modifiers: Mod = Mod.NoModifier) -> None:
    """One key press and release on the widget that has the focus, shortcuts first, as the
    window system delivers a key."""
    widget = focused()
    assert widget is not None, "no widget has the keyboard focus"
    if key == Key.Key_Tab and modifiers & SHIFT:
        key = Key.Key_Backtab  # what X11 and Windows send for Shift+Tab
    QTest.keyClick(widget, key, modifiers)


def char_to_focus(character: str) -> None:
    """Type one character, Chinese too (QTest types only Latin-1), on the focused widget."""
    widget = focused()
    assert widget is not None, "no widget has the keyboard focus"
    if character == "\n":
        QTest.keyClick(widget, Key.Key_Return)
    elif character.isascii() and character.isprintable():
        QTest.keyClick(widget, ord(character))  # the key of the character, with its text
    else:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Key.Key_unknown, Mod.NoModifier, character)
            QApplication.sendEvent(widget, event)


def type_to_focus(text: str) -> None:
    for character in text:
        char_to_focus(character)


# --- a clerk who runs from the event loop -----------------------------------------------------


WAIT_MS = 20


@dataclass
class Step:
    what: str
    run: Callable[[], object]
    ready: Callable[[], bool] = lambda: True
    patience: float = 0.0
    """Seconds the step may wait until ``ready`` (the window system's time to show a dialog or
    give the keyboard back to a window); 0: it must be ready at once."""


class Clerk:
    """A script of keys and checks, run one step per turn of the event loop: a key that opens a
    modal dialog (新建, 另存为) returns only once the dialog closes, and the keys meant for the
    dialog are pressed meanwhile, from the dialog's own event loop."""

    def __init__(self, seconds: float = 300) -> None:
        self.steps: deque[Step] = deque()
        self.keys = 0
        self.error: str | None = None
        self.finished = False
        self.done: list[str] = []
        self._running: list[QWidget | None] = []
        """For each step still running, the modal dialog that was up when it began."""
        self._deadline = time.monotonic() + seconds
        self._waiting_since: float | None = None

    # --- the script ---------------------------------------------------------------------------

    def press(self, key: Key, modifiers: Mod = Mod.NoModifier, times: int = 1) -> None:
        name = key_name(key, modifiers)
        for _ in range(times):
            self.steps.append(Step(name, lambda: self._key(key, modifiers), _has_focus, 10))

    def type(self, text: str) -> None:
        for character in text:
            self.steps.append(
                Step(repr(character), functools.partial(self._char, character), _has_focus, 10)
            )

    def expect(self, what: str, holds: Callable[[], bool]) -> None:
        """``holds`` must be true now, after the keys before it."""

        def check() -> None:
            if not holds():
                raise AssertionError(f"expected: {what}; the focus is on {describe(focused())}")

        self.steps.append(Step(f"expect {what}", check))

    def wait_for(self, what: str, holds: Callable[[], bool], seconds: float = 20) -> None:
        self.steps.append(Step(f"wait for {what}", lambda: None, holds, seconds))

    def _key(self, key: Key, modifiers: Mod) -> None:
        self.keys += 1
        key_to_focus(key, modifiers)

    def _char(self, character: str) -> None:
        self.keys += 1
        char_to_focus(character)

    # --- running ------------------------------------------------------------------------------

    def start(self) -> None:
        QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        if self.finished:
            return
        if QGuiApplication.platformName() == "offscreen":
            _window_manager()
        modal = QApplication.activeModalWidget()
        if self._running and self._running[-1] is modal:
            # A step is still running and opened no dialog: it let the event loop turn (Qt
            # does, now and then); the next key waits for it, as a keyboard's would.
            QTimer.singleShot(WAIT_MS, self._next)
            return
        if not self.steps:
            self.finished = True
            return
        step = self.steps[0]
        now = time.monotonic()
        if now > self._deadline:
            self._fail(f"out of time at: {step.what}")
            return
        if not step.ready():
            self._waiting_since = self._waiting_since or now
            if now - self._waiting_since > step.patience:
                self._fail(f"waited in vain: {step.what}; focus on {describe(focused())}")
                return
            QTimer.singleShot(WAIT_MS, self._next)
            return
        self._waiting_since = None
        self.steps.popleft()
        QTimer.singleShot(0, self._next)  # before the step: it may run a dialog
        self._running.append(modal)
        try:
            step.run()
            self.done.append(step.what)
        except Exception:
            self._fail(f"at: {step.what}\n{traceback.format_exc()}")
        finally:
            self._running.pop()

    def _fail(self, message: str) -> None:
        recent = " ".join(self.done[-25:])
        self.error = f"{message}\nthe keys just before: {recent}"
        self.finished = True
        QTimer.singleShot(0, _close_dialogs)


def _window_manager() -> None:
    """What a desktop does and offscreen does not: when a dialog closes, the window under it is
    activated (and gets back the keyboard, at the widget the program chose).  Offscreen leaves
    no window active, which no clerk ever sees; on a real X server the window manager does it
    (test_the_keyboard_only_run_on_a_real_x_server)."""
    if QApplication.activeWindow() is not None:
        return
    top = QApplication.activeModalWidget() or next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()),
        None,
    )
    if top is not None:
        top.activateWindow()


def _has_focus() -> bool:
    return focused() is not None


def _close_dialogs() -> None:
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, QDialog):
        dialog.reject()
        QTimer.singleShot(0, _close_dialogs)


def key_name(key: Key, modifiers: Mod) -> str:
    names = [n for m, n in ((CTRL, "Ctrl"), (SHIFT, "Shift")) if modifiers & m]
    return "+".join([*names, key.name.removeprefix("Key_")])


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    text = ""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        text = widget.placeholderText()[:12]
    elif isinstance(widget, QPushButton):
        text = widget.text()
    return f"{type(widget).__name__}({text})"


# --- the report the clerk types ---------------------------------------------------------------

AGENCY = "淮安市某某局"
YEAR = 2024
BASIC = {
    "contact_office": "办公室",
    "address": "淮安市健康东路1号",
    "phone": "0517-83600000",
    "signer": "淮安市某某局办公室",
}
DATE_TYPED, DATE = "2025年1月20日", dt.date(2025, 1, 20)
PREAMBLE = "依据《条例》编制本报告。\n统计期限为2024年。"


def reading_order(table: TableSpec) -> list[GridCell]:
    """The cells to fill as the clerk sees them: row by row, left to right, totals left out."""
    cells = [g for g in table.grid_cells if g.cell is not None and not g.cell.computed]
    return sorted(cells, key=lambda g: (g.row, g.column))


def typed_values(table: TableSpec, first: int) -> list[tuple[str, str, CellValue]]:
    """What is typed in each cell to fill, in reading order: its id, the text, the value; every
    cell a number of its own, so that a value in the wrong cell shows."""
    typed: list[tuple[str, str, int | Decimal]] = []
    for n, g in enumerate(reading_order(table)):
        assert g.cell is not None
        if g.cell.kind is NumberKind.AMOUNT:
            typed.append((g.cell.id, f"{first + n}.5", Decimal(f"{first + n}.5")))
        else:
            typed.append((g.cell.id, str(first + n), first + n))
    return typed


def part_texts(key: str, count: int) -> list[str]:
    return [f"{key}第{i + 1}部分。" for i in range(count)]


def tabs_to_text(index: int, count: int) -> int:
    """Tabs from a part's heading to its text: past its enabled buttons (上移 on all parts but
    the first, 下移 on all but the last, 删除 on each)."""
    return (index > 0) + (index < count - 1) + 1 + 1


class Script:
    """The whole report typed in a new window: the keys for the clerk, and what the saved file
    must hold."""

    def __init__(self, window: MainWindow | None, clerk: Clerk, target: Path) -> None:
        self.window: MainWindow = window  # type: ignore[assignment]  # (None: no keys sent)
        self.clerk = clerk
        self.target = target
        self.expected: Report = new_report(AGENCY, YEAR)

    # --- what has the focus -------------------------------------------------------------------

    def page(self, index: int) -> Any:
        return self.window.page(index)

    def on(self, widget: Callable[[], QWidget]) -> Callable[[], bool]:
        return lambda: focused() is widget()

    def in_cell(self, index: int, cell_id: str) -> Callable[[], bool]:
        def holds() -> bool:
            view = self.page(index).table_view
            f = focused()
            if f is not view and (f is None or f.parentWidget() is not view.viewport()):
                return False
            g = view.grid_model.grid_cell(view.currentIndex())
            return g is not None and g.cell is not None and g.cell.id == cell_id

        return holds

    def on_page(self, index: int) -> None:
        self.clerk.expect(f"page {index}", lambda: self.window.tabs.currentIndex() == index)

    # --- the steps ----------------------------------------------------------------------------

    def write(self) -> None:
        self.new_report()
        self.basic()
        self.clerk.press(Key.Key_Tab, CTRL)
        self.parts(1, "overview", heading=(1, "主动公开政府信息情况"), intro="总体情况良好。")
        self.clerk.press(Key.Key_Tab, CTRL)
        self.table(2, TABLE_2, 11, intro="二的引导语。")
        self.clerk.press(Key.Key_PageDown, CTRL)
        self.table(3, TABLE_3, 101)
        self.clerk.press(Key.Key_Tab, CTRL)
        self.table(4, TABLE_4, 301)
        self.clerk.press(Key.Key_PageDown, CTRL)
        self.parts(5, "problems")
        self.clerk.press(Key.Key_Tab, CTRL)
        self.parts(6, "other", add=("其他事项", "无其他需要报告的事项。"))
        self.save()
        self.expected.values.update(self.expected.computed_totals())

    def new_report(self) -> None:
        c, w = self.clerk, self.window
        c.wait_for("the start page with the keyboard", lambda: w.isActiveWindow() and _has_focus())
        c.press(Key.Key_N, CTRL)
        c.wait_for("the 新建 dialog", lambda: _modal_named("NewReportDialog"))
        c.expect("its agency box", lambda: focused() is _modal().agency)  # type: ignore[union-attr]
        c.type(AGENCY)
        c.press(Key.Key_Tab)
        c.expect("its year box", lambda: focused() is _modal().year)  # type: ignore[union-attr]
        c.type(str(YEAR))
        c.press(Key.Key_Return)
        c.wait_for("the form with the keyboard", lambda: _modal() is None and w.isActiveWindow())

    def basic(self) -> None:
        c, basic = self.clerk, lambda: self.page(0)
        self.on_page(0)
        # 机关名称 and 年度 came from 新建: the first field to fill is 联系科室.
        for n, (name, text) in enumerate(BASIC.items()):
            if n:
                c.press(Key.Key_Tab)
            c.expect(name, self.on(functools.partial(lambda n: getattr(basic(), n), name)))
            c.type(text)
            setattr(self.expected, name, text)
        c.press(Key.Key_Tab)
        c.expect("落款日期", self.on(lambda: basic().report_date.edit))
        c.type(DATE_TYPED)
        c.press(Key.Key_Tab)
        c.expect("前言", self.on(lambda: basic().preamble))
        c.type(PREAMBLE)
        self.expected.report_date = DATE
        self.expected.preamble = PREAMBLE

    def parts(
        self,
        index: int,
        key: str,
        *,
        heading: tuple[int, str] | None = None,
        intro: str = "",
        add: tuple[str, str] | None = None,
    ) -> None:
        """A section in parts: the keyboard lands in the first part's text; the opening paragraph
        is reached with Shift+Tab; each next part with Tab, past its heading and buttons."""
        c, page = self.clerk, lambda: self.page(index)
        section = self.expected.sections[key]
        count = len(section.parts)
        self.on_page(index)
        c.expect("the first part's text", self.on(lambda: page().part_editors[0].text))
        if intro:
            # Back past the first part's buttons and heading, and forth again.
            c.press(Key.Key_Tab, SHIFT, times=tabs_to_text(0, count) + 1)
            c.expect("the opening paragraph", self.on(lambda: page().intro))
            c.type(intro)
            section.intro = intro
            c.press(Key.Key_Tab, times=tabs_to_text(0, count) + 1)
        texts = part_texts(key, count)
        for i, text in enumerate(texts):
            editor = functools.partial(lambda k: page().part_editors[k], i)
            if i:
                c.press(Key.Key_Tab)
                c.expect(
                    f"part {i + 1}'s heading",
                    self.on(functools.partial(lambda e: e().heading, editor)),
                )
                if heading is not None and heading[0] == i:
                    c.type(heading[1])  # the heading, all selected, is typed over
                    section.parts[i].heading = heading[1]
                c.press(Key.Key_Tab, times=tabs_to_text(i, count))
            c.expect(f"part {i + 1}'s text", self.on(functools.partial(lambda e: e().text, editor)))
            c.type(text)
            section.parts[i].text = text
        if add is not None:
            # ＋ 添加小标题 by the keyboard: the new part's heading has the focus.
            c.press(Key.Key_Tab)
            c.expect("添加小标题", self.on(lambda: page().add_button))
            c.press(Key.Key_Space)
            c.expect("the new part's heading", self.on(lambda: page().part_editors[count].heading))
            c.type(add[0])
            c.press(Key.Key_Tab, times=tabs_to_text(count, count + 1))
            c.expect("the new part's text", self.on(lambda: page().part_editors[count].text))
            c.type(add[1])
            section.parts.append(TextPart(*add))

    def table(self, index: int, table: TableSpec, first: int, intro: str = "") -> None:
        """A table's page: the keyboard lands on its first cell; the lead text is one Shift+Tab
        back and Tab enters the table again; each cell typed and left with Tab, and the last Tab
        leaves the table for its buttons."""
        c = self.clerk
        typed = typed_values(table, first)
        self.on_page(index)
        c.expect(f"{table.name}'s first cell", self.in_cell(index, typed[0][0]))
        if intro:
            c.press(Key.Key_Tab, SHIFT)
            c.expect(f"{table.name}'s lead text", self.on(lambda: self.page(index).intro))
            c.type(intro)
            self.expected.sections[self.page_key(table)].intro = intro
            c.press(Key.Key_Tab)
        for cell_id, text, value in typed:
            c.expect(cell_id, self.in_cell(index, cell_id))
            c.type(text)
            c.press(Key.Key_Tab)
            self.expected.values[cell_id] = value
        c.expect(
            f"out of {table.name}, on its first button",
            lambda: isinstance(focused(), QPushButton) and self.page(index).isAncestorOf(focused()),
        )

    def page_key(self, table: TableSpec) -> str:
        return next(s.key for s in self.expected.format.sections if s.table is table)

    def save(self) -> None:
        c, w = self.clerk, self.window
        c.press(Key.Key_S, CTRL)
        c.wait_for("the save dialog", lambda: _modal_named("QFileDialog"))
        c.expect("its file name box", lambda: isinstance(focused(), QLineEdit))
        c.press(Key.Key_A, CTRL)
        c.type(str(self.target))
        c.press(Key.Key_Return)
        c.wait_for("the report saved", lambda: w.document.path == self.target.resolve())
        c.wait_for("the window with the keyboard", lambda: _modal() is None and _has_focus())


def _modal() -> QWidget | None:
    return QApplication.activeModalWidget()


def _modal_named(name: str) -> bool:
    """Whether the dialog ``name`` is up and active: typed into as soon as the clerk sees it
    (before the window manager activates it, keys would go to the window behind)."""
    dialog = _modal()
    return type(dialog).__name__ == name and dialog is not None and dialog.isActiveWindow()


def widget_save_dialog(
    parent: QWidget | None, caption: str = "", folder: str = "", filters: str = "", *_: Any
) -> tuple[str, str]:
    """QFileDialog.getSaveFileName as Qt runs it where the desktop gives no dialog of its own
    (Linux without a desktop theme): Qt's own dialog, modal, typed into."""
    dialog = QFileDialog(parent, caption, folder, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.selectedFiles():
        return dialog.selectedFiles()[0], dialog.selectedNameFilter()
    return "", ""


def start_clerk(folder: Path) -> tuple[MainWindow, Clerk, Script]:
    """The window as main.py starts it without a file, and the clerk's script, started."""
    from ui.main_window import MainWindow

    window = MainWindow(start_page=True)
    window.show()
    clerk = Clerk()
    script = Script(window, clerk, folder / "淮安市某某局2024年报告.gknb")
    script.write()
    clerk.start()
    return window, clerk, script


def assert_saved(path: Path, expected: Report) -> None:
    """Every value of the saved file is the one typed (totals summed from them)."""
    saved = project_file.load(path)
    for name in ("agency", "year", *BASIC, "report_date", "preamble"):
        assert getattr(saved, name) == getattr(expected, name), name
    for key, section in expected.sections.items():
        assert saved.sections[key] == section, key
    blank = [cell_id for cell_id, value in saved.values.items() if value is None]
    assert not blank, f"cells left blank: {blank}"
    assert saved.values == expected.values


# --- the tests --------------------------------------------------------------------------------


# Typing the path in the save dialog opens its completer's list, which offscreen cannot raise
# or give the keyboard to (the X server run below has no such warning).
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_clerk_fills_and_saves_a_whole_report_from_the_keyboard_alone(
    qtbot, profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(widget_save_dialog))
    window, clerk, script = start_clerk(tmp_path)
    try:
        qtbot.waitUntil(lambda: clerk.finished, timeout=300_000)
        assert clerk.error is None, clerk.error
        assert_saved(script.target, script.expected)
        assert not window.isWindowModified()
        assert sum(len(reading_order(t)) for t in (TABLE_2, TABLE_3, TABLE_4)) == 166
        assert clerk.keys > 900  # (958: every character and every Tab, Ctrl+Tab, Ctrl+S …)
    finally:
        window.document.undo_stack.setClean()
        window.close()
        window.deleteLater()


def rect_of(rect: QRect) -> tuple[int, int, int, int]:
    """x, y, width and height (as QRect.getRect gives them, which Qt's stubs leave untyped)."""
    return rect.x(), rect.y(), rect.width(), rect.height()


KEYBOARD_RUN = (
    "from tests.test_gui_keyboard import run_on_display; raise SystemExit(run_on_display())"
)


def run_on_display() -> int:
    """The keyboard-only run in a program on a real display (``xdisplay.run_python``): prints
    what happened as JSON (the error, the keys pressed, the file saved, Qt's warnings)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from ui.app import create_application

    messages: list[str] = []

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            messages.append(message)

    qInstallMessageHandler(handler)
    app = create_application()
    folder = Path(sys.argv[1])
    window, clerk, script = start_clerk(folder)
    done = QTimer()
    done.timeout.connect(lambda: clerk.finished and app.quit())
    done.start(50)
    app.exec()
    print(
        json.dumps(
            {
                "error": clerk.error,
                "keys": clerk.keys,
                "saved": str(script.target),
                "screen": list(rect_of(window.screen().availableGeometry())),
                "messages": messages,
            },
            ensure_ascii=False,
        )
    )
    window.document.undo_stack.setClean()
    window.close()
    return 0


@pytest.mark.parametrize(
    "xdisplay",
    [
        pytest.param((1280, 720), id="1280x720"),
        # The same keys again on the narrower screen: CI's full run, not the quick loop.
        pytest.param((1024, 768), id="1024x768", marks=pytest.mark.slow),
    ],
    indirect=True,
)
def test_the_keyboard_only_run_on_a_real_x_server(xdisplay: XDisplay, tmp_path: Path) -> None:
    """The same run in a program on Xvfb with openbox at 1280×720 and 1024×768 (a 40 px
    taskbar): the window manager activates the windows and hands out the focus, as on a clerk's
    desktop.  Qt's own save dialog is the one Linux shows without a desktop theme."""
    done = xdisplay.run_python(KEYBOARD_RUN, str(tmp_path), timeout=600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, f"{done.stdout}\n{done.stderr}"
    result = json.loads(lines[-1])
    assert result["error"] is None, result["error"]
    assert result["messages"] == [], "Qt warned:\n" + "\n".join(result["messages"])
    assert result["screen"] == list(xdisplay.available)
    expected = new_report(AGENCY, YEAR)
    clerk_script_expected(expected)
    assert_saved(Path(result["saved"]), expected)


def clerk_script_expected(expected: Report) -> None:
    """What the script writes into ``expected``, built without a window (for the run elsewhere)."""

    class NoClerk(Clerk):
        def press(self, key: Key, modifiers: Mod = Mod.NoModifier, times: int = 1) -> None:
            pass

        def type(self, text: str) -> None:
            pass

        def expect(self, what: str, holds: Callable[[], bool]) -> None:
            pass

        def wait_for(self, what: str, holds: Callable[[], bool], seconds: float = 20) -> None:
            pass

    script = Script(None, NoClerk(), Path())
    script.expected = expected
    script.write()


# --- the keyboard after opening and after every page switch ---------------------------------


def cell_of(window: MainWindow) -> str:
    """The id of the cell under the table cursor of the table that has the keyboard."""
    widget = focused()
    page = window.page(window.tabs.currentIndex())
    view = getattr(page, "table_view", None)
    assert view is not None and widget is not None, describe(widget)
    assert widget is view or widget.parentWidget() is view.viewport(), describe(widget)
    return cell_id_at(view.grid_model, view.currentIndex())


def enter_number(text: str) -> None:
    type_to_focus(text)
    key_to_focus(Key.Key_Return)
    QApplication.processEvents()


def test_opening_a_report_gives_the_keyboard_to_its_first_field_to_fill(
    empty_window: MainWindow,
) -> None:
    window = empty_window
    assert focused() is as_basic(window.page(0)).agency  # a new report: 机关名称 is empty
    type_to_focus("某局")
    assert window.document.report.agency == "某局"
    # Another report opened on a table's page: its first cell, and digits typed go into it.
    key_to_focus(Key.Key_PageDown, CTRL)
    key_to_focus(Key.Key_PageDown, CTRL)
    key_to_focus(Key.Key_PageDown, CTRL)
    window.document.undo_stack.setClean()
    assert window.open_path(SAMPLE, ask=False)
    assert window.tabs.currentIndex() == 3
    assert cell_of(window) == "t3.new.natural"  # every cell filled: the first one
    enter_number("8")
    assert window.document.report.values["t3.new.natural"] == 8


def switch_by_click(qtbot, window: MainWindow) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())


def switch_by_keys(key: Key, modifiers: Mod) -> Callable[..., None]:
    def switch(qtbot, window: MainWindow) -> None:
        for _ in range(3):
            key_to_focus(key, modifiers)

    return switch


SWITCHES = {
    "a click on the tab": (switch_by_click, 3),
    "Ctrl+Tab": (switch_by_keys(Key.Key_Tab, CTRL), 3),
    "Ctrl+PgDn": (switch_by_keys(Key.Key_PageDown, CTRL), 3),
    # Back round the end: 六, 五, 四.
    "Ctrl+Shift+Tab": (switch_by_keys(Key.Key_Tab, CTRL | SHIFT), 4),
    "Ctrl+PgUp": (switch_by_keys(Key.Key_PageUp, CTRL), 4),
}


@pytest.mark.parametrize("how", SWITCHES)
def test_digits_typed_right_after_a_page_switch_fill_the_first_empty_cell(
    qtbot, empty_window: MainWindow, how: str
) -> None:
    window = empty_window
    switch, tab = SWITCHES[how]
    # Typed on 基本信息 first, as a clerk does, with the keyboard in 机关名称.
    type_to_focus("某局")
    switch(qtbot, window)
    assert window.tabs.currentIndex() == tab
    first = reading_order(TABLE_3 if tab == 3 else TABLE_4)[0].cell
    assert first is not None and cell_of(window) == first.id
    enter_number("7")
    assert window.document.report.values[first.id] == 7
    # Once cells are filled, the next switch to the page lands on the next empty one.
    window.tabs.setCurrentIndex(0)
    switch(qtbot, window)
    second = reading_order(TABLE_3 if tab == 3 else TABLE_4)[1].cell
    assert second is not None and cell_of(window) == second.id


def problems_row(window: MainWindow, start: str) -> QRect:
    """Where the finding whose message starts with ``start`` is in the problems list."""
    from ui.form.problems import FINDING_ROLE

    view, model = window.problems.view, window.problems.model
    for row in range(model.rowCount()):
        index = model.index(row, model.columnCount() - 1)
        if index.data(FINDING_ROLE).message.startswith(start):
            view.scrollTo(index)
            return view.visualRect(index)
    raise AssertionError(start)


@pytest.mark.parametrize("by", ["Enter", "double-click"])
def test_typing_right_after_a_jump_from_the_problems_list(
    qtbot, empty_window: MainWindow, by: str
) -> None:
    window = empty_window
    viewport = window.problems.view.viewport()
    for start, typed, landed in (
        ("表四尚未填写", "5", lambda: window.document.report.values["t4.cases.review_upheld"]),
        (
            "“一、总体情况”还没有内容",
            "总体",
            lambda: window.document.report.sections["overview"].intro,
        ),
    ):
        centre = problems_row(window, start).center()
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
        assert focused() is window.problems.view
        if by == "Enter":
            key_to_focus(Key.Key_Return)
        else:
            qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
        if typed.isdigit():
            assert cell_of(window) == "t4.cases.review_upheld"
            enter_number(typed)
            assert landed() == 5
        else:
            assert focused() is as_section(window.page(1)).intro
            type_to_focus(typed)
            assert landed() == typed


# --- in a table -------------------------------------------------------------------------------


def row_of_cells(table: TableSpec, cell_id: str) -> list[str]:
    """The ids of the cells to fill on the row of ``cell_id``, left to right."""
    row = next(g.row for g in reading_order(table) if g.cell and g.cell.id == cell_id)
    return [g.cell.id for g in reading_order(table) if g.row == row and g.cell]


def test_home_and_end_go_to_the_rows_cells_to_fill_and_the_digits_typed_land(
    empty_window: MainWindow,
) -> None:
    window = empty_window
    window.tabs.setCurrentIndex(3)
    assert cell_of(window) == "t3.new.natural"
    for _ in range(3):
        key_to_focus(Key.Key_Down)
    here = cell_of(window)
    row = row_of_cells(TABLE_3, here)
    key_to_focus(Key.Key_End)  # the last cell to fill: 其他, not the total beside it
    assert cell_of(window) == row[-1] and row[-1].endswith(".other_org")
    enter_number("3")
    assert window.document.report.values[row[-1]] == 3
    key_to_focus(Key.Key_Up)
    key_to_focus(Key.Key_Home)  # the first cell to fill, not the row's label under the pane
    assert cell_of(window) == row[0]
    enter_number("4")  # typed at once: nothing lost in a hidden label column
    assert window.document.report.values[row[0]] == 4
    cells = reading_order(TABLE_3)
    key_to_focus(Key.Key_End, CTRL)
    assert cells[-1].cell is not None and cell_of(window) == cells[-1].cell.id
    key_to_focus(Key.Key_Home, CTRL)
    assert cells[0].cell is not None and cell_of(window) == cells[0].cell.id
    # Page down and up land on cells to fill in the column too.
    for key in (Key.Key_PageDown, Key.Key_PageDown, Key.Key_PageUp):
        key_to_focus(key)
        assert cell_of(window).endswith(".natural")
    enter_number("6")
    assert 6 in window.document.report.values.values()


def test_tab_from_the_lead_text_enters_the_table_and_tab_from_its_last_cell_leaves_it(
    empty_window: MainWindow,
) -> None:
    window = empty_window
    window.tabs.setCurrentIndex(4)
    page = as_section(window.page(4))
    first, last = reading_order(TABLE_4)[0].cell, reading_order(TABLE_4)[-1].cell
    assert first is not None and last is not None and cell_of(window) == first.id
    key_to_focus(Key.Key_Tab, SHIFT)
    assert focused() is page.intro
    type_to_focus("复议和诉讼")
    key_to_focus(Key.Key_Tab)  # no tab character: into the table
    assert cell_of(window) == first.id
    assert window.document.report.sections["review_litigation"].intro == "复议和诉讼"
    key_to_focus(Key.Key_End, CTRL)
    type_to_focus("3")
    key_to_focus(Key.Key_Tab)  # from the editor of the last cell: entered, and out
    QApplication.processEvents()
    assert window.document.report.values[last.id] == 3
    out = focused()
    assert isinstance(out, QPushButton) and out.text() == "空白单元格填 0"
    key_to_focus(Key.Key_Tab, SHIFT)  # and back to the last cell
    assert cell_of(window) == last.id
    key_to_focus(Key.Key_Tab)  # not editing: out all the same
    assert focused() is out


def test_ctrl_tab_from_a_text_box_and_from_a_cell_being_typed_switches_page(
    empty_window: MainWindow,
) -> None:
    window = empty_window
    window.tabs.setCurrentIndex(1)
    page = as_section(window.page(1))
    assert focused() is page.part_editors[0].text
    type_to_focus("第一部分")
    key_to_focus(Key.Key_Tab, CTRL)
    assert window.tabs.currentIndex() == 2
    assert window.document.report.sections["overview"].parts[0].text == "第一部分"
    type_to_focus("12")  # the cell's editor is open …
    key_to_focus(Key.Key_Tab, CTRL)  # … and the page is left: the number is kept
    assert window.tabs.currentIndex() == 3
    assert window.document.report.values["t2.rules.issued"] == 12
    key_to_focus(Key.Key_Tab, CTRL | SHIFT)
    key_to_focus(Key.Key_Tab, CTRL | SHIFT)
    assert window.tabs.currentIndex() == 1
    assert focused() is page.part_editors[1].text  # the first part is written: the next one
    key_to_focus(Key.Key_Tab, SHIFT)  # Shift+Tab from a text box goes back, too
    assert focused() is page.part_editors[1].buttons["remove"]
    assert "\t" not in window.document.report.sections["overview"].parts[0].text


def test_the_part_buttons_keep_the_keyboard(empty_window: MainWindow) -> None:
    window = empty_window
    window.tabs.setCurrentIndex(1)
    page = as_section(window.page(1))
    parts = window.document.report.sections["overview"].parts
    second = parts[1].heading
    key_to_focus(Key.Key_Tab)
    key_to_focus(Key.Key_Tab)
    assert focused() is page.part_editors[1].buttons["up"]
    key_to_focus(Key.Key_Space)  # 上移: now the first part, which has no 上移
    assert window.document.report.sections["overview"].parts[0].heading == second
    assert focused() is page.part_editors[0].buttons["down"]
    key_to_focus(Key.Key_Space)  # 下移 back: on its 下移 still
    assert window.document.report.sections["overview"].parts[1].heading == second
    assert focused() is page.part_editors[1].buttons["down"]
    key_to_focus(Key.Key_Tab)
    key_to_focus(Key.Key_Space)  # 删除 (the text is empty: no question): the next part's heading
    assert len(window.document.report.sections["overview"].parts) == 4
    assert focused() is page.part_editors[1].heading


# --- the focus frame --------------------------------------------------------------------------


def ring_pixels(image: QImage) -> int:
    """Pixels of the focus frame's colour (within a little, for the antialiased corners)."""
    ring = COLORS.focus_frame
    found = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - ring.red())
                + abs(c.green() - ring.green())
                + abs(c.blue() - ring.blue())
                < 40
            ):
                found += 1
    return found


def around(widget: QWidget, rect: QRect | None = None, margin: int = 4) -> QImage:
    """What is drawn at ``rect`` of ``widget`` (all of it by default) and a margin around it."""
    parent = widget.parentWidget()
    assert parent is not None
    area = rect if rect is not None else widget.rect()
    shown = QRect(widget.mapTo(parent, area.topLeft()), area.size())
    return parent.grab(shown.adjusted(-margin, -margin, margin, margin)).toImage()


def test_the_focused_field_and_the_table_cell_with_the_keyboard_are_framed(
    empty_window: MainWindow,
) -> None:
    window = empty_window
    basic = as_basic(window.page(0))
    QApplication.processEvents()
    agency, year = basic.agency, basic.year
    assert focused() is agency  # (a new report)
    framed_agency = around(agency)
    key_to_focus(Key.Key_Tab)
    QApplication.processEvents()
    assert focused() is year
    plain_agency, framed_year = around(agency), around(year)
    key_to_focus(Key.Key_Tab)
    QApplication.processEvents()
    plain_year = around(year)
    for field, framed, plain in (
        (agency, framed_agency, plain_agency),
        (year, framed_year, plain_year),
    ):
        assert framed != plain  # a line edit, a spin box
        assert ring_pixels(framed) > 2 * field.width()  # all round it, not a speck
        assert ring_pixels(plain) == 0
    # The table: the current cell is ringed while the table has the keyboard, not otherwise.
    window.tabs.setCurrentIndex(4)
    page = as_section(window.page(4))
    view = page.table_view
    assert view is not None
    QApplication.processEvents()
    cell = view.visualRect(view.currentIndex())
    with_keyboard = around(view.viewport(), cell, margin=0)
    key_to_focus(Key.Key_Tab, SHIFT)
    QApplication.processEvents()
    assert focused() is page.intro
    without = around(view.viewport(), cell, margin=0)
    assert ring_pixels(with_keyboard) > cell.width() and ring_pixels(without) == 0
    assert ring_pixels(around(page.intro)) > page.intro.width()
