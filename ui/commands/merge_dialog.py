"""工具 › 汇总多个单位的报告…: choose the units' reports, see each unit's year and findings, and
sum them into a new report for the supervising agency (the logic is models.batch.merge)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.batch import merge
from models.files import FileProblem, describe_folder_error, is_hidden, real_path
from ui.background import Background, Progress
from ui.commands import file_dialogs
from ui.screen_fit import scroll_body
from ui.style import COLORS
from ui.texts import reports_filter

if TYPE_CHECKING:
    from ui.main_window import MainWindow

LIST_FILTER = "文本文件 (*.txt);;所有文件 (*)"
COLUMNS = ("机关名称", "年度", "错误", "警告", "文件", "说明")
MAX_SUMMARY_CELLS = 10
SIZE = QSize(960, 640)
"""The dialog's size where the screen has room: the units' list with its six columns."""


class MergeDialog(QDialog):
    def __init__(self, parent: QWidget | None, start_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总多个单位的报告")
        self.folder = start_folder or Path.home()
        self.units: list[merge.Unit] = []
        self.failures: list[tuple[Path, str]] = []
        self.not_reports: set[Path] = set()
        """Those of ``failures`` that are no annual report (a comparison, a letter)."""
        self.merged: merge.MergeResult | None = None

        body = QWidget()  # scrolls on a screen too low for it; the buttons stay in view
        layout = QVBoxLayout(body)
        intro = QLabel(
            "选择各单位同一年度的报告（年报助手项目 .gknb、按官方格式的 Word 文档 .docx，"
            "或年报助手导出的 Excel 表格 .xlsx），"
            "表格逐格相加，生成上级机关的新报告。空白不按 0 计：部分单位空白的单元格会列出来。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((220, 60, 60, 60, 200)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("添加文件…")
        self.add_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton("添加文件夹…")
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton("移除所选")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("全部移除")
        self.clear_button.clicked.connect(self.clear)
        for button in (
            self.add_button,
            self.add_folder_button,
            self.remove_button,
            self.clear_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        lower = QHBoxLayout()
        form = QFormLayout()
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("如：某某区人民政府办公室")
        form.addRow("汇总报告的机关名称：", self.agency)
        form_box = QWidget()
        form_box.setLayout(form)
        lower.addWidget(form_box, 1)

        expected_group = QGroupBox("应报送单位名单（可选，每行一个单位名称）")
        expected_layout = QVBoxLayout(expected_group)
        self.expected = QPlainTextEdit()
        self.expected.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere
        self.expected.setPlaceholderText("填写或粘贴名单，用来列出还没有报送的单位")
        self.expected.setMaximumHeight(110)
        self.expected.textChanged.connect(self.refresh_status)
        expected_layout.addWidget(self.expected)
        self.load_list_button = QPushButton("从文本文件读取名单…")
        self.load_list_button.clicked.connect(self.choose_list)
        expected_layout.addWidget(self.load_list_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        expected_layout.addWidget(self.missing)
        lower.addWidget(expected_group, 1)
        layout.addLayout(lower)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("汇总")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        scroll_body(self, body, self.buttons, SIZE)
        self.refresh()

    # --- choosing files -----------------------------------------------------------------------

    def choose_files(self) -> None:
        paths = file_dialogs.open_files(
            self, "选择各单位的报告", reports_filter("单位的报告"), beside=self.folder
        )
        if paths:
            self.add_paths(paths)

    def choose_folder(self) -> None:
        folder = file_dialogs.folder(self, "选择存放各单位报告的文件夹", beside=self.folder)
        if folder is None:
            return
        from exporters import NAMES, READERS

        try:
            paths = sorted(
                p
                for p in folder.iterdir()
                if p.is_file() and p.suffix.lower() in READERS and not is_hidden(p)
            )
        except OSError as error:  # no permission to open it …
            QMessageBox.warning(self, self.windowTitle(), describe_folder_error(error, folder))
            return
        if not paths:
            kinds = "、".join(dict.fromkeys(NAMES[s] for s in READERS))
            QMessageBox.information(
                self, self.windowTitle(), f"文件夹“{folder}”中没有报告（{kinds}）。"
            )
            return
        self.add_paths(paths)

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Read the files (with a progress dialog that can cancel) and list them."""
        # Links followed, as far as they go (a link cycle is read, and refused by its reader).
        known = {real_path(u.path) for u in self.units if u.path is not None}
        known |= {real_path(path) for path, _ in self.failures}
        new = []
        for path in paths:
            if real_path(path) not in known:
                known.add(real_path(path))
                new.append(path)
        if not new:
            self.status.setText("所选文件都已在列表中。")
            return
        self.folder = new[0].parent
        found = self._read(new)
        if found is None:
            return
        self.units += found.units
        self.failures += found.failures
        self.not_reports |= set(found.not_reports)
        self.refresh()
        if found.cancelled:
            self.status.setText(
                f"已取消：读取了 {len(found.units) + len(found.failures)} 份，"
                f"其余 {len(new) - len(found.units) - len(found.failures)} 份"
                "没有加入。" + self.status.text()
            )

    def _read(self, paths: Sequence[Path]) -> merge.UnitsRead | None:
        """Read and check ``paths`` in the background (ui/background.py) while a progress dialog
        over this one says which file and can cancel; the window keeps painting meanwhile.  The
        files read before a cancel are kept.  None (and the clerk told why) if reading failed."""
        from exporters import read_report

        progress = QProgressDialog("正在读取各单位的报告…", "取消", 0, len(paths), self)
        progress.setWindowTitle(self.windowTitle())
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def read(tell: Progress) -> merge.UnitsRead:
            def step(done: int, total: int) -> bool:
                if done < total:
                    return tell(
                        done, total, f"正在读取第 {done + 1} 份，共 {total} 份：{paths[done].name}"
                    )
                return tell(done, total, "")

            return merge.read_units(paths, read_report, progress=step)

        def show(done: int, _total: int, text: str) -> None:
            progress.setValue(done)
            if text:
                progress.setLabelText(text)

        outcome: list[merge.UnitsRead] = []
        failure: list[str] = []
        # Until the reading ends the dialog waits here, as a modal dialog's exec() does: events
        # go on (the window paints, the progress dialog's 取消 works), its callers see one call.
        waiting = QEventLoop()

        def read_all(found: merge.UnitsRead) -> None:
            outcome.append(found)
            waiting.quit()

        def failed(message: str) -> None:
            failure.append(message)
            waiting.quit()

        job = Background(self, read, read_all, failed, show)
        progress.canceled.connect(job.cancel)
        job.start()
        waiting.exec()
        if job.is_running():  # the program is quitting: the file in hand is finished first
            job.cancel()
            job.wait()
        progress.reset()
        progress.deleteLater()
        job.deleteLater()
        if failure:
            QMessageBox.critical(self, self.windowTitle(), f"读取报告没有完成：{failure[0]}")
        return outcome[0] if outcome else None

    def choose_list(self) -> None:
        chosen = file_dialogs.open_file(self, "读取应报送单位名单", LIST_FILTER, beside=self.folder)
        if chosen is None:
            return
        name = str(chosen)
        try:
            names = merge.read_expected(Path(name))
        except FileProblem as problem:
            QMessageBox.critical(self, "无法读取名单", str(problem))
            return
        self.expected.setPlainText("\n".join(names))

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            if row < len(self.units):
                del self.units[row]
            else:
                del self.failures[row - len(self.units)]
        self.refresh()

    def clear(self) -> None:
        self.units.clear()
        self.failures.clear()
        self.refresh()

    # --- showing ------------------------------------------------------------------------------

    def expected_names(self) -> list[str] | None:
        names = merge.parse_expected(self.expected.toPlainText())
        return names or None

    def refresh(self) -> None:
        table = self.table
        table.setRowCount(len(self.units) + len(self.failures))
        for row, unit in enumerate(self.units):
            notes = "；".join(unit.notes)
            if unit.blank_cells:
                notes = f"表格中有 {unit.blank_cells} 个空白单元格。" + notes
            cells = (
                unit.agency or "（未填写）",
                str(unit.year or "（未填写）"),
                str(unit.errors),
                str(unit.warnings),
                unit.source,
                notes,
            )
            tip = (
                f"错误 {unit.errors} 个，其中表格中 {unit.table_errors} 个；警告 {unit.warnings} 个"
            )
            self.set_row(row, cells, tip, bad=unit.table_errors > 0)
        for offset, (path, reason) in enumerate(self.failures):
            row = len(self.units) + offset
            what = "（不是年度报告）" if path in self.not_reports else "（无法读取）"
            self.set_row(row, (what, "", "", "", path.name, reason), reason, bad=True)
        self.remove_button.setEnabled(bool(self.units or self.failures))
        self.clear_button.setEnabled(bool(self.units or self.failures))
        self.merge_button.setEnabled(bool(self.units))
        self.refresh_status()

    def failures_text(self) -> str:
        """The files that cannot be summed: “2 个文件无法读取、1 个文件不是…年度报告”."""
        others = sum(1 for path, _ in self.failures if path in self.not_reports)
        unreadable = len(self.failures) - others
        parts = [f"{unreadable} 个文件无法读取"] if unreadable else []
        if others:
            parts.append(f"{others} 个文件不是政府信息公开工作年度报告")
        return "、".join(parts)

    def set_row(self, row: int, texts: Sequence[str], tip: str, *, bad: bool) -> None:
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(tip if column != len(texts) - 1 or not text else text)
            if column in (1, 2, 3):
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if bad:
                item.setForeground(COLORS.error_text)
            self.table.setItem(row, column, item)

    def refresh_status(self) -> None:
        units = self.units
        lines = []
        if units:
            years = sorted({u.year for u in units if u.year is not None})
            year_text = "、".join(f"{y} 年" for y in years) or "年度未填写"
            with_errors = sum(1 for u in units if u.table_errors)
            lines.append(f"共 {len(units)} 个单位（{year_text}）；表格有错误的 {with_errors} 个。")
            try:
                merge.check_mergeable(units)
            except merge.MergeRefused as refused:
                lines.append(f"<span style='color:{COLORS.error_frame.name()}'>{refused}</span>")
        else:
            lines.append("还没有选择报告：请用“添加文件…”或“添加文件夹…”选择各单位的报告。")
        if self.failures:
            lines.append(
                f"<span style='color:{COLORS.error_frame.name()}'>"
                f"{self.failures_text()}（见列表中的说明），汇总前请移除它们。</span>"
            )
        self.status.setText("<br>".join(lines))
        expected = self.expected_names()
        if expected is None:
            self.missing.setText("")
            return
        reported = {merge.normal_name(u.agency) for u in units}
        wanted = {merge.normal_name(n) for n in expected}
        missing = [n for n in expected if merge.normal_name(n) not in reported]
        extra = [u.agency for u in units if merge.normal_name(u.agency) not in wanted]
        text = (
            f"名单 {len(expected)} 个单位，未报送 {len(missing)} 个"
            + (
                f"：{'、'.join(missing[:30])}{' 等' if len(missing) > 30 else ''}"
                if missing
                else ""
            )
            + "。"
        )
        if extra:
            text += f" 不在名单中的 {len(extra)} 个：{'、'.join(extra[:10])}。"
        self.missing.setText(text)

    # --- summing ------------------------------------------------------------------------------

    def accept(self) -> None:
        if self.failures:
            QMessageBox.warning(
                self,
                self.windowTitle(),
                f"有{self.failures_text()}（见列表中的说明）。请先移除它们，或改正后重新添加。",
            )
            return
        try:
            self.merged = merge.merge(
                self.units, agency=self.agency.text(), expected=self.expected_names()
            )
        except merge.MergeRefused as refused:
            QMessageBox.warning(self, self.windowTitle(), str(refused))
            return
        super().accept()


def summary_text(result: merge.MergeResult) -> str:
    lines = result.summary()
    cells = merge.partly_blank_lines(result, MAX_SUMMARY_CELLS)
    if cells:
        lines += ["", "部分单位空白的单元格：", *cells]
    lines += ["", "汇总结果已作为新报告打开，还没有保存。请填写正文后保存。"]
    return "\n".join(lines)


def run(window: MainWindow) -> None:
    """The whole 汇总 from the menu: the dialog, then the result as a new unsaved report."""
    if not window.maybe_save():
        return
    dialog = MergeDialog(window, window.folder_of_report())
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.merged is None:
            return
        result = dialog.merged
    finally:
        dialog.deleteLater()
    window.open_unsaved(result.report, f"已汇总 {len(result.units)} 个单位的报告，请检查后保存。")
    QMessageBox.information(window, "汇总完成", summary_text(result))
