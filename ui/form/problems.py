"""The problems panel: every finding with its severity, kind and place, counts, filters by page,
kind and severity, and a double-click that takes the clerk to the cell or text.

While the clerk fills the report the panel lists a table's blank cells as one quiet line, a to-do
(“表三还有 145 格未填”, ``models.checks.tables.while_filling``): its level reads 待填, it is not
counted among the errors, and the counts line says how many cells are left to fill.  Checking,
exporting and printing a final version count each of those cells as an error
(``ReportDocument.final_findings``).

The messages wrap (no "…"), and the panel collapses to its one-line summary of counts so the
table above gets the height; whether it is collapsed is remembered.  In the window's dock the
panel's bar (summary, filters, 已核实 buttons) is the dock's title bar, so collapsed it takes
exactly one line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.checks.blank_marks import TO_ZERO, VALUE_PLACEHOLDER
from models.checks.findings import BASIC, BASIC_HEADING, Kind, page_of
from models.checks.tables import Finding, Severity, counts, section_heading
from models.format.spec import ReportFormat
from ui.document import ReportDocument
from ui.form import acknowledge
from ui.settings import settings
from ui.style import COLORS

AnyIndex = QModelIndex | QPersistentModelIndex

FINDING_ROLE = Qt.ItemDataRole.UserRole + 10

# Logical columns (the 说明 column keeps its index 2; 类别 is shown second, see ProblemsPanel).
SEVERITY_COLUMN, PLACE_COLUMN, MESSAGE_COLUMN, KIND_COLUMN = range(4)

COLLAPSED_KEY = "problems/collapsed"
"""QSettings key: whether the clerk left the panel collapsed."""
EXPANDED_HEIGHT = 170
"""The dock's height when it is opened and the window has none remembered for it."""
_NO_LIMIT = 16777215  # QWIDGETSIZE_MAX
_COLLAPSE_TIP = "收起问题清单，只留一行错误、警告、提示的个数，让表格有更多高度"

_SEVERITY_COLORS = {
    Severity.ERROR: (COLORS.error_frame, COLORS.error_fill),
    Severity.WARNING: (COLORS.warning_frame, COLORS.warning_fill),
    Severity.INFO: (COLORS.info_text, None),
}
TO_DO = "待填"
"""The level of a to-do in the list, and the counts line's name for the cells still to fill."""


