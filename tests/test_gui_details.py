"""Small things a new clerk tripped over (issue 22): the 落款日期 example's year, file dialogs that
open where the last one was left."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from models import project_file
from tests.conftest import SAMPLE, type_text
from ui import file_dialogs
from ui.main_window import MainWindow
from ui.pages import BasicPage

# --- the 落款日期 example ------------------------------------------------------------------------


def test_the_date_example_is_in_the_year_after_the_report(qtbot, empty_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """A 2025 report is dated in 2026: the empty field's example says so, and follows the year
    the clerk types beside it."""
    empty_window.tabs.setCurrentIndex(0)
    page = empty_window.page(0)
    assert isinstance(page, BasicPage)
    edit = page.report_date.edit
    for typed, example in (("2025", "如 2026年1月20日"), ("2024", "如 2025年1月20日")):
        page.year.setFocus()
        page.year.selectAll()
        type_text(page.year, typed)
        qtbot.keyClick(page.year, Qt.Key.Key_Tab)
        assert empty_window.document.report.year == int(typed)
        assert edit.text() == ""
        edit.repaint()  # as the field is drawn
        assert edit.placeholderText() == example


# --- file dialogs open where the last one was left ------------------------------------------------


def test_file_dialogs_open_in_the_folder_last_used(
    qtbot, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """An unsaved report's 导出 opens where the clerk last chose a file, not in the home folder;
    a saved report's exports go beside it; the folder is remembered across runs (settings)."""
    work = tmp_path / "年报"
    work.mkdir()
    starts: list[str] = []

    def save(parent, title, start, *args, **kwargs):  # type: ignore[no-untyped-def]
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    # A report not saved yet (the sample, imported say): nothing keeps a final version back.
    empty_window.open_unsaved(project_file.load(SAMPLE), "已导入")
    empty_window.export_word_action.trigger()  # no folder used yet: home
    assert Path(starts[-1]).parent == Path.home()
    file_dialogs.remember(work / "某报告.docx")  # a file chosen in a dialog
    assert file_dialogs.last_folder() == work  # kept in the settings file
    empty_window.export_word_action.trigger()
    assert Path(starts[-1]).parent == work
    # A report saved elsewhere exports beside itself.
    other = tmp_path / "另一处"
    other.mkdir()
    saved = other / "报告.gknb"
    project_file.save(empty_window.document.report, saved)
    assert empty_window.open_path(saved, ask=False)
    empty_window.export_word_action.trigger()
    assert Path(starts[-1]).parent == other
    # A folder that is gone is not offered.
    work.rmdir()
    assert file_dialogs.start_folder() == Path.home()


def test_a_folder_chosen_is_remembered(
    monkeypatch: pytest.MonkeyPatch, profile: Path, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    assert file_dialogs.folder(None, "选择文件夹") == tmp_path
    assert file_dialogs.start_folder() == tmp_path
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    assert file_dialogs.open_files(None, "选择", "") == []  # cancelled: nothing changes
    assert file_dialogs.start_folder() == tmp_path
