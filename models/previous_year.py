"""Last year's file: the report linked for the checks across years, and this year's report
started from it (从上年报告新建).

Reading a file is the exporters' business: the functions here take the reader as an argument, so
models need not import it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from models.checks.years import section_texts
from models.dates import STATED_PERIOD, whole_year_of
from models.edit import Edit, apply
from models.files import FileProblem
from models.format.spec import Role
from models.narrative.fields import FieldAddress, paragraphs, text_fields
from models.report import Report, TextPart, new_report, part_number
from models.values import FULL_WIDTH_DIGITS

# --- linking last year's report ------------------------------------------------------------------


def linked_path(report: Report, project_path: Path | None) -> Path | None:
    """Where the linked last year's report is: the stored path (relative paths from the project's
    folder), or else a file of that name next to the project (the folder was moved)."""
    if not report.previous_file:
        return None
    stored = Path(report.previous_file)
    folder = None if project_path is None else Path(project_path).parent
    first = stored if stored.is_absolute() or folder is None else folder / stored
    candidates = [first]
    if folder is not None:
        candidates.append(folder / stored.name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return first


def load_linked(
    report: Report, project_path: Path | None, read: Callable[[Path], Report]
) -> tuple[Report | None, str | None]:
    """Last year's report linked to ``report``, or why it could not be read (a Chinese sentence).
    ``read`` is the reader (``exporters.read_report(path).report``): models do not import it."""
    path = linked_path(report, project_path)
    if path is None:
        return None, None
    try:
        return read(path), None
    except FileProblem as problem:
        return None, (
            f"关联的上年报告“{report.previous_file}”无法读取，没有做与上年报告的比对：{problem}"
        )


def previous_for_check(
    report: Report,
    project_path: Path | None,
    given: Path | None,
    read: Callable[[Path], Report],
) -> tuple[Report | None, str | None]:
    """Last year's report for the checks (``exporters.findings_for``): the file given
    (``main.py check --previous``; a FileProblem when it cannot be read), else the one linked in
    the project (or why it could not be read)."""
    if given is not None:
        return read(given), None
    return load_linked(report, project_path, read)


# --- 从上年报告新建 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """This year's report as last year's copied (``report``), and what 从上年报告新建 changes in
    it as the one undoable step after: ``years`` moves every year of the reporting on a year."""

    report: Report
    years: MovedYears
    offered: str = ""
    """Where last year's plans were offered as this year's account (五（一）…), or ""."""


def new_from_previous(previous: Report, path: Path | None = None) -> Report:
    """This year's report started from last year's (``path`` is linked for the checks), its years
    moved on: ``draft_from_previous`` with its year moves applied."""
    draft = draft_from_previous(previous, path)
    apply(draft.report, Edit(texts=draft.years.texts))
    return draft.report


def draft_from_previous(previous: Report, path: Path | None = None) -> Draft:
    """This year's report started from last year's, before its years are moved on.

    The agency, contact, style and settings are carried over; 上年结转 is last year's 结转下年度继续
    办理, every column; last year's text is kept as a draft whose paragraphs stay marked unchanged
    (内容雷同) until edited, the preamble's too; last year's 五（二） (this year's problems and
    next year's plans) is offered as this year's 五（一） (last year's problems and what was
    done).  The tables are otherwise blank and the report date unset.
    """
    year = None if previous.year is None else previous.year + 1
    report = new_report(previous.agency, year, previous.format)
    report.contact_office = previous.contact_office
    report.address = previous.address
    report.phone = previous.phone
    report.signer = previous.signer
    report.style = dataclasses.replace(previous.style)
    report.whole_government = previous.whole_government
    report.preamble = previous.preamble
    for key, section in previous.sections.items():
        report.sections[key] = section.copy()
    offered = _offer_last_years_plans(previous, report)
    table = report.format.table_with(Role.CARRIED_IN)
    carried_out = table.node_with(Role.CARRIED_OUT)
    for cell in table.cells_with(Role.CARRIED_IN):
        report.values[cell.id] = previous.values.get(table.cell_at(carried_out, cell.column).id)
    if path is not None:
        report.previous_file = str(Path(path).resolve())
    kept = () if offered is None else (offered,)
    years = (
        MovedYears({}, [])
        if previous.year is None
        else moved_years(report, previous.year, keep=kept)
    )
    copied = [previous.preamble, *section_texts(previous), *years.texts.values()]
    seen: dict[str, None] = {}
    for text in copied:
        for _, paragraph in paragraphs(text):
            seen.setdefault(paragraph.strip(), None)
    report.previous_paragraphs = list(seen)
    where = "" if offered is None else _place(report, offered)
    return Draft(report, years, where)


PLANS_SECTION = Role.PROBLEMS
"""The section whose second usual part (this year's problems, next year's plans) becomes the
next report's first (last year's problems and how they were dealt with)."""


def _offer_last_years_plans(previous: Report, report: Report) -> FieldAddress | None:
    """Put last year's 五（二） as this year's 五（一）; where it went, or None (none to offer)."""
    found = report.format.sections_with(PLANS_SECTION)
    spec = found[0] if len(found) == 1 else None
    if spec is None or len(spec.usual_parts) < 2:
        return None
    account, plans = spec.usual_parts[:2]
    last = _part_index(previous.sections[spec.key].parts, plans, 1)
    if last is None or not previous.sections[spec.key].parts[last].text.strip():
        return None
    section = report.sections[spec.key]
    index = _part_index(section.parts, account, 0)
    if index is None:
        section.parts.insert(0, TextPart(account))
        index = 0
    text = previous.sections[spec.key].parts[last].text
    section.parts[index] = TextPart(section.parts[index].heading, text)
    return FieldAddress(spec.key, index)


_NUMBERING = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*")


def _part_index(parts: list[TextPart], heading: str, usual_index: int) -> int | None:
    """The part with the usual ``heading`` (numbering and spaces aside), or else the part at its
    usual place when the section has all its usual parts under other headings."""
    for index, part in enumerate(parts):
        if _NUMBERING.sub("", part.heading).strip() == heading:
            return index
    return usual_index if len(parts) >= 2 and usual_index < len(parts) else None


def _place(report: Report, address: FieldAddress) -> str:
    spec = report.format.section_by_key[address.section]
    if address.part is None:
        return spec.heading
    heading = report.sections[address.section].parts[address.part].heading
    return f"{spec.number}{part_number(address.part)}{heading}"


# --- the years of the reporting moved on ----------------------------------------------------------


@dataclass(frozen=True)
class YearMove:
    """One year moved on: where, and the words before and after (a few characters of context)."""

    place: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.place}：“{self.before}”→“{self.after}”"


@dataclass(frozen=True)
class MovedYears:
    """The texts with their years moved on (only those that change) and each move."""

    texts: dict[FieldAddress, str]
    moves: list[YearMove]


def moved_years(report: Report, year: int, keep: Collection[FieldAddress] = ()) -> MovedYears:
    """Every year of ``report``'s texts that speaks of the reporting of ``year`` (last year's
    report year), its year before or after moved on by one, the fields in ``keep`` left as
    they are."""
    texts: dict[FieldAddress, str] = {}
    moves: list[YearMove] = []
    for field_ in text_fields(report):
        if field_.address in keep or not field_.text:
            continue
        text, found = move_years(field_.text, year)
        if found:
            texts[field_.address] = text
            moves += (YearMove(field_.place, before, after) for before, after in found)
    return MovedYears(texts, moves)


_CHINESE_YEAR_DIGITS = "〇一二三四五六七八九"
_ZEROS = "〇零○"
_YEAR = re.compile(r"(?<![\d〇零○一二三四五六七八九])(\d{4}|[〇零○一二三四五六七八九]{4})(?=\s*年)")
_AFTER_DATE = re.compile(r"\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月")
"""A year followed by a month: the date of an event or a document, which does not move."""
_AFTER_START = re.compile(r"\s*年\s*(?:度\s*)?(?:以来|起|开始|至今)")
"""A year something started in (自2023年以来): a fixed year."""
_BEFORE_END = re.compile(r"(?:截至|截止|截止到|截止至|到)\s*$")
"""截至2024年12月31日 / 截至2024年12月底: the end of the report year, which moves."""
_CONTEXT = re.compile(r"[^。；！？\n;]{0,8}")


def move_years(text: str, year: int) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with the years of the reporting of ``year`` moved on by one, and each change as
    (before, after) with a little context.

    Moved: the statistics period of ``year`` (2024年1月1日至2024年12月31日) and every year from
    the one before to the one after ``year`` written as a year of its own (2024年，2024年度,
    2023年存在的问题, 2025年，我局将……, 截至2024年底).  Not moved: dates and months of events or
    documents (2024年5月10日印发, 2024年3月), years something started in (2023年以来), years in
    a document's title (《2024年政务公开工作要点》), and years further away.
    """
    plain = text.translate(FULL_WIDTH_DIGITS)
    periods = [
        found.span() for found in STATED_PERIOD.finditer(plain) if whole_year_of(found) == year
    ]
    changes: list[tuple[int, int, str]] = []
    for found in _YEAR.finditer(plain):
        start, end = found.span()
        value = _year_value(found[1])
        if value is None or not year - 1 <= value <= year + 1:
            continue
        in_period = any(a <= start < b for a, b in periods)
        if not in_period and not _means_a_year(plain, start, end):
            continue
        changes.append((start, end, _written_like(text[start:end], value + 1)))
    if not changes:
        return text, []
    shown: list[tuple[str, str]] = []
    spans = _display_spans(plain, changes, periods)
    moved = text
    for start, end, new in reversed(changes):
        moved = moved[:start] + new + moved[end:]
    offsets = _offsets(changes)
    for a, b in spans:
        shown.append((text[a:b], moved[offsets(a) : offsets(b)]))
    return moved, shown


