"""The printed report: one renderer for the print preview, the printer and PDF files.

The report is laid out as a QTextDocument in the house style (models.style.DocumentStyle, the same
settings the .docx uses) with the three tables built from the format's own grid, then painted page
by page onto any paged device, adding what a text document cannot: page numbers "— N —" (odd pages
right, even pages left) and, on drafts, a diagonal 草稿 watermark and the time of printing.

Qt is needed here (QtGui) because this is a renderer; nothing else in exporters/ uses it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QRawFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableCellFormat,
    QTextTableFormat,
)

from models.app import APP_NAME
from models.checks import Finding
from models.files import atomic_write
from models.format import TableSpec
from models.report import Report, format_date, part_number
from models.style import TEMPLATE_SHADING, DocumentStyle, fallbacks
from models.values import grid_text

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
PREAMBLE = "preamble"
"""The key that stands for the preamble in a choice of sections to print."""
SHADE = QColor(f"#{TEMPLATE_SHADING}")  # shaded as in the official template
WATERMARK = "草稿"


@dataclass
class PrintOptions:
    """What to print: a draft or the final version, which parts, and the findings after it."""

    draft: bool = True
    sections: set[str] | None = None
    """Keys of the sections to print (and PREAMBLE for the preamble); None for all."""
    include_findings: bool = False
    findings: list[Finding] | None = None
    """The findings to list (the window's, which may include acknowledgements); None to run the
    checks, against the linked last year's report too."""
    printed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now())

    def wants(self, key: str) -> bool:
        return self.sections is None or key in self.sections


def ensure_gui_application() -> None:
    """A renderer needs a QGuiApplication (fonts); the command line has none, and on a Linux
    machine without a screen it must not try to open one."""
    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    global _APPLICATION
    _APPLICATION = QGuiApplication([sys.argv[0] if sys.argv else APP_NAME])


_APPLICATION: QGuiApplication | None = None


# --- laying out the document ------------------------------------------------------------------


