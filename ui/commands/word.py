"""文件 › 导出 Word…, 导入报告（Word、PDF、网页）… and 版式…: the report as the .docx that gets
signed off, published reports (.docx, PDF, web pages) read back, and the house style of the
document.

python-docx is loaded only when a Word file is read (exporters.docx imports it lazily), so the
window starts without it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.document.style import (
    FONT_FALLBACKS,
    LIMITS,
    SIZE_NAMES,
    TITLE_BREAK_AGENCY,
    TITLE_BREAK_MARK,
    TITLE_BREAK_MAX,
    TITLE_BREAK_NONE,
    DocumentStyle,
)
from models.document.text import title_lines
from models.files import FileProblem
from models.report import Report
from ui.commands import file_dialogs
from ui.commands.exporting import export_file
from ui.commands.form_rows import side_by_side
from ui.screen_fit import scroll_body
from ui.texts import reports_filter

if TYPE_CHECKING:
    from ui.main_window import MainWindow

WORD_SUFFIX = ".docx"
WORD_FILTER = f"Word 文档 (*{WORD_SUFFIX})"
IMPORT_TITLE = "导入报告"
MAX_NOTES_SHOWN = 15


# --- export ----------------------------------------------------------------------------------


def export_word(window: MainWindow) -> bool:
    """Write the report as a .docx the clerk chooses.  A final version while the report has
    errors is refused with the reason, and a draft offered instead.  True if a file was written."""
    return export_file(
        window, what="Word", suffix=WORD_SUFFIX, file_filter=WORD_FILTER, untitled="年度报告"
    )


# --- import ----------------------------------------------------------------------------------


def import_report(window: MainWindow) -> bool:
    """Read a published report — an official-format .docx (ours, or made in Word or WPS from the
    official template), its PDF or its web page — as a new, unsaved report; what the reader
    noticed is shown afterwards.  True on success."""
    if not window.maybe_save():
        return False
    path = file_dialogs.open_file(
        window,
        IMPORT_TITLE,
        reports_filter("已发布的报告", published_only=True),
        beside=window.report_folder(),
    )
    return path is not None and import_path(window, path)


def import_path(window: MainWindow, source: Path) -> bool:
    """Read ``source`` (any kind ``exporters.read_report`` reads) as a new, unsaved report, the
    reader's remarks shown afterwards; the report on screen stays when it cannot be read."""
    from exporters import read_report

    try:
        result = read_report(source)
    except FileProblem as problem:
        QMessageBox.critical(window, "无法导入", str(problem))
        return False
    window.open_unsaved(result.report, f"已导入 {source.name}，请检查后保存为项目文件。")
    if result.notes:
        shown = result.notes[:MAX_NOTES_SHOWN]
        more = len(result.notes) - len(shown)
        text = "\n".join(f"• {note}" for note in shown) + (f"\n……另有 {more} 条" if more else "")
        QMessageBox.information(window, IMPORT_TITLE, f"已导入“{source.name}”。请注意：\n\n{text}")
    return True


# --- 版式 --------------------------------------------------------------------------------------


class FontBox(QComboBox):
    """A font name: the usual official-document fonts offered, any other name may be typed (the
    font need not be installed here; it must be on the PC that opens the document)."""

    def __init__(self, value: str) -> None:
        super().__init__()
        self.setEditable(True)
        self.addItems(list(FONT_FALLBACKS))
        self.set_value(value)
        self.setMinimumContentsLength(12)

    def set_value(self, value: str) -> None:
        self.setCurrentText(value)

    def value(self) -> str:
        return self.currentText().strip()


class SizeBox(QComboBox):
    """A type size by its Chinese name (三号 = 16 磅); a size that has no name is kept in 磅."""

    def __init__(self, value: float) -> None:
        super().__init__()
        for name, points in SIZE_NAMES.items():
            self.addItem(f"{name}（{points:g} 磅）", float(points))
        self.set_value(value)

    def set_value(self, value: float) -> None:
        index = self.findData(float(value))
        if index < 0:
            self.addItem(f"{value:g} 磅", float(value))
            index = self.count() - 1
        self.setCurrentIndex(index)

    def value(self) -> float:
        return float(self.currentData())


def _spin(style: DocumentStyle, name: str, suffix: str, decimals: int = 1) -> QDoubleSpinBox:
    """A spin box for the number ``name`` of the style, within its limits
    (models/document/style.py)."""
    limit = LIMITS[name]
    box = QDoubleSpinBox()
    box.setRange(limit.low, limit.high)
    box.setDecimals(decimals)
    box.setSingleStep(limit.step)
    box.setSuffix(suffix)
    box.setValue(getattr(style, name))
    return box


