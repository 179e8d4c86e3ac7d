"""Reading reports published as web pages (exporters/html): pages written in the style of
government sites (tests/data/html), single-file pages (.mhtml) built as Chrome, Edge and IE save
them, pages made by LibreOffice from our .docx and from the official template filled like a
clerk's (slow), the same findings as for the .docx, and files that are not report pages."""

from __future__ import annotations

import copy
import datetime as dt
import email.generator
import io
import os
import quopri
import re
import shutil
from decimal import Decimal
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from exporters import docx as docx_exporter
from exporters import findings_for, read_report
from exporters.file_kinds import kind_of
from exporters.reading.cells import SpannedCell, table_from_rows
from models import project_file
from models.files import FileProblem
from models.format.format2021 import FORMAT_2021, TABLE_2, TABLE_3, TABLE_4
from models.format.spec import NumberKind
from models.report import Report, SectionText, TextPart, new_report
from models.values import MarkKind
from tests import libreoffice
from tests.conftest import SAMPLE
from tests.report_pages import gov_page
from tests.test_docx_import import fill_template_like_a_clerk, reports, template_copy

DATA = Path(__file__).parent / "data" / "html"
GBK_PAGE = DATA / "gov-gbk-nested.html"
UTF8_PAGE = DATA / "gov-utf8-runon.html"
PAGE_2019 = DATA / "report-2019-format.html"
NEWS_PAGE = DATA / "news-page.html"
LIBREOFFICE_SAMPLE = DATA / "qiaokou-2024-libreoffice.html"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


def problem_of(path: Path) -> str:
    with pytest.raises(FileProblem) as caught:
        read_report(path)
    message = str(caught.value)
    assert re.search("[\u4e00-\u9fff]", message), message
    return message


# --- expected tables of the hand-written pages --------------------------------------------------

T3_COLUMNS = ("natural", "business", "research", "public_welfare", "legal_service", "other_org")


def table_3(rows: dict[str, tuple[int | None, ...]]) -> dict[str, int | None]:
    """表三's values: the rows given (six applicant columns and 总计), every other row 0."""
    values: dict[str, int | None] = {c.id: 0 for c in TABLE_3.cells}
    for row, numbers in rows.items():
        for column, number in zip((*T3_COLUMNS, "total"), numbers, strict=True):
            values[f"t3.{row}.{column}"] = number
    return values


PAGE_T3: dict[str, tuple[int | None, ...]] = {
    "new": (20, 2, None, None, None, None, 22),
    "carried_in": (1, 0, 0, 0, 0, 0, 1),
    "disclosed": (8, 1, 0, 0, 0, 0, 9),
    "partly": (3, 0, 0, 0, 0, 0, 3),
    "refused_third_party": (1, 0, 0, 0, 0, 0, 1),
    "unable_not_held": (5, 1, 0, 0, 0, 0, 6),
    "unhandled_repeat": (1, 0, 0, 0, 0, 0, 1),
    "result_total": (18, 2, 0, 0, 0, 0, 20),
    "carried_out": (3, 0, 0, 0, 0, 0, 3),
}


