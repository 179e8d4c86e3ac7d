"""A published report's text-based PDF read back (as made by Word, WPS, LibreOffice or our own
writer).

PDFium (``page_content``) gives each page's characters and drawn rules; ``ruled_tables`` builds
the tables from the rules and puts a table split over pages together again; ``page_text`` puts
the rest into lines and paragraphs in reading order without page numbers and running headers.
The result is an ``exporters.reading.Document``, read by the one interpretation every reader
shares.  A scan (pages of images, no text), a file with an open password and a damaged one are
each told apart and the clerk told what to do instead.  No Qt here.
"""

from __future__ import annotations

from pathlib import Path

from exporters.pdf import page_content
from exporters.pdf.page_content import Budget, OpenError, PageContent, TooMuch
from exporters.pdf.page_text import TextLine, drop_furniture, lines_of, paragraphs
from exporters.pdf.ruled_tables import PageTable, contains, continues, doc_table, join
from exporters.pdf.ruled_tables import tables_on_page as find_tables
from exporters.reading import Document, interpret
from exporters.result import ReadResult
from models.files import FileProblem, read_bytes

MAX_FILE_BYTES = 100 * 1024 * 1024
"""A report's PDF is well under 10 MB (a scanned one a few dozen); anything larger is refused."""

_INSTEAD = (
    "请向发布单位索取报告的 Word 版（.docx），或由 Word/WPS 直接导出（不是扫描）的 PDF 后再导入。"
)
EMPTY = "{name}是空文件（0 字节），里面没有内容。请重新下载或选择报告的 PDF 文件。"
TOO_LARGE = "{name}超过 100 MB，不像是年度报告的 PDF，没有打开。请确认选择的是报告文件。"
DAMAGED = (
    "{name}已损坏或不完整（可能没有下载完整），无法作为 PDF 读取。请重新下载该文件；" + _INSTEAD
)
NOT_PDF = (
    "{name}不是 PDF 文件（内容不是 PDF 格式，可能已损坏，或只是扩展名被改成了 .pdf）。" + _INSTEAD
)
ENCRYPTED = (
    "{name}设置了打开密码，无法读取。请向发布单位索取没有密码的 PDF 或 Word 版（.docx）；"
    "知道密码的，可以在 PDF 阅读器中打开后另存（打印）为不加密的 PDF 再导入。"
)
SCANNED = "{name}是扫描件：页面是图片，没有可以提取的文字，无法读取其中的表格和文字。" + _INSTEAD
NO_TEXT = "{name}中没有文字（可能是空白页面）。请确认选择的是年度报告的 PDF 文件；" + _INSTEAD
UNMAPPED = "{name}中的文字无法提取（所用字体没有附带文字编码，复制出来是乱码）。" + _INSTEAD
TOO_MANY_PAGES = (
    "{name}有 {pages} 页，不像是一份政府信息公开工作年度报告（通常 6 至 10 页），没有读取。"
    "请选择报告本身的 PDF 文件。"
)
TOO_MUCH = (
    "{name}的内容过多或结构异常（不像是年度报告的 PDF），为安全起见没有读完。"
    "请确认选择的是报告的 PDF 文件；" + _INSTEAD
)
TRUNCATED_NOTE = (
    "这个 PDF 文件的结尾不完整（可能没有下载完整），读出的内容可能缺少后面的页，请与原件核对。"
)


def read(path: Path) -> ReadResult:
    """The report in a text-based PDF; FileProblem with a Chinese reason if it cannot be read
    (a scan, a password, a damaged file, not a report)."""
    path = Path(path)
    name = f"“{path.name}”"
    data = read_bytes(path, limit=MAX_FILE_BYTES)
    if not data:
        raise FileProblem(EMPTY.format(name=name))
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(TOO_LARGE.format(name=name))
    truncated = b"%%EOF" not in data[-2048:]
    with page_content.LOCK:
        pages = _pages(data, name)
    document = build_document(pages, name)
    try:
        report, notes, _text = interpret(document, path)
    except FileProblem:
        if truncated:
            raise FileProblem(DAMAGED.format(name=name)) from None
        raise
    if truncated:
        notes.append(TRUNCATED_NOTE)
    return ReadResult(report, notes)


def _pages(data: bytes, name: str) -> list[PageContent]:
    try:
        document = page_content.open_pdf(data)
    except OpenError as error:
        if error.kind == "password":
            raise FileProblem(ENCRYPTED.format(name=name)) from None
        if b"%PDF-" not in data[:1024]:
            raise FileProblem(NOT_PDF.format(name=name)) from None
        raise FileProblem(DAMAGED.format(name=name)) from None
    try:
        count = page_content.page_count(document)
        if count > page_content.MAX_PAGES:
            raise FileProblem(TOO_MANY_PAGES.format(name=name, pages=count))
        if count == 0:
            raise FileProblem(DAMAGED.format(name=name))
        pages: list[PageContent] = []
        budget = Budget()
        for index in range(count):
            try:
                pages.append(page_content.read_page(document, index, budget))
            except TooMuch:
                raise FileProblem(TOO_MUCH.format(name=name)) from None
            except Exception:  # PDFium refuses a damaged page
                raise FileProblem(DAMAGED.format(name=name)) from None
        return pages
    finally:
        document.close()


def build_document(pages: list[PageContent], name: str) -> Document:
    """The pages as the shared interpretation reads them; FileProblem for a scan or a PDF
    without readable text."""
    glyphs = sum(len(p.glyphs) for p in pages)
    unmapped = sum(p.unmapped for p in pages)
    if glyphs == 0:
        if unmapped:
            raise FileProblem(UNMAPPED.format(name=name))
        if any(p.images for p in pages):
            raise FileProblem(SCANNED.format(name=name))
        raise FileProblem(NO_TEXT.format(name=name))
    if unmapped > glyphs:
        raise FileProblem(UNMAPPED.format(name=name))
    # Each page: its tables, and its other characters as lines.
    page_tables: list[list[PageTable]] = []
    page_lines: list[list[TextLine]] = []
    for page in pages:
        found = find_tables(page.number, page.rules, page.glyphs)
        # A turned character is read only in a table's cell (a label written upwards or
        # downwards); elsewhere it is a margin note or a watermark, not the report's text.
        rest = [g for g in page.glyphs if not g.turn and not any(contains(t, g) for t in found)]
        page_tables.append(found)
        page_lines.append(lines_of(rest, page.number))
    drop_furniture(page_lines, [p.height for p in pages])
    # Reading order: top to bottom on each page, a table where it stands.
    items: list[TextLine | PageTable] = []
    for on_page, lines in zip(page_tables, page_lines, strict=True):
        placed: list[tuple[float, int, TextLine | PageTable]] = [(t.top, 0, t) for t in on_page] + [
            (line.top, 1, line) for line in lines
        ]
        items += [item for _, _, item in sorted(placed, key=lambda p: (p[0], p[1]))]
    stream: list[TextLine | None] = []
    tables: list[PageTable] = []
    last_table: PageTable | None = None  # the item just before, when it is a table
    for item in items:
        if not isinstance(item, PageTable):
            stream.append(item)
            last_table = None
            continue
        if (
            last_table is not None
            and item.page == last_table.page + 1
            and continues(last_table, item)
        ):
            joined = join(last_table, item)
            joined.page = item.page
            tables[-1] = last_table = joined
            continue
        stream.append(None)
        tables.append(item)
        last_table = item
    document = Document()
    for text in paragraphs(stream):
        document.add_line(text)
    document.tables = [doc_table(t) for t in tables]
    return document
