"""Qt's own dialogs in Chinese: the file, print and page set-up dialogs and the message boxes.

Qt's catalogue (qtbase_zh_CN) translates nearly all of them; ``MissingQtTranslations`` adds the
few labels it leaves in English.  tests/test_gui_start.py walks the dialogs for English words.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

QT_CATALOGUES = ("qtbase_zh_CN",)
"""Qt's translation catalogues the window needs: qtbase holds QtWidgets and QtPrintSupport (the
file, print and page set-up dialogs, the message boxes).  packaging/freeze_rules.py keeps the
same ones in the frozen build (KEPT_TRANSLATIONS)."""

MISSING_QT_TEXTS = {
    # The catalogue has "Look in:" and "Files of type:"; the dialog asks with the mnemonic.
    "&Look in:": "查找范围(&L)：",
    "Files of &type:": "文件类型(&T)：",
    "Page &Set:": "页面集(&S)：",
}
"""Labels of Qt's own dialogs that its Chinese catalogue leaves in English (Qt 6)."""


_INSTALLED: list[QTranslator] = []


class MissingQtTranslations(QTranslator):
    """MISSING_QT_TEXTS, whatever the context asking."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return MISSING_QT_TEXTS.get(source, "")

    def isEmpty(self) -> bool:
        return False


def install_translations(app: QApplication) -> None:
    # Ours first: Qt asks the translator installed last first, so ours is asked only for what
    # the catalogue does not translate.
    ours = MissingQtTranslations(app)
    app.installTranslator(ours)
    _INSTALLED.append(ours)  # its Python side must live as long as the application
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
