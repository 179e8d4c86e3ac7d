"""Reading .docx files back: our own exports (the same report again), the blank official template,
copies of the template filled in the ways clerks really fill it (padded and broken labels,
full-width digits, "/" and blanks, a title over two lines, a Chinese-numeral date …), tables laid
out by others, 2019-format tables, and damaged or foreign files."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import os
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from exporters import docx as docx_exporter
from exporters import export_report, read_report
from exporters.docx.wordml import twips
from models import project_file
from models.checks.tables import Kind, Severity, run_checks
from models.document.style import DocumentStyle
from models.files import FileProblem
from models.format.format2019 import TITLES_2019
from models.format.format2021 import FORMAT_2021, TABLE_2, TABLE_3, TABLE_4
from models.format.spec import NumberKind
from models.report import Report, SectionText, TextPart, new_report
from models.values import BlankMark, MarkKind
from tests.conftest import SAMPLE
from tests.docx_tools import (
    TEMPLATE,
    W,
    fill_values,
    insert_after,
    needs_template,
    open_docx,
    paragraph_with,
    replace_paragraph_text,
    replace_table,
    rewrite_part,
    set_cell,
)


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


def round_trip(report: Report, folder: Path, *, draft: bool = True) -> tuple[Report, list[str]]:
    path = folder / "round.docx"
    export_report(report, path, draft=draft)
    result = read_report(path)
    return result.report, result.notes


def cells_of(spec: Any) -> list[Any]:
    return [g.cell for g in spec.grid_cells if g.cell is not None]


# --- our own files -----------------------------------------------------------------------------


def test_export_then_import_gives_back_the_same_report(sample: Report, tmp_path: Path) -> None:
    again, notes = round_trip(sample, tmp_path, draft=False)
    assert notes == []
    assert again == sample


def test_round_trip_of_a_draft_with_blanks_and_a_changed_style(tmp_path: Path) -> None:
    report = new_report("某某县人民政府办公室", 2023)
    report.report_date = dt.date(2024, 1, 30)
    report.preamble = "本报告依据条例编制。\n第二段前言。"
    report.sections["overview"] = SectionText(
        "总述。",
        [TextPart("主动公开情况", "第一段。\n第二段：含冒号。"), TextPart("依申请公开情况", "")],
    )
    report.sections["requests"].intro = "收到申请 3 件。"
    report.values["t2.rules.issued"] = 0
    report.values["t2.fees.amount"] = Decimal("0.0125")
    report.values["t3.new.natural"] = 3
    report.values["t4.cases.review_upheld"] = 1
    report.style = dataclasses.replace(
        DocumentStyle(),
        margin_top=30.5,
        margin_right=20,
        title_font="黑体",
        title_size=18,
        body_font="宋体",
        body_size=15,
        heading2_font="楷体",
        line_spacing=30,
        first_line_indent_chars=1.5,
        table_font="宋体",
        table_size=9,
        page_number_font="Times New Roman",
        page_number_size=12,
    )
    again, notes = round_trip(report, tmp_path)
    assert again.style == report.style
    assert again.values == report.values
    assert again.sections == report.sections
    # Read back, the blank cells are the file's blanks: marked, so the checks name them once per
    # table; nothing else differs.
    blanks = [cell for cell, value in report.values.items() if value is None]
    assert again.blank_marks == dict.fromkeys(blanks, BlankMark(MarkKind.BLANK))
    assert dataclasses.replace(again, blank_marks={}) == report
    assert any("空白" in note for note in notes)  # the blanks are reported, not turned into 0
    assert blanks and all(again.values[cell] is None for cell in blanks)  # blank, not 0
    assert again.values["t2.rules.issued"] == 0  # and a 0 typed stays a 0


def test_a_damaged_style_setting_is_noted_and_the_rest_read(tmp_path: Path) -> None:
    """A 版式 value no 版式 may hold (a top margin of 1.76 m) is noted and skipped; the document,
    and its other settings, still read."""
    report = new_report("某某县人民政府办公室", 2023)
    report.style = dataclasses.replace(DocumentStyle(), margin_right=20, body_font="宋体")
    path = tmp_path / "style.docx"
    export_report(report, path, draft=True)
    top = f'<w:pgMar w:top="{twips(report.style.margin_top)}"'.encode()

    def damage(xml: bytes) -> bytes:
        assert xml.count(top) == 1
        return xml.replace(top, b'<w:pgMar w:top="99999"')

    rewrite_part(path, "word/document.xml", damage)
    result = read_report(path)
    assert "文档的版式设置有一项没有读取：版式设置“margin_top”超出范围：1763.9。" in result.notes
    assert result.report.style == report.style  # the default top margin, the rest as written
    assert result.report.agency == report.agency


def test_blank_cells_stay_blank_and_are_reported(tmp_path: Path) -> None:
    report = new_report("某局", 2024)
    again, notes = round_trip(report, tmp_path)
    assert all(value is None for value in again.values.values())
    blank_notes = [n for n in notes if "空白" in n and "单元格" in n]
    assert len(blank_notes) == 3
    assert blank_notes[1].startswith(f"{TABLE_3.name}有 {len(cells_of(TABLE_3))} 个")


texts = (
    st.text(
        alphabet=st.sampled_from(
            "政府信息公开工作年度报告全年共办理件数据以及，。、；：“”（）《》0123456789ab "
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda t: t and not t.startswith(("（", "(")) and "日" not in t)
)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    report = new_report(
        draw(st.sampled_from(["某某市教育局", "某县人民政府", "甲乙街道办事处"])),
        draw(st.integers(2021, 2030)),
    )
    report.report_date = draw(st.dates(dt.date(2022, 1, 1), dt.date(2031, 3, 31)))
    report.preamble = "\n".join(draw(st.lists(texts, min_size=1, max_size=3)))
    for section in report.format.sections:
        intro = "\n".join(draw(st.lists(texts, max_size=2)))
        parts = []
        if section.has_parts:
            for _ in range(draw(st.integers(0, 3))):
                heading = draw(texts)  # 。 and ： in a heading of ours stay in it
                parts.append(TextPart(heading, "\n".join(draw(st.lists(texts, max_size=2)))))
        report.sections[section.key] = SectionText(intro, parts)
    for cell in report.format.cells:
        if cell.kind is NumberKind.AMOUNT:
            report.values[cell.id] = draw(
                st.none() | st.decimals(0, 10**6, places=4, allow_nan=False)
            )
        else:
            report.values[cell.id] = draw(st.none() | st.integers(0, 10**7))
    return report


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(report=reports())
def test_round_trip_property(report: Report, tmp_path: Path) -> None:
    again, _ = round_trip(report, tmp_path)
    assert again.values == report.values
    assert (again.agency, again.year, again.report_date) == (
        report.agency,
        report.year,
        report.report_date,
    )
    assert again.preamble == report.preamble
    for key, text in report.sections.items():
        got = again.sections[key]
        assert got.intro == text.intro, key
        assert got.parts == [p for p in text.parts], key


# --- the official template -------------------------------------------------------------------


@needs_template
def test_the_blank_template_imports_with_its_blanks_reported() -> None:
    result = read_report(TEMPLATE)
    report = result.report
    assert all(value is None for value in report.values.values())
    assert report.agency == "" and report.year is None and report.report_date is None
    assert all(text.is_empty() for text in report.sections.values())
    notes = "\n".join(result.notes)
    for spec in (TABLE_2, TABLE_3, TABLE_4):
        assert f"{spec.name}有 {len(cells_of(spec))} 个单元格是空白" in notes
    assert "占位文字" in notes  # （文字描述） is not taken for the clerk's text
    # A table nobody has filled is one finding each ("表三尚未填写"), not one per blank cell.
    findings = run_checks(report)
    untouched = [f.table for f in findings if f.rule.id == "table.untouched"]
    assert untouched == [t.name for t in FORMAT_2021.tables]
    assert not [f for f in findings if f.rule.id == "value.blank"]


def template_copy() -> Any:
    return open_docx(TEMPLATE)


def fill_template_like_a_clerk(document: Any) -> None:
    """What a clerk does to the template in WPS: title over two lines, preamble, texts, some
    labels retyped with spaces and breaks, numbers in every form."""
    first = document.paragraphs[1]
    replace_paragraph_text(first, "某某县民政局２０２４年政府信息公开工作")
    title2 = insert_after(first, "年度报告")
    preamble = insert_after(
        title2,
        "　　依据《中华人民共和国政府信息公开条例》编制本报告。所列统计数据"
        "时间范围为2024年1月1日至2024年12月31日。如对本报告有疑问，请联系："
        "某某县民政局办公室，地址：某某县人民路1号，电话：0710-1234567。",
    )
    insert_after(preamble, "")
    placeholder = paragraph_with(document, "（文字描述）")
    replace_paragraph_text(placeholder, "　　2024年，我局认真贯彻落实条例。")
    part = insert_after(placeholder, "（一）主动公开情况。全年主动公开信息120条。")
    more = insert_after(part, "1.规范性文件全部公开。")
    insert_after(more, "(二)依申请公开情况")
    heading_two = paragraph_with(document, "二、主动公开政府信息情况")
    insert_after(heading_two, "本年度处理行政许可１２件。")
    problems = next(p for p in document.paragraphs if p.text == "（文字描述）")
    replace_paragraph_text(problems, "（一）上年度存在的问题及改进情况")
    insert_after(problems, "公开内容不够全面，已改进。")
    other = paragraph_with(document, "（文字描述，收取信息处理费情况在此处报告。）")
    replace_paragraph_text(other, "本年度未收取信息处理费。")
    last = insert_after(other, "")
    agency = insert_after(last, "                              某某县民政局")
    insert_after(agency, "                              二〇二五年一月二十日")

    t2, t3, t4 = document.tables
    set_cell(t2, 2, 0, "规　章")
    set_cell(t2, 6, 0, "行政\n许可")
    fill_values(
        t2,
        TABLE_2,
        {
            "t2.rules.issued": "０",
            "t2.rules.repealed": " 0 ",
            "t2.rules.in_force": "3件",
            "t2.normative.issued": "/",
            "t2.normative.repealed": "",
            "t2.normative.in_force": "—",
            "t2.license.decisions": "1,234",
            "t2.penalty.decisions": "5",
            "t2.enforcement.decisions": "0",
            "t2.fees.amount": "240.9199万元",
        },
    )
    set_cell(t3, 5, 1, "(一)予以公开")
    set_cell(t3, 7, 2, "1、属于国家秘密")
    values = {c.id: "0" for c in cells_of(TABLE_3)}
    values.update(
        {
            "t3.new.natural": "2",
            "t3.new.total": "2",
            "t3.disclosed.natural": "1",
            "t3.disclosed.total": "1",
            "t3.carried_out.natural": "1",
            "t3.carried_out.total": "1",
            "t3.result_total.natural": "1",
            "t3.result_total.total": "1",
            "t3.refused_secret.business": "/",
        }
    )
    fill_values(t3, TABLE_3, values)
    fill_values(
        t4,
        TABLE_4,
        {c.id: "0" for c in cells_of(TABLE_4)}
        | {"t4.cases.direct_upheld": "1", "t4.cases.direct_total": "1"},
    )


@needs_template
def test_a_template_filled_like_a_clerk_imports(tmp_path: Path) -> None:
    document = template_copy()
    fill_template_like_a_clerk(document)
    path = tmp_path / "clerk.docx"
    document.save(str(path))
    result = read_report(path)
    report = result.report
    assert report.agency == "某某县民政局"
    assert report.year == 2024
    assert report.report_date == dt.date(2025, 1, 20)
    assert report.contact_office == "某某县民政局办公室"
    assert report.address == "某某县人民路1号"
    assert report.phone == "0710-1234567"
    assert report.preamble.startswith("依据《中华人民共和国政府信息公开条例》")
    overview = report.sections["overview"]
    assert overview.intro == "2024年，我局认真贯彻落实条例。"
    assert overview.parts == [
        TextPart("主动公开情况", "全年主动公开信息120条。\n1.规范性文件全部公开。"),
        TextPart("依申请公开情况", ""),
    ]
    assert report.sections["proactive"].intro == "本年度处理行政许可１２件。"
    assert report.sections["problems"].parts == [
        TextPart("上年度存在的问题及改进情况", "公开内容不够全面，已改进。")
    ]
    assert report.sections["other"].intro == "本年度未收取信息处理费。"
    values = report.values
    assert values["t2.rules.issued"] == 0 and values["t2.rules.repealed"] == 0
    assert values["t2.rules.in_force"] == 3
    assert values["t2.license.decisions"] == 1234
    assert values["t2.fees.amount"] == Decimal("240.9199")
    for blank in (
        "t2.normative.issued",
        "t2.normative.repealed",
        "t2.normative.in_force",
        "t3.refused_secret.business",
    ):
        assert values[blank] is None, blank  # "/", "—" and blank are never read as 0
    assert values["t3.disclosed.natural"] == 1  # label typed with half-width brackets
    assert values["t3.refused_secret.natural"] == 0  # label typed "1、"
    assert values["t3.new.total"] == 2 and values["t3.carried_out.natural"] == 1
    assert values["t4.cases.direct_upheld"] == 1 and values["t4.cases.review_upheld"] == 0
    notes = "\n".join(result.notes)
    assert "“/”" in notes and "“—”" in notes
    blank_cell = TABLE_2.cell("normative", "repealed")
    assert blank_cell.place.removeprefix(TABLE_2.name) in notes  # the blank one, by its place
    assert "2019" not in notes
    errors = [f for f in run_checks(report) if f.severity is Severity.ERROR]
    # The one blank cell is a blank-cell error; "/" and "—" one finding per table (issue 15).
    assert {f.rule.id for f in errors} == {"value.blank", "value.placeholder"}
    assert [f.table for f in errors if f.rule.id == "value.placeholder"] == [
        TABLE_2.name,
        TABLE_3.name,
    ]


@needs_template
def test_a_document_number_before_the_title_and_a_heading_run_into_its_text(
    tmp_path: Path,
) -> None:
    document = template_copy()
    replace_paragraph_text(document.paragraphs[0], "某政办〔2025〕3号")
    replace_paragraph_text(
        document.paragraphs[1], "某某市人民政府办公室2024年度政府信息公开工作年度报告"
    )
    heading = paragraph_with(document, "一、总体情况")
    replace_paragraph_text(heading, "一、总体情况。2024年，本办扎实推进政务公开。")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    result = read_report(path)
    assert (result.report.agency, result.report.year) == ("某某市人民政府办公室", 2024)
    assert result.report.preamble == ""
    assert result.report.sections["overview"].intro == "2024年，本办扎实推进政务公开。"
    assert any("某政办〔2025〕3号" in note for note in result.notes)


@needs_template
def test_stray_paragraphs_inside_content_controls_and_hidden_text(tmp_path: Path) -> None:
    """A content control around a heading, hidden and deleted text, a field: only what is
    shown counts."""
    document = template_copy()
    heading = paragraph_with(document, "一、总体情况")
    text = paragraph_with(document, "（文字描述）")
    replace_paragraph_text(text, "可见的文字")
    hidden = text.add_run("隐藏的文字")
    hidden.font.hidden = True
    from docx.oxml import parse_xml

    deleted = parse_xml(
        f'<w:del xmlns:w="{W[1:-1]}" w:id="1" w:author="x"><w:r><w:delText>删掉的</w:delText>'
        "</w:r></w:del>"
    )
    text._p.append(deleted)
    sdt = parse_xml(f'<w:sdt xmlns:w="{W[1:-1]}"><w:sdtContent/></w:sdt>')
    heading._p.addprevious(sdt)
    sdt[0].append(heading._p)
    path = tmp_path / "controls.docx"
    document.save(str(path))
    report = read_report(path).report
    assert report.sections["overview"].intro == "可见的文字"


# --- tables laid out by others ---------------------------------------------------------------


def fresh_document_with_table_4(values: list[str]) -> Any:
    """表四 as someone might build it from scratch in Word: with an extra label column on the
    left (项目 / 件数) that the official template does not have."""
    import docx

    document = docx.Document()
    document.add_paragraph("某某局2024年政府信息公开工作年度报告")
    document.add_paragraph(FORMAT_2021.sections[3].heading)
    table = document.add_table(rows=4, cols=16)
    for (row, column), g in TABLE_4.grid_at.items():
        cell = table.cell(row, column + 1)
        if g.row_span > 1 or g.column_span > 1:
            cell = cell.merge(table.cell(row + g.row_span - 1, column + g.column_span))
        cell.text = g.text if g.cell is None else values[column]
    label = table.cell(0, 0).merge(table.cell(2, 0))
    label.text = "项目"
    table.cell(3, 0).text = "件数"
    return document


def test_a_table_with_an_extra_label_column_is_read_by_its_headers(tmp_path: Path) -> None:
    numbers = [str(n) for n in range(15)]
    document = fresh_document_with_table_4(numbers)
    path = tmp_path / "own-table.docx"
    document.save(str(path))
    result = read_report(path)
    for i, cell in enumerate(cells_of(TABLE_4)):
        assert result.report.values[cell.id] == i, cell.id
    notes = "\n".join(result.notes)
    assert f"没有找到{TABLE_2.name}" in notes and f"没有找到{TABLE_3.name}" in notes


@needs_template
def test_table_3_split_over_two_tables_is_read_whole(tmp_path: Path) -> None:
    """表三 broken into two tables at a page (the second without its header rows)."""
    document = template_copy()
    t3 = document.tables[1]
    values = {cell.id: str(i) for i, cell in enumerate(cells_of(TABLE_3))}
    fill_values(t3, TABLE_3, values)
    tbl = t3._tbl
    second = copy.deepcopy(tbl)
    for tr in second.tr_lst[:15]:
        second.remove(tr)
    for tr in tbl.tr_lst[15:]:
        tbl.remove(tr)
    gap = copy.deepcopy(document.paragraphs[0]._p)
    tbl.addnext(gap)
    gap.addnext(second)
    path = tmp_path / "split.docx"
    document.save(str(path))
    result = read_report(path)
    for i, cell in enumerate(cells_of(TABLE_3)):
        assert result.report.values[cell.id] == i, cell.id


# --- the 2019 format -------------------------------------------------------------------------


@needs_template
def test_a_2019_table_2_is_recognised_not_misread(tmp_path: Path) -> None:
    """A 2019 表二 (as published reports of 2019 and some later ones have it): what maps one to
    one is carried over, the rest reported once; no 2019 number lands in a 2021 cell it is not."""
    document = template_copy()
    replace_table(document, 0, TABLE_2_2019)
    path = tmp_path / "2019-t2.docx"
    document.save(str(path))
    result = read_report(path)
    values = result.report.values
    carried = {
        "t2.rules.issued": 2,
        "t2.normative.issued": 5,
        "t2.license.decisions": 1200,
        "t2.penalty.decisions": 300,
        "t2.enforcement.decisions": 20,
    }
    for cell in cells_of(TABLE_2):
        assert values[cell.id] == carried.get(cell.id), cell.id
    (note,) = [n for n in result.notes if "2019" in n]
    assert note.startswith(f"{TABLE_2.name}是 2019 年版格式") and "本年新制作数量" in note
    assert f"与 2021 年版（{FORMAT_2021.notice}）的{TABLE_2.name}不同" in note
    assert "政府集中采购" in note and "其他对外管理服务事项" in note
    findings = [f for f in run_checks(result.report) if f.table == TABLE_2.name]
    (finding,) = findings  # once, not a blank-cell error per cell
    assert finding.rule.id == "value.format2019"
    assert finding.message.startswith(f"{TABLE_2.name}是 2019 年版表格，以下项目无法对应：")
    assert len(finding.cells) == len(cells_of(TABLE_2)) - len(carried)
    assert "「行政事业性收费」" in finding.message


def make_2019_table_3(document: Any, written: str = "5") -> None:
    """（六）其他处理 as the single row it was in 2019: its label spans the item column, the two
    rows of its other items are gone."""
    t3 = document.tables[1]
    values = {cell.id: "1" for cell in cells_of(TABLE_3)}
    fill_values(t3, TABLE_3, values)
    rows = t3._tbl.tr_lst
    group_row = 23  # （六）其他处理 and its first item
    for tr in rows[group_row + 1 : group_row + 3]:
        t3._tbl.remove(tr)
    tr = rows[group_row]
    group, item = tr.tc_lst[1], tr.tc_lst[2]
    group.tcPr.remove(group.tcPr.find(f"{W}vMerge"))
    group.tcPr.find(f"{W}tcW").set(f"{W}w", "4365")
    group.tcPr.grid_span = 2
    tr.remove(item)
    set_cell(t3, group_row, 1, "（六）其他处理")
    for column in range(3, 10):
        set_cell(t3, group_row, column, written)


@needs_template
def test_a_2019_table_3_is_recognised_and_the_rest_read(tmp_path: Path) -> None:
    document = template_copy()
    make_2019_table_3(document)
    path = tmp_path / "2019-t3.docx"
    document.save(str(path))
    result = read_report(path)
    values = result.report.values
    others = [c for c in cells_of(TABLE_3) if c.row.key.startswith("other_")]
    assert len(others) == 21
    assert all(values[c.id] is None for c in others)
    assert all(values[c.id] == 1 for c in cells_of(TABLE_3) if c not in others)
    (note,) = [n for n in result.notes if "2019" in n]
    assert "（六）其他处理" in note and "5" in note
    assert not any("没有找到这些行" in n for n in result.notes)


# --- damaged and foreign files ---------------------------------------------------------------


def problem_of(path: Path) -> str:
    with pytest.raises(FileProblem) as problem:
        read_report(path)
    message = str(problem.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return message


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "空文件"),
        (b"just some text, renamed to .docx", "不是 Word 文档"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Word 文档"),
        (b"%PDF-1.7\n%...", "PDF"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "Excel"),
        (zip_bytes({"readme.txt": b"hello"}), "不是 Word 文档"),
        (zip_bytes({"word/document.xml": b"<not-xml", "[Content_Types].xml": b"<x"}), "已损坏"),
    ],
    ids=["empty", "text", "doc", "pdf", "rtf", "xlsx", "zip", "broken-xml"],
)
def test_foreign_files_are_refused_in_chinese(data: bytes, expected: str, tmp_path: Path) -> None:
    assert expected in problem_of(write(tmp_path / "x.docx", data))


def test_a_truncated_file_is_refused(sample: Report, tmp_path: Path) -> None:
    path = tmp_path / "whole.docx"
    export_report(sample, path)
    data = path.read_bytes()
    assert "不是 Word 文档" in problem_of(write(tmp_path / "cut.docx", data[: len(data) // 2]))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = zip_bytes(
        {"word/document.xml": b"<" + b" " * (8 * 1024 * 1024), "[Content_Types].xml": b"<Types/>"}
    )
    assert len(bomb) < 100_000
    assert "压缩炸弹" in problem_of(write(tmp_path / "bomb.docx", bomb))


def test_too_many_members_is_refused(tmp_path: Path) -> None:
    many = zip_bytes({f"word/media/{i}.xml": b"" for i in range(6000)})
    assert "压缩炸弹" in problem_of(write(tmp_path / "many.docx", many))


def test_an_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as stream:
        stream.truncate(docx_exporter.MAX_FILE_BYTES + 1)  # sparse: nothing is written
    assert "太大" in problem_of(path)


def test_an_encrypted_member_is_refused(sample: Report, tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    export_report(sample, path)
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag in every central-directory entry.
    start = 0
    while (index := data.find(b"PK\x01\x02", start)) >= 0:
        data[index + 8] |= 0x01
        start = index + 4
    assert "加密" in problem_of(write(tmp_path / "locked.docx", bytes(data)))


def test_a_word_document_without_the_tables_is_refused(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("关于召开会议的通知")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "姓名"
    path = tmp_path / "notice.docx"
    document.save(str(path))
    message = problem_of(path)
    assert "没有找到年度报告的统计表" in message
    assert all(spec.name in message for spec in (TABLE_2, TABLE_3, TABLE_4))


def test_a_missing_file(tmp_path: Path) -> None:
    assert "找不到" in problem_of(tmp_path / "gone.docx")


def test_a_macro_enabled_document_saved_as_docx_is_read(sample: Report, tmp_path: Path) -> None:
    path = tmp_path / "ours.docx"
    export_report(sample, path)
    main_type = "wordprocessingml.document.main+xml"
    rewrite_part(
        path,
        "[Content_Types].xml",
        lambda data: data.replace(main_type.encode(), b"wordprocessingml.template.main+xml"),
    )
    assert read_report(path).report == sample


# --- command line ----------------------------------------------------------------------------


def test_command_line_check_and_import_take_docx(
    sample: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sample.docx"
    export_report(sample, path)
    assert main.main(["check", str(path)]) == 0
    assert "没有发现问题" in capsys.readouterr().out
    out = tmp_path / "again.gknb"
    assert main.main(["import", str(path), "-o", str(out)]) == 0
    assert project_file.load(out) == sample


@needs_template
def test_command_line_check_of_the_blank_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_path = tmp_path / "模板.docx"
    shutil.copy(TEMPLATE, copy_path)
    os.chmod(copy_path, 0o644)
    assert main.main(["check", str(copy_path)]) == 1
    captured = capsys.readouterr()
    assert "读取时注意" in captured.err and "空白" in captured.err
    assert main.main(["import", str(copy_path), "-o", str(tmp_path / "t.gknb")]) == 0
    assert "注意" in capsys.readouterr().out


# --- contact sentence and signer (落款) ------------------------------------------------------


def fill_as_a_whole_government(document: Any, title: list[str], preamble: str) -> None:
    """The template filled as 淮安市人民政府's report is published: the title over lines, the
    contact sentence at the end of the preamble, signed by the government's office."""
    first = document.paragraphs[1]
    replace_paragraph_text(first, title[0])
    last = first
    for line in title[1:]:
        last = insert_after(last, line)
    insert_after(last, "　　" + preamble)
    other = paragraph_with(document, "（文字描述，收取信息处理费情况在此处报告。）")
    replace_paragraph_text(other, "本年度未收取信息处理费。")
    blank = insert_after(other, "")
    signer = insert_after(blank, "淮安市人民政府办公室")
    insert_after(signer, "2025年3月20日")


