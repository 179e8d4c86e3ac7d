"""Reports in other file formats, chosen by the file's extension.

Each format has one module here with its writer and reader side by side:

    write(report: Report, path: Path, *, draft: bool) -> None      (raises FileProblem)
    read(path: Path) -> ReadResult                                 (raises FileProblem)

Modules are imported only when a file of their kind is used, so start-up never pays for
python-docx or openpyxl.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from models.checks import Finding, Severity, run_checks
from models.files import FileProblem, describe_os_error
from models.report import Report
from models.years import load_linked

# extension → module; the project file is read through the same door.
READERS = {".gknb": "exporters.project", ".docx": "exporters.docx", ".xlsx": "exporters.xlsx"}
WRITERS = {
    ".gknb": "exporters.project",
    ".docx": "exporters.docx",
    ".pdf": "exporters.pdf",
    ".xlsx": "exporters.xlsx",
}
NAMES = {".gknb": "年报助手项目", ".docx": "Word 文档", ".pdf": "PDF 文档", ".xlsx": "Excel 工作簿"}


@dataclass
class ReadResult:
    """A report read from a file, with remarks on what the reader noticed (in Chinese): blank
    cells or “/” kept blank, a 2019-format table, labels it had to guess …"""

    report: Report
    notes: list[str] = field(default_factory=list)


class ExportRefused(FileProblem):
    """A final (non-draft) document was asked for while the report has errors."""

    def __init__(self, errors: list[Finding]) -> None:
        super().__init__(f"报告还有 {len(errors)} 个错误，不能导出正式版。请先改正，或导出草稿。")
        self.errors = errors


class _Reader(Protocol):
    def read(self, path: Path) -> ReadResult: ...


class _Writer(Protocol):
    def write(self, report: Report, path: Path, *, draft: bool) -> None: ...


def _module(table: dict[str, str], path: Path, action: str) -> object:
    suffix = path.suffix.lower()
    name = table.get(suffix)
    if name is None:
        kinds = "、".join(f"{NAMES[s]}（{s}）" for s in table)
        raise FileProblem(f"不能{action}“{path.name}”这种文件。支持的文件：{kinds}。")
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        raise FileProblem(f"这个版本的年报助手还不能{action}{NAMES[suffix]}。") from None


def read_report(path: Path) -> ReadResult:
    """The report in ``path`` (.gknb, .docx, .xlsx …); FileProblem with a Chinese reason if not."""
    path = Path(path)
    if not path.exists() or path.is_dir():
        error = FileNotFoundError(2, "") if not path.exists() else IsADirectoryError(21, "")
        raise FileProblem(describe_os_error(error, path, writing=False))
    reader: _Reader = _module(READERS, path, "读取")  # type: ignore[assignment]
    return reader.read(path)


def read_linked_previous(
    report: Report, project_path: Path | None
) -> tuple[Report | None, str | None]:
    """Last year's report linked in ``report`` (relative to its project file), or why it could
    not be read."""
    return load_linked(report, project_path, lambda path: read_report(path).report)


def findings_for(report: Report, project_path: Path | None = None) -> list[Finding]:
    """Every finding for ``report``, the checks against its linked last year's report included."""
    previous, problem = read_linked_previous(report, project_path)
    return run_checks(report, previous, previous_problem=problem)


def export_report(
    report: Report, path: Path, *, draft: bool = False, project_path: Path | None = None
) -> None:
    """Write ``report`` in the format of ``path``'s extension.  A final document is refused
    (ExportRefused) while the report has errors (those against its linked last year's report
    too; ``project_path`` locates a relative link); a draft never is."""
    writer: _Writer = _module(WRITERS, Path(path), "导出")  # type: ignore[assignment]
    if not draft and Path(path).suffix.lower() != ".gknb":
        findings = findings_for(report, project_path)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            raise ExportRefused(errors)
    writer.write(report, Path(path), draft=draft)
