"""models.checks.years (carry-over, 现行有效, jumps, 内容雷同), models.checks.dates (the dates),
models.previous_year (linking, 从上年报告新建); 已核实 (models.checks.acknowledge) through the
project file; ``check --previous``."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

from models import previous_year, project_file
from models.checks import years as year_checks
from models.checks.acknowledge import CannotAcknowledge, acknowledge, withdraw
from models.checks.findings import Finding, Severity
from models.checks.tables import RULES, run_checks
from models.files import FileProblem
from models.format.format2021 import TABLE_3
from models.narrative import generated as generated_text
from models.narrative.fields import FieldAddress
from models.report import Acknowledgement, Report
from tests.conftest import REPO, SAMPLE
from tests.main_process import run_main
from tests.test_properties import SETTINGS, consistent_reports

CROSS_YEAR = {
    "previous.carry_over",
    "previous.in_force",
    "previous.jump",
    "previous.same_text",
    "previous.year",
    "previous.link",
}


def sample() -> Report:
    return project_file.load(SAMPLE)


def last_year() -> Report:
    """The sample's agency a year earlier, consistent with the sample: it carried 0 applications
    forward (the sample's 上年结转), other figures of the same order, and its own text."""
    report = sample()
    report.year = 2023
    report.report_date = dt.date(2024, 1, 12)
    report.preamble = report.preamble.replace("2024", "2023")
    report.values["t3.carried_out.natural"] = 0
    report.values["t3.new.natural"] = 4
    report.values["t2.license.decisions"] = 98000
    report.values["t2.fees.amount"] = Decimal("198.5")
    report.recompute_totals()
    for section in report.sections.values():
        section.intro = section.intro.replace("2024", "2023") + ("上年。" if section.intro else "")
        for part in section.parts:
            part.text = "\n".join(f"上年：{line}" for line in part.text.split("\n"))
    report.sections.update(generated_text.generate(report).sections)  # its sentences, its numbers
    assert run_checks(report) == []
    return report


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    assert rule_id in RULES
    return [f for f in findings if f.rule.id == rule_id]


# --- a consistent pair passes; each cross-year rule fires on its break ---------------------------


def test_the_sample_and_its_last_year_are_consistent() -> None:
    assert run_checks(sample(), last_year()) == []


def _break_carry_over(report: Report, previous: Report) -> None:
    previous.values["t3.carried_out.natural"] = 2
    previous.values["t3.carried_out.total"] = 2


def _break_in_force(report: Report, previous: Report) -> None:
    report.values["t2.normative.in_force"] = 3  # last year 0 + 0 issued − 0 repealed


def _break_jump(report: Report, previous: Report) -> None:
    previous.values["t2.license.decisions"] = 20000  # 107345 is more than 5 × 20000


def _break_same_text(report: Report, previous: Report) -> None:
    previous.sections["problems"].parts[0].text = report.sections["problems"].parts[0].text


def _break_year(report: Report, previous: Report) -> None:
    previous.year = 2022


BREAKERS: dict[str, Callable[[Report, Report], None]] = {
    "previous.carry_over": _break_carry_over,
    "previous.in_force": _break_in_force,
    "previous.jump": _break_jump,
    "previous.same_text": _break_same_text,
    "previous.year": _break_year,
}
SEVERITIES = {
    "previous.carry_over": Severity.ERROR,
    "previous.in_force": Severity.WARNING,
    "previous.jump": Severity.INFO,
    "previous.same_text": Severity.WARNING,
    "previous.year": Severity.WARNING,
    "previous.link": Severity.INFO,
}


def test_every_cross_year_rule_has_a_case() -> None:
    assert {r for r in RULES if r.startswith("previous.")} == CROSS_YEAR
    assert set(BREAKERS) | {"previous.link"} == CROSS_YEAR
    assert set(SEVERITIES) == CROSS_YEAR


@pytest.mark.parametrize("rule_id", sorted(BREAKERS))
def test_cross_year_rule_fires_on_its_break_only(rule_id: str) -> None:
    report, previous = sample(), last_year()
    BREAKERS[rule_id](report, previous)
    findings = run_checks(report, previous)
    fired = of(findings, rule_id)
    assert fired
    assert all(f.severity is SEVERITIES[rule_id] and f.message.strip() for f in fired)
    assert {f.rule.id for f in findings} == {rule_id}


def test_carry_over_names_both_numbers_per_column() -> None:
    report, previous = sample(), last_year()
    _break_carry_over(report, previous)
    findings = of(run_checks(report, previous), "previous.carry_over")
    assert [f.column for f in findings] == ["自然人", "总计"]
    natural = findings[0]
    assert natural.table == "表三" and natural.row == "二、上年结转政府信息公开申请数量"
    assert natural.cells == ("t3.carried_in.natural",)
    assert "列为 0" in natural.message and "上年（2023 年度）报告" in natural.message
    assert "「四、结转下年度继续办理」行「自然人」列为 2" in natural.message


def test_in_force_follows_from_last_year() -> None:
    report, previous = sample(), last_year()
    previous.values["t2.rules.in_force"] = 3
    report.values["t2.rules.issued"] = 1
    report.values["t2.rules.in_force"] = 4  # 3 + 1 − 0
    assert run_checks(report, previous) == []
    report.values["t2.rules.repealed"] = 2  # 3 + 1 − 2 = 2, not 4
    (finding,) = run_checks(report, previous)
    assert finding.rule.id == "previous.in_force" and finding.severity is Severity.WARNING
    assert "表二「规章」现行有效件数为 4" in finding.message
    assert "上年现行有效 3 ＋ 本年制发 1 － 本年废止 2 ＝ 2" in finding.message
    assert "已核实" in finding.message


@pytest.mark.parametrize(
    ("then", "now", "fires"),
    [
        (20000, 107345, True),
        (30000, 107345, False),
        (107345, 20000, True),
        (107345, 30000, False),
        (0, 12, True),
        (1, 6, False),
        (9, 0, False),
        (12, 0, True),
    ],
)
def test_jumps(then: int, now: int, fires: bool) -> None:
    report, previous = sample(), last_year()
    previous.values["t2.license.decisions"] = then
    report.values["t2.license.decisions"] = now
    report.sections["proactive"].intro = ""  # the sample's text states 107345
    findings = of(run_checks(report, previous), "previous.jump")
    assert bool(findings) is fires
    if fires:
        assert f"本年为 {now}" in findings[0].message and f"上年为 {then}" in findings[0].message


@pytest.mark.parametrize(
    ("then", "now", "change"),
    [
        # Growth: strictly more than five times last year's figure.
        (20000, 100000, None),  # exactly 5 ×
        (20000, 100001, "是上年的 5 倍以上"),  # just above
        (20000, 99999, None),  # just below
        # Decline: strictly less than a fifth of last year's figure.
        (100000, 20000, None),  # exactly a fifth
        (100000, 19999, "不到上年的五分之一"),  # just below
        (100000, 20001, None),  # just above
        # The floor: the larger figure must reach 10.
        (1, 10, "是上年的 5 倍以上"),  # at the floor, 10 > 5 × 1
        (1, 9, None),  # just under the floor, though 9 > 5 × 1
        (2, 10, None),  # at the floor but exactly 5 ×
        (1, 11, "是上年的 5 倍以上"),  # just above the floor
        (0, 10, "从无到有"),  # at the floor from nothing
        (0, 9, None),  # under the floor from nothing
        (10, 1, "不到上年的五分之一"),  # at the floor, falling: 1 × 5 < 10
        (9, 1, None),  # under the floor, falling
    ],
)
def test_jump_boundaries(then: int, now: int, change: str | None) -> None:
    """The rule fires on ``now > then × JUMP_FACTOR`` or ``now × JUMP_FACTOR < then``, and only
    when the larger figure is at least ``JUMP_FLOOR``."""
    assert (year_checks.JUMP_FACTOR, year_checks.JUMP_FLOOR) == (5, 10)
    report, previous = sample(), last_year()
    previous.values["t2.license.decisions"] = then
    report.values["t2.license.decisions"] = now
    report.sections["proactive"].intro = ""  # the sample's text states 107345
    findings = of(run_checks(report, previous), "previous.jump")
    if change is None:
        assert findings == []
    else:
        (finding,) = findings
        assert f"本年为 {now}，上年为 {then}，{change}。" in finding.message
        assert finding.cells == ("t2.license.decisions",)


def test_same_text_is_per_field_and_ignores_spaces_and_short_paragraphs() -> None:
    report, previous = sample(), last_year()
    text = report.sections["other"].parts[2].text
    previous.sections["other"].parts[2].text = "其他段落。\n" + text.replace("，", " ， ")
    previous.sections["other"].parts[0].text = "本年度未收取信息处理费。"
    report.sections["other"].parts[0].text = "本年度未收取信息处理费。"  # short: may repeat
    (finding,) = run_checks(report, previous)
    assert finding.rule.id == "previous.same_text"
    assert finding.address == FieldAddress("other", 2)
    assert "六、其他需要报告的事项（三）重点领域政府信息公开情况" in finding.message
    assert "与上年报告完全相同" in finding.message and "2024年，围绕重大建设项目" in finding.message


def test_a_previous_report_of_the_wrong_year_is_not_compared() -> None:
    report, previous = sample(), sample()  # the same file chosen twice
    findings = run_checks(report, previous)
    assert [f.rule.id for f in findings] == ["previous.year"]
    assert "2024 年度" in findings[0].message and "2023 年度" in findings[0].message


def test_an_unreadable_linked_report_is_a_hint(tmp_path: Path) -> None:
    report = sample()
    report.previous_file = str(tmp_path / "没有这个文件.gknb")
    previous, problem = previous_year.load_linked(report, None, lambda p: project_file.load(p))
    assert previous is None and problem is not None
    (finding,) = run_checks(report, previous, previous_problem=problem)
    assert finding.rule.id == "previous.link" and finding.severity is Severity.INFO
    assert "没有这个文件.gknb" in finding.message and "找不到" in finding.message


def test_the_previous_file_given_goes_before_the_linked_one(tmp_path: Path) -> None:
    """check --previous: the file given is compared (a FileProblem when it cannot be read);
    without one, the file linked in the project, or why it could not be read."""
    given, linked = tmp_path / "given.gknb", tmp_path / "linked.gknb"
    given.write_bytes(SAMPLE.read_bytes())
    report = sample()
    report.previous_file = str(linked)
    previous, problem = previous_year.previous_for_check(report, None, given, project_file.load)
    assert previous is not None and previous.agency == report.agency and problem is None
    previous, problem = previous_year.previous_for_check(report, None, None, project_file.load)
    assert previous is None and problem is not None and "linked.gknb" in problem
    with pytest.raises(FileProblem):
        previous_year.previous_for_check(report, None, linked, project_file.load)


def test_linked_path_relative_and_moved(tmp_path: Path) -> None:
    folder = tmp_path / "年报"
    folder.mkdir()
    (folder / "2023.gknb").write_bytes(b"x")
    report = sample()
    report.previous_file = "2023.gknb"
    assert previous_year.linked_path(report, folder / "2024.gknb") == folder / "2023.gknb"
    report.previous_file = str(tmp_path / "旧文件夹" / "2023.gknb")  # the folder was moved
    assert previous_year.linked_path(report, folder / "2024.gknb") == folder / "2023.gknb"
    report.previous_file = ""
    assert previous_year.linked_path(report, folder / "2024.gknb") is None


# --- 从上年报告新建 ------------------------------------------------------------------------------


def test_new_from_previous(tmp_path: Path) -> None:
    previous = sample()
    path = tmp_path / "2024.gknb"
    project_file.save(previous, path)
    report = previous_year.new_from_previous(previous, path)
    assert (report.agency, report.year, report.report_date) == ("硚口区行政审批局", 2025, None)
    assert (report.contact_office, report.address, report.phone) == (
        previous.contact_office,
        previous.address,
        previous.phone,
    )
    assert "所列统计数据时间范围为2025年1月1日至2025年12月31日。" in report.preamble
    assert report.previous_file == str(path.resolve())
    # 上年结转 is last year's 结转下年度继续办理; nothing else of the tables is carried.
    for column in TABLE_3.blocks[0].column_leaves:
        assert (
            report.values[f"t3.carried_in.{column.key}"]
            == previous.values[f"t3.carried_out.{column.key}"]
        )
    assert report.values["t3.carried_in.natural"] == 1
    assert report.values["t3.new.natural"] is None and report.values["t2.fees.amount"] is None
    # Last year's text is the draft, every paragraph marked unchanged, its years moved on …
    overview = report.sections["overview"]
    assert overview.intro.startswith("2025年，在区委、区政府的正确领导下")
    assert overview.intro[4:] == previous.sections["overview"].intro[4:]
    # … and last year's 五（二） (its problems and this year's plans) offered as this year's
    # 五（一） as it was written: its 2024 is last year now, its 2025 this year.
    account, plans = report.sections["problems"].parts
    last_plans = previous.sections["problems"].parts[1]
    assert (account.heading, account.text) == (
        previous.sections["problems"].parts[0].heading,
        last_plans.text,
    )
    assert plans.heading == last_plans.heading
    assert plans.text.startswith("2025年存在问题：")
    assert "\n2026年，我局将重点做好以下几项工作" in plans.text
    findings = run_checks(report, previous)
    assert of(findings, "previous.carry_over") == []
    same = of(findings, "previous.same_text")
    assert len(same) == 14  # every text field of 一 … 六
    # … and the marks stand without the linked file, until a paragraph is edited.
    assert len(of(run_checks(report), "previous.same_text")) == 14
    rewritten = "2025年，我局无因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    report.sections["review_litigation"].intro = rewritten
    assert len(of(run_checks(report), "previous.same_text")) == 13
    # Saved and opened again, the draft marks are still there.
    again = project_file.loads(project_file.dumps(report))
    assert again.previous_paragraphs == report.previous_paragraphs
    assert len(of(run_checks(again), "previous.same_text")) == 13


@pytest.mark.parametrize(
    ("written", "moved"),
    [
        # the statistics period, as reports write it
        (
            "所列统计数据时间范围为2024年1月1日至2024年12月31日。",
            "所列统计数据时间范围为2025年1月1日至2025年12月31日。",
        ),
        ("统计期限为2024年1月1日至12月31日。", "统计期限为2025年1月1日至12月31日。"),
        (
            "本报告中所列数据统计期限自2024年1月1日起至2024年12月31日止。",
            "本报告中所列数据统计期限自2025年1月1日起至2025年12月31日止。",
        ),
        (
            "时间范围为２０２４年１月１日至２０２４年１２月３１日。",
            "时间范围为２０２５年１月１日至２０２５年１２月３１日。",
        ),
        # the report year, last year and next year, each a year on
        (
            "2024年，我局坚持以习近平新时代中国特色社会主义思想为指导",
            "2025年，我局坚持以习近平新时代中国特色社会主义思想为指导",
        ),
        (
            "2024年度，我局及相关个人未因政务公开被责任追究。",
            "2025年度，我局及相关个人未因政务公开被责任追究。",
        ),
        ("我局在2024年度没有收到超过一定数量的申请", "我局在2025年度没有收到超过一定数量的申请"),
        (
            "2024年硚口区行政审批局共处理行政许可107345件",
            "2025年硚口区行政审批局共处理行政许可107345件",
        ),
        ("截至2024年底，现行有效规范性文件10件。", "截至2025年底，现行有效规范性文件10件。"),
        ("截至2024年12月31日，共发布信息141条。", "截至2025年12月31日，共发布信息141条。"),
        ("2023年存在的问题：一是主动公开信息不全面", "2024年存在的问题：一是主动公开信息不全面"),
        ("与2023年相比，申请量增长20%。", "与2024年相比，申请量增长20%。"),
        ("2025年，我局将重点做好以下几项工作", "2026年，我局将重点做好以下几项工作"),
        ("二〇二四年，我局新收到申请6件。", "二〇二五年，我局新收到申请6件。"),
        # dates and titles of documents, events, fixed years: as they were
        ("2024年5月10日，我局召开政务公开工作会议。", None),
        ("2024年3月，开展政务公开业务培训。", None),
        ("印发《硚口区2024年政务公开工作要点》，明确任务。", None),
        ("根据《中华人民共和国政府信息公开条例》（2019年修订）", None),
        ("自2023年以来，我局持续推进标准化建设。", None),
        ("从2024年起，每季度通报一次。", None),
        ("2022年建成的政务服务平台继续运行。", None),
        ("（国办公开办函〔2021〕30号）", None),
        ("电话：027-83616771，邮编430030。", None),
    ],
)
def test_the_years_of_the_reporting_move_on(written: str, moved: str | None) -> None:
    text, changes = previous_year.move_years(written, 2024)
    assert text == (written if moved is None else moved)
    assert bool(changes) == (moved is not None)
    for before, after in changes:  # each change shows the words it is in
        assert before in written and after in text and before != after


def test_a_text_with_many_years_moves_each_that_means_the_reporting() -> None:
    written = (
        "2024年，我局印发《2024年政务公开工作要点》，于2024年4月1日起施行。"
        "截至2024年底共公开信息141条，比2023年增加20条。"
    )
    text, changes = previous_year.move_years(written, 2024)
    assert text == (
        "2025年，我局印发《2024年政务公开工作要点》，于2024年4月1日起施行。"
        "截至2025年底共公开信息141条，比2024年增加20条。"
    )
    assert [after[:5] for _, after in changes] == ["2025年", "2025年", "2024年"]


def test_the_draft_and_its_years_are_two_steps(tmp_path: Path) -> None:
    """从上年报告新建 gives last year's text as it was, and the years moved on as a separate
    change (the window's one undoable step), each move named by its place."""
    previous = sample()
    draft = previous_year.draft_from_previous(previous)
    assert draft.report.preamble == previous.preamble
    assert draft.offered == "五（一）上年度存在的问题及改进情况"
    moves = [str(move) for move in draft.years.moves]
    assert moves[0] == "前言：“2024年1月1日至2024年12月31日”→“2025年1月1日至2025年12月31日”"
    assert len(moves) == 13
    assert all("2024" in str(m.before) or "2025" in str(m.before) for m in draft.years.moves)
    assert FieldAddress("problems", 0) not in draft.years.texts  # the offered part as written
    preamble = draft.years.texts[FieldAddress.basic("preamble")]
    assert "2025年1月1日至2025年12月31日" in preamble
    # The copied paragraphs stay marked in both states: before and after the years move.
    last_year = year_checks.last_year_paragraphs(draft.report, None)
    for text in (previous.preamble, preamble, previous.sections["overview"].intro):
        assert year_checks.is_unchanged(text, last_year)
    assert year_checks.is_unchanged(draft.years.texts[FieldAddress("overview")], last_year)
    # A report of no year has nothing to move.
    previous.year = None
    assert previous_year.draft_from_previous(previous).years.moves == []


@SETTINGS
@given(consistent_reports())
def test_a_report_started_from_last_year_passes_the_carry_over_rule(previous: Report) -> None:
    previous.year = 2023
    report = previous_year.new_from_previous(previous)
    assert of(run_checks(report, previous), "previous.carry_over") == []
    # once its tables are filled in, still: only the 上年结转 row was carried
    for cell in TABLE_3.cells:
        if report.values[cell.id] is None and not cell.computed:
            report.values[cell.id] = 0
    report.recompute_totals()
    assert of(run_checks(report, previous), "previous.carry_over") == []


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("所列统计数据时间范围为2024年1月1日至2024年12月31日。", False),
        ("统计期限为２０２４年１月１日至１２月３１日。", False),
        ("所列统计数据时间范围为2023年1月1日至2023年12月31日。", True),
        ("统计时间为2024年1月1日-2024年11月30日。", True),
        ("本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。", False),
        ("本报告所列数据统计期限为2023年度。", True),
    ],
)
def test_statistics_period(sentence: str, fires: bool) -> None:
    report = sample()
    report.preamble = "依据《中华人民共和国政府信息公开条例》编制本报告。" + sentence
    findings = of(run_checks(report), "date.period")
    assert bool(findings) is fires
    if fires:
        (finding,) = findings
        assert (
            finding.address == FieldAddress.basic("preamble")
            and "2024年1月1日至2024年12月31日" in finding.message
        )


