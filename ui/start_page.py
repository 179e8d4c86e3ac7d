"""The start page: the way in when no report is open (the program started without a file).

新建, 从上年报告新建, 打开 and 打开示例 as large buttons, the recently opened files with the
agency, year and date each holds, and a link to 使用说明.  The buttons trigger the window's own
actions, so the start page does nothing the menus do not.

The recent files are read only after the page has been painted (a file on a slow network share
must not hold up the first frame); until then each shows its file name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models import project_file
from models.app import APP_FULL_NAME, APP_NAME
from models.files import FileProblem

ACTION_STYLE = (
    "QCommandLinkButton { border: 1px solid #C9D3E0; border-radius: 6px; background: #FFFFFF; }"
    "QCommandLinkButton:hover, QCommandLinkButton:focus { border-color: #0B57D0; }"
)


@dataclass(frozen=True)
class RecentFile:
    """What the start page shows of a recently opened file."""

    path: Path
    agency: str = ""
    year: int | None = None
    report_date: dt.date | None = None
    saved_at: dt.datetime | None = None
    problem: str = ""
    """Why the file cannot be read now (moved, deleted, damaged); empty if it can."""

    @property
    def heading(self) -> str:
        if self.problem or not (self.agency or self.year):
            return self.path.name
        year = f"{self.year} 年度" if self.year else "年度未填"
        return f"{self.agency or '（机关名称未填）'}　{year}"

    @property
    def details(self) -> str:
        if self.problem:
            return f"{self.problem}　{self.path}"
        parts = []
        if self.report_date is not None:
            parts.append(f"落款日期 {self.report_date:%Y-%m-%d}")
        if self.saved_at is not None:
            parts.append(f"保存于 {self.saved_at:%Y-%m-%d %H:%M}")
        parts.append(str(self.path))
        return "　".join(parts)


def read_recent(path: Path) -> RecentFile:
    """The agency, year and dates of ``path``; a short reason if it cannot be read."""
    try:
        saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return RecentFile(path, problem="文件已不在原处")
    try:
        report = project_file.load(path)
    except FileProblem:
        return RecentFile(path, saved_at=saved_at, problem="文件无法读取")
    return RecentFile(path, report.agency, report.year, report.report_date, saved_at)


class StartPage(QScrollArea):
    """The page itself; ``recentChosen`` carries the path of a recent file clicked."""

    recentChosen = Signal(Path)
    helpRequested = Signal()

    def __init__(self, actions: Sequence[tuple[QAction, str]]) -> None:
        """``actions``: the window's actions for the big buttons, each with a line saying what it
        does."""
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("startPage")
        outer = QHBoxLayout(body)
        column = QVBoxLayout()
        outer.addStretch(1)
        outer.addLayout(column, 6)
        outer.addStretch(1)
        title = QLabel(APP_NAME)
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        subtitle = QLabel(APP_FULL_NAME)
        subtitle.setStyleSheet("color: #555;")
        column.addSpacing(12)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(12)
        grid = QGridLayout()
        self.buttons: list[QCommandLinkButton] = []
        for n, (action, description) in enumerate(actions):
            # 新建(&N)… on the button is 新建: no mnemonic (the menu has it), no dots (no menu)
            button = QCommandLinkButton(action.text().split("(&")[0].rstrip("…"))
            button.setDescription(description)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setStyleSheet(ACTION_STYLE)
            button.setAutoDefault(True)  # Enter presses it, as Space does (outside a dialog too)
            button.clicked.connect(action.trigger)
            grid.addWidget(button, n // 2, n % 2)
            self.buttons.append(button)
        column.addLayout(grid)
        column.addSpacing(8)
        recent_title = QLabel("最近打开")
        recent_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        column.addWidget(recent_title)
        self.recent_box = QVBoxLayout()
        self.recent_box.setSpacing(0)
        column.addLayout(self.recent_box)
        self.recent_buttons: list[QCommandLinkButton] = []
        self.no_recent = QLabel("还没有打开过报告。可以先“打开示例”看看填好的报告是什么样子。")
        self.no_recent.setStyleSheet("color: #555;")
        column.addWidget(self.no_recent)
        column.addSpacing(8)
        help_row = QHBoxLayout()
        self.help_button = QPushButton("使用说明（F1）")
        self.help_button.setFlat(True)
        self.help_button.setStyleSheet("color: #0B57D0; text-decoration: underline;")
        self.help_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.help_button.setAutoDefault(True)
        self.help_button.clicked.connect(self.helpRequested)
        help_row.addWidget(QLabel("第一次使用？请看"))
        help_row.addWidget(self.help_button)
        help_row.addStretch(1)
        column.addLayout(help_row)
        column.addStretch(1)
        self.setWidget(body)
        self.recent: list[RecentFile] = []

    def set_recent(self, paths: Sequence[str]) -> None:
        """List ``paths`` by name now, and with what they hold once the page has been painted."""
        self._show_recent([RecentFile(Path(p)) for p in paths])
        if paths:
            QTimer.singleShot(0, lambda: self._show_recent([read_recent(Path(p)) for p in paths]))

    def _show_recent(self, recent: list[RecentFile]) -> None:
        for button in self.recent_buttons:
            self.recent_box.removeWidget(button)
            # Hidden now, not only when deleted: the entries are read again once the page is
            # painted, and a modal dialog opened then (the offer of recovery after a crash) runs
            # its own event loop, which does not delete what was deleted later outside it — the
            # old entry would stay drawn under the new one until the dialog closed.
            button.hide()
            button.deleteLater()
        self.recent = recent
        self.recent_buttons = []
        for entry in recent:
            button = QCommandLinkButton(entry.heading, entry.details)
            button.setToolTip(str(entry.path))
            button.setEnabled(not entry.problem)
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, p=entry.path: self.recentChosen.emit(p))
            self.recent_box.addWidget(button)
            self.recent_buttons.append(button)
        self.no_recent.setVisible(not recent)
