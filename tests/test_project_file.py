"""The project file (.gknb): round trips, read-only loading, the backup, refusing damaged or foreign
files with a Chinese reason, safe saving (also under SIGKILL), and the documented cell-id list."""

from __future__ import annotations

import datetime as dt
import errno
import importlib.util
import io
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import project_file
from models.agency import AgencyKind
from models.checks.tables import Severity, run_checks
from models.files import FileProblem, backup_path
from models.format.format2021 import FORMAT_2021
from models.format.spec import NumberKind
from models.project_file import ProjectFileError
from models.report import Report, SectionText, TextPart, new_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "qiaokou-2024.gknb"
DOC = ROOT / "docs" / "project-file.md"


def sample() -> Report:
    return project_file.load(SAMPLE)


def fingerprint(report: Report) -> dict[str, Any]:
    """Everything saved, in a form where 5 and Decimal("5"), or 1.5 and 1.50, differ."""
    data = project_file.to_data(report)
    data["report"]["value_types"] = {k: type(v).__name__ for k, v in report.values.items()}
    return data


def assert_same(a: Report, b: Report) -> None:
    assert a == b
    assert fingerprint(a) == fingerprint(b)


def sample_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def refused(path: Path, *words: str) -> str:
    """Load ``path`` expecting a ProjectFileError whose message has all of ``words``."""
    with pytest.raises(ProjectFileError) as caught:
        project_file.load(path)
    message = str(caught.value)
    assert f"无法打开“{path.name}”" in message
    for word in words:
        assert word in message, message
    assert "Traceback" not in message
    return message


# --- the sample -----------------------------------------------------------------------------------


def test_sample_is_complete_and_passes_every_check() -> None:
    report = sample()
    assert run_checks(report) == []
    assert report.title == "硚口区行政审批局2024年政府信息公开工作年度报告"
    assert report.report_date == dt.date(2025, 1, 7)
    assert report.contact_office == "硚口区行政审批局政务数据应用科"
    assert report.phone == "027-83616771"
    assert all(value is not None for value in report.values.values())
    fee = report.values["t2.fees.amount"]
    assert isinstance(fee, Decimal) and str(fee) == "240.9199"
    assert report.values["t2.license.decisions"] == 107345
    assert report.values["t3.new.natural"] == 5
    assert report.values["t3.partly.business"] == 1
    assert report.values["t3.carried_out.total"] == 1
    assert report.sections["overview"].intro.startswith("2024年，在区委")
    assert [p.heading for p in report.sections["overview"].parts] == [
        "政府信息主动公开情况",
        "政府信息依申请公开情况",
        "政府信息管理情况",
        "政府信息公开平台建设情况",
        "监督保障情况",
    ]
    assert [p.heading for p in report.sections["problems"].parts] == list(
        FORMAT_2021.section_by_key["problems"].usual_parts
    )
    assert len(report.sections["other"].parts) == 3
    assert report.sections["other"].parts[0].heading == "政府信息处理费收取情况"
    for key in ("proactive", "requests", "review_litigation"):
        assert report.sections[key].intro and not report.sections[key].parts


def test_sample_text_is_the_published_report_text() -> None:
    source = (ROOT / "tests" / "data" / "qiaokou-2024-source.txt").read_text(encoding="utf-8")
    report = sample()
    texts = [report.preamble]
    for section in report.sections.values():
        texts.append(section.intro)
        for part in section.parts:
            texts.append(part.heading)
            texts += part.text.split("\n")
    for text in texts:
        if text:
            assert text in source, text


# --- round trips ----------------------------------------------------------------------------------


def test_sample_round_trips_through_a_chinese_path(tmp_path: Path) -> None:
    folder = tmp_path / "硚口区 年报（2024）"
    folder.mkdir()
    path = folder / "政府信息公开 年度报告.gknb"
    report = sample()
    project_file.save(report, path)
    assert_same(project_file.load(path), report)
    assert path.read_bytes() == SAMPLE.read_bytes()