@pytest.mark.parametrize(
    ("date", "whole", "words"),
    [
        (dt.date(2025, 1, 7), False, None),
        (dt.date(2025, 1, 31), False, None),
        (dt.date(2025, 2, 1), False, "晚于 2025年1月31日"),
        (dt.date(2025, 3, 31), True, None),
        (dt.date(2025, 4, 1), True, "晚于 2025年3月31日"),
        (dt.date(2024, 12, 30), False, "在 2024 年度结束之前"),
    ],
)
def test_report_date(date: dt.date, whole: bool, words: str | None) -> None:
    report = sample()
    report.report_date = date
    report.whole_government = whole
    findings = of(run_checks(report), "date.report_date")
    if words is None:
        assert findings == []
    else:
        (finding,) = findings
        assert words in finding.message and finding.address == FieldAddress.basic("report_date")


def test_title_year() -> None:
    report = sample()
    report.preamble += "现公布硚口区行政审批局2023年政府信息公开工作年度报告。"
    (finding,) = run_checks(report)
    assert finding.rule.id == "date.title_year"
    assert "2023年政府信息公开工作年度报告" in finding.message
    report = sample()
    report.agency = "硚口区行政审批局2024年"
    assert [f.rule.id for f in run_checks(report)] == ["date.title_year"]


