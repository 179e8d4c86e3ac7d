"""A PDF's text and words as the tests read them, with PDFium (pypdfium2, a dependency of the
program), so that no test needs poppler's pdftotext: Windows has none.

The words are those ``pdftotext -bbox`` gives, which the tests were written against
(tests/test_pdf_text.py compares the two where pdftotext is installed: the same words and boxes
for our PDFs and LibreOffice's):

- a word is a run of characters on one baseline in one font size, split at white space and
  wherever the gap to the previous character is over 0.1 of the font size (or it steps back
  more than 0.2); then, as poppler joins them again, a line whose words are all single
  characters (text spread to fill its line, each character placed on its own) is read with a
  wider gap.  Chinese text has no spaces, so a body line is one word;
- its box is in points from the page's top-left corner: from the first character's origin to
  the last one's advance along the line, and across it from the first character's font's
  ascent to its descent as the font's descriptor states them (0.95 and -0.35 of the size where
  the descriptor says 0, as LibreOffice writes it) — the line's box, the same height for every
  character of a line, never the ink.

This reads the PDF apart from the program's own reader (exporters/pdf/page_content.py), which
folds radicals into characters and leaves watermarks out: the tests must see the text layer as
it is.  Characters not set upright (the 草稿 watermark, a label turned in its cell) are a word
each, boxed by PDFium; pdftotext joins turned characters into words and boxes them otherwise.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as c

WORD_BREAK = 0.1
"""A gap wider than this many font sizes starts a new word (poppler's minWordBreakSpace)."""
STEP_BACK = 0.2
"""A character drawn this many font sizes back over the previous one starts a new word
(poppler's minDupBreakOverlap)."""
SAME_BASE = 0.5
"""Points the baselines of one word's characters may differ by (poppler's)."""
NARROW, WIDE, WIDEST = 0.03, 1.3, 0.4
"""Poppler's joining of a line's words (maxCharSpacing, maxWideCharSpacingMul and
maxWideCharSpacing): see ``_joined``."""
ASCENT, DESCENT = 0.95, -0.35
"""A font's ascent and descent, in font sizes, where its descriptor gives none (poppler's)."""


@dataclass(frozen=True)
class Word:
    page: int
    """1 for the first page."""
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    page_width: float
    page_height: float
    base: float
    """The baseline's y (from the top): the words of one line share it."""

    @property
    def height(self) -> float:
        return self.y_max - self.y_min


@dataclass
class _Run:
    """A word being gathered, or gathered and not yet joined with its neighbours."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    base: float
    size: float
    last_x: float
    font: str
    first: int
    """The content position of its first character and of its last (PDFium's indices over
    the characters drawn, generated ones left out)."""
    last: int
    upright: bool = True

    def word(self, page: int, width: float, height: float) -> Word:
        return Word(
            page,
            self.text,
            self.x_min,
            self.y_min,
            self.x_max,
            self.y_max,
            width,
            height,
            self.base,
        )


def words(path: Path) -> list[Word]:
    """Every word of the PDF at ``path``, in reading order: page by page, line by line from the
    top (words whose baselines are within a point are one line), left to right."""
    data = path.read_bytes()
    metrics = _descriptor_metrics(data)
    document = pdfium.PdfDocument(data)
    found: list[Word] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = (float(v) for v in page.get_size())
                for line in _lines(_runs(page, metrics)):
                    found += [run.word(index + 1, width, height) for run in _joined(line)]
            finally:
                page.close()
    finally:
        document.close()
    return found


def text(path: Path) -> str:
    """The PDF's text: each line's words separated by a space, lines by a newline, pages by a
    form feed (what a search or a copy of the page gives, in reading order)."""
    pages: list[list[list[Word]]] = []
    for word in words(path):
        while len(pages) < word.page:
            pages.append([])
        lines = pages[word.page - 1]
        if lines and abs(lines[-1][0].base - word.base) <= 1:
            lines[-1].append(word)
        else:
            lines.append([word])
    return "\f".join("\n".join(" ".join(w.text for w in line) for line in page) for page in pages)


def page_count(path: Path) -> int:
    return len(page_sizes(path))


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    document = pdfium.PdfDocument(path)
    sizes = []
    try:
        for index in range(len(document)):
            width, height = document[index].get_size()
            sizes.append((float(width), float(height)))
    finally:
        document.close()
    return sizes


def fonts_embedded(path: Path) -> dict[str, bool]:
    """Each font that draws text (its base name) and whether the file embeds it."""
    document = pdfium.PdfDocument(path)
    fonts: dict[str, bool] = {}
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                handle = textpage.raw
                for i in range(c.FPDFText_CountChars(handle)):
                    font = _font_of(handle, i)
                    if font:
                        fonts[_font_name(font)] = bool(c.FPDFFont_GetIsEmbedded(font))
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()
    return fonts


def _runs(page: Any, metrics: dict[str, tuple[float, float]]) -> list[_Run]:
    """The page's characters gathered into words as poppler's TextPage.addChar does, in the
    order they are drawn."""
    height = float(page.get_height())
    drawn_spaces = _drawn_spaces(page)
    textpage = page.get_textpage()
    handle = textpage.raw
    found: list[_Run] = []
    run: _Run | None = None
    box, matrix = c.FS_RECTF(), c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    position, last_object, run_object = 0, -1, 0
    try:
        for i in range(c.FPDFText_CountChars(handle)):
            if c.FPDFText_IsGenerated(handle, i) == 1:
                continue  # a space or line end PDFium made up: the gap decides instead
            code = int(c.FPDFText_GetUnicode(handle, i))
            character = chr(code)
            # Where it was drawn, counting the spaces drawn before it that PDFium leaves out
            # (a space glyph set on its own, as Qt draws them): a word joins only the word
            # drawn right before it.
            obj = c.FPDFText_GetTextObject(handle, i)
            address = ctypes.cast(obj, ctypes.c_void_p).value or 0
            ordinal = drawn_spaces.get(address, (last_object, 0))
            if ordinal[0] > last_object:
                position += ordinal[1]
            last_object = max(last_object, ordinal[0])
            position += 1
            if code == 0 or character.isspace():
                run = None
                continue
            c.FPDFText_GetMatrix(handle, i, matrix)
            c.FPDFText_GetCharOrigin(handle, i, x, y)
            c.FPDFText_GetLooseCharBox(handle, i, box)
            # The size across the line, as poppler's transformed font size.
            size = float(c.FPDFText_GetFontSize(handle, i)) * math.hypot(matrix.c, matrix.d)
            base = height - y.value
            font_handle = c.FPDFTextObj_GetFont(obj) if obj else None
            font = _font_name(font_handle)
            right = _advance_end(font_handle, code, x.value, matrix.a, handle, i, box.right)
            if not (matrix.b == 0 and matrix.c == 0 and matrix.a > 0 and matrix.d > 0):
                run = None  # turned or slanted (a watermark): a word of its own
                found.append(
                    _Run(
                        character,
                        box.left,
                        height - box.top,
                        box.right,
                        height - box.bottom,
                        base,
                        size,
                        x.value,
                        font,
                        position,
                        position,
                        upright=False,
                    )
                )
                continue
            if run is not None and address == run_object and x.value == run.last_x:
                # One glyph for more than one character (LibreOffice's "——"): PDFium gives
                # each the glyph's origin and its ink, poppler spreads them over its advance.
                left, ink_right = ctypes.c_double(), ctypes.c_double()
                bottom, top = ctypes.c_double(), ctypes.c_double()
                c.FPDFText_GetCharBox(handle, i, left, ink_right, bottom, top)
                run.text += character
                run.x_max = max(run.x_max, right, ink_right.value)
                run.last = position
                continue
            if run is not None and (
                abs(base - run.base) > SAME_BASE
                or abs(size - run.size) > 1e-3
                or x.value - run.x_max > WORD_BREAK * run.size
                or x.value - run.x_max < -STEP_BACK * run.size
                or abs(x.value - run.last_x) < WORD_BREAK * run.size  # drawn twice (fake bold)
            ):
                run = None
            if run is None:
                ascent, descent = metrics.get(font) or _font_metrics(font_handle)
                run = _Run(
                    character,
                    x.value,
                    base - ascent * size,
                    right,
                    base - descent * size,
                    base,
                    size,
                    x.value,
                    font,
                    position,
                    position,
                )
                found.append(run)
            else:
                run.text += character
                run.x_max = max(run.x_max, right)
                run.last_x = x.value
                run.last = position
            run_object = address
    finally:
        textpage.close()
    return found


def _advance_end(
    font: Any, code: int, origin: float, scale: float, handle: Any, index: int, loose: float
) -> float:
    """Where the character's advance ends along its line: its origin plus its width in the
    font (PDFium's loose box is the character's ink where the font's descriptor gives no
    ascent, as LibreOffice writes it; the width is the font's either way)."""
    width = ctypes.c_float()
    size = float(c.FPDFText_GetFontSize(handle, index)) * scale
    if (
        font
        and c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(size), width)
        and width.value > 0
    ):
        return origin + width.value
    return loose


def _font_metrics(font: Any) -> tuple[float, float]:
    """A font's ascent and descent in font sizes where no descriptor states them (the standard
    fonts, Helvetica and the like): PDFium's, as poppler has its own for them."""
    ascent, descent = ctypes.c_float(), ctypes.c_float()
    if (
        font
        and c.FPDFFont_GetAscent(font, ctypes.c_float(1.0), ascent)
        and c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent)
        and 0 < ascent.value < 3
        and -3 < descent.value < 0
    ):
        return ascent.value, descent.value
    return ASCENT, DESCENT


