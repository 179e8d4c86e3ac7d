"""Fonts of the printout: which family each style names (with its fallbacks), their metrics
in points, and the refusal when no installed font can show Chinese."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QPainterPath

from models.document.layout import LATIN_FONT
from models.document.style import DocumentStyle, fallbacks
from models.files import FileProblem

DASHES = frozenset("—―")
"""Dashes (U+2014, U+2015) a Chinese text sets full-width, in pairs as one rule (破折号 ——)."""

MEASURE = 20
"""Fonts are measured at 20 pixels per point (a pixel size in whole twips): large enough that
hinting and rounding vanish, and every size of the 版式 (steps of 0.05 pt) a whole pixel size."""

NO_CHINESE_FONT = (
    "本机没有可以显示中文的字体，导出或打印的页面上汉字会是一个个方框，所以没有继续。"
    "请先安装中文字体再试：公文用的仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312，"
    "或系统自带的仿宋、宋体、黑体、楷体（Windows）；统信 UOS、麒麟、Debian 等 Linux 系统可安装"
    "思源/Noto CJK 字体（软件包 fonts-noto-cjk）。Word 文档（.docx）不受影响，可以照常导出。"
)


class NoChineseFont(FileProblem):
    """No font on this machine draws Chinese: a PDF or printout would be empty boxes."""


@dataclass(frozen=True)
class FontKey:
    """A font of the printout: the family the 版式 names, its size in points, and the family
    of its digits and Latin letters (``latin``; None: ``family`` too) — as the .docx's styles
    set w:ascii/w:hAnsi, so both take the same font (or the same substitute for it) and the
    same widths."""

    family: str
    size: float
    latin: str | None = None

    def resized(self, size: float) -> FontKey:
        return replace(self, size=size)

    def for_character(self, character: str) -> FontKey:
        """The font ``character`` is drawn in: ``latin`` for ASCII (what Word's w:ascii
        covers; with w:hint="eastAsia" every other character takes the East Asian font)."""
        if self.latin is not None and character.isascii():
            return FontKey(self.latin, self.size)
        return self

    def runs(self, text: str) -> list[tuple[FontKey, str]]:
        """``text`` cut into pieces of one font each."""
        pieces: list[tuple[FontKey, str]] = []
        for character in text:
            key = self.for_character(character)
            if pieces and pieces[-1][0] == key:
                pieces[-1] = (key, pieces[-1][1] + character)
            else:
                pieces.append((key, character))
        return pieces

    def qfont(self) -> QFont:
        """The font for painting on a device (sized in points: the device's resolution
        decides its pixels, so widths scale exactly from the measured ones)."""
        font = _base(self.family)
        font.setPointSizeF(self.size)
        return font


def _base(family: str) -> QFont:
    font = QFont()
    font.setFamilies([family, *fallbacks(family)])
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(False)  # the grid spaces CJK text evenly, as Word and WPS do
    return font


@dataclass(frozen=True)
class Metrics:
    """A font's vertical metrics in points."""

    ascent: float
    descent: float
    line: float


class Measurer:
    """Advances and metrics of the printout's fonts in points, cached per character."""

    def __init__(self) -> None:
        self._metrics: dict[FontKey, QFontMetricsF] = {}
        self._advances: dict[tuple[FontKey, str], float] = {}

    def _qt(self, key: FontKey) -> QFontMetricsF:
        metrics = self._metrics.get(key)
        if metrics is None:
            font = _base(key.family)
            font.setPixelSize(max(1, round(key.size * MEASURE)))
            metrics = self._metrics[key] = QFontMetricsF(font)
        return metrics

    def advance(self, key: FontKey, character: str) -> float:
        found = self._advances.get((key, character))
        if found is None:
            font = key.for_character(character)
            if character in DASHES:
                # Word, WPS and LibreOffice set a dash in Chinese text full-width (a Chinese
                # font's GB 2312 dash is one em); the Noto CJK fonts' own is proportional
                # (0.89 em): measured so, "——" would be shorter than theirs and broken.
                found = font.size
            else:
                found = self._qt(font).horizontalAdvance(character) / MEASURE
            self._advances[(key, character)] = found
        return found

    def width(self, key: FontKey, text: str) -> float:
        return sum(self.advance(key, c) for c in text)

    def metrics(self, key: FontKey) -> Metrics:
        qt = self._qt(key)
        return Metrics(qt.ascent() / MEASURE, qt.descent() / MEASURE, qt.lineSpacing() / MEASURE)

    def dash_middle(self, key: FontKey) -> float:
        """How far above the baseline the middle of a dash "—" is drawn (the page number's
        一字线 is placed by it)."""
        return self.dash_ink(key)[0]

    def dash_ink(self, key: FontKey) -> tuple[float, float]:
        """Where the font draws a dash "—": how far above the baseline its middle is, and how
        thick it is, in points (from the glyph's outline: Qt's tight bounding box of a CJK
        font's dash reaches down to the baseline)."""
        font = _base(key.family)
        font.setPixelSize(max(1, round(key.size * MEASURE)))
        outline = QPainterPath()
        outline.addText(0, 0, font, "—")
        ink = outline.boundingRect()
        return -ink.center().y() / MEASURE, ink.height() / MEASURE


def _chinese_families() -> tuple[str, ...]:
    return tuple(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def check_chinese_fonts(style: DocumentStyle) -> None:
    """NoChineseFont (with what to install) when no font can draw the report's Chinese text:
    neither a font the 版式 names, nor its fallbacks, nor any other installed Chinese font that
    Qt would fall back to."""
    if _chinese_families():
        return
    raise NoChineseFont(NO_CHINESE_FONT)


def font_keys(style: DocumentStyle) -> dict[str, FontKey]:
    """The printout's fonts by use: digits and Latin letters of the body, headings, 落款 and
    tables in ``LATIN_FONT``, as in the .docx; the title and the page number in their own."""
    return {
        "title": FontKey(style.title_font, style.title_size),
        "body": FontKey(style.body_font, style.body_size, LATIN_FONT),
        "heading1": FontKey(style.heading1_font, style.body_size, LATIN_FONT),
        "heading2": FontKey(style.heading2_font, style.body_size, LATIN_FONT),
        "table": FontKey(style.table_font, style.table_size, LATIN_FONT),
        "page_number": FontKey(style.page_number_font, style.page_number_size),
    }