def test_a_gbk_page_inside_nested_layout_tables() -> None:
    result = read_report(GBK_PAGE)
    report = result.report
    assert (report.agency, report.year) == ("某某市自然资源和规划局", 2024)
    assert report.report_date == dt.date(2025, 1, 20) and report.signer == ""
    assert (report.contact_office, report.address, report.phone) == (
        "某某市自然资源和规划局办公室",
        "某某市人民路88号",
        "0710-3456789",
    )
    # No menu, breadcrumb, 索引号 table, 发布时间 line, script or footer in the text.
    assert report.preamble.startswith("本报告依据《中华人民共和国政府信息公开条例》第五十条")
    assert report.preamble.endswith("至2024年12月31日止。")
    overview = report.sections["overview"]
    # A line break of the source between two Chinese characters is no space.
    assert overview.intro == (
        "2024年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
        "不公开为例外，扎实做好政府信息公开工作。"
    )
    assert [p.heading for p in overview.parts] == [
        "主动公开",
        "依申请公开",  # bold and run together with its text: split at the bold
        "政府信息管理",
        "政府信息公开平台建设",
        "监督保障",
    ]
    assert overview.parts[1].text.startswith("全年新收政府信息公开申请22件")
    assert overview.parts[0].text == "全年通过门户网站主动公开政府信息１２３条，其中规范性文件3件。"
    assert report.sections["problems"].parts == [
        TextPart(
            "上年度存在的问题及改进情况",
            "2023年存在的主要问题是部分栏目更新不及时。已建立栏目更新台账，按月检查。",
        ),
        TextPart(
            "本年度存在的问题及下年度改进举措",
            "一是政策解读形式单一；二是依申请公开答复规范性有待提高。2025年将加强培训。",
        ),
    ]
    assert report.sections["other"] == SectionText("本机关2024年度未收取信息处理费。")
    for key in ("proactive", "requests", "review_litigation"):
        assert report.sections[key].is_empty(), key
    expected: dict[str, object] = {
        "t2.rules.issued": 0,
        "t2.rules.repealed": 0,
        "t2.rules.in_force": 0,
        "t2.normative.issued": 3,
        "t2.normative.repealed": 1,
        "t2.normative.in_force": 25,  # full-width digits
        "t2.license.decisions": 1286,
        "t2.penalty.decisions": 12,
        "t2.enforcement.decisions": 0,
        "t2.fees.amount": Decimal("35.6"),
    }
    expected |= table_3(PAGE_T3)
    expected |= {c.id: 0 for c in TABLE_4.cells}
    expected |= {
        "t4.cases.review_upheld": 1,
        "t4.cases.review_total": 1,
        "t4.cases.direct_pending": 1,
        "t4.cases.direct_total": 1,
    }
    assert report.values == expected
    dashes = {f"t3.new.{c}" for c in T3_COLUMNS[2:]}
    assert set(report.blank_marks) == dashes
    assert all(
        m.kind is MarkKind.PLACEHOLDER and m.text == "—" for m in report.blank_marks.values()
    )
    notes = "\n".join(result.notes)
    assert "表三有 4 个单元格填的是“—”" in notes
    assert "填的是“22（其中网上申请15件）”：已读取数字 22" in notes
    assert len(result.notes) == 2, result.notes


def test_an_html5_page_with_headings_run_into_their_text() -> None:
    result = read_report(UTF8_PAGE)
    report = result.report
    assert (report.agency, report.year) == ("某某县人民政府", 2024)  # the title over two lines
    assert report.signer == "某某县人民政府办公室"
    assert report.report_date == dt.date(2025, 3, 10)
    assert report.whole_government
    assert report.preamble.startswith("本报告根据《中华人民共和国政府信息公开条例》要求编制。")
    assert "发布日期" not in report.preamble and "分享" not in report.preamble
    overview = report.sections["overview"]
    assert overview.intro == "2024年，县政府坚持以人民为中心，全面推进政务公开。"
    assert overview.parts[0] == TextPart("主动公开情况", "全年主动公开政府信息２５６条。")
    assert [p.heading for p in overview.parts][1:] == [
        "依申请公开情况",
        "政府信息管理",
        "政府信息公开平台建设",
        "监督保障",
    ]
    assert report.sections["problems"].parts[1] == TextPart(
        "本年度存在的问题及下年度改进举措", "部分部门公开意识不强，下年度将加强考核。"
    )
    assert report.sections["other"].intro == "本年度未收取信息处理费。"
    values = report.values
    assert values["t2.rules.in_force"] == 2 and values["t2.normative.in_force"] == 36
    assert values["t2.license.decisions"] == 2345
    assert values["t2.fees.amount"] == Decimal("120.5")
    rows = dict(PAGE_T3, new=(20, 2, 0, 0, 0, 0, 22))
    rows["unhandled_repeat"] = (1, None, None, 0, 0, 0, 1)
    assert {k: v for k, v in values.items() if k.startswith("t3.")} == table_3(rows)
    assert all(values[c.id] == 0 for c in TABLE_4.cells)
    assert {k: m.text for k, m in report.blank_marks.items()} == {
        "t3.unhandled_repeat.business": "/",
        "t3.unhandled_repeat.research": "无",
    }
    notes = "\n".join(result.notes)
    assert "落款“某某县人民政府办公室”与标题中的机关名称“某某县人民政府”不同" in notes
    assert "是本级政府" in notes


