"""批量审核: many units' published reports checked at once, for a supervising office (a 区政府办公室
over its departments and streets) or a 第三方评估 team.

This module is the pure part (no Qt, no exporters): which files a run takes (``collect``), what
one file's review holds (``FileReview``: the facts of the 汇总 row and the lines of the 问题 list,
never the report itself), the pairing of two years of one agency (``pair``), and the run
(``run_review``) with its progress, cancel and optional process pool.  Reading and checking are
the caller's (``exporters.read_report`` and ``exporters.findings_for``, passed in), so the
workers of a pool receive them by name.

The run, so that memory stays flat whatever the number of reports:

1. every report is read and checked on its own (a project file with its linked last year's
   report, as ``check`` does); what its rows need is kept, the report is dropped;
2. the files of the previous-year folder are read only to learn whose report of which year each
   is (a small index);
3. each report whose agency has a report of the year before — among the inputs, else in the
   previous-year folder — is read again with that report and checked across years
   (``findings_for(report, previous_path=…)``); its lines replace those of step 1.

A file that cannot be read is a row saying why; it never ends the run.  So is a folder that
cannot be opened (no permission): its reports were not read, and the summary says so.  A file
that is read but is not a 政府信息公开工作年度报告 (a comparison of two years' reports, a
letter: ``models.files.NotAReport``) is set aside: a row of its own saying what it is, without
counts, neither an error nor a file that cannot be read.  A cancelled run keeps what was done,
and says so.

Two years of one agency are found by its name as ``same_agency`` compares them: written alike
once spaces and full-width forms are folded, or with more or less of its place (淮安市洪泽区人民政府
and 洪泽区人民政府); a pair of names written differently is said in the row and in a note.

A run's own 问题清单 (the workbook, its PDF) is never taken for a report: ``collect`` leaves out
the files the caller recognises as such by their content (``exporters.xlsx.review.is_review_list``),
and the summary says so; and where a run writes its list by default (``default_output``) is
outside the folders it reviews.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from models.agency import AgencyKind, agency_key
from models.app import APP_NAME
from models.batch.key_figures import Figures, key_figures
from models.checks.findings import BASIC, BASIC_HEADING, section_heading
from models.checks.tables import Finding, Severity
from models.files import FileProblem, NotAReport, describe_folder_error, is_hidden, real_path
from models.format.spec import BASIC_LABELS
from models.report import Report
from models.values import MarkKind

NOTE = "读取说明"
"""The severity column of a reader's note (what it noticed), told apart from the findings."""
UNREADABLE = "无法读取"
NOT_A_REPORT = "不是政府信息公开工作年度报告"
"""The status of a file set aside: read, but another kind of document (never checked)."""
PUBLISHED_2021 = "2021 年版"
PUBLISHED_2019 = "2019 年版"
PUBLISHED_2021_PARTLY_2019 = "2021 年版（部分按 2019 年版）"
"""Which format a file was published in, as the 汇总 row says it (``format_of``): words of the
list, not the formats (models/format/format2021.py's FORMAT_2021 is the 2021 one)."""
FIRST_PROBLEMS = 3
"""How many problems the 汇总 row spells out."""
POOL_FROM = 16
"""From this many files to read a pool of worker processes reads them (when the machine has more
than one processor); fewer are read here, as starting the workers would cost more than it saves."""
POOL_WORKERS = 2
WORKER_TASKS = 40
"""A worker is replaced after this many files: what the readers' and checks' caches and the
allocator keep grows with the files read (73 MiB after 50 .docx, 111 MiB after 100), so a run
of hundreds stays within the same memory."""
_IN_FLIGHT = 2
"""Files handed to each worker ahead: enough to keep it busy, few enough that a cancel is quick
and no results pile up."""

_EARLIER = "上年文件夹"
_MARK_2019 = "是 2019 年版格式"
"""How the table reader notes a 2019 表二 (exporters/reading/tables.py)."""
_WAY_2019 = "2019 年版的写法"
"""How it notes a group written as one row, as in 2019."""


