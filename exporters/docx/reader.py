"""Official-format .docx files read back into a report.

Any .docx made from the official template (ours, Word's, WPS's) is opened with python-docx, after
``exporters.zipguard`` has checked that the file is a sane zip of a sane size.  The paragraphs and
tables are taken from the body in order (``contents``); ``tables.TableReader`` reads the three
tables by their labels, ``text.TextReader`` the title, preamble, sections and 落款; a document
written here also gives back its 版式 (``DocumentStyle``).

python-docx is imported only in ``_open``: writing and start-up never pay for it.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path
from typing import Any

from exporters.docx.contents import body_items, int_attribute, read_table, text_of
from exporters.docx.wordml import (
    CT_WORD,
    STYLE_BODY,
    STYLE_HEADING1,
    STYLE_HEADING2,
    STYLE_PAGE_NUMBER,
    STYLE_TABLE,
    STYLE_TITLE,
    TWIPS_PER_MM,
    W,
)
from exporters.file_kinds import ENCRYPTED_DOCUMENT, PDF, RTF
from exporters.reading import Document, interpret
from exporters.result import ReadResult
from exporters.zipguard import OLE_MAGIC, Package, read_package
from models.document.style import TITLE_BREAK_MARK, TITLE_BREAK_NONE, DocumentStyle, StyleProblem
from models.document.text import title_lines, title_text
from models.files import FileProblem
from models.report import Report

MAX_FILE_BYTES = 50 * 1024 * 1024
"""A report .docx is a few hundred KB (pictures make it a few MB); anything larger is refused."""

_BOMB = (
    "{name}解压后过大或结构异常（可能是损坏的文件，或故意构造的“压缩炸弹”），"
    "为安全起见没有打开。请确认这是报告的 Word 文档。"
)


def _not_a_document(name: str, members: set[str]) -> str:
    if "xl/workbook.xml" in members:
        kind = "Excel 工作簿"
    elif "ppt/presentation.xml" in members:
        kind = "PowerPoint 演示文稿"
    elif "content.xml" in members:
        kind = "OpenDocument（WPS/LibreOffice）文档，请先另存为 .docx"
    else:
        kind = "压缩包或其他文件"
    return f"{name}不是 Word 文档，而是{kind}。请选择报告的 .docx 文件。"


DOCX = Package(
    main_part="word/document.xml",
    file_bytes=MAX_FILE_BYTES,
    unpacked_bytes=300 * 1024 * 1024,
    member_bytes=150 * 1024 * 1024,
    members=5000,
    ratio=200,
    empty="{name}是空文件（0 字节），里面没有内容。",
    magic=(
        (
            OLE_MAGIC,
            "{name}是旧版 Word 文档（.doc），或者设置了打开密码。年报助手只能读取 .docx："
            "请在 Word 或 WPS 中打开它，“另存为”Word 文档（*.docx）后再导入；"
            "有打开密码的，请先取消密码。",
        ),
        (b"%PDF", PDF),
        (b"{\\rtf", RTF),
    ),
    not_zip=(
        "{name}不是 Word 文档（.docx）：文件内容不是 .docx 格式，可能已损坏，"
        "或者只是扩展名被改成了 .docx。"
    ),
    too_many=_BOMB,
    too_large=_BOMB,
    bomb=_BOMB,
    encrypted=ENCRYPTED_DOCUMENT,
    missing=_not_a_document,
)
"""What a .docx must be before python-docx is given it, and what to say when it is not."""


def read(path: Path) -> ReadResult:
    """The report in an official-format .docx; FileProblem with a Chinese reason if it is not
    one (or cannot be opened)."""
    path = Path(path)
    data = read_package(path, DOCX)
    document = _open(data, path)
    return _Interpreter(document, path).result()


_DOCUMENT_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _open(data: bytes, path: Path) -> Any:
    """The python-docx Document of ``data``; FileProblem if it cannot be opened."""
    import docx

    try:
        # Relabelling reads the zip's members: a damaged one fails here as in python-docx.
        document = docx.Document(io.BytesIO(_as_plain_document(data)))
    except Exception as error:  # zipfile, python-docx and lxml raise many kinds for damage
        raise _damaged(path, type(error).__name__) from None
    # python-docx takes whatever XML the main part holds (another part's, swapped in).
    root = document.element
    if root.tag != f"{W}document" or root.find(f"{W}body") is None:
        raise _damaged(path, "正文部件不是 Word 正文")
    return document


def _damaged(path: Path, reason: str) -> FileProblem:
    return FileProblem(
        f"“{path.name}”已损坏，无法作为 Word 文档打开（{reason}）。"
        "可以试着在 Word 或 WPS 中打开并另存为 .docx 后再导入。"
    )


def _as_plain_document(data: bytes) -> bytes:
    """A .docm/.dotx/.dotm saved as .docx holds an ordinary document under another content type
    that python-docx refuses; relabel it in memory."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        try:
            types = package.read("[Content_Types].xml").decode("utf-8", "replace")
        except KeyError:
            return data
        if not any(t in types for t in _DOCUMENT_TYPES):
            return data
        for kind in _DOCUMENT_TYPES:
            types = types.replace(kind, f"{CT_WORD}.document.main+xml")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for member in package.infolist():
                if member.filename == "[Content_Types].xml":
                    out.writestr(member.filename, types)
                else:
                    out.writestr(member, package.read(member))
        return buffer.getvalue()