class FindingsModel(QAbstractTableModel):
    """The document's findings that pass the filters, in the checks' order."""

    HEADERS = ("级别", "位置", "说明", "类别")

    def __init__(self, document: ReportDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.shown: set[Severity] = set(Severity)
        self.page: str | None = None
        """The key of the page (``BASIC`` or a section's) whose findings are shown; None: all."""
        self.kind: Kind | None = None
        self.rows: list[Finding] = []
        document.findingsChanged.connect(self.refresh)
        self.refresh()

    def set_document(self, document: ReportDocument) -> None:
        self.document.findingsChanged.disconnect(self.refresh)
        self.document = document
        document.findingsChanged.connect(self.refresh)
        self.refresh()

    def set_shown(self, severities: set[Severity]) -> None:
        self.shown = severities
        self.refresh()

    def set_page(self, page: str | None) -> None:
        self.page = page
        self.refresh()

    def set_kind(self, kind: Kind | None) -> None:
        self.kind = kind
        self.refresh()

    def passes(self, finding: Finding) -> bool:
        return (
            finding.severity in self.shown
            and (self.kind is None or finding.kind is self.kind)
            and (self.page is None or page_of(self.document.report.format, finding) == self.page)
        )

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = [f for f in self.document.findings if self.passes(f)]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        finding = self.rows[index.row()]
        column = index.column()
        if role == FINDING_ROLE:
            return finding
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == SEVERITY_COLUMN:
                return TO_DO if finding.to_do else acknowledge.severity_text(finding)
            if column == PLACE_COLUMN:
                return location(self.document, finding)
            if column == KIND_COLUMN:
                return finding.kind.label
            return acknowledge.message_text(finding)
        if finding.acknowledged:  # 已核实: greyed (ui/form/acknowledge.py)
            return acknowledge.GREYED if role == Qt.ItemDataRole.ForegroundRole else None
        if finding.to_do:  # quiet: the hint's colour, no fill
            if column == SEVERITY_COLUMN and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(COLORS.info_text)
            return None
        if column == SEVERITY_COLUMN:
            text, fill = _SEVERITY_COLORS[finding.severity]
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(text)
            if role == Qt.ItemDataRole.BackgroundRole and fill is not None:
                return QBrush(fill)
        return None


def to_fill_count(findings: list[Finding]) -> int:
    """How many cells the to-dos of ``findings`` leave to fill."""
    return sum(len(f.cells) for f in findings if f.to_do)


def location(document: ReportDocument, finding: Finding) -> str:
    """Where a finding is, in the clerk's words: 表三 · 自然人 · 一、本年新收…, or a section."""
    if finding.table:
        return " · ".join(p for p in (finding.table, finding.row, finding.column) if p)
    heading = section_heading(document.report.format, finding.section)
    return heading or ""


class _SummaryLabel(QLabel):
    """The counts; while the panel is collapsed a click on them opens it."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.clickable = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
        else:
            event.ignore()  # in the dock's title bar: the dock may be dragged by it


class ProblemsPanel(QWidget):
    """The list of findings under the form."""

    activated = Signal(object)
    """A finding the clerk double-clicked (or pressed Enter on)."""
    collapsedChanged = Signal(bool)

    FILTERS = (
        ("全部", set(Severity)),
        ("只看错误", {Severity.ERROR}),
        ("只看警告", {Severity.WARNING}),
        ("只看提示", {Severity.INFO}),
        ("错误和警告", {Severity.ERROR, Severity.WARNING}),
    )
    ALL_PAGES = "全部页面"
    ALL_KINDS = "全部类别"

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(document, self)
        self.collapsed = False
        self._expanded_height = EXPANDED_HEIGHT
        self.layout_ = layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 4)
        layout.setSpacing(2)
        self.bar = self._build_bar()
        layout.addWidget(self.bar)
        self.view = self._build_view()
        layout.addWidget(self.view)
        self.acknowledge = acknowledge.AcknowledgeButtons(  # 已核实
            self.view, self.selected, lambda: self.model.document, self
        )
        self.bar_layout.addWidget(self.acknowledge)
        # The one fix of a finding that groups "—" cells: shown while such a finding is selected.
        self.to_zero = QPushButton(TO_ZERO)
        self.to_zero.setToolTip(
            "选中的问题所列的单元格填的是“—”“/”等：都表示 0 时，一次改为 0（可撤销）"
        )
        self.to_zero.clicked.connect(self.zero_selected)
        self.bar_layout.addWidget(self.to_zero)
        self.view.selectionModel().selectionChanged.connect(self._show_fixes)
        self.model.modelReset.connect(self._show_fixes)
        self._show_fixes()
        self._fill_filters(document.report.format)
        self.model.modelReset.connect(self._show_counts)
        if _remembered_collapsed():
            self.set_collapsed(True, remember=False)
        else:
            self._show_counts()

    # --- building ---------------------------------------------------------------------------

    def _build_bar(self) -> QWidget:
        bar = QWidget()
        self.bar_layout = row = QHBoxLayout(bar)
        row.setContentsMargins(4, 2, 4, 2)
        self.toggle = QToolButton()
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setText("问题清单")
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setToolTip(_COLLAPSE_TIP)
        self.toggle.clicked.connect(lambda: self.set_collapsed(not self.collapsed))
        row.addWidget(self.toggle)
        self.counts = _SummaryLabel()
        self.counts.clicked.connect(lambda: self.set_collapsed(False))
        row.addWidget(self.counts)
        row.addStretch(1)
        self.filters = QWidget()
        filters = QHBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        self.page_filter = QComboBox()
        self.page_filter.setToolTip("只看某一页（基本信息或某一部分）的问题")
        self.page_filter.currentIndexChanged.connect(
            lambda i: self.model.set_page(self.page_filter.itemData(i))
        )
        self.kind_filter = QComboBox()
        self.kind_filter.setToolTip("只看某一类问题，如勾稽关系、空白、文字与表格不符")
        self.kind_filter.currentIndexChanged.connect(
            lambda i: self.model.set_kind(self.kind_filter.itemData(i))
        )
        self.filter = QComboBox()
        for text, _ in self.FILTERS:
            self.filter.addItem(text)
        self.filter.currentIndexChanged.connect(
            lambda i: self.model.set_shown(set(self.FILTERS[i][1]))
        )
        for label, combo in (
            ("页面：", self.page_filter),
            ("类别：", self.kind_filter),
            ("级别：", self.filter),
        ):
            name = QLabel(label)
            name.setBuddy(combo)
            filters.addWidget(name)
            filters.addWidget(combo)
        row.addWidget(self.filters)
        return bar

    def _build_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        # Whole messages, wrapped: nothing is cut off with "…".
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = view.horizontalHeader()
        header.moveSection(KIND_COLUMN, PLACE_COLUMN)  # shown: 级别, 类别, 位置, 说明
        for column in (SEVERITY_COLUMN, KIND_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PLACE_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PLACE_COLUMN, 240)
        header.setSectionResizeMode(MESSAGE_COLUMN, QHeaderView.ResizeMode.Stretch)
        # activated: a double-click, or Enter (also doubleClicked would go twice for one
        # double-click, and a finding of many cells would skip one of them).
        view.activated.connect(self._activate)
        return view

    def _fill_filters(self, report_format: ReportFormat) -> None:
        """The pages of the report's format and the kinds (each item gets its count later); all
        pages shown."""
        self.model.page = None
        self.page_filter.blockSignals(True)
        self.page_filter.clear()
        self.page_filter.addItem(self.ALL_PAGES, None)
        self.page_filter.addItem(BASIC_HEADING, BASIC)
        for section in report_format.sections:
            self.page_filter.addItem(section.tab_title, section.key)
        self.page_filter.blockSignals(False)
        if not self.kind_filter.count():
            self.kind_filter.addItem(self.ALL_KINDS, None)
            for kind in Kind:
                self.kind_filter.addItem(kind.label, kind)

    def set_document(self, document: ReportDocument) -> None:
        self._fill_filters(document.report.format)
        self.model.set_document(document)

    # --- the dock and collapsing ---------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ParentChange:
            dock = self.parentWidget()
            if isinstance(dock, QDockWidget) and dock.titleBarWidget() is not self.bar:
                # The bar becomes the dock's title: collapsed, the panel is that one line.
                self.layout_.removeWidget(self.bar)
                dock.setTitleBarWidget(self.bar)
                if self.collapsed:
                    self.setMaximumHeight(0)
        super().changeEvent(event)

    def _dock(self) -> QDockWidget | None:
        dock = self.parentWidget()
        return dock if isinstance(dock, QDockWidget) else None

    def set_collapsed(self, collapsed: bool, *, remember: bool = True) -> None:
        """Collapse the panel to its summary line, or open it again (remembered)."""
        dock = self._dock()
        window = dock.parentWidget() if dock is not None else None
        if collapsed and not self.collapsed and dock is not None and self.view.isVisible():
            self._expanded_height = max(dock.height(), EXPANDED_HEIGHT // 2)
        self.collapsed = collapsed
        self.view.setVisible(not collapsed)
        self.filters.setVisible(not collapsed)
        self.acknowledge.setVisible(not collapsed)
        self._show_fixes()
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if collapsed else Qt.ArrowType.DownArrow)
        self.toggle.setToolTip("展开问题清单" if collapsed else _COLLAPSE_TIP)
        self.counts.clickable = collapsed
        self.counts.setCursor(
            Qt.CursorShape.PointingHandCursor if collapsed else Qt.CursorShape.ArrowCursor
        )
        self.counts.setToolTip("点击展开问题清单" if collapsed else "")
        if collapsed:
            self.setMaximumHeight(self.layout_.sizeHint().height() if dock is None else 0)
        else:
            self.setMaximumHeight(_NO_LIMIT)
            if isinstance(window, QMainWindow) and dock is not None:
                # The dock is as high as it was before collapsing; the window's layout must
                # first take in that the limit is gone (it is laid out again in the event loop).
                height = self._expanded_height
                QTimer.singleShot(
                    0, lambda: window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
                )
        self._show_counts()
        if remember:
            _remember_collapsed(collapsed)
        self.collapsedChanged.emit(collapsed)

    # --- the list -------------------------------------------------------------------------------

    def selected(self) -> Finding | None:
        """The finding of the current row, if any."""
        index = self.view.currentIndex()
        rows = self.model.rows
        if not index.isValid() or not 0 <= index.row() < len(rows):
            return None
        return rows[index.row()]

    def _show_fixes(self) -> None:
        finding = self.selected()
        self.to_zero.setVisible(
            not self.collapsed and finding is not None and finding.rule is VALUE_PLACEHOLDER
        )

    def zero_selected(self) -> int:
        """把这些单元格改为 0 for the selected finding's table; how many cells changed."""
        finding = self.selected()
        if finding is None or finding.rule is not VALUE_PLACEHOLDER:
            return 0
        document = self.model.document
        table = next(t for t in document.report.format.tables if t.name == finding.table)
        return document.placeholders_to_zero(table)

    def _activate(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None:
            self.activated.emit(finding)

    def summary_text(self) -> str:
        """The counts line as plain text: 错误 3　警告 1　提示 2, and 待填 145 格 while cells
        are left to fill."""
        findings = self.model.document.findings
        n = counts(f for f in findings if not f.to_do)
        text = "　".join(f"{s.label} {n[s]}" for s in Severity)
        left = to_fill_count(findings)
        return text + (f"　{TO_DO} {left} 格" if left else "")

    def _show_counts(self) -> None:
        findings = self.model.document.findings
        # The cells still to fill are no errors yet: counted apart, quietly.
        n = counts(f for f in findings if not f.to_do)
        left = to_fill_count(findings)
        quiet = COLORS.info_text.name()
        text = (
            f"<b style='color:{COLORS.error_frame.name()}'>错误 {n[Severity.ERROR]}</b>　"
            f"<b style='color:{COLORS.warning_frame.name()}'>警告 {n[Severity.WARNING]}</b>　"
            f"<span style='color:{quiet}'>提示 {n[Severity.INFO]}</span>"
            + (f"　<span style='color:{quiet}'>{TO_DO} {left} 格</span>" if left else "")
            + acknowledge.count_text(findings)
        )
        if self.collapsed:
            text += f"　<span style='color:{COLORS.info_text.name()}'>（点击展开）</span>"
        self.counts.setText(text)
        self._count_filter_items(findings)

    def _count_filter_items(self, findings: list[Finding]) -> None:
        """Each page and kind in the filters says how many findings it has: 表三 3."""
        report_format = self.model.document.report.format
        by_page: dict[str, int] = {}
        by_kind: dict[Kind, int] = {}
        for finding in findings:
            page = page_of(report_format, finding)
            by_page[page] = by_page.get(page, 0) + 1
            by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
        for combo, numbers, all_text in (
            (self.page_filter, by_page, self.ALL_PAGES),
            (self.kind_filter, by_kind, self.ALL_KINDS),
        ):
            for i in range(combo.count()):
                key = combo.itemData(i)
                if key is None:
                    text = f"{all_text}（{len(findings)}）"
                else:
                    name = (
                        key.label
                        if isinstance(key, Kind)
                        else (BASIC_HEADING if key == BASIC else _tab_title(report_format, key))
                    )
                    text = f"{name}（{numbers.get(key, 0)}）"
                if combo.itemText(i) != text:
                    combo.setItemText(i, text)


def _tab_title(report_format: ReportFormat, key: str) -> str:
    return report_format.section_by_key[key].tab_title


def _remembered_collapsed() -> bool:
    return settings().value(COLLAPSED_KEY, False, type=bool) is True


def _remember_collapsed(collapsed: bool) -> None:
    store = settings()
    store.setValue(COLLAPSED_KEY, collapsed)
    store.sync()
