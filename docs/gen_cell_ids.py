"""Regenerate the list of cell ids in docs/project-file.md from models.format.format2021.

    uv run python docs/gen_cell_ids.py           rewrite the generated part of the document
    uv run python docs/gen_cell_ids.py --check   exit 1 if the document is out of date

The list lies between the two marker lines below; everything else in the document is written by
hand.  tests/test_project_file.py regenerates the list and compares it with the committed document.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.format.format2021 import FORMAT_2021  # noqa: E402
from models.format.spec import NumberKind, ReportFormat, TableSpec  # noqa: E402

DOC = ROOT / "docs" / "project-file.md"
BEGIN = "<!-- BEGIN GENERATED cell ids: uv run python docs/gen_cell_ids.py -->"
END = "<!-- END GENERATED cell ids -->"

_KINDS = {NumberKind.COUNT: "件数（整数）", NumberKind.AMOUNT: "金额（万元，字符串）"}


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "")


def _table(table: TableSpec, section_heading: str) -> list[str]:
    captioned = any(block.caption for block in table.blocks)
    head = ["单元格 id", *(["所在部分"] if captioned else []), "行", "列", "数值", "总计"]
    lines = [
        f"### {table.name}（`{table.key}`）— {section_heading}",
        "",
        f"共 {len(table.cells)} 个单元格，其中 {sum(c.computed for c in table.cells)} 个为总计。",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for cell in table.cells:
        row = " › ".join(n.label for n in cell.row_path if n.label) or "—"
        column = " › ".join(n.label for n in cell.column_path)
        fields = [
            f"`{cell.id}`",
            *([cell.block.caption or "—"] if captioned else []),
            row,
            column,
            _KINDS[cell.kind],
            "是" if cell.computed else "",
        ]
        lines.append("| " + " | ".join(_escape(f) for f in fields) + " |")
    lines.append("")
    return lines


def generated(report_format: ReportFormat = FORMAT_2021) -> str:
    """The generated part of the document, markers included, ending with a newline."""
    lines = [
        BEGIN,
        "",
        f"报告格式 `{report_format.id}`：{report_format.name}，"
        f"共 {len(report_format.cells)} 个单元格。",
        "",
    ]
    for section in report_format.sections:
        if section.table is not None:
            lines += _table(section.table, section.heading)
    lines.append(END)
    return "\n".join(lines) + "\n"


def current(document: str) -> str:
    """The generated part as it stands in ``document`` (markers included)."""
    start = document.index(BEGIN)
    end = document.index(END, start) + len(END)
    return document[start:end] + "\n"


def updated(document: str) -> str:
    start = document.index(BEGIN)
    end = document.index(END, start) + len(END) + 1  # the newline after the end marker
    return document[:start] + generated() + document[end:]


def main(argv: list[str]) -> int:
    document = DOC.read_text(encoding="utf-8")
    if "--check" in argv:
        if current(document) != generated():
            print(f"{DOC} 中的单元格列表已过期：请运行 uv run python docs/gen_cell_ids.py")
            return 1
        return 0
    new = updated(document)
    if new != document:
        DOC.write_text(new, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