def read_as_a_whole_government(folder: Path, title: list[str], preamble: str) -> Any:
    """The ReadResult of the template filled by ``fill_as_a_whole_government``."""
    document = template_copy()
    fill_as_a_whole_government(document, title, preamble)
    path = folder / "published.docx"
    document.save(str(path))
    return read_report(path)


HUAIAN_PREAMBLE = (
    "本报告依据《中华人民共和国政府信息公开条例》编制。如对本报告有疑问，请与淮安市人民政府"
    "办公室联系（地址：淮安市健康东路1号；邮编：223001；电话：0517-83606000）。"
)


@needs_template
def test_a_whole_governments_report_keeps_its_signer_and_contact(tmp_path: Path) -> None:
    result = read_as_a_whole_government(
        tmp_path, ["淮安市人民政府", "2024年政府信息公开工作年度报告"], HUAIAN_PREAMBLE
    )
    report = result.report
    assert (report.agency, report.year) == ("淮安市人民政府", 2024)
    assert report.signer == "淮安市人民政府办公室"  # not replaced by the title's agency
    assert report.report_date == dt.date(2025, 3, 20)
    assert (report.contact_office, report.address, report.phone) == (
        "淮安市人民政府办公室",
        "淮安市健康东路1号",
        "0517-83606000",
    )
    assert report.preamble == HUAIAN_PREAMBLE  # the source's own sentence (邮编 too) is kept
    notes = "\n".join(result.notes)
    assert "落款“淮安市人民政府办公室”" in notes and "落款单位" in notes
    assert "标题之前" not in notes


