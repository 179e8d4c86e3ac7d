"""A parsed web page as lines of text and statistics tables.

Government sites put a report inside layers of page furniture and layout tables.  A table is a
statistics table (a data table) only when it holds no other table and its cells share labels
with one of the format's tables (``exporters.reading.cells.table_keys``); every other table is
layout, and its cells are read as flowing text.  Paragraph blocks (p, div, h1–h6, li, the cells
of layout tables …) and <br> end lines; scripts, styles, forms' controls, frames and hidden
elements are skipped.  Every walk is iterative (an explicit stack): nesting never exhausts
Python's recursion, and each element is visited a bounded number of times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from exporters.reading.cells import DocTable, SpannedCell, label_key, table_from_rows

_NAMES = re.compile(r"\S+")
BLOCKS = frozenset(
    _NAMES.findall(
        """address article aside blockquote body caption center dd details dialog dir div dl dt
        fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
        main menu nav ol p pre section summary table tbody td tfoot th thead tr ul"""
    )
)
SKIPPED = frozenset(
    _NAMES.findall(
        """applet audio button canvas datalist embed frame frameset head iframe input map math
        meta noframes noscript object option optgroup script select source style svg template
        textarea title video"""
    )
)
HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_WRAPPED = re.compile(rf"(?<=[{_CJK}])[ \t\f]*[\r\n][ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
MAX_LINES = 50_000
"""A report's page has a few hundred lines; more is not a report page (and would be slow)."""
MAX_ROW_SPAN = 65534
MAX_COLUMN_SPAN = 1000
"""The largest spans browsers honour (the HTML standard's limits)."""


def collapse(text: str) -> str:
    """Text as a browser shows it: a line break between two Chinese characters (the source was
    wrapped) is nothing, any other run of spaces and line breaks one space."""
    return _SPACES.sub(" ", _WRAPPED.sub("", text))


@dataclass
class Line:
    """One line of the page's text, with how it was marked up."""

    text: str
    block: int
    """Lines of one paragraph block (split only by <br>) share this number."""
    heading: bool = False
    """In an h1–h6 element."""
    bold_prefix: str = ""
    """The line's opening words when they, and not the rest, are bold (b, strong, h1–h6)."""
    all_bold: bool = False


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    tables: list[tuple[int, DocTable]] = field(default_factory=list)
    """The data tables with the number of lines before each."""
    title: str = ""
    """The text of the page's <title>."""


def _tag(element: Any) -> str | None:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None


def _hidden(element: Any) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


def _bold(element: Any, tag: str) -> bool:
    if tag in ("b", "strong") or tag in HEADINGS:
        return True
    style = element.get("style")
    return bool(style) and _BOLD_STYLE.search(style) is not None


class PageTooLarge(Exception):
    """The page has more lines than any report's page (``MAX_LINES``)."""


