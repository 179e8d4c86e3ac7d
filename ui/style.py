"""Colours and fonts of the window, in one place."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from models.style import TEMPLATE_SHADING

# Chinese UI fonts, best first: Windows, then 信创 Linux desktops and common fallbacks.
UI_FONT_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "SimSun",
]


class Colors:
    # Errors and warnings must be impossible to miss: a dark frame around a tinted cell.
    error_fill = QColor("#F9C9C9")
    error_frame = QColor("#B00020")
    error_text = QColor("#7A0012")
    warning_fill = QColor("#FFE2A8")
    warning_frame = QColor("#B35C00")
    info_text = QColor("#1F4E8C")
    computed_fill = QColor("#E3EAF3")
    computed_text = QColor("#1B2B44")
    label_fill = QColor("#F4F4F2")
    caption_fill = QColor(f"#{TEMPLATE_SHADING}")  # shaded as in the official template


COLORS = Colors()


def ui_font(point_size: float | None = None) -> QFont:
    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font
