"""The finished document in reading order, as pieces: the title's lines, the preamble's
paragraphs, each section's heading, paragraphs, （一） sub-headings and table, and the 落款.

The words come from ``models.document.text`` and the report, in the order the .docx and the
printout write them; a writer that lays the document out its own way (the web page, the
clipboard's HTML and plain text) walks these pieces instead of walking the sections again, so
every form of the report says the same thing in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from models.document.text import preamble_paragraphs, signer, title_lines
from models.format.spec import SectionSpec, TableSpec
from models.report import Report, format_date, part_number


class PieceKind(Enum):
    TITLE = "title"
    """The title, one piece holding its lines (``lines``)."""
    PARAGRAPH = "paragraph"
    SECTION = "section"
    """A section's heading (一、总体情况)."""
    PART = "part"
    """A sub-heading with its numbering (（一）主动公开情况)."""
    TABLE = "table"
    SIGNER = "signer"
    DATE = "date"
    """The 落款's two lines."""


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str = ""
    lines: tuple[str, ...] = ()
    """The title's lines, broken where the house style breaks them."""
    section: SectionSpec | None = None
    """The section a heading, paragraph or table belongs to (None for the preamble)."""
    table: TableSpec | None = None


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def outline(report: Report) -> list[Piece]:
    """The document's pieces in reading order."""
    lines = tuple(title_lines(report))
    pieces = [Piece(PieceKind.TITLE, "".join(lines), lines=lines)]
    pieces += [Piece(PieceKind.PARAGRAPH, p) for p in preamble_paragraphs(report)]
    for section in report.format.sections:
        text = report.sections[section.key]
        pieces.append(Piece(PieceKind.SECTION, section.heading, section=section))
        pieces += [Piece(PieceKind.PARAGRAPH, p, section=section) for p in _paragraphs(text.intro)]
        for index, part in enumerate(text.parts):
            if part.heading.strip():
                heading = part_number(index) + part.heading.strip()
                pieces.append(Piece(PieceKind.PART, heading, section=section))
            pieces += [
                Piece(PieceKind.PARAGRAPH, p, section=section) for p in _paragraphs(part.text)
            ]
        if section.table is not None:
            pieces.append(Piece(PieceKind.TABLE, section=section, table=section.table))
    name, date = signer(report), format_date(report.report_date)
    if name:
        pieces.append(Piece(PieceKind.SIGNER, name))
    if date:
        pieces.append(Piece(PieceKind.DATE, date))
    return pieces
