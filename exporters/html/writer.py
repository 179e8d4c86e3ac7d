"""The report as one self-contained web page (.html) for the agency's 政府信息公开专栏.

One UTF-8 file that needs nothing else: the style sheet is in the page, there is no script, and
nothing is loaded from anywhere (no link, no picture, no font file) — the page works offline
and a CMS can take it as it is.  The words are the .docx's, piece by piece
(``models.document.outline``); the three tables are the official ones with their merges
(``table_markup``).  Accessible in the sense of GB/T 37668-2019: ``lang="zh-CN"``, the title as
<h1>, the sections as <h2> and their （一） sub-headings as <h3>, data tables with a caption and
associated headers, no table used for layout, black on white; it prints on A4 with the 版式's
margins (@page), the header rows of a long table repeated on each page.

A draft carries 草稿 across the page as the .docx does — drawn by the style sheet (a
pseudo-element), so it is no text of the page and a reader of the page never takes it for part
of the report.
"""

from __future__ import annotations

import html
from pathlib import Path

from exporters.html.table_markup import (
    INK,
    INNER_RULE,
    LEFT_CLASS,
    OUTER_RULE,
    SHADED_CLASS,
    SHADING,
    TABLE_CLASS,
    Look,
    caption_text,
    escape,
    table_html,
)
from models.app import APP_NAME, VERSION
from models.document.layout import LATIN_FONT, signature_layout
from models.document.outline import Piece, PieceKind, outline
from models.document.style import DocumentStyle, fallbacks
from models.document.text import signer, title_text
from models.files import atomic_write
from models.report import Report, format_date

WATERMARK = "草稿"
SCREEN_SIZE = "18px"
"""The body's size on screen: 三号 (16 pt) would be 21 px, large for a screen column."""


def write(report: Report, path: Path, *, draft: bool) -> None:
    """Write ``report`` as a web page to ``path`` atomically; FileProblem (Chinese) on failure."""
    atomic_write(Path(path), page_html(report, draft=draft).encode("utf-8"))


def fonts(font: str, *, latin: bool = True) -> str:
    """A CSS font list: digits and Latin letters in Times New Roman (as the .docx sets them),
    then the 版式's font and the fonts that stand in for it, then the generic family."""
    generic = "sans-serif" if font in ("黑体", "SimHei") else "serif"
    names = [LATIN_FONT] if latin else []
    names += [font, *fallbacks(font)]
    return ",".join(f'"{name}"' for name in dict.fromkeys(names)) + f",{generic}"


def style_sheet(style: DocumentStyle, *, draft: bool) -> str:
    indent = f"{style.first_line_indent_chars:g}em"
    table_scale = style.table_size / style.body_size
    title_scale = style.title_size / style.body_size
    watermark = ""
    if draft:
        watermark = (
            f'body::before{{content:"{WATERMARK}";position:fixed;top:40%;left:0;right:0;'
            "text-align:center;font-size:8em;color:rgba(0,0,0,0.08);transform:rotate(-30deg);"
            "pointer-events:none;z-index:-1}"
        )
    return (
        f"html{{background:#fff;color:{INK}}}"
        f"body{{margin:0 auto;max-width:44em;padding:1.5em 1.25em 3em;"
        f"font-family:{fonts(style.body_font)};font-size:{SCREEN_SIZE};line-height:1.8}}"
        f"h1{{font-family:{fonts(style.title_font, latin=False)};font-weight:normal;"
        f"font-size:{title_scale:.3f}em;line-height:1.5;text-align:center;margin:0 0 1em}}"
        f"h2,h3{{font-size:1em;font-weight:normal;margin:0;text-indent:{indent}}}"
        f"h2{{font-family:{fonts(style.heading1_font)}}}"
        f"h3{{font-family:{fonts(style.heading2_font)}}}"
        f"p{{margin:0;text-indent:{indent};text-align:justify}}"
        "p.signature{text-indent:0;text-align:right}"
        "p.signature.first{margin-top:1.8em}"
        f"table.{TABLE_CLASS}{{border-collapse:collapse;width:100%;margin:0.6em 0 1.2em;"
        f"border:{OUTER_RULE} solid {INK};font-family:{fonts(style.table_font)};"
        f"font-size:{table_scale:.3f}em;line-height:1.45}}"
        f"table.{TABLE_CLASS} caption{{caption-side:top;padding:0 0 0.3em;font-weight:bold}}"
        f"table.{TABLE_CLASS} th,table.{TABLE_CLASS} td{{border:{INNER_RULE} solid {INK};"
        "padding:0.25em 0.35em;vertical-align:middle;text-align:center;font-weight:normal}"
        f"table.{TABLE_CLASS} .{LEFT_CLASS}{{text-align:left}}"
        f"table.{TABLE_CLASS} .{SHADED_CLASS}{{background:{SHADING}}}"
        f"{watermark}"
        f"@page{{size:A4;margin:{style.margin_top:g}mm {style.margin_right:g}mm "
        f"{style.margin_bottom:g}mm {style.margin_left:g}mm}}"
        "@media print{"
        f"body{{max-width:none;margin:0;padding:0;font-size:{style.body_size:g}pt}}"
        # Shaded rows print shaded, as the .docx does (browsers leave backgrounds out otherwise).
        f"table.{TABLE_CLASS}{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}"
        "thead{display:table-header-group}"
        "tr,th,td{break-inside:avoid}"
        "h1,h2,h3{break-after:avoid}"
        "}"
    )


def page_html(report: Report, *, draft: bool) -> str:
    """The whole page as text."""
    style = report.style
    title = title_text(report) + ("（草稿）" if draft else "")
    body = "".join(_piece_html(piece, report) for piece in outline(report))
    made = f"{APP_NAME} {VERSION}"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{html.escape(made, quote=True)}">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
        f"<style>{style_sheet(style, draft=draft)}</style>\n"
        f"</head>\n<body>\n<main>\n<article>\n{body}</article>\n</main>\n</body>\n</html>\n"
    )


def _piece_html(piece: Piece, report: Report) -> str:
    kind = piece.kind
    if kind is PieceKind.TITLE:
        return f"<h1>{'<br>'.join(escape(line) for line in piece.lines)}</h1>\n"
    if kind is PieceKind.SECTION:
        return f"<h2>{escape(piece.text)}</h2>\n"
    if kind is PieceKind.PART:
        return f"<h3>{escape(piece.text)}</h3>\n"
    if kind is PieceKind.TABLE:
        assert piece.table is not None and piece.section is not None
        caption = caption_text(piece.table, piece.section.title)
        return (
            table_html(
                piece.table,
                report.values,
                report.style,
                caption=caption,
                look=Look.PAGE,
                ids=piece.table.key,
            )
            + "\n"
        )
    if kind in (PieceKind.SIGNER, PieceKind.DATE):
        # GB/T 9704 7.3.5.2's places, in characters from the right (digits half a character).
        place = signature_layout(signer(report), format_date(report.report_date))
        right = place.signer_right if kind is PieceKind.SIGNER else place.date_right
        first = " first" if kind is PieceKind.SIGNER or not signer(report) else ""
        return (
            f'<p class="signature{first}" style="padding-right:{right:g}em">'
            f"{escape(piece.text)}</p>\n"
        )
    return f"<p>{escape(piece.text)}</p>\n"
