"""The house style of the finished document (GB/T 9704-2012 by convention), shared by the .docx
writer and the printout so the two never drift apart.  The defaults follow the standard; the 版式
dialog changes them and the project file keeps them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models.files import FileProblem

TEMPLATE_SHADING = "C6D9F1"
"""The fill (RRGGBB) of the caption rows the official template's .docx shades in 表二 (its w:shd
w:fill); the .docx, the printout and the form shade the same rows with it."""


class StyleProblem(FileProblem):
    """A 版式 setting read from a file is wrong; the message says which, in Chinese.

    A FileProblem, as every wrong file is (and not a ValueError: the readers catch this alone,
    so a ValueError from a bug is never shown as a damaged file)."""


@dataclass(frozen=True)
class Limit:
    """What one number of the 版式 may be.  The 版式 dialog offers ``low`` to ``high`` in
    ``step``s; a project file may hold anything from ``lowest`` to ``highest``, wider, so that a
    document made elsewhere and read back keeps its settings."""

    low: float
    high: float
    step: float
    lowest: float = 1e-9
    """0 where nothing (no margin, no indent) makes sense; otherwise just above it."""
    highest: float = 1000


MARGIN = Limit(5, 80, 0.5, lowest=0)
LIMITS: dict[str, Limit] = {
    "margin_top": MARGIN,
    "margin_bottom": MARGIN,
    "margin_left": MARGIN,
    "margin_right": MARGIN,
    "line_spacing": Limit(10, 60, 0.05),
    "first_line_indent_chars": Limit(0, 6, 0.5, lowest=0),
}
"""The numbers the dialog offers in a spin box; the others are type sizes, chosen by name, and
the page size, not offered."""
OTHER_NUMBER = Limit(1e-9, 1000, 1)

TITLE_BREAK_AGENCY = "agency"
"""``title_break``: a title too long for one line breaks after the agency name (the default)."""
TITLE_BREAK_NONE = "none"
"""``title_break``: the title is one paragraph, wrapped by the renderer."""
TITLE_BREAK_MARK = "/"
"""In any other ``title_break`` the clerk's lines, separated by this mark:
"硚口区行政审批局2024年/政府信息公开工作年度报告"."""
TITLE_BREAK_MAX = 200
"""The longest ``title_break`` a file may hold (a title with its marks is far shorter)."""
"""Any other number in a file: positive, and not absurd."""

# Chinese type sizes (字号) in points.
SIZE_NAMES: dict[str, float] = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
    "六号": 7.5,
}

# A font that is often missing on the reading PC, and what to fall back to (Windows name, then
# the usual family name on other systems).
FONT_FALLBACKS: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋_GBK", "华文中宋", "宋体", "SimSun", "Noto Serif CJK SC"),
    "仿宋_GB2312": ("仿宋", "FangSong", "Noto Serif CJK SC"),
    "仿宋": ("FangSong", "Noto Serif CJK SC"),
    "楷体_GB2312": ("楷体", "KaiTi", "Noto Serif CJK SC"),
    "楷体": ("KaiTi", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC"),
    "宋体": ("SimSun", "Noto Serif CJK SC"),
}


def fallbacks(font: str) -> tuple[str, ...]:
    return FONT_FALLBACKS.get(font, ())


@dataclass
class DocumentStyle:
    """Page, fonts and spacing of the exported and printed report.  Lengths in mm, sizes in pt."""

    margin_top: float = 37.0
    margin_bottom: float = 35.0
    margin_left: float = 28.0
    margin_right: float = 26.0
    page_width: float = 210.0
    page_height: float = 297.0
    title_font: str = "方正小标宋简体"
    title_size: float = SIZE_NAMES["二号"]
    body_font: str = "仿宋_GB2312"
    body_size: float = SIZE_NAMES["三号"]
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    line_spacing: float = 28.95
    """Fixed line spacing: 22 lines in the 225 mm text block."""
    first_line_indent_chars: float = 2.0
    table_font: str = "仿宋_GB2312"
    table_size: float = SIZE_NAMES["五号"]
    page_number_font: str = "宋体"
    page_number_size: float = SIZE_NAMES["四号"]
    title_break: str = TITLE_BREAK_AGENCY
    """Where the title breaks: TITLE_BREAK_AGENCY, TITLE_BREAK_NONE or the clerk's lines
    separated by TITLE_BREAK_MARK (``models.document.text.title_lines`` applies it)."""

    @property
    def fonts(self) -> tuple[str, ...]:
        """Every font the document uses, each once, in this order: the .docx's font table lists
        them and the printout looks for the glyphs it drew in them."""
        return tuple(
            dict.fromkeys(
                (
                    self.title_font,
                    self.body_font,
                    self.heading1_font,
                    self.heading2_font,
                    self.table_font,
                    self.page_number_font,
                )
            )
        )

    @property
    def text_width(self) -> float:
        return self.page_width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> float:
        return self.page_height - self.margin_top - self.margin_bottom

    def to_data(self) -> dict[str, Any]:
        """The settings that differ from the defaults (the project file stores only those)."""
        default = DocumentStyle()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> DocumentStyle:
        """Settings read from a file; StyleProblem (a FileProblem, Chinese) for a wrong one."""
        style = cls()
        known = {f.name: f for f in dataclasses.fields(cls)}
        for name, value in data.items():
            field = known.get(name)
            if field is None:
                raise StyleProblem(f"版式设置中有本程序不认识的项“{name}”")
            expected = getattr(style, name)
            if name == "title_break":
                if not isinstance(value, str) or not _is_title_break(value):
                    raise StyleProblem(
                        f"版式设置“{name}”应当是“{TITLE_BREAK_AGENCY}”“{TITLE_BREAK_NONE}”"
                        f"或用“{TITLE_BREAK_MARK}”分行的标题"
                    )
            elif isinstance(expected, str):
                if not isinstance(value, str) or not value.strip():
                    raise StyleProblem(f"版式设置“{name}”应当是字体名称")
            elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
                raise StyleProblem(f"版式设置“{name}”应当是数字")
            else:
                value = float(value)
                limit = LIMITS.get(name, OTHER_NUMBER)
                if not limit.lowest <= value <= limit.highest:
                    raise StyleProblem(f"版式设置“{name}”超出范围：{value:g}")
            setattr(style, name, value)
        return style


def _is_title_break(value: str) -> bool:
    value = value.strip()
    if value in (TITLE_BREAK_AGENCY, TITLE_BREAK_NONE):
        return True
    return TITLE_BREAK_MARK in value and len(value) <= TITLE_BREAK_MAX
