"""文件 › 导出网页… and 编辑 › 复制为网页: the report for the agency's 政府信息公开专栏.

导出网页 writes the self-contained page (``exporters.html.writer``) as every 导出 does (a draft
while errors stand, if the clerk agrees).  复制为网页 puts the whole report, or one table, on the
clipboard as HTML with a plain-text alternative (``exporters.html.fragment``), to paste into
the site's CMS editor.  What is copied to be published is held to the rule of a final version:
while the report (for one table: that table) has errors, a draft is offered instead, and the
draft says so where it is pasted.

The exporters are imported when first used, so the window starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from models.format.spec import TableSpec
from ui.commands.exporting import errors_of, export_file, offer_draft

if TYPE_CHECKING:
    from ui.main_window import MainWindow

WEB_SUFFIX = ".html"
WEB_FILTER = f"网页 (*{WEB_SUFFIX} *.htm)"
COPY_TITLE = "复制为网页"
WHOLE = "全文"


def export_web(window: MainWindow) -> bool:
    """Write the report as a web page the clerk chooses; True if a file was written."""
    return export_file(
        window, what="网页", suffix=WEB_SUFFIX, file_filter=WEB_FILTER, untitled="年度报告"
    )


def copy_menu(window: MainWindow, parent: QMenu) -> QMenu:
    """The 复制为网页 submenu of ``parent``: 全文, then each table by its name (表二 …)."""
    menu = parent.addMenu(COPY_TITLE)
    menu.setStatusTip("把报告或其中一张表格复制为网页格式，粘贴到网站的信息发布系统（CMS）编辑器中")
    whole = menu.addAction(WHOLE)
    whole.setStatusTip("复制整篇报告：标题、正文、三张统计表和落款")
    whole.triggered.connect(lambda: copy_as_web(window, None))
    for section in window.document.report.format.sections:
        table = section.table
        if table is None:
            continue
        action = menu.addAction(f"{table.name}　{section.short or section.title}")
        action.setStatusTip(f"只复制{table.name}（{section.title}），保留官方表格的合并单元格")
        action.triggered.connect(lambda _=False, t=table: copy_as_web(window, t))
    return menu


def copy_as_web(window: MainWindow, table: TableSpec | None) -> bool:
    """Put the report (``table`` None) or one table on the clipboard as HTML and plain text;
    True if something was copied."""
    from exporters.html import fragment

    report = window.document.report
    errors = errors_of(window)
    if table is not None:
        errors = [f for f in errors if f.table == table.name]
    draft = bool(errors)
    if draft and not offer_draft(window, COPY_TITLE, "复制", errors):
        return False
    if table is None:
        clip = fragment.whole_report(report, draft=draft)
        what = "整篇报告"
    else:
        clip = fragment.one_table(report, table, draft=draft)
        what = table.name
    data = QMimeData()
    data.setHtml(clip.html)
    data.setText(clip.text)
    QGuiApplication.clipboard().setMimeData(data)
    kind = "（草稿）" if draft else ""
    window.statusBar().showMessage(f"已把{what}{kind}复制为网页，可以粘贴到网站的编辑器中。", 8000)
    return True
