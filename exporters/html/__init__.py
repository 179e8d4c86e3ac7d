"""Web pages: a report as published on an agency's 政府信息公开专栏, saved from the browser as a
web page (.html/.htm) or a single-file web page (.mht/.mhtml), read back into a report.

``source`` finds the page's text (the MIME message's text/html part; the encoding from the BOM,
the declared charset, or UTF-8 and then GB18030), ``page`` turns the parsed page into lines and
statistics tables (layout tables read as text), ``reader`` crops them to the report and hands
them to ``exporters.reading.interpret``, like every reader.  lxml is imported only when a page
is read.

Beside the reader, the page this program publishes: ``writer`` (导出网页, one self-contained
page) and ``fragment`` (复制为网页, what the clipboard carries to a CMS editor), both laying the
tables out with ``table_markup``.
"""

from __future__ import annotations

from pathlib import Path

from exporters.html.source import MAX_FILE_BYTES
from exporters.result import ReadResult


def read(path: Path) -> ReadResult:
    """The report in a saved web page; FileProblem with a Chinese reason if there is none."""
    from exporters.html.reader import read as read_page

    return read_page(path)


__all__ = ["MAX_FILE_BYTES", "read"]
