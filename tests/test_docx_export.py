"""The exported .docx, re-opened with python-docx: the three tables against the official template
cell for cell, labels and values, the house style (fonts for East Asian text on every run,
margins, page numbers, odd and even footers), drafts and finals, and LibreOffice's reading of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import main
from exporters import ExportRefused, export_report, read_report
from exporters import docx as docx_exporter
from models import project_file
from models.document.layout import column_widths, text_grid
from models.document.style import DocumentStyle
from models.format.format2021 import TABLE_3
from models.report import Report, format_date, new_report, part_number
from models.values import format_value
from tests import libreoffice, pdf_text
from tests.conftest import REPO, SAMPLE
from tests.docx_tools import (
    CJK,
    TABLES,
    TEMPLATE,
    FontResolver,
    V,
    W,
    chinese_runs,
    needs_template,
    normal,
    open_docx,
    paragraph_style,
    text_of,
)
from tests.test_format import Region, read_table

TWIPS_PER_MM = 1440 / 25.4


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


@pytest.fixture(scope="module")
def exported(sample: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "sample.docx"
    export_report(sample, path)
    return path


@pytest.fixture(scope="module")
def exported_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A draft of a report with errors: blank cells, no date, an empty section."""
    report = new_report("某某县民政局", 2024)
    report.values["t2.license.decisions"] = 0
    report.values["t2.fees.amount"] = Decimal("12.5")
    report.sections["overview"].intro = "全年工作情况。"
    path = tmp_path_factory.mktemp("export") / "draft.docx"
    export_report(report, path, draft=True)
    return path


@pytest.fixture(scope="module")
def document(exported: Path) -> Any:
    return open_docx(exported)


@pytest.fixture(scope="module")
def template_tables() -> dict[str, Any]:
    template = open_docx(TEMPLATE)
    return {spec.key: read_table(t) for spec, t in zip(TABLES, template.tables, strict=True)}


def paragraphs(document: Any) -> list[Any]:
    return list(document.element.body.iter(f"{W}p"))


def body_paragraphs(document: Any) -> list[Any]:
    """Paragraphs outside the tables."""
    return [p for p in document.element.body if p.tag == f"{W}p"]


# --- the tables, cell for cell ---------------------------------------------------------------


