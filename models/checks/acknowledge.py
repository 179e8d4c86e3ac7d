"""已核实: a warning or a hint the clerk has looked at and accepts, with a short note.

The note is kept in the report (and so in the project file) under the finding's key — its rule
id and place, not its message — so it survives reloads and edits that change the numbers in the
message.  Errors cannot be acknowledged: an error is a report that is wrong, not a judgement call.
"""

from __future__ import annotations

from models.checks.findings import Finding, Severity
from models.report import Acknowledgement, Report

MAX_NOTE = 200


class CannotAcknowledge(ValueError):
    """The finding is an error, or the note is empty; the message says why, in Chinese."""


def can_acknowledge(finding: Finding) -> bool:
    return finding.severity is not Severity.ERROR


def acknowledge(report: Report, finding: Finding, note: str) -> None:
    """Mark ``finding`` 已核实 with ``note`` (a short reason, required)."""
    report.acknowledged[finding.key] = acknowledgement(finding, note)


def acknowledgement(finding: Finding, note: str) -> Acknowledgement:
    """The mark 已核实 of ``finding`` with ``note``; CannotAcknowledge (Chinese) if it may not be:
    an error, or an empty or too long note."""
    if not can_acknowledge(finding):
        raise CannotAcknowledge("错误不能标记为已核实，请改正报告。")
    note = " ".join(note.split())
    if not note:
        raise CannotAcknowledge("请写一句核实说明，如“数据口径调整，已与业务科室核对”。")
    if len(note) > MAX_NOTE:
        raise CannotAcknowledge(f"核实说明请控制在 {MAX_NOTE} 字以内。")
    return Acknowledgement(note, finding.message)


def withdraw(report: Report, finding: Finding) -> bool:
    """取消核实; False when the finding was not acknowledged."""
    return report.acknowledged.pop(finding.key, None) is not None
