"""Printing from the window goes through the same renderer as the PDF export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tests.conftest import ANSWERS
from tests.test_pdf import squeeze, text_of
from ui.commands import printing as print_actions
from ui.commands.printing import PrintOptionsDialog
from ui.main_window import MainWindow


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


@pytest.fixture
def pdf_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The printer writes to a PDF file, so what was printed can be read back."""
    out = tmp_path / "printed.pdf"

    def printer() -> QPrinter:
        device = QPrinter(QPrinter.PrinterMode.HighResolution)
        device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        device.setOutputFileName(str(out))
        return device

    monkeypatch.setattr(print_actions, "new_printer", printer)
    return out


def choose(
    monkeypatch: pytest.MonkeyPatch,
    *,
    draft: bool = True,
    only: set[str] | None = None,
    findings: bool = False,
) -> None:
    def run(dialog: PrintOptionsDialog) -> int:
        dialog.draft.setChecked(draft)
        for key, box in dialog.parts.items():
            box.setChecked(only is None or key in only)
        dialog.findings.setChecked(findings)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintOptionsDialog, "exec", run)


def test_print_a_draft(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, pdf_printer: Path
) -> None:
    choose(monkeypatch, draft=True)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.print_action.trigger()
    text = squeeze(text_of(pdf_printer))
    assert "硚口区行政审批局2024年政府信息公开工作年度报告" in text
    assert "草稿" in text and "打印时间" in text
    assert "已送打印" in window.statusBar().currentMessage()


def test_a_final_print_with_errors_offers_a_draft(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    pdf_printer: Path,
    no_blocking_dialogs: list[tuple[str, str]],
) -> None:
    window.document.set_cells({"t3.new.natural": 9})
    choose(monkeypatch, draft=False)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    ANSWERS["question"] = QMessageBox.StandardButton.No
    window.print_action.trigger()
    assert "不能打印正式版" in no_blocking_dialogs[-1][1]
    assert not pdf_printer.exists()
    ANSWERS["question"] = QMessageBox.StandardButton.Yes
    window.print_action.trigger()
    assert "草稿" in squeeze(text_of(pdf_printer))


def test_export_pdf_of_chosen_sections(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose(monkeypatch, draft=False, only={"review_litigation"})
    target = tmp_path / "导出"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(target), "PDF 文档 (*.pdf)")),
    )
    window.pdf_action.trigger()
    text = squeeze(text_of(tmp_path / "导出.pdf"))
    assert "四、政府信息公开行政复议、行政诉讼情况" in text.replace("(", "（").replace(")", "）")
    assert "一、总体情况" not in text and "草稿" not in text


def test_preview_paints_through_the_renderer(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, pdf_printer: Path
) -> None:
    choose(monkeypatch, draft=True)
    painted: list[int] = []
    real = print_actions.render_to

    def spy(win, device, options):
        pages = real(win, device, options)
        painted.append(pages)
        return pages

    monkeypatch.setattr(print_actions, "render_to", spy)

    def show_then_close(dialog: QPrintPreviewDialog) -> int:
        QTimer.singleShot(200, dialog.accept)
        return QDialog.exec(dialog)

    monkeypatch.setattr(QPrintPreviewDialog, "exec", show_then_close)
    window.preview_action.trigger()
    assert painted and painted[0] >= 4


@pytest.mark.parametrize("action", ["pdf_action", "preview_action", "print_action"])
def test_draft_is_ticked_only_when_a_final_version_would_be_refused(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    """The sample has no error: 导出 PDF, 打印预览 and 打印 offer the final version.  With an
    error, or with cells still to fill (no error in the window's list, but a final version is
    refused), 草稿 is ticked."""
    ticked: list[bool] = []

    def look(dialog: PrintOptionsDialog) -> int:
        ticked.append(dialog.draft.isChecked())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PrintOptionsDialog, "exec", look)
    getattr(window, action).trigger()
    window.document.set_cells({"t4.cases.review_upheld": None})  # a cell left to fill
    assert not any(f.severity.label == "错误" and not f.to_do for f in window.document.findings)
    getattr(window, action).trigger()
    window.document.set_cells({"t4.cases.review_upheld": 2, "t3.new.natural": 9})  # wrong
    getattr(window, action).trigger()
    assert ticked == [False, True, True]


def test_an_exported_pdf_of_a_report_without_errors_is_final_by_default(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(PrintOptionsDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    target = tmp_path / "报告.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    window.pdf_action.trigger()
    assert "草稿" not in squeeze(text_of(target))
