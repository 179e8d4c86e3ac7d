"""Windows and dialogs that fit the screen they are on.

A clerk's laptop may show 1280×720 or 1024×768, with a taskbar taking another 40 px: a window
taller than that has its buttons below the screen, out of reach.  Every top-level window goes
through here, one implementation for all:

- ``keep_on_screen(window, preferred)``: each time the window is shown it is sized to
  ``preferred`` (or to what its content asks for) but no larger than the available area of its
  screen (``QScreen.availableGeometry``: the screen less the taskbar) less the window's frame,
  and placed inside that area; once the window manager has framed it, it is checked again with
  the real frame and moved or shrunk if it still sticks out.
- ``scroll_body(dialog, body, buttons)``: a dialog whose content may be taller than the screen
  scrolls its body, and keeps its buttons below the body, always in view.
- ``show_main_window(window, preferred)``: the main window maximised on screens up to
  1366×768, else at ``preferred`` size (fitted) in the middle of the screen; where it was left
  when it was last closed (``ui.settings``), clamped to the screen, and on the current screen
  if the one it was on is gone.  Its place is remembered when it closes.

The frame a window manager adds is known only once a window is shown; before that the frame of
another window of the program stands for it, or ``FRAME_GUESS`` (a title bar and borders as
large as Windows draws them).  Sizes are Qt's logical pixels: on a screen scaled to 150 %, a
1920×1080 panel is 1280×720 here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QMessageBox,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ui import settings

W = TypeVar("W", bound=QWidget)

FRAME_GUESS = QMargins(8, 38, 8, 8)
"""A frame not known yet: Windows 10 and 11 draw a 31 px title bar and 8 px (partly invisible)
borders; Linux window managers draw less."""

SMALL_SCREEN = QSize(1366, 768)
"""Screens up to this size (in either direction) open the main window maximised: a window of
its own size would leave only a few pixels of desktop around it."""

WA_MOVED = Qt.WidgetAttribute.WA_Moved

CHECKS_AFTER_SHOWING_MS = (0, 100, 200, 400, 700, 1000, 1500)
"""When a shown window is checked against its real frame: a window manager frames, places and
maximises a window in several steps, each arriving a little later."""


# --- the geometry itself ------------------------------------------------------------------------


def fit_rect(rect: QRect, area: QRect, frame: QMargins, minimum: QSize | None = None) -> QRect:
    """``rect``, a window's geometry without its frame, made to fit ``area`` with ``frame``
    around it: no larger than the area less the frame (nor smaller than ``minimum``), and moved
    so that the frame lies inside the area.  A window that cannot be made small enough keeps its
    title bar in the area (its top left corner), where it can be moved."""
    room = area.marginsRemoved(frame)
    size = rect.size().boundedTo(room.size())
    if minimum is not None:
        size = size.expandedTo(minimum)
    x = max(min(rect.x(), room.x() + room.width() - size.width()), room.x())
    y = max(min(rect.y(), room.y() + room.height() - size.height()), room.y())
    return QRect(QPoint(x, y), size)


def centred(size: QSize, area: QRect, frame: QMargins) -> QRect:
    """A window of ``size`` (frame excluded) with ``frame`` around it, in the middle of
    ``area``, fitted to it."""
    room = area.marginsRemoved(frame)
    bounded = size.boundedTo(room.size())
    x = room.x() + (room.width() - bounded.width()) // 2
    y = room.y() + (room.height() - bounded.height()) // 2
    return fit_rect(QRect(QPoint(x, y), bounded), area, frame)


def is_small(screen: QRect) -> bool:
    """Whether a screen of this geometry opens the main window maximised."""
    return screen.width() <= SMALL_SCREEN.width() or screen.height() <= SMALL_SCREEN.height()


@dataclass(frozen=True)
class Screen:
    """What the placement of the main window needs of a screen."""

    key: str
    """Which screen it is: its name and size (``screen_key``)."""
    geometry: QRect
    available: QRect


def main_window_place(
    saved: settings.WindowPlace | None,
    preferred: QSize,
    screens: Sequence[Screen],
    current: Screen,
    frame: QMargins,
) -> tuple[QRect, bool]:
    """Where the main window opens (its normal geometry, frame excluded) and whether maximised.

    Never opened before: ``preferred`` size in the middle of ``current``, maximised if the
    screen is small.  Closed last on a screen still there: where it was, clamped to that screen,
    maximised if it was.  Closed on a screen that is gone (a monitor unplugged, a projector):
    its size in the middle of ``current``, fitted, maximised if it was or if the screen is
    small."""
    if saved is not None:
        for screen in screens:
            if screen.key == saved.screen:
                return fit_rect(saved.rect, screen.available, frame), saved.maximized
        rect = centred(saved.rect.size(), current.available, frame)
        return rect, saved.maximized or is_small(current.geometry)
    return centred(preferred, current.available, frame), is_small(current.geometry)


# --- screens and frames -------------------------------------------------------------------------


def screen_key(screen: QScreen) -> str:
    size = screen.geometry().size()
    return f"{screen.name()} {size.width()}x{size.height()}"


def screen_of(window: QWidget) -> QScreen:
    """The screen ``window`` is on, or will open on: its parent window's while it has not been
    shown, else its own."""
    parent = window.parentWidget()
    if not window.isVisible() and parent is not None and parent.window().isVisible():
        return parent.window().screen()
    return window.screen()


_seen_frame: list[QMargins] = []
"""The frame last seen around a window of the program (not maximised): the one a window not
framed yet will have, most likely."""


def frame_margins(window: QWidget) -> QMargins:
    """The frame the window manager draws around ``window``: its own once it is framed, else
    that of another framed window of the program (its parent's first) or the last one seen,
    else FRAME_GUESS."""
    candidates = [window]
    parent = window.parentWidget()
    if parent is not None:
        candidates.append(parent.window())
    candidates += [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for candidate in candidates:
        handle = candidate.windowHandle()
        if handle is not None and candidate.isVisible() and not _maximized_or_more(candidate):
            margins = handle.frameMargins()
            if not margins.isNull():
                _seen_frame[:] = [margins]
                return margins
    return _seen_frame[0] if _seen_frame else FRAME_GUESS


def _maximized_or_more(window: QWidget) -> bool:
    return window.isMaximized() or window.isFullScreen() or window.isMinimized()


def _frame_rect(window: QWidget) -> tuple[QRect, QMargins] | None:
    """The window's geometry and frame as the window system has them, once it has framed it.
    (QWidget.frameGeometry may keep a frame of nothing read before the window was framed; the
    native window's is current.)"""
    handle = window.windowHandle()
    if handle is None or not window.isVisible():
        return None
    margins = handle.frameMargins()
    if margins.isNull():
        return None
    return handle.geometry(), margins


def _place(window: QWidget, rect: QRect) -> None:
    """Put ``window`` at ``rect``, frame excluded.  The window itself is placed, not its frame:
    a frame's position given before the window manager has framed the window is taken by X11
    window managers for the window's own (its title bar then above the screen, and the window
    pushed elsewhere); the frame lies around ``rect`` as estimated when ``rect`` was fitted."""
    window.setGeometry(rect)


# --- every window and dialog ----------------------------------------------------------------------


class _Keeper(QObject):
    """Keeps its window on the screen: sized before each showing, checked once framed."""

    def __init__(self, window: QWidget, preferred: QSize | None) -> None:
        super().__init__(window)
        self.window = window
        self.preferred = preferred
        self.shown_before = False
        self.outside: QRect | None = None
        """Where the last check found the window sticking out of the available area."""
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The event's type first: while its window is being destroyed, the filter still sees
        # events, when this object's Python side is already gone.
        if event.type() == QEvent.Type.Show and not event.spontaneous():
            # Shown by the program (not given back by the desktop after being minimised).
            self.size_for_showing()
            for delay in CHECKS_AFTER_SHOWING_MS:
                QTimer.singleShot(delay, self, self.check_shown)
        return False

    def size_for_showing(self) -> None:
        """Before the window is shown: no larger than its screen's available area less its
        frame; the first time at ``preferred`` size or the size its content asks for."""
        window = self.window
        if _maximized_or_more(window):
            return
        if self.shown_before:
            wanted = window.size()
        else:
            wanted = (self.preferred or window.sizeHint()).expandedTo(window.minimumSize())
            self.shown_before = True
        room = screen_of(window).availableGeometry().marginsRemoved(frame_margins(window))
        size = wanted.boundedTo(room.size()).expandedTo(window.minimumSize())
        body = window.findChild(_Body)
        if body is not None and size.height() < body.unscrolled_height(window):
            # The body will scroll: room for its scroll bar beside it, where there is room.
            extent = window.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            size.setWidth(min(size.width() + extent, max(room.width(), size.width())))
        if size != window.size():
            window.resize(size)
        if window.testAttribute(WA_MOVED) or isinstance(window, QMessageBox):
            # Placed already (the main window; a dialog shown again stays where the clerk
            # moved it; checked once framed), or sized by itself only now (a message box, which
            # Qt then centres over its parent within the screen).
            return
        # Over the middle of its parent window (else of the screen), within the screen: placed
        # here, not left to the window manager, which may put it in a corner.
        margins = frame_margins(window)
        area = screen_of(window).availableGeometry()
        parent = window.parentWidget()
        over = parent.window().windowHandle() if parent is not None else None
        # (The native window's frame: QWidget.frameGeometry may be stale, see _frame_rect.)
        middle = over.frameGeometry().center() if over and over.isVisible() else area.center()
        rect = QRect(QPoint(0, 0), size)
        rect.moveCenter(middle + QPoint(0, (margins.top() - margins.bottom()) // 2))
        _place(window, fit_rect(rect, area, margins))

    def check_shown(self) -> None:
        """Once framed: a window whose frame is not inside the available area is moved (and
        shrunk if need be) into it — if two checks in a row find it so: while the window
        manager frames a window, X11 tells its position inside the new frame first (0, 0) and
        its place on the screen a moment later."""
        window = self.window
        framed = _frame_rect(window)
        if framed is None or _maximized_or_more(window):
            self.outside = None
            return
        rect, margins = framed
        _seen_frame[:] = [margins]
        area = window.screen().availableGeometry()
        if area.contains(rect.marginsAdded(margins)):
            self.outside = None
            return
        if self.outside != rect:
            self.outside = rect  # seen once: acted on if the next check sees it still
            return
        _place(window, fit_rect(rect, area, margins, window.minimumSize()))


def keep_on_screen(window: W, preferred: QSize | None = None) -> W:
    """Fit the top-level ``window`` to its screen every time it is shown (``preferred``: its
    size the first time, else the size its content asks for); returns ``window``."""
    _Keeper(window, preferred)
    return window


class _Body(QScrollArea):
    """A dialog's body, scrolling when the dialog cannot be as tall (or wide) as it asks.

    It asks for its whole content, so a dialog that fits shows everything without a scroll
    bar, as if there were no scroll area; and it can be made as small as a few lines."""

    def __init__(self, body: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The keyboard goes to the body's first field, not to the area around it (Tab through
        # the fields scrolls each into view all the same: QScrollArea.focusNextPrevChild).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(body)

    def sizeHint(self) -> QSize:
        body = self.widget()
        return body.sizeHint() if body is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().minimumSizeHint()
        least = body.minimumSizeHint()
        return QSize(min(least.width(), 240), min(least.height(), 120))

    def unscrolled_height(self, dialog: QWidget) -> int:
        """The least height of ``dialog`` at which this body needs no scroll bar."""
        body = self.widget()
        least = body.minimumSizeHint().height() if body is not None else 0
        return dialog.minimumSizeHint().height() - self.minimumSizeHint().height() + least


def scroll_body(
    dialog: QWidget, body: QWidget, buttons: QWidget, preferred: QSize | None = None
) -> QScrollArea:
    """Lay ``dialog`` out as ``body``, which scrolls when the dialog cannot be tall enough for
    it, above ``buttons``, which stay in view; and keep the dialog on the screen (``preferred``:
    its first size, else what its content asks for).  The body's own margins are dropped: the
    dialog's go round both."""
    layout = QVBoxLayout(dialog)
    area = _Body(body)
    inner = body.layout()
    if inner is not None:
        inner.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(area, 1)
    layout.addWidget(buttons)
    keep_on_screen(dialog, preferred)
    return area


# --- the main window --------------------------------------------------------------------------


class _PlaceKeeper(QObject):
    """Follows the main window's normal geometry (what it returns to when un-maximised), and
    remembers it with the window's state and screen when the window is closed."""

    def __init__(self, window: QWidget, key: str, normal: QRect) -> None:
        super().__init__(window)
        self.window = window
        self.key = key
        self.normal = QRect(normal)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()  # first: see _Keeper.eventFilter
        if kind in (QEvent.Type.Move, QEvent.Type.Resize):
            if self.window.isVisible() and not _maximized_or_more(self.window):
                self.normal = self.window.geometry()
        elif kind == QEvent.Type.Close:
            # Closing may still be refused (a report to save): remembered either way.
            self.remember()
        return False

    def remember(self) -> None:
        place = settings.WindowPlace(
            QRect(self.normal),
            self.window.isMaximized(),
            screen_key(self.window.screen()),
        )
        settings.remember_window_place(self.key, place)


def _screen(screen: QScreen) -> Screen:
    return Screen(screen_key(screen), screen.geometry(), screen.availableGeometry())


def show_main_window(window: QWidget, preferred: QSize, key: str = settings.MAIN_WINDOW) -> None:
    """Show the main window fitted to the screen, as ``main_window_place`` decides, and
    remember its place under ``key`` when it closes."""
    current = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
    rect, maximized = main_window_place(
        settings.window_place(key),
        preferred,
        [_screen(s) for s in QGuiApplication.screens()],
        _screen(current),
        frame_margins(window),
    )
    _place(window, rect)
    _PlaceKeeper(window, key, rect)
    keep_on_screen(window, rect.size())
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    window.show()
