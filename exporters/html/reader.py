"""A report published as a web page, read back into a report.

The page's text (``source``: .html/.htm, or the page inside a .mht/.mhtml, decoded) is parsed
with lxml.html (no network, no external entities, libxml2's default limits: ``huge_tree`` off),
turned into lines and statistics tables (``page``), cropped to the report — from its title line
to its 落款 date, without the site's menus, breadcrumbs, article details (发布时间、来源 …),
“打印本页/关闭窗口” and footers — and handed to ``exporters.reading.interpret``, which reads it the
one way every reader does: the same tolerance and the same notes as for a .docx.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from exporters.html.page import MAX_LINES, Line, Page, PageTooLarge, read_page
from exporters.html.source import SAVE_AGAIN, load
from exporters.reading import Document, genre, interpret, split_heading
from exporters.reading.cells import clean, label_key, table_keys
from exporters.reading.text import section_heading
from exporters.result import ReadResult
from models.agency import parse_title
from models.dates import read_date
from models.files import FileProblem
from models.format.format2019 import titles_of
from models.report import CURRENT_FORMAT

_LEAD = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．])"
)
_SUB_HEADING = re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[）)]")
_FURNITURE = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|更新时间|信息来源|来源|作者|浏览次数|浏览量|访问次数"
    r"|访问量|点击数|点击量|阅读次数|阅读量|字号|字体|分享到|责任编辑|编辑|索引号|发布机构|主题分类)"
    r"\s*[:：]|打印本页|关闭窗口|【\s*(?:打印|关闭|大|中|小|收藏)\s*】|扫一扫"
    r"|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
"""Lines of page furniture between a page's title and its text: the article's details."""
_END = re.compile(
    r"上一篇|下一篇|相关链接|相关文章|相关阅读|网站地图|版权所有|主办单位|承办单位|ICP\s*备"
    r"|网站标识码|联系我们|返回顶部"
)
"""Lines that show the page's footer has begun (looked for when the report has no 落款 date)."""
_SEARCHED_LINES = 200
"""How far before the first heading the title is looked for."""
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜—–-]+\s*")
_NUMBERS = frozenset(s.number for s in CURRENT_FORMAT.sections)
_TITLE_KEYS = frozenset(label_key(title) for s in CURRENT_FORMAT.sections for title in titles_of(s))
MAX_ELEMENTS = 50_000
"""A report's page has a few thousand elements (a big site's menus included)."""


def read(path: Path) -> ReadResult:
    """The report in a saved web page (.html/.htm/.mht/.mhtml); FileProblem with a Chinese
    reason when the page cannot be read or holds no report."""
    path = Path(path)
    source = load(path)
    first_problem: FileProblem | None = None
    for text in (source.html, *source.others):
        try:
            result = _read_text(text, path)
        except FileProblem as problem:
            first_problem = first_problem or problem
            continue
        result.notes[:0] = source.notes
        return result
    assert first_problem is not None
    raise first_problem


