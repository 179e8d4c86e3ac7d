"""本级政府: a whole government's report is due by 31 March, a body's by 31 January
(条例第四十九条); inferred from the agency, overridden by the clerk (official-format.md, "Which
reports are a whole government's")."""

from __future__ import annotations

import datetime as dt

import pytest

from models import date_checks
from models.agency import is_whole_government
from models.report import Report

GOVERNMENTS = [
    "宿迁市",
    "淮安市人民政府",
    "洪泽区人民政府",
    "武汉市硚口区",
    "硚口区人民政府",
    "上海市浦东新区人民政府",
    "江苏省人民政府",
    "广西壮族自治区人民政府",
    "恩施土家族苗族自治州",
    "长阳土家族自治县人民政府",
    "济南市市中区",
    "北京市政府",
    "××县人民政府",
    "锡林郭勒盟",
    "神农架林区",
]
BODIES = [
    "上海市人民政府办公厅",
    "××市人民政府办公室",
    "硚口区行政审批局",
    "××市发展和改革委员会",
    "××县卫生健康委员会",
    "某某县民政局",
    "××区教育局",
    "××市公安局交通警察支队",
    "××市人民检察院",
    "××区汉水桥街道办事处",
    "××街道",
    "××镇人民政府",  # a town: not 县级以上 (local notices, usually January)
    "××乡人民政府",
    "××经济技术开发区管理委员会",
    "××高新区",
    "",
]


@pytest.mark.parametrize("agency", GOVERNMENTS)
def test_a_place_or_its_people_s_government_is_a_whole_government(agency: str) -> None:
    assert is_whole_government(agency)


@pytest.mark.parametrize("agency", BODIES)
def test_a_body_a_street_or_a_town_is_not(agency: str) -> None:
    assert not is_whole_government(agency)


def _date_findings(agency: str, date: dt.date, whole: bool) -> list[str]:
    report = Report(agency=agency, year=2024)
    report.report_date = date
    report.whole_government = whole
    return [f.message for f in date_checks.check(report) if f.rule is date_checks.REPORT_DATE]


def test_a_government_published_in_march_is_on_time() -> None:
    assert _date_findings("宿迁市", dt.date(2025, 3, 20), True) == []


def test_a_government_published_in_april_is_late_and_named() -> None:
    (message,) = _date_findings("宿迁市", dt.date(2025, 4, 2), True)
    assert "本级政府（宿迁市）" in message and "2025年3月31日" in message


def test_a_department_published_in_march_is_late_and_told_how_to_say_otherwise() -> None:
    (message,) = _date_findings("硚口区行政审批局", dt.date(2025, 3, 20), False)
    assert "政府部门（硚口区行政审批局）" in message and "2025年1月31日" in message
    assert "本级政府报告" in message and "--government" in message
