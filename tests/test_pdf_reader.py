"""Reading published reports' PDFs back (exporters/pdf/reader.py): our own PDF, LibreOffice's PDF
of our .docx and of the official template filled like a clerk's (committed fixtures in
tests/data/pdf, made again by the slow tests), a table running over pages with its header
repeated, page numbers and running headers, and the files that cannot be read: a scan, a
password, a damaged, truncated, empty or foreign file, a PDF that is not a report."""

from __future__ import annotations

import dataclasses
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from exporters import findings_for, read_report
from exporters.pdf import page_content, reader
from exporters.pdf import writer as pdf_writer
from exporters.pdf.page_content import Glyph, Rule
from exporters.pdf.page_text import TextLine, drop_furniture, lines_of, paragraphs
from exporters.pdf.ruled_tables import Cell, PageTable, doc_table, join, tables_on_page
from models import project_file
from models.files import FileProblem
from models.report import Report, SectionText
from tests import libreoffice
from tests.conftest import REPO, SAMPLE
from tests.data.pdf import make

DATA = Path(__file__).parent / "data" / "pdf"
LIBREOFFICE_SAMPLE = DATA / "libreoffice-sample.pdf"
LIBREOFFICE_SOURCE = DATA / "libreoffice-sample.gknb"
CLERK_DOCX = DATA / "clerk-template.docx"
CLERK_PDF = DATA / "clerk-template.pdf"
ENCRYPTED = DATA / "encrypted.pdf"


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


