"""Reading the text: the numbers a report's text states about the tables, and its denials.

Reports say their key figures twice — in a sentence (“新收到政府信息公开申请6件，其中予以公开1件”)
and in the table — and the two often disagree after a late correction.  This module reads the
sentences the way the official format's readers do, with the phrasings of
``models.narrative.phrases`` for the report's format (the current one unless said).
A number belongs to the nearest cue before it in the same clause.  Numbers may be written with
spaces (“3119 件”), thousands commas or full-width digits; they are read by
``models.values.parse_value``, like every number typed into the form.
"""

from __future__ import annotations

import bisect
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from models.format.spec import NumberKind, ReportFormat, Role
from models.narrative.fields import paragraphs
from models.narrative.phrases import (
    NEGATION,
    T4_OUTCOMES,
    WHOLES,
    Absence,
    Phrase,
    Target,
    absences,
    phrases,
    t4_targets,
)
from models.report import CURRENT_FORMAT
from models.values import FULL_WIDTH_DIGITS, CellValue, InputError, parse_value

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


@lru_cache(maxsize=8)
def _cue_pattern(report_format: ReportFormat) -> re.Pattern[str]:
    """All cues of the format's phrases in one pattern (group p3 is the fourth phrase's); a
    look-ahead on the characters they begin with lets the scan skip most positions at once
    (eight times faster on the sample)."""
    found = phrases(report_format)
    alternatives = "|".join(f"(?P<p{i}>{p.cue})" for i, p in enumerate(found))
    starts: set[str] = set()
    for phrase in found:
        characters = _first_characters(phrase.cue)
        if characters is None:
            return re.compile(alternatives)
        starts |= characters
    shown = "".join(re.escape(ch) for ch in sorted(starts))
    return re.compile(f"(?=[{shown}])(?:{alternatives})")


_CUES = _cue_pattern(CURRENT_FORMAT)
_GAP_STOP = re.compile(rf"[，,。；;！？!?、（）()\n{_DIGIT}]")
_CONJUNCTION = re.compile(r"(?:、|和|及|与|以及|或)(?:被)?(?:提起|申请|发生)?")
_EACH = re.compile(r"各|均|分别")
_WITH_CARRIED = re.compile(
    r"[ \u3000]*(?:[（(](?:其中)?[^）)]{0,12}?(?:含|包括|包含)?了?上一?年度?结转"
    r"|[，,][ \u3000]*(?:其中|含|包括|包含)了?上一?年度?结转)"
)
_WITHOUT = re.compile(r"不含|不包括|不包含|未含")
# “予以公开258件（含部分公开20件）”: the number counts the rows named in the brackets too.
_INCLUDING = re.compile(r"[ \u3000]*[（(][ \u3000]*(?:其中|含|包括|包含)了?")
_CLAUSE_STOP = re.compile(r"[，,。；;！？!?、（）()\n]")
# Where a sentence of 表四 ends for 均获维持: a clause about another group is after a 。 or ；.
_PART_END = re.compile(r"[。；;！？!?\n]")
# Groups said together: 行政复议、行政诉讼 / 行政复议1件、行政诉讼2件 (not across a ，).
_JOINED_GROUPS = re.compile(
    rf"[^，,。；;]{{0,4}}?[{_DIGIT}]*[ \u3000]*件?[ \u3000]*(?:、|和|及|与|或)"
)
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
    claim: str = ""
    """The words of a claim worded otherwise than 没有… (所有申请均已办结, 均获维持)."""


@dataclass(frozen=True)
class Reading:
    statements: tuple[Statement, ...] = ()
    denials: tuple[Denial, ...] = ()


