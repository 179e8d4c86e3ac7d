"""The exported web page as a browser draws it: headless Chromium renders it, and the screenshot is
measured where the tables are (their boxes and each merged label's box as the same browser laid
them out): every table is ruled — a dark frame, and a dark rule across the whole table wherever
no merged cell crosses the line between two rows of the official grid — and each merged label is
one tall cell with no rule inside it, while the number cells beside it are ruled row by row.  It
also prints on A4."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from exporters.html import writer
from exporters.html.table_markup import header_id
from models import project_file
from models.format.spec import TableSpec
from models.report import Report
from tests import chromium
from tests.conftest import SAMPLE
from tests.test_pdf_reader import city_report

WIDTH = 900
DARK = 100
"""A pixel darker than this (0–255) is ink: the black rules, not the shading (C6D9F1) nor white."""
INK = bytes(1 if value < DARK else 0 for value in range(256))
FULL = 0.97
"""A rule crosses at least this share of the width it is measured over (text never does)."""

GEOMETRY_SCRIPT = """
const box = e => { const r = e.getBoundingClientRect();
  return [r.left + scrollX, r.top + scrollY, r.width, r.height]; };
const found = {height: document.documentElement.scrollHeight, tables: [], cells: {}};
for (const t of document.querySelectorAll('table')) found.tables.push(box(t));
for (const c of document.querySelectorAll('th[id]')) found.cells[c.id] = box(c);
document.documentElement.setAttribute('data-geometry', JSON.stringify(found));
document.currentScript.remove();
"""


def geometry(browser: str, page: Path, tmp_path: Path) -> dict[str, Any]:
    """The tables' and header cells' boxes as Chromium lays the page out at ``WIDTH`` (a copy of
    the page with a script that writes them into the DOM)."""
    probe = tmp_path / "probe.html"
    text = page.read_text(encoding="utf-8")
    probe.write_text(
        text.replace("</body>", f"<script>{GEOMETRY_SCRIPT}</script></body>"), encoding="utf-8"
    )
    dom = chromium.dump_dom(browser, probe, width=WIDTH)
    from lxml import html as lxml_html  # type: ignore[import-untyped]

    found: dict[str, Any] = json.loads(lxml_html.fromstring(dom).get("data-geometry"))
    return found


class Shot:
    """A screenshot as grey levels, and where its ink is."""

    def __init__(self, png: Path) -> None:
        from PySide6.QtGui import QImage

        image = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
        assert not image.isNull()
        self.width, self.height = image.width(), image.height()
        stride = image.bytesPerLine()
        data = bytes(image.constBits())
        self.rows = [data[y * stride : y * stride + self.width] for y in range(self.height)]

    def ink(self, y: int, left: float, right: float) -> float:
        """The share of row ``y`` between ``left`` and ``right`` that is ink."""
        segment = self.rows[y][round(left) : round(right)]
        return segment.translate(INK).count(1) / max(1, len(segment))

    def rules(self, left: float, right: float, top: float, bottom: float) -> list[int]:
        """The rules across ``left``–``right`` between ``top`` and ``bottom``: the first pixel
        row of each run of rows that are ink across (nearly) the whole width."""
        found: list[int] = []
        previous = False
        for y in range(max(0, round(top)), min(self.height, round(bottom))):
            ruled = self.ink(y, left, right) >= FULL
            if ruled and not previous:
                found.append(y)
            previous = ruled
        return found


def full_width_boundaries(table: TableSpec) -> int:
    """How many lines between grid rows no merged cell crosses (each drawn across the table)."""
    crossing = {line for g in table.grid_cells for line in range(g.row + 1, g.row + g.row_span)}
    return sum(1 for line in range(1, table.grid_rows) if line not in crossing)


@pytest.mark.slow  # two runs of Chromium, about 2 s
@pytest.mark.parametrize("which", ["sample", "city"])
def test_the_rendered_tables_are_ruled_and_merged_as_the_official_ones(
    which: str, qapp: Any, tmp_path: Path
) -> None:
    browser = chromium.needed()
    report: Report = project_file.load(SAMPLE) if which == "sample" else city_report()
    page = tmp_path / "报告.html"
    writer.write(report, page, draft=False)
    laid = geometry(browser, page, tmp_path)
    shot = Shot(
        chromium.screenshot(
            browser, page, tmp_path / "shot.png", width=WIDTH, height=laid["height"]
        )
    )
    tables = report.format.tables
    assert len(laid["tables"]) == len(tables)
    measured = 0
    for (x, y, w, h), table in zip(laid["tables"], tables, strict=True):
        # The caption sits above the grid inside the table's box: the grid ends at its bottom.
        rules = shot.rules(x + 1, x + w - 1, y, y + h + 2)
        assert rules, f"{table.name}: no rule across the table"
        assert abs(rules[-1] - (y + h)) <= 3, f"{table.name}: no frame at the bottom"
        # Top frame, bottom frame, and every line between rows that no merged cell crosses.
        assert len(rules) == full_width_boundaries(table) + 2, (table.name, rules)
        merged = [g for g in table.grid_cells if g.row_span > 1 and g.role == "label"]
        for g in merged:
            cx, cy, cw, ch = laid["cells"][header_id(table.key, g)]
            inside = shot.rules(cx + 2, cx + cw - 2, cy + 3, cy + ch - 3)
            assert inside == [], f"{table.name}「{g.text}」: a rule inside the merged cell"
            # Beside it, the last column (numbers) is ruled between each of its rows.
            beside = shot.rules(x + w - 12, x + w - 3, cy + 3, cy + ch - 3)
            assert len(beside) == g.row_span - 1, (table.name, g.text, beside)
        measured += len(merged)
    # 表三's merged labels: 三、本年度办理结果 and its groups （三） to （六）.
    assert measured == 5


def test_the_page_prints_on_a4(tmp_path: Path) -> None:
    browser = chromium.needed()
    page = tmp_path / "报告.html"
    writer.write(project_file.load(SAMPLE), page, draft=False)
    pdf = tmp_path / "报告.pdf"
    chromium.print_to_pdf(browser, page, pdf)
    document = pdfium.PdfDocument(str(pdf))
    try:
        sizes = {tuple(round(v) for v in document[i].get_size()) for i in range(len(document))}
        assert sizes == {(595, 842)}  # A4 in points
        assert len(document) >= 3
    finally:
        document.close()
