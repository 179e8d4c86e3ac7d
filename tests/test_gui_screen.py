"""Every window and dialog fits the screen: on a real X server with a window manager (Xvfb and
openbox, tests/xserver.py) at 1280×720 and 1024×768, each with a 40 px taskbar along its bottom
(a dock window whose strut openbox takes off the work area), so the available area is 1280×680
and 1024×728 as on a laptop with the Windows taskbar.  The quick loop measures at 1280×720 (the
lower screen, where dialogs run out of room first); CI's full run at both sizes.

The program runs in a subprocess on that display (``probe`` below): started as main.py starts
it, it is used as a clerk would (menu actions, clicks on the buttons seen), and every window and
dialog is measured once the window manager has framed it and it has stopped moving.  The tests
assert on what was measured: each frame inside the available area, each button seen whole.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import xserver
from tests.xserver import XDisplay

xdisplay = xserver.xdisplay

SIZES = [
    pytest.param((1280, 720), id="1280x720"),
    # The narrower screen measures everything again: CI's full run, not the quick loop.
    pytest.param((1024, 768), id="1024x768", marks=pytest.mark.slow),
]
REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "resources" / "samples" / "qiaokou-2024.gknb"
SHOTS_ENV = "NIANBAO_SCREEN_SHOTS"
"""A folder: the probe saves a screenshot of the whole screen at each window measured there."""
PROBE = "from tests.test_gui_screen import probe; raise SystemExit(probe())"

Rect = list[int]  # x, y, width, height, as measured


@pytest.mark.parametrize("xdisplay", SIZES, indirect=True)
def test_the_display_has_a_taskbar_qt_sees(xdisplay: XDisplay) -> None:
    """The test display itself: Qt on it reports the screen and, without the taskbar, the
    available area that windows must fit."""
    shown = xdisplay.run_python(
        "import json\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "screen = app.primaryScreen()\n"
        "print(json.dumps([screen.geometry().getRect(), screen.availableGeometry().getRect()]))\n"
    )
    assert shown.returncode == 0, shown.stderr
    whole, available = json.loads(shown.stdout)
    assert whole == [0, 0, xdisplay.width, xdisplay.height]
    assert available == list(xdisplay.available)


# --- what the probe measured ----------------------------------------------------------------------


def run_probe(display: XDisplay, scenario: str) -> dict[str, Any]:
    """What ``probe`` saw in ``scenario`` (a profile of its own): the windows measured, by
    name, and the place saved when the window closed ("saved"); fails on a Qt warning."""
    env = display.environment(NIANBAO_HOME=str(display.home / "profiles" / scenario))
    done = display.run_python(PROBE, scenario, timeout=240, env=env)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, f"{done.stdout}\n{done.stderr}"
    result = json.loads(lines[-1])
    assert result["error"] is None, result["error"]
    assert result["messages"] == [], "Qt warned:\n" + "\n".join(result["messages"])
    measured: dict[str, Any] = {window["name"]: window for window in result["windows"]}
    measured["saved"] = result["saved"]
    return measured


class Screen:
    """A display of one size, with what each scenario measured on it (each run once)."""

    def __init__(self, display: XDisplay) -> None:
        self.display = display
        self.runs: dict[str, dict[str, Any]] = {}

    def __call__(self, scenario: str) -> dict[str, Any]:
        if scenario not in self.runs:
            self.runs[scenario] = run_probe(self.display, scenario)
        return self.runs[scenario]


@pytest.fixture(scope="module", params=SIZES)
def screen(request: pytest.FixtureRequest) -> Iterator[Screen]:
    """A 1280×720 and a 1024×768 display, each with its taskbar."""
    with xserver.x_display(*request.param) as display:
        yield Screen(display)


def inside(rect: Rect, area: Rect) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def assert_fits(window: dict[str, Any]) -> None:
    """The window's frame lies in the available area, and each of its buttons is seen whole."""
    name = window["name"]
    assert inside(window["frame"], window["available"]), (
        f"{name}: frame {window['frame']} outside the available area {window['available']}"
    )
    for button in window["buttons"]:
        assert button["whole"], f"{name}: button {button['text']!r} is cut off or hidden"
        assert inside(button["rect"], window["available"]), (
            f"{name}: button {button['text']!r} at {button['rect']} is off the screen"
        )
    for part, rect in window["parts"].items():
        assert rect is not None, f"{name}: {part} is not shown"
        assert inside(rect, window["available"]), f"{name}: {part} at {rect} is off the screen"


