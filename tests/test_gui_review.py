"""工具 › 批量审核…, driven as a reviewer drives it: files and folders chosen through the dialog's
buttons, the run started, its progress followed to the end (or cancelled half-way), the saved
workbook opened again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from exporters import docx
from tests.conftest import ANSWERS
from tests.test_review import (
    DEPARTMENT,
    by_file,
    last_year_carrying,
    make_folder,
    report_of,
    rows_of,
)
from tests.window_parts import item_of, item_text, menu_actions
from ui.commands import review_dialog
from ui.commands.review_dialog import ReviewDialog
from ui.main_window import MainWindow

RUN_TIMEOUT_MS = 90_000


@pytest.fixture
def dialog(qtbot, tmp_path: Path) -> ReviewDialog:
    widget = ReviewDialog(None, tmp_path)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def answer(monkeypatch: pytest.MonkeyPatch, name: str, value: object) -> None:
    monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: value))


def wait_for_the_end(qtbot, dialog: ReviewDialog) -> None:
    qtbot.waitUntil(
        lambda: dialog.worker is None and dialog.review_run is not None, timeout=RUN_TIMEOUT_MS
    )


def test_the_menu_entry_opens_the_dialog_beside_the_window(
    qtbot, sample_window: MainWindow
) -> None:
    # The action held while its menu is used: PySide6 6.9 frees the menu's wrapper with it.
    action = next(a for a in sample_window.menuBar().actions() if a.text() == "工具(&T)")
    assert sample_window.review_action in menu_actions(action)
    sample_window.review_action.trigger()
    shown = sample_window.findChild(ReviewDialog)
    assert shown is not None and shown.windowTitle() == review_dialog.TITLE
    qtbot.waitExposed(shown)
    assert shown.isVisible() and not shown.isModal()  # the window can be used beside it
    shown.close_button.click()
    assert not shown.isVisible()
    sample_window.review_action.trigger()  # the same dialog again, as it was left
    assert sample_window.findChildren(ReviewDialog) == [shown] and shown.isVisible()
    shown.close()


def test_nothing_starts_without_reports(dialog: ReviewDialog) -> None:
    dialog.start_button.click()
    assert dialog.worker is None
    assert "请先用“添加文件…”或“添加文件夹…”选择" in dialog.status.text()


def test_a_folder_reviewed_through_the_dialog(
    qtbot, dialog: ReviewDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "各单位"
    make_folder(folder)
    earlier = tmp_path / "上年"
    earlier.mkdir()
    docx.write(
        last_year_carrying(report_of("硚口区汉中街道办事处")), earlier / "街道.docx", draft=False
    )
    extra = tmp_path / "另一份.docx"
    docx.write(report_of("硚口区民政局"), extra, draft=False)

    answer(monkeypatch, "getExistingDirectory", str(folder))
    dialog.add_folder_button.click()
    answer(monkeypatch, "getOpenFileNames", ([str(extra)], ""))
    dialog.add_files_button.click()
    assert dialog.paths() == [folder, extra]
    # Proposed beside the folder reviewed, never in it (the next run would meet it there).
    assert dialog.output.text() == str(tmp_path / "问题清单（各单位）.xlsx")
    answer(monkeypatch, "getExistingDirectory", str(earlier))
    dialog.previous_button.click()
    out = tmp_path / "审核结果"  # the extension is added
    answer(monkeypatch, "getSaveFileName", (str(out), ""))
    dialog.output_button.click()
    assert dialog.output.text() == str(tmp_path / "审核结果.xlsx")
    dialog.pdf.setChecked(True)

    seen: list[str] = []
    dialog.start_button.click()
    assert dialog.worker is not None
    dialog.worker.progressed.connect(lambda done, total, text: seen.append(text))
    assert not dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
    wait_for_the_end(qtbot, dialog)

    assert any("汉中街道.docx" in text for text in seen)
    status = dialog.status.text()
    assert "共审核 8 份报告" in status and "2 份无法读取" in status
    assert f"问题清单已保存：{tmp_path / '审核结果.xlsx'}" in status
    assert f"PDF 问题清单已保存：{tmp_path / '审核结果.pdf'}" in status
    assert (tmp_path / "审核结果.pdf").stat().st_size > 1000
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()

    rows = by_file(rows_of(load_workbook(tmp_path / "审核结果.xlsx")["汇总"]))
    assert len(rows) == 8 and "另一份.docx" in rows
    assert rows["审批局2024.docx"]["跨年度比对"] == "审批局2023.docx"
    assert rows["街道/汉中街道.docx"]["跨年度比对"] == "街道.docx（上年文件夹）"
    assert rows["损坏.docx"]["主要问题"].startswith("无法读取：")
    assert rows["审批局2024.docx"]["机关名称"] == DEPARTMENT

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    assert dialog.open_folder_button.isEnabled()
    dialog.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]

    # The results are shown in the dialog too, one row per report as the 汇总 sheet has them.
    assert dialog.pages.currentWidget() is dialog.results
    table = dialog.results
    shown = {
        item_text(table, r, 0): [item_text(table, r, c) for c in range(table.columnCount())]
        for r in range(table.rowCount())
    }
    assert set(shown) == set(rows)
    for name, row in rows.items():
        assert shown[name][1] == (row["机关名称"] or "")
        assert shown[name][3] == ("" if row["错误"] is None else str(row["错误"]))
        assert shown[name][-1] == row["主要问题"]


def test_a_result_double_clicked_opens_in_the_window_and_the_results_stay(
    qtbot, sample_window: MainWindow, tmp_path: Path
) -> None:
    """The reviewer looks at one report in the form (imported unsaved, the file untouched), then
    at the next: the dialog and its results stay; closed and opened again, they are still there."""
    first, second = tmp_path / "民政局.docx", tmp_path / "街道.docx"
    docx.write(report_of("硚口区民政局"), first, draft=False)
    docx.write(report_of("硚口区汉中街道办事处"), second, draft=False)
    before = first.read_bytes()
    sample_window.review_action.trigger()
    dialog = sample_window.findChild(ReviewDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.add_paths([first, second])
    dialog.start_button.click()
    wait_for_the_end(qtbot, dialog)
    assert dialog.results.rowCount() == 2

    def double_click(row: int) -> None:
        cell = dialog.results.visualItemRect(item_of(dialog.results, row, 3)).center()
        # As a mouse sends it: a click, then the second press as a double-click.
        qtbot.mouseClick(dialog.results.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.mouseDClick(dialog.results.viewport(), Qt.MouseButton.LeftButton, pos=cell)

    double_click(0)
    assert sample_window.document.report.agency == "硚口区民政局"
    assert sample_window.document.path is None and sample_window.isWindowModified()
    assert first.read_bytes() == before
    assert dialog.isVisible() and dialog.results.rowCount() == 2
    # The next one (the imported report was not saved: the window asks, the reviewer declines).
    ANSWERS["warning"] = QMessageBox.StandardButton.Discard
    ANSWERS["question"] = QMessageBox.StandardButton.Discard
    double_click(1)
    assert sample_window.document.report.agency == "硚口区汉中街道办事处"
    dialog.close_button.click()
    sample_window.review_action.trigger()
    assert dialog.isVisible() and dialog.results.rowCount() == 2
    assert dialog.pages.currentWidget() is dialog.results
    dialog.close()
    sample_window.document.needs_saving = False


def test_cancel_in_the_middle_keeps_what_is_done(
    qtbot, dialog: ReviewDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "许多单位"
    folder.mkdir()
    first = folder / "单位000.docx"
    docx.write(report_of(DEPARTMENT), first, draft=False)
    for number in range(1, 60):
        shutil.copyfile(first, folder / f"单位{number:03d}.docx")
    answer(monkeypatch, "getExistingDirectory", str(folder))
    dialog.add_folder_button.click()
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 3, timeout=RUN_TIMEOUT_MS)
    status = dialog.status.text()
    assert status.startswith("第 ") and "份，共 60 份：正在读取并检查 单位" in status
    dialog.cancel_button.click()
    assert "正在取消" in dialog.status.text()
    wait_for_the_end(qtbot, dialog)

    run = dialog.review_run
    assert run is not None and run.cancelled
    done = len(run.reviews)
    assert 3 <= done < 60
    status = dialog.status.text()
    assert f"审核已取消：只审核了 {done} 份，共 60 份" in status
    assert "问题清单已保存" in status
    sheet = load_workbook(tmp_path / "问题清单（许多单位）.xlsx")["汇总"]
    assert len(rows_of(sheet)) == done
    assert str(sheet.cell(3, 1).value).startswith("审核已取消")


def test_the_results_show_pairs_and_files_set_aside(
    qtbot, dialog: ReviewDialog, tmp_path: Path
) -> None:
    """The 审核结果 tab says which file each report was checked against (with last year's name
    when written otherwise) and shows a comparison of two years' reports as what it is, grey."""
    from tests.test_genre import comparison_docx

    folder = tmp_path / "各单位"
    folder.mkdir()
    docx.write(report_of("武汉市" + DEPARTMENT), folder / "2024.docx", draft=False)
    docx.write(last_year_carrying(report_of(DEPARTMENT)), folder / "2023.docx", draft=False)
    comparison_docx(folder / "比对报告.docx")
    dialog.add_paths([folder])
    dialog.start_button.click()
    wait_for_the_end(qtbot, dialog)

    status = dialog.status.text()
    assert "共审核 2 份报告" in status
    assert "另有 1 个文件不是政府信息公开工作年度报告，没有审核：比对报告.docx。" in status
    table = dialog.results
    columns = list(review_dialog.RESULT_COLUMNS)
    rows = {item_text(table, r, 0): r for r in range(table.rowCount())}
    pairing = columns.index("跨年度比对")
    assert item_text(table, rows["2024.docx"], pairing) == f"2023.docx（{DEPARTMENT}）"
    assert item_text(table, rows["2023.docx"], pairing) == "没有找到上一年度的报告"
    aside = rows["比对报告.docx"]
    assert item_text(table, aside, columns.index("错误")) == ""
    assert item_text(table, aside, pairing) == ""
    assert item_text(table, aside, len(columns) - 1).startswith(
        "不是政府信息公开工作年度报告：标题“"
    )
    grey = item_of(table, aside, 0).background().color().name().upper()
    assert grey == review_dialog.SET_ASIDE_COLOUR
    red = item_of(table, rows["2024.docx"], 0).background().color().name().upper()
    assert red == review_dialog.ERROR_COLOUR  # an error found against last year's report


def test_an_earlier_list_in_the_folder_is_left_out(
    qtbot, dialog: ReviewDialog, tmp_path: Path
) -> None:
    """A 问题清单 an earlier run wrote into the folder (chosen there by the reviewer) is not
    taken for an unreadable report the next time: left out, and said so."""
    folder = tmp_path / "各单位"
    folder.mkdir()
    docx.write(report_of(DEPARTMENT), folder / "审批局.docx", draft=False)
    dialog.add_paths([folder])
    dialog.output.setText(str(folder / "问题清单.xlsx"))
    dialog.pdf.setChecked(True)
    for _ in range(2):
        dialog.start_button.click()
        wait_for_the_end(qtbot, dialog)
    status = dialog.status.text()
    assert "共审核 1 份报告" in status and "0 份无法读取" in status
    assert "问题清单.pdf、问题清单.xlsx是年报助手生成的问题清单，不是报告，没有审核。" in status
    assert dialog.results.rowCount() == 1
