"""文件 › 导出 Excel… and 导入 Excel…: the three tables as a workbook for units to exchange."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from models.checks import Severity
from models.files import FileProblem

if TYPE_CHECKING:
    from ui.main_window import MainWindow

EXCEL_SUFFIX = ".xlsx"
EXCEL_FILTER = f"Excel 工作簿 (*{EXCEL_SUFFIX})"
MAX_NOTES_SHOWN = 15


def export_excel(window: MainWindow) -> None:
    """Write the report's tables to a workbook the clerk chooses; a draft while it has errors."""
    from exporters import export_report

    report = window.document.report
    errors = [f for f in window.document.findings if f.severity is Severity.ERROR]
    draft = False
    if errors:
        answer = QMessageBox.question(
            window,
            "导出 Excel",
            f"报告还有 {len(errors)} 个错误（见问题清单），只能导出草稿：标题注明“草稿”，"
            "表格旁的“核对”会标出不成立的勾稽关系。\n\n要导出草稿吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        draft = True
    name = (report.title if report.agency else "年度报告表格") + ("（草稿）" if draft else "")
    path, _ = QFileDialog.getSaveFileName(
        window, "导出 Excel", str(window.folder_of_report() / f"{name}{EXCEL_SUFFIX}"), EXCEL_FILTER
    )
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() != EXCEL_SUFFIX:
        target = target.with_name(target.name + EXCEL_SUFFIX)
    try:
        export_report(report, target, draft=draft, project_path=window.document.path)
    except FileProblem as problem:
        QMessageBox.critical(window, "导出失败", str(problem))
        return
    kind = "草稿" if draft else "表格"
    window.statusBar().showMessage(f"已导出 Excel {kind}：{target}", 8000)


def import_excel(window: MainWindow) -> None:
    """Read a workbook exported here (and filled in Excel or WPS) as a new, unsaved report."""
    from exporters import read_report

    if not window.maybe_save():
        return
    path, _ = QFileDialog.getOpenFileName(
        window, "导入 Excel", str(window.folder_of_report()), EXCEL_FILTER
    )
    if not path:
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