WINDOWS = (
    "恢复报告",
    "主窗口（起始页）",
    "使用说明",
    "新建",
    "主窗口（报告）",
    "版式",
    "打印选项",
    "打印预览",
    "打印",
    "汇总",
    "批量审核",
    "关联上年报告",
    "关于",
    "已核实",
)
"""Every window and dialog the start scenario opens, in its order."""


@pytest.mark.parametrize("name", WINDOWS)
def test_every_window_and_dialog_fits_the_screen(screen: Screen, name: str) -> None:
    """Opened as a clerk opens it (the program started after a crash, the sample, the menus,
    the problems panel): its frame inside the screen less the taskbar, every button whole."""
    assert_fits(screen("start")[name])


def test_the_window_opens_maximised_on_a_laptop_screen(screen: Screen) -> None:
    """Up to 1366×768 the window fills the screen above the taskbar: the problems panel and
    the status bar (where 已撤销 is said) in view, the start page's cards whole."""
    for name in ("主窗口（起始页）", "主窗口（报告）"):
        window = screen("start")[name]
        assert window["maximized"], name
        assert window["frame"] == window["available"], name
    assert len(screen("start")["主窗口（起始页）"]["parts"]) == 5  # the menus and the 4 cards


def test_a_dialog_too_tall_for_the_screen_scrolls_and_keeps_its_buttons(screen: Screen) -> None:
    """版式 needs some 750 px: its body scrolls, 确定/取消/恢复默认 stay below it, in view."""
    style = screen("start")["版式"]
    assert style["scrolls"]
    assert {b["text"] for b in style["buttons"]} >= {"确定", "取消", "恢复默认"}
    assert_fits(style)
    # The keyboard starts in the first field, not on the area that scrolls; Tab goes down
    # the fields and each comes into view.
    assert style["focus"] == "QDoubleSpinBox"  # 页边距 上
    assert style["tabbed_to_last"] == {"reached": True, "whole": True}
    # Dialogs that fit do not scroll.
    for name in ("打印选项", "已核实", "汇总", "批量审核"):
        assert not screen("start")[name]["scrolls"], name
        assert screen("start")[name]["focus"] not in ("_Body", "QScrollArea"), name


def test_the_window_unmaximised_fits_and_is_remembered(screen: Screen) -> None:
    """Opened with a file on a small screen: maximised; restored to its normal size, it still
    fits; closed, that place is remembered (not maximised, its normal geometry)."""
    seen = screen("main-file")
    assert seen["主窗口"]["maximized"]
    normal = seen["主窗口（还原）"]
    assert not normal["maximized"]
    assert_fits(normal)
    assert seen["saved"] == {"rect": normal["geometry"], "maximized": False}


@pytest.mark.parametrize("scenario", ["restore-other-screen-file", "restore-maximized-file"])
def test_a_window_left_on_a_screen_now_gone_comes_back_on_this_one(
    screen: Screen, scenario: str
) -> None:
    """Closed on a big monitor (1500×950 at x 2100, or maximised there) that is now unplugged:
    the window opens on this screen, maximised as on any laptop screen, and its normal size is
    fitted to this screen."""
    seen = screen(scenario)
    assert seen["主窗口"]["maximized"]
    assert_fits(seen["主窗口"])
    assert_fits(seen["主窗口（还原）"])


def test_a_window_remembered_on_this_screen_is_clamped_to_it(screen: Screen) -> None:
    """Closed on this screen, half off its left edge and taller than it: it opens where it
    was as far as the screen allows, not maximised (the clerk chose so)."""
    window = screen("restore-same-screen-file")["主窗口"]
    assert not window["maximized"]
    assert_fits(window)
    # Moved in from the left edge only: as far as the frame expected before the window
    # manager framed the window (ui.screen_fit.FRAME_GUESS) leaves it.
    assert window["frame"][0] - window["available"][0] <= 8