@pytest.fixture(scope="module")
def exported_styled(sample: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample in another 版式: narrower margins, other fonts and sizes."""
    report = sample.copy()
    report.style = dataclasses.replace(
        DocumentStyle(), margin_left=20, margin_right=20, table_font="宋体", table_size=9
    )
    path = tmp_path_factory.mktemp("export") / "styled.docx"
    export_report(report, path)
    return path


def rejoined(regions: list[Region]) -> list[Region]:
    """The regions with each merged row label that a page break split (restarted with its
    text repeated on the page's first row) joined again, as the template has it."""
    joined: list[Region] = []
    for region in sorted(regions, key=lambda r: (r.column, r.column_span, r.row)):
        above = joined[-1] if joined else None
        if (
            above is not None
            and (above.column, above.column_span) == (region.column, region.column_span)
            and above.row + above.row_span == region.row
            and not re.fullmatch(r"[\d.]*", normal(region.text))  # a label, not a number
            and normal(above.text) == normal(region.text)
        ):
            above.row_span += region.row_span
        else:
            joined.append(dataclasses.replace(region))
    return joined


def test_labels_restart_where_the_pages_break(exported: Path, sample: Report) -> None:
    """The sample's 表三 runs onto a second page: each row label whose rows continue there
    starts again on the page's first row, its text repeated (not a merge whose text shows on
    one page only), at the break our page layout (the PDF's) makes."""
    from exporters.docx.page_breaks import table_paging

    (first, *_) = table_paging(sample)[TABLE_3.key].breaks
    table = read_table(open_docx(exported).tables[TABLES.index(TABLE_3)])
    restarted = [normal(r.text) for r in table.regions if r.row == first and r.column < 2]
    assert restarted == ["三、本年度办理结果", "（四）无法提供"], restarted
    assert len(table.regions) > len(rejoined(table.regions))


@needs_template
@pytest.mark.parametrize("which", ["exported", "exported_draft", "exported_styled"])
@pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.key)
def test_table_grid_and_merges_equal_the_template(
    spec: Any, which: str, template_tables: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    document = open_docx(request.getfixturevalue(which))
    assert len(document.tables) == len(TABLES)
    ours = read_table(document.tables[TABLES.index(spec)])
    official = template_tables[spec.key]
    assert ours.columns == official.columns
    assert ours.rows == official.rows
    ours.regions = rejoined(ours.regions)
    assert sorted(r.box for r in ours.regions) == sorted(r.box for r in official.regions)
    theirs = {r.box: r for r in official.regions}
    for region in ours.regions:
        assert region.shaded == theirs[region.box].shaded, region.box
        if normal(theirs[region.box].text):
            assert normal(region.text) == normal(theirs[region.box].text), region.box


@needs_template
@pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.key)
def test_table_labels_and_values(
    spec: Any, document: Any, sample: Report, template_tables: dict[str, Any]
) -> None:
    table = read_table(document.tables[TABLES.index(spec)])
    ours = {r.box: r for r in rejoined(table.regions)}
    cells = spec.grid_at
    for region in template_tables[spec.key].regions:
        mine = ours[region.box]
        g = cells[(region.row, region.column)]
        if normal(region.text):
            assert normal(mine.text) == normal(region.text), region.box
            # …and broken over lines where the template breaks it
            assert mine.text.count("\n") == g.text.count("\n"), region.box
        else:
            assert g.cell is not None
            assert mine.text == format_value(sample.values[g.cell.id]), g.cell.id


def test_zero_shows_as_zero_and_blank_stays_blank(exported_draft: Path) -> None:
    document = open_docx(exported_draft)
    spec = TABLES[0]
    table = read_table(document.tables[0])
    by_place = {(r.row, r.column): r for r in table.regions}
    for g in spec.grid_cells:
        if g.cell is None:
            continue
        text = by_place[(g.row, g.column)].text
        if g.cell.id == "t2.license.decisions":
            assert text == "0"
        elif g.cell.id == "t2.fees.amount":
            assert text == "12.5"
        else:
            assert text == ""


FEE = "t2.fees.amount"


@pytest.mark.parametrize("fee", ["5949.088667", "240.91991", "1.50"])
def test_an_amount_to_the_fen_is_written_as_typed_and_read_back(
    sample: Report, tmp_path: Path, fee: str
) -> None:
    """Six places (平潭 2023), five, trailing zeros: in the document as the clerk wrote them,
    never rounded; read back the same."""
    report = sample.copy()
    report.values[FEE] = Decimal(fee)
    path = tmp_path / "到分.docx"
    export_report(report, path)
    table = read_table(open_docx(path).tables[0])
    (place,) = [(g.row, g.column) for g in TABLES[0].grid_cells if g.cell and g.cell.id == FEE]
    assert {(r.row, r.column): r.text for r in table.regions}[place] == fee
    assert str(read_report(path).report.values[FEE]) == fee


@pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.key)
def test_tables_are_built_for_word_and_wps(spec: Any, document: Any, sample: Report) -> None:
    """Explicit grid widths over the text width (models.document.layout.column_widths: the format's
    proportions, number columns wide enough for five digits), a width on every cell matching its
    grid columns, fixed layout, explicit borders on every cell, the template's shading."""
    tbl = document.tables[TABLES.index(spec)]._tbl
    widths = [int(c.get(f"{W}w")) for c in tbl.tblGrid.findall(f"{W}gridCol")]
    text_width = round(sample.style.text_width * TWIPS_PER_MM)
    assert sum(widths) == text_width
    expected = column_widths(spec, text_width / 20, sample.style.table_size, 57 / 20)
    for width, points in zip(widths, expected, strict=True):
        assert width == pytest.approx(points * 20, abs=2)
    properties = tbl.tblPr
    assert properties.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    assert properties.find(f"{W}tblW").get(f"{W}w") == str(text_width)
    assert properties.find(f"{W}tblBorders") is not None
    for tr in tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            width = tc.tcPr.find(f"{W}tcW")
            assert width.get(f"{W}type") == "dxa"
            assert int(width.get(f"{W}w")) == sum(widths[column : column + span])
            borders = tc.tcPr.find(f"{W}tcBorders")
            for side in ("top", "left", "bottom", "right"):
                assert borders.find(f"{W}{side}").get(f"{W}val") == "single"
            shade = tc.tcPr.find(f"{W}shd")
            if shade is not None:
                assert shade.get(f"{W}fill") == "C6D9F1"
            column += span