def test_blank_cells_amounts_and_texts_round_trip(tmp_path: Path) -> None:
    report = new_report("某某区人民政府办公室", 2024)
    report.values["t2.fees.amount"] = Decimal("12.3400")
    report.values["t2.rules.issued"] = 0
    report.values["t3.new.natural"] = 7
    report.sections["overview"].intro = '第一段\n\n第三段 "引号" \\反斜杠\\ 😀 \t制表'
    report.sections["other"].parts.append(TextPart("", "没有小标题的一段"))
    path = tmp_path / "报告.gknb"
    project_file.save(report, path)
    loaded = project_file.load(path)
    assert_same(loaded, report)
    assert loaded.values["t3.new.natural"] == 7 and loaded.values["t3.new.business"] is None
    assert loaded.year == 2024 and loaded.report_date is None
    saved = json.loads(path.read_text(encoding="utf-8"))
    values = saved["report"]["values"]
    assert values["t2.fees.amount"] == "12.3400"  # the amount as written, as a string
    assert values["t2.rules.issued"] == 0 and values["t2.rules.repealed"] is None  # 0 is not blank
    assert values["t3.new.natural"] == 7 and isinstance(values["t3.new.natural"], int)
    assert set(saved) == {"kind", "version", "report_format", "report"}
    assert saved["kind"] == "年报助手项目" and saved["version"] == 1
    assert saved["report_format"] == "2021"


@pytest.mark.parametrize("fee", ["240.91991", "5949.088667", "4166.241610", "5949.0886671"])
def test_amounts_of_five_six_and_seven_places_reopen_exactly(fee: str, tmp_path: Path) -> None:
    """Saved as written and reopened as written; seven places are kept for the checks to
    report (a project file never loses a digit), five and six are valid."""
    report = sample()
    report.values["t2.fees.amount"] = Decimal(fee)
    path = tmp_path / "报告.gknb"
    project_file.save(report, path)
    assert json.loads(path.read_text(encoding="utf-8"))["report"]["values"]["t2.fees.amount"] == fee
    loaded = project_file.load(path)
    assert_same(loaded, report)
    assert str(loaded.values["t2.fees.amount"]) == fee
    kinds = [f for f in run_checks(loaded) if f.rule.id == "value.kind"]
    assert bool(kinds) is (fee == "5949.0886671")


def test_a_project_is_the_clerks_own_report_and_keeps_only_the_clerks_choice(
    tmp_path: Path,
) -> None:
    """What a reader of a published document noted (read from one, 未能判断) is not saved: a
    project is the clerk's own report, a government's or a department's, and must be dated."""
    report = sample()
    report.published = True
    report.agency_kind = AgencyKind.UNKNOWN
    report.report_date = None
    path = tmp_path / "报告.gknb"
    project_file.save(report, path)
    saved = json.loads(path.read_text(encoding="utf-8"))["report"]
    assert "published" not in saved and "whole_government" not in saved
    loaded = project_file.load(path)
    assert not loaded.published and loaded.agency_kind is AgencyKind.DEPARTMENT
    (undated,) = [f for f in run_checks(loaded) if f.rule.id == "info.required"]
    assert undated.severity is Severity.ERROR and "落款日期" in undated.message
    loaded.whole_government = True
    project_file.save(loaded, path)
    assert project_file.load(path).agency_kind is AgencyKind.GOVERNMENT


def test_an_empty_report_round_trips(tmp_path: Path) -> None:
    report = Report()
    path = tmp_path / "空.gknb"
    project_file.save(report, path)
    assert_same(project_file.load(path), report)


def test_a_lone_surrogate_still_saves_and_round_trips(tmp_path: Path) -> None:
    report = sample()
    report.agency = "坏\ud800字"
    path = tmp_path / "x.gknb"
    project_file.save(report, path)
    path.read_bytes().decode("utf-8")  # still a valid UTF-8 file
    assert_same(project_file.load(path), report)


