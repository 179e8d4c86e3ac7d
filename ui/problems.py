"""The problems panel: every finding with its severity and place, counts, a filter, and a
double-click that takes the clerk to the cell or text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.checks import Finding, Severity, counts, section_heading
from ui import acknowledge
from ui.document import ReportDocument
from ui.style import COLORS

AnyIndex = QModelIndex | QPersistentModelIndex

FINDING_ROLE = Qt.ItemDataRole.UserRole + 10


class FindingsModel(QAbstractTableModel):
    HEADERS = ("级别", "位置", "说明")

    def __init__(self, document: ReportDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.shown: set[Severity] = set(Severity)
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

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = [f for f in self.document.findings if f.severity in self.shown]
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
        if finding.acknowledged:  # 已核实: greyed, with the note (ui/acknowledge.py)
            return acknowledge.data(finding, column, role, location(self.document, finding))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return finding.severity.label
            if column == 1:
                return location(self.document, finding)
            return finding.message
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(
                {
                    Severity.ERROR: COLORS.error_frame,
                    Severity.WARNING: COLORS.warning_frame,
                    Severity.INFO: COLORS.info_text,
                }[finding.severity]
            )
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            if finding.severity is Severity.ERROR:
                return QBrush(COLORS.error_fill)
            if finding.severity is Severity.WARNING:
                return QBrush(COLORS.warning_fill)
        return None


def location(document: ReportDocument, finding: Finding) -> str:
    """Where a finding is, in the clerk's words: 表三 · 自然人 · 一、本年新收…, or a section."""
    if finding.table:
        return " · ".join(p for p in (finding.table, finding.row, finding.column) if p)
    heading = section_heading(document.report.format, finding.section)
    return heading or ""


class ProblemsPanel(QWidget):
    """The list of findings under the form."""

    activated = Signal(object)
    """A finding the clerk double-clicked (or pressed Enter on)."""

    FILTERS = (
        ("全部", set(Severity)),
        ("只看错误", {Severity.ERROR}),
        ("只看警告", {Severity.WARNING}),
        ("只看提示", {Severity.INFO}),
        ("错误和警告", {Severity.ERROR, Severity.WARNING}),
    )

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(document, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        bar = QHBoxLayout()
        self.counts = QLabel()
        bar.addWidget(self.counts)
        bar.addStretch(1)
        bar.addWidget(QLabel("显示："))
        self.filter = QComboBox()
        for text, _ in self.FILTERS:
            self.filter.addItem(text)
        self.filter.currentIndexChanged.connect(
            lambda i: self.model.set_shown(set(self.FILTERS[i][1]))
        )
        bar.addWidget(self.filter)
        layout.addLayout(bar)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 300)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        layout.addWidget(self.view)
        self.acknowledge = acknowledge.AcknowledgeButtons(  # 已核实
            self.view, self.selected, lambda: self.model.document, self
        )
        bar.insertWidget(2, self.acknowledge)
        self.model.modelReset.connect(self._show_counts)
        self._show_counts()

    def set_document(self, document: ReportDocument) -> None:
        self.model.set_document(document)

    def selected(self) -> Finding | None:
        """The finding of the current row, if any."""
        index = self.view.currentIndex()
        rows = self.model.rows
        if not index.isValid() or not 0 <= index.row() < len(rows):
            return None
        return rows[index.row()]

    def _activate(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None:
            self.activated.emit(finding)

    def _show_counts(self) -> None:
        n = counts(self.model.document.findings)
        self.counts.setText(
            f"<b style='color:{COLORS.error_frame.name()}'>错误 {n[Severity.ERROR]}</b>　"
            f"<b style='color:{COLORS.warning_frame.name()}'>警告 {n[Severity.WARNING]}</b>　"
            f"<span style='color:{COLORS.info_text.name()}'>提示 {n[Severity.INFO]}</span>"
            + acknowledge.count_text(self.model.document.findings)
        )
