"""The window's settings file (recent files, the problems panel's state): one QSettings in the
settings folder, an INI file a clerk or an administrator can read."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from models.app import config_dir


def settings() -> QSettings:
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)