def test_a_2019_format_page() -> None:
    result = read_report(PAGE_2019)
    report = result.report
    assert (report.agency, report.year, report.report_date) == (
        "某某区教育局",
        2019,
        dt.date(2020, 1, 15),
    )
    # The 2019 headings of 四 and 五 are read into the 2021 sections.
    assert report.sections["problems"].intro == "信息公开的及时性有待提高。下一步将完善工作机制。"
    assert report.sections["other"].intro == "无。"
    values = report.values
    assert values["t2.normative.issued"] == 2 and values["t2.license.decisions"] == 356
    assert values["t2.penalty.decisions"] == 18 and values["t2.enforcement.decisions"] == 2
    assert values["t2.normative.in_force"] is None  # no 2021 counterpart: marked, not guessed
    assert report.blank_marks["t2.fees.amount"].kind is MarkKind.FORMAT_2019
    for item in ("other_no_correction", "other_no_fee", "other_other"):
        assert values[f"t3.{item}.total"] == 0  # （六）其他处理 in one row of 0
    assert values["t3.result_total.total"] == 20
    notes = "\n".join(result.notes)
    assert f"{TABLE_2.name}是 2019 年版格式" in notes and "政府集中采购" in notes
    assert "（六）其他处理”只有一行" in notes


# --- single-file pages -------------------------------------------------------------------------


def mhtml(page: bytes, *, charset: str | None, location: str, chrome: bool = True) -> bytes:
    """A single-file page as Chrome/Edge save it (the page re-encoded as UTF-8 with no charset in
    the part, a Snapshot-Content-Location header, quoted-printable) or as IE did (the page's own
    charset in the part); a picture part after it."""
    message = MIMEMultipart("related", type="text/html", boundary="----MultipartBoundary--x7Qa----")
    if chrome:
        message["From"] = "<Saved by Blink>"
        message["Snapshot-Content-Location"] = location
    message["Subject"] = "=?utf-8?Q?report?="
    message["Date"] = "Tue, 21 Jan 2025 09:30:00 +0800"
    part = (
        MIMENonMultipart("text", "html", charset=charset)
        if charset
        else MIMENonMultipart("text", "html")
    )
    part["Content-ID"] = "<frame-1@mhtml.blink>"
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(quopri.encodestring(page).decode("ascii"))
    part["Content-Location"] = location
    message.attach(part)
    image = MIMEImage(PNG, "png")
    image["Content-Location"] = "https://www.example.gov.cn/images/logo.png"
    message.attach(image)
    buffer = io.BytesIO()
    email.generator.BytesGenerator(buffer, mangle_from_=False).flatten(message)
    return buffer.getvalue()


def test_single_file_pages_as_chrome_and_ie_save_them(tmp_path: Path) -> None:
    original = read_report(GBK_PAGE)
    gbk = GBK_PAGE.read_bytes()
    chrome_page = gbk.decode("gbk").replace("charset=gb2312", "charset=UTF-8").encode("utf-8")
    chrome = tmp_path / "报告.mhtml"
    chrome.write_bytes(mhtml(chrome_page, charset=None, location="https://www.example.gov.cn/a"))
    raw = chrome.read_bytes()
    assert b"Content-Transfer-Encoding: quoted-printable" in raw and b"image/png" in raw
    assert b"Snapshot-Content-Location" in raw and b"=E6=9F=90" in raw  # 某, quoted-printable
    ie = tmp_path / "报告.mht"
    ie.write_bytes(mhtml(gbk, charset="gb2312", location="file:///C:/a.htm", chrome=False))
    assert kind_of(chrome) == ".mht" and kind_of(ie) == ".mht"
    for path in (chrome, ie):
        result = read_report(path)
        assert result.report == original.report, path.name
        assert result.notes == original.notes
    # The name does not matter: a single-file page named .html is read as one, and the reverse.
    renamed = tmp_path / "报告.html"
    shutil.copy(chrome, renamed)
    assert read_report(renamed).report == original.report
    page_named_mht = tmp_path / "页面.mht"
    shutil.copy(GBK_PAGE, page_named_mht)
    assert read_report(page_named_mht).report == original.report


