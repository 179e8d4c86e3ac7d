"""The rules read roles, not ids (issue 25): a made-up revision of the format — other keys,
labels, table shapes and rule ids, the same roles — is checked, checked across years, read
against its text, written by 生成文字 and counted by the key figures as the 2021 format is; and
no module outside the format description names a cell, a table or a row or column by its key."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from models import previous_year
from models.batch import key_figures
from models.checks.findings import Finding
from models.checks.tables import run_checks
from models.format.format2021 import FORMAT_2021
from models.format.spec import (
    Block,
    Node,
    NumberKind,
    ReportFormat,
    Role,
    SectionSpec,
    TableRule,
    TableSpec,
)
from models.narrative import generated as generated_text
from models.report import Report, SectionText, TextPart, new_report

ROOT = Path(__file__).parents[1]

# --- a made-up revision ---------------------------------------------------------------------------
# 表甲 is 表二 in one block; 表乙 is 表三 with two applicant columns and fewer results; 表丙 is 表四
# turned on its side (a row per group, a column per outcome).  No key, label or id is 2021's.

_DONE = Node("小计", "done", total=True, role=Role.RESULTS_TOTAL)

TABLE_A = TableSpec(
    key="a",
    name="表甲",
    blocks=(
        Block(
            corner="事项",
            columns=(
                Node("新定", "made", role=Role.ISSUED),
                Node("作废", "gone", role=Role.REPEALED),
                Node("有效", "valid", role=Role.IN_FORCE),
            ),
            rows=(
                Node("规章类", "regs", role=Role.REGULATIONS),
                Node("规范性文件类", "norms", role=Role.NORMATIVE),
            ),
        ),
        Block(
            corner="事项",
            columns=(Node("数量", "n"),),
            rows=(
                Node("许可决定", "lic", role=Role.LICENSE),
                Node("处罚决定", "pen", role=Role.PENALTY),
                Node("强制决定", "enf", role=Role.ENFORCEMENT),
                Node("收费总额", "fee", role=Role.FEES),
            ),
        ),
    ),
    column_weights=(1, 1, 1, 1),
    kinds={"fee": NumberKind.AMOUNT},
    role=Role.PROACTIVE,
)

TABLE_B = TableSpec(
    key="b",
    name="表乙",
    blocks=(
        Block(
            columns=(
                Node("个人", "person"),
                Node("单位", "body"),
                Node("合计", "sum", total=True, role=Role.TOTAL),
            ),
            rows=(
                Node("收到申请", "in", short="收到", role=Role.NEW),
                Node("往年转来", "prev", short="往年转来", role=Role.CARRIED_IN),
                Node(
                    "结果",
                    role=Role.RESULTS,
                    children=(
                        Node("全部提供", "open", role=Role.DISCLOSED),
                        Node("部分提供", "part", role=Role.PARTLY_DISCLOSED),
                        Node(
                            "不公开",
                            role=Role.REFUSED,
                            children=(Node("1.涉密", "secret"), Node("2.其他", "rest")),
                        ),
                        Node(
                            "无法提供",
                            children=(
                                Node("1.本机关不掌握相关政府信息", "nh", role=Role.NOT_HELD),
                                Node("2.需另行制作", "make"),
                            ),
                        ),
                        _DONE,
                    ),
                ),
                Node("转到下年度", "next", short="转下年", role=Role.CARRIED_OUT),
            ),
        ),
    ),
    column_weights=(1, 1, 1, 1, 1),
    balance=(("in", "prev"), ("done", "next")),
    role=Role.APPLICATIONS,
    row_total_rule=TableRule("b.sum", "合计不符"),
    column_total_rule=TableRule("b.done", _DONE.brief),
    balance_rule=TableRule("b.balance", "收支不平"),
)


def _outcomes() -> tuple[Node, ...]:
    return (
        Node("维持", "kept", role=Role.UPHELD),
        Node("纠正", "fixed", role=Role.CORRECTED),
        Node("另作处理", "else", role=Role.OTHER_OUTCOME),
        Node("未审结", "open", role=Role.PENDING),
        Node("共计", "all", total=True, role=Role.TOTAL),
    )


TABLE_C = TableSpec(
    key="c",
    name="表丙",
    blocks=(
        Block(
            corner="类别",
            columns=_outcomes(),
            rows=(
                Node("复议", "rev", role=Role.REVIEW),
                Node(
                    "诉讼",
                    role=Role.LITIGATION,
                    children=(
                        Node("直接起诉", "sue", role=Role.DIRECT_SUIT),
                        Node("复议后起诉", "sue2", role=Role.SUIT_AFTER_REVIEW),
                    ),
                ),
            ),
        ),
    ),
    column_weights=(1,) * 7,
    role=Role.APPEALS,
    row_total_rule=TableRule("c.all", "共计不符"),
)

MADE_UP = ReportFormat(
    id="made-up",
    name="试拟版",
    title_pattern="{agency}{year}年信息公开年报",
    sections=(
        SectionSpec("s1", "一", "概况", has_parts=True, usual_parts=("主动公开", "依申请公开情况")),
        SectionSpec("s2", "二", "主动公开", table=TABLE_A, text_required=False),
        SectionSpec("s3", "三", "申请", table=TABLE_B, text_required=False),
        SectionSpec("s4", "四", "复议诉讼", table=TABLE_C, text_required=False),
        SectionSpec(
            "s5", "五", "问题", has_parts=True, usual_parts=("旧", "新"), role=Role.PROBLEMS
        ),
        SectionSpec("s6", "六", "其他", role=Role.OTHER_MATTERS),
    ),
)


def _id(table: TableSpec, row: str, column: str) -> str:
    return table.cell(row, column).id


def made_up_report(year: int = 2024) -> Report:
    """A made-up revision's report whose tables add up: 5 applications in, 1 carried in, 4
    disclosed, 1 not held, 1 carried out; 3 documents made, 1 gone, 12 valid; one 复议 upheld."""
    report = new_report("某某局", year, MADE_UP)
    for cell in MADE_UP.cells:
        report.values[cell.id] = 0
    values = report.values
    values[_id(TABLE_B, "in", "person")] = 4
    values[_id(TABLE_B, "in", "body")] = 1
    values[_id(TABLE_B, "prev", "person")] = 1
    values[_id(TABLE_B, "open", "person")] = 4
    values[_id(TABLE_B, "nh", "body")] = 1
    values[_id(TABLE_B, "next", "person")] = 1
    values[_id(TABLE_A, "regs", "made")] = 3
    values[_id(TABLE_A, "regs", "gone")] = 1
    values[_id(TABLE_A, "regs", "valid")] = 12
    values[_id(TABLE_A, "lic", "n")] = 60
    values[_id(TABLE_A, "fee", "n")] = 0
    values[_id(TABLE_C, "rev", "kept")] = 1
    report.recompute_totals()
    report.report_date = dt.date(year + 1, 1, 20)
    report.contact_office, report.address, report.phone = "办公室", "某路1号", "12345678"
    report.preamble = f"本报告统计期限为{year}年1月1日至{year}年12月31日。"
    report.sections["s1"] = SectionText(
        parts=[TextPart("主动公开", "按要求公开。"), TextPart("依申请公开情况", "依法答复。")]
    )
    report.sections["s5"] = SectionText(
        parts=[TextPart("旧", "已整改。"), TextPart("新", "将改进。")]
    )
    report.sections["s6"] = SectionText("本年度未收取信息处理费。")
    return report


def ids(findings: list[Finding]) -> list[str]:
    return [f.rule.id for f in findings]


# --- the lookups ----------------------------------------------------------------------------------


def test_the_made_up_revision_has_every_role_the_2021_format_has() -> None:
    def found(report_format: ReportFormat) -> set[Role]:
        return {role for role in Role if report_format.sections_with(role)}

    assert found(MADE_UP) == found(FORMAT_2021) == set(Role)


def test_lookups_by_role() -> None:
    assert MADE_UP.cell_with(Role.NEW, Role.TOTAL).id == "b.in.sum"
    assert FORMAT_2021.cell_with(Role.NEW, Role.TOTAL).id == "t3.new.total"
    assert [c.id for c in MADE_UP.cells_with(Role.LITIGATION, Role.UPHELD)] == [
        "c.sue.kept",
        "c.sue2.kept",
    ]
    assert MADE_UP.table_with(Role.CARRIED_IN) is TABLE_B
    assert MADE_UP.section_with(Role.APPEALS).key == "s4"
    assert MADE_UP.node_with(Role.RESULTS_TOTAL) is _DONE
    with pytest.raises(LookupError):
        MADE_UP.cell_with(Role.UPHELD)  # one per group: which is meant?
    with pytest.raises(LookupError):
        MADE_UP.table_with(Role.TOTAL)  # 表乙's and 表丙's


# --- every rule on the made-up revision -----------------------------------------------------------


def test_a_consistent_report_of_the_made_up_revision_has_no_finding() -> None:
    assert run_checks(made_up_report()) == []


def test_its_arithmetic_rules_are_its_own() -> None:
    report = made_up_report()
    report.values["b.in.sum"] = 6  # 4 + 1 = 5: the row's 合计 and the balance are wrong
    report.values["c.sue.all"] = 2  # 直接起诉's 共计 of nothing
    findings = run_checks(report)
    assert sorted(ids(findings)) == ["b.balance", "b.sum", "c.all"]
    by_id = {f.rule.id: f for f in findings}
    assert by_id["b.sum"].rule.title == "表乙合计不符"
    assert by_id["b.sum"].message == (
        "表乙「收到申请」行：「合计」为 6，但 个人 4 ＋ 单位 1 ＝ 5，两者应相等。"
    )
    assert by_id["b.balance"].message == (
        "表乙「合计」列：收到 6 ＋ 往年转来 1 ＝ 7，小计 5 ＋ 转下年 1 ＝ 6，两者应相等。"
    )
    assert by_id["c.all"].cells[0] == "c.sue.all"
    report = made_up_report()
    report.values["b.done.person"] = 3  # 全部提供 4: the column's 小计, the row's 合计, the balance
    assert sorted(ids(run_checks(report))) == ["b.balance", "b.done", "b.sum"]


def test_its_checks_across_years() -> None:
    previous = made_up_report(2023)
    previous.values["b.next.person"] = 2
    previous.values["a.regs.valid"] = 5
    previous.values["a.lic.n"] = 6
    report = made_up_report()
    findings = run_checks(report, previous)
    assert sorted(ids(findings)) == [
        "previous.carry_over",
        "previous.in_force",
        "previous.jump",
    ]
    by_id = {f.rule.id: f for f in findings}
    assert by_id["previous.carry_over"].message.startswith(
        "表乙「往年转来」行「个人」列为 1，但上年（2023 年度）报告「转到下年度」行「个人」列为 2"
    )
    assert by_id["previous.in_force"].cells == ("a.regs.valid", "a.regs.made", "a.regs.gone")
    assert by_id["previous.jump"].cells == ("a.lic.n",)
    assert "表甲「许可决定」行「数量」列本年为 60，上年为 6" in by_id["previous.jump"].message


def test_started_from_last_years_report() -> None:
    previous = made_up_report(2023)
    previous.values["b.next.body"] = 3
    draft = previous_year.draft_from_previous(previous)
    carried = {c.id: draft.report.values[c.id] for c in TABLE_B.cells_with(Role.CARRIED_IN)}
    assert carried == {"b.prev.person": 1, "b.prev.body": 3, "b.prev.sum": 1}
    # 五's second part, this year's plans, offered as next year's first
    assert draft.report.sections["s5"].parts[0].text == "将改进。"


def test_its_text_is_read_against_its_tables() -> None:
    report = made_up_report()
    report.sections["s1"].parts[1].text = "2024年，我局新收到政府信息公开申请6件，许可决定60件。"
    report.sections["s4"] = SectionText("本年度未发生行政复议。")  # 表丙 counts one 复议
    report.sections["s6"] = SectionText("无。")
    findings = run_checks(report)
    assert ids(findings) == ["narrative.number", "narrative.none", "narrative.fee"]
    number, none, fee = findings
    assert number.cells == ("b.in.sum",)
    assert "写收到申请 6，但表乙「收到申请」行「合计」列为 5" in number.message
    assert none.cells == ("c.rev.all",)
    assert fee.address is not None and fee.address.section == "s6"
    assert fee.message.startswith("“六、其他”没有说明是否收取信息处理费")


def test_generated_text_speaks_of_its_tables_and_reads_back() -> None:
    report = made_up_report()
    report.sections["s1"] = SectionText(parts=[TextPart("主动公开", "按要求公开。")])
    generated = generated_text.generate(report)
    assert generated.written == ["一（二）", "二", "三", "四"]
    assert generated.skipped == []
    report.sections.update(generated.sections)
    assert report.sections["s1"].parts[1].heading == "政府信息依申请公开情况"
    assert report.sections["s1"].parts[1].text == (
        "2024年，我局新收到政府信息公开申请5件，往年转来1件，办结5件，转到下年度1件。"
    )
    assert report.sections["s2"].intro == (
        "2024年，我局共处理许可决定60件、处罚决定0件、强制决定0件，收取收费总额0万元。"
    )
    assert report.sections["s3"].intro == (
        "2024年，我局新收到政府信息公开申请5件，往年转来政府信息公开申请1件。"
        "本年度办结政府信息公开申请5件，其中全部提供4件、无法提供1件；转到下年度1件。"
    )
    assert report.sections["s4"].intro == (
        "2024年，我局因政府信息公开工作被申请复议1件，其中维持1件；被提起诉讼0件。"
    )
    assert run_checks(report) == []  # what it wrote agrees with the tables
    report.values["b.in.sum"] = None  # blank, as a total is while its parts are
    assert generated_text.generate(report).skipped[:2] == [
        "一（二）：表乙还有空白单元格",
        "三：表乙还有空白单元格",
    ]


def test_key_figures_of_the_made_up_revision() -> None:
    report = made_up_report()
    report.values["c.sue2.fixed"] = 2
    report.recompute_totals()
    names = [figure.name for figure in key_figures.figures(MADE_UP)]
    assert names == [
        "收到",
        "小计",
        "全部提供",
        "部分提供",
        "不公开",
        "转下年",
        "复议·共计",
        "复议·纠正",
        "诉讼·共计",
        "诉讼·纠正",
    ]
    assert [f.key for f in key_figures.figures(MADE_UP)] == [f.key for f in key_figures.FIGURES]
    found = key_figures.key_figures(report)
    assert found == {
        "new": 5,
        "result_total": 5,
        "disclosed": 4,
        "partly": 0,
        "refused": 0,
        "carried_out": 1,
        "review_total": 1,
        "review_corrected": 0,
        "litigation_total": 2,
        "litigation_corrected": 2,
        key_figures.FEE_KEY: 0,
    }


def test_a_format_without_a_rule_for_its_totals_is_refused() -> None:
    bare = dataclasses.replace(TABLE_C, row_total_rule=None)
    made_up = dataclasses.replace(MADE_UP, sections=(SectionSpec("s4", "四", "复议", table=bare),))
    report = new_report("某某局", 2024, made_up)
    report.values["c.rev.kept"] = 1
    with pytest.raises(LookupError, match="no rule"):
        run_checks(report)


# --- no id outside the format description ---------------------------------------------------------

FORMAT_DESCRIPTION = {"format2021.py", "format2019.py", "format2019_tables.py"}
"""The modules describing a revision (2021, and the 2019 one for reading old documents): the
only home of keys, ids and the ids of the tables' rules."""

