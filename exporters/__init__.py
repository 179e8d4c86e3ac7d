"""Reports in other file formats, chosen by what the file holds (else by its extension).

Each format has one module or package here with its writer and reader side by side:

    write(report: Report, path: Path, *, draft: bool) -> None      (raises FileProblem)
    read(path: Path) -> ReadResult                                 (raises FileProblem)

``READERS`` and ``WRITERS`` map an extension to a small function that imports its module when a
file of its kind is first used, so start-up never pays for python-docx, openpyxl or Qt's
printing; they call the module's function by name, so mypy and "find references" see them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from exporters.result import Reader as Reader
from exporters.result import ReadResult as ReadResult
from exporters.result import Writer as Writer
from models.checks.export_refusal import ExportRefused as ExportRefused
from models.checks.export_refusal import refusal
from models.checks.tables import Finding, run_checks
from models.files import FileProblem, open_regular
from models.previous_year import load_linked, previous_for_check
from models.report import Report

NAMES = {
    ".gknb": "年报助手项目",
    ".docx": "Word 文档",
    ".pdf": "PDF 文档",
    ".xlsx": "Excel 工作簿",
    ".html": "网页",
    ".htm": "网页",
    ".mht": "单一文件网页",
    ".mhtml": "单一文件网页",
}


# One function per format and side: the import inside is what keeps start-up light.


def _read_project(path: Path) -> ReadResult:
    from exporters import project

    return project.read(path)


def _read_docx(path: Path) -> ReadResult:
    from exporters import docx

    return docx.read(path)


def _read_xlsx(path: Path) -> ReadResult:
    from exporters import xlsx

    return xlsx.read(path)


def _read_html(path: Path) -> ReadResult:
    from exporters import html

    return html.read(path)


def _read_pdf(path: Path) -> ReadResult:
    from exporters.pdf import reader

    return reader.read(path)


def _write_project(report: Report, path: Path, *, draft: bool) -> None:
    from exporters import project

    project.write(report, path, draft=draft)


def _write_docx(report: Report, path: Path, *, draft: bool) -> None:
    from exporters import docx

    docx.write(report, path, draft=draft)


def _write_pdf(report: Report, path: Path, *, draft: bool) -> None:
    from exporters.pdf import writer as pdf

    pdf.write(report, path, draft=draft)


def _write_xlsx(report: Report, path: Path, *, draft: bool) -> None:
    from exporters import xlsx

    xlsx.write(report, path, draft=draft)


def _write_html(report: Report, path: Path, *, draft: bool) -> None:
    from exporters.html import writer as html

    html.write(report, path, draft=draft)


# The project file is read and written through the same door.
READERS: dict[str, Reader] = {
    ".gknb": _read_project,
    ".docx": _read_docx,
    ".xlsx": _read_xlsx,
    ".pdf": _read_pdf,
    # A page saved from the browser, as it is or as one file (.mht): one reader tells which.
    ".html": _read_html,
    ".htm": _read_html,
    ".mht": _read_html,
    ".mhtml": _read_html,
}
WRITERS: dict[str, Writer] = {
    ".gknb": _write_project,
    ".docx": _write_docx,
    ".pdf": _write_pdf,
    ".xlsx": _write_xlsx,
    # The page to publish on the agency's 政府信息公开专栏, which the web-page reader reads back.
    ".html": _write_html,
    ".htm": _write_html,
}


def _chosen(table: Collection[str], path: Path, action: str) -> str:
    """``path``'s extension, if ``table`` has it; FileProblem naming the supported kinds if not."""
    suffix = path.suffix.lower()
    if suffix not in table:
        kinds = "、".join(f"{NAMES[s]}（{s}）" for s in table)
        raise FileProblem(f"不能{action}“{path.name}”这种文件。支持的文件：{kinds}。")
    return suffix


@dataclass(frozen=True)
class KindAdvice:
    """How the reader of ``read_report``'s note on whose report it is can say otherwise, where
    the note is read: the window has a menu, the command line options, and neither names the
    other's.  Each is the note's last sentence, with its full stop."""

    not_government: str
    """After “按本级政府的报告检查…”: how to check it as a department's instead."""
    set_kind: str
    """After “没有核对公布期限”: how to say whose report it is."""


