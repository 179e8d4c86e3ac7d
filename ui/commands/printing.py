"""打印预览, 打印 and 导出 PDF: all three through the one renderer in exporters.pdf.writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from models.files import FileProblem, WriteProblem
from models.format.spec import BASIC_LABELS
from models.report import Report
from ui.commands.exporting import another_name, choose_target, errors_of, offer_draft
from ui.screen_fit import keep_on_screen, scroll_body

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from exporters.pdf.writer import PrintOptions
    from ui.main_window import MainWindow

PDF_FILTER = "PDF 文档 (*.pdf)"
PREVIEW_SIZE = QSize(1000, 800)
"""打印预览's size where the screen has room: a whole A4 page legible; fitted to smaller ones."""


class PrintOptionsDialog(QDialog):
    """What to print: draft or final, which parts, and the list of findings after the report."""

    def __init__(
        self, parent: QWidget | None, report: Report, title: str, action: str, draft: bool = True
    ) -> None:
        """``draft``: whether 草稿 starts ticked — when a final version would be refused."""
        super().__init__(parent)
        from exporters.pdf.writer import PREAMBLE

        self.setWindowTitle(title)
        body = QWidget()  # scrolls on a screen too low for it; the buttons stay in view
        layout = QVBoxLayout(body)
        self.draft = QCheckBox("草稿（加“草稿”水印和打印时间）")
        self.draft.setChecked(draft)
        layout.addWidget(self.draft)
        group = QGroupBox("打印哪些部分")
        parts = QVBoxLayout(group)
        self.parts: dict[str, QCheckBox] = {}
        sections = ((s.key, s.heading) for s in report.format.sections)
        choices = [(PREAMBLE, BASIC_LABELS["preamble"]), *sections]
        for key, text in choices:
            box = QCheckBox(text)
            box.setChecked(True)
            parts.addWidget(box)
            self.parts[key] = box
        layout.addWidget(group)
        self.findings = QCheckBox("在报告后附问题清单（供审核人员参考）")
        layout.addWidget(self.findings)
        note = QLabel("标题和落款总会打印。")
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(action)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        scroll_body(self, body, buttons)

    def options(self) -> PrintOptions:
        from exporters.pdf.writer import PrintOptions

        chosen = {key for key, box in self.parts.items() if box.isChecked()}
        return PrintOptions(
            draft=self.draft.isChecked(),
            sections=None if len(chosen) == len(self.parts) else chosen,
            include_findings=self.findings.isChecked(),
        )


def ask_options(window: MainWindow, title: str, action: str) -> PrintOptions | None:
    """The print options, or None if the clerk cancelled.  A final version while the report
    has errors is refused, and a draft offered instead."""
    # A report without errors is printed as it will be signed: 草稿 only when a final version
    # would be refused (the clerk may still tick it).
    refused = bool(errors_of(window))
    dialog = PrintOptionsDialog(window, window.document.report, title, action, draft=refused)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    options = dialog.options()
    options.findings = list(window.document.findings)
    if not options.draft:
        errors = errors_of(window)
        if errors:
            if not offer_draft(window, title, action, errors):
                return None
            options.draft = True
    return options


def new_printer() -> QPrinter:
    from PySide6.QtPrintSupport import QPrinter

    return QPrinter(QPrinter.PrinterMode.HighResolution)


def print_preview(window: MainWindow) -> None:
    options = ask_options(window, "打印预览", "预览")
    if options is None:
        return
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = new_printer()
    preview = QPrintPreviewDialog(printer, window)
    preview.setWindowTitle("打印预览")
    preview.paintRequested.connect(lambda device: render_to(window, device, options))
    keep_on_screen(preview, PREVIEW_SIZE)
    preview.exec()


def print_report(window: MainWindow) -> None:
    options = ask_options(window, "打印", "打印")
    if options is None:
        return
    from PySide6.QtPrintSupport import QPrintDialog

    printer = new_printer()
    dialog = keep_on_screen(QPrintDialog(printer, window))
    dialog.setWindowTitle("打印")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    pages = render_to(window, printer, options)
    if pages:
        window.statusBar().showMessage(f"已送打印：共 {pages} 页。", 5000)


def render_to(window: MainWindow, device: QPrinter, options: PrintOptions) -> int:
    from exporters.pdf.writer import render

    try:
        return render(window.document.report, device, options)
    except FileProblem as problem:  # no Chinese font: the page would be empty boxes
        QMessageBox.critical(window, "无法打印", f"{problem}")
        return 0
    except OSError as error:
        QMessageBox.critical(window, "打印失败", f"{error}\n请检查打印机是否可用。")
        return 0


def export_pdf(window: MainWindow) -> None:
    options = ask_options(window, "导出 PDF", "导出")
    if options is None:
        return
    report = window.document.report
    name = (report.title if report.agency else "年度报告") + ("（草稿）" if options.draft else "")
    target = choose_target(window, "导出 PDF", name, ".pdf", PDF_FILTER)
    from exporters.pdf.writer import write_with

    while True:
        if target is None:
            return
        try:
            pages = write_with(report, target, options)
            break
        except WriteProblem as problem:  # nothing written: another name may do
            if not another_name(window, "导出失败", problem):
                return
            target = choose_target(window, "导出 PDF", target.stem, ".pdf", PDF_FILTER)
        except FileProblem as problem:
            QMessageBox.critical(window, "导出失败", f"{problem}")
            return
    window.statusBar().showMessage(f"已导出 PDF（{pages} 页）：{target}", 8000)
