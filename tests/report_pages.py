"""A report as a government site publishes it: furniture around the article, the text in
paragraphs and the three tables with the official merged cells — a third producer, beside our
.docx and LibreOffice.  ``printed`` changes what the page prints where the format fixes the words
(a label, a heading, the title), as real pages do (typos, words left out), and rows may be left
out or written as one, so the readers' handling of such pages can be tested cell for cell."""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping

from models.format.spec import GridCell, TableSpec
from models.report import Report


def gov_page(
    report: Report,
    encoding: str = "gbk",
    *,
    printed: Mapping[str, str] | None = None,
    title: str | None = None,
    dated: bool = True,
    left_out: Collection[str] = (),
    one_row: Collection[str] = (),
) -> bytes:
    """``report`` as a page: each official label, heading or column header in ``printed`` is
    printed as its value there instead; ``title`` replaces the title line; ``dated`` False leaves
    the 落款 out, as most published pages do; the rows whose keys are ``left_out`` are not in the
    tables, and the groups whose labels are in ``one_row`` (（六）其他处理) are one row holding
    their first item's numbers."""
    esc = html.escape
    instead = dict(printed or {})

    def words(text: str) -> str:
        return instead.get(text.replace("\n", ""), text)

    def paragraphs(text: str) -> str:
        return "".join(f"<p>　　{esc(line)}</p>\n" for line in text.split("\n") if line)

    def table(spec: TableSpec) -> str:
        cells = list(spec.grid_cells)
        gone: set[int] = set()
        for g in cells:
            if g.cell is not None and g.cell.row.key in left_out:
                gone.add(g.row)
        collapsed: dict[int, GridCell] = {}
        for g in cells:
            if g.role == "label" and g.text in one_row:
                collapsed[g.row] = g
                gone |= set(range(g.row + 1, g.row + g.row_span))
        rows: dict[int, list[str]] = {}
        for g in cells:
            span = len([r for r in range(g.row, g.row + g.row_span) if r not in gone])
            top = next((r for r in range(g.row, g.row + g.row_span) if r not in gone), None)
            if top is None:
                continue
            column_span = g.column_span
            if g.row in collapsed and g.column > collapsed[g.row].column and g.role == "label":
                continue  # the first item's label: the group's is the row's
            if g.row in collapsed and g is collapsed[g.row]:
                span, column_span = 1, column_span + 1
            if g.cell is None:
                text = "<br>".join(esc(t) for t in words(g.text).split("\n"))
            else:
                value = report.values[g.cell.id]
                text = "" if value is None else str(value)
            rows.setdefault(top, []).append(
                f'<td rowspan="{span}" colspan="{column_span}">{text}</td>'
            )
        body = "\n".join(f"<tr>{''.join(cells)}</tr>" for _, cells in sorted(rows.items()))
        return f'<table border="1" cellspacing="0">{body}</table>\n'

    body = [paragraphs(report.preamble)]
    for section in report.format.sections:
        text = report.sections[section.key]
        body.append(f"<p><strong>{esc(words(section.heading))}</strong></p>\n")
        body.append(paragraphs(text.intro))
        if section.table is not None:
            body.append(table(section.table))
        for number, part in zip("一二三四五六七八九十", text.parts, strict=False):
            body.append(f"<h3>（{number}）{esc(part.heading)}</h3>\n")
            body.append(paragraphs(part.text))
    date = report.report_date
    signer = report.signer or report.agency
    shown_title = (
        title if title is not None else f"{report.agency}\n{report.format.title('', report.year)}"
    )
    signature = ""
    if dated and date is not None:
        signature = (
            f'<p align="right">{esc(signer)}</p>'
            f'<p align="right">{date.year}年{date.month}月{date.day}日</p>'
        )
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{esc(report.agency)}_政府信息公开专栏</title><script>var x="<table></table>";</script></head>
<body><div class="nav"><a>首页</a> <a>政务公开</a></div>
<div class="crumb">当前位置：首页 &gt; 政府信息公开年报</div>
<table width="1000"><tr><td><table width="100%"><tr><td class="title">{esc(shown_title)}</td></tr>
<tr><td>发布时间：2025-01-21　来源：本站</td></tr>
<tr><td><div id="zoom">{"".join(body)}
{signature}
</div></td></tr></table></td></tr></table>
<div>【打印本页】【关闭窗口】</div><div class="foot">版权所有 主办单位：某某市人民政府</div>
</body></html>"""
    return page.encode(encoding)
