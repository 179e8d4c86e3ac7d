"""The phrasings: how a report's text speaks of the figures of the tables, as data.

``PHRASES`` lists the phrasings (a cue such as 新收到 or 行政复议, the words allowed between the
cue and the number, the paragraph's subject) and the cells whose value (or sum) the number must
equal; ``ABSENCES`` lists the statements that something did not happen (“未收到政府信息公开申请”).
Where practice varies, a phrase lists alternatives: “收到…申请48件” may count the new applications
only or the new and the carried-over ones together, and “行政诉讼N件” usually counts both 诉讼
groups; the text agrees with the table when any alternative holds.

A phrase's official part (行政许可, 结转下年度继续办理, 尚未审结 …) is read from the format's nodes;
what is typed here is how people write besides it (未审结, 尚未结案, 正在审理 …).

行政事业性收费 (表二, the agency's administrative fees) is never confused with 信息处理费
(section 六, the fee for answering applications): only the first is a cue, and a sentence about
the second is not read as one about the first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from models.format import Node, NumberKind
from models.format2021 import TABLE_2, TABLE_3, TABLE_4
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
    group: str = ""
    """表四: the group (``review``, ``litigation``, ``direct``, ``after_review``) the cue names."""
    outcome: str = ""
    """表四: the outcome (``upheld`` …) of the group named last before it."""
    not_after: str = ""
    """A regular expression that, found in the clause before the cue, makes the number a part
    of what the cue names (“因属于内部事务信息不予公开2件” is not all of 不予公开): silent."""
    result: bool = False
    """A row or group of 三、本年度办理结果: “予以公开258件（含部分公开20件）” adds the rows."""


# --- the official labels the phrases and the generated sentences use -----------------------------


def t3_row(key: str) -> Node:
    """表三's row ``key`` (its 总计 column's cell names it)."""
    return TABLE_3.cell(key, "total").row


def t2_item(cell: str) -> str:
    """The item of 表二's cell ``cell``, as the table names it: 行政许可, 行政事业性收费 …"""
    return TABLE_2.cell_by_id[cell].row.label


T3_RESULTS = next(n for n in TABLE_3.blocks[0].rows if n.children)
"""表三's 三、本年度办理结果, whose groups (予以公开 … 其他处理) the text counts."""

CARRIED_OUT_LABEL = t3_row("carried_out").bare
"""结转下年度继续办理."""


def t4_group_label(group: str) -> str:
    """行政复议, 行政诉讼, 未经复议直接起诉 or 复议后起诉, from 表四's column headers."""
    if group == "litigation":  # the header above both 诉讼 groups
        return TABLE_4.cell("cases", "direct_total").column_path[0].label
    return TABLE_4.cell("cases", f"{group}_total").column_path[-2].label


T4_OUTCOMES = ("upheld", "corrected", "other", "pending")


def t4_outcome_label(outcome: str) -> str:
    """结果维持, 结果纠正, 其他结果 or 尚未审结, from 表四's columns."""
    return TABLE_4.cell("cases", f"review_{outcome}").column.label


# --- the targets ---------------------------------------------------------------------------------


def _t3(*rows: str) -> Target:
    return tuple(f"t3.{row}.total" for row in rows)


NEW = _t3("new")
CARRIED_IN = _t3("carried_in")
RESULTS = _t3("result_total")
CARRIED_OUT = _t3("carried_out")
NEW_AND_CARRIED = (*NEW, *CARRIED_IN)

T2_LICENSE = "t2.license.decisions"
T2_PENALTY = "t2.penalty.decisions"
T2_ENFORCEMENT = "t2.enforcement.decisions"
T2_FEES = "t2.fees.amount"

# 表四: each group's outcome columns; 行政诉讼 is both 诉讼 groups (or, as some reports count,
# the direct one only).
T4_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "review": (("review",),),
    "litigation": (("direct", "after_review"), ("direct",)),
    "direct": (("direct",),),
    "after_review": (("after_review",),),
}


