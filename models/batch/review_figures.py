"""What 批量审核's 统计 shows, whichever list shows it (the workbook's 统计 sheet, the meeting PDF):
a row per report read with its key figures (``models.batch.key_figures``) and its findings, the
totals, and three charts — the findings per unit, 本年新收 per unit, and 本年新收 of the year
before beside this year's where a report was checked against its year before.  The writers lay
these out; the rows, names and colours are decided here once."""

from __future__ import annotations

from collections.abc import Sequence

from models.batch.key_figures import FEE_KEY, FEE_NAME, FEE_SECTION, FIGURES, NEW
from models.batch.review import FileReview, ReviewRun
from models.checks.tables import Severity
from models.format.format2021 import FORMAT_2021
from models.format.spec import BASIC_LABELS
from models.values import CellValue

TITLE = "各单位主要数据"
TOTAL = "合计"
NOTE = (
    "只列出读出的报告；空白表示报告中该项为空白。"
    f"{FEE_NAME}按“{FORMAT_2021.section_by_key[FEE_SECTION].heading}”的文字读出，没有说明的留空。"
)
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
PREVIOUS_YEAR = "上一年度"
THIS_YEAR = "本年度"

FINDINGS_CHART = "各单位发现的问题"
NEW_CHART = f"各单位{NEW.name}政府信息公开申请"
YEARS_CHART = f"{NEW.name}政府信息公开申请：{PREVIOUS_YEAR}与{THIS_YEAR}"

COLOURS = {
    Severity.ERROR.label: "C0392B",
    Severity.WARNING.label: "E0A800",
    Severity.INFO.label: "7F8C8D",
    NEW.name: "2E75B6",
    PREVIOUS_YEAR: "A5A5A5",
    THIS_YEAR: "2E75B6",
}
"""The bars' fills (RRGGBB): errors red, warnings amber, hints grey; this year blue, last year
grey."""

FIGURE_NAMES: tuple[str, ...] = (*(figure.name for figure in FIGURES), FEE_NAME)
SEVERITY_NAMES: tuple[str, ...] = tuple(severity.label for severity in SEVERITIES)
HEADER: tuple[str, ...] = (
    "序号",
    BASIC_LABELS["agency"],
    BASIC_LABELS["year"],
    *FIGURE_NAMES,
    *SEVERITY_NAMES,
)
"""The columns of the figures' table."""


def counted(run: ReviewRun) -> list[FileReview]:
    """The reports with a row: those read (a file that could not be read, or that is no
    report, has no figures)."""
    return [review for review in run.reviews if review.readable]


def values(review: FileReview) -> list[CellValue | None]:
    """A report's figures in the order of ``FIGURE_NAMES``, then its findings by severity."""
    return [
        *(review.figures.get(figure.key) for figure in FIGURES),
        review.figures.get(FEE_KEY),
        *(review.count(severity) for severity in SEVERITIES),
    ]


def totals(reviews: Sequence[FileReview]) -> list[CellValue | None]:
    """Each column's sum over ``reviews`` (blank where every report left it blank)."""
    found: list[CellValue | None] = []
    for column in range(len(FIGURE_NAMES) + len(SEVERITIES)):
        written = [v for review in reviews if (v := values(review)[column]) is not None]
        found.append(sum(written) if written else None)
    return found


def unit_names(reviews: Sequence[FileReview]) -> list[str]:
    """Each report's name on a chart: its agency, with its year where the list holds the
    agency more than once (two years of one agency reviewed together)."""
    agencies = [review.agency for review in reviews]
    return [
        f"{review.agency}（{review.year}年）"
        if agencies.count(review.agency) > 1
        else review.agency
        for review in reviews
    ]


def paired(run: ReviewRun) -> list[FileReview]:
    """The reports checked against the report of their year before."""
    return [r for r in counted(run) if r.pair_checked and r.previous_figures]


def new_this_year(review: FileReview) -> CellValue | None:
    return review.figures.get(NEW.key)


def new_last_year(review: FileReview) -> CellValue | None:
    return review.previous_figures.get(NEW.key)