class _Layout:
    """Turns the report into a QTextDocument sized for a device of ``resolution`` dots per inch."""

    def __init__(self, style: DocumentStyle, resolution: float) -> None:
        self.style = style
        self.resolution = resolution
        self.document = QTextDocument()
        self.document.setDocumentMargin(0)
        self.cursor = QTextCursor(self.document)
        self.first_block = True

    # units
    def pt(self, points: float) -> float:
        return points * self.resolution / PT_PER_INCH

    def mm(self, millimetres: float) -> float:
        return millimetres * self.resolution / MM_PER_INCH

    def char_format(self, family: str, size: float, bold: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontFamilies([family, *fallbacks(family)])
        fmt.setFontPointSize(size)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        fmt.setForeground(QBrush(QColor("black")))
        return fmt

    def block_format(
        self,
        *,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignJustify,
        indent: bool = True,
        fixed: bool = True,
        space_before: float = 0.0,
    ) -> QTextBlockFormat:
        style = self.style
        fmt = QTextBlockFormat()
        fmt.setAlignment(align)
        if indent:
            fmt.setTextIndent(self.pt(style.body_size * style.first_line_indent_chars))
        if fixed:
            fmt.setLineHeight(
                self.pt(style.line_spacing), QTextBlockFormat.LineHeightTypes.FixedHeight.value
            )
        fmt.setTopMargin(self.pt(space_before))
        return fmt

    def paragraph(self, text: str, block: QTextBlockFormat, char: QTextCharFormat) -> None:
        if self.first_block:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self.first_block = False
        else:
            self.cursor.insertBlock(block, char)
        self.cursor.insertText(text, char)

    def body(self, text: str) -> None:
        style = self.style
        for line in text.split("\n"):
            if line.strip():
                self.paragraph(
                    line.strip(),
                    self.block_format(),
                    self.char_format(style.body_font, style.body_size),
                )

    def heading(self, text: str, font: str) -> None:
        """A heading line: 一、 in the level-1 font, （一） in the level-2 font, body size."""
        self.paragraph(
            text,
            self.block_format(align=Qt.AlignmentFlag.AlignLeft),
            self.char_format(font, self.style.body_size),
        )

    def title(self, text: str) -> None:
        style = self.style
        block = self.block_format(align=Qt.AlignmentFlag.AlignHCenter, indent=False, fixed=False)
        block.setBottomMargin(self.pt(style.line_spacing))
        block.setLineHeight(130, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        self.paragraph(text, block, self.char_format(style.title_font, style.title_size))

    def table(self, spec: TableSpec, report: Report) -> None:
        """The table exactly as the official grid: merged labels, shaded captions, values."""
        style = self.style
        cells = spec.grid_cells
        rows = spec.grid_rows
        columns = spec.grid_columns
        fmt = QTextTableFormat()
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        total_weight = sum(spec.column_weights)
        fmt.setColumnWidthConstraints(
            [
                QTextLength(QTextLength.Type.PercentageLength, 100 * w / total_weight)
                for w in spec.column_weights
            ]
        )
        fmt.setCellPadding(self.pt(2))
        fmt.setCellSpacing(0)
        fmt.setBorder(self.pt(0.5))
        fmt.setBorderBrush(QBrush(QColor("black")))
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        fmt.setBorderCollapse(True)
        fmt.setTopMargin(self.pt(6))
        fmt.setBottomMargin(self.pt(6))
        # A table that continues on the next page repeats its column headers.
        first = spec.blocks[0]
        if not first.caption:
            fmt.setHeaderRowCount(first.header_rows)
        table = self.cursor.insertTable(rows, columns, fmt)
        char = self.char_format(style.table_font, style.table_size)
        for g in cells:
            if g.row_span > 1 or g.column_span > 1:
                table.mergeCells(g.row, g.column, g.row_span, g.column_span)
        for g in cells:
            cell = table.cellAt(g.row, g.column)
            cell_format = QTextTableCellFormat()
            cell_format.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
            if g.shaded:
                cell_format.setBackground(QBrush(SHADE))
            cell.setFormat(cell_format)
            cursor = cell.firstCursorPosition()
            block = QTextBlockFormat()
            left = g.role == "label" and g.row_span == 1 and len(g.text) > 6
            block.setAlignment(
                Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignHCenter
            )
            cursor.setBlockFormat(block)
            text = grid_text(g, report.values)
            cursor.insertText(text.replace("\n", "\u2028"), char)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)

    def signature(self, report: Report) -> None:
        style = self.style
        char = self.char_format(style.body_font, style.body_size)
        right = self.block_format(align=Qt.AlignmentFlag.AlignRight, indent=False)
        right.setRightMargin(self.pt(style.body_size * 2))
        spaced = QTextBlockFormat(right)
        spaced.setTopMargin(self.pt(style.line_spacing))
        self.paragraph(report.agency, spaced, char)
        self.paragraph(format_date(report.report_date), right, char)

    def findings(self, report: Report, findings: list[Finding]) -> None:
        style = self.style
        block = self.block_format(align=Qt.AlignmentFlag.AlignHCenter, indent=False)
        block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        self.paragraph(
            f"问题清单（共 {len(findings)} 项）",
            block,
            self.char_format(style.heading1_font, style.body_size),
        )
        if not findings:
            self.body("检查没有发现问题。")
        small = self.char_format(style.table_font, style.table_size + 1.5)
        for number, finding in enumerate(findings, start=1):
            item = QTextBlockFormat()
            item.setTopMargin(self.pt(3))
            self.paragraph(f"{number}．【{finding.severity.label}】{finding.message}", item, small)


def build_document(report: Report, options: PrintOptions, resolution: float) -> QTextDocument:
    """The whole report as a text document for a device of ``resolution`` dpi."""
    layout = _Layout(report.style, resolution)
    layout.title(report.format.document_title(report.agency, report.year))
    if options.wants(PREAMBLE) and report.preamble.strip():
        layout.body(report.preamble)
    for section in report.format.sections:
        if not options.wants(section.key):
            continue
        text = report.sections[section.key]
        layout.heading(section.heading, report.style.heading1_font)
        layout.body(text.intro)
        for index, part in enumerate(text.parts):
            if part.heading.strip():
                layout.heading(
                    f"{part_number(index)}{part.heading.strip()}", report.style.heading2_font
                )
            layout.body(part.text)
        if section.table is not None:
            layout.table(section.table, report)
    layout.signature(report)
    if options.include_findings:
        if options.findings is not None:
            found = options.findings
        else:
            from exporters import findings_for

            found = findings_for(report)
        layout.findings(report, found)
    return layout.document


# --- painting pages -----------------------------------------------------------------------------


def page_layout(style: DocumentStyle) -> QPageLayout:
    return QPageLayout(
        QPageSize(QSizeF(style.page_width, style.page_height), QPageSize.Unit.Millimeter, "A4"),
        QPageLayout.Orientation.Portrait,
        QMarginsF(style.margin_left, style.margin_top, style.margin_right, style.margin_bottom),
        QPageLayout.Unit.Millimeter,
    )


def layout_resolution() -> float:
    """The dots per inch a text document lays out at when it has no paint device.

    Qt scales every length of a text layout (line heights, indents, margins) from this resolution
    to the device's, so the document is laid out here and the painter scales to the device.
    """
    screen = QGuiApplication.primaryScreen()
    return float(screen.logicalDotsPerInchY()) if screen is not None else 96.0


def render(report: Report, device: QPagedPaintDevice, options: PrintOptions) -> int:
    """Paint the report onto ``device`` (a printer or a PDF writer); returns the page count.

    A printer that prints to a PDF file (打印到文件) gets its text layer repaired like ours.
    """
    pages, drawn = _render(report, device, options)
    output = getattr(device, "outputFileName", lambda: "")()
    if output and Path(output).suffix.lower() == ".pdf" and Path(output).is_file():
        path = Path(output)
        atomic_write(path, repair_text_layer(path.read_bytes(), _twins(report, drawn)))
    return pages


def _render(report: Report, device: QPagedPaintDevice, options: PrintOptions) -> tuple[int, str]:
    """The page count and all the text painted."""
    style = report.style
    device.setPageLayout(page_layout(style))
    resolution = layout_resolution()
    document = build_document(report, options, resolution)
    scale = resolution / MM_PER_INCH  # layout units per millimetre
    width, height = style.text_width * scale, style.text_height * scale
    document.setPageSize(QSizeF(width, height))
    pages = document.pageCount()
    zoom = device.logicalDpiY() / resolution
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始打印：打印机或文件不可用。")
    try:
        painter.scale(zoom, zoom)
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * height)
            document.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
            _page_number(painter, style, page + 1, width, height, scale)
            if options.draft:
                _draft_marks(painter, style, options.printed_at, width, height, scale)
    finally:
        painter.end()
    # The page numbers and the draft stamp use digits, dashes and the words of the stamp.
    drawn = document.toPlainText() + "— 0123456789" + _stamp(options.printed_at)
    return pages, drawn


