"""Column widths and row heights of a table on screen, for the width the page gives it.

Number columns are as wide as their header's lines, so a header is never broken inside a word
(社会公益组织 on one line, not 社会公/益组织), and as eight digits (a 汇总's totals run long:
1000000 is shown whole, not “1000…”) — the first thing the columns are given, before the labels
grow.  Only a table too wide for its page even so (表四's fifteen columns on a 1024 px screen)
keeps its numbers down to five digits rather than scroll at once.  An amount's cell is as wide as
five digits and six places; row-label columns take what is left, shared by the template's column
weights, and wrap.  Only when even the narrowest does not fit does the table scroll sideways (with
its labels frozen, see ui.form.table_view).  Rows are as tall as their wrapped text at those widths.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from models.format.spec import AMOUNT_PLACES, NumberKind
from ui.form.table_model import GridTableModel

NUMBER_DIGITS = 8
"""Digits a number cell shows whole: a 汇总 of many agencies runs to seven and more."""
FEWEST_DIGITS = 5
"""Digits a number cell shows at least, on a page too narrow for ``NUMBER_DIGITS``."""
AMOUNT_DIGITS = 5
AMOUNT_TEXT = "0" * AMOUNT_DIGITS + "." + "0" * AMOUNT_PLACES
"""What an amount cell (万元) shows whole, and its editor too: five digits and the places to the
fen (平潭 prints 5949.088667)."""
HEADER_CHARACTERS = 6
"""Characters of a header line a number column shows on one line.  The template's headers are
words of two characters run together (社会公益组织, 法律服务机构, 本年制发件数): one line of up to
six is never broken, where a narrower column broke inside a word (社会公/益组织); a longer line
wraps after six, between words too.  The template's own breaks (商业\n企业) are kept."""
LABEL_CHARACTERS = 4
"""Characters a row-label column keeps at least, however narrow the window."""
GROWTH = 1.25
"""How much wider than its natural width a table may grow: wider still, a row's label is too far
from its numbers to read across."""


def _grow(widths: list[int], limits: list[int], weights: list[float], spare: int) -> int:
    """Share ``spare`` among ``widths`` by ``weights``, none beyond its limit; what is left over."""
    while spare > 0:
        open_ = [i for i, w in enumerate(widths) if w < limits[i] and weights[i] > 0]
        if not open_:
            break
        total = sum(weights[i] for i in open_)
        given = 0
        for i in open_:
            share = max(1, int(spare * weights[i] / total))
            share = min(share, limits[i] - widths[i], spare - given)
            widths[i] += share
            given += share
            if given >= spare:
                break
        if given == 0:
            break
        spare -= given
    return spare


@dataclass
class ColumnPlan:
    """What each column needs and would like, worked out once for the view's fonts."""

    number: list[bool]
    minimum: list[int]
    digits: list[int]
    """The widths that show ``NUMBER_DIGITS`` whole (a label column's minimum)."""
    natural: list[int]
    weights: list[float]

    @property
    def widest(self) -> int:
        """The widest the table is ever drawn."""
        return int(sum(self.natural) * GROWTH)

    def widths(self, available: int) -> list[int]:
        """Column widths for ``available`` pixels: every column when they fit at their minimum,
        the numbers first given their eight digits, then the labels what is left, then the
        numbers their headers' single lines."""
        widths = list(self.minimum)
        spare = min(available, self.widest) - sum(widths)
        if spare <= 0:
            return widths
        labels = [0.0 if n else w for n, w in zip(self.number, self.weights, strict=True)]
        numbers = [1.0 if n else 0.0 for n in self.number]
        spare = _grow(widths, self.digits, numbers, spare)
        spare = _grow(widths, self.natural, labels, spare)
        spare = _grow(widths, self.natural, numbers, spare)
        unbounded = [available] * len(widths)
        spare = _grow(widths, unbounded, labels if any(labels) else numbers, spare)
        return widths


