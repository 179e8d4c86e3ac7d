"""本级政府: a whole government's report is due by 31 March, a body's by 31 January
(条例第四十九条); inferred from the agency, overridden by the clerk (docs/official-format.md, "Which
reports are a whole government's")."""

from __future__ import annotations

import datetime as dt

import pytest

from models.agency import AgencyKind, agency_kind, is_whole_government
from models.checks import dates as date_checks
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
    # An area its 管委会 runs as a government, reporting for the whole area (issue 21).
    "平潭综合实验区",
    "平潭综合实验区管委会",
    "福建省平潭综合实验区管理委员会",
    "雄安新区管理委员会",
    "浦东新区",
]
DEPARTMENTS = [
    "上海市人民政府办公厅",
    "××市人民政府办公室",
    "硚口区行政审批局",
    "××市发展和改革委员会",
    "××县卫生健康委员会",
    "某某县民政局",
    "××区教育局",
    "××市公安局交通警察支队",
    "××市人民检察院",
    "沭阳县发展和改革局",
    "平潭综合实验区教育与体育局",  # a body of the area, not the area
    "雄安新区管理委员会办公室",
]
CANNOT_TELL = [
    "××区汉水桥街道办事处",  # a street: local notices set its deadline
    "××街道",
    "××镇人民政府",  # a town: not 县级以上 (local notices: January here, March there)
    "××乡人民政府",
    "××县××镇",
    "××经济技术开发区管理委员会",  # a 开发区: some report as departments, some as governments
    "××高新区",
    "××高新区管委会",
    "××工业园区",
    "",
    "   ",
    "某某",  # a name that says neither
]
BODIES = DEPARTMENTS + CANNOT_TELL


def kind_of(report: Report) -> AgencyKind:
    """What the report says now (a property worked out from the fields set since)."""
    return report.agency_kind


@pytest.mark.parametrize("agency", GOVERNMENTS)
def test_a_place_or_its_people_s_government_is_a_whole_government(agency: str) -> None:
    assert is_whole_government(agency)
    assert agency_kind(agency) is AgencyKind.GOVERNMENT


@pytest.mark.parametrize("agency", BODIES)
def test_a_body_a_street_or_a_town_is_not(agency: str) -> None:
    assert not is_whole_government(agency)


@pytest.mark.parametrize("agency", DEPARTMENTS)
def test_a_body_of_a_government_is_a_department(agency: str) -> None:
    assert agency_kind(agency) is AgencyKind.DEPARTMENT


@pytest.mark.parametrize("agency", CANNOT_TELL)
def test_a_town_a_street_a_development_zone_or_no_name_cannot_be_told(agency: str) -> None:
    assert agency_kind(agency) is AgencyKind.UNKNOWN


def test_the_kinds_say_themselves_as_the_review_lists_them() -> None:
    assert [kind.value for kind in AgencyKind] == ["本级政府", "部门", "未能判断"]


def _date_findings(agency: str, date: dt.date, whole: bool | None) -> list[str]:
    """The report-date findings; ``whole`` None: whose report it is cannot be told."""
    report = Report(agency=agency, year=2024)
    report.report_date = date
    if whole is None:
        report.agency_kind = AgencyKind.UNKNOWN
    else:
        report.whole_government = whole
    return [f.message for f in date_checks.check(report) if f.rule is date_checks.REPORT_DATE]


def test_a_government_published_in_march_is_on_time() -> None:
    assert _date_findings("宿迁市", dt.date(2025, 3, 20), True) == []


def test_a_government_published_in_april_is_late_and_named() -> None:
    (message,) = _date_findings("宿迁市", dt.date(2025, 4, 2), True)
    assert "本级政府（宿迁市）" in message and "2025年3月31日" in message


def test_a_department_published_in_march_is_late_and_told_the_other_deadline() -> None:
    (message,) = _date_findings("硚口区行政审批局", dt.date(2025, 3, 20), False)
    assert "政府部门（硚口区行政审批局）" in message and "2025年1月31日" in message
    # The window and the command line both show it: no menu, no option named.
    assert "如果这是本级政府的报告，期限为 3 月 31 日" in message
    assert "菜单" not in message and "--" not in message


@pytest.mark.parametrize("date", [dt.date(2025, 1, 20), dt.date(2025, 3, 20), dt.date(2025, 6, 1)])
def test_no_deadline_finding_when_whose_report_cannot_be_told(date: dt.date) -> None:
    assert _date_findings("××镇人民政府", date, None) == []
    assert date_checks.deadline(Report(agency="××镇人民政府", year=2024)) is not None
    unknown = Report(year=2024)
    unknown.agency_kind = AgencyKind.UNKNOWN
    assert date_checks.deadline(unknown) is None


def test_a_date_before_the_year_ended_is_found_whoever_reports() -> None:
    (message,) = _date_findings("××镇人民政府", dt.date(2024, 12, 20), None)
    assert "在 2024 年度结束之前" in message


def test_choosing_makes_the_kind_known() -> None:
    report = Report()
    assert report.agency_kind is AgencyKind.DEPARTMENT  # a clerk's new report: a department's
    report.agency_kind = AgencyKind.UNKNOWN
    assert not report.whole_government
    report.whole_government = True
    assert report.agency_kind is AgencyKind.GOVERNMENT
    report.whole_government = False
    assert kind_of(report) is AgencyKind.DEPARTMENT