def _font(family: str, size: float, resolution: float) -> QFont:
    """A font of ``size`` points for a painter working in layout units (pixels at
    ``resolution``): a point size would be resolved at the device's resolution and then scaled
    again."""
    font = QFont()
    font.setFamilies([family, *fallbacks(family)])
    font.setPixelSize(max(1, round(size * resolution / PT_PER_INCH)))
    return font


def _page_number(
    painter: QPainter, style: DocumentStyle, number: int, width: float, height: float, scale: float
) -> None:
    """ "— N —" 7 mm below the text block, odd pages to the right, even to the left, one
    character in from the edge (GB/T 9704)."""
    painter.save()
    painter.setFont(_font(style.page_number_font, style.page_number_size, scale * MM_PER_INCH))
    painter.setPen(QPen(QColor("black")))
    inset = style.page_number_size / PT_PER_INCH * MM_PER_INCH * scale
    box = QRectF(inset, height + 7 * scale - inset, width - 2 * inset, 3 * inset)
    align = Qt.AlignmentFlag.AlignRight if number % 2 else Qt.AlignmentFlag.AlignLeft
    painter.drawText(box, int(align | Qt.AlignmentFlag.AlignTop), f"— {number} —")
    painter.restore()


def _stamp(printed_at: dt.datetime) -> str:
    return f"{WATERMARK}　打印时间：{printed_at:%Y年%m月%d日 %H:%M}"


def _draft_marks(
    painter: QPainter,
    style: DocumentStyle,
    printed_at: dt.datetime,
    width: float,
    height: float,
    scale: float,
) -> None:
    painter.save()
    painter.setPen(QPen(QColor(200, 200, 200, 150)))
    painter.setFont(_font(style.heading1_font, 96, scale * MM_PER_INCH))
    painter.translate(width / 2, height / 2)
    painter.rotate(-35)
    painter.drawText(
        QRectF(-width, -height / 4, 2 * width, height / 2),
        int(Qt.AlignmentFlag.AlignCenter),
        WATERMARK,
    )
    painter.restore()
    painter.save()
    painter.setPen(QPen(QColor(90, 90, 90)))
    painter.setFont(_font(style.body_font, 9, scale * MM_PER_INCH))
    stamp = _stamp(printed_at)
    painter.drawText(
        QRectF(0, height + style.margin_bottom * scale - 12 * scale, width, 8 * scale),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
        stamp,
    )
    painter.restore()


