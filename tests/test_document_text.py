"""The words of the document that follow from the basic facts: title lines, contact sentence,
signer (models.document.text)."""

from __future__ import annotations

import dataclasses
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import project_file
from models.document.text import (
    Contact,
    break_title,
    contact_sentence,
    preamble_paragraphs,
    read_contact,
    signer,
    text_width,
    title_lines,
    title_per_line,
    without_built_sentence,
)
from models.report import Report, new_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "qiaokou-2024.gknb"
SOURCE = ROOT / "tests" / "data" / "qiaokou-2024-source.txt"

WORDS = ("年度", "报告", "政府", "信息", "公开", "工作")
"""Words of the title pattern no line may cut."""


def sample() -> Report:
    return project_file.load(SAMPLE)


def assert_whole_words(lines: list[str], title: str) -> None:
    assert "".join(lines) == title
    for upper, lower in pairwise(lines):
        for word in WORDS:
            for cut in range(1, len(word)):
                assert not (upper.endswith(word[:cut]) and lower.startswith(word[cut:])), (
                    f"{upper} / {lower} cuts {word}"
                )


# --- the title -----------------------------------------------------------------------------------


def test_the_sample_title_breaks_after_the_agency() -> None:
    report = sample()
    assert title_per_line(report) == 20  # 156 mm in 二号 (22 pt)
    assert title_lines(report) == ["硚口区行政审批局", "2024年政府信息公开工作年度报告"]


@pytest.mark.parametrize(
    ("agency", "lines"),
    [
        ("淮安市人民政府", ["淮安市人民政府", "2024年政府信息公开工作年度报告"]),
        ("上海市人民政府办公厅", ["上海市人民政府办公厅", "2024年政府信息公开工作年度报告"]),
        ("宿迁市", ["宿迁市2024年政府信息公开工作年度报告"]),  # fits one line: stays one
        (
            "中华人民共和国国家发展和改革委员会",
            ["中华人民共和国国家发展和改革委员会", "2024年政府信息公开工作年度报告"],
        ),
        (
            "武汉市硚口区市场监督管理局",  # 市场 is a word: never 市 / 场
            ["武汉市硚口区市场监督管理局", "2024年政府信息公开工作年度报告"],
        ),
        (
            # Too long for one line: broken again inside the name, between its parts, as a 梯形.
            "湖北省武汉市硚口区人民政府汉正街街道办事处",
            ["湖北省武汉市硚口区", "人民政府汉正街街道办事处", "2024年政府信息公开工作年度报告"],
        ),
        (
            "新疆维吾尔自治区伊犁哈萨克自治州人民政府办公室",
            [
                "新疆维吾尔自治区",
                "伊犁哈萨克自治州人民政府办公室",
                "2024年政府信息公开工作年度报告",
            ],
        ),
    ],
)
def test_titles_of_real_reports_break_between_words(agency: str, lines: list[str]) -> None:
    report = new_report(agency, 2024)
    assert title_lines(report) == lines
    assert_whole_words(lines, report.title)
    assert all(text_width(line) <= title_per_line(report) for line in lines)


def test_year_first_titles_break_after_the_agency() -> None:
    title = "2025年淮安市人民政府办公厅政府信息公开工作年度报告"
    lines = break_title(title, "淮安市人民政府办公厅", 20)
    assert lines == ["2025年淮安市人民政府办公厅", "政府信息公开工作年度报告"]
    long_title = "2024年度湖北省武汉市硚口区人民政府汉正街街道办事处政府信息公开工作年度报告"
    lines = break_title(long_title, "湖北省武汉市硚口区人民政府汉正街街道办事处", 20)
    assert lines[0].startswith("2024年度")  # never 2024年 / 度
    assert_whole_words(lines, long_title)


def test_a_title_without_an_agency_is_the_pattern_alone() -> None:
    assert title_lines(new_report("", 2024)) == ["政府信息公开工作年度报告"]


def test_a_narrow_page_breaks_inside_the_pattern_only_between_words() -> None:
    report = new_report("淮安市人民政府", 2024)
    report.style.title_size = 36  # 小初: 12 characters a line
    lines = title_lines(report)
    assert lines[0] == "淮安市人民政府"
    assert len(lines) == 3
    assert_whole_words(lines, report.title)


def test_the_clerk_chooses_no_break_or_their_own() -> None:
    report = sample()
    report.style.title_break = "none"
    assert title_lines(report) == [report.title]
    report.style.title_break = "硚口区行政审批局2024年/政府信息公开工作年度报告"
    assert title_lines(report) == ["硚口区行政审批局2024年", "政府信息公开工作年度报告"]
    # A new year keeps the clerk's break: the text after it still ends the title.
    report.year = 2025
    assert title_lines(report) == ["硚口区行政审批局2025年", "政府信息公开工作年度报告"]
    # A break that fits nothing of the title any more gives the default.
    report.style.title_break = "某某局/某某报告"
    assert title_lines(report) == ["硚口区行政审批局", "2025年政府信息公开工作年度报告"]


_AGENCY_PARTS = st.lists(
    st.sampled_from(
        [
            "湖北省",
            "武汉市",
            "硚口区",
            "人民政府",
            "办公室",
            "市场监督管理局",
            "汉正街",
            "街道办事处",
            "自然资源和规划局",
            "教育局",
            "乡",
            "某某",
            "委员会",
        ]
    ),
    min_size=1,
    max_size=6,
)


