"""The text of PDF pages in reading order: characters into lines (by baseline, left to right),
the page's furniture left out (page numbers “— 3 —”, “-3-”, “第3页 共8页”, and running headers
and footers repeated at the top or bottom of the pages), and lines into paragraphs as Word and
WPS set them: a line that stops short of the right margin ends its paragraph, a first-line indent
starts one, a change of size (a title) or a table parts them, and a paragraph runs on over a page
break.  A table cell's text is read the way it runs: in lines, or in columns written downwards or
upwards (``flow``)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from exporters.pdf.page_content import Glyph

_CLOSING = set("，。、；：？！）》」』”’】〕〉…—·.,;:?!)]}%％")
_WORD = re.compile(r"[A-Za-z0-9.,%+\-/:_#@&']")
_DASHES = "—–－\\-一﹣‒―"
_PAGE_NUMBER = re.compile(
    rf"[{_DASHES}]*\s*\d{{1,4}}\s*[{_DASHES}]*"
    r"|第\s*\d{1,4}\s*页\s*[,，/、]?\s*(共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(page|Page|PAGE)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?"
)
MARGIN_ZONE = 0.14
"""Part of the page height at the top and at the bottom where headers and footers sit."""


@dataclass
class TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    page: int
    first_width: float
    """Width of the line's first unbreakable piece (a word, a number, a character with the
    closing marks after it): had it fitted at the end of the line before, it would be there."""


def _is_ascii_word(character: str) -> bool:
    return bool(_WORD.fullmatch(character))


def lines_of(glyphs: Sequence[Glyph], page: int = 0, *, wide_gaps: bool = True) -> list[TextLine]:
    """The glyphs as lines, top to bottom, each left to right; a character drawn twice over
    itself (simulated bold) counts once.  A gap between two Latin letters or digits becomes a
    space, and so does any gap wider than a character when ``wide_gaps`` (not in a table cell,
    whose few characters a justified line spreads over its width)."""
    if not glyphs:
        return []
    ordered = sorted(glyphs, key=lambda g: g.baseline)
    groups: list[list[Glyph]] = []
    reference = 0.0
    for glyph in ordered:
        if groups and glyph.baseline - reference <= 0.45 * glyph.size:
            groups[-1].append(glyph)
        else:
            groups.append([glyph])
            reference = glyph.baseline
    return [line for group in groups if (line := _line(group, page, wide_gaps)) is not None]


def _line(group: list[Glyph], page: int, wide_gaps: bool) -> TextLine | None:
    group.sort(key=lambda g: g.x0)
    kept: list[Glyph] = []
    for glyph in group:
        if kept:
            last = kept[-1]
            if (
                glyph.char == last.char
                and abs(glyph.x0 - last.x0) < 0.3 * glyph.size
                and glyph.x1 - glyph.x0 < 1.5 * glyph.size  # not one glyph for two (——)
            ):
                continue
        kept.append(glyph)
    out: list[str] = []
    for i, glyph in enumerate(kept):
        if i:
            before = kept[i - 1]
            gap = glyph.x0 - before.x1
            em = max(glyph.size, before.size)
            # Between two Latin letters or digits a narrow gap parts words; next to Chinese it
            # is the room LibreOffice leaves between scripts, or a justified line's stretch.
            latin = _is_ascii_word(before.char) and _is_ascii_word(glyph.char)
            wide = gap > em if wide_gaps else False
            if (
                not before.char.isspace()
                and not glyph.char.isspace()
                and ((latin and gap > 0.2 * em) or wide)
            ):
                out.append(" ")
        out.append(glyph.char)
    text = "".join(out).strip()
    visible = [g for g in kept if not g.char.isspace()]
    if not text or not visible:
        return None
    sizes = sorted(g.size for g in visible)
    first = visible[0]
    end = first.x1
    if _is_ascii_word(first.char):
        for glyph in visible[1:]:
            if not _is_ascii_word(glyph.char):
                break
            end = glyph.x1
    else:
        for glyph in visible[1:]:
            if glyph.char not in _CLOSING:
                break
            end = glyph.x1
    return TextLine(
        text,
        visible[0].x0,
        visible[-1].x1,
        min(g.top for g in visible),
        max(g.bottom for g in visible),
        sum(g.baseline for g in visible) / len(visible),
        sizes[len(sizes) // 2],
        page,
        end - first.x0,
    )


def cell_text(glyphs: Sequence[Glyph]) -> str:
    """The text of a table cell: its lines joined (a wrapped label is one label again), in the
    direction the cell's text runs (``flow``)."""
    direction = flow(glyphs)
    if direction != "right":
        glyphs = [_turned_upright(g, direction) for g in glyphs]
    return join_lines([line.text for line in lines_of(glyphs, wide_gaps=False)])


def flow(glyphs: Sequence[Glyph]) -> str:
    """Which way the text of a cell runs: "right" (lines of upright characters, top to bottom),
    "down" (columns read top to bottom, the first on the right: a tbRl cell, or a vertical font)
    or "up" (read bottom to top, the first on the left: a btLr cell).

    Turned characters say it by their turn: LibreOffice turns every character of a btLr cell,
    and in a tbRl cell turns the Latin letters and digits but stands the Chinese ones upright in
    their column.  Upright characters alone say it by the order they were written in: a column
    written downwards steps down from one to the next, a line steps right.  (A narrow cell with
    one character to a line steps down too, and reads the same either way.)"""
    turns = Counter(g.turn for g in glyphs if g.turn)
    if turns:
        return "up" if turns[1] > turns[3] else "down"
    down = right = 0
    ordered = sorted(glyphs, key=lambda g: g.order)
    for before, after in itertools.pairwise(ordered):
        em = max(before.size, after.size)
        dx, dy = after.centre_x - before.centre_x, after.centre_y - before.centre_y
        if dy > 0.5 * em and abs(dx) < 0.3 * em:
            down += 1
        elif dx > 0.2 * em and abs(dy) < 0.3 * em:
            right += 1
    return "down" if down >= 2 and down > 2 * right else "right"


