"""批量审核 (`main.py review`): a folder of many units' reports — good ones, broken ones, two years
of one agency, a 2019-format one, documents that are not reports — read into a workbook (and a
PDF) that is opened again and read back; the pairing (names of one agency written otherwise too),
the exit codes, a cancelled run and the process pool."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import main
from exporters import READERS, docx, findings_for, read_report
from exporters.xlsx import review as review_workbook
from models import project_file
from models.batch import review
from models.checks.tables import RULES, Severity
from models.files import FileProblem, NotAReport
from models.format.format2019_tables import TABLE_2_MARKERS
from models.format.format2021 import TABLE_2
from models.report import Report
from tests import pdf_text
from tests.conftest import SAMPLE
from tests.docx_tools import replace_table

CARRY_OVER = RULES["previous.carry_over"].title
DEPARTMENT = "硚口区行政审批局"
STREET = "硚口区汉中街道办事处"
GOVERNMENT = "武汉市硚口区人民政府"
OLD_FORMAT = "硚口区统计局"

TABLE_2_2019 = [
    ["第二十条第（一）项"],
    ["信息内容", TABLE_2_MARKERS[0], TABLE_2_MARKERS[1], TABLE_2_MARKERS[2]],
    ["规章", "2", "2", "30"],
    ["规范性文件", "5", "5", "40"],
    ["第二十条第（五）项"],
    ["信息内容", TABLE_2_MARKERS[3], TABLE_2_MARKERS[4], "处理决定数量"],
    ["行政许可", "10", "+1", "1200"],
    ["第二十条第（八）项"],
    ["信息内容", TABLE_2_MARKERS[3], TABLE_2_MARKERS[4]],
    ["行政事业性收费", "4", "-1"],
]
"""A 2019 表二 as published 2019 reports have it (its labels from
models.format.format2019_tables)."""


# --- the reports ----------------------------------------------------------------------------------


def sample() -> Report:
    return project_file.load(SAMPLE)


def report_of(agency: str, year: int = 2024) -> Report:
    report = sample()
    report.agency = agency
    if year != report.year:
        report.year = year
        report.report_date = dt.date(year + 1, 1, 7)
        for section in report.sections.values():
            section.intro = section.intro.replace("2024", str(year))
            for part in section.parts:
                part.text = part.text.replace("2024", str(year))
        report.preamble = report.preamble.replace("2024", str(year))
    return report


def last_year_carrying(report: Report, more: int = 2) -> Report:
    """Last year's report of ``report``'s agency, consistent in itself, whose 结转下年度 is
    ``more`` higher than this year's 上年结转 for 自然人 (so the carry-over check must fire)."""
    previous = report_of(report.agency, (report.year or 2024) - 1)
    table = previous.format.table_by_key["t3"]
    carried = table.cell("carried_out", "natural").id
    new = table.cell("new", "natural").id
    previous.values[carried] = (previous.values[carried] or 0) + more
    previous.values[new] = (previous.values[new] or 0) + more
    previous.recompute_totals()
    return previous


def with_an_error(report: Report) -> Report:
    table = report.format.table_by_key["t3"]
    cell = table.cell("new", "natural").id
    report.values[cell] = (report.values[cell] or 0) + 3
    return report


def write_2019(report: Report, path: Path) -> None:
    """``report`` as a .docx whose 表二 is the 2019 one."""
    from docx import Document

    docx.write(report, path, draft=False)
    document = Document(str(path))
    replace_table(document, 0, TABLE_2_2019)
    document.save(str(path))


