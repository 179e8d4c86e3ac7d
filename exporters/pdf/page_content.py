"""What a PDF page holds, as the reader needs it: its characters with their boxes and its drawn
rules, read with PDFium (pypdfium2: its document and page objects, and the raw FPDFText_* and
FPDFPath_* calls for each character and path segment).  Everything else of the reader works on
these plain records and never touches PDFium.

Coordinates are points from the page's top-left corner, y growing downwards.  A rule is an
axis-parallel stroke: a stroked line or rectangle edge, or a thin filled rectangle (how Word and
WPS draw cell borders); a wide filled rectangle is shading and no rule.  Rotated characters (a
watermark) are left out.  Every loop is bounded, so a hostile file cannot keep the reader busy.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as c

MAX_PAGES = 200
"""A report is 6–8 pages (with attachments a few dozen); more is not one."""
MAX_SEGMENTS = 2_000
"""Segments read from one path (a cell border is 2 to 5)."""
MAX_DEPTH = 6
"""Form XObjects nested in one another that are looked into."""
THIN = 2.5
"""Points: a filled rectangle at most this thick is a rule; a thicker one is shading."""
_PAGE_OBJ_PATH, _PAGE_OBJ_IMAGE, _PAGE_OBJ_FORM = 2, 3, 5
_SEGMENT_MOVE = 2

# PDFium is not thread-safe: one document at a time is read.
LOCK = threading.Lock()


@dataclass
class Budget:
    """What reading one document may cost, all its pages together.  An 8-page report with its
    tables takes a few per cent of it (about 5,000 characters, 2,500 objects and segments); a
    file that needs more is not one, and reading it would take seconds."""

    characters: int = 120_000
    objects: int = 100_000
    segments: int = 150_000


class TooMuch(Exception):
    """The document needs more than its ``Budget``."""


class OpenError(Exception):
    """The file could not be opened: ``kind`` is "password", "format" or "other"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    """The font size in points (the character's em)."""

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    horizontal: bool
    at: float
    """y of a horizontal rule, x of a vertical one."""
    start: float
    end: float


@dataclass
class PageContent:
    number: int
    """1 for the first page."""
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: int = 0
    unmapped: int = 0
    """Characters whose font gives no text for them (the text layer cannot be read)."""


@dataclass(frozen=True, slots=True)
class _Matrix:
    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def then(self, outer: _Matrix) -> _Matrix:
        """This transformation followed by ``outer``."""
        return _Matrix(
            self.a * outer.a + self.b * outer.c,
            self.a * outer.b + self.b * outer.d,
            self.c * outer.a + self.d * outer.c,
            self.c * outer.b + self.d * outer.d,
            self.e * outer.a + self.f * outer.c + outer.e,
            self.e * outer.b + self.f * outer.d + outer.f,
        )

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f