IN_THE_WINDOW = KindAdvice(
    "如果不是，请在“年度”菜单中取消“本级政府报告”。",
    "要核对时，请在“年度”菜单中设定“本级政府报告”。",
)
ON_THE_COMMAND_LINE = KindAdvice(
    "如果不是，请加 --department 再检查。",
    "要核对时，请加 --government 或 --department 再检查。",
)


def read_report(
    path: Path, whole_government: bool | None = None, advice: KindAdvice = IN_THE_WINDOW
) -> ReadResult:
    """The report in ``path`` (.gknb, .docx, .xlsx, .pdf, .html …); FileProblem with a Chinese
    reason if not.

    The file's content decides its kind, whatever its name (``file_kinds``; the name only when
    the content does not say).  This is the one door for ``check``, ``import`` and the window's
    导入.  A project file is the clerk's own report and keeps its own setting.  A report read
    from any other kind is a published one (``Report.published``: judged on what the official
    format requires, a missing 落款 date only a hint), and whose report it is follows its agency
    (``models.agency.agency_kind``): a whole government's (本级政府), a department's, or — a
    town, a street, a 开发区, no name — 未能判断, without a deadline finding; a note says so
    unless it is a department's, ending with ``advice``: how to say otherwise where the note is
    read (the window's menu by default; the command line passes ``ON_THE_COMMAND_LINE``).  A
    caller that knows whose report it is (``check --government`` / ``--department``) says so in
    ``whole_government``, and nothing is guessed."""
    from exporters.file_kinds import kind_of
    from models.agency import AgencyKind, agency_kind
    from models.checks.dates import DEPARTMENT_DAY, GOVERNMENT_DAY

    path = Path(path)
    # Looked at before anything else: what is no regular file (missing, a folder, a pipe, a
    # device, a link cycle) is said to be so, never waited on or read.
    open_regular(path).close()
    kind = kind_of(path) or _chosen(READERS, path, "读取")
    result = READERS[kind](path)
    report = result.report
    report.published = kind != ".gknb"
    if whole_government is not None:
        report.whole_government = whole_government
    elif report.published:
        report.agency_kind = agency_kind(report.agency)
        if report.agency_kind is AgencyKind.GOVERNMENT:
            result.notes.append(
                f"“{report.agency}”是本级政府，按本级政府的报告检查"
                f"（公布期限为次年 {GOVERNMENT_DAY}）。{advice.not_government}"
            )
        elif report.agency_kind is AgencyKind.UNKNOWN:
            named = f"从“{report.agency}”" if report.agency.strip() else "没有读出机关名称，"
            result.notes.append(
                f"{named}不能判断是本级政府还是政府部门的报告（乡镇、街道、开发区等的公布期限"
                f"由当地规定），没有核对公布期限（本级政府为次年 {GOVERNMENT_DAY}前，"
                f"部门为 {DEPARTMENT_DAY}前）。{advice.set_kind}"
            )
    return result


def read_linked_previous(
    report: Report, project_path: Path | None
) -> tuple[Report | None, str | None]:
    """Last year's report linked in ``report`` (relative to its project file), or why it could
    not be read."""
    return load_linked(report, project_path, _read_previous)


def _read_previous(path: Path) -> Report:
    return read_report(path).report


def findings_for(
    report: Report, project_path: Path | None = None, previous_path: Path | None = None
) -> list[Finding]:
    """Every finding for ``report``, the checks against last year's report included: the file
    ``previous_path`` (FileProblem when it cannot be read), else the one linked in the project
    (relative to ``project_path``; when it cannot be read, a finding says why)."""
    previous, problem = previous_for_check(report, project_path, previous_path, _read_previous)
    return run_checks(report, previous, previous_problem=problem)


def export_report(
    report: Report,
    path: Path,
    *,
    draft: bool = False,
    project_path: Path | None = None,
    findings: list[Finding] | None = None,
) -> None:
    """Write ``report`` in the format of ``path``'s extension.  A final document is refused
    (ExportRefused, decided by ``refusal``) while ``findings`` have errors; a draft never is.
    Without ``findings`` they are worked out here (``findings_for``; ``project_path`` locates a
    relative link to last year's report)."""
    write = WRITERS[_chosen(WRITERS, Path(path), "导出")]
    if not draft and Path(path).suffix.lower() != ".gknb":
        refused = refusal(findings_for(report, project_path) if findings is None else findings)
        if refused is not None:
            raise refused
    write(report, Path(path), draft=draft)