@needs_template
def test_a_title_over_three_lines_gives_the_whole_agency(tmp_path: Path) -> None:
    report = read_as_a_whole_government(
        tmp_path,
        ["湖北省武汉市硚口区", "人民政府汉正街街道办事处", "2024年政府信息公开工作年度报告"],
        "依据条例编制本报告。",
    ).report
    assert report.agency == "湖北省武汉市硚口区人民政府汉正街街道办事处"
    assert report.signer == "淮安市人民政府办公室"
    assert (report.contact_office, report.address, report.phone) == ("", "", "")


@needs_template
def test_a_signer_equal_to_the_agency_leaves_the_field_empty(tmp_path: Path) -> None:
    report = read_as_a_whole_government(
        tmp_path, ["淮安市人民政府办公室", "2024年政府信息公开工作年度报告"], HUAIAN_PREAMBLE
    ).report
    assert report.agency == "淮安市人民政府办公室"
    assert report.signer == ""  # signed by the agency: the default


def test_our_export_gives_back_the_signer_and_the_contact(sample: Report, tmp_path: Path) -> None:
    """Signer, contact fields and a preamble without the sentence survive export and import:
    the sentence the export adds from the fields is not added to the preamble."""
    report = sample.copy()
    report.signer = "硚口区人民政府办公室"
    report.preamble = "依据条例编制本报告。"
    report.contact_office = "政务数据应用科"
    again, _ = round_trip(report, tmp_path)
    assert again.signer == "硚口区人民政府办公室"
    assert again.agency == report.agency
    assert (again.contact_office, again.address, again.phone) == (
        "政务数据应用科",
        report.address,
        report.phone,
    )
    assert again.preamble == "依据条例编制本报告。"


