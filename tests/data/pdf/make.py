"""Makes the PDF reader's committed fixtures (tests/data/pdf/README.md says what each is):

    uv run python -m tests.data.pdf.make

LibreOffice (soffice) converts the .docx files; that is slow, so the quick tests read the files
made here and the slow tests (tests/test_pdf_reader.py) make them again the same way."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests import libreoffice

HERE = Path(__file__).parent
PASSWORD = "x"


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
    from models.format2021 import TABLE_3
    from tests.docx_tools import fill_values, open_docx
    from tests.test_docx_import import TEMPLATE, fill_template_like_a_clerk

    document = open_docx(TEMPLATE)
    fill_template_like_a_clerk(document)
    _, t3, _ = document.tables  # type: ignore[attr-defined]
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


if __name__ == "__main__":
    make_sample(HERE)
    make_clerk(HERE)
    make_encrypted(HERE)
    for made in sorted(HERE.iterdir()):
        print(f"{made.name}: {made.stat().st_size} bytes")