# --- 已核实 --------------------------------------------------------------------------------------


def test_acknowledged_warning_keeps_its_note_through_the_project_file(tmp_path: Path) -> None:
    report = sample()
    report.report_date = dt.date(2025, 2, 3)
    (finding,) = run_checks(report)
    assert finding.rule.id == "date.report_date" and not finding.acknowledged
    acknowledge(report, finding, "  经批准延期公布 ")
    (marked,) = run_checks(report)
    assert marked.note == "经批准延期公布" and marked.acknowledged
    assert marked.key == finding.key == "date.report_date@basic/report_date/"
    assert marked.to_json(report.format)["acknowledged"] == "经批准延期公布"
    path = tmp_path / "报告.gknb"
    project_file.save(report, path)
    saved = json.loads(path.read_text(encoding="utf-8"))["report"]["acknowledged"]
    assert saved == {finding.key: {"note": "经批准延期公布", "message": finding.message}}
    again = project_file.load(path)
    assert again.acknowledged == {finding.key: Acknowledgement("经批准延期公布", finding.message)}
    # The key is the place, not the message: another late date is still acknowledged.
    again.report_date = dt.date(2025, 2, 20)
    (still,) = run_checks(again)
    assert still.note == "经批准延期公布" and "2025年2月20日" in still.message
    assert withdraw(again, still) and run_checks(again)[0].note is None