@pytest.mark.parametrize(
    "title_break", ["agency", "none", "硚口区行政审批局2024年/政府信息公开工作年度报告"]
)
def test_our_export_gives_back_the_title_break(
    sample: Report, tmp_path: Path, title_break: str
) -> None:
    report = sample.copy()
    report.style.title_break = title_break
    again, notes = round_trip(report, tmp_path)
    assert again.style.title_break == title_break
    assert again.agency == report.agency and again.year == report.year
    assert not any("标题" in note for note in notes)


# --- published tables: dashes for 0, a collapsed （六）, notes in cells, 2019 tables ---------

TABLE_2_2019 = [
    ["第二十条第（一）项"],
    ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ["规章", "2", "2", "30"],
    ["规范性文件", "5", "5", "40"],
    ["第二十条第（五）项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政许可", "10", "+1", "1200"],
    ["其他对外管理服务事项", "3", "0", "50"],
    ["第二十条第（六）项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政处罚", "8", "0", "300"],
    ["行政强制", "2", "0", "20"],
    ["第二十条第（八）项"],
    ["信息内容", "上一年项目数量", "本年增/减"],
    ["行政事业性收费", "4", "-1"],
    ["第二十条第（九）项"],
    ["信息内容", "采购项目数量", "采购总金额"],
    ["政府集中采购", "12", "345.6"],
]
"""The 2019 表二 (国办公开办函〔2019〕60号) as published 2019 reports have it: a shorter row's last
cell spans the rest of the width."""


