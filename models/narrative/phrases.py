"""The phrasings: how a report's text speaks of the figures of the tables, as data.

``PHRASES`` lists the phrasings (a cue such as 新收到 or 行政复议, the words allowed between the
cue and the number, the paragraph's subject) and the cells whose value (or sum) the number must
equal; ``ABSENCES`` lists the statements that something did not happen (“未收到政府信息公开申请”).
Where practice varies, a phrase lists alternatives: “收到…申请48件” may count the new applications
only or the new and the carried-over ones together, and “行政诉讼N件” usually counts both 诉讼
groups; the text agrees with the table when any alternative holds.

A phrase's official part (行政许可, 结转下年度继续办理, 尚未审结 …) is read from the format's nodes;
what is typed here is how people write besides it (未审结, 尚未结案, 正在审理 …).  The phrases
find their cells and labels by role (``models.format.spec.Role``), for whichever format a report is
in (``phrases(report_format)``); ``PHRASES`` and ``ABSENCES`` are the current format's.

行政事业性收费 (表二, the agency's administrative fees) is never confused with 信息处理费
(section 六, the fee for answering applications): only the first is a cue, and a sentence about
the second is not read as one about the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from models.format.spec import Node, NumberKind, ReportFormat, Role
from models.report import CURRENT_FORMAT
from models.values import CellValue

Target = tuple[str, ...]
"""Cell ids whose values are added up."""


@dataclass(frozen=True)
class Phrase:
    """One way the text speaks of a figure of the tables.

    ``cue`` is a regular expression; the number follows it after at most ``max_gap`` characters of
    the same clause (no digits, no ，。；、 or brackets) that do not match ``exclude``.  ``targets``
    are alternatives, the first the usual reading; the text agrees when any of them holds.
    """

    name: str
    """What the number counts, in the messages (本年新收申请)."""
    cue: str
    targets: tuple[Target, ...] = ()
    kind: NumberKind = NumberKind.COUNT
    max_gap: int = 12
    exclude: str = ""
    context: str = ""
    """A regular expression the paragraph must match (申请 for the applications), else the cue
    is another subject's (人大代表建议办结8件)."""
    with_carried: Target = ()
    """What the number counts when it is said to include the carried-over applications
    (“48件（含上年结转3件）”)."""
    group: Role | None = None
    """表四: the group (``Role.REVIEW``, ``LITIGATION``, ``DIRECT_SUIT``, ``SUIT_AFTER_REVIEW``)
    the cue names."""
    outcome: Role | None = None
    """表四: the outcome (``Role.UPHELD`` …) of the group named last before it."""
    not_after: str = ""
    """A regular expression that, found in the clause before the cue, makes the number a part
    of what the cue names (“因属于内部事务信息不予公开2件” is not all of 不予公开): silent."""
    result: bool = False
    """A row or group of 三、本年度办理结果: “予以公开258件（含部分公开20件）” adds the rows."""


# --- the official labels the phrases and the generated sentences use -----------------------------


def t4_group_label(group: Role, report_format: ReportFormat = CURRENT_FORMAT) -> str:
    """行政复议, 行政诉讼, 未经复议直接起诉 or 复议后起诉, from 表四's column headers."""
    return report_format.node_with(group).label


T4_OUTCOMES = (Role.UPHELD, Role.CORRECTED, Role.OTHER_OUTCOME, Role.PENDING)


def t4_outcome_label(outcome: Role, report_format: ReportFormat = CURRENT_FORMAT) -> str:
    """结果维持, 结果纠正, 其他结果 or 尚未审结, from 表四's columns (the first group's: every
    group's are the same)."""
    return report_format.nodes_with(outcome)[0].label


# --- the targets ---------------------------------------------------------------------------------


def row_totals(rows: Iterable[Node], report_format: ReportFormat = CURRENT_FORMAT) -> Target:
    """The 总计 cells of 表三's ``rows`` (leaves)."""
    table = report_format.table_with(Role.APPLICATIONS)
    total = table.node_with(Role.TOTAL)
    return tuple(table.cell_at(row, total).id for row in rows)


def row_total(role: Role, report_format: ReportFormat = CURRENT_FORMAT) -> Target:
    """The 总计 cell of 表三's row with ``role`` (本年新收 …), as a target."""
    return row_totals((report_format.node_with(role),), report_format)


def item_cell(role: Role, report_format: ReportFormat = CURRENT_FORMAT) -> str:
    """The cell of 表二's item with ``role`` (行政许可 …: an item of one value)."""
    return report_format.cell_with(role).id