def test_a_damaged_single_file_page(tmp_path: Path) -> None:
    only_picture = MIMEMultipart("related", boundary="b1")
    only_picture["MIME-Version"] = "1.0"
    only_picture.attach(MIMEImage(PNG, "png"))
    path = tmp_path / "图片.mhtml"
    path.write_bytes(only_picture.as_bytes())
    message = problem_of(path)
    assert "没有网页正文" in message and "另存为" in message


# --- our own report, the same findings --------------------------------------------------------


def finding_keys(report: Report) -> list[tuple[str, str]]:
    return [(f.rule.id, f.message) for f in findings_for(report)]


def test_check_finds_the_same_in_a_page_as_in_the_docx(sample: Report, tmp_path: Path) -> None:
    report = copy.deepcopy(sample)
    report.values["t3.new.total"] = 7  # the total no longer adds up
    report.values["t2.rules.issued"] = None  # a blank cell
    report.values["t4.cases.review_upheld"] = 2  # and the text says no review was upheld
    document = tmp_path / "报告.docx"
    docx_exporter.write(report, document, draft=True)
    page = tmp_path / "报告.html"
    page.write_bytes(gov_page(report))
    from_docx = read_report(document).report
    from_page = read_report(page).report
    assert from_page.values == report.values
    found = finding_keys(from_page)
    assert found == finding_keys(from_docx)
    assert len(found) >= 3 and "value.blank" in {rule for rule, _ in found}


def test_the_sample_as_libreoffice_saved_it(sample: Report) -> None:
    """The committed LibreOffice page of the sample (the slow test makes it afresh)."""
    result = read_report(LIBREOFFICE_SAMPLE)
    assert result.notes == []
    assert_same_report(result.report, sample)


def assert_same_report(got: Report, source: Report) -> None:
    """Cell for cell, section by section, title and 落款."""
    for cell in source.format.cells:
        assert got.values[cell.id] == source.values[cell.id], cell.id
    for key, text in source.sections.items():
        assert got.sections[key].intro == text.intro, key
        assert got.sections[key].parts == text.parts, key
    assert (got.agency, got.year, got.report_date) == (
        source.agency,
        source.year,
        source.report_date,
    )
    assert got.signer == source.signer
    assert got.preamble == source.preamble
    assert (got.contact_office, got.address, got.phone) == (
        source.contact_office,
        source.address,
        source.phone,
    )