def _drawn_spaces(page: Any) -> dict[int, tuple[int, int]]:
    """Each text object of the page (by its address): its place among them and how many
    objects that draw only white space come right before it."""
    textpage = page.get_textpage()
    places: dict[int, tuple[int, int]] = {}
    blank = 0
    try:
        for index in range(c.FPDFPage_CountObjects(page.raw)):
            obj = c.FPDFPage_GetObject(page.raw, index)
            if c.FPDFPageObj_GetType(obj) != c.FPDF_PAGEOBJ_TEXT:
                continue
            size = c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
            buffer = (ctypes.c_ushort * max(int(size), 1))()
            c.FPDFTextObj_GetText(obj, textpage.raw, buffer, size)
            drawn = bytes(buffer).decode("utf-16-le", "replace").rstrip("\x00")
            if drawn.strip():
                places[ctypes.cast(obj, ctypes.c_void_p).value or 0] = (index, blank)
                blank = 0
            else:
                blank += 1
    finally:
        textpage.close()
    return places


def _lines(runs: list[_Run]) -> list[list[_Run]]:
    """The words in lines from the top of the page (baselines within a point), each line's
    words from the left."""
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: r.base):
        if lines and run.base - lines[-1][0].base <= 1:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda r: r.x_min) for line in lines]


