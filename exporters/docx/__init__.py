"""The report as a Word document (.docx) in the official format, and official-format .docx files
read back into a report.

Writing (``writer``, ``body``) builds the WordprocessingML package directly (a handful of XML parts
in a zip), in the house style of ``models.document.style.DocumentStyle`` and by the layout rules
the PDF shares (``models.document.layout``: the 22 × 28 grid, the 落款, the page number's place,
table widths and breaks): the styles carry the fonts (East Asian w:eastAsia, digits in Times New
Roman), the runs repeat none, so a clerk's change of a style reaches every paragraph; the fonts
are named in the font table with a fallback; headings have outline levels (the navigation pane);
tables with an explicit grid, a width on every cell, fixed layout and explicit borders, laid out
cell for cell from ``TableSpec.grid_cells``; page numbers "— 1 —" as a PAGE field, odd pages
right and even pages left; a diagonal 草稿 watermark on drafts.

Reading (``reader``, with ``tables`` and ``text``) opens any .docx made from the official template
(ours, Word's, WPS's) with python-docx, after checking that the file is a sane zip of a sane size.
It finds the title, the preamble, the six sections by their headings, their （一） sub-headings,
the 落款 and the three tables by their labels — never by position alone — and reads each value
through ``models.values.parse_value``.  Blank cells and "/" stay blank and are reported in
``ReadResult.notes``; a 2019-format table is recognised and reported, not mis-read.

python-docx is imported only when a file is read: writing and start-up never pay for it.
"""

from __future__ import annotations

from exporters.docx.reader import MAX_FILE_BYTES, read
from exporters.docx.wordml import (
    STYLE_BODY,
    STYLE_HEADER,
    STYLE_HEADING1,
    STYLE_HEADING2,
    STYLE_PAGE_NUMBER,
    STYLE_SIGNATURE,
    STYLE_TABLE,
    STYLE_TITLE,
)
from exporters.docx.writer import build, write

__all__ = [
    "MAX_FILE_BYTES",
    "STYLE_BODY",
    "STYLE_HEADER",
    "STYLE_HEADING1",
    "STYLE_HEADING2",
    "STYLE_PAGE_NUMBER",
    "STYLE_SIGNATURE",
    "STYLE_TABLE",
    "STYLE_TITLE",
    "build",
    "read",
    "write",
]
