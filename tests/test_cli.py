"""The command line, run as a user runs it: `python main.py …` — its exit status, what it prints
on stdout and stderr, the files it writes.

Each test runs twice: in this process (``main.main`` with its output caught, exit statuses from
argparse included) and in a child process, as a user starts it.  A child process costs a third of
a second to start, so the quick loop runs the child-process twin of a few tests only (QUICK_CHILD:
each exit status, the JSON, the version); CI's full run runs them all."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import main
from models.app import APP_NAME, VERSION
from tests.main_process import run_main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "qiaokou-2024.gknb"
JSON_KEYS = {"severity", "rule", "kind", "table", "row", "column", "section", "message"}
QUICK_CHILD = {
    "test_check_sample_finds_nothing",
    "test_version",
    "test_missing_file_exits_2",
    "test_one_changed_number_in_table_3_is_an_error",
}
"""The tests whose child-process twin the quick loop runs too."""
_in_child = False
"""Set by the ``way`` fixture for the test running: how ``run`` runs the command."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "way" in metafunc.fixturenames:
        quick = metafunc.function.__name__ in QUICK_CHILD
        child = pytest.param("child", marks=() if quick else (pytest.mark.slow,))
        metafunc.parametrize("way", ["here", child], indirect=True)


@pytest.fixture(autouse=True)
def way(request: pytest.FixtureRequest) -> Iterator[None]:
    global _in_child
    _in_child = request.param == "child"
    yield
    _in_child = False


