"""Last year's file: the report linked for the checks across years, and this year's report
started from it (从上年报告新建).

Reading a file is the exporters' business: the functions here take the reader as an argument, so
models need not import it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from models.date_checks import STATED_PERIOD, standard_period
from models.files import FileProblem
from models.report import Report, new_report
from models.text_fields import paragraphs
from models.values import FULL_WIDTH_DIGITS
from models.year_checks import section_texts

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


def next_year_preamble(preamble: str, year: int | None) -> str:
    """Last year's preamble with its statistics period moved on by a year."""
    if year is None:
        return preamble
    plain = preamble.translate(FULL_WIDTH_DIGITS)
    found = STATED_PERIOD.search(plain)
    if found is None:
        return preamble
    return preamble[: found.start()] + standard_period(year + 1) + preamble[found.end() :]


def new_from_previous(previous: Report, path: Path | None = None) -> Report:
    """This year's report started from last year's (``path`` is linked for the checks).

    The agency, contact, style and settings are carried over; 上年结转 is last year's 结转下年度继续
    办理, every column; last year's text is kept as a draft whose paragraphs stay marked unchanged
    (内容雷同) until edited; the preamble's statistics period moves on a year.  The tables are
    otherwise blank and the report date unset.
    """
    year = None if previous.year is None else previous.year + 1
    report = new_report(previous.agency, year, previous.format)
    report.contact_office = previous.contact_office
    report.address = previous.address
    report.phone = previous.phone
    report.style = dataclasses.replace(previous.style)
    report.whole_government = previous.whole_government
    report.preamble = next_year_preamble(previous.preamble, previous.year)
    for key, section in previous.sections.items():
        report.sections[key] = section.copy()
    table = report.format.table_by_key["t3"]
    for column in table.blocks[0].column_leaves:
        report.values[table.cell("carried_in", column.key).id] = previous.values.get(
            table.cell("carried_out", column.key).id
        )
    if path is not None:
        report.previous_file = str(Path(path).resolve())
    seen: dict[str, None] = {}
    for text in section_texts(previous):
        for _, paragraph in paragraphs(text):
            seen.setdefault(paragraph.strip(), None)
    report.previous_paragraphs = list(seen)
    return report
