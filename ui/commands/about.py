"""帮助 › 关于: the program's name, version and purpose, and 开源许可 — every open-source component
the program ships, with its licence and notice texts shown in full on choosing it.

The texts come from models/licences.py: in the frozen program the licenses/ folder the build
gathered (the one the installer and the .deb carry), in a checkout gathered on the spot.  The
window is not modal, like 使用说明: the clerk may read a licence beside the form.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models import licences
from models.app import APP_FULL_NAME, APP_NAME, VERSION
from models.report import CURRENT_FORMAT
from ui.screen_fit import keep_on_screen

SIZE = QSize(860, 640)
"""Room for the list of components beside a licence's text; fitted to smaller screens."""


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"关于{APP_NAME}")
        layout = QVBoxLayout(self)
        self.about_text = QLabel(
            f"<h3>{APP_NAME} {VERSION}</h3><p>{APP_FULL_NAME}</p>"
            f"<p>按{CURRENT_FORMAT.notice}格式填写政府信息公开工作年度报告，"
            "随填随查，离线使用。</p>"
        )
        self.about_text.setWordWrap(True)
        layout.addWidget(self.about_text)

        layout.addWidget(QLabel("<b>开源许可</b>"))
        intro = QLabel(
            "本程序使用了下列开源软件，各按其许可发布。选中一项，右侧显示其许可和声明全文。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.components_list = QListWidget()
        self.components_list.setObjectName("licenceList")
        self.licence_text = QPlainTextEdit()
        self.licence_text.setObjectName("licenceText")
        self.licence_text.setReadOnly(True)
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # laid out by hand
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.components_list)
        splitter.addWidget(self.licence_text)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

        self.components: list[licences.Component] = []
        try:
            self.components = licences.components()
        except (licences.MissingLicence, OSError, ValueError, KeyError) as problem:
            self.licence_text.setPlainText(
                f"找不到开源许可的文本（{problem}）。安装可能不完整，请重新安装{APP_NAME}。"
            )
        for component in self.components:
            item = QListWidgetItem(f"{component.title}（{component.licence}）")
            item.setToolTip(component.purpose)
            self.components_list.addItem(item)
        self.components_list.currentRowChanged.connect(self._show)
        if self.components:
            self.components_list.setCurrentRow(0)
        keep_on_screen(self, SIZE)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.components):
            return
        component = self.components[row]
        parts = [f"{component.title}\n许可：{component.licence}"]
        if component.purpose:
            parts[0] += f"\n在本程序中：{component.purpose}"
        parts += [f"———— {text.name} ————\n\n{text.text.strip()}" for text in component.texts]
        self.licence_text.setPlainText("\n\n\n".join(parts) + "\n")
        self.licence_text.moveCursor(self.licence_text.textCursor().MoveOperation.Start)


def show_about(parent: QWidget) -> AboutDialog:
    """Show 关于, reusing the window if it is open already."""
    dialog = parent.findChild(AboutDialog, "aboutDialog")
    if not isinstance(dialog, AboutDialog):
        dialog = AboutDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
