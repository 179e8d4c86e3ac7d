"""The 年度 menu and 文件 › 从上年报告新建…: last year's report and the standard sentences.

- 从上年报告新建…: this year's report started from last year's file (.gknb, .docx or .xlsx):
  agency, contact and settings carried over, 上年结转 filled from last year's 结转下年度继续办理,
  last year's text kept as a draft, its paragraphs tinted until rewritten (内容雷同), last
  year's plans offered as this year's account; then the years moved on, one undoable step,
  listed in a note.
- 关联上年报告… / 取消关联上年报告: the file the checks across years compare with.
- 本级政府报告: the whole government's report, published by 31 March instead of 31 January.
- 生成文字: the standard sentences of 一（二） and the lead sentences of 二, 三 and 四, from the
  tables, for the clerk to edit.

Every change to the report is one undoable step through the document's edits (ui/document.py).
The actions and their state belong to one ``YearActions``, which the main window creates.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from models.agency import AgencyKind
from models.checks import years as year_checks
from models.checks.dates import DEPARTMENT_DAY, GOVERNMENT_DAY
from models.edit import Edit
from models.files import FileProblem
from models.narrative import generated as generated_text
from models.report import Report, SectionText
from ui.commands import file_dialogs
from ui.document import ReportDocument
from ui.previous_year import read_report_file
from ui.texts import reports_filter

if TYPE_CHECKING:
    from models.previous_year import Draft
    from ui.main_window import MainWindow

GOVERNMENT_TEXT = f"本级政府报告（{GOVERNMENT_DAY}前公布）"
GOVERNMENT_TIP = (
    f"政府办公室编制的本级政府年度报告在次年 {GOVERNMENT_DAY}前公布，"
    f"政府部门的在 {DEPARTMENT_DAY}前"
)
UNKNOWN_TIP = (
    f"从机关名称不能判断是本级政府还是政府部门的报告，没有核对公布期限：本级政府的报告请勾选"
    f"（次年 {GOVERNMENT_DAY}前公布）；部门的报告勾选后再取消（次年 {DEPARTMENT_DAY}前）"
)
"""The tip of 本级政府报告 for a report read from a document whose agency does not tell."""
MOVE_YEARS = "年份顺延一年"
"""The undo step of 从上年报告新建 that moves last year's years on."""
SHOWN_MOVES = 10


