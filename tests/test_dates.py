"""Dates as clerks type them: the one parser (models.dates) and the 落款日期 field that uses it,
typed into as a clerk does (key presses, Tab to leave), and the readers that share the parser."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QTableView

from models.dates import DateError, parse_date, period_year, read_date
from tests.conftest import type_text
from ui.form.pages import BasicPage
from ui.main_window import MainWindow

JAN_20 = dt.date(2025, 1, 20)
TYPED = [
    "2025-01-20",
    "2025-1-20",
    "2025.1.20",
    "2025/1/20",
    "2025年1月20日",
    "2025年1月20号",
    "20250120",
    "２０２５年１月２０日",
    "２０２５．１．２０",
    " 2025 年 1 月 20 日 ",
    "2025　年1月20日",
    "二〇二五年一月二十日",
]


@pytest.mark.parametrize("text", TYPED)
def test_every_form_clerks_type_is_the_date(text: str) -> None:
    assert parse_date(text) == JAN_20
    assert read_date(text) == JAN_20


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_blank_is_no_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-02-30", "2025年2月只有 28 天"),
        ("2024-02-30", "2024年2月只有 29 天"),
        ("2025年13月1日", "月份 13 不对"),
        ("2025.0.10", "月份 0 不对"),
        ("20251301", "月份 13 不对"),
        ("1925-01-20", "年份 1925 不对"),
        ("明天", "不是日期：请按 2025-01-20"),
        ("2025-1", "不是日期"),
        ("2025120", "不是日期"),
        ("2025-01/20", "不是日期"),
    ],
)
def test_a_wrong_date_says_why(text: str, reason: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_date(text)
    assert reason in str(refused.value)
    assert f"“{text.strip()}”" in str(refused.value)
    assert read_date(text) is None


def test_the_word_reader_reads_dates_by_the_same_parser() -> None:
    from exporters.reading import text as docx_text

    assert vars(docx_text)["read_date"] is read_date


@pytest.mark.parametrize(
    ("typed", "date", "note"),
    [
        ("2025.1.20", JAN_20, None),
        ("20250120", JAN_20, None),
        ("２０２５年１月２０日", JAN_20, None),
        ("2025-02-30", None, "2025年2月只有 28 天"),
    ],
)
def test_the_excel_reader_reads_dates_as_the_form_does(
    tmp_path, typed: str, date: dt.date | None, note: str | None
) -> None:
    """A date typed into the workbook's 基本信息 sheet is read as the form would read it; a
    wrong one is left blank with the parser's reason in the note."""
    from exporters import read_report
    from models import project_file
    from tests.conftest import SAMPLE
    from tests.test_xlsx import edit, export

    path = export(project_file.load(SAMPLE), tmp_path)
    edit(path, {"report_date": typed})
    result = read_report(path)
    assert result.report.report_date == date
    if note is None:
        assert result.notes == []
    else:
        (said,) = result.notes
        assert note in said and not said.endswith("。。")


# --- the 落款日期 field, typed into ---------------------------------------------------------------


def basic_page(window: MainWindow) -> BasicPage:
    window.tabs.setCurrentIndex(0)
    page = window.page(0)
    assert isinstance(page, BasicPage)
    return page


