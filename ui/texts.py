"""The words of commands that more than one place of the window shows: a table page's button, the
编辑 menu's action and the undo step they make."""

RECOMPUTE = "按分项重算合计"
RECOMPUTE_TIP = "用各分项之和替换所有合计单元格"
FILL_BLANKS = "空白单元格填 0"
"""A table page's button, and after the table's name the undo step: 表三空白单元格填 0."""
TYPE_IN = "输入"
"""The undo step of typing, before what was typed into: 输入 表三「…」行「…」列, 输入 前言."""


def reports_filter(label: str, *, published_only: bool = False) -> str:
    """A file dialog's filter for the reports the program reads: every readable kind under
    ``label`` first, then each kind by its name (年报助手项目 (*.gknb);;Word 文档 (*.docx) …).
    ``published_only``: only the forms a report is published in (Word, PDF, web pages), not our
    own project file or the tables-only workbook."""
    from exporters import NAMES, READERS

    suffixes = [s for s in READERS if not published_only or s not in (".gknb", ".xlsx")]
    every = " ".join(f"*{suffix}" for suffix in suffixes)
    kinds: dict[str, list[str]] = {}
    for suffix in suffixes:
        kinds.setdefault(NAMES[suffix], []).append(f"*{suffix}")
    return ";;".join([f"{label} ({every})", *(f"{n} ({' '.join(s)})" for n, s in kinds.items())])
