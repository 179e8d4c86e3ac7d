"""Ruled tables of PDF pages: the cells come from the drawn rules (a grid line missing inside the
table merges the cells on either side), the text of a cell from the characters inside it (a
turned character only when it fits inside the cell: a larger one is a watermark).  A
table that runs on over a page break is put together again: the header rows repeated at the top
of the next part are dropped and a merged label the break cut in two is one cell again, its text
from whichever part holds it (Word prints it in the first part, our own writer in the part
holding at least half of its height)."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from exporters.pdf.page_content import Glyph, Rule
from exporters.pdf.page_text import cell_text
from exporters.reading.cells import DocTable, Region, label_key

TOUCH = 2.0
"""Points: rules this close meet; edges this close are one."""
MAX_LINES = 400
"""Lines on one page looked at, after joining collinear rules (a table page has about 60)."""
MAX_GRID = 4_000
"""Cells of one table's grid (表三 has 280)."""


@dataclass
class _Line:
    at: float
    start: float
    end: float


@dataclass
class Cell:
    row: int
    row_span: int
    x0: float
    x1: float
    text: str

    @property
    def end_row(self) -> int:
        return self.row + self.row_span


@dataclass
class PageTable:
    """One table as drawn on one page."""

    page: int
    top: float
    bottom: float
    left: float
    right: float
    edges: list[float]
    """The x of its column edges."""
    rows: int
    cells: list[Cell] = field(default_factory=list)
    breaks: frozenset[int] = frozenset()
    """Rows that begin the part of the table on a following page (a row the break cut in two
    is two rows here: the interpretation, which knows the labels, may join them)."""


def _cluster(values: Sequence[float], tolerance: float) -> list[float]:
    """The values, those within ``tolerance`` of the one before taken as one (their mean)."""
    out: list[list[float]] = []
    for value in sorted(values):
        if out and value - out[-1][-1] <= tolerance:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(group) / len(group) for group in out]


def _joined(rules: list[Rule]) -> list[_Line]:
    """Collinear rules that overlap or touch, as one line."""
    lines: list[_Line] = []
    by_position = sorted(rules, key=lambda r: r.at)
    groups: list[list[Rule]] = []
    for rule in by_position:
        if groups and rule.at - groups[-1][-1].at <= TOUCH / 2:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    for group in groups:
        at = sum(r.at for r in group) / len(group)
        current: _Line | None = None
        for rule in sorted(group, key=lambda r: r.start):
            if current is not None and rule.start <= current.end + TOUCH:
                current.end = max(current.end, rule.end)
            else:
                current = _Line(at, rule.start, rule.end)
                lines.append(current)
    return lines


def _covered(lines: list[_Line], start: float, end: float) -> bool:
    """Whether ``lines`` (all at one position) cover most of start…end."""
    length = end - start
    if length <= 0:
        return True
    covered = sum(max(0.0, min(end, line.end) - max(start, line.start)) for line in lines)
    return covered >= 0.5 * length


def tables_on_page(page: int, rules: list[Rule], glyphs: Sequence[Glyph]) -> list[PageTable]:
    """The ruled tables on one page, top to bottom."""
    horizontal = _joined([r for r in rules if r.horizontal])
    vertical = _joined([r for r in rules if not r.horizontal])
    if len(horizontal) + len(vertical) > MAX_LINES or not horizontal or not vertical:
        return []
    # Rules that meet belong to one table (union-find over horizontal + vertical lines).
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for h, hline in enumerate(horizontal):
        for v, vline in enumerate(vertical):
            if (
                hline.start - TOUCH <= vline.at <= hline.end + TOUCH
                and vline.start - TOUCH <= hline.at <= vline.end + TOUCH
            ):
                a, b = find(h), find(len(horizontal) + v)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[_Line], list[_Line]]] = {}
    for h, hline in enumerate(horizontal):
        groups.setdefault(find(h), ([], []))[0].append(hline)
    for v, vline in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + v), ([], []))[1].append(vline)
    tables = [
        table
        for hs, vs in groups.values()
        if hs and vs
        for table in [_table(page, hs, vs, glyphs)]
        if table is not None
    ]
    return sorted(tables, key=lambda t: t.top)


