"""The document as every reader hands it over, whatever the file format: a table as its (merged)
regions with their text, and text normalised for comparing with the format's labels.  The Word,
web-page and PDF readers each turn their file into these; ``exporters.reading.tables`` and
``exporters.reading.text`` interpret them the one way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from models.format import Node, TableSpec

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
