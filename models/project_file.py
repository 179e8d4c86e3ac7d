"""The project file (.gknb): the whole report as UTF-8 JSON that people and other tools can read.

The layout is documented in docs/project-file.md.  Loading never changes the file and refuses
anything damaged, foreign or too new with a Chinese explanation; saving is atomic and keeps the
previous version as ``<name>.gknb.bak``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from models.document.style import DocumentStyle
from models.files import FileProblem, atomic_write, backup_path, read_bytes
from models.format.spec import NumberKind
from models.report import FORMATS, Acknowledgement, Report, SectionText, TextPart
from models.values import BlankMark, CellValue, MarkKind

EXTENSION = ".gknb"
FILE_KIND = "年报助手项目"
FILE_VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024


class ProjectFileError(FileProblem):
    """The file is not a project this program can open; the message says why, in Chinese."""


# --- writing -------------------------------------------------------------------------------------


def to_data(report: Report) -> dict[str, Any]:
    data = _to_data(report)
    data["report"].update(_year_data(report))
    return data


def _year_data(report: Report) -> dict[str, Any]:
    """The settings and records of the checks across years and of 已核实, written only when they
    differ from the defaults (a file without them reads the same)."""
    data: dict[str, Any] = {}
    if report.signer:
        data["signer"] = report.signer
    # A clerk's own report is a government's or a department's: only true is written, as ever
    # (未能判断, of a report read from a document, is saved as a department's, the default).
    # ``Report.published`` is never written: a project is the clerk's own report.
    if report.whole_government:
        data["whole_government"] = True
    if report.previous_file:
        data["previous_file"] = report.previous_file
    if report.previous_paragraphs:
        data["previous_paragraphs"] = list(report.previous_paragraphs)
    if report.acknowledged:
        data["acknowledged"] = {
            key: {"note": ack.note, "message": ack.message}
            for key, ack in sorted(report.acknowledged.items())
        }
    # Only the marks of cells still blank: a value written over one makes it moot.
    marks = {k: m for k, m in sorted(report.blank_marks.items()) if report.values.get(k) is None}
    if marks:
        data["blank_marks"] = {k: {"kind": m.kind.value, "text": m.text} for k, m in marks.items()}
    return data


def _to_data(report: Report) -> dict[str, Any]:
    return {
        "kind": FILE_KIND,
        "version": FILE_VERSION,
        "report_format": report.format.id,
        "report": {
            "agency": report.agency,
            "year": report.year,
            "contact_office": report.contact_office,
            "address": report.address,
            "phone": report.phone,
            "report_date": None if report.report_date is None else report.report_date.isoformat(),
            "preamble": report.preamble,
            "style": report.style.to_data(),
            "sections": {
                key: {
                    "intro": text.intro,
                    "parts": [{"heading": p.heading, "text": p.text} for p in text.parts],
                }
                for key, text in report.sections.items()
            },
            "values": {cell_id: _value_to_json(value) for cell_id, value in report.values.items()},
        },
    }


def _value_to_json(value: CellValue | None) -> int | str | None:
    # Decimals are written as strings so no digit of an amount is lost to binary floats.
    return format(value, "f") if isinstance(value, Decimal) else value


def dumps(report: Report) -> str:
    return json.dumps(to_data(report), ensure_ascii=False, indent=2) + "\n"


def encode(report: Report) -> bytes:
    """The bytes of the project file: UTF-8 JSON."""
    try:
        return dumps(report).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (from a damaged paste) has no UTF-8 form; JSON's \\u escapes keep it.
        return (json.dumps(to_data(report), ensure_ascii=True, indent=2) + "\n").encode("ascii")


def save(report: Report, path: Path) -> None:
    """Write the project atomically, keeping the previous file as a backup; FileProblem on error."""
    atomic_write(Path(path), encode(report), keep_backup=True)


# --- reading -------------------------------------------------------------------------------------


def load(path: Path) -> Report:
    """The report in ``path``; ProjectFileError (a FileProblem) with a Chinese reason otherwise."""
    path = Path(path)
    data = read_bytes(path, limit=MAX_FILE_BYTES)
    try:
        return loads(data)
    except ProjectFileError as error:
        hint = ""
        if backup_path(path).exists():
            hint = f"同一文件夹中有上一次保存的备份“{backup_path(path).name}”，可以尝试打开它。"
        raise ProjectFileError(f"无法打开“{path.name}”：{error}{hint}") from None


def loads(data: bytes | str) -> Report:
    if isinstance(data, bytes):
        if not data.strip():
            raise ProjectFileError("文件是空的，可能是保存时被中断。")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if error.end >= len(data) and error.reason == "unexpected end of data":
                # Cut in the middle of a character: the end of the file is missing.
                raise ProjectFileError("文件不完整，可能是保存时被中断。") from None
            raise ProjectFileError("文件不是年报助手的项目文件（不是 UTF-8 文本）。") from None
    else:
        text = data
    if not text.lstrip("\ufeff \t\r\n").startswith("{"):
        if not text.strip():
            raise ProjectFileError("文件是空的，可能是保存时被中断。")
        raise ProjectFileError("这不是年报助手的项目文件。")
    try:
        raw = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        # Our files end with the closing brace; without it (or with a string running to the end)
        # the file was cut short, wherever the parser happened to stop.
        stripped = text.rstrip()
        if not error.msg.startswith("Extra data") and (
            error.pos >= len(stripped) - 1
            or not stripped.endswith("}")
            or error.msg.startswith("Unterminated string")
        ):
            raise ProjectFileError("文件不完整，可能是保存时被中断。") from None
        raise ProjectFileError(
            f"文件已损坏，第 {error.lineno} 行第 {error.colno} 列的内容无法识别。"
        ) from None
    except (ValueError, RecursionError):
        # Integers too long to convert, or nesting too deep to parse: not a file we wrote.
        raise ProjectFileError("文件已损坏，其中的内容无法识别。") from None
    return from_data(raw)


def from_data(raw: object) -> Report:
    if not isinstance(raw, dict) or raw.get("kind") != FILE_KIND:
        raise ProjectFileError("这不是年报助手的项目文件。")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectFileError("文件缺少有效的格式版本号。")
    if version > FILE_VERSION:
        raise ProjectFileError(
            f"这个文件由更新版本的年报助手保存（文件格式第 {version} 版，本程序只能读到第 "
            f"{FILE_VERSION} 版）。请升级年报助手后再打开。"
        )
    if version < 1:
        raise ProjectFileError(f"文件的格式版本号 {version} 无效。")
    format_id = raw.get("report_format")
    if not isinstance(format_id, str) or format_id not in FORMATS:
        raise ProjectFileError(f"文件使用了本程序不认识的报告格式“{format_id}”。")
    report_format = FORMATS[format_id]
    body = _field(raw, "report", dict, "report")
    report = Report(format=report_format)
    report.agency = _text(body, "agency")
    year = body.get("year")
    if year is not None and (
        not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2999
    ):
        raise _wrong("report.year", "一个年份（如 2024）", year)
    report.year = year
    report.contact_office = _text(body, "contact_office")
    report.address = _text(body, "address")
    report.phone = _text(body, "phone")
    report.report_date = _date(body.get("report_date"))
    report.preamble = _text(body, "preamble")
    style = _field(body, "style", dict, "report.style", default={})
    try:
        report.style = DocumentStyle.from_data(style)
    except FileProblem as problem:  # wrong data only: a bug in from_data is not a damaged file
        raise ProjectFileError(f"文件内容有误：{problem}。") from None
    sections = _field(body, "sections", dict, "report.sections", default={})
    for key, value in sections.items():
        if key not in report_format.section_by_key:
            raise ProjectFileError(f"文件中有本程序不认识的章节“{key}”。")
        report.sections[key] = _section(value, f"report.sections.{key}")
    _read_year_data(body, report)
    values = _field(body, "values", dict, "report.values", default={})
    for cell_id, value in values.items():
        cell = report_format.cell_by_id.get(cell_id)
        if cell is None:
            raise ProjectFileError(f"文件中有本程序不认识的表格单元格“{cell_id}”。")
        report.values[cell_id] = _value(value, cell.kind, f"report.values.{cell_id}")
    return report


def _read_year_data(body: dict[str, Any], report: Report) -> None:
    whole = body.get("whole_government", False)
    if not isinstance(whole, bool):
        raise _wrong("report.whole_government", "true 或 false", whole)
    report.whole_government = whole
    report.signer = _text(body, "signer")
    report.previous_file = _text(body, "previous_file")
    paragraphs = body.get("previous_paragraphs", [])
    if paragraphs is None:
        paragraphs = []
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        raise _wrong("report.previous_paragraphs", "一个由文字组成的列表", paragraphs)
    report.previous_paragraphs = list(paragraphs)
    acknowledged = _field(body, "acknowledged", dict, "report.acknowledged", default={})
    for key, value in acknowledged.items():
        where = f"report.acknowledged.{key}"
        if not isinstance(value, dict):
            raise _wrong(where, "一组键值（JSON 对象）", value)
        report.acknowledged[key] = Acknowledgement(
            _text(value, "note", where), _text(value, "message", where)
        )
    _read_blank_marks(body, report)


def _read_blank_marks(body: dict[str, Any], report: Report) -> None:
    marks = _field(body, "blank_marks", dict, "report.blank_marks", default={})
    kinds = {kind.value: kind for kind in MarkKind}
    for cell_id, value in marks.items():
        where = f"report.blank_marks.{cell_id}"
        if cell_id not in report.format.cell_by_id:
            raise ProjectFileError(f"文件中有本程序不认识的表格单元格“{cell_id}”。")
        if not isinstance(value, dict) or value.get("kind") not in kinds:
            raise _wrong(where, '{"kind": ' + " 或 ".join(kinds) + ', "text": 文字}', value)
        report.blank_marks[cell_id] = BlankMark(kinds[value["kind"]], _text(value, "text", where))


def _wrong(where: str, expected: str, found: object) -> ProjectFileError:
    shown = json.dumps(found, ensure_ascii=False, default=str)
    if len(shown) > 40:
        shown = shown[:40] + "…"
    return ProjectFileError(f"文件内容有误：“{where}”应当是{expected}，实际是 {shown}。")


_TYPE_NAMES: dict[type, str] = {dict: "一组键值（JSON 对象）", list: "一个列表", str: "一段文字"}


def _field(container: dict[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    if key not in container and default is not None:
        return default
    value = container.get(key)
    if not isinstance(value, kind):
        raise _wrong(where, _TYPE_NAMES.get(kind, kind.__name__), value)
    return value


def _text(container: dict[str, Any], key: str, where: str = "report") -> str:
    value = container.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _wrong(f"{where}.{key}", "一段文字", value)
    return value


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _wrong("report.report_date", "形如 2025-01-07 的日期", value)


def _section(value: object, where: str) -> SectionText:
    if not isinstance(value, dict):
        raise _wrong(where, "一组键值（JSON 对象）", value)
    parts_raw = value.get("parts", [])
    if not isinstance(parts_raw, list):
        raise _wrong(f"{where}.parts", "一个列表", parts_raw)
    parts = []
    for index, part in enumerate(parts_raw):
        if not isinstance(part, dict):
            raise _wrong(f"{where}.parts[{index}]", "一组键值（JSON 对象）", part)
        parts.append(
            TextPart(
                _text(part, "heading", f"{where}.parts[{index}]"),
                _text(part, "text", f"{where}.parts[{index}]"),
            )
        )
    return SectionText(_text(value, "intro", where), parts)


_MAX_DIGITS = 15
_MAX_PLACES = 28


def _value(value: object, kind: NumberKind, where: str) -> CellValue | None:
    """A stored value, kept as it is even when it breaks the rules (the checks report that)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _wrong(where, "一个数字或 null", value)
    number: Decimal
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise _wrong(where, "一个数字或 null", value) from None
        if not number.is_finite():
            raise _wrong(where, "一个数字或 null", value)
    else:
        raise _wrong(where, "一个数字或 null", value)
    # Far beyond any count or amount; converting or printing such a number could take minutes.
    exponent = number.as_tuple().exponent
    if number.adjusted() >= _MAX_DIGITS or (isinstance(exponent, int) and exponent < -_MAX_PLACES):
        raise _wrong(where, f"一个不超过 {_MAX_DIGITS} 位的数字或 null", value)
    if kind is NumberKind.COUNT and number == number.to_integral_value():
        return int(number)
    return number