def dashed_template(dash: str = "—") -> Any:
    """The template filled as many published reports are: every 0 written as ``dash``, a few
    numbers, the totals worked out (and "—" where they are 0)."""
    document = template_copy()
    t2, t3, t4 = document.tables
    fill_values(
        t2, TABLE_2, {c.id: dash for c in cells_of(TABLE_2)} | {"t2.license.decisions": "12"}
    )
    numbers = {
        "t3.new.natural": "3",
        "t3.new.total": "3",
        "t3.disclosed.natural": "2",
        "t3.disclosed.total": "2",
        "t3.result_total.natural": "2",
        "t3.result_total.total": "2",
        "t3.carried_out.natural": "1",
        "t3.carried_out.total": "1",
    }
    fill_values(t3, TABLE_3, {c.id: dash for c in cells_of(TABLE_3)} | numbers)
    fill_values(t4, TABLE_4, {c.id: dash for c in cells_of(TABLE_4)})
    return document


@needs_template
def test_dashes_for_zero_are_one_finding_per_table_and_one_fix(tmp_path: Path) -> None:
    from models.checks.blank_marks import placeholders_to_zero
    from models.edit import Edit, apply

    path = tmp_path / "dashes.docx"
    dashed_template().save(str(path))
    report = read_report(path).report
    table_findings = [f for f in run_checks(report) if f.table]
    assert [(f.table, f.rule.id) for f in table_findings] == [
        (t.name, "value.placeholder") for t in (TABLE_2, TABLE_3, TABLE_4)
    ]
    t3 = table_findings[1]
    dashed = len(cells_of(TABLE_3)) - 8
    assert t3.message.startswith(f"{TABLE_3.name}有 {dashed} 个单元格填的是“—”")
    assert "把这些单元格改为 0" in t3.message
    before = dict(report.values)
    applied = apply(report, Edit(values=placeholders_to_zero(report)))
    assert all(v is not None for v in report.values.values())
    assert report.values["t3.new.total"] == 3 and report.values["t3.refused_secret.total"] == 0
    assert not [f for f in run_checks(report) if f.severity is Severity.ERROR and f.table]
    apply(report, applied.undone)  # undo gives the dashes back, and their one finding each
    assert report.values == before
    assert len([f for f in run_checks(report) if f.rule.id == "value.placeholder"]) == 3


