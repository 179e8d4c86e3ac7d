"""Published reports that print the format's words otherwise: a typo or words left out in a row
label, a header, a group label, a section heading or the title; a group printed as one row; rows
left out.  Built as government sites publish them (``tests.report_pages``), from the sample
report, and read back: every cell must read as published, each wording printed otherwise must be
reported once (quoting both), and rows that are not there must be unread, never "请填 0"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exporters import findings_for, read_report
from exporters.reading.cells import DocTable, Region, all_nodes, label_key
from exporters.reading.cut_rows import join_cut_rows
from exporters.reading.places import Line, pair_by_place, value_like, value_lines
from models import project_file
from models.checks.tables import Finding, Severity
from models.format.format2021 import FORMAT_2021, TABLE_2, TABLE_3, TABLE_4
from models.format.spec import Node, TableSpec, leaf_paths
from models.report import Report
from models.values import MarkKind
from tests.conftest import SAMPLE
from tests.report_pages import gov_page


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


def read_page(tmp_path: Path, report: Report, name: str = "page.html", **kwargs: object) -> Report:
    path = tmp_path / name
    path.write_bytes(gov_page(report, **kwargs))  # type: ignore[arg-type]
    return read_report(path).report


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule.id == rule]


def typo(label: str) -> str:
    """The label with one character of its words dropped (its numbering and its note kept)."""
    start = next((i for i, c in enumerate(label) if c in ".）、"), -1) + 1
    words, note = label[start:], ""
    if "（" in words:
        words, note = words.split("（", 1)
        note = "（" + note
    middle = len(words) // 2
    return label[:start] + words[:middle] + words[middle + 1 :] + note


def row_labels(*tables: TableSpec) -> Iterator[tuple[TableSpec, Node]]:
    for table in tables:
        for block in table.blocks:
            for path in leaf_paths(block.rows):
                if path[-1].label:
                    yield table, path[-1]


ROWS = list(row_labels(TABLE_2, TABLE_3))


@pytest.mark.parametrize(("table", "row"), ROWS, ids=[r.label[:12] for _, r in ROWS])
def test_a_typo_in_any_row_label_is_read_by_its_place_and_reported_once(
    table: TableSpec, row: Node, sample: Report, tmp_path: Path
) -> None:
    printed = typo(row.label)
    assert printed != row.label
    got = read_page(tmp_path, sample, printed={row.label: printed})
    assert got.values == sample.values
    assert not got.blank_marks
    findings = findings_for(got)
    (label,) = of_rule(findings, "wording.label")
    assert f"“{printed}”" in label.message and f"“{row.label}”" in label.message
    assert label.table == table.name
    assert set(label.cells) == {c.id for c in table.cells if c.row is row}
    # Nothing else of the tables is found wrong.
    assert not [f for f in findings if f.table and f is not label]


def test_words_left_out_of_a_row_label(sample: Report, tmp_path: Path) -> None:
    normative = TABLE_2.row_by_key["normative"]
    partly = TABLE_3.row_by_key["partly"]
    got = read_page(
        tmp_path,
        sample,
        # 规范性文件 (沭阳县发改局); the note of （二）部分公开 left out, as many tables do.
        printed={normative.label: "规范性文件", partly.label: "（二）部分公开"},
    )
    assert got.values == sample.values
    deviations = [(d.official, d.printed) for d in got.deviations]
    assert deviations == [(normative.label, "规范性文件")]  # the note is no wording of its own


def test_two_typos_side_by_side_and_a_row_left_out(sample: Report, tmp_path: Path) -> None:
    """Rows printed otherwise next to each other are paired by place; a row not printed at all
    is unread — one warning naming it — and its neighbours are still read."""
    secret = TABLE_3.row_by_key["refused_secret"]
    law = TABLE_3.row_by_key["refused_law"]
    got = read_page(
        tmp_path,
        sample,
        printed={secret.label: "1.属于国家秘", law.label: "2.其他法律行政止公开"},
        left_out={"refused_safety"},
    )
    for cell in TABLE_3.cells:
        if cell.row.key == "refused_safety":
            assert got.values[cell.id] is None
            assert got.blank_marks[cell.id].kind is MarkKind.UNREAD
        elif not cell.computed:
            assert got.values[cell.id] == sample.values[cell.id], cell.id
    findings = findings_for(got)
    assert len(of_rule(findings, "wording.label")) == 2
    (unread,) = of_rule(findings, "value.unread")
    assert unread.severity is Severity.WARNING
    assert "3.危及“三安全一稳定”" in unread.message and "没有找到这一行" in unread.message
    assert not of_rule(findings, "value.blank")
    assert not [f for f in findings if "请填 0" in f.message or "应填 0" in f.message]


def test_a_group_printed_as_one_row_is_read_whatever_else_is_missing(
    sample: Report, tmp_path: Path
) -> None:
    other = next(n for n in TABLE_3.blocks[0].rows[2].children if n.label == "（六）其他处理")
    zeros = sample.copy()
    for cell in TABLE_3.cells:
        if cell.row.key.startswith("other_"):
            zeros.values[cell.id] = 0
    zeros.recompute_totals()
    got = read_page(tmp_path, zeros, one_row={other.label}, left_out={"disclosed"})
    for cell in TABLE_3.cells:
        if cell.row.key.startswith("other_"):
            assert got.values[cell.id] == 0, cell.id
    findings = findings_for(got)
    (collapsed,) = of_rule(findings, "wording.collapsed")
    assert "（六）其他处理" in collapsed.message and "3 项" in collapsed.message
    (unread,) = of_rule(findings, "value.unread")
    assert "（一）予以公开" in unread.message


def test_headers_retyped_are_read_by_place_and_other_words_reported(
    sample: Report, tmp_path: Path
) -> None:
    got = read_page(
        tmp_path,
        sample,
        printed={
            "法人或其他组织": "法人或者其他组织",  # retyped: the same header
            "商业企业": "企业单位",  # other words
            "本年废止件数": "本年废止数",
            "结果纠正": "结果更正",
        },
    )
    assert got.values == sample.values
    columns = sorted((d.official, d.printed) for d in got.deviations if d.what == "column")
    # 结果纠正 heads a column in each of 表四's three groups: three cells retyped.
    assert columns == [("商业企业", "企业单位")] + [("结果纠正", "结果更正")] * 3
    findings = of_rule(findings_for(got), "wording.label")
    assert len(findings) == 4 and all("列标题印作" in f.message for f in findings)
    assert {len(f.cells) for f in findings} == {1, len(TABLE_3.blocks[0].row_leaves)}


def test_a_group_label_in_other_words(sample: Report, tmp_path: Path) -> None:
    got = read_page(tmp_path, sample, printed={"（四）无法提供": "（四）不能提供的"})
    assert got.values == sample.values
    assert [(d.what, d.official, d.printed) for d in got.deviations] == [
        ("group", "（四）无法提供", "（四）不能提供的")
    ]


HEADINGS = [
    ("problems", "五、存在的主要问题及整改措施"),
    ("review_litigation", "四、政府信息公开行政法复议、行政诉讼情况"),
    ("overview", "一、总体情况概述"),
    ("other", "六、其他需要报告事项"),
]


@pytest.mark.parametrize(("key", "printed"), HEADINGS)
def test_a_heading_in_other_words_keeps_its_section(
    key: str, printed: str, sample: Report, tmp_path: Path
) -> None:
    section = FORMAT_2021.section_by_key[key]
    got = read_page(tmp_path, sample, printed={section.heading: printed})
    assert got.sections[key] == sample.sections[key]
    (heading,) = of_rule(findings_for(got), "wording.heading")
    assert f"“{printed}”" in heading.message and f"“{section.heading}”" in heading.message
    assert not of_rule(findings_for(got), "text.required")


def test_the_2019_headings_are_no_wording_of_their_own(sample: Report, tmp_path: Path) -> None:
    from models.format.format2019 import TITLES_2019

    printed = {
        FORMAT_2021.section_by_key[
            key
        ].heading: f"{FORMAT_2021.section_by_key[key].number}、{title}"
        for key, title in TITLES_2019.items()
    }
    got = read_page(tmp_path, sample, printed=printed)
    assert got.sections == sample.sections and not got.deviations


@pytest.mark.parametrize(
    ("title", "reported"),
    [
        ("{agency}{year}年政府信息公开年度报告", True),
        ("{agency}{year}年度政府信息公开工作年度报告", False),
        ("{year}年{agency}政府信息公开工作年度报告", False),
        ("{agency}\n{year}年政府信息公开工作年度报告", False),
        ("{agency}{year}年政府信息公开工作年度报告（全文）", False),
        ("《{agency}{year}年政府信息公开工作年度报告》", False),
    ],
)
def test_the_title_words(title: str, reported: bool, sample: Report, tmp_path: Path) -> None:
    shown = title.format(agency=sample.agency, year=sample.year)
    got = read_page(tmp_path, sample, title=shown)
    assert (got.agency, got.year) == (sample.agency, sample.year)
    found = of_rule(findings_for(got), "wording.title")
    assert len(found) == int(reported)
    if reported:
        assert sample.title in found[0].message


def test_blank_cells_of_a_file_are_one_finding_per_table(sample: Report, tmp_path: Path) -> None:
    blanked = sample.copy()
    organisations = {"business", "research", "public_welfare", "legal_service", "other_org"}
    for cell in TABLE_3.cells:
        if cell.column.key in organisations:
            blanked.values[cell.id] = None
    blanked.values["t4.cases.review_pending"] = None
    got = read_page(tmp_path, blanked)
    findings = of_rule(findings_for(got), "value.blank")
    assert [f.table for f in findings] == [TABLE_3.name, TABLE_4.name]
    assert "「法人或其他组织」5 列（商业企业、科研机构、社会公益组织、法律服务机构、其他）" in (
        findings[0].message
    )
    assert f"全部 {len(TABLE_3.blocks[0].row_leaves)} 行都是空白" in findings[0].message
    assert len(findings[0].cells) == 5 * len(TABLE_3.blocks[0].row_leaves)
    assert "尚未审结" in findings[1].message


def test_a_report_typed_in_the_form_still_has_a_finding_per_blank_cell(sample: Report) -> None:
    report = sample.copy()
    report.values["t3.new.business"] = None
    report.values["t3.new.research"] = None
    from models.checks.tables import run_checks

    blanks = of_rule(run_checks(report), "value.blank")
    assert [f.cells for f in blanks] == [("t3.new.business",), ("t3.new.research",)]


def test_a_group_printed_as_one_row_under_other_words(sample: Report, tmp_path: Path) -> None:
    """（六）其它处理 (其它 for 其他), one row of zeros: found at its place, read, reported once
    quoting what was printed."""
    zeros = sample.copy()
    for cell in TABLE_3.cells:
        if cell.row.key.startswith("other_"):
            zeros.values[cell.id] = 0
    zeros.recompute_totals()
    got = read_page(
        tmp_path,
        zeros,
        one_row={"（六）其他处理"},
        printed={"（六）其他处理": "（六）其它处理"},
    )
    assert got.values == zeros.values and not got.blank_marks
    findings = findings_for(got)
    (collapsed,) = of_rule(findings, "wording.collapsed")
    assert "“（六）其他处理”（印作“（六）其它处理”）只印了一行" in collapsed.message
    assert not of_rule(findings, "wording.label") and not of_rule(findings, "value.unread")


def test_a_numbered_line_inside_a_section_is_no_later_sections_heading(
    sample: Report, tmp_path: Path
) -> None:
    """A list numbered 二、三、 inside 一 whose words come near 二's title stays 一's text; 二's
    own heading, printed otherwise further down, is still 二's."""
    report = sample.copy()
    overview = report.sections["overview"]
    overview.parts[0].text += "\n二、主动公开政府信息工作"
    section = FORMAT_2021.section_by_key["proactive"]
    got = read_page(tmp_path, report, printed={section.heading: "二、主动公开政府信息的情况"})
    assert got.sections["overview"].parts[0].text == overview.parts[0].text
    assert got.sections["proactive"] == report.sections["proactive"]
    (heading,) = of_rule(findings_for(got), "wording.heading")
    assert "“二、主动公开政府信息的情况”" in heading.message


