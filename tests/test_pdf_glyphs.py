"""Each character of a PDF where it is drawn (exporters/pdf/page_content.py, issue 21): a vertical
font's characters (WPS writes 表三's merged label "三、本年度办理结果" in an Identity-V 宋体, whose
PDFium boxes are 199-point squares far from the glyphs), a table cell written upwards or
downwards (Word's btLr and tbRl, as LibreOffice prints them: pdffonts shows no Identity-V font
there — in a btLr cell every character is turned a quarter counter-clockwise; in a tbRl cell the
Chinese ones stand upright one under the other and the Latin letters and digits are turned a
quarter clockwise), fonts with absurd metrics, and watermarks, which are still left out."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from exporters import read_report
from exporters.pdf import page_content, reader
from exporters.pdf.page_content import Glyph, PageContent
from exporters.pdf.page_text import cell_text, flow
from exporters.reading import Document
from exporters.reading.cells import DocTable, label_key
from models import project_file
from models.format.format2021 import TABLE_2, TABLE_3, TABLE_4
from tests import libreoffice
from tests.data.pdf import make
from tests.hand_made_pdf import one_page_pdf
from tests.test_pdf_reader import differences

REAL = Path(__file__).parent / "data" / "real"
HONGZE = REAL / "hongze-2023.pdf"
HONGZE_TRUTH = REAL / "hongze-2023.truth.json"
DATA = Path(__file__).parent / "data" / "pdf"
LIBREOFFICE_SOURCE = DATA / "libreoffice-sample.gknb"
VERTICAL = {direction: DATA / f"vertical-{direction.lower()}.pdf" for direction in make.DIRECTIONS}
VERTICAL_CELLS = DATA / "vertical-cells.pdf"
NUMBER = re.compile(r"[\d.]*")


def pages_of(data: bytes) -> list[PageContent]:
    with page_content.LOCK:
        document = page_content.open_pdf(data)
        try:
            return [
                page_content.read_page(document, i)
                for i in range(page_content.page_count(document))
            ]
        finally:
            document.close()


def document_of(path: Path) -> Document:
    return reader.build_document(pages_of(path.read_bytes()), path.name)


def labels(table: DocTable) -> list[str]:
    """The texts of a table's regions that are not numbers, in reading order."""
    return [g.text for g in table.regions if not NUMBER.fullmatch(g.text)]


# --- 洪泽区 2023: WPS, a vertical font ----------

HONGZE_TABLE_3 = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政止公开",  # the published typo
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",  # printed as one row: its three items are missing
    "（七）总计",
    "四、结转下年度继续办理",
]
HONGZE_TABLE_2 = [
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "行政规范性文件",
    "第二十条第（五）项",
    "信息内容",
    "本年处理决定数量",
    "行政许可",
    "第二十条第（六）项",
    "信息内容",
    "本年处理决定数量",
    "行政处罚",
    "行政强制",
    "第二十条第（八）项",
    "信息内容",
    "本年收费金额（单位：万元）",
    "行政事业性收费",
]
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
HONGZE_TABLE_4 = ["行政复议", "行政诉讼", *OUTCOMES, "未经复议直接起诉", "复议后起诉"]
HONGZE_TABLE_4 += OUTCOMES * 2


@pytest.fixture(scope="module")
def hongze() -> Document:
    return document_of(HONGZE)


def test_hongze_labels_read_clean_and_the_vertical_label_is_one_region(hongze: Document) -> None:
    table_2, table_3, table_4 = hongze.tables
    assert labels(table_3) == HONGZE_TABLE_3
    assert labels(table_2) == HONGZE_TABLE_2
    assert labels(table_4) == HONGZE_TABLE_4
    # The label WPS wrote vertically is one merged region beside the rows it groups, the two
    # parts the page break cut it into joined: (一)予以公开 … (七)总计.
    (outcome,) = [g for g in table_3.regions if g.text == "三、本年度办理结果"]
    assert (outcome.row, outcome.column, outcome.row_span, outcome.column_span) == (5, 0, 20, 1)