def _table(
    page: int, horizontal: list[_Line], vertical: list[_Line], glyphs: Sequence[Glyph]
) -> PageTable | None:
    left = min(min(h.start for h in horizontal), min(v.at for v in vertical))
    right = max(max(h.end for h in horizontal), max(v.at for v in vertical))
    top = min(min(v.start for v in vertical), min(h.at for h in horizontal))
    bottom = max(max(v.end for v in vertical), max(h.at for h in horizontal))
    # An open side (no outer rule there) still bounds the table.
    xs = _cluster([v.at for v in vertical] + [left, right], TOUCH)
    ys = _cluster([h.at for h in horizontal] + [top, bottom], TOUCH)
    if len(xs) < 2 or len(ys) < 2 or right - left < 10 or bottom - top < 5:
        return None
    outer_v = [_Line(left, top, bottom), _Line(right, top, bottom)]
    outer_h = [_Line(top, left, right), _Line(bottom, left, right)]
    vertical = vertical + outer_v
    horizontal = horizontal + outer_h
    columns, rows = len(xs) - 1, len(ys) - 1
    if rows * columns > MAX_GRID:
        return None
    parent = list(range(rows * columns))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    at_x = [[v for v in vertical if abs(v.at - x) <= TOUCH] for x in xs]
    at_y = [[h for h in horizontal if abs(h.at - y) <= TOUCH] for y in ys]
    for r in range(rows):
        for col in range(columns):
            here = r * columns + col
            if col + 1 < columns and not _covered(at_x[col + 1], ys[r], ys[r + 1]):
                union(here, here + 1)
            if r + 1 < rows and not _covered(at_y[r + 1], xs[col], xs[col + 1]):
                union(here, here + columns)
    spans: dict[int, list[int]] = {}
    for r in range(rows):
        for col in range(columns):
            root = find(r * columns + col)
            box = spans.setdefault(root, [r, r, col, col])
            box[0], box[1] = min(box[0], r), max(box[1], r)
            box[2], box[3] = min(box[2], col), max(box[3], col)
    inside: dict[int, list[Glyph]] = {}
    for glyph in glyphs:
        x, y = glyph.centre_x, glyph.centre_y
        if not (left < x < right and top < y < bottom):
            continue
        col = min(max(bisect.bisect_right(xs, x) - 1, 0), columns - 1)
        r = min(max(bisect.bisect_right(ys, y) - 1, 0), rows - 1)
        root = find(r * columns + col)
        if glyph.turn and not _fits(glyph, spans[root], xs, ys):
            continue  # a turned character larger than its cell: a watermark over the table
        inside.setdefault(root, []).append(glyph)
    table = PageTable(page, top, bottom, left, right, xs, rows)
    for root, (r0, r1, c0, c1) in sorted(spans.items(), key=lambda item: item[1][::2]):
        table.cells.append(
            Cell(r0, r1 - r0 + 1, xs[c0], xs[c1 + 1], cell_text(inside.get(root, [])))
        )
    return table


def _fits(glyph: Glyph, span: list[int], xs: list[float], ys: list[float]) -> bool:
    """Whether ``glyph`` lies within the cell of rows span[0]…span[1] and columns
    span[2]…span[3]."""
    r0, r1, c0, c1 = span
    return (
        xs[c0] - TOUCH <= glyph.x0
        and glyph.x1 <= xs[c1 + 1] + TOUCH
        and ys[r0] - TOUCH <= glyph.top
        and glyph.bottom <= ys[r1 + 1] + TOUCH
    )


def contains(table: PageTable, glyph: Glyph) -> bool:
    return table.left < glyph.centre_x < table.right and table.top < glyph.centre_y < table.bottom


# --- a table over several pages ------------------------------------------------------------------


def _same_edges(a: Sequence[float], b: Sequence[float]) -> int:
    return sum(1 for x in a if any(abs(x - y) <= TOUCH for y in b))


