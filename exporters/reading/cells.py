"""The document as every reader hands it over, whatever the file format: a table as its (merged)
regions with their text, and text normalised for comparing with the format's labels.  The Word,
web-page and PDF readers each turn their file into these; ``exporters.reading.tables`` and
``exporters.reading.text`` interpret them the one way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from models.format.spec import Node, TableSpec

# --- normalised text for matching ------------------------------------------------------------

_QUOTES = re.compile("[\"'“”‘’「」『』]")
_NUMBERING_DOT = re.compile(r"(?<=\d)[、．.]")
SPACE = re.compile(r"\s+")


def label_key(text: str) -> str:
    """Text as compared with a label: NFKC (full-width forms folded), no spaces or line breaks,
    no quotes, "1、" as "1.", no closing colon."""
    text = unicodedata.normalize("NFKC", text)
    text = SPACE.sub("", text)
    text = _QUOTES.sub("", text)
    text = _NUMBERING_DOT.sub(".", text)
    return text.rstrip(":：")


def node_keys(node: Node) -> set[str]:
    return {k for k in (label_key(node.label), label_key(node.display)) if k}


def clean(text: str) -> str:
    """A paragraph's text as kept: no spaces at either end (full-width indents included)."""
    return text.strip(" \t\r\n\u3000\u00a0\u2002\u2003")


# --- tables of the document ------------------------------------------------------------------


@dataclass
class Region:
    """One (possibly merged) cell of a document table."""

    row: int
    column: int
    row_span: int
    column_span: int
    text: str
    key: str = ""

    @property
    def end(self) -> int:
        return self.column + self.column_span

    def covers_row(self, row: int) -> bool:
        return self.row <= row < self.row + self.row_span


@dataclass
class DocTable:
    regions: list[Region]
    columns: int
    rows: int
    keys: set[str] = field(default_factory=set)
    breaks: frozenset[int] = frozenset()
    """Rows that begin a new page's part of a table a PDF printed over several pages (a row
    the break may have cut in two; ``exporters.reading.cut_rows``)."""

    def in_row(self, row: int) -> list[Region]:
        return sorted((g for g in self.regions if g.covers_row(row)), key=lambda g: g.column)


def table_keys(table: TableSpec) -> set[str]:
    keys: set[str] = set()
    for block in table.blocks:
        keys |= {label_key(block.caption), label_key(block.corner)}
        for node in all_nodes(block.columns + block.rows):
            keys |= node_keys(node)
    keys.discard("")
    return keys


def all_nodes(nodes: Sequence[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from all_nodes(node.children)


def some(names: Sequence[str], limit: int = 5, *, quoted: bool = True) -> str:
    """The first ``limit`` of ``names`` (quoted: a cell's ``place`` brings its own 「」), and
    how many there are in all."""
    shown = "、".join(f"“{n}”" if quoted else n for n in names[:limit])
    return shown + (f"等 {len(names)} 处" if len(names) > limit else "")


# --- tables given as rows of cells (web pages) -----------------------------------------------


@dataclass
class SpannedCell:
    """A cell as a row of an HTML-like table lists it: its text and how many rows and columns it
    spans (a row span of 0 or less reaches the last row)."""

    text: str
    row_span: int = 1
    column_span: int = 1


MAX_GRID_CELLS = 100_000
"""A statistics table covers a few hundred grid cells; a grid larger than this is not one."""


def table_from_rows(
    rows: Sequence[Sequence[SpannedCell]], *, max_cells: int = MAX_GRID_CELLS
) -> DocTable | None:
    """The regions of a table given row by row, laid out as browsers lay out HTML tables: each
    cell takes the first column of its row not covered by a cell above that spans into it; a row
    span reaching past the last row ends there; a span below 1 counts as 1 (a row span of 0 or
    less as "to the last row").  None when the grid would cover more than ``max_cells`` cells
    (spans no statistics table has: a damaged or hostile page)."""
    covered: list[set[int]] = [set() for _ in rows]
    regions: list[Region] = []
    width = 0
    area = 0
    for r, row in enumerate(rows):
        taken = covered[r]
        column = 0
        for cell in row:
            while column in taken:
                column += 1
            row_span = len(rows) - r if cell.row_span <= 0 else min(cell.row_span, len(rows) - r)
            column_span = max(1, cell.column_span)
            area += row_span * column_span
            if area > max_cells:
                return None
            for below in range(r + 1, r + row_span):
                covered[below].update(range(column, column + column_span))
            regions.append(
                Region(r, column, row_span, column_span, cell.text, label_key(cell.text))
            )
            column += column_span
        width = max(width, column, max(taken, default=-1) + 1)
    table = DocTable(regions, width, len(rows))
    table.keys = {g.key for g in regions if g.key}
    return table
