"""A published report's text-based PDF read back."""

from __future__ import annotations

from pathlib import Path

from exporters import ReadResult
from exporters.file_kinds import PDF
from models.files import FileProblem


def read(path: Path) -> ReadResult:
    raise FileProblem(PDF.format(name=f"“{Path(path).name}”"))