def type_date(qtbot, page: BasicPage, text: str) -> None:
    """Click into the field, select what is there, type ``text`` and press Tab."""
    edit = page.report_date.edit
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    edit.setFocus()
    edit.selectAll()
    if text:
        type_text(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


@pytest.fixture
def window(empty_window: MainWindow) -> MainWindow:
    return empty_window


@pytest.mark.parametrize("text", TYPED)
def test_each_form_typed_into_the_field_lands_as_the_date(qtbot, window: MainWindow, text: str):
    page = basic_page(window)
    assert page.report_date.edit.text() == ""  # a new report: blank, nothing in front to delete
    type_date(qtbot, page, text)
    assert window.document.report.report_date == JAN_20
    assert page.report_date.edit.text() == "2025年1月20日"  # as the document writes it
    assert page.report_date.reason.text() == ""
    assert not page.report_date.edit.hasFocus()  # Tab left the field


def test_typing_from_blank_with_enter(qtbot, window: MainWindow):
    page = basic_page(window)
    edit = page.report_date.edit
    edit.setFocus()
    type_text(edit, "20250120")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.document.report.report_date == JAN_20


def test_a_wrong_date_is_refused_with_its_reason_and_nothing_lost(qtbot, window: MainWindow):
    page = basic_page(window)
    type_date(qtbot, page, "2025-01-20")
    type_date(qtbot, page, "2025-02-30")
    field = page.report_date
    assert window.document.report.report_date == JAN_20  # the date stands
    assert field.edit.text() == "2025-02-30"  # what was typed stays, to be corrected
    assert "落款日期仍为2025年1月20日，请改正。" in field.reason.text()
    assert "2025年2月只有 28 天" in field.reason.text()
    assert field.reason.isVisible()
    # Corrected, the reason goes.
    type_date(qtbot, page, "2025-02-28")
    assert window.document.report.report_date == dt.date(2025, 2, 28)
    assert field.reason.text() == ""


def test_clearing_the_date_leaves_it_blank_and_undo_gives_it_back(qtbot, window: MainWindow):
    page = basic_page(window)
    type_date(qtbot, page, "2025年1月20日")
    type_date(qtbot, page, "")
    assert window.document.report.report_date is None
    assert page.report_date.edit.text() == ""
    assert not page.report_date.edit.hasFocus()
    window.document.undo_stack.undo()
    assert window.document.report.report_date == JAN_20
    assert page.report_date.edit.text() == "2025年1月20日"


@pytest.mark.qt_log_ignore("does not support grabbing the (keyboard|mouse)")  # offscreen: no grab
def test_the_calendar_opens_in_january_after_the_report_year(qtbot, window: MainWindow):
    page = basic_page(window)
    window.document.set_year(2024)
    field = page.report_date
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2025, 1)
    # The clerk picks a day from the keyboard: right arrow, Enter.
    days = calendar.findChild(QTableView)
    assert days is not None and days.hasFocus()
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert window.document.report.report_date == dt.date(2025, 1, 2)
    assert field.edit.text() == "2025年1月2日"
    # With a date, it opens at that date.
    field.button.click()
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2025, 1, 2)
    calendar.window().close()
    QApplication.processEvents()


# --- the 年度 field, typed into from blank --------------------------------------------------------


@pytest.mark.parametrize("typed", ["2024", "２０２４"])
def test_the_year_is_typed_from_blank_after_a_click(qtbot, window: MainWindow, typed: str):
    page = basic_page(window)
    window.document.set_year(None)
    year = page.year
    assert year.text() == "（未填）"
    qtbot.mouseClick(year.lineEdit(), Qt.MouseButton.LeftButton)
    year.setFocus()
    type_text(year, typed)  # keys go to the focused spin box
    qtbot.keyClick(year, Qt.Key.Key_Tab)
    assert window.document.report.year == 2024
    assert year.text() == "2024" and not year.hasFocus()


def test_an_emptied_year_is_blank_again(qtbot, window: MainWindow):
    page = basic_page(window)
    window.document.set_year(2024)
    year = page.year
    year.setFocus()
    year.selectAll()
    qtbot.keyClick(year, Qt.Key.Key_Delete)
    qtbot.keyClick(year, Qt.Key.Key_Tab)
    assert window.document.report.year is None
    assert year.text() == "（未填）"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("所列统计数据时间范围为2024年1月1日至2024年12月31日。", 2024),
        ("统计期限为2024年1月1日至12月31日。", 2024),
        ("统计期限自２０２４年１月１日起至２０２４年１２月３１日止。", 2024),
        ("2024 年 1 月 1 日—2024 年 12 月 31 日", 2024),
        ("统计期限为2024年1月1日至2024年6月30日。", None),
        ("2023年1月1日至2024年12月31日", None),
        ("本报告所列数据均为2024年度数据。", None),
    ],
)
def test_the_statistics_period_is_read_once(text: str, year: int | None) -> None:
    """The whole-year statistics period, as the Word reader (a title without a year), the period
    check and 从上年报告新建 read it."""
    assert period_year(text) == year
