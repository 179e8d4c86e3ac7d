"""The window's parts as their own types, for the GUI tests: the window hands out base types
(a Page, a QObject for a menu, an optional table item), and a test that reaches into a part
says which it expects — an assertion, where mypy would otherwise need an ignore.

No side effects, unlike tests/conftest.py (which sets the offscreen platform): a program the
tests start on a real display (tests/xserver.py) imports it too."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableWidget, QTableWidgetItem

from ui.form.pages import BasicPage, Page, SectionPage
from ui.form.table_model import GridTableModel


def as_basic(page: Page) -> BasicPage:
    """Page 0 (基本信息)."""
    assert isinstance(page, BasicPage), page
    return page


def as_section(page: Page) -> SectionPage:
    """A section's page (一 to 六)."""
    assert isinstance(page, SectionPage), page
    return page


def item_of(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """A table widget's cell, which must have an item."""
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


def item_text(table: QTableWidget, row: int, column: int) -> str:
    return item_of(table, row, column).text()


def menu_actions(action: QAction) -> list[QAction]:
    """The actions of the menu ``action`` opens (Qt's stubs give the menu as a QObject)."""
    menu = action.menu()
    assert isinstance(menu, QMenu), action.text()
    return menu.actions()


def cell_id_at(model: GridTableModel, index: QModelIndex) -> str:
    """The id of the value cell at ``index`` of a table's grid."""
    grid_cell = model.grid_cell(index)
    assert grid_cell is not None and grid_cell.cell is not None, index
    return grid_cell.cell.id