TABLE_KEY = re.compile(r"(?<![\w.])t[234](?![\w])")
"""表二, 表三 and 表四's keys, alone ("t3") or beginning a cell id ("t3.new.total", "t3.")."""
TABLE_NAME = re.compile(r"^TABLE_[234]$")
"""The 2021 description's tables by name (the 2019 description's TABLE_2_CARRIED … are that
description's data, named for the 2019 表二: allowed)."""
KEY_LOOKUPS = {"table_by_key", "row_by_key", "column_by_key", "cell_by_id", "section_by_key"}


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def named_ids(source: str) -> list[tuple[int, str]]:
    """Where ``source`` names a table, cell, row or column by its key: a string (docstrings
    aside) holding a table's key, the 2021 tables by their names, a key looked up in a table
    (``table_by_key["t3"]``, ``row_by_key["new"]``, ``table.cell("new", "total")``) or compared
    with one (``spec.key == "t2"``)."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings and TABLE_KEY.search(node.value):
                found.append((node.lineno, repr(node.value)))
        elif isinstance(node, ast.Name) and TABLE_NAME.match(node.id):
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.alias) and TABLE_NAME.match(node.asname or node.name):
            found.append((node.lineno, node.name))
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            key = node.slice
            if node.value.attr in KEY_LOOKUPS and isinstance(key, ast.Constant):
                found.append((node.lineno, f"{node.value.attr}[{key.value!r}]"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            keys = [a.value for a in node.args if isinstance(a, ast.Constant)]
            keys = [key for key in keys if isinstance(key, str)]
            owner = node.func.value
            looked_up = isinstance(owner, ast.Attribute) and owner.attr in KEY_LOOKUPS
            if keys and (node.func.attr == "cell" or (node.func.attr == "get" and looked_up)):
                found.append((node.lineno, f".{node.func.attr}({keys[0]!r})"))
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            keyed = any(isinstance(s, ast.Attribute) and s.attr == "key" for s in sides)
            literal = [s for s in sides if isinstance(s, ast.Constant) and isinstance(s.value, str)]
            if keyed and literal:
                found.append((node.lineno, f".key == {literal[0].value!r}"))
    return found


def scanned() -> list[Path]:
    files = [ROOT / "main.py"]
    for folder in ("models", "exporters", "ui"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return [path for path in files if path.name not in FORMAT_DESCRIPTION]


def test_the_scan_reads_the_rules_but_not_the_format_description() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in scanned()}
    assert {
        "models/checks/tables.py",
        "models/format/spec.py",
        "models/batch/key_figures.py",
        "main.py",
    } <= names
    assert {"exporters/reading/tables.py", "models/narrative/phrases.py"} <= names
    assert not names & {f"models/{name}" for name in FORMAT_DESCRIPTION}


def test_no_cell_or_table_id_outside_the_format_description() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in scanned()
        for line, what in named_ids(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "name roles (models.format.spec.Role), not ids:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'cell = "t3.new.total"',
        'cells = f"t3.{row}.total"',
        'table = report.format.table_by_key["t4"]',
        'node = TABLE.row_by_key["carried_in"]',
        'cell = table.cell("carried_in", column.key)',
        'cell = report.format.cell_by_id.get("t2.fees.amount")',
        "from models.format.format2021 import TABLE_3",
        'if spec.key == "t2": pass',
        'RULE = Rule("t3.balance", Severity.ERROR, "表三勾稽关系", Kind.ARITHMETIC)',
    ],
)
def test_the_scan_catches_an_id(source: str) -> None:
    assert named_ids(source)


def test_the_scan_lets_roles_and_docstrings_be() -> None:
    source = (
        '"""t3.new.total in a docstring is fine."""\n'
        "cell = report.format.cell_with(Role.NEW, Role.TOTAL)\n"
        "cell = table.cell(row.key, column.key)\n"
        'label = "表三"\n'
    )
    assert named_ids(source) == []