def test_errors_cannot_be_acknowledged() -> None:
    report = sample()
    report.values["t3.new.natural"] = None
    error = run_checks(report)[0]
    assert error.severity is Severity.ERROR
    with pytest.raises(CannotAcknowledge):
        acknowledge(report, error, "不需要")
    report.acknowledged[error.key] = Acknowledgement("手工写入文件")  # ignored
    assert run_checks(report)[0].note is None


def test_an_empty_note_is_refused() -> None:
    report = sample()
    report.report_date = dt.date(2025, 2, 3)
    with pytest.raises(CannotAcknowledge):
        acknowledge(report, run_checks(report)[0], " \u3000")


def test_year_settings_round_trip_and_are_only_written_when_set(tmp_path: Path) -> None:
    report = sample()
    assert "whole_government" not in project_file.to_data(report)["report"]
    report.whole_government = True
    report.previous_file = "D:\\年报\\2023.gknb"
    report.previous_paragraphs = ["上年的一段。", "第二段"]
    again = project_file.loads(project_file.dumps(report))
    assert again == report


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("whole_government", "是", "whole_government"),
        ("previous_file", 3, "previous_file"),
        ("previous_paragraphs", "一段", "previous_paragraphs"),
        ("previous_paragraphs", [1], "previous_paragraphs"),
        ("acknowledged", [], "acknowledged"),
        ("acknowledged", {"x": "说明"}, "acknowledged.x"),
    ],
)
def test_bad_year_settings_are_refused(key: str, value: object, words: str) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["report"][key] = value
    with pytest.raises(project_file.ProjectFileError) as caught:
        project_file.loads(json.dumps(data, ensure_ascii=False))
    assert words in str(caught.value)


