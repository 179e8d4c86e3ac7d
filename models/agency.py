"""What a report's title says and whose report it is: the agency and the year read from a title
as published reports write it, and whether the agency is a whole government (本级政府), a
department, or cannot be told.

Titles (docs/official-format.md, "Title forms"): {机关}{年}年政府信息公开工作年度报告 is the
norm, but {年}年{机关}政府信息公开工作年度报告 is common, as are titles split over two or
three lines, a document-number line (××府办发〔2025〕3号) or a 红头 (××市人民政府办公室文件)
above the title, and 关于…的 forms (关于印发《…》的通知).  ``parse_title`` is the one reader of
them; the .docx reader uses it (and the HTML/PDF readers will).

本级政府 (条例第四十九条; docs/official-format.md, "Which reports are a whole government's"): the
title names a place, not a body — 宿迁市, 武汉市硚口区, 淮安市人民政府, 洪泽区人民政府.  Its
report is due by 31 March; a body's (…办公厅, …办公室, …局, …委员会) by 31 January.
``agency_kind`` tells the three kinds a report read from a document can be:

- 本级政府: a place, or its (人民)政府; also a 新区 or a 综合实验区 reporting for its area, with
  or without its 管委会 / 管理委员会 (浦东新区, 雄安新区管理委员会, 平潭综合实验区管委会): such
  an area is run by its 管委会 as a county- or higher-level government and publishes like one,
  in March (平潭 2023: March 2024).
- 部门: a body of a government — a name ending in 局, 委员会, 办公室, 厅, 中心, 院, 队 … (a 新区's
  own 管委会办公室 or 建设局 too).
- 未能判断: no name, a name that says neither, a town or a street (××镇人民政府, ××街道办事处:
  not 县级以上, so local notices set their deadline, January in some places, March in others),
  and a bare 开发区, 高新区, 园区 or other 功能区 and its 管委会 (some are a city's 派出机构
  publishing as its departments do, some publish as a county's government does).  Guessing would
  give a wrong deadline finding for some of them; none is better.

The clerk can always say (the 年度 menu's 本级政府报告, ``check --government`` / ``--department``);
a clerk's own report is always a government's or a department's.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from models.format.spec import ReportFormat

_SPACE = re.compile(r"\s+")
_PLACE = re.compile(
    r"(?:\S{1,10}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|省|市|区|县|州|盟|旗))+"
)
"""A place name: one or more administrative units (湖北省武汉市硚口区)."""
_NOT_A_GOVERNMENT = re.compile(
    r"(?:开发区|高新区|园区|工业区|示范区|试验区|实验区|保税区|功能区|风景区|景区|管理区|片区|社区|小区)$"
)
"""Places that end like a district but have no government of their own (a 管委会's area), whose
status varies from one to the next."""
_GOVERNMENT = re.compile(r"(?:人民)?政府$")
_AREA_GOVERNMENT = re.compile(r"(?:(?<!高)新区|综合实验区)(?:管理委员会|管委会)?$")
"""An area run by its 管委会 as a government (雄安新区, 平潭综合实验区管委会), not a 开发区."""
_COMMITTEE = re.compile(r"(?:管理委员会|管委会)$")
_TOWN_OR_STREET = re.compile(r"(?:镇|乡|苏木|街道|街道办事处|街道办)$")
"""Below the county: local notices set the deadline."""
_BODY = re.compile(
    r"(?:局|委员会|委|办公厅|办公室|厅|办|署|处|科|室|中心|院|所|队|站|部|会|馆|社|公司|集团)$"
)
"""A body of a government (…局, …委员会, …办公室, …支队 …)."""

_DOCUMENT_LINE = re.compile(r"[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]|\d+\s*号$|^附件|文件$")
"""A line above the title that is not part of the agency's name: a 文号, 附件 or a 红头."""
_WRAPPER_START = re.compile(r"^关于(?:印发|公布|发布)?[《“\"]?")
_WRAPPER_END = re.compile(r"[》”\"]?(?:的(?:报告|通知|函|公告|说明))?$")
_TITLE_WORDS = "政府信息公开"
_MAX_LINES = 3
_FIRST_LINES = 8
"""Lines the title may start on: a page or a PDF printed from one may put a few lines of its
record (标题：…, 单位：…, 来源：…, 发布日期：…) or a 红头 above it."""
_RECORD_LABEL = re.compile(r"^(?:标题|题目|名称|文件名称|信息名称)[:：]")


def _plain(text: str) -> str:
    """``text`` as compared: NFKC (full-width digits and forms folded), no spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


class AgencyKind(Enum):
    """Whose report it is, as far as its agency tells; the value is how the lists say it."""

    GOVERNMENT = "本级政府"
    """A whole government's (本级政府), due by 31 March."""
    DEPARTMENT = "部门"
    """A government's body's, due by 31 January."""
    UNKNOWN = "未能判断"
    """The name does not tell (a town, a street, a 开发区, no name): no deadline is checked."""


def agency_kind(agency: str) -> AgencyKind:
    """Whose report ``agency`` names: a whole government of county level or above, one of its
    bodies, or neither that the name tells (see the module's docstring for why)."""
    name = _plain(agency)
    if not name:
        return AgencyKind.UNKNOWN
    if _AREA_GOVERNMENT.search(name):
        return AgencyKind.GOVERNMENT
    place = _GOVERNMENT.sub("", name)
    if _TOWN_OR_STREET.search(place):
        return AgencyKind.UNKNOWN
    area = _COMMITTEE.sub("", place)
    if not area or _NOT_A_GOVERNMENT.search(area):
        return AgencyKind.UNKNOWN
    if _BODY.search(place):
        return AgencyKind.DEPARTMENT
    if _PLACE.fullmatch(place):
        return AgencyKind.GOVERNMENT
    return AgencyKind.UNKNOWN


def is_whole_government(agency: str) -> bool:
    """Whether ``agency`` names a whole government of county level or above (a place name
    alone, or …人民政府; a 新区 or 综合实验区), not one of its bodies, a town or a street."""
    return agency_kind(agency) is AgencyKind.GOVERNMENT


@dataclass(frozen=True)
class TitleReading:
    """What a title gave: the agency (may be empty: a title without one), the year, which lines
    it took, and what could not be read (one sentence, in Chinese)."""

    agency: str = ""
    year: int | None = None
    start: int = 0
    count: int = 0
    """How many lines the title took (0: no title found)."""
    problem: str = ""


def _name_line(text: str) -> bool:
    """A line that may be a part of the agency's name (not a sentence, a 文号 or a 红头)."""
    return (
        0 < len(text) <= 40
        and not re.search(r"[。；;，,：:]", text)
        and _DOCUMENT_LINE.search(text) is None
    )


def _unwrapped(text: str) -> str:
    """The title inside a 关于…的报告 / 关于印发《…》的通知 form, or inside 《》 alone."""
    if text.startswith("《") and text.endswith("》"):
        return text[1:-1]
    if not text.startswith("关于"):
        return text
    return _WRAPPER_END.sub("", _WRAPPER_START.sub("", text))


def _readings(text: str, tail: str) -> list[tuple[str, int | None, float]]:
    """(agency, year, likeness of the rest to the title's fixed words) for each way ``text`` can
    be read as a title: agency first, year first, or without a year."""
    found: list[tuple[str, int | None, float]] = []
    after_year = tail.removeprefix("年")

    def like(rest: str, fixed: str) -> float:
        return difflib.SequenceMatcher(None, rest, fixed).ratio()

    agency_first = re.fullmatch(r"(.*?)((?:19|20)\d\d)(年度?)(.*)", text)
    if agency_first is not None:
        rest = agency_first[3][:1] + agency_first[4]
        found.append((agency_first[1], int(agency_first[2]), like(rest, tail)))
    year_first = re.fullmatch(rf"((?:19|20)\d\d)年度?([^度].*?)({_TITLE_WORDS}.*)", text)
    if year_first is not None:
        found.append((year_first[2], int(year_first[1]), like(year_first[3], after_year)))
    no_year = re.fullmatch(rf"(.*?\D)({_TITLE_WORDS}.*)", text)
    if no_year is not None and not re.search(r"\d{4}", text):
        found.append((no_year[1], None, like(no_year[2], after_year)))
    return found


def parse_title(lines: Sequence[str], report_format: ReportFormat) -> TitleReading:
    """The title among the first ``lines`` of a document (those before its first heading)."""
    _, _, rest = report_format.title_pattern.partition("{agency}")
    tail = _plain(rest.partition("{year}")[2])
    best: tuple[tuple[bool, bool, bool, float, int], TitleReading] | None = None
    for start in range(min(_FIRST_LINES, len(lines))):
        for count in range(1, min(_MAX_LINES, len(lines) - start) + 1):
            taken = lines[start : start + count]
            text = _unwrapped(_RECORD_LABEL.sub("", _plain("".join(taken))))
            # Lines before the last are parts of a name (湖北省武汉市硚口区 / 人民政府…街道办事处 /
            # 2024年…), not a 文号 or a 红头: of clean readings the longest name, else the shortest.
            clean = all(_name_line(line) for line in taken[:-1])
            for agency, year, likeness in _readings(text, tail):
                if likeness < 0.8:
                    continue
                agency = agency.removeprefix("关于")
                if _TITLE_WORDS in agency:
                    continue  # a page's 政府信息公开 banner above the title is no part of a name
                length = len(agency) if clean else -len(agency)
                score = (year is not None, bool(agency), clean, likeness, length)
                if best is None or score > best[0]:
                    best = (score, TitleReading(agency, year, start, count))
    if best is not None:
        return best[1]
    first = lines[0].strip() if lines else ""
    if first and len(first) <= 60 and "。" not in first:
        return TitleReading(
            count=1,
            problem=f"标题“{first}”中没有读出机关名称和报告年度，请在“基本信息”中填写。",
        )
    return TitleReading()


_SEAT = re.compile(r"(?:(?:人民)?政府|管理委员会|管委会)")
"""What a place's own report is signed by: its government, or an area's 管委会 (洪泽区人民政府 is
洪泽区's report, as 平潭综合实验区管委会 is 平潭综合实验区's)."""
_GENERIC_PLACE = re.compile(
    r"(?:经济技术|经济|高新技术产业|高新技术|高新|工业|产业|科技|旅游|物流|综合)?"
    r"(?:开发区|园区|保税区|度假区)|高新区|经开区|保税区|自贸区|综保区|示范区|功能区|试验区"
    r"|实验区|风景区|风景名胜区|管理区|片区"
)
"""Zones every city has one of (高新区管委会 is every city's): not a place that tells agencies
apart."""
_LONGEST_PLACE = 15
"""A unit of ``_PLACE`` is at most ten characters and its longest ending (特别行政区)."""


def _first_place(name: str) -> str | None:
    """The administrative unit ``name`` begins with (淮安市 of 淮安市洪泽区…), if any: the
    shortest beginning that ``_PLACE`` takes whole — but a 州 or a 市 that is part of the name
    stays in it (徐州市, 贵州省, 通州区, 沙市区)."""
    for length in range(2, min(len(name), _LONGEST_PLACE) + 1):
        unit = name[:length]
        if _PLACE.fullmatch(unit):
            after = name[length : length + 1]
            if (unit.endswith("州") and after in ("省", "市", "区", "县")) or (
                len(unit) == 2 and unit.endswith("市") and after == "区"
            ):
                unit += after
            return unit
    return None


def _names_a_place(unit: str) -> bool:
    """Whether ``unit`` surely names a place: not one character before 市 or 区 (城市管理局,
    城区…, 库区移民局 begin bodies' names; a county may have one, 沛县) and not a zone every
    city has."""
    return (len(unit) >= 3 or unit.endswith("县")) and not _GENERIC_PLACE.fullmatch(unit)


def agency_key(name: str) -> tuple[tuple[str, ...], str]:
    """``name`` as two years' reports of one agency are matched: the places it begins with
    (淮安市, 洪泽区) and the body after them (发展和改革局; empty for the place's own report:
    洪泽区人民政府 and 洪泽区 alike), full-width forms folded, spaces gone, 人民政府 as 政府.
    A body written with more of its place (宿迁市沭阳县发展和改革局) keeps the same body and
    ends its places the same way (…沭阳县); a bare body (公安局) has no places at all."""
    rest = _plain(name)
    places: list[str] = []
    while rest:
        unit = _first_place(rest)
        if unit is None or not _names_a_place(unit):
            break
        places.append(unit)
        rest = rest[len(unit) :]
    if places and _SEAT.fullmatch(rest):
        rest = ""
    return tuple(places), rest.replace("人民政府", "政府")
