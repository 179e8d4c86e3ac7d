"""Properties of the table checks over random reports (hypothesis).

A consistent report — every entered cell written, 表三 balanced in every applicant column, totals
worked out — has no table finding; and any single entered cell of 表三 or 表四 changed afterwards
is caught by an error that points at that cell.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.checks.findings import Finding
from models.checks.tables import Severity, run_checks
from models.edit import Edit, apply
from models.format.format2021 import TABLE_2, TABLE_3, TABLE_4
from models.format.spec import CellSpec
from models.report import Report, new_report

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.too_slow],
)

COUNTS = st.integers(min_value=0, max_value=60) | st.just(0)
"""Small counts, zero often (most cells of real reports are 0)."""

T3_APPLICANTS = [c for c in TABLE_3.blocks[0].column_leaves if not c.total]
T3_RESULTS = [
    r
    for r in TABLE_3.blocks[0].row_leaves
    if r.key not in ("new", "carried_in", "carried_out") and not r.total
]
T4_ENTERED = [c for c in TABLE_4.cells if not c.computed]
ENTERED = [c for c in (*TABLE_3.cells, *TABLE_4.cells) if not c.computed]


@st.composite
def consistent_reports(draw: st.DrawFn) -> Report:
    report = new_report("某局", 2024)
    for cell in TABLE_2.cells:
        report.values[cell.id] = draw(COUNTS)
    report.values["t2.fees.amount"] = draw(
        st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
    )
    for column in T3_APPLICANTS:
        results = {row.key: draw(COUNTS) for row in T3_RESULTS}
        carried_out = draw(COUNTS)
        # 一 + 二 = 三（七） + 四: choose what was carried in, the rest is new this year.
        outgoing = sum(results.values()) + carried_out
        carried_in = draw(st.integers(min_value=0, max_value=outgoing))
        column_values = {
            **results,
            "carried_out": carried_out,
            "carried_in": carried_in,
            "new": outgoing - carried_in,
        }
        for row_key, value in column_values.items():
            report.values[TABLE_3.cell(row_key, column.key).id] = value
    for cell in T4_ENTERED:
        report.values[cell.id] = draw(COUNTS)
    report.recompute_totals()
    return report


def table_findings(report: Report) -> list[Finding]:
    return [f for f in run_checks(report) if f.table is not None]


@SETTINGS
@given(consistent_reports())
def test_consistent_reports_have_no_table_findings(report: Report):
    assert all(report.values[c.id] is not None for c in (*TABLE_3.cells, *TABLE_4.cells))
    assert table_findings(report) == []


def names_the_cell(finding: Finding, cell: CellSpec) -> bool:
    """The finding's row or column label is the cell's (表四 has no row labels; there both rows
    are None and the column must at least be in the cell's group, e.g. 行政复议·总计)."""
    if cell.row_label is None:
        group = cell.column_label.rsplit("·", 1)[0]
        return finding.row is None and (
            finding.column == cell.column_label
            or (finding.column is not None and finding.column.startswith(f"{group}·"))
        )
    return finding.row == cell.row_label or finding.column == cell.column_label


@SETTINGS
@given(consistent_reports(), st.sampled_from(ENTERED), st.integers(min_value=0, max_value=500))
def test_changing_any_entered_cell_is_caught(report: Report, cell: CellSpec, new_value: int):
    old = report.values[cell.id]
    if new_value == old:
        new_value += 1
    report.values[cell.id] = new_value  # the totals are not worked out again
    errors = [f for f in run_checks(report) if f.severity is Severity.ERROR]
    pointing = [f for f in errors if cell.id in f.cells]
    assert pointing, f"changing {cell.id} from {old} to {new_value} went unnoticed"
    assert any(names_the_cell(f, cell) for f in pointing), [
        (f.rule.id, f.row, f.column) for f in pointing
    ]
    # the message shows the new number
    assert any(str(new_value) in f.message for f in pointing)


@SETTINGS
@given(consistent_reports(), st.sampled_from(ENTERED))
def test_a_blank_cell_is_only_reported_as_blank(report: Report, cell: CellSpec):
    """Blank is not 0: with one entered cell blanked, no sum or balance judges that cell."""
    report.values[cell.id] = None
    findings = [f for f in table_findings(report) if cell.id in f.cells]
    assert [f.rule.id for f in findings] == ["value.blank"]
    assert findings[0].row == cell.row_label and findings[0].column == cell.column_label


@SETTINGS
@given(consistent_reports())
def test_recompute_is_idempotent_and_copy_equal(report: Report):
    twin = report.copy()
    assert twin.recompute_totals() == []
    assert twin.values == report.values
    assert isinstance(report.values["t2.fees.amount"], Decimal)


@SETTINGS
@given(
    consistent_reports(),
    st.dictionaries(st.sampled_from(ENTERED), COUNTS | st.none(), min_size=1, max_size=4),
)
def test_an_edit_says_what_it_changed_and_undoes_exactly(
    report: Report, changes: dict[CellSpec, int | None]
):
    """``apply`` returns every changed cell, totals included, and nothing else; applying what it
    undid brings the report back, and applying what it did again gives the same report."""
    before = report.copy()
    applied = apply(report, Edit(values={cell.id: value for cell, value in changes.items()}))
    changed = {k for k in report.values if report.values[k] != before.values[k]}
    assert set(applied.done.values) == set(applied.undone.values) == changed
    assert all(report.values[k] == v for k, v in applied.done.values.items())
    assert report.computed_totals() == {k: report.values[k] for k in report.computed_totals()}
    after = report.copy()
    apply(report, applied.undone)
    assert report == before
    apply(report, applied.done)
    assert report == after


def test_typing_into_a_dash_cell_drops_its_mark_and_undo_brings_it_back() -> None:
    """A cell the reader found as "—" is an ordinary blank once the clerk has typed into it and
    cleared it again; undoing both steps gives back the report as read, mark included."""
    from models.edit import Edit, apply
    from models.values import BlankMark, MarkKind

    report = new_report()
    cell_id = "t3.new.natural"
    mark = BlankMark(MarkKind.PLACEHOLDER, "—")
    report.blank_marks[cell_id] = mark
    typed = apply(report, Edit(values={cell_id: 5}))
    cleared = apply(report, Edit(values={cell_id: None}))
    assert report.values[cell_id] is None and cell_id not in report.blank_marks
    apply(report, cleared.undone)
    apply(report, typed.undone)
    assert report.values[cell_id] is None and report.blank_marks == {cell_id: mark}
    apply(report, typed.done)
    assert report.values[cell_id] == 5 and cell_id not in report.blank_marks