def t4_targets(group: str, outcome: str = "total") -> tuple[Target, ...]:
    return tuple(
        tuple(f"t4.cases.{g}_{outcome}" for g in alternative) for alternative in T4_GROUPS[group]
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


# How reports write a result row or group besides its official label, by the row's key (a group
# by its rows' common prefix).  Only words that name that row and no other: 信息不存在 may be
# 本机关不掌握 or 没有现成信息, so it is not here.
_RESULT_WORDS: dict[str, str] = {
    "disclosed": r"同意公开|全部公开|全部予以公开",
    "partly": r"部分同意公开|同意部分公开|部分予以公开",
    "refused": r"不同意公开|不予以公开",
    "unable_not_held": r"(?:本机关|本单位)不掌握(?:相关)?(?:政府)?信息|非本机关掌握(?:的)?信息",
}
# Words that give a reason: the number after them is a part of the group (因…不予公开2件).
_REASON = r"因|由于|属于|涉及|鉴于|系"


def _result_key(node: Node) -> str:
    """The key of a result row, or of a group the common prefix of its rows' keys."""
    if node.key:
        return node.key
    return next(iter(node.leaves())).key.split("_")[0]


def _result_cue(key: str, label: str) -> str:
    # The ways people write first: 不同意公开 must win over 同意公开 at the same place.
    extra = _RESULT_WORDS.get(key)
    return f"{extra}|{re.escape(label)}" if extra else re.escape(label)


def _result_phrases() -> list[Phrase]:
    """表三's result rows, worded as their official labels (without numbering): 予以公开,
    本机关不掌握相关政府信息, 重复申请 …, and as reports write them (同意公开 …); a group
    (不予公开) is the sum of its rows."""
    leaves: list[Phrase] = []
    groups: list[Phrase] = []
    for node in T3_RESULTS.children:
        if node.total:
            continue
        word = node.bare
        cells = _t3(*(n.key for n in node.leaves()))
        cue = _result_cue(_result_key(node), word)
        reason = _REASON if len(cells) > 1 else ""
        groups.append(Phrase(word, cue, (cells,), not_after=reason, result=True))
        for leaf in node.children:
            leaf_word = leaf.bare
            if leaf_word == "其他":
                continue
            cue = _result_cue(leaf.key, leaf_word)
            leaves.append(Phrase(leaf_word, cue, (_t3(leaf.key),), max_gap=4, result=True))
    # The longer labels first: at one position the first cue that matches wins.
    leaves.sort(key=lambda p: -len(p.name))
    return leaves + groups


def _t4_group_phrase(group: str, cue: str, exclude: str = "") -> Phrase:
    return Phrase(t4_group_label(group), cue, group=group, exclude=exclude)


def _t4_outcome_phrase(outcome: str, cue: str) -> Phrase:
    return Phrase(t4_outcome_label(outcome), cue, outcome=outcome, max_gap=6)


def _t2_phrase(cell: str, kind: NumberKind = NumberKind.COUNT, max_gap: int = 8) -> Phrase:
    item = t2_item(cell)
    exclude = _T2_EXCLUDE + "|" + _NOT_THE_COUNT
    if kind is NumberKind.AMOUNT:  # not 信息处理费 (section 六)
        exclude = r"处理费|信息|" + _NOT_THE_COUNT
    return Phrase(item, re.escape(item), ((cell,),), kind=kind, max_gap=max_gap, exclude=exclude)


# 表二's 行政规范性文件 as the text counts them: “现行有效行政规范性文件393件”, “制发规范性文件
# 77件”, “废止规范性文件5件” (行政 is often left out, and 的 put in).
_NORMATIVE_CUES = {
    "in_force": r"现行有效",
    "issued": r"(?:制发|制定|出台|印发|新发布)",
    "repealed": r"(?:废止|废除)",
}


def _normative_phrases() -> list[Phrase]:
    row = TABLE_2.row_by_key["normative"]
    bare = row.label.removeprefix("行政")
    phrases = []
    for column, cue in _NORMATIVE_CUES.items():
        cell = TABLE_2.cell("normative", column)
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


PHRASES: tuple[Phrase, ...] = (
    # 表三: the applications.  The longer cues come first.
    Phrase(
        f"{t3_row('carried_in').brief}申请",
        r"(?:上一?年度?|以前年度)结转|(?:从|由)上一?年度?转入",
        (CARRIED_IN,),
    ),
    Phrase(
        CARRIED_OUT_LABEL,
        r"(?:结转|转入|顺延|延续|延期|转)(?:至|到|入)?下一?年度?",
        (CARRIED_OUT,),
        exclude=_NOT_THE_COUNT,
    ),
    Phrase(
        f"{t3_row('new').brief}申请",
        r"新收到?|新受理|新接收",
        (NEW,),
        max_gap=16,
        exclude=_NOT_THE_COUNT + _OTHER_SUBJECTS,
        context=_APPLICATIONS,
        with_carried=NEW_AND_CARRIED,
    ),
    Phrase(
        "收到申请",
        r"(?<!不)(?<!不予)(?:收到|受理|接收|接到)",
        (NEW, NEW_AND_CARRIED),
        max_gap=16,
        exclude=_NOT_THE_COUNT + _OTHER_SUBJECTS,
        context=_APPLICATIONS,
        with_carried=NEW_AND_CARRIED,
    ),
    Phrase(
        "办结申请",
        r"(?<!未)(?:办结|办理完毕|处理完毕|作出答复|答复)",
        (RESULTS,),
        exclude=_NOT_THE_COUNT + r"|建议|提案|议案|信访",
        context=_APPLICATIONS,
    ),
    *_result_phrases(),
    # 表四: the groups, then the outcomes of the group named last.
    _t4_group_phrase("direct", r"未经(?:行政)?复议直接(?:提起)?(?:行政)?(?:起诉|诉讼)|直接起诉"),
    _t4_group_phrase("after_review", r"(?:经)?(?:行政)?复议后(?:提起|再)?(?:行政)?(?:起诉|诉讼)"),
    _t4_group_phrase("review", re.escape(t4_group_label("review")), _NOT_THE_COUNT),
    _t4_group_phrase(
        "litigation", re.escape(t4_group_label("litigation")) + "|行政起诉", _NOT_THE_COUNT
    ),
    _t4_outcome_phrase("upheld", r"(?:结果)?维持"),
    _t4_outcome_phrase("corrected", r"(?:结果)?(?:被)?纠正"),
    _t4_outcome_phrase("other", re.escape(t4_outcome_label("other"))),
    _t4_outcome_phrase(
        "pending", re.escape(t4_outcome_label("pending")) + r"|未审结|尚未结案|正在审理|审理中"
    ),
    # 表二.  行政事业性收费 only: 信息处理费 (section 六) is another thing.
    *_normative_phrases(),
    _t2_phrase(T2_LICENSE),
    _t2_phrase(T2_PENALTY),
    _t2_phrase(T2_ENFORCEMENT),
    _t2_phrase(T2_FEES, NumberKind.AMOUNT, max_gap=10),
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


ABSENCES: tuple[Absence, ...] = (
    # Not “没有收到超过一定数量或频次范围的政府信息公开申请” (section 六, on fees): 申请 must follow
    # closely.
    Absence(
        "政府信息公开申请",
        r"(?:未|没有)(?:新)?(?:收到|受理|接到|接收)(?:过)?(?:任何)?"
        r"[^，,。；;\d]{0,8}?申请",
        NEW,
    ),
    Absence(
        "所有申请均已办结",
        _ALL_DONE,
        CARRIED_OUT,
        exclude=_ALL_DONE_OTHER,
        context=_APPLICATIONS,
        claim=True,
    ),
    Absence(
        CARRIED_OUT_LABEL,
        r"(?:无|没有|不存在)(?:需要?)?(?:结转|转入|顺延|转)(?:至|到|入)?下一?年度?",
        CARRIED_OUT,
    ),
    Absence(
        t2_item(T2_FEES),
        r"(?:未|没有)(?:收取|产生|发生)(?:任何)?" + re.escape(t2_item(T2_FEES)),
        (T2_FEES,),
    ),
)
# 无…行政复议、行政诉讼: a negation, then the 表四 groups it covers, in one clause.
NEGATION = re.compile(
    r"(?<!并)无(?!法|正当|论|需|误|偿|关)|没有|未(?:发生|收到|有|被|因|出现|涉及|产生|接到)|不存在"
)


@dataclass(frozen=True)
class Whole:
    """A claim that all cases of the 表四 groups named before it ended one way (均获维持): the
    other outcomes must be 0."""

    pattern: str
    zero: tuple[str, ...]
    """The outcomes (``corrected`` …) that must be 0."""


WHOLES: tuple[Whole, ...] = (
    Whole(
        r"(?:均|全部|都)(?:已|已经)?(?:获|被|予以|得到|为|是)?(?:依法)?维持",
        ("corrected", "other", "pending"),
    ),
    Whole(r"(?:均|全部|都)(?:已|已经)?(?:审结|结案)|已全部(?:审结|结案)", ("pending",)),
)
