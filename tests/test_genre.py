"""A document that is not a 政府信息公开工作年度报告 is set aside (``exporters.reading.genre``,
``models.files.NotAReport``): a comparison of two years' reports as a comparison tool makes it, a
letter about the year's 工作要点, an unrelated page — while every real report, every fixture of the
readers and our own exports are still read as reports."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from exporters import docx, read_report
from exporters.reading import Document, genre
from exporters.reading.cells import DocTable, Region, label_key, table_keys
from models import project_file
from models.files import FileProblem, NotAReport
from models.format.format2021 import TABLE_3
from models.report import CURRENT_FORMAT
from tests.conftest import SAMPLE

DATA = Path(__file__).parent / "data"
HTML = DATA / "html"
COMPARISON_PAGE = HTML / "suqian-2023vs2024-comparison.htm"
LETTER_PAGE = HTML / "pingtan-2014-letter.htm"
NEWS_PAGE = HTML / "news-page.html"
COMPARISON_TITLE = "宿迁市2023年与2024年政府信息公开工作年度报告比对报告"

REAL_REPORTS = [*sorted((DATA / "real").glob("*.pdf")), *sorted((DATA / "real").glob("*.html"))]
FIXTURES = [
    *sorted(p for p in HTML.glob("*.html") if p != NEWS_PAGE),  # the news page: not a report
    *sorted((DATA / "pdf").glob("*.pdf")),
    *sorted((DATA / "pdf").glob("*.docx")),
]
"""Every reader fixture the tests hold: reports, and a few that their reader refuses as before
(the encrypted PDF, a table of vertical cells)."""


def reason(path: Path) -> FileProblem:
    with pytest.raises(FileProblem) as raised:
        read_report(path)
    return raised.value


def page_document(path: Path) -> Document:
    """Every line and statistics table of a saved web page, as the web-page reader finds them
    before it crops the page to a report."""
    from lxml import html  # type: ignore[import-untyped]

    from exporters.html.page import read_page
    from exporters.html.source import load

    parser = html.HTMLParser(encoding="utf-8", no_network=True)  # as the reader parses it
    root = html.document_fromstring(load(path).html.encode("utf-8"), parser=parser)
    page = read_page(root, [table_keys(spec) for spec in CURRENT_FORMAT.tables])
    document = Document()
    for line in page.lines:
        document.add_line(line.text)
    document.tables = [table for _, table in page.tables]
    return document


def lines_to_docx(lines: list[str], path: Path) -> Path:
    """``lines`` as the paragraphs of a Word document, as a clerk pastes them into Word."""
    import docx as python_docx

    document = python_docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


# --- a comparison of two years' reports -----------------------------------------------------


TABLE_3_ROWS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "（七）总计",
    "四、结转下年度继续办理",
]


def comparison_docx(path: Path, *, title: bool = True, header: list[str] | None = None) -> Path:
    """A comparison of two years' reports as a comparison tool writes it in Word: its title, both
    years' text under each heading, and 表三's rows side by side, a column a year and the
    difference (as KIROGOVCOMPARE's 详细指标差异分析 lays them out)."""
    import docx as python_docx

    document = python_docx.Document()
    if title:
        document.add_paragraph(COMPARISON_TITLE)
        document.add_paragraph("比对对象：2023年度报告（旧）与2024年度报告（新）")
    for heading, old, new in (
        ("一、总体情况", "2023年，宿迁市全面落实《条例》。", "2024年，宿迁市深化政务公开。"),
        ("三、收到和处理政府信息公开申请情况", "2023年收到申请124件。", "2024年收到申请152件。"),
    ):
        document.add_paragraph(heading)
        document.add_paragraph(f"【2023年】{old}")
        document.add_paragraph(f"【2024年】{new}")
    names = header or ["指标名称", "2023年", "2024年", "差异"]
    table = document.add_table(rows=1 + len(TABLE_3_ROWS), cols=len(names))
    for column, name in enumerate(names):
        table.cell(0, column).text = name
    for row, label in enumerate(TABLE_3_ROWS, start=1):
        before, after = 10 + row, 12 + 2 * row
        values = [label, str(before), str(after), f"+{after - before}"][: len(names)]
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    document.save(str(path))
    return path


def test_a_comparison_web_page_is_set_aside() -> None:
    problem = reason(COMPARISON_PAGE)
    assert isinstance(problem, NotAReport)
    assert str(problem).startswith(f"“{COMPARISON_PAGE.name}”不是政府信息公开工作年度报告（")
    assert "比对" in problem.why and "请选择年度报告本身的文件" in str(problem)
    # Without its title and its 差异 headings, the table's two years' columns still tell.
    document = page_document(COMPARISON_PAGE)
    words = ("比对", "差异", "vs", "（旧）", "（新）")
    document.paragraphs = [p for p in document.paragraphs if not any(w in p for w in words)]
    why = genre.verdict(document)
    assert why is not None and "表三的表头分列了 2023 年、2024 年" in why


def test_a_comparison_in_word_is_set_aside(tmp_path: Path) -> None:
    problem = reason(comparison_docx(tmp_path / "比对报告_宿迁市_2023vs2024.docx"))
    assert isinstance(problem, NotAReport)
    assert problem.why.startswith(f"标题“{COMPARISON_TITLE}”说明它是两个年度报告的比对")
    # Its title lost (pasted without it), the columns of two years still tell.
    untitled = reason(comparison_docx(tmp_path / "无标题.docx", title=False))
    assert isinstance(untitled, NotAReport) and "2023 年、2024 年" in untitled.why


def test_the_comparison_tools_titles_and_lines() -> None:
    def verdict(*lines: str) -> str | None:
        return genre.verdict(Document(paragraphs=list(lines)))

    for title in (
        "宿迁市 年报比对",
        "政府信息公开年度报告差异对比报告",
        "比对报告_宿迁市_2023-2024",
        "宿迁市2023vs2024政府信息公开工作年度报告",
        "宿迁市2023年和2024年政府信息公开工作年度报告对照表",
    ):
        assert verdict(title, "一、总体情况", "正文。") is not None, title
    assert verdict("某局报告", "2023 vs 2024", "一、总体情况") is not None
    assert verdict("某局", "2023 年度（旧）", "2024 年度（新）", "一、总体情况") is not None
    # A report's own title, dates and 文号 are none of these.
    for lines in (
        ("宿政办发〔2024〕3号", "宿迁市2023年政府信息公开工作年度报告", "（2023年全年）"),
        ("关于印发《宿迁市2023年政府信息公开工作年度报告》的通知", "各县（区）人民政府："),
        ("沭阳县发展和改革局2023年政府信息公开年度报告", "一、总体情况"),
    ):
        assert verdict(*lines, "本报告由……组成。") is None, lines


def table_of(rows: list[list[str]]) -> DocTable:
    regions = [
        Region(r, c, 1, 1, text, label_key(text))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    return DocTable(regions, max(len(row) for row in rows), len(rows), {g.key for g in regions})


def test_weak_signs_alone_leave_a_report_alone() -> None:
    """A 差异 column, two whole copies of a table, headings written twice (a 目录 does that): one
    alone is no proof; two together are."""
    difference = table_of([["", "总计", "增减"], *[[label, "3", "+1"] for label in TABLE_3_ROWS]])
    plain = table_of([["", "自然人", "总计"], *[[label, "3", "3"] for label in TABLE_3_ROWS]])
    whole = table_of([[key] for key in sorted(table_keys(TABLE_3))])
    headings = [s.heading for s in CURRENT_FORMAT.sections]
    once = ["某局2024年政务公开情况", *headings]
    twice = ["某局2024年政务公开情况", "目录", *headings, *headings]  # a 目录: each heading twice

    def verdict(paragraphs: list[str], *tables: DocTable) -> str | None:
        return genre.verdict(Document(paragraphs=paragraphs, tables=list(tables)))

    assert verdict(once, difference) is None
    assert verdict(twice, plain) is None
    assert verdict(once, whole, whole) is None
    assert verdict(twice, whole, whole) == (
        "表三有两份；“一、总体情况”等 6 个部分的标题各出现了两次以上，它是两个年度报告的比对，"
        "不是报告本身"
    )
    assert verdict(once, difference, whole, whole) is not None


# --- a letter, an unrelated page ------------------------------------------------------------


def test_a_work_points_letter_is_not_a_report(tmp_path: Path) -> None:
    """平潭's 2014 letter on the year's 政府信息公开工作要点, filed among its annual reports."""
    lines = page_document(LETTER_PAGE).paragraphs
    # The article, from its title to its date, as the web-page reader crops a page (its 来源 and
    # 时间 kept: the title is told from them).
    start = lines.index("关于2014年政府信息公开工作要点落实情况的函")
    article = lines[start : lines.index("2014年12月10日") + 1]
    why = genre.verdict(Document(paragraphs=article))
    assert why == (
        "标题是“关于2014年政府信息公开工作要点落实情况的函”，是一份函，不是年度报告；"
        "其中也没有找到年度报告的统计表（表二、表三、表四）"
    )
    # The same letter in Word, as the office wrote it: read, and set aside.
    problem = reason(lines_to_docx(article, tmp_path / "函.docx"))
    assert isinstance(problem, NotAReport) and problem.why == why


def test_an_unrelated_page_is_not_a_report(tmp_path: Path) -> None:
    document = page_document(NEWS_PAGE)
    start = document.paragraphs.index("我市召开2025年政务公开工作会议")
    news = document.paragraphs[start:]
    why = genre.verdict(Document(paragraphs=news))
    assert why is not None
    assert why.startswith("开头是“我市召开2025年政务公开工作会议”，没有年度报告的标题")
    problem = reason(lines_to_docx(news, tmp_path / "新闻.docx"))
    assert isinstance(problem, NotAReport) and problem.why == why
    for title in ("2024年政务公开工作要点", "关于做好2024年政务公开工作的通知"):
        assert genre.verdict(Document(paragraphs=[title, "一、总体要求", "正文。"])), title


def test_the_refusal_keeps_its_reason_through_a_pickle() -> None:
    """批量审核's workers send what they read back to the run (a review, not the exception; but
    an exception that cannot travel would break a pool that ever sends one)."""
    problem = NotAReport.of("比对.docx", "标题说明它是比对")
    copy = pickle.loads(pickle.dumps(problem))
    assert str(copy) == str(problem) and copy.why == problem.why
    assert isinstance(copy, FileProblem)


# --- every report is still a report ----------------------------------------------------------


@pytest.mark.parametrize("path", REAL_REPORTS, ids=lambda p: p.name)
def test_every_real_report_is_still_read(path: Path) -> None:
    assert read_report(path).report.year is not None


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_no_fixture_of_the_readers_is_set_aside(path: Path) -> None:
    try:
        read_report(path)
    except NotAReport as problem:
        raise AssertionError(f"{path.name} set aside: {problem}") from None
    except FileProblem:
        pass  # refused by its reader as it always was (the encrypted PDF …)


def test_our_own_exports_are_still_read(tmp_path: Path) -> None:
    from exporters import export_report

    report = project_file.load(SAMPLE)
    for suffix in (".docx", ".pdf", ".xlsx"):
        path = tmp_path / f"报告{suffix}"
        export_report(report, path, draft=True)
        read = read_report(path).report
        assert (read.agency, read.year) == (report.agency, report.year), suffix


def test_a_report_whose_tables_are_pictures_is_refused_as_before(tmp_path: Path) -> None:
    """Its title says 年度报告, its headings are there, its tables are not: a report that cannot
    be read, as it always was — not another kind of document."""
    import docx as python_docx

    path = tmp_path / "图片表格.docx"
    docx.write(project_file.load(SAMPLE), path, draft=False)
    document: Any = python_docx.Document(str(path))
    for table in list(document.tables):
        table._element.getparent().remove(table._element)
    document.save(str(path))
    problem = reason(path)
    assert not isinstance(problem, NotAReport)
    assert "没有找到年度报告的统计表" in str(problem) and "以图片形式插入" in str(problem)
    # Even without its title line, the six headings say it is a report.
    document = python_docx.Document(str(path))
    title = document.paragraphs[0]._element
    title.getparent().remove(title)
    document.save(str(path))
    assert not isinstance(reason(path), NotAReport)


def test_a_report_of_the_years_before_the_tables_says_so(tmp_path: Path) -> None:
    """平潭综合实验区 2013: an annual report, from before the official tables (2019) — a report,
    not set aside, and refused for what it is: too early for the format's checks."""
    lines = [
        "平潭综合实验区2013年政府信息公开工作年度报告",
        "一、概述",
        "2013年，实验区主动公开政府信息4970条。",
        "二、主动公开政府信息的情况",
        "全年主动公开政府信息72804条。",
    ]
    problem = reason(lines_to_docx(lines, tmp_path / "2013.docx"))
    assert not isinstance(problem, NotAReport)
    assert "是 2013 年度的报告，早于统一的报告格式（2019 年度起）" in str(problem)