def make_folder(folder: Path) -> dict[str, Path]:
    """A folder as a supervising office gets it: good reports, broken ones, two years of one
    agency, a 2019-format report, a subfolder, a note and Office's lock files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "街道").mkdir()
    this_year = report_of(DEPARTMENT)
    paths = {
        "this_year": folder / "审批局2024.docx",
        "last_year": folder / "审批局2023.docx",
        "street": folder / "街道" / "汉中街道.docx",
        "government": folder / "区政府.docx",
        "old_format": folder / "统计局.docx",
        "damaged": folder / "损坏.docx",
        "unreadable": folder / "坏.gknb",
    }
    docx.write(this_year, paths["this_year"], draft=False)
    docx.write(last_year_carrying(this_year), paths["last_year"], draft=False)
    docx.write(with_an_error(report_of(STREET)), paths["street"], draft=False)
    docx.write(report_of(GOVERNMENT), paths["government"], draft=False)
    write_2019(report_of(OLD_FORMAT), paths["old_format"])
    paths["damaged"].write_bytes(b"PK\x03\x04 not a zip at all")
    paths["unreadable"].write_text("{", encoding="utf-8")
    (folder / "说明.txt").write_text("各单位报告", encoding="utf-8")
    (folder / "~$审批局2024.docx").write_bytes(b"lock")
    (folder / ".隐藏.docx").write_bytes(b"hidden")
    return paths


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "各单位报告"
    make_folder(path)
    return path


# --- reading the workbook back ------------------------------------------------------------------


def header_row(sheet: Worksheet) -> int:
    for row in range(1, 20):
        if sheet.cell(row, 1).value == "序号":
            return row
    raise AssertionError("no header row")


def rows_of(sheet: Worksheet) -> list[dict[str, Any]]:
    top = header_row(sheet)
    names: list[Any] = [c.value for c in sheet[top]]
    return [
        dict(zip(names, values, strict=True))
        for values in sheet.iter_rows(min_row=top + 1, values_only=True)
    ]


def by_file(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["文件"]: row for row in rows}


def run_main(*args: str | Path) -> int:
    return main.main([str(a) for a in args])


def refusal(path: Path) -> FileProblem:
    with pytest.raises(FileProblem) as raised:
        read_report(path)
    return raised.value


def reason(path: Path) -> str:
    return str(refusal(path))


# --- the command ---------------------------------------------------------------------------------


def test_a_folder_is_reviewed_into_a_workbook(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "问题清单.xlsx"
    status = run_main("review", folder, "-o", out)
    printed = capsys.readouterr().out
    assert status == 1  # errors found
    assert f"已保存问题清单：{out}" in printed
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "问题", "统计"]
    summary = book["汇总"]
    rows = by_file(rows_of(summary))
    # Every report file is a row, the subfolder's too; the note, lock and hidden files are not.
    assert set(rows) == {
        "审批局2024.docx",
        "审批局2023.docx",
        "街道/汉中街道.docx",
        "区政府.docx",
        "统计局.docx",
        "损坏.docx",
        "坏.gknb",
    }
    head = " ".join(str(summary.cell(r, 1).value) for r in range(1, header_row(summary)))
    assert "共审核 7 份报告" in head and "2 份无法读取" in head
    assert "1 个不是报告的文件没有审核：说明.txt" in head

    # The files that cannot be read are rows saying why, in the reader's words.
    for name in ("损坏.docx", "坏.gknb"):
        row = rows[name]
        assert row["主要问题"] == f"无法读取：{reason(folder / name)}"
        assert row["机关名称"] is None and row["错误"] is None

    # A report checked on its own: the counts are check's.
    street = rows["街道/汉中街道.docx"]
    findings = findings_for(read_report(folder / "街道" / "汉中街道.docx").report)
    assert street["机关名称"] == STREET and street["报告年度"] == 2024
    # A street's deadline is set by local notices: 未能判断, and no deadline checked.
    assert street["类别"] == "未能判断" and street["格式"] == "2021 年版"
    assert street["错误"] == sum(f.severity is Severity.ERROR for f in findings) > 0
    assert street["警告"] == sum(f.severity is Severity.WARNING for f in findings)
    assert street["主要问题"].startswith(f"【错误】{findings[0].message}")
    assert street["跨年度比对"] == "没有找到上一年度的报告"

    # Two years of one agency are paired, and the later one checked against the earlier.
    this_year, last_year = rows["审批局2024.docx"], rows["审批局2023.docx"]
    assert this_year["跨年度比对"] == "审批局2023.docx"
    assert last_year["跨年度比对"] == "没有找到上一年度的报告"
    assert this_year["错误"] >= 1 and "上年（2023 年度）报告" in this_year["主要问题"]

    assert rows["区政府.docx"]["类别"] == "本级政府"
    assert rows["统计局.docx"]["格式"] == "2019 年版"
    assert rows["统计局.docx"]["读取说明"] >= 1

    problems = rows_of(book["问题"])
    # The rule by its name, as a reviewer reads it (not its id, previous.carry_over).
    carry = [p for p in problems if p["规则"] == CARRY_OVER]
    assert carry and {p["文件"] for p in carry} == {"审批局2024.docx"}
    (natural,) = [p for p in carry if "自然人" in p["位置"]]
    assert natural["严重程度"] == "错误" and natural["问题类型"] == "跨年度"
    assert "上年（2023 年度）报告" in natural["说明"] and "应当等于上年的" in natural["说明"]
    assert natural["机关名称"] == DEPARTMENT

    # The 问题 sheet lists every finding of each file and its reader's notes, told apart.
    for name, row in rows.items():
        mine = [p for p in problems if p["文件"] == name]
        if row["错误"] is None:
            assert [(p["严重程度"], p["说明"]) for p in mine] == [
                ("无法读取", reason(folder / name))
            ]
            continue
        counted = {
            label: sum(p["严重程度"] == label for p in mine) for label in ("错误", "警告", "提示")
        }
        assert counted == {"错误": row["错误"], "警告": row["警告"], "提示": row["提示"]}
        assert sum(p["严重程度"] == "读取说明" for p in mine) == row["读取说明"]
    notes = [p for p in problems if p["严重程度"] == "读取说明"]
    government_notes = [p["说明"] for p in notes if p["文件"] == "区政府.docx"]
    assert any("是本级政府" in n for n in government_notes)
    old = [p["说明"] for p in notes if p["文件"] == "统计局.docx"]
    assert any(f"{TABLE_2.name}是 2019 年版格式" in n for n in old)
    assert all(p["规则"] is None for p in notes)
    assert [p["序号"] for p in problems] == list(range(1, len(problems) + 1))


def test_the_workbook_is_set_up_to_filter_and_print(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "清单.xlsx"
    run_main("review", folder, "-o", out)
    book = load_workbook(out)
    for sheet in (book["汇总"], book["问题"]):  # the lists (统计: tests/test_review_figures.py)
        top = header_row(sheet)
        assert sheet.freeze_panes == f"A{top + 1}"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith(f"A{top}:")
        assert sheet.print_title_rows == f"${top}:${top}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize is not None
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        setup, footer = sheet.sheet_properties.pageSetUpPr, sheet.oddFooter
        assert setup is not None and setup.fitToPage
        assert footer is not None and footer.center.text is not None
        assert "&P" in footer.center.text and "&N" in footer.center.text
        assert sheet.cell(top + 1, 2).alignment.wrap_text
        widths = [
            sheet.column_dimensions[get_column_letter(c)].width
            for c in range(1, sheet.max_column + 1)
        ]
        assert all(4 <= w <= 80 for w in widths) and max(widths) >= 60
    problems = book["问题"]
    note_row = next(
        r for r in range(2, problems.max_row + 1) if problems.cell(r, 5).value == "读取说明"
    )
    assert problems.cell(note_row, 8).font.i  # notes are set apart from the findings
    # Every message is printed whole: a row is as tall as its longest text needs (LibreOffice
    # and WPS would keep a generated row one line high and cut it).
    width = problems.column_dimensions["H"].width
    for row in range(2, problems.max_row + 1):
        message = str(problems.cell(row, 8).value)
        height = problems.row_dimensions[row].height
        needed = sum(1 if ord(c) < 0x2E80 else 2 for c in message) / (width - 1.5)
        assert height is not None and height >= 14 * needed, (row, message)


def test_a_previous_year_folder_pairs_the_report(tmp_path: Path) -> None:
    this_year = report_of(DEPARTMENT)
    inputs, earlier = tmp_path / "2024", tmp_path / "2023"
    inputs.mkdir()
    earlier.mkdir()
    docx.write(this_year, inputs / "审批局.docx", draft=False)
    # The same agency written with a space and full-width letters is the same agency.
    last = last_year_carrying(this_year)
    last.agency = "硚口区 行政审批局"
    docx.write(last, earlier / "审批局.docx", draft=False)
    docx.write(report_of(STREET, 2023), earlier / "街道.docx", draft=False)
    out = tmp_path / "清单.xlsx"
    assert run_main("review", inputs, "-o", out, "--previous-folder", earlier) == 1
    book = load_workbook(out)
    (row,) = rows_of(book["汇总"])
    assert row["跨年度比对"] == "审批局.docx（上年文件夹）"
    rules = [p["规则"] for p in rows_of(book["问题"])]
    assert CARRY_OVER in rules
    # Without the folder the same report has no error.
    assert run_main("review", inputs, "-o", out) == 0
    (row,) = rows_of(load_workbook(out)["汇总"])
    assert row["错误"] == 0 and row["跨年度比对"] == "没有找到上一年度的报告"


def test_exit_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "好.docx"
    docx.write(report_of(DEPARTMENT), good, draft=False)
    out = tmp_path / "清单.xlsx"
    assert run_main("review", good, "-o", out) == 0
    assert rows_of(load_workbook(out)["汇总"])[0]["主要问题"] == "没有发现问题。"

    bad = tmp_path / "坏.gknb"
    bad.write_text("{", encoding="utf-8")
    note = tmp_path / "说明.txt"
    note.write_text("x", encoding="utf-8")
    capsys.readouterr()
    assert run_main("review", bad, note, "-o", out) == 2  # nothing readable
    # A file named on the command line is a row even when it is not a report.
    rows = by_file(rows_of(load_workbook(out)["汇总"]))
    assert rows["说明.txt"]["主要问题"] == f"无法读取：{reason(note)}"
    assert "不能读取" in rows["说明.txt"]["主要问题"]
    assert run_main("review", good, bad, "-o", out) == 1  # a file that cannot be read

    empty = tmp_path / "空文件夹"
    empty.mkdir()
    capsys.readouterr()
    assert run_main("review", empty, "-o", out) == 2
    assert "没有找到要审核的报告" in capsys.readouterr().err
    assert run_main("review", good, "-o", tmp_path / "清单.docx") == 2
    assert "要保存为 .xlsx 文件" in capsys.readouterr().err
    assert run_main("review", good, "-o", out, "--previous-folder", tmp_path / "无") == 2
    assert "不存在或不是文件夹" in capsys.readouterr().err


def test_the_command_runs_as_a_user_runs_it(folder: Path, tmp_path: Path) -> None:
    from tests.test_cli import run_child as run

    out = tmp_path / "清单.xlsx"
    result = run("review", folder, "-o", out)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "损坏.docx：无法读取：" in result.stdout
    assert len(rows_of(load_workbook(out)["汇总"])) == 7
    result = run("review", "--help")
    assert result.returncode == 0 and "--previous-folder" in result.stdout


def test_the_pdf_list(folder: Path, tmp_path: Path) -> None:
    out, pdf = tmp_path / "清单.xlsx", tmp_path / "清单.pdf"
    assert run_main("review", folder, "-o", out, "--pdf", pdf) == 1
    text = pdf_text.text(pdf)
    # Each page's text without its page number (the last line): a message the page's end
    # cuts reads on across it.
    pages_text = [page.rstrip().rpartition("\n")[0] for page in text.split("\f") if page.strip()]
    flat = "".join("".join(pages_text).split())
    assert flat.startswith("年度报告批量审核问题清单")
    today = dt.date.today()
    assert f"{today.year}年{today.month}月{today.day}日" in flat
    assert "共审核7份报告" in flat
    for name in ("审批局2024.docx", "街道/汉中街道.docx", "损坏.docx"):
        assert f"{name}" in flat or name in flat
    assert f"1．{DEPARTMENT}2023年度" in flat or f"{DEPARTMENT}2023年度" in flat
    assert "【无法读取】" + "".join(reason(folder / "损坏.docx").split()) in flat
    assert "【错误】" in flat and "跨年度比对：与审批局2023.docx配对" in flat
    assert "【读取说明】" in flat
    # A message that names its place is not preceded by the place again.
    assert "【错误】表三「" in flat and "【错误】表三·" not in flat
    a4 = (210 / 25.4 * 72, 297 / 25.4 * 72)
    assert all(
        abs(width - a4[0]) < 1 and abs(height - a4[1]) < 1
        for width, height in pdf_text.page_sizes(pdf)
    )


def test_the_pdf_list_is_refused_without_a_chinese_font(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from exporters.printout import fonts

    monkeypatch.setattr(fonts, "_chinese_families", lambda: [])
    out, pdf = tmp_path / "清单.xlsx", tmp_path / "清单.pdf"
    assert run_main("review", folder, "-o", out, "--pdf", pdf) == 2
    assert fonts.NO_CHINESE_FONT in capsys.readouterr().err
    assert not pdf.exists() and out.exists()  # the workbook is kept


# --- the model -----------------------------------------------------------------------------------


def test_collect_walks_folders_and_skips_hidden_and_lock_files(folder: Path) -> None:
    found = review.collect([folder, folder / "审批局2024.docx"], READERS)
    shown = [s for _, s in found.files]
    assert shown == [
        "区政府.docx",
        "坏.gknb",
        "审批局2023.docx",
        "审批局2024.docx",
        "损坏.docx",
        "统计局.docx",
        "街道/汉中街道.docx",
    ]
    assert found.skipped == ["说明.txt"]


def test_a_cancelled_run_keeps_what_is_done_and_says_so(folder: Path, tmp_path: Path) -> None:
    seen: list[str] = []

    def progress(done: int, total: int, text: str) -> bool:
        seen.append(text)
        return done < 3

    inputs = review.collect([folder], READERS)
    run = review.run_review(inputs, read_report, findings_for, progress=progress, workers=1)
    assert run.cancelled and len(run.reviews) == 3 and run.total == 7
    assert seen[0].endswith(inputs.files[0][1]) and "正在读取" in seen[0]
    assert (
        run.summary()[0] == "审核已取消：只审核了 3 份，共 7 份；其余的没有审核，请重新审核它们。"
    )
    out = tmp_path / "部分.xlsx"
    review_workbook.write(run, out)
    sheet = load_workbook(out)["汇总"]
    assert "审核已取消" in str(sheet.cell(3, 1).value)
    assert len(rows_of(sheet)) == 3


def test_a_reader_that_fails_is_a_row_not_the_end(tmp_path: Path) -> None:
    good = tmp_path / "好.docx"
    docx.write(report_of(DEPARTMENT), good, draft=False)
    other = tmp_path / "怪.docx"
    docx.write(report_of(STREET), other, draft=False)

    def read(path: Path) -> Any:
        if path.name == "怪.docx":
            raise KeyError("w:tbl")
        return read_report(path)

    run = review.run_review(review.collect([tmp_path], READERS), read, findings_for, workers=1)
    rows = {r.shown: r for r in run.reviews}
    assert rows["好.docx"].readable
    assert "程序出错" in rows["怪.docx"].problem and "KeyError" in rows["怪.docx"].problem


def test_the_pool_gives_what_reading_here_gives(folder: Path) -> None:
    inputs = review.collect([folder], READERS)
    here = review.run_review(inputs, read_report, findings_for, workers=1)
    pooled = review.run_review(inputs, read_report, findings_for, workers=2)
    assert pooled.reviews == here.reviews
    assert any(r.pair_checked for r in pooled.reviews)


def made(name: str, agency: str, year: int | None) -> review.FileReview:
    """What a review row of file ``name`` holds to pair it (no file is read)."""
    return review.FileReview(Path(name), name, agency=agency, year=year)


def test_pairing_takes_the_year_before_of_the_same_agency() -> None:
    reviews = [
        made("a24", "甲局", 2024),
        made("a23", "甲局", 2023),
        made("a22", "甲 局", 2022),
        made("b24", "乙局", 2024),
        made("b24bis", "乙局", 2024),
        made("c24", "丙局", 2024),
        made("n", "", 2024),
        made("y", "丁局", None),
    ]
    earlier = [made("old-b23", "乙局", 2023), made("old-a23", "甲局", 2023)]
    pairs = review.pair(reviews, earlier)
    assert {reviews[i].shown: p.shown for i, p in pairs.items()} == {
        "a24": "a23",  # the inputs first
        "a23": "a22",
        "b24": "old-b23",
        "b24bis": "old-b23",
    }
    assert reviews[3].duplicates == ["b24bis"] and reviews[0].duplicates == []


def read_or_die(path: Path) -> Any:
    """A reader that kills the worker process it runs in at one file (as the system's out-of-memory
    killer would)."""
    import multiprocessing
    import os

    if path.name == "审批局2023.docx" and multiprocessing.parent_process() is not None:
        os._exit(1)
    return read_report(path)


def test_a_broken_pool_reads_the_rest_here(folder: Path) -> None:
    inputs = review.collect([folder], READERS)
    here = review.run_review(inputs, read_report, findings_for, workers=1)
    broken = review.run_review(inputs, read_or_die, findings_for, workers=2)
    assert [r.shown for r in broken.reviews] == [r.shown for r in here.reviews]
    assert [r.readable for r in broken.reviews] == [r.readable for r in here.reviews]
    assert not broken.cancelled


# --- documents that are not reports ---------------------------------------------------------------


def test_a_document_that_is_not_a_report_is_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A comparison of two years' reports, as a web page and in Word, among the units' reports:
    listed as what they are, without counts, in every list; neither an error nor unreadable."""
    from tests.test_genre import COMPARISON_PAGE, comparison_docx

    folder = tmp_path / "各单位"
    folder.mkdir()
    docx.write(report_of(DEPARTMENT), folder / "审批局.docx", draft=False)
    comparison_docx(folder / "比对报告.docx")
    page = folder / "比对.htm"
    page.write_bytes(COMPARISON_PAGE.read_bytes())
    out, pdf = tmp_path / "清单.xlsx", tmp_path / "清单.pdf"
    capsys.readouterr()
    assert run_main("review", folder, "-o", out, "--pdf", pdf) == 0  # set aside: not a failure
    printed = capsys.readouterr().out
    for name in ("比对报告.docx", "比对.htm"):
        problem = refusal(folder / name)
        assert isinstance(problem, NotAReport)
        assert f"{name}：不是政府信息公开工作年度报告（{problem.why}），没有审核" in printed
    set_aside = "另有 2 个文件不是政府信息公开工作年度报告，没有审核：比对.htm、比对报告.docx。"
    assert set_aside in printed

    book = load_workbook(out)
    summary = book["汇总"]
    head = " ".join(str(summary.cell(r, 1).value) for r in range(1, header_row(summary)))
    assert "共审核 1 份报告：0 份有错误，0 份无法读取" in head
    assert "另有 2 个文件不是政府信息公开工作年度报告" in head
    rows = by_file(rows_of(summary))
    top = header_row(summary)
    for offset, (name, row) in enumerate(rows.items(), start=1):
        if name == "审批局.docx":
            assert row["错误"] == 0
            continue
        problem = refusal(folder / name)
        assert isinstance(problem, NotAReport)
        assert row["主要问题"] == f"不是政府信息公开工作年度报告：{problem.why}。"
        assert row["机关名称"] is None and row["错误"] is None and row["读取说明"] is None
        assert row["跨年度比对"] == "" or row["跨年度比对"] is None
        fill = summary.cell(top + offset, 2).fill.fgColor.rgb
        assert fill.endswith("E7E6E6")  # grey: told apart from the red of 无法读取
    problems = [p for p in rows_of(book["问题"]) if p["文件"] != "审批局.docx"]
    assert [(p["文件"], p["严重程度"]) for p in problems] == [
        ("比对.htm", "不是政府信息公开工作年度报告"),
        ("比对报告.docx", "不是政府信息公开工作年度报告"),
    ]
    assert problems[1]["说明"] == str(reason(folder / "比对报告.docx"))

    text = pdf_text.text(pdf)
    flat = "".join(text.split())
    assert "【不是政府信息公开工作年度报告】“比对报告.docx”不是政府信息公开工作年度报告（" in flat

    # Alone, set-aside files are no report read (2); beside an unreadable file, that counts (1).
    lone = tmp_path / "只有比对"
    lone.mkdir()
    comparison_docx(lone / "比对报告.docx")
    assert run_main("review", lone, "-o", out) == 2
    (lone / "坏.gknb").write_text("{", encoding="utf-8")
    docx.write(report_of(DEPARTMENT), lone / "审批局.docx", draft=False)
    assert run_main("review", lone, "-o", out) == 1
    run = review.run_review(review.collect([lone], READERS), read_report, findings_for, workers=1)
    assert [r.shown for r in run.set_aside] == ["比对报告.docx"]
    assert [r.shown for r in run.unreadable] == ["坏.gknb"]


