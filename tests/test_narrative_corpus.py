"""The text against the tables over a corpus of real-style sentences (tests/narrative_corpus.py),
in both directions: a consistent sentence raises nothing (no false alarm on any of them); each
number the check ties to a cell, changed, raises exactly one warning naming both numbers; each
claim without a number (均获维持, 所有申请均已办结) raises one warning once the table breaks it.
And the published sample: its own text against its own tables, no finding."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from models import project_file
from models.checks.findings import Finding
from models.checks.tables import run_checks
from models.format.format2021 import TABLE_3, TABLE_4
from models.report import Report
from tests.conftest import SAMPLE
from tests.narrative_corpus import CASES, Case
from tests.test_narrative import NARRATIVE_RULES, REFERENCE

_NUMBER = re.compile(r"(?<![0-9.,])[0-9](?:[0-9]|,(?=[0-9]{3}))*(?:\.[0-9]+)?(?=\s*(?:件|万元|元))")


def build(case: Case, text: str, changes: dict[str, int] | None = None) -> Report:
    """The sample with 表三 and 表四 as the case gives them (all else 0), totals worked out, and
    ``text`` the only text speaking of the tables."""
    report = project_file.load(SAMPLE)
    for cell in (*TABLE_3.cells, *TABLE_4.cells):
        report.values[cell.id] = 0
    for key, value in {**case.values, **(changes or {})}.items():
        cell_id = key if "." in key else f"t3.{key}.natural"
        assert cell_id in report.values, cell_id
        report.values[cell_id] = value
    report.recompute_totals()
    report.sections["overview"].parts[1].text = "依申请公开工作规范有序。"
    for key in ("proactive", "requests", "review_litigation"):
        report.sections[key].intro = ""
    if case.section == "overview":
        report.sections["overview"].parts[1].text = text
    else:
        report.sections[case.section].intro = text
    return report


def narrative(report: Report) -> list[Finding]:
    return [f for f in run_checks(report) if f.rule.id in NARRATIVE_RULES]


def changed_texts(case: Case) -> list[tuple[str, str, str]]:
    """(text with one number changed, the number as it was, the number now), for each number."""
    found = []
    for number in _NUMBER.finditer(case.text):
        was = number.group().replace(",", "")
        assert "." not in was, was  # the corpus has whole numbers only
        now = str(int(was) + 111)
        found.append((case.text[: number.start()] + now + case.text[number.end() :], was, now))
    return found


IDS = [f"{i}-{case.who}" for i, case in enumerate(CASES)]


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    assert {c.who for c in CASES} >= {"市政府", "区政府", "办公厅", "办公室", "局", "委", "街道"}
    assert {c.section for c in CASES} == {"overview", "proactive", "requests", "review_litigation"}
    assert sum(c.compared for c in CASES) >= 100
    assert sum(1 for c in CASES if c.breaks) >= 10


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_consistent_sentence_raises_nothing(case: Case) -> None:
    assert [f.message for f in narrative(build(case, case.text))] == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_one_number_changed_raises_one_warning_naming_both(case: Case) -> None:
    raised = 0
    for text, was, now in changed_texts(case):
        found = narrative(build(case, text))
        assert len(found) <= 1, (text, [f.message for f in found])
        if found:
            (finding,) = found
            assert finding.rule.id == "narrative.number", finding.message
            assert f" {now}，" in finding.message and was in finding.message, finding.message
            raised += 1
    assert raised == case.compared


@pytest.mark.parametrize("case", [c for c in CASES if c.breaks], ids=lambda c: c.text[:12])
def test_a_claim_the_table_breaks_raises_one_warning(case: Case) -> None:
    (finding,) = narrative(build(case, case.text, case.breaks))
    assert finding.rule.id == "narrative.none", finding.message
    assert "请核对文字和表格" in finding.message


def test_no_false_alarm_over_the_corpus() -> None:
    """The measure: consistent sentences and their false alarms, all kinds together."""
    alarms = Counter(case.who for case in CASES for _ in narrative(build(case, case.text)))
    assert alarms == Counter()


def test_the_published_sample_against_its_own_tables() -> None:
    """tests/data/qiaokou-2024-source.txt, every paragraph put in the section it is in, against
    the sample's tables: no finding."""
    report = project_file.load(SAMPLE)
    paragraphs = [p.strip() for p in REFERENCE.read_text(encoding="utf-8").splitlines()]
    assert [f.message for f in narrative(report)] == []
    for section in ("requests", "review_litigation", "proactive"):
        report.sections[section].intro = "\n".join(p for p in paragraphs if p)
        assert [f.message for f in narrative(report)] == [], section
        report.sections[section].intro = ""
