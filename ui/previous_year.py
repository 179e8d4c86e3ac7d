"""Reading the last year's report linked to a project, for the checks across years."""

from __future__ import annotations

from pathlib import Path

from models.report import Report


def read_report_file(path: Path) -> Report:
    """Any report file the exporters read (.gknb, .docx, .xlsx); FileProblem if it cannot."""
    from exporters import read_report  # python-docx and openpyxl only when needed

    return read_report(path).report


def read_linked(report: Report, project_path: Path | None) -> tuple[Report | None, str | None]:
    """The linked last year's report, or why it could not be read (shown as a hint)."""
    from exporters import read_linked_previous

    return read_linked_previous(report, project_path)
