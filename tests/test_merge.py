"""汇总: the sum of generated units equals sums worked out by hand; what cannot be summed is refused
in Chinese; blanks are reported, never counted as 0; the command line."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from exporters import read_report, xlsx
from models import project_file
from models.batch import merge
from models.checks.tables import Severity, run_checks
from models.files import FileProblem
from models.format.format2021 import FORMAT_2021
from models.format.spec import NumberKind
from models.narrative.fields import FieldAddress
from models.report import Report, new_report
from tests.bench import complete_report
from tests.conftest import REPO, SAMPLE


def unit_report(agency: str, year: int = 2024, seed: int = 0) -> Report:
    """A consistent unit report with values drawn from ``seed``."""
    rng = random.Random(seed)
    report = complete_report()
    report.agency, report.year = agency, year
    for cell in report.format.cells:
        if not cell.computed:
            if cell.kind is NumberKind.AMOUNT:
                report.values[cell.id] = Decimal(rng.randrange(0, 10**6)) / 10000
            else:
                report.values[cell.id] = rng.randrange(0, 50)
    # 表三's note: 一 + 二 = （七）总计 + 四 in every column.
    table = report.format.table_by_key["t3"]
    left, _ = table.balance or ((), ())
    for column in table.blocks[0].column_leaves:
        if column.total:
            continue
        cell_of = table.cell
        handled = sum(
            report.values[c.id] or 0
            for c in table.cells
            if c.column is column and not c.computed and c.row.key not in left
        )
        carried_in = rng.randrange(0, int(handled) + 1)
        report.values[cell_of(left[1], column.key).id] = carried_in
        report.values[cell_of(left[0], column.key).id] = handled - carried_in
    report.recompute_totals()
    assert not [f for f in run_checks(report) if f.table is not None]
    return report


def units_of(*reports: Report) -> list[merge.Unit]:
    return [merge.unit_of(f"{r.agency}.gknb", r) for r in reports]


def save_units(folder: Path, count: int, year: int = 2024) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"单位{i:03d}.gknb"
        project_file.save(unit_report(f"第{i}单位", year, seed=i), path)
        paths.append(path)
    return paths


def test_the_sum_is_the_hand_computed_sum() -> None:
    reports = [unit_report(f"单位{i}", seed=i) for i in range(25)]
    result = merge.merge(units_of(*reports), agency="某区人民政府办公室")
    merged = result.report
    for cell in FORMAT_2021.cells:
        expected: int | Decimal = 0
        for report in reports:
            expected += report.values[cell.id]  # type: ignore[operator]
        assert merged.values[cell.id] == expected, cell.id
        assert type(merged.values[cell.id]) is type(reports[0].values[cell.id])
    assert (merged.agency, merged.year, merged.format) == ("某区人民政府办公室", 2024, FORMAT_2021)
    assert result.partly_blank == {} and result.missing == [] and result.unexpected == []
    # Sums of consistent reports are consistent.
    assert not [f for f in run_checks(merged) if f.table is not None]
    # The units are not changed.
    assert reports[0].values == unit_report("单位0", seed=0).values
    # The sections offer the usual sub-headings, ready for the supervising agency's own text.
    assert merged.sections["problems"].parts[0].heading


def test_the_amount_keeps_every_place() -> None:
    a, b = unit_report("甲"), unit_report("乙", seed=1)
    a.values["t2.fees.amount"] = Decimal("120.1")
    b.values["t2.fees.amount"] = Decimal("120.8199")
    merged = merge.merge(units_of(a, b)).report
    assert merged.values["t2.fees.amount"] == Decimal("240.9199")


def test_amounts_to_the_fen_sum_exactly_and_reopen_as_summed(tmp_path: Path) -> None:
    """Six places (平潭 2023 prints 5949.088667 万元), five, trailing zeros: the 汇总 is the exact
    sum, saved and reopened as it is."""
    fees = ["5949.088667", "4166.241619", "0.00001", "1.50"]
    reports = [unit_report(f"单位{i}", seed=i) for i in range(len(fees))]
    for report, fee in zip(reports, fees, strict=True):
        report.values["t2.fees.amount"] = Decimal(fee)
    merged = merge.merge(units_of(*reports)).report
    assert str(merged.values["t2.fees.amount"]) == "10116.830296"
    path = tmp_path / "汇总.gknb"
    project_file.save(merged, path)
    assert str(project_file.load(path).values["t2.fees.amount"]) == "10116.830296"


REAL = REPO / "tests" / "data" / "real"


def test_a_published_unit_is_not_faulted_for_its_missing_date_but_the_sum_must_be_dated(
    tmp_path: Path,
) -> None:
    """平潭's web page has no 落款 (the official format has none): the unit has no error for it,
    its fee of six places is summed exactly; the 汇总 is the supervising office's own report,
    which must be dated."""
    other = unit_report("另一个局", year=2023)
    other.values["t2.fees.amount"] = Decimal("0.000001")
    path = tmp_path / "另一个局.gknb"
    project_file.save(other, path)
    found = merge.read_units([REAL / "pingtan-2023.html", path], read_report)
    assert not found.failures
    pingtan = found.units[0]
    assert pingtan.report.published and pingtan.report.report_date is None
    assert pingtan.report.values["t2.fees.amount"] == Decimal("5949.088667")
    assert not [f for f in run_checks(pingtan.report) if f.rule.id == "info.required"]
    assert not any("5949" in note for note in pingtan.notes)
    merged = merge.merge(found.units, agency="某区人民政府办公室").report
    assert str(merged.values["t2.fees.amount"]) == "5949.088668"
    assert not merged.published
    (undated,) = [f for f in run_checks(merged) if f.address == FieldAddress.basic("report_date")]
    assert undated.rule.id == "info.required" and undated.severity is Severity.ERROR


def test_blank_plus_blank_is_blank_and_partial_blanks_are_listed() -> None:
    a, b, c = (unit_report(name, seed=i) for i, name in enumerate(("甲局", "乙局", "丙局")))
    for report in (a, b, c):
        report.values["t3.new.research"] = None
    b.values["t3.new.natural"] = None
    c.values["t3.new.natural"] = None
    result = merge.merge(units_of(a, b, c))
    values = result.report.values
    assert values["t3.new.research"] is None  # nobody wrote it: blank, not 0
    assert values["t3.new.natural"] == a.values["t3.new.natural"]
    assert result.partly_blank == {"t3.new.natural": ["乙局", "丙局"]}
    assert "t3.new.research" not in result.partly_blank
    text = "\n".join(result.summary())
    assert "空白没有按 0 计" in text and "乙局" in text
    lines = merge.partly_blank_lines(result)
    assert lines == ["表三「一、本年新收政府信息公开申请数量」行「自然人」列：乙局、丙局未填写"]


def test_units_are_listed_with_year_and_counts() -> None:
    good = unit_report("甲局")
    bad = unit_report("乙局", seed=1)
    bad.values["t3.new.natural"] = None
    bad.values["t4.cases.review_total"] = 999
    unit = merge.unit_of("乙局.xlsx", bad, ["一条说明"])
    assert (unit.agency, unit.year, unit.blank_cells, unit.notes) == ("乙局", 2024, 1, ["一条说明"])
    assert unit.table_errors == 2 and unit.errors == 2
    line = merge.unit_line(unit)
    assert line.startswith("乙局　2024 年　错误 ") and "空白 1 格" in line and "乙局.xlsx" in line
    result = merge.merge([merge.unit_of("甲局.gknb", good), unit])
    assert "1 个单位的表格有错误：乙局" in "\n".join(result.summary())


# --- refusals ------------------------------------------------------------------------------------


def refusal(units: list[merge.Unit]) -> str:
    with pytest.raises(merge.MergeRefused) as caught:
        merge.merge(units)
    message = str(caught.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return message


def test_the_same_agency_twice_is_refused() -> None:
    a = unit_report("甲局")
    b = unit_report(" 甲　局 ", seed=1)  # spaces, a full-width one, do not make another agency
    c = unit_report("乙局", seed=2)
    message = refusal(
        [merge.unit_of("a.gknb", a), merge.unit_of("c.gknb", c), merge.unit_of("b.xlsx", b)]
    )
    assert "“甲局”2 份（a.gknb、b.xlsx）" in message
    assert "每个单位只能汇总一次" in message


def test_full_width_letters_are_the_same_name() -> None:
    a, b = unit_report("ＡＢ街道"), unit_report("AB街道", seed=1)
    assert "同一单位" in refusal(units_of(a, b))


def test_mixed_years_are_refused() -> None:
    reports = [unit_report(f"单位{i}", 2024, seed=i) for i in range(3)]
    reports.append(unit_report("旧单位", 2023, seed=9))
    message = refusal(units_of(*reports))
    assert "不是同一年度" in message
    assert "2024 年 3 份" in message and "2023 年 1 份（旧单位.gknb）" in message


def test_units_without_name_or_year_are_refused() -> None:
    nameless = unit_report("")
    assert "没有填写机关名称：.gknb" in refusal(units_of(unit_report("甲"), nameless))
    yearless = unit_report("乙")
    yearless.year = None
    assert "没有填写报告年度：乙.gknb" in refusal(units_of(unit_report("甲"), yearless))


def test_nothing_to_merge_is_refused() -> None:
    assert "至少选择一份" in refusal([])


def test_long_lists_are_shortened() -> None:
    reports = [unit_report(f"单位{i}", 2024 if i < 3 else 2023, seed=i) for i in range(12)]
    message = refusal(units_of(*reports))
    assert "等 9 份" in message and len(message) < 400


# --- the expected list ---------------------------------------------------------------------------


def test_expected_list_shows_who_has_not_reported() -> None:
    units = units_of(unit_report("甲局"), unit_report("乙局", seed=1), unit_report("戊局", seed=2))
    result = merge.merge(units, expected=["甲局", " 乙局 ", "丙局", "丁局", "甲局"])
    assert result.missing == ["丙局", "丁局"]
    assert result.unexpected == ["戊局"]
    text = "\n".join(result.summary())
    assert "名单中有 2 个单位未报送：丙局、丁局" in text and "1 个单位不在名单中：戊局" in text


def test_parse_and_read_the_expected_list(tmp_path: Path) -> None:
    text = "# 各街道\n甲街道\n\n  乙街道  \r\n甲街道\n"
    assert merge.parse_expected(text) == ["甲街道", "乙街道"]
    for encoding in ("utf-8", "utf-8-sig", "gbk"):
        path = tmp_path / f"名单-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert merge.read_expected(path) == ["甲街道", "乙街道"]
    with pytest.raises(FileProblem, match="找不到文件"):
        merge.read_expected(tmp_path / "没有.txt")


# --- reading files -------------------------------------------------------------------------------


def test_read_units_reads_every_kind_and_lists_failures(tmp_path: Path) -> None:
    paths = save_units(tmp_path, 3)
    workbook = tmp_path / "表格单位.xlsx"
    xlsx.write(unit_report("表格单位", seed=7), workbook, draft=True)
    broken = tmp_path / "坏的.gknb"
    broken.write_text("{", encoding="utf-8")
    found = merge.read_units([*paths, workbook, broken], read_report)
    assert [u.agency for u in found.units] == ["第0单位", "第1单位", "第2单位", "表格单位"]
    assert found.units[3].path == workbook and found.units[3].source == workbook.name
    assert [p for p, _ in found.failures] == [broken]
    assert "坏的.gknb" in found.failures[0][1]
    assert not found.cancelled
    # An Excel unit sums like the project file it came from.
    assert found.units[3].report.values == unit_report("表格单位", seed=7).values


def test_a_word_report_is_a_unit_too(tmp_path: Path) -> None:
    from exporters import export_report

    sample = project_file.load(SAMPLE)
    document = tmp_path / "报告.docx"
    export_report(sample, document)
    other = tmp_path / "另一个局.gknb"
    renamed = sample.copy()
    renamed.agency = "另一个局"
    project_file.save(renamed, other)
    found = merge.read_units([document, other], read_report)
    assert not found.failures and found.units[0].agency == sample.agency
    result = merge.merge(found.units)
    assert result.report.values["t3.new.total"] == 2 * sample.values["t3.new.total"]  # type: ignore[operator]


def test_read_units_can_be_cancelled(tmp_path: Path) -> None:
    paths = save_units(tmp_path, 5)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 2

    found = merge.read_units(paths, read_report, progress=progress)
    assert found.cancelled and len(found.units) == 2
    assert calls == [(0, 5), (1, 5), (2, 5)]
    calls.clear()

    def go_on(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    found = merge.read_units(paths, read_report, progress=go_on)
    assert len(found.units) == 5 and calls[-1] == (5, 5)


# --- the command line -----------------------------------------------------------------------------


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=dict(os.environ, PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen"),
    )


def test_command_line_merge(tmp_path: Path) -> None:
    paths = save_units(tmp_path, 4)
    names = tmp_path / "名单.txt"
    names.write_text("第0单位\n第1单位\n第2单位\n第3单位\n第9单位\n", encoding="gbk")
    out = tmp_path / "汇总.gknb"
    result = run("merge", *paths, "-o", out, "--agency", "某区政府办公室", "--expected", names)
    assert result.returncode == 0, result.stderr
    assert "已汇总 4 个单位的 2024 年度报告" in result.stdout
    assert "第0单位　2024 年　错误 0 个" in result.stdout
    assert "未报送：第9单位" in result.stdout
    merged = project_file.load(out)
    assert merged.agency == "某区政府办公室" and merged.year == 2024
    expected = merge.merge([merge.unit_of(p.name, project_file.load(p)) for p in paths]).report
    assert merged.values == expected.values
    assert "merge" in run("--help").stdout


def test_command_line_refuses(tmp_path: Path) -> None:
    paths = save_units(tmp_path, 2)
    out = tmp_path / "汇总.gknb"
    duplicate = run("merge", paths[0], paths[1], paths[0], "-o", out)
    assert duplicate.returncode == 2 and "同一单位" in duplicate.stderr
    other_year = tmp_path / "旧.gknb"
    project_file.save(unit_report("旧单位", 2023), other_year)
    mixed = run("merge", *paths, other_year, "-o", out)
    assert mixed.returncode == 2 and "不是同一年度" in mixed.stderr
    missing = run("merge", paths[0], tmp_path / "没有.gknb", "-o", out)
    assert missing.returncode == 2 and "没有汇总" in missing.stderr
    wrong = run("merge", *paths, "-o", tmp_path / "汇总.xlsx")
    assert wrong.returncode == 2 and "项目文件" in wrong.stderr
    assert not out.exists()
    for result in (duplicate, mixed, missing, wrong):
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_merge_of_the_sample_with_itself_renamed(tmp_path: Path) -> None:
    sample = project_file.load(SAMPLE)
    other = sample.copy()
    other.agency = "另一个局"
    result = merge.merge(units_of(sample, other), agency="上级")
    for cell_id, value in sample.values.items():
        assert result.report.values[cell_id] == (None if value is None else 2 * value)


def test_blank_reports_merge_to_blank() -> None:
    result = merge.merge(units_of(new_report("甲", 2024), new_report("乙", 2024)))
    assert all(v is None for v in result.report.values.values())
    assert result.partly_blank == {}