def test_long_table_repeats_its_header_rows(document: Any) -> None:
    rows = document.tables[1]._tbl.tr_lst
    repeated = [tr.trPr.find(f"{W}tblHeader") is not None for tr in rows]
    assert repeated[:3] == [True, True, True] and not any(repeated[3:])


# --- text --------------------------------------------------------------------------------------


def test_title_sections_parts_and_signature(document: Any, sample: Report) -> None:
    texts = [text_of(p) for p in body_paragraphs(document)]
    styles = [paragraph_style(p) for p in body_paragraphs(document)]
    assert texts[0] == sample.title
    assert styles[0] == docx_exporter.STYLE_TITLE
    expected: list[tuple[str, str]] = [
        (line, docx_exporter.STYLE_BODY) for line in sample.preamble.split("\n")
    ]
    for section in sample.format.sections:
        expected.append((section.heading, docx_exporter.STYLE_HEADING1))
        text = sample.sections[section.key]
        expected += [(line, docx_exporter.STYLE_BODY) for line in text.intro.split("\n") if line]
        for index, part in enumerate(text.parts):
            expected.append((part_number(index) + part.heading, docx_exporter.STYLE_HEADING2))
            expected += [(line, docx_exporter.STYLE_BODY) for line in part.text.split("\n")]
    expected += [
        (sample.agency, docx_exporter.STYLE_SIGNATURE),
        (format_date(sample.report_date), docx_exporter.STYLE_SIGNATURE),
    ]
    written = [(t, s) for t, s in zip(texts, styles, strict=True) if t][1:]
    assert written == expected
    assert texts[-1] == "2025年1月7日"


def right_indents(document: Any) -> tuple[int, int]:
    """The rightChars of the 落款's two paragraphs (the signer's, the date's)."""
    signer, date = body_paragraphs(document)[-2:]
    return tuple(  # type: ignore[return-value]
        int(p.find(f"{W}pPr/{W}ind").get(f"{W}rightChars")) for p in (signer, date)
    )


def test_signature_follows_gb_t_9704_7_3_5_2(document: Any, sample: Report) -> None:
    """The signer 右空二字, the date's first character two characters right of the signer's:
    硚口区行政审批局 is 8 characters wide, 2025年1月7日 6 (digits are half), so both end two
    characters in; one blank line above the signer."""
    styles = {s.style_id: s for s in document.styles}
    signature = styles[docx_exporter.STYLE_SIGNATURE]
    assert signature.paragraph_format.alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT
    assert right_indents(document) == (200, 200)
    blank, signer = body_paragraphs(document)[-3:-1]
    assert text_of(blank) == "" and text_of(signer) == sample.agency


@pytest.mark.parametrize(
    ("signer", "date", "expected"),
    [
        # Date shorter: the signer 右空二字, the date starts two characters right of it.
        ("硚口区行政审批局", dt.date(2025, 1, 7), (200, 200)),
        ("淮安市人民政府办公室", dt.date(2025, 1, 7), (200, 400)),
        # Date longer than the signer: the date 右空二字, the signer moves left.
        ("某某局", dt.date(2025, 12, 31), (800, 200)),
    ],
)
def test_signature_of_other_lengths(
    signer: str, date: dt.date, expected: tuple[int, int], sample: Report, tmp_path: Path
) -> None:
    report = dataclasses.replace(sample, signer=signer, report_date=date)
    path = tmp_path / "signed.docx"
    docx_exporter.write(report, path, draft=True)
    document = open_docx(path)
    assert right_indents(document) == expected
    assert text_of(body_paragraphs(document)[-2]) == signer


def test_text_a_part_of_word_cannot_hold_is_dropped_not_fatal(tmp_path: Path) -> None:
    report = new_report("某局", 2024)
    report.preamble = "控制字符\x0b与\x01代理项\ud800都不能写进 XML。"
    report.sections["overview"].intro = "第一段\n\n\n第二段\t带制表符"
    path = tmp_path / "odd.docx"
    docx_exporter.write(report, path, draft=True)
    texts = [text_of(p) for p in body_paragraphs(open_docx(path))]
    assert "控制字符与代理项都不能写进 XML。" in texts
    assert "第一段" in texts and "第二段带制表符" in texts  # the tab is a w:tab


