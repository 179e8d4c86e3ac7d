"""帮助 › 使用说明: the short guide shipped in resources/help, shown offline.

The guide is an HTML page with pictures of the window beside it (tests/make_help_pictures.py
takes them).  A QTextBrowser shows it: it reads only files in that folder, and a link that leads
elsewhere (a web address) is not followed: the program never goes on the network.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from models.app import APP_NAME
from ui.screen_fit import keep_on_screen

HELP_DIR = Path(__file__).resolve().parents[2] / "resources" / "help"
GUIDE = HELP_DIR / "index.html"
SIZE = QSize(860, 640)
"""The guide's size where the screen has room (a page and its pictures); fitted to smaller ones."""


class HelpWindow(QDialog):
    """The guide in a window of its own, beside the form (not modal: the clerk can follow it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle(f"使用说明 — {APP_NAME}")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # every link goes through _follow: local pages only
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setSearchPaths([str(HELP_DIR)])
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        if GUIDE.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(GUIDE)))
        else:
            self.browser.setPlainText(
                f"找不到使用说明（{GUIDE}）。安装可能不完整，请重新安装{APP_NAME}。"
            )
        keep_on_screen(self, SIZE)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("", "file"):
            self.browser.setSource(url)  # a page or an anchor of the guide
        # Web addresses are not opened: the guide is offline, and so is the program.


def show_help(parent: QWidget) -> HelpWindow:
    """Show the guide, reusing the window if it is open already."""
    window = parent.findChild(HelpWindow, "helpWindow")
    if not isinstance(window, HelpWindow):
        window = HelpWindow(parent)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