# --- the pieces -------------------------------------------------------------------------------


def _lines(*labels: str) -> list[Line]:
    """One document table with a row per label and a value cell each."""
    regions = []
    for row, text in enumerate(labels):
        regions += [Region(row, 0, 1, 1, text, label_key(text)), Region(row, 1, 1, 1, "0", "0")]
    table = DocTable(regions, 2, len(labels))
    return value_lines([table])


def test_what_reads_like_a_value_and_what_like_a_label() -> None:
    for value in ("", "12", "12件", "—", "/", "无", "22（其中修订16件）", "5949.0886671", "1 0"):
        assert value_like(value), value
    for label in ("1.属于国家秘密", "规范性文件", "（七）总计", "见附件"):
        assert not value_like(label), label


def test_rows_left_are_paired_by_place_then_by_likeness() -> None:
    official = ["2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”"]
    # As many lines as rows: each takes the one at its place, when at all alike.
    pairs = pair_by_place(official, _lines("2.其他法律行政止公开", "3.危及三安全"), bounded=True)
    assert [i for i, _ in pairs] == [0, 1]
    assert pair_by_place(official[:1], _lines("行政事业性收费"), bounded=True) == []
    # More lines than rows: the most alike, in order, each alike enough.
    lines = _lines("合计", "3.危及“三安全一稳定”", "注：本表数据截至12月31日")
    assert [(i, line.label.text) for i, line in pair_by_place(official, lines, bounded=True)] == [
        (1, "3.危及“三安全一稳定”")
    ]


