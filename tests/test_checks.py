"""models.checks.tables: every rule passes on a sound report and fires, with its place and numbers,
on a broken one; and the parts of models.report the checks rely on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from models.checks.export_refusal import refusal
from models.checks.tables import (
    BASIC,
    RULES,
    Finding,
    Kind,
    Severity,
    counts,
    run_checks,
    summary,
    while_filling,
)
from models.format.format2021 import FORMAT_2021, TABLE_2, TABLE_3, TABLE_4
from models.narrative.fields import FieldAddress
from models.report import Deviation, Report, TextPart, new_report, part_number
from models.values import BlankMark, MarkKind

T3_ROW_NEW = "一、本年新收政府信息公开申请数量"
T3_RESULT_TOTAL = "（七）总计"


# --- building reports ----------------------------------------------------------------------------


def filled(report: Report, value: int = 0) -> Report:
    """Every entered cell of every table written (``value``), then the totals worked out."""
    for cell in FORMAT_2021.cells:
        if not cell.computed:
            report.values[cell.id] = value
    report.values["t2.fees.amount"] = Decimal("240.9199")
    report.recompute_totals()
    return report


def complete_report() -> Report:
    """A report with nothing to complain about."""
    report = new_report("硚口区行政审批局", 2024)
    report.report_date = dt.date(2025, 1, 7)
    report.contact_office = "政务数据应用科"
    report.address = "硚口区解放大道213号"
    report.phone = "027-83616771"
    report.preamble = "依据《中华人民共和国政府信息公开条例》编制本报告。"
    for section in report.sections.values():
        for part in section.parts:
            part.text = "内容。"
    report.sections["other"].parts[0].text = "本年度未收取信息处理费。"
    # The text agrees with 表四 below (narrative.*).
    report.sections["review_litigation"].intro = "本年度发生政府信息公开行政复议2件、行政诉讼1件。"
    filled(report)
    # A consistent 表三 with real numbers: 5 new + 1 carried in = 4 disclosed + 1 not held + 1 on.
    set_cells(
        report,
        {
            "t3.new.natural": 5,
            "t3.carried_in.natural": 1,
            "t3.disclosed.natural": 4,
            "t3.unable_not_held.natural": 1,
            "t3.carried_out.natural": 1,
            "t4.cases.review_upheld": 2,
            "t4.cases.direct_corrected": 1,
        },
    )
    report.recompute_totals()
    return report


def set_cells(report: Report, values: dict[str, object]) -> None:
    for cell_id, value in values.items():
        assert cell_id in report.values, cell_id
        report.values[cell_id] = value  # type: ignore[assignment]


def of_rule(findings: list[Finding], rule_id: str) -> list[Finding]:
    assert rule_id in RULES
    return [f for f in findings if f.rule.id == rule_id]


def only(findings: list[Finding], rule_id: str) -> Finding:
    found = of_rule(findings, rule_id)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


# --- a sound report passes every rule ------------------------------------------------------------


def test_complete_report_has_no_findings():
    report = complete_report()
    assert report.value("t3.new.total") == 5
    assert report.value("t3.result_total.total") == 5
    assert report.value("t4.cases.review_total") == 2
    assert run_checks(report) == []


def test_all_zero_tables_pass_the_table_rules():
    findings = run_checks(filled(new_report("某局", 2024)))
    assert {f.rule.id for f in findings if f.table is not None} == set()


# --- each rule fires, with its place -------------------------------------------------------------

# rule id → (how to break a complete report, what the finding must say)
Breaker = Callable[[Report], None]


def _break_value_kind(report: Report) -> None:
    report.values["t2.rules.issued"] = -2


def _break_blank(report: Report) -> None:
    report.values["t2.normative.repealed"] = None


def _break_placeholder(report: Report) -> None:
    report.values["t2.normative.repealed"] = None
    report.blank_marks["t2.normative.repealed"] = BlankMark(MarkKind.PLACEHOLDER, "—")


def _break_collapsed(report: Report) -> None:
    for cell in TABLE_3.cells:
        if cell.row.key.startswith("other_") and cell.column.key == "natural":
            report.values[cell.id] = None
            report.blank_marks[cell.id] = BlankMark(MarkKind.COLLAPSED, "0")


def _break_invalid(report: Report) -> None:
    report.values["t2.fees.amount"] = None
    report.blank_marks["t2.fees.amount"] = BlankMark(MarkKind.INVALID, "见附件")


def _break_unread(report: Report) -> None:
    for cell in TABLE_3.cells:
        if cell.row.key == "disclosed" and not cell.computed:
            report.values[cell.id] = None
            report.blank_marks[cell.id] = BlankMark(MarkKind.UNREAD, "表格中没有找到这一行")


def _break_wording_label(report: Report) -> None:
    report.deviations.append(
        Deviation("row", "行政规范性文件", "规范性文件", table="t2", cells=("t2.normative.issued",))
    )


def _break_wording_heading(report: Report) -> None:
    heading = report.format.section_by_key["problems"].heading
    report.deviations.append(Deviation("heading", heading, "五、存在的问题", section="problems"))


def _break_wording_title(report: Report) -> None:
    report.deviations.append(Deviation("title", report.title, report.title.replace("工作", "")))


def _break_wording_collapsed(report: Report) -> None:
    cells = tuple(c.id for c in TABLE_3.cells if c.row.key.startswith("other_"))
    report.deviations.append(
        Deviation("collapsed", "（六）其他处理", "（六）其他处理", "t3", cells=cells)
    )


def _break_format2019(report: Report) -> None:
    report.values["t2.fees.amount"] = None
    report.blank_marks["t2.fees.amount"] = BlankMark(MarkKind.FORMAT_2019)


def _break_untouched(report: Report) -> None:
    for cell in TABLE_4.cells:
        report.values[cell.id] = None


def _break_balance(report: Report) -> None:
    report.values["t3.carried_out.natural"] = 0  # 5 + 1 = 6 but 5 + 0 = 5
    report.recompute_totals()


def _break_row_total(report: Report) -> None:
    report.values["t3.new.total"] = 7


def _break_column_total(report: Report) -> None:
    report.values["t3.result_total.natural"] = 3


def _break_group_total(report: Report) -> None:
    report.values["t4.cases.direct_total"] = 4


def _break_info_required(report: Report) -> None:
    report.agency = "  "


def _break_info_year(report: Report) -> None:
    report.year = 2020
    report.report_date = dt.date(2021, 1, 15)  # dated as a 2020 report is (date.report_date)


def _break_info_contact(report: Report) -> None:
    report.phone = ""


def _break_info_undated(report: Report) -> None:
    report.published = True  # read from a published document, which has no 落款
    report.report_date = None


def _break_text_required(report: Report) -> None:
    report.sections["overview"] = type(report.sections["overview"])()


def _break_text_empty_part(report: Report) -> None:
    report.sections["problems"].parts[1].text = "\u3000"


def _break_preamble(report: Report) -> None:
    report.preamble = ""


def _break_narrative_number(report: Report) -> None:
    report.sections["review_litigation"].intro = "本年度发生政府信息公开行政复议3件、行政诉讼1件。"


def _break_narrative_none(report: Report) -> None:
    report.sections["review_litigation"].intro = "本年度无政府信息公开行政复议、行政诉讼。"


def _break_narrative_year(report: Report) -> None:
    text = "2023年，发生政府信息公开行政复议2件、行政诉讼1件。"  # a 2024 report
    report.sections["review_litigation"].intro = text


def _break_narrative_fee(report: Report) -> None:
    report.sections["other"].parts[0].text = "内容。"


def _break_date_period(report: Report) -> None:
    report.preamble += "所列数据的统计期限为2023年1月1日至2023年12月31日。"


def _break_date_report_date(report: Report) -> None:
    report.report_date = dt.date(2025, 3, 1)


def _break_date_title_year(report: Report) -> None:
    report.preamble += "现公布本机关2023年政府信息公开工作年度报告。"


BREAKERS: dict[str, Breaker] = {
    "value.kind": _break_value_kind,
    "value.blank": _break_blank,
    "value.placeholder": _break_placeholder,
    "value.collapsed": _break_collapsed,
    "value.format2019": _break_format2019,
    "value.invalid": _break_invalid,
    "value.unread": _break_unread,
    "wording.label": _break_wording_label,
    "wording.heading": _break_wording_heading,
    "wording.title": _break_wording_title,
    "wording.collapsed": _break_wording_collapsed,
    "table.untouched": _break_untouched,
    "t3.balance": _break_balance,
    "t3.row_total": _break_row_total,
    "t3.column_total": _break_column_total,
    "t4.group_total": _break_group_total,
    "info.required": _break_info_required,
    "info.year": _break_info_year,
    "info.contact": _break_info_contact,
    "info.undated": _break_info_undated,
    "text.required": _break_text_required,
    "text.empty_part": _break_text_empty_part,
    "text.preamble": _break_preamble,
    "narrative.number": _break_narrative_number,
    "narrative.none": _break_narrative_none,
    "narrative.year": _break_narrative_year,
    "narrative.fee": _break_narrative_fee,
    "date.period": _break_date_period,
    "date.report_date": _break_date_report_date,
    "date.title_year": _break_date_title_year,
}
# The rules about last year's report need it: tests/test_years.py breaks each of them.
CROSS_YEAR_RULES = {rule_id for rule_id in RULES if rule_id.startswith("previous.")}

TABLE_RULES = {"t3.balance", "t3.row_total", "t3.column_total", "t4.group_total"}

SEVERITIES = {
    "value.kind": Severity.ERROR,
    "value.blank": Severity.ERROR,
    "value.placeholder": Severity.ERROR,
    "value.collapsed": Severity.ERROR,
    "value.format2019": Severity.ERROR,
    "value.invalid": Severity.ERROR,
    "value.unread": Severity.WARNING,
    "wording.label": Severity.WARNING,
    "wording.heading": Severity.WARNING,
    "wording.title": Severity.WARNING,
    "wording.collapsed": Severity.WARNING,
    "table.untouched": Severity.ERROR,
    "t3.balance": Severity.ERROR,
    "t3.row_total": Severity.ERROR,
    "t3.column_total": Severity.ERROR,
    "t4.group_total": Severity.ERROR,
    "info.required": Severity.ERROR,
    "info.year": Severity.WARNING,
    "info.contact": Severity.INFO,
    "info.undated": Severity.INFO,
    "text.required": Severity.ERROR,
    "text.empty_part": Severity.WARNING,
    "text.preamble": Severity.INFO,
    "narrative.number": Severity.WARNING,
    "narrative.none": Severity.WARNING,
    "narrative.year": Severity.WARNING,
    "narrative.fee": Severity.WARNING,
    "date.period": Severity.WARNING,
    "date.report_date": Severity.WARNING,
    "date.title_year": Severity.WARNING,
}

# rule → kind, as the problems panel filters them (the kinds are data of the rules).
KINDS = {
    "value.kind": Kind.VALUE,
    "value.blank": Kind.BLANK,
    "value.placeholder": Kind.BLANK,
    "value.collapsed": Kind.BLANK,
    "value.format2019": Kind.BLANK,
    "value.invalid": Kind.VALUE,
    "value.unread": Kind.BLANK,
    "wording.label": Kind.WORDING,
    "wording.heading": Kind.WORDING,
    "wording.title": Kind.WORDING,
    "wording.collapsed": Kind.WORDING,
    "table.untouched": Kind.BLANK,
    "t3.balance": Kind.ARITHMETIC,
    "t3.row_total": Kind.ARITHMETIC,
    "t3.column_total": Kind.ARITHMETIC,
    "t4.group_total": Kind.ARITHMETIC,
    "info.required": Kind.BASIC,
    "info.year": Kind.BASIC,
    "info.contact": Kind.BASIC,
    "info.undated": Kind.BASIC,
    "text.required": Kind.BLANK,
    "text.empty_part": Kind.BLANK,
    "text.preamble": Kind.BASIC,
    "narrative.number": Kind.TEXT_TABLE,
    "narrative.none": Kind.TEXT_TABLE,
    "narrative.year": Kind.DATE,
    "narrative.fee": Kind.OTHER,
    "date.period": Kind.DATE,
    "date.report_date": Kind.DATE,
    "date.title_year": Kind.DATE,
    "previous.link": Kind.CROSS_YEAR,
    "previous.year": Kind.CROSS_YEAR,
    "previous.carry_over": Kind.CROSS_YEAR,
    "previous.in_force": Kind.CROSS_YEAR,
    "previous.jump": Kind.CROSS_YEAR,
    "previous.same_text": Kind.CROSS_YEAR,
}


def test_every_rule_has_a_case():
    assert set(BREAKERS) == set(RULES) - CROSS_YEAR_RULES
    assert set(SEVERITIES) == set(RULES) - CROSS_YEAR_RULES


def test_every_rule_has_its_kind():
    assert {rule_id: rule.kind for rule_id, rule in RULES.items()} == KINDS


@pytest.mark.parametrize("rule_id", sorted(BREAKERS))
def test_rule_fires_on_its_break_only(rule_id: str):
    report = complete_report()
    BREAKERS[rule_id](report)
    findings = run_checks(report)
    fired = of_rule(findings, rule_id)
    assert fired, f"{rule_id} did not fire"
    for finding in fired:
        assert finding.severity is SEVERITIES[rule_id]
        assert finding.kind is KINDS[rule_id]
        assert finding.message.strip()
    # The breaks are chosen so that no other rule fires, except that a broken table total also
    # breaks the equations it takes part in (the 表三 balance, （七）总计's own 总计).
    others = {f.rule.id for f in findings} - {rule_id}
    if rule_id in TABLE_RULES:
        assert others <= TABLE_RULES, others
    else:
        assert others == set(), others


def test_value_kind():
    report = complete_report()
    _break_value_kind(report)
    f = only(run_checks(report), "value.kind")
    assert (f.table, f.row, f.column, f.cells) == (
        "表二",
        "规章",
        "本年制发件数",
        ("t2.rules.issued",),
    )
    assert "表二" in f.message and "规章" in f.message and "本年制发件数" in f.message
    assert "-2" in f.message and "负数" in f.message


@pytest.mark.parametrize(
    ("cell_id", "value", "words"),
    [
        ("t3.disclosed.research", Decimal("1.5"), "整数"),
        ("t2.fees.amount", Decimal("0.0000001"), "7 位小数"),
        ("t2.fees.amount", Decimal("-1"), "负数"),
        ("t4.cases.review_pending", -1, "负数"),
    ],
)
def test_value_kind_cases(cell_id: str, value: object, words: str):
    report = complete_report()
    report.values[cell_id] = value  # type: ignore[assignment]
    f = only(run_checks(report), "value.kind")
    cell = FORMAT_2021.cell_by_id[cell_id]
    assert f.cells == (cell_id,)
    assert (f.row, f.column) == (cell.row_label, cell.column_label)
    assert words in f.message and cell.column_label in f.message


def test_a_bad_total_is_not_also_summed():
    report = complete_report()
    report.values["t3.new.total"] = Decimal("5.5")
    findings = run_checks(report)
    assert only(findings, "value.kind").cells == ("t3.new.total",)
    assert of_rule(findings, "t3.row_total") == []


def test_balance_message_shows_both_sides():
    report = complete_report()
    set_cells(
        report,
        {"t3.carried_in.natural": 0, "t3.unable_not_held.natural": 0, "t3.carried_out.natural": 0},
    )
    report.recompute_totals()
    findings = of_rule(run_checks(report), "t3.balance")
    assert [f.column for f in findings] == ["自然人", "总计"]
    for f in findings:
        assert f.severity is Severity.ERROR
        assert f.table == "表三" and f.row is None
        assert f.message.startswith(f"表三「{f.column}」列")
        assert "本年新收 5 ＋ 上年结转 0 ＝ 5" in f.message
        assert "4 ＋ 结转下年度 0 ＝ 4" in f.message
    natural = findings[0]
    assert set(natural.cells) == {
        "t3.new.natural",
        "t3.carried_in.natural",
        "t3.result_total.natural",
        "t3.carried_out.natural",
    }


def test_balance_holds_per_column_not_only_in_total():
    """Two columns wrong in opposite directions: the 总计 column balances, the columns do not."""
    report = complete_report()
    set_cells(report, {"t3.new.natural": 4, "t3.new.business": 1})
    report.recompute_totals()
    findings = of_rule(run_checks(report), "t3.balance")
    assert [f.column for f in findings] == ["自然人", "商业企业"]
    assert "＝ 5" in findings[0].message and "＝ 6" in findings[0].message
    assert "＝ 1" in findings[1].message and "＝ 0" in findings[1].message


def test_row_total_message():
    report = complete_report()
    _break_row_total(report)
    f = only(run_checks(report), "t3.row_total")
    assert (f.table, f.row, f.column) == ("表三", T3_ROW_NEW, "总计")
    assert f.cells[0] == "t3.new.total" and len(f.cells) == 7
    assert f.message.startswith(f"表三「{T3_ROW_NEW}」行")
    assert "「总计」为 7" in f.message
    assert "自然人 5 ＋ 商业企业 0" in f.message and "其他 0 ＝ 5" in f.message


def test_column_total_message():
    report = complete_report()
    _break_column_total(report)
    f = only(run_checks(report), "t3.column_total")
    assert (f.table, f.row, f.column) == ("表三", T3_RESULT_TOTAL, "自然人")
    assert f.cells[0] == "t3.result_total.natural" and len(f.cells) == 22
    assert "表三" in f.message and "自然人" in f.message
    assert "为 3" in f.message and "＝ 5" in f.message
    # 21 parts are too many to list: the nonzero ones are named
    assert "21 项" in f.message
    assert "（一）予以公开 4" in f.message and "1.本机关不掌握相关政府信息 1" in f.message


def test_result_total_of_total_column_checked_both_ways():
    report = complete_report()
    report.values["t3.result_total.total"] = 9
    findings = run_checks(report)
    assert only(findings, "t3.row_total").row == T3_RESULT_TOTAL
    assert only(findings, "t3.column_total").column == "总计"


def test_group_total_message():
    report = complete_report()
    _break_group_total(report)
    f = only(run_checks(report), "t4.group_total")
    assert f.table == "表四" and f.row is None
    assert f.column == "未经复议直接起诉·总计"
    assert f.cells[0] == "t4.cases.direct_total" and len(f.cells) == 5
    assert "表四" in f.message and "未经复议直接起诉" in f.message
    assert "「总计」为 4" in f.message
    assert "结果维持 0 ＋ 结果纠正 1 ＋ 其他结果 0 ＋ 尚未审结 0 ＝ 1" in f.message


@pytest.mark.parametrize(
    ("total", "group"),
    [
        ("t4.cases.review_total", "行政复议"),
        ("t4.cases.direct_total", "未经复议直接起诉"),
        ("t4.cases.after_review_total", "复议后起诉"),
    ],
)
def test_each_table_4_group_checked(total: str, group: str):
    report = complete_report()
    report.values[total] = 99
    f = only(run_checks(report), "t4.group_total")
    assert f.cells[0] == total and f.column == f"{group}·总计" and "99" in f.message


# --- blanks --------------------------------------------------------------------------------------


def test_a_table_nobody_has_started_is_one_finding():
    """A new report lists each table once ("表三尚未填写"), not its 166 blank cells."""
    report = new_report("某局", 2024)
    findings = run_checks(report)
    untouched = of_rule(findings, "table.untouched")
    assert [f.table for f in untouched] == [t.name for t in FORMAT_2021.tables]
    assert [f.message.split("：")[0] for f in untouched] == [
        f"{t.name}尚未填写" for t in FORMAT_2021.tables
    ]
    # Its place is the table; double-clicking it goes to the table's first entered cell.
    for finding, table in zip(untouched, FORMAT_2021.tables, strict=True):
        assert (finding.row, finding.column) == (None, None)
        assert finding.cells == (next(c.id for c in table.cells if not c.computed),)
        assert finding.severity is Severity.ERROR  # a final version is still refused
    assert {f.rule.id for f in findings if f.table} == {"table.untouched"}
    assert len(findings) <= 15, [f.message for f in findings]


def test_a_new_report_opens_with_a_short_list_of_what_to_fill():
    findings = run_checks(new_report())
    assert len(findings) <= 15
    assert {f.rule.id for f in findings} == {
        "info.required",
        "info.contact",
        "text.preamble",
        "text.required",
        "table.untouched",
    }


def test_one_blank_finding_per_blank_entered_cell_once_a_table_is_started():
    report = new_report("某局", 2024)
    report.values["t3.new.natural"] = 5  # the first number typed into 表三
    report.recompute_totals()
    findings = run_checks(report)
    blanks = of_rule(findings, "value.blank")
    entered = [c.id for c in TABLE_3.cells if not c.computed]
    assert len(entered) == 24 * 6
    assert sorted(f.cells[0] for f in blanks) == sorted(set(entered) - {"t3.new.natural"})
    assert all(len(f.cells) == 1 and f.severity is Severity.ERROR for f in blanks)
    # The other tables are still one finding each; no sum rule runs on blanks.
    assert [f.table for f in of_rule(findings, "table.untouched")] == ["表二", "表四"]
    assert {f.rule.id for f in findings if f.table} == {"value.blank", "table.untouched"}


def test_blank_message_names_the_place_and_says_blank_is_not_zero():
    report = complete_report()
    report.values["t3.refused_safety.legal_service"] = None
    f = only(run_checks(report), "value.blank")
    assert (f.table, f.row, f.column) == ("表三", "3.危及“三安全一稳定”", "法律服务机构")
    assert "表三" in f.message and "3.危及“三安全一稳定”" in f.message
    assert "法律服务机构" in f.message and "空白" in f.message and "0" in f.message


def test_blank_table_4_cell_named_by_its_column():
    report = complete_report()
    report.values["t4.cases.after_review_other"] = None
    f = only(run_checks(report), "value.blank")
    assert f.row is None and f.column == "复议后起诉·其他结果"
    assert "表四「复议后起诉·其他结果」" in f.message


def test_blank_part_is_not_zero_in_sums():
    """总计 5 with a blank part and zeros elsewhere would balance if blank were 0; it must not be
    judged either way — the blank itself is the finding."""
    report = complete_report()
    report.values["t3.new.natural"] = None  # 总计 still says 5
    findings = run_checks(report)
    assert [f.rule.id for f in findings] == ["value.blank"]
    # and the other way round: a total 0 over a blank part is not 'correct'
    report = complete_report()
    set_cells(report, {"t4.cases.review_upheld": None, "t4.cases.review_total": 0})
    findings = run_checks(report)
    assert [f.rule.id for f in findings] == ["value.blank"]
    assert findings[0].cells == ("t4.cases.review_upheld",)


def test_blank_in_balance_is_not_zero():
    report = complete_report()
    report.values["t3.carried_in.natural"] = None  # its 总计 still says 1, so 总计 balances
    findings = run_checks(report)
    assert of_rule(findings, "t3.balance") == []
    assert only(findings, "value.blank").cells == ("t3.carried_in.natural",)


def test_blank_computed_cell_with_written_parts_is_flagged():
    report = complete_report()
    report.values["t3.new.total"] = None
    f = only(run_checks(report), "value.blank")
    assert f.cells == ("t3.new.total",)
    assert (f.row, f.column) == (T3_ROW_NEW, "总计")
    assert "空白" in f.message and "5" in f.message
    assert of_rule(run_checks(report), "t3.row_total") == []


def test_blank_computed_cell_over_blank_parts_is_not_flagged_twice():
    report = complete_report()
    for cell in TABLE_4.cells:
        report.values[cell.id] = None
    report.values["t4.cases.review_upheld"] = 2  # started, so each blank is its own finding
    report.recompute_totals()
    findings = of_rule(run_checks(report), "value.blank")
    assert sorted(f.cells[0] for f in findings) == sorted(
        c.id for c in TABLE_4.cells if not c.computed and c.id != "t4.cases.review_upheld"
    )


# --- blanks while filling: one quiet to-do per table ---------------------------------------------


def test_while_filling_a_tables_blank_cells_are_one_to_do():
    """The window's list (issue 22): the first number typed into a blank 表三 leaves its other
    cells as one to-do, not 143 errors; checking still names each of them."""
    report = new_report("某局", 2024)
    report.values["t3.new.natural"] = 5
    report.recompute_totals()
    checked = run_checks(report)
    shown = while_filling(report, checked)
    (to_do,) = [f for f in shown if f.to_do]
    entered = [c.id for c in TABLE_3.cells if not c.computed and c.id != "t3.new.natural"]
    assert list(to_do.cells) == entered  # in the table's order, as a double-click walks them
    assert to_do.message.startswith(f"表三还有 {len(entered)} 格未填：")
    assert "空白不等于 0" in to_do.message and "正式版" in to_do.message
    assert (to_do.table, to_do.row, to_do.column) == ("表三", None, None)
    # Still the blank-cell error: a final version is refused, it cannot be acknowledged.
    assert to_do.rule.id == "value.blank" and to_do.severity is Severity.ERROR
    assert refusal(shown) is not None
    # Everything else is as checked, in the checks' order.
    assert [f for f in shown if not f.to_do] == [f for f in checked if f.rule.id != "value.blank"]
    assert len(of_rule(checked, "value.blank")) == len(entered)


def test_while_filling_says_a_blank_column_as_a_whole():
    report = complete_report()
    column = [c for c in TABLE_3.cells if c.column.key == "research"]
    for cell in column:
        if not cell.computed:
            report.values[cell.id] = None
    report.recompute_totals()
    (to_do,) = while_filling(report, run_checks(report))
    rows = len(TABLE_3.blocks[0].row_leaves)
    assert to_do.message.startswith(
        f"表三还有 {sum(not c.computed for c in column)} 格未填：「科研机构」列在全部 {rows} 行"
    )


def test_while_filling_leaves_a_files_blank_cells_and_the_untouched_tables_alone():
    """A file's blank cells are the report as published: one error per table either way; a
    table nobody began is one line either way."""
    report = complete_report()
    for cell in TABLE_3.cells:
        if cell.column.key == "research":
            report.values[cell.id] = None
            report.blank_marks[cell.id] = BlankMark(MarkKind.BLANK, "")
    for cell in TABLE_4.cells:
        report.values[cell.id] = None
    checked = run_checks(report)
    assert while_filling(report, checked) == checked
    assert not any(f.to_do for f in checked)


def test_a_to_do_comes_after_the_errors_before_the_warnings():
    report = complete_report()
    report.values["t4.cases.review_upheld"] = None  # a cell left to fill
    report.values["t2.rules.issued"] = -2  # an error
    report.sections["problems"].parts[1].text = ""  # a warning
    shown = while_filling(report, run_checks(report))
    levels = ["待填" if f.to_do else f.severity.label for f in shown]
    assert levels == ["错误", "待填", "警告"]


# --- basic facts and texts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "clear"), [("agency", ""), ("year", None), ("report_date", None)]
)
def test_info_required(field: str, clear: object):
    report = complete_report()
    setattr(report, field, clear)
    f = only(run_checks(report), "info.required")
    assert (f.section, f.address, f.table) == (BASIC, FieldAddress.basic(field), None)
    assert f.severity is Severity.ERROR and "基本信息" in f.message


def test_info_year_only_before_the_format():
    report = complete_report()
    report.year = 2021
    assert of_rule(run_checks(report), "info.year") == []
    report.year = 2019
    f = only(run_checks(report), "info.year")
    assert "2019" in f.message and "2021" in f.message and f.address == FieldAddress.basic("year")


@pytest.mark.parametrize(
    ("attr", "name"), [("contact_office", "联系科室"), ("address", "地址"), ("phone", "电话")]
)
def test_info_contact(attr: str, name: str):
    report = complete_report()
    setattr(report, attr, " ")
    f = only(run_checks(report), "info.contact")
    assert (
        name in f.message and f.address == FieldAddress.basic(attr) and f.severity is Severity.INFO
    )


@pytest.mark.parametrize("key", ["overview", "problems", "other"])
def test_empty_required_section_is_an_error(key: str):
    report = complete_report()
    for part in report.sections[key].parts:
        part.text = ""
    findings = run_checks(report)
    f = only(findings, "text.required")
    heading = FORMAT_2021.section_by_key[key].heading
    assert f.section == key and f.severity is Severity.ERROR and heading in f.message
    assert f.to_json(FORMAT_2021)["section"] == heading
    # the empty parts are not reported again one by one
    assert of_rule(findings, "text.empty_part") == []


@pytest.mark.parametrize("key", ["overview", "problems", "other"])
def test_required_section_with_only_an_intro_passes(key: str):
    report = complete_report()
    report.sections[key].parts = []
    report.sections[key].intro = "有内容，本年度未收取信息处理费。"
    assert run_checks(report) == []


def test_empty_lead_sentences_of_table_sections_are_fine():
    report = complete_report()
    for key in ("proactive", "requests", "review_litigation"):
        report.sections[key].intro = ""
        report.sections[key].parts = []
    assert run_checks(report) == []


def test_empty_part_names_its_numbered_heading():
    report = complete_report()
    _break_text_empty_part(report)
    f = only(run_checks(report), "text.empty_part")
    assert f.address == FieldAddress("problems", 1)
    assert "（二）本年度存在的问题及下年度改进举措" in f.message
    assert "五、存在的主要问题及改进情况" in f.message


def test_part_without_heading_is_not_an_empty_part():
    report = complete_report()
    report.sections["overview"].parts.append(TextPart("", ""))
    assert run_checks(report) == []


# --- the shape of findings -----------------------------------------------------------------------


def test_to_json_keys():
    report = new_report()
    findings = run_checks(report)
    keys = {"severity", "rule", "kind", "table", "row", "column", "section", "message"}
    assert findings
    for f in findings:
        data = f.to_json(FORMAT_2021)
        assert set(data) == keys
        assert data["severity"] in {"error", "warning", "info"}
        assert data["rule"] == f.rule.id and data["message"] == f.message
        assert data["kind"] == f.kind.label
    basic = next(f for f in findings if f.section == BASIC)
    assert basic.to_json(FORMAT_2021)["section"] == "基本信息"
    report.values["t3.new.natural"] = 1
    table = next(f for f in run_checks(report) if f.table == "表三")
    data = table.to_json(FORMAT_2021)
    assert data["section"] is None and data["table"] == "表三" and data["row"] and data["column"]
    assert data["kind"] == "空白"


def test_errors_come_first_and_counts():
    report = new_report()
    findings = run_checks(report)
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks)
    assert findings[-1].severity is Severity.INFO
    n = counts(findings)
    assert sum(n.values()) == len(findings)
    assert summary(findings) == (
        f"{n[Severity.ERROR]} 个错误、{n[Severity.WARNING]} 个警告、{n[Severity.INFO]} 个提示"
    )


def test_order_wrong_numbers_first_then_by_the_pages_of_the_form():
    """The one 勾稽 error of a half-filled table is listed first, not buried among its blanks."""
    report = complete_report()
    report.agency = ""  # 基本信息, an error
    report.sections["overview"] = type(report.sections["overview"])()  # 一, an error
    for cell in TABLE_3.cells:  # 表三 half filled: the rest of its rows blank
        if cell.row.key not in ("new", "carried_in"):
            report.values[cell.id] = None
    report.values["t2.rules.issued"] = -2  # 数值
    report.values["t4.cases.direct_total"] = 4  # 勾稽
    report.phone = ""  # a hint
    report.sections["problems"].parts[1].text = ""  # a warning
    findings = run_checks(report)
    kinds = [f.kind for f in findings]
    errors = [f for f in findings if f.severity is Severity.ERROR]
    first = [f.rule.id for f in errors[:2]]
    assert first == ["value.kind", "t4.group_total"]  # wrong numbers, 表二 before 表四
    rest = errors[2:]
    assert {f.kind for f in rest} == {Kind.BASIC, Kind.BLANK}
    # then by the pages: 基本信息, 一, then 表三's blanks
    assert [f.rule.id for f in rest[:2]] == ["info.required", "text.required"]
    assert {f.rule.id for f in rest[2:]} == {"value.blank"}
    assert [f.severity for f in findings[len(errors) :]] == [Severity.WARNING, Severity.INFO]
    assert kinds.index(Kind.ARITHMETIC) < kinds.index(Kind.BLANK)


def test_an_untouched_table_refuses_a_final_version():
    """Exporters decide with the same findings (models.checks.export_refusal): one table untouched
    is an error, so 导出正式版 is refused and the error names the table."""
    report = complete_report()
    assert refusal(run_checks(report)) is None
    _break_untouched(report)
    refused = refusal(run_checks(report))
    assert refused is not None
    assert [f.rule.id for f in refused.errors] == ["table.untouched"]
    assert refused.errors[0].message.startswith("表四尚未填写")


def test_a_published_report_without_a_date_gets_a_hint_the_clerks_own_an_error() -> None:
    """The official format has no 落款: a report read from a published document is judged on
    what the format requires; the clerk's own report is signed and dated (GB/T 9704)."""
    report = complete_report()
    report.report_date = None
    (own,) = [f for f in run_checks(report) if f.address == FieldAddress.basic("report_date")]
    assert (own.rule.id, own.severity) == ("info.required", Severity.ERROR)
    report.published = True
    (read,) = run_checks(report)
    assert (read.rule.id, read.severity) == ("info.undated", Severity.INFO)
    assert "没有落款日期" in read.message and "官方格式不要求落款" in read.message
    assert read.address == FieldAddress.basic("report_date")  # 基本信息's field to fill in
    report.report_date = dt.date(2025, 1, 20)
    assert run_checks(report) == []