# --- house style -------------------------------------------------------------------------------


def check_east_asian_fonts(path: Path) -> int:
    """Every run with Chinese text, in the body, the headers and the footers, resolves to an
    East Asian font; returns how many runs were checked."""
    document = open_docx(path)
    resolver = FontResolver(document)
    parts = [document.element.body]
    for section in document.sections:
        for part in (
            section.header,
            section.even_page_header,
            section.footer,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    checked = 0
    for part in parts:
        for run, paragraph, text in chinese_runs(part):
            font = resolver.run_font(run, paragraph)
            assert font, f"no East Asian font for {text!r}"
            # From the paragraph's style (issue 13: the styles carry the fonts, a clerk's change
            # of a style reaches every paragraph): the runs name none.
            assert run.find(f"{W}rPr/{W}rFonts") is None, text
            checked += 1
    return checked


def test_every_chinese_run_has_an_east_asian_font(exported: Path, exported_draft: Path) -> None:
    assert check_east_asian_fonts(exported) > 100
    assert check_east_asian_fonts(exported_draft) > 50


def test_fonts_follow_the_house_style(document: Any, sample: Report) -> None:
    style = sample.style
    resolver = FontResolver(document)
    expected = {
        docx_exporter.STYLE_TITLE: style.title_font,
        docx_exporter.STYLE_BODY: style.body_font,
        docx_exporter.STYLE_HEADING1: style.heading1_font,
        docx_exporter.STYLE_HEADING2: style.heading2_font,
        docx_exporter.STYLE_SIGNATURE: style.body_font,
        docx_exporter.STYLE_TABLE: style.table_font,
    }
    seen = set()
    for paragraph in paragraphs(document):
        style_id = paragraph_style(paragraph)
        for run in paragraph.iter(f"{W}r"):
            if CJK.search(text_of(run)):
                assert style_id is not None
                assert resolver.run_font(run, paragraph) == expected[style_id]
                seen.add(style_id)
    assert seen == set(expected)
    sizes = {s.style_id: s.font.size.pt for s in document.styles if s.style_id in expected}
    assert sizes[docx_exporter.STYLE_TITLE] == style.title_size == 22
    assert sizes[docx_exporter.STYLE_BODY] == style.body_size == 16
    assert sizes[docx_exporter.STYLE_TABLE] == style.table_size == 10.5
    body = next(s for s in document.styles if s.style_id == docx_exporter.STYLE_BODY)
    assert body.paragraph_format.line_spacing.pt == pytest.approx(style.line_spacing)
    assert body.paragraph_format.line_spacing_rule == 4  # WD_LINE_SPACING.EXACTLY
    indent = body.element.find(f"{W}pPr/{W}ind")
    assert indent.get(f"{W}firstLineChars") == "200"


def test_font_table_names_a_fallback(exported: Path) -> None:
    with zipfile.ZipFile(exported) as package:
        fonts = package.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:altName w:val="仿宋"' in fonts
    assert 'w:name="方正小标宋简体"' in fonts and 'w:altName w:val="华文中宋"' in fonts
    assert 'w:charset w:val="86"' in fonts
    # Every font of the 版式 once (the body's 仿宋_GB2312 is the tables' too), in the 版式's order.
    names = re.findall(r'<w:font w:name="([^"]+)"', fonts)
    assert names == ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"]


def test_page_is_a4_with_the_house_margins(document: Any, sample: Report) -> None:
    section = document.sections[0]
    style = sample.style
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(style.margin_top, abs=0.05) == 37
    assert section.bottom_margin.mm == pytest.approx(style.margin_bottom, abs=0.05) == 35
    assert section.left_margin.mm == pytest.approx(style.margin_left, abs=0.05) == 28
    assert section.right_margin.mm == pytest.approx(style.margin_right, abs=0.05) == 26


def page_number_paragraph(footer: Any) -> Any:
    (paragraph,) = footer._element.findall(f"{W}p")
    return paragraph


@pytest.mark.parametrize("path_fixture", ["exported", "exported_draft"])
def test_page_numbers_odd_right_even_left(path_fixture: str, request: Any) -> None:
    document = open_docx(request.getfixturevalue(path_fixture))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        paragraph = page_number_paragraph(footer)
        assert paragraph.find(f"{W}pPr/{W}jc").get(f"{W}val") == side
        runs = paragraph.findall(f"{W}r")
        pieces = []
        for run in runs:
            char = run.find(f"{W}fldChar")
            instruction = run.find(f"{W}instrText")
            if char is not None:
                pieces.append(f"<{char.get(f'{W}fldCharType')}>")
            elif instruction is not None:
                pieces.append(f"[{instruction.text.strip()}]")
            else:
                pieces.append(text_of(run))
        assert pieces == ["— ", "<begin>", "[PAGE]", "<separate>", "1", "<end>", " —"]
        # The style carries the font; the runs repeat none.
        assert all(run.find(f"{W}rPr/{W}rFonts") is None for run in runs)
        assert FontResolver(document).run_font(runs[0], paragraph) == "宋体"
    number = next(s for s in document.styles if s.style_id == docx_exporter.STYLE_PAGE_NUMBER)
    assert number.font.size.pt == 14  # 四号
    assert number.font.name == "宋体"  # its digits too (四号半角宋体), not Times New Roman


def watermarks(path: Path) -> list[str]:
    document = open_docx(path)
    found = []
    section = document.sections[0]
    for header in (section.header, section.even_page_header, section.first_page_header):
        if header.is_linked_to_previous:
            continue
        for textpath in header._element.iter(f"{V}textpath"):
            if textpath.get("string"):
                found.append(textpath.get("string"))
    return found


def test_draft_has_a_watermark_on_odd_and_even_pages(exported_draft: Path) -> None:
    assert watermarks(exported_draft) == ["草稿", "草稿"]
    with zipfile.ZipFile(exported_draft) as package:
        header = package.read("word/header1.xml").decode("utf-8")
    assert "rotation:315" in header and "PowerPlusWaterMarkObject" in header


def test_final_has_no_watermark(exported: Path) -> None:
    assert watermarks(exported) == []
    with zipfile.ZipFile(exported) as package:
        names = package.namelist()
        core = package.read("docProps/core.xml").decode("utf-8")
    assert not any(name.startswith("word/header") for name in names)
    assert "草稿" not in core and "正式版" in core


def test_changed_style_reaches_the_document(sample: Report, tmp_path: Path) -> None:
    report = sample.copy()
    report.style = dataclasses.replace(
        DocumentStyle(),
        margin_top=30,
        margin_left=25.5,
        body_font="宋体",
        body_size=15,
        heading1_font="方正黑体_GBK",
        line_spacing=30,
        table_size=9,
    )
    path = tmp_path / "style.docx"
    export_report(report, path)
    document = open_docx(path)
    section = document.sections[0]
    assert section.top_margin.mm == pytest.approx(30, abs=0.05)
    assert section.left_margin.mm == pytest.approx(25.5, abs=0.05)
    styles = {s.style_id: s for s in document.styles}
    body = styles[docx_exporter.STYLE_BODY]
    assert body.font.size.pt == 15
    assert body.paragraph_format.line_spacing.pt == 30
    assert styles[docx_exporter.STYLE_TABLE].font.size.pt == 9
    resolver = FontResolver(document)
    assert resolver.style_font(docx_exporter.STYLE_BODY) == "宋体"
    assert resolver.style_font(docx_exporter.STYLE_HEADING1) == "方正黑体_GBK"
    tables = document.tables
    width = round((210 - 25.5 - 26) * TWIPS_PER_MM)
    assert sum(int(c.get(f"{W}w")) for c in tables[0]._tbl.tblGrid.findall(f"{W}gridCol")) == width


# --- final and draft ---------------------------------------------------------------------------


def test_final_export_is_refused_while_the_report_has_errors(tmp_path: Path) -> None:
    report = new_report("某局", 2024)
    target = tmp_path / "final.docx"
    with pytest.raises(ExportRefused) as refused:
        export_report(report, target)
    assert refused.value.errors and "草稿" in str(refused.value)
    assert not target.exists()
    export_report(report, target, draft=True)
    assert watermarks(target) == ["草稿", "草稿"]


def test_command_line_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.docx"
    assert main.main(["export", str(SAMPLE), "-o", str(out)]) == 0
    assert "正式版" in capsys.readouterr().out
    assert watermarks(out) == []
    broken = new_report("某局", 2024)
    source = tmp_path / "broken.gknb"
    project_file.save(broken, source)
    refused = tmp_path / "refused.docx"
    assert main.main(["export", str(source), "-o", str(refused)]) == 1
    err = capsys.readouterr().err
    assert "不能导出正式版" in err and "[错误]" in err
    assert not refused.exists()
    assert main.main(["export", str(source), "-o", str(refused), "--draft"]) == 0
    assert watermarks(refused) == ["草稿", "草稿"]


def test_export_to_an_unwritable_place_is_a_chinese_error(sample: Report, tmp_path: Path) -> None:
    from models.files import FileProblem

    with pytest.raises(FileProblem) as problem:
        export_report(sample, tmp_path / "no such folder" / "out.docx")
    assert "文件夹不存在" in str(problem.value)


def test_the_package_is_complete_and_well_formed(exported_draft: Path) -> None:
    from xml.dom import minidom

    with zipfile.ZipFile(exported_draft) as package:
        assert package.testzip() is None
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        types = package.read("[Content_Types].xml").decode("utf-8")
        for name in names:
            if name.endswith(".xml") and name != "[Content_Types].xml":
                assert f'PartName="/{name}"' in types, name
            if name.endswith((".xml", ".rels")):
                minidom.parseString(package.read(name))  # well-formed


def test_writing_needs_no_python_docx() -> None:
    """The writer builds the XML itself (python-docx and lxml are the readers'); Qt is used
    only to measure where the tables break (exporters.docx.page_breaks)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import tempfile\n"
        "from models import project_file\n"
        "from exporters import export_report\n"
        f"report = project_file.load(Path({str(SAMPLE)!r}))\n"
        "with tempfile.TemporaryDirectory() as folder:\n"
        "    export_report(report, Path(folder) / 'x.docx')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml')]\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_away_from_the_gui_thread_labels_stay_one_merge(sample: Report, tmp_path: Path) -> None:
    """Qt's fonts belong to the GUI thread: a .docx written in another thread is not paged,
    and its labels are the template's merges, whole."""
    import threading

    path = tmp_path / "thread.docx"
    worker = threading.Thread(target=export_report, args=(sample, path))
    worker.start()
    worker.join()
    table = read_table(open_docx(path).tables[TABLES.index(TABLE_3)])
    assert len(table.regions) == len(rejoined(table.regions))


# --- LibreOffice -------------------------------------------------------------------------------


def spread_in(label: str, text: str, slack: int = 80) -> bool:
    """``label`` appears in ``text``, its characters in order within ``slack`` extra characters:
    the text is read line by line across a table, so a label wrapped in a narrow cell (自然 /
    人) comes out interleaved with its neighbours' lines."""
    if label in text:
        return True
    start = text.find(label[0])
    while start >= 0:
        position, ok = start, True
        for char in label[1:]:
            position = text.find(char, position + 1, start + len(label) + slack)
            if position < 0:
                ok = False
                break
        if ok:
            return True
        start = text.find(label[0], start + 1)
    return False


@pytest.mark.slow
def test_libreoffice_converts_the_export_to_pdf(
    exported: Path, sample: Report, tmp_path: Path
) -> None:
    program = libreoffice.soffice()
    if program is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed here; CI installs "
            "libreoffice-writer-nogui (.ci/run)"
        )
    source = tmp_path / "sample.docx"
    shutil.copy(exported, source)
    pdf = libreoffice.convert(program, source, "pdf", tmp_path)
    text = pdf_text.text(pdf)
    flat = normal(text)
    assert normal(sample.title) in flat
    for section in sample.format.sections:
        assert normal(section.heading) in flat, section.heading
    missing = []
    for spec in TABLES:
        for g in spec.grid_cells:
            if g.cell is None and g.text and not spread_in(normal(g.text), flat):
                missing.append(g.text)
    assert missing == []
    assert "2025年1月7日" in flat
    assert pdf_text.page_count(pdf) >= 4
    assert "— 1 —" in text or "—1—" in flat


