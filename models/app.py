"""The program's name, version and data folders."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "年报助手"
APP_FULL_NAME = "政府信息公开工作年度报告填报助手"
APP_ID = "nianbao-zhushou"
VERSION = "0.1.0"

HOME_ENV = "NIANBAO_HOME"
"""Points the data and settings folders elsewhere (tests, portable installs)."""


def data_dir() -> Path:
    """Where autosaves and recovery files live; created on first use."""
    return _folder("data")


def config_dir() -> Path:
    """Where settings live; created on first use."""
    return _folder("config")


def _folder(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override) / kind
    else:
        import platformdirs  # imported here: only the GUI needs it, and only once

        if kind == "data":
            path = Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
        else:
            path = Path(platformdirs.user_config_dir(APP_ID, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
