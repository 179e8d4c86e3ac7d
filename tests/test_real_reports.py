"""Real published reports of other agencies, read as a supervising office reads them.

Each report in tests/data/real/ (see its README: WPS PDFs and web pages of government sites, as
published) comes with ``NAME.truth.json``: every cell's true value, transcribed by hand from the
rendered document, and the report's genuine mistakes.  A reader is right when every cell reads
equal to the truth; a check is right when each genuine mistake is reported exactly once and
nothing else is an error or a warning (hints are allowed: they say what a reader may like to
know, such as a report without 落款).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from exporters import findings_for, read_report
from models.checks.tables import Finding, Severity
from models.format.format2021 import FORMAT_2021

REAL = Path(__file__).parent / "data" / "real"


@dataclass(frozen=True)
class Expected:
    """A genuine problem as the checks report it: its rule and words its message must hold."""

    rule: str
    words: tuple[str, ...]


# The genuine problems of each report (its truth file says them in words), as findings.
GENUINE: dict[str, list[Expected]] = {
    "hongze-2023.pdf": [
        Expected("t4.group_total", ("表四「行政复议」", "「总计」为 0", "11")),
        Expected("t4.group_total", ("复议后起诉", "「总计」为 0", "5")),
        Expected("wording.label", ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开")),
        Expected("wording.collapsed", ("（六）其他处理", "3 项")),
    ],
    "shuyang-fgj-2023.html": [
        Expected("value.blank", ("「法人或其他组织」5 列", "全部 25 行都是空白")),
        Expected("wording.label", ("“规范性文件”", "“行政规范性文件”")),
        Expected(
            "wording.heading", ("五、存在的主要问题及整改措施", "五、存在的主要问题及改进情况")
        ),
        Expected("wording.title", ("政府信息公开年度报告", "政府信息公开工作年度报告")),
    ],
    "pingtan-2023.html": [
        Expected("narrative.number", ("现行有效行政规范性文件", "393", "470")),
    ],
    "pingtan-2022.html": [
        Expected("wording.heading", ("四、政府信息公开行政法复议、行政诉讼情况",)),
    ],
    "pingtan-2024.html": [],
}


def truth_of(name: str) -> dict[str, Any]:
    path = REAL / (name.rsplit(".", 1)[0] + ".truth.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def expected_value(raw: object) -> object:
    return Decimal(raw) if isinstance(raw, str) else raw


@pytest.fixture(scope="module", params=sorted(GENUINE))
def read(request: pytest.FixtureRequest) -> tuple[str, Any, list[Finding]]:
    name: str = request.param
    result = read_report(REAL / name)
    return name, result, findings_for(result.report)


def test_the_truth_files_cover_every_cell() -> None:
    for name in GENUINE:
        assert set(truth_of(name)["values"]) == set(FORMAT_2021.cell_by_id), name
    assert {p.name for p in REAL.iterdir() if p.suffix in (".pdf", ".html")} == set(GENUINE)


def test_every_cell_reads_as_published(read: tuple[str, Any, list[Finding]]) -> None:
    name, result, _ = read
    truth = truth_of(name)
    report = result.report
    wrong = {
        cell: (report.values[cell], expected_value(value))
        for cell, value in truth["values"].items()
        if report.values[cell] != expected_value(value)
    }
    assert not wrong, f"{name}: {len(wrong)} cells read otherwise: {wrong}"
    assert (report.agency, report.year) == (truth["agency"], truth["year"])


def test_each_genuine_problem_is_reported_once_and_nothing_else(
    read: tuple[str, Any, list[Finding]],
) -> None:
    name, _, findings = read
    serious = [f for f in findings if f.severity is not Severity.INFO]
    left = list(serious)
    for expected in GENUINE[name]:
        matching = [
            f
            for f in left
            if f.rule.id == expected.rule and all(w in f.message for w in expected.words)
        ]
        assert len(matching) == 1, (name, expected, [f.message for f in serious])
        left.remove(matching[0])
    assert not left, (name, [f"{f.rule.id}: {f.message}" for f in left])
    assert len(serious) == len(truth_of(name)["genuine_problems"])


def test_no_finding_asks_to_fill_0_where_the_report_prints_a_number(
    read: tuple[str, Any, list[Finding]],
) -> None:
    name, result, findings = read
    printed = {c for c, v in truth_of(name)["values"].items() if v is not None}
    for finding in findings:
        if "请填 0" in finding.message or "应填 0" in finding.message:
            assert not printed & set(finding.cells), (name, finding.message)
    assert not [c for c in printed if result.report.values[c] is None], name


def test_a_report_without_its_date_is_told_so_as_a_hint_only(
    read: tuple[str, Any, list[Finding]],
) -> None:
    name, result, findings = read
    if result.report.report_date is not None:
        return
    about_date = [f for f in findings if "落款" in f.message or "成文日期" in f.message]
    assert about_date and all(f.severity is Severity.INFO for f in about_date), name


def test_a_review_of_the_real_reports_pairs_each_agencys_years() -> None:
    """批量审核 over the folder: 平潭's three years are paired year by year (and each row says
    with which file), the others stand alone, and the checks across years find only the 现行有效
    counts that do not follow from last year's (2023: 470 after 698 + 77 − 132 = 643, the year
    its text says the files were cleaned up; 2024: 440 after 470 + 62 − 33 = 499), warnings."""
    from exporters import READERS
    from models.batch import review

    run = review.run_review(review.collect([REAL], READERS), read_report, findings_for, workers=1)
    rows = {r.path.name: r for r in run.reviews}
    assert set(rows) == set(GENUINE) and all(r.readable for r in rows.values())
    assert rows["pingtan-2023.html"].pair_path == REAL / "pingtan-2022.html"
    assert rows["pingtan-2024.html"].pair_path == REAL / "pingtan-2023.html"
    assert "pingtan-2023.html" in rows["pingtan-2024.html"].paired
    for name in ("pingtan-2022.html", "hongze-2023.pdf", "shuyang-fgj-2023.html"):
        assert rows[name].pair_path is None, name
    across = [
        (name, line.rule)
        for name, row in rows.items()
        for line in row.lines
        if line.rule.startswith("previous.") and line.severity != Severity.INFO.label
    ]
    assert sorted(across) == [
        ("pingtan-2023.html", "previous.in_force"),
        ("pingtan-2024.html", "previous.in_force"),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(n for n in GENUINE if n.endswith(".html")))
def test_a_real_page_saved_as_word_reads_the_same(name: str, tmp_path: Path) -> None:
    """The page as a clerk keeps it in Word (LibreOffice opens the page and saves a .docx: the
    page's record lines above the title, the tables as Word tables): the same cells, the same
    genuine problems."""
    from tests import libreoffice

    page = read_report(REAL / name).report
    word = libreoffice.convert(
        libreoffice.needed(), REAL / name, "docx:MS Word 2007 XML", tmp_path, suffix="docx"
    )
    got = read_report(word).report
    assert got.values == page.values
    assert (got.agency, got.year) == (page.agency, page.year)

    def problems(report: Any) -> list[str]:
        return sorted(f.rule.id for f in findings_for(report) if f.severity is not Severity.INFO)

    assert problems(got) == problems(page)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(n for n in GENUINE if n.endswith(".html")))
def test_a_real_page_printed_to_pdf_reads_the_same(name: str, tmp_path: Path) -> None:
    """The page printed to PDF (LibreOffice, its tables ruled as the site draws them): rows and
    merged labels the page breaks cut in two (“1.申请人无正当理由逾期不” / “补正、…”, “（六）其” /
    “他处理”, a header “结果维” / “持”) read as one — every cell as published, the same genuine
    problems and nothing else."""
    from tests import libreoffice

    page = tmp_path / name
    html = (REAL / name).read_text(encoding="utf-8")
    page.write_text(
        re.sub(r"<table([^>]*)>", r'<table\1 border="1" cellspacing="0">', html), encoding="utf-8"
    )
    pdf = libreoffice.convert(
        libreoffice.needed(), page, "pdf:writer_web_pdf_Export", tmp_path, suffix="pdf"
    )
    result = read_report(pdf)
    truth = truth_of(name)
    assert {
        c: v for c, v in truth["values"].items() if result.report.values[c] != expected_value(v)
    } == {}
    findings = findings_for(result.report)
    problems = sorted(f.rule.id for f in findings if f.severity is not Severity.INFO)
    assert problems == sorted(e.rule for e in GENUINE[name])
