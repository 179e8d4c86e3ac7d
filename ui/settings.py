"""The window's settings file (recent files, the problems panel's state, where the window was):
one QSettings in the settings folder, an INI file a clerk or an administrator can read."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSettings

from models.app import config_dir

MAIN_WINDOW = "main_window"
"""The settings group of the main window's place."""


def settings() -> QSettings:
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)


@dataclass(frozen=True)
class WindowPlace:
    """Where a window was when it was closed (ui/screen_fit.py fits it to the screen again)."""

    rect: QRect
    """Its normal geometry, frame excluded: where it returns when not maximised."""
    maximized: bool
    screen: str
    """The screen it was on, by name and size (“HDMI-1 1920x1080”)."""


def window_place(group: str) -> WindowPlace | None:
    """The place remembered under ``group``; None if there is none or it cannot be read (an
    edited or damaged file: the window then opens as the first time)."""
    store = settings()
    rect = store.value(f"{group}/geometry")
    if not isinstance(rect, QRect) or rect.width() <= 0 or rect.height() <= 0:
        return None
    maximized = store.value(f"{group}/maximized", False, type=bool)
    screen = store.value(f"{group}/screen", "", type=str)
    return WindowPlace(rect, maximized is True, str(screen))


def remember_window_place(group: str, place: WindowPlace) -> None:
    store = settings()
    store.setValue(f"{group}/geometry", place.rect)  # @Rect(x y width height)
    store.setValue(f"{group}/maximized", place.maximized)
    store.setValue(f"{group}/screen", place.screen)
    store.sync()