class _Lines:
    """Collects the lines of a subtree."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.pieces: list[tuple[str, bool]] = []
        self.block = 0
        self.bold = 0
        self.heading = 0
        self.pre = 0

    def text(self, text: str | None) -> None:
        if not text:
            return
        if self.pre:
            first, *rest = text.split("\n")
            self.pieces.append((first, self.bold > 0))
            for more in rest:
                self.end_line()
                self.pieces.append((more, self.bold > 0))
            return
        self.pieces.append((text, self.bold > 0))

    def end_line(self) -> None:
        pieces, self.pieces = self.pieces, []
        text = collapse("".join(p for p, _ in pieces)).strip()
        if not text:
            return
        prefix: list[str] = []
        for piece, bold in pieces:
            if not bold:
                if piece.strip():
                    break
                continue
            prefix.append(piece)
        bold_prefix = collapse("".join(prefix)).strip()
        all_bold = bold_prefix == text
        if len(self.lines) >= MAX_LINES:
            raise PageTooLarge
        self.lines.append(
            Line(text, self.block, self.heading > 0, "" if all_bold else bold_prefix, all_bold)
        )

    def end_block(self) -> None:
        self.end_line()
        self.block += 1


def _walk(root: Any, into: _Lines, data_tables: dict[Any, DocTable], page: Page | None) -> None:
    """The lines of ``root``'s subtree into ``into``; data tables (when ``page`` is given) into
    ``page.tables`` in place of their text."""
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = _tag(element)
        if closing:
            if tag in BLOCKS:
                into.end_block()
            if tag is not None and _bold(element, tag):
                into.bold -= 1
            if tag in HEADINGS:
                into.heading -= 1
            if tag == "pre":
                into.pre -= 1
            if element is not root:
                into.text(element.tail)
            continue
        if tag is None or tag in SKIPPED or _hidden(element):
            if element is not root:
                into.text(element.tail)
            continue
        if tag == "br":
            into.end_line()
            into.text(element.tail)
            continue
        if page is not None and element in data_tables:
            into.end_block()
            page.tables.append((len(into.lines), data_tables[element]))
            into.text(element.tail)
            continue
        if tag in BLOCKS:
            into.end_block()
        if _bold(element, tag):
            into.bold += 1
        if tag in HEADINGS:
            into.heading += 1
        if tag == "pre":
            into.pre += 1
        stack.append((element, True))
        into.text(element.text)
        stack.extend((child, False) for child in reversed(element))


def cell_text(cell: Any) -> str:
    """A table cell's text, its lines (paragraphs, <br>) joined by line breaks."""
    lines = _Lines()
    _walk(cell, lines, {}, None)
    lines.end_line()
    return "\n".join(line.text for line in lines.lines)


def _span(value: str | None, limit: int) -> int:
    """A rowspan/colspan attribute as browsers read it: its leading digits, at most ``limit``
    (0 kept: a row span "to the end"); 1 when there are none."""
    match = re.match(r"\s*(\d{1,6})", value or "")
    return min(int(match[1]), limit) if match else 1


def _innermost_tables(root: Any) -> list[Any]:
    """The tables that hold no other table, in document order."""
    holding: set[Any] = set()
    tables: list[Any] = []
    open_tables: list[Any] = []
    for event, element in etree.iterwalk(root, events=("start", "end"), tag="table"):
        if event == "start":
            if open_tables:
                holding.add(open_tables[-1])
            open_tables.append(element)
            tables.append(element)
        else:
            open_tables.pop()
    return [t for t in tables if t not in holding]


def _data_tables(root: Any, format_keys: Iterable[set[str]]) -> dict[Any, DocTable]:
    """The page's statistics tables by their elements: innermost tables whose cells share at
    least three labels with one of the format's tables."""
    found: dict[Any, DocTable] = {}
    keys_of_format = list(format_keys)
    for table in _innermost_tables(root):
        # A quick look first (the text of each cell as one string): most tables are layout.
        cells = [c for tr in table.iter("tr") for c in tr if _tag(c) in ("td", "th")]
        keys = {label_key(c.text_content()) for c in cells}
        if not any(len(keys & spec_keys) >= 3 for spec_keys in keys_of_format):
            continue
        rows: list[list[SpannedCell]] = []
        for tr in table.iter("tr"):
            rows.append(
                [
                    SpannedCell(
                        cell_text(cell),
                        _span(cell.get("rowspan"), MAX_ROW_SPAN),
                        _span(cell.get("colspan"), MAX_COLUMN_SPAN),
                    )
                    for cell in tr
                    if _tag(cell) in ("td", "th")
                ]
            )
        laid_out = table_from_rows(rows)
        if laid_out is not None:
            found[table] = laid_out
    return found


def read_page(root: Any, format_keys: Iterable[set[str]]) -> Page:
    """The lines and statistics tables of a parsed page (an lxml.html document)."""
    page = Page()
    title = root.find(".//title")
    if title is not None:
        page.title = collapse(title.text_content() or "").strip()
    lines = _Lines()
    _walk(root, lines, _data_tables(root, format_keys), page)
    lines.end_line()
    page.lines = lines.lines
    return page
