"""A statistics table laid out row by row from the format's grid: column widths and the rows
that keep together or repeat are models.document.layout's rules (the .docx's too: 表二's blocks each
whole, 表四 whole, 表三's header with its first row and repeated on each page it runs onto); row
heights come from the wrapped cells (a merged cell's extra height goes to its last row); a
ruled grid (a 1 pt frame, 0.5 pt rules inside, as the .docx has them).  A row never splits.  A
merged row label cut by a page break is drawn whole in each part, below the repeated header:
rows keep together until every part of a label is as tall as its text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from exporters.printout.fonts import FontKey, Measurer
from exporters.printout.lines import Line, break_lines
from exporters.printout.pages import EPSILON, Fill, Page, Rule, Text, Unit
from models.document.layout import (
    NUMBER_CELL_MARGIN,
    SMALLEST_NUMBER,
    align_left,
    fit_table,
    label_columns_by_row,
    repeated_header_rows,
    rows_kept_with_next,
    table_line,
)
from models.document.style import TEMPLATE_SHADING
from models.format.spec import GridCell, TableSpec
from models.report import Report
from models.values import grid_text

OUTER = 1.0  # points: the template's frame …
INNER = 0.5  # … and its rules inside
PAD = 1.0 / 25.4 * 72  # a cell's left and right margin: 1 mm, as in the .docx
ROW_HEIGHT = 1.6
"""A row is at least this many times the table font size high (as in the .docx)."""


@dataclass
class _Cell:
    grid: GridCell
    lines: list[Line]
    font: FontKey
    left: bool
    height: float  # the text's height


@dataclass
class TableLayout:
    spec: TableSpec
    x: list[float]
    """The column edges (points from the text block's left)."""
    heights: list[float]
    cells: list[_Cell]
    line: float
    ascent: float
    repeat: int
    """How many header rows are repeated on each further page."""
    size: float
    """The table font's size (``line`` and ``ascent`` are for it; a shrunk number scales them)."""
    placed: dict[int, tuple[Page, float]] = field(default_factory=dict)

    def kept(self) -> list[bool]:
        """For each row, whether the page may not break after it: models.document.layout's rules,
        and no break that would cut a merged row label too short for its text."""
        rules, labels = rows_kept_with_next(self.spec), self.labels_kept()
        return [a or b for a, b in zip(rules, labels, strict=True)]

    def units(self) -> list[Unit]:
        kept = self.kept()
        header = sum(self.heights[: self.repeat])
        return [
            Unit(
                height,
                self._recorder(r),
                keep_next=kept[r],
                table=self,
                header=header if self.repeat and r >= self.repeat else 0.0,
            )
            for r, height in enumerate(self.heights)
        ]

    def labels_kept(self) -> list[bool]:
        """For each row, whether a page break after it would leave a merged row label too
        short for its text on either side: the label is repeated whole on every page holding
        its rows (the .docx splits the merge there), so each part must be as tall as it."""
        kept = [False] * len(self.heights)
        for cell in self.cells:
            g = cell.grid
            if g.row_span < 2 or not cell.lines or g.row < self.repeat:
                continue
            end = g.row + g.row_span
            for r in range(g.row, end - 1):
                above = sum(self.heights[g.row : r + 1])
                below = sum(self.heights[r + 1 : end])
                if min(above, below) < cell.height - EPSILON:
                    kept[r] = True
        return kept

    def _recorder(self, row: int) -> Callable[[Page, float], None]:
        def record(page: Page, y: float) -> None:
            self.placed[row] = (page, y)

        return record

    def finish(self) -> None:
        """Draw the table on the pages its rows were placed on, part by part."""
        parts: list[list[int]] = []
        for row in sorted(self.placed):
            if parts and self.placed[parts[-1][-1]][0] is self.placed[row][0]:
                parts[-1].append(row)
            else:
                parts.append([row])
        for part in parts:
            page, top = self.placed[part[0]]
            tops = {r: self.placed[r][1] for r in part}
            if part[0] >= self.repeat > 0:
                y = top - sum(self.heights[: self.repeat])
                for r in range(self.repeat):
                    tops[r] = y
                    y += self.heights[r]
                self._draw(page, tops, list(range(self.repeat)), first=True, last=False)
                self._draw(page, tops, part, first=False, last=True)
            else:
                self._draw(page, tops, part, first=True, last=True)

    def _draw(
        self, page: Page, tops: dict[int, float], rows: list[int], *, first: bool, last: bool
    ) -> None:
        low, high = rows[0], rows[-1] + 1
        right = len(self.x) - 1
        for cell in self.cells:
            g = cell.grid
            r0, r1 = max(g.row, low), min(g.row + g.row_span, high)
            if r0 >= r1:
                continue
            x0, x1 = self.x[g.column], self.x[g.column + g.column_span]
            y0, y1 = tops[r0], tops[r1 - 1] + self.heights[r1 - 1]
            if g.shaded:
                page.fills.append(Fill(x0, y0, x1 - x0, y1 - y0, f"#{TEMPLATE_SHADING}"))
            top_outer = r0 == low and first
            bottom_outer = r1 == high and last
            page.rules += [
                Rule(x0, y0, x1, y0, OUTER if top_outer else INNER),
                Rule(x0, y1, x1, y1, OUTER if bottom_outer else INNER),
                Rule(x0, y0, x0, y1, OUTER if g.column == 0 else INNER),
                Rule(x1, y0, x1, y1, OUTER if g.column + g.column_span == right else INNER),
            ]
            whole = r0 == g.row and r1 == g.row + g.row_span
            if not whole and cell.height > y1 - y0 + EPSILON and not self._largest(g, r0, r1):
                # A label cut by a page break is drawn whole on every page holding its rows
                # (the rows keep together until each part is as tall as it); one the rows could
                # not keep so (a page shorter than the label) only in its larger part.
                continue
            y = (y0 + y1 - cell.height) / 2 + self.ascent_of(cell)
            for line in cell.lines:
                x = x0 + PAD if cell.left else (x0 + x1 - line.width) / 2
                page.texts.append(Text(x, y, line.text, cell.font))
                y += self.line_of(cell)

    def _largest(self, g: GridCell, r0: int, r1: int) -> bool:
        """Whether rows r0…r1 hold at least half of ``g``'s height."""
        inside = sum(self.heights[r0:r1])
        whole = sum(self.heights[g.row : g.row + g.row_span])
        return inside * 2 >= whole

    def ascent_of(self, cell: _Cell) -> float:
        return self.ascent * cell.font.size / self.size

    def line_of(self, cell: _Cell) -> float:
        return self.line * cell.font.size / self.size


def _advance(measurer: Measurer, key: FontKey) -> Callable[[str], float]:
    return lambda c: measurer.advance(key, c)


def lay_out_table(
    spec: TableSpec,
    report: Report,
    measurer: Measurer,
    font: FontKey,
    width: float,
    script_gap: float = 0.0,
) -> TableLayout:
    """``spec`` laid out ``width`` points wide in ``font``; ``script_gap`` as for
    ``lines.break_lines``."""
    fit = fit_table(spec, report.values, width, font.size, PAD)  # PAD: one side's margin
    widths = fit.widths
    x = [sum(widths[:i]) for i in range(len(widths) + 1)]
    metrics = measurer.metrics(font)
    line = table_line(font.size)  # exact spacing, as the .docx's table style has it
    # The em box centred in its line, as Word and LibreOffice set a line of exact spacing.
    ascent = (line - metrics.ascent - metrics.descent) / 2 + metrics.ascent
    label_columns = label_columns_by_row(spec)
    cells: list[_Cell] = []
    for g in spec.grid_cells:
        # A number cell's margins are narrower than a label's, as in the .docx.
        margin = NUMBER_CELL_MARGIN if g.role == "value" and g.column_span == 1 else PAD
        inner = x[g.column + g.column_span] - x[g.column] - 2 * margin
        text = grid_text(g, report.values)
        key = font
        if g.role == "value":
            # A number never wraps: the table's numbers are set in the size that fits its
            # longest (as in the .docx), and one still too wide for its cell (a font wider
            # than Times New Roman's) smaller again.
            key = font.resized(fit.number_size)
            while measurer.width(key, text) > inner and key.size > SMALLEST_NUMBER:
                key = key.resized(key.size - 0.5)
            lines = [Line(text, measurer.width(key, text), last=True)] if text else []
        else:
            lines = []
            for paragraph in text.split("\n"):
                lines += break_lines(paragraph, _advance(measurer, key), inner, 0.0, script_gap)
        cells.append(
            _Cell(
                g,
                lines,
                key,
                align_left(g, label_columns[g.row]),
                len(lines) * line * key.size / font.size,
            )
        )
    heights = [font.size * ROW_HEIGHT] * spec.grid_rows
    for cell in sorted(cells, key=lambda c: c.grid.row_span):
        g = cell.grid
        have = sum(heights[g.row : g.row + g.row_span])
        if cell.height > have:
            heights[g.row + g.row_span - 1] += cell.height - have
    repeat = repeated_header_rows(spec)
    return TableLayout(spec, x, heights, cells, line, ascent, repeat, font.size)
