"""批量审核's 统计: each unit's key figures, their totals and charts — in the workbook (reopened:
figures equal to the reports', Excel's own chart parts, rendered by LibreOffice) and in the
meeting PDF; and the figures themselves, defined once from the format."""

from __future__ import annotations

import random
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from exporters import docx, read_report
from exporters.xlsx.review_figures import STATS_SHEET
from models.batch import review_figures as stats
from models.batch.key_figures import FEE_KEY, FIGURES, NEW, fee_charged, key_figures
from models.report import Report, SectionText
from tests import libreoffice
from tests.test_review import report_of, run_main, sample

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
UNITS = ("硚口区发展和改革局", "硚口区教育局", "硚口区汉中街道办事处")
"""Three departments of 2024; the first also has its 2023 report among the files."""


def varied(agency: str, seed: int, year: int = 2024) -> Report:
    """The sample as ``agency``'s report with its own 表三 and 表四 numbers (consistent: the
    totals follow), so each unit's bars differ."""
    rng = random.Random(seed)
    report = report_of(agency, year)
    for cell in report.format.cells:
        if cell.table.key in ("t3", "t4") and not cell.computed:
            report.values[cell.id] = rng.randint(0, 40)
    report.recompute_totals()
    return report


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("figures") / "各单位报告"
    path.mkdir()
    for index, agency in enumerate(UNITS):
        report = varied(agency, index)
        if index == 1:
            report.sections["other"] = SectionText("本年度共收取信息处理费 300 元。")
        docx.write(report, path / f"{agency}.docx", draft=True)
    docx.write(varied(UNITS[0], 9, 2023), path / f"{UNITS[0]}2023.docx", draft=True)
    (path / "损坏.docx").write_bytes(b"PK\x03\x04 not a zip")
    return path


@pytest.fixture(scope="module")
def lists(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("lists")
    workbook, pdf = out / "问题清单.xlsx", out / "问题清单.pdf"
    assert run_main("review", folder, "-o", workbook, "--pdf", pdf) in (0, 1)
    return workbook, pdf


# --- the figures ----------------------------------------------------------------------------------


def test_the_figures_are_named_by_the_formats_labels() -> None:
    assert [f.name for f in FIGURES] == [
        "本年新收",
        "办理结果总计",
        "予以公开",
        "部分公开",
        "不予公开",
        "结转下年度",
        "行政复议·总计",
        "行政复议·结果纠正",
        "行政诉讼·总计",
        "行政诉讼·结果纠正",
    ]
    refused = next(f for f in FIGURES if f.name == "不予公开")
    assert len(refused.cells) == 8 and all(c.endswith(".total") for c in refused.cells)
    litigation = next(f for f in FIGURES if f.name == "行政诉讼·总计")
    assert litigation.cells == ("t4.cases.direct_total", "t4.cases.after_review_total")


def test_a_reports_figures() -> None:
    report = varied("某局", 3)
    figures = key_figures(report)
    values = report.values
    assert figures[NEW.key] == values["t3.new.total"]
    assert figures["refused"] == sum(
        values[f"t3.refused_{k}.total"]  # type: ignore[misc]
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
    )
    assert figures["litigation_corrected"] == (
        values["t4.cases.direct_corrected"] + values["t4.cases.after_review_corrected"]  # type: ignore[operator]
    )
    assert key_figures(sample())[FEE_KEY] == 0  # “也未对申请人收取政府信息处理费”
    blank = Report()
    assert all(v is None for v in key_figures(blank).values())


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("本年度未收取信息处理费。", 0),
        ("本机关没有向申请人收取政府信息公开信息处理费。", 0),
        ("本年度未发生政府信息公开信息处理费收费情况。", 0),
        ("本年度信息处理费为0元。", 0),
        ("本年度共收取信息处理费300元。", 300),
        ("收取信息处理费 0.03 万元。", 300),
        ("共收取信息处理费1,200.50元。", Decimal("1200.5")),
        ("无。", None),
        ("2024年，区政府共办理议提案17件。", None),
    ],
)
def test_the_fee_as_section_six_says_it(text: str, fee: object) -> None:
    report = sample()
    report.sections["other"] = SectionText(text)
    assert fee_charged(report) == fee


# --- the workbook ---------------------------------------------------------------------------------


def _stats_rows(sheet: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "序号")
    names = [c.value for c in sheet[header]][: len(stats.HEADER)]
    rows = []
    for values in sheet.iter_rows(min_row=header + 1, values_only=True):
        if values[1] is None:
            break
        rows.append(values[: len(stats.HEADER)])
    return names, rows


def test_the_statistics_sheet_holds_each_reports_figures(
    folder: Path, lists: tuple[Path, Path]
) -> None:
    workbook, _ = lists
    book = load_workbook(workbook)
    assert book.sheetnames[-1] == STATS_SHEET
    names, rows = _stats_rows(book[STATS_SHEET])
    assert tuple(names) == stats.HEADER
    *units, total = rows
    # One row per report read (the damaged file has none), in the order of the files; the
    # agency with two years among them named with the year (the charts' bars take the names).
    assert [row[1] for row in units] == [
        f"{UNITS[0]}（2024年）",
        f"{UNITS[0]}（2023年）",
        UNITS[1],
        UNITS[2],
    ]
    assert [row[2] for row in units] == [2024, 2023, 2024, 2024]
    summary = {
        (r[2], r[3]): r
        for r in book["汇总"].iter_rows(min_row=1, values_only=True)
        if r[2] in UNITS
    }
    figures = [f.key for f in FIGURES] + [FEE_KEY]
    for row in units:
        agency = str(row[1]).split("（")[0]
        path = folder / f"{agency}{'' if row[2] == 2024 else row[2]}.docx"
        expected = key_figures(read_report(path).report)
        assert list(row[3 : 3 + len(figures)]) == [expected[k] for k in figures], row[1]
        counts = summary[(agency, row[2])][6:9]  # 错误, 警告, 提示 of the 汇总 sheet
        assert list(row[3 + len(figures) :]) == list(counts)
    assert total[1] == stats.TOTAL
    for column in range(3, len(stats.HEADER)):
        written = [row[column] for row in units if row[column] is not None]
        assert total[column] == (sum(written) if written else None)
    fee = stats.HEADER.index(stats.FIGURE_NAMES[-1])
    assert [row[fee] for row in units] == [0, 0, 300, 0]