# A font may draw several code points with one glyph (Noto CJK draws 口 and the radical ⼝, 户 and
# 戶 alike), and Qt's text layer then names the glyph by the lowest of them: text copied from the
# PDF, or found by a search, would read ⼝ for 口.  The report knows what it drew, so each such
# entry is pointed back to the character of the report that has the same glyph.
_CMAP = re.compile(rb"begincmap.*?endcmap", re.S)
_ARRAY_OR_CHARS = re.compile(rb"\[[^\]]*\]|beginbfchar.*?endbfchar", re.S)
_CODE = re.compile(rb"<([0-9A-Fa-f]{4})>")


class GlyphTwins:
    """For a code point that is not in the drawn text, the drawn character sharing its glyph."""

    def __init__(self, drawn: set[str], families: set[str]) -> None:
        self.drawn = drawn
        self.fonts: list[tuple[QRawFont, dict[int, str]]] = []
        for family in sorted(families):
            font = QFont()
            font.setFamilies([family, *fallbacks(family)])
            raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
            if not raw.isValid():
                continue
            by_glyph: dict[int, str] = {}
            for character in sorted(drawn):
                glyphs = raw.glyphIndexesForString(character)
                if len(glyphs) == 1 and glyphs[0]:
                    by_glyph.setdefault(glyphs[0], character)
            self.fonts.append((raw, by_glyph))

    def __call__(self, code: int) -> int | None:
        character = chr(code)
        if character in self.drawn:
            return None
        for raw, by_glyph in self.fonts:
            glyphs = raw.glyphIndexesForString(character)
            if len(glyphs) == 1 and glyphs[0] in by_glyph:
                return ord(by_glyph[glyphs[0]])
        return None


def _twins(report: Report, drawn: str) -> GlyphTwins:
    return GlyphTwins(set(drawn), set(report.style.fonts))


def repair_text_layer(pdf: bytes, twin: Callable[[int], int | None]) -> bytes:
    """Point the text layer's entries at the characters ``twin`` names instead.

    Only single-glyph entries are changed (the arrays of a bfrange and bfchar pairs), each code
    for one of the same length, so every byte offset of the file stays as it was.
    """

    def code(match: re.Match[bytes]) -> bytes:
        value = int(match.group(1), 16)
        if value < 0x2E80:  # below the CJK blocks no two characters of a report share a glyph
            return match.group(0)
        better = twin(value)
        return b"<%04X>" % better if better is not None and better <= 0xFFFF else match.group(0)

    def entries(match: re.Match[bytes]) -> bytes:
        return _CODE.sub(code, match.group(0))

    def cmap(match: re.Match[bytes]) -> bytes:
        return _ARRAY_OR_CHARS.sub(entries, match.group(0))

    repaired = _CMAP.sub(cmap, pdf)
    assert len(repaired) == len(pdf)
    return repaired


def pdf_bytes(report: Report, options: PrintOptions) -> tuple[bytes, int]:
    """The report as the bytes of a PDF file, and its page count."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(600)
    writer.setTitle(report.title if report.agency else APP_NAME)
    writer.setCreator(APP_NAME)
    pages, drawn = _render(report, writer, options)
    del writer  # finishes the file
    buffer.close()
    return repair_text_layer(bytes(data.data()), _twins(report, drawn)), pages


def write(report: Report, path: Path, *, draft: bool) -> None:
    """Write the whole report as a PDF, atomically; FileProblem with a Chinese reason on failure."""
    write_with(report, path, PrintOptions(draft=draft))


def write_with(report: Report, path: Path, options: PrintOptions) -> int:
    """Write the report as a PDF with ``options``, atomically; returns the page count."""
    data, pages = pdf_bytes(report, options)
    atomic_write(Path(path), data)
    return pages


__all__ = [
    "PREAMBLE",
    "PrintOptions",
    "build_document",
    "pdf_bytes",
    "render",
    "write",
    "write_with",
]