def test_a_final_version_needs_a_date_even_of_a_published_report() -> None:
    """A final document is dated whatever the report was read from; a draft never is refused."""
    report = complete_report()
    report.report_date = None
    report.published = True
    refused = refusal(run_checks(report))
    assert refused is not None and [f.rule.id for f in refused.errors] == ["info.undated"]
    assert "没有落款日期" in str(refused) and "导出草稿" in str(refused)
    assert "个错误" not in str(refused)  # a hint, not counted as an error
    report.values["t2.rules.issued"] = -2
    refused = refusal(run_checks(report))
    assert refused is not None
    assert "还有 1 个错误，没有落款日期" in str(refused)
    report.published = False
    refused = refusal(run_checks(report))
    assert refused is not None and str(refused).startswith("报告还有 2 个错误，不能导出正式版")


def test_a_final_version_needs_the_cells_a_reader_could_not_read() -> None:
    """Cells not read from a file are a warning of the report (it is not known to be wrong), but
    a final document would print them blank: refused, naming how many and what to do."""
    report = complete_report()
    _break_unread(report)
    findings = run_checks(report)
    assert {f.severity for f in findings} == {Severity.WARNING}
    refused = refusal(findings)
    assert refused is not None and [f.rule.id for f in refused.errors] == ["value.unread"]
    assert "有 6 个单元格没有从文件中读出" in str(refused) and "对照原文件填写" in str(refused)
    assert "个错误" not in str(refused)


