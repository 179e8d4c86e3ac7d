"""What a file is, from what it holds rather than its name: a .docx renamed .wps is read as the
.docx it is, a real .doc or .wps (an old Word/WPS binary file) or a PDF is told apart and the
clerk told what to do with it.

Old Word/WPS files, old Excel workbooks and password-protected .docx/.xlsx files are all OLE
compound files (D0 CF 11 E0 A1 B1 1A E1); their directory names the streams inside, in UTF-16:
a WordDocument stream is a Word/WPS text document, an EncryptionInfo stream an encrypted Office
Open XML package (its reader keeps its own message), a Workbook/Book stream an old workbook.
Only the first bytes and, for an OLE file, its directory are looked at; nothing is parsed.
The file is opened once, through ``models.files.open_regular``: a named pipe, a device or a
link cycle is refused here, with the message every reader would give.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import BinaryIO

from models.files import FileProblem, open_regular

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Templates as ``exporters.zipguard.Package`` has them: {name} is the quoted file name.
OLD_WORD = (
    "无法导入{name}。这是旧版 Word/WPS 格式：请在 Word 或 WPS 中打开，另存为 .docx 后再导入。"
)
PDF = (
    "{name}是 PDF 文件，不是 Word 文档。请用“导入报告”选择它（年报助手按 PDF 读取由 Word、WPS "
    "导出的 PDF；扫描件不能读取），或者导入报告的 Word 版（.docx）。"
)
RTF = "{name}是 RTF 文件。请在 Word 或 WPS 中另存为 .docx 后再导入。"
ENCRYPTED_DOCUMENT = "{name}已加密，无法读取。请在 Word 或 WPS 中取消密码后再导入。"
MAX_OLE_BYTES = 50 * 1024 * 1024
"""An old document larger than this is not looked into (the readers refuse it as too large)."""
_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et", ".ett"}


def _stream(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole_kind(path: Path, stream: BinaryIO, size: int) -> str | None:
    """The reader for an OLE file, or FileProblem for an old Word/WPS document."""
    if size > MAX_OLE_BYTES:
        return None
    stream.seek(0)
    data = stream.read(size)
    if _stream("EncryptionInfo") in data:
        # A password-protected .docx or .xlsx (alike inside: the name tells which).
        if path.suffix.lower() in _WORKBOOK_SUFFIXES:
            return ".xlsx"  # the workbook reader's message says so
        raise FileProblem(ENCRYPTED_DOCUMENT.format(name=f"“{path.name}”"))
    if _stream("WordDocument") in data:
        raise FileProblem(OLD_WORD.format(name=f"“{path.name}”"))
    if _stream("Workbook") in data or _stream("Book") in data:
        return ".xlsx"  # an old .xls: the workbook reader tells what to do
    return None


_SNIFFED_MEMBERS = 5000
"""More members than any report package has: such a zip is left to the reader its name picks
(its guard refuses it) rather than having its whole directory parsed here."""


def _zip_kind(stream: BinaryIO, size: int) -> str | None:
    from exporters.zipguard import TAIL_BYTES, directory_too_large

    try:
        stream.seek(max(size - TAIL_BYTES, 0))
        tail = stream.read(TAIL_BYTES)
        if directory_too_large(tail, _SNIFFED_MEMBERS):
            return None
        stream.seek(0)
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None  # a damaged zip: its reader (by the name) says what is wrong
    if "word/document.xml" in names:
        return ".docx"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    return None


_MIME_HEADERS = (b"mime-version:", b"content-type: multipart/related", b"from:", b"subject:")
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _markup_kind(head: bytes) -> str | None:
    """The kind ".mht" for a page saved as one file (a MIME message), ".html" for a web page, from
    the first bytes (any encoding that keeps ASCII as ASCII, or UTF-16 with its BOM)."""
    for bom in _TEXT_BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != b"\xef\xbb\xbf":
                head = head.replace(b"\x00", b"")
            break
    lowered = head.lstrip(b" \t\r\n").lower()
    if lowered.startswith(_MIME_HEADERS) and b"multipart/related" in lowered:
        return ".mht"
    if lowered.startswith(b"<") and any(mark in lowered for mark in _HTML_MARKS):
        return ".html"
    return None


def kind_of(path: Path) -> str | None:
    """The reader's extension for what ``path`` holds (".docx", ".xlsx", ".gknb", ".pdf",
    ".html", ".mht"); None when its content does not say (the name decides then); FileProblem
    for a kind that cannot be read (an old Word/WPS document, an RTF file), saying what to do.
    A file that is no regular file to read (not there, a folder, a pipe, a device, a link
    cycle: ``open_regular`` refuses it without waiting) is None too: its reader refuses it."""
    try:
        opened = open_regular(path)
    except FileProblem:
        return None
    with opened as stream:
        try:
            size = os.fstat(stream.fileno()).st_size
            head = stream.read(4096)
            if head.startswith(b"PK\x03\x04"):
                return _zip_kind(stream, size)
            if head.startswith(OLE_SIGNATURE):
                return _ole_kind(path, stream, size)
        except OSError:
            return None  # the reader reports it, as for any file it cannot read
    if b"%PDF-" in head[:1024]:
        return ".pdf"  # PDF readers accept junk before the header; so does ours
    if head.startswith(b"{\\rtf"):
        raise FileProblem(RTF.format(name=f"“{path.name}”"))
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return ".gknb"  # JSON: the project file (its loader tells what is wrong if it is not)
    return _markup_kind(head)
