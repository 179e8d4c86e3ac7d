"""The printed report: the PDF file, and the one entry point the printer and the print preview
paint through.

The pages come from our own page layout (exporters.printout: the .docx's 28 × 22 grid, ruled
tables split row by row with their headers repeated, keep-with-next) and one painter draws them
on any paged device, so the PDF, the printout and the preview show the same pages.  Here: the
device set-up, the file's metadata (Title, Author), the refusal when no Chinese font exists, and
the repair of the text layer for glyphs a font shares between characters.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPdfWriter,
    QRawFont,
)

from exporters.printout.fonts import NoChineseFont, check_chinese_fonts
from exporters.printout.layout import Laid, lay_out
from exporters.printout.options import PREAMBLE, PrintOptions
from exporters.printout.paint import Painter, page_layout, page_number, stamp
from models.app import APP_NAME
from models.document.style import fallbacks
from models.document.text import signer, title_text
from models.files import atomic_write
from models.report import Report


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


def render(report: Report, device: QPagedPaintDevice, options: PrintOptions) -> int:
    """Paint the report onto ``device`` (a printer or a PDF writer); returns the page count.

    NoChineseFont (a FileProblem, in Chinese) when no font can show the report.  A printer that
    prints to a PDF file (打印到文件) gets its text layer repaired like ours.
    """
    laid = _render(report, device, options)
    output = getattr(device, "outputFileName", lambda: "")()
    if output and Path(output).suffix.lower() == ".pdf" and Path(output).is_file():
        path = Path(output)
        atomic_write(path, repair_text_layer(path.read_bytes(), _twins(report, laid)))
    return len(laid.pages)


def _render(report: Report, device: QPagedPaintDevice, options: PrintOptions) -> Laid:
    """Lay the report out and paint it; the layout (its pages and the text drawn)."""
    check_chinese_fonts(report.style)
    device.setPageLayout(page_layout(report.style))
    laid = lay_out(report, options)
    Painter(device, report.style).paint(
        laid.pages, draft=options.draft, printed_at=options.printed_at
    )
    return laid


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


def _twins(report: Report, laid: Laid) -> GlyphTwins:
    """The glyph twins of what was painted: the layout's text, the page numbers and the stamp."""
    extra = "".join(page_number(n) for n in range(1, len(laid.pages) + 1))
    drawn = laid.drawn + extra + stamp(dt.datetime(2000, 1, 1)) + "0123456789"
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
    writer.setTitle(title_text(report) if report.agency.strip() else APP_NAME)
    writer.setAuthor(signer(report))
    writer.setCreator(APP_NAME)
    laid = _render(report, writer, options)
    del writer  # finishes the file
    buffer.close()
    return repair_text_layer(bytes(data.data()), _twins(report, laid)), len(laid.pages)


def write(report: Report, path: Path, *, draft: bool) -> None:
    """Write the whole report as a PDF, atomically; FileProblem with a Chinese reason on failure
    (NoChineseFont when no font can show it)."""
    write_with(report, path, PrintOptions(draft=draft))


def write_with(report: Report, path: Path, options: PrintOptions) -> int:
    """Write the report as a PDF with ``options``, atomically; returns the page count."""
    data, pages = pdf_bytes(report, options)
    atomic_write(Path(path), data)
    return pages


__all__ = [
    "PREAMBLE",
    "NoChineseFont",
    "PrintOptions",
    "lay_out",
    "pdf_bytes",
    "render",
    "write",
    "write_with",
]