def test_the_document_names_the_new_keys() -> None:
    document = (REPO / "docs" / "project-file.md").read_text(encoding="utf-8")
    for key in ("whole_government", "previous_file", "previous_paragraphs", "acknowledged"):
        assert f"`{key}`" in document
    assert "narrative.number@requests/intro/t3.new.total" in document


# --- the command line ----------------------------------------------------------------------------


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_main(*args)


def test_check_with_previous(tmp_path: Path) -> None:
    good = tmp_path / "2023 年报.gknb"
    project_file.save(last_year(), good)
    result = run("check", SAMPLE, "--previous", good)
    assert result.returncode == 0, result.stderr
    assert "没有发现问题" in result.stdout
    broken = last_year()
    broken.values["t3.carried_out.natural"] = 2
    broken.recompute_totals()
    path = tmp_path / "2023 错.gknb"
    project_file.save(broken, path)
    result = run("check", SAMPLE, "--previous", path)
    assert result.returncode == 1
    assert "[错误] 表三「二、上年结转政府信息公开申请数量」行「自然人」列为 0" in result.stdout
    items = json.loads(run("check", "--json", SAMPLE, "--previous", path).stdout)
    assert {i["rule"] for i in items} == {"previous.carry_over"}
    assert {i["column"] for i in items} == {"自然人", "总计"}