class YearActions(QObject):
    """从上年报告新建… in the 文件 menu, 生成文字 in the 编辑 menu, and the 年度 menu, for the
    report the window shows (``set_document`` when it shows another)."""

    def __init__(self, window: MainWindow, file_menu: QMenu, edit_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self._document: ReportDocument | None = None
        self.from_previous_action = self._action(
            "从上年报告新建(&L)…",
            self.new_from_previous,
            "以上年的报告为基础新建本年度报告：带入机关信息、上年结转和上年的文字（作为草稿）",
        )
        self.link_previous_action = self._action(
            "关联上年报告…",
            self.link_previous,
            "选择上年的报告，用来核对上年结转、现行有效的规章和规范性文件数以及内容雷同",
        )
        self.unlink_previous_action = self._action(
            "取消关联上年报告", self.unlink_previous, "不再与上年的报告比对"
        )
        self.whole_government_action = self._action(
            GOVERNMENT_TEXT,
            lambda: self.set_whole_government(self.whole_government_action.isChecked()),
            GOVERNMENT_TIP,
        )
        self.whole_government_action.setCheckable(True)
        self.generate_action = self._action(
            "生成文字",
            self.generate_texts,
            "按表格数字写出一（二）和二、三、四部分的引导语，供修改",
        )
        actions = file_menu.actions()
        after_new = actions.index(window.new_action) + 1 if window.new_action in actions else 0
        file_menu.insertAction(
            actions[after_new] if after_new < len(actions) else None,  # type: ignore[arg-type]
            self.from_previous_action,
        )
        edit_menu.addSeparator()
        edit_menu.addAction(self.generate_action)
        self.menu = QMenu("年度(&Y)", window)
        self.menu.addAction(self.from_previous_action)
        self.menu.addSeparator()
        self.menu.addActions([self.link_previous_action, self.unlink_previous_action])
        self.menu.addSeparator()
        self.menu.addAction(self.whole_government_action)
        self.menu.addSeparator()
        self.menu.addAction(self.generate_action)
        self.menu.aboutToShow.connect(self.update_actions)
        bar = window.menuBar()
        last = bar.actions()[-1] if bar.actions() else None
        if last is not None and last.text().startswith("帮助"):
            bar.insertMenu(last, self.menu)
        else:
            bar.addMenu(self.menu)

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        made = QAction(text, self.window)
        made.setStatusTip(tip)
        made.setToolTip(tip)
        made.triggered.connect(lambda _checked=False: slot())
        return made

    @property
    def document(self) -> ReportDocument:
        return self.window.document

    def set_document(self, document: ReportDocument) -> None:
        """Follow the report the window now shows: the menu shows its settings, and undoing
        one of them shows again."""
        if self._document is not None:
            self._document.basicChanged.disconnect(self._setting_changed)
        self._document = document
        document.basicChanged.connect(self._setting_changed)
        self.update_actions()

    def _setting_changed(self, name: str) -> None:
        if name in ("agency_kind", "previous_file"):
            self.update_actions()

    def update_actions(self) -> None:
        """The menu's state for the open report: its setting ticked, 取消关联 only when linked."""
        report = self.document.report
        # Unticked when it cannot be told either (未能判断): ticking it makes it a government's.
        self.whole_government_action.setChecked(report.whole_government)
        tip = UNKNOWN_TIP if report.agency_kind is AgencyKind.UNKNOWN else GOVERNMENT_TIP
        self.whole_government_action.setToolTip(tip)
        self.whole_government_action.setStatusTip(tip)
        self.unlink_previous_action.setEnabled(bool(report.previous_file))
        linked = report.previous_file
        self.link_previous_action.setText(
            f"关联上年报告…（当前：{Path(linked).name}）" if linked else "关联上年报告…"
        )

    def _read_previous(self, title: str, path: Path | None) -> tuple[Path, Report] | None:
        """Last year's report from ``path``, or from a file the clerk chooses when it is None;
        None if cancelled or unreadable (the reason shown)."""
        if path is None:
            path = file_dialogs.open_file(
                self.window, title, reports_filter("年度报告"), beside=self.window.report_folder()
            )
            if path is None:
                return None
        try:
            return path, read_report_file(path)
        except FileProblem as problem:
            QMessageBox.critical(self.window, "无法读取上年报告", str(problem))
            return None

    # --- 从上年报告新建 ----------------------------------------------------------------------

    def new_from_previous(self, path: Path | None = None) -> bool:
        """Start this year's report from last year's file (asked for when ``path`` is None)."""
        window = self.window
        if not window.maybe_save():
            return False
        chosen = self._read_previous("选择上年的报告", path)
        if chosen is None:
            return False
        path, previous = chosen
        from models.previous_year import draft_from_previous  # (its patterns: not at start-up)

        draft = draft_from_previous(previous, path)
        report = draft.report
        year = f"{report.year}年度" if report.year is not None else "本年度"
        window.open_unsaved(
            report,
            f"已从“{path.name}”新建{year}报告：机关信息和上年结转已带入；上年的文字作为草稿，"
            "浅黄色底纹的段落与上年相同，请逐段改写。",
        )
        moves = draft.years.moves
        if moves:
            # After opening, so that 撤销 gives back last year's years.
            self.document.edit(MOVE_YEARS, Edit(texts=draft.years.texts))
            window.statusBar().showMessage(
                f"已从“{path.name}”新建{year}报告，{len(moves)} 处年份已顺延一年"
                f"（{moves[0]}{'等' if len(moves) > 1 else ''}），可以撤销。",
                15000,
            )
        self._tell_what_was_carried(path, year, draft)
        return True

    def _tell_what_was_carried(self, path: Path, year: str, draft: Draft) -> None:
        """A note of what 从上年报告新建 wrote, the moved years listed: window-modal over the
        report, opened without waiting (Enter closes it)."""
        lines = [
            f"已从“{path.name}”新建{year}报告。",
            "",
            "带入了机关信息、联系方式和上年结转；上年的文字作为草稿，浅黄色底纹的段落与上年"
            "相同，请逐段改写。",
        ]
        if draft.offered:
            lines += [
                "",
                f"{draft.offered}：已填入上年报告中本年度的问题和改进举措，请写明改进情况。",
            ]
        moves = draft.years.moves
        if moves:
            lines += ["", f"年份顺延一年（{len(moves)} 处，“撤销”可恢复上年的年份）："]
            lines += [f"• {move}" for move in moves[:SHOWN_MOVES]]
            if len(moves) > SHOWN_MOVES:
                lines.append(f"……另有 {len(moves) - SHOWN_MOVES} 处")
        box = QMessageBox(
            QMessageBox.Icon.Information, "从上年报告新建", "\n".join(lines), parent=self.window
        )
        box.setObjectName("carriedFromLastYear")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- the linked last year's report ------------------------------------------------------

    def link_previous(self, path: Path | None = None) -> bool:
        """Link last year's report (asked for when ``path`` is None) for the checks across
        years."""
        window = self.window
        chosen = self._read_previous("关联上年报告", path)
        if chosen is None:
            return False
        path, previous = chosen
        report = self.document.report
        if not year_checks.is_year_before(previous, report):
            answer = QMessageBox.question(
                window,
                "关联上年报告",
                f"“{path.name}”是 {previous.year} 年度的报告，而本报告是 {report.year} 年度的。"
                f"上年报告应当是 {(report.year or 1) - 1} 年度的。\n\n仍然关联这个文件吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.document.link_previous(str(path.resolve()), previous, "关联上年报告")
        window.statusBar().showMessage(
            f"已关联上年报告“{path.name}”：上年结转、现行有效的规章和规范性文件数以及内容雷同"
            "将与它核对。",
            8000,
        )
        return True

    def unlink_previous(self) -> None:
        if not self.document.report.previous_file:
            return
        self.document.link_previous("", None, "取消关联上年报告")
        self.window.statusBar().showMessage("已取消关联上年报告。", 5000)

    def set_whole_government(self, whole: bool) -> None:
        """本级政府报告 on or off (undoable): the deadline of the report date check."""
        self.document.set_whole_government(whole)

    # --- 生成文字 -----------------------------------------------------------------------------

    def generate_texts(self) -> bool:
        """Write the standard sentences from the tables as one undoable edit; True if written.

        Texts the clerk has written are replaced only after a question."""
        window = self.window
        report = self.document.report
        generated = generated_text.generate(report)
        if not generated.written:
            QMessageBox.information(
                window,
                "生成文字",
                "表格还没有填完，没有生成文字：\n" + "\n".join(generated.skipped),
            )
            return False
        replaced = _replaced_places(report, generated.sections)
        if replaced:
            answer = QMessageBox.question(
                window,
                "生成文字",
                "将按表格数字改写以下文字，原有的文字会被替换（可以撤销）：\n\n"
                + "\n".join(f"• {place}" for place in replaced)
                + "\n\n要继续吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if generated.sections:
            self.document.replace_sections(generated.sections, "生成文字")
        written = "、".join(generated.written)
        skipped = f"；未生成：{'；'.join(generated.skipped)}" if generated.skipped else ""
        window.statusBar().showMessage(f"已按表格生成文字：{written}{skipped}。", 8000)
        return True


def _replaced_places(report: Report, sections: dict[str, SectionText]) -> list[str]:
    """Where written text (not blank) would change."""
    places = []
    for key, new in sections.items():
        old = report.sections[key]
        heading = report.format.section_by_key[key].heading
        if old.intro.strip() and old.intro != new.intro:
            places.append(heading)
        olds = {p.heading: p.text for p in old.parts}
        for part in new.parts:
            before = olds.get(part.heading, "")
            if before.strip() and before != part.text:
                places.append(f"{heading}“{part.heading}”")
    return places