@pytest.mark.parametrize("xdisplay", [(1600, 900)], indirect=True)
def test_on_a_larger_screen_the_window_opens_at_its_size_in_the_middle(
    xdisplay: XDisplay,
) -> None:
    """1600×900 (860 px above the taskbar): not maximised, 1280 px wide, no taller than fits,
    in the middle of the screen."""
    window = run_probe(xdisplay, "main-file")["主窗口"]
    assert not window["maximized"]
    assert_fits(window)
    x, _, width, _ = window["frame"]
    assert window["geometry"][2] == 1280
    assert abs(x - (xdisplay.width - x - width)) <= 2


# --- the geometry, without a display -------------------------------------------------------------


def test_fit_rect_shrinks_and_moves_a_window_into_the_area() -> None:
    from PySide6.QtCore import QMargins, QRect, QSize

    from ui.screen_fit import fit_rect

    area = QRect(0, 0, 1280, 680)
    frame = QMargins(1, 20, 1, 5)
    # The old default size at the old default place: shrunk to the area less the frame.
    assert fit_rect(QRect(0, 0, 1280, 860), area, frame) == QRect(1, 20, 1278, 655)
    # Off to the right and below: moved in, size kept.
    assert fit_rect(QRect(900, 500, 500, 300), area, frame) == QRect(779, 375, 500, 300)
    # Inside already: left as it is.
    assert fit_rect(QRect(100, 100, 500, 300), area, frame) == QRect(100, 100, 500, 300)
    # Larger than its minimum allows: the title bar stays in the area, at its top left.
    assert fit_rect(QRect(50, 50, 900, 900), area, frame, QSize(900, 700)) == QRect(
        50, 20, 900, 700
    )


def test_where_the_main_window_opens() -> None:
    from PySide6.QtCore import QMargins, QRect, QSize

    from ui.screen_fit import Screen as Place
    from ui.screen_fit import main_window_place
    from ui.settings import WindowPlace

    frame = QMargins(1, 20, 1, 5)
    size = QSize(1280, 860)
    laptop = Place("eDP-1 1280x720", QRect(0, 0, 1280, 720), QRect(0, 0, 1280, 680))
    monitor = Place("HDMI-1 1920x1080", QRect(1280, 0, 1920, 1080), QRect(1280, 0, 1920, 1040))
    # First start: maximised on the laptop; on the monitor its size, in the middle.
    rect, maximised = main_window_place(None, size, [laptop], laptop, frame)
    assert maximised and QRect(0, 0, 1280, 680).contains(rect.marginsAdded(frame))
    rect, maximised = main_window_place(None, size, [laptop, monitor], monitor, frame)
    assert not maximised and rect.size() == size
    assert rect.center().x() - monitor.available.center().x() in (-1, 0, 1)
    # Left on the monitor, which is still there: there again, even if the laptop is current.
    left = WindowPlace(QRect(1500, 100, 1280, 860), False, monitor.key)
    assert main_window_place(left, size, [laptop, monitor], laptop, frame) == (left.rect, False)
    # The monitor unplugged: on the laptop, maximised, its normal size fitted to it.
    rect, maximised = main_window_place(left, size, [laptop], laptop, frame)
    assert maximised and QRect(0, 0, 1280, 680).contains(rect.marginsAdded(frame))
    # Left not maximised on the laptop itself: so again, within the laptop's screen.
    own = WindowPlace(QRect(-100, 300, 1300, 900), False, laptop.key)
    rect, maximised = main_window_place(own, size, [laptop], laptop, frame)
    assert not maximised and rect == QRect(1, 20, 1278, 655)


def test_the_place_is_kept_in_the_settings_file(profile: Path) -> None:
    from PySide6.QtCore import QRect

    from ui import settings

    assert settings.window_place(settings.MAIN_WINDOW) is None
    place = settings.WindowPlace(QRect(10, 20, 1100, 700), True, "HDMI-1 1920x1080")
    settings.remember_window_place(settings.MAIN_WINDOW, place)
    assert settings.window_place(settings.MAIN_WINDOW) == place
    text = (profile / "config" / "settings.ini").read_text("utf-8")
    assert "[main_window]" in text and "maximized=true" in text
    # An edited or damaged entry: the window opens as the first time.
    store = settings.settings()
    store.setValue("main_window/geometry", "左上角")
    store.sync()
    assert settings.window_place(settings.MAIN_WINDOW) is None