# --- one agency, its name written otherwise -------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("淮安市洪泽区人民政府", "洪泽区人民政府"),
        ("淮安市洪泽区人民政府", "洪泽区"),
        ("江苏省淮安市洪泽区人民政府", "淮安市洪泽区政府"),
        ("宿迁市沭阳县发展和改革局", "沭阳县发展和改革局"),
        ("江苏省宿迁市沭阳县发展和改革局", "沭阳县发展和改革局"),
        ("沭阳县 发展和改革局", "沭阳县发展和改革局"),
        ("沭阳县发展和改革局", "沭阳县发展和改革局"),  # full-width forms folded
        ("宿迁市 沭阳县 发展和改革局", "沭阳县发展和改革局"),
        ("徐州市沛县人民政府", "沛县人民政府"),
        ("福建省平潭综合实验区管委会", "平潭综合实验区"),
        ("武汉市硚口区汉中街道办事处", "硚口区汉中街道办事处"),
        ("公安局", "公 安 局"),
    ],
)
def test_names_of_one_agency(one: str, other: str) -> None:
    assert review.same_agency(one, other) and review.same_agency(other, one)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("淮安市人民政府", "洪泽区人民政府"),
        ("淮安市人民政府", "淮安市洪泽区人民政府"),
        ("沭阳县公安局", "泗阳县公安局"),
        ("宿迁市沭阳县公安局", "宿迁市泗阳县公安局"),
        ("沭阳县公安局", "公安局"),  # a bare body is every place's
        ("宿迁市城市管理局", "城市管理局"),
        ("宿迁市高新区管委会", "高新区管委会"),
        ("南京市鼓楼区人民政府", "福州市鼓楼区人民政府"),
        ("洪泽区人民政府办公室", "洪泽区人民政府"),
        ("沭阳县发展和改革局", "沭阳县发展和改革委员会"),
    ],
)
def test_names_of_different_agencies(one: str, other: str) -> None:
    assert not review.same_agency(one, other) and not review.same_agency(other, one)


