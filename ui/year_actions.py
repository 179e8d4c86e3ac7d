"""The 年度 menu and 文件 › 从上年报告新建…: last year's report and the standard sentences.

- 从上年报告新建…: this year's report started from last year's file (.gknb, .docx or .xlsx):
  agency, contact and settings carried over, 上年结转 filled from last year's 结转下年度继续办理,
  last year's text kept as a draft, its paragraphs tinted until rewritten (内容雷同).
- 关联上年报告… / 取消关联上年报告: the file the checks across years compare with.
- 本级政府报告: the whole government's report, published by 31 March instead of 31 January.
- 生成文字: the standard sentences of 一（二） and the lead sentences of 二, 三 and 四, from the
  tables, for the clerk to edit.

Every change to the report is one undoable step (ReportDocument.push_change).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from models import narrative, years
from models.files import FileProblem
from models.report import Report, SectionText
from ui.document import ReportDocument
from ui.previous_year import read_report_file

if TYPE_CHECKING:
    from ui.main_window import MainWindow

REPORT_FILTER = (
    "年度报告 (*.gknb *.docx *.xlsx);;年报助手项目 (*.gknb);;Word 文档 (*.docx);;"
    "Excel 工作簿 (*.xlsx)"
)
GOVERNMENT_TEXT = "本级政府报告（3 月 31 日前公布）"


def install(window: MainWindow, file_menu: QMenu, edit_menu: QMenu) -> None:
    """Add 从上年报告新建… to the 文件 menu, 生成文字 to the 编辑 menu and the 年度 menu."""

    def action(text: str, slot: Callable[[], object], tip: str) -> QAction:
        made = QAction(text, window)
        made.setStatusTip(tip)
        made.setToolTip(tip)
        made.triggered.connect(lambda _checked=False: slot())
        return made

    window.from_previous_action = action(
        "从上年报告新建(&L)…",
        lambda: new_from_previous(window),
        "以上年的报告为基础新建本年度报告：带入机关信息、上年结转和上年的文字（作为草稿）",
    )
    window.link_previous_action = action(
        "关联上年报告…",
        lambda: link_previous(window),
        "选择上年的报告，用来核对上年结转、现行有效的规章和规范性文件数以及内容雷同",
    )
    window.unlink_previous_action = action(
        "取消关联上年报告", lambda: unlink_previous(window), "不再与上年的报告比对"
    )
    window.whole_government_action = action(
        GOVERNMENT_TEXT,
        lambda: set_whole_government(window, window.whole_government_action.isChecked()),
        "政府办公室编制的本级政府年度报告在次年 3 月 31 日前公布，政府部门的在 1 月 31 日前",
    )
    window.whole_government_action.setCheckable(True)
    window.generate_action = action(
        "生成文字",
        lambda: generate_texts(window),
        "按表格数字写出一（二）和二、三、四部分的引导语，供修改",
    )
    actions = file_menu.actions()
    after_new = actions.index(window.new_action) + 1 if window.new_action in actions else 0
    file_menu.insertAction(
        actions[after_new] if after_new < len(actions) else None,  # type: ignore[arg-type]
        window.from_previous_action,
    )
    edit_menu.addSeparator()
    edit_menu.addAction(window.generate_action)
    menu = QMenu("年度(&Y)", window)
    menu.addAction(window.from_previous_action)
    menu.addSeparator()
    menu.addActions([window.link_previous_action, window.unlink_previous_action])
    menu.addSeparator()
    menu.addAction(window.whole_government_action)
    menu.addSeparator()
    menu.addAction(window.generate_action)
    menu.aboutToShow.connect(lambda: update_actions(window))
    bar = window.menuBar()
    last = bar.actions()[-1] if bar.actions() else None
    if last is not None and last.text().startswith("帮助"):
        bar.insertMenu(last, menu)
    else:
        bar.addMenu(menu)
    window.year_menu = menu
    update_actions(window)


def update_actions(window: MainWindow) -> None:
    """The menu's state for the open report: its setting ticked, 取消关联 only when linked."""
    report = window.document.report
    window.whole_government_action.setChecked(report.whole_government)
    window.unlink_previous_action.setEnabled(bool(report.previous_file))
    linked = report.previous_file
    window.link_previous_action.setText(
        f"关联上年报告…（当前：{Path(linked).name}）" if linked else "关联上年报告…"
    )