def test_check_with_an_unreadable_previous_exits_2(tmp_path: Path) -> None:
    result = run("check", SAMPLE, "--previous", tmp_path / "没有.gknb")
    assert result.returncode == 2 and result.stdout == ""
    assert "上年报告无法读取" in result.stderr and "没有.gknb" in result.stderr


def test_check_uses_the_linked_previous_and_shows_acknowledged(tmp_path: Path) -> None:
    previous = last_year()
    previous.values["t2.normative.in_force"] = 5
    project_file.save(previous, tmp_path / "2023.gknb")
    report = sample()
    report.previous_file = "2023.gknb"  # next to the project
    path = tmp_path / "2024.gknb"
    project_file.save(report, path)
    result = run("check", path)
    assert result.returncode == 0
    assert "[警告] 表二「行政规范性文件」现行有效件数为 0" in result.stdout
    (finding,) = run_checks(report, previous)
    acknowledge(report, finding, "本年集中清理规范性文件")
    project_file.save(report, path)
    result = run("check", path)
    assert "[警告·已核实]" in result.stdout
    assert "（核实说明：本年集中清理规范性文件）" in result.stdout
    assert json.loads(run("check", "--json", path).stdout)[0]["acknowledged"] == (
        "本年集中清理规范性文件"
    )
    # The link broken: a hint, and the check still runs.
    (tmp_path / "2023.gknb").unlink()
    result = run("check", path)
    assert result.returncode == 0 and "[提示] 关联的上年报告“2023.gknb”无法读取" in result.stdout