def test_pairing_takes_a_name_written_with_more_of_its_place() -> None:
    reviews = [
        made("洪泽2024", "淮安市洪泽区人民政府", 2024),
        made("洪泽2023", "洪泽区人民政府", 2023),
        made("发改2024", "宿迁市沭阳县发展和改革局", 2024),
        made("公安2024", "沭阳县公安局", 2024),
        made("公安2023", "泗阳县公安局", 2023),
        made("市2024", "淮安市人民政府", 2024),
        made("局2024", "民政局", 2024),
        made("鼓楼南京2024", "南京市鼓楼区人民政府", 2024),
        made("鼓楼福州2024", "福州市鼓楼区人民政府", 2024),
        made("鼓楼2023", "鼓楼区人民政府", 2023),
    ]
    earlier = [
        made("上年/发改", "沭阳县发展和改革局", 2023),
        made("上年/民政", "沭阳县民政局", 2023),
        made("上年/市", "洪泽区人民政府", 2023),
    ]
    pairs = review.pair(reviews, earlier)
    assert {reviews[i].shown: p.shown for i, p in pairs.items()} == {
        "洪泽2024": "洪泽2023",
        "发改2024": "上年/发改",
        # 鼓楼区人民政府 could be either city's: neither is paired with it.
    }
    # A name written alike is taken before one written otherwise.
    alike = [
        made("区政府2024", "洪泽区人民政府", 2024),
        made("市区政府2023", "淮安市洪泽区人民政府", 2023),
        made("区政府2023", "洪泽区 人民政府", 2023),
        made("洪泽2024", "淮安市洪泽区人民政府", 2024),
    ]
    assert review.pair(alike, [])[0].shown == "区政府2023"
    assert review.pair(alike, [])[3].shown == "市区政府2023"
    assert alike[0].duplicates == ["洪泽2024"]  # the same agency and year, written otherwise