# --- the probe: runs in the subprocess, on the X display ----------------------------------------


def probe() -> int:
    """Start the program as main.py does, go through ``sys.argv[1]``'s scenario as a clerk would,
    and print one line of JSON: every window measured, Qt's warnings, and the error if any."""
    scenario = sys.argv[1]
    from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler

    from ui.app import create_application, run_gui

    messages: list[str] = []

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            messages.append(message)

    qInstallMessageHandler(handler)
    app = create_application()
    prepare(scenario, Path(os.environ["NIANBAO_HOME"]))
    windows: list[dict[str, Any]] = []
    driver = Driver(app, SCENARIOS[scenario](windows))
    QTimer.singleShot(0, driver.start)
    arguments = [str(SAMPLE)] if scenario.endswith("-file") else []
    run_gui(arguments)
    from ui import settings

    place = settings.window_place(settings.MAIN_WINDOW)
    saved = None if place is None else {"rect": rect_of(place.rect), "maximized": place.maximized}
    result = {"windows": windows, "messages": messages, "error": driver.error, "saved": saved}
    print(json.dumps(result))
    return 0


def prepare(scenario: str, home: Path) -> None:
    """What the profile holds before the program starts: an autosave left by a crash, or the
    window's place as saved on another screen or this one."""
    import shutil

    if scenario == "start":
        folder = home / "data" / "recovery"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE, folder / "0badc0ffee.gknb")
        meta = {"original": None, "title": "硚口区行政审批局", "saved_at": "2025-01-20T10:00:00"}
        (folder / "0badc0ffee.json").write_text(json.dumps(meta), "utf-8")
    saved = SAVED_PLACES.get(scenario)
    if saved is not None:
        from PySide6.QtCore import QRect
        from PySide6.QtGui import QGuiApplication

        from ui import settings
        from ui.screen_fit import screen_key

        x, y, w, h = saved["rect"]
        screen = saved["screen"] or screen_key(QGuiApplication.primaryScreen())
        place = settings.WindowPlace(QRect(x, y, w, h), saved["maximized"], screen)
        settings.remember_window_place(settings.MAIN_WINDOW, place)


SAVED_PLACES: dict[str, dict[str, Any]] = {
    # Saved on a big monitor now unplugged: not maximised, larger than this screen.
    "restore-other-screen-file": {
        "rect": [2100, 150, 1500, 950],
        "maximized": False,
        "screen": "HDMI-1 1920x1080",
    },
    # Saved on this screen (a window dragged half off it, larger than the work area).
    "restore-same-screen-file": {
        "rect": [-60, 120, 1400, 900],
        "maximized": False,
        "screen": "",  # this screen
    },
    # Saved on a big monitor now unplugged, maximised there.
    "restore-maximized-file": {
        "rect": [300, 200, 1400, 900],
        "maximized": True,
        "screen": "HDMI-1 1920x1080",
    },
}
"""The window's place as a clerk's settings hold it, by scenario."""

Condition = Callable[[], Any]
Steps = Generator[Condition, Any, None]