def continues(first: PageTable, then: PageTable) -> bool:
    """Whether ``then`` (at the top of the next page, nothing between) goes on with ``first``:
    the same outer edges and mostly the same columns."""
    if abs(first.left - then.left) > TOUCH * 2 or abs(first.right - then.right) > TOUCH * 2:
        return False
    smaller = min(len(first.edges), len(then.edges))
    return _same_edges(then.edges, first.edges) >= 0.8 * smaller


def _row_cells(table: PageTable, low: int, high: int) -> list[tuple[float, float, int, int, str]]:
    return sorted(
        (round(g.x0), round(g.x1), g.row, g.row_span, label_key(g.text))
        for g in table.cells
        if low <= g.row < high
    )


def _closed(table: PageTable, k: int) -> bool:
    """No cell runs across the boundary above row ``k``."""
    return all(not (g.row < k < g.end_row) for g in table.cells)


def _alike(
    a: list[tuple[float, float, int, int, str]], b: list[tuple[float, float, int, int, str]]
) -> bool:
    return len(a) == len(b) and all(
        abs(p[0] - q[0]) <= TOUCH * 2 and abs(p[1] - q[1]) <= TOUCH * 2 and p[2:] == q[2:]
        for p, q in zip(a, b, strict=True)
    )


def repeated_rows(first: PageTable, then: PageTable) -> int:
    """How many rows at the top of ``then`` repeat the header of ``first``."""
    for k in range(min(first.rows, then.rows - 1), 0, -1):
        if not (_closed(first, k) and _closed(then, k)):
            continue
        head = _row_cells(then, 0, k)
        if any(text for *_, text in head) and _alike(_row_cells(first, 0, k), head):
            return k
    return 0


def join(first: PageTable, then: PageTable) -> PageTable:
    """``then`` appended to ``first`` without its repeated header; a cell the page break cut is
    one cell again."""
    drop = repeated_rows(first, then)
    offset = first.rows - drop
    joined = PageTable(
        first.page,
        first.top,
        first.bottom,
        min(first.left, then.left),
        max(first.right, then.right),
        _cluster(first.edges + then.edges, TOUCH),
        first.rows + then.rows - drop,
        [dataclasses.replace(g) for g in first.cells],
        first.breaks | {first.rows} | {b - drop + first.rows for b in then.breaks if b > drop},
    )
    cut = {(round(g.x0), round(g.x1)): g for g in joined.cells if g.end_row == first.rows}
    for g in then.cells:
        if g.end_row <= drop:
            continue
        row = max(g.row, drop)
        moved = Cell(row + offset, g.end_row - row, g.x0, g.x1, g.text)
        if row == drop:
            above = next(
                (
                    a
                    for key, a in cut.items()
                    if abs(key[0] - g.x0) <= TOUCH * 2 and abs(key[1] - g.x1) <= TOUCH * 2
                ),
                None,
            )
            if above is not None and _one_cell(above, moved):
                above.row_span += moved.row_span
                above.text = above.text or moved.text
                continue
        joined.cells.append(moved)
    return joined


def _one_cell(above: Cell, below: Cell) -> bool:
    """Whether two cells on either side of a page break are the parts of one merged cell: one
    of them spans several rows, and only one part holds text (or both the same)."""
    if above.row_span == 1 and below.row_span == 1:
        return False
    if bool(above.text.strip()) != bool(below.text.strip()):
        return True
    return bool(above.text.strip()) and label_key(above.text) == label_key(below.text)


def doc_table(table: PageTable) -> DocTable:
    """The table as the shared interpretation reads it: regions on a grid of its column edges."""
    edges = table.edges

    def column(x: float) -> int:
        return min(range(len(edges)), key=lambda i: abs(edges[i] - x))

    regions = []
    for g in sorted(table.cells, key=lambda g: (g.row, g.x0)):
        c0, c1 = column(g.x0), column(g.x1)
        if c1 <= c0:
            continue
        regions.append(Region(g.row, c0, g.row_span, c1 - c0, g.text, label_key(g.text)))
    result = DocTable(regions, len(edges) - 1, table.rows, breaks=table.breaks)
    result.keys = {g.key for g in regions if g.key}
    return result