def collapsed(report: Report) -> Report:
    """``report`` with its text as a browser shows it (runs of spaces as one)."""
    out = copy.deepcopy(report)

    def fold(text: str) -> str:
        return "\n".join(re.sub(" +", " ", line) for line in text.split("\n"))

    out.preamble = fold(out.preamble)
    for key, text in out.sections.items():
        out.sections[key] = SectionText(
            fold(text.intro), [TextPart(fold(p.heading), fold(p.text)) for p in text.parts]
        )
    return out


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(report=reports())
def test_round_trip_through_a_government_page(report: Report, tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_bytes(gov_page(report, "utf-8"))
    got = read_report(page).report
    expected = collapsed(report)
    assert got.values == expected.values
    assert (got.agency, got.year, got.report_date) == (
        expected.agency,
        expected.year,
        expected.report_date,
    )
    assert got.preamble == expected.preamble
    for key, text in expected.sections.items():
        assert got.sections[key].intro == text.intro, key
        assert got.sections[key].parts == text.parts, key


# --- encodings -------------------------------------------------------------------------------


def test_encodings_declared_wrongly_or_not_at_all(tmp_path: Path) -> None:
    original = read_report(GBK_PAGE).report
    text = GBK_PAGE.read_bytes().decode("gbk")
    cases = {
        "utf8-labelled-gb2312.html": text.encode("utf-8"),  # meta still says gb2312
        "gbk-undeclared.html": text.replace("charset=gb2312", "").encode("gbk"),
        "gb18030-declared-utf8.html": text.replace("gb2312", "utf-8").encode("gb18030"),
        "utf16.html": "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"),
        "utf8-bom.html": b"\xef\xbb\xbf" + text.encode("utf-8"),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert read_report(path).report == original, name


def test_broken_bytes_are_replaced_and_noted(tmp_path: Path) -> None:
    data = bytearray(GBK_PAGE.read_bytes())
    at = data.index("认真贯彻落实".encode("gbk"))
    data[at + 1 : at + 1] = b"\xff"  # a byte GBK has no character for
    path = tmp_path / "broken.html"
    path.write_bytes(bytes(data))
    result = read_report(path)
    assert result.report.values == read_report(GBK_PAGE).report.values
    assert any("\ufffd" in note and "GBK" in note for note in result.notes), result.notes


# --- what is not a report page -------------------------------------------------------------------


def test_files_that_are_not_report_pages(tmp_path: Path) -> None:
    # A news page, a letter: set aside for what they are (exporters.reading.genre).
    news = problem_of(NEWS_PAGE)
    assert "不是政府信息公开工作年度报告" in news and "我市召开2025年政务公开工作会议" in news
    letter = problem_of(DATA / "pingtan-2014-letter.htm")
    assert "不是政府信息公开工作年度报告" in letter and "工作要点" in letter
    empty = tmp_path / "空.html"
    empty.write_bytes(b"")
    assert "空文件" in problem_of(empty)
    blank = tmp_path / "空白.htm"
    blank.write_bytes(b"  \r\n ")
    assert "空文件" in problem_of(blank)
    binary = tmp_path / "图片.html"
    binary.write_bytes(PNG * 40 + os.urandom(4000))
    assert "二进制" in problem_of(binary)
    text = tmp_path / "文字.html"
    text.write_text("某某局2024年政府信息公开工作年度报告", encoding="utf-8")
    assert "不是网页" in problem_of(text)
    large = tmp_path / "大.html"
    with large.open("wb") as stream:
        stream.write(b"<html><body>")
        stream.truncate(50 * 1024 * 1024)
    message = problem_of(large)  # how soon: tests/bench.py
    assert "50.0 MB" in message and "20 MB" in message


def test_a_truncated_page(tmp_path: Path) -> None:
    data = GBK_PAGE.read_bytes()
    cut = data.index("5.属于三类内部事务信息".encode("gbk"))
    middle = tmp_path / "中途.html"
    middle.write_bytes(data[:cut])
    result = read_report(middle)
    assert "网页文件不完整" in result.notes[0]
    assert result.report.values["t3.refused_third_party.natural"] == 1  # read up to the cut
    assert result.report.values["t3.carried_out.total"] is None
    assert result.report.report_date is None
    early = tmp_path / "开头.html"
    early.write_bytes(data[: data.index("一、总体情况".encode("gbk")) - 40])
    message = problem_of(early)
    assert "不完整" in message and "截断" in message


def test_deep_nesting_never_hangs(tmp_path: Path) -> None:
    page = tmp_path / "深.html"
    page.write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000)
    message = problem_of(page)  # how soon, and for the tables below: tests/bench.py
    assert "嵌套层次太深" in message
    tables = tmp_path / "表格.html"
    tables.write_bytes(b"<table><tr><td>" * 30_000 + GBK_PAGE.read_bytes())
    with pytest.raises(FileProblem):
        read_report(tables)


def test_a_report_nested_200_levels_deep_is_read(tmp_path: Path) -> None:
    data = GBK_PAGE.read_bytes()
    at = data.index(b"<body>") + len(b"<body>")
    page = tmp_path / "深.html"
    page.write_bytes(data[:at] + b"<div>" * 200 + data[at:])
    assert read_report(page).report == read_report(GBK_PAGE).report