# 表四: each group's outcome columns; 行政诉讼 is both 诉讼 groups (or, as some reports count,
# the direct one only).
T4_GROUPS: dict[Role, tuple[tuple[Role, ...], ...]] = {
    Role.REVIEW: ((Role.REVIEW,),),
    Role.LITIGATION: ((Role.DIRECT_SUIT, Role.SUIT_AFTER_REVIEW), (Role.DIRECT_SUIT,)),
    Role.DIRECT_SUIT: ((Role.DIRECT_SUIT,),),
    Role.SUIT_AFTER_REVIEW: ((Role.SUIT_AFTER_REVIEW,),),
}


@cache
def t4_targets(
    group: Role, outcome: Role = Role.TOTAL, report_format: ReportFormat = CURRENT_FORMAT
) -> tuple[Target, ...]:
    """The cells of ``group``'s ``outcome`` column, as the text may mean them (alternatives)."""
    return tuple(
        tuple(cell.id for g in alternative for cell in report_format.cells_with(g, outcome))
        for alternative in T4_GROUPS[group]
    )


def sum_of(values: Mapping[str, CellValue | None], cells: Target) -> CellValue | None:
    """What the table says for a target: its cells added up, or None while one is blank."""
    total: CellValue = 0
    for cell in cells:
        value = values.get(cell)
        if value is None:
            return None
        total += value
    return total


# --- the phrasings -------------------------------------------------------------------------------

# Words that make a number something else than the count itself: a change, a share, a bound.
_NOT_THE_COUNT = r"增|减|同比|环比|比上|较上|上升|下降|超过|以上|以下|不足|约|近|占|平均|率"
_T2_EXCLUDE = r"信息|公示|公开|目录|清单|网|平台|系统|事项"
# The paragraph speaks of applications for information (not of 行政复议申请).
_APPLICATIONS = r"(?<!复议)(?<!诉讼)申请"
_OTHER_SUBJECTS = r"|复议|诉讼|建议|提案|议案|信访|咨询"


# How reports write a result row or group besides its official label, by the row's role.  Only
# words that name that row and no other: 信息不存在 may be 本机关不掌握 or 没有现成信息, so it is
# not here.
_RESULT_WORDS: dict[Role, str] = {
    Role.DISCLOSED: r"同意公开|全部公开|全部予以公开",
    Role.PARTLY_DISCLOSED: r"部分同意公开|同意部分公开|部分予以公开",
    Role.REFUSED: r"不同意公开|不予以公开",
    Role.NOT_HELD: r"(?:本机关|本单位)不掌握(?:相关)?(?:政府)?信息|非本机关掌握(?:的)?信息",
}
# Words that give a reason: the number after them is a part of the group (因…不予公开2件).
_REASON = r"因|由于|属于|涉及|鉴于|系"


def _result_cue(role: Role | None, label: str) -> str:
    # The ways people write first: 不同意公开 must win over 同意公开 at the same place.
    extra = None if role is None else _RESULT_WORDS.get(role)
    return f"{extra}|{re.escape(label)}" if extra else re.escape(label)


def _result_phrases(report_format: ReportFormat) -> list[Phrase]:
    """表三's result rows, worded as their official labels (without numbering): 予以公开,
    本机关不掌握相关政府信息, 重复申请 …, and as reports write them (同意公开 …); a group
    (不予公开) is the sum of its rows."""
    leaves: list[Phrase] = []
    groups: list[Phrase] = []
    for node in report_format.node_with(Role.RESULTS).children:
        if node.total:
            continue
        word = node.bare
        cells = row_totals(node.leaves(), report_format)
        cue = _result_cue(node.role, word)
        reason = _REASON if len(cells) > 1 else ""
        groups.append(Phrase(word, cue, (cells,), not_after=reason, result=True))
        for leaf in node.children:
            leaf_word = leaf.bare
            if leaf_word == "其他":
                continue
            cue = _result_cue(leaf.role, leaf_word)
            target = row_totals((leaf,), report_format)
            leaves.append(Phrase(leaf_word, cue, (target,), max_gap=4, result=True))
    # The longer labels first: at one position the first cue that matches wins.
    leaves.sort(key=lambda p: -len(p.name))
    return leaves + groups


def _t4_group_phrase(
    report_format: ReportFormat, group: Role, cue: str, exclude: str = ""
) -> Phrase:
    return Phrase(t4_group_label(group, report_format), cue, group=group, exclude=exclude)


def _t4_outcome_phrase(report_format: ReportFormat, outcome: Role, cue: str) -> Phrase:
    label = t4_outcome_label(outcome, report_format)
    return Phrase(label, cue, outcome=outcome, max_gap=6)