def test_dates_are_written_without_padding() -> None:
    assert format_date(dt.date(2025, 1, 7)) == "2025年1月7日"


# --- issue 13: the grid, the fonts in the styles, the page number -------------------------------


def package_part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def test_line_grid_and_condensed_body_give_22_lines_of_28(exported: Path, sample: Report) -> None:
    """A line grid of the fixed line spacing, the body condensed so that 28 characters fit the
    156 mm (models.document.layout.text_grid); no automatic space between Chinese and digits."""
    document = package_part(exported, "word/document.xml")
    assert '<w:docGrid w:type="lines" w:linePitch="579"/>' in document
    styles = package_part(exported, "word/styles.xml")
    assert styles.count('<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>') == 2
    lines = text_grid(sample.style)
    assert (lines.lines, lines.chars, lines.char_spacing) == (22, 28, -0.25)
    assert lines.chars * lines.advance <= sample.style.text_width * 72 / 25.4
    body = re.search(rf'w:styleId="{docx_exporter.STYLE_BODY}".*?</w:style>', styles)
    assert body and '<w:spacing w:val="-5"/>' in body.group(0)


def test_a_changed_page_changes_the_grid() -> None:
    wide = text_grid(DocumentStyle(margin_left=20, margin_right=20, body_size=15))
    assert wide.chars == round((210 - 40) * 72 / 25.4 / 15)
    assert wide.chars * wide.advance <= (210 - 40) * 72 / 25.4