@lru_cache(maxsize=512)
def read_paragraph(
    text: str, in_review_section: bool = False, report_format: ReportFormat = CURRENT_FORMAT
) -> Reading:
    """What one paragraph says about the tables of ``report_format``.  Cached: the form checks
    after every edit, and an edit changes one paragraph."""
    if not text.strip():
        return Reading()
    found = phrases(report_format)
    cues = [
        (m.start(), m.end(), found[int(m.lastgroup[1:])])
        for m in _cue_pattern(report_format).finditer(text)
        if m.lastgroup is not None
    ]
    statements: list[Statement] = []
    ends = [end for _, end, _ in cues]
    for number in _NUMBER.finditer(text):
        index = bisect.bisect_right(ends, number.start()) - 1
        if index < 0:
            continue
        statements += _statements(text, cues, index, number, in_review_section, report_format)
    denials = [
        *_denials(text, cues, in_review_section, report_format),
        *_wholes(text, cues, in_review_section, report_format),
    ]
    return Reading(tuple(statements), tuple(denials))


def _statements(
    text: str,
    cues: list[tuple[int, int, Phrase]],
    index: int,
    number: re.Match[str],
    in_review_section: bool,
    report_format: ReportFormat,
) -> Iterator[Statement]:
    start, end, phrase = cues[index]
    gap = text[end : number.start()]
    if len(gap) > phrase.max_gap or _GAP_STOP.search(gap):
        return
    if phrase.exclude and re.search(phrase.exclude, gap):
        return
    if phrase.context and not re.search(phrase.context, text):
        return
    if _ambiguous(text, cues, index):
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
        targets = _targets(member, cues, member_start, number.end(), text, report_format)
        if not targets:
            return
        targets_of.append((member.name, targets))
    if phrase.result and len(members) == 1:
        targets_of = [(phrase.name, _with_included(text, cues, number.end(), targets_of[0][1]))]
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


def _ambiguous(text: str, cues: list[tuple[int, int, Phrase]], index: int) -> bool:
    """Whether the number after cue ``index`` may be another cue's of the same clause: two cues of
    表三 one after the other (“予以公开答复12件”), or a reason before a group (“因属于内部事务
    信息不予公开2件” counts a part of 不予公开).  A 表四 outcome after its group (“行政复议结果
    维持1件”) and a 表四 group after anything (its subject is its own) are clear."""
    start, _, phrase = cues[index]
    clause_start = 0
    for stop in _CLAUSE_STOP.finditer(text, 0, start):
        clause_start = stop.end()
    if phrase.not_after and re.search(phrase.not_after, text[clause_start:start]):
        return True
    if phrase.group or phrase.outcome or index == 0:
        return False
    _, before_end, before = cues[index - 1]
    if before_end <= clause_start or before.group or before.outcome:
        return False
    if phrase.result and not before.result:
        return False  # 已办结的申请中同意公开12件: the row, within the total named before it
    between = text[before_end:start]
    return not _CONJUNCTION.fullmatch(between)


def _with_included(
    text: str, cues: list[tuple[int, int, Phrase]], after: int, targets: tuple[Target, ...]
) -> tuple[Target, ...]:
    """A result row's targets with the rows the brackets after its number say it includes."""
    including = _INCLUDING.match(text, after)
    if including is None:
        return targets
    inner = next((p for s, _, p in cues if s == including.end()), None)
    if inner is None or not inner.result:
        return targets
    (own,) = targets
    return ((*own, *(cell for cell in inner.targets[0] if cell not in own)),)


def _wholes(
    text: str,
    cues: list[tuple[int, int, Phrase]],
    in_review_section: bool,
    report_format: ReportFormat,
) -> Iterator[Denial]:
    """均获维持, 均已审结: the 表四 groups named last before it in the same part of a sentence
    (with those joined to it: 行政复议1件、行政诉讼2件，均获维持) had no other outcome."""
    for whole in WHOLES:
        for found in re.finditer(whole.pattern, text):
            part_start = 0
            for stop in _PART_END.finditer(text, 0, found.start()):
                part_start = stop.end()
            groups = [
                (s, e, p.group, p)
                for s, e, p in cues
                if part_start <= s < found.start() and p.group is not None
            ]
            if not groups:
                continue
            named = [groups[-1]]
            for earlier in reversed(groups[:-1]):
                if not _JOINED_GROUPS.fullmatch(text[earlier[1] : named[0][0]]):
                    break
                named.insert(0, earlier)
            sentence = _sentence(text, found.start(), found.end())
            if not (in_review_section or _REVIEW_SCOPE in sentence):
                continue
            cells: Target = tuple(
                cell
                for _, _, group, _ in named
                for outcome in T4_OUTCOMES
                if outcome in whole.zero
                for cell in t4_targets(group, outcome, report_format)[0]
            )
            yield Denial(
                found.start(), sentence, named[-1][3].name, cells, _year(sentence), found.group()
            )