def _t2_phrase(
    report_format: ReportFormat,
    role: Role,
    kind: NumberKind = NumberKind.COUNT,
    max_gap: int = 8,
) -> Phrase:
    name = report_format.node_with(role).label
    cell = item_cell(role, report_format)
    exclude = _T2_EXCLUDE + "|" + _NOT_THE_COUNT
    if kind is NumberKind.AMOUNT:  # not 信息处理费 (section 六)
        exclude = r"处理费|信息|" + _NOT_THE_COUNT
    return Phrase(name, re.escape(name), ((cell,),), kind=kind, max_gap=max_gap, exclude=exclude)


# 表二's 行政规范性文件 as the text counts them: “现行有效行政规范性文件393件”, “制发规范性文件
# 77件”, “废止规范性文件5件” (行政 is often left out, and 的 put in).
_NORMATIVE_CUES = {
    Role.IN_FORCE: r"现行有效",
    Role.ISSUED: r"(?:制发|制定|出台|印发|新发布)",
    Role.REPEALED: r"(?:废止|废除)",
}


def _normative_phrases(report_format: ReportFormat) -> list[Phrase]:
    table = report_format.table_with(Role.NORMATIVE)
    row = table.node_with(Role.NORMATIVE)
    bare = row.label.removeprefix("行政")
    phrases = []
    for column, cue in _NORMATIVE_CUES.items():
        cell = table.cell_at(row, table.node_with(column))
        phrases.append(
            Phrase(
                f"{cell.column.brief}{row.label}",
                rf"{cue}(?:的)?(?:行政)?{re.escape(bare)}",
                ((cell.id,),),
                max_gap=4,
                exclude=_T2_EXCLUDE + "|" + _NOT_THE_COUNT,
            )
        )
    return phrases


@cache
def phrases(report_format: ReportFormat = CURRENT_FORMAT) -> tuple[Phrase, ...]:
    """The phrasings of the tables of ``report_format``, the longer cues first."""
    f = report_format
    new, carried_in = row_total(Role.NEW, f), row_total(Role.CARRIED_IN, f)
    new_and_carried = (*new, *carried_in)
    review, litigation = t4_group_label(Role.REVIEW, f), t4_group_label(Role.LITIGATION, f)
    return (
        # 表三: the applications.  The longer cues come first.
        Phrase(
            f"{f.node_with(Role.CARRIED_IN).brief}申请",
            r"(?:上一?年度?|以前年度)结转|(?:从|由)上一?年度?转入",
            (carried_in,),
        ),
        Phrase(
            f.node_with(Role.CARRIED_OUT).bare,
            r"(?:结转|转入|顺延|延续|延期|转)(?:至|到|入)?下一?年度?",
            (row_total(Role.CARRIED_OUT, f),),
            exclude=_NOT_THE_COUNT,
        ),
        Phrase(
            f"{f.node_with(Role.NEW).brief}申请",
            r"新收到?|新受理|新接收",
            (new,),
            max_gap=16,
            exclude=_NOT_THE_COUNT + _OTHER_SUBJECTS,
            context=_APPLICATIONS,
            with_carried=new_and_carried,
        ),
        Phrase(
            "收到申请",
            r"(?<!不)(?<!不予)(?:收到|受理|接收|接到)",
            (new, new_and_carried),
            max_gap=16,
            exclude=_NOT_THE_COUNT + _OTHER_SUBJECTS,
            context=_APPLICATIONS,
            with_carried=new_and_carried,
        ),
        Phrase(
            "办结申请",
            r"(?<!未)(?:办结|办理完毕|处理完毕|作出答复|答复)",
            (row_total(Role.RESULTS_TOTAL, f),),
            exclude=_NOT_THE_COUNT + r"|建议|提案|议案|信访",
            context=_APPLICATIONS,
        ),
        *_result_phrases(f),
        # 表四: the groups, then the outcomes of the group named last.
        _t4_group_phrase(
            f, Role.DIRECT_SUIT, r"未经(?:行政)?复议直接(?:提起)?(?:行政)?(?:起诉|诉讼)|直接起诉"
        ),
        _t4_group_phrase(
            f, Role.SUIT_AFTER_REVIEW, r"(?:经)?(?:行政)?复议后(?:提起|再)?(?:行政)?(?:起诉|诉讼)"
        ),
        _t4_group_phrase(f, Role.REVIEW, re.escape(review), _NOT_THE_COUNT),
        _t4_group_phrase(f, Role.LITIGATION, re.escape(litigation) + "|行政起诉", _NOT_THE_COUNT),
        _t4_outcome_phrase(f, Role.UPHELD, r"(?:结果)?维持"),
        _t4_outcome_phrase(f, Role.CORRECTED, r"(?:结果)?(?:被)?纠正"),
        _t4_outcome_phrase(
            f, Role.OTHER_OUTCOME, re.escape(t4_outcome_label(Role.OTHER_OUTCOME, f))
        ),
        _t4_outcome_phrase(
            f,
            Role.PENDING,
            re.escape(t4_outcome_label(Role.PENDING, f)) + r"|未审结|尚未结案|正在审理|审理中",
        ),
        # 表二.  行政事业性收费 only: 信息处理费 (section 六) is another thing.
        *_normative_phrases(f),
        _t2_phrase(f, Role.LICENSE),
        _t2_phrase(f, Role.PENALTY),
        _t2_phrase(f, Role.ENFORCEMENT),
        _t2_phrase(f, Role.FEES, NumberKind.AMOUNT, max_gap=10),
    )


