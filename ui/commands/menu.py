"""The window's menus as one table: each entry with its text, shortcut, tip, what it does, the
menu it is in and when it can be used.

``ui/main_window.py`` builds its actions and menus from ``ENTRIES``, in the order given, and the
entries to switch off while the start page is shown are those marked ``When.REPORT`` — no list of
them is kept anywhere else.  An ``Action`` becomes the window's attribute ``<name>_action`` (the
tests and the start page reach them so).  A ``Submenu`` or a ``Part`` is made by another part of
the window (the recent files, 复制为网页, the page keys, the problems panel's switch, the 年度
menu's actions); the table places and enables it like the rest.

Handlers are the window's methods, named, or functions of the window: the printing, Word, Excel,
汇总 and 批量审核 code is imported when its action is first used (``_later``), so start-up does
not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto
from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ui.commands import web as web_actions
from ui.texts import RECOMPUTE, RECOMPUTE_TIP

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class When(Enum):
    """When an entry can be used."""

    ALWAYS = auto()
    """Also on the start page, with no report open.  (撤销 and 重做 besides follow the undo
    stack: ``MainWindow._update_title``.)"""
    REPORT = auto()
    """Only while a report is shown in the form: off on the start page."""


class Menu(Enum):
    """The menu bar's menus, in its order (the 年度 menu, ``ui.commands.years``, goes before
    帮助)."""

    FILE = "文件(&F)"
    EDIT = "编辑(&E)"
    VIEW = "视图(&V)"
    TOOLS = "工具(&T)"
    HELP = "帮助(&H)"


Handler = str | Callable[["MainWindow"], object]
"""What an action does: the name of a method of the window, or a function of the window."""
Shortcut = QKeySequence.StandardKey | str
"""A platform's standard key (Ctrl+N for 新建 …) or the keys written out ("Ctrl+Q")."""


@dataclass(frozen=True)
class Action:
    """An action the window makes from the table."""

    name: str
    """The window's attribute ``<name>_action``."""
    text: str
    handler: Handler
    menu: Menu
    shortcut: Shortcut | None = None
    tip: str = ""
    """The status bar's line while the action is under the mouse."""
    when: When = When.ALWAYS
    separated: bool = False
    """A separator before it in its menu: the first of a group."""


@dataclass(frozen=True)
class Submenu:
    """A submenu made by another part of the window; it becomes the window's ``<name>_menu``."""

    name: str
    make: Callable[[MainWindow, QMenu], QMenu]
    """Makes the submenu at the end of the menu given."""
    menu: Menu
    when: When = When.ALWAYS
    separated: bool = False


@dataclass(frozen=True)
class Part:
    """An action another part of the window makes and keeps."""

    name: str
    action: Callable[[MainWindow], QAction]
    menu: Menu | None
    """None: its own part puts it in its menus (the 年度 menu's actions)."""
    when: When = When.ALWAYS
    separated: bool = False


Entry = Action | Submenu | Part


def _later(module: str, function: str) -> Callable[[MainWindow], object]:
    """``<module>.<function>(window)`` (``module`` in full: ui.commands.word), the module
    imported when first used."""

    def run(window: MainWindow) -> object:
        return getattr(import_module(module), function)(window)

    run.__qualname__ = run.__name__ = f"{module}.{function}"
    return run


def _recent(window: MainWindow, parent: QMenu) -> QMenu:
    menu = parent.addMenu("最近打开")
    menu.aboutToShow.connect(window.fill_recent)
    return menu


K = QKeySequence.StandardKey
FILE, EDIT, VIEW, TOOLS, HELP = Menu
REPORT = When.REPORT