def _means_a_year(plain: str, start: int, end: int) -> bool:
    """Whether the year at plain[start:end] is a year of its own, not a date's or a title's."""
    if plain.count("《", 0, start) > plain.count("》", 0, start):
        return False
    after = plain[end:]
    if _AFTER_START.match(after):
        return False
    if _AFTER_DATE.match(after):
        return _BEFORE_END.search(plain, max(0, start - 4), start) is not None
    return True


def _year_value(digits: str) -> int | None:
    if digits.isdigit() and digits.isascii():
        return int(digits)
    chinese = [_CHINESE_YEAR_DIGITS.find("〇" if ch in _ZEROS else ch) for ch in digits]
    return None if -1 in chinese else int("".join(map(str, chinese)))


def _written_like(original: str, value: int) -> str:
    """``value`` in the digits ``original`` is written in (ASCII, full-width or 二〇二五)."""
    digits = str(value)
    if original.isascii():
        return digits
    if original[0] in "０１２３４５６７８９":
        return digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    zero = next((ch for ch in original if ch in _ZEROS), "〇")
    return "".join(zero if d == "0" else _CHINESE_YEAR_DIGITS[int(d)] for d in digits)


def _display_spans(
    plain: str, changes: Iterable[tuple[int, int, str]], periods: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """What each change is shown as: a whole period once, else the year and its next words."""
    spans: list[tuple[int, int]] = []
    for start, end, _ in changes:
        period = next(((a, b) for a, b in periods if a <= start < b), None)
        if period is not None:
            if period not in spans:
                spans.append(period)
            continue
        words = _CONTEXT.match(plain, end)
        spans.append((start, words.end() if words else end))
    return spans


def _offsets(changes: list[tuple[int, int, str]]) -> Callable[[int], int]:
    """Maps a position in the text to its position in the moved text (years keep their length
    in practice, but 9999 → 10000 would not)."""

    def moved(position: int) -> int:
        return position + sum(
            len(new) - (end - start) for start, end, new in changes if end <= position
        )

    return moved
