"""The Excel exchange: the exported workbook looks like the official tables and checks itself; it
comes back in unchanged, also after WPS-style edits; foreign and damaged files are refused in
Chinese.  The LibreOffice tests recalculate the workbook as Excel or WPS would on opening."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exporters import ExportRefused, export_report, read_report, xlsx
from exporters.xlsx import reader as xlsx_reader
from models import project_file
from models.files import FileProblem
from models.format.format2021 import FORMAT_2021
from models.format.spec import BASIC_FIELDS, TableSpec
from models.report import Report, new_report
from tests import libreoffice
from tests.bench import complete_report
from tests.conftest import REPO, SAMPLE

TABLES = FORMAT_2021.tables


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


def export(report: Report, folder: Path, name: str = "表格.xlsx", *, draft: bool = True) -> Path:
    path = folder / name
    xlsx.write(report, path, draft=draft)
    return path


def address(row: int, column: int) -> str:
    """The worksheet address of grid cell (row, column)."""
    return f"{get_column_letter(column + 1)}{xlsx.GRID_TOP + row}"


def places_of(table: TableSpec) -> dict[str, str]:
    """The worksheet address of each value cell of ``table``, by cell id."""
    return {cell_id: address(*at) for cell_id, at in table.grid_place.items()}


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- the workbook as a person sees it -------------------------------------------------------------


def test_sheets_and_the_hidden_marker(sample: Report, tmp_path: Path) -> None:
    book = load_workbook(export(sample, tmp_path))
    assert book.sheetnames == [xlsx.BASIC_SHEET, *(t.name for t in TABLES), xlsx.META_SHEET]
    assert book[xlsx.META_SHEET].sheet_state == "veryHidden"
    assert book.security.lockStructure and not book.security.workbookPassword
    assert all(book[t.name].sheet_state == "visible" for t in TABLES)
    meta = {row[0]: row[1] for row in book[xlsx.META_SHEET].iter_rows(values_only=True)}
    assert meta["kind"] == xlsx.MARKER and meta["format"] == FORMAT_2021.id
    names = set(book.defined_names)
    assert {xlsx.name_of(c.id) for c in FORMAT_2021.cells} <= names
    assert xlsx.name_of("agency") in names


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_layout_is_the_official_grid(sample: Report, tmp_path: Path, table) -> None:
    sheet = load_workbook(export(sample, tmp_path))[table.name]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    section = next(s for s in FORMAT_2021.sections if s.table is table)
    assert section.heading in str(sheet["A1"].value)
    for g in table.grid_cells:
        cell = sheet[address(g.row, g.column)]
        if g.role != "value":
            assert cell.value == g.text, (g, cell.value)  # labels exactly, line breaks included
            assert cell.protection.locked
        if g.row_span > 1 or g.column_span > 1:
            end = address(g.row + g.row_span - 1, g.column + g.column_span - 1)
            assert f"{address(g.row, g.column)}:{end}" in merged
        if g.shaded:
            assert cell.fill.fgColor.rgb.endswith("D9D9D9")
        assert cell.border.left.style == "thin"
    # The format's column weights give the widths, the grid fits A4 portrait.
    widths = [
        sheet.column_dimensions[get_column_letter(i + 1)].width for i in range(table.grid_columns)
    ]
    weights = table.column_weights
    assert widths[0] / widths[-1] == pytest.approx(weights[0] / weights[-1], rel=0.01)
    assert sheet.page_setup.paperSize is not None
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.fitToWidth == 1
    setup = sheet.sheet_properties.pageSetUpPr
    assert setup is not None and setup.fitToPage
    assert sheet.protection.sheet and not sheet.protection.password


def test_values_totals_and_checks(sample: Report, tmp_path: Path) -> None:
    book = load_workbook(export(sample, tmp_path))
    for table in TABLES:
        sheet = book[table.name]
        places = places_of(table)
        for spec in table.cells:
            cell = sheet[places[spec.id]]
            if spec.computed:
                assert str(cell.value).startswith("=IF(COUNT("), spec.id
                assert cell.protection.locked
            else:
                expected = sample.values[spec.id]
                assert cell.value == (
                    float(expected) if isinstance(expected, Decimal) else expected
                )
                assert not cell.protection.locked
    t3 = book["表三"]
    t3_places = places_of(TABLES[1])
    # 总计 of the first row adds the six applicant columns, as one range.
    first, last = t3_places["t3.new.natural"], t3_places["t3.new.other_org"]
    assert f"SUM({first}:{last})" in t3[t3_places["t3.new.total"]].value
    # （七）总计 adds the 21 result rows down its column.
    top, bottom = t3_places["t3.disclosed.natural"], t3_places["t3.other_other.natural"]
    assert f"SUM({top}:{bottom})" in t3[t3_places["t3.result_total.natural"]].value
    checks = [
        c
        for row in t3.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=IF(COUNT(") and "✓" in c.value
    ]
    # A check per row (25), per column for （七）总计 (7) and for the 勾稽 note (7).
    assert len(checks) == 25 + 7 + 7
    t4 = book["表四"]
    t4_checks = [
        c
        for row in t4.iter_rows()
        for c in row
        if isinstance(c.value, str) and "✓" in c.value and c.value.startswith("=IF(COUNT")
    ]
    assert len(t4_checks) == 3
    t2 = book["表二"]
    assert not any(
        isinstance(c.value, str) and "✓" in c.value for row in t2.iter_rows() for c in row
    )


def test_a_total_that_disagrees_is_kept_as_written(sample: Report, tmp_path: Path) -> None:
    report = sample.copy()
    report.values["t3.new.total"] = 99
    path = export(report, tmp_path)
    table = TABLES[1]
    places = places_of(table)
    assert load_workbook(path)["表三"][places["t3.new.total"]].value == 99
    assert read_report(path).report.values == report.values


def test_the_title_without_an_agency_is_the_formats_words_alone(tmp_path: Path) -> None:
    report = new_report()
    report.year = 2024
    sheet = load_workbook(export(report, tmp_path))[xlsx.BASIC_SHEET]
    assert sheet["A1"].value == report.format.document_title("", 2024) + "（草稿）"
    assert sheet["A1"].value == "政府信息公开工作年度报告（草稿）"
    report.agency = "某局"
    sheet = load_workbook(export(report, tmp_path, "有机关.xlsx", draft=False))[xlsx.BASIC_SHEET]
    assert sheet["A1"].value == report.title == "某局2024年政府信息公开工作年度报告"


def test_text_that_looks_like_a_formula_stays_text(sample: Report, tmp_path: Path) -> None:
    for text in ('=HYPERLINK("http://x","点我")', "+1", "-2", "@SUM(A1)", "=1+1局"):
        report = sample.copy()
        report.agency = text
        report.address = text
        path = export(report, tmp_path, f"{len(text)}.xlsx")
        sheet = load_workbook(path)[xlsx.BASIC_SHEET]
        cell = sheet["B3"]
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix
        back = read_report(path).report
        assert (back.agency, back.address) == (text, text)
        with zipfile.ZipFile(path) as package:
            sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml  # the basic sheet has no formula at all


def test_characters_a_workbook_cannot_hold_are_left_out(sample: Report, tmp_path: Path) -> None:
    report = sample.copy()
    report.agency = "某\x0b局\ud800"
    report.phone = "027\x00-1234"
    back = read_report(export(report, tmp_path)).report
    assert (back.agency, back.phone) == ("某局", "027-1234")


def test_final_export_refused_with_errors(tmp_path: Path) -> None:
    with pytest.raises(ExportRefused):
        export_report(new_report("某局", 2024), tmp_path / "x.xlsx")
    export_report(new_report("某局", 2024), tmp_path / "x.xlsx", draft=True)
    assert "草稿" in load_workbook(tmp_path / "x.xlsx")["表三"]["A1"].value


# --- round trips ----------------------------------------------------------------------------------


def assert_same_tables(a: Report, b: Report) -> None:
    assert a.values == b.values
    assert {k: type(v) for k, v in a.values.items()} == {k: type(v) for k, v in b.values.items()}
    fields = [key for key, _ in BASIC_FIELDS]
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]


def test_round_trip_sample(sample: Report, tmp_path: Path) -> None:
    result = read_report(export(sample, tmp_path))
    assert result.notes == []
    assert_same_tables(sample, result.report)


def test_the_signer_is_on_the_basic_sheet_and_read_back(sample: Report, tmp_path: Path) -> None:
    report = sample.copy()
    report.signer = "硚口区人民政府办公室"
    path = export(report, tmp_path)
    sheet = load_workbook(path)[xlsx.BASIC_SHEET]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["落款单位"] == "硚口区人民政府办公室"
    assert read_report(path).report.signer == "硚口区人民政府办公室"


def test_a_workbook_from_before_the_signer_still_reads(sample: Report, tmp_path: Path) -> None:
    """Written by a version without 落款单位: no defined name, no hidden row for it."""
    path = export(sample, tmp_path)
    book = load_workbook(path)
    del book.defined_names[xlsx.name_of("signer")]
    meta = book[xlsx.META_SHEET]
    for row in range(meta.max_row, 0, -1):
        if meta.cell(row, 2).value == "signer":
            meta.delete_rows(row)
    book.save(path)
    back = read_report(path).report
    assert back.signer == ""
    assert back.agency == sample.agency and back.report_date == sample.report_date


def test_round_trip_full_report(tmp_path: Path) -> None:
    report = complete_report()
    report.values["t2.fees.amount"] = Decimal("0.0001")
    result = read_report(export(report, tmp_path))
    assert_same_tables(report, result.report)


def test_round_trip_blank_stays_blank(tmp_path: Path) -> None:
    report = new_report()
    report.values["t3.new.natural"] = 0
    report.recompute_totals()
    back = read_report(export(report, tmp_path)).report
    assert back.values["t3.new.natural"] == 0
    assert back.values["t3.new.total"] == 0
    assert back.values["t3.new.business"] is None
    assert back.values["t3.result_total.total"] is None
    assert sum(v is None for v in back.values.values()) == len(back.values) - 2
    assert (back.agency, back.year, back.report_date) == ("", None, None)


# --- edits as people make them in WPS or Excel --------------------------------------------------


def edit(path: Path, changes: dict[str, object]) -> None:
    """Write values into cells named by cell id (or basic field), as a person would type them,
    and save the way a program without a calculation engine does."""
    book = load_workbook(path)
    for key, value in changes.items():
        sheet, where = next(iter(book.defined_names[xlsx.name_of(key)].destinations))
        book[sheet][where.replace("$", "")].value = value
    book.save(path)


def test_wps_style_edits_are_read_through_parse_value(sample: Report, tmp_path: Path) -> None:
    path = export(sample, tmp_path)
    edit(
        path,
        {
            "t3.new.natural": "１２",  # full-width digits, as text
            "t3.new.business": " 3 ",  # a number typed as text
            "t2.license.decisions": "107,345",  # thousands separator
            "t2.penalty.decisions": 4.0,  # a float from a spreadsheet
            "t2.fees.amount": 240.91990000000001,
            "t2.enforcement.decisions": "5件",
            "agency": "  改过的局 ",
            "year": "２０２４",
            "report_date": "2025年2月3日",
        },
    )
    result = read_report(path)
    back = result.report
    assert result.notes == []
    assert back.values["t3.new.natural"] == 12
    assert back.values["t3.new.business"] == 3
    assert back.values["t2.license.decisions"] == 107345
    assert back.values["t2.penalty.decisions"] == 4
    assert back.values["t2.fees.amount"] == Decimal("240.9199")
    assert back.values["t2.enforcement.decisions"] == 5
    # The totals were formulas never worked out (saved by openpyxl): recomputed from the parts.
    assert back.values["t3.new.total"] == 12 + 3
    assert (back.agency, back.year, back.report_date) == ("改过的局", 2024, dt.date(2025, 2, 3))


def test_a_typed_over_total_is_read_as_typed(sample: Report, tmp_path: Path) -> None:
    path = export(sample, tmp_path)
    edit(path, {"t3.new.total": "7", "t4.cases.review_total": None})
    back = read_report(path).report
    assert back.values["t3.new.total"] == 7  # kept: the checks will show it does not add up
    assert back.values["t4.cases.review_total"] is None  # blank stays blank, never 0


def test_bad_input_is_left_blank_with_a_note(sample: Report, tmp_path: Path) -> None:
    path = export(sample, tmp_path)
    edit(
        path,
        {
            "t3.new.natural": "abc",
            "t3.carried_in.natural": "/",
            "t3.disclosed.natural": -1,
            "t2.rules.issued": 1.5,
            "year": "明年",
            "t3.partly.natural": "=1+1",
        },
    )
    result = read_report(path)
    values = result.report.values
    assert values["t3.new.natural"] is None and values["t3.carried_in.natural"] is None
    assert values["t3.disclosed.natural"] is None and values["t2.rules.issued"] is None
    assert values["t3.partly.natural"] is None
    assert result.report.year is None
    assert len(result.notes) == 6
    assert all(chinese(n) for n in result.notes)
    assert any("“abc”不是数字" in n for n in result.notes)
    assert any("没有它的计算结果" in n for n in result.notes)


def test_reading_goes_by_the_names_not_the_labels(sample: Report, tmp_path: Path) -> None:
    """Labels rewritten and the hidden sheet's addresses wrong: the defined names still find
    every cell.  Without names, the hidden sheet does."""
    path = export(sample, tmp_path)
    book = load_workbook(path)
    for table in TABLES:
        sheet = book[table.name]
        for g in table.grid_cells:
            if g.role != "value":
                sheet[address(g.row, g.column)].value = "改掉的标签"
    for row in book[xlsx.META_SHEET].iter_rows():
        if row[0].value == "cell":
            row[3].value = "Z99"
    book.save(path)
    assert read_report(path).report.values == sample.values

    path = export(sample, tmp_path, "无名称.xlsx")
    book = load_workbook(path)
    for name in list(book.defined_names):
        del book.defined_names[name]
    book.save(path)
    assert read_report(path).report.values == sample.values


# --- amounts to the fen (1 分 = 0.000001 万元) ----------------------------------------------------

FEES = ["5949.088667", "4166.24162", "1.50", "12", "0"]
"""Six places (平潭 2023), five, trailing zeros as written, whole amounts."""


def fee_cell(path: Path) -> Any:
    book = load_workbook(path)
    sheet, where = next(iter(book.defined_names[xlsx.name_of("t2.fees.amount")].destinations))
    return book[sheet][where.replace("$", "")]


@pytest.mark.parametrize("fee", FEES)
def test_an_amount_is_shown_and_read_back_as_written(fee: str, tmp_path: Path) -> None:
    report = complete_report()
    report.values["t2.fees.amount"] = Decimal(fee)
    path = export(report, tmp_path)
    cell = fee_cell(path)
    assert cell.value == float(fee)
    # Every place written is shown (0.0### showed 5949.0887), up to six whatever is typed.
    places = len(fee.partition(".")[2])
    assert cell.number_format == "0." + "0" * max(1, places) + "#" * (6 - max(1, places))
    back = read_report(path).report.values["t2.fees.amount"]
    assert str(back) == fee
    assert_same_tables(report, read_report(path).report)


def test_amounts_typed_in_a_spreadsheet_with_five_six_and_seven_places(tmp_path: Path) -> None:
    path = export(complete_report(), tmp_path)
    for typed, expected in ((5949.088667, "5949.088667"), (240.91991, "240.91991")):
        edit(path, {"t2.fees.amount": typed})
        assert str(read_report(path).report.values["t2.fees.amount"]) == expected
    edit(path, {"t2.fees.amount": 5949.0886671})
    result = read_report(path)
    assert result.report.values["t2.fees.amount"] is None  # refused, never rounded
    (note,) = result.notes
    assert "有 7 位小数" in note and "最多保留 6 位小数" in note and "已留空" in note


def test_the_checks_of_the_workbook_compare_to_the_fen(sample: Report, tmp_path: Path) -> None:
    book = load_workbook(export(sample, tmp_path))
    formulas = [
        str(c.value)
        for name in ("表三", "表四")
        for row in book[name].iter_rows()
        for c in row
        if str(c.value).startswith("=IF(COUNT(") and "✓" in str(c.value)
    ]
    assert formulas and all("ROUND(" in f and ",6)" in f and ",4)" not in f for f in formulas)
    validations = book["表二"].data_validations.dataValidation
    assert any("最多保留 6 位小数" in (v.error or "") for v in validations)


# --- files that are not ours, or damaged ----------------------------------------------------------


def refused(path: Path) -> str:
    with pytest.raises(FileProblem) as caught:
        read_report(path)
    message = str(caught.value)
    assert chinese(message) and path.name in message
    return message


def test_a_foreign_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "别人的表格.xlsx"
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet["A1"] = "信息内容"
    book.save(path)
    assert "不是年报助手导出的 Excel 表格" in refused(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "文件是空的"),
        (b"not a zip at all", "不是 Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel（.xls）"),
        (b"PK\x03\x04broken", "不是 Excel 工作簿"),
    ],
)
def test_damaged_files_are_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "坏表格.xlsx"
    path.write_bytes(content)
    assert expected in refused(path)


def test_a_truncated_workbook_is_refused(sample: Report, tmp_path: Path) -> None:
    path = export(sample, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    refused(path)


def test_a_zip_with_other_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "压缩包.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "hello")
    assert "不是 Excel 工作簿" in refused(path)


def bomb(path: Path, sheet: bytes, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workbook at ``path`` whose sheet is ``sheet``, which openpyxl must never be given."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", sheet)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was given the bomb")

    monkeypatch.setattr(xlsx_reader, "load_workbook", never)
    return path


def test_a_zip_bomb_is_refused_before_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = b"\0" * (xlsx.MAX_UNPACKED_BYTES + 1)
    path = bomb(tmp_path / "炸弹.xlsx", sheet, monkeypatch)
    assert path.stat().st_size < 1_000_000
    assert "解压后超过" in refused(path)


def test_a_zip_bomb_by_ratio_is_refused_before_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member far more compressed than any real sheet, though well under the size limits."""
    path = bomb(tmp_path / "炸弹.xlsx", b"<" + b" " * (8 * 1024 * 1024), monkeypatch)
    assert path.stat().st_size < 100_000
    assert "压缩炸弹" in refused(path)