class StyleDialog(QDialog):
    """版式: page margins, fonts, sizes, line spacing and the title's break of the exported and
    printed report.  The defaults follow GB/T 9704-2012; 恢复默认 brings them back."""

    def __init__(
        self, parent: QWidget | None, style: DocumentStyle, report: Report | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("版式")
        self._base = style
        self._report = report
        """The report whose title the 标题断行 preview shows (none: a title of the pattern)."""
        body = QWidget()  # scrolls on a screen too low for it; the buttons stay in view
        layout = QVBoxLayout(body)
        note = QLabel(
            "导出 Word 和打印时使用的版式，默认按《党政机关公文格式》（GB/T 9704-2012）。"
            "字体要装在打开文档的电脑上；没有时 Word 和 WPS 会用相近的字体代替。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)

        page = QGroupBox("页边距（A4 纸）")
        page_form = QFormLayout(page)
        self.margin_top = _spin(style, "margin_top", " 毫米")
        self.margin_bottom = _spin(style, "margin_bottom", " 毫米")
        self.margin_left = _spin(style, "margin_left", " 毫米")
        self.margin_right = _spin(style, "margin_right", " 毫米")
        page_form.addRow("上：", self.margin_top)
        page_form.addRow("下：", self.margin_bottom)
        page_form.addRow("左：", self.margin_left)
        page_form.addRow("右：", self.margin_right)
        layout.addWidget(page)

        text = QGroupBox("文字")
        text_form = QFormLayout(text)
        self.title_font, self.title_size = FontBox(style.title_font), SizeBox(style.title_size)
        text_form.addRow("标题：", side_by_side(self.title_font, self.title_size))
        self.body_font, self.body_size = FontBox(style.body_font), SizeBox(style.body_size)
        text_form.addRow("正文：", side_by_side(self.body_font, self.body_size))
        self.heading1_font = FontBox(style.heading1_font)
        text_form.addRow("一级标题（一、）：", self.heading1_font)
        self.heading2_font = FontBox(style.heading2_font)
        text_form.addRow("二级标题（（一））：", self.heading2_font)
        self.table_font, self.table_size = FontBox(style.table_font), SizeBox(style.table_size)
        text_form.addRow("表格：", side_by_side(self.table_font, self.table_size))
        self.page_number_font = FontBox(style.page_number_font)
        self.page_number_size = SizeBox(style.page_number_size)
        text_form.addRow("页码：", side_by_side(self.page_number_font, self.page_number_size))
        self.line_spacing = _spin(style, "line_spacing", " 磅", decimals=2)
        text_form.addRow("行距（固定值）：", self.line_spacing)
        self.first_line_indent_chars = _spin(style, "first_line_indent_chars", " 字")
        text_form.addRow("首行缩进：", self.first_line_indent_chars)
        layout.addWidget(text)
        layout.addWidget(self._title_group())

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.reset_button = QPushButton("恢复默认")
        self.reset_button.setToolTip("恢复《党政机关公文格式》的默认版式")
        self.reset_button.clicked.connect(lambda: self.show_style(DocumentStyle()))
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        scroll_body(self, body, buttons)

    def show_style(self, style: DocumentStyle) -> None:
        for name in _NUMBER_FIELDS:
            box = getattr(self, name)
            if isinstance(box, SizeBox):
                box.set_value(getattr(style, name))
            else:
                box.setValue(getattr(style, name))
        for name in _FONT_FIELDS:
            getattr(self, name).set_value(getattr(style, name))
        self._show_title_break(style.title_break)

    # --- 标题断行 ---

    def _title_group(self) -> QGroupBox:
        group = QGroupBox("标题断行")
        form = QFormLayout(group)
        self.title_break = QComboBox()
        for text, value in _TITLE_BREAKS:
            self.title_break.addItem(text, value)
        form.addRow("断行：", self.title_break)
        self.title_lines_edit = QLineEdit()
        self.title_lines_edit.setMaxLength(TITLE_BREAK_MAX)
        self.title_lines_edit.setPlaceholderText(f"在要换行的地方输入“{TITLE_BREAK_MARK}”")
        self.title_lines_edit.setToolTip(
            f"标题的文字，在要换行的地方输入“{TITLE_BREAK_MARK}”，如："
            f"硚口区行政审批局2024年{TITLE_BREAK_MARK}政府信息公开工作年度报告"
        )
        form.addRow("自定义：", self.title_lines_edit)
        self.title_preview = QLabel()
        self.title_preview.setWordWrap(True)
        form.addRow("效果：", self.title_preview)
        self._show_title_break(self._base.title_break)
        self.title_break.currentIndexChanged.connect(lambda _: self._title_choice_changed())
        self.title_lines_edit.textChanged.connect(lambda _: self._preview_title())
        # The preview follows the size and the margins, which decide how much a line holds.
        self.title_size.currentIndexChanged.connect(lambda _: self._preview_title())
        self.margin_left.valueChanged.connect(lambda _: self._preview_title())
        self.margin_right.valueChanged.connect(lambda _: self._preview_title())
        return group

    def _show_title_break(self, setting: str) -> None:
        custom = setting not in (TITLE_BREAK_AGENCY, TITLE_BREAK_NONE)
        self.title_break.blockSignals(True)
        self.title_break.setCurrentIndex(self.title_break.findData(_CUSTOM if custom else setting))
        self.title_break.blockSignals(False)
        self.title_lines_edit.setText(setting if custom else "")
        self.title_lines_edit.setEnabled(custom)
        self._preview_title()

    def _title_choice_changed(self) -> None:
        custom = self.title_break.currentData() == _CUSTOM
        self.title_lines_edit.setEnabled(custom)
        if custom and TITLE_BREAK_MARK not in self.title_lines_edit.text():
            # Start from the lines shown now: the clerk only moves the break.
            self.title_lines_edit.setText(TITLE_BREAK_MARK.join(self._lines(TITLE_BREAK_AGENCY)))
        self._preview_title()

    def _chosen_title_break(self) -> str:
        choice = self.title_break.currentData()
        if choice != _CUSTOM:
            return str(choice)
        text = "".join(self.title_lines_edit.text().split())
        # Without a break mark the clerk wants the title on one line.
        return text if TITLE_BREAK_MARK in text.strip(TITLE_BREAK_MARK) else TITLE_BREAK_NONE

    def _lines(self, setting: str) -> list[str]:
        report = self._report if self._report is not None else Report()
        style = dataclasses.replace(
            self._base,
            title_break=setting,
            title_size=self.title_size.value(),
            margin_left=self.margin_left.value(),
            margin_right=self.margin_right.value(),
        )
        return title_lines(dataclasses.replace(report, style=style))

    def _preview_title(self) -> None:
        self.title_preview.setText("\n".join(self._lines(self._chosen_title_break())))

    def chosen_style(self) -> DocumentStyle:
        """The style shown; a blank font name keeps the previous one."""
        values: dict[str, object] = {}
        for name in _NUMBER_FIELDS:
            box = getattr(self, name)
            values[name] = box.value()
        for name in _FONT_FIELDS:
            values[name] = getattr(self, name).value() or getattr(self._base, name)
        values["title_break"] = self._chosen_title_break()
        style = DocumentStyle(**{**_page_of(self._base), **values})  # type: ignore[arg-type]
        return style


_NUMBER_FIELDS = (
    "margin_top",
    "margin_bottom",
    "margin_left",
    "margin_right",
    "title_size",
    "body_size",
    "table_size",
    "page_number_size",
    "line_spacing",
    "first_line_indent_chars",
)
_FONT_FIELDS = (
    "title_font",
    "body_font",
    "heading1_font",
    "heading2_font",
    "table_font",
    "page_number_font",
)


_CUSTOM = "custom"
_TITLE_BREAKS = (
    ("在机关名称后断行（默认，一行排得下时不断行）", TITLE_BREAK_AGENCY),
    ("不断行（排成一段）", TITLE_BREAK_NONE),
    ("自定义", _CUSTOM),
)
"""The 标题断行 choices: what the clerk reads, and the ``title_break`` (or ``_CUSTOM``)."""


def _page_of(style: DocumentStyle) -> dict[str, float]:
    return {"page_width": style.page_width, "page_height": style.page_height}


def edit_style(window: MainWindow) -> bool:
    """Show the 版式 dialog; an accepted change is one undoable edit.  True if it changed."""
    document = window.document
    dialog = StyleDialog(window, document.report.style, document.report)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    style = dialog.chosen_style()
    if style == document.report.style:
        return False
    document.set_style(style)
    window.statusBar().showMessage("已修改版式：导出 Word 和打印时生效（可撤销）。", 5000)
    return True
