"""Pages as the painter draws them, and the pager that fills them.

Everything is in points, measured from the top-left corner of the text block.  The pager takes
the report as a list of units (a line of text, one line pitch high, or a table row) and stacks
them page by page, as LibreOffice and Word stack a document with a line grid (each line a pitch
high; after a table the text goes on right below it, not on the page's grid lines): a unit never
splits, a unit marked ``keep_next`` stays on the page of the unit after it (headings, a table's
lead sentence, header and caption rows), and a table row that starts a page below a repeated
header leaves room for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from exporters.printout.fonts import FontKey

EPSILON = 0.01


@dataclass(frozen=True)
class Text:
    """One line of text: its left end at ``x``, its baseline at ``y``."""

    x: float
    y: float
    text: str
    font: FontKey
    spacing: float = 0.0
    """Added after every character (points): the grid's pitch and a justified line's stretch."""


@dataclass(frozen=True)
class Rule:
    """A straight line from (x1, y1) to (x2, y2), ``weight`` points thick."""

    x1: float
    y1: float
    x2: float
    y2: float
    weight: float


@dataclass(frozen=True)
class Fill:
    """A shaded rectangle (a caption row of 表二)."""

    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass
class Page:
    texts: list[Text] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)


Draw = Callable[[Page, float], None]
"""Draws a unit on a page with its top at y."""


@dataclass
class Unit:
    """Something the pager places whole: a grid line of text or a table row."""

    height: float
    draw: Draw
    keep_next: bool = False
    table: object | None = None
    """The table a row belongs to (rows of one table are consecutive)."""
    header: float = 0.0
    """For a table row: the height of the header rows repeated above it on a new page."""
    page_before: bool = False
    """The unit starts a new page (the list of findings)."""


class Pager:
    """Places units on pages of ``height`` points."""

    def __init__(self, height: float) -> None:
        self.height = height

    def _top(self, unit: Unit, y: float, previous: Unit | None, fresh: bool) -> float:
        """Where ``unit`` starts after ``previous`` ended at y (on a fresh page: y = 0)."""
        if (
            fresh
            and previous is not None
            and unit.table is not None
            and (previous.table is unit.table)
        ):
            return y + unit.header
        return y

    def _chain_fits(self, units: list[Unit], start: int, y: float, fresh: bool) -> bool:
        """Whether ``units[start]`` and the units kept with it fit from y down."""
        i = start
        previous = units[start - 1] if start else None
        while True:
            unit = units[i]
            top = self._top(unit, y, previous, fresh and i == start)
            y = top + unit.height
            if y > self.height + EPSILON:
                return False
            if not unit.keep_next or i + 1 >= len(units):
                return True
            previous, i, fresh = unit, i + 1, False

    def place(self, units: list[Unit]) -> list[Page]:
        pages = [Page()]
        y = 0.0
        fresh = True
        for index, unit in enumerate(units):
            previous = units[index - 1] if index else None
            if unit.page_before and not fresh:
                pages.append(Page())
                y, fresh = 0.0, True
            if not fresh and not self._chain_fits(units, index, y, False):
                # Break here unless the chain does not fit a whole page either: then it is
                # placed as it comes (a keep that cannot be kept is dropped, as Word does).
                alone = self._top(unit, y, previous, False) + unit.height
                if self._chain_fits(units, index, 0.0, True) or alone > self.height + EPSILON:
                    pages.append(Page())
                    y, fresh = 0.0, True
            top = self._top(unit, y, previous, fresh)
            unit.draw(pages[-1], top)
            y, fresh = top + unit.height, False
        return pages
