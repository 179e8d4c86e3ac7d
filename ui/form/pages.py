"""The pages of the form: 基本信息, the text sections and the table sections.

Each page shows one part of the report and forwards every edit to the ReportDocument; when the
document changes (undo, redo, a file opened) the page shows the new state.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.edit import read_text
from models.format.spec import BASIC_LABELS, SectionSpec, TableSpec
from models.narrative.fields import BASIC, FieldAddress
from models.report import part_number
from ui.document import ReportDocument
from ui.texts import FILL_BLANKS, RECOMPUTE, RECOMPUTE_TIP

if TYPE_CHECKING:
    from ui.form.table_model import GridTableModel
    from ui.form.table_view import GridTableView


def _route_undo(document: ReportDocument, event: QKeyEvent) -> bool:
    """Ctrl+Z / Ctrl+Y in a text box undo the report's history, not just the box's own."""
    if event.matches(QKeySequence.StandardKey.Undo):
        document.undo_stack.undo()
        return True
    if event.matches(QKeySequence.StandardKey.Redo):
        document.undo_stack.redo()
        return True
    return False


class _UndoKeys(QObject):
    """Event filter: undo keys pressed in a text box go to the document's undo stack."""

    def __init__(self, document: ReportDocument, parent: QObject) -> None:
        super().__init__(parent)
        self.document = document

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return _route_undo(self.document, event)
        return False


