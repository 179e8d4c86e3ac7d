"""已核实 in the problems panel: a warning or a hint the clerk has checked is marked with a short
note, shown greyed with the note, and can be withdrawn.  Errors cannot be acknowledged.

The note is kept in the report (``Report.acknowledged``), so it is saved in the project file and
undone like any edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.checks.acknowledge import MAX_NOTE, acknowledgement, can_acknowledge
from models.checks.findings import Finding, Severity
from ui.document import ReportDocument
from ui.screen_fit import scroll_body
from ui.style import COLORS

ACKNOWLEDGED = "已核实"


class AcknowledgeDialog(QDialog):
    """标记为已核实: the finding, and a line for the note (required)."""

    def __init__(self, parent: QWidget | None, finding: Finding) -> None:
        super().__init__(parent)
        self.setWindowTitle("标记为已核实")
        body = QWidget()  # a long finding scrolls on a low screen; the buttons stay in view
        layout = QVBoxLayout(body)
        message = QLabel(f"【{finding.severity.label}】{finding.message}")
        message.setWordWrap(True)
        message.setMinimumWidth(460)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(message)
        layout.addWidget(QLabel("核实说明（必填，如“数据口径调整，已与业务科室核对”）："))
        self.note = QLineEdit(finding.note or "")
        self.note.setMaxLength(MAX_NOTE)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("标记为已核实")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        scroll_body(self, body, self.buttons)
        self.note.textChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        self.ok.setEnabled(bool(self.note.text().strip()))


def set_acknowledged(document: ReportDocument, finding: Finding, note: str | None) -> None:
    """Mark ``finding`` 已核实 with ``note``, or withdraw the mark (None); undoable."""
    if note is None:
        document.set_acknowledged(finding, None)
    else:  # CannotAcknowledge for an error or an empty note
        document.set_acknowledged(finding, acknowledgement(finding, note))


def ask_and_acknowledge(parent: QWidget, document: ReportDocument, finding: Finding) -> bool:
    """Ask for the note and mark the finding; False if the clerk cancelled or it is an error."""
    if not can_acknowledge(finding):
        return False
    dialog = AcknowledgeDialog(parent, finding)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    set_acknowledged(document, finding, dialog.note.text())
    return True


# --- the problems panel ------------------------------------------------------------------------


def severity_text(finding: Finding) -> str:
    """The 级别 column: 警告·已核实 for an acknowledged finding."""
    label = finding.severity.label
    return f"{label}·{ACKNOWLEDGED}" if finding.acknowledged else label


def message_text(finding: Finding) -> str:
    """The 说明 column: the message, after the clerk's note when acknowledged."""
    if finding.acknowledged:
        return f"【{ACKNOWLEDGED}：{finding.note}】{finding.message}"
    return finding.message


GREYED = QBrush(COLORS.info_text)
"""The foreground of every column of an acknowledged finding."""


def count_text(findings: list[Finding]) -> str:
    """The counts line's addition: how many findings are 已核实 (they still count above)."""
    n = sum(1 for f in findings if f.acknowledged)
    if not n:
        return ""
    return f"　<span style='color:{COLORS.info_text.name()}'>其中{ACKNOWLEDGED} {n}</span>"


class AcknowledgeButtons(QWidget):
    """标记为已核实… and 取消核实 for the finding selected in the problems list.

    The list is given as its view and two callbacks, so this module needs nothing of the
    panel's (ui/form/problems.py imports this one)."""

    def __init__(
        self,
        view: QTableView,
        selected: Callable[[], Finding | None],
        document: Callable[[], ReportDocument],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.selected = selected
        """The finding selected in the list, if any."""
        self.document = document
        """The report the list shows (it changes when another report is opened)."""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mark = QPushButton("标记为已核实…")
        self.mark.setToolTip(
            "选中的警告或提示经核对无误时，写明核实说明后标记为已核实（错误不能标记，须改正）"
        )
        self.mark.clicked.connect(self.acknowledge_selected)
        self.unmark = QPushButton("取消核实")
        self.unmark.clicked.connect(self.withdraw_selected)
        layout.addWidget(self.mark)
        layout.addWidget(self.unmark)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.selectionModel().selectionChanged.connect(self.update_state)
        view.model().modelReset.connect(self.update_state)
        self.update_state()

    def update_state(self) -> None:
        finding = self.selected()
        self.mark.setEnabled(finding is not None and can_acknowledge(finding))
        self.unmark.setEnabled(finding is not None and finding.acknowledged)
        if finding is not None and finding.severity is Severity.ERROR:
            self.mark.setToolTip("错误不能标记为已核实，请改正报告。")
        else:
            self.mark.setToolTip("选中的警告或提示经核对无误时，写明核实说明后标记为已核实。")

    def acknowledge_selected(self) -> bool:
        finding = self.selected()
        if finding is None:
            return False
        return ask_and_acknowledge(self.window(), self.document(), finding)

    def withdraw_selected(self) -> None:
        finding = self.selected()
        if finding is not None and finding.acknowledged:
            set_acknowledged(self.document(), finding, None)

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self.view)
        mark = menu.addAction("标记为已核实…", self.acknowledge_selected)
        mark.setEnabled(self.mark.isEnabled())
        unmark = menu.addAction("取消核实", self.withdraw_selected)
        unmark.setEnabled(self.unmark.isEnabled())
        menu.exec(self.view.viewport().mapToGlobal(position))