class ReadLike(Protocol):
    report: Report
    notes: list[str]


Read = Callable[[Path], ReadLike]
"""``exporters.read_report``."""
Check = Callable[[Report, Path, Path | None], list[Finding]]
"""``exporters.findings_for(report, project_path, previous_path)``."""
Progress = Callable[[int, int, str], bool]
"""``progress(done, total, text)``: the steps done of the whole run (reading, then last year's
folder, then the checks across years) for a progress bar, and what is being done in a sentence
with its own count (第 3 份，共 12 份：正在读取并检查 a.docx); False cancels."""
OwnList = Callable[[Path], bool]
"""Whether a file is a 问题清单 this program wrote (``exporters.xlsx.review.is_review_list``)."""
OWN_LIST = f"{APP_NAME}生成的问题清单"
DEFAULT_NAME = "问题清单.xlsx"


@dataclass(frozen=True)
class Line:
    """One line of the 问题 list: a finding, or a note of the reader (``severity`` ``NOTE``)."""

    severity: str
    """错误, 警告, 提示 — or 读取说明, 无法读取, 不是政府信息公开工作年度报告."""
    message: str
    kind: str = ""
    rule: str = ""
    """The rule's id (``previous.carry_over``), for a program; people read ``title``."""
    title: str = ""
    """The rule's name as the lists show it (跨年度上年结转 …, ``Rule.title``)."""
    place: str = ""
    acknowledged: str = ""
    """已核实: the clerk's note in a project file (a warning or hint the clerk looked at)."""


@dataclass
class FileReview:
    """What the 汇总 row and the 问题 list say of one file; the report itself is not kept."""

    path: Path
    shown: str
    """The file as the lists name it: its path under the folder chosen, or its name."""
    problem: str = ""
    """Why the file could not be read (the FileProblem's message); empty when it was read."""
    not_a_report: str = ""
    """What the file is instead of a report (``NotAReport.why``), for a file set aside: its
    ``problem`` holds the whole message then."""
    agency: str = ""
    year: int | None = None
    agency_kind: AgencyKind = AgencyKind.DEPARTMENT
    """Whose report it is: 本级政府, 部门, or 未能判断 when the name does not tell."""
    format: str = PUBLISHED_2021
    notes: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    """The findings, in the order ``check`` lists them."""
    paired: str = ""
    """What the cross-year check was done against: the file paired with (``shown``), or why
    not (the pairing found one but the run was cancelled, say)."""
    pair_path: Path | None = None
    pair_checked: bool = False
    duplicates: list[str] = field(default_factory=list)
    """Other files of the same agency and year."""
    figures: Figures = field(default_factory=dict)
    """The report's key figures (``models.batch.key_figures``), for the 统计 sheet; empty when it
    was not read."""
    previous_figures: Figures = field(default_factory=dict)
    """The key figures of the report of the year before it was checked against (empty without
    one), for the 统计 sheet's comparison of the two years."""
    folder: bool = False
    """A folder that could not be opened (``problem`` says why): none of its reports was read."""

    @property
    def readable(self) -> bool:
        return not self.problem

    @property
    def set_aside(self) -> bool:
        """Read, but not a 政府信息公开工作年度报告: listed, not checked."""
        return bool(self.not_a_report)

    @property
    def status(self) -> str:
        """How the lists name a file that was not checked (无法读取 or 不是…年度报告); empty for a
        report that was."""
        return "" if self.readable else NOT_A_REPORT if self.set_aside else UNREADABLE

    def count(self, severity: Severity) -> int:
        return sum(1 for line in self.lines if line.severity == severity.label)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def hints(self) -> int:
        return self.count(Severity.INFO)

    @property
    def kind(self) -> str:
        return self.agency_kind.value if self.readable else ""

    @property
    def key(self) -> tuple[str, int] | None:
        """Whose report of which year, as pairs are made (None: no agency or year to go by);
        names that differ are matched by ``same_agency``."""
        name = normal_agency(self.agency)
        if not self.readable or not name or self.year is None:
            return None
        return name, self.year

    @property
    def pairing(self) -> str:
        """The cross-year check in a sentence, for the command line: 与 2023.pdf 配对, or why
        there was none."""
        if self.pair_checked:
            gap = "" if self.paired.endswith("）") else " "
            return f"与 {self.paired}{gap}配对"
        return self.paired or "没有找到上一年度的报告"

    def first_problems(self, count: int = FIRST_PROBLEMS) -> str:
        """The first problems in words, for the 汇总 row (errors come first)."""
        if self.set_aside:
            return f"{NOT_A_REPORT}：{self.not_a_report}。"
        if not self.readable:
            return f"{UNREADABLE}：{self.problem}"
        shown = [line for line in self.lines if not line.acknowledged][:count]
        if not shown:
            return "没有发现问题。" if not self.lines else "只有已核实的问题。"
        text = "；".join(f"【{line.severity}】{line.message}" for line in shown)
        rest = len(self.lines) - len(shown)
        return text + (f"（另有 {rest} 项，见“问题”表）" if rest > 0 else "")

    def all_lines(self) -> list[Line]:
        """The 问题 list's lines of this file: why it cannot be read or was set aside, or its
        findings and then the reader's notes."""
        if not self.readable:
            return [Line(self.status, self.problem)]
        return [*self.lines, *(Line(NOTE, note, kind="读取") for note in self.notes)]


