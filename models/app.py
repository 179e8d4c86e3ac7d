"""The program's name, version and data folders."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

APP_NAME = "年报助手"
APP_FULL_NAME = "政府信息公开工作年度报告填报助手"
APP_ID = "nianbao-zhushou"

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
"""Where the version is written, the one place: pyproject.toml's [project].version.  From source
it is the repository's; the frozen program carries a copy at the same place relative to this
module (packaging/nianbao.spec puts it at the bundle's top, beside models/)."""


def _version() -> str:
    with PYPROJECT.open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


VERSION = _version()

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