def test_no_hongze_character_is_boxed_beyond_its_em() -> None:
    pages = pages_of(HONGZE.read_bytes())
    glyphs = [g for page in pages for g in page.glyphs]
    assert len(glyphs) > 2000
    assert all(g.x1 - g.x0 <= 2 * g.size and g.bottom - g.top <= 1.5 * g.size for g in glyphs)
    # The vertical label's 三: inked at x 86–95 below y 608–615, no longer boxed at x 86–285.
    page_3 = "".join(g.char for g in pages[2].glyphs)
    start = page_3.index("三、本年度办理结果")
    column = pages[2].glyphs[start : start + 9]
    assert all(g.x0 >= 85 and g.x1 <= 96 and g.turn == 0 for g in column)
    assert [round(g.baseline) for g in column] == sorted(round(g.baseline) for g in column)


# Rows whose printed label is not the official one: the typo "2.其他法律行政止公开" and the three
# items of （六）其他处理, printed as one row.  Matching them is the table reader's part
# (exporters/reading), not where a character is.
UNPRINTED_ROWS = {"refused_law", "other_no_correction", "other_no_fee", "other_other"}


def _same(truth: object, got: object) -> bool:
    if isinstance(truth, str):  # an amount, written as text in the truth file
        return got is not None and Decimal(str(got)) == Decimal(truth)
    return got == truth


def test_hongze_reads_as_its_truth_in_every_row_whose_label_is_printed(hongze: Document) -> None:
    truth = json.loads(HONGZE_TRUTH.read_text(encoding="utf-8"))["values"]
    printed = {g.key for g in hongze.tables[1].regions}
    for cell in TABLE_3.cells:
        if cell.row.key in UNPRINTED_ROWS:
            assert label_key(cell.row.label) not in printed, cell.row.label
    ids = {cell.id for spec in (TABLE_2, TABLE_3, TABLE_4) for cell in spec.cells}
    compared = [i for i in truth if i in ids and i.split(".")[1] not in UNPRINTED_ROWS]
    assert len(compared) == 172
    values = read_report(HONGZE).report.values
    assert [
        (i, truth[i], values.get(i)) for i in compared if not _same(truth[i], values.get(i))
    ] == []


# --- LibreOffice: table cells written upwards and downwards ----------


@pytest.mark.parametrize("direction", make.DIRECTIONS)
def test_libreoffice_vertical_labels_read_as_their_cells(direction: str) -> None:
    path = VERTICAL[direction]
    document = document_of(path)
    table_3 = document.tables[1]
    for label in make.VERTICAL_LABELS:
        assert [g.text for g in table_3.regions if g.text == label] == [label]
    (outcome,) = [g for g in table_3.regions if g.text == "三、本年度办理结果"]
    assert (outcome.row, outcome.column, outcome.row_span) == (5, 0, 22)
    assert labels(table_3)[12:16] == [
        "三、本年度办理结果",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开",
    ]
    result = read_report(path)
    assert differences(project_file.load(LIBREOFFICE_SOURCE), result.report) == []
    assert result.notes == []
    # How LibreOffice draws them: a btLr cell's characters turned a quarter counter-clockwise;
    # in a tbRl cell the Chinese characters upright, each below the one before.
    turned = {g.turn for page in pages_of(path.read_bytes()) for g in page.glyphs}
    assert turned == ({0, 1} if direction == "btLr" else {0})


def test_libreoffice_cells_read_in_their_direction_with_latin_and_digits_turned() -> None:
    (table,) = document_of(VERTICAL_CELLS).tables
    first = [g.text for g in table.regions if g.row == 0]
    second = [g.text for g in table.regions if g.row == 1]
    assert first == [text for _, text in make.VERTICAL_CELLS]
    assert second == ["x"] * len(make.VERTICAL_CELLS)
    # LibreOffice turns every character of a btLr cell a quarter counter-clockwise (1); in a
    # tbRl cell it turns the digits a quarter clockwise (3) and stands the Chinese upright.
    (page,) = pages_of(VERTICAL_CELLS.read_bytes())
    assert {g.turn for g in page.glyphs if g.char in "AB"} == {1}
    assert {g.turn for g in page.glyphs if g.char == "1"} == {1, 3}
    assert {g.turn for g in page.glyphs if g.char == "属"} == {0, 1}


# --- the pieces: which way a cell's text runs ----------


def _grid(texts: list[str], size: float = 10.0) -> dict[tuple[int, int], str]:
    """Characters of columns ``texts`` (the first on the right), by (column, place in it)."""
    return {(c, i): ch for c, text in enumerate(texts) for i, ch in enumerate(text)}


