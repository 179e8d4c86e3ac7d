"""What every 导出 in the window shares: refusing a final version while the report has errors
(and offering a draft), choosing the file, writing it, and saying what happened.

Whether a final version may be made is decided by ``models.checks.export_refusal.refusal`` on the
findings the problems panel was worked out from (``ReportDocument.final_findings``: the checks as
the command line runs them, each blank cell an error), and the exporter is handed the same
findings: it neither reads last year's report again nor decides differently.  The refusal lists
them as the panel does, a table's blank cells on one line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from models.checks.export_refusal import ExportRefused, refusal
from models.checks.findings import Finding
from models.checks.tables import while_filling
from models.files import FileProblem, WriteProblem
from ui.commands import file_dialogs

if TYPE_CHECKING:
    from ui.main_window import MainWindow

MAX_ERRORS_SHOWN = 5


def errors_of(window: MainWindow) -> list[Finding]:
    """What keeps the open report from a final version (none: it may be made): its errors, and
    a missing date or cells not read (``models.checks.export_refusal``)."""
    refused = refusal(window.document.final_findings)
    return [] if refused is None else refused.errors


def offer_draft(window: MainWindow, title: str, action: str, errors: list[Finding]) -> bool:
    """Explain why the final version cannot be made while ``errors`` stand; True if the clerk
    takes a draft instead.  ``action`` is the verb: 导出, 打印 …"""
    # Counted as checked (every blank cell an error), listed as the panel lists them.
    listed = while_filling(window.document.report, errors)
    shown = "\n".join(f"• {f.message}" for f in listed[:MAX_ERRORS_SHOWN])
    more = len(listed) - MAX_ERRORS_SHOWN
    if more > 0:
        shown += f"\n……另有 {more} 条，见问题清单。"
    reason = str(ExportRefused(errors)).replace("导出", action)
    answer = QMessageBox.question(
        window,
        title,
        f"{reason}\n\n正式版是要签发、公开和存档的文件，现在只能{action}草稿。\n\n{shown}\n\n"
        f"要改为{action}草稿吗？草稿注明“草稿”，可以先交同事或领导审阅。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_target(
    window: MainWindow, title: str, name: str, suffix: str, file_filter: str
) -> Path | None:
    """The file to write, suggested beside the open report (an unsaved one: in the folder last
    used); the suffix added if left off (one written the same way is kept: 报告.htm)."""
    from exporters import WRITERS

    report_path = window.document.path
    beside = report_path.parent if report_path is not None else None
    target = file_dialogs.save_file(window, title, f"{name}{suffix}", file_filter, beside=beside)
    if target is None:
        return None
    if WRITERS.get(target.suffix.lower()) is not WRITERS[suffix]:
        target = target.with_name(target.name + suffix)
    return target


def another_name(
    window: MainWindow, title: str, problem: WriteProblem, question: str = "要换一个文件名导出吗？"
) -> bool:
    """Say why the file was not written (a read-only file, a folder not allowed …) and ask
    ``question``; True if the clerk then chooses another name."""
    answer = QMessageBox.critical(
        window,
        title,
        f"{problem}\n\n{question}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def export_file(
    window: MainWindow, *, what: str, suffix: str, file_filter: str, untitled: str
) -> bool:
    """导出 ``what`` (Word, Excel): a draft while errors stand, if the clerk agrees; the file
    chosen in a dialog, written atomically.  True if a file was written."""
    from exporters import export_report

    title = f"导出 {what}"
    report = window.document.report
    errors = errors_of(window)
    draft = bool(errors)
    if draft and not offer_draft(window, title, "导出", errors):
        return False
    name = (report.title if report.agency else untitled) + ("（草稿）" if draft else "")
    target = choose_target(window, title, name, suffix, file_filter)
    while True:
        if target is None:
            return False
        try:
            export_report(report, target, draft=draft, findings=window.document.final_findings)
            break
        except WriteProblem as problem:  # nothing written: another name may do
            if not another_name(window, "导出失败", problem):
                return False
            target = choose_target(window, title, target.stem, suffix, file_filter)
        except FileProblem as problem:
            QMessageBox.critical(window, "导出失败", str(problem))
            return False
    kind = "草稿" if draft else "正式版"
    window.statusBar().showMessage(f"已导出 {what} {kind}：{target}", 8000)
    return True
