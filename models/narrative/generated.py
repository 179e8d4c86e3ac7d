"""生成文字: the standard sentences written from the tables.

一（二） and the lead sentences of 二, 三 and 四, worded so that ``models.narrative.numbers`` reads
them back to the same numbers.  The official words in them (行政许可, 结转下年度继续办理,
结果维持 …) come from the format's nodes, and their cells are found by role
(``models.format.spec.Role``), in the report's own format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from models.format.spec import ReportFormat, Role
from models.narrative.phrases import (
    T4_OUTCOMES,
    item_cell,
    row_total,
    row_totals,
    sum_of,
    t4_group_label,
    t4_outcome_label,
    t4_targets,
)
from models.report import CURRENT_FORMAT, Report, SectionText, TextPart, part_number
from models.values import format_value

APPLICATIONS_CUE = "依申请"
"""The part of 一、总体情况 whose heading has this word is 一（二）, where the sentence on the
applications goes (clerks head it 依申请公开情况, 政府信息依申请公开情况 …)."""


def applications_part(report_format: ReportFormat) -> str:
    """The heading 生成文字 gives 一（二） when the report has none: the format's usual part
    (依申请公开情况), headed as published reports head it: 政府信息依申请公开情况."""
    usual = report_format.sections[0].usual_parts
    return "政府信息" + next(heading for heading in usual if APPLICATIONS_CUE in heading)


APPLICATIONS_PART = applications_part(CURRENT_FORMAT)
_SELF_NAMES = (
    ("委员会", "我委"),
    ("办公室", "我办"),
    ("人民政府", "本级政府"),
    ("局", "我局"),
    ("委", "我委"),
    ("办", "我办"),
    ("厅", "我厅"),
    ("院", "我院"),
    ("署", "我署"),
    ("中心", "我中心"),
    ("政府", "本级政府"),
    ("街道办事处", "我街道"),
)


def self_name(agency: str) -> str:
    """How an agency calls itself in its report: 我局, 我委, 我办 … or 本机关."""
    agency = agency.strip()
    for suffix, name in sorted(_SELF_NAMES, key=lambda s: -len(s[0])):
        if agency.endswith(suffix):
            return name
    return "本机关"


@dataclass
class Generated:
    """The texts 生成文字 writes: new section texts by key, and what could not be written."""

    sections: dict[str, SectionText] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    """Where a text was written, for the status line (“一（二）”, “三”)."""
    skipped: list[str] = field(default_factory=list)
    """Why a text was not written (its table still has blanks)."""


def _v(report: Report, cell_id: str) -> str:
    return format_value(report.values[cell_id])


def _has(report: Report, cell_ids: list[str]) -> bool:
    return all(report.values[c] is not None for c in cell_ids)


def _applications(report: Report) -> tuple[str, str, str, str]:
    """The 总计 cells of 表三's 本年新收, 上年结转, 办理结果总计 and 结转下年度."""
    roles = (Role.NEW, Role.CARRIED_IN, Role.RESULTS_TOTAL, Role.CARRIED_OUT)
    new, carried_in, results, carried_out = (row_total(r, report.format)[0] for r in roles)
    return new, carried_in, results, carried_out


def applications_sentence(report: Report) -> str | None:
    """一（二）: 2024年，我局新收到政府信息公开申请6件，上年结转0件，办结5件，
    结转下年度继续办理1件。"""
    new, carried_in, results, carried_out = cells = _applications(report)
    if not _has(report, list(cells)):
        return None
    f = report.format
    return (
        f"{_lead(report)}新收到政府信息公开申请{_v(report, new)}件，"
        f"{f.node_with(Role.CARRIED_IN).brief}{_v(report, carried_in)}件，"
        f"办结{_v(report, results)}件，"
        f"{f.node_with(Role.CARRIED_OUT).bare}{_v(report, carried_out)}件。"
    )


def requests_sentence(report: Report) -> str | None:
    """三's lead: the applications and the results that are not 0."""
    f = report.format
    new, carried_in, results, carried_out = _applications(report)
    groups = [
        (node, row_totals(node.leaves(), f))
        for node in f.node_with(Role.RESULTS).children
        if not node.total
    ]
    cells = [new, carried_in, results, carried_out, *(c for _, ids in groups for c in ids)]
    if not _has(report, cells):
        return None
    listed = []
    for node, ids in groups:
        total = sum(report.values[cell] or 0 for cell in ids)
        if total:
            listed.append(f"{node.bare}{format_value(total)}件")
    detail = f"，其中{'、'.join(listed)}" if listed else ""
    return (
        f"{_lead(report)}新收到政府信息公开申请{_v(report, new)}件，"
        f"{f.node_with(Role.CARRIED_IN).brief}政府信息公开申请{_v(report, carried_in)}件。"
        f"本年度办结政府信息公开申请{_v(report, results)}件{detail}；"
        f"{f.node_with(Role.CARRIED_OUT).bare}{_v(report, carried_out)}件。"
    )


