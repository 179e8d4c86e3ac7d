"""Three bugs planted in the code that the suite once let through (issue 24): each test here
fails when its bug is planted again.

- last year's blank 结转下年度 read as 0 by the carry-over check (models/checks/years.py) or by
  从上年报告新建 (models/previous_year.py);
- a report dated 31 December of its own year not flagged (models/checks/dates.py: the date must
  be after the statistics year, not merely not before its last day);
- ``import --dash-as-zero`` writing 0 into the cells without the totals following
  (main.py ``_dashes_to_zero``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import main
from models import previous_year, project_file
from models.checks.findings import Finding, Severity
from models.checks.tables import run_checks
from models.report import Report
from models.values import BlankMark, MarkKind
from tests.conftest import SAMPLE
from tests.test_years import last_year


def sample() -> Report:
    return project_file.load(SAMPLE)


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule.id == rule_id]


# --- last year's blank 结转下年度 is not 0 --------------------------------------------------------


def _carried(report: Report) -> list[tuple[str, str]]:
    """(上年结转 cell, 结转下年度 cell) of every column of 表三."""
    table = report.format.table_by_key["t3"]
    return [
        (table.cell("carried_in", c.key).id, table.cell("carried_out", c.key).id)
        for c in table.blocks[0].column_leaves
    ]


def test_a_blank_carried_out_last_year_is_not_taken_for_0() -> None:
    """This year carries 5 in; last year's 结转下年度 was left blank: nothing says it was 0, so
    there is no carry-over error (the blank is last year's own finding)."""
    report, previous = sample(), last_year()
    for carried_in, carried_out in _carried(report):
        report.values[carried_in] = 5
        previous.values[carried_out] = None
    assert of(run_checks(report, previous), "previous.carry_over") == []
    # … while a 0 written last year is a 0, and the check fires for every column.
    for _, carried_out in _carried(report):
        previous.values[carried_out] = 0
    fired = of(run_checks(report, previous), "previous.carry_over")
    assert len(fired) == len(_carried(report))
    assert all(f.severity is Severity.ERROR for f in fired)


def test_a_report_started_from_a_blank_carried_out_keeps_its_carried_in_blank(
    tmp_path: Path,
) -> None:
    previous = last_year()
    for _, carried_out in _carried(previous):
        previous.values[carried_out] = None
    report = previous_year.new_from_previous(previous, tmp_path / "上年.gknb")
    assert [report.values[carried_in] for carried_in, _ in _carried(report)] == [None] * len(
        _carried(report)
    )


# --- a report dated on the last day of its own year ----------------------------------------------


@pytest.mark.parametrize("whole_government", [False, True])
@pytest.mark.parametrize(
    ("date", "flagged"),
    [
        (dt.date(2024, 12, 31), True),  # the year's last day: the year has not ended yet
        (dt.date(2024, 12, 30), True),
        (dt.date(2024, 1, 1), True),
        (dt.date(2025, 1, 1), False),  # the first day after it
    ],
)
def test_a_report_dated_within_its_own_year_is_flagged(
    date: dt.date, flagged: bool, whole_government: bool
) -> None:
    report = sample()
    assert report.year == 2024
    report.report_date = date
    report.whole_government = whole_government
    findings = of(run_checks(report), "date.report_date")
    assert bool(findings) is flagged
    if flagged:
        (finding,) = findings
        assert "在 2024 年度结束之前" in finding.message


# --- import --dash-as-zero: the totals follow ----------------------------------------------------


def _dashed(tmp_path: Path) -> tuple[Path, Report]:
    """The sample as a published file may have it: every 0 of 表三 written “—”, and the totals
    of the row 新收 left blank; with the sample itself, whose totals are right."""
    original = sample()
    report = sample()
    table = report.format.table_by_key["t3"]
    blanked_totals = [s.total.id for s in table.sums if s.total.id.startswith("t3.new.")]
    assert blanked_totals
    for cell in table.cells:
        if cell.id in blanked_totals:
            report.values[cell.id] = None
            report.blank_marks[cell.id] = BlankMark(MarkKind.BLANK)
        elif report.values[cell.id] == 0:
            report.values[cell.id] = None
            report.blank_marks[cell.id] = BlankMark(MarkKind.PLACEHOLDER, "—")
    assert any(original.values[c] != 0 for c in blanked_totals)  # a total worth following
    path = tmp_path / "发布的报告.gknb"
    project_file.save(report, path)
    return path, original


def test_dash_as_zero_makes_the_totals_follow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, original = _dashed(tmp_path)
    target = tmp_path / "导入.gknb"
    assert main.main(["import", str(source), "-o", str(target), "--dash-as-zero"]) == 0
    assert "已按 --dash-as-zero 把表三中" in capsys.readouterr().out
    imported = project_file.load(target)
    table = imported.format.table_by_key["t3"]
    assert {c.id: imported.values[c.id] for c in table.cells} == {
        c.id: original.values[c.id] for c in table.cells
    }
    assert imported.computed_totals() == {
        k: v for k, v in imported.values.items() if k in imported.computed_totals()
    }
    assert [f for f in run_checks(imported) if f.table and f.severity is Severity.ERROR] == []
