"""A saved web page's bytes as text: the page itself (.html/.htm) or the page inside a single-file
web page (.mht/.mhtml, a MIME multipart/related message as Chrome, Edge and IE save it), decoded
by its byte-order mark, its declared charset (the MIME part's, then <meta charset> or
http-equiv) or, failing those, by trying UTF-8 strictly and then GB18030 (which covers GBK and
GB2312, what most government sites still serve).  Nothing here parses HTML."""

from __future__ import annotations

import codecs
import email
import email.message
import re
from dataclasses import dataclass, field
from pathlib import Path

from models.files import FileProblem, read_bytes

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A report's page is a few hundred KB (a single-file page with pictures a few MB)."""
MAX_MULTIPARTS = 20
"""Multipart containers in a single-file page (Chrome's has one; frames add a few)."""
MAX_PARTS = 2000
"""Parts of a single-file page looked at (a page with its pictures has tens)."""

SAVE_AGAIN = (
    "请在浏览器中打开报告的网页，用“另存为”保存为“网页，仅 HTML”（.html）或“单个文件”（.mhtml）"
    "后再导入。"
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9._:-]+)""",
    re.IGNORECASE,
)
_MIME_START = re.compile(
    rb"^\s*(?:mime-version|content-type|from|subject|date|snapshot-content-location)\s*:", re.I
)
_MULTIPART = re.compile(rb"content-type\s*:\s*multipart/", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "gb_2312-80", "csgb2312", "x-euc-cn", "euc-cn"}
_WIDE_ONLY = {"utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class PageText:
    """A page's text, with what a reader should tell the clerk about how it was found."""

    html: str
    notes: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    """Other pages of a single-file page (frames), tried when the main one holds no report."""


def load(path: Path) -> PageText:
    """The page in ``path`` as text; FileProblem (in Chinese) for an empty, oversized, binary
    or damaged file."""
    name = f"“{path.name}”"
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_bytes reports it
    if size > MAX_FILE_BYTES:
        raise FileProblem(
            f"{name}有 {size / 1048576:.1f} MB，报告的网页通常不到 1 MB，超过了网页能读取的上限"
            f"（{MAX_FILE_BYTES // 1048576} MB），没有打开。请确认选择的是报告的网页；" + SAVE_AGAIN
        )
    data = read_bytes(path, limit=MAX_FILE_BYTES)
    if not data.strip():
        raise FileProblem(f"{name}是空文件，里面没有网页内容。" + SAVE_AGAIN)
    if _is_mime(data):
        return _from_mime(data, name)
    text, notes = decode(data, None, name)
    return PageText(text, notes)


def _is_mime(data: bytes) -> bool:
    head = data[:4096].removeprefix(codecs.BOM_UTF8)
    return _MIME_START.match(head) is not None and b"multipart/" in head.lower()


def _charset(name: str | None) -> str | None:
    """The Python codec for a declared charset (GBK and GB2312 read as GB18030); None if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:16384])
    if match is None:
        return None
    declared = (match[1] or match[2] or b"").decode("ascii", "replace")
    codec = _charset(declared)
    # A page read as ASCII cannot be UTF-16: such a declaration is a slip (browsers ignore it too).
    return None if codec is None or codec.replace("_", "-") in _WIDE_ONLY else codec


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, charset: str | None, name: str) -> tuple[str, list[str]]:
    """``data`` as text: by its BOM, else the charset given (a MIME part's) or declared in the
    page, else UTF-8, else GB18030; the notes say when characters had to be replaced.
    FileProblem when the bytes are not text at all."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(codec, "replace"), name), []
    declared = _charset(charset) or _declared(data)
    # Valid UTF-8 with non-ASCII bytes is UTF-8, whatever the page declares: GBK text is
    # practically never valid UTF-8, while UTF-8 text mislabelled gb2312 is common.
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return _checked(utf8, name), []
    for tried in (declared, "gb18030"):
        text = _strict(data, tried) if tried is not None else None
        if text is not None:
            return _checked(text, name), []
    fallback = declared or "gb18030"
    text = _checked(data.decode(fallback, "replace"), name)
    shown = "GBK/GB18030" if fallback == "gb18030" else fallback
    return text, [
        f"网页中有些字节不是 {shown} 编码的文字（文件可能有损坏），这些字已显示为“\ufffd”，"
        "请核对导入的文字。"
    ]


def _checked(text: str, name: str) -> str:
    """``text`` without NUL characters; FileProblem when control characters show it is binary."""
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 50):
        raise FileProblem(
            f"{name}不是网页：文件内容是二进制数据，不是网页的文字（可能是图片、压缩包或其他文件，"
            "只是扩展名为网页）。" + SAVE_AGAIN
        )
    if "<" not in text:
        raise FileProblem(f"{name}不是网页：里面没有网页的标记（HTML），只有纯文字。" + SAVE_AGAIN)
    return text.replace("\x00", "")


# --- single-file web pages (.mht/.mhtml) -------------------------------------------------------


def _from_mime(data: bytes, name: str) -> PageText:
    pages: list[tuple[bytes, str | None]] | None = None
    # A saved page is one multipart/related (and a few for frames); the email package parses
    # nested multiparts in time that grows with the square of their depth: refuse a pile of them.
    if len(_MULTIPART.findall(data)) <= MAX_MULTIPARTS:
        try:
            pages = _html_parts(email.message_from_bytes(data))
        except Exception:  # the email package raises many kinds on garbled messages
            pages = None
    if pages is None:
        raise FileProblem(
            f"{name}是单一文件网页（.mht/.mhtml），但文件已损坏，无法读取其中的网页。" + SAVE_AGAIN
        )
    if not pages:
        raise FileProblem(
            f"{name}是单一文件网页（.mht/.mhtml），但里面没有网页正文（text/html 部分），"
            "可能保存时出了问题。" + SAVE_AGAIN
        )
    main, *others = pages
    html, notes = decode(main[0], main[1], name)
    frames: list[str] = []
    for payload, charset in others:
        try:
            frames.append(decode(payload, charset, name)[0])
        except FileProblem:
            continue
    return PageText(html, notes, frames)


def _html_parts(message: email.message.Message) -> list[tuple[bytes, str | None]]:
    """The text/html parts' decoded bytes and charsets, the page itself first (the part at the
    message's Snapshot-Content-Location or its start, else the first one); frames follow."""
    snapshot = str(message.get("Snapshot-Content-Location", "") or "").strip()
    start = str(message.get_param("start", "") or "").strip("<> ")
    found: list[tuple[bool, bytes, str | None]] = []
    stack: list[email.message.Message] = [message]
    seen = 0
    while stack and seen < MAX_PARTS:
        part = stack.pop()
        seen += 1
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed([p for p in payload if isinstance(p, email.message.Message)]))
            continue
        if part.get_content_type() != "text/html":
            continue
        content = part.get_payload(decode=True)
        if not isinstance(content, bytes) or not content.strip():
            continue
        location = str(part.get("Content-Location", "") or "").strip()
        ident = str(part.get("Content-ID", "") or "").strip("<> ")
        main = bool(snapshot and location == snapshot) or bool(start and ident == start)
        found.append((main, content, part.get_content_charset()))
    found.sort(key=lambda item: not item[0])  # stable: the page first, then in order
    return [(content, charset) for _, content, charset in found]
