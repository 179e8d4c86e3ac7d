"""The 落款日期 field: a date typed as clerks type it, or picked from a calendar; and the 年度
field, typed into from blank.

A QDateEdit cannot be typed into from blank (its "（未填）" stays in front of the digits and Tab
will not leave), so the field is a line edit read by the one date parser (models.dates): every
form it takes lands as the date, blank is no date, and a wrong date keeps the typed text with
the reason beside the field (and in a balloon), the report's date unchanged.  The calendar
button (or Alt+↓, F4) opens a calendar at the date, or at January of the year after the report
year, when a report is dated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QToolButton,
    QToolTip,
    QWidget,
    QWidgetAction,
)

from models.dates import EXAMPLES, DateError, parse_date
from models.report import format_date
from models.values import FULL_WIDTH_DIGITS

ERROR_STYLE = "color: #b00020;"
BLANK_TEXT = "（未填）"


class YearField(QSpinBox):
    """The report year, or blank (its minimum, shown as "（未填）").  A spin box takes no digit
    typed after its blank text, so the first digit typed on a blank field replaces it; a field
    emptied and left is blank again; full-width digits are taken as digits."""

    def __init__(self, blank: int, last: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(blank, last)
        self.setSpecialValueText(BLANK_TEXT)
        self.setGroupSeparatorShown(False)
        self.setToolTip(f"报告所属的年度，如 2024；留空为{BLANK_TEXT}。")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text().translate(FULL_WIDTH_DIGITS)
        if text.isdigit() and text != event.text():
            event = QKeyEvent(event.type(), event.key(), event.modifiers(), text)
        if text.isdigit() and self.lineEdit().text() == self.specialValueText():
            self.lineEdit().clear()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._blank_if_emptied()
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)  # a click too: typing replaces the year

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._blank_if_emptied()
        super().focusOutEvent(event)

    def _blank_if_emptied(self) -> None:
        # An empty text is not a year: the spin box would put the old year back.
        if not self.lineEdit().text().strip():
            self.setValue(self.minimum())


class DateLine(QLineEdit):
    """The line edit: Alt+↓ and F4 open the calendar, as in a drop-down list."""

    calendarRequested = Signal()
    hint: Callable[[], str] | None = None
    """The example shown while the field is empty, worked out when it is drawn."""

    def paintEvent(self, event: QPaintEvent) -> None:
        # The example follows the report year, which is changed beside the field without telling
        # it: worked out as the empty field is drawn, it is never a year behind.
        if self.hint is not None and not self.text():
            self.setPlaceholderText(self.hint())
        super().paintEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.calendarRequested.emit()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date or none: ``dateEdited`` with the date (None for blank) when the clerk changes it;
    ``show_date`` shows the report's date.  ``opening_year`` gives the year a blank field's
    calendar opens in (None: this year)."""

    dateEdited = Signal(object)

    def __init__(
        self, label: str, opening_year: Callable[[], int | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.opening_year = opening_year
        self._date: dt.date | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = DateLine()
        self.edit.hint = self.hint
        self.edit.setPlaceholderText(self.hint())
        self.edit.setToolTip(f"可以这样填写：{EXAMPLES}；留空表示还没有落款日期。")
        # Wide enough for the longest date and the hint, not more: the reason goes beside it.
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("如 2025年12月31日") + 24)
        self.edit.setAccessibleName(label)
        self.edit.editingFinished.connect(self.commit)
        self.edit.calendarRequested.connect(self.open_calendar)
        layout.addWidget(self.edit)
        self.button = QToolButton()
        self.button.setText("日历")
        self.button.setToolTip("从日历中选择日期（Alt+↓）")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the next field
        self.button.clicked.connect(self.open_calendar)
        layout.addWidget(self.button)
        self.reason = QLabel()
        self.reason.setStyleSheet(ERROR_STYLE)
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason, 1)
        self.setFocusProxy(self.edit)
        self._menu: QMenu | None = None
        self.calendar: QCalendarWidget | None = None

    def hint(self) -> str:
        """The example in the empty field: a day of January after the report year (the report is
        dated once the year is over), of this year while the report has no year."""
        year = self.opening_year()
        return f"如 {dt.date.today().year if year is None else year + 1}年1月20日"

    # --- the date shown and typed --------------------------------------------------------------

    def date(self) -> dt.date | None:
        return self._date

    def show_date(self, date: dt.date | None) -> None:
        """Show ``date`` (the report's), dropping any refused text."""
        self._date = date
        self.edit.setText(format_date(date))
        self._refuse("")

    def commit(self) -> None:
        """Read the typed text: a date (shown as documents write it), blank, or refused."""
        text = self.edit.text()
        try:
            date = parse_date(text)
        except DateError as problem:
            kept = format_date(self._date) or "空白"
            self._refuse(f"{problem}{self.label}仍为{kept}，请改正。")
            return
        self._refuse("")
        self.edit.setText(format_date(date))
        if date != self._date:
            self._date = date
            self.dateEdited.emit(date)

    def _refuse(self, reason: str) -> None:
        self.reason.setText(reason)
        self.edit.setStyleSheet("QLineEdit { border: 1px solid #b00020; }" if reason else "")
        if reason:
            QToolTip.showText(self.edit.mapToGlobal(QPoint(0, self.edit.height())), reason, self)
        else:
            QToolTip.hideText()

    # --- the calendar --------------------------------------------------------------------------

    def open_calendar(self) -> None:
        """The calendar under the field, at the date or at January after the report year."""
        if self._menu is None:
            self._menu = QMenu(self)
            self.calendar = QCalendarWidget()
            self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
            self.calendar.setGridVisible(True)
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(self.calendar)
            self._menu.addAction(action)
        assert self.calendar is not None
        self.calendar.setSelectedDate(self._opening_date())
        self.calendar.setFocus()
        self._menu.popup(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.calendar.setFocus()

    def _opening_date(self) -> QDate:
        date = self._date
        if date is None:
            year = self.opening_year()
            if year is None:
                today = QDate.currentDate()
                return QDate(today.year(), today.month(), 1)
            return QDate(year + 1, 1, 1)
        return QDate(date.year, date.month, date.day)

    def _picked(self, value: QDate) -> None:
        if self._menu is not None:
            self._menu.close()
        self.edit.setText(format_date(dt.date(value.year(), value.month(), value.day())))
        self.commit()
        self.edit.setFocus()
