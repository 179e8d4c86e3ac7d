"""Helpers for the .docx tests: the official template, fonts as Word resolves them, editing copies
of the template into the documents that clerks really send."""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from models.format.format2021 import TABLE_2, TABLE_3, TABLE_4
from models.format.spec import TableSpec

TEMPLATE = Path(__file__).parent / "data" / "official-format-template.docx"  # tests/data/README.md
TABLES = (TABLE_2, TABLE_3, TABLE_4)

# The tests that read TEMPLATE (`-m template` selects them).  It ships in tests/data, so none is
# skipped: a missing template fails them.
needs_template = pytest.mark.template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def normal(text: str) -> str:
    return "".join(text.split())


def open_docx(path: Path) -> Any:
    import docx

    return docx.Document(str(path))


# --- fonts as Word resolves them ---------------------------------------------------------------


class FontResolver:
    """The East Asian font of a run: its own rFonts, else its paragraph style and the styles that
    style is based on, else the default paragraph style, else the document defaults."""

    def __init__(self, document: Any) -> None:
        styles = document.styles.element
        self.styles = {s.get(f"{W}styleId"): s for s in styles.findall(f"{W}style")}
        self.default_style = next(
            (
                s.get(f"{W}styleId")
                for s in styles.findall(f"{W}style")
                if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") == "1"
            ),
            None,
        )
        fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        self.document_default = fonts.get(f"{W}eastAsia") if fonts is not None else None

    def style_font(self, style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            fonts = style.find(f"{W}rPr/{W}rFonts")
            if fonts is not None and fonts.get(f"{W}eastAsia"):
                return str(fonts.get(f"{W}eastAsia"))
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return None

    def run_font(self, run: Any, paragraph: Any) -> str | None:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        if fonts is not None and fonts.get(f"{W}eastAsia"):
            return str(fonts.get(f"{W}eastAsia"))
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else self.default_style
        return (
            self.style_font(style_id)
            or self.style_font(self.default_style)
            or self.document_default
        )


def chinese_runs(element: Any) -> list[tuple[Any, Any, str]]:
    """(run, paragraph, text) of every run holding Chinese text below ``element``."""
    found = []
    for paragraph in element.iter(f"{W}p"):
        for run in paragraph.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if CJK.search(text):
                found.append((run, paragraph, text))
    return found


def paragraph_style(paragraph: Any) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if style is None else str(style.get(f"{W}val"))


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


# --- editing copies of the template ------------------------------------------------------------


def set_cell(table: Any, row: int, column: int, text: str) -> None:
    """Write ``text`` in the grid cell (row, column) of a python-docx table, keeping the
    paragraph's own properties like a clerk typing into it."""
    write_cell(table.cell(row, column), text)


def write_cell(cell: Any, text: str) -> None:
    """Write ``text`` in a python-docx cell, keeping its paragraph's own properties."""
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph = paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    lines = text.split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)


def fill_values(table: Any, spec: TableSpec, values: dict[str, str]) -> None:
    """Write texts into the value cells of a template table, by cell id."""
    # python-docx works out the whole grid on every table.cell() (table._cells): once here,
    # as Table.cell finds a cell in it (writing text changes no cell).
    grid, width = table._cells, table._column_count
    for cell_id, (row, column) in spec.grid_place.items():
        if cell_id in values:
            write_cell(grid[row * width + column], values[cell_id])


def replace_paragraph_text(paragraph: Any, text: str) -> None:
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.add_run(text)


def insert_after(paragraph: Any, text: str) -> Any:
    """A new paragraph with ``text`` after ``paragraph`` (same paragraph properties)."""
    new = copy.deepcopy(paragraph._p)
    for child in list(new):
        if child.tag != f"{W}pPr":
            new.remove(child)
    paragraph._p.addnext(new)
    from docx.text.paragraph import Paragraph

    result = Paragraph(new, paragraph._parent)
    if text:
        result.add_run(text)
    return result


def paragraph_with(document: Any, text: str) -> Any:
    for paragraph in document.paragraphs:
        if normal(paragraph.text) == normal(text):
            return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def rewrite_part(path: Path, name: str, transform: Any, target: Path | None = None) -> Path:
    """Copy the package at ``path`` with member ``name`` passed through ``transform``."""
    target = target or path
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, transform(data) if info.filename == name else data)
    return target


def replace_table(document: Any, index: int, rows: list[list[str]]) -> None:
    """Put a table of ``rows`` (4 columns wide) in place of the document's ``index``-th table."""
    old = document.tables[index]
    table = document.add_table(rows=len(rows), cols=4)
    for r, texts in enumerate(rows):
        if len(texts) < 4:
            table.cell(r, len(texts) - 1).merge(table.cell(r, 3))
        for c, text in enumerate(texts):
            set_cell(table, r, c, text)
    old._tbl.addnext(table._tbl)
    old._tbl.getparent().remove(old._tbl)