def _turned_upright(glyph: Glyph, direction: str) -> Glyph:
    """``glyph`` in the frame of a cell whose text runs ``direction``: turned so that its text
    reads left to right and its lines follow downwards.  Its "baseline" is the middle of its
    box across the line: upright Chinese characters and turned digits of one tbRl column share
    that, not a baseline."""
    if direction == "down":
        x0, x1, top, bottom = glyph.top, glyph.bottom, -glyph.x1, -glyph.x0
    else:
        x0, x1, top, bottom = -glyph.bottom, -glyph.top, glyph.x0, glyph.x1
    return dataclasses.replace(
        glyph, x0=x0, x1=x1, top=top, bottom=bottom, baseline=(top + bottom) / 2, turn=0
    )


def join_lines(texts: Sequence[str]) -> str:
    out = ""
    for text in texts:
        if (
            out
            and out[-1].isascii()
            and out[-1].isalpha()
            and text[0].isascii()
            and text[0].isalpha()
        ):
            out += " "
        out += text
    return out


# --- page furniture ----------------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_furniture(pages: list[list[TextLine]], heights: list[float]) -> None:
    """Leave out of each page's lines (top to bottom) its page number and the running headers
    and footers: a line at the top or bottom of its page that reads like a page number, or
    whose text (numbers aside) is at the top or bottom of other pages too."""
    edge_keys: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        keys = {_furniture_key(line.text) for line in _edges(lines, height)}
        edge_keys.update(keys)
    repeated = {key for key, count in edge_keys.items() if count >= 2}
    for index, (lines, height) in enumerate(zip(pages, heights, strict=True)):
        edges = _edges(lines, height)
        dropped = {
            id(line)
            for line in edges
            if _PAGE_NUMBER.fullmatch(line.text.strip())
            or (len(pages) >= 2 and _furniture_key(line.text) in repeated)
        }
        if dropped:
            pages[index] = [line for line in lines if id(line) not in dropped]


def _edges(lines: list[TextLine], height: float) -> list[TextLine]:
    """The first two and last two lines of a page, where they sit in its top or bottom margin
    zone (a page number anywhere as the very first or last line)."""
    out: list[TextLine] = []
    for position, line in enumerate(lines):
        near = position < 2 or position >= len(lines) - 2
        if not near:
            continue
        in_zone = line.bottom <= height * MARGIN_ZONE or line.top >= height * (1 - MARGIN_ZONE)
        very_edge = position in (0, len(lines) - 1)
        if in_zone or (very_edge and _PAGE_NUMBER.fullmatch(line.text.strip())):
            out.append(line)
    return out


# --- paragraphs --------------------------------------------------------------------------------


@dataclass
class _Measure:
    size: float
    """The body text's size."""
    left: float
    right: float
    pitch: float
    """The usual distance from one line's baseline to the next's."""


def _measure(lines: Sequence[TextLine]) -> _Measure | None:
    if not lines:
        return None
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size * 2) / 2] += len(line.text)
    size = weights.most_common(1)[0][0]
    body = [line for line in lines if abs(line.size - size) <= 0.15 * size]
    ends = [line.x1 for line in body]
    highest = max(ends)
    near = [x for x in ends if x >= highest - 3 * size]
    counts = Counter(round(x) for x in near)
    best = max(counts.values())
    right = max(x for x, n in counts.items() if n == best)
    full = [line for line in body if line.x1 >= right - size]
    left = min(line.x0 for line in (full or body))
    pitches: Counter[float] = Counter(
        round(b.baseline - a.baseline)
        for a, b in itertools.pairwise(body)
        if a.page == b.page and 0 < b.baseline - a.baseline < 4 * size
    )
    pitch = pitches.most_common(1)[0][0] if pitches else 1.8 * size
    return _Measure(size, left, float(right), max(pitch, 1.2 * size))


def paragraphs(items: Sequence[TextLine | None]) -> list[str]:
    """The lines (None where a table stands between them) joined into paragraphs."""
    measure = _measure([line for line in items if line is not None])
    if measure is None:
        return []
    out: list[list[str]] = []
    previous: TextLine | None = None
    for line in items:
        if line is None:
            previous = None
            continue
        if previous is not None and _continues(previous, line, measure):
            out[-1].append(line.text)
        else:
            out.append([line.text])
        previous = line
    return [join_lines(texts) for texts in out]


def _continues(before: TextLine, line: TextLine, measure: _Measure) -> bool:
    """Whether ``line`` goes on with the paragraph of ``before``."""
    size = measure.size
    if abs(before.size - line.size) > 0.15 * max(before.size, line.size):
        return False
    room = measure.right - before.x1
    if room > line.first_width + 0.25 * line.size:
        return False  # its first word would have fitted on the line before: that one ended
    middle = (measure.left + measure.right) / 2
    centred = all(abs((x.x0 + x.x1) / 2 - middle) <= 0.75 * size for x in (before, line))
    if line.x0 > measure.left + 0.5 * line.size and not centred:
        return False  # indented: a new paragraph (or set right)
    if before.x0 > measure.left + 4 * size:
        return False  # the line before was set right (a date) or centred
    if line.page == before.page:
        pitch = line.baseline - before.baseline
        if pitch <= 0 or pitch > 1.3 * measure.pitch + 1:
            return False
    return True