def test_an_encrypted_workbook_is_refused(sample: Report, tmp_path: Path) -> None:
    """Excel saves a workbook with an open password as an OLE file; a zip may also mark its
    members encrypted."""
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    assert "加了密码的工作簿" in refused(path)
    plain = export(sample, tmp_path)
    data = bytearray(plain.read_bytes())
    start = 0  # set the "encrypted" flag in every central-directory entry
    while (index := data.find(b"PK\x01\x02", start)) >= 0:
        data[index + 8] |= 0x01
        start = index + 4
    path.write_bytes(bytes(data))
    message = refused(path)
    assert "已加密" in message and "取消密码" in message


def test_a_workbook_with_a_sheet_deleted_is_refused(sample: Report, tmp_path: Path) -> None:
    path = export(sample, tmp_path)
    book = load_workbook(path)
    del book["表三"]
    book.save(path)
    assert "缺少工作表“表三”" in refused(path)


def test_a_workbook_from_a_newer_version_is_refused(sample: Report, tmp_path: Path) -> None:
    path = export(sample, tmp_path)
    book = load_workbook(path)
    book[xlsx.META_SHEET]["B2"] = xlsx.FILE_VERSION + 1
    book.save(path)
    assert "更新版本" in refused(path)


def test_an_unreadable_workbook_via_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "别人的表格.xlsx"
    Workbook().save(path)
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            "import",
            str(path),
            "-o",
            str(tmp_path / "x.gknb"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    assert result.returncode == 2
    assert "不是年报助手导出的 Excel 表格" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_and_import_through_the_command_line(tmp_path: Path) -> None:
    def run(*args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(REPO / "main.py"), *map(str, args)],
            cwd=REPO,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        )

    out = tmp_path / "表格.xlsx"
    assert run("export", SAMPLE, "-o", out).returncode == 0
    assert run("check", out).returncode == 1  # the workbook has the tables, not the texts
    back = tmp_path / "回来.gknb"
    assert run("import", out, "-o", back).returncode == 0
    assert project_file.load(back).values == project_file.load(SAMPLE).values