@needs_template
def test_dash_marks_survive_the_project_file_and_old_files_load(tmp_path: Path) -> None:
    path = tmp_path / "slashes.docx"
    dashed_template("/").save(str(path))
    report = read_report(path).report
    again = project_file.loads(project_file.dumps(report))
    assert again.blank_marks == report.blank_marks
    assert len([f for f in run_checks(again) if f.rule.id == "value.placeholder"]) == 3
    data = project_file.to_data(report)
    del data["report"]["blank_marks"]  # a file written before issue 15
    import json

    old = project_file.loads(json.dumps(data, ensure_ascii=False))
    assert old.blank_marks == {}
    assert [f for f in run_checks(old) if f.rule.id == "value.blank"]


@needs_template
def test_import_dash_as_zero_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "dashes.docx"
    dashed_template("－").save(str(source))
    target = tmp_path / "out.gknb"
    assert main.main(["import", str(source), "-o", str(target), "--dash-as-zero"]) == 0
    out = capsys.readouterr().out
    assert f"已按 --dash-as-zero 把{TABLE_3.name}中" in out
    report = project_file.load(target)
    assert all(v is not None for v in report.values.values())
    assert report.blank_marks == {}
    assert main.main(["import", str(source), "-o", str(tmp_path / "kept.gknb")]) == 0
    kept = project_file.load(tmp_path / "kept.gknb")
    assert kept.values["t4.cases.review_total"] is None and kept.blank_marks


