"""The body of the .docx (word/document.xml): the title, preamble, sections with their
（一） sub-headings, the three tables laid out cell for cell from ``models.format.grid`` (an
explicit grid, a width on every cell, fixed layout and explicit borders), the 落款 and the page
set-up."""

from __future__ import annotations

import itertools

from exporters.docx.wordml import (
    NS_R,
    NS_W,
    STYLE_BODY,
    STYLE_HEADING1,
    STYLE_HEADING2,
    STYLE_SIGNATURE,
    STYLE_TABLE,
    STYLE_TITLE,
    XML_HEAD,
    paragraph_xml,
    text_width,
    twips,
)
from models.format import GridCell, TableSpec
from models.report import Report, format_date, part_number
from models.style import TEMPLATE_SHADING, DocumentStyle
from models.values import grid_text

WATERMARK = "草稿"
PAGE_NUMBER_GAP_MM = 7.0
"""GB/T 9704-2012 7.5: the page number's 一字线 sits 7 mm below the text block."""
LINE_HEIGHT_FACTOR = 1.3
"""A single line of CJK text is about 1.3 times the font size high (to place the page number)."""
BORDER_OUTER = 8  # eighths of a point: the template's 1 pt frame …
BORDER_INNER = 4  # … and 0.5 pt rules inside
CELL_MARGIN = 57  # twips (1 mm) left and right, as in the template
KEEP_TOGETHER_ROWS = 20
"""Tables of at most this many rows (表二, 表四) are kept on one page."""


# --- the body --------------------------------------------------------------------------------


def document_xml(report: Report, *, draft: bool) -> str:
    style = report.style
    body = style.body_font
    out: list[str] = [
        paragraph_xml(STYLE_TITLE, report.title, style.title_font),
        paragraph_xml(STYLE_BODY, "", body),
    ]

    def lines(text: str, *, keep_last: bool = False) -> None:
        kept = [line.strip() for line in text.split("\n") if line.strip()]
        for i, line in enumerate(kept):
            last = i == len(kept) - 1
            out.append(paragraph_xml(STYLE_BODY, line, body, keep_next=keep_last and last))

    lines(report.preamble)
    for section in report.format.sections:
        text = report.sections[section.key]
        out.append(paragraph_xml(STYLE_HEADING1, section.heading, style.heading1_font))
        table = section.table
        lines(text.intro, keep_last=table is not None and not text.parts)
        for index, part in enumerate(text.parts):
            if part.heading.strip():
                out.append(
                    paragraph_xml(
                        STYLE_HEADING2,
                        part_number(index) + part.heading.strip(),
                        style.heading2_font,
                    )
                )
            lines(part.text, keep_last=table is not None and index == len(text.parts) - 1)
        if table is not None:
            # The lead sentence stays with the table.
            out.append(_table_xml(table, report))
            out.append(paragraph_xml(STYLE_BODY, "", body))
    out.append(paragraph_xml(STYLE_BODY, "", body))
    out += _signature(report)
    return (
        f'{XML_HEAD}<w:document xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:body>{"".join(out)}'
        f"{_section_properties(style, draft=draft)}</w:body></w:document>"
    )


def _signature(report: Report) -> list[str]:
    """落款 (GB/T 9704 7.3.5.2, a report without a seal): the agency two characters in from the
    right, the date on the next line centred under it."""
    style = report.style
    agency, date = report.agency.strip(), format_date(report.report_date)
    out: list[str] = []
    one_char = style.body_size * 20
    agency_right = 2.0
    if agency:
        out.append(
            paragraph_xml(
                STYLE_SIGNATURE, agency, style.body_font, _right_indent(agency_right, one_char)
            )
        )
    if date:
        right = agency_right
        if agency:
            right += max(0.0, (text_width(agency) - text_width(date)) / 2)
        out.append(
            paragraph_xml(STYLE_SIGNATURE, date, style.body_font, _right_indent(right, one_char))
        )
    return out


def _right_indent(chars: float, one_char: float) -> str:
    return f'<w:ind w:rightChars="{round(chars * 100)}" w:right="{round(chars * one_char)}"/>'


def _section_properties(style: DocumentStyle, *, draft: bool) -> str:
    headers = (
        '<w:headerReference w:type="default" r:id="rIdHeaderOdd"/>'
        '<w:headerReference w:type="even" r:id="rIdHeaderEven"/>'
        if draft
        else ""
    )
    number_height = style.page_number_size * LINE_HEIGHT_FACTOR * 25.4 / 72
    footer = max(5.0, style.margin_bottom - PAGE_NUMBER_GAP_MM - number_height)
    header = max(5.0, style.margin_top / 2)
    return (
        f"<w:sectPr>{headers}"
        '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f'<w:pgSz w:w="{twips(style.page_width)}" w:h="{twips(style.page_height)}"/>'
        f'<w:pgMar w:top="{twips(style.margin_top)}" w:right="{twips(style.margin_right)}" '
        f'w:bottom="{twips(style.margin_bottom)}" w:left="{twips(style.margin_left)}" '
        f'w:header="{twips(header)}" w:footer="{twips(footer)}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:linePitch="{round(style.line_spacing * 20)}"/>'
        "</w:sectPr>"
    )