def normal_agency(name: str) -> str:
    """An agency's name as pairs are made: full-width forms folded, spaces gone."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def same_agency(one: str, other: str) -> bool:
    """Whether two names name one agency: alike once spaces and full-width forms are folded, or
    the same body of the same place written with more or less of the place
    (``models.agency.agency_key``: 淮安市洪泽区人民政府 / 洪泽区人民政府 / 洪泽区;
    宿迁市沭阳县发展和改革局 / 沭阳县发展和改革局) — the shorter row of places ends the longer
    one.  A body without a place (公安局) is only itself: every place has one."""
    if normal_agency(one) == normal_agency(other):
        return True
    (places, body), (other_places, other_body) = agency_key(one), agency_key(other)
    if body != other_body or not places or not other_places:
        return False
    short, long = sorted((places, other_places), key=len)
    return long[len(long) - len(short) :] == short


# --- which files ---------------------------------------------------------------------------------


@dataclass
class Inputs:
    """The files a run reads, each with the name the lists show, and what folders held besides."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Files in the folders that are not reports by their extension (a .txt, a picture)."""
    own_lists: list[str] = field(default_factory=list)
    """Files that are a 问题清单 this program wrote (an earlier run's), left out."""
    unopened: list[tuple[Path, str, str]] = field(default_factory=list)
    """Folders that could not be opened (no permission …): each with the name the lists show
    and why, in Chinese.  Their reports were not read, and a run says so in a row."""


