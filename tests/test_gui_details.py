"""Small things a new clerk tripped over (issue 22): the 落款日期 example's year."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.conftest import type_text
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