@given(parts=_AGENCY_PARTS, year=st.integers(2019, 2030), size=st.sampled_from([22, 26, 16]))
def test_every_title_keeps_its_words_whole(parts: list[str], year: int, size: float) -> None:
    report = new_report("".join(parts), year)
    report.style.title_size = size
    lines = title_lines(report)
    assert_whole_words(lines, report.title)
    assert str(year) in "".join(lines)


# --- the signer ----------------------------------------------------------------------------------


def test_the_signer_defaults_to_the_agency() -> None:
    report = new_report("淮安市人民政府", 2024)
    assert signer(report) == "淮安市人民政府"
    report.signer = "  淮安市人民政府办公室 "
    assert signer(report) == "淮安市人民政府办公室"
    assert report.title.startswith("淮安市人民政府2024年")  # the title keeps the agency


# --- the contact sentence ------------------------------------------------------------------------


def test_the_sample_preamble_keeps_its_own_contact_sentence() -> None:
    report = sample()
    source = SOURCE.read_text("utf-8")
    paragraphs = preamble_paragraphs(report)
    assert paragraphs == [report.preamble]  # already in step: written as the clerk wrote it
    assert paragraphs[-1] in source
    assert read_contact(report.preamble) == Contact(
        "硚口区行政审批局政务数据应用科", "硚口区解放大道213号", "027-83616771"
    )


def test_the_contact_sentence_follows_the_fields() -> None:
    report = sample()
    report.phone = "027-83616000"
    report.address = ""  # blank: the sentence's address stays as written
    last = preamble_paragraphs(report)[-1]
    assert last.endswith(
        "如本报告有疑问，请联系：硚口区行政审批局政务数据应用科，地址：硚口区解放大道213号，"
        "电话：027-83616000。"
    )
    assert report.preamble.endswith("027-83616771。")  # the stored preamble is not changed


def test_a_filled_field_the_sentence_lacks_is_added() -> None:
    report = new_report("淮安市人民政府", 2024)
    report.preamble = "编制本报告。如对本报告有疑问，请与淮安市人民政府办公室联系（电话：0517-1）。"
    report.address = "淮安市健康东路1号"
    report.phone = "0517-83606000"
    assert preamble_paragraphs(report) == [
        "编制本报告。如对本报告有疑问，请与淮安市人民政府办公室联系"
        "（电话：0517-83606000；地址：淮安市健康东路1号）。"
    ]


def test_a_preamble_without_one_ends_with_the_built_sentence() -> None:
    report = new_report("淮安市人民政府", 2024)
    report.preamble = "依据条例编制本报告。\n\n所列数据的统计期限自2024年1月1日起。"
    report.contact_office = "淮安市人民政府办公室"
    report.address = "淮安市健康东路1号"
    report.phone = "0517-83606000"
    assert preamble_paragraphs(report) == [
        "依据条例编制本报告。",
        "所列数据的统计期限自2024年1月1日起。如对本报告有疑问，请与淮安市人民政府办公室联系"
        "（地址：淮安市健康东路1号；电话：0517-83606000）。",
    ]
    report.preamble = ""
    assert preamble_paragraphs(report) == [contact_sentence(report)]


def test_the_built_sentence_leaves_out_blank_fields() -> None:
    report = new_report("淮安市人民政府", 2024)
    assert contact_sentence(report) == ""
    assert preamble_paragraphs(dataclasses.replace(report, preamble="前言。")) == ["前言。"]
    report.phone = "0517-1"
    assert contact_sentence(report) == "如对本报告有疑问，请与淮安市人民政府联系（电话：0517-1）。"
    report.contact_office = "政务公开科"
    report.phone = ""
    assert contact_sentence(report) == "如对本报告有疑问，请与政务公开科联系。"


@pytest.mark.parametrize(
    ("sentence", "contact"),
    [
        (
            "如对本报告有疑问，请与宿迁市人民政府办公室联系（地址：宿迁市宿城区古黄河路1号；"
            "邮编：223800；电话：0527-84368000）。",
            Contact("宿迁市人民政府办公室", "宿迁市宿城区古黄河路1号", "0527-84368000"),
        ),
        (
            "如对本年度报告有任何疑问，请与本机关联系。联系科室：政务公开科，"
            "联系电话：025-1234567。",
            Contact("政务公开科", "", "025-1234567"),  # the sentence after goes on with it
        ),
        (
            "如对本报告有疑问，请联系：区政府办公室，地址：中山路8号，电话：010-1。",
            Contact("区政府办公室", "中山路8号", "010-1"),
        ),
        ("本报告电子版可在政府网站下载。", Contact()),
    ],
)
def test_read_contact_reads_published_sentences(sentence: str, contact: Contact) -> None:
    assert read_contact("依据条例编制本报告。" + sentence) == contact


def test_the_built_sentence_is_taken_off_a_preamble_read_back() -> None:
    report = new_report("淮安市人民政府", 2024)
    report.phone = "0517-1"
    written = "前言。" + contact_sentence(report)
    assert without_built_sentence(written, report) == "前言。"
    assert without_built_sentence("前言。\n" + contact_sentence(report), report) == "前言。"
    # The clerk's own sentence, or one that differs from the fields, stays.
    assert without_built_sentence("前言。请与我们联系。", report) == "前言。请与我们联系。"
    report.phone = "0517-2"
    assert without_built_sentence(written, report) == written
