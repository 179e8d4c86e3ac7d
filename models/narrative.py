"""The text against the tables: the numbers a report's text states, found and compared.

Reports say their key figures twice — in a sentence (“新收到政府信息公开申请6件，其中予以公开1件”)
and in the table — and the two often disagree after a late correction.  This module reads the
sentences the way the official format's readers do and compares each number with the table.

How a number is tied to what it counts is data, not code: ``PHRASES`` lists the phrasings (a cue
such as 新收到 or 行政复议, the words allowed between the cue and the number, the paragraph's
subject) and the cells whose value (or sum) the number must equal; ``ABSENCES`` lists the
statements that something did not happen (“未收到政府信息公开申请”).  A number belongs to the
nearest cue before it in the same clause.  Numbers may be written with spaces (“3119 件”), thousands
commas or full-width digits; they are read by ``models.values.parse_value``, like every number
typed into the form.  Where practice varies, a phrase lists alternatives: “收到…申请48件” may count
the new applications only or the new and the carried-over ones together, and “行政诉讼N件” usually
counts both 诉讼 groups; the text agrees with the table when any alternative holds.

行政事业性收费 (表二, the agency's administrative fees) is never confused with 信息处理费
(section 六, the fee for answering applications): only the first is a cue, and a sentence about
the second is not read as one about the first.

This module also writes the standard sentences from the tables (``generate``): 一（二） and the lead
sentences of 二, 三 and 四, worded so that they read back to the same numbers.
"""

from __future__ import annotations

import bisect
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from models.findings import BASIC, Finding, Rule, Severity
from models.format import CellSpec, Node, NumberKind, ReportFormat
from models.format2021 import FORMAT_2021, TABLE_3
from models.report import Report, SectionText, TextPart, part_number
from models.values import (
    FULL_WIDTH_DIGITS,
    CellValue,
    InputError,
    format_value,
    parse_value,
)

NUMBER = Rule("narrative.number", Severity.WARNING, "文字与表格数字不符")
NONE = Rule("narrative.none", Severity.WARNING, "文字说没有，表格不是 0")
YEAR = Rule("narrative.year", Severity.WARNING, "文字所述年份与报告年度不符")
FEE = Rule("narrative.fee", Severity.WARNING, "未说明信息处理费收取情况")

RULES = (NUMBER, NONE, YEAR, FEE)

REVIEW_SECTION = "review_litigation"
FEE_SECTION = "other"

# --- the phrasings -------------------------------------------------------------------------------

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


def _t3(*rows: str) -> Target:
    return tuple(f"t3.{row}.total" for row in rows)


NEW = _t3("new")
CARRIED_IN = _t3("carried_in")
RESULTS = _t3("result_total")
CARRIED_OUT = _t3("carried_out")
NEW_AND_CARRIED = (*NEW, *CARRIED_IN)

# 表四: each group's outcome columns; 行政诉讼 is both 诉讼 groups (or, as some reports count,
# the direct one only).
T4_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "review": (("review",),),
    "litigation": (("direct", "after_review"), ("direct",)),
    "direct": (("direct",),),
    "after_review": (("after_review",),),
}
T4_GROUP_NAMES = {
    "review": "行政复议",
    "litigation": "行政诉讼",
    "direct": "未经复议直接起诉",
    "after_review": "复议后起诉",
}
T4_OUTCOMES = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


def t4_targets(group: str, outcome: str = "total") -> tuple[Target, ...]:
    return tuple(
        tuple(f"t4.cases.{g}_{outcome}" for g in alternative) for alternative in T4_GROUPS[group]
    )


# Words that make a number something else than the count itself: a change, a share, a bound.
_NOT_THE_COUNT = r"增|减|同比|环比|比上|较上|上升|下降|超过|以上|以下|不足|约|近|占|平均|率"
_T2_EXCLUDE = r"信息|公示|公开|目录|清单|网|平台|系统|事项"
# The paragraph speaks of applications for information (not of 行政复议申请).
_APPLICATIONS = r"(?<!复议)(?<!诉讼)申请"