# --- recalculated by LibreOffice, as Excel and WPS do on opening ----------------------------------


def recalculated(path: Path, tmp_path: Path) -> Path:
    """The workbook opened, recalculated and saved again by LibreOffice Calc."""
    return libreoffice.convert(libreoffice.needed(), path, "xlsx", tmp_path / "recalculated")


def shown(path: Path) -> dict[str, dict[str, object]]:
    """Every non-empty cell's shown value, by sheet and address."""
    book = load_workbook(path, data_only=True)
    return {
        sheet.title: {
            c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None
        }
        for sheet in book.worksheets
    }


def check_cells(path: Path) -> dict[str, list[str]]:
    """The addresses of the check cells (formulas that show ✓ or ✗) by sheet."""
    book = load_workbook(path)
    return {
        t.name: [
            c.coordinate
            for row in book[t.name].iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.startswith("=IF(COUNT(") and "✓" in c.value
        ]
        for t in TABLES
    }


@pytest.mark.slow
def test_libreoffice_agrees_with_the_totals_and_checks(sample: Report, tmp_path: Path) -> None:
    reports = {"sample": sample, "full": complete_report()}
    for name, report in reports.items():
        path = export(report, tmp_path, f"{name}.xlsx")
        values = shown(recalculated(path, tmp_path))
        totals = report.computed_totals()
        for table in TABLES:
            places = places_of(table)
            for cell in table.cells:
                if cell.computed:
                    assert values[table.name][places[cell.id]] == totals[cell.id], cell.id
            for where in check_cells(path)[table.name]:
                assert values[table.name][where] == "✓", (name, table.name, where)
        assert str(values["表三"]["F2"]).startswith("✓")
        assert values["表三"]["A2"] == f"填报单位：{report.agency}　　报告年度：{report.year}"


