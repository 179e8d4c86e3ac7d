"""汇总: the reports of many units summed into one report for the supervising agency.

A supervising office (a 区政府办公室, say) collects its departments' and streets' reports and sums
their tables into its own.  This module is the pure part of that: given the units' reports it
checks that they can be summed, sums them and says what the clerk should look at.  Reading the
files is left to the caller (``read_units`` takes the reader as an argument), so the module needs
neither Qt nor the exporters.

The rules, decided here and shown to the clerk:

- Every table cell of the result is the sum of that cell over the units, totals included, so the
  result's totals are exactly what the units reported.  A unit whose totals disagree with its
  parts shows up with its errors, and the result's checks show the disagreement too.
- Blank is not 0.  A cell of the result is blank only when every unit left it blank.  When some
  units left a cell blank and others wrote a number, the result holds the sum of the numbers
  written and the cell is listed with the units that left it blank (``MergeResult.partly_blank``),
  because the true sum may be larger.
- The units must be of one format and one year, and each agency may appear only once (names are
  compared ignoring spaces and full-width/half-width differences).  A unit without an agency name
  or a year is refused too: it could not be told apart from the others.
- An optional list of expected unit names shows who has not reported and who reported without
  being on the list.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from models.checks.tables import Severity, run_checks
from models.files import FileProblem, NotAReport, read_bytes
from models.format.spec import BASIC_LABELS
from models.report import Report, new_report
from models.values import CellValue

MAX_LIST_BYTES = 1024 * 1024
_SHOWN_SOURCES = 5
_AGENCY = BASIC_LABELS["agency"]
_YEAR = BASIC_LABELS["year"]


class MergeRefused(Exception):
    """The reports cannot be summed; the message says why, in Chinese, and what to do."""


@dataclass
class Unit:
    """One unit's report as the 汇总 sees it: where it came from and how good it is."""

    source: str
    """The file name (or another short name) shown to the clerk."""
    report: Report
    notes: list[str] = field(default_factory=list)
    """What the reader noticed (cells it had to leave blank …)."""
    errors: int = 0
    warnings: int = 0
    table_errors: int = 0
    """Errors in the tables, the part that is summed (an Excel file has no texts to check)."""
    blank_cells: int = 0
    """Entered table cells left blank."""
    path: Path | None = None
    """The file read, when the unit came from one."""

    @property
    def agency(self) -> str:
        return self.report.agency.strip()

    @property
    def year(self) -> int | None:
        return self.report.year


def unit_of(source: str, report: Report, notes: Iterable[str] = ()) -> Unit:
    """A unit with its findings counted."""
    findings = run_checks(report)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    blank = sum(
        1 for cell in report.format.cells if not cell.computed and report.values[cell.id] is None
    )
    return Unit(
        source=source,
        report=report,
        notes=list(notes),
        errors=len(errors),
        warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
        table_errors=sum(1 for f in errors if f.table is not None),
        blank_cells=blank,
    )


@dataclass
class MergeResult:
    report: Report
    """The new report of the supervising agency (not yet saved anywhere)."""
    units: list[Unit]
    missing: list[str] = field(default_factory=list)
    """Names on the expected list that no unit matches, in the list's order."""
    unexpected: list[str] = field(default_factory=list)
    """Units (by agency) that are not on the expected list; empty without a list."""
    partly_blank: dict[str, list[str]] = field(default_factory=dict)
    """Cell id → the agencies that left it blank while other units wrote a number."""

    def summary(self) -> list[str]:
        """What the clerk should know about the result, one Chinese sentence per line."""
        lines = [f"已汇总 {len(self.units)} 个单位的 {self.report.year} 年度报告。"]
        with_errors = [u for u in self.units if u.table_errors]
        if with_errors:
            lines.append(
                f"{len(with_errors)} 个单位的表格有错误："
                f"{_names(u.agency for u in with_errors)}。汇总结果可能因此不准确。"
            )
        if self.partly_blank:
            agencies = sorted({a for names in self.partly_blank.values() for a in names})
            lines.append(
                f"{len(self.partly_blank)} 个单元格在部分单位中是空白"
                f"（{_names(agencies)}），汇总只加了填写了数字的单位，空白没有按 0 计。"
            )
        if self.missing:
            lines.append(f"名单中有 {len(self.missing)} 个单位未报送：{_names(self.missing)}。")
        if self.unexpected:
            lines.append(f"{len(self.unexpected)} 个单位不在名单中：{_names(self.unexpected)}。")
        return lines


