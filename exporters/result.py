"""What a reader returns and the shapes of a format's reader and writer: in a module of their
own, so that the readers need not import the exporters package's facade (``exporters``), which
holds the application's services (read_report, export_report, findings_for) built on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from models.report import Report


@dataclass
class ReadResult:
    """A report read from a file, with remarks on what the reader noticed (in Chinese): blank
    cells or “/” kept blank, a 2019-format table, labels it had to guess …"""

    report: Report
    notes: list[str] = field(default_factory=list)


class Reader(Protocol):
    def __call__(self, path: Path) -> ReadResult: ...


class Writer(Protocol):
    def __call__(self, report: Report, path: Path, *, draft: bool) -> None: ...