@pytest.mark.slow
def test_libreoffice_shows_the_broken_relations(sample: Report, tmp_path: Path) -> None:
    report = sample.copy()
    report.values["t3.new.natural"] = 6  # one more new application than were handled
    report.recompute_totals()
    report.values["t4.cases.review_total"] = 3  # a total that does not add up
    report.values["t3.carried_in.research"] = None  # a blank
    path = export(report, tmp_path)
    values = shown(recalculated(path, tmp_path))
    t3 = places_of(TABLES[1])
    t4 = places_of(TABLES[2])
    checks = {
        t: {where: values[t][where] for where in cells} for t, cells in check_cells(path).items()
    }
    bad3 = {w: v for w, v in checks["表三"].items() if v != "✓"}
    bad4 = {w: v for w, v in checks["表四"].items() if v != "✓"}
    assert all(str(v).startswith("✗") for v in (*bad3.values(), *bad4.values()))
    # 表三: the balance of 自然人 (under its column), and the blank's row and column.
    natural_column = t3["t3.new.natural"].rstrip("0123456789")
    research_column = t3["t3.new.research"].rstrip("0123456789")
    assert {w.rstrip("0123456789") for w in bad3} >= {natural_column, research_column}
    assert any(v == "✗ 相差 1" for v in bad3.values())
    assert any("空白" in str(v) for v in bad3.values())
    # 表四: the 行政复议 group only.
    review_total_column = t4["t4.cases.review_total"].rstrip("0123456789")
    assert [w.rstrip("0123456789") for w in bad4] == [review_total_column]
    assert bad4[next(iter(bad4))] == "✗ 相差 3"
    assert str(values["表三"]["F2"]).startswith("✗")
    assert str(values["表四"]["H2"]).startswith("✗ 有 1 处")


