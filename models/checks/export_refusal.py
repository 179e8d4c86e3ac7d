"""Whether a report may be made final: the one decision every 导出, 打印 and the command line take.

A final (non-draft) document is what gets signed off and published, so it is refused while the
report has errors; a draft never is.  Two things that are no error of a published report still
keep its final version from being made from it: no 落款 date (a hint there,
``checks.INFO_UNDATED``: the official format has no 落款 — but a final document is signed and
dated, GB/T 9704, as the clerk's own report must be, where it is an error,
``checks.INFO_REQUIRED``), and cells a reader could not read (a warning,
``blank_marks.VALUE_UNREAD``: the file may well hold their numbers, but the document would print
them blank).  The decision takes the findings the caller already has (the window's, which the
clerk sees in the problems panel; the command line's, worked out once), so it is never made twice
on findings that could differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.checks.blank_marks import VALUE_UNREAD
from models.checks.findings import Finding, Severity
from models.checks.tables import INFO_UNDATED
from models.files import FileProblem

BLOCKING = (INFO_UNDATED, VALUE_UNREAD)
"""Rules that are no error but keep a final version from being made (see the module)."""


class ExportRefused(FileProblem):
    """A final (non-draft) document was asked for while the report has errors, no date, or
    cells not read."""

    def __init__(self, errors: list[Finding]) -> None:
        count = sum(1 for f in errors if f.severity is Severity.ERROR)
        unread = sum(len(f.cells) for f in errors if f.rule is VALUE_UNREAD)
        undated = any(f.rule is INFO_UNDATED for f in errors)
        what = [f"还有 {count} 个错误"] if count else []
        todo = ["先改正"] if count else []
        if unread:
            what.append(f"有 {unread} 个单元格没有从文件中读出")
            todo.append("对照原文件填写这些单元格")
        if undated:
            what.append("没有落款日期")
            todo.append("在“基本信息”中填写成文日期")
        super().__init__(
            f"报告{'，'.join(what)}，不能导出正式版：正式文件要完整并署成文日期。"
            f"请{'，'.join(todo)}，或导出草稿。"
        )
        self.errors = errors
        """What keeps the final version from being made: the errors, the cells not read and a
        missing 落款 date."""


def refusal(findings: Iterable[Finding]) -> ExportRefused | None:
    """None if a final version may be made with these findings; otherwise why not."""
    errors = [f for f in findings if f.severity is Severity.ERROR or f.rule in BLOCKING]
    return ExportRefused(errors) if errors else None
