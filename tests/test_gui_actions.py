"""The window's menus come from one table (ui/commands/menu.py): every entry is in its menu in the
table's order with its text, keys and tip, does what it names, and is off on the start page
exactly when the table says it needs a report."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from models.app import APP_NAME
from ui.commands import menu as actions
from ui.commands.menu import ENTRIES, Action, Menu, Part, Submenu, When
from ui.main_window import MainWindow


def action_of(window: MainWindow, entry: actions.Entry) -> QAction:
    if isinstance(entry, Action):
        found = getattr(window, f"{entry.name}_action")
        assert isinstance(found, QAction)
        return found
    if isinstance(entry, Submenu):
        menu = getattr(window, f"{entry.name}_menu")
        assert isinstance(menu, QMenu)
        return menu.menuAction()
    return entry.action(window)


def menu_of(window: MainWindow, menu: Menu) -> QMenu:
    # The action held while its menu is used: PySide6 6.9 frees the menu's wrapper with it.
    bar_action = next(a for a in window.menuBar().actions() if a.text() == menu.value)
    found = bar_action.menu()
    assert isinstance(found, QMenu)
    return found


def test_every_action_of_the_table_is_the_windows_own(empty_window: MainWindow) -> None:
    names = {f"{e.name}_action" for e in ENTRIES if isinstance(e, Action)}
    names |= {f"{e.name}_menu" for e in ENTRIES if isinstance(e, Submenu)}
    declared = {name for name in MainWindow.__annotations__ if name.endswith(("_action", "_menu"))}
    assert names == declared  # typed for mypy, and no more than the table makes
    for entry in ENTRIES:
        if isinstance(entry, Action):
            action = action_of(empty_window, entry)
            assert action.text().startswith(entry.text) and action.statusTip() == entry.tip
            keys = QKeySequence(entry.shortcut) if entry.shortcut is not None else QKeySequence()
            assert action.shortcut() == keys
            if isinstance(entry.handler, str):
                assert callable(getattr(empty_window, entry.handler)), entry.handler


def test_the_menus_hold_the_table_in_its_order(empty_window: MainWindow) -> None:
    titles = [a.text() for a in empty_window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "工具(&T)", "年度(&Y)", "帮助(&H)"]
    years = empty_window.years
    for menu in Menu:
        shown = menu_of(empty_window, menu).actions()
        # ui.commands.years puts 从上年报告新建 after 新建, and 生成文字 last in 编辑.
        if menu is Menu.FILE:
            assert shown.pop(1) is years.from_previous_action
        if menu is Menu.EDIT:
            assert shown.pop() is years.generate_action and shown.pop().isSeparator()
        expected: list[QAction | None] = []
        for entry in ENTRIES:
            if entry.menu is menu:
                expected += [None] if entry.separated else []
                expected.append(action_of(empty_window, entry))
        assert [None if a.isSeparator() else a for a in shown] == expected, menu


def test_the_start_page_turns_off_what_needs_a_report(sample_window: MainWindow) -> None:
    window = sample_window
    needs_report = [action_of(window, e) for e in ENTRIES if e.when is When.REPORT]
    always = [
        action_of(window, e)
        for e in ENTRIES
        if e.when is When.ALWAYS and e.name not in ("undo", "redo")  # (they follow the stack)
    ]
    assert all(a.isEnabled() for a in needs_report + always)
    window.close_report_action.trigger()  # 关闭报告: back to the start page
    assert window.on_start_page() and window.windowTitle() == APP_NAME
    assert not any(a.isEnabled() for a in needs_report)
    assert all(a.isEnabled() for a in always)
    assert any(isinstance(e, Part) and e.menu is None for e in ENTRIES)  # 年度's, too
    window.sample_action.trigger()  # 打开示例
    assert not window.on_start_page()
    assert all(a.isEnabled() for a in needs_report + always)
    window.document.needs_saving = False


def test_every_command_imported_when_first_chosen_is_there() -> None:
    """A handler whose module is imported only when chosen (menu.py names it in a string, which
    neither mypy nor PyInstaller sees; the frozen program collects every ui module for it)
    names a module and a function that exist."""
    import importlib

    lazy = [
        entry.handler
        for entry in ENTRIES
        if isinstance(entry, Action) and callable(entry.handler) and "." in entry.handler.__name__
    ]
    assert len(lazy) >= 10
    for handler in lazy:
        module, _, function = handler.__name__.rpartition(".")
        assert callable(getattr(importlib.import_module(module), function)), handler.__name__