def _regular(path: Path) -> bool:
    """Whether ``path`` is a regular file (links followed): only such a file is worth asking
    whether it is a 问题清单 (opening a named pipe to look would wait for ever)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def collect(
    paths: Sequence[Path], suffixes: Collection[str], own_list: OwnList | None = None
) -> Inputs:
    """Every file named, whatever its kind (the reader says why it cannot read one), and every
    file under the folders named whose extension is in ``suffixes``, folders walked recursively in
    name order; hidden files and folders and lock files are left out, and so are the files
    ``own_list`` recognises as a 问题清单 of this program (an earlier run's, written into the
    folder: it is no unit's report).  A file named twice is taken once.  A folder that cannot
    be opened is listed in ``unopened``, never passed over in silence; anything that is no
    regular file (a pipe, a device, a link cycle) is taken as a file, and its reader says what
    it is."""
    found = Inputs()
    seen: set[Path] = set()

    def add(path: Path, shown: str) -> None:
        key = real_path(path)
        if key in seen:
            return
        seen.add(key)
        if own_list is not None and _regular(path) and own_list(path):
            found.own_lists.append(shown)
        else:
            found.files.append((path, shown))

    for given in paths:
        given = Path(given)
        if not given.is_dir():
            add(given, given.name)
            continue

        def unopened(error: OSError, given: Path = given) -> None:
            folder = Path(error.filename) if error.filename else given
            shown = given.name if folder == given else folder.relative_to(given).as_posix()
            found.unopened.append((folder, f"{shown}/", describe_folder_error(error, folder)))

        for folder, folders, names in os.walk(given, onerror=unopened):
            here = Path(folder)
            folders[:] = sorted(f for f in folders if not is_hidden(here / f))
            for name in sorted(names):
                path = here / name
                if is_hidden(path):
                    continue
                shown = path.relative_to(given).as_posix()
                if path.suffix.lower() in suffixes:
                    add(path, shown)
                else:
                    found.skipped.append(shown)
    return found


def default_output(paths: Sequence[Path], documents: Path) -> Path:
    """Where a run's 问题清单 goes unless the reviewer says otherwise: beside the first folder
    reviewed (问题清单（各单位报告）.xlsx next to 各单位报告), or beside the first file; never
    inside a folder reviewed — the next run of that folder would take it for a report — and in
    ``documents`` (the user's documents folder) when there is no such place."""
    folders = [real_path(p) for p in paths if p.is_dir()]

    def inside(place: Path) -> bool:
        return any(place == f or f in place.parents for f in folders)

    for given in paths:
        if given.is_dir():
            name = real_path(given).name
            place, output = real_path(given).parent, f"问题清单（{name}）.xlsx"
        else:
            place, output = real_path(given).parent, DEFAULT_NAME
        if place.is_dir() and not inside(place) and place != place.parent:
            return place / output
    return documents / DEFAULT_NAME


# --- one file ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One file to read (in this process or a worker): with ``previous`` to check it across
    years; with ``index_only`` only to learn its agency and year."""

    path: Path
    shown: str
    read: Read
    check: Check
    previous: Path | None = None
    previous_shown: str = ""
    previous_agency: str = ""
    """The agency last year's report names, when written otherwise than this one's."""
    index_only: bool = False


def review_file(task: Task) -> FileReview:
    """Read and check one file; never raises (a file that cannot be read is a review saying why)."""
    review = FileReview(task.path, task.shown)
    try:
        result = task.read(task.path)
    except NotAReport as problem:
        review.problem = str(problem)
        review.not_a_report = problem.why or NOT_A_REPORT
        return review
    except FileProblem as problem:
        review.problem = str(problem)
        return review
    except Exception as error:  # a reader's slip must not end a run of a hundred files
        return _failed(task, error)
    report = result.report
    review.agency = report.agency.strip()
    review.year = report.year
    review.agency_kind = report.agency_kind
    review.figures = key_figures(report)  # last year's too: the 统计 sheet sets them beside
    if task.index_only:
        return review
    review.notes = list(result.notes)
    review.format = format_of(report, review.notes)
    previous = task.previous
    try:
        findings = task.check(report, task.path, previous)
    except FileProblem as problem:
        review.paired = f"上年报告“{task.previous_shown}”无法读取，没有比对：{problem}"
        findings = task.check(report, task.path, None)
        previous = None
    review.lines = [line_of(report, finding) for finding in findings]
    if previous is not None:
        review.pair_path = previous
        review.paired = task.previous_shown
        review.pair_checked = True
        if task.previous_agency:
            review.notes.append(
                f"机关名称“{review.agency}”与上年报告（{task.previous_shown}）的"
                f"“{task.previous_agency}”写法不同，按同一机关做了跨年度比对；"
                "如果不是同一机关，请不要采用跨年度比对的结果。"
            )
    return review


def _failed(task: Task, error: BaseException) -> FileReview:
    return FileReview(
        task.path,
        task.shown,
        problem=f"读取“{task.path.name}”时程序出错（{type(error).__name__}: {error}）。"
        "请用 Word 或 WPS 打开这个文件另存一份后重试，或把文件发给年报助手的开发者。",
    )


def format_of(report: Report, notes: Sequence[str]) -> str:
    """Which format the report was published in, as the readers noted it: a 2019 表二 (marks of
    its cells, or the reader's note), or a group written as one row as in 2019."""
    if any(mark.kind is MarkKind.FORMAT_2019 for mark in report.blank_marks.values()):
        return PUBLISHED_2019
    if any(_MARK_2019 in note for note in notes):
        return PUBLISHED_2019
    if any(_WAY_2019 in note for note in notes):
        return PUBLISHED_2021_PARTLY_2019
    return PUBLISHED_2021


def line_of(report: Report, finding: Finding) -> Line:
    return Line(
        severity=finding.severity.label,
        message=finding.message,
        kind=finding.kind.label,
        rule=finding.rule.id,
        title=finding.rule.title,
        place=place_of(report, finding),
        acknowledged=finding.note or "",
    )


def place_of(report: Report, finding: Finding) -> str:
    """Where a finding is, in the clerk's words: 表三 · 自然人 · …, a section, or a basic fact."""
    if finding.table:
        return " · ".join(p for p in (finding.table, finding.row, finding.column) if p)
    address = finding.address
    if address is not None and address.section == BASIC:
        label = BASIC_LABELS.get(address.name, "")
        return f"{BASIC_HEADING} · {label}" if label else BASIC_HEADING
    return section_heading(report.format, finding.section) or ""


# --- pairing -------------------------------------------------------------------------------------


def pair(reviews: Sequence[FileReview], earlier: Sequence[FileReview]) -> dict[int, FileReview]:
    """For each review (by index) the report of its agency's year before: among ``reviews``
    first, else among ``earlier`` (the previous-year folder's index).  Agencies are compared by
    ``same_agency``: a name written alike is taken first; one written with more or less of its
    place only when it can be no other (洪泽区人民政府 is not taken for 淮安市洪泽区人民政府 when
    another city's 洪泽区 is among the files too).  The first file of a year is taken when there
    are several.  Also notes, in each review, the other files of its agency and year."""
    inputs = _groups(reviews)
    before = _groups(earlier)

    def matches(
        review: FileReview, year: int, groups: dict[tuple[str, str, int], list[FileReview]]
    ) -> list[FileReview]:
        body, place, _ = _group(review)
        group = groups.get((body, place, year), [])
        return [other for other in group if same_agency(review.agency, other.agency)]

    def later(candidate: FileReview) -> list[FileReview]:
        return matches(candidate, (candidate.year or 0) + 1, inputs)

    for review in reviews:
        if review.key is not None and review.year is not None:
            same_year = matches(review, review.year, inputs)
            review.duplicates = [other.shown for other in same_year if other is not review]
    pairs: dict[int, FileReview] = {}
    for index, review in enumerate(reviews):
        if review.key is None or review.year is None:
            continue
        found = _pick(review, matches(review, review.year - 1, inputs), later) or _pick(
            review, matches(review, review.year - 1, before), later
        )
        if found is not None and real_path(found.path) != real_path(review.path):
            pairs[index] = found
    return pairs


def _groups(reviews: Sequence[FileReview]) -> dict[tuple[str, str, int], list[FileReview]]:
    groups: dict[tuple[str, str, int], list[FileReview]] = {}
    for review in reviews:
        if review.key is not None:
            groups.setdefault(_group(review), []).append(review)
    return groups


def _group(review: FileReview) -> tuple[str, str, int]:
    """Where ``same_agency`` can match a review: its body and its innermost place (its whole name
    when it has no place), and its year."""
    places, body = agency_key(review.agency)
    return body, places[-1] if places else normal_agency(review.agency), review.year or 0


def _pick(
    review: FileReview,
    candidates: Sequence[FileReview],
    back: Callable[[FileReview], list[FileReview]],
) -> FileReview | None:
    """Of the candidates, the first written as ``review``'s agency is; else the first written
    otherwise, when all of them are one name and that name matches ``review``'s alone (``back``:
    the reports of ``review``'s year it matches)."""
    name = normal_agency(review.agency)
    alike = [c for c in candidates if normal_agency(c.agency) == name]
    if alike:
        return alike[0]
    if len({normal_agency(c.agency) for c in candidates}) != 1:
        return None
    found = candidates[0]
    if len({normal_agency(r.agency) for r in back(found)}) != 1:
        return None
    return found


# --- the run -------------------------------------------------------------------------------------


@dataclass
class ReviewRun:
    """The result of a run: one review per input file (in the order collected)."""

    reviews: list[FileReview]
    skipped: list[str] = field(default_factory=list)
    own_lists: list[str] = field(default_factory=list)
    """Files left out as a 问题清单 this program wrote (``Inputs.own_lists``)."""
    total: int = 0
    """Files the run was to review (``reviews`` is shorter when it was cancelled)."""
    previous_files: int = 0
    """Files of the previous-year folder indexed."""
    previous_unopened: list[str] = field(default_factory=list)
    """Folders of the previous-year folder that could not be opened (as the lists name them)."""
    cancelled: bool = False

    @property
    def readable(self) -> list[FileReview]:
        return [r for r in self.reviews if r.readable]

    @property
    def unreadable(self) -> list[FileReview]:
        """Files that could not be read (folders that could not be opened are ``unopened``)."""
        return [r for r in self.reviews if not r.readable and not r.set_aside and not r.folder]

    @property
    def unopened(self) -> list[FileReview]:
        """Folders that could not be opened: their reports were not read."""
        return [r for r in self.reviews if r.folder]

    @property
    def set_aside(self) -> list[FileReview]:
        """Files read but found not to be a 政府信息公开工作年度报告 (never checked)."""
        return [r for r in self.reviews if r.set_aside]

    @property
    def with_errors(self) -> list[FileReview]:
        return [r for r in self.reviews if r.readable and r.errors]

    @property
    def paired(self) -> list[FileReview]:
        return [r for r in self.reviews if r.pair_checked]

    def summary(self) -> list[str]:
        """What the run did, one Chinese sentence a line (the 汇总 sheet's head, the command
        line's last lines, the dialog's message)."""
        lines = []
        if self.cancelled:
            lines.append(
                f"审核已取消：只审核了 {len(self.reviews)} 份，共 {self.total} 份；"
                "其余的没有审核，请重新审核它们。"
            )
        errors = sum(r.errors for r in self.reviews)
        warnings = sum(r.warnings for r in self.reviews)
        hints = sum(r.hints for r in self.reviews)
        set_aside = self.set_aside
        reports = len(self.reviews) - len(set_aside) - len(self.unopened)
        lines.append(
            f"共审核 {reports} 份报告：{len(self.with_errors)} 份有错误，"
            f"{len(self.unreadable)} 份无法读取；"
            f"合计 {errors} 个错误、{warnings} 个警告、{hints} 个提示。"
        )
        if self.unopened:
            shown = "、".join(r.shown for r in self.unopened[:5])
            shown += " 等" if len(self.unopened) > 5 else ""
            lines.append(
                f"{len(self.unopened)} 个文件夹无法打开，其中的报告没有审核：{shown}"
                "（原因见“问题”表）。"
            )
        if self.previous_unopened:
            shown = "、".join(self.previous_unopened[:5])
            shown += " 等" if len(self.previous_unopened) > 5 else ""
            lines.append(
                f"{_EARLIER}中 {len(self.previous_unopened)} 个文件夹无法打开，其中的报告没有"
                f"用于跨年度比对：{shown}。"
            )
        if set_aside:
            shown = "、".join(r.shown for r in set_aside[:5])
            shown += " 等" if len(set_aside) > 5 else ""
            lines.append(f"另有 {len(set_aside)} 个文件{NOT_A_REPORT}，没有审核：{shown}。")
        if self.paired:
            lines.append(f"{len(self.paired)} 份与同一机关上一年度的报告做了跨年度比对。")
        if self.skipped:
            shown = "、".join(self.skipped[:5]) + (" 等" if len(self.skipped) > 5 else "")
            lines.append(f"文件夹中 {len(self.skipped)} 个不是报告的文件没有审核：{shown}。")
        if self.own_lists:
            shown = "、".join(self.own_lists[:5]) + (" 等" if len(self.own_lists) > 5 else "")
            lines.append(f"{shown}是{OWN_LIST}，不是报告，没有审核。")
        return lines


def run_review(
    inputs: Inputs,
    read: Read,
    check: Check,
    *,
    previous: Inputs | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ReviewRun:
    """Review every file of ``inputs`` (see the module's docstring for the steps); ``previous``
    is the previous-year folder's files.  ``workers``: processes to read in (None: a pool of
    ``POOL_WORKERS`` for ``POOL_FROM`` files or more, when the machine has several processors;
    1: here)."""
    files = inputs.files
    earlier_files = [] if previous is None else previous.files
    known = {real_path(path) for path, _ in files}
    earlier_files = [(p, s) for p, s in earlier_files if real_path(p) not in known]
    unopened = [
        FileReview(path, shown, problem=why, folder=True) for path, shown, why in inputs.unopened
    ]
    run = ReviewRun(
        [],
        skipped=list(inputs.skipped),
        own_lists=list(inputs.own_lists),
        total=len(files) + len(unopened),
        previous_unopened=[] if previous is None else [s for _, s, _ in previous.unopened],
    )
    steps = _Steps(len(files) + len(earlier_files), progress)
    if workers is None:
        many = len(files) + len(earlier_files) >= POOL_FROM
        workers = POOL_WORKERS if many and (os.cpu_count() or 1) > 1 else 1
    with _Runner(workers) as runner:
        tasks = [Task(path, shown, read, check) for path, shown in files]
        for review in runner.map(tasks, steps, "正在读取并检查"):
            run.reviews.append(review)
        # After the files read, so a review's index is its task's (the pairs below go by it).
        run.reviews.extend(unopened)
        if steps.cancelled:
            run.cancelled = True
            return run
        index_tasks = [Task(p, s, read, check, index_only=True) for p, s in earlier_files]
        earlier = list(runner.map(index_tasks, steps, "正在读取上年报告"))
        run.previous_files = len(earlier)
        if steps.cancelled:
            run.cancelled = True
            return run
        pairs = pair(run.reviews, earlier)
        for index, found in pairs.items():
            name = _pair_name(run.reviews[index], found, run.reviews)
            run.reviews[index].paired = f"{name}（已取消，没有比对）"
        steps.total += len(pairs)
        again = [
            replace(
                tasks[index],
                previous=found.path,
                previous_shown=_pair_name(run.reviews[index], found, run.reviews),
                previous_agency=""
                if normal_agency(found.agency) == normal_agency(run.reviews[index].agency)
                else found.agency,
            )
            for index, found in pairs.items()
        ]
        for index, review in zip(
            pairs, runner.map(again, steps, "正在与上年报告比对"), strict=False
        ):
            review.duplicates = run.reviews[index].duplicates
            if review.pair_checked:
                review.previous_figures = dict(pairs[index].figures)
            run.reviews[index] = review
        run.cancelled = steps.cancelled
    return run


def _among(review: FileReview, reviews: Sequence[FileReview]) -> bool:
    return any(review is other for other in reviews)


def _pair_name(review: FileReview, found: FileReview, reviews: Sequence[FileReview]) -> str:
    """Last year's report as a row names it: its file, said to be in the previous-year folder
    when it is, and with its agency when that is written otherwise than ``review``'s
    (2023.pdf（洪泽区人民政府）)."""
    said = [] if _among(found, reviews) else [_EARLIER]
    if normal_agency(found.agency) != normal_agency(review.agency):
        said.append(found.agency)
    return found.shown + (f"（{'；'.join(said)}）" if said else "")


class _Steps:
    """The progress over the run's steps, and whether it was cancelled.

    ``done`` and ``total`` count steps, for a bar: a file read, a file of last year's folder
    indexed, a report read again to check it across years — more steps than files.  The text
    counts the files of the step being taken (``_doing``), so a run of 12 files never says
    “第 13 份，共 13 份”."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress
        self.cancelled = False

    def tell(self, text: str) -> bool:
        """Say what is being done; False (and cancelled) when the caller cancels."""
        if self.progress is not None and not self.progress(self.done, self.total, text):
            self.cancelled = True
        return not self.cancelled


def _doing(doing: str, index: int, tasks: Sequence[Task]) -> str:
    """第 3 份，共 12 份：正在读取并检查 a.docx — counted within the step being taken."""
    return f"第 {index + 1} 份，共 {len(tasks)} 份：{doing} {tasks[index].shown}"


class _Runner:
    """Runs tasks here, or in a pool of worker processes (spawned, never forked: the window's
    process has threads, and a frozen Windows program can only spawn)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            # Workers still reading a file after a cancel finish it on their own; nothing waits.
            self.pool.shutdown(wait=not any(exc), cancel_futures=True)

    def map(self, tasks: Sequence[Task], steps: _Steps, doing: str) -> Iterator[FileReview]:
        """The reviews of ``tasks`` in their order, until ``steps`` is cancelled.  When the pool
        breaks (a worker killed, out of memory, a program that cannot start workers) the rest
        are read here."""
        done = 0
        if self.workers > 1 and tasks:
            for review in self._pooled(tasks, steps, doing):
                yield review
                done += 1
            if steps.cancelled:
                return
        for index in range(done, len(tasks)):
            if not steps.tell(_doing(doing, index, tasks)):
                return
            yield review_file(tasks[index])
            steps.done += 1

    def _pooled(self, tasks: Sequence[Task], steps: _Steps, doing: str) -> Iterator[FileReview]:
        """As many reviews of ``tasks`` as the pool gives, in order; stops when it breaks (and
        reads here from then on)."""
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=WORKER_TASKS,
            )
        pool = self.pool
        pending: list[Future[FileReview]] = []
        queue = iter(tasks)
        try:
            for task in queue:
                pending.append(pool.submit(review_file, task))
                if len(pending) >= self.workers * _IN_FLIGHT:
                    break
            for index in range(len(tasks)):
                if not steps.tell(_doing(doing, index, tasks)):
                    break
                future = pending.pop(0)
                review = None
                while review is None:
                    try:
                        review = future.result(timeout=0.1)
                    except TimeoutError:
                        if not steps.tell(_doing(doing, index, tasks)):
                            break
                if review is None:
                    break
                next_task = next(queue, None)
                if next_task is not None:
                    pending.append(pool.submit(review_file, next_task))
                yield review
                steps.done += 1
        except BrokenProcessPool:
            self.workers = 1
        finally:
            for future in pending:
                future.cancel()


def exit_status(run: ReviewRun) -> int:
    """As ``check``: 0 no errors in any report, 1 errors (or a file that cannot be read, or a
    folder that cannot be opened), 2 no report could be read.  A file set aside as not a report
    is neither: alone it changes nothing (and a run of nothing but such files has read no
    report: 2)."""
    if not run.readable:
        return 2
    return 1 if run.with_errors or run.unreadable or run.unopened else 0
