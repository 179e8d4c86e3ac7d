"""Whether a report may be made final: the one decision every 导出, 打印 and the command line take.

A final (non-draft) document is what gets signed off and published, so it is refused while the
report has errors; a draft never is.  It is refused too while the report has no 落款 date: a
report read from a published document may lack one (only a hint there, ``checks.INFO_UNDATED``:
the official format has no 落款), but a final document made from it is signed and dated
(GB/T 9704), as the clerk's own report must be (an error there, ``checks.INFO_REQUIRED``).  The
decision takes the findings the caller already has (the window's, which the clerk sees in the
problems panel; the command line's, worked out once), so it is never made twice on findings
that could differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.checks import INFO_UNDATED
from models.files import FileProblem
from models.findings import Finding, Severity


class ExportRefused(FileProblem):
    """A final (non-draft) document was asked for while the report has errors or no date."""

    def __init__(self, errors: list[Finding]) -> None:
        undated = any(f.rule is INFO_UNDATED for f in errors)
        count = sum(1 for f in errors if f.severity is Severity.ERROR)
        if undated and not count:
            reason = "报告没有落款日期，不能导出正式版：正式文件要署成文日期。请在“基本信息”中填写"
        elif undated:
            reason = f"报告还有 {count} 个错误，也没有落款日期，不能导出正式版。请先改正并填写日期"
        else:
            reason = f"报告还有 {count} 个错误，不能导出正式版。请先改正"
        super().__init__(f"{reason}，或导出草稿。")
        self.errors = errors
        """What keeps the final version from being made: the errors, and a missing 落款 date."""


def refusal(findings: Iterable[Finding]) -> ExportRefused | None:
    """None if a final version may be made with these findings; otherwise why not (the errors,
    and a missing 落款 date)."""
    errors = [f for f in findings if f.severity is Severity.ERROR or f.rule is INFO_UNDATED]
    return ExportRefused(errors) if errors else None
