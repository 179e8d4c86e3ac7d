"""Rows a page break cut in two, joined again.

Word, WPS, LibreOffice and browsers let a table row break across pages unless told otherwise, so
a published PDF may print the first lines of a label and the row's numbers at the foot of a page
and the rest of the label at the top of the next, each part ruled as a row of its own
(“1.申请人无正当理由逾期不” / “补正、行政机关不再处理其政府信息公开申请”), a merged group label
cut the same way (“（六）其” / “他处理”).  The PDF reader says where its pages' parts of a table
meet (``DocTable.breaks``); here the two rows on either side of such a meeting are made one again
when they are the parts of one row: every cell ending above the break has a part below it in the
same columns, no value cell holds a number in both parts (a number's note may go on below the
break: “1（其” / “中网上申请1件）”), and the label joined is a label of the
format — closer to it than either part alone (in a header row, every label cut in two: “结果维” /
“持”).  Two whole rows never are: their labels are each a label already.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from exporters.reading.cells import DocTable, Region, label_key
from exporters.reading.places import likeness, value_like

JOINED = 0.8
"""How like a label of the format the joined label must be."""


def join_cut_rows(table: DocTable, labels: Sequence[str]) -> DocTable:
    """``table`` with each row a page break cut in two (see the module) one row again, and each
    merged label cell it cut between two rows (“（四）” / “无法提供”) one cell again."""
    for row in sorted(table.breaks, reverse=True):
        if not 0 < row < table.rows:
            continue
        table = _joined(table, row) if _cut(table, row, labels) else _cells(table, row, labels)
    return table


def _cells(table: DocTable, row: int, labels: Sequence[str]) -> DocTable:
    """``table`` with the label cells either side of ``row`` (one ending above it, one starting
    at it, in the same columns) that are the parts of one label made one cell."""
    above = {(g.column, g.end): g for g in table.regions if g.row + g.row_span == row}
    below = {(g.column, g.end): g for g in table.regions if g.row == row}
    pairs = [
        (above[key], below[key])
        for key in above.keys() & below.keys()
        if not value_like(above[key].text)
        and not value_like(below[key].text)
        and _whole(above[key].text.strip(), below[key].text.strip(), labels)
    ]
    if not pairs:
        return table
    gone = {id(b) for _, b in pairs}
    merged = {id(a): _merged(a, b, a.row_span + b.row_span) for a, b in pairs}
    regions = [merged.get(id(g), g) for g in table.regions if id(g) not in gone]
    result = DocTable(regions, table.columns, table.rows, breaks=table.breaks)
    result.keys = {g.key for g in regions if g.key}
    return result


def _merged(a: Region, b: Region, span: int) -> Region:
    """One region of the parts ``a`` (above) and ``b`` (below), spanning ``span`` rows."""
    text = a.text.rstrip() + b.text.strip()
    return Region(a.row, a.column, span, a.column_span, text, label_key(text))


def _pairs(table: DocTable, row: int) -> list[tuple[Region, Region]] | None:
    """The cells ending above ``row`` with the cells starting at it in the same columns; None when
    the two rows are not laid out alike."""
    above = {(g.column, g.end): g for g in table.regions if g.row + g.row_span == row}
    below = {(g.column, g.end): g for g in table.regions if g.row == row}
    if not above or above.keys() != below.keys():
        return None
    return [(above[key], below[key]) for key in sorted(above)]


def _cut(table: DocTable, row: int, labels: Sequence[str]) -> bool:
    pairs = _pairs(table, row)
    if pairs is None:
        return False
    texts = [(a.text.strip(), b.text.strip()) for a, b in pairs]
    values = [(a, b) for a, b in texts if value_like(a) and value_like(b)]
    if any(a and b for a, b in values):
        return False
    # A number whose note the break cut (“1（其” / “中网上申请1件）”): a value, its number above.
    noted = [(a, b) for a, b in texts if a and b and (a, b) not in values and value_like(a + b)]
    values += [(a, "") for a, _ in noted]
    words = [
        (a, b) for a, b in texts if (a, b) not in noted and not (value_like(a) and value_like(b))
    ]
    split = [(a, b) for a, b in words if a and b]
    if not split:
        # The label whole on one side, the numbers (a cell centred in its height) on the other:
        # no whole row has a label without numbers beside a row of numbers without a label.
        label_above = any(a for a, _ in words) and not any(b for _, b in words)
        label_below = any(b for _, b in words) and not any(a for a, _ in words)
        values_above = any(a for a, _ in values) and not any(b for _, b in values)
        values_below = any(b for _, b in values) and not any(a for a, _ in values)
        return (label_above and values_below) or (label_below and values_above)
    # A row of values: its own label, the last before the values, must come whole; a header row
    # (no values): every label cut in two.
    return all(_whole(a, b, labels) for a, b in (split[-1:] if values else split))


def _whole(first: str, rest: str, labels: Sequence[str]) -> bool:
    """Whether two parts make a label of the format, closer to it than either part alone."""
    joined = first + rest
    best = max((likeness(joined, label) for label in labels), default=0.0)
    alone = max((likeness(part, label) for part in (first, rest) for label in labels), default=0.0)
    return best >= JOINED and best > alone


def _joined(table: DocTable, row: int) -> DocTable:
    """``table`` with rows ``row - 1`` and ``row`` one row."""
    pairs = _pairs(table, row) or []
    parts = {id(b) for _, b in pairs}
    merged = {id(a): _merged(a, b, a.row_span + b.row_span - 1) for a, b in pairs}
    regions = []
    for g in table.regions:
        if id(g) in parts:
            continue
        if id(g) in merged:
            regions.append(merged[id(g)])
        elif g.row > row:
            regions.append(dataclasses.replace(g, row=g.row - 1))
        elif g.row < row < g.row + g.row_span:
            regions.append(dataclasses.replace(g, row_span=g.row_span - 1))
        else:
            regions.append(g)
    result = DocTable(
        regions,
        table.columns,
        table.rows - 1,
        breaks=frozenset(b - 1 if b > row else b for b in table.breaks if b != row),
    )
    result.keys = {g.key for g in regions if g.key}
    return result
