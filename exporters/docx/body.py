"""The body of the .docx (word/document.xml): the title, preamble, sections with their
（一） sub-headings, the three tables laid out cell for cell from ``TableSpec.grid_cells`` (an
explicit grid, a width on every cell, fixed layout and explicit borders), the 落款 and the page
set-up."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from exporters.docx.page_breaks import table_paging
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
    half_points,
    paragraph_xml,
    twips,
)
from models.document.layout import (
    NUMBER_CELL_MARGIN,
    align_left,
    fit_table,
    footer_distance_mm,
    label_columns_by_row,
    repeated_header_rows,
    rows_kept_with_next,
    signature_layout,
    text_grid,
)
from models.document.style import TEMPLATE_SHADING, DocumentStyle
from models.document.text import preamble_paragraphs, signer, title_lines
from models.format.spec import GridCell, TableSpec
from models.report import Report, format_date, part_number
from models.values import grid_text

if TYPE_CHECKING:  # the page layout (Qt) is imported only when a .docx is written
    from exporters.printout.layout import TablePaging

BORDER_OUTER = 8  # eighths of a point: the template's 1 pt frame …
BORDER_INNER = 4  # … and 0.5 pt rules inside
CELL_MARGIN = 57  # twips (1 mm) left and right, as in the template (number cells: less)


# --- the body --------------------------------------------------------------------------------


def document_xml(report: Report, *, draft: bool, script_gap: float = 0.0) -> str:
    """``script_gap``: as for ``exporters.printout.layout.lay_out`` — where the pages break in
    the tables is measured for Word and WPS (0), or, in the tests, for LibreOffice."""
    style = report.style
    paging = table_paging(report, script_gap)
    out: list[str] = [
        # One paragraph, its lines (broken where words stay whole) separated by line breaks.
        paragraph_xml(STYLE_TITLE, "\n".join(title_lines(report))),
        paragraph_xml(STYLE_BODY, ""),
    ]

    def lines(paragraphs: list[str], *, keep_last: bool = False) -> None:
        for i, line in enumerate(paragraphs):
            last = i == len(paragraphs) - 1
            # The lead sentence goes whole with the table (keepLines: without it Word and
            # LibreOffice may leave its first lines at the page foot), as the PDF does.
            keep = keep_last and last
            out.append(paragraph_xml(STYLE_BODY, line, keep_next=keep, keep_lines=keep))

    def split(text: str) -> list[str]:
        return [line.strip() for line in text.split("\n") if line.strip()]

    lines(preamble_paragraphs(report))
    for section in report.format.sections:
        text = report.sections[section.key]
        out.append(paragraph_xml(STYLE_HEADING1, section.heading))
        table = section.table
        # The lead sentence (the last paragraph before the table) stays with the table.
        lines(split(text.intro), keep_last=table is not None and not text.parts)
        for index, part in enumerate(text.parts):
            if part.heading.strip():
                out.append(paragraph_xml(STYLE_HEADING2, part_number(index) + part.heading.strip()))
            lines(split(part.text), keep_last=table is not None and index == len(text.parts) - 1)
        if table is not None:
            out.append(_table_xml(table, report, paging.get(table.key)))
            out.append(paragraph_xml(STYLE_BODY, ""))
    out.append(paragraph_xml(STYLE_BODY, ""))  # one blank line before the 落款 (7.3.5.2)
    out += _signature(report)
    return (
        f'{XML_HEAD}<w:document xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:body>{"".join(out)}'
        f"{_section_properties(style, draft=draft)}</w:body></w:document>"
    )


def _signature(report: Report) -> list[str]:
    """落款 (GB/T 9704 7.3.5.2, a report without a seal), placed by ``models.document.layout``."""
    style = report.style
    name, date = signer(report), format_date(report.report_date)
    place = signature_layout(name, date)
    pitch = text_grid(style).advance * 20
    out: list[str] = []
    if name:
        out.append(paragraph_xml(STYLE_SIGNATURE, name, _right_indent(place.signer_right, pitch)))
    if date:
        out.append(paragraph_xml(STYLE_SIGNATURE, date, _right_indent(place.date_right, pitch)))
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
    header = max(5.0, style.margin_top / 2)
    # A line grid, not a character grid: LibreOffice (7.x) gives every character wider than a
    # character grid's pitch two cells, and every digit a whole one (14 characters a line,
    # measured).  The body styles condense their characters to the pitch instead
    # (``models.document.layout.text_grid``), which Word, WPS and LibreOffice all honour: 28 a line.
    lines = text_grid(style)
    return (
        f"<w:sectPr>{headers}"
        '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f'<w:pgSz w:w="{twips(style.page_width)}" w:h="{twips(style.page_height)}"/>'
        f'<w:pgMar w:top="{twips(style.margin_top)}" w:right="{twips(style.margin_right)}" '
        f'w:bottom="{twips(style.margin_bottom)}" w:left="{twips(style.margin_left)}" '
        f'w:header="{twips(header)}" w:footer="{twips(footer_distance_mm(style))}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{round(lines.line_pitch * 20)}"/>'
        "</w:sectPr>"
    )


# --- tables ----------------------------------------------------------------------------------


def _column_widths(table: TableSpec, report: Report) -> tuple[list[int], float]:
    """The grid column widths in twips, summing exactly to the text width, and the numbers'
    type size (``models.document.layout.fit_table``: the longest number on one line)."""
    style = report.style
    total = twips(style.text_width)
    fit = fit_table(table, report.values, total / 20, style.table_size, CELL_MARGIN / 20)
    edges = [round(20 * sum(fit.widths[:i])) for i in range(len(fit.widths) + 1)]
    edges[-1] = total
    return [right - left for left, right in itertools.pairwise(edges)], fit.number_size


def _table_xml(table: TableSpec, report: Report, paging: TablePaging | None) -> str:
    """``paging``: how our page layout paged the table, if it could: each merged row label
    restarts on the rows that begin a page, its text repeated (a merge cut by a page break
    would show its text on one page only), and its rows keep together as the layout's do."""
    style = report.style
    rows = table.grid_rows
    columns = table.grid_columns
    widths, number_size = _column_widths(table, report)
    smaller = number_size != style.table_size
    covering = table.grid_cover
    label_columns = label_columns_by_row(table)
    repeat = repeated_header_rows(table)
    kept = rows_kept_with_next(table) if paging is None else paging.kept
    breaks = [] if paging is None else paging.breaks
    height = round(style.table_size * 20 * 1.6)
    out = []
    for r in range(rows):
        header = "<w:tblHeader/>" if r < repeat else ""
        tcs = []
        c = 0
        while c < columns:
            g = covering[(r, c)]
            starts = r == g.row or (r in breaks and g.row >= repeat)
            tcs.append(
                _cell_xml(
                    g,
                    r,
                    starts,
                    rows,
                    columns,
                    widths,
                    report,
                    label_columns[r],
                    kept[r],
                    number_size if smaller and g.role == "value" else None,
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
    starts: bool,
    rows: int,
    columns: int,
    widths: list[int],
    report: Report,
    label_columns: int,
    keep_next: bool,
    size: float | None,
) -> str:
    """The cell of ``g`` in grid row ``r``; ``starts``: a merge of rows starts here; ``size``:
    its text's type size where it is not the table style's (a number set smaller to fit)."""
    first = starts
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
    margins = ""
    if g.role == "value" and g.column_span == 1:
        side = round(NUMBER_CELL_MARGIN * 20)
        margins = (
            f'<w:tcMar><w:left w:w="{side}" w:type="dxa"/>'
            f'<w:right w:w="{side}" w:type="dxa"/></w:tcMar>'
        )
    properties = (
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
        f"<w:tcBorders>{borders}</w:tcBorders>{shade}{margins}"
        '<w:vAlign w:val="center"/></w:tcPr>'
    )
    text = ""
    if first:
        text = grid_text(g, report.values)
    alignment = '<w:jc w:val="left"/>' if align_left(g, label_columns) else ""
    own = "" if size is None else f'<w:sz w:val="{half_points(size)}"/>'
    paragraph = paragraph_xml(STYLE_TABLE, text, alignment, keep_next=keep_next, run_properties=own)
    return f"<w:tc>{properties}{paragraph}</w:tc>"