def _joined(line: list[_Run]) -> list[_Run]:
    """A line's words, neighbours joined as poppler's TextLine.coalesce joins them: when every
    word of the line is one character (text spread to fill its line, each character placed on
    its own), a gap under 1.3 times the narrowest is no word break (at most 0.4 of the size);
    otherwise under 0.03 of it.  Only words of one font, drawn one after the other, join."""
    upright = [r for r in line if r.upright]
    if len(upright) < 2:
        return line
    smallest = 0.0
    if len(upright[0].text) == 1 and len(upright[1].text) == 1:
        smallest = upright[1].x_min - upright[0].x_max
        for left, right in itertools.pairwise(upright[1:]):
            if smallest <= 0:
                break
            if len(right.text) > 1:
                smallest = 0
            smallest = min(smallest, right.x_min - left.x_max)
    size = upright[0].size
    space = WIDE * smallest if smallest > 0 else NARROW * size
    space = min(space, WIDEST * size)
    joined = [upright[0]]
    for run in upright[1:]:
        last = joined[-1]
        if (
            run.x_min - last.x_max < space
            and run.font == last.font
            and abs(run.size - last.size) < 0.05 * size
            and run.first == last.last + 1
        ):
            last.text += run.text
            last.x_max = max(last.x_max, run.x_max)
            last.y_min, last.y_max = min(last.y_min, run.y_min), max(last.y_max, run.y_max)
            last.last = run.last
        else:
            joined.append(run)
    return joined + [r for r in line if not r.upright]


