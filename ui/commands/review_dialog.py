"""工具 › 批量审核…: choose many units' reports (files and folders), optionally last year's folder,
and where the 问题清单 goes; the run reads them in the background (ui/background.py: a progress
bar naming the file being read, a cancel that keeps what is done), writes the workbook (and the
PDF list if asked), and says what it found, with a button to open the folder.  The logic is
models.batch.review.

The dialog stands beside the window, not over it: a report double-clicked in the results opens in
the window while the results stay, and closed, the dialog keeps them — the menu shows it again as
it was left.  The 问题清单 is proposed outside the folders reviewed, and a 问题清单 of an earlier
run found among the files is left out (``models.batch.review.collect``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.batch import review
from models.files import FileProblem
from models.format.spec import BASIC_LABELS
from ui.background import Background, Progress
from ui.commands import file_dialogs
from ui.commands.form_rows import side_by_side
from ui.screen_fit import scroll_body
from ui.texts import reports_filter

if TYPE_CHECKING:
    from ui.main_window import MainWindow

TITLE = "批量审核多个单位的报告"
SIZE = QSize(820, 600)
"""The dialog's size where the screen has room; fitted to smaller ones."""
WORKBOOK_FILTER = "Excel 工作簿 (*.xlsx)"
RESULT_COLUMNS = (
    "文件",
    BASIC_LABELS["agency"],
    BASIC_LABELS["year"],
    "错误",
    "警告",
    "提示",
    "跨年度比对",
    "主要问题",
)
ERROR_COLOUR = "#F8D7DA"
SET_ASIDE_COLOUR = "#E7E6E6"
"""A file that is not a report is no unit's failure: grey, not red."""


@dataclass
class Reviewed:
    """What a run came to: the reviews, and whether the 问题清单 was written."""

    run: review.ReviewRun
    output: Path
    problem: str = ""
    """Why the workbook could not be saved (Chinese), or empty."""


def review_and_write(
    paths: list[Path], previous_folder: Path | None, output: Path, progress: Progress
) -> Reviewed:
    """``models.batch.review.run_review`` and the workbook written (no Qt: it runs in the
    background; the PDF list, laid out with Qt's fonts, is written afterwards on the window's
    thread)."""
    from exporters import READERS, findings_for, read_report
    from exporters.xlsx import review as workbook

    # An earlier run's 问题清单 among the files is left out, whatever its name.
    own = workbook.is_review_list
    inputs = review.collect(paths, READERS, own)
    previous = None if previous_folder is None else review.collect([previous_folder], READERS, own)
    result = review.run_review(
        inputs, read_report, findings_for, previous=previous, progress=progress
    )
    if not result.reviews:
        return Reviewed(result, output)
    try:
        workbook.write(result, output)
    except FileProblem as problem:
        return Reviewed(result, output, str(problem))
    return Reviewed(result, output)