_IDENTITY = _Matrix(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def open_pdf(data: bytes) -> Any:
    """The pypdfium2 document of ``data``; OpenError when PDFium cannot open it."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == c.FPDF_ERR_PASSWORD:
            raise OpenError("password") from None
        if code == c.FPDF_ERR_SECURITY:
            raise OpenError("password") from None
        raise OpenError("format") from None
    except Exception:  # a binding error on a file PDFium half-accepts
        raise OpenError("other") from None


def page_count(document: Any) -> int:
    return len(document)


def read_page(document: Any, index: int, budget: Budget | None = None) -> PageContent:
    """Page ``index`` (from 0) of an opened document; TooMuch when it exceeds what is left of
    ``budget`` (a fresh one by default)."""
    budget = budget if budget is not None else Budget()
    page = document[index]
    try:
        width, height = (float(v) for v in page.get_size())
        content = PageContent(index + 1, width, height)
        _read_text(page, content, budget)
        _read_objects(page, content, budget)
        return content
    finally:
        page.close()


# --- characters ------------------------------------------------------------------------------


def _folded(character: str) -> str:
    """Kangxi and supplementary radicals and compatibility ideographs (what some fonts' text
    layers give for 一, 口 …) as the ordinary character; anything else as it is."""
    code = ord(character)
    if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF:
        return unicodedata.normalize("NFKC", character)
    return character


def _read_text(page: Any, content: PageContent, budget: Budget) -> None:
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = int(c.FPDFText_CountChars(handle))
        budget.characters -= max(count, 0)
        if budget.characters < 0:
            raise TooMuch
        x, y = ctypes.c_double(), ctypes.c_double()
        box = c.FS_RECTF()
        matrix = c.FS_MATRIX()
        height = content.height
        pending_high = 0
        for i in range(count):
            if c.FPDFText_IsGenerated(handle, i) == 1:
                continue
            code = int(c.FPDFText_GetUnicode(handle, i))
            if 0xD800 <= code <= 0xDBFF:
                pending_high = code
                continue
            if 0xDC00 <= code <= 0xDFFF:
                if not pending_high:
                    continue
                code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
                pending_high = 0
            if c.FPDFText_HasUnicodeMapError(handle, i) == 1:
                content.unmapped += 1
                continue
            if code in (0, 0xFFFE, 0xFFFF) or code in (0x0D, 0x0A, 0x02):
                continue
            if not c.FPDFText_GetMatrix(handle, i, matrix):
                continue
            if abs(matrix.b) > 1e-3 or abs(matrix.c) > 1e-3 or matrix.a <= 0 or matrix.d <= 0:
                continue  # rotated, mirrored or upside down: a watermark, not the text
            size = float(c.FPDFText_GetFontSize(handle, i)) * math.sqrt(matrix.a * matrix.d)
            if not c.FPDFText_GetLooseCharBox(handle, i, box):
                continue
            if not c.FPDFText_GetCharOrigin(handle, i, x, y):
                continue
            values = (box.left, box.right, box.top, box.bottom, y.value, size)
            if not all(math.isfinite(v) for v in values) or size <= 0:
                continue
            try:
                character = _folded(chr(code))
            except ValueError:
                continue
            content.glyphs.append(
                Glyph(
                    character,
                    float(box.left),
                    float(box.right),
                    height - float(box.top),
                    height - float(box.bottom),
                    height - float(y.value),
                    min(size, 1000.0),
                )
            )
    finally:
        textpage.close()


# --- rules and images --------------------------------------------------------------------------


def _objects(page_handle: Any, budget: Budget) -> Iterator[tuple[Any, _Matrix, int]]:
    """Every page object (looking into forms), with the matrix of the form it sits in."""
    stack: list[tuple[Any, int, _Matrix, int, bool]] = [(page_handle, 0, _IDENTITY, 0, True)]
    # (container, next index, its matrix, depth, is the page)
    while stack:
        container, index, outer, depth, is_page = stack.pop()
        total = int(
            c.FPDFPage_CountObjects(container) if is_page else c.FPDFFormObj_CountObjects(container)
        )
        while index < total:
            budget.objects -= 1
            if budget.objects < 0:
                raise TooMuch
            obj = (
                c.FPDFPage_GetObject(container, index)
                if is_page
                else c.FPDFFormObj_GetObject(container, index)
            )
            index += 1
            if not obj:
                continue
            kind = int(c.FPDFPageObj_GetType(obj))
            if kind == _PAGE_OBJ_FORM and depth < MAX_DEPTH:
                own = _matrix_of(obj)
                stack.append((container, index, outer, depth, is_page))
                stack.append((obj, 0, own.then(outer), depth + 1, False))
                break
            yield obj, outer, kind


def _matrix_of(obj: Any) -> _Matrix:
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    values = (m.a, m.b, m.c, m.d, m.e, m.f)
    if not all(math.isfinite(v) for v in values):
        return _IDENTITY
    return _Matrix(*(float(v) for v in values))


def _white(obj: Any, stroke: bool) -> bool:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    get = c.FPDFPageObj_GetStrokeColor if stroke else c.FPDFPageObj_GetFillColor
    if not get(obj, r, g, b, a):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 240


def _read_objects(page: Any, content: PageContent, budget: Budget) -> None:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    point_x, point_y = ctypes.c_float(), ctypes.c_float()
    height = content.height
    for obj, outer, kind in _objects(page.raw, budget):
        if kind == _PAGE_OBJ_IMAGE:
            content.images += 1
            continue
        if kind != _PAGE_OBJ_PATH:
            continue
        if not c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
            continue
        stroked = bool(stroke.value) and not _white(obj, stroke=True)
        filled = fill_mode.value != 0 and not _white(obj, stroke=False)
        if not stroked and not filled:
            continue
        matrix = _matrix_of(obj).then(outer)
        count = min(int(c.FPDFPath_CountSegments(obj)), MAX_SEGMENTS)
        budget.segments -= max(count, 0)
        if budget.segments < 0:
            raise TooMuch
        subpath: list[tuple[float, float]] = []
        for i in range(count + 1):
            segment = c.FPDFPath_GetPathSegment(obj, i) if i < count else None
            move = segment is None or int(c.FPDFPathSegment_GetType(segment)) == _SEGMENT_MOVE
            if move and subpath:
                _add_subpath(content, subpath, stroked, filled)
                subpath = []
            if segment is None:
                break
            if not c.FPDFPathSegment_GetPoint(segment, point_x, point_y):
                continue
            px, py = matrix.apply(float(point_x.value), float(point_y.value))
            if not (math.isfinite(px) and math.isfinite(py)):
                continue
            subpath.append((px, height - py))
            if c.FPDFPathSegment_GetClose(segment) and subpath[0] != subpath[-1]:
                subpath.append(subpath[0])


def _add_subpath(
    content: PageContent,
    points: list[tuple[float, float]],
    stroked: bool,
    filled: bool,
) -> None:
    if stroked:
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 1.0:
                content.rules.append(Rule(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 1.0:
                content.rules.append(Rule(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
        return
    if not filled or len(points) < 4:
        return
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    # A rectangle: every edge axis-parallel.
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if abs(x0 - x1) > 0.5 and abs(y0 - y1) > 0.5:
            return
    w, h = right - left, bottom - top
    if h <= THIN and w > h and w >= 1.0:
        content.rules.append(Rule(True, (top + bottom) / 2, left, right))
    elif w <= THIN and h > w and h >= 1.0:
        content.rules.append(Rule(False, (left + right) / 2, top, bottom))
