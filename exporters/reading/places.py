"""Rows of a document's table known by their place as well as by their label.

The format fixes each table's shape, so a row whose printed label differs from the official one
(a typo: "2.其他法律行政止公开"; words missing: "规范性文件" for 行政规范性文件) still sits where
that row belongs: after the row above it and before the row below it.  ``value_lines`` lists the
rows of the document's tables that read like rows of values (a label, then cells of numbers,
blanks or placeholders); ``pair_by_place`` pairs the official rows the labels did not find with
the lines left between the rows they did find, in order, by place and the closest label.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from exporters.reading.cells import DocTable, Region, label_key
from models.format.spec import NumberKind
from models.values import InputError, read_cell

_CJK = re.compile(r"[\u3400-\u9fff]")
_NOTE = re.compile(r"\([^()]*\)")
_NUMBERING = re.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+\.)")

LIKE = 0.5
"""How alike a printed label and an official one must be to be paired where the numbers of
rows left on either side differ (difflib's ratio of their bare keys)."""
LIKE_UNBOUNDED = 0.3
"""How alike they must be where the rows left are as many, but the run is at the table's start
or end (no found row on one side to hold it in place)."""
LIKE_BOUNDED = 0.2
"""How alike they must be where found rows hold the run on both sides: next to nothing, but an
unrelated row printed in a missing row's place is not read as it."""


def bare_key(text: str) -> str:
    """A label's key (``label_key``) without the notes in brackets after its numbering:
    （二）部分公开（区分处理的，…） → (二)部分公开; 本年收费金额（单位：万元） → 本年收费金额."""
    key = label_key(text)
    head = _NUMBERING.match(key)
    start = head.end() if head else 0
    return key[:start] + _NOTE.sub("", key[start:])


def unnumbered(text: str) -> str:
    """A label's bare key without its numbering either (1.属于国家秘密 and （1）属于国家秘密 are
    the same row written two ways)."""
    key = bare_key(text)
    return re.sub(r"^\(\d+\)", "", _NUMBERING.sub("", key))


def likeness(printed: str, official: str) -> float:
    """How alike two labels are, 0 to 1, numbering included (2.其他法律行政止公开 and
    2.其他法律行政法规禁止公开: 0.9)."""
    return difflib.SequenceMatcher(None, bare_key(printed), bare_key(official)).ratio()


def value_like(text: str) -> bool:
    """Whether a cell's text is what a value cell holds: nothing, a number (with a unit or a
    note), a placeholder for 0, or anything without a Chinese character (digits a reader could
    not parse are still a value, not a label)."""
    text = text.strip()
    if not text or not _CJK.search(text):
        return True
    for kind in NumberKind:  # 12件 and 240.9199万元 alike
        try:
            read_cell(text, kind)
        except InputError:
            continue
        return True
    return False


@dataclass(frozen=True)
class Line:
    """A row of a document table that reads like a row of values."""

    order: int
    """Which of the tables (in the document's order) holds it."""
    table: DocTable
    label: Region
    values: tuple[Region, ...]

    @property
    def place(self) -> tuple[int, int]:
        return (self.order, self.label.row)


def value_lines(tables: Sequence[DocTable]) -> list[Line]:
    """Every row of ``tables`` whose last cells are values and whose label (the cell before
    them) starts in that row, in the document's order."""
    found: list[Line] = []
    for order, table in enumerate(tables):
        for row in range(table.rows):
            regions = table.in_row(row)
            first = len(regions)
            while first > 0 and value_like(regions[first - 1].text):
                first -= 1
            if first == 0 or first == len(regions):
                continue
            label = regions[first - 1]
            if label.row != row or not label.key:
                continue
            found.append(Line(order, table, label, tuple(regions[first:])))
    return found


def pair_by_place(
    official: Sequence[str], lines: Sequence[Line], *, bounded: bool
) -> list[tuple[int, Line]]:
    """Official labels (a run the labels did not find) paired with ``lines`` (the lines left
    between the rows found on either side), order kept.  As many lines as labels: each takes the
    line at its place if the two are at all alike (``LIKE_BOUNDED`` where found rows hold the run
    on both sides, else ``LIKE_UNBOUNDED``).  Otherwise the pairs of the most alike labels, each at
    least ``LIKE``, in order (a longest-common-subsequence over likeness)."""
    if not official or not lines:
        return []
    alike = [[likeness(line.label.text, label) for line in lines] for label in official]
    if len(official) == len(lines):
        least = LIKE_BOUNDED if bounded else LIKE_UNBOUNDED
        return [(i, lines[i]) for i in range(len(official)) if alike[i][i] >= least]
    rows, columns = len(official), len(lines)
    best = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(columns - 1, -1, -1):
            take = alike[i][j] + best[i + 1][j + 1] if alike[i][j] >= LIKE else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, Line]] = []
    i = j = 0
    while i < rows and j < columns:
        if alike[i][j] >= LIKE and best[i][j] == alike[i][j] + best[i + 1][j + 1]:
            pairs.append((i, lines[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