def _parse(text: str, path: Path) -> tuple[Any, bool]:
    """The parsed page, and whether libxml2 stopped at its nesting limit."""
    from lxml import etree, html  # type: ignore[import-untyped]

    tags = text.count("<")
    if tags > MAX_ELEMENTS * 8:  # the elements counted below, before the parser is given them
        raise FileProblem(_too_large(path, f"有 {tags} 个网页标记"))
    parser = html.HTMLParser(
        encoding="utf-8",
        recover=True,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        raise FileProblem(f"“{path.name}”里没有可读的网页内容。" + SAVE_AGAIN)
    too_deep = any("depth" in error.message.lower() for error in parser.error_log)
    elements = int(root.xpath("count(//*)"))
    if elements > MAX_ELEMENTS:
        raise FileProblem(_too_large(path, f"有 {elements} 个网页元素"))
    return root, too_deep


def _too_large(path: Path, what: str) -> str:
    return (
        f"“{path.name}”{what}，远远超过年度报告的网页（通常几千个），不像是报告的网页，"
        "没有读取。请确认选择的文件；如果是报告，" + SAVE_AGAIN
    )


def _truncated(text: str) -> bool:
    return re.search(r"</\s*(?:html|body)\s*>", text[-65536:], re.IGNORECASE) is None


def _read_text(text: str, path: Path) -> ReadResult:
    root, too_deep = _parse(text, path)
    report_format = CURRENT_FORMAT
    try:
        page = read_page(root, [table_keys(spec) for spec in report_format.tables])
    except PageTooLarge:
        raise FileProblem(_too_large(path, f"有 {MAX_LINES} 行以上的文字")) from None
    document, headings = _document(page)
    truncated = _truncated(text)
    name = f"“{path.name}”"
    if not document.tables and not headings:
        if too_deep:
            reason = "网页的嵌套层次太深（超过 256 层），无法读取"
        elif truncated:
            reason = "文件不完整（在中途截断），读到的部分里"
        else:
            reason = ""
            # A letter, a notice or a news page is no report: say what it is instead.
            genre.refuse(_as_document(page), path)
        raise FileProblem(
            f"{name}{reason}不像是政府信息公开工作年度报告：没有找到报告的统计表（"
            + "、".join(t.name for t in report_format.tables)
            + "），也没有找到“"
            + report_format.sections[0].heading
            + "”等部分的标题。请确认选择的是年度报告正文的网页（不是新闻、目录或附件列表页）；"
            "如果报告是网页上的附件（Word、PDF），请下载附件后导入。"
        )
    try:
        report, notes, _ = interpret(document, path)
    except FileProblem as problem:
        if truncated:
            raise FileProblem(
                f"{name}不完整（文件在中途截断，可能没有下载或保存完整），没有读到年度报告的统计表。"
                + SAVE_AGAIN
            ) from None
        raise problem from None
    if truncated:
        notes.insert(
            0,
            "网页文件不完整（结尾缺少 </html>，可能没有下载或保存完整），截断处之后的内容没有"
            "读取。请核对导入的内容，必要时重新保存网页后再导入。",
        )
    if too_deep:
        notes.insert(0, "网页的嵌套层次超过 256 层，更深处的内容没有读取，请核对导入的内容。")
    return ReadResult(report, notes)


# --- from the page's lines to the report's -------------------------------------------------


def _as_document(page: Page) -> Document:
    """A page without a report's tables or headings as its lines, from its article's title
    (the <title> before the site's name, or the line of the page that repeats it) on."""
    title = re.split(r"\s*[_|｜—–-]\s*", page.title.strip(), maxsplit=1)[0]
    lines = [line.text for line in page.lines]
    key = label_key(title)
    start = next((i for i, line in enumerate(lines) if key and label_key(line) == key), None)
    if start is not None:
        return Document(paragraphs=lines[start:])
    return Document(paragraphs=[title, *lines] if title else lines)


def _pieces(line: Line) -> list[tuple[str, bool]]:
    """A line as the lines of the report, each with whether it is known to be a sub-heading:
    a bold （一）/一、 heading run together with its text becomes two lines; a line in h1–h6, or all
    bold, starting （一） is a sub-heading."""
    text = line.text
    prefix = line.bold_prefix
    if prefix and _LEAD.match(prefix) and text.startswith(prefix):
        rest = text[len(prefix) :].strip()
        if rest:
            head = prefix.rstrip("。：:.． ")
            return [(head, _SUB_HEADING.match(head) is not None), (rest, False)]
    if _SUB_HEADING.match(text) and (line.heading or line.all_bold):
        # A heading element is a heading whatever it holds; a bold line with a sentence after a
        # 。 is a heading run together with its text, split where the text reader splits it.
        return [(text, line.heading or "。" not in text.rstrip("。"))]
    return [(text, False)]


def _document(page: Page) -> tuple[Document, list[int]]:
    """The report's part of the page as a ``Document``, and where its section headings are."""
    report_format = CURRENT_FORMAT
    entries: list[tuple[str, bool, int]] = []  # text, sub-heading, block
    first_entry: list[int] = []
    for line in page.lines:
        first_entry.append(len(entries))
        for piece, sub_heading in _pieces(line):
            text = clean(piece)
            # Only a line starting with a section's number can be a heading run into its text.
            parts = split_heading(report_format, text) if text[:1] in _NUMBERS else [text]
            for part in parts:
                entries.append((part, sub_heading, line.block))
    first_entry.append(len(entries))
    texts = [text for text, _, _ in entries]
    tables_at = [first_entry[min(at, len(page.lines))] for at, _ in page.tables]
    headings = _headings(texts)
    anchor = headings[0] if headings else min(tables_at, default=len(texts))
    start = _title_start(texts, anchor)
    extra_title: list[str] = []
    if start is None:
        start = anchor
        extra_title = _title_from(page.title)
    last = max([*headings[-1:], *tables_at, start])
    end = _end(texts, last)
    document = Document()
    document.tables = [table for _, table in page.tables]
    for text in extra_title:
        document.add_line(text)
    title_end = start + _title_count(texts, start)
    for index in range(start, end):
        text, sub_heading, _ = entries[index]
        if title_end <= index < anchor and _furniture(text):
            continue
        document.add_line(text, sub_heading=sub_heading)
    return document, headings


def _headings(texts: list[str]) -> list[int]:
    """Where the sections' headings are, as the text reader finds them (in order)."""
    found: list[int] = []
    current = -1
    for index, text in enumerate(texts):
        key = label_key(text)
        # What the text reader can take for a heading: a line starting with a section's number,
        # or a section's title alone (a quick test first: most lines are neither).
        if key[:1] not in _NUMBERS and key.rstrip("。.") not in _TITLE_KEYS:
            continue
        section = section_heading(CURRENT_FORMAT, text, current)
        if section is not None:
            found.append(index)
            current = section
    return found


def _title_reading(lines: list[str]) -> tuple[str, int | None, int, int] | None:
    reading = parse_title(lines, CURRENT_FORMAT)
    if not reading.count or reading.problem or not (reading.agency or reading.year):
        return None
    return reading.agency, reading.year, reading.start, reading.count


def _title_start(texts: list[str], anchor: int) -> int | None:
    """The first line of the report's title: the nearest line before ``anchor`` that reads as a
    title, with the one or two lines above it when they hold the agency's name."""
    for k in range(anchor - 1, max(-1, anchor - 1 - _SEARCHED_LINES), -1):
        if len(texts[k]) > 80:
            continue
        reading = _title_reading([texts[k]])
        if reading is None:
            continue
        agency, year, _, _ = reading
        if agency and year is not None:
            return k
        for above in (k - 1, k - 2):
            if above < 0 or len(texts[above]) > 40:
                break
            wider = _title_reading(texts[above : k + 1])
            if wider and wider[0] and wider[1] is not None and wider[2:] == (0, k + 1 - above):
                return above
        return k
    return None


def _title_count(texts: list[str], start: int) -> int:
    reading = _title_reading(texts[start : start + 3])
    return reading[3] if reading is not None and reading[2] == 0 else 1


def _title_from(title: str) -> list[str]:
    """The report's title from the page's <title> (网页标题_网站名), when the text has none."""
    for part in _TITLE_SEPARATORS.split(title):
        if 0 < len(part) <= 80 and _title_reading([part]) is not None:
            return [part]
    return []


def _end(texts: list[str], last: int) -> int:
    """Where the report ends: after its 落款 date (the first date line after ``last``, the last
    heading), else before the page's footer."""
    for index in range(last + 1, len(texts)):
        if _date_line(texts[index]):
            return index + 1
    for index in range(last + 1, len(texts)):
        if _END.search(texts[index]) or (len(texts[index]) <= 40 and _furniture(texts[index])):
            return index
    return len(texts)


def _date_line(text: str) -> bool:
    if len(text) > 60:
        return False
    if read_date(text) is not None:
        return True
    match = re.fullmatch(r"(.+?)\s+(\S+日)", text)
    return match is not None and read_date(match[2]) is not None


def _furniture(text: str) -> bool:
    return len(text) <= 150 and "。" not in text and _FURNITURE.search(text) is not None
