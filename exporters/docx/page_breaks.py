"""Where the .docx's pages break inside its tables, so that it can split a merged row label
there and show it whole on every page holding its rows, as the PDF does, and keep together the
rows the PDF keeps together (so that each part of a label is as tall as its text).

The breaks come from our own page layout (``exporters.printout``, which paints the PDF): the
one layout both outputs use.  It sets the .docx's grid, exact line heights and Times New Roman
digits as Word and WPS do, so they break the .docx's tables at the same rows.  Measuring needs
Qt's fonts; where there are none that show Chinese, or the .docx is written away from the GUI
thread, there are no breaks, and each label stays one merge as the template has it (the .docx
needs no font to be written)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from models.files import FileProblem
from models.report import Report

if TYPE_CHECKING:
    from exporters.printout.layout import TablePaging


def table_paging(report: Report, script_gap: float = 0.0) -> dict[str, TablePaging]:
    """By table key, where its pages break and which rows keep with the next; empty when it
    cannot be measured.  ``script_gap``: as for ``exporters.printout.layout.lay_out`` (0 for
    Word and WPS)."""
    if threading.current_thread() is not threading.main_thread():
        return {}  # Qt's fonts belong to the GUI thread
    from exporters.pdf.writer import ensure_gui_application
    from exporters.printout.fonts import check_chinese_fonts
    from exporters.printout.layout import lay_out
    from exporters.printout.options import PrintOptions

    ensure_gui_application()
    try:
        check_chinese_fonts(report.style)
    except FileProblem:
        return {}
    return lay_out(report, PrintOptions(), script_gap=script_gap).tables