def _glyphs(grid: dict[tuple[int, int], str], order: list[tuple[int, int]]) -> list[Glyph]:
    """The grid's characters upright, 10 points each, column c at x 100 - 12 c, written in
    ``order``."""
    out = []
    for n, (c, i) in enumerate(order):
        x, top = 100 - 12 * c, 10 * i
        out.append(Glyph(grid[(c, i)], x, x + 10, top, top + 10, top + 8.8, 10.0, 0, n))
    return out


def test_upright_characters_written_down_in_columns_read_as_columns() -> None:
    # Three columns of upright characters, as LibreOffice writes a long tbRl label: written
    # column after column they read so; the very same places written row after row are lines.
    grid = _grid(["三、本年度", "（一）予以", "公开"])
    by_columns = sorted(grid, key=lambda p: (p[0], p[1]))
    by_rows = sorted(grid, key=lambda p: (p[1], -p[0]))
    assert flow(_glyphs(grid, by_columns)) == "down"
    assert cell_text(_glyphs(grid, by_columns)) == "三、本年度（一）予以公开"
    assert flow(_glyphs(grid, by_rows)) == "right"
    assert cell_text(_glyphs(grid, by_rows)) == "公（三开一、）本予年以度"
    # One character to a line reads the same either way.
    single = _grid(["自然人"])
    assert cell_text(_glyphs(single, sorted(single))) == "自然人"


def test_turned_characters_read_along_their_line() -> None:
    # "AB 12" turned a quarter counter-clockwise (a btLr cell): from the bottom up, each
    # character's box along the page's y; the space is a gap of a third of an em.
    def up(char: str, bottom: float, advance: float, n: int) -> Glyph:
        return Glyph(char, 50, 60, bottom - advance, bottom, 58, 10.0, 1, n)

    word = [up("A", 200, 6, 0), up("B", 194, 6, 1), up("1", 185, 5, 2), up("2", 180, 5, 3)]
    assert flow(word) == "up"
    assert cell_text(word) == "AB 12"
    # Turned the other way (tbRl), with upright Chinese between: from the top down.
    down = [
        Glyph("1", 50, 60, 100, 105, 52, 10.0, 3, 0),
        Glyph(".", 50, 60, 105, 108, 52, 10.0, 3, 1),
        Glyph("属", 50, 60, 108, 118, 116.8, 10.0, 0, 2),
        Glyph("于", 50, 60, 118, 128, 126.8, 10.0, 0, 3),
    ]
    assert flow(down) == "down"
    assert cell_text(down) == "1.属于"


# --- odd fonts and watermarks, in a hand-made PDF ----------