def _read_previous(window: MainWindow, title: str, path: Path | None) -> tuple[Path, Report] | None:
    """Last year's report from ``path``, or from a file the clerk chooses when it is None;
    None if cancelled or unreadable (the reason shown)."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window, title, str(window.folder_of_report()), REPORT_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
    try:
        return path, read_report_file(path)
    except FileProblem as problem:
        QMessageBox.critical(window, "无法读取上年报告", str(problem))
        return None


# --- 从上年报告新建 --------------------------------------------------------------------------


def new_from_previous(window: MainWindow, path: Path | None = None) -> bool:
    """Start this year's report from last year's file (asked for when ``path`` is None)."""
    if not window.maybe_save():
        return False
    chosen = _read_previous(window, "选择上年的报告", path)
    if chosen is None:
        return False
    path, previous = chosen
    report = years.new_from_previous(previous, path)
    year = f"{report.year}年度" if report.year is not None else "本年度"
    window.open_unsaved(
        report,
        f"已从“{path.name}”新建{year}报告：机关信息和上年结转已带入；上年的文字作为草稿，"
        "浅黄色底纹的段落与上年相同，请逐段改写。",
    )
    update_actions(window)
    return True


# --- the linked last year's report ----------------------------------------------------------


def _set_link(
    document: ReportDocument,
    title: str,
    previous_file: str,
    previous: Report | None,
    problem: str | None,
) -> None:
    report = document.report
    old = (report.previous_file, document.previous, document.previous_problem)

    def put(state: tuple[str, Report | None, str | None]) -> Callable[[], None]:
        def run() -> None:
            report.previous_file, document.previous, document.previous_problem = state

        return run

    document.push_change(title, put((previous_file, previous, problem)), put(old))


def link_previous(window: MainWindow, path: Path | None = None) -> bool:
    """Link last year's report (asked for when ``path`` is None) for the checks across years."""
    document = window.document
    chosen = _read_previous(window, "关联上年报告", path)
    if chosen is None:
        return False
    path, previous = chosen
    report = document.report
    if not years.is_year_before(previous, report):
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
    _set_link(document, "关联上年报告", str(path.resolve()), previous, None)
    update_actions(window)
    window.statusBar().showMessage(
        f"已关联上年报告“{path.name}”：上年结转、现行有效的规章和规范性文件数以及内容雷同将与它核对。",
        8000,
    )
    return True


def unlink_previous(window: MainWindow) -> None:
    document = window.document
    if not document.report.previous_file:
        return
    _set_link(document, "取消关联上年报告", "", None, None)
    update_actions(window)
    window.statusBar().showMessage("已取消关联上年报告。", 5000)


def set_whole_government(window: MainWindow, whole: bool) -> None:
    """本级政府报告 on or off (undoable): the deadline of the report date check."""
    document = window.document
    report = document.report
    if report.whole_government == whole:
        return

    def put(value: bool) -> Callable[[], None]:
        def run() -> None:
            report.whole_government = value
            window.whole_government_action.setChecked(value)

        return run

    document.push_change(
        "设为本级政府报告" if whole else "设为部门报告", put(whole), put(not whole)
    )


# --- 生成文字 ---------------------------------------------------------------------------------


def generate_texts(window: MainWindow) -> bool:
    """Write the standard sentences from the tables as one undoable edit; True if written.

    Texts the clerk has written are replaced only after a question."""
    document = window.document
    report = document.report
    generated = narrative.generate(report)
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
        _replace_sections(document, generated.sections)
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


def _replace_sections(document: ReportDocument, sections: dict[str, SectionText]) -> None:
    report = document.report
    old = {key: report.sections[key].copy() for key in sections}
    new = {key: text.copy() for key, text in sections.items()}

    def put(texts: dict[str, SectionText]) -> Callable[[], None]:
        def run() -> None:
            for key, text in texts.items():
                report.sections[key] = text.copy()
                document.partsChanged.emit(key)
                document.textChanged.emit(key, "intro")

        return run

    document.push_change("生成文字", put(new), put(old))