def test_a_pair_of_names_written_otherwise_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    this_year = report_of("武汉市" + DEPARTMENT)
    last = last_year_carrying(report_of(DEPARTMENT))
    folder = tmp_path / "各单位"
    folder.mkdir()
    docx.write(this_year, folder / "2024.docx", draft=False)
    docx.write(last, folder / "2023.docx", draft=False)
    out = tmp_path / "清单.xlsx"
    capsys.readouterr()
    assert run_main("review", folder, "-o", out) == 1
    printed = capsys.readouterr().out
    assert f"2024.docx：武汉市{DEPARTMENT}　2024 年" in printed
    assert f"与 2023.docx（{DEPARTMENT}）配对" in printed
    book = load_workbook(out)
    rows = by_file(rows_of(book["汇总"]))
    assert rows["2024.docx"]["跨年度比对"] == f"2023.docx（{DEPARTMENT}）"
    problems = rows_of(book["问题"])
    assert any(p["文件"] == "2024.docx" and p["规则"] == CARRY_OVER for p in problems)
    (note,) = [p["说明"] for p in problems if "写法不同" in str(p["说明"])]
    assert note.startswith(f"机关名称“武汉市{DEPARTMENT}”与上年报告（2023.docx（{DEPARTMENT}））")
    assert "按同一机关做了跨年度比对" in note

    # From the previous-year folder: said to be there, and its name.
    earlier = tmp_path / "上年"
    earlier.mkdir()
    (folder / "2023.docx").rename(earlier / "2023.docx")
    assert run_main("review", folder, "-o", out, "--previous-folder", earlier) == 1
    (row,) = rows_of(load_workbook(out)["汇总"])
    assert row["跨年度比对"] == f"2023.docx（上年文件夹；{DEPARTMENT}）"


