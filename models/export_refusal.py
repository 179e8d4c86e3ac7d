"""Whether a report may be made final: the one decision every 导出, 打印 and the command line take.

A final (non-draft) document is what gets signed off and published, so it is refused while the
report has errors; a draft never is.  The decision takes the findings the caller already has (the
window's, which the clerk sees in the problems panel; the command line's, worked out once), so it
is never made twice on findings that could differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.files import FileProblem
from models.findings import Finding, Severity


class ExportRefused(FileProblem):
    """A final (non-draft) document was asked for while the report has errors."""

    def __init__(self, errors: list[Finding]) -> None:
        super().__init__(f"报告还有 {len(errors)} 个错误，不能导出正式版。请先改正，或导出草稿。")
        self.errors = errors


def refusal(findings: Iterable[Finding]) -> ExportRefused | None:
    """None if a final version may be made with these findings; otherwise why not (the errors)."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    return ExportRefused(errors) if errors else None