def _targets(
    phrase: Phrase,
    cues: list[tuple[int, int, Phrase]],
    start: int,
    end: int,
    text: str,
    report_format: ReportFormat,
) -> tuple[Target, ...]:
    if phrase.group is not None:
        return t4_targets(phrase.group, Role.TOTAL, report_format)
    if phrase.outcome is not None:
        groups = [(s, p.group) for s, _, p in cues if s < start and p.group is not None]
        if not groups:
            return ()
        group_start, group = groups[-1]
        # “行政复议、行政诉讼共3件，其中维持2件”: whose outcome is ambiguous.
        earlier = [(e, p) for s, e, p in cues if e <= group_start and p.group]
        if earlier and _CONJUNCTION.fullmatch(text[earlier[-1][0] : group_start]):
            return ()
        return t4_targets(group, phrase.outcome, report_format)
    return phrase.targets


def _denials(
    text: str,
    cues: list[tuple[int, int, Phrase]],
    in_review_section: bool,
    report_format: ReportFormat,
) -> Iterator[Denial]:
    for clause in _CLAUSE.finditer(text):
        part = clause.group()
        if _NUMBER.search(part):
            continue  # a clause with a number states it; the statements compare it
        for absence in absences(report_format):
            found = re.search(absence.pattern, part)
            if found is None or (absence.exclude and re.search(absence.exclude, part)):
                continue
            sentence = _sentence(text, clause.start(), clause.end())
            if absence.context and not _about(absence, text, clause.start(), sentence):
                continue
            yield Denial(
                clause.start() + found.start(),
                sentence,
                absence.name,
                absence.cells,
                _year(sentence),
                found.group() if absence.claim else "",
            )
        negation = NEGATION.search(part)
        if negation is None:
            continue
        sentence = _sentence(text, clause.start(), clause.end())
        if not (in_review_section or _REVIEW_SCOPE in sentence):
            continue
        after = clause.start() + negation.end()
        for start, _, phrase in cues:
            if after <= start < clause.end() and phrase.group is not None:
                for target in t4_targets(phrase.group, Role.TOTAL, report_format)[:1]:
                    yield Denial(start, sentence, phrase.name, target, _year(sentence))


def _about(absence: Absence, text: str, start: int, sentence: str) -> bool:
    """Whether a claim worded without its subject (…，已全部办结) is about what the absence
    says: the sentence speaks of it, and the sentence before the claim, its brackets left out
    (“…申请1,024件（含上年结转36件），已全部办结”), of nothing else."""
    if not re.search(absence.context, sentence):
        return False
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        begin = found.end()
    before = _BRACKETED.sub("", text[begin:start])
    return not (absence.exclude and re.search(absence.exclude, before))


_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


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


@lru_cache(maxsize=256)
def read_text(
    text: str, in_review_section: bool = False, report_format: ReportFormat = CURRENT_FORMAT
) -> Reading:
    """What a text field says about the tables, paragraph by paragraph (a paragraph is the unit
    of context: 申请 in the paragraph, the 表四 group named last)."""
    statements: list[Statement] = []
    denials: list[Denial] = []
    for _, paragraph in paragraphs(text):
        reading = read_paragraph(paragraph, in_review_section, report_format)
        statements += reading.statements
        denials += reading.denials
    return Reading(tuple(statements), tuple(denials))
