"""The 批量审核 list as a PDF to print for a meeting: the title and date, what the run found, a
section per report with its problems, and the workbook's 统计 (the units' key figures and charts
of them: ``review_figures``); A4 portrait, page numbers at the foot of every page.

A list, not a report: it is laid out by QTextDocument (headings, paragraphs, wrapping) and printed
onto a QPdfWriter; the refusal when no Chinese font exists and the repair of the text layer are
the report writer's (``exporters.pdf.writer``, ``exporters.printout.fonts``).  Qt is imported
only to write: a review asks of every PDF whether it is such a list (``is_review_pdf``), which
needs no Qt."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from exporters.pdf.review_figures import figures_html
from exporters.xlsx.review import TITLE
from models.app import APP_NAME
from models.batch.review import NOTE, FileReview, ReviewRun
from models.document.layout import LATIN_FONT
from models.document.style import DocumentStyle, fallbacks
from models.files import atomic_write

FONT_FAMILY = "宋体"
LATIN_FAMILIES = (LATIN_FONT, "Liberation Serif", "DejaVu Serif")
"""Digits and letters in a Latin font first: in a CJK font's run Qt's text layer loses the digits of
a word like a-2023.docx (copy and search would not find them)."""
FONT_SIZE = 10.5
MARGIN_MM = 18
RESOLUTION = 300
NOTE_COLOUR = "#595959"
ERROR_COLOUR = "#a61b29"
SET_ASIDE_COLOUR = "#595959"
"""A file that is not a report is no unit's failure: said in grey, not red."""


def write(run: ReviewRun, path: Path, *, made: dt.datetime | None = None) -> None:
    """The list of ``run`` as a PDF at ``path``, written atomically; FileProblem (Chinese) on
    failure, NoChineseFont when no font can show Chinese."""
    atomic_write(Path(path), pdf_bytes(run, made=made))


def pdf_bytes(run: ReviewRun, *, made: dt.datetime | None = None) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from exporters.pdf.writer import GlyphTwins, ensure_gui_application, repair_text_layer
    from exporters.printout.fonts import check_chinese_fonts

    ensure_gui_application()
    style = DocumentStyle()
    check_chinese_fonts(style)
    made = made or dt.datetime.now()
    families = [*LATIN_FAMILIES, FONT_FAMILY, *fallbacks(FONT_FAMILY)]
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(FONT_SIZE)
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setHtml(list_html(run, made))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(TITLE)
    writer.setCreator(APP_NAME)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    document.print_(writer)
    del writer
    buffer.close()
    data = bytes(QByteArray(buffer.data()).data())
    drawn = set(document.toPlainText()) | set("0123456789")
    return repair_text_layer(data, GlyphTwins(drawn, set(families)))


def is_review_pdf(path: Path) -> bool:
    """Whether the PDF ``path`` is this list, as ``pdf_bytes`` writes it: its title and this
    program's name in its document information."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return False
    try:
        info = document.get_metadata_dict()
    except pdfium.PdfiumError:
        return False
    finally:
        document.close()
    return bool(info.get("Title") == TITLE and info.get("Creator") == APP_NAME)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def list_html(run: ReviewRun, made: dt.datetime) -> str:
    """The list as the HTML QTextDocument lays out."""
    parts = [
        f"<h1 align='center'>{_text(TITLE)}</h1>",
        f"<p align='center'>{made.year}年{made.month}月{made.day}日　{_text(APP_NAME)}</p>",
    ]
    for line in run.summary():
        parts.append(f"<p>{_text(line)}</p>")
    for number, review in enumerate(run.reviews, start=1):
        parts += _section(number, review)
    parts += figures_html(run)  # 统计, on pages of its own after the problems
    return "".join(parts)


def _section(number: int, review: FileReview) -> list[str]:
    if not review.readable:
        colour = SET_ASIDE_COLOUR if review.set_aside else ERROR_COLOUR
        return [
            f"<h3>{number}．{_text(review.shown)}</h3>",
            f"<p style='color:{colour}'>【{review.status}】{_text(review.problem)}</p>",
        ]
    year = f"{review.year} 年度" if review.year is not None else "年度未填写"
    agency = review.agency or "（未填写机关名称）"
    parts = [
        f"<h3>{number}．{_text(agency)}　{year}</h3>",
        f"<p>文件：{_text(review.shown)}；{review.kind}；{_text(review.format)}；"
        f"错误 {review.errors} 个、警告 {review.warnings} 个、提示 {review.hints} 个。"
        + f"跨年度比对：{_text(review.pairing)}。"
        + "</p>",
    ]
    lines = review.all_lines()
    if not review.lines:
        parts.append("<p>检查没有发现问题。</p>")
    parts.append("<ol>")
    for line in lines:
        # Most messages begin by naming their place (表三「…」, 一、总体情况…): said once.
        named = line.message.startswith(line.place.split(" · ")[0])
        place = f"{_text(line.place)}：" if line.place and not named else ""
        checked = f"（已核实：{_text(line.acknowledged)}）" if line.acknowledged else ""
        text = f"【{_text(line.severity)}】{place}{_text(line.message)}{checked}"
        if line.severity == NOTE:
            text = f"<span style='color:{NOTE_COLOUR}'><i>{text}</i></span>"
        parts.append(f"<li>{text}</li>")
    parts.append("</ol>")
    return parts