def test_runs_repeat_no_font_the_style_has(exported: Path) -> None:
    """Before issue 13 every run and paragraph mark named its fonts (688 rFonts in the sample's
    document.xml); now only the styles do."""
    for name in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        assert "<w:rFonts" not in package_part(exported, name), name


def test_digits_are_times_new_roman_and_headings_have_outline_levels(document: Any) -> None:
    styles = {s.style_id: s.element for s in document.styles}
    for style_id in (
        docx_exporter.STYLE_BODY,
        docx_exporter.STYLE_HEADING1,
        docx_exporter.STYLE_HEADING2,
        docx_exporter.STYLE_SIGNATURE,
        docx_exporter.STYLE_TABLE,
    ):
        fonts = styles[style_id].find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == "Times New Roman", style_id
    for style_id, level in (
        (docx_exporter.STYLE_HEADING1, "0"),
        (docx_exporter.STYLE_HEADING2, "1"),
    ):
        assert styles[style_id].find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == level


def test_footer_puts_the_page_number_7_mm_below_the_text_block(document: Any) -> None:
    section = document.sections[0]
    style = DocumentStyle()
    line = 14 * 1.25 * 25.4 / 72
    middle_below_block = style.margin_bottom - section.footer_distance.mm - line / 2
    assert middle_below_block == pytest.approx(7.0, abs=0.05)


