"""The 统计 part of the 批量审核 PDF: the workbook's 统计 sheet for a meeting — each report's key
figures and the totals as a table, and the same three charts (``models.batch.review_figures``) drawn
as simple bars.

The list is laid out by QTextDocument (``review_list``), so the bars are its own: a table row per
unit whose middle cell holds a bar, a one-row table as wide as the figure is of the largest and
filled with the series' colour (a stack of such cells for the findings).  They print as filled
rectangles with the rest of the page — vectors, sharp at any zoom, the numbers beside them
text that copies and searches."""

from __future__ import annotations

import html
from collections.abc import Sequence

from models.batch import review_figures as stats
from models.batch.key_figures import NEW
from models.batch.review import FileReview, ReviewRun
from models.values import CellValue, format_value

TABLE_SIZE = 7.5
"""Points: fifteen columns across A4 portrait."""
BAR_SHARE = 62
"""Percent of the text width the longest bar takes."""
NAME_SHARE = 28
PAGE_LINES = 52
"""Lines of the charts (a bar, a title, a legend) a page holds, counted low: A4's 261 mm of
text height holds about 60 at the charts' size."""
NAME_COLUMN = "17%"
"""The agency's column of the figures' table: a name of ten characters on two lines."""


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _number(value: CellValue | None) -> str:
    return format_value(value) if value is not None else ""


def figures_html(run: ReviewRun) -> list[str]:
    """The 统计 part: heading, note, the figures' table, the charts."""
    reviews = stats.counted(run)
    if not reviews:
        return []
    parts = [
        f"<h2 style='page-break-before:always'>{_text(stats.TITLE)}</h2>",
        f"<p>{_text(stats.NOTE)}</p>",
        _table(reviews),
    ]
    charts = [
        _chart(
            stats.FINDINGS_CHART,
            stats.unit_names(reviews),
            [[r.count(s) for s in stats.SEVERITIES] for r in reviews],
            stats.SEVERITY_NAMES,
        ),
        _chart(
            stats.NEW_CHART,
            stats.unit_names(reviews),
            [[stats.new_this_year(r)] for r in reviews],
            (NEW.name,),
        ),
    ]
    pairs = stats.paired(run)
    if pairs:
        names = [name for r in pairs for name in (r.agency, "")]
        rows: list[list[CellValue | None]] = [
            [value] for r in pairs for value in (stats.new_last_year(r), stats.new_this_year(r))
        ]
        colours = [stats.PREVIOUS_YEAR, stats.THIS_YEAR] * len(pairs)
        years = (stats.PREVIOUS_YEAR, stats.THIS_YEAR)
        charts.append(_chart(stats.YEARS_CHART, names, rows, years, colours))
    # The charts from a new page; the next on the same page while it fits there by an estimate
    # of lines (QTextDocument keeps no heading with what follows it: a chart cut by a page
    # break would part its title from its bars).
    used = PAGE_LINES
    for lines, markup in charts:
        if used + lines > PAGE_LINES:
            markup = markup.replace("<h3>", "<h3 style='page-break-before:always'>", 1)
            used = 0
        used += lines
        parts.append(markup)
    return parts


def _table(reviews: Sequence[FileReview]) -> str:
    # Every column's width set (QTextDocument shares out what is left evenly otherwise).
    other = f"{(100 - float(NAME_COLUMN.rstrip('%'))) / (len(stats.HEADER) - 1):.2f}%"
    head = "".join(
        f"<th bgcolor='#d9d9d9' width='{NAME_COLUMN if index == 1 else other}'>{_text(name)}</th>"
        for index, name in enumerate(stats.HEADER)
    )
    body = []
    for number, review in enumerate(reviews, start=1):
        cells = [str(number), _text(review.agency), _number(review.year)]
        cells += [_number(v) for v in stats.values(review)]
        body.append(_row(cells))
    total = ["", stats.TOTAL, "", *(_number(v) for v in stats.totals(reviews))]
    body.append(_row([f"<b>{c}</b>" if c else "" for c in total], fill="#f2f2f2"))
    return (
        f"<table border='1' cellspacing='0' cellpadding='2' width='100%' "
        f"style='font-size:{TABLE_SIZE}pt;border-collapse:collapse'>"
        f"<thead><tr>{head}</tr></thead>{''.join(body)}</table>"
    )


def _row(cells: Sequence[str], fill: str = "") -> str:
    colour = f" bgcolor='{fill}'" if fill else ""
    tds = []
    for index, cell in enumerate(cells):
        align = "left" if index == 1 else "center"
        tds.append(f"<td align='{align}' valign='middle'{colour}>{cell}</td>")
    return f"<tr>{''.join(tds)}</tr>"


def _chart(
    title: str,
    names: Sequence[str],
    rows: Sequence[Sequence[CellValue | None]],
    series: Sequence[str],
    colours: Sequence[str] = (),
) -> tuple[int, str]:
    """A horizontal bar chart: a row per name, its values as bars stacked left to right in the
    colours of ``series`` (or of ``colours``, one per row), the total at the bar's end; a legend
    of the series under it when there are several.  With the lines it takes, about."""
    largest = max((sum(v or 0 for v in row) for row in rows), default=0) or 1
    lines = []
    for index, (name, row) in enumerate(zip(names, rows, strict=True)):
        pieces = []
        for k, value in enumerate(row):
            share = BAR_SHARE * float(value or 0) / float(largest)
            if share <= 0:
                continue
            key = colours[index] if colours else series[k]  # a colour a row, or a series
            pieces.append(f"<td width='{share:.1f}%' bgcolor='#{stats.COLOURS[key]}'>&nbsp;</td>")
        total = sum(v for v in row if v is not None)
        said = _number(total) if any(v is not None for v in row) else "空白"
        bar = (
            "<table cellspacing='0' cellpadding='0' border='0' width='100%'><tr>"
            f"{''.join(pieces)}<td>&nbsp;{said}</td></tr></table>"
        )
        lines.append(
            f"<tr><td width='{NAME_SHARE}%' align='right'>{_text(name)}&nbsp;</td>"
            f"<td width='{100 - NAME_SHARE}%'>{bar}</td></tr>"
        )
    legend = ""
    if len(series) > 1:
        keys = "　".join(
            f"<span style='color:#{stats.COLOURS[name]}'>■</span>{_text(name)}" for name in series
        )
        legend = f"<p align='center' style='font-size:{TABLE_SIZE}pt'>{keys}</p>"
    return len(names) + 4, (
        f"<h3>{_text(title)}</h3>"
        f"<table cellspacing='1' cellpadding='0' border='0' width='100%' "
        f"style='font-size:{TABLE_SIZE}pt'>{''.join(lines)}</table>{legend}"
    )