@pytest.fixture(scope="module")
def sample_pdf(sample: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    pdf_writer.write(sample, path, draft=False)
    return path


def differences(expected: Report, got: Report) -> list[str]:
    """Every way ``got`` differs from ``expected`` in what a published report shows: each value
    of the three tables, the title's agency and year, the 落款's signer and date, the contact,
    the preamble and each section's text and sub-headings."""
    out = [
        f"{cell}: {expected.values[cell]!r} ≠ {got.values.get(cell)!r}"
        for cell in expected.values
        if expected.values[cell] != got.values.get(cell)
    ]
    for name in (
        "agency",
        "year",
        "signer",
        "report_date",
        "contact_office",
        "address",
        "phone",
        "preamble",
    ):
        if getattr(expected, name) != getattr(got, name):
            out.append(f"{name}: {getattr(expected, name)!r} ≠ {getattr(got, name)!r}")
    for key, section in expected.sections.items():
        if section != got.sections.get(key):
            out.append(f"section {key}: {section!r} ≠ {got.sections.get(key)!r}")
    return out


def problem_of(path: Path) -> str:
    with pytest.raises(FileProblem) as caught:
        read_report(path)
    return str(caught.value)


def findings(report: Report) -> list[tuple[str, str]]:
    return [(f.rule.id, f.message) for f in findings_for(report)]


# --- reports read back cell for cell and section by section ------------------------------------


def test_our_pdf_of_the_sample_reads_back_the_same_report(sample: Report, sample_pdf: Path) -> None:
    result = read_report(sample_pdf)
    assert differences(sample, result.report) == []
    assert result.notes == []
    assert sum(v is not None for v in result.report.values.values()) == len(sample.values)


def city_report(seed: int = 7) -> Report:
    """A city-sized report: five-digit numbers in every 表三 cell that add up, and a lead
    sentence long enough that 表三 runs over three pages."""
    rng = random.Random(seed)
    report = project_file.load(SAMPLE)
    report.agency = "某某市人民政府"
    columns = ["natural", "business", "research", "public_welfare", "legal_service", "other_org"]
    totals = {"new", "carried_in", "result_total", "carried_out"}
    results = [
        cell.split(".")[1]
        for cell in report.values
        if cell.startswith("t3.") and cell.endswith(".natural")
    ]
    results = [r for r in results if r not in totals]
    sums: dict[str, int] = {}
    for column in columns:
        values = {r: rng.randint(0, 9999) for r in results}
        done = sum(values.values())
        carried_out = rng.randint(0, 999)
        carried_in = rng.randint(0, min(done + carried_out, 9999))
        values |= {
            "result_total": done,
            "carried_out": carried_out,
            "carried_in": carried_in,
            "new": done + carried_out - carried_in,
        }
        for row, number in values.items():
            report.values[f"t3.{row}.{column}"] = number
            sums[row] = sums.get(row, 0) + number
    for row, number in sums.items():
        report.values[f"t3.{row}.total"] = number
    report.sections["requests"] = SectionText("全年共收到政府信息公开申请，" * 40 + "详见下表。")
    return report


def test_a_city_report_with_table_3_over_three_pages_reads_back(tmp_path: Path) -> None:
    report = city_report()
    path = tmp_path / "city.pdf"
    pdf_writer.write(report, path, draft=False)
    # The header of 表三 (its note cell) is drawn on every page the table reaches.
    document = page_content.open_pdf(path.read_bytes())
    headers = 0
    for index in range(page_content.page_count(document)):
        text = "".join(g.char for g in page_content.read_page(document, index).glyphs)
        headers += "勾稽关系" in text
    document.close()
    assert headers == 3
    result = read_report(path)
    assert differences(report, result.report) == []
    assert result.notes[-1:] != [reader.TRUNCATED_NOTE]
    # One 表三 again, its header once, its merged labels whole.
    pages = _pages(path)
    tables = reader.build_document(pages, "city").tables
    assert [(t.rows, t.columns) for t in tables] == [(14, 4), (28, 10), (4, 15)]
    outcome = next(g for g in tables[1].regions if g.text == "三、本年度办理结果")
    assert (outcome.row, outcome.row_span) == (5, 22)


def _pages(path: Path) -> list[page_content.PageContent]:
    document = page_content.open_pdf(path.read_bytes())
    try:
        return [
            page_content.read_page(document, i) for i in range(page_content.page_count(document))
        ]
    finally:
        document.close()


def test_a_draft_reads_without_its_watermark_and_print_time(sample: Report, tmp_path: Path) -> None:
    path = tmp_path / "draft.pdf"
    pdf_writer.write(sample, path, draft=True)
    result = read_report(path)
    assert differences(sample, result.report) == []
    assert not any("草稿" in p for p in reader.build_document(_pages(path), "d").paragraphs)


def test_libreoffices_pdf_of_our_docx_reads_back_the_same_report() -> None:
    result = read_report(LIBREOFFICE_SAMPLE)
    assert differences(project_file.load(LIBREOFFICE_SOURCE), result.report) == []
    assert result.notes == []


def test_the_template_filled_like_a_clerk_reads_like_its_docx() -> None:
    from_docx = read_report(CLERK_DOCX)
    from_pdf = read_report(CLERK_PDF)
    assert differences(from_docx.report, from_pdf.report) == []
    assert from_pdf.notes == from_docx.notes
    report = from_pdf.report
    assert report.agency == "某某县民政局" and report.year == 2024
    assert report.values["t2.normative.issued"] is None  # "/" read as blank, not 0
    assert report.values["t3.disclosed.natural"] == 1  # "1（其中网上申请1件）"
    assert any("其中网上申请1件" in note for note in from_pdf.notes)
    assert report.blank_marks == from_docx.report.blank_marks


def test_check_gives_the_same_findings_for_the_pdf_as_for_the_docx(tmp_path: Path) -> None:
    from exporters import docx as docx_exporter

    clerk = findings(read_report(CLERK_DOCX).report)
    assert findings(read_report(CLERK_PDF).report) == clerk
    assert {"value.blank", "value.placeholder"} <= {rule for rule, _ in clerk}
    source = project_file.load(LIBREOFFICE_SOURCE)
    docx_exporter.write(source, tmp_path / "sample.docx", draft=False)
    same = findings(read_report(tmp_path / "sample.docx").report)
    assert findings(read_report(LIBREOFFICE_SAMPLE).report) == same
    # A report with findings of every kind the text and tables give (its text states numbers
    # the city-sized tables contradict; a whole government's deadline).
    city = city_report()
    docx_exporter.write(city, tmp_path / "city.docx", draft=True)
    pdf_writer.write(city, tmp_path / "city.pdf", draft=True)
    from_docx = findings(read_report(tmp_path / "city.docx").report)
    assert len(from_docx) >= 3
    assert findings(read_report(tmp_path / "city.pdf").report) == from_docx


def test_reading_a_pdf_never_loads_qt() -> None:
    code = (
        "import sys; from pathlib import Path; from exporters import read_report; "
        f"read_report(Path({str(LIBREOFFICE_SAMPLE)!r})); "
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


# --- files that cannot be read --------------------------------------------------------------------


def _image_pdf(path: Path, *, text: str | None = None) -> Path:
    """A one-page PDF made with Qt: a scanned page (a picture of text) or, with ``text``, a page
    of real text."""
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    if text is None:
        image = QImage(600, 850, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        inner = QPainter(image)
        inner.setFont(QFont("Noto Sans CJK SC", 14))
        for row in range(20):
            inner.drawText(QPointF(40, 60 + 36 * row), "政府信息公开工作年度报告")
        inner.drawRect(40, 800, 500, 30)
        inner.end()
        painter.drawImage(QRectF(0, 0, writer.width(), writer.height()), image)
    else:
        painter.setFont(QFont("Noto Sans CJK SC", 14))
        painter.drawText(QPointF(200, 400), text)
    painter.end()
    return path


def test_a_scanned_pdf_is_told_apart(qapp: Any, tmp_path: Path) -> None:
    message = problem_of(_image_pdf(tmp_path / "扫描件.pdf"))
    assert "“扫描件.pdf”是扫描件" in message
    assert "Word 版" in message and "不是扫描" in message


def test_a_pdf_that_is_not_a_report_gets_the_readers_message(qapp: Any, tmp_path: Path) -> None:
    path = _image_pdf(tmp_path / "通知.pdf", text="关于召开全区政务公开工作会议的通知")
    message = problem_of(path)
    assert "没有找到年度报告的统计表" in message and "“通知.pdf”" in message


def test_a_pdf_with_an_open_password_is_told_apart() -> None:
    message = problem_of(ENCRYPTED)
    assert "设置了打开密码" in message and "没有密码的 PDF 或 Word 版" in message


def test_a_truncated_pdf_is_damaged(sample_pdf: Path, tmp_path: Path) -> None:
    data = sample_pdf.read_bytes()
    for share in (0.1, 0.5, 0.9):
        path = tmp_path / f"cut-{share}.pdf"
        path.write_bytes(data[: int(len(data) * share)])
        message = problem_of(path)
        assert "已损坏或不完整" in message and "重新下载" in message, share


def test_a_pdf_missing_only_its_last_bytes_is_read_with_a_note(
    sample: Report, sample_pdf: Path, tmp_path: Path
) -> None:
    path = tmp_path / "almost.pdf"
    data = sample_pdf.read_bytes()
    path.write_bytes(data[: data.rindex(b"%%EOF")])  # the download stopped just before the end
    result = read_report(path)
    assert result.notes == [reader.TRUNCATED_NOTE]
    assert differences(sample, result.report) == []


def test_empty_and_foreign_files_named_pdf(tmp_path: Path) -> None:
    empty = tmp_path / "空.pdf"
    empty.write_bytes(b"")
    assert "“空.pdf”是空文件" in problem_of(empty)
    foreign = tmp_path / "图片.pdf"
    foreign.write_bytes(bytes(range(256)) * 40)
    assert "“图片.pdf”不是 PDF 文件" in problem_of(foreign)
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert "“坏.pdf”已损坏或不完整" in problem_of(broken)


def test_a_pdf_without_text_or_pictures(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QPainter, QPdfWriter

    path = tmp_path / "空白.pdf"
    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.drawLine(0, 0, 100, 100)
    painter.end()
    assert "没有文字" in problem_of(path)


# --- the pieces: page furniture, paragraphs, ruled tables --------------------------------------


def _line(text: str, page: int, top: float, x0: float = 80.0, x1: float | None = None) -> TextLine:
    right = x1 if x1 is not None else x0 + 16 * len(text)
    return TextLine(text, x0, right, top, top + 16, top + 14, 16.0, page, 16.0)


@pytest.mark.parametrize("number", ["— 3 —", "-3-", "- 3 -", "第3页 共8页", "第 3 页", "3/8", "3"])
def test_page_numbers_are_left_out(number: str) -> None:
    body = [_line("正文第一行。", 1, 300), _line("正文第二行。", 1, 330)]
    pages = [[*body, _line(number, 1, 780, 280)], [_line(number, 2, 780, 280)]]
    drop_furniture(pages, [842.0, 842.0])
    assert [line.text for line in pages[0]] == ["正文第一行。", "正文第二行。"]
    assert pages[1] == []


def test_running_headers_and_footers_are_left_out_and_text_is_kept() -> None:
    pages = [
        [
            _line("某某县民政局文件", n, 40),
            _line(f"第{n}段正文。", n, 300),
            _line("2024年度报告", n, 790),
        ]
        for n in (1, 2, 3)
    ]
    drop_furniture(pages, [842.0] * 3)
    assert [[line.text for line in page] for page in pages] == [
        ["第1段正文。"],
        ["第2段正文。"],
        ["第3段正文。"],
    ]


def test_wrapped_lines_are_joined_into_paragraphs_across_pages() -> None:
    right = 80 + 16 * 28
    lines = [
        _line("一、总体情况", 1, 100, 112),
        _line("第一段第一行", 1, 130, 112, right),  # indented, reaches the margin
        _line("第一段第二行", 1, 160, 80, right),
        _line("第一段结尾。", 1, 190, 80),  # stops short: the paragraph ends
        _line("第二段第一行", 1, 220, 112, right),
        _line("第二段在下一页继续。", 2, 100, 80),
        _line("第三段。", 2, 130, 112),
    ]
    assert paragraphs([*lines[:4], None, *lines[4:]]) == [
        "一、总体情况",
        "第一段第一行第一段第二行第一段结尾。",
        "第二段第一行第二段在下一页继续。",
        "第三段。",
    ]


def _glyphs(text: str, x: float, top: float, size: float = 10.0) -> list[Glyph]:
    return [
        Glyph(ch, x + i * size, x + (i + 1) * size, top, top + size, top + 0.85 * size, size)
        for i, ch in enumerate(text)
    ]


def test_a_missing_inner_rule_merges_cells_and_thin_rectangles_are_rules() -> None:
    # A 3 × 3 grid at x 0/100/200/300, y 0/20/40/60; the rule between the first two rows of
    # column 0 is missing (a merged label), the rest drawn: lines, and the bottom rule as a
    # thin filled rectangle as Word draws it (page_content turns it into this Rule).
    rules = [Rule(True, y, 0, 300) for y in (0, 40)]
    rules += [Rule(True, 20, 100, 300), Rule(True, 60, 0, 300)]
    rules += [Rule(False, x, 0, 60) for x in (0, 100, 200, 300)]
    glyphs = _glyphs("合并", 30, 25) + _glyphs("5", 140, 5) + _glyphs("6", 140, 25)
    (table,) = tables_on_page(1, rules, glyphs)
    regions = {
        (g.row, g.column): (g.row_span, g.column_span, g.text) for g in doc_table(table).regions
    }
    assert regions[(0, 0)] == (2, 1, "合并")
    assert regions[(0, 1)] == (1, 1, "5") and regions[(1, 1)] == (1, 1, "6")
    assert (1, 0) not in regions and len(regions) == 8


def test_a_table_over_a_page_break_is_one_table_again() -> None:
    edges = [0.0, 100.0, 200.0]
    first = PageTable(1, 500, 760, 0, 200, edges, 3)
    first.cells = [
        Cell(0, 1, 0, 100, "项目"),
        Cell(0, 1, 100, 200, "数量"),
        Cell(1, 2, 0, 100, "（三）不予公开"),  # Word prints a cut label in the first part
        Cell(1, 1, 100, 200, "1"),
        Cell(2, 1, 100, 200, "2"),
    ]
    then = PageTable(2, 100, 200, 0, 200, edges, 3)
    then.cells = [
        Cell(0, 1, 0, 100, "项目"),  # the repeated header
        Cell(0, 1, 100, 200, "数量"),
        Cell(1, 2, 0, 100, ""),  # the rest of the cut label
        Cell(1, 1, 100, 200, "3"),
        Cell(2, 1, 100, 200, "4"),
    ]
    joined = doc_table(join(first, then))
    assert joined.rows == 5
    label = next(g for g in joined.regions if g.text == "（三）不予公开")
    assert (label.row, label.row_span) == (1, 4)
    assert [g.text for g in joined.regions if g.column == 1] == ["数量", "1", "2", "3", "4"]
    # Our own writer prints the label in the larger part: the second here.
    first.cells[2] = dataclasses.replace(first.cells[2], text="")
    then.cells[2] = dataclasses.replace(then.cells[2], text="（三）不予公开")
    label = next(g for g in doc_table(join(first, then)).regions if g.text == "（三）不予公开")
    assert (label.row, label.row_span) == (1, 4)


def test_a_character_drawn_twice_for_bold_counts_once_but_a_double_dash_stays() -> None:
    bold = _glyphs("总体", 0, 0) + [
        dataclasses.replace(g, x0=g.x0 + 0.4) for g in _glyphs("总体", 0, 0)
    ]
    assert [line.text for line in lines_of(bold)] == ["总体"]
    dash = Glyph("—", 20, 40, 0, 10, 8.5, 10.0)
    ligature = [*_glyphs("平台", 0, 0), dash, dash, *_glyphs("硚口", 40, 0)]
    assert [line.text for line in lines_of(ligature)] == ["平台——硚口"]


# --- the slow part: LibreOffice makes the PDFs again ----------------------------------------------


def _needs_libreoffice() -> None:
    libreoffice.needed()


@pytest.mark.slow
def test_libreoffice_pdf_of_our_docx_made_now(sample: Report, tmp_path: Path) -> None:
    _needs_libreoffice()
    project, pdf = make.make_sample(tmp_path)
    assert differences(sample, read_report(pdf).report) == []
    assert differences(project_file.load(project), read_report(LIBREOFFICE_SAMPLE).report) == []


@pytest.mark.slow
def test_clerk_template_pdf_made_now(tmp_path: Path) -> None:
    _needs_libreoffice()
    docx, pdf = make.make_clerk(tmp_path)
    from_docx, from_pdf = read_report(docx), read_report(pdf)
    assert differences(from_docx.report, from_pdf.report) == []
    assert findings(from_pdf.report) == findings(from_docx.report)


@pytest.mark.slow
def test_encrypted_pdf_made_now(tmp_path: Path) -> None:
    _needs_libreoffice()
    pdf = make.make_encrypted(tmp_path)
    assert "设置了打开密码" in problem_of(pdf)
    shutil.copy(pdf, tmp_path / "改名.docx")
    assert "设置了打开密码" in problem_of(tmp_path / "改名.docx")  # by content, not name