def test_table_rows_never_split_and_table_breaks_are_kept(document: Any, sample: Report) -> None:
    """Every row cantSplit; 表二 breaks only between its 第二十条 parts (a caption row never
    ends a page); 表三's header and first row stay together, and further rows only where a
    break would cut a merged row label shorter than its text, as in the PDF's layout."""
    from exporters.docx.page_breaks import table_paging

    paging = table_paging(sample)
    for index, spec in enumerate(TABLES):
        rows = document.tables[index]._tbl.tr_lst
        assert all(tr.trPr.find(f"{W}cantSplit") is not None for tr in rows)
        kept = [
            all(p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(f"{W}p")) for tr in rows
        ]
        if spec.key == "t2":
            captions = [r for r, tr in enumerate(rows) if "第二十条" in "".join(tr.itertext())]
            assert all(kept[r] for r in captions)
            assert [r for r, k in enumerate(kept) if not k] == [c - 1 for c in captions[1:]] + [
                len(rows) - 1
            ]
        if spec.key == "t3":
            # The three header rows keep with the next: they go with the first row of values.
            assert kept[:3] == [True] * 3 and kept == paging[spec.key].kept
            labels = [g for g in spec.grid_cells if g.role == "label" and g.row_span > 1]
            for r in range(3, len(kept)):
                if kept[r]:
                    assert any(g.row <= r < g.row + g.row_span - 1 for g in labels), r
