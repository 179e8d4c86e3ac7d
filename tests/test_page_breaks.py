"""PDF and .docx break pages at the same places (issue 13): our page layout (exporters.printout,
which paints the PDF, the printout and the preview) against LibreOffice's render of our .docx,
page by page — the same number of pages and the same first line on every page — for the sample
and for a city government's longer report (long sections, five-digit 表三 numbers, a 五 and a
六 of several parts).

LibreOffice 7.4 drops the .docx's w:autoSpaceDE/DN (Word and WPS honour them) and puts about
3.45 pt between every Chinese character and a digit or Latin letter next to it, so its lines
hold a little less wherever a number is near the line's end.  Our pages follow Word (no gaps,
as the house style wants 2024年1月1日); laid out with LibreOffice's gap
(``lines.LIBREOFFICE_SCRIPT_GAP``) they must agree with its render line for line, which shows
that everything else — line breaking, widths, table rows, keep-with-next — is the same.  The
figures for our pages as exported are printed (``-s``) and their page count checked.

Slow: LibreOffice converts each document in a few seconds."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from exporters.pdf.writer import ensure_gui_application
from exporters.printout.layout import lay_out
from exporters.printout.lines import LIBREOFFICE_SCRIPT_GAP
from exporters.printout.options import PrintOptions
from models import project_file
from models.format.format2021 import TABLE_3
from models.report import Report, TextPart
from tests.conftest import SAMPLE
from tests.test_docx_render import lines_of, render, words_by_page

pytestmark = pytest.mark.slow


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def city_report() -> Report:
    """A city government's report: every section three times as long as the sample's, 表三 in
    five digits, a 五 in three parts and a 六 in four."""
    report = project_file.load(SAMPLE)
    report.agency = "淮安市人民政府"
    report.signer = "淮安市人民政府办公室"
    for key, text in report.sections.items():
        text.intro = "\n".join([text.intro] * 3) if text.intro else ""
        for part in text.parts:
            part.text = "\n".join([part.text] * 2)
        if key == "problems":
            text.parts.append(TextPart("下一步工作打算", text.parts[-1].text))
        if key == "other":
            text.parts.append(TextPart("政务公开工作创新情况", text.parts[0].text * 2))
    for number, cell in enumerate(TABLE_3.cells):
        report.values[cell.id] = 10000 + number * 379
    return report


KINSOKU_TRAPS = (
    # A closing mark where the line is full: it hangs or takes a character with it.
    "甲" * 26 + "乙丙，丁戊。",
    # An opening bracket at a line's last place: it goes to the next line.
    "甲" * 27 + "（乙）丙。",
    # A 破折号 across a line's end: it moves whole.
    "甲" * 27 + "——乙丙。",
)
"""Paragraphs whose 28-character lines end on a mark that may not end or start a line."""


def big_report() -> Report:
    """The sample with a 汇总's big numbers: 表三 in 7 and 8 digits, 表二's 行政许可 in 8
    digits and its fee to the sixth decimal, and paragraphs that test the line breaking."""
    report = project_file.load(SAMPLE)
    for number, cell in enumerate(TABLE_3.cells):
        report.values[cell.id] = 12345678 if number % 3 == 0 else 1234567
    report.values["t2.license.decisions"] = 12345678
    report.values["t2.fees.amount"] = Decimal("5949.088667")
    report.sections["other"].parts.append(TextPart("断行", "\n".join(KINSOKU_TRAPS)))
    return report


REPORTS: dict[str, Callable[[], Report]] = {
    "sample": lambda: project_file.load(SAMPLE),
    "city": city_report,
    "big": big_report,
}


def first_lines_ours(report: Report, script_gap: float) -> list[str]:
    ensure_gui_application()
    laid = lay_out(report, PrintOptions(), script_gap=script_gap)
    firsts = []
    for page in laid.pages:
        top = min(t.y for t in page.texts if t.text.strip())
        row = sorted(
            (t for t in page.texts if abs(t.y - top) < 2 and t.text.strip()), key=lambda t: t.x
        )
        firsts.append(squeeze("".join(t.text for t in row)))
    return firsts


def first_lines_libreoffice(pdf: Path) -> list[str]:
    firsts = []
    for words in words_by_page(pdf):
        lines = lines_of(words)
        top = min(line.top for line in lines)
        row = sorted((ln for ln in lines if ln.top < top + 4), key=lambda ln: ln.left)
        firsts.append(squeeze("".join(ln.text for ln in row)))
    return firsts


def same_start(ours: str, theirs: str) -> bool:
    """The same first line (a table row's cells may come in another order: compare their
    characters)."""
    return ours == theirs or sorted(ours) == sorted(theirs)


@pytest.mark.parametrize("which", REPORTS)
def test_pdf_and_docx_break_pages_alike(which: str, tmp_path: Path) -> None:
    report = REPORTS[which]()
    theirs = first_lines_libreoffice(render(report, tmp_path, which, LIBREOFFICE_SCRIPT_GAP))
    modelled = first_lines_ours(report, LIBREOFFICE_SCRIPT_GAP)
    exported = first_lines_ours(report, 0.0)
    agree = sum(same_start(a, b) for a, b in zip(exported, theirs, strict=False))
    print(
        f"\n{which}: LibreOffice {len(theirs)} pages; our PDF {len(exported)} pages, "
        f"{agree} starting as LibreOffice's; with LibreOffice's gap {len(modelled)} pages"
    )
    for number, (a, b) in enumerate(zip(exported, theirs, strict=False), start=1):
        print(f"  page {number}: ours {a[:16]!r} / LibreOffice {b[:16]!r}")
    assert len(modelled) == len(theirs)
    for number, (a, b) in enumerate(zip(modelled, theirs, strict=True), start=1):
        assert same_start(a, b), (number, a, b)
    # Without the gap our lines hold what Word's do, a little more than LibreOffice's: never
    # more than a page apart.
    assert abs(len(exported) - len(theirs)) <= 1