def test_every_rule_has_a_chinese_title():
    assert all(re.search("[\u4e00-\u9fff]", rule.title) for rule in RULES.values())
    assert all(rule_id == rule.id for rule_id, rule in RULES.items())


def test_checks_do_not_change_the_report():
    report = complete_report()
    report.values["t3.new.total"] = None
    before = report.copy()
    run_checks(report)
    assert report.values == before.values


# --- models.report -------------------------------------------------------------------------------


def test_recompute_totals_fills_every_total():
    report = new_report()
    set_cells(
        report,
        {
            "t3.new.natural": 2,
            "t3.new.legal_service": 3,
            "t3.disclosed.natural": 1,
            "t3.other_other.other_org": 4,
            "t4.cases.after_review_pending": 6,
        },
    )
    changed = report.recompute_totals()
    assert report.value("t3.new.total") == 5
    assert report.value("t3.disclosed.total") == 1
    assert report.value("t3.result_total.natural") == 1
    assert report.value("t3.result_total.other_org") == 4
    assert report.value("t3.result_total.total") == 5
    assert report.value("t4.cases.after_review_total") == 6
    # totals over nothing written stay blank, never 0
    assert report.value("t3.carried_in.total") is None
    assert report.value("t3.result_total.business") is None
    assert report.value("t4.cases.review_total") is None
    assert set(changed) == {
        "t3.new.total",
        "t3.disclosed.total",
        "t3.other_other.total",
        "t3.result_total.natural",
        "t3.result_total.other_org",
        "t3.result_total.total",
        "t4.cases.after_review_total",
    }
    assert all(FORMAT_2021.cell_by_id[c].computed for c in changed)
    assert report.recompute_totals() == []