def odd_pdf() -> bytes:
    """A 3 × 3 ruled table (x 72/172/272/372; y 700/680/600/580 from the bottom) and a title.

    /F1 is Helvetica.  /F2 is a font whose descriptor gives an ascent of 20 ems (PDFium boxes its
    characters from 20 ems above the baseline to 0.2 below, so their middles sit ten ems up, in
    another row or above the table).  In the tall middle row's last cell "UP 12" is written
    upwards, in the bottom row's an upside-down "ZZ" beside an "x".  Over the table: "DRAFT"
    diagonally (45°), and turned a quarter, so large that each character crosses a column
    edge."""
    content = (
        b"BT /F2 14 Tf 72 760 Td (Annual report 2024) Tj ET\n"
        b"0.5 w 72 700 m 372 700 l S 72 680 m 372 680 l S 72 600 m 372 600 l S "
        b"72 580 m 372 580 l S\n"
        b"72 700 m 72 580 l S 172 700 m 172 580 l S 272 700 m 272 580 l S 372 700 m 372 580 l S\n"
        b"BT /F1 10 Tf 80 686 Td (Item) Tj 100 0 Td (Count) Tj 100 0 Td (Note) Tj ET\n"
        b"BT /F2 10 Tf 80 636 Td (Rules) Tj 100 0 Td (3) Tj ET\n"
        b"BT /F1 9 Tf 0 1 -1 0 300 610 Tm (UP 12) Tj ET\n"
        b"BT /F2 10 Tf 80 586 Td (Total) Tj 100 0 Td (3) Tj ET\n"
        b"BT /F1 10 Tf 280 586 Td (x) Tj ET\n"
        b"BT /F1 6 Tf -1 0 0 -1 340 596 Tm (ZZ) Tj ET\n"
        b"BT /F1 60 Tf 0.7071 0.7071 -0.7071 0.7071 120 560 Tm (DRAFT) Tj ET\n"
        b"BT /F1 90 Tf 0 1 -1 0 240 560 Tm (DRAFT) Tj ET\n"
    )
    tall = (
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 32 /LastChar 126 "
        b"/Widths [" + b" 600" * 95 + b"] /FontDescriptor 7 0 R >>"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [0 -200 1000 20000] "
        b"/ItalicAngle 0 /Ascent 20000 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    return one_page_pdf(
        content,
        b"<< /Font << /F1 5 0 R /F2 6 0 R >> >>",
        [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", tall, descriptor],
    )


def test_odd_metrics_do_not_move_characters_and_watermarks_stay_out() -> None:
    (page,) = pages_of(odd_pdf())
    # PDFium's boxes of /F2 reach 20 ems up; ours hold an em about the baseline.
    rules = [g for g in page.glyphs if g.char in "Rules" and g.size == 10]
    assert rules and all(g.top >= g.baseline - 10 and g.bottom <= g.baseline + 3 for g in rules)
    document = reader.build_document([page], "odd.pdf")
    (table,) = document.tables
    cells = {(g.row, g.column): g.text for g in table.regions}
    assert cells == {
        (0, 0): "Item",
        (0, 1): "Count",
        (0, 2): "Note",
        (1, 0): "Rules",
        (1, 1): "3",
        (1, 2): "UP 12",
        (2, 0): "Total",
        (2, 1): "3",
        (2, 2): "x",
    }
    assert document.paragraphs == ["Annual report 2024"]
    # The diagonal and the upside-down characters are not read at all; the large turned ones
    # are, but belong to no cell and to no line.
    assert {(g.size, g.turn) for g in page.glyphs} == {(14, 0), (10, 0), (9, 1), (90, 1)}


def test_a_box_that_cannot_be_right_is_made_from_origin_and_ink() -> None:
    place = page_content._place
    # An ordinary character: PDFium's box is kept.
    assert place(0, 10.0, (100, 200), (100, 110, 191, 202), (101, 109, 192, 200)) == (
        100,
        110,
        191,
        202,
    )
    # A zero-width box at the origin, the ink to its right: from the origin to the ink's end.
    assert place(0, 10.0, (100, 200), (100, 100, 191, 202), (101, 109, 192, 200)) == (
        100,
        109,
        191,
        202,
    )
    # WPS's vertical 三 (199 Tf under a 0.05 matrix): boxed from x 85.6 to 284.6 and y 440 to
    # 639, inked at x 86–95 above its baseline 615.3.
    x0, x1, top, bottom = place(
        0, 9.95, (85.6, 615.3), (85.6, 284.6, 440.2, 639.2), (86.0, 95.2, 607.9, 615.4)
    )
    assert (x0, x1) == (85.6, 95.2)
    assert top == pytest.approx(615.3 - 0.88 * 9.95) and bottom == pytest.approx(
        615.3 + 0.12 * 9.95
    )
    # Turned a quarter counter-clockwise, the same judged along the page's y.
    assert place(
        1, 10.0, (94.4, 730.6), (85.5, 95.1, 720.1, 730.6), (86.6, 94.5, 720.8, 729.9)
    ) == (
        85.5,
        95.1,
        720.1,
        730.6,
    )


# --- the slow part: LibreOffice makes the fixtures again ----------


@pytest.mark.slow
@pytest.mark.parametrize("direction", make.DIRECTIONS)
def test_libreoffice_vertical_labels_made_now(direction: str, tmp_path: Path) -> None:
    libreoffice.needed()
    pdf = make.make_vertical(tmp_path, direction)
    table_3 = document_of(pdf).tables[1]
    for label in make.VERTICAL_LABELS:
        assert [g.text for g in table_3.regions if g.text == label] == [label]
    assert differences(project_file.load(LIBREOFFICE_SOURCE), read_report(pdf).report) == []


@pytest.mark.slow
def test_libreoffice_vertical_cells_made_now(tmp_path: Path) -> None:
    libreoffice.needed()
    (table,) = document_of(make.make_vertical_cells(tmp_path)).tables
    assert [g.text for g in table.regions if g.row == 0] == [t for _, t in make.VERTICAL_CELLS]