def unit_line(unit: Unit) -> str:
    """One line about a unit for a list: agency, year, counts, file."""
    blank = f"、空白 {unit.blank_cells} 格" if unit.blank_cells else ""
    return (
        f"{unit.agency or f'（未填{_AGENCY}）'}　{unit.year or '？'} 年　"
        f"错误 {unit.errors} 个（表格中 {unit.table_errors} 个）、警告 {unit.warnings} 个"
        f"{blank}　{unit.source}"
    )


def partly_blank_lines(result: MergeResult, limit: int = 20) -> list[str]:
    """The cells some units left blank, with those units (the first ``limit`` cells)."""
    cells = result.report.format.cell_by_id
    lines = [
        f"{cells[cell_id].place}：{_names(agencies, 5)}未填写"
        for cell_id, agencies in list(result.partly_blank.items())[:limit]
    ]
    if len(result.partly_blank) > limit:
        lines.append(f"……共 {len(result.partly_blank)} 个单元格")
    return lines


def normal_name(name: str) -> str:
    """A name as compared: full-width letters and digits folded, all spaces removed."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def merge(
    units: Sequence[Unit], *, agency: str = "", expected: Sequence[str] | None = None
) -> MergeResult:
    """Sum the units' tables into a new report of ``agency``; MergeRefused if they cannot be."""
    check_mergeable(units)
    report_format = units[0].report.format
    year = units[0].year
    result = new_report(agency.strip(), year, report_format)
    partly_blank: dict[str, list[str]] = {}
    reports = [unit.report for unit in units]
    for cell in report_format.cells:
        cell_id = cell.id
        values = [r.values[cell_id] for r in reports]
        written = [v for v in values if v is not None]
        if not written:
            continue
        total: CellValue = sum(written)
        result.values[cell_id] = total
        if len(written) < len(values):
            partly_blank[cell_id] = [
                u.agency for u, v in zip(units, values, strict=True) if v is None
            ]
    missing: list[str] = []
    unexpected: list[str] = []
    if expected is not None:
        names = _unique(expected)
        reported = {normal_name(u.agency) for u in units}
        wanted = {normal_name(n) for n in names}
        missing = [n for n in names if normal_name(n) not in reported]
        unexpected = [u.agency for u in units if normal_name(u.agency) not in wanted]
    return MergeResult(result, list(units), missing, unexpected, partly_blank)


