"""Web pages: a report as published on an agency's 政府信息公开专栏, saved from the browser."""

from __future__ import annotations

from pathlib import Path

from exporters import ReadResult
from models.files import FileProblem


def read(path: Path) -> ReadResult:
    raise FileProblem(f"“{Path(path).name}”是网页文件，年报助手还不能读取网页。")