def _table(rows: list[list[tuple[int, int, int, str]]], breaks: set[int]) -> DocTable:
    """A table from rows of (column, column span, row span, text)."""
    regions = [
        Region(r, column, row_span, span, text, label_key(text))
        for r, cells in enumerate(rows)
        for column, span, row_span, text in cells
    ]
    columns = max(g.end for g in regions)
    return DocTable(
        regions, columns, len(rows), {g.key for g in regions if g.key}, frozenset(breaks)
    )


LABELS = [n.label for n in all_nodes(TABLE_3.blocks[0].rows + TABLE_3.blocks[0].columns)]


def test_a_row_a_page_break_cut_in_two_is_one_row_again() -> None:
    no_fee = TABLE_3.row_by_key["other_no_fee"].label
    cut = _table(
        [
            [(0, 1, 1, "（六）其"), (1, 1, 1, "1.申请人无正当理由逾期不"), (2, 1, 1, "1")],
            [
                (0, 1, 3, "他处理"),
                (1, 1, 1, "补正、行政机关不再处理其政府信息公开申请"),
                (2, 1, 1, ""),
            ],
            [(1, 1, 1, no_fee), (2, 1, 1, "0")],
            [(1, 1, 1, "3.其他"), (2, 1, 1, "1")],
        ],
        {1},
    )
    joined = join_cut_rows(cut, LABELS)
    assert joined.rows == 3 and joined.breaks == frozenset()
    assert [(g.row, g.row_span, g.text) for g in joined.regions if g.column == 0] == [
        (0, 3, "（六）其他处理")
    ]
    first = sorted((g for g in joined.regions if g.row == 0), key=lambda g: g.column)
    assert [g.text for g in first] == [
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "1",
    ]


