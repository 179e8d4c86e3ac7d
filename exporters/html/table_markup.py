"""A statistics table as an HTML table in the official structure, for the web page and the
clipboard alike.

The cells and their merges are the official template's, as ``TableSpec.grid_cells`` gives them
to the .docx and the printout: a merged label is one cell with rowspan/colspan, never cells
drawn to look merged.  Headers are marked so a screen reader can say what a number is (GB/T
37668, WCAG H43/H63): the column labels are <th scope="col"> (or "colgroup" over several
columns), the row labels <th scope="row"> ("rowgroup" over several rows), 表二's 第二十条 rows
<th scope="rowgroup"> at the head of their own <tbody>; and since the tables have headers on
several levels, every number cell also names its headers by id (headers="…"), which is what
assistive software follows when scope alone is ambiguous.

How the cells look is the caller's: ``Look.PAGE`` gives them classes that the page's style sheet
draws, ``Look.INLINE`` puts the rules on every cell (style="…" and the old border attributes),
because a CMS editor keeps a pasted table's own attributes and drops any <style> block.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from enum import Enum

from models.document.layout import (
    align_left,
    fit_table,
    label_columns_by_row,
    points,
    repeated_header_rows,
)
from models.document.style import TEMPLATE_SHADING, DocumentStyle
from models.format.spec import GridCell, TableSpec
from models.values import CellValue, grid_text

INK = "#000"
"""Text and rules: black on white, as printed (contrast far above GB/T 37668's 4.5:1)."""
SHADING = f"#{TEMPLATE_SHADING}"
"""The shaded 第二十条 rows, as the template shades them (black text on it: 14:1)."""
OUTER_RULE = "2px"
INNER_RULE = "1px"
"""The template's 1 pt frame and 0.5 pt rules inside, in screen pixels."""
CELL_PADDING = "0.25em 0.35em"


class Look(Enum):
    PAGE = "page"
    """Classes for the page's style sheet."""
    INLINE = "inline"
    """Every rule on the element itself, for a pasted fragment."""


TABLE_CLASS = "official"
LEFT_CLASS = "left"
SHADED_CLASS = "shaded"


def escape(text: str) -> str:
    """Text for an element's content; a line break as <br> (a label the template breaks)."""
    return "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


def _attribute(value: str) -> str:
    return html.escape(value, quote=True)


def caption_text(table: TableSpec, title: str) -> str:
    """What a table's caption says: its name and its section's title (表三　收到和处理…情况)."""
    return f"{table.name}\u3000{title}"


def table_html(
    table: TableSpec,
    values: Mapping[str, CellValue | None],
    style: DocumentStyle,
    *,
    caption: str,
    look: Look,
    ids: str,
) -> str:
    """``table`` with ``values`` as one <table>, its columns in the proportions of the .docx in
    ``style``; ``ids`` starts the ids of its header cells (a
    page with several tables needs them unique)."""
    inline = look is Look.INLINE
    label_columns = label_columns_by_row(table)
    header_rows = repeated_header_rows(table)
    cover = table.grid_cover
    # The .docx's proportions (its text block's width in the table's type, a 1 mm margin):
    # number columns as wide as its longest number needs.
    fit = fit_table(table, values, points(style.text_width), style.table_size, points(1.0))
    widths = fit.widths
    share = sum(widths)
    cols = "".join(f'<col style="width:{100 * w / share:.2f}%">' for w in widths)
    if inline:
        opening = (
            '<table border="1" cellspacing="0" cellpadding="4" width="100%" '
            f'style="border-collapse:collapse;width:100%;border:{OUTER_RULE} solid {INK};'
            f'color:{INK};background:#fff">'
        )
        caption_tag = '<caption style="caption-side:top;padding:0.3em 0;text-align:center">'
    else:
        opening = f'<table class="{TABLE_CLASS}">'
        caption_tag = "<caption>"
    out = [opening, f"{caption_tag}{escape(caption)}</caption>", f"<colgroup>{cols}</colgroup>"]
    # Rows by block: a block with a caption row (表二's 第二十条) is a <tbody> of its own whose
    # first cell heads it (scope="rowgroup"); a table of one block without one has its header
    # rows in <thead>, which a browser repeats on every printed page.
    groups = _row_groups(table)
    for start, end in groups:
        part = "thead" if start == 0 and end == header_rows and header_rows else "tbody"
        out.append(f"<{part}>")
        for r in range(start, end):
            out.append("<tr>")
            for g in table.grid_cells:
                if g.row == r:
                    out.append(_cell(g, table, values, label_columns[r], look, ids, cover))
            out.append("</tr>")
        out.append(f"</{part}>")
    out.append("</table>")
    return "".join(out)


def _row_groups(table: TableSpec) -> list[tuple[int, int]]:
    """The grid rows of each <thead>/<tbody>: each block, a lone block's header rows apart."""
    groups: list[tuple[int, int]] = []
    top = 0
    repeat = repeated_header_rows(table)
    for block in table.blocks:
        height = (1 if block.caption else 0) + block.header_rows + len(block.row_leaves)
        if repeat and top == 0:
            groups += [(0, repeat), (repeat, height)]
        else:
            groups.append((top, top + height))
        top += height
    return groups


def header_id(ids: str, g: GridCell) -> str:
    return f"{ids}-r{g.row}c{g.column}"


def _scope(g: GridCell) -> str:
    if g.role == "caption":
        return "rowgroup"
    if g.role == "label":
        return "row" if g.row_span == 1 else "rowgroup"
    return "col" if g.column_span == 1 else "colgroup"


def headers_of(g: GridCell, cover: Mapping[tuple[int, int], GridCell]) -> list[GridCell]:
    """The header cells of a number cell: the column labels above it (past the numbers of the
    rows above, up to its block's caption or the table's top), and the row labels to its left,
    outermost first."""
    above: list[GridCell] = []
    r = g.row - 1
    while r >= 0:
        h = cover[(r, g.column)]
        if h.role in ("header", "caption"):
            if not above or above[-1] is not h:
                above.append(h)
            if h.role == "caption":
                break
        elif above:
            break  # past the block's header rows: the rows above are another block's
        r = h.row - 1
    left: list[GridCell] = []
    for c in range(g.column - 1, -1, -1):
        h = cover[(g.row, c)]
        if h.role == "label" and (not left or left[-1] is not h):
            left.append(h)
    return [*reversed(above), *reversed(left)]


def _cell(
    g: GridCell,
    table: TableSpec,
    values: Mapping[str, CellValue | None],
    label_columns: int,
    look: Look,
    ids: str,
    cover: Mapping[tuple[int, int], GridCell],
) -> str:
    spans = ""
    if g.row_span > 1:
        spans += f' rowspan="{g.row_span}"'
    if g.column_span > 1:
        spans += f' colspan="{g.column_span}"'
    left = align_left(g, label_columns)
    text = escape(grid_text(g, values))
    if look is Look.INLINE:
        rules = [
            f"border:{INNER_RULE} solid {INK}",
            f"padding:{CELL_PADDING}",
            "vertical-align:middle",
            f"text-align:{'left' if left else 'center'}",
            "font-weight:normal",
        ]
        if g.shaded:
            rules.append(f"background:{SHADING}")
        styling = f' style="{";".join(rules)}"'
        if g.shaded:
            styling += f' bgcolor="{SHADING}"'
    else:
        classes = [name for name, on in ((LEFT_CLASS, left), (SHADED_CLASS, g.shaded)) if on]
        styling = f' class="{" ".join(classes)}"' if classes else ""
    if g.role == "value":
        named = " ".join(header_id(ids, h) for h in headers_of(g, cover))
        headers = f' headers="{_attribute(named)}"' if named else ""
        return f"<td{spans}{headers}{styling}>{text}</td>"
    return (
        f'<th id="{_attribute(header_id(ids, g))}" scope="{_scope(g)}"{spans}{styling}>{text}</th>'
    )
