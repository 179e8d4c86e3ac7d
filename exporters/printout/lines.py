"""Breaking text into lines the way Word and WPS do for Chinese: any two CJK characters may be
parted, a Latin word or a number never; no line starts with a closing mark (，。、）” …) — one
such mark may hang in the margin instead (Word's 允许标点溢出边界, on by default) — and no line
ends with an opening one (（“《 …)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

CLOSING = set("，。、；：？！）》」』”’】〕〉…—·.,;:?!)]}%")
"""Marks that may not start a line."""
HANGING = set("，。、；：？！,.;:?!")
"""Closing marks that may hang past the end of a full line."""
OPENING = set("（《「『“‘【〔〈([{")
"""Marks that may not end a line."""
EPSILON = 0.01  # points: a line of exactly 28 grid characters fits


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
        )
        if glue:
            pieces[-1] += character
        else:
            pieces.append(character)
    return pieces


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
    text: str, advance: Callable[[str], float], width: float, first_indent: float = 0.0
) -> list[Line]:
    """``text`` in lines of at most ``width`` points (the first ``first_indent`` shorter)."""
    lines: list[Line] = []
    current, used = "", 0.0

    def room() -> float:
        return width - (first_indent if not lines else 0.0) + EPSILON

    for piece in units(text):
        size = sum(advance(c) for c in piece)
        if not current or used + size <= room():
            current, used = current + piece, used + size
            continue
        # A piece that ends in one hanging mark may let the mark hang if the rest fits.
        head = piece[:-1]
        head_size = sum(advance(c) for c in head)
        if (
            piece[-1] in HANGING
            and used + head_size <= room()
            and not head.endswith(tuple(HANGING))
        ):
            lines.append(Line(current + piece, used + size, hanging=advance(piece[-1])))
            current, used = "", 0.0
            continue
        if size > room() and len(piece) > 1:
            # A word longer than a line: cut it where it reaches the end (as Word does).
            for character in piece:
                step = advance(character)
                if current and used + step > room():
                    lines.append(Line(current, used))
                    current, used = "", 0.0
                current, used = current + character, used + step
            continue
        lines.append(Line(current, used))
        current, used = piece, size
    lines.append(Line(current, used, last=True))
    return lines