_counts = st.none() | st.integers(min_value=0, max_value=10**12)
_amounts = st.none() | st.decimals(
    min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)
_texts = st.text(max_size=40)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    report = Report(
        agency=draw(_texts),
        year=draw(st.none() | st.integers(min_value=1900, max_value=2999)),
        contact_office=draw(_texts),
        address=draw(_texts),
        phone=draw(_texts),
        report_date=draw(st.none() | st.dates()),
        preamble=draw(_texts),
    )
    for key in report.sections:
        parts = draw(st.lists(st.builds(TextPart, _texts, _texts), max_size=3))
        report.sections[key] = SectionText(draw(_texts), parts)
    for cell in FORMAT_2021.cells:
        if draw(st.booleans()):
            strategy = _amounts if cell.kind is NumberKind.AMOUNT else _counts
            report.values[cell.id] = draw(strategy)
    return report


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(reports())
def test_any_report_round_trips(report: Report) -> None:
    assert_same(project_file.loads(project_file.encode(report)), report)


# --- loading never writes -------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_loading_never_modifies_the_file(tmp_path: Path) -> None:
    path = tmp_path / "报告.gknb"
    path.write_bytes(SAMPLE.read_bytes())
    old = 1_600_000_000_000_000_000
    os.utime(path, ns=(old, old))
    before = _snapshot(tmp_path)
    for _ in range(2):
        project_file.load(path)
    assert _snapshot(tmp_path) == before
    assert path.stat().st_mtime_ns == old


def test_loading_a_broken_file_never_modifies_it(tmp_path: Path) -> None:
    path = tmp_path / "坏.gknb"
    path.write_bytes(SAMPLE.read_bytes()[:500])
    before = _snapshot(tmp_path)
    refused(path, "不完整")
    assert _snapshot(tmp_path) == before


# --- the backup -----------------------------------------------------------------------------------


def test_backup_keeps_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "报告.gknb"
    first = sample()
    second = sample()
    second.values["t3.new.natural"] = 6
    second.preamble += "（第二版）"
    third = sample()
    third.agency = "第三版"
    backup = tmp_path / "报告.gknb.bak"

    project_file.save(first, path)
    assert not backup.exists()  # nothing to back up on the first save
    project_file.save(second, path)
    assert_same(project_file.load(path), second)
    assert_same(project_file.load(backup), first)
    project_file.save(third, path)
    assert_same(project_file.load(path), third)
    assert_same(project_file.load(backup), second)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.gknb", "报告.gknb.bak"]


def test_a_broken_file_points_to_its_backup(tmp_path: Path) -> None:
    path = tmp_path / "报告.gknb"
    project_file.save(sample(), path)
    project_file.save(sample(), path)
    path.write_bytes(b'{"kind": ')
    refused(path, "不完整", "报告.gknb.bak")


