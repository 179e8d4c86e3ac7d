"""The project file (.gknb) through the same door as the other formats."""

from __future__ import annotations

from pathlib import Path

from exporters.result import ReadResult
from models import project_file
from models.report import Report


def read(path: Path) -> ReadResult:
    return ReadResult(project_file.load(path))


def write(report: Report, path: Path, *, draft: bool = False) -> None:
    project_file.save(report, path)