@needs_template
@pytest.mark.parametrize("written", ["0", "—"])
def test_a_collapsed_other_handling_of_nothing_is_zero_for_its_items(
    written: str, tmp_path: Path
) -> None:
    document = template_copy()
    make_2019_table_3(document, written)
    path = tmp_path / "collapsed.docx"
    document.save(str(path))
    result = read_report(path)
    others = [c for c in cells_of(TABLE_3) if c.row.key.startswith("other_")]
    findings = run_checks(result.report)
    assert not [f for f in findings if f.rule.id in ("value.blank", "value.collapsed")]
    if written == "0":
        assert all(result.report.values[c.id] == 0 for c in others)
        (note,) = [n for n in result.notes if "（六）其他处理" in n]
        assert "都按这一行填写" in note
        assert not [f for f in findings if f.kind is Kind.BLANK and f.table == TABLE_3.name]
    else:  # (make_2019_table_3 writes 1 everywhere else: its totals do not add up)
        (finding,) = [f for f in findings if f.kind is Kind.BLANK and f.table == TABLE_3.name]
        assert finding.rule.id == "value.placeholder" and len(finding.cells) == len(others)


@needs_template
def test_a_collapsed_other_handling_with_numbers_is_one_finding(tmp_path: Path) -> None:
    document = template_copy()
    make_2019_table_3(document)
    path = tmp_path / "collapsed.docx"
    document.save(str(path))
    report = read_report(path).report
    findings = [f for f in run_checks(report) if f.table == TABLE_3.name]
    collapsed = [f for f in findings if f.rule.id == "value.collapsed"]
    assert len(collapsed) == 1  # not 21 blank cells
    assert not [f for f in findings if f.rule.id == "value.blank"]
    message = collapsed[0].message
    assert message.startswith(f"{TABLE_3.name}的“（六）其他处理”只有一行")
    assert "自然人 5" in message and "分为 3 项" in message


@needs_template
def test_numbers_with_notes_in_cells_are_read_and_the_note_quoted(tmp_path: Path) -> None:
    document = template_copy()
    fill_template_like_a_clerk(document)
    t2 = document.tables[0]
    fill_values(
        t2,
        TABLE_2,
        {
            "t2.rules.issued": "22（其中修订16件）",
            "t2.rules.in_force": "55（含自然失效29件）",
            "t2.penalty.decisions": "3件",
        },
    )
    path = tmp_path / "notes.docx"
    document.save(str(path))
    result = read_report(path)
    values = result.report.values
    assert values["t2.rules.issued"] == 22
    assert values["t2.rules.in_force"] == 55
    assert values["t2.penalty.decisions"] == 3
    notes = "\n".join(result.notes)
    assert "填的是“22（其中修订16件）”：已读取数字 22" in notes
    assert "“55（含自然失效29件）”" in notes
    findings = run_checks(result.report)
    assert not [f for f in findings if set(f.cells) & {"t2.rules.issued", "t2.rules.in_force"}]