class Driver:
    """Runs a scenario's steps: each step yields a condition, polled every 40 ms (inside modal
    dialogs' event loops too), and is resumed with its first true value.  Anything that opens a
    modal dialog is started with ``later`` so that the steps never wait inside themselves."""

    def __init__(self, app: Any, steps: Steps) -> None:
        from PySide6.QtCore import QTimer

        self.app = app
        self.steps = steps
        self.error: str | None = None
        self.timer = QTimer()
        self.timer.setInterval(40)
        self.timer.timeout.connect(self.tick)
        self.condition: Condition | None = None
        self.waited = 0
        self.busy = False

    def start(self) -> None:
        self.advance(None)
        self.timer.start()

    def tick(self) -> None:
        if self.busy or self.condition is None:
            return
        self.busy = True
        try:
            value = self.condition()
            if value is not None and value is not False:
                self.advance(value)
            else:
                self.waited += 1
                if self.waited * 40 > 20_000:
                    what = getattr(self.condition, "what", "?")
                    state = getattr(self.condition, "state", "")
                    self.fail(f"waited 20 s for {what} ({state})")
        except Exception:
            self.fail(traceback.format_exc())
        finally:
            self.busy = False

    def advance(self, value: Any) -> None:
        self.waited = 0
        try:
            self.condition = self.steps.send(value)
        except StopIteration:
            self.condition = None
            self.finish()

    def fail(self, error: str) -> None:
        self.error = error
        self.condition = None
        self.finish()

    def finish(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog

        self.timer.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        for widget in QApplication.topLevelWidgets():
            document = getattr(widget, "document", None)
            if document is not None and hasattr(document, "undo_stack"):
                document.undo_stack.setClean()  # nothing to save: the probe changed nothing
                document.needs_saving = False
        later(self.app.closeAllWindows)


def later(call: Callable[[], object]) -> None:
    """Run ``call`` from the event loop (a modal dialog it opens then runs its own loop)."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, call)


def settled(find: Callable[[], Any], what: str) -> Condition:
    """The condition: the window ``find`` returns is shown, framed by the window manager and
    unmoved for 0.3 s (openbox places, frames and maximises in several steps)."""
    seen: dict[str, Any] = {"last": None, "count": 0}

    def check() -> Any:
        widget = find()
        handle = widget.windowHandle() if widget is not None else None
        if widget is None or not widget.isVisible() or handle is None or not handle.isExposed():
            check.state = "not shown"  # type: ignore[attr-defined]
            seen["last"] = None
            return None
        # The native window's frame: QWidget.frameGeometry() may keep a frame of nothing that
        # it read before the window manager framed the window.
        frame, inner = handle.frameGeometry(), handle.geometry()
        check.state = f"frame {frame.getRect()}, geometry {inner.getRect()}"  # type: ignore[attr-defined]
        if frame == inner or not frame.contains(inner):
            return None  # not framed yet
        now = (frame.getRect(), inner.getRect())
        if now == seen["last"]:
            seen["count"] += 1
        else:
            seen["last"], seen["count"] = now, 0
        return widget if seen["count"] >= 8 else None

    check.what = what  # type: ignore[attr-defined]
    return check


def top_level(kind: type, title: str | None = None) -> Callable[[], Any]:
    """Finds the shown top-level window of ``kind`` (and ``title``)."""

    def find() -> Any:
        from PySide6.QtWidgets import QApplication

        for widget in QApplication.topLevelWidgets():
            shown = isinstance(widget, kind) and widget.isVisible()
            if shown and (title is None or widget.windowTitle() == title):
                return widget
        return None

    return find


def rect_of(rect: Any) -> Rect:
    return list(rect.getRect())


def global_rect(widget: Any) -> Rect:
    from PySide6.QtCore import QPoint, QRect

    return rect_of(QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size()))


def whole(widget: Any) -> bool:
    """Whether ``widget`` is shown and nothing of it is cut off by what holds it."""
    return bool(widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect())


def buttons_of(window: Any) -> list[Any]:
    """The buttons a clerk must reach: push buttons and toolbar buttons shown, outside any
    scrolling body (those scroll into view)."""
    from PySide6.QtWidgets import QPushButton, QScrollArea, QToolBar, QToolButton

    found = []
    for button in window.findChildren(QPushButton) + window.findChildren(QToolButton):
        if not button.isVisible() or button.window() is not window:
            continue
        if isinstance(button, QToolButton) and not isinstance(button.parentWidget(), QToolBar):
            continue
        holder = button.parentWidget()
        while holder is not None and holder is not window and not isinstance(holder, QScrollArea):
            holder = holder.parentWidget()
        if not isinstance(holder, QScrollArea):
            found.append(button)
    return found


def measure(
    windows: list[dict[str, Any]], name: str, window: Any, parts: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Record ``window`` as ``name``: its frame, the available area of its screen, its buttons
    and ``parts`` (widgets that must be seen whole, or None when not shown)."""
    screen = window.screen()
    measured = {
        "name": name,
        "class": type(window).__name__,
        "title": window.windowTitle(),
        "frame": rect_of(window.windowHandle().frameGeometry()),
        "geometry": rect_of(window.windowHandle().geometry()),
        "available": rect_of(screen.availableGeometry()),
        "screen": rect_of(screen.geometry()),
        "maximized": window.isMaximized(),
        "buttons": [
            {"text": b.text(), "rect": global_rect(b), "whole": whole(b)}
            for b in buttons_of(window)
        ],
        "parts": {
            part: (global_rect(w) if w is not None and whole(w) else None)
            for part, w in (parts or {}).items()
        },
        "scrolls": scrolls(window),
        "focus": focus_of(window),
    }
    windows.append(measured)
    shots = os.environ.get(SHOTS_ENV)
    if shots:
        folder = Path(shots)
        folder.mkdir(parents=True, exist_ok=True)
        size = f"{measured['screen'][2]}x{measured['screen'][3]}"
        index = len(list(folder.glob(f"{size}-*.png")))
        screen.grabWindow(0).save(str(folder / f"{size}-{index:02d}-{name}.png"))
    return measured


def focus_of(window: Any) -> str:
    """The class of the widget with the keyboard in ``window`` (empty: none)."""
    focused = window.focusWidget()
    return type(focused).__name__ if focused is not None else ""


def scrolls(window: Any) -> bool:
    """Whether a scrolling body of ``window`` shows a scroll bar (the dialog could not fit)."""
    from PySide6.QtWidgets import QScrollArea

    for area in window.findChildren(QScrollArea):
        if area.window() is window and area.isVisible():
            bars = (area.verticalScrollBar(), area.horizontalScrollBar())
            if any(bar.isVisible() for bar in bars):
                return True
    return False


def button(window: Any, text: str) -> Any:
    """The push button of ``window`` that reads ``text`` (mnemonics left out)."""
    from PySide6.QtWidgets import QPushButton

    for found in window.findChildren(QPushButton):
        if found.isVisible() and found.text().replace("&", "") == text:
            return found
    raise AssertionError(f"no button {text!r} in {window.windowTitle()}")


def click(widget: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    later(lambda: QTest.mouseClick(widget, Qt.MouseButton.LeftButton))


def hidden(widget: Any) -> Condition:
    """The condition: ``widget`` is closed (hidden, or deleted once closed)."""
    from shiboken6 import isValid

    def check() -> bool:
        return not isValid(widget) or not widget.isVisible()

    check.what = f"{widget.windowTitle()} to close"  # type: ignore[attr-defined]
    return check


def main_window_parts(window: Any) -> dict[str, Any]:
    parts: dict[str, Any] = {"菜单栏": window.menuBar()}
    if window.on_start_page():
        for card in window.start_page.buttons:
            parts[f"起始页：{card.text()}"] = card
    else:
        parts["问题清单"] = window.problems_dock
        parts["状态栏"] = window.statusBar()
    return parts


def dialog_round(
    windows: list[dict[str, Any]], name: str, kind: type, open_it: Callable[[], object], close: str
) -> Iterator[Condition]:
    """Open a modal dialog of ``kind`` by ``open_it``, measure it, close it by ``close``."""
    later(open_it)
    dialog = yield settled(top_level(kind), name)
    measure(windows, name, dialog)
    click(button(dialog, close))
    yield hidden(dialog)


def start_scenario(windows: list[dict[str, Any]]) -> Steps:
    """The program started without a file after a crash: the recovery offer, the start page,
    使用说明, then the sample with every dialog of the menus and the problems panel."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from ui.commands.about import AboutDialog
    from ui.commands.help import HelpWindow
    from ui.commands.merge_dialog import MergeDialog
    from ui.commands.printing import PrintOptionsDialog
    from ui.commands.review_dialog import ReviewDialog
    from ui.commands.word import StyleDialog
    from ui.form.acknowledge import AcknowledgeDialog
    from ui.main_window import MainWindow, NewReportDialog

    box = yield settled(top_level(QMessageBox, "恢复报告"), "恢复报告")
    window = top_level(MainWindow)()
    measure(windows, "恢复报告", box)
    click(button(box, "以后再说"))
    yield hidden(box)
    window = yield settled(top_level(MainWindow), "主窗口")
    measure(windows, "主窗口（起始页）", window, main_window_parts(window))

    later(window.help_action.trigger)
    help_window = yield settled(top_level(HelpWindow), "使用说明")
    measure(windows, "使用说明", help_window)
    click(button(help_window, "关闭"))
    yield hidden(help_window)

    yield from dialog_round(windows, "新建", NewReportDialog, window.new_action.trigger, "取消")

    later(window.sample_action.trigger)
    yield lambda: not window.on_start_page()
    window = yield settled(top_level(MainWindow), "主窗口")
    measure(windows, "主窗口（报告）", window, main_window_parts(window))

    later(window.style_action.trigger)
    style = yield settled(top_level(StyleDialog), "版式")
    measured = measure(windows, "版式", style)
    # From the keyboard: Tab from the first field down to 标题断行, below the fold.
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for _ in range(40):
        if style.focusWidget() is style.title_break:
            break
        QTest.keyClick(style.focusWidget(), Qt.Key.Key_Tab)
    measured["tabbed_to_last"] = {
        "reached": style.focusWidget() is style.title_break,
        "whole": whole(style.title_break),
    }
    click(button(style, "取消"))
    yield hidden(style)

    later(window.preview_action.trigger)
    options = yield settled(top_level(PrintOptionsDialog), "打印选项")
    measure(windows, "打印选项", options)
    click(button(options, "预览"))
    preview = yield settled(top_level(QPrintPreviewDialog), "打印预览")
    measure(windows, "打印预览", preview)
    later(preview.reject)
    yield hidden(preview)

    later(window.print_action.trigger)
    options = yield settled(top_level(PrintOptionsDialog), "打印选项")
    click(button(options, "打印"))
    printing = yield settled(top_level(QPrintDialog), "打印")
    measure(windows, "打印", printing)
    click(button(printing, "取消"))
    yield hidden(printing)

    yield from dialog_round(windows, "汇总", MergeDialog, window.merge_action.trigger, "取消")
    yield from dialog_round(windows, "批量审核", ReviewDialog, window.review_action.trigger, "关闭")
    yield from dialog_round(
        windows, "关联上年报告", QFileDialog, window.years.link_previous_action.trigger, "取消"
    )
    yield from dialog_round(windows, "关于", AboutDialog, window.about_action.trigger, "关闭")

    yield from acknowledge_round(windows, window, AcknowledgeDialog)


def acknowledge_round(windows: list[dict[str, Any]], window: Any, kind: type) -> Steps:
    """已核实: a number in the text that the table contradicts is a warning; the clerk selects it
    in the problems panel and presses 标记为已核实…; then the typing is undone."""
    from tests.conftest import type_text

    index = next(i for i, s in enumerate(window.sections) if s is not None and s.key == "requests")
    window.tabs.setCurrentIndex(index)
    page = window.page(index)
    page.intro.setFocus()
    cursor = page.intro.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    page.intro.setTextCursor(cursor)
    type_text(page.intro, "全年共受理政府信息公开申请9件。")
    panel = window.problems
    yield lambda: any(f.rule.id == "narrative.number" for f in panel.model.rows)
    row = next(i for i, f in enumerate(panel.model.rows) if f.rule.id == "narrative.number")
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    later(panel.acknowledge.mark.click)
    dialog = yield settled(top_level(kind), "已核实")
    measure(windows, "已核实", dialog)
    click(button(dialog, "取消"))
    yield hidden(dialog)
    stack = window.document.undo_stack
    while stack.canUndo():
        stack.undo()


def main_window_scenario(windows: list[dict[str, Any]]) -> Steps:
    """The program started with a file: the window as it opens, then restored to its normal
    size (the clerk un-maximises it)."""
    from ui.main_window import MainWindow

    window = yield settled(top_level(MainWindow), "主窗口")
    measure(windows, "主窗口", window, main_window_parts(window))
    if window.isMaximized():
        later(window.showNormal)
        yield lambda: not window.isMaximized()
        window = yield settled(top_level(MainWindow), "主窗口（还原）")
        measure(windows, "主窗口（还原）", window, main_window_parts(window))


SCENARIOS: dict[str, Callable[[list[dict[str, Any]]], Steps]] = {
    "start": start_scenario,
    "main-file": main_window_scenario,
    "restore-other-screen-file": main_window_scenario,
    "restore-same-screen-file": main_window_scenario,
    "restore-maximized-file": main_window_scenario,
}