def test_recompute_totals_of_zeros_is_zero_and_amounts_stay_decimal():
    report = filled(new_report())
    assert all(report.value(c) == 0 for c in FORMAT_2021.cells if c.table is not TABLE_2)
    assert report.value("t2.fees.amount") == Decimal("240.9199")
    assert all(report.value(c) is not None for c in TABLE_3.cells)


def test_recompute_totals_overwrites_a_wrong_total_and_clears_a_stale_one():
    report = filled(new_report())
    report.values["t3.new.total"] = 99
    assert "t3.new.total" in report.recompute_totals()
    assert report.value("t3.new.total") == 0
    for cell in TABLE_4.cells:
        if not cell.computed:
            report.values[cell.id] = None
    report.recompute_totals()
    assert report.value("t4.cases.review_total") is None


def test_copy_is_independent():
    report = complete_report()
    twin = report.copy()
    twin.values["t3.new.natural"] = 100
    twin.sections["overview"].parts[0].text = "改了"
    twin.sections["overview"].parts.append(TextPart("新的", "x"))
    twin.sections["problems"].intro = "改了"
    twin.agency = "别的局"
    assert report.value("t3.new.natural") == 5
    assert report.sections["overview"].parts[0].text == "内容。"
    assert len(report.sections["overview"].parts) == 5
    assert report.sections["problems"].intro == ""
    assert report.agency == "硚口区行政审批局"
    assert twin.format is report.format


