"""The main window: the form's tabs, the problems panel, menus, files, autosave and recovery."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models import project_file
from models.app import APP_NAME
from models.checks.tables import Severity
from models.files import FileProblem, WriteProblem
from models.format.spec import BASIC_LABELS, SectionSpec
from models.report import Report, new_report
from ui import recovery
from ui.commands import file_dialogs
from ui.commands import years as year_actions
from ui.commands.exporting import another_name
from ui.commands.menu import ACTIONS, ENTRIES, Action, Menu, Part, Submenu, When
from ui.document import ReportDocument
from ui.form.navigation import Navigator
from ui.form.pages import BasicPage, Page, SectionPage
from ui.form.problems import ProblemsPanel
from ui.form.tabs import BadgeTabWidget
from ui.screen_fit import keep_on_screen
from ui.settings import settings
from ui.style import COLORS, show_focus_frames

if TYPE_CHECKING:
    from ui.start_page import StartPage

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "resources" / "samples" / "qiaokou-2024.gknb"
FILE_FILTER = f"年报助手项目 (*{project_file.EXTENSION})"


def _is_project(path: Path) -> bool:
    """Whether ``path`` is to be opened as a project file: by what it holds, else by its name
    (a file that cannot be read goes to the project loader, which says why)."""
    from exporters import READERS
    from exporters.file_kinds import kind_of

    try:
        kind = kind_of(path)
    except FileProblem:
        return False  # a kind the readers refuse with their own message
    if kind is None:
        suffix = path.suffix.lower()
        return suffix not in READERS or suffix == project_file.EXTENSION
    return kind == project_file.EXTENSION


MAX_RECENT = 8
WINDOW_SIZE = QSize(1280, 860)
"""The main window's size on a screen with room for it; on one up to 1366×768 it opens
maximised (ui/screen_fit.py)."""


class NewReportDialog(QDialog):
    """新建: asks who reports and for which year."""

    def __init__(self, parent: QWidget | None, agency: str = "", year: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        form = QFormLayout(self)
        self.agency = QLineEdit(agency)
        self.agency.setPlaceholderText("如：硚口区行政审批局")
        self.agency.setMinimumWidth(320)
        form.addRow(f"{BASIC_LABELS['agency']}：", self.agency)
        self.year = QSpinBox()
        self.year.setRange(2021, 2100)
        self.year.setGroupSeparatorShown(False)
        # A report is written early in the year after the one it reports on.
        self.year.setValue(year or dt.date.today().year - 1)
        form.addRow(f"{BASIC_LABELS['year']}：", self.year)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        keep_on_screen(self)


class MainWindow(QMainWindow):
    # Made from ui/commands/menu.py's table (``_build_menus``), one for each of its entries.
    new_action: QAction
    open_action: QAction
    sample_action: QAction
    save_action: QAction
    save_as_action: QAction
    close_report_action: QAction
    export_word_action: QAction
    export_web_action: QAction
    import_report_action: QAction
    style_action: QAction
    preview_action: QAction
    print_action: QAction
    pdf_action: QAction
    export_excel_action: QAction
    import_excel_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    fill_action: QAction
    recompute_action: QAction
    merge_action: QAction
    review_action: QAction
    help_action: QAction
    about_action: QAction
    recent_menu: QMenu
    copy_web_menu: QMenu
    # The parts whose actions the table places (their types named for ui/commands/menu.py).
    navigator: Navigator
    problems_dock: QDockWidget
    years: year_actions.YearActions

    def __init__(self, document: ReportDocument | None = None, *, start_page: bool = False) -> None:
        """The form with ``document`` (a new, empty report if None); with ``start_page`` the start
        page instead, the form's first page not built until a report is shown."""
        super().__init__()
        self.setAcceptDrops(True)
        show_focus_frames()  # where the keyboard is, in the window and its dialogs
        # The size it asks for; shown, it is fitted to the screen (ui/screen_fit.py).
        self.resize(WINDOW_SIZE)
        self._recovery: recovery.RecoverySession | None = None
        self._autosaved_index = -1
        self._built: list[Page | None] = []
        self.document = document or ReportDocument(new_report())
        self.tabs = BadgeTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        # The form, or the start page (built when first shown) while no report is open.
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.start_page: StartPage | None = None
        self._problems_shown = True
        self.problems = ProblemsPanel(self.document)
        self.navigator = Navigator(self)
        self.problems.activated.connect(self.navigator.go_to_finding)
        dock = QDockWidget("问题清单", self)
        dock.setObjectName("problems")
        dock.setWidget(self.problems)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.problems_dock = dock
        self.resizeDocks([dock], [170], Qt.Orientation.Vertical)
        self._build_menus()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(recovery.AUTOSAVE_INTERVAL_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.set_document(self.document, shown=not start_page)
        if start_page:
            self.show_start_page()
        # Claim the autosave slot as soon as the window is up, not before: start-up stays quick.
        QTimer.singleShot(0, lambda: self.recovery)

    @property
    def recovery(self) -> recovery.RecoverySession:
        if self._recovery is None:
            self._recovery = recovery.RecoverySession()
        return self._recovery

    # --- building ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The actions and menus of ui/commands/menu.py's table, in its order."""
        bar = self.menuBar()
        menus = {menu: bar.addMenu(menu.value) for menu in Menu}
        self.report_actions: list[QAction] = []
        """What is switched off on the start page: the table's entries ``When.REPORT``."""
        parts: list[Part] = []
        for entry in ENTRIES:
            if isinstance(entry, Part) and entry.menu is None:
                parts.append(entry)  # placed by its own part, made below
                continue
            assert entry.menu is not None
            menu = menus[entry.menu]
            if entry.separated:
                menu.addSeparator()
            if isinstance(entry, Action):
                action = self._made(entry)
                menu.addAction(action)
            elif isinstance(entry, Submenu):
                submenu = entry.make(self, menu)
                setattr(self, f"{entry.name}_menu", submenu)
                action = submenu.menuAction()
            else:
                action = entry.action(self)
                menu.addAction(action)
            if entry.when is When.REPORT:
                self.report_actions.append(action)
        # 从上年报告新建, the 年度 menu and 生成文字
        self.years = year_actions.YearActions(self, menus[Menu.FILE], menus[Menu.EDIT])
        self.report_actions += [p.action(self) for p in parts if p.when is When.REPORT]

    def _made(self, entry: Action) -> QAction:
        """The window's ``<name>_action`` of an entry of the table."""
        action = QAction(entry.text, self)
        if entry.shortcut is not None:
            action.setShortcut(QKeySequence(entry.shortcut))
        if entry.tip:
            action.setStatusTip(entry.tip)
        handler = entry.handler
        if isinstance(handler, str):
            action.triggered.connect(getattr(self, handler))
        else:
            action.triggered.connect(lambda: handler(self))
        setattr(self, f"{entry.name}_action", action)
        return action

    # --- the document -----------------------------------------------------------------------

    def set_document(self, document: ReportDocument, *, shown: bool = True) -> None:
        """Show ``document`` in the form, replacing what was shown (the start page too); if not
        ``shown``, only put it behind the start page."""
        if document is not self.document:
            self.document.deleteLater()
        self.document = document
        document.setParent(self)
        current = self.tabs.currentIndex()
        self._built = []  # no page is built for tabs on their way out
        while self.tabs.count():
            slot = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if slot is not None:
                slot.deleteLater()
        # Pages are built when first shown: starting up needs only the first one.
        self.sections: list[SectionSpec | None] = [None, *document.report.format.sections]
        self._built = [None] * len(self.sections)
        for _ in self.sections:
            slot = QWidget()
            QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(slot, "")
        self.tabs.setCurrentIndex(max(current, 0))
        self.problems.set_document(document)
        self.years.set_document(document)
        document.findingsChanged.connect(self._update_tab_titles)
        document.undo_stack.cleanChanged.connect(self._update_title)
        document.undo_stack.indexChanged.connect(self._update_title)
        document.revisited.connect(self.navigator.show_edit)
        self._autosaved_index = document.undo_stack.index()
        self._update_tab_titles()
        self._update_title()
        if shown:
            self._show_form(True)
            self.focus_page()  # typing goes into the report at once

    def page(self, index: int) -> Page:
        """The page of tab ``index``, built on first use."""
        built = self._built[index]
        if built is None:
            section = self.sections[index]
            built = (
                BasicPage(self.document) if section is None else SectionPage(self.document, section)
            )
            slot = self.tabs.widget(index)
            layout = slot.layout() if slot is not None else None
            assert layout is not None
            layout.addWidget(built)
            self._built[index] = built
            # (A refused entry is explained at its cell, by the table view.)
        return built

    @property
    def pages(self) -> list[Page]:
        """Every page, built."""
        return [self.page(i) for i in range(len(self.sections))]

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(self._built) and self.tabs.count() == len(self._built):
            self.page(index)
            # ← → on the focused tab bar go on through the tabs; any other switch (a click, the
            # keys, a finding) lands the keyboard on the page.
            on_tabs = QApplication.focusWidget() is self.tabs.tabBar()
            if not on_tabs or QApplication.mouseButtons() != Qt.MouseButton.NoButton:
                self.focus_page()

    def focus_page(self) -> None:
        """The keyboard to the shown page's first field to fill (ui.form.pages.Page.focus_first)."""
        if not self.on_start_page() and self.tabs.count() == len(self._built):
            self.page(self.tabs.currentIndex()).focus_first()

    def _update_title(self) -> None:
        document = self.document
        name = (
            document.path.name
            if document.path
            else (document.report.title if document.report.agency else "未命名报告")
        )
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(self.is_modified())
        stack = document.undo_stack
        for action, word, can, step in (
            (self.undo_action, ACTIONS["undo"].text, stack.canUndo(), stack.undoText()),
            (self.redo_action, ACTIONS["redo"].text, stack.canRedo(), stack.redoText()),
        ):
            action.setEnabled(can)
            action.setText(f"{word} {step}" if can and step else word)

    def is_modified(self) -> bool:
        return self.document.modified

    def _update_tab_titles(self) -> None:
        errors: dict[int, int] = {}
        for finding in self.document.findings:
            # Cells still to fill are work to do, not errors: the tab's badge counts errors.
            if finding.severity is Severity.ERROR and not finding.to_do:
                tab = self.navigator.tab_of(finding)
                errors[tab] = errors.get(tab, 0) + 1
        for index, section in enumerate(self.sections):
            title = section.heading if section is not None else BasicPage.TITLE
            tab_text = section.tab_title if section is not None else BasicPage.TITLE
            n = errors.get(index, 0)
            if self.tabs.tabText(index) != tab_text:
                self.tabs.setTabText(index, tab_text)
            self.tabs.set_badge(index, n)
            self.tabs.tabBar().setTabTextColor(
                index, COLORS.error_frame if n else self.palette().windowText().color()
            )
            self.tabs.setTabToolTip(index, f"{title}：{n} 个错误" if n else title)

    # --- the start page ---------------------------------------------------------------------

    def show_start_page(self) -> None:
        """The way in while no report is open: 新建, 从上年报告新建, 打开, the recent files,
        打开示例 and 使用说明.  The form's empty report stays behind it, untouched."""
        if self.start_page is None:
            from ui.start_page import StartPage  # not needed when the program opens a file

            self.start_page = StartPage(
                [
                    (self.new_action, "填写机关名称和年度，从空白报告开始"),
                    (self.years.from_previous_action, "带入上年的机关信息、上年结转和文字"),
                    (self.open_action, f"打开保存过的报告（{project_file.EXTENSION} 文件）"),
                    (self.sample_action, "看看填好的报告是什么样子"),
                ]
            )
            self.start_page.recentChosen.connect(self.open_path)
            self.start_page.helpRequested.connect(self.show_help)
            self.stack.addWidget(self.start_page)
        self.start_page.set_recent(self.recent_files())
        self._show_form(False)
        self.start_page.buttons[0].setFocus()  # Enter starts a new report, Tab goes on
        self.setWindowTitle(APP_NAME)
        self.setWindowModified(False)

    def on_start_page(self) -> bool:
        return self.start_page is not None and self.stack.currentWidget() is self.start_page

    def _show_form(self, form: bool) -> None:
        """The form, or the start page; on the start page the actions on a report are off."""
        if form:
            self.page(self.tabs.currentIndex())  # pages are built when first shown
        if form == (not self.on_start_page()) or self.start_page is None:
            return
        self.stack.setCurrentWidget(self.tabs if form else self.start_page)
        if not form:
            self._problems_shown = not self.problems_dock.isHidden()
        self.problems_dock.setVisible(form and self._problems_shown)
        for action in self.report_actions:
            action.setEnabled(form)
        if form:
            self._update_title()

    def close_report(self) -> None:
        """关闭报告: back to the start page (asking to save first)."""
        if not self.maybe_save():
            return
        self.recovery.discard()
        self.set_document(ReportDocument(new_report()), shown=False)
        self.show_start_page()

    def show_help(self) -> None:
        from ui.commands import (
            help as help_window,  # the guide and its pictures load when first asked
        )

        help_window.show_help(self)

    # --- files ------------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before the report is replaced or the window closed: True to go on."""
        if not self.is_modified():
            return True
        answer = QMessageBox.warning(
            self,
            APP_NAME,
            f"{self.report_name()}有尚未保存的修改。要保存吗？",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def report_name(self) -> str:
        """The open report as messages name it: “its title” and its file's name, if it has one."""
        report = self.document.report
        path = self.document.path
        if not report.agency:
            return f"“{path.name}”" if path else "“未命名报告”"
        return f"“{report.title}”" + (f"（{path.name}）" if path else "")

    def new_file(self) -> None:
        if not self.maybe_save():
            return
        dialog = NewReportDialog(self, self.document.report.agency)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.recovery.discard()
        self.set_document(
            ReportDocument(new_report(dialog.agency.text().strip(), dialog.year.value()))
        )

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path = file_dialogs.open_file(self, "打开报告", FILE_FILTER)
        if path is not None:
            self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a project file; a published report (Word, PDF, web page) or a workbook given here
        (dropped on the window, named on the command line) is imported as an unsaved report."""
        if ask and not self.maybe_save():
            return False
        if not _is_project(path):
            from ui.commands import word as word_actions

            return word_actions.import_path(self, path)
        try:
            report = project_file.load(path)
        except FileProblem as problem:
            QMessageBox.critical(self, "无法打开", str(problem))
            return False
        self.recovery.discard()
        self.set_document(ReportDocument(report, path.resolve()))
        self._remember(path)
        self.statusBar().showMessage(f"已打开 {path}", 5000)
        return True

    def open_sample(self) -> None:
        if not self.maybe_save():
            return
        try:
            report = project_file.load(SAMPLE_PATH)
        except FileProblem as problem:
            QMessageBox.critical(self, "无法打开示例", str(problem))
            return
        self.recovery.discard()
        self.set_document(ReportDocument(report))
        self.statusBar().showMessage("已打开示例报告。保存时请另选位置。", 5000)

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        report = self.document.report
        suggested = self.document.path or (
            (report.title if report.agency else "未命名报告") + project_file.EXTENSION
        )
        target = file_dialogs.save_file(self, "另存为", suggested, FILE_FILTER)
        if target is None:
            return False
        if target.suffix.lower() != project_file.EXTENSION:
            target = target.with_name(target.name + project_file.EXTENSION)
        return self.save_to(target)

    def save_to(self, path: Path) -> bool:
        try:
            project_file.save(self.document.report, path)
        except WriteProblem as problem:  # nothing written (a read-only file …): 另存为 may do
            if another_name(self, "保存失败", problem, "要用“另存为”换一个文件名或位置保存吗？"):
                return self.save_as()
            return False
        except FileProblem as problem:
            QMessageBox.critical(self, "保存失败", f"{problem}\n\n可以用“另存为”保存到其他位置。")
            return False
        self.document.mark_saved(path.resolve())
        self.recovery.discard()
        self._autosaved_index = self.document.undo_stack.index()
        self._remember(path)
        self._update_title()
        self.statusBar().showMessage(f"已保存到 {path}", 5000)
        return True

    def recent_files(self) -> list[str]:
        value = settings().value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _remember(self, path: Path) -> None:
        path_text = str(path.resolve())
        recent = [p for p in self.recent_files() if p != path_text]
        store = settings()
        store.setValue("recent_files", [path_text, *recent][:MAX_RECENT])
        store.sync()

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        if not recent:
            self.recent_menu.addAction("（没有）").setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))

    # --- edit actions -----------------------------------------------------------------------

    def undo(self) -> None:
        stack = self.document.undo_stack
        step = stack.undoText()
        stack.undo()  # the window shows where (Navigator.show_edit)
        self.statusBar().showMessage(f"已撤销：{step}", 5000)

    def redo(self) -> None:
        stack = self.document.undo_stack
        step = stack.redoText()
        stack.redo()
        self.statusBar().showMessage(f"已重做：{step}", 5000)

    def recompute(self) -> None:
        if not self.document.recompute_totals():
            self.statusBar().showMessage("所有合计都已等于分项之和。", 5000)

    def fill_current(self) -> None:
        section = self.sections[self.tabs.currentIndex()]
        if section is None or section.table is None:
            tabled = self.document.report.format.sections
            with_tables = "、".join(s.number for s in tabled if s.table is not None)
            self.statusBar().showMessage(f"请先切换到有表格的页面（{with_tables}）。", 5000)
            return
        filled = self.document.fill_blanks(section.table)
        self.statusBar().showMessage(f"已在 {filled} 个空白单元格中填 0。", 5000)

    def about(self) -> None:
        """关于, with 开源许可: every component shipped and its licence texts
        (ui/commands/about.py)."""
        from ui.commands.about import show_about

        show_about(self)

    # --- autosave and recovery --------------------------------------------------------------

    def autosave(self) -> None:
        if not self.is_modified() or self.document.undo_stack.index() == self._autosaved_index:
            return
        try:
            self.recovery.save(self.document.report, self.document.path)
        except FileProblem as problem:
            self.statusBar().showMessage(f"自动保存失败：{problem}", 10000)
            return
        self._autosaved_index = self.document.undo_stack.index()

    def offer_recovery(self) -> None:
        """After a crash: offer the newest autosave left behind."""
        recovery.offer(self)

    def open_unsaved(self, report: Report, message: str, path: Path | None = None) -> None:
        """Show ``report`` as not yet saved (recovered, imported, merged): closing it asks to save,
        and it is autosaved at once like any edit."""
        self.recovery.discard()
        document = ReportDocument(report, path)
        document.needs_saving = True
        self.set_document(document)
        self.autosave_now()
        self.statusBar().showMessage(message, 10000)

    def folder_of_report(self) -> Path:
        """Where a file dialog starts: the open report's folder, else the folder last used in a
        file dialog (``ui.commands.file_dialogs``), else the home folder."""
        return file_dialogs.start_folder(self.report_folder())

    def report_folder(self) -> Path | None:
        """The open report's folder (None for a report not saved yet)."""
        path = self.document.path
        return path.parent if path is not None else None

    def autosave_now(self) -> None:
        self._autosaved_index = -2
        self.autosave()

    # --- window events ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.autosave_timer.stop()
        self.recovery.close()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(Path(url.toLocalFile()))
                event.acceptProposedAction()
                return