# --- refusing what is not a good project file -----------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    refused(write_bytes(tmp_path / "空.gknb", b""), "空")
    refused(write_bytes(tmp_path / "空白.gknb", b"  \r\n\t "), "空")


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_every_truncation_is_refused_as_incomplete(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    whole = len(data.rstrip())
    # Every byte, including the middle of a Chinese character, through what judges the bytes a
    # read returns (``load`` is read_bytes, then loads): 15,000 files would take seconds.
    for cut in range(1, whole):
        with pytest.raises(ProjectFileError) as caught:
            project_file.loads(data[:cut])
        assert "不完整" in str(caught.value), (cut, str(caught.value))
    # And through the file, which names it: a cut before and after the first of each kind of
    # character (each brace, quote, digit …, a Chinese character), and some anywhere.
    kind = [chr(b) if b < 0x80 else "汉" for b in data[:whole]]
    firsts = [kind.index(k) for k in set(kind)]
    cuts = {*firsts, *(i + 1 for i in firsts), *random.Random(3).sample(range(1, whole), 40)}
    path = tmp_path / "截断.gknb"
    for cut in sorted(c for c in cuts if 0 < c < whole):
        path.write_bytes(data[:cut])
        with pytest.raises(ProjectFileError) as caught:
            project_file.load(path)
        assert "不完整" in str(caught.value) and path.name in str(caught.value), cut
    path.write_bytes(data[:whole])  # only the final newline missing: still complete
    project_file.load(path)


def test_truncated_with_a_backup_beside_it(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    (tmp_path / "t.gknb.bak").write_bytes(data)
    path = tmp_path / "t.gknb"
    for cut in random.Random(7).sample(range(1, len(data) - 1), 50):
        path.write_bytes(data[:cut])
        refused(path, "不完整", "t.gknb.bak")


@pytest.mark.parametrize(
    "content",
    [
        "hello world",
        "<html><body>年报</body></html>",
        "政府信息公开工作年度报告\n一、总体情况",
        "name,value\nt3.new.natural,5\n",
        "123",
        '"年报助手项目"',
        "null",
        "[]",
        "[1, 2, 3]",
        "{}",
        '{"a": 1}',
        '{"kind": "别的程序", "version": 1}',
        '{"kind": ["年报助手项目"]}',
    ],
)
def test_text_that_is_not_ours(tmp_path: Path, content: str) -> None:
    refused(write_bytes(tmp_path / "x.gknb", content.encode("utf-8")), "不是年报助手的项目文件")


@pytest.mark.parametrize("seed", range(5))
def test_binary_garbage(tmp_path: Path, seed: int) -> None:
    data = random.Random(seed).randbytes(2000)
    refused(write_bytes(tmp_path / "x.gknb", data), "不是年报助手的项目文件")


def test_binary_garbage_starting_like_json(tmp_path: Path) -> None:
    data = b'{"kind": "' + bytes(range(128, 256)) * 4
    refused(write_bytes(tmp_path / "x.gknb", data), "不是年报助手的项目文件")


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_zip_file(tmp_path: Path, compression: int) -> None:
    """A .docx or .xlsx, or a zipped project, chosen by mistake."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("qiaokou-2024.gknb", SAMPLE.read_bytes())
        archive.writestr("word/document.xml", "<w:document/>")
    refused(write_bytes(tmp_path / "x.gknb", buffer.getvalue()), "不是年报助手的项目文件")


def test_utf16_file(tmp_path: Path) -> None:
    data = SAMPLE.read_text(encoding="utf-8").encode("utf-16")
    refused(write_bytes(tmp_path / "x.gknb", data), "不是年报助手的项目文件")


def test_utf8_with_bom_is_accepted(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "bom.gknb", b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert_same(project_file.load(path), sample())


def test_damage_in_the_middle_names_the_place(tmp_path: Path) -> None:
    data = SAMPLE.read_text(encoding="utf-8").replace('"version": 1,', '"version": 1,,', 1)
    refused(write_bytes(tmp_path / "x.gknb", data.encode("utf-8")), "已损坏", "第 3 行")


def test_absurd_json_is_refused_not_crashed(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    refused(write_bytes(tmp_path / "deep.gknb", deep.encode()), "不是年报助手的项目文件")
    deep_object = '{"a":' * 100_000 + "1" + "}" * 100_000
    refused(write_bytes(tmp_path / "deep2.gknb", deep_object.encode()))
    data = sample_json()
    text = json.dumps(data).replace('"t3.new.natural": 5', '"t3.new.natural": ' + "9" * 5000)
    refused(write_bytes(tmp_path / "long.gknb", text.encode()))


def _with(change: Any) -> dict[str, Any]:
    data = sample_json()
    change(data)
    return data


def _set(path: str, value: object) -> Any:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_set("report/year", "abc"), ["report.year", "年份", "abc"]),
        (_set("report/year", 2024.0), ["report.year", "年份"]),
        (_set("report/year", True), ["report.year", "年份"]),
        (_set("report/year", 24), ["report.year", "年份"]),
        (_set("report/values", [1, 2, 3]), ["report.values", "JSON 对象"]),
        (_set("report/values", None), ["report.values"]),
        (_set("report/values/t3.new.natural", "abc"), ["report.values.t3.new.natural", "数字"]),
        (_set("report/values/t3.new.natural", "五"), ["report.values.t3.new.natural", "数字"]),
        (_set("report/values/t3.new.natural", True), ["report.values.t3.new.natural", "数字"]),
        (_set("report/values/t3.new.natural", [5]), ["report.values.t3.new.natural", "数字"]),
        (_set("report/values/t3.new.natural", {"v": 5}), ["report.values.t3.new.natural"]),
        (_set("report/values/t3.new.natural", "NaN"), ["report.values.t3.new.natural", "数字"]),
        (_set("report/values/t2.fees.amount", "Infinity"), ["report.values.t2.fees.amount"]),
        (_set("report/values/t3.new.natural", "1e400"), ["report.values.t3.new.natural", "位"]),
        (_set("report/values/t2.fees.amount", "1e-99999"), ["report.values.t2.fees.amount"]),
        (_set("report/sections/overview/parts", "政府信息主动公开情况"), ["parts", "列表"]),
        (_set("report/sections/overview/parts", {"heading": "x"}), ["parts", "列表"]),
        (_set("report/sections/overview/parts/0", "x"), ["parts[0]", "JSON 对象"]),
        (_set("report/sections/overview/parts/0/text", 5), ["parts[0].text", "文字"]),
        (_set("report/sections/overview", []), ["report.sections.overview"]),
        (_set("report/sections/overview/intro", ["a"]), ["intro", "文字"]),
        (_set("report/sections", []), ["report.sections"]),
        (_set("report/report_date", "2025/1/7"), ["report.report_date", "2025-01-07"]),
        (_set("report/report_date", "2025年1月7日"), ["report.report_date"]),
        (_set("report/report_date", "2025-02-30"), ["report.report_date"]),
        (_set("report/report_date", 20250107), ["report.report_date"]),
        (_set("report/agency", 123), ["report.agency", "文字"]),
        (_set("report/phone", 2783616771), ["report.phone", "文字"]),
        (_set("report", []), ["report", "JSON 对象"]),
        (_set("report", None), ["report"]),
        (_set("report_format", "2019"), ["报告格式", "2019"]),
        (_set("report_format", ["2021"]), ["报告格式"]),
        (_set("report_format", {"id": "2021"}), ["报告格式"]),
        (_set("version", "1"), ["版本"]),
        (_set("version", None), ["版本"]),
        (_set("version", 1.0), ["版本"]),
        (_set("version", True), ["版本"]),
        (_set("version", 0), ["版本"]),
        (_set("version", -3), ["版本"]),
    ],
)
def test_wrongly_typed_fields(tmp_path: Path, change: Any, words: list[str]) -> None:
    path = write_json(tmp_path / "x.gknb", _with(change))
    message = refused(path, *words)
    assert len(message) < 300  # a sentence, not a dump of the file


def test_missing_version(tmp_path: Path) -> None:
    data = sample_json()
    del data["version"]
    refused(write_json(tmp_path / "x.gknb", data), "版本")


def test_unknown_cell_id(tmp_path: Path) -> None:
    path = write_json(tmp_path / "x.gknb", _with(_set("report/values/t3.new.robot", 1)))
    refused(path, "不认识", "t3.new.robot")


def test_unknown_section(tmp_path: Path) -> None:
    section = {"intro": "", "parts": []}
    path = write_json(tmp_path / "x.gknb", _with(_set("report/sections/seventh", section)))
    refused(path, "不认识", "seventh")


@pytest.mark.parametrize("version", [2, 3, 100])
def test_newer_version_asks_for_an_upgrade(tmp_path: Path, version: int) -> None:
    path = write_json(tmp_path / "新.gknb", _with(_set("version", version)))
    refused(path, "升级", f"第 {version} 版")


def test_missing_fields_read_as_blank(tmp_path: Path) -> None:
    data = {"kind": "年报助手项目", "version": 1, "report_format": "2021", "report": {}}
    report = project_file.load(write_json(tmp_path / "x.gknb", data))
    assert_same(report, Report())


def test_values_breaking_the_rules_are_kept_for_the_checks(tmp_path: Path) -> None:
    data = sample_json()
    values = data["report"]["values"]
    values["t3.new.natural"] = -1
    values["t3.new.business"] = "1.5"
    values["t3.new.research"] = "3"
    values["t2.fees.amount"] = 240.9199512  # a JSON number: read as an exact decimal
    report = project_file.load(write_json(tmp_path / "x.gknb", data))
    assert report.values["t3.new.natural"] == -1
    assert report.values["t3.new.business"] == Decimal("1.5")
    assert report.values["t3.new.research"] == 3 and type(report.values["t3.new.research"]) is int
    assert str(report.values["t2.fees.amount"]) == "240.9199512"
    findings = [f for f in run_checks(report) if f.rule.id == "value.kind"]
    assert any("t2.fees.amount" in f.cells and "有 7 位小数" in f.message for f in findings)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileProblem) as caught:
        project_file.load(tmp_path / "没有这个文件.gknb")
    assert "找不到" in str(caught.value) and "没有这个文件.gknb" in str(caught.value)


def test_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "文件夹.gknb"
    folder.mkdir()
    with pytest.raises(FileProblem) as caught:
        project_file.load(folder)
    assert "文件夹" in str(caught.value)


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "大.gknb"
    with path.open("wb") as stream:
        stream.truncate(project_file.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(FileProblem) as caught:
        project_file.load(path)
    assert "太大" in str(caught.value)


# --- saving errors --------------------------------------------------------------------------------


def test_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "不存在的文件夹" / "报告.gknb"
    with pytest.raises(FileProblem) as caught:
        project_file.save(sample(), path)
    message = str(caught.value)
    assert "文件夹不存在" in message and "没有丢失" in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    folder = tmp_path / "只读"
    folder.mkdir()
    path = folder / "报告.gknb"
    project_file.save(sample(), path)
    before = _snapshot(folder)
    folder.chmod(0o555)
    try:
        changed = sample()
        changed.agency = "改过"
        with pytest.raises(FileProblem) as caught:
            project_file.save(changed, path)
        assert "无法写入" in str(caught.value) and "没有丢失" in str(caught.value)
        assert _snapshot(folder) == before
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("failing", ["报告.gknb", "报告.gknb.bak"])
def test_a_failing_rename_leaves_the_original_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """What a read-only folder or a file locked by WPS looks like, even when running as root:
    replacing the file itself, or its backup, is refused."""
    path = tmp_path / "报告.gknb"
    project_file.save(sample(), path)
    project_file.save(sample(), path)
    before = _snapshot(tmp_path)
    replace = os.replace

    def refuse(source: str | Path, target: str | Path) -> None:
        if Path(target).name == failing:
            raise PermissionError(errno.EACCES, "Permission denied")
        replace(source, target)

    monkeypatch.setattr(os, "replace", refuse)
    changed = sample()
    changed.agency = "改过"
    with pytest.raises(FileProblem) as caught:
        project_file.save(changed, path)
    assert "无法写入" in str(caught.value) and "没有丢失" in str(caught.value)
    monkeypatch.undo()
    after = _snapshot(tmp_path)
    assert after.keys() == before.keys()  # no temporary left behind
    assert after["报告.gknb"] == before["报告.gknb"]  # the file itself untouched
    # The backup was refreshed (or not) before the failure: either way a complete project.
    assert after["报告.gknb.bak"][0] in (before["报告.gknb.bak"][0], before["报告.gknb"][0])


def test_a_full_disk_leaves_the_original_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "报告.gknb"
    project_file.save(sample(), path)
    before = _snapshot(tmp_path)

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FileProblem) as caught:
        project_file.save(Report(), path)
    assert "磁盘空间不足" in str(caught.value)
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX: Windows has no folder handles to sync")
def test_saving_syncs_the_file_then_renames_then_syncs_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename is only durable once the folder is synced too: without that, a power cut just
    after 保存 can bring back the old file (or none) on ext4 and the like."""
    path = tmp_path / "报告.gknb"
    project_file.save(sample(), path)
    events: list[tuple[str, object]] = []
    real_replace, real_fsync = os.replace, os.fsync

    def replace(source: Any, target: Any) -> None:
        real_replace(source, target)
        events.append(("replace", Path(target).name))

    def fsync(descriptor: int) -> None:
        real_fsync(descriptor)
        info = os.fstat(descriptor)
        events.append(("fsync", (stat.S_ISDIR(info.st_mode), info.st_ino)))

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    project_file.save(sample(), path)
    monkeypatch.undo()

    file_sync = ("fsync", (False, path.stat().st_ino))
    rename = ("replace", path.name)
    folder_sync = ("fsync", (True, tmp_path.stat().st_ino))
    assert file_sync in events and rename in events, events
    assert folder_sync in events, f"the folder was never synced: {events}"
    assert events.index(file_sync) < events.index(rename) < events.index(folder_sync), events


def test_saving_over_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "报告.gknb"
    folder.mkdir()
    with pytest.raises(FileProblem) as caught:
        project_file.save(sample(), folder)
    assert "文件夹" in str(caught.value)
    assert [p.name for p in tmp_path.iterdir()] == ["报告.gknb"] and folder.is_dir()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saving_keeps_the_permissions(tmp_path: Path) -> None:
    path = tmp_path / "报告.gknb"
    project_file.save(sample(), path)
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600
    path.chmod(0o640)
    project_file.save(sample(), path)
    assert path.stat().st_mode & 0o777 == 0o640


# --- SIGKILL while saving -------------------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from models import project_file
    from models.report import Report

    path = Path(sys.argv[1])
    first = project_file.load(Path(sys.argv[2]))
    second = project_file.load(Path(sys.argv[3]))
    print("ready", flush=True)
    while True:
        project_file.save(first, path)
        project_file.save(second, path)
    """
)


def _leftovers(folder: Path, name: str) -> list[Path]:
    pattern = re.compile(rf"^\.{re.escape(name)}\..*\.tmp$")
    others = [p for p in folder.iterdir() if p.name not in (name, name + ".bak")]
    for p in others:
        assert pattern.match(p.name), f"unexpected file left by a killed save: {p.name}"
    return others


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_saving_never_leaves_a_broken_file(tmp_path: Path) -> None:
    first = sample()
    second = sample()
    second.values["t3.new.natural"] = 6
    second.sections["overview"].intro *= 20  # a different size too
    sources = tmp_path / "sources"
    sources.mkdir()
    project_file.save(first, sources / "first.gknb")
    project_file.save(second, sources / "second.gknb")
    expected = [fingerprint(first), fingerprint(second)]

    folder = tmp_path / "保存"
    folder.mkdir()
    path = folder / "报告.gknb"
    project_file.save(first, path)
    rng = random.Random(20250107)
    seen: set[int] = set()
    # At least 35 kills, and on until both versions have been seen on disk: a kill that always
    # falls on the same version would not have tested an interrupted save at all.
    for attempt in range(200):
        if attempt >= 35 and len(seen) == 2:
            break
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _CHILD,
                str(path),
                str(sources / "first.gknb"),
                str(sources / "second.gknb"),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0, 0.05) * (1 + attempt // 35))  # longer if saves are slow
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert child.returncode == -signal.SIGKILL
        on_disk = fingerprint(project_file.load(path))
        assert on_disk in expected
        seen.add(expected.index(on_disk))
        backup = backup_path(path)
        if backup.exists():
            assert fingerprint(project_file.load(backup)) in expected
        leftovers = _leftovers(folder, path.name)
        assert len(leftovers) <= 2  # at most the save and the backup it was in the middle of
        for leftover in leftovers:
            leftover.unlink()
    assert seen == {0, 1}, "every kill left the same version: none fell between two saves"


# --- the documentation ----------------------------------------------------------------------------


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cell_ids", ROOT / "docs" / "gen_cell_ids.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_documented_cell_ids_are_up_to_date() -> None:
    generator = _generator()
    document = DOC.read_text(encoding="utf-8")
    assert generator.current(document) == generator.generated(), (
        "docs/project-file.md is out of date: run uv run python docs/gen_cell_ids.py"
    )
    for cell in FORMAT_2021.cells:
        assert f"`{cell.id}`" in document


def test_the_document_names_every_saved_key() -> None:
    document = DOC.read_text(encoding="utf-8")
    data = project_file.to_data(sample())
    for key in data:
        assert f"`{key}`" in document
    for key in data["report"]:
        assert f"`{key}`" in document
    for key in FORMAT_2021.section_by_key:
        assert f"`{key}`" in document


def test_style_settings_round_trip_with_decimals_and_zero_indent(tmp_path: Path) -> None:
    """JSON numbers are read as Decimals: a 版式 like 28.5 pt or no indent must reopen."""
    report = project_file.load(SAMPLE)
    report.style.line_spacing = 28.5
    report.style.first_line_indent_chars = 0
    report.style.body_font = "仿宋"
    path = tmp_path / "版式.gknb"
    project_file.save(report, path)
    again = project_file.load(path)
    assert again.style == report.style
    assert again == report


@pytest.mark.parametrize(
    "bad",
    [
        {"line_spacing": 0},
        {"body_size": -3},
        {"body_font": ""},
        {"title_size": "大"},
        {"no_such": 1},
        {"margin_top": True},
    ],
)
def test_wrong_style_settings_are_refused(bad: dict[str, object]) -> None:
    data = json.loads(project_file.dumps(project_file.load(SAMPLE)))
    data["report"]["style"] = bad
    with pytest.raises(project_file.ProjectFileError, match="版式设置"):
        project_file.loads(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def test_signer_and_title_break_round_trip(tmp_path: Path) -> None:
    """落款单位 and the 版式's title break are kept; a file without them reads with the defaults
    (signed by the agency, title broken after the agency)."""
    report = project_file.load(SAMPLE)
    assert report.signer == ""
    assert report.style.title_break == "agency"
    data = project_file.to_data(report)
    assert "signer" not in data["report"]  # written only when set: old files read the same
    assert "title_break" not in data["report"]["style"]
    report.signer = "硚口区人民政府办公室"
    report.style.title_break = "硚口区行政审批局2024年/政府信息公开工作年度报告"
    path = tmp_path / "落款.gknb"
    project_file.save(report, path)
    stored = json.loads(path.read_text("utf-8"))
    assert stored["report"]["signer"] == "硚口区人民政府办公室"
    assert stored["report"]["style"]["title_break"] == report.style.title_break
    again = project_file.load(path)
    assert again.signer == "硚口区人民政府办公室"
    assert again == report
    report.style.title_break = "none"
    project_file.save(report, path)
    assert project_file.load(path).style.title_break == "none"


@pytest.mark.parametrize("bad", ["", "第二行", 3, "断/" * 101])
def test_a_wrong_title_break_is_refused(bad: object) -> None:
    data = json.loads(project_file.dumps(project_file.load(SAMPLE)))
    data["report"]["style"] = {"title_break": bad}
    with pytest.raises(project_file.ProjectFileError, match="title_break"):
        project_file.loads(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def test_a_signer_that_is_not_text_is_refused() -> None:
    data = json.loads(project_file.dumps(project_file.load(SAMPLE)))
    data["report"]["signer"] = ["办公室"]
    with pytest.raises(project_file.ProjectFileError, match=r"report\.signer"):
        project_file.loads(json.dumps(data, ensure_ascii=False).encode("utf-8"))