def _result_phrases() -> list[Phrase]:
    """表三's result rows, worded as their official labels (without numbering): 予以公开,
    本机关不掌握相关政府信息, 重复申请 …; a group (不予公开) is the sum of its rows."""
    results = next(n for n in TABLE_3.blocks[0].rows if n.children)
    leaves: list[Phrase] = []
    groups: list[Phrase] = []
    for node in results.children:
        if node.total:
            continue
        word = _bare(node.label)
        groups.append(Phrase(word, re.escape(word), (_t3(*(n.key for n in node.leaves())),)))
        for leaf in node.children:
            bare = _bare(leaf.label)
            if bare == "其他":
                continue
            leaves.append(Phrase(bare, re.escape(bare), (_t3(leaf.key),), max_gap=4))
    # The longer labels first: at one position the first cue that matches wins.
    leaves.sort(key=lambda p: -len(p.name))
    return leaves + groups


def _bare(label: str) -> str:
    """（二）部分公开（区分处理的…） → 部分公开; 1.属于国家秘密 → 属于国家秘密."""
    label = re.sub(r"^（[一二三四五六七八九十]+）|^\d+\.", "", label)
    return re.sub(r"（.*）$", "", label)


PHRASES: tuple[Phrase, ...] = (
    # 表三: the applications.  The longer cues come first.
    Phrase("上年结转申请", r"(?:上一?年度?|以前年度)结转|(?:从|由)上一?年度?转入", (CARRIED_IN,)),
    Phrase(
        "结转下年度继续办理",
        r"(?:结转|转入|顺延|延续)(?:至|到)?下一?年度?",
        (CARRIED_OUT,),
        exclude=_NOT_THE_COUNT,
    ),
    Phrase(
        "本年新收申请",
        r"新收到?|新受理|新接收",
        (NEW,),
        max_gap=16,
        exclude=_NOT_THE_COUNT + r"|复议|诉讼|建议|提案|议案|信访|咨询",
        context=_APPLICATIONS,
        with_carried=NEW_AND_CARRIED,
    ),
    Phrase(
        "收到申请",
        r"(?<!不)(?<!不予)(?:收到|受理|接收|接到)",
        (NEW, NEW_AND_CARRIED),
        max_gap=16,
        exclude=_NOT_THE_COUNT + r"|复议|诉讼|建议|提案|议案|信访|咨询",
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
    Phrase(
        "未经复议直接起诉",
        r"未经(?:行政)?复议直接(?:提起)?(?:行政)?(?:起诉|诉讼)|直接起诉",
        group="direct",
    ),
    Phrase(
        "复议后起诉",
        r"(?:经)?(?:行政)?复议后(?:提起|再)?(?:行政)?(?:起诉|诉讼)",
        group="after_review",
    ),
    Phrase("行政复议", r"行政复议", group="review", exclude=_NOT_THE_COUNT),
    Phrase("行政诉讼", r"行政诉讼|行政起诉", group="litigation", exclude=_NOT_THE_COUNT),
    Phrase("结果维持", r"(?:结果)?维持", outcome="upheld", max_gap=6),
    Phrase("结果纠正", r"(?:结果)?(?:被)?纠正", outcome="corrected", max_gap=6),
    Phrase("其他结果", r"其他结果", outcome="other", max_gap=6),
    Phrase("尚未审结", r"尚未审结|未审结|尚未结案|正在审理|审理中", outcome="pending", max_gap=6),
    # 表二.  行政事业性收费 only: 信息处理费 (section 六) is another thing.
    Phrase(
        "行政许可",
        r"行政许可",
        (("t2.license.decisions",),),
        max_gap=8,
        exclude=_T2_EXCLUDE + "|" + _NOT_THE_COUNT,
    ),
    Phrase(
        "行政处罚",
        r"行政处罚",
        (("t2.penalty.decisions",),),
        max_gap=8,
        exclude=_T2_EXCLUDE + "|" + _NOT_THE_COUNT,
    ),
    Phrase(
        "行政强制",
        r"行政强制",
        (("t2.enforcement.decisions",),),
        max_gap=8,
        exclude=_T2_EXCLUDE + "|" + _NOT_THE_COUNT,
    ),
    Phrase(
        "行政事业性收费",
        r"行政事业性收费",
        (("t2.fees.amount",),),
        kind=NumberKind.AMOUNT,
        max_gap=10,
        exclude=r"处理费|信息|" + _NOT_THE_COUNT,
    ),
)


@dataclass(frozen=True)
class Absence:
    """A statement that something did not happen: the cells must all be 0."""

    name: str
    pattern: str
    cells: Target


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
        "行政事业性收费",
        r"(?:未|没有)(?:收取|产生|发生)(?:任何)?行政事业性收费",
        ("t2.fees.amount",),
    ),
)
# 无…行政复议、行政诉讼: a negation, then the 表四 groups it covers, in one clause.
_NEGATION = re.compile(
    r"(?<!并)无(?!法|正当|论|需|误|偿|关)|没有|未(?:发生|收到|有|被|因|出现|涉及|产生|接到)|不存在"
)

