"""文件 › 导出 Excel… and 导入 Excel…: the three tables as a workbook for units to exchange."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from models.files import FileProblem
from ui.commands import file_dialogs
from ui.commands.exporting import export_file

if TYPE_CHECKING:
    from ui.main_window import MainWindow

EXCEL_SUFFIX = ".xlsx"
EXCEL_FILTER = f"Excel 工作簿 (*{EXCEL_SUFFIX})"
MAX_NOTES_SHOWN = 15


def export_excel(window: MainWindow) -> None:
    """Write the report's tables to a workbook the clerk chooses; a draft while it has errors
    (its title says 草稿 and the 核对 beside the tables marks what does not hold)."""
    export_file(
        window, what="Excel", suffix=EXCEL_SUFFIX, file_filter=EXCEL_FILTER, untitled="年度报告表格"
    )


def import_excel(window: MainWindow) -> None:
    """Read a workbook exported here (and filled in Excel or WPS) as a new, unsaved report."""
    from exporters import read_report

    if not window.maybe_save():
        return
    path = file_dialogs.open_file(window, "导入 Excel", EXCEL_FILTER, beside=window.report_folder())
    if path is None:
        return
    try:
        result = read_report(Path(path))
    except FileProblem as problem:
        QMessageBox.critical(window, "无法导入", str(problem))
        return
    window.open_unsaved(result.report, f"已导入 {Path(path).name}，请检查后保存为项目文件。")
    if result.notes:
        shown = result.notes[:MAX_NOTES_SHOWN]
        more = len(result.notes) - len(shown)
        text = "\n".join(f"• {note}" for note in shown) + (f"\n……另有 {more} 条" if more else "")
        QMessageBox.information(window, "导入 Excel", f"导入时注意：\n\n{text}")