def test_a_header_cut_in_two_and_a_label_cell_cut_between_rows() -> None:
    header = _table(
        [[(0, 1, 1, "结果维"), (1, 1, 1, "总")], [(0, 1, 1, "持"), (1, 1, 1, "计")]], {1}
    )
    assert [g.text for g in join_cut_rows(header, ["结果维持", "总计"]).regions] == [
        "结果维持",
        "总计",
    ]
    group = _table(
        [
            [(0, 1, 1, "（四）"), (1, 1, 1, "1.本机关不掌握相关政府信息"), (2, 1, 1, "0")],
            [(0, 1, 2, "无法提供"), (1, 1, 1, "2.没有现成信息需要另行制作"), (2, 1, 1, "0")],
            [(1, 1, 1, "3.补正后申请内容仍不明确"), (2, 1, 1, "0")],
        ],
        {1},
    )
    joined = join_cut_rows(group, LABELS)
    assert joined.rows == 3  # whole rows stay rows
    assert [(g.row, g.row_span, g.text) for g in joined.regions if g.column == 0] == [
        (0, 3, "（四）无法提供")
    ]


def test_a_row_cut_through_a_number_s_note_is_one_row_again() -> None:
    """LibreOffice lets a clerk's row break (the template's rows may split): the number and
    the first characters of its note above, the rest of the note below, the group label cut
    too (the official template filled as a clerk does, rendered on Times New Roman's twin)."""
    cut = _table(
        [
            [(0, 1, 1, "三、本"), (1, 1, 1, "（一）予以公开"), (2, 1, 1, "1（其"), (3, 1, 1, "0")],
            [(0, 1, 2, "年度办理结果"), (1, 1, 1, ""), (2, 1, 1, "中网上申请1件）"), (3, 1, 1, "")],
            [(1, 1, 1, "（二）部分公开"), (2, 1, 1, "0"), (3, 1, 1, "0")],
        ],
        {1},
    )
    joined = join_cut_rows(cut, [*LABELS, "三、本年度办理结果"])
    assert joined.rows == 2
    first = sorted((g for g in joined.regions if g.row == 0), key=lambda g: g.column)
    assert [g.text for g in first] == [
        "三、本年度办理结果",
        "（一）予以公开",
        "1（其中网上申请1件）",
        "0",
    ]
    # Two numbers, one each side of the break, are two rows' values: never joined.
    two = _table(
        [
            [(0, 1, 1, "（一）予以公开"), (1, 1, 1, "1（其")],
            [(0, 1, 1, ""), (1, 1, 1, "2")],
        ],
        {1},
    )
    assert join_cut_rows(two, LABELS) == two


def test_two_whole_rows_at_a_break_stay_two() -> None:
    rows = _table(
        [
            [(0, 1, 1, "1.属于国家秘密"), (1, 1, 1, "")],
            [(0, 1, 1, "2.其他法律行政法规禁止公开"), (1, 1, 1, "3")],
        ],
        {1},
    )
    assert join_cut_rows(rows, LABELS) == rows


def test_a_row_cut_with_its_label_on_one_page_and_its_numbers_on_the_next() -> None:
    """A cell centred in a tall row: the label fits above the break, the numbers fall below."""
    cut = _table(
        [
            [(0, 1, 1, "（一）予以公开"), (1, 1, 1, ""), (2, 1, 1, "")],
            [(0, 1, 1, ""), (1, 1, 1, "3"), (2, 1, 1, "3")],
            [(0, 1, 1, "（二）部分公开"), (1, 1, 1, "0"), (2, 1, 1, "0")],
        ],
        {1},
    )
    joined = join_cut_rows(cut, LABELS)
    assert joined.rows == 2
    assert [g.text for g in sorted(joined.regions, key=lambda g: (g.row, g.column))] == [
        "（一）予以公开",
        "3",
        "3",
        "（二）部分公开",
        "0",
        "0",
    ]