# --- reading the text ----------------------------------------------------------------------------

_DIGIT = "0-9０-９"
_SPACE = r"[ \u00a0\u3000]"
_NUMBER = re.compile(
    rf"(?<![{_DIGIT}.．])([{_DIGIT}](?:[{_DIGIT}]|,(?=[{_DIGIT}]{{3}})|{_SPACE}(?=[{_DIGIT}]))*"
    rf"(?:[.．][{_DIGIT}]+)?){_SPACE}*(万元|元|件|宗|起)"
)
_UNITS = {
    "件": NumberKind.COUNT,
    "宗": NumberKind.COUNT,
    "起": NumberKind.COUNT,
    "万元": NumberKind.AMOUNT,
    "元": NumberKind.AMOUNT,
}


def _first_characters(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` can begin with, or None when that is not simple to
    tell (the cues then go without the shortcut below)."""
    try:
        # The standard library's own parser of regular expressions (private, hence the guard).
        c: Any = importlib.import_module("re._constants")
        parser: Any = importlib.import_module("re._parser")

        def first(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
            found: set[str] = set()
            for op, arg in items:
                if op is c.LITERAL:
                    return found | {chr(arg)}, False
                if op is c.IN:
                    for kind, value in arg:
                        if kind is c.LITERAL:
                            found.add(chr(value))
                        elif kind is c.RANGE and value[1] - value[0] < 100:
                            found.update(chr(n) for n in range(value[0], value[1] + 1))
                        else:
                            raise ValueError(kind)
                    return found, False
                if op is c.SUBPATTERN or op is c.BRANCH:
                    branches = [arg[-1]] if op is c.SUBPATTERN else arg[1]
                    empty = False
                    for branch in branches:
                        more, can_be_empty = first(list(branch))
                        found |= more
                        empty |= can_be_empty
                    if not empty:
                        return found, False
                elif op is c.MAX_REPEAT or op is c.MIN_REPEAT:
                    more, can_be_empty = first(list(arg[2]))
                    found |= more
                    if arg[0] > 0 and not can_be_empty:
                        return found, False
                elif op not in (c.ASSERT, c.ASSERT_NOT, c.AT):
                    raise ValueError(op)
            return found, True

        characters, can_be_empty = first(list(parser.parse(pattern)))
    except (ImportError, AttributeError, ValueError, TypeError):
        return None
    return None if can_be_empty else characters


def _cue_pattern() -> re.Pattern[str]:
    """All cues in one pattern; a look-ahead on the characters they begin with lets the scan
    skip most positions at once (eight times faster on the sample)."""
    alternatives = "|".join(f"(?P<p{i}>{p.cue})" for i, p in enumerate(PHRASES))
    starts: set[str] = set()
    for phrase in PHRASES:
        characters = _first_characters(phrase.cue)
        if characters is None:
            return re.compile(alternatives)
        starts |= characters
    shown = "".join(re.escape(ch) for ch in sorted(starts))
    return re.compile(f"(?=[{shown}])(?:{alternatives})")


_CUES = _cue_pattern()
_GAP_STOP = re.compile(rf"[，,。；;！？!?、（）()\n{_DIGIT}]")
_CONJUNCTION = re.compile(r"(?:、|和|及|与|以及|或)(?:被)?(?:提起|申请|发生)?")
_EACH = re.compile(r"各|均|分别")
_WITH_CARRIED = re.compile(
    r"[ \u3000]*(?:[（(](?:其中)?[^）)]{0,12}?(?:含|包括|包含)?了?上一?年度?结转"
    r"|[，,][ \u3000]*(?:其中|含|包括|包含)了?上一?年度?结转)"
)
_WITHOUT = re.compile(r"不含|不包括|不包含|未含")
_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE = re.compile(r"[^，,。；;！？!?]+")
_LEADING_YEAR = re.compile(
    r"^[ \u3000]*(?:[（(][一二三四五六七八九十]+[）)]|\d+[.、．])?[ \u3000]*"
    r"([0-9０-９]{4})[ \u3000]*年"
)
_REVIEW_SCOPE = "信息公开"


@dataclass(frozen=True)
class Statement:
    """A number the text states about the tables."""

    start: int
    end: int
    said: str
    """The words as written, cue to unit: 新收到依申请公开政府信息6件."""
    sentence: str
    name: str
    value: CellValue
    targets: tuple[Target, ...]
    year: int | None
    """The year the sentence begins with (2024年，…), if it does."""


@dataclass(frozen=True)
class Denial:
    """A statement that something did not happen (无…行政复议)."""

    start: int
    sentence: str
    name: str
    cells: Target
    year: int | None = None


@dataclass(frozen=True)
class Reading:
    statements: tuple[Statement, ...] = ()
    denials: tuple[Denial, ...] = ()


@lru_cache(maxsize=512)
def read_paragraph(text: str, in_review_section: bool = False) -> Reading:
    """What one paragraph says about the tables.  Cached: the form checks after every edit, and
    an edit changes one paragraph."""
    if not text.strip():
        return Reading()
    cues = [
        (m.start(), m.end(), PHRASES[int(m.lastgroup[1:])])
        for m in _CUES.finditer(text)
        if m.lastgroup is not None
    ]
    statements: list[Statement] = []
    ends = [end for _, end, _ in cues]
    for number in _NUMBER.finditer(text):
        index = bisect.bisect_right(ends, number.start()) - 1
        if index < 0:
            continue
        statements += _statements(text, cues, index, number, in_review_section)
    return Reading(tuple(statements), tuple(_denials(text, cues, in_review_section)))


def _statements(
    text: str,
    cues: list[tuple[int, int, Phrase]],
    index: int,
    number: re.Match[str],
    in_review_section: bool,
) -> Iterator[Statement]:
    start, end, phrase = cues[index]
    gap = text[end : number.start()]
    if len(gap) > phrase.max_gap or _GAP_STOP.search(gap):
        return
    if phrase.exclude and re.search(phrase.exclude, gap):
        return
    if phrase.context and not re.search(phrase.context, text):
        return
    kind = _UNITS[number.group(2)]
    if kind is not phrase.kind:
        return
    try:
        value = parse_value(number.group(1), kind)
    except InputError:
        return
    if value is None:
        return
    if number.group(2) == "元":
        value = Decimal(value) / 10000
    sentence = _sentence(text, start, number.end())
    if (phrase.group or phrase.outcome) and not (in_review_section or _REVIEW_SCOPE in sentence):
        return
    # Cues joined by 、和及与 (“行政复议、行政诉讼共3件”) share the number.
    members = [(start, phrase)]
    while index > 0:
        before_start, before_end, before = cues[index - 1]
        if not _CONJUNCTION.fullmatch(text[before_end : members[0][0]]):
            break
        members.insert(0, (before_start, before))
        index -= 1
    targets_of: list[tuple[str, tuple[Target, ...]]] = []
    for member_start, member in members:
        targets = _targets(member, cues, member_start, number.end(), text)
        if not targets:
            return
        targets_of.append((member.name, targets))
    carried = _WITH_CARRIED.match(text, number.end()) if phrase.with_carried else None
    if carried is not None and len(members) == 1 and not _WITHOUT.search(carried.group()):
        targets_of = [(phrase.name, (phrase.with_carried,))]
    first = members[0][0]
    said = text[first : number.end()]
    year = _year(sentence)
    if len(targets_of) == 1:
        name, targets = targets_of[0]
        yield Statement(first, number.end(), said, sentence, name, value, targets, year)
    elif _EACH.search(gap):
        for name, targets in targets_of:
            yield Statement(first, number.end(), said, sentence, name, value, targets, year)
    else:
        joined: Target = tuple(cell for _, targets in targets_of for cell in targets[0])
        name = "、".join(name for name, _ in targets_of)
        yield Statement(first, number.end(), said, sentence, f"{name}合计", value, (joined,), year)


def _targets(
    phrase: Phrase, cues: list[tuple[int, int, Phrase]], start: int, end: int, text: str
) -> tuple[Target, ...]:
    if phrase.group:
        return t4_targets(phrase.group)
    if phrase.outcome:
        groups = [(s, p) for s, _, p in cues if s < start and p.group]
        if not groups:
            return ()
        group_start, group = groups[-1]
        # “行政复议、行政诉讼共3件，其中维持2件”: whose outcome is ambiguous.
        earlier = [(e, p) for s, e, p in cues if e <= group_start and p.group]
        if earlier and _CONJUNCTION.fullmatch(text[earlier[-1][0] : group_start]):
            return ()
        return t4_targets(group.group, phrase.outcome)
    return phrase.targets


def _denials(
    text: str, cues: list[tuple[int, int, Phrase]], in_review_section: bool
) -> Iterator[Denial]:
    for clause in _CLAUSE.finditer(text):
        part = clause.group()
        if _NUMBER.search(part):
            continue  # a clause with a number states it; the statements compare it
        for absence in ABSENCES:
            found = re.search(absence.pattern, part)
            if found:
                sentence = _sentence(text, clause.start(), clause.end())
                yield Denial(
                    clause.start() + found.start(),
                    sentence,
                    absence.name,
                    absence.cells,
                    _year(sentence),
                )
        negation = _NEGATION.search(part)
        if negation is None:
            continue
        sentence = _sentence(text, clause.start(), clause.end())
        if not (in_review_section or _REVIEW_SCOPE in sentence):
            continue
        after = clause.start() + negation.end()
        for start, _, phrase in cues:
            if after <= start < clause.end() and phrase.group:
                for target in t4_targets(phrase.group)[:1]:
                    yield Denial(start, sentence, phrase.name, target, _year(sentence))


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], shortened around it when long."""
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        begin = found.end()
    stop = _SENTENCE_END.search(text, end)
    finish = len(text) if stop is None else stop.end()
    sentence = text[begin:finish].strip()
    if len(sentence) <= 90:
        return sentence
    left = max(begin, start - 30)
    right = min(finish, end + 40)
    shown = text[left:right].strip()
    return ("……" if left > begin else "") + shown + ("……" if right < finish else "")


def _year(sentence: str) -> int | None:
    if sentence.startswith("……"):
        return None  # shortened: its beginning is not shown
    found = _LEADING_YEAR.match(sentence)
    return int(found.group(1).translate(FULL_WIDTH_DIGITS)) if found else None


# --- where the texts are -------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One text field of the report: its section, its place in the section and its text."""

    section: str
    text: str
    heading: str = ""
    """The section's heading (empty for the preamble)."""
    index: int = -1
    """The part's index, or -1 for the section's intro (or the preamble)."""
    part_heading: str = ""

    @property
    def field(self) -> str:
        """The field's name for the form: ``preamble``, ``intro`` or ``part:2``."""
        if self.section == BASIC:
            return "preamble"
        return "intro" if self.index < 0 else f"part:{self.index}"

    @property
    def place(self) -> str:
        """The name a clerk knows the field by: 前言, 三、收到和处理…, 一、总体情况（二）…"""
        if self.section == BASIC:
            return "前言"
        if self.index < 0:
            return self.heading
        return f"{self.heading}{part_number(self.index)}{self.part_heading.strip()}"


def text_fields(report: Report) -> Iterator[Field]:
    """The preamble and every intro and part text."""
    yield Field(BASIC, report.preamble)
    for spec in report.format.sections:
        text = report.sections[spec.key]
        yield Field(spec.key, text.intro, spec.heading)
        for index, part in enumerate(text.parts):
            yield Field(spec.key, part.text, spec.heading, index, part.heading)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) of each non-blank paragraph of a text field."""
    result = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            result.append((offset, line))
        offset += len(line) + 1
    return result


@lru_cache(maxsize=256)
def read_text(text: str, in_review_section: bool = False) -> Reading:
    """What a text field says about the tables, paragraph by paragraph (a paragraph is the unit
    of context: 申请 in the paragraph, the 表四 group named last)."""
    statements: list[Statement] = []
    denials: list[Denial] = []
    for _, paragraph in paragraphs(text):
        reading = read_paragraph(paragraph, in_review_section)
        statements += reading.statements
        denials += reading.denials
    return Reading(tuple(statements), tuple(denials))


# --- the checks ----------------------------------------------------------------------------------


def check(report: Report) -> Iterator[Finding]:
    for field_ in text_fields(report):
        if not field_.text:
            continue
        reading = read_text(field_.text, field_.section == REVIEW_SECTION)
        wrong_year: Statement | Denial | None = None
        for statement in reading.statements:
            finding = _compare(field_, statement, report)
            if finding is not None:
                yield finding
            if wrong_year is None and statement.year not in (None, report.year):
                wrong_year = statement
        for denial in reading.denials:
            finding = _compare_denial(field_, denial, report)
            if finding is not None:
                yield finding
            if wrong_year is None and denial.year not in (None, report.year):
                wrong_year = denial
        if wrong_year is not None and report.year is not None:
            yield Finding(
                YEAR,
                f"{field_.place}：“{wrong_year.sentence}”说的是 {wrong_year.year} 年的情况，"
                f"而本报告是 {report.year} 年度的。是否沿用了往年的文字？",
                section=field_.section,
                field=field_.field,
            )
    yield from _check_fee_statement(report)


def _sum(values: dict[str, CellValue | None], cells: Target) -> CellValue | None:
    total: CellValue = 0
    for cell in cells:
        value = values.get(cell)
        if value is None:
            return None
        total += value
    return total


@lru_cache(maxsize=4)
def _entered_parts(report_format: ReportFormat) -> dict[str, tuple[str, ...]]:
    """Each computed cell with the entered cells it adds up, through the totals between."""
    parts: dict[str, tuple[str, ...]] = {}
    for table in report_format.tables:
        for spec in table.sums:  # ordered so that a total's computed parts come first
            if spec.total.id in parts:
                continue
            parts[spec.total.id] = tuple(
                entered for part in spec.parts for entered in parts.get(part.id, (part.id,))
            )
    return parts


def _agrees(report: Report, target: Target, value: CellValue) -> bool | None:
    """Whether the table says ``value`` for ``target``: the sum of the cells as written or, where
    a total is involved, the sum of the entered cells under it (a wrong total is the table rules'
    finding, not the text's).  None while a cell involved is blank: blank is not 0, and the blank
    is a finding of its own."""
    values = report.values
    written = _sum(values, target)
    if written is None:
        return None
    if written == value:
        return True
    parts = _entered_parts(report.format)
    if not any(cell in parts for cell in target):
        return False
    entered = _sum(values, tuple(e for cell in target for e in parts.get(cell, (cell,))))
    if entered is None:
        return None
    return entered == value


def _compare(field_: Field, statement: Statement, report: Report) -> Finding | None:
    known = []
    for target in statement.targets:
        agrees = _agrees(report, target, statement.value)
        if agrees:
            return None
        if agrees is not None:
            known.append(target)
    if not known:
        return None
    shown = format_value(statement.value)
    table = "；".join(describe(target, report.values) for target in known)
    message = (
        f"{field_.place}：“{statement.sentence}”中写{statement.name} {shown}，"
        f"但{table}。请核对文字和表格。"
    )
    return Finding(NUMBER, message, section=field_.section, field=field_.field, cells=known[0])


def _compare_denial(field_: Field, denial: Denial, report: Report) -> Finding | None:
    if _agrees(report, denial.cells, 0) is not False:
        return None
    message = (
        f"{field_.place}：“{denial.sentence}”说没有{denial.name}，"
        f"但{describe(denial.cells, report.values)}。请核对文字和表格。"
    )
    return Finding(NONE, message, section=field_.section, field=field_.field, cells=denial.cells)


def cell_name(cell: CellSpec) -> str:
    """表三「本年新收·总计」, 表四「行政复议·总计」, 表二「行政许可」."""
    table = cell.table.name
    if cell.row_label is None:
        return f"{table}「{cell.column_label}」"
    if len(cell.block.column_leaves) == 1:
        return f"{table}「{cell.row.brief}」"
    return f"{table}「{cell.row.brief}·{cell.column_label}」"


def describe(target: Target, values: dict[str, CellValue | None]) -> str:
    """How a target reads in a message, with its value: 表三「本年新收·总计」为 6."""
    cells = [FORMAT_2021.cell_by_id[c] for c in target]
    numbers = [values.get(c.id) for c in cells]
    total = _sum(values, target)
    shown = "空白" if total is None else format_value(total)
    if len(cells) == 1:
        return f"{cell_name(cells[0])}为 {shown}"
    parent = _common_parent(cells)
    if parent is not None and len(cells) > 3:
        return f"{cells[0].table.name}「{parent.label}」各项合计为 {shown}"
    terms = " ＋ ".join(
        f"{cell_name(c)} {'空白' if v is None else format_value(v)}"
        for c, v in zip(cells, numbers, strict=True)
    )
    return f"{terms} ＝ {shown}"


def _common_parent(cells: list[CellSpec]) -> Node | None:
    parents = {c.row_path[-2] if len(c.row_path) > 1 else None for c in cells}
    if len(parents) == 1:
        return parents.pop()
    return None


# --- section 六: 信息处理费 ----------------------------------------------------------------------

_FEE_SAID = re.compile(r"处理费|收取[^，。；]{0,8}费|收费|费用")


def _check_fee_statement(report: Report) -> Iterator[Finding]:
    text = report.sections.get(FEE_SECTION)
    if text is None or text.is_empty():
        return  # an empty section 六 is reported as such (text.required)
    if _FEE_SAID.search(text.intro) or any(_FEE_SAID.search(p.text) for p in text.parts):
        return
    heading = report.format.section_by_key[FEE_SECTION].heading
    yield Finding(
        FEE,
        f"“{heading}”没有说明是否收取信息处理费：按《政府信息公开信息处理费管理办法》，"
        "年度报告应当写明本年度信息处理费的收取情况（如“本年度未收取信息处理费”）。",
        section=FEE_SECTION,
        field="intro",
    )


# --- 生成文字: the standard sentences from the tables --------------------------------------------

APPLICATIONS_PART = "政府信息依申请公开情况"
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


def applications_sentence(report: Report) -> str | None:
    """一（二）: 2024年，我局新收到政府信息公开申请6件，上年结转0件，办结5件，
    结转下年度继续办理1件。"""
    cells = [*NEW, *CARRIED_IN, *RESULTS, *CARRIED_OUT]
    if not _has(report, cells):
        return None
    return (
        f"{_lead(report)}新收到政府信息公开申请{_v(report, NEW[0])}件，"
        f"上年结转{_v(report, CARRIED_IN[0])}件，办结{_v(report, RESULTS[0])}件，"
        f"结转下年度继续办理{_v(report, CARRIED_OUT[0])}件。"
    )


def requests_sentence(report: Report) -> str | None:
    """三's lead: the applications and the results that are not 0."""
    results = next(n for n in TABLE_3.blocks[0].rows if n.children)
    groups = [node for node in results.children if not node.total]
    cells = [
        *NEW,
        *CARRIED_IN,
        *RESULTS,
        *CARRIED_OUT,
        *(f"t3.{leaf.key}.total" for node in groups for leaf in node.leaves()),
    ]
    if not _has(report, cells):
        return None
    listed = []
    for node in groups:
        total = sum(report.values[f"t3.{leaf.key}.total"] or 0 for leaf in node.leaves())
        if total:
            listed.append(f"{_bare(node.label)}{format_value(total)}件")
    detail = f"，其中{'、'.join(listed)}" if listed else ""
    return (
        f"{_lead(report)}新收到政府信息公开申请{_v(report, NEW[0])}件，"
        f"上年结转政府信息公开申请{_v(report, CARRIED_IN[0])}件。"
        f"本年度办结政府信息公开申请{_v(report, RESULTS[0])}件{detail}；"
        f"结转下年度继续办理{_v(report, CARRIED_OUT[0])}件。"
    )


def proactive_sentence(report: Report) -> str | None:
    """二's lead: 行政许可, 行政处罚, 行政强制 and 行政事业性收费 of 表二."""
    cells = [
        "t2.license.decisions",
        "t2.penalty.decisions",
        "t2.enforcement.decisions",
        "t2.fees.amount",
    ]
    if not _has(report, cells):
        return None
    return (
        f"{_lead(report)}共处理行政许可{_v(report, cells[0])}件、"
        f"行政处罚{_v(report, cells[1])}件、行政强制{_v(report, cells[2])}件，"
        f"收取行政事业性收费{_v(report, cells[3])}万元。"
    )


def review_sentence(report: Report) -> str | None:
    """四's lead: 行政复议 and 行政诉讼 with their outcomes, or that there were none."""
    cells = [c.id for c in report.format.table_by_key["t4"].cells]
    if not _has(report, cells):
        return None
    values = report.values
    review = _sum(values, t4_targets("review")[0]) or 0
    litigation = _sum(values, t4_targets("litigation")[0]) or 0
    if not review and not litigation:
        return f"{_lead(report)}未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"

    def part(group: str, words: str) -> str:
        total = _sum(values, t4_targets(group)[0]) or 0
        outcomes = []
        for outcome in ("upheld", "corrected", "other", "pending"):
            n = _sum(values, t4_targets(group, outcome)[0]) or 0
            if n:
                outcomes.append(f"{T4_OUTCOMES[outcome]}{format_value(n)}件")
        detail = f"，其中{'、'.join(outcomes)}" if outcomes else ""
        return f"{words}{format_value(total)}件{detail}"

    return (
        f"{_lead(report)}因政府信息公开工作{part('review', '被申请行政复议')}；"
        f"{part('litigation', '被提起行政诉讼')}。"
    )


def _lead(report: Report) -> str:
    year = f"{report.year}年，" if report.year is not None else "本年度，"
    return year + self_name(report.agency)


def generate(report: Report) -> Generated:
    """The standard sentences for 一（二） and the lead sentences of 二, 三 and 四, from the tables.

    一（二） is the part whose heading speaks of 依申请公开 (added after the first part when there
    is none); the lead sentences replace the intros of 二, 三 and 四.  A text whose table still has
    blanks is not written.
    """
    result = Generated()
    sentence = applications_sentence(report)
    if sentence is None:
        result.skipped.append("一（二）：表三还有空白单元格")
    else:
        overview = report.sections["overview"].copy()
        index = next((i for i, p in enumerate(overview.parts) if "依申请" in p.heading), None)
        if index is None:
            index = min(1, len(overview.parts))
            overview.parts.insert(index, TextPart(APPLICATIONS_PART, ""))
        if overview.parts[index].text != sentence:
            overview.parts[index].text = sentence
            result.sections["overview"] = overview
        result.written.append(f"一{part_number(index)}")
    for key, number, write, table in (
        ("proactive", "二", proactive_sentence, "表二"),
        ("requests", "三", requests_sentence, "表三"),
        ("review_litigation", "四", review_sentence, "表四"),
    ):
        sentence = write(report)
        if sentence is None:
            result.skipped.append(f"{number}：{table}还有空白单元格")
            continue
        result.written.append(number)
        if report.sections[key].intro != sentence:
            text = report.sections[key].copy()
            text.intro = sentence
            result.sections[key] = text
    return result