def run(*args: str | Path, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``main.py ARGS``, here or in a child process (``way``); ``home``: NIANBAO_HOME."""
    if _in_child:
        return run_child(*args, home=home)
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("NIANBAO_HOME")
    if home is not None:
        os.environ["NIANBAO_HOME"] = str(home)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main.main([str(a) for a in args])
            except SystemExit as exit:  # argparse: --help, --version, a wrong command line
                status = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    finally:
        if saved is None:
            os.environ.pop("NIANBAO_HOME", None)
        else:
            os.environ["NIANBAO_HOME"] = saved
    return subprocess.CompletedProcess(["main.py", *args], status, out.getvalue(), err.getvalue())


def run_child(*args: str | Path, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_main(*args, home=home)


def assert_clean_failure(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr), result.stderr  # Chinese
    assert result.stdout == ""


def test_check_sample_finds_nothing() -> None:
    result = run("check", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert "没有发现问题" in result.stdout
    assert "硚口区行政审批局2024年政府信息公开工作年度报告" in result.stdout
    assert result.stderr == ""


def test_check_json_sample_is_an_empty_list() -> None:
    result = run("check", "--json", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert result.stdout.strip() == "[]"


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"{APP_NAME} {VERSION}"
    assert VERSION in result.stdout


def test_help_is_chinese() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "check" in result.stdout and "显示版本号" in result.stdout


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage \x00\xff\xfe not a project", b'{"kind": "', b'{"a": 1}', b"PK\x03\x04zip"],
)
def test_garbage_file_exits_2_with_a_chinese_reason(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "坏文件.gknb"
    path.write_bytes(content)
    result = run("check", path)
    assert_clean_failure(result)
    assert "无法打开“坏文件.gknb”" in result.stderr


def test_garbage_file_with_json_output_still_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "x.gknb"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert_clean_failure(run("check", "--json", path))


def test_newer_version_says_upgrade(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["version"] = 2
    path = tmp_path / "新版.gknb"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("check", path)
    assert_clean_failure(result)
    assert "升级" in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("check", tmp_path / "没有这个文件.gknb")
    assert_clean_failure(result)
    assert "找不到" in result.stderr


def test_a_directory_exits_2(tmp_path: Path) -> None:
    result = run("check", tmp_path)
    assert_clean_failure(result)
    assert "文件夹" in result.stderr


def test_bad_command_line_exits_2() -> None:
    result = run("check")
    assert_clean_failure(result)
    assert "缺少参数" in result.stderr


def _changed_copy(tmp_path: Path, cell_id: str, value: object) -> Path:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["report"]["values"][cell_id] = value
    path = tmp_path / "改过的 报告.gknb"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_one_changed_number_in_table_3_is_an_error(tmp_path: Path) -> None:
    path = _changed_copy(tmp_path, "t3.new.natural", 6)  # was 5
    plain = run("check", path)
    assert plain.returncode == 1, plain.stderr
    assert "[错误]" in plain.stdout and "表三" in plain.stdout

    result = run("check", "--json", path)
    assert result.returncode == 1, result.stderr
    items = json.loads(result.stdout)
    assert items
    for item in items:
        assert set(item) == JSON_KEYS
        assert item["severity"] in ("error", "warning", "info")
        assert isinstance(item["message"], str) and item["message"]
    errors = [
        item
        for item in items
        if item["severity"] == "error"
        and item["table"] == "表三"
        and (item["row"] == "一、本年新收政府信息公开申请数量" or item["column"] == "自然人")
    ]
    assert errors, items
    rules = {item["rule"] for item in errors}
    assert {"t3.row_total", "t3.balance"} <= rules


def test_check_lists_the_findings_the_window_shows_in_its_order(tmp_path: Path) -> None:
    """A half-filled report: the CLI prints what run_checks finds (the problems panel's list),
    in the same order — the 勾稽 error first, then the rest by the pages; an untouched table is
    one line ("表四尚未填写")."""
    from models import project_file
    from models.checks.tables import run_checks

    report = project_file.load(SAMPLE)
    report.values["t3.new.natural"] = 6  # was 5: 表三 no longer balances
    for cell in report.format.table_by_key["t4"].cells:
        report.values[cell.id] = None
    path = tmp_path / "半成品.gknb"
    project_file.save(report, path)
    expected = run_checks(project_file.load(path))
    result = run("check", "--json", path)
    assert result.returncode == 1, result.stderr
    items = json.loads(result.stdout)
    assert items == [f.to_json(report.format) for f in expected]
    assert items[0]["kind"] == "勾稽"
    assert [i["message"] for i in items if i["rule"] == "table.untouched"] == [
        next(f.message for f in expected if f.rule.id == "table.untouched")
    ]
    assert any(i["message"].startswith("表四尚未填写") for i in items)
    plain = run("check", path)
    lines = [line.strip() for line in plain.stdout.splitlines()[1:-1]]
    assert lines == [f"[{f.severity.label}] {f.message}" for f in expected]


def test_a_blank_cell_is_an_error_not_a_zero(tmp_path: Path) -> None:
    path = _changed_copy(tmp_path, "t4.cases.review_upheld", None)
    result = run("check", "--json", path)
    assert result.returncode == 1
    items = json.loads(result.stdout)
    blank = [i for i in items if i["rule"] == "value.blank"]
    assert len(blank) == 1 and blank[0]["table"] == "表四"
    assert blank[0]["column"] == "行政复议·结果维持"


def test_only_warnings_exit_0(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["report"]["sections"]["other"]["parts"].append({"heading": "空的小标题", "text": ""})
    path = tmp_path / "x.gknb"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("check", "--json", path)
    assert result.returncode == 0
    assert [i["severity"] for i in json.loads(result.stdout)] == ["warning"]


def test_chinese_path_with_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "年报 文件夹"
    folder.mkdir()
    path = folder / "硚口区 2024.gknb"
    shutil.copyfile(SAMPLE, path)
    result = run("check", path)
    assert result.returncode == 0 and "没有发现问题" in result.stdout


# --- 本级政府 on the command line (issue 15) -------------------------------------------------


def _march_docx(tmp_path: Path, agency: str) -> Path:
    """The sample as ``agency``'s .docx, dated 20 March of the next year."""
    import datetime as dt

    from exporters import export_report
    from models import project_file

    report = project_file.load(SAMPLE)
    report.agency = agency
    report.signer = ""
    report.report_date = dt.date(2025, 3, 20)
    path = tmp_path / f"{agency}.docx"
    export_report(report, path, draft=True)
    return path


def _deadline_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if "第四十九条" in line]


def test_check_takes_a_city_report_for_a_whole_government(tmp_path: Path) -> None:
    path = _march_docx(tmp_path, "宿迁市")
    result = run("check", path)
    assert _deadline_lines(result) == []
    assert "本级政府" in result.stderr and "3 月 31 日" in result.stderr
    (line,) = _deadline_lines(run("check", "--department", path))
    assert "政府部门（宿迁市）" in line and "1月31日" in line


def test_check_holds_a_department_to_january_unless_told(tmp_path: Path) -> None:
    path = _march_docx(tmp_path, "硚口区行政审批局")
    (line,) = _deadline_lines(run("check", path))
    assert "--government" in line
    result = run("check", "--government", path)
    assert _deadline_lines(result) == [] and "本级政府" not in result.stderr


@pytest.mark.parametrize("agency", ["平潭综合实验区管委会", "雄安新区管理委员会"])
def test_check_takes_an_area_its_committee_runs_for_a_whole_government(
    tmp_path: Path, agency: str
) -> None:
    result = run("check", _march_docx(tmp_path, agency))
    assert _deadline_lines(result) == []
    assert f"“{agency}”是本级政府" in result.stderr


@pytest.mark.parametrize("agency", ["××镇人民政府", "××街道办事处", "××经济技术开发区管委会"])
def test_check_gives_no_deadline_when_whose_report_cannot_be_told(
    tmp_path: Path, agency: str
) -> None:
    """A town, a street, a 开发区: local notices set the deadline, so none rather than a wrong
    one; the note says so and how to say whose report it is."""
    path = _march_docx(tmp_path, agency)
    result = run("check", path)
    assert _deadline_lines(result) == []
    assert "不能判断是本级政府还是政府部门的报告" in result.stderr
    assert "--government 或 --department" in result.stderr
    (line,) = _deadline_lines(run("check", "--department", path))
    assert f"政府部门（{agency}）" in line


REAL = ROOT / "tests" / "data" / "real"


@pytest.mark.parametrize("name", ["pingtan-2023.html", "shuyang-fgj-2023.html", "hongze-2023.pdf"])
def test_real_published_reports_are_judged_only_on_what_the_format_requires(name: str) -> None:
    """No 落款 (平潭, 洪泽) is a hint at most, never an error; no wrong deadline finding."""
    result = run("check", "--json", REAL / name)
    findings = json.loads(result.stdout)
    about_the_date = [f for f in findings if "落款" in f["message"]]
    assert all(f["severity"] == "info" for f in about_the_date), about_the_date
    assert not [f for f in findings if f["rule"] == "date.report_date"]
    assert "Traceback" not in result.stderr


def test_pingtan_s_fee_to_the_fen_is_read_without_a_note() -> None:
    result = run("check", REAL / "pingtan-2023.html")
    assert "5949" not in result.stderr and "位小数" not in result.stderr
    assert "[错误] 没有填写落款日期" not in result.stdout
    assert "[提示] 没有落款日期" in result.stdout


def test_a_final_document_needs_a_date_a_draft_does_not(tmp_path: Path) -> None:
    """平潭's page has no 落款: checked, a hint; made into a final .docx or .pdf, refused (a final
    document is signed and dated); a draft is made.  A clerk's project without a date is an
    error, and refused the same way."""
    page = REAL / "pingtan-2023.html"
    for suffix in (".docx", ".pdf"):
        refused = run("export", page, "-o", tmp_path / f"平潭{suffix}", home=tmp_path)
        assert refused.returncode == 1 and "没有落款日期" in refused.stderr
        assert not (tmp_path / f"平潭{suffix}").exists()
        draft = run("export", page, "-o", tmp_path / f"草稿{suffix}", "--draft", home=tmp_path)
        assert draft.returncode == 0, draft.stderr
    project = tmp_path / "平潭.gknb"
    assert run("import", page, "-o", project, home=tmp_path).returncode == 0
    checked = run("check", project)
    assert checked.returncode == 1 and "[错误] 没有填写落款日期" in checked.stdout
    refused = run("export", project, "-o", tmp_path / "项目.docx", home=tmp_path)
    assert refused.returncode == 1 and "没有填写落款日期" in refused.stderr


def test_check_government_and_department_exclude_each_other(tmp_path: Path) -> None:
    result = run("check", "--government", "--department", SAMPLE)
    assert result.returncode == 2
    assert "不能与这个选项同时使用" in result.stderr and "not allowed" not in result.stderr


def test_published_reports_are_imported_merged_and_checked_across_years(tmp_path: Path) -> None:
    """A unit's PDF and another unit's saved web page, as the command line takes them: each
    imported to a project file, both summed by merge, and the PDF checked against a web page
    given as last year's (--previous)."""
    pdf = tmp_path / "审批局.pdf"
    assert run("export", SAMPLE, "-o", pdf, home=tmp_path).returncode == 0
    page = tmp_path / "自然资源局.html"
    page.write_bytes((ROOT / "tests" / "data" / "html" / "gov-gbk-nested.html").read_bytes())
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))["report"]
    agencies = {pdf: "硚口区行政审批局", page: "某某市自然资源和规划局"}
    new_natural = {}
    for published, agency in agencies.items():
        project = published.with_suffix(".gknb")
        imported = run("import", published, "-o", project, home=tmp_path)
        assert imported.returncode == 0, imported.stderr
        saved = json.loads(project.read_text(encoding="utf-8"))["report"]
        assert (saved["agency"], saved["year"]) == (agency, 2024)
        new_natural[published] = saved["values"]["t3.new.natural"]
    assert new_natural[pdf] == sample["values"]["t3.new.natural"]
    total_path = tmp_path / "汇总.gknb"
    merged = run("merge", pdf, page, "-o", total_path, "--agency", "某区", home=tmp_path)
    assert merged.returncode == 0, merged.stderr + merged.stdout
    total = json.loads(total_path.read_text(encoding="utf-8"))["report"]
    assert total["agency"] == "某区"
    assert total["values"]["t3.new.natural"] == sum(new_natural.values())
    # A 2024 page given as last year's report of a 2024 PDF: said, and not compared.
    last_year = tmp_path / "去年.html"
    last_year.write_bytes(
        (ROOT / "tests" / "data" / "html" / "qiaokou-2024-libreoffice.html").read_bytes()
    )
    across = run("check", pdf, "--previous", last_year, home=tmp_path)
    assert across.returncode == 0 and "Traceback" not in across.stderr
    assert "作为上年报告的是 2024 年度的报告" in across.stdout