def test_new_report_offers_usual_parts_and_blank_values():
    report = new_report("某局", 2024)
    assert report.title == "某局2024年政府信息公开工作年度报告"
    assert [p.heading for p in report.sections["problems"].parts] == [
        "上年度存在的问题及改进情况",
        "本年度存在的问题及下年度改进举措",
    ]
    assert report.sections["requests"].parts == []
    assert set(report.values) == {c.id for c in FORMAT_2021.cells}
    assert all(v is None for v in report.values.values())


@pytest.mark.parametrize(
    ("index", "number"),
    [
        (0, "（一）"),
        (1, "（二）"),
        (8, "（九）"),
        (9, "（十）"),
        (10, "（十一）"),
        (18, "（十九）"),
        (19, "（二十）"),
        (20, "（二十一）"),
        (29, "（三十）"),
        (98, "（九十九）"),
    ],
)
def test_part_number(index: int, number: str):
    assert part_number(index) == number


def test_table_2_not_checked_for_sums():
    report = complete_report()
    report.values["t2.rules.in_force"] = 1000  # not 制发 − 废止: a cross-year matter, no rule here
    assert run_checks(report) == []
    assert TABLE_2.sums == []


SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "qiaokou-2024.gknb"


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the sample project is not in this checkout")
def test_published_sample_report_passes_and_breaks_like_any_other():
    from models import project_file

    report = project_file.load(SAMPLE)
    assert report.title == "硚口区行政审批局2024年政府信息公开工作年度报告"
    assert run_checks(report) == []
    report.values["t3.new.natural"] = (report.value("t3.new.natural") or 0) + 1
    assert {f.rule.id for f in run_checks(report)} == {"t3.row_total", "t3.balance"}
