"""The report, or one of its tables, as the clipboard carries it to a CMS editor (复制为网页):
HTML, and the same as plain text for a program that takes no HTML.

A CMS editor (TRS, Hanweb, the UEditor and KindEditor behind most government sites) keeps what
is pasted into it element by element and drops any <style> block, so everything that makes the
fragment look right is on the elements themselves: the tables' rules, padding and shading on
every cell (``table_markup.Look.INLINE``, with the old border/cellpadding attributes for an
editor that strips style attributes too), the centred title, the indents.  The structure is the
web page's — the same words (``models.document.outline``), headings as <h1>/<h2>/<h3>, the
official tables with their merges and headers — so what a clerk publishes this way reads as
well as the exported page.

The HTML is wrapped as Windows' CF_HTML expects a fragment (<!--StartFragment--> …
<!--EndFragment-->, which Qt passes on), and a browser takes only what is between the markers.
The plain text has a paragraph a line and a table's rows a line each, their cells separated by
tabs, so a table pasted into Excel or a plain editor keeps its columns.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from exporters.html.table_markup import Look, caption_text, escape, table_html
from models.document.layout import signature_layout
from models.document.outline import Piece, PieceKind, outline
from models.document.text import signer
from models.format.spec import TableSpec
from models.report import Report, format_date
from models.values import grid_text

START = "<!--StartFragment-->"
END = "<!--EndFragment-->"
DRAFT_NOTE = "草稿：报告还有错误，改正后请重新复制正式版再公开。"
DRAFT_COLOUR = "#a61b29"
"""The draft note's red: 6.6:1 on white, above GB/T 37668's 4.5:1."""
INDENT = "text-indent:2em"


@dataclass(frozen=True)
class Clip:
    """What goes on the clipboard: the HTML (a whole small document holding the fragment) and
    its plain-text alternative."""

    html: str
    text: str


def _document(fragment: str) -> str:
    return (
        '<html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
        f"{START}{fragment}{END}</body></html>"
    )


def whole_report(report: Report, *, draft: bool) -> Clip:
    """The whole report: title, preamble, sections with their tables, 落款."""
    pieces = outline(report)
    parts = [_piece_html(piece, report) for piece in pieces]
    texts = [_piece_text(piece, report) for piece in pieces]
    if draft:
        parts.insert(0, _draft_note())
        texts.insert(0, DRAFT_NOTE)
    return Clip(_document("".join(parts)), "\n".join(texts) + "\n")


def one_table(report: Report, table: TableSpec, *, draft: bool) -> Clip:
    """One table alone, with its caption (and 草稿 in it for a draft)."""
    caption = _caption(report, table) + ("（草稿）" if draft else "")
    markup = table_html(
        table, report.values, report.style, caption=caption, look=Look.INLINE, ids=table.key
    )
    return Clip(_document(markup), f"{caption}\n{table_text(report, table)}\n")


def _caption(report: Report, table: TableSpec) -> str:
    section = next(s for s in report.format.sections if s.table is table)
    return caption_text(table, section.title)


def _draft_note() -> str:
    return (
        f'<p style="text-align:center;color:{DRAFT_COLOUR};font-weight:bold">'
        f"{html.escape(DRAFT_NOTE, quote=False)}</p>"
    )


def _piece_html(piece: Piece, report: Report) -> str:
    kind = piece.kind
    if kind is PieceKind.TITLE:
        lines = "<br>".join(escape(line) for line in piece.lines)
        return f'<h1 style="text-align:center;font-weight:normal">{lines}</h1>'
    if kind is PieceKind.SECTION:
        return f'<h2 style="{INDENT};font-size:1.2em">{escape(piece.text)}</h2>'
    if kind is PieceKind.PART:
        return f'<h3 style="{INDENT};font-size:1.1em">{escape(piece.text)}</h3>'
    if kind is PieceKind.TABLE:
        assert piece.table is not None
        table = piece.table
        return table_html(
            table,
            report.values,
            report.style,
            caption=_caption(report, table),
            look=Look.INLINE,
            ids=table.key,
        )
    if kind in (PieceKind.SIGNER, PieceKind.DATE):
        place = signature_layout(signer(report), format_date(report.report_date))
        right = place.signer_right if kind is PieceKind.SIGNER else place.date_right
        return f'<p style="text-align:right;padding-right:{right:g}em">{escape(piece.text)}</p>'
    return f'<p style="{INDENT}">{escape(piece.text)}</p>'


def _piece_text(piece: Piece, report: Report) -> str:
    if piece.kind is PieceKind.TABLE:
        assert piece.table is not None
        return f"{_caption(report, piece.table)}\n{table_text(report, piece.table)}"
    return piece.text


def table_text(report: Report, table: TableSpec) -> str:
    """The table as tab-separated rows: a merged cell's text in its first grid cell, the cells
    it covers empty (as Excel pastes merged cells)."""
    rows: list[str] = []
    for r in range(table.grid_rows):
        cells = []
        for c in range(table.grid_columns):
            g = table.grid_cover[(r, c)]
            first = (g.row, g.column) == (r, c)
            cells.append(grid_text(g, report.values).replace("\n", "") if first else "")
        rows.append("\t".join(cells))
    return "\n".join(rows)