ENTRIES: tuple[Entry, ...] = (
    # 文件 (从上年报告新建 goes after 新建: ui.commands.years)
    Action("new", "新建(&N)…", "new_file", FILE, K.New),
    Action("open", "打开(&O)…", "open_file", FILE, K.Open),
    Submenu("recent", _recent, FILE),
    Action(
        "sample", "打开示例", "open_sample", FILE, tip="打开硚口区行政审批局 2024 年报告作为示例"
    ),
    Action("save", "保存(&S)", "save", FILE, K.Save, when=REPORT, separated=True),
    Action("save_as", "另存为(&A)…", "save_as", FILE, K.SaveAs, when=REPORT),
    Action(
        "close_report", "关闭报告", "close_report", FILE, K.Close, "关闭报告，回到起始页", REPORT
    ),
    # The Word document is what gets signed off: it comes first, then paper and PDF, then the
    # workbook units exchange.
    Action(
        "export_word",
        "导出 Word(&W)…",
        _later("ui.commands.word", "export_word"),
        FILE,
        tip="按官方格式和公文版式导出 Word 文档（有错误时只能导出草稿）",
        when=REPORT,
        separated=True,
    ),
    Action(
        "export_web",
        "导出网页…",
        _later("ui.commands.web", "export_web"),
        FILE,
        tip="导出可直接发布到政府信息公开专栏的网页（单个文件，表格保留官方格式，可无障碍阅读）",
        when=REPORT,
    ),
    Action(
        "import_report",
        "导入报告（Word、PDF、网页）…",
        _later("ui.commands.word", "import_report"),
        FILE,
        tip="读取按官方格式发布的报告：Word 文档、PDF 或保存下来的网页（如去年的报告）",
    ),
    Action(
        "style",
        "版式…",
        _later("ui.commands.word", "edit_style"),
        FILE,
        tip="页边距、字体、字号和行距（导出 Word 和打印时使用）",
        when=REPORT,
    ),
    Action(
        "preview",
        "打印预览(&V)…",
        _later("ui.commands.printing", "print_preview"),
        FILE,
        "Ctrl+Shift+P",
        when=REPORT,
        separated=True,
    ),
    Action(
        "print",
        "打印(&P)…",
        _later("ui.commands.printing", "print_report"),
        FILE,
        K.Print,
        when=REPORT,
    ),
    Action(
        "pdf",
        "导出 PDF…",
        _later("ui.commands.printing", "export_pdf"),
        FILE,
        tip="按公文版式导出 PDF（正式版或草稿）",
        when=REPORT,
    ),
    Action(
        "export_excel",
        "导出 Excel…",
        _later("ui.commands.excel", "export_excel"),
        FILE,
        tip="把三张统计表导出为 Excel 工作簿（带合计公式和勾稽核对），供各单位交换",
        when=REPORT,
        separated=True,
    ),
    Action(
        "import_excel",
        "导入 Excel…",
        _later("ui.commands.excel", "import_excel"),
        FILE,
        tip="读取年报助手导出、在 Excel 或 WPS 中填写过的工作簿",
    ),
    Action("quit", "退出(&X)", "close", FILE, "Ctrl+Q", separated=True),
    # 编辑 (生成文字 goes last: ui.commands.years)
    Action("undo", "撤销(&U)", "undo", EDIT, K.Undo),
    Action("redo", "重做(&R)", "redo", EDIT, "Ctrl+Y"),
    Action(
        "fill",
        "当前表格空白填 0",
        "fill_current",
        EDIT,
        tip="在当前表格所有空白单元格中填 0",
        when=REPORT,
        separated=True,
    ),
    Action("recompute", RECOMPUTE, "recompute", EDIT, tip=RECOMPUTE_TIP, when=REPORT),
    Submenu("copy_web", web_actions.copy_menu, EDIT, REPORT, separated=True),
    # 视图
    Part("next_page", lambda window: window.navigator.next_page_action, VIEW),
    Part("previous_page", lambda window: window.navigator.previous_page_action, VIEW),
    Part("problems", lambda window: window.problems_dock.toggleViewAction(), VIEW, REPORT),
    # 工具
    Action(
        "merge",
        "汇总多个单位的报告…",
        _later("ui.commands.merge_dialog", "run"),
        TOOLS,
        tip="把多个单位同一年度报告的表格相加，生成上级机关的新报告",
    ),
    Action(
        "review",
        "批量审核…",
        _later("ui.commands.review_dialog", "run"),
        TOOLS,
        tip="逐份检查多个单位的报告（文件或文件夹），生成 Excel 问题清单",
    ),
    # 帮助
    Action("help", "使用说明(&H)", "show_help", HELP, K.HelpContents, "从填写到导出、打印和汇总"),
    Action("about", "关于(&A)", "about", HELP),
    # The 年度 menu's, on a report only (从上年报告新建 is always there; 取消关联上年报告
    # follows the report's link: ui.commands.years).
    Part("link_previous", lambda window: window.years.link_previous_action, None, REPORT),
    Part("whole_government", lambda window: window.years.whole_government_action, None, REPORT),
    Part("generate", lambda window: window.years.generate_action, None, REPORT),
)

ACTIONS: dict[str, Action] = {e.name: e for e in ENTRIES if isinstance(e, Action)}
"""The table's own actions by name."""
