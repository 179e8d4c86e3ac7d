"""Our PDF and LibreOffice's render of our .docx, measured on the pinned fonts (tests/fonts.conf:
Liberation Serif for Times New Roman, Noto CJK for the Chinese fonts) for the sample, a city's
long report and a report of 7- and 8-digit numbers (issue 23):

- every merged row label of 表三 is whole on each page that holds its rows, in both;
- every number is one word on one line, in both;
- body lines lie on the 28.95 pt pitch, in both;
- no line starts with a closing mark or ends with an opening one, and "——" is never parted,
  in both; in our PDF "——" is one continuous rule.

The .docx is paged for LibreOffice (``script_gap``, see tests/test_page_breaks.py, which shows
the two break their pages alike); our PDF is the one a clerk exports (paged as Word pages the
.docx).  Which page holds which rows comes from our page layout.  Slow: LibreOffice converts
each document in a few seconds."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from exporters.docx.page_breaks import table_paging
from exporters.pdf.writer import write_with
from exporters.printout.layout import TablePaging
from exporters.printout.lines import LIBREOFFICE_SCRIPT_GAP
from exporters.printout.options import PrintOptions
from exporters.printout.tables import PAD
from models.document.layout import fit_table, points
from models.format.format2021 import TABLE_3
from models.report import Report
from models.values import format_value
from tests.test_docx_render import grey_page, lines_of, render, words_by_page
from tests.test_page_breaks import KINSOKU_TRAPS, REPORTS

pytestmark = pytest.mark.slow

Word = tuple[float, float, float, float, str]
NO_START = set("，。、；：？！）》」』”’】〕〉")
NO_END = set("（《「『“‘【〔〈")
PAGE_NUMBER = re.compile(r"^—\d+—$")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


@dataclasses.dataclass(frozen=True)
class Rendered:
    """One output of one report: its pages' words, and the page each 表三 row is on."""

    name: str
    pdf: Path
    pages: list[list[Word]]
    paging: TablePaging


@pytest.fixture(scope="module", params=list(REPORTS))
def report(request: pytest.FixtureRequest) -> Report:
    return REPORTS[request.param]()


@pytest.fixture(scope="module")
def outputs(report: Report, tmp_path_factory: pytest.TempPathFactory) -> list[Rendered]:
    folder = tmp_path_factory.mktemp("alike")
    theirs = render(report, folder, "docx", LIBREOFFICE_SCRIPT_GAP)
    ours = folder / "ours.pdf"
    write_with(report, ours, PrintOptions(draft=False))
    return [
        Rendered(
            "LibreOffice's .docx",
            theirs,
            words_by_page(theirs),
            table_paging(report, LIBREOFFICE_SCRIPT_GAP)[TABLE_3.key],
        ),
        Rendered("our PDF", ours, words_by_page(ours), table_paging(report)[TABLE_3.key]),
    ]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def column_edges(report: Report) -> list[float]:
    """表三's column edges in points from the page's left (the table spans the text block)."""
    style = report.style
    fit = fit_table(TABLE_3, report.values, points(style.text_width), style.table_size, PAD)
    left = points(style.margin_left)
    return [left + sum(fit.widths[:i]) for i in range(len(fit.widths) + 1)]


def test_every_label_is_whole_on_each_page_holding_its_rows(
    report: Report, outputs: list[Rendered]
) -> None:
    edges = column_edges(report)
    labels = [
        g for g in TABLE_3.grid_cells if g.role == "label" and g.row_span > 1 and g.cell is None
    ]
    labels = [g for g in labels if g.row >= 3]  # below the header
    assert len(labels) == 5
    for output in outputs:
        assert len(output.paging.breaks) >= 1, output.name  # 表三 runs onto a second page
        split = 0
        for g in labels:
            pages = {output.paging.pages[r] for r in range(g.row, g.row + g.row_span)}
            split += len(pages) > 1
            x0, x1 = edges[g.column], edges[g.column + g.column_span]
            for page in pages:
                column = sorted(
                    (w for w in output.pages[page] if x0 <= (w[0] + w[2]) / 2 <= x1),
                    key=lambda w: (round(w[3]), w[0]),
                )
                text = squeeze("".join(w[4] for w in column))
                assert squeeze(g.text) in text, (output.name, page + 1, g.text, text[:80])
        assert split >= 1, output.name  # a label on both sides of a break was looked at