@pytest.mark.slow
def test_a_workbook_saved_by_libreoffice_comes_back_unchanged(
    sample: Report, tmp_path: Path
) -> None:
    """Shown (cached) values are read, the names survive a re-save."""
    result = read_report(recalculated(export(sample, tmp_path), tmp_path))
    assert result.notes == []
    assert_same_tables(sample, result.report)


@pytest.mark.slow
def test_a_number_typed_as_text_counts_in_the_totals(sample: Report, tmp_path: Path) -> None:
    """Excel, WPS and LibreOffice leave a number typed as text out of their sums; reading
    takes it, so the total follows its parts and a note says the workbook showed otherwise."""
    path = export(sample, tmp_path)
    edit(path, {"t3.new.natural": "５"})  # what the sample holds, typed full-width as text
    path = recalculated(path, tmp_path)
    t3 = places_of(TABLES[1])
    assert shown(path)["表三"][t3["t3.new.total"]] == 1  # LibreOffice left the 5 out
    result = read_report(path)
    assert_same_tables(sample, result.report)
    assert any("显示为 1，按各项相加却是 6" in note for note in result.notes), result.notes


@pytest.mark.slow
def test_amounts_to_the_fen_survive_a_resave_by_libreoffice(tmp_path: Path) -> None:
    """Saved again as a spreadsheet program saves it (the number a binary float, its format
    kept): six places come back exactly, and 1.50 keeps its zero."""
    for fee in ("5949.088667", "1.50", "4166.241610"):
        report = complete_report()
        report.values["t2.fees.amount"] = Decimal(fee)
        path = recalculated(export(report, tmp_path, f"{fee}.xlsx"), tmp_path)
        assert str(read_report(path).report.values["t2.fees.amount"]) == fee


def test_workbook_bytes_are_a_valid_zip(sample: Report) -> None:
    data = xlsx.workbook_bytes(sample)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
