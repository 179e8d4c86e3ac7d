"""The one painter: pages of the layout onto any paged device (the PDF writer, the printer,
the print preview's printer), with what belongs to the page rather than the text: the page
number "— N —" (odd pages right, even pages left, one character in; its 一字线 7 mm below the
text block, GB/T 9704 7.5) and, on drafts, a diagonal 草稿 and the time of printing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from PySide6.QtCore import QLineF, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)

from exporters.printout.fonts import DASHES, FontKey, Measurer
from exporters.printout.layout import PT_PER_MM
from exporters.printout.pages import Page, Text
from models.document.layout import PAGE_NUMBER_GAP_MM
from models.document.style import DocumentStyle

WATERMARK = "草稿"


def page_layout(style: DocumentStyle) -> QPageLayout:
    return QPageLayout(
        QPageSize(QSizeF(style.page_width, style.page_height), QPageSize.Unit.Millimeter, "A4"),
        QPageLayout.Orientation.Portrait,
        QMarginsF(style.margin_left, style.margin_top, style.margin_right, style.margin_bottom),
        QPageLayout.Unit.Millimeter,
    )


def stamp(printed_at: dt.datetime) -> str:
    return f"{WATERMARK}　打印时间：{printed_at:%Y年%m月%d日 %H:%M}"


def page_number(number: int) -> str:
    return f"— {number} —"


def _pieces(text: Text) -> Iterator[tuple[FontKey, str]]:
    """``text`` in the pieces the painter draws at once: one per font (digits and Latin letters
    in their own), a run of dashes apart, and spaced text (the grid, a justified line) character
    by character — QFont's letter spacing is not applied alike on every device (a PDF writer
    ignores it at some resolutions)."""
    for key, run in text.font.runs(text.text):
        for dash, group in itertools.groupby(run, key=lambda c: c in DASHES):
            chunk = "".join(group)
            if text.spacing and not dash:
                yield from ((key, character) for character in chunk)
            else:
                yield key, chunk


class Painter:
    """Draws on a device whose origin is the text block's top-left corner (the page layout's
    margins are the text block's), in points converted to the device's dots."""

    def __init__(self, device: QPagedPaintDevice, style: DocumentStyle) -> None:
        self.device = device
        self.style = style
        self.sx = device.logicalDpiX() / 72
        self.sy = device.logicalDpiY() / 72
        self.painter = QPainter()
        self._fonts: dict[FontKey, QFont] = {}
        self.measurer = Measurer()

    def point(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.sx, y * self.sy)

    def font(self, key: FontKey) -> QFont:
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = key.qfont()
        return found

    def paint(self, pages: list[Page], *, draft: bool, printed_at: dt.datetime) -> None:
        painter = self.painter
        if not painter.begin(self.device):
            raise OSError("无法开始打印：打印机或文件不可用。")
        try:
            for number, page in enumerate(pages, start=1):
                if number > 1:
                    self.device.newPage()
                self.page(page)
                self.number(number)
                if draft:
                    self.draft_marks(printed_at)
        finally:
            painter.end()

    def page(self, page: Page) -> None:
        painter = self.painter
        painter.setPen(Qt.PenStyle.NoPen)
        for fill in page.fills:
            painter.fillRect(
                QRectF(
                    self.point(fill.x, fill.y),
                    self.point(fill.x + fill.width, fill.y + fill.height),
                ),
                QColor(fill.colour),
            )
        for rule in page.rules:
            pen = QPen(QColor("black"))
            pen.setWidthF(rule.weight * self.sx)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            painter.drawLine(QLineF(self.point(rule.x1, rule.y1), self.point(rule.x2, rule.y2)))
        painter.setPen(QPen(QColor("black")))
        for text in page.texts:
            self.text(text)

    def text(self, text: Text) -> None:
        """One line of text, each piece where the layout measured it."""
        painter = self.painter
        x = text.x
        for key, piece in _pieces(text):
            painter.setFont(self.font(key))
            if piece[0] in DASHES:
                x = self.dashes(key, piece, x, text.y, text.spacing)
                continue
            painter.drawText(self.point(x, text.y), piece)
            x += self.measurer.width(key, piece) + text.spacing * len(piece)

    def dashes(self, key: FontKey, dashes: str, x: float, y: float, spacing: float) -> float:
        """A run of dashes as one continuous rule over their cells (a 破折号 "——" is one line
        two characters long, as Word draws it; the glyphs of a Chinese font, each drawn in its
        cell with the grid's spacing between, would be two short dashes).  The glyphs are drawn
        too, under the rule.  Returns where the text goes on."""
        measurer, painter = self.measurer, self.painter
        cell = measurer.advance(key, dashes[0])
        # The glyphs one by one (the font joins "——" into one glyph, ⸺, which the text layer
        # would keep), each widened to fill its cell, so that the text layer reads "——" as one
        # word with the text around it.
        glyph = painter.fontMetrics().horizontalAdvance(dashes[0]) / self.sx
        for index, dash in enumerate(dashes):
            painter.save()
            painter.translate(self.point(x + index * (cell + spacing), y))
            painter.scale(cell / glyph if glyph > 0 else 1.0, 1.0)
            painter.drawText(QPointF(0, 0), dash)
            painter.restore()
        span = len(dashes) * cell + (len(dashes) - 1) * spacing
        above, weight = measurer.dash_ink(key)
        middle = y - above
        pen = QPen(QColor("black"))
        pen.setWidthF(weight * self.sy)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(QLineF(self.point(x, middle), self.point(x + span, middle)))
        painter.setPen(QPen(QColor("black")))
        return x + len(dashes) * (cell + spacing)

    def number(self, number: int) -> None:
        measurer = self.measurer
        style = self.style
        key = FontKey(style.page_number_font, style.page_number_size)
        text = page_number(number)
        width = measurer.width(key, text)
        inset = style.page_number_size  # one character
        text_width = style.text_width * PT_PER_MM
        x = text_width - inset - width if number % 2 else inset
        below = style.text_height * PT_PER_MM + PAGE_NUMBER_GAP_MM * PT_PER_MM
        baseline = below + measurer.dash_middle(key)
        self.painter.setPen(QPen(QColor("black")))
        self.painter.setFont(self.font(key))
        self.painter.drawText(self.point(x, baseline), text)

    def draft_marks(self, printed_at: dt.datetime) -> None:
        style, painter = self.style, self.painter
        width = style.text_width * PT_PER_MM
        height = style.text_height * PT_PER_MM
        painter.save()
        painter.setPen(QPen(QColor(200, 200, 200, 150)))
        painter.setFont(self.font(FontKey(style.heading1_font, 96)))
        centre = self.point(width / 2, height / 2)
        painter.translate(centre)
        painter.rotate(-35)
        box = QRectF(
            -width * self.sx, -height / 4 * self.sy, 2 * width * self.sx, height / 2 * self.sy
        )
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), WATERMARK)
        painter.restore()
        painter.save()
        painter.setPen(QPen(QColor(90, 90, 90)))
        painter.setFont(self.font(FontKey(style.body_font, 9)))
        foot = height + (style.margin_bottom - 12) * PT_PER_MM
        painter.drawText(
            QRectF(self.point(0, foot), self.point(width, foot + 8 * PT_PER_MM)),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            stamp(printed_at),
        )
        painter.restore()