def test_check_against_last_years_word_document(tmp_path: Path) -> None:
    """Last year's report as the .docx that was published: read through the same door."""
    from exporters import export_report

    last = tmp_path / "硚口区行政审批局2024年报告.docx"
    export_report(sample(), last)
    report = previous_year.new_from_previous(project_file.load(SAMPLE))
    path = tmp_path / "2025.gknb"
    project_file.save(report, path)
    items = json.loads(run("check", "--json", path, "--previous", last).stdout)
    rules = {i["rule"] for i in items}
    assert "previous.carry_over" not in rules and "previous.link" not in rules
    assert sum(1 for i in items if i["rule"] == "previous.same_text") == 14


def test_a_final_export_is_refused_over_a_broken_carry_over_with_the_linked_report(
    tmp_path: Path,
) -> None:
    """The command line's export checks against the linked last year's report, as the window
    does: a carry-over that disagrees blocks the final version, not the draft."""
    previous = last_year()
    previous.values["t3.carried_out.natural"] = 3
    previous.recompute_totals()
    project_file.save(previous, tmp_path / "2023.gknb")
    report = sample()
    report.previous_file = "2023.gknb"  # relative to the project file
    project_file.save(report, tmp_path / "2024.gknb")

    def export(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "main.py",
                "export",
                str(tmp_path / "2024.gknb"),
                "-o",
                str(tmp_path / "out.docx"),
                *extra,
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ),
        )

    refused = export()
    assert refused.returncode == 1, refused.stderr
    assert "上年" in refused.stderr and not (tmp_path / "out.docx").exists()
    assert export("--draft").returncode == 0
    assert (tmp_path / "out.docx").exists()
