"""What a PDF page holds, as the reader needs it: its characters with their boxes and its drawn
rules, read with PDFium (pypdfium2: its document and page objects, and the raw FPDFText_* and
FPDFPath_* calls for each character and path segment).  Everything else of the reader works on
these plain records and never touches PDFium.

Coordinates are points from the page's top-left corner, y growing downwards.  A rule is an
axis-parallel stroke: a stroked line or rectangle edge, or a thin filled rectangle (how Word and
WPS draw cell borders); a wide filled rectangle is shading and no rule.  Every loop is bounded,
so a hostile file cannot keep the reader busy.

A character is placed where it is drawn.  Its box is the font's: along the line from its origin
by its advance, across from the font's ascent to its descent (PDFium's loose box), so that the
characters of a line share its height and the advances leave no gaps; where that box cannot be
right for the glyph it is made from the glyph's origin and its ink (``_place``).  Characters
turned a quarter (a table cell whose text runs upwards or downwards, as Word, WPS and
LibreOffice write btLr and tbRl) are kept with their ``turn``; diagonal, upside-down and
mirrored ones (a watermark) are left out.
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
    """y of the baseline; x of it for a turned character."""
    size: float
    """The font size in points (the character's em)."""
    turn: int = 0
    """Quarter turns, counter-clockwise, the character is drawn at: 0 upright; 1 its top to the
    page's left, its line reading upwards (a btLr cell); 3 its top to the right, its line reading
    downwards (a tbRl cell).  A character written in a vertical font (Identity-V) stands upright
    and is 0."""
    order: int = 0
    """Its place in the page's content (PDFium's character index): the order it was written in,
    which tells a column of characters written downwards from a line of them."""

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
        left, right = ctypes.c_double(), ctypes.c_double()
        bottom, top = ctypes.c_double(), ctypes.c_double()
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
            turn = _turn(matrix.a, matrix.b, matrix.c, matrix.d)
            if turn is None:
                continue  # diagonal, upside down or mirrored: a watermark, not the text
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            size = float(c.FPDFText_GetFontSize(handle, i)) * scale
            if not c.FPDFText_GetLooseCharBox(handle, i, box):
                continue
            if not c.FPDFText_GetCharBox(handle, i, left, right, bottom, top):
                continue
            if not c.FPDFText_GetCharOrigin(handle, i, x, y):
                continue
            # A sum is finite only when every term is (one test instead of eleven); one so
            # large that it overflows leaves the character out as well.
            total = box.left + box.right + box.top + box.bottom + left.value + right.value
            if not math.isfinite(total + top.value + bottom.value + x.value + y.value + size):
                continue
            if size <= 0:
                continue
            try:
                character = _folded(chr(code))
            except ValueError:
                continue
            size = min(size, 1000.0)
            # Top-down page coordinates from here on.
            oy = height - y.value
            x0, x1, high, low = _place(
                turn,
                size,
                (x.value, oy),
                (box.left, box.right, height - box.top, height - box.bottom),
                (left.value, right.value, height - top.value, height - bottom.value),
            )
            baseline = oy if turn == 0 else x.value
            content.glyphs.append(Glyph(character, x0, x1, high, low, baseline, size, turn, i))
    finally:
        textpage.close()


def _turn(a: float, b: float, c: float, d: float) -> int | None:
    """The quarter turns (0, 1 or 3) of a character drawn with the matrix [a b c d]; None for one
    set diagonally, upside down or mirrored.  Its up may lean (a slanted, simulated italic)."""
    if b == 0 and c == 0:
        return 0 if a > 0 and d > 0 else None  # nearly every character: upright, or mirrored
    if not math.isfinite(a + b + c + d) or a * d - b * c <= 0:
        return None  # mirrored, or flattened to nothing
    along = math.degrees(math.atan2(b, a))
    quarters = round(along / 90)
    if abs(along - 90 * quarters) > 1.0:
        return None
    lean = (math.degrees(math.atan2(d, c)) - along - 90 + 180) % 360 - 180
    if abs(lean) > 30:
        return None
    turn = quarters % 4
    return None if turn == 2 else turn


Box = tuple[float, float, float, float]
"""A rectangle in top-down page coordinates: x0, x1, top, bottom (each pair in any order)."""


def _frame(turn: int, box: Box) -> Box:
    """``box`` in the character's own frame: start and end along its line, then top and bottom
    across it, each growing the way its line reads and its lines follow."""
    x0, x1, top, bottom = box
    if x0 > x1:
        x0, x1 = x1, x0
    if top > bottom:
        top, bottom = bottom, top
    if turn == 1:  # the line reads upwards; its top is to the page's left
        return -bottom, -top, x0, x1
    if turn == 3:  # the line reads downwards; its top is to the page's right
        return top, bottom, -x1, -x0
    return x0, x1, top, bottom


def _unframe(turn: int, start: float, end: float, high: float, low: float) -> Box:
    """The page box (x0, x1, top, bottom) of a box in the character's own frame."""
    if turn == 1:
        return high, low, -end, -start
    if turn == 3:
        return -low, -high, start, end
    return start, end, high, low


ASCENT = 0.88
"""Part of the em above the baseline where a font's own box cannot be used (the value a vertical
font's glyphs are hung by, and about a Chinese font's ascent)."""


def _place(turn: int, size: float, origin: tuple[float, float], loose: Box, ink: Box) -> Box:
    """Where a character is, judged in its own frame (along its line and across it).

    PDFium's loose box is the font's box: the advance from the origin along the line, the
    font's ascent to descent across it.  That is what lines are built from: every character of
    a line gets the line's height whatever its ink, and two neighbours touch, so a gap between
    them is a real space.  It is kept wherever it can be right: it starts at the origin, is at
    most a few ems long and about an em high with the baseline inside, and holds the middle of
    the glyph's ink (the tight box).  Where it cannot be it is built from the origin and the ink:

    - a vertical font (Identity-V, as WPS writes a vertical label): PDFium boxes its characters
      by the font size before the text matrix scales it, so with WPS's "199 Tf" under a 0.05
      matrix each box is a 199-point square reaching far beyond the glyph (三 inked at x 86–95,
      boxed at 86–285), which glued the characters onto the labels beside them;
    - a font whose ascent or descent is absurd (a box many ems high), or a glyph with no advance
      (a zero-width box at its origin) or a negative one.

    Then the character runs along its line from its origin to the end of its ink (only the
    glyph's side bearing parts it from the next, too little to be a space) and across from
    ``ASCENT`` of an em above its baseline to the rest of the em below it.  Each direction is
    judged on its own: a good advance is kept under an absurd height, and the other way round."""
    ou, _, ov, _ = _frame(turn, (origin[0], origin[0], origin[1], origin[1]))
    lu0, lu1, lv0, lv1 = _frame(turn, loose)
    iu0, iu1, iv0, iv1 = _frame(turn, ink)
    inked = iu1 > iu0 and iv1 > iv0
    slack = 0.25 * size
    along = (
        abs(lu0 - ou) <= slack
        and 0 < lu1 - lu0 <= 3 * size
        and (not inked or lu0 - slack <= (iu0 + iu1) / 2 <= lu1 + slack)
    )
    across = (
        0.5 * size <= lv1 - lv0 <= 2.5 * size
        and lv0 - slack <= ov <= lv1 + slack
        and (not inked or lv0 - slack <= (iv0 + iv1) / 2 <= lv1 + slack)
    )
    if along and across:
        return _unframe(turn, lu0, lu1, lv0, lv1)
    if not along:
        lu0, lu1 = (min(ou, iu0), max(ou, iu1)) if inked else (ou, ou)
    if not across:
        lv0, lv1 = ov - ASCENT * size, ov + (1 - ASCENT) * size
    return _unframe(turn, lu0, lu1, lv0, lv1)


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