# --- its own outputs, the rules by name, the progress (issue 22) ----------------------------------


def test_the_rule_column_names_rules_by_their_titles(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "清单.xlsx"
    run_main("review", folder, "-o", out)
    problems = rows_of(load_workbook(out)["问题"])
    titles = {rule.title for rule in RULES.values()}
    named = [p["规则"] for p in problems if p["严重程度"] in ("错误", "警告", "提示")]
    assert named and set(named) <= titles
    assert not any(rule in named for rule in RULES)  # no id (t4.group_total, info.required)


def test_a_list_written_into_the_folder_is_no_report_the_next_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """问题清单.xlsx and its PDF written into the folder reviewed are left out of the next run,
    with a note — told by what they hold, whatever they are called; a unit's workbook is not."""
    folder = tmp_path / "各单位"
    folder.mkdir()
    docx.write(report_of(DEPARTMENT), folder / "审批局.docx", draft=False)
    from exporters import xlsx

    # A unit's report as a workbook (the tables only: errors for its text).
    xlsx.write(report_of(STREET), folder / "街道.xlsx", draft=False)
    out, pdf = folder / "问题清单.xlsx", folder / "问题清单.pdf"
    assert run_main("review", folder, "-o", out, "--pdf", pdf) == 1
    (folder / "问题清单.xlsx").rename(folder / "上次的结果.xlsx")
    capsys.readouterr()
    again = tmp_path / "第二次.xlsx"
    assert run_main("review", folder, "-o", again, "--pdf", tmp_path / "第二次.pdf") == 1
    printed = capsys.readouterr().out
    rows = by_file(rows_of(load_workbook(again)["汇总"]))
    assert set(rows) == {"审批局.docx", "街道.xlsx"}
    said = "上次的结果.xlsx、问题清单.pdf是年报助手生成的问题清单，不是报告，没有审核。"
    assert said in printed
    summary = load_workbook(again)["汇总"]
    head = " ".join(str(summary.cell(r, 1).value) for r in range(1, header_row(summary)))
    assert said in head
    # Named on the command line too; alone, there is nothing to review.
    capsys.readouterr()
    assert run_main("review", folder / "上次的结果.xlsx", "-o", tmp_path / "x.xlsx") == 2
    err = capsys.readouterr().err
    assert "上次的结果.xlsx是年报助手生成的问题清单" in err and "没有找到要审核的报告" in err


def test_the_list_is_proposed_outside_the_folders_reviewed(tmp_path: Path) -> None:
    documents = tmp_path / "文档"
    reports = tmp_path / "审核" / "各单位报告"
    (reports / "街道").mkdir(parents=True)
    one = reports / "街道" / "a.docx"
    loose = tmp_path / "另一份.docx"
    assert (
        review.default_output([reports], documents)
        == tmp_path / "审核" / "问题清单（各单位报告）.xlsx"
    )
    assert review.default_output([loose, reports], documents) == tmp_path / "问题清单.xlsx"
    # A file inside a folder reviewed: beside the folder, not beside the file.
    assert review.default_output([reports, one], documents).parent == tmp_path / "审核"
    assert review.default_output([one, reports], documents).parent == tmp_path / "审核"
    # A folder with nothing beside it (a drive's root) or inside another reviewed: documents.
    assert review.default_output([Path(tmp_path.anchor)], documents) == documents / "问题清单.xlsx"
    assert review.default_output([reports, tmp_path], documents).parent != reports


def test_the_progress_counts_the_files_of_each_step(tmp_path: Path) -> None:
    """12 files, one of them last year's of another: every step says which of how many files it
    is at, never a 13th of 13; the bar's steps never pass their total."""
    folder = tmp_path / "各单位"
    folder.mkdir()
    this_year = report_of(DEPARTMENT)
    docx.write(this_year, folder / "00 审批局2024.docx", draft=False)
    docx.write(last_year_carrying(this_year), folder / "01 审批局2023.docx", draft=False)
    for number in range(2, 12):
        docx.write(report_of(f"硚口区第{number}局"), folder / f"{number:02d}.docx", draft=False)
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, text: str) -> bool:
        seen.append((done, total, text))
        return True

    inputs = review.collect([folder], READERS)
    run = review.run_review(inputs, read_report, findings_for, progress=progress, workers=1)
    assert len(run.reviews) == 12 and len(run.paired) == 1
    texts = [text for _, _, text in seen]
    reading = [t for t in texts if "正在读取并检查" in t]
    assert reading[0] == "第 1 份，共 12 份：正在读取并检查 00 审批局2024.docx"
    assert reading[-1] == "第 12 份，共 12 份：正在读取并检查 11.docx"
    assert texts[-1] == "第 1 份，共 1 份：正在与上年报告比对 00 审批局2024.docx"
    assert not any("第 13 份" in t for t in texts)
    assert all(done < total for done, total, _ in seen)