def plan_columns(model: GridTableModel, font: QFont) -> ColumnPlan:
    metrics = QFontMetrics(font)
    bold = QFont(font)
    bold.setBold(True)  # totals are bold
    margin = 2 * (metrics.horizontalAdvance("0") + 2)  # the item's text margins, and some air
    character = metrics.horizontalAdvance("中")
    table = model.table
    count = table.grid_columns
    number = [False] * count
    for g in model.cells:
        if g.cell is not None:
            for c in range(g.column, g.column + g.column_span):
                number[c] = True
    fewest = QFontMetrics(bold).horizontalAdvance("0" * FEWEST_DIGITS) + margin
    minimum = [fewest if n else character * LABEL_CHARACTERS + margin for n in number]
    # A number column's header (its own, one column wide) on lines of up to HEADER_CHARACTERS.
    for g in model.cells:
        if g.role == "header" and g.column_span == 1 and number[g.column]:
            lines = [metrics.horizontalAdvance(line) for line in g.text.split("\n")]
            needed = min(max(lines), character * HEADER_CHARACTERS) + margin
            minimum[g.column] = max(minimum[g.column], needed)
    # An amount is never cut short: its cell (alone or over the columns it spans) is at least
    # as wide as AMOUNT_TEXT, its last column taking what is missing.
    amount = QFontMetrics(bold).horizontalAdvance(AMOUNT_TEXT) + margin
    for g in model.cells:
        if g.cell is not None and g.cell.kind is NumberKind.AMOUNT:
            columns = range(g.column, g.column + g.column_span)
            minimum[columns[-1]] += max(0, amount - sum(minimum[c] for c in columns))
    many = QFontMetrics(bold).horizontalAdvance("0" * NUMBER_DIGITS) + margin
    digits = [max(m, many) if n else m for n, m in zip(number, minimum, strict=True)]
    natural = list(digits)
    for g in model.cells:
        if g.column_span != 1 or g.role not in ("header", "label"):
            continue
        longest = max(metrics.horizontalAdvance(line) for line in g.text.split("\n")) + margin
        if number[g.column]:
            # A number column's header on one line, within reason: the rest wraps.
            longest = min(longest, character * HEADER_CHARACTERS + margin)
        if g.role == "label" or number[g.column]:
            natural[g.column] = max(natural[g.column], longest)
    # A label merged over several label columns (一、本年新收…) fits on one line in them together.
    for g in model.cells:
        columns = range(g.column, g.column + g.column_span)
        if g.role != "label" or g.column_span == 1 or any(number[c] for c in columns):
            continue
        short = metrics.horizontalAdvance(g.text) + margin - sum(natural[c] for c in columns)
        if short > 0:
            natural[columns[-1]] += short
    return ColumnPlan(number, minimum, digits, natural, [float(w) for w in table.column_weights])


def row_heights(view: QTableView, model: GridTableModel, widths: list[int]) -> list[int]:
    """Each row as tall as the wrapped text of its cells at ``widths``: a merged cell's text
    needs its rows together as tall as it is."""
    delegate = view.itemDelegate()
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    lowest = view.fontMetrics().height() + 8
    heights = [lowest] * model.row_count
    spanning = []
    for g in model.cells:
        # The cell is drawn inside its grid line, a pixel narrower (and one more for rounding).
        width = sum(widths[g.column : g.column + g.column_span]) - 2
        option.rect = QRect(0, 0, width, 10_000)
        height = delegate.sizeHint(option, model.index(g.row, g.column)).height() + 8
        if g.row_span == 1:
            heights[g.row] = max(heights[g.row], height)
        else:
            spanning.append((g, height))
    for g, height in spanning:
        rows = range(g.row, g.row + g.row_span)
        short = height - sum(heights[r] for r in rows)
        for k, r in enumerate(rows):
            heights[r] += max(0, short) // g.row_span + (1 if k < max(0, short) % g.row_span else 0)
    return heights