def test_every_number_is_one_word(report: Report, outputs: list[Rendered]) -> None:
    """Each number of five characters or more (表二's 行政许可, fees, 表三) is a whole word as
    often as the report holds it: one wrapped in its cell (1234567 / 8) would count less."""
    wanted = Counter(
        text for value in report.values.values() if len(text := format_value(value)) >= 5
    )
    assert wanted
    for output in outputs:
        # Table words (五号 or smaller: boxes under 17 pt; LibreOffice sets body digits apart)
        words = Counter(w[4] for page in output.pages for w in page if w[3] - w[1] < 17)
        for text, count in wanted.items():
            assert words[text] == count, (output.name, text, words[text], count)


def body_lines(output: Rendered) -> list[list[tuple[float, str]]]:
    """Each page's lines of body text (16 pt: taller word boxes than a table's 五号): bottom
    and text, headings left out (their font's descent differs)."""
    pages = []
    for words in output.pages:
        lines = [ln for ln in lines_of(words) if ln.bottom - ln.top > 19]
        pages.append(
            [
                (ln.bottom, ln.text)
                for ln in lines
                if not HEADING.match(ln.text) and not PAGE_NUMBER.match(ln.text)
            ]
        )
    return pages


def test_body_lines_lie_on_the_pitch(report: Report, outputs: list[Rendered]) -> None:
    pitch = report.style.line_spacing
    for output in outputs:
        gaps = [
            b[0] - a[0]
            for page in body_lines(output)
            for a, b in itertools.pairwise(page)
            if b[0] - a[0] < pitch * 1.3
        ]
        assert len(gaps) > 30, output.name
        off = [round(gap, 2) for gap in gaps if abs(gap - pitch) > 0.15]
        assert not off, (output.name, off)


def test_lines_start_and_end_as_chinese_typesetting_wants(
    report: Report, outputs: list[Rendered]
) -> None:
    """No line starts with a closing mark or ends with an opening one, a 破折号 is never
    parted, and the paragraphs made to trip them (in the big report) read whole."""
    written = squeeze("".join(part.text for part in report.sections["other"].parts))
    for output in outputs:
        lines = [text for page in body_lines(output) for _, text in page]
        assert not [t for t in lines if t[0] in NO_START], output.name
        assert not [t for t in lines if t[-1] in NO_END], output.name
        assert not [t for t in lines if re.search("(^|[^—])—$", t)], output.name
        text = squeeze("".join(lines))
        for trap in KINSOKU_TRAPS:
            if trap in written:
                assert trap in text, (output.name, trap)


def dash_runs(pdf: Path) -> list[tuple[float, float]]:
    """Each "——" of the PDF: its width from the first dash's left to the last's right (the
    text layer's character boxes), and the longest dark run across it in the page's picture,
    both in points."""
    dpi = 300
    found = []
    document = pdfium.PdfDocument(pdf)
    try:
        for number in range(len(document)):
            page = document[number]
            height = page.get_height()
            text_page = page.get_textpage()
            text = text_page.get_text_range()
            starts = [m.start() for m in re.finditer("——", text)]
            if not starts:
                continue
            width, rows, pixels = grey_page(pdf, number + 1, dpi)
            for start in starts:
                left, bottom, _, top = text_page.get_charbox(start)
                right = text_page.get_charbox(start + 1)[2]
                y0, y1 = round((height - top) / 72 * dpi), round((height - bottom) / 72 * dpi)
                x0, x1 = round(left / 72 * dpi) - 5, round(right / 72 * dpi) + 5
                longest = 0
                for y in range(max(0, y0 - 2), min(rows, y1 + 3)):
                    line = pixels[y * width + x0 : y * width + x1]
                    runs = re.findall(rb"[\x00-\x7f]+", line)
                    longest = max([longest, *(len(r) for r in runs)])
                found.append((right - left, longest / dpi * 72))
    finally:
        document.close()
    return found


def test_a_pair_of_dashes_is_one_rule_in_our_pdf(report: Report, outputs: list[Rendered]) -> None:
    runs = dash_runs(outputs[1].pdf)
    assert runs  # the sample's 平台——硚口区连心“硚”智慧政务超市
    size = report.style.body_size
    for width, dark in runs:
        assert width >= 1.8 * size, runs  # two cells, less the glyphs' side bearings
        assert dark >= 0.95 * width, runs