# --- tables ----------------------------------------------------------------------------------


def _column_widths(table: TableSpec, total: int) -> list[int]:
    """The grid column widths in twips: the format's proportions over the text width."""
    weights = table.column_weights
    whole = sum(weights)
    edges = [round(total * sum(weights[:i]) / whole) for i in range(len(weights) + 1)]
    return [right - left for left, right in itertools.pairwise(edges)]


def _block_rows(table: TableSpec) -> list[tuple[int, int, int]]:
    """(first row, last row + 1, label columns) of each block in the grid."""
    spans = []
    top = 0
    for block in table.blocks:
        height = (1 if block.caption else 0) + block.header_rows + len(block.row_leaves)
        spans.append((top, top + height, block.label_columns))
        top += height
    return spans


def _table_xml(table: TableSpec, report: Report) -> str:
    style = report.style
    rows = table.grid_rows
    columns = table.grid_columns
    widths = _column_widths(table, twips(style.text_width))
    covering = table.grid_cover
    label_columns = {}
    for first, last, labels in _block_rows(table):
        for r in range(first, last):
            label_columns[r] = labels
    repeat = 0
    if len(table.blocks) == 1 and not table.blocks[0].caption:
        repeat = table.blocks[0].header_rows
    height = round(style.table_size * 20 * 1.6)
    font = style.table_font
    # A short table stays on one page; a long one (表三) keeps its header with the first rows.
    kept = rows - 1 if rows <= KEEP_TOGETHER_ROWS else repeat
    out = []
    for r in range(rows):
        header = "<w:tblHeader/>" if r < repeat else ""
        tcs = []
        c = 0
        while c < columns:
            g = covering[(r, c)]
            tcs.append(
                _cell_xml(
                    g, r, rows, columns, widths, font, report, label_columns.get(r, 1), r < kept
                )
            )
            c += g.column_span
        out.append(
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="atLeast"/>'
            f"{header}</w:trPr>{''.join(tcs)}</w:tr>"
        )
    total = sum(widths)
    frame = "".join(
        f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'
        for side, size in (
            ("top", BORDER_OUTER),
            ("left", BORDER_OUTER),
            ("bottom", BORDER_OUTER),
            ("right", BORDER_OUTER),
            ("insideH", BORDER_INNER),
            ("insideV", BORDER_INNER),
        )
    )
    properties = (
        f'<w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{frame}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr>'
    )
    grid_xml = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return f"<w:tbl>{properties}<w:tblGrid>{grid_xml}</w:tblGrid>{''.join(out)}</w:tbl>"


def _cell_xml(
    g: GridCell,
    r: int,
    rows: int,
    columns: int,
    widths: list[int],
    font: str,
    report: Report,
    label_columns: int,
    keep_next: bool,
) -> str:
    first = r == g.row
    width = sum(widths[g.column : g.column + g.column_span])
    span = f'<w:gridSpan w:val="{g.column_span}"/>' if g.column_span > 1 else ""
    merge = ""
    if g.row_span > 1:
        merge = '<w:vMerge w:val="restart"/>' if first else "<w:vMerge/>"

    def border(side: str, outer: bool) -> str:
        size = BORDER_OUTER if outer else BORDER_INNER
        return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'

    borders = (
        border("top", r == 0)
        + border("left", g.column == 0)
        + border("bottom", r == rows - 1)
        + border("right", g.column + g.column_span == columns)
    )
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{TEMPLATE_SHADING}"/>' if g.shaded else ""
    properties = (
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
        f'<w:tcBorders>{borders}</w:tcBorders>{shade}<w:vAlign w:val="center"/></w:tcPr>'
    )
    text = ""
    if first:
        text = grid_text(g, report.values)
    align = "center"
    if g.role == "caption" or (
        g.role in ("label", "header")
        and g.cell is None
        and label_columns > 1
        and g.column < label_columns
    ):
        align = "left"
    alignment = "" if align == "center" else f'<w:jc w:val="{align}"/>'
    paragraph = paragraph_xml(STYLE_TABLE, text, font, alignment, keep_next=keep_next)
    return f"<w:tc>{properties}{paragraph}</w:tc>"