class BoundTextEdit(QPlainTextEdit):
    """A multi-line text box bound to one text field of the report; grows with its text."""

    def __init__(
        self,
        document: ReportDocument,
        address: FieldAddress,
        min_lines: int = 4,
        placeholder: str = "",
        parent: QWidget | None = None,
        max_lines: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.document_ = document
        self.address = address
        self.min_lines = min_lines
        self.max_lines = max_lines
        """Lines it grows to at most (None: all), then it scrolls: above a table, which needs the
        page's height."""
        self.setUndoRedoEnabled(False)
        # Tab goes on to the next field, as in every other box of the form: a report's text has
        # no use for a tab character, and a clerk on the keyboard alone must be able to leave.
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.installEventFilter(_UndoKeys(document, self))
        self.setPlainText(read_text(document.report, address))
        if address.section != BASIC or document.report.previous_paragraphs:
            # Last year's paragraphs, until rewritten: the preamble's only in a report started
            # from last year's (its legal basis is the same every year).  Loaded only here.
            from ui.form import draft_marks

            draft_marks.attach(self, document, address)
        self.textChanged.connect(self._edited)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _edited(self) -> None:
        self.document_.set_text(self.address, self.toPlainText())

    def show_value(self) -> None:
        text = read_text(self.document_.report, self.address)
        if text != self.toPlainText():
            cursor = self.textCursor()
            position = cursor.position()
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)
            cursor = self.textCursor()
            cursor.setPosition(min(position, len(text)))
            self.setTextCursor(cursor)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as the text (at least ``min_lines``), so the page scrolls, not the box.

        Lines are estimated from the text's width: Chinese wraps at any character, and the
        document's own layout is not up to date during a resize.
        """
        metrics = self.fontMetrics()
        # contentsRect() is the viewport's width here (no scroll bars); asking for viewport() itself
        # makes PySide look through every widget class once, a few ms at start-up.
        width = max(self.contentsRect().width() - 2 * int(self.document().documentMargin()), 50)
        lines = 0
        for paragraph in self.toPlainText().split("\n"):
            lines += max(1, -(-metrics.horizontalAdvance(paragraph) // width))
        lines = max(self.min_lines, lines + 1)
        if self.max_lines is not None:
            capped = lines > self.max_lines
            lines = min(lines, self.max_lines)
            policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if capped:
                policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if self.verticalScrollBarPolicy() != policy:
                self.setVerticalScrollBarPolicy(policy)
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        height = lines * metrics.lineSpacing() + frame
        if height != self.height():
            self.setFixedHeight(height)


class BoundLineEdit(QLineEdit):
    """A one-line text box bound to a text field of the report."""

    def __init__(
        self, document: ReportDocument, address: FieldAddress, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document_ = document
        self.address = address
        self.installEventFilter(_UndoKeys(document, self))
        self.setText(read_text(document.report, address))
        self.textEdited.connect(lambda text: document.set_text(address, text))

    def show_value(self) -> None:
        text = read_text(self.document_.report, self.address)
        if text != self.text():
            position = self.cursorPosition()
            self.setText(text)
            self.setCursorPosition(min(position, len(text)))


def heading_label(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Page(QScrollArea):
    """A scrolling page with the official heading on top."""

    def __init__(
        self, document: ReportDocument, heading: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document_ = document
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The page is no stop of its own: Tab goes from field to field, and a key typed on the
        # page itself would go nowhere.  (Its fields scroll into view as they take the focus.)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(18, 14, 18, 18)
        self.layout_.setSpacing(8)
        self.heading = heading_label(heading)
        self.layout_.addWidget(self.heading)
        self.setWidget(body)
        self.bound: dict[FieldAddress, BoundTextEdit | BoundLineEdit] = {}
        """The text boxes by their address: they show the document's changes, and a finding
        about a text selects its box (no finding is about a part's heading)."""
        self.targets: dict[FieldAddress, QWidget] = {}
        """The other widgets a finding about a basic fact selects (年度, 落款日期)."""
        document.textChanged.connect(self._text_changed)

    def _text_changed(self, address: FieldAddress) -> None:
        widget = self.bound.get(address)
        if widget is not None:
            widget.show_value()

    def bind(self, widget: BoundTextEdit | BoundLineEdit) -> None:
        """Show the document's changes in ``widget``, and select it for findings about its text."""
        self.bound[widget.address] = widget

    def focus_field(self, address: FieldAddress) -> bool:
        """Select the widget of a finding's field."""
        widget: QWidget | None = self.bound.get(address)
        if widget is None:
            widget = self.targets.get(address)
        if widget is None:
            return False
        self._focus(widget)
        return True

    def to_fill(self) -> list[tuple[QWidget, bool]]:
        """The page's fields in the order they are filled, each with whether it is still empty;
        fields that may stay empty (引导语, 落款单位) are left out."""
        return []

    def focus_first(self) -> None:
        """The keyboard to the first field to fill: the first empty one, else the first one.
        Where the clerk lands on opening a report and on every change of page, so that what is
        typed next is never lost."""
        fields = self.to_fill()
        if fields:
            empty = [widget for widget, blank in fields if blank]
            self._focus((empty or [fields[0][0]])[0])

    def _focus(self, widget: QWidget) -> None:
        self.show_now()
        self.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_now(self) -> None:
        """A page built a moment ago is shown when the event loop next turns (its layout queues
        that): shown now, keys pressed before then — a quick Ctrl+Tab, Shift+Tab — find its
        fields laid out and in view, not passed over as hidden."""
        if self.isHidden():
            self.show()


class BasicPage(Page):
    """基本信息: who reports, for which year, the contact, who signs, the date and the preamble."""

    TITLE = "基本信息"

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        from ui.form.date_field import DateField, YearField  # when the page is first shown

        super().__init__(document, self.TITLE, parent)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.agency = self._line("agency")
        self.agency.setPlaceholderText("如：硚口区行政审批局")
        form.addRow(f"{BASIC_LABELS['agency']}：", self.agency)
        self.year = YearField(YEAR_BLANK, 2100)
        self.year.setMaximumWidth(160)
        self.year.valueChanged.connect(self._year_edited)
        form.addRow(f"{BASIC_LABELS['year']}：", self.year)
        self.contact_office = self._line("contact_office")
        self.contact_office.setPlaceholderText("如：××局办公室")
        form.addRow(f"{BASIC_LABELS['contact_office']}：", self.contact_office)
        self.address = self._line("address")
        form.addRow(f"{BASIC_LABELS['address']}：", self.address)
        self.phone = self._line("phone")
        form.addRow(f"{BASIC_LABELS['phone']}：", self.phone)
        self.signer = self._line("signer")
        # Empty means the agency signs; a whole government's report is signed by its office.
        self.signer.setPlaceholderText("留空则与机关名称相同；如：××市人民政府办公室")
        self.signer.setToolTip(
            "报告末尾落款的单位。本级政府的报告通常由政府办公室落款，如“淮安市人民政府办公室”。"
        )
        form.addRow(f"{BASIC_LABELS['signer']}：", self.signer)
        self.report_date = DateField(BASIC_LABELS["report_date"], lambda: document.report.year)
        self.report_date.dateEdited.connect(self.document_.set_report_date)
        form.addRow(f"{BASIC_LABELS['report_date']}：", self.report_date)
        self.layout_.addLayout(form)
        preamble_label = QLabel(
            f"{BASIC_LABELS['preamble']}（编制依据、报告组成、统计期限、联系方式）：没有"
            f"“如对本报告有疑问……”一句时，导出和打印按上面的{BASIC_LABELS['contact_office']}、"
            f"{BASIC_LABELS['address']}、{BASIC_LABELS['phone']}补在末尾；有这一句时，其中的"
            "科室、地址、电话随上面填写的内容更新。"
        )
        preamble_label.setWordWrap(True)
        self.layout_.addWidget(preamble_label)
        self.preamble = BoundTextEdit(document, FieldAddress.basic("preamble"), min_lines=6)
        self.bind(self.preamble)
        self.layout_.addWidget(self.preamble)
        self.layout_.addStretch(1)
        self.targets[FieldAddress.basic("year")] = self.year
        self.targets[FieldAddress.basic("report_date")] = self.report_date
        document.basicChanged.connect(self.show_basic)
        self.show_basic()

    def _line(self, field: str) -> BoundLineEdit:
        widget = BoundLineEdit(self.document_, FieldAddress.basic(field))
        self.bind(widget)
        return widget

    def to_fill(self) -> list[tuple[QWidget, bool]]:
        report = self.document_.report
        contact = (self.contact_office, self.address, self.phone)
        return [
            (self.agency, not self.agency.text().strip()),
            (self.year, report.year is None),
            *((line, not line.text().strip()) for line in contact),
            (self.report_date, report.report_date is None),
            (self.preamble, not self.preamble.toPlainText().strip()),
        ]

    def show_basic(self, name: str = "") -> None:
        report = self.document_.report
        self.year.blockSignals(True)
        self.year.setValue(report.year if report.year is not None else YEAR_BLANK)
        self.year.blockSignals(False)
        if name in ("", "report_date") or report.report_date != self.report_date.date():
            self.report_date.show_date(report.report_date)

    def _year_edited(self, value: int) -> None:
        self.document_.set_year(None if value == YEAR_BLANK else value)


YEAR_BLANK = 1999


class PartEditor(QFrame):
    """One sub-headed part: its numbering, heading, text and the buttons to move or remove it."""

    def __init__(self, page: SectionPage, index: int, count: int) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        document, key = page.document_, page.section.key
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        number = QLabel(part_number(index))
        number.setStyleSheet("font-weight: bold;")
        row.addWidget(number)
        self.heading = BoundLineEdit(document, FieldAddress.part_heading(key, index))
        self.heading.setPlaceholderText("小标题")
        row.addWidget(self.heading, 1)
        self.buttons: dict[str, QPushButton] = {}
        """上移, 下移 and 删除 by what they do: the keyboard comes back to them after they act."""
        for name, text, tip, enabled, action in (
            ("up", "上移", "把这一部分移到上面", index > 0, lambda: page.move_part(index, -1)),
            (
                "down",
                "下移",
                "把这一部分移到下面",
                index < count - 1,
                lambda: page.move_part(index, 1),
            ),
            (
                "remove",
                "删除",
                "删除这个小标题及其内容（可撤销）",
                True,
                lambda: page.remove_part(index),
            ),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setEnabled(enabled)
            button.clicked.connect(action)
            row.addWidget(button)
            self.buttons[name] = button
        layout.addLayout(row)
        self.text = BoundTextEdit(
            document,
            FieldAddress(key, index),
            min_lines=4,
            placeholder="在这里填写这一部分的内容，可分多段。",
        )
        layout.addWidget(self.text)
        page.bind(self.heading)
        page.bind(self.text)

    def stops(self) -> list[QWidget]:
        """Its Tab stops in the order they are seen: the heading, its buttons, then the text."""
        return [self.heading, *self.buttons.values(), self.text]


TABLE_INTRO_LINES = 4
"""Lines of a table's lead text shown before it scrolls in its box: the table needs the height."""


class SectionPage(Page):
    """A section's page: its heading, the opening text, then its parts or its table."""

    def __init__(
        self, document: ReportDocument, section: SectionSpec, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, section.heading, parent)
        self.section = section
        self.table_view: GridTableView | None = None
        self.table_model: GridTableModel
        intro_hint = (
            "表格前的引导语（可不填）。" if section.table else "总述性的开头段落（可不填）。"
        )
        if section.table is None and not section.has_parts:
            intro_hint = section.placeholder
        self.intro = BoundTextEdit(
            document,
            FieldAddress(section.key),
            min_lines=2 if section.table else 3,
            placeholder=intro_hint,
            max_lines=TABLE_INTRO_LINES if section.table else None,
        )
        self.bind(self.intro)
        self.layout_.addWidget(self.intro)
        self._refocus: tuple[int, str] | None = None
        """Where the keyboard goes when the parts are built again after 上移, 下移, 删除 or
        添加小标题 (a part's index and which of its stops): the pressed button is gone."""
        if section.table is not None:
            self._add_table(section.table)
            return
        if section.has_parts:
            self.parts_box = QVBoxLayout()
            self.layout_.addLayout(self.parts_box)
            self.add_button = QPushButton("＋ 添加小标题")
            self.add_button.setToolTip("在最后添加一个带小标题的部分")
            self.add_button.clicked.connect(self.add_part)
            self.layout_.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
            self.part_editors: list[PartEditor] = []
            self._build_parts()
            document.partsChanged.connect(self._parts_changed)
        self.layout_.addStretch(1)

    def _add_table(self, table: TableSpec) -> None:
        """The table takes the rest of the page and is its one scroll area: the page itself does
        not scroll, so the table's header rows and row labels can stay in view
        (ui.form.table_view)."""
        from ui.form.table_model import GridTableModel  # only when a table is shown
        from ui.form.table_view import GridTableView

        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = QHBoxLayout()
        fill = QPushButton(FILL_BLANKS)
        fill.setToolTip(f"在{table.name}所有还空着的单元格中填 0")
        fill.clicked.connect(lambda: self.document_.fill_blanks(table))
        bar.addWidget(fill)
        buttons = [fill]
        if table.sums:
            recompute = QPushButton(RECOMPUTE)
            recompute.setToolTip(RECOMPUTE_TIP)
            recompute.clicked.connect(self.document_.recompute_totals)
            bar.addWidget(recompute)
            buttons.append(recompute)
        note = QLabel("浅蓝色为合计，自动计算。")
        note.setStyleSheet("color: #555;")
        bar.addWidget(note)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.table_model = GridTableModel(self.document_, table, self)
        self.table_view = GridTableView(self.table_model)
        # As tall as its rows where the page has the room (the view caps its own height), and
        # the space below it left empty rather than stretched.
        self.layout_.addWidget(self.table_view, 1)
        self.layout_.addStretch(0)
        # Tab from the lead text goes into the table, what is filled, and out of its last cell
        # to the buttons: they act on the table, and are above it only to leave it the height.
        _chain([self.intro, self.table_view, *buttons])

    def to_fill(self) -> list[tuple[QWidget, bool]]:
        if self.section.table is not None:
            return []  # the table's cells (focus_first)
        if not self.section.has_parts:
            return [(self.intro, not self.intro.toPlainText().strip())]
        # The opening paragraph of a section in parts may stay empty: the parts are to fill.
        return [
            (box, not (box.text() if isinstance(box, QLineEdit) else box.toPlainText()).strip())
            for editor in self.part_editors
            for box in (editor.heading, editor.text)
        ]

    def focus_first(self) -> None:
        """On a table's page the table's first empty cell to fill (else its first), selected
        and with the keyboard, so that the digits typed next start filling it."""
        view = self.table_view
        if view is None:
            if self.to_fill():
                super().focus_first()
            else:
                self._focus(self.intro)  # a section in parts with no parts left
            return
        values = self.document_.report.values
        cells = [g for g in self.table_model.value_cells if g.cell and not g.cell.computed]
        blank = [g for g in cells if g.cell is not None and values[g.cell.id] is None]
        first = (blank or cells)[0]
        index = self.table_model.index(first.row, first.column)
        self.show_now()
        view.setCurrentIndex(index)
        view.scrollTo(index)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_parts(self) -> None:
        focus = QApplication.focusWidget()
        had_focus = any(e.isAncestorOf(focus) for e in self.part_editors if focus is not None)
        for editor in self.part_editors:
            self.parts_box.removeWidget(editor)
            editor.hide()  # out of Tab's way now, not when deleted
            editor.deleteLater()
            for box in (editor.heading, editor.text):
                del self.bound[box.address]
        parts = self.document_.report.sections[self.section.key].parts
        self.part_editors = [PartEditor(self, i, len(parts)) for i in range(len(parts))]
        for editor in self.part_editors:
            self.parts_box.addWidget(editor)
            if not self.isHidden():
                editor.show()  # now, not when the event loop turns: Tab goes through it at once
        # In the order they are seen: new parts' boxes would otherwise come after the button.
        _chain([self.intro, *(w for e in self.part_editors for w in e.stops()), self.add_button])
        refocus, self._refocus = self._refocus, None
        if refocus is not None:
            self._focus_part(*refocus)
        elif had_focus:  # (undo, 生成文字) the box the keyboard was in is gone
            self.focus_first()

    def _focus_part(self, index: int, stop: str) -> None:
        """The keyboard to part ``index``'s ``stop`` (heading, up, down, remove), or the nearest
        enabled one: a part moved to the top has no 上移, and the last part removed none."""
        if not 0 <= index < len(self.part_editors):
            self._focus(self.add_button)
            return
        editor = self.part_editors[index]
        stops: dict[str, QWidget] = {"heading": editor.heading, **editor.buttons}
        order = {"up": ["up", "down"], "down": ["down", "up"]}.get(stop, [stop])
        target = next((stops[s] for s in order if stops[s].isEnabled()), editor.heading)
        self._focus(target)

    def _parts_changed(self, section: str) -> None:
        if section == self.section.key:
            self._build_parts()

    def add_part(self) -> None:
        """添加小标题: a part at the end, the keyboard in its heading."""
        count = len(self.document_.report.sections[self.section.key].parts)
        self._refocus = (count, "heading")
        self.document_.add_part(self.section.key, count)
        self._refocus = None  # (used by the parts built again meanwhile, if they were)

    def move_part(self, index: int, offset: int) -> None:
        """上移 / 下移: the keyboard stays on the button, on the part moved, to move it again."""
        self._refocus = (index + offset, "up" if offset < 0 else "down")
        self.document_.move_part(self.section.key, index, offset)
        self._refocus = None

    def remove_part(self, index: int) -> None:
        part = self.document_.report.sections[self.section.key].parts[index]
        if part.text.strip():
            answer = QMessageBox.question(
                self,
                "删除小标题",
                f"确定删除“{part_number(index)}{part.heading}”及其内容吗？删除后可以用“撤销”恢复。",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        # The keyboard to the part that takes its place, else the previous part's 删除 button
        # (else 添加小标题).
        parts = len(self.document_.report.sections[self.section.key].parts)
        self._refocus = (index, "heading") if index < parts - 1 else (index - 1, "remove")
        self.document_.remove_part(self.section.key, index)
        self._refocus = None


def _chain(widgets: list[QWidget]) -> None:
    """Tab goes through ``widgets`` in this order."""
    for before, after in itertools.pairwise(widgets):
        QWidget.setTabOrder(before, after)
