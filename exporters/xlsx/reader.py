"""A workbook written by ``exporters.xlsx.writer`` (and perhaps edited in Excel or WPS) read
back into a report.

Reading goes by the workbook-level defined names ``NB_<cell id>`` first (Excel, WPS and
LibreOffice move them when rows or sheets are changed), then by the very hidden sheet — never by
label text.  Every value goes through ``parse_value``, so numbers typed as text, full-width digits
and thousands separators are read as the form reads them.

A total someone typed over (a number, not a formula) is read as typed.  A total that is still a
formula is the sum of its parts as read: the value the workbook shows (cached by the program that
last saved it) when that agrees, and noted when it does not — a spreadsheet leaves numbers typed
as text out of its sums, parse_value does not.  A workbook written here and never opened in a
spreadsheet program has no cached values at all.  A blank cell stays blank, never 0.

Before openpyxl sees the file, ``exporters.zipguard`` checks it (``XLSX``).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from exporters.result import ReadResult
from exporters.xlsx.marks import (
    BASIC_FIELDS,
    BASIC_SHEET,
    FILE_VERSION,
    MARKER,
    META_SHEET,
    name_of,
)
from exporters.xlsx.sheets import shown_places
from exporters.zipguard import OLE_MAGIC, Package, read_package
from models.dates import DateError, parse_date
from models.files import FileProblem
from models.format.spec import NumberKind, ReportFormat
from models.report import FORMATS, Report, format_date
from models.values import (
    CellValue,
    InputError,
    parse_value,
    shown_value,
    written_places,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
OPTIONAL_FIELDS = frozenset({"signer"})
"""Basic fields a workbook written by an earlier version does not have: read as empty."""
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_NOT_A_WORKBOOK = "无法读取{name}：这不是 Excel 工作簿（.xlsx），或者文件已损坏。"
_BOMB = (
    "无法读取{name}：工作簿解压后过大或结构异常（可能是损坏的文件，或故意构造的“压缩炸弹”），"
    "为安全起见没有打开。请使用年报助手导出的工作簿。"
)

XLSX = Package(
    main_part="xl/workbook.xml",
    file_bytes=MAX_FILE_BYTES,
    unpacked_bytes=MAX_UNPACKED_BYTES,
    member_bytes=MAX_UNPACKED_BYTES,
    members=1000,
    ratio=200,
    empty="无法读取{name}：文件是空的。",
    magic=(
        (
            OLE_MAGIC,
            "无法读取{name}：这是旧版 Excel（.xls）工作簿或加了密码的工作簿。"
            "请在 Excel 或 WPS 中取消密码并另存为 .xlsx 格式后再导入。",
        ),
    ),
    not_zip=_NOT_A_WORKBOOK,
    too_many="无法读取{name}：工作簿中的部件太多，不像是年报助手导出的表格。",
    too_large="无法读取{name}：工作簿解压后超过 {mb} MB，不像是年报助手导出的表格。",
    bomb=_BOMB,
    encrypted=(
        "无法读取{name}：工作簿已加密。请在 Excel 或 WPS 中取消密码并另存为 .xlsx 格式后再导入。"
    ),
    missing=lambda name, _members: _NOT_A_WORKBOOK.format(name=name),
)
"""What a .xlsx must be before openpyxl is given it, and what to say when it is not."""


def read(path: Path) -> ReadResult:
    """The report in a workbook exported by this program (and perhaps edited in Excel or WPS).

    FileProblem, in Chinese, for a file that is not such a workbook or is damaged.
    """
    path = Path(path)
    data = read_package(path, XLSX)
    try:
        # openpyxl warns in English of what it drops or cannot use (extensions WPS writes, a
        # print area it cannot place …); nothing a clerk should see on the command line.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
            cached = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds of error for a damaged file
        raise FileProblem(
            f"无法读取“{path.name}”：工作簿已损坏，无法打开"
            f"（{type(error).__name__}）。请在 Excel 或 WPS 中打开并另存为 .xlsx "
            "后再试。"
        ) from None
    return _Reader(path, formulas, cached).read()


class _Reader:
    def __init__(self, path: Path, formulas: Workbook, cached: Workbook) -> None:
        self.path = path
        self.formulas = formulas
        self.cached = cached
        self.notes: list[str] = []

    def problem(self, reason: str) -> FileProblem:
        return FileProblem(f"无法读取“{self.path.name}”：{reason}")

    def read(self) -> ReadResult:
        meta = self.meta()
        report_format = self.format_of(meta)
        report = Report(format=report_format)
        places = self.places(meta, report_format)
        self.read_basic(report, places)
        derived: dict[str, object] = {}
        """Totals still holding a formula, with the value the workbook shows (None: none)."""
        for cell in report_format.cells:
            raw, is_formula = self.raw(places[cell.id])
            if is_formula and cell.computed:
                derived[cell.id] = raw
                continue
            if is_formula and raw is None:
                # A formula never worked out (the workbook was saved by a program that does not
                # calculate): an entered cell stays blank.
                self.notes.append(
                    f"{cell.place}是公式，但工作簿中没有它的计算结果，已留空。"
                    "请在 Excel 或 WPS 中打开并保存后再导入。"
                )
                continue
            try:
                value = parse_value(raw, cell.kind)
            except InputError as error:
                self.notes.append(f"{cell.place}：{error.reason}已留空。")
                continue
            report.values[cell.id] = self.as_shown(value, raw, places[cell.id])
        if derived:
            self.derive_totals(report, derived)
        return ReadResult(report, self.notes)

    def derive_totals(self, report: Report, shown: dict[str, object]) -> None:
        """The totals that are still formulas: the sum of their parts as read.

        That is what the workbook shows, except where a part was typed as text (full-width
        digits, "1,234"): a spreadsheet leaves such a part out of its sum, parse_value does not.
        A shown value that differs is noted.  Without a shown value (a workbook saved by a
        program that does not calculate) the sum is simply taken.
        """
        values = report.values
        for table in report.format.tables:
            for spec in table.sums:
                if spec.total.id in shown:
                    written = [v for p in spec.parts if (v := values[p.id]) is not None]
                    total: CellValue | None = sum(written) if written else None
                    values[spec.total.id] = total
        for cell_id, raw in shown.items():
            if raw is None:
                continue
            cell = report.format.cell_by_id[cell_id]
            try:
                same = parse_value(raw, cell.kind) == values[cell_id]
            except InputError:
                same = False
            if not same:
                self.notes.append(
                    f"{cell.place}在工作簿中显示为 {_shown(raw)}，按各项相加却是 "
                    f"{shown_value(values[cell_id])}"
                    "（以文本形式填写的数字，Excel 和 WPS 求和时不计入），已按相加的结果读入。"
                )

    def as_shown(
        self, value: CellValue | None, raw: object, place: tuple[str, str]
    ) -> CellValue | None:
        """An amount with the trailing zeros its cell shows: a workbook keeps 1.50 as the float
        1.5, and the cell's number format (``amount_format``) as 0.00####, which Excel, WPS and
        LibreOffice keep when they save the workbook again.  Text typed in a cell is read as
        typed; one place is every amount cell's least, so a whole amount stays whole."""
        if not isinstance(value, Decimal) or not isinstance(raw, int | float):
            return value
        sheet, coordinate = place
        try:
            shown = self.formulas[sheet][coordinate].number_format
        except (IndexError, KeyError, TypeError, AttributeError):
            # A damaged styles part names a format it does not hold (openpyxl looks it up only
            # now): the value as the workbook holds it, without the zeros a format would show.
            return value
        fixed = shown_places(shown)
        if fixed <= 1 or written_places(value) >= fixed:
            return value
        return value.quantize(Decimal(1).scaleb(-fixed))

    # --- the marker and the map --------------------------------------------------------------

    def meta(self) -> list[tuple[Any, ...]]:
        if META_SHEET not in self.formulas.sheetnames:
            raise self.problem(
                "这不是年报助手导出的 Excel 表格（缺少年报助手的标记）。只能导入用年报助手"
                "“导出 Excel”生成、再在 Excel 或 WPS 中填写的工作簿。"
            )
        rows = list(self.formulas[META_SHEET].iter_rows(values_only=True))
        if not rows or len(rows[0]) < 2 or rows[0][0] != "kind" or rows[0][1] != MARKER:
            raise self.problem("这不是年报助手导出的 Excel 表格（年报助手的标记已损坏）。")
        return rows

    def format_of(self, meta: list[tuple[Any, ...]]) -> ReportFormat:
        settings = {row[0]: row[1] for row in meta if len(row) >= 2 and row[0] != "cell"}
        version = settings.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.problem("年报助手的标记已损坏（没有有效的版本号）。")
        if version > FILE_VERSION:
            raise self.problem(
                f"这个工作簿由更新版本的年报助手导出（第 {version} 版），请升级年报助手后再导入。"
            )
        format_id = str(settings.get("format"))
        if format_id not in FORMATS:
            raise self.problem(f"工作簿使用了本程序不认识的报告格式“{format_id}”。")
        return FORMATS[format_id]

    def places(
        self, meta: list[tuple[Any, ...]], report_format: ReportFormat
    ) -> dict[str, tuple[str, str]]:
        """Where every cell and basic field is: by defined name, else by the hidden sheet."""
        keys = [key for key, _ in BASIC_FIELDS] + [c.id for c in report_format.cells]
        by_name = {name_of(key): key for key in keys}
        places: dict[str, tuple[str, str]] = {}
        for row in meta:
            if len(row) >= 4 and row[0] in ("cell", "field") and row[1] in keys:
                places[str(row[1])] = (str(row[2]), str(row[3]))
        for name, defined in self.formulas.defined_names.items():
            key = by_name.get(name)
            if key is None:
                continue
            try:
                destinations = list(defined.destinations)
            except Exception:  # a name that no longer points anywhere (#REF!)
                continue
            if destinations:
                sheet, reference = destinations[0]
                places[key] = (sheet, reference.replace("$", "").split(":")[0])
        missing = [key for key in keys if key not in places and key not in OPTIONAL_FIELDS]
        if missing:
            raise self.problem("年报助手的标记已损坏（缺少部分单元格的位置）。")
        sheets = set(self.formulas.sheetnames)
        for sheet, _ in places.values():
            if sheet not in sheets:
                raise self.problem(
                    f"工作簿缺少工作表“{sheet}”，它可能被删除或改了名。"
                    "请使用年报助手导出的原始工作簿。"
                )
        return places

    def raw(self, place: tuple[str, str]) -> tuple[object, bool]:
        """The value a cell shows (as cached by the last program that saved it) and whether
        the cell holds a formula."""
        sheet, coordinate = place
        try:
            formula_cell = self.formulas[sheet][coordinate]
            cached_cell = self.cached[sheet][coordinate]
        except (KeyError, ValueError):
            raise self.problem(f"工作表“{sheet}”中找不到单元格 {coordinate}。") from None
        content = formula_cell.value
        is_formula = formula_cell.data_type == "f" or isinstance(
            content, ArrayFormula | DataTableFormula
        )
        return (cached_cell.value if is_formula else content), is_formula

    # --- basic facts -------------------------------------------------------------------------

    def read_basic(self, report: Report, places: dict[str, tuple[str, str]]) -> None:
        labels = dict(BASIC_FIELDS)
        for key in ("agency", "contact_office", "address", "phone", "signer"):
            if key in places:  # a workbook from before the signer has no 落款单位 row
                raw, _ = self.raw(places[key])
                setattr(report, key, _text(raw))
        raw, _ = self.raw(places["year"])
        report.year = self.year(raw, labels["year"])
        raw, _ = self.raw(places["report_date"])
        report.report_date = self.date(raw, labels["report_date"])

    def year(self, raw: object, label: str) -> int | None:
        try:
            value = parse_value(raw, NumberKind.COUNT)
        except InputError:
            value = -1
        if value is None:
            return None
        if isinstance(value, int) and 1900 <= value <= 2999:
            return value
        self.notes.append(f"{BASIC_SHEET}中的“{label}”不是年份（{_shown(raw)}），已留空。")
        return None

    def date(self, raw: object, label: str) -> dt.date | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        reason = "。"
        if isinstance(raw, str):
            try:
                return parse_date(raw)
            except DateError as problem:
                reason = f"：{problem}"
        self.notes.append(f"{BASIC_SHEET}中的“{label}”不是日期（{_shown(raw)}），已留空{reason}")
        return None


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _shown(raw: object) -> str:
    if isinstance(raw, dt.date):
        return format_date(raw)
    text = str(raw)
    return text if len(text) <= 20 else text[:20] + "…"
