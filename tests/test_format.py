"""The 2021 format as data (models/format/format2021.py) against the official template.

The template (a WPS-made copy of the one attached to 国办公开办函〔2021〕30号) is read with
python-docx; each table's grid is rebuilt from its gridSpan and vMerge marks and compared, region
by region, with ``TableSpec.grid_cells``.  The template is in tests/data (tests/data/README.md); the
tests that do not read it check the format data on its own.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.format.format2021 import FORMAT_2021, TABLE_2, TABLE_3, TABLE_4
from models.format.spec import GridCell, Node, TableSpec

ROOT = Path(__file__).parents[1]
TEMPLATE = ROOT / "tests" / "data" / "official-format-template.docx"  # tests/data/README.md

# The tests that read TEMPLATE (`-m template` selects them).  It ships in tests/data, so none is
# skipped: a missing template fails them.
needs_template = pytest.mark.template

TABLES = (TABLE_2, TABLE_3, TABLE_4)


def normal(text: str) -> str:
    """Text as compared: no spaces of any width, no line breaks (商业\\n企业 is 商业企业)."""
    return "".join(text.split())


# --- reading the template ------------------------------------------------------------------------


@dataclass
class Region:
    """One merged cell of a template table."""

    row: int
    column: int
    row_span: int
    column_span: int
    text: str
    shaded: bool

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.row, self.column, self.row_span, self.column_span)


@dataclass
class TemplateTable:
    columns: int
    widths: list[int]
    regions: list[Region]

    @property
    def rows(self) -> int:
        return max(r.row + r.row_span for r in self.regions)


def read_table(table: object) -> TemplateTable:
    from docx.oxml.ns import qn

    tbl = table._tbl  # type: ignore[attr-defined]
    widths = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
    regions: list[Region] = []
    open_at: dict[int, Region] = {}  # grid column → the region whose bottom row is the last one
    for r, tr in enumerate(tbl.tr_lst):
        column = tr.grid_before
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                region = open_at[column]
                assert region.column_span == span, f"vMerge continues a different width at row {r}"
                region.row_span += 1
            else:
                paragraphs = tc.findall(qn("w:p"))
                text = "\n".join(
                    "".join(
                        node.text or ("\n" if node.tag == qn("w:br") else "")
                        for node in p.iter(qn("w:t"), qn("w:br"))
                    )
                    for p in paragraphs
                )
                shd = tc.tcPr.find(qn("w:shd")) if tc.tcPr is not None else None
                fill = shd.get(qn("w:fill")) if shd is not None else None
                region = Region(r, column, 1, span, text, fill not in (None, "auto", "FFFFFF"))
                regions.append(region)
                open_at[column] = region
            column += span
        assert column + tr.grid_after == len(widths), f"row {r} does not fill the grid"
    return TemplateTable(len(widths), widths, regions)


@pytest.fixture(scope="module")
def template() -> object:
    docx = pytest.importorskip("docx")
    return docx.Document(str(TEMPLATE))


@pytest.fixture(scope="module")
def template_tables(template: object) -> dict[str, TemplateTable]:
    tables = template.tables  # type: ignore[attr-defined]
    assert len(tables) == 3, "the template has the three tables 二, 三, 四"
    return {spec.key: read_table(t) for spec, t in zip(TABLES, tables, strict=True)}


# --- the grid, cell for cell ---------------------------------------------------------------------


def ours(table: TableSpec) -> dict[tuple[int, int], GridCell]:
    cells = table.grid_cells
    by_place = {(g.row, g.column): g for g in cells}
    assert len(by_place) == len(cells), "two grid cells start at the same place"
    return by_place


@needs_template
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_grid_size_matches_template(table: TableSpec, template_tables: dict[str, TemplateTable]):
    official = template_tables[table.key]
    assert table.grid_columns == official.columns
    assert table.grid_rows == official.rows


@needs_template
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_grid_column_widths_follow_template(
    table: TableSpec, template_tables: dict[str, TemplateTable]
):
    official = template_tables[table.key].widths
    ours_total, theirs_total = sum(table.column_weights), sum(official)
    for i, (w, o) in enumerate(zip(table.column_weights, official, strict=True)):
        assert w / ours_total == pytest.approx(o / theirs_total, rel=0.01), f"grid column {i}"


@needs_template
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_grid_merged_regions_match_template(
    table: TableSpec, template_tables: dict[str, TemplateTable]
):
    official = {r.box for r in template_tables[table.key].regions}
    mine = {(g.row, g.column, g.row_span, g.column_span) for g in table.grid_cells}
    assert mine - official == set(), "regions in our grid that the template does not have"
    assert official - mine == set(), "regions of the template missing from our grid"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_grid_covers_every_grid_place_once(table: TableSpec):
    covered: dict[tuple[int, int], GridCell] = {}
    for g in table.grid_cells:
        for r in range(g.row, g.row + g.row_span):
            for c in range(g.column, g.column + g.column_span):
                assert (r, c) not in covered, f"({r}, {c}) covered twice"
                covered[(r, c)] = g
    assert len(covered) == table.grid_rows * table.grid_columns


@needs_template
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_grid_texts_values_and_captions_match_template(
    table: TableSpec, template_tables: dict[str, TemplateTable]
):
    by_place = ours(table)
    for region in template_tables[table.key].regions:
        cell = by_place[(region.row, region.column)]
        where = f"{table.name} row {region.row} column {region.column}"
        text = normal(region.text)
        if text:
            assert normal(cell.text) == text, where
            assert cell.role != "value", where
            assert cell.cell is None, where
        else:
            assert cell.role == "value", f"{where}: the template leaves it blank for a number"
            assert cell.cell is not None, where
            assert cell.text == "", where
        assert cell.shaded == region.shaded, where
        assert (cell.role == "caption") == region.shaded, where
        if cell.role == "caption":
            assert re.fullmatch(r"第二十条第（[一二三四五六七八九十]+）项", cell.text), where
            assert cell.column_span == table.grid_columns, where


@needs_template
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_grid_line_breaks_are_the_templates(
    table: TableSpec, template_tables: dict[str, TemplateTable]
):
    """Where a narrow header breaks its label, our text breaks it at the same place, and
    nowhere else (表四's first 结果维持 is on one line, the others on two)."""
    by_place = ours(table)
    breaks = 0
    for region in template_tables[table.key].regions:
        lines = [normal(line) for line in region.text.split("\n") if normal(line)]
        cell = by_place[(region.row, region.column)]
        assert cell.text.split("\n") == (lines or [""]), f"{table.name} {region.box}"
        breaks += len(lines) > 1
    assert breaks == {"t2": 0, "t3": 2, "t4": 11}[table.key]


@needs_template
def test_template_has_the_three_tables_of_2021_not_2019(template_tables):
    """Guard against the wrong template: the 2019 format's 表三 has 20 result rows, not 21."""
    t3 = template_tables["t3"]
    result_rows = next(r for r in t3.regions if normal(r.text) == "三、本年度办理结果")
    assert result_rows.row_span == 22


def test_every_value_cell_is_in_the_grid_once():
    for table in TABLES:
        placed = [g.cell.id for g in table.grid_cells if g.role == "value" and g.cell is not None]
        assert sorted(placed) == sorted(c.id for c in table.cells)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_the_cached_grid_and_its_maps(table: TableSpec):
    cells = table.grid_cells
    assert table.grid_cells is cells  # worked out once, a tuple: no caller can change it
    assert isinstance(cells, tuple)
    assert table.grid_rows == max(g.row + g.row_span for g in cells)
    assert dict(table.grid_at) == ours(table)
    assert {
        c.id: table.grid_at[place].cell for c in table.cells for place in [table.grid_place[c.id]]
    } == {c.id: c for c in table.cells}
    assert len(table.grid_cover) == table.grid_rows * table.grid_columns
    for (r, c), g in table.grid_cover.items():
        assert g.row <= r < g.row + g.row_span and g.column <= c < g.column + g.column_span


def test_rows_and_columns_by_key():
    assert TABLE_2.column_by_key["in_force"].label == "现行有效件数"
    assert TABLE_2.row_by_key["fees"].label == "行政事业性收费"
    assert TABLE_3.row_by_key["carried_out"].label == "四、结转下年度继续办理"
    assert set(TABLE_3.column_by_key) == {c.column.key for c in TABLE_3.cells}
    assert set(TABLE_4.row_by_key) == {"cases"}


def test_bare_labels_drop_numbering_and_notes():
    rows = TABLE_3.row_by_key
    assert rows["carried_out"].bare == "结转下年度继续办理"
    assert rows["partly"].bare == "部分公开"
    assert rows["refused_secret"].bare == "属于国家秘密"
    assert rows["result_total"].bare == "总计"
    assert TABLE_2.column_by_key["amount"].bare == "本年收费金额"
    assert TABLE_3.column_by_key["natural"].bare == "自然人"


def test_display_text_never_changes_the_label():
    for table in TABLES:
        for block in table.blocks:
            for node in _all_nodes(block.columns + block.rows):
                if node.display:
                    assert normal(node.display) == node.label


# --- cell ids, counts, sums ----------------------------------------------------------------------


def test_cell_ids_unique_and_stable_looking():
    ids = [c.id for c in FORMAT_2021.cells]
    assert len(ids) == len(set(ids))
    for table in TABLES:
        for cell in table.cells:
            assert re.fullmatch(rf"{table.key}\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", cell.id), cell.id
            assert cell.id == f"{table.key}.{cell.row.key}.{cell.column.key}"
    assert {t.key for t in TABLES} == {"t2", "t3", "t4"}
    # Ids that project files, docs and other tests rely on.
    for cell_id in (
        "t2.fees.amount",
        "t2.rules.in_force",
        "t3.new.natural",
        "t3.new.total",
        "t3.carried_in.total",
        "t3.result_total.total",
        "t3.carried_out.total",
        "t4.cases.review_total",
        "t4.cases.after_review_total",
    ):
        assert cell_id in FORMAT_2021.cell_by_id, cell_id


def test_keys_are_unique_within_each_tree():
    for table in TABLES:
        for block in table.blocks:
            for nodes in (block.rows, block.columns):
                keys = [leaf.key for leaf in _leaves(nodes)]
                assert all(keys), f"{table.name}: a leaf without a key"
                assert len(keys) == len(set(keys)), f"{table.name}: a key used twice"


def test_counts_of_value_cells():
    assert len(TABLE_2.cells) == 10
    t3_rows = {c.row.key for c in TABLE_3.cells}
    t3_columns = {c.column.key for c in TABLE_3.cells}
    assert (len(t3_rows), len(t3_columns), len(TABLE_3.cells)) == (25, 7, 175)
    assert len(TABLE_4.cells) == 15
    assert len(FORMAT_2021.cells) == 10 + 175 + 15


def test_amount_is_only_the_fee():
    from models.format.spec import NumberKind

    amounts = [c for c in FORMAT_2021.cells if c.kind is NumberKind.AMOUNT]
    assert [c.row.label for c in amounts] == ["行政事业性收费"]
    assert amounts[0].column.label == "本年收费金额（单位：万元）"


def test_table_3_row_totals_add_six_applicant_columns():
    row_sums = [s for s in TABLE_3.sums if s.along == "row"]
    assert len(row_sums) == 25
    for s in row_sums:
        assert s.total.column.label == "总计"
        assert [p.column_label for p in s.parts] == [
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ]
        assert all(p.row is s.total.row for p in s.parts)


def test_table_3_result_total_adds_21_result_rows():
    column_sums = [s for s in TABLE_3.sums if s.along == "column"]
    assert len(column_sums) == 7
    for s in column_sums:
        assert s.total.row.label == "（七）总计"
        assert len(s.parts) == 21
        assert all(p.column is s.total.column for p in s.parts)
        labels = [p.row.label for p in s.parts]
        assert labels[:2] == [
            "（一）予以公开",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ]
        assert labels[2:10] == [
            f"{i}.{x}"
            for i, x in enumerate(
                (
                    "属于国家秘密",
                    "其他法律行政法规禁止公开",
                    "危及“三安全一稳定”",
                    "保护第三方合法权益",
                    "属于三类内部事务信息",
                    "属于四类过程性信息",
                    "属于行政执法案卷",
                    "属于行政查询事项",
                ),
                start=1,
            )
        ]
        assert "一、本年新收政府信息公开申请数量" not in labels
        assert "四、结转下年度继续办理" not in labels
        assert all(p.row_path[0].label == "三、本年度办理结果" for p in s.parts)


@needs_template
def test_table_3_result_rows_are_the_templates(template_tables):
    """The 21 parts of （七）总计 are exactly the template's rows under 三 above （七）."""
    t3 = template_tables["t3"]
    label_column = 2  # the numbered items; （一）（二） span columns 1–2
    first = next(r for r in t3.regions if normal(r.text) == "三、本年度办理结果")
    total = next(r for r in t3.regions if normal(r.text) == "（七）总计")
    template_rows = []
    for row in range(first.row, total.row):
        region = next(
            r
            for r in t3.regions
            if r.row == row
            and r.column in (1, label_column)
            and r.column + r.column_span - 1 == label_column
        )
        template_rows.append(normal(region.text))
    column_sum = next(s for s in TABLE_3.sums if s.along == "column")
    assert [normal(p.row.label) for p in column_sum.parts] == template_rows


def test_table_4_three_groups_of_four():
    sums = TABLE_4.sums
    assert len(sums) == 3
    groups = []
    for s in sums:
        assert s.along == "row"
        assert s.total.column.label == "总计"
        assert [p.column.label for p in s.parts] == ["结果维持", "结果纠正", "其他结果", "尚未审结"]
        group = s.total.column_path[-2].label
        assert all(p.column_path[-2].label == group for p in s.parts)
        groups.append(group)
    assert groups == ["行政复议", "未经复议直接起诉", "复议后起诉"]


def test_table_2_has_no_totals_and_no_balance():
    assert TABLE_2.sums == []
    assert TABLE_2.balance is None and TABLE_4.balance is None


def test_table_3_balance_is_the_note():
    """（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"""
    assert TABLE_3.balance is not None
    left, right = TABLE_3.balance
    rows_by_key = {leaf.key: leaf.label for leaf in _leaves(TABLE_3.blocks[0].rows)}
    assert [rows_by_key[k][:1] for k in left] == ["一", "二"]
    assert rows_by_key[right[0]] == "（七）总计"  # 第三项 counts as its 总计
    assert rows_by_key[right[1]] == "四、结转下年度继续办理"


def test_column_names_are_unique_and_short():
    for table in TABLES:
        names = [c.column_label for c in table.cells if c.row is table.cells[0].row]
        assert len(names) == len(set(names))
    assert TABLE_3.cell("new", "business").column_label == "商业企业"
    assert TABLE_4.cell("cases", "direct_upheld").column_label == "未经复议直接起诉·结果维持"
    assert TABLE_4.cell("cases", "review_upheld").column_label == "行政复议·结果维持"
    assert TABLE_4.cell("cases", "review_upheld").row_label is None


# --- sections and title --------------------------------------------------------------------------

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def test_six_section_headings_exactly():
    assert tuple(s.heading for s in FORMAT_2021.sections) == HEADINGS
    assert [s.table for s in FORMAT_2021.sections] == [None, TABLE_2, TABLE_3, TABLE_4, None, None]


@needs_template
def test_section_headings_and_placeholders_follow_template(template):
    paragraphs = [normal(p.text) for p in template.paragraphs if p.text.strip()]
    headings = [p for p in paragraphs if re.match(r"[一二三四五六]、", p)]
    assert tuple(headings) == HEADINGS
    for section in FORMAT_2021.sections:
        after = paragraphs[paragraphs.index(section.heading) + 1]
        if re.match(r"[一二三四五六]、", after):
            assert section.placeholder == "", section.heading
        else:
            assert normal(section.placeholder) == after, section.heading


def test_title_pattern():
    assert (
        FORMAT_2021.title("硚口区行政审批局", 2024)
        == "硚口区行政审批局2024年政府信息公开工作年度报告"
    )
    assert FORMAT_2021.title("某市人民政府", 2021).endswith("2021年政府信息公开工作年度报告")


# --- no official label typed outside the format description --------------------------------------


def official_labels() -> set[str]:
    labels: set[str] = set()
    for section in FORMAT_2021.sections:
        labels |= {section.heading, section.title}
    for table in TABLES:
        for block in table.blocks:
            labels |= {block.caption, block.corner}
            for node in _all_nodes(block.columns + block.rows):
                labels |= {node.label, normal(node.display)}
                # A label without its numbering (结转下年度继续办理) is still the official
                # label; short bare words (上年结转) are ordinary prose in help texts.
                if len(node.bare) >= 5:
                    labels.add(node.bare)
    labels = {label for label in labels if len(label) >= 4}
    # The table names are short, but nothing else in the code says 表二, 表三 or 表四.
    return labels | {FORMAT_2021.notice} | {table.name for table in TABLES}


def test_official_labels_are_collected():
    labels = official_labels()
    for expected in (
        "第二十条第（八）项",
        "行政事业性收费",
        "四、结转下年度继续办理",
        "未经复议直接起诉",
        "六、其他需要报告的事项",
        "法人或其他组织",
        "结转下年度继续办理",
        "本年新收政府信息公开申请数量",
        "国办公开办函〔2021〕30号",
        "表三",
    ):
        assert expected in labels
    assert "总计" not in labels  # too short to tell from ordinary words


def _string_literals(source: str) -> list[tuple[int, str]]:
    """Every string constant with its line, docstrings left out (they may quote the form).

    A docstring is any string standing alone as a statement: a module's, class's or function's,
    and the one under a constant that documents it (it does nothing when the program runs).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        # Work in progress that does not parse: fall back to the raw text, line by line.
        return list(enumerate(source.splitlines(), start=1))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


FORMAT_DESCRIPTION = re.compile(r"format\d+\.py")
"""The files that describe a format revision (models/format/format2021.py): the labels' one home."""


def source_files() -> list[Path]:
    files = [ROOT / "main.py"] if (ROOT / "main.py").is_file() else []
    for folder in ("models", "ui", "exporters"):
        if (ROOT / folder).is_dir():
            files += sorted((ROOT / folder).rglob("*.py"))
    return [path for path in files if not FORMAT_DESCRIPTION.fullmatch(path.name)]


def test_the_scan_reads_models_but_not_the_format_description():
    scanned = {path.relative_to(ROOT).as_posix() for path in source_files()}
    assert {"models/checks/tables.py", "models/format/spec.py", "main.py"} <= scanned
    assert "models/format/format2021.py" not in scanned
    assert any(name.startswith("ui/") for name in scanned)
    assert any(name.startswith("exporters/") for name in scanned)


def test_no_official_label_typed_in_models_ui_exporters_or_main():
    labels = sorted(official_labels(), key=len, reverse=True)
    found = []
    for path in source_files():
        for line, text in _string_literals(path.read_text(encoding="utf-8")):
            for label in labels:
                if label in text:
                    found.append(f"{path.relative_to(ROOT)}:{line}: “{label}”")
    assert found == [], "official labels must come from models/format/format2021.py:\n" + "\n".join(
        found
    )


def test_label_scan_catches_a_literal():
    """The scan above really looks inside strings (and f-strings), not at docstrings."""
    source = (
        '"""行政事业性收费 in a docstring is fine."""\n'
        "x = 1\n"
        "label = '行政' '事业性收费'\n"
        "msg = f'{x}本年收费金额（单位：万元）'\n"
        "ROW = 'rules'\n"
        '"""规章的 key; 行政规范性文件 in the docstring of a constant is fine too."""\n'
        "call('行政规范性文件')\n"
    )
    hits = [
        (line, label)
        for line, text in _string_literals(source)
        for label in official_labels()
        if label in text
    ]
    assert (3, "行政事业性收费") in hits
    assert (4, "本年收费金额（单位：万元）") in hits
    assert (7, "行政规范性文件") in hits  # an argument, not a statement of its own
    assert all(line not in (1, 6) for line, _ in hits)


# --- helpers -------------------------------------------------------------------------------------


def _all_nodes(nodes: tuple[Node, ...]) -> list[Node]:
    found: list[Node] = []
    for node in nodes:
        found.append(node)
        found += _all_nodes(node.children)
    return found


def _leaves(nodes: tuple[Node, ...]) -> list[Node]:
    return [leaf for node in nodes for leaf in node.leaves()]
