"""Breaking text into lines the way Word and WPS do for Chinese: any two CJK characters may be
parted, a Latin word or a number never; no line starts with a closing mark (，。、）” …) — one
such mark may hang in the margin instead (Word's 允许标点溢出边界, on by default) — and no line
ends with an opening one (（“《 …)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

CLOSING = set("，。、；：？！）》」』”’】〕〉…—·.,;:?!)]}%％‰℃°")
"""Marks that may not start a line."""
CLOSING_BRACKETS = set("）》」』”’】〕〉)]}")
"""Closing brackets and quotes: no break between one and a number or Latin word after it
(〔2021〕30号, “三安全一稳定”2 … stay together), as LibreOffice and ICU's line breaking keep
them; after ，。、；： a line may end before a number."""
HANGING = set("，。、；：？！,.;:?!")
"""Closing marks that may hang past the end of a full line."""
OPENING = set("（《「『“‘【〔〈([{")
"""Marks that may not end a line."""
EPSILON = 0.01  # points: a line of exactly 28 grid characters fits
LIBREOFFICE_SCRIPT_GAP = 3.45 / 16
"""The space LibreOffice 7.4 puts between Chinese and Latin characters whatever the .docx says
(its Word import drops w:autoSpaceDE/DN), in ems: measured in its PDF of a 16 pt line, 国 then
1 at 19.2 pt, 1 then 国 at 13.4 pt (advances 15.75 and 9.93)."""


def _unbreakable(character: str) -> bool:
    """Characters that stick together into words: Latin letters, digits and what numbers hold."""
    return character.isascii() and (character.isalnum() or character in ".,%-+/:'_#@&")


def units(text: str) -> list[str]:
    """The text cut where a line may end (before each piece but the first)."""
    pieces: list[str] = []
    for character in text:
        glue = bool(pieces) and (
            (_unbreakable(character) and _unbreakable(pieces[-1][-1]))
            or character in CLOSING
            or pieces[-1][-1] in OPENING
            or (pieces[-1][-1] in CLOSING_BRACKETS and character.isascii() and character.isalnum())
        )
        if glue:
            pieces[-1] += character
        else:
            pieces.append(character)
    return pieces


def _script(character: str) -> str:
    """ "latin" for a Latin letter or digit, "han" for a Chinese character (not a mark)."""
    if character.isascii():
        return "latin" if character.isalnum() else ""
    return "han" if character.isalpha() else ""


@dataclass
class Line:
    text: str
    width: float
    """Natural width (points), a hanging mark included."""
    hanging: float = 0.0
    """Width of a closing mark hung past the end of the line."""
    last: bool = False
    """The paragraph's last line (not justified)."""


def break_lines(
    text: str,
    advance: Callable[[str], float],
    width: float,
    first_indent: float = 0.0,
    script_gap: float = 0.0,
) -> list[Line]:
    """``text`` in lines of at most ``width`` points (the first ``first_indent`` shorter).

    ``script_gap``: points between a Chinese character and a Latin one next to it (0, as Word
    and WPS set the .docx with its autoSpaceDE/DN off; ``LIBREOFFICE_SCRIPT_GAP`` ems to
    measure the rest of the layout against LibreOffice's render)."""
    lines: list[Line] = []
    current, used = "", 0.0

    def room() -> float:
        return width - (first_indent if not lines else 0.0) + EPSILON

    def gap(before: str, after: str) -> float:
        if not script_gap:
            return 0.0
        pair = {_script(before), _script(after)}
        return script_gap if pair == {"latin", "han"} else 0.0

    def span(piece: str) -> float:
        return sum(advance(c) for c in piece) + sum(gap(a, b) for a, b in itertools.pairwise(piece))

    for piece in units(text):
        join = gap(current[-1], piece[0]) if current else 0.0
        size = join + span(piece)
        if not current or used + size <= room():
            current, used = current + piece, used + size
            continue
        # A piece that ends in one hanging mark may let the mark hang if the rest fits.
        head = piece[:-1]
        head_size = join + span(head)
        if (
            piece[-1] in HANGING
            and used + head_size <= room()
            and not head.endswith(tuple(HANGING))
        ):
            lines.append(Line(current + piece, used + size, hanging=size - head_size))
            current, used = "", 0.0
            continue
        size -= join  # the piece starts a line
        if size > width + EPSILON and len(piece) > 1:
            # A word longer than a line: it starts a new line and is cut where it reaches the
            # end (as Word and LibreOffice do).
            lines.append(Line(current, used))
            current, used = "", 0.0
            for character in piece:
                step = advance(character) + (gap(current[-1], character) if current else 0.0)
                if current and used + step > room():
                    lines.append(Line(current, used))
                    current, used = "", 0.0
                    step = advance(character)
                current, used = current + character, used + step
            continue
        lines.append(Line(current, used))
        current, used = piece, size
    if current or not lines:
        lines.append(Line(current, used, last=True))
    else:
        # The paragraph ended with a hanging mark: its line is the last, not an empty one after.
        lines[-1].last = True
    return lines
