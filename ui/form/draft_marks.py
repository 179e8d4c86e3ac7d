"""Last year's paragraphs marked in the text boxes until the clerk rewrites them.

A report started from last year's (从上年报告新建), or one with last year's report linked, shows
every paragraph that is still last year's word for word on a tinted background; editing the
paragraph removes the tint, and the 内容雷同 warning with it.  The preamble copied by
从上年报告新建 is marked the same way (its years moved on still count as copied: the clerk has
not read them yet), though no 内容雷同 warning is about it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit

from models.checks.years import is_unchanged, last_year_paragraphs
from models.narrative.fields import BASIC, FieldAddress
from ui.document import ReportDocument

UNCHANGED_COLOR = QColor("#fff1c2")


class UnchangedParagraphs(QSyntaxHighlighter):
    """Tints the paragraphs (blocks) of one text box that are last year's."""

    def __init__(self, edit: QPlainTextEdit, document: ReportDocument) -> None:
        super().__init__(edit.document())
        self.report_document = document
        # Not ``self.format``: that would hide QSyntaxHighlighter.format().
        self.unchanged_format = QTextCharFormat()
        self.unchanged_format.setBackground(UNCHANGED_COLOR)
        self.last_year = self._last_year()
        document.findingsChanged.connect(self._maybe_rehighlight)

    def _last_year(self) -> frozenset[str]:
        return last_year_paragraphs(self.report_document.report, self.report_document.previous)

    def _maybe_rehighlight(self) -> None:
        # The set changes when last year's report is linked or unlinked, not on typing.
        current = self._last_year()
        if current is not self.last_year and current != self.last_year:
            self.last_year = current
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if self.last_year and is_unchanged(text, self.last_year):
            self.setFormat(0, len(text), self.unchanged_format)


PREAMBLE = FieldAddress.basic("preamble")


def attach(edit: QPlainTextEdit, document: ReportDocument, address: FieldAddress) -> None:
    """Mark last year's paragraphs in ``edit`` if it holds a section's text (not a sub-heading)
    or the preamble.  The preamble's legal basis is the same every year: its paragraphs are
    marked only as copied by 从上年报告新建 (``Report.previous_paragraphs``), not as the linked
    report's."""
    if address.heading or (address.section == BASIC and address != PREAMBLE):
        return
    edit._unchanged_marks = UnchangedParagraphs(edit, document)  # type: ignore[attr-defined]