def _font_of(handle: Any, index: int) -> Any:
    obj = c.FPDFText_GetTextObject(handle, index)
    return c.FPDFTextObj_GetFont(obj) if obj else None


def _font_name(font: Any) -> str:
    if not font:
        return ""
    size = c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(int(size), 1))
    c.FPDFFont_GetBaseFontName(font, buffer, size)
    return _untagged(buffer.value.decode("utf-8", "replace"))


def _untagged(name: str) -> str:
    """A font's name without its subset tag (ABCDEF+)."""
    return re.sub(r"^[A-Z]{6}\+", "", name)


_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor\b.*?>>", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def _descriptor_metrics(data: bytes) -> dict[str, tuple[float, float]]:
    """Each font's ascent and descent in font sizes as its descriptor states them, by name
    (PDFium gives its own guess where the descriptor says 0, poppler takes 0.95 and -0.35 then,
    and the words' heights are poppler's), looked for in the file and in its compressed
    streams (object streams)."""
    texts = [data]
    for stream in _STREAM.finditer(data):
        try:
            texts.append(zlib.decompressobj().decompress(stream.group(1), 10_000_000))
        except zlib.error:
            continue
    metrics: dict[str, tuple[float, float]] = {}
    for source in texts:
        for found in _DESCRIPTOR.finditer(source):
            entry = found.group(0)
            name = re.search(rb"/FontName\s*/([^\s/\[\]<>()]+)", entry)
            if name is None:
                continue
            ascent = _number(entry, b"Ascent")
            descent = _number(entry, b"Descent")
            # Poppler's reading: the sign ignored, 0 or a silly size (32768) taken as unknown.
            ascent = abs(ascent) if ascent and abs(ascent) < 3 else ASCENT
            descent = -abs(descent) if descent and abs(descent) < 3 else DESCENT
            # A name's #xx escapes, then its bytes as PDFium decodes them.
            raw = re.sub(
                rb"#([0-9A-Fa-f]{2})", lambda m: bytes.fromhex(m.group(1).decode()), name.group(1)
            )
            metrics[_untagged(raw.decode("utf-8", "replace"))] = (ascent, descent)
    return metrics


def _number(entry: bytes, key: bytes) -> float:
    found = re.search(rb"/" + key + rb"\s+(-?[\d.]+)", entry)
    try:
        return float(found.group(1)) / 1000 if found else 0.0
    except ValueError:
        return 0.0


def grey_page(path: Path, page: int, dpi: float) -> tuple[int, int, bytes]:
    """Page ``page`` (from 1) rendered by PDFium at ``dpi`` in 8-bit grey, as pdftoppm -gray
    gives it: width, height, one byte a pixel row by row (0 black, 255 white)."""
    document = pdfium.PdfDocument(path)
    try:
        bitmap = document[page - 1].render(scale=dpi / 72, grayscale=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        data = bytes(bitmap.buffer)
        if bitmap.n_channels != 1:
            raise ValueError(f"PDFium rendered {bitmap.n_channels} channels, not grey")
        return width, height, b"".join(data[y * stride : y * stride + width] for y in range(height))
    finally:
        document.close()
