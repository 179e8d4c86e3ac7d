"""导出网页: the report as one self-contained, accessible web page, read back by our own web-page
reader cell for cell and section by section (the sample and a city-sized report), and the
command line's export to .html with the same refusal of a final version as every export."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html  # type: ignore[import-untyped]

from exporters import ExportRefused, export_report, read_report
from exporters.html import writer
from exporters.html.table_markup import headers_of
from models import project_file
from models.format.spec import TableSpec
from models.report import Report
from models.values import grid_text
from tests.conftest import SAMPLE
from tests.test_cli import run_child as run
from tests.test_pdf_reader import city_report, differences

EXTERNAL = re.compile(
    r"<script|<link|<img|<iframe|<object|<embed|\bsrc\s*=|\bhref\s*=|url\(|@import|https?:|//",
    re.IGNORECASE,
)
"""What would make the page load something or run something."""


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


def _page(report: Report, tmp_path: Path, name: str = "报告.html", *, draft: bool = False) -> Path:
    path = tmp_path / name
    writer.write(report, path, draft=draft)
    return path


def _tables(root: Any) -> list[Any]:
    found: list[Any] = root.findall(".//table")
    return found


def test_the_page_is_self_contained_utf8_without_script(sample: Report, tmp_path: Path) -> None:
    data = _page(sample, tmp_path).read_bytes()
    text = data.decode("utf-8")  # UTF-8, strictly
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in text and '<meta charset="utf-8">' in text
    assert EXTERNAL.search(text) is None, EXTERNAL.search(text)
    assert text.count("<style>") == 1
    assert "@page{size:A4;" in text and "@media print{" in text
    assert "<title>硚口区行政审批局2024年政府信息公开工作年度报告</title>" in text


def test_headings_are_real_headings(sample: Report, tmp_path: Path) -> None:
    root = lxml_html.parse(str(_page(sample, tmp_path))).getroot()
    assert [h.text_content() for h in root.findall(".//h1")] == [
        "硚口区行政审批局2024年政府信息公开工作年度报告"
    ]
    assert [h.text_content() for h in root.findall(".//h2")] == [
        s.heading for s in sample.format.sections
    ]
    parts = [h.text_content() for h in root.findall(".//h3")]
    assert parts[0] == "（一）政府信息主动公开情况"
    assert len(parts) == sum(
        1 for s in sample.sections.values() for p in s.parts if p.heading.strip()
    )


def _check_table(element: Any, table: TableSpec, report: Report) -> None:
    """The <table> has the official grid cell for cell: each merge a rowspan/colspan, headers
    as <th scope>, numbers as <td headers> naming the header cells above and left of them."""
    caption = element.find("caption")
    assert caption is not None and caption.text_content().startswith(table.name)
    cells = [c for tr in element.iter("tr") for c in tr if c.tag in ("th", "td")]
    assert len(cells) == len(table.grid_cells)
    ids = {c.get("id"): c for c in cells if c.get("id")}
    for cell, g in zip(cells, table.grid_cells, strict=True):
        assert int(cell.get("rowspan", "1")) == g.row_span
        assert int(cell.get("colspan", "1")) == g.column_span
        assert cell.text_content() == grid_text(g, report.values).replace("\n", "")
        if g.role == "value":
            assert cell.tag == "td"
            named = cell.get("headers").split()
            assert [ids[n].text_content() for n in named] == [
                h.text.replace("\n", "") for h in headers_of(g, table.grid_cover)
            ]
            assert all(n in ids for n in named)
            # Every label of the cell's column and row is among its headers.
            said = {ids[n].text_content() for n in named}
            for node in (*g.cell.column_path, *g.cell.row_path):  # type: ignore[union-attr]
                if node.label:
                    assert node.shown.replace("\n", "") in said
        else:
            assert cell.tag == "th"
            assert cell.get("scope") in ("col", "colgroup", "row", "rowgroup")
    assert element.find(".//table") is None  # no table inside: no layout tables


def test_tables_have_the_official_structure(sample: Report, tmp_path: Path) -> None:
    root = lxml_html.parse(str(_page(sample, tmp_path))).getroot()
    tables = _tables(root)
    assert len(tables) == len(sample.format.tables)
    for element, table in zip(tables, sample.format.tables, strict=True):
        _check_table(element, table, sample)
    # 表三 and 表四 keep their header rows in <thead> (repeated on printed pages); 表二's
    # 第二十条 parts are a <tbody> each, headed by their caption row.
    t2, t3, t4 = tables
    assert len(t2.findall("tbody")) == 4 and t2.find("thead") is None
    for body in t2.findall("tbody"):
        assert body.find("tr/th").get("scope") == "rowgroup"
    assert len(t3.find("thead").findall("tr")) == 3
    assert len(t4.find("thead").findall("tr")) == 3


@pytest.mark.parametrize("which", ["sample", "city"])
def test_our_reader_reads_the_page_back(which: str, sample: Report, tmp_path: Path) -> None:
    report = sample if which == "sample" else city_report()
    result = read_report(_page(report, tmp_path))
    assert differences(report, result.report) == []
    # Nothing noticed, beyond whose report a city's is (本级政府: a note every reader makes).
    assert [n for n in result.notes if not n.startswith(f"“{report.agency}”是本级政府")] == []


def test_a_draft_reads_back_without_its_watermark(sample: Report, tmp_path: Path) -> None:
    page = _page(sample, tmp_path, draft=True)
    text = page.read_text(encoding="utf-8")
    assert 'content:"草稿"' in text and "（草稿）</title>" in text
    root = lxml_html.parse(str(page)).getroot()
    assert "草稿" not in root.find("body").text_content()
    assert differences(sample, read_report(page).report) == []


def test_a_final_page_is_refused_while_errors_stand(sample: Report, tmp_path: Path) -> None:
    wrong = sample.copy()
    wrong.values["t3.new.natural"] = 99  # 表三 no longer adds up
    with pytest.raises(ExportRefused):
        export_report(wrong, tmp_path / "报告.html")
    assert not (tmp_path / "报告.html").exists()
    export_report(wrong, tmp_path / "报告.htm", draft=True)
    assert "（草稿）" in (tmp_path / "报告.htm").read_text(encoding="utf-8")


def test_the_command_line_exports_a_page(tmp_path: Path) -> None:
    out = tmp_path / "报告.html"
    result = run("export", SAMPLE, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "已导出正式版" in result.stdout
    assert differences(project_file.load(SAMPLE), read_report(out).report) == []


def test_the_command_line_refuses_a_final_page_with_errors(tmp_path: Path) -> None:
    wrong = project_file.load(SAMPLE)
    wrong.values["t3.new.natural"] = 99
    source = tmp_path / "错.gknb"
    project_file.save(wrong, source)
    result = run("export", source, "-o", tmp_path / "错.html")
    assert result.returncode == 1
    assert "不能导出正式版" in result.stderr
    assert not (tmp_path / "错.html").exists()
    result = run("export", source, "-o", tmp_path / "错.html", "--draft")
    assert result.returncode == 0, result.stderr