@dataclass(frozen=True)
class Absence:
    """A statement that something did not happen: the cells must all be 0."""

    name: str
    pattern: str
    cells: Target
    exclude: str = ""
    """A regular expression that, found in the clause, makes it another subject's."""
    context: str = ""
    """A regular expression the sentence must match."""
    claim: bool = False
    """The statement is a claim worded otherwise than 没有…: messages quote it."""


# 所有申请均已办结: a claim that no application is left for next year.  Not 上年结转的申请均已办结
# (the carried-over ones only), not 人大建议、政协提案均已办结, not 均已按期答复 (on time, which a
# case still open at the year's end can also be).
_ALL_DONE = (
    r"(?:(?:所有|全部)[^，,。；;\d]{0,10}?申请|申请)?[^，,。；;\d]{0,4}?"
    r"(?:均已|均|已全部|全部|都已|均已全部|已经全部)"
    r"(?:在法定期限内|按时|按期|依法)?(?:全部)?(?:办结|办理完毕|答复完毕)(?!率)"
)
_ALL_DONE_OTHER = r"结转|上一?年|议|提案|复议|诉讼|信访|投诉|咨询|留言|事项"


@cache
def absences(report_format: ReportFormat = CURRENT_FORMAT) -> tuple[Absence, ...]:
    """The statements that something the tables of ``report_format`` count did not happen."""
    carried_out = row_total(Role.CARRIED_OUT, report_format)
    fees = report_format.node_with(Role.FEES).label
    return (
        # Not “没有收到超过一定数量或频次范围的政府信息公开申请” (section 六, on fees): 申请 must
        # follow closely.
        Absence(
            "政府信息公开申请",
            r"(?:未|没有)(?:新)?(?:收到|受理|接到|接收)(?:过)?(?:任何)?"
            r"[^，,。；;\d]{0,8}?申请",
            row_total(Role.NEW, report_format),
        ),
        Absence(
            "所有申请均已办结",
            _ALL_DONE,
            carried_out,
            exclude=_ALL_DONE_OTHER,
            context=_APPLICATIONS,
            claim=True,
        ),
        Absence(
            report_format.node_with(Role.CARRIED_OUT).bare,
            r"(?:无|没有|不存在)(?:需要?)?(?:结转|转入|顺延|转)(?:至|到|入)?下一?年度?",
            carried_out,
        ),
        Absence(
            fees,
            r"(?:未|没有)(?:收取|产生|发生)(?:任何)?" + re.escape(fees),
            (item_cell(Role.FEES, report_format),),
        ),
    )


PHRASES = phrases(CURRENT_FORMAT)
"""The phrasings of the current format's tables."""
ABSENCES = absences(CURRENT_FORMAT)

# 无…行政复议、行政诉讼: a negation, then the 表四 groups it covers, in one clause.
NEGATION = re.compile(
    r"(?<!并)无(?!法|正当|论|需|误|偿|关)|没有|未(?:发生|收到|有|被|因|出现|涉及|产生|接到)|不存在"
)


@dataclass(frozen=True)
class Whole:
    """A claim that all cases of the 表四 groups named before it ended one way (均获维持): the
    other outcomes must be 0."""

    pattern: str
    zero: tuple[Role, ...]
    """The outcomes (``Role.CORRECTED`` …) that must be 0."""


WHOLES: tuple[Whole, ...] = (
    Whole(
        r"(?:均|全部|都)(?:已|已经)?(?:获|被|予以|得到|为|是)?(?:依法)?维持",
        (Role.CORRECTED, Role.OTHER_OUTCOME, Role.PENDING),
    ),
    Whole(r"(?:均|全部|都)(?:已|已经)?(?:审结|结案)|已全部(?:审结|结案)", (Role.PENDING,)),
)