_PROACTIVE_ITEMS = (Role.LICENSE, Role.PENALTY, Role.ENFORCEMENT, Role.FEES)


def proactive_sentence(report: Report) -> str | None:
    """二's lead: 行政许可, 行政处罚, 行政强制 and 行政事业性收费 of 表二."""
    f = report.format
    cells = [item_cell(role, f) for role in _PROACTIVE_ITEMS]
    if not _has(report, cells):
        return None
    license_, penalty, enforcement, fees = (
        f"{f.node_with(role).label}{_v(report, cell)}"
        for role, cell in zip(_PROACTIVE_ITEMS, cells, strict=True)
    )
    return f"{_lead(report)}共处理{license_}件、{penalty}件、{enforcement}件，收取{fees}万元。"


def review_sentence(report: Report) -> str | None:
    """四's lead: 行政复议 and 行政诉讼 with their outcomes, or that there were none."""
    f = report.format
    cells = [c.id for c in f.table_with(Role.APPEALS).cells]
    if not _has(report, cells):
        return None
    values = report.values
    review = sum_of(values, t4_targets(Role.REVIEW, Role.TOTAL, f)[0]) or 0
    litigation = sum_of(values, t4_targets(Role.LITIGATION, Role.TOTAL, f)[0]) or 0
    review_label = t4_group_label(Role.REVIEW, f)
    litigation_label = t4_group_label(Role.LITIGATION, f)
    if not review and not litigation:
        return (
            f"{_lead(report)}未发生因政府信息公开工作被申请{review_label}、"
            f"提起{litigation_label}的情况。"
        )

    def part(group: Role, words: str) -> str:
        total = sum_of(values, t4_targets(group, Role.TOTAL, f)[0]) or 0
        outcomes = []
        for outcome in T4_OUTCOMES:
            n = sum_of(values, t4_targets(group, outcome, f)[0]) or 0
            if n:
                outcomes.append(f"{t4_outcome_label(outcome, f)}{format_value(n)}件")
        detail = f"，其中{'、'.join(outcomes)}" if outcomes else ""
        return f"{words}{format_value(total)}件{detail}"

    return (
        f"{_lead(report)}因政府信息公开工作{part(Role.REVIEW, '被申请' + review_label)}；"
        f"{part(Role.LITIGATION, '被提起' + litigation_label)}。"
    )


def _lead(report: Report) -> str:
    year = f"{report.year}年，" if report.year is not None else "本年度，"
    return year + self_name(report.agency)


_LEAD_SENTENCES: tuple[tuple[Role, Callable[[Report], str | None]], ...] = (
    (Role.PROACTIVE, proactive_sentence),
    (Role.APPLICATIONS, requests_sentence),
    (Role.APPEALS, review_sentence),
)
"""The lead sentences, by the table of the section they lead."""


def generate(report: Report) -> Generated:
    """The standard sentences for 一（二） and the lead sentences of 二, 三 and 四, from the tables.

    一（二） is the part whose heading speaks of 依申请公开 (added after the first part when there
    is none); the lead sentences replace the intros of 二, 三 and 四.  A text whose table still has
    blanks is not written.
    """
    result = Generated()
    overview_spec = report.format.sections[0]
    sentence = applications_sentence(report)
    if sentence is None:
        table = report.format.table_with(Role.APPLICATIONS)
        result.skipped.append(f"{overview_spec.number}{part_number(1)}：{table.name}还有空白单元格")
    else:
        overview = report.sections[overview_spec.key].copy()
        parts = enumerate(overview.parts)
        index = next((i for i, p in parts if APPLICATIONS_CUE in p.heading), None)
        if index is None:
            index = min(1, len(overview.parts))
            overview.parts.insert(index, TextPart(applications_part(report.format), ""))
        if overview.parts[index].text != sentence:
            overview.parts[index].text = sentence
            result.sections[overview_spec.key] = overview
        result.written.append(f"{overview_spec.number}{part_number(index)}")
    for role, write in _LEAD_SENTENCES:
        spec = report.format.section_with(role)
        key = spec.key
        assert spec.table is not None  # the lead sentences are those of the table sections
        sentence = write(report)
        if sentence is None:
            result.skipped.append(f"{spec.number}：{spec.table.name}还有空白单元格")
            continue
        result.written.append(spec.number)
        if report.sections[key].intro != sentence:
            text = report.sections[key].copy()
            text.intro = sentence
            result.sections[key] = text
    return result