def check_mergeable(units: Sequence[Unit]) -> None:
    """MergeRefused, with the reason in Chinese, if ``units`` cannot be summed."""
    if not units:
        raise MergeRefused("没有要汇总的报告：请至少选择一份单位的报告。")
    formats: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        formats[unit.report.format.id].append(unit)
    if len(formats) > 1:
        parts = [
            f"{group[0].report.format.name} {len(group)} 份（{_sources(group)}）"
            for group in formats.values()
        ]
        raise MergeRefused(
            f"所选报告使用了不同的报告格式：{'；'.join(parts)}。只能汇总同一格式的报告。"
        )
    nameless = [u for u in units if not u.agency]
    if nameless:
        raise MergeRefused(
            f"以下报告没有填写{_AGENCY}：{_sources(nameless)}。"
            f"汇总要按{_AGENCY}区分各单位，请先在这些报告中填写{_AGENCY}。"
        )
    yearless = [u for u in units if u.year is None]
    if yearless:
        raise MergeRefused(
            f"以下报告没有填写{_YEAR}：{_sources(yearless)}。请先在这些报告中填写年度。"
        )
    by_name: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_name[normal_name(unit.agency)].append(unit)
    repeated = [group for group in by_name.values() if len(group) > 1]
    if repeated:
        parts = [
            f"“{group[0].agency}”{len(group)} 份（{_sources(group)}）"
            for group in repeated[:_SHOWN_SOURCES]
        ]
        more = f"等 {len(repeated)} 个单位" if len(repeated) > _SHOWN_SOURCES else ""
        raise MergeRefused(
            f"同一单位的报告选了不止一份：{'；'.join(parts)}{more}。"
            "每个单位只能汇总一次，请移除重复的报告。"
        )
    years: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        years[unit.year].append(unit)
    if len(years) > 1:
        ordered = sorted(years.items(), key=lambda item: -len(item[1]))
        parts = [f"{year} 年 {len(group)} 份（{_sources(group)}）" for year, group in ordered]
        raise MergeRefused(
            f"所选报告不是同一年度的：{'；'.join(parts)}。"
            "只能汇总同一年度的报告，请移除其他年度的报告。"
        )


def _sources(units: Sequence[Unit]) -> str:
    shown = "、".join(u.source for u in units[:_SHOWN_SOURCES])
    return shown + (f" 等 {len(units)} 份" if len(units) > _SHOWN_SOURCES else "")


def _names(names: Iterable[str], limit: int = 10) -> str:
    listed = list(names)
    shown = "、".join(listed[:limit])
    return shown + (f" 等 {len(listed)} 个" if len(listed) > limit else "")


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = normal_name(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name.strip())
    return out


# --- the expected list ---------------------------------------------------------------------------


def parse_expected(text: str) -> list[str]:
    """Unit names, one a line; blank lines and lines starting with # are left out."""
    names = [line.strip() for line in text.splitlines()]
    return _unique(n for n in names if n and not n.startswith("#"))


def read_expected(path: Path) -> list[str]:
    """The names in a text file (UTF-8, or GBK as Windows Notepad saves it); FileProblem."""
    path = Path(path)
    data = read_bytes(path, limit=MAX_LIST_BYTES)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return parse_expected(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise FileProblem(
        f"无法读取名单“{path.name}”：它不是文本文件。请用记事本保存为文本文件，每行一个单位名称。"
    )  # pragma: no cover - gb18030 decodes almost anything


# --- reading many files --------------------------------------------------------------------------


class ReadLike(Protocol):
    """What a reader returns (``exporters.ReadResult``)."""

    @property
    def report(self) -> Report: ...

    @property
    def notes(self) -> list[str]: ...


@dataclass
class UnitsRead:
    units: list[Unit] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    """Files that could not be read, with the reader's Chinese reason."""
    not_reports: list[Path] = field(default_factory=list)
    """Those of ``failures`` that were read but are not a 政府信息公开工作年度报告 (a comparison
    of two years' reports, a letter): refused like the rest, told apart in the count."""
    cancelled: bool = False


def read_units(
    paths: Sequence[Path],
    read: Callable[[Path], ReadLike],
    *,
    progress: Callable[[int, int], bool] | None = None,
) -> UnitsRead:
    """Read and check every file with ``read`` (``exporters.read_report``).

    ``progress(done, total)`` is called before each file and once at the end; when it returns
    False reading stops and the result says it was cancelled.
    """
    out = UnitsRead()
    total = len(paths)
    for index, path in enumerate(paths):
        if progress is not None and not progress(index, total):
            out.cancelled = True
            return out
        try:
            result = read(Path(path))
        except FileProblem as problem:
            out.failures.append((Path(path), str(problem)))
            if isinstance(problem, NotAReport):
                out.not_reports.append(Path(path))
            continue
        unit = unit_of(Path(path).name, result.report, result.notes)
        unit.path = Path(path)
        out.units.append(unit)
    if progress is not None:
        progress(total, total)
    return out
