"""Makes the PDF reader's committed fixtures (tests/data/pdf/README.md says what each is):

    uv run python -m tests.data.pdf.make            # all of them
    uv run python -m tests.data.pdf.make vertical   # only those named: sample, clerk, …

LibreOffice (soffice) converts the .docx files; that is slow, so the quick tests read the files
made here and the slow tests (tests/test_pdf_reader.py) make them again the same way."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tests import libreoffice

HERE = Path(__file__).parent
PASSWORD = "x"
DIRECTIONS = ("btLr", "tbRl")
"""Word's vertical text directions of a table cell: read from the bottom up (the lines left to
right), and from the top down (the lines right to left)."""
VERTICAL_LABELS = (
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
)
"""表三's merged labels, the cells a clerk writes vertically."""


def libreoffice_pdf(source: Path, folder: Path, *, password: str | None = None) -> Path:
    """``source`` (.docx) converted to PDF by LibreOffice into ``folder`` (with an open
    password when one is given)."""
    program = libreoffice.soffice()
    assert program is not None, "LibreOffice (soffice) is not installed"
    target = "pdf"
    if password is not None:
        target = (
            'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
            f'"DocumentOpenPassword":{{"type":"string","value":"{password}"}}}}'
        )
    return libreoffice.convert(program, source, target, folder)


def clerk_document() -> object:
    """The official template filled as a clerk fills it (tests/test_docx_import.py: title over
    two lines, retyped labels, full-width digits, "/" and "—" and a blank), and one cell with a
    note in it."""
    from models.format.format2021 import TABLE_3
    from tests.docx_tools import TEMPLATE, fill_values, open_docx
    from tests.test_docx_import import fill_template_like_a_clerk

    document = open_docx(TEMPLATE)
    fill_template_like_a_clerk(document)
    _, t3, _ = document.tables
    fill_values(t3, TABLE_3, {"t3.disclosed.natural": "1（其中网上申请1件）"})
    return document


def make_clerk(folder: Path) -> tuple[Path, Path]:
    """The clerk's .docx and LibreOffice's PDF of it."""
    docx = folder / "clerk-template.docx"
    clerk_document().save(str(docx))  # type: ignore[attr-defined]
    return docx, libreoffice_pdf(docx, folder)


def make_sample(folder: Path) -> tuple[Path, Path]:
    """The sample project as it is now, and LibreOffice's PDF of our .docx of it."""
    from exporters import docx as docx_exporter
    from models import project_file
    from tests.conftest import SAMPLE

    project = folder / "libreoffice-sample.gknb"
    shutil.copy(SAMPLE, project)
    docx = folder / "libreoffice-sample.docx"
    docx_exporter.write(project_file.load(project), docx, draft=False)
    pdf = libreoffice_pdf(docx, folder)
    docx.unlink()
    return project, pdf


def make_encrypted(folder: Path) -> Path:
    """A one-paragraph document exported with the open password ``PASSWORD``."""
    import docx

    document = docx.Document()
    document.add_paragraph("某某县民政局2024年政府信息公开工作年度报告")
    source = folder / "encrypted.docx"
    document.save(str(source))
    pdf = libreoffice_pdf(source, folder, password=PASSWORD)
    source.unlink()
    return pdf


def set_direction(cell: object, direction: str) -> None:
    """Word's text direction ``direction`` (w:textDirection) on a python-docx table cell, where
    the schema puts it: after the cell's margins, before its vertical alignment."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:textDirection")
    element.set(qn("w:val"), direction)
    for later in ("w:tcFitText", "w:vAlign", "w:hideMark"):
        after = properties.find(qn(later))
        if after is not None:
            after.addprevious(element)
            return
    properties.append(element)


def make_vertical(folder: Path, direction: str, project: Path | None = None) -> Path:
    """LibreOffice's PDF of our .docx of ``project`` (by default the sample project of
    libreoffice-sample.pdf) with 表三's merged labels written in ``direction``."""
    import docx

    from exporters import docx as docx_exporter
    from models import project_file

    source = folder / f"vertical-{direction.lower()}.docx"
    docx_exporter.write(
        project_file.load(project or HERE / "libreoffice-sample.gknb"), source, draft=False
    )
    document = docx.Document(str(source))
    table_3 = document.tables[1]
    seen: set[str] = set()
    for row in table_3.rows:
        for cell in row.cells:
            if cell.text in VERTICAL_LABELS and cell.text not in seen:
                seen.add(cell.text)
                set_direction(cell, direction)
    assert seen == set(VERTICAL_LABELS), seen
    document.save(str(source))
    pdf = libreoffice_pdf(source, folder)
    source.unlink()
    return pdf


VERTICAL_CELLS = (
    ("tbRl", "1.属于国家秘密2024年"),
    ("tbRl", "三、本年度办理结果（一）予以公开（二）部分公开"),
    ("btLr", "1.属于国家秘密2024年"),
    ("btLr", "ABC 12"),
)
"""The first row of vertical-cells.pdf: each cell's direction and text.  Its second row is
upright, one "x" a cell."""


def make_vertical_cells(folder: Path) -> Path:
    """A small table whose tall first row is written vertically, in both directions: Chinese
    with digits and Latin letters, and a cell whose text runs into three columns."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    table = document.add_table(rows=2, cols=len(VERTICAL_CELLS))
    table.style = "Table Grid"
    table.rows[0].height = Pt(120)
    for column, (direction, text) in enumerate(VERTICAL_CELLS):
        table.cell(0, column).text = text
        set_direction(table.cell(0, column), direction)
        table.cell(1, column).text = "x"
    source = folder / "vertical-cells.docx"
    document.save(str(source))
    pdf = libreoffice_pdf(source, folder)
    source.unlink()
    return pdf


if __name__ == "__main__":
    # Named ones only (e.g. "vertical"), or all of them.
    wanted = set(sys.argv[1:]) or {"sample", "clerk", "encrypted", "vertical"}
    if "sample" in wanted:
        make_sample(HERE)
    if "clerk" in wanted:
        make_clerk(HERE)
    if "encrypted" in wanted:
        make_encrypted(HERE)
    if "vertical" in wanted:
        for direction in DIRECTIONS:
            make_vertical(HERE, direction)
        make_vertical_cells(HERE)
    for made in sorted(HERE.iterdir()):
        print(f"{made.name}: {made.stat().st_size} bytes")