def test_last_year_stands_beside_this_year(folder: Path, lists: tuple[Path, Path]) -> None:
    sheet = load_workbook(lists[0])[STATS_SHEET]
    found = [r for r in range(1, 60) if sheet.cell(r, 2).value == stats.YEARS_CHART]
    assert len(found) == 1
    row = found[0] + 1
    assert [sheet.cell(row, c).value for c in (2, 3, 4)] == [
        "机关名称",
        stats.PREVIOUS_YEAR,
        stats.THIS_YEAR,
    ]
    last = key_figures(read_report(folder / f"{UNITS[0]}2023.docx").report)[NEW.key]
    this = key_figures(read_report(folder / f"{UNITS[0]}.docx").report)[NEW.key]
    assert [sheet.cell(row + 1, c).value for c in (2, 3, 4)] == [UNITS[0], last, this]
    assert sheet.cell(row + 2, 2).value is None  # one pair only


def test_the_charts_are_excels_own(lists: tuple[Path, Path]) -> None:
    with zipfile.ZipFile(lists[0]) as package:
        names = package.namelist()
        charts = sorted(n for n in names if n.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"]
        assert any(n.startswith("xl/drawings/drawing") for n in names)
        xml = [package.read(n).decode("utf-8") for n in charts]
    trees = [ElementTree.fromstring(text) for text in xml]
    for tree in trees:
        assert tree.find(f".//{C}barDir").get("val") == "bar"  # type: ignore[union-attr]
        # The units and the numbers come from the 统计 sheet's cells.
        formulas = [f.text or "" for f in tree.iter(f"{C}f")]
        assert formulas and all(f.startswith(("'统计'!", "统计!")) for f in formulas)
    assert trees[0].find(f".//{C}grouping").get("val") == "stacked"  # type: ignore[union-attr]
    titles = (stats.FINDINGS_CHART, stats.NEW_CHART, stats.YEARS_CHART)
    for tree, title in zip(trees, titles, strict=True):
        assert "".join(t.text or "" for t in tree.iter(f"{A}t")) == title


def test_an_agency_reviewed_for_two_years_is_named_with_its_year(lists: tuple[Path, Path]) -> None:
    """The first unit's 2023 and 2024 reports are both among the files: on the charts each bar
    says which year, in the workbook and in the PDF."""
    sheet = load_workbook(lists[0])[STATS_SHEET]
    names = [row[1] for row in sheet.iter_rows(min_row=5, max_col=2, values_only=True)]
    assert f"{UNITS[0]}（2023年）" in names and f"{UNITS[0]}（2024年）" in names, names
    assert UNITS[1] in names  # one year of it: its name alone
    flat = "".join(_pdf_text(lists[1]).split())
    assert f"{UNITS[0]}（2023年）" in flat and f"{UNITS[0]}（2024年）" in flat
    assert f"{UNITS[1]}（" not in flat  # one year of it: its name alone


@pytest.mark.slow  # LibreOffice, about 5 s
def test_libreoffice_renders_the_sheet_and_its_charts(
    lists: tuple[Path, Path], tmp_path: Path
) -> None:
    program = libreoffice.needed()
    pdf = libreoffice.convert(program, lists[0], "pdf", tmp_path)
    text = _pdf_text(pdf)
    flat = "".join(text.split())
    for said in (stats.TITLE, stats.FINDINGS_CHART, stats.NEW_CHART, stats.YEARS_CHART, *UNITS):
        assert said in flat, said


# --- the meeting PDF ------------------------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def test_the_meeting_pdf_carries_the_figures_and_charts(lists: tuple[Path, Path]) -> None:
    flat = "".join(_pdf_text(lists[1]).split())
    for said in (stats.TITLE, stats.FINDINGS_CHART, stats.NEW_CHART, stats.YEARS_CHART):
        assert said in flat, said
    for name in stats.FIGURE_NAMES:
        assert "".join(name.split()) in flat or name[:2] in flat
    from exporters.pdf.review_figures import figures_html
    from models.batch.review import ReviewRun

    assert figures_html(ReviewRun([])) == []  # nothing read: no 统计


def test_the_sheet_prints_on_a4_landscape(lists: tuple[Path, Path]) -> None:
    sheet = load_workbook(lists[0])[STATS_SHEET]
    assert isinstance(sheet, Worksheet)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize is not None
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.oddFooter is not None
    footer = sheet.oddFooter.center
    assert footer is not None and footer.text is not None
    assert "&P" in footer.text and "&N" in footer.text
    assert sheet.freeze_panes == "C5"  # the header and the names stay in view
    # Each chart starts a page of its own; the print area reaches below the last one.
    assert len(sheet.row_breaks.brk) == 3
    charts = sheet._charts  # type: ignore[attr-defined]  # openpyxl's own list; not in its stubs
    anchors = [chart.anchor._from.row for chart in charts]
    assert [b.id + 1 for b in sheet.row_breaks.brk] == anchors
    assert int(sheet.print_area.split("$")[-1]) > anchors[-1] + 10
