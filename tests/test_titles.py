"""Titles as published reports write them (docs/official-format.md, "Title forms"): the agency and
the year come out right whatever the form; what cannot be read is said once."""

from __future__ import annotations

import pytest

from models.agency import parse_title
from models.format.format2021 import FORMAT_2021


@pytest.mark.parametrize(
    ("lines", "agency", "year", "start", "count"),
    [
        (["硚口区行政审批局2024年政府信息公开工作年度报告"], "硚口区行政审批局", 2024, 0, 1),
        (
            ["2025年××市人民政府办公厅政府信息公开工作年度报告"],
            "××市人民政府办公厅",
            2025,
            0,
            1,
        ),
        (["2024年宿迁市政府信息公开工作年度报告"], "宿迁市", 2024, 0, 1),
        (["2024年度××市人民政府办公厅政府信息公开工作年度报告"], "××市人民政府办公厅", 2024, 0, 1),
        (["２０２４年 宿迁市 政府信息公开工作年度报告"], "宿迁市", 2024, 0, 1),
        (["硚口区行政审批局", "2024年政府信息公开工作年度报告"], "硚口区行政审批局", 2024, 0, 2),
        (["某某县民政局２０２４年政府信息公开工作", "年度报告"], "某某县民政局", 2024, 0, 2),
        (
            ["2025年", "上海市人民政府办公厅", "政府信息公开工作年度报告"],
            "上海市人民政府办公厅",
            2025,
            0,
            3,
        ),
        (
            ["湖北省武汉市硚口区", "人民政府汉水桥街道办事处", "2024年度政府信息公开工作年度报告"],
            "湖北省武汉市硚口区人民政府汉水桥街道办事处",
            2024,
            0,
            3,
        ),
        (
            ["××府办发〔2025〕3号", "××区人民政府2024年政府信息公开工作年度报告"],
            "××区人民政府",
            2024,
            1,
            1,
        ),
        (
            ["××市人民政府办公室文件", "××府办发〔2025〕3号", "2024年××市政府信息公开工作年度报告"],
            "××市",
            2024,
            2,
            1,
        ),
        (
            ["关于××区人民政府2024年政府信息公开工作年度报告的报告"],
            "××区人民政府",
            2024,
            0,
            1,
        ),
        (["关于印发《××市2024年政府信息公开工作年度报告》的通知"], "××市", 2024, 0, 1),
        (["2024年度政府信息公开工作年度报告"], "", 2024, 0, 1),
        (["宿迁市政府信息公开工作年度报告"], "宿迁市", None, 0, 1),
    ],
)
def test_a_published_title_gives_its_agency_and_year(
    lines: list[str], agency: str, year: int | None, start: int, count: int
) -> None:
    reading = parse_title(
        [*lines, "依据《中华人民共和国政府信息公开条例》编制本报告。"], FORMAT_2021
    )
    assert (reading.agency, reading.year) == (agency, year)
    assert (reading.start, reading.count) == (start, count)
    assert reading.problem == ""


def test_the_agency_never_takes_the_year_or_the_title_words() -> None:
    for lines in (
        ["2025年××市人民政府办公厅政府信息公开工作年度报告"],
        ["2025年××市人民政府办公厅", "政府信息公开工作年度报告"],
    ):
        agency = parse_title(lines, FORMAT_2021).agency
        assert agency == "××市人民政府办公厅"
        assert "年" not in agency and "政府信息公开" not in agency


def test_a_title_without_agency_and_year_is_one_problem() -> None:
    reading = parse_title(["政府信息公开工作年度报告", "依据条例编制本报告。"], FORMAT_2021)
    assert (reading.agency, reading.year, reading.count) == ("", None, 1)
    assert "机关名称和报告年度" in reading.problem and "基本信息" in reading.problem


def test_no_title_at_all() -> None:
    reading = parse_title(["依据《中华人民共和国政府信息公开条例》，编制本报告。"], FORMAT_2021)
    assert reading.count == 0 and reading.problem == ""