class ReviewDialog(QDialog):
    reportChosen = Signal(Path)
    """A report double-clicked (or Enter) in the results, to look at in the window."""

    def __init__(self, parent: QWidget | None, start_folder: Path | None = None) -> None:
        """``start_folder``: where the file dialogs first open (by default where the last one
        was left)."""
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.folder = start_folder
        self.proposed = ""
        """The 问题清单 the dialog proposed (not the reviewer's choice): it follows the reports
        added."""
        self.worker: Background[Reviewed] | None = None
        self.review_run: review.ReviewRun | None = None
        self.saved: list[Path] = []

        body = QWidget()  # scrolls on a screen too low for it; the buttons stay in view
        layout = QVBoxLayout(body)
        intro = QLabel(
            "选择各单位发布的年度报告（文件，或存放报告的文件夹，包括子文件夹），逐份检查，"
            "把发现的问题写入一个 Excel 问题清单：“汇总”表每份报告一行，“问题”表每个问题一行，"
            "“统计”表是各单位的主要数据和图表。"
            "同一机关相邻两年的报告会互相比对。读取和检查不会改动这些文件。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results = QTableWidget(0, len(RESULT_COLUMNS))
        self.results.setHorizontalHeaderLabels(list(RESULT_COLUMNS))
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setWordWrap(True)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.results.verticalHeader().setVisible(False)
        self.results.setToolTip(
            "双击一行，在年报助手的窗口中打开这份报告查看（另存前不会改动原文件），审核结果留在这里"
        )
        self.results.cellActivated.connect(self.open_report)
        self.opened: Path | None = None
        """The report the reviewer chose to look at in the window (by double-clicking it)."""
        self.pages = QTabWidget()
        self.pages.addTab(self.list, "要审核的报告")
        self.pages.addTab(self.results, "审核结果")
        self.pages.setTabEnabled(1, False)
        layout.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        self.add_files_button = QPushButton("添加文件…")
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton("添加文件夹…")
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton("移除所选")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("全部移除")
        self.clear_button.clicked.connect(self.list.clear)
        for button in (
            self.add_files_button,
            self.add_folder_button,
            self.remove_button,
            self.clear_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        form = QFormLayout()
        self.previous = QLineEdit()
        self.previous.setPlaceholderText("可选：各单位上一年度报告所在的文件夹，用来做跨年度比对")
        self.previous_button = QPushButton("选择…")
        self.previous_button.clicked.connect(self.choose_previous)
        form.addRow("上年报告文件夹：", side_by_side(self.previous, self.previous_button))
        self.output = QLineEdit()
        self.output.setPlaceholderText("问题清单保存为（.xlsx）")
        self.output_button = QPushButton("选择…")
        self.output_button.clicked.connect(self.choose_output)
        form.addRow("问题清单保存为：", side_by_side(self.output, self.output_button))
        self.pdf = QCheckBox("同时保存为 PDF（同名 .pdf，供会议打印）")
        form.addRow("", self.pdf)
        layout.addLayout(form)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.status = QLabel("请添加要审核的报告或文件夹。")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        bottom = QHBoxLayout()
        self.open_folder_button = QPushButton("打开所在文件夹")
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        bottom.addWidget(self.open_folder_button)
        bottom.addStretch(1)
        self.start_button = QPushButton("开始审核")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("取消审核")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.reject)
        for button in (self.start_button, self.cancel_button, self.close_button):
            bottom.addWidget(button)
        bottom_row = QWidget()
        bottom_row.setLayout(bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        scroll_body(self, body, bottom_row, SIZE)

    # --- choosing -----------------------------------------------------------------------------

    def paths(self) -> list[Path]:
        return [Path(self.list.item(i).text()) for i in range(self.list.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if path not in known:
                known.add(path)
                self.list.addItem(str(path))
        output = self.output.text().strip()
        if paths and (not output or output == self.proposed):
            # Outside the folders reviewed: inside, the next run of them would meet it.
            self.proposed = str(review.default_output(self.paths(), documents_folder()))
            self.output.setText(self.proposed)
        self.status.setText(f"已选择 {self.list.count()} 项。")

    def choose_files(self) -> None:
        chosen = file_dialogs.open_files(
            self, "选择要审核的报告", reports_filter("要审核的报告"), beside=self.folder
        )
        self.add_paths(chosen)

    def choose_folder(self) -> None:
        chosen = file_dialogs.folder(self, "选择存放报告的文件夹", beside=self.folder)
        if chosen is not None:
            self.add_paths([chosen])

    def choose_previous(self) -> None:
        given = Path(self.previous.text().strip()) if self.previous.text().strip() else None
        chosen = file_dialogs.folder(
            self, "选择上一年度报告所在的文件夹", start=given, beside=self.folder
        )
        if chosen is not None:
            self.previous.setText(str(chosen))

    def choose_output(self) -> None:
        start = self.output.text().strip() or review.DEFAULT_NAME
        path = file_dialogs.save_file(
            self, "问题清单保存为", start, WORKBOOK_FILTER, beside=self.folder
        )
        if path is not None:
            self.output.setText(
                str(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"))
            )

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    # --- running ------------------------------------------------------------------------------

    def problem_before_start(self) -> str:
        """Why the run cannot start yet (what to do), or empty."""
        if not self.list.count():
            return "请先用“添加文件…”或“添加文件夹…”选择要审核的报告。"
        output = self.output.text().strip()
        if not output:
            return "请选择问题清单保存的位置（“问题清单保存为”后的“选择…”）。"
        if Path(output).suffix.lower() != ".xlsx":
            return "问题清单要保存为 Excel 工作簿（.xlsx），请修改文件名。"
        if not Path(output).parent.is_dir():
            return f"问题清单要保存到的文件夹“{Path(output).parent}”不存在，请另选位置。"
        previous = self.previous.text().strip()
        if previous and not Path(previous).is_dir():
            return f"上年报告文件夹“{previous}”不存在，请重新选择或清空。"
        return ""

    def start(self) -> None:
        problem = self.problem_before_start()
        if problem:
            self.status.setText(problem)
            return
        paths = self.paths()
        previous = Path(self.previous.text().strip()) if self.previous.text().strip() else None
        output = Path(self.output.text().strip())
        self.worker = Background(
            self,
            lambda progress: review_and_write(paths, previous, output, progress),
            self.finish,
            self.failed,
            self.show_progress,
        )
        self.review_run = None
        self.saved = []
        self.results.setRowCount(0)
        self.pages.setTabEnabled(1, False)
        self.pages.setCurrentIndex(0)
        self.set_running(True)
        self.progress.setRange(0, 0)
        self.status.setText("正在查找报告文件…")
        self.worker.start()

    def set_running(self, running: bool) -> None:
        for widget in (
            self.start_button,
            self.add_files_button,
            self.add_folder_button,
            self.remove_button,
            self.clear_button,
            self.previous,
            self.previous_button,
            self.output,
            self.output_button,
            self.pdf,
            self.close_button,
        ):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.open_folder_button.setEnabled(False)

    def show_progress(self, done: int, total: int, text: str) -> None:
        """The bar over the run's steps; the text counts the files of the step being taken."""
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(text)

    def cancel(self) -> None:
        if self.worker is not None and self.worker.is_running():
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("正在取消：等当前这份读完，已审核的会保存到问题清单中……")

    def _ended(self) -> None:
        """The run is over, whatever came of it: the dialog can be used again."""
        worker = self.worker
        assert worker is not None
        self.worker = None
        worker.deleteLater()
        self.set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)

    def failed(self, message: str) -> None:
        self._ended()
        self.status.setText(f"审核没有完成：{message}")

    def finish(self, reviewed: Reviewed) -> None:
        self._ended()
        result = reviewed.run
        self.review_run = result
        if not result.reviews:
            self.status.setText(
                "已取消，没有审核任何报告。"
                if result.cancelled
                else "所选文件夹中没有找到报告文件（.gknb、.docx、.xlsx 等），请检查后重试。"
            )
            return
        lines = result.summary()
        if reviewed.problem:
            lines.append(f"问题清单没有保存：{reviewed.problem}")
        else:
            self.saved.append(reviewed.output)
            lines.append(f"问题清单已保存：{reviewed.output}")
            if self.pdf.isChecked():
                lines.append(self._write_pdf(result, reviewed.output.with_suffix(".pdf")))
        self.open_folder_button.setEnabled(bool(self.saved))
        self.status.setText("\n".join(lines))
        self.show_results(result)

    def show_results(self, result: review.ReviewRun) -> None:
        """One row per report, as the 汇总 sheet has it; rows with errors or unreadable tinted red,
        files that are not a report grey."""
        self.results.setRowCount(len(result.reviews))
        for row, item in enumerate(result.reviews):
            readable = item.readable
            values = (
                item.shown,
                item.agency,
                str(item.year or ""),
                str(item.errors) if readable else "",
                str(item.warnings) if readable else "",
                str(item.hints) if readable else "",
                (item.paired or "没有找到上一年度的报告") if readable else "",
                item.first_problems(),
            )
            tint = SET_ASIDE_COLOUR if item.set_aside else ERROR_COLOUR
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, str(item.path))
                if column >= len(values) - 2:
                    cell.setToolTip(value)
                elif column >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if not readable or item.errors:
                    cell.setBackground(QBrush(QColor(tint)))
                self.results.setItem(row, column, cell)
        self.results.resizeColumnsToContents()
        for column in range(len(RESULT_COLUMNS) - 1):
            self.results.setColumnWidth(column, min(self.results.columnWidth(column), 220))
        self.pages.setTabEnabled(1, True)
        self.pages.setCurrentIndex(1)

    def open_report(self, row: int, _column: int) -> None:
        """Double-click (or Enter) on a result: show that report in the window; the dialog and
        its results stay, to go on to the next."""
        cell = self.results.item(row, 0)
        if cell is None or self.is_running():
            return
        self.opened = Path(str(cell.data(Qt.ItemDataRole.UserRole)))
        self.reportChosen.emit(self.opened)

    def _write_pdf(self, result: review.ReviewRun, path: Path) -> str:
        from exporters.pdf import review_list

        try:
            review_list.write(result, path)
        except FileProblem as problem:
            return f"PDF 没有保存：{problem}"
        self.saved.append(path)
        return f"PDF 问题清单已保存：{path}"

    def open_folder(self) -> None:
        if self.saved:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved[0].parent)))

    # --- closing ------------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    def stop_and_wait(self) -> None:
        """The program is ending: a run still going is cancelled, and its thread (and the
        workers it started) finish the file in hand before the program goes."""
        worker = self.worker
        if worker is not None and worker.is_running():
            worker.cancel()
            worker.wait()

    def reject(self) -> None:
        if self.is_running():
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_running():
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


def documents_folder() -> Path:
    """The user's documents folder (the home folder if the system names none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def run(window: MainWindow) -> ReviewDialog:
    """批量审核 from the menu: the window's one dialog, shown beside it (not modal) — as it was
    left when it was closed, its results too.  The open report is not touched until a result is
    double-clicked."""
    dialog = window.findChild(ReviewDialog)
    if dialog is None:
        dialog = ReviewDialog(window)
        dialog.reportChosen.connect(lambda path: window.open_path(path))
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(dialog.stop_and_wait)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