# --- the layout of rows of cells --------------------------------------------------------------


def test_table_from_rows_lays_out_spans_as_browsers_do() -> None:
    rows = [
        [SpannedCell("a", 2, 1), SpannedCell("b", 1, 2)],
        [SpannedCell("c"), SpannedCell("d", 0)],
        [SpannedCell("e", 1, 0)],
    ]
    table = table_from_rows(rows)
    assert table is not None
    placed = {(g.text, g.row, g.column, g.row_span, g.column_span) for g in table.regions}
    assert placed == {
        ("a", 0, 0, 2, 1),
        ("b", 0, 1, 1, 2),
        ("c", 1, 1, 1, 1),
        ("d", 1, 2, 2, 1),  # 0: to the last row
        ("e", 2, 0, 1, 1),  # column 0 is free again; a span of 0 counts as 1
    }
    assert (table.rows, table.columns) == (3, 3)
    assert table.keys == {"a", "b", "c", "d", "e"}
    huge = [[SpannedCell("x", 1000, 1000)] for _ in range(1000)]
    assert table_from_rows(huge) is None


# --- LibreOffice's pages of our .docx and of the official template (slow) ----------------------


def libreoffice_html(document: Path, folder: Path) -> Path:
    return libreoffice.convert(libreoffice.needed(), document, "html", folder)


def bigger_report() -> Report:
    """A report with every cell filled (totals that add up), long texts with sub-headings in
    every section that has them, a signer other than the agency."""
    report = new_report("湖北省武汉市某某区人民政府", 2024)
    report.signer = "湖北省武汉市某某区人民政府办公室"
    report.report_date = dt.date(2025, 3, 28)
    report.preamble = "本报告依据条例编制。\n所列数据的统计期限为2024年1月1日至2024年12月31日。"
    for n, section in enumerate(report.format.sections):
        intro = f"第{n + 1}部分的说明，全年处理{n * 37}件，占比 12.5%。"
        parts = []
        if section.has_parts:
            parts = [
                TextPart(f"小标题{m}", "\n".join(f"第{m}段第{k}行文字。" for k in range(3)))
                for m in range(1, 5)
            ]
        report.sections[section.key] = SectionText(intro, parts)
    for i, cell in enumerate(report.format.cells):
        report.values[cell.id] = Decimal("1234.5678") if cell.kind is NumberKind.AMOUNT else i * 7
    for table in (TABLE_2, TABLE_3, TABLE_4):
        for total in table.sums:  # in an order where each total's parts come first
            report.values[total.total.id] = sum(
                int(report.values[part.id] or 0) for part in total.parts
            )
    return report


@pytest.mark.slow
@pytest.mark.parametrize("which", ["sample", "bigger"])
def test_our_docx_through_libreoffice(which: str, sample: Report, tmp_path: Path) -> None:
    source = sample if which == "sample" else bigger_report()
    document = tmp_path / f"{which}.docx"
    docx_exporter.write(source, document, draft=False)
    page = libreoffice_html(document, tmp_path)
    result = read_report(page)
    assert_same_report(result.report, source)
    from_docx = read_report(document)
    assert finding_keys(result.report) == finding_keys(from_docx.report)


@pytest.mark.slow
def test_the_official_template_filled_by_a_clerk_through_libreoffice(tmp_path: Path) -> None:
    document = template_copy()
    fill_template_like_a_clerk(document)
    path = tmp_path / "clerk.docx"
    document.save(str(path))
    page = libreoffice_html(path, tmp_path)
    from_docx = read_report(path)
    from_page = read_report(page)
    assert_same_report(from_page.report, from_docx.report)
    assert from_page.report.blank_marks == from_docx.report.blank_marks
    assert from_page.notes == from_docx.notes
    assert finding_keys(from_page.report) == finding_keys(from_docx.report)
    assert from_page.report.agency == "某某县民政局"
    assert FORMAT_2021.tables  # the format the template is in