# --- issue 15: titles as published, 2019 headings, 本级政府 -----------------------------------


def _clerk_document_with(
    title: list[str], headings: dict[str, str] | None = None, signer: str = ""
) -> Any:
    """The template filled like a clerk, its title replaced by ``title`` (over its lines) and
    section headings retyped (old text → new text)."""
    document = template_copy()
    fill_template_like_a_clerk(document)
    first = paragraph_with(document, "某某县民政局２０２４年政府信息公开工作")
    second = paragraph_with(document, "年度报告")
    replace_paragraph_text(first, title[0])
    replace_paragraph_text(second, title[1] if len(title) > 1 else "")
    last = second
    for line in title[2:]:
        last = insert_after(last, line)
    for old, new in (headings or {}).items():
        replace_paragraph_text(paragraph_with(document, old), new)
    if signer:
        replace_paragraph_text(paragraph_with(document, "某某县民政局"), "　" * 15 + signer)
    return document


def _read_clerk_document(document: Any, tmp_path: Path) -> tuple[Report, list[str]]:
    path = tmp_path / "clerk.docx"
    document.save(str(path))
    result = read_report(path)
    return result.report, result.notes


def _title_or_text_findings(report: Report) -> list[str]:
    return [
        f.message
        for f in run_checks(report)
        if "没有填写" in f.message or "还没有内容" in f.message or f.rule.id.startswith("date.")
    ]


@needs_template
@pytest.mark.parametrize(
    "title",
    [
        ["2024年某某县民政局政府信息公开工作年度报告"],
        ["2024年某某县民政局", "政府信息公开工作年度报告"],
        ["2024年", "某某县民政局", "政府信息公开工作年度报告"],
        ["某县民发〔2025〕3号", "某某县民政局2024年政府信息公开工作年度报告"],
    ],
    ids=["year-first", "year-first-two-lines", "three-lines", "number-line"],
)
def test_a_published_title_form_imports_without_false_findings(
    title: list[str], tmp_path: Path
) -> None:
    report, notes = _read_clerk_document(_clerk_document_with(title), tmp_path)
    assert (report.agency, report.year) == ("某某县民政局", 2024)
    assert not any("报告年度" in note or "机关名称" in note for note in notes)
    assert _title_or_text_findings(report) == []


@needs_template
def test_an_unreadable_title_is_reported_once(tmp_path: Path) -> None:
    report, notes = _read_clerk_document(
        _clerk_document_with(["政府信息公开工作年度报告"]), tmp_path
    )
    assert report.year == 2024  # from the preamble's statistics period
    assert report.agency == "某某县民政局"  # from the 落款
    said = [note for note in notes if "标题" in note and ("年度" in note or "机关" in note)]
    assert len([n for n in said if "没有读出" in n]) == 1
    assert not any(note.startswith("没有找到报告年度") for note in notes)


_SECTIONS_2019 = [spec for spec in FORMAT_2021.sections if spec.key in TITLES_2019]


@needs_template
def test_2019_section_headings_put_their_text_in_the_2021_sections(tmp_path: Path) -> None:
    document = _clerk_document_with(
        ["某某县民政局２０２４年政府信息公开工作", "年度报告"],
        {spec.heading: f"{spec.number}、{TITLES_2019[spec.key]}" for spec in _SECTIONS_2019},
    )
    report, notes = _read_clerk_document(document, tmp_path)
    assert report.sections["problems"].parts == [
        TextPart("上年度存在的问题及改进情况", "公开内容不够全面，已改进。")
    ]
    assert not any("没有找到这些部分的标题" in note for note in notes)
    assert _title_or_text_findings(report) == []


@needs_template
def test_a_2019_heading_run_into_its_first_sentence_is_split(tmp_path: Path) -> None:
    (problems,) = (spec for spec in _SECTIONS_2019 if spec.key == "problems")
    document = _clerk_document_with(
        ["某某县民政局２０２４年政府信息公开工作", "年度报告"],
        {problems.heading: f"{problems.number}、{TITLES_2019[problems.key]}。我局存在不足。"},
    )
    report, _ = _read_clerk_document(document, tmp_path)
    assert report.sections["problems"].intro == "我局存在不足。"


@needs_template
@pytest.mark.parametrize(
    ("agency", "whole"),
    [("宿迁市", True), ("淮安市人民政府", True), ("淮安市人民政府办公室", False)],
)
def test_a_whole_government_is_inferred_from_the_title(
    agency: str, whole: bool, tmp_path: Path
) -> None:
    title = [f"{agency}２０２４年政府信息公开工作", "年度报告"]
    document = _clerk_document_with(title, signer=agency)
    report, notes = _read_clerk_document(document, tmp_path)
    assert report.agency == agency and report.whole_government is whole
    assert any("本级政府" in note for note in notes) is whole


@needs_template
def test_a_year_first_title_with_the_wrong_year_is_found(tmp_path: Path) -> None:
    document = _clerk_document_with(["2023年某某县民政局", "政府信息公开工作年度报告"])
    report, _ = _read_clerk_document(document, tmp_path)
    assert (report.agency, report.year) == ("某某县民政局", 2023)
    found = _title_or_text_findings(report)
    # The period against the title's year, and the 落款 (2025) too late for a 2023 report.
    assert len(found) == 2 and "2024年1月1日" in found[0] and "2023" in found[0]