class _Interpreter:
    """Turns an opened document into a report and notes."""

    def __init__(self, document: Any, path: Path) -> None:
        self.document = document
        self.path = path
        self.report = Report()
        self.notes: list[str] = []
        self.contents = Document()
        for item in body_items(document.element.body):
            if item.tag == f"{W}p":
                style = item.find(f"{W}pPr/{W}pStyle")
                # Lines in our own sub-heading style: all heading, whatever punctuation they hold.
                own_heading = style is not None and style.get(f"{W}val") == STYLE_HEADING2
                for line in text_of(item).split("\n"):
                    self.contents.add_line(line, sub_heading=own_heading)
            else:
                self.contents.tables.append(read_table(item))

    def result(self) -> ReadResult:
        self.report, self.notes, text = interpret(self.contents, self.path)
        if self._read_style():
            self._read_title_break(text.title)
        return ReadResult(self.report, self.notes)

    # --- our own house style ------------------------------------------------------------------

    def _read_style(self) -> bool:
        """A document written here keeps its 版式 in its styles and page set-up: read it back.
        True for such a document."""
        element = self._styles_element()
        if element is None:
            return False
        styles = {s.get(f"{W}styleId"): s for s in element.findall(f"{W}style")}
        if STYLE_BODY not in styles:
            return False
        data: dict[str, Any] = {}

        def run_font(style_id: str, font_field: str, size_field: str | None) -> None:
            element = styles.get(style_id)
            if element is None:
                return
            fonts = element.find(f"{W}rPr/{W}rFonts")
            if fonts is not None and fonts.get(f"{W}eastAsia"):
                data[font_field] = fonts.get(f"{W}eastAsia")
            size = element.find(f"{W}rPr/{W}sz")
            if size_field and size is not None:
                half_points = int_attribute(size, "val", 0)
                if half_points > 0:
                    data[size_field] = half_points / 2

        run_font(STYLE_TITLE, "title_font", "title_size")
        run_font(STYLE_BODY, "body_font", "body_size")
        run_font(STYLE_HEADING1, "heading1_font", None)
        run_font(STYLE_HEADING2, "heading2_font", None)
        run_font(STYLE_TABLE, "table_font", "table_size")
        run_font(STYLE_PAGE_NUMBER, "page_number_font", "page_number_size")
        body = styles[STYLE_BODY]
        spacing = body.find(f"{W}pPr/{W}spacing")
        line = int_attribute(spacing, "line", 0)
        if line > 0:
            data["line_spacing"] = line / 20
        indent = body.find(f"{W}pPr/{W}ind")
        if indent is not None and indent.get(f"{W}firstLineChars") is not None:
            data["first_line_indent_chars"] = int_attribute(indent, "firstLineChars", 0) / 100
        section = self.document.element.body.find(f"{W}sectPr")
        if section is not None:
            margins = section.find(f"{W}pgMar")
            for attribute, name in (
                ("top", "margin_top"),
                ("bottom", "margin_bottom"),
                ("left", "margin_left"),
                ("right", "margin_right"),
            ):
                twips = int_attribute(margins, attribute, 0)
                if twips > 0:
                    data[name] = round(twips / TWIPS_PER_MM, 1)
            size = section.find(f"{W}pgSz")
            for attribute, name in (("w", "page_width"), ("h", "page_height")):
                twips = int_attribute(size, attribute, 0)
                if twips > 0:
                    data[name] = round(twips / TWIPS_PER_MM, 1)
        default = DocumentStyle()
        changed: dict[str, Any] = {}
        for name, value in data.items():
            if getattr(default, name) == value:
                continue
            try:
                DocumentStyle.from_data({name: value})
            except StyleProblem as error:  # wrong data only: a bug here is not a damaged file
                self.notes.append(f"文档的版式设置有一项没有读取：{error}。")
            else:
                changed[name] = value
        self.report.style = DocumentStyle.from_data(changed)
        return True

    def _styles_element(self) -> Any:
        """The document's w:styles, or None: python-docx's ``document.styles`` fails on a
        styles part of another content type (a damaged [Content_Types].xml) or holding other
        XML, and such a document is read without its 版式."""
        from docx.opc.constants import RELATIONSHIP_TYPE

        try:
            part = self.document.part.part_related_by(RELATIONSHIP_TYPE.STYLES)
        except KeyError:
            return None
        element = getattr(part, "element", None)
        return element if element is not None and element.tag == f"{W}styles" else None

    def _read_title_break(self, lines: list[str]) -> None:
        """The 标题断行 of a document written here: its title's lines, when they are not the
        ones the default gives (another document's breaks may be a defect: not taken)."""
        if not lines or "".join(lines) != title_text(self.report):
            return
        if lines == title_lines(self.report):
            return
        chosen = TITLE_BREAK_NONE if len(lines) == 1 else TITLE_BREAK_MARK.join(lines)
        self.report.style = dataclasses.replace(self.report.style, title_break=chosen)