def test_a_document_that_is_not_a_report_is_said_to_be_one(tmp_path: Path) -> None:
    """A comparison of two years' reports: check says what it is and exits 2, merge refuses it
    with the same words, review lists it apart (and is not made to fail by it)."""
    from tests.test_genre import comparison_docx

    comparison = comparison_docx(tmp_path / "比对报告.docx")
    checked = run("check", comparison, home=tmp_path)
    assert_clean_failure(checked)
    message = checked.stderr.strip()
    assert message.startswith("“比对报告.docx”不是政府信息公开工作年度报告（标题“")
    assert "是两个年度报告的比对" in message and "请选择年度报告本身的文件" in message
    assert "没有找到年度报告的统计表" not in message

    across = run("check", SAMPLE, "--previous", comparison, home=tmp_path)
    assert across.returncode == 2 and "Traceback" not in across.stderr
    assert across.stderr.startswith("所给的上年报告不能用于比对：“比对报告.docx”不是")

    merged = run("merge", SAMPLE, comparison, "-o", tmp_path / "汇总.gknb", home=tmp_path)
    assert merged.returncode == 2 and "Traceback" not in merged.stderr
    assert message in merged.stderr
    assert "有 1 个文件不是政府信息公开工作年度报告，没有汇总。" in merged.stderr
    assert not (tmp_path / "汇总.gknb").exists()

    shutil.copyfile(SAMPLE, tmp_path / "样例.gknb")
    reviewed = run("review", tmp_path, "-o", tmp_path / "清单.xlsx", home=tmp_path)
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr
    assert "比对报告.docx：不是政府信息公开工作年度报告（标题“" in reviewed.stdout
    assert "另有 1 个文件不是政府信息公开工作年度报告，没有审核：比对报告.docx。" in reviewed.stdout
