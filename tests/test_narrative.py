"""models.checks.text (reading with text_numbers and text_phrases) and generated_text: the
numbers the text states, against the tables — on the sample's sentences and on others written in
the same style (spaces, full-width digits, 含上年结转, both 诉讼 groups), in both directions: what
agrees raises nothing, what disagrees is reported with both numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

from models import project_file
from models.checks import text as text_checks
from models.checks.findings import Finding, Severity
from models.checks.tables import run_checks
from models.format.format2021 import TABLE_3
from models.narrative import fields as text_fields
from models.narrative import generated as generated_text
from models.narrative import numbers as text_numbers
from models.narrative import phrases as text_phrases
from models.narrative.fields import FieldAddress
from models.narrative.numbers import read_paragraph
from models.report import Report, TextPart, new_report
from tests.conftest import SAMPLE
from tests.test_properties import SETTINGS, consistent_reports

REFERENCE = Path(__file__).parent / "data" / "qiaokou-2024-source.txt"  # tests/data/README.md
NARRATIVE_RULES = {"narrative.number", "narrative.none", "narrative.year", "narrative.fee"}


def sample() -> Report:
    return project_file.load(SAMPLE)


def narrative_findings(report: Report) -> list[Finding]:
    return [f for f in run_checks(report) if f.rule.id in NARRATIVE_RULES]


def numbers(text: str, in_review: bool = False) -> dict[tuple[str, ...], list[object]]:
    """What a paragraph states: the first reading of each statement → the numbers stated."""
    found: dict[tuple[str, ...], list[object]] = {}
    for statement in read_paragraph(text, in_review).statements:
        found.setdefault(statement.targets[0], []).append(statement.value)
    return found


def with_table(values: dict[str, object], **texts: str) -> Report:
    """The sample with some table values changed (totals worked out) and, when ``texts`` are
    given, only those intros speaking of the tables (the sample's own statements removed)."""
    report = sample()
    if any(cell_id.startswith("t3.") for cell_id in values):
        for cell in TABLE_3.cells:  # 表三 as given, all else 0
            report.values[cell.id] = 0
    for cell_id, value in values.items():
        assert cell_id in report.values, cell_id
        report.values[cell_id] = value  # type: ignore[assignment]
    report.recompute_totals()
    if texts:
        report.sections["overview"].parts[1].text = "依申请公开工作规范有序。"
        for key in ("proactive", "requests", "review_litigation"):
            report.sections[key].intro = ""
    for key, text in texts.items():
        report.sections[key].intro = text
    return report


# --- the sample and the published report ---------------------------------------------------------


def test_the_sample_raises_no_narrative_finding() -> None:
    report = sample()
    assert run_checks(report) == []
    # … and it is not silent because nothing was read: the statements are found.
    intro = report.sections["requests"].intro
    assert numbers(intro) == {
        ("t3.new.total",): [6],
        ("t3.disclosed.total",): [1],
        ("t3.partly.total",): [3],
        ("t3.unable_not_held.total",): [1],
        ("t3.carried_in.total",): [0],
        ("t3.carried_out.total",): [1],
    }
    assert numbers(report.sections["proactive"].intro) == {
        ("t2.license.decisions",): [107345],
        ("t2.fees.amount",): [Decimal("240.9199")],
    }
    denials = read_paragraph(report.sections["review_litigation"].intro, True).denials
    assert [d.cells for d in denials] == [
        ("t4.cases.review_total",),
        ("t4.cases.direct_total", "t4.cases.after_review_total"),
    ]


def test_every_sentence_of_the_published_report_agrees_with_its_tables() -> None:
    """The report as published (a text dump of the .docx): each statement read from its
    paragraphs holds for the sample's tables, which are the same report's."""
    report = sample()
    paragraphs = [line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines()]
    statements = 0
    for paragraph in paragraphs:
        in_review = "行政复议" in paragraph and "行政诉讼" in paragraph
        reading = read_paragraph(paragraph, in_review)
        for statement in reading.statements:
            statements += 1
            assert any(
                sum(report.values[c] or 0 for c in target) == statement.value
                for target in statement.targets
            ), statement
        for denial in reading.denials:
            assert sum(report.values[c] or 0 for c in denial.cells) == 0, denial
    assert statements == 11  # 一（二） 3, 二 2, 三 6


# --- each phrasing, read -------------------------------------------------------------------------

NEW, CARRIED_IN = ("t3.new.total",), ("t3.carried_in.total",)
RESULTS, CARRIED_OUT = ("t3.result_total.total",), ("t3.carried_out.total",)
NEW_AND_CARRIED = ("t3.new.total", "t3.carried_in.total")
REVIEW = ("t4.cases.review_total",)
LITIGATION = ("t4.cases.direct_total", "t4.cases.after_review_total")


@pytest.mark.parametrize(
    ("text", "in_review", "expected"),
    [
        # spaces around the number, 含上年结转 in brackets after it
        (
            "本年度共受理政府信息公开申请 3119 件（含上年结转12件），办结3100件，"
            "结转下年度继续办理19件。",
            False,
            {NEW_AND_CARRIED: [3119], CARRIED_IN: [12], RESULTS: [3100], CARRIED_OUT: [19]},
        ),
        # full-width digits
        (
            "全年新收政府信息公开申请３１１９件，上年结转１２件。",
            False,
            {NEW: [3119], CARRIED_IN: [12]},
        ),
        # 其中上年结转 after the number: the number counts both
        (
            "共受理政府信息公开申请48件（其中新收45件、上年结转3件）。",
            False,
            {NEW_AND_CARRIED: [48], NEW: [45], CARRIED_IN: [3]},
        ),
        ("新收和上年结转申请共48件。", False, {NEW_AND_CARRIED: [48]}),
        # 不含上年结转: the new ones only (or, as 收到 may be read, with the carried-over)
        (
            "2023年，我委共收到政府信息公开申请34件（不含上年结转3件）。",
            False,
            {NEW: [34], CARRIED_IN: [3]},
        ),
        # a typical list of results after the count
        (
            "2023年，本机关共收到政府信息公开申请128件，其中，自然人申请120件，法人或其他组织"
            "申请8件。办理结果：予以公开56件，部分公开12件，不予公开3件，无法提供45件，不予处理4件，"
            "其他处理8件。",
            False,
            {
                NEW: [128],
                ("t3.disclosed.total",): [56],
                ("t3.partly.total",): [12],
                tuple(
                    f"t3.refused_{k}.total"
                    for k in (
                        "secret",
                        "law",
                        "safety",
                        "third_party",
                        "internal",
                        "process",
                        "enforcement_file",
                        "query",
                    )
                ): [3],
                (
                    "t3.unable_not_held.total",
                    "t3.unable_needs_creation.total",
                    "t3.unable_unclear.total",
                ): [45],
                tuple(
                    f"t3.unhandled_{k}.total"
                    for k in ("petition", "repeat", "publication", "mass", "confirm")
                ): [4],
                ("t3.other_no_correction.total", "t3.other_no_fee.total", "t3.other_other.total"): [
                    8
                ],
            },
        ),
        (
            "全年共受理政府信息公开申请1203件，较上年增长15.2%，办结1190件，按时办结率100%。",
            False,
            {NEW: [1203], RESULTS: [1190]},
        ),
        (
            "本年度，共作出行政处罚决定120件，行政强制措施3件。",
            False,
            {("t2.penalty.decisions",): [120], ("t2.enforcement.decisions",): [3]},
        ),
        ("办结行政许可事项1200件，收到人大代表建议15件、政协提案20件。", False, {}),
        # thousands written with a comma or a space
        ("收到政府信息公开申请 1,234 件，办结 1 234 件。", False, {NEW: [1234], RESULTS: [1234]}),
        # the 表四 groups; 行政诉讼 is both 诉讼 groups
        (
            "本年度共发生政府信息公开行政复议2件、行政诉讼3件。",
            False,
            {REVIEW: [2], LITIGATION: [3]},
        ),
        ("行政复议、行政诉讼均为0件。", True, {REVIEW: [0], LITIGATION: [0]}),
        (
            "复议后起诉1件，未经复议直接起诉2件。",
            True,
            {("t4.cases.after_review_total",): [1], ("t4.cases.direct_total",): [2]},
        ),
        # outcomes belong to the group named last
        (
            "行政复议2件，其中结果维持1件、结果纠正1件；行政诉讼3件，其中结果维持2件、尚未审结1件。",
            True,
            {
                REVIEW: [2],
                ("t4.cases.review_upheld",): [1],
                ("t4.cases.review_corrected",): [1],
                LITIGATION: [3],
                ("t4.cases.direct_upheld", "t4.cases.after_review_upheld"): [2],
                ("t4.cases.direct_pending", "t4.cases.after_review_pending"): [1],
            },
        ),
        # the fee in 元 is 万元 in the table
        ("行政事业性收费2409199元。", False, {("t2.fees.amount",): [Decimal("240.9199")]}),
        # two result rows said together
        ("其中予以公开、部分公开共4件。", False, {("t3.disclosed.total", "t3.partly.total"): [4]}),
        # numbers that are not the tables'
        (
            "2024年，区行政审批局共办理议提案17件，其中区人大代表建议8件（协办8件），"
            "区政协提案9件（协办9件）。所有议题案均已办结。",
            False,
            {},
        ),
        ("全年受理行政复议申请5件，办结4件。", False, {}),
        ("依申请公开答复率为100%，比上年增加12件，同比增长3件。", False, {}),
        ("新收申请6件，不予受理3件，未办结的2件结转下年度。", False, {NEW: [6]}),
        ("办结政府信息公开申请约1000余件。", False, {}),
        # 信息处理费 is not 行政事业性收费
        ("本年度收取信息处理费0.12万元，行政事业性收费和信息处理费共241万元。", False, {}),
    ],
)
def test_phrasings_are_read(text: str, in_review: bool, expected: dict[object, list[object]]):
    assert numbers(text, in_review) == expected


def test_review_numbers_outside_section_four_need_the_subject() -> None:
    """A 司法局's 行政复议 cases in 一、总体情况 are not 表四's (政府信息公开 cases only)."""
    assert numbers("全年共办理行政复议案件120件。") == {}
    assert numbers("全年共办理政府信息公开行政复议案件2件。") == {REVIEW: [2]}
    assert numbers("全年共办理行政复议案件2件。", True) == {REVIEW: [2]}


# --- both directions on a report -----------------------------------------------------------------

AGREEING = [
    # (table changes, section → text): the text says what the table says
    (
        {
            "t3.new.natural": 3118,
            "t3.carried_in.natural": 1,
            "t3.disclosed.natural": 3118,
            "t3.carried_out.natural": 1,
        },
        {
            "requests": "本年度共受理政府信息公开申请 3119 件（含上年结转1件），予以公开 3118 件，"
            "结转下年度继续办理1件。"
        },
    ),
    (
        {"t3.new.natural": 3119, "t3.disclosed.natural": 3119},
        {"requests": "全年新收政府信息公开申请３１１９件，上年结转０件，办结３１１９件。"},
    ),
    (
        {"t3.new.natural": 45, "t3.carried_in.natural": 3, "t3.disclosed.natural": 48},
        {"requests": "共收到政府信息公开申请48件，其中上年结转3件。"},
    ),
    (
        {
            "t4.cases.review_upheld": 1,
            "t4.cases.review_corrected": 1,
            "t4.cases.direct_upheld": 2,
            "t4.cases.after_review_pending": 1,
        },
        {
            "review_litigation": "本年度发生政府信息公开行政复议2件，其中结果维持1件、结果纠正1件；"
            "行政诉讼 3 件，其中结果维持2件、尚未审结1件。"
        },
    ),
    (
        {"t2.license.decisions": 5, "t2.penalty.decisions": 12, "t2.fees.amount": Decimal("0.5")},
        {
            "proactive": "2024年，我局作出行政许可决定5件、行政处罚决定 12 件、行政强制0件，"
            "行政事业性收费共5000元。"
        },
    ),
]


@pytest.mark.parametrize(("values", "texts"), AGREEING)
def test_agreeing_text_raises_nothing(values: dict[str, object], texts: dict[str, str]) -> None:
    report = with_table(values, **texts)
    assert [f.message for f in narrative_findings(report)] == []


@pytest.mark.parametrize(("values", "texts"), AGREEING)
def test_a_number_changed_in_agreeing_text_is_reported(
    values: dict[str, object], texts: dict[str, str]
) -> None:
    """Every number of every agreeing text, changed one at a time, is caught."""
    import re

    ((key, text),) = texts.items()
    found_numbers = list(re.finditer(r"[0-9０-９]+(?:\.[0-9]+)?(?=\s*(?:件|万元|元))", text))
    assert found_numbers, text  # a text without numbers would test nothing
    for number in found_numbers:
        changed = text[: number.start()] + "77" + text[number.end() :]
        report = with_table(values, **{key: changed})
        found = [f for f in narrative_findings(report) if f.rule.id == "narrative.number"]
        assert found, changed
        assert all(f.section == key and "77" in f.message for f in found)


def test_changed_number_in_the_sample_is_reported_with_both_numbers() -> None:
    report = sample()
    intro = report.sections["requests"].intro
    report.sections["requests"].intro = intro.replace("政府信息6件", "政府信息7件")
    findings = narrative_findings(report)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.rule.id == "narrative.number" and finding.severity is Severity.WARNING
    assert (finding.address, finding.cells) == (FieldAddress("requests"), NEW)
    message = finding.message
    assert message.startswith("三、收到和处理政府信息公开申请情况：")
    assert "“2024年，我局新收到依申请公开政府信息7件，其中予以公开1件" in message  # the sentence
    assert "本年新收申请 7" in message  # the number it states
    assert (
        "表三「一、本年新收政府信息公开申请数量」行「总计」列为 6" in message
    )  # the cell's number
    # The same figure in 一（二） is a separate finding, in its own place.
    part = report.sections["overview"].parts[1]
    part.text = part.text.replace("结转下年度继续办理1件", "结转下年度继续办理 2 件")
    findings = narrative_findings(report)
    assert {f.address for f in findings} == {FieldAddress("requests"), FieldAddress("overview", 1)}
    overview = next(f for f in findings if f.section == "overview")
    assert "一、总体情况（二）政府信息依申请公开情况" in overview.message
    assert "结转下年度继续办理 2" in overview.message and "为 1" in overview.message


def test_a_changed_table_cell_is_reported_against_the_text() -> None:
    report = with_table({"t2.license.decisions": 107346})
    (finding,) = narrative_findings(report)
    assert (
        "行政许可 107345" in finding.message
        and "表二「行政许可」行「本年处理决定数量」列为 107346" in finding.message
    )
    assert finding.cells == ("t2.license.decisions",)


def test_litigation_counts_both_groups() -> None:
    text = "本年度发生政府信息公开行政诉讼3件。"
    both = with_table(
        {"t4.cases.direct_upheld": 1, "t4.cases.after_review_upheld": 2}, review_litigation=text
    )
    assert narrative_findings(both) == []
    direct_only = with_table({"t4.cases.direct_upheld": 3}, review_litigation=text)
    assert narrative_findings(direct_only) == []
    wrong = with_table(
        {"t4.cases.direct_upheld": 1, "t4.cases.after_review_upheld": 1}, review_litigation=text
    )
    (finding,) = narrative_findings(wrong)
    assert "行政诉讼 3" in finding.message
    assert "表四「未经复议直接起诉·总计」 1 ＋ 表四「复议后起诉·总计」 1 ＝ 2" in finding.message


def test_received_may_count_the_carried_over_too() -> None:
    """收到…48件 agrees with 新收 45 + 上年结转 3; 新收…48件 does not."""
    values: dict[str, object] = {
        "t3.new.natural": 45,
        "t3.carried_in.natural": 3,
        "t3.disclosed.natural": 48,
    }
    assert narrative_findings(with_table(values, requests="共收到政府信息公开申请48件。")) == []
    (finding,) = narrative_findings(with_table(values, requests="新收到政府信息公开申请48件。"))
    assert "本年新收申请 48" in finding.message and "为 45" in finding.message


def test_fee_and_information_fee_are_not_confused() -> None:
    report = sample()
    report.sections["other"].parts[0].text = "本年度收取政府信息公开信息处理费0.12万元。"
    report.sections["proactive"].intro += "另收取信息处理费1200元。"
    assert narrative_findings(report) == []
    report.sections["other"].parts[0].text = "本年度行政事业性收费共240万元。"
    (finding,) = narrative_findings(report)
    assert "行政事业性收费 240" in finding.message and "240.9199" in finding.message


def test_a_wrong_total_is_the_tables_finding_not_the_texts() -> None:
    report = sample()
    report.values["t3.new.total"] = 7  # its parts still add up to 6, as the text says
    rules = {f.rule.id for f in run_checks(report)}
    assert "t3.row_total" in rules and not rules & NARRATIVE_RULES


def test_blank_cells_are_not_judged() -> None:
    report = sample()
    report.values["t3.new.natural"] = None
    assert narrative_findings(report) == []


# --- statements that something did not happen ----------------------------------------------------


def test_none_against_a_table_that_is_not_zero() -> None:
    report = with_table({"t4.cases.review_upheld": 1, "t4.cases.after_review_pending": 2})
    findings = narrative_findings(report)
    assert [f.rule.id for f in findings] == ["narrative.none", "narrative.none"]
    review, litigation = findings
    sentence = "“2024年度，我局无因政府信息公开工作被申请行政复议、提起行政诉讼办件。”"
    assert sentence in review.message
    assert "说没有行政复议" in review.message and "表四「行政复议·总计」为 1" in review.message
    assert "说没有行政诉讼" in litigation.message and "＝ 2" in litigation.message
    assert review.cells == REVIEW and litigation.cells == LITIGATION


@pytest.mark.parametrize(
    "text",
    [
        "本年度未发生政府信息公开行政复议案件。",
        "2024年，本机关没有因政府信息公开被申请行政复议的情况，发生行政诉讼2件。",
    ],
)
def test_none_covers_only_what_it_names(text: str) -> None:
    report = with_table({"t4.cases.direct_upheld": 2}, review_litigation=text)
    assert narrative_findings(report) == []
    report = with_table({"t4.cases.review_upheld": 1}, review_litigation=text)
    assert sorted(f.rule.id for f in narrative_findings(report)) == (
        ["narrative.none", "narrative.number"] if "行政诉讼2件" in text else ["narrative.none"]
    )


def test_no_applications() -> None:
    report = sample()
    report.sections["requests"].intro = "本年度未收到政府信息公开申请。"
    (finding,) = narrative_findings(report)
    assert (
        finding.rule.id == "narrative.none"
        and "表三「一、本年新收政府信息公开申请数量」行「总计」列为 6" in finding.message
    )
    # 六's “没有收到超过一定数量或频次范围的…申请” is about fees, not a count: the sample passes.


# --- years in the text, and 信息处理费 in 六 -----------------------------------------------------


def test_last_years_sentence_left_in_this_years_report() -> None:
    report = sample()
    report.year = 2025
    report.report_date = None
    findings = [f for f in narrative_findings(report) if f.rule.id == "narrative.year"]
    places = {f.address for f in findings}
    assert places == {
        FieldAddress("overview", 1),
        FieldAddress("proactive"),
        FieldAddress("requests"),
        FieldAddress("review_litigation"),
    }
    assert all("2024 年" in f.message and "2025 年度" in f.message for f in findings)


def test_section_six_must_say_whether_the_fee_was_charged() -> None:
    report = sample()
    report.sections["other"].parts[0].text = "无。"
    (finding,) = narrative_findings(report)
    assert finding.rule.id == "narrative.fee" and "信息处理费" in finding.message
    assert (finding.section, finding.severity) == ("other", Severity.WARNING)
    for said in ("本年度未收取信息处理费。", "本机关未向申请人收取任何费用。"):
        report.sections["other"].parts[0].text = said
        assert narrative_findings(report) == []


# --- 生成文字 ------------------------------------------------------------------------------------


def apply(report: Report) -> generated_text.Generated:
    generated = generated_text.generate(report)
    report.sections.update(generated.sections)
    return generated


def test_generated_texts_for_the_sample() -> None:
    report = sample()
    generated = apply(report)
    assert generated.written == ["一（二）", "二", "三", "四"] and generated.skipped == []
    assert report.sections["overview"].parts[1].text == (
        "2024年，我局新收到政府信息公开申请6件，上年结转0件，办结5件，结转下年度继续办理1件。"
    )
    assert report.sections["proactive"].intro == (
        "2024年，我局共处理行政许可107345件、行政处罚0件、行政强制0件，"
        "收取行政事业性收费240.9199万元。"
    )
    assert report.sections["requests"].intro.startswith(
        "2024年，我局新收到政府信息公开申请6件，上年结转政府信息公开申请0件。"
        "本年度办结政府信息公开申请5件，其中予以公开1件、部分公开3件、无法提供1件；"
    )
    assert report.sections["review_litigation"].intro == (
        "2024年，我局未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    )
    assert run_checks(report) == []


def test_generate_adds_the_applications_part_when_missing() -> None:
    report = sample()
    del report.sections["overview"].parts[1]
    apply(report)
    parts = report.sections["overview"].parts
    assert parts[1].heading == generated_text.APPLICATIONS_PART and "新收到" in parts[1].text
    assert len(parts) == 5
    # The format's usual part 依申请公开情况, headed as published reports head it.
    assert generated_text.APPLICATIONS_PART == "政府信息依申请公开情况"


def test_generate_skips_tables_with_blanks() -> None:
    report = new_report("某某市民政局", 2024)
    generated = apply(report)
    assert generated.written == [] and len(generated.skipped) == 4
    assert report.sections["overview"].parts[1].text == ""


@SETTINGS
@given(consistent_reports())
def test_generated_texts_read_back_to_the_tables(report: Report) -> None:
    report.sections["overview"].parts = [TextPart("依申请公开情况", "")]
    generated = apply(report)
    assert generated.skipped == []
    assert narrative_findings(report) == []
    # and they are read, not just passed over
    statements = [
        s
        for key in ("proactive", "requests", "review_litigation")
        for s in read_paragraph(report.sections[key].intro, key == "review_litigation").statements
    ]
    assert len(statements) >= 8


@pytest.mark.parametrize(
    ("agency", "name"),
    [
        ("硚口区行政审批局", "我局"),
        ("某某市发展和改革委员会", "我委"),
        ("某某区人民政府办公室", "我办"),
        ("某某县人民政府", "本级政府"),
        ("某某街道办事处", "我街道"),
        ("某某中心", "我中心"),
        ("国家档案馆", "本机关"),
    ],
)
def test_self_name(agency: str, name: str) -> None:
    assert generated_text.self_name(agency) == name


def test_the_cue_scan_shortcut_finds_what_the_plain_scan_finds() -> None:
    import re

    assert all(text_numbers._first_characters(p.cue) for p in text_phrases.PHRASES)
    assert text_numbers._CUES.pattern.startswith("(?=[")
    plain = re.compile("|".join(f"(?P<p{i}>{p.cue})" for i, p in enumerate(text_phrases.PHRASES)))
    report = sample()
    texts = [f.text for f in text_fields.text_fields(report)]
    texts.append(REFERENCE.read_text(encoding="utf-8"))
    for text in texts:
        assert [(m.span(), m.lastgroup) for m in text_numbers._CUES.finditer(text)] == [
            (m.span(), m.lastgroup) for m in plain.finditer(text)
        ]


# --- the text-field address and the 已核实 keys of old project files ----------------------------


def test_acknowledgement_keys_keep_the_stored_form() -> None:
    """Project files keep 已核实 under ``rule@section/field/cells``: the address writes the
    strings the field names did (intro, part:2, a basic attribute), so old files keep marks."""
    rule = text_checks.NUMBER
    keys = [
        Finding(rule, "", address=FieldAddress("requests"), cells=NEW).key,
        Finding(rule, "", address=FieldAddress("overview", 1)).key,
        Finding(rule, "", address=FieldAddress.basic("report_date")).key,
        Finding(rule, "", cells=("t3.new.total", "t3.carried_in.total")).key,
    ]
    assert keys == [
        "narrative.number@requests/intro/t3.new.total",
        "narrative.number@overview/part:1/",
        "narrative.number@basic/report_date/",
        "narrative.number@//t3.new.total+t3.carried_in.total",
    ]
    with pytest.raises(ValueError):
        FieldAddress("basic", 1)  # a part is a section's, not a basic fact's
    with pytest.raises(ValueError):
        FieldAddress("overview", heading=True)  # only a part has a heading
    with pytest.raises(ValueError):
        _ = FieldAddress.part_heading("overview", 1).stored  # no finding is about a heading
    assert FieldAddress.part_heading("overview", 1) != FieldAddress("overview", 1)


def test_an_old_project_files_marks_on_a_part_and_an_intro_are_kept() -> None:
    """A project file written before the address type, with 已核实 on a part's and an intro's
    finding, loads with both marks."""
    report = sample()
    report.sections["requests"].intro = report.sections["requests"].intro.replace(
        "政府信息6件", "政府信息7件"
    )
    part = report.sections["overview"].parts[1]
    part.text = part.text.replace("结转下年度继续办理1件", "结转下年度继续办理 2 件")
    data = project_file.to_data(report)
    data["report"]["acknowledged"] = {
        "narrative.number@overview/part:1/t3.carried_out.total": {
            "note": "口径不同",
            "message": "旧的说明",
        },
        "narrative.number@requests/intro/t3.new.total": {"note": "已核对", "message": "旧的说明"},
    }
    loaded = project_file.from_data(data)
    notes = {f.address: f.note for f in narrative_findings(loaded)}
    assert notes == {FieldAddress("overview", 1): "口径不同", FieldAddress("requests"): "已核对"}
