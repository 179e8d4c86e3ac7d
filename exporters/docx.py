"""The report as a Word document (.docx) in the official format, and official-format .docx files
read back into a report.

Writing builds the WordprocessingML package directly (a handful of XML parts in a zip), in the
house style of ``models.style.DocumentStyle``: fonts set for East Asian text (w:eastAsia) on the
styles *and* on every run, named in the font table with a fallback, so 仿宋_GB2312 and friends
really apply in Word and WPS; tables with an explicit grid, a width on every cell, fixed layout and
explicit borders, laid out cell for cell from ``models.format.grid``; page numbers "— 1 —" as a
PAGE field, odd pages right and even pages left; a diagonal 草稿 watermark on drafts.

Reading opens any .docx made from the official template (ours, Word's, WPS's) with python-docx,
after checking that the file is a sane zip of a sane size.  It finds the title, the preamble, the
six sections by their headings, their （一） sub-headings, the 落款 and the three tables by their
labels — never by position alone — and reads each value through ``models.values.parse_value``.
Blank cells and "/" stay blank and are reported in ``ReadResult.notes``; a 2019-format table is
recognised and reported, not mis-read.

python-docx is imported only in ``read``: writing and start-up never pay for it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from exporters import ReadResult
from models.app import APP_NAME, VERSION
from models.files import FileProblem, atomic_write, read_bytes
from models.format import CellSpec, GridCell, Node, SectionSpec, TableSpec, grid
from models.report import (
    CURRENT_FORMAT,
    Report,
    SectionText,
    TextPart,
    format_date,
    part_number,
)
from models.style import DocumentStyle, fallbacks
from models.values import FULL_WIDTH_DIGITS, CellValue, InputError, format_value, parse_value

# --- units and constants ---------------------------------------------------------------------

TWIPS_PER_MM = 1440 / 25.4
SHADE = "C6D9F1"  # the official template's fill of the 第二十条 rows of 表二
WATERMARK = "草稿"
PAGE_NUMBER_GAP_MM = 7.0
"""GB/T 9704-2012 7.5: the page number's 一字线 sits 7 mm below the text block."""
LINE_HEIGHT_FACTOR = 1.3
"""A single line of CJK text is about 1.3 times the font size high (to place the page number)."""
BORDER_OUTER = 8  # eighths of a point: the template's 1 pt frame …
BORDER_INNER = 4  # … and 0.5 pt rules inside
CELL_MARGIN = 57  # twips (1 mm) left and right, as in the template
KEEP_TOGETHER_ROWS = 20
"""Tables of at most this many rows (表二, 表四) are kept on one page."""

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_V = "urn:schemas-microsoft-com:vml"
NS_O = "urn:schemas-microsoft-com:office:office"
REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# Style ids of the document's own paragraph styles.  Their names are Chinese (what Word shows);
# the ids also tell the reader that a file was written here, so its 版式 can be read back.
STYLE_TITLE = "GknbTitle"
STYLE_BODY = "GknbBody"
STYLE_HEADING1 = "GknbHeading1"
STYLE_HEADING2 = "GknbHeading2"
STYLE_SIGNATURE = "GknbSignature"
STYLE_TABLE = "GknbTableText"
STYLE_PAGE_NUMBER = "GknbPageNumber"
STYLE_HEADER = "GknbHeader"


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _half_points(pt: float) -> int:
    return round(pt * 2)


# --- XML text --------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _esc(text: str) -> str:
    """Text for an XML element: escaped, without the characters XML 1.0 cannot hold."""
    return escape(_NOT_XML.sub("", text))


def _qa(text: str) -> str:
    """A quoted XML attribute value."""
    return quoteattr(_NOT_XML.sub("", text))


def _fonts(font: str) -> str:
    """rFonts naming ``font`` for every script, East Asian first (w:hint), as WPS writes it."""
    name = _qa(font)
    return (
        f'<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name} w:hint="eastAsia"/>'
    )


def _run(text: str, font: str) -> str:
    """One run of ``text`` in ``font``: line breaks become w:br, tabs w:tab."""
    pieces: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{_esc(chunk)}</w:t>')
    return f"<w:r><w:rPr>{_fonts(font)}</w:rPr>{''.join(pieces)}</w:r>"


def _paragraph(
    style_id: str, text: str, font: str, properties: str = "", *, keep_next: bool = False
) -> str:
    """A paragraph of ``style_id``; ``properties`` are further pPr children in schema order
    (spacing, ind, jc); ``keep_next`` keeps it on the page of the next paragraph."""
    runs = _run(text, font) if text else ""
    keep = "<w:keepNext/>" if keep_next else ""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{keep}{properties}'
        f"<w:rPr>{_fonts(font)}</w:rPr></w:pPr>{runs}</w:p>"
    )


def _text_width(text: str) -> float:
    """Width of ``text`` in characters of the body font: CJK full width, ASCII half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


# --- the package -----------------------------------------------------------------------------


def write(report: Report, path: Path, *, draft: bool) -> None:
    """Write ``report`` as a .docx to ``path`` atomically; FileProblem (Chinese) on failure."""
    atomic_write(Path(path), build(report, draft=draft))


def build(report: Report, *, draft: bool) -> bytes:
    """The bytes of the .docx file of ``report``."""
    style = report.style
    parts: dict[str, str] = {
        "word/document.xml": _document_xml(report, draft=draft),
        "word/styles.xml": _styles_xml(style),
        "word/settings.xml": _SETTINGS_XML,
        "word/fontTable.xml": _font_table_xml(style),
        "word/footer1.xml": _footer_xml(style, odd=True),
        "word/footer2.xml": _footer_xml(style, odd=False),
        "docProps/core.xml": _core_xml(report, draft=draft),
        "docProps/app.xml": _APP_XML,
    }
    relations = [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFonts", "fontTable", "fontTable.xml"),
        ("rIdFooterOdd", "footer", "footer1.xml"),
        ("rIdFooterEven", "footer", "footer2.xml"),
    ]
    if draft:
        parts["word/header1.xml"] = _header_xml(style, 1)
        parts["word/header2.xml"] = _header_xml(style, 2)
        relations += [
            ("rIdHeaderOdd", "header", "header1.xml"),
            ("rIdHeaderEven", "header", "header2.xml"),
        ]
    parts["word/_rels/document.xml.rels"] = _relationships(
        (rid, f"{REL_OFFICE}/{kind}", target) for rid, kind, target in relations
    )
    parts["_rels/.rels"] = _relationships(
        [
            ("rId1", f"{REL_OFFICE}/officeDocument", "word/document.xml"),
            ("rId2", f"{NS_REL}/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{REL_OFFICE}/extended-properties", "docProps/app.xml"),
        ]
    )
    content_types = _content_types(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        for name, xml in parts.items():
            package.writestr(name, xml)
    return buffer.getvalue()


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _relationships(items: Iterable[tuple[str, str, str]]) -> str:
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items
    )
    return f'{_XML_HEAD}<Relationships xmlns="{NS_REL}">{rels}</Relationships>'


_PART_TYPES = {
    "word/document.xml": f"{CT_WORD}.document.main+xml",
    "word/styles.xml": f"{CT_WORD}.styles+xml",
    "word/settings.xml": f"{CT_WORD}.settings+xml",
    "word/fontTable.xml": f"{CT_WORD}.fontTable+xml",
    "word/footer1.xml": f"{CT_WORD}.footer+xml",
    "word/footer2.xml": f"{CT_WORD}.footer+xml",
    "word/header1.xml": f"{CT_WORD}.header+xml",
    "word/header2.xml": f"{CT_WORD}.header+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}


def _content_types(parts: dict[str, str]) -> str:
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{_PART_TYPES[name]}"/>'
        for name in parts
        if name in _PART_TYPES
    )
    return (
        f"{_XML_HEAD}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )


_SETTINGS_XML = (
    f'{_XML_HEAD}<w:settings xmlns:w="{NS_W}">'
    '<w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="420"/>'
    "<w:evenAndOddHeaders/>"
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat><w:useFELayout/>"
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    "</w:settings>"
)

_APP_XML = (
    f"{_XML_HEAD}"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>{_esc(APP_NAME)}</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _core_xml(report: Report, *, draft: bool) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    kind = "草稿" if draft else "正式版"
    return (
        f"{_XML_HEAD}"
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_esc(report.title)}</dc:title>"
        f"<dc:creator>{_esc(report.agency)}</dc:creator>"
        f"<dc:description>{_esc(f'{APP_NAME} {VERSION} 导出（{kind}）')}</dc:description>"
        f"<cp:lastModifiedBy>{_esc(report.agency)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


# --- styles and fonts ------------------------------------------------------------------------


def _run_properties(font: str, size: float) -> str:
    sz = _half_points(size)
    return f'<w:rPr>{_fonts(font)}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>'


def _paragraph_style(
    style_id: str,
    name: str,
    *,
    based_on: str = "Normal",
    following: str = "",
    properties: str = "",
    font: str,
    size: float,
) -> str:
    next_ = f'<w:next w:val="{following}"/>' if following else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val={_qa(name)}/><w:basedOn w:val="{based_on}"/>{next_}<w:qFormat/>'
        f"<w:pPr>{properties}</w:pPr>{_run_properties(font, size)}</w:style>"
    )


def _line_spacing(style: DocumentStyle, rule: str = "exact") -> str:
    return (
        f'<w:spacing w:before="0" w:after="0" w:line="{round(style.line_spacing * 20)}" '
        f'w:lineRule="{rule}"/>'
    )


def _styles_xml(style: DocumentStyle) -> str:
    body, size = style.body_font, style.body_size
    indent_chars = round(style.first_line_indent_chars * 100)
    indent = round(style.first_line_indent_chars * size * 20)
    single = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f'<w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr>'
        f"{_run_properties(body, size)}</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        _paragraph_style(
            STYLE_TITLE,
            "年报标题",
            following=STYLE_BODY,
            properties=f'{_line_spacing(style, "atLeast")}<w:jc w:val="center"/>',
            font=style.title_font,
            size=style.title_size,
        ),
        _paragraph_style(
            STYLE_BODY,
            "年报正文",
            properties=(
                f"{_line_spacing(style)}"
                f'<w:ind w:firstLineChars="{indent_chars}" w:firstLine="{indent}"/>'
                '<w:jc w:val="both"/>'
            ),
            font=body,
            size=size,
        ),
        _paragraph_style(
            STYLE_HEADING1,
            "年报一级标题",
            based_on=STYLE_BODY,
            following=STYLE_BODY,
            properties='<w:keepNext/><w:outlineLvl w:val="0"/>',
            font=style.heading1_font,
            size=size,
        ),
        _paragraph_style(
            STYLE_HEADING2,
            "年报二级标题",
            based_on=STYLE_BODY,
            following=STYLE_BODY,
            properties='<w:keepNext/><w:outlineLvl w:val="1"/>',
            font=style.heading2_font,
            size=size,
        ),
        _paragraph_style(
            STYLE_SIGNATURE,
            "年报落款",
            based_on=STYLE_BODY,
            properties='<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>',
            font=body,
            size=size,
        ),
        _paragraph_style(
            STYLE_TABLE,
            "年报表格文字",
            properties=(
                f'<w:snapToGrid w:val="0"/>{single}<w:ind w:firstLine="0"/><w:jc w:val="center"/>'
            ),
            font=style.table_font,
            size=style.table_size,
        ),
        _paragraph_style(
            STYLE_PAGE_NUMBER,
            "年报页码",
            properties=f'<w:snapToGrid w:val="0"/>{single}',
            font=style.page_number_font,
            size=style.page_number_size,
        ),
        _paragraph_style(
            STYLE_HEADER,
            "年报页眉",
            properties=single,
            font=body,
            size=size,
        ),
    ]
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(body)}"
        f'<w:sz w:val="{_half_points(size)}"/><w:szCs w:val="{_half_points(size)}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )
    return f'{_XML_HEAD}<w:styles xmlns:w="{NS_W}">{defaults}{"".join(styles)}</w:styles>'


def _style_fonts(style: DocumentStyle) -> list[str]:
    fonts = [
        style.title_font,
        style.body_font,
        style.heading1_font,
        style.heading2_font,
        style.table_font,
        style.page_number_font,
    ]
    return list(dict.fromkeys(fonts))


def _font_table_xml(style: DocumentStyle) -> str:
    """Each font with a fallback (w:altName) and the GB2312 character set (86), so Word and WPS
    substitute a Chinese font of the same kind where the named one is not installed."""
    entries = []
    for font in _style_fonts(style):
        # 方正 fonts are bought separately; name a fallback that comes with Windows or Office.
        usable = [f for f in fallbacks(font) if not f.startswith("方正")]
        alt = f"<w:altName w:val={_qa(usable[0])}/>" if usable else ""
        entries.append(
            f'<w:font w:name={_qa(font)}>{alt}<w:charset w:val="86"/>'
            '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        )
    return f'{_XML_HEAD}<w:fonts xmlns:w="{NS_W}">{"".join(entries)}</w:fonts>'


# --- header (watermark) and footer (page number) ---------------------------------------------


def _footer_xml(style: DocumentStyle, *, odd: bool) -> str:
    """ "— N —" in the page-number font: odd pages right, even pages left, one character in."""
    font = style.page_number_font
    one_char = round(style.page_number_size * 20)
    indent = f'<w:ind w:right="{one_char}"/>' if odd else f'<w:ind w:left="{one_char}"/>'
    align = '<w:jc w:val="right"/>' if odd else '<w:jc w:val="left"/>'
    rpr = f"<w:rPr>{_fonts(font)}</w:rPr>"
    field = (
        f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>'
    )
    paragraph = (
        f'<w:p><w:pPr><w:pStyle w:val="{STYLE_PAGE_NUMBER}"/>{indent}{align}{rpr}</w:pPr>'
        f"{field}</w:p>"
    )
    return f'{_XML_HEAD}<w:ftr xmlns:w="{NS_W}" xmlns:r="{NS_R}">{paragraph}</w:ftr>'


_TEXT_SHAPE_TYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(
        f'<v:f eqn="{eqn}"/>'
        for eqn in (
            "sum #0 0 10800",
            "prod #0 2 1",
            "sum 21600 0 @1",
            "sum 0 0 @2",
            "sum 21600 0 @3",
            "if @0 @3 0",
            "if @0 21600 @1",
            "if @0 0 @2",
            "if @0 @4 21600",
            "mid @5 @6",
            "mid @8 @5",
            "mid @7 @8",
            "mid @6 @7",
            "sum @6 0 @5",
        )
    )
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
    'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
    "</v:shapetype>"
)


def _header_xml(style: DocumentStyle, number: int) -> str:
    """A header holding the draft watermark: 草稿 in light grey, diagonal across the page, behind
    the text — the VML text shape Word itself writes for a watermark, which WPS and LibreOffice
    also show."""
    width = round(style.text_width * 0.8 / 25.4 * 72)
    height = round(width / 2)
    shape = (
        f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}" '
        'type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;'
        f"width:{width}pt;height:{height}pt;rotation:315;z-index:-251657216;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" '
        'o:allowincell="f" fillcolor="#d8d8d8" stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;{_esc(style.heading1_font)}&quot;;font-size:1pt" '
        f'string="{WATERMARK}"/></v:shape>'
    )
    paragraph = (
        f'<w:p><w:pPr><w:pStyle w:val="{STYLE_HEADER}"/></w:pPr>'
        f"<w:r><w:rPr><w:noProof/></w:rPr><w:pict>{_TEXT_SHAPE_TYPE}{shape}</w:pict></w:r></w:p>"
    )
    return (
        f'{_XML_HEAD}<w:hdr xmlns:w="{NS_W}" xmlns:r="{NS_R}" xmlns:v="{NS_V}" '
        f'xmlns:o="{NS_O}">{paragraph}</w:hdr>'
    )


# --- the body --------------------------------------------------------------------------------


def _document_xml(report: Report, *, draft: bool) -> str:
    style = report.style
    body = style.body_font
    out: list[str] = [
        _paragraph(STYLE_TITLE, report.title, style.title_font),
        _paragraph(STYLE_BODY, "", body),
    ]

    def lines(text: str, *, keep_last: bool = False) -> None:
        kept = [line.strip() for line in text.split("\n") if line.strip()]
        for i, line in enumerate(kept):
            last = i == len(kept) - 1
            out.append(_paragraph(STYLE_BODY, line, body, keep_next=keep_last and last))

    lines(report.preamble)
    for section in report.format.sections:
        text = report.sections[section.key]
        out.append(_paragraph(STYLE_HEADING1, section.heading, style.heading1_font))
        table = section.table
        lines(text.intro, keep_last=table is not None and not text.parts)
        for index, part in enumerate(text.parts):
            if part.heading.strip():
                out.append(
                    _paragraph(
                        STYLE_HEADING2,
                        part_number(index) + part.heading.strip(),
                        style.heading2_font,
                    )
                )
            lines(part.text, keep_last=table is not None and index == len(text.parts) - 1)
        if table is not None:
            # The lead sentence stays with the table.
            out.append(_table_xml(table, report))
            out.append(_paragraph(STYLE_BODY, "", body))
    out.append(_paragraph(STYLE_BODY, "", body))
    out += _signature(report)
    return (
        f'{_XML_HEAD}<w:document xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:body>{"".join(out)}'
        f"{_section_properties(style, draft=draft)}</w:body></w:document>"
    )


def _signature(report: Report) -> list[str]:
    """落款 (GB/T 9704 7.3.5.2, a report without a seal): the agency two characters in from the
    right, the date on the next line centred under it."""
    style = report.style
    agency, date = report.agency.strip(), format_date(report.report_date)
    out: list[str] = []
    one_char = style.body_size * 20
    agency_right = 2.0
    if agency:
        out.append(
            _paragraph(
                STYLE_SIGNATURE, agency, style.body_font, _right_indent(agency_right, one_char)
            )
        )
    if date:
        right = agency_right
        if agency:
            right += max(0.0, (_text_width(agency) - _text_width(date)) / 2)
        out.append(
            _paragraph(STYLE_SIGNATURE, date, style.body_font, _right_indent(right, one_char))
        )
    return out


def _right_indent(chars: float, one_char: float) -> str:
    return f'<w:ind w:rightChars="{round(chars * 100)}" w:right="{round(chars * one_char)}"/>'


def _section_properties(style: DocumentStyle, *, draft: bool) -> str:
    headers = (
        '<w:headerReference w:type="default" r:id="rIdHeaderOdd"/>'
        '<w:headerReference w:type="even" r:id="rIdHeaderEven"/>'
        if draft
        else ""
    )
    number_height = style.page_number_size * LINE_HEIGHT_FACTOR * 25.4 / 72
    footer = max(5.0, style.margin_bottom - PAGE_NUMBER_GAP_MM - number_height)
    header = max(5.0, style.margin_top / 2)
    return (
        f"<w:sectPr>{headers}"
        '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f'<w:pgSz w:w="{_twips(style.page_width)}" w:h="{_twips(style.page_height)}"/>'
        f'<w:pgMar w:top="{_twips(style.margin_top)}" w:right="{_twips(style.margin_right)}" '
        f'w:bottom="{_twips(style.margin_bottom)}" w:left="{_twips(style.margin_left)}" '
        f'w:header="{_twips(header)}" w:footer="{_twips(footer)}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:linePitch="{round(style.line_spacing * 20)}"/>'
        "</w:sectPr>"
    )


# --- tables ----------------------------------------------------------------------------------


def _column_widths(table: TableSpec, total: int) -> list[int]:
    """The grid column widths in twips: the format's proportions over the text width."""
    weights = table.column_weights
    whole = sum(weights)
    edges = [round(total * sum(weights[:i]) / whole) for i in range(len(weights) + 1)]
    return [right - left for left, right in itertools.pairwise(edges)]


def _block_rows(table: TableSpec) -> list[tuple[int, int, int]]:
    """(first row, last row + 1, label columns) of each block in the grid."""
    spans = []
    top = 0
    for block in table.blocks:
        height = (1 if block.caption else 0) + block.header_rows + len(block.row_leaves)
        spans.append((top, top + height, block.label_columns))
        top += height
    return spans


def _table_xml(table: TableSpec, report: Report) -> str:
    style = report.style
    cells = grid(table)
    rows = max(g.row + g.row_span for g in cells)
    columns = table.grid_columns
    widths = _column_widths(table, _twips(style.text_width))
    covering: dict[tuple[int, int], GridCell] = {}
    for g in cells:
        for r in range(g.row, g.row + g.row_span):
            covering[(r, g.column)] = g
    label_columns = {}
    for first, last, labels in _block_rows(table):
        for r in range(first, last):
            label_columns[r] = labels
    repeat = 0
    if len(table.blocks) == 1 and not table.blocks[0].caption:
        repeat = table.blocks[0].header_rows
    height = round(style.table_size * 20 * 1.6)
    font = style.table_font
    # A short table stays on one page; a long one (表三) keeps its header with the first rows.
    kept = rows - 1 if rows <= KEEP_TOGETHER_ROWS else repeat
    out = []
    for r in range(rows):
        header = "<w:tblHeader/>" if r < repeat else ""
        tcs = []
        c = 0
        while c < columns:
            g = covering[(r, c)]
            tcs.append(
                _cell_xml(
                    g, r, rows, columns, widths, font, report, label_columns.get(r, 1), r < kept
                )
            )
            c += g.column_span
        out.append(
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="atLeast"/>'
            f"{header}</w:trPr>{''.join(tcs)}</w:tr>"
        )
    total = sum(widths)
    frame = "".join(
        f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'
        for side, size in (
            ("top", BORDER_OUTER),
            ("left", BORDER_OUTER),
            ("bottom", BORDER_OUTER),
            ("right", BORDER_OUTER),
            ("insideH", BORDER_INNER),
            ("insideV", BORDER_INNER),
        )
    )
    properties = (
        f'<w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{frame}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr>'
    )
    grid_xml = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return f"<w:tbl>{properties}<w:tblGrid>{grid_xml}</w:tblGrid>{''.join(out)}</w:tbl>"


def _cell_xml(
    g: GridCell,
    r: int,
    rows: int,
    columns: int,
    widths: list[int],
    font: str,
    report: Report,
    label_columns: int,
    keep_next: bool,
) -> str:
    first = r == g.row
    width = sum(widths[g.column : g.column + g.column_span])
    span = f'<w:gridSpan w:val="{g.column_span}"/>' if g.column_span > 1 else ""
    merge = ""
    if g.row_span > 1:
        merge = '<w:vMerge w:val="restart"/>' if first else "<w:vMerge/>"

    def border(side: str, outer: bool) -> str:
        size = BORDER_OUTER if outer else BORDER_INNER
        return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'

    borders = (
        border("top", r == 0)
        + border("left", g.column == 0)
        + border("bottom", r == rows - 1)
        + border("right", g.column + g.column_span == columns)
    )
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/>' if g.shaded else ""
    properties = (
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
        f'<w:tcBorders>{borders}</w:tcBorders>{shade}<w:vAlign w:val="center"/></w:tcPr>'
    )
    text = ""
    if first:
        text = _value_text(report.values[g.cell.id]) if g.cell is not None else g.text
    align = "center"
    if g.role == "caption" or (
        g.role in ("label", "header")
        and g.cell is None
        and label_columns > 1
        and g.column < label_columns
    ):
        align = "left"
    alignment = "" if align == "center" else f'<w:jc w:val="{align}"/>'
    paragraph = _paragraph(STYLE_TABLE, text, font, alignment, keep_next=keep_next)
    return f"<w:tc>{properties}{paragraph}</w:tc>"


def _value_text(value: CellValue | None) -> str:
    return format_value(value)


# =============================================================================================
# Reading
# =============================================================================================

MAX_FILE_BYTES = 50 * 1024 * 1024
"""A report .docx is a few hundred KB (pictures make it a few MB); anything larger is refused."""
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_MEMBER_BYTES = 150 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 200
"""Compression ratio above which a large member is taken for a zip bomb."""

W = f"{{{NS_W}}}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED = {
    f"{W}{tag}"
    for tag in (
        "del",
        "moveFrom",
        "instrText",
        "delText",
        "txbxContent",
        "fldData",
        "rPr",
        "pPr",
        "tcPr",
        "trPr",
        "tblPr",
        "tblGrid",
        "sectPr",
    )
} | {_MC_FALLBACK}

# Column and row labels that exist only in the 2019 format's 表二 (国办公开办函〔2019〕60号).
FORMAT_2019_TABLE_2 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "政府集中采购",
)


def read(path: Path) -> ReadResult:
    """The report in an official-format .docx; FileProblem with a Chinese reason if it is not
    one (or cannot be opened)."""
    path = Path(path)
    data = read_bytes(path, limit=MAX_FILE_BYTES)
    _check_package(data, path)
    document = _open(data, path)
    return _Interpreter(document, path).result()


# --- the package, before python-docx sees it -------------------------------------------------


def _check_package(data: bytes, path: Path) -> None:
    name = f"“{path.name}”"
    if not data:
        raise FileProblem(f"{name}是空文件（0 字节），里面没有内容。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            f"{name}是旧版 Word 文档（.doc），或者设置了打开密码。年报助手只能读取 .docx："
            "请在 Word 或 WPS 中打开它，“另存为”Word 文档（*.docx）后再导入；"
            "有打开密码的，请先取消密码。"
        )
    if data.startswith(b"%PDF"):
        raise FileProblem(f"{name}是 PDF 文件，不是 Word 文档。请导入报告的 Word 版（.docx）。")
    if data.startswith(b"{\\rtf"):
        raise FileProblem(f"{name}是 RTF 文件。请在 Word 或 WPS 中另存为 .docx 后再导入。")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileProblem(
            f"{name}不是 Word 文档（.docx）：文件内容不是 .docx 格式，可能已损坏，"
            "或者只是扩展名被改成了 .docx。"
        ) from None
    with package:
        members = package.infolist()
        names = {m.filename for m in members}
        if len(members) > MAX_MEMBERS:
            raise _bomb(name)
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if (
                member.file_size > MAX_MEMBER_BYTES
                or total > MAX_UNPACKED_BYTES
                or (member.file_size > 1024 * 1024 and ratio > MAX_RATIO)
            ):
                raise _bomb(name)
        if "word/document.xml" not in names:
            if "xl/workbook.xml" in names:
                kind = "Excel 工作簿"
            elif "ppt/presentation.xml" in names:
                kind = "PowerPoint 演示文稿"
            elif "content.xml" in names:
                kind = "OpenDocument（WPS/LibreOffice）文档，请先另存为 .docx"
            else:
                kind = "压缩包或其他文件"
            raise FileProblem(f"{name}不是 Word 文档，而是{kind}。请选择报告的 .docx 文件。")
        if any(m.flag_bits & 0x1 for m in members):
            raise FileProblem(f"{name}已加密，无法读取。请在 Word 或 WPS 中取消密码后再导入。")


def _bomb(name: str) -> FileProblem:
    return FileProblem(
        f"{name}解压后过大或结构异常（可能是损坏的文件，或故意构造的“压缩炸弹”），"
        "为安全起见没有打开。请确认这是报告的 Word 文档。"
    )


_DOCUMENT_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _open(data: bytes, path: Path) -> Any:
    """The python-docx Document of ``data``; FileProblem if it cannot be opened."""
    import docx

    data = _as_plain_document(data)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise many kinds for damaged parts
        raise FileProblem(
            f"“{path.name}”已损坏，无法作为 Word 文档打开（{type(error).__name__}）。"
            "可以试着在 Word 或 WPS 中打开并另存为 .docx 后再导入。"
        ) from None


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


# --- text of the document's XML --------------------------------------------------------------


def _hidden(run: Any) -> bool:
    properties = run.find(f"{W}rPr")
    if properties is None:
        return False
    vanish = properties.find(f"{W}vanish")
    return vanish is not None and vanish.get(f"{W}val") not in ("0", "false", "off")


def _text_of(element: Any) -> str:
    """The visible text of a paragraph or cell: runs, tabs and breaks; no deleted text, field
    codes, text boxes or hidden runs."""
    out: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{W}r" and _hidden(child):
                continue
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag == f"{W}tab":
                out.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            elif tag == f"{W}p":
                if out and out[-1] != "\n":
                    out.append("\n")
                walk(child)
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _body_items(container: Any) -> Iterator[Any]:
    """Paragraphs and tables of the body in order, looking inside content controls."""
    for child in container:
        tag = child.tag
        if tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_items(content)
        elif tag in (f"{W}customXml", f"{W}smartTag"):
            yield from _body_items(child)


# --- normalised text for matching ------------------------------------------------------------

_QUOTES = re.compile("[\"'“”‘’「」『』]")
_NUMBERING_DOT = re.compile(r"(?<=\d)[、．.]")
_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    """Text as compared with a label: NFKC (full-width forms folded), no spaces or line breaks,
    no quotes, "1、" as "1.", no closing colon."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text)
    text = _QUOTES.sub("", text)
    text = _NUMBERING_DOT.sub(".", text)
    return text.rstrip(":：")


def _node_keys(node: Node) -> set[str]:
    return {k for k in (_key(node.label), _key(node.display)) if k}


def _clean(text: str) -> str:
    """A paragraph's text as kept: no spaces at either end (full-width indents included)."""
    return text.strip(" \t\r\n\u3000\u00a0\u2002\u2003")


# --- tables of the document ------------------------------------------------------------------


@dataclass
class _Region:
    """One (possibly merged) cell of a document table."""

    row: int
    column: int
    row_span: int
    column_span: int
    text: str
    key: str = ""

    @property
    def end(self) -> int:
        return self.column + self.column_span

    def covers_row(self, row: int) -> bool:
        return self.row <= row < self.row + self.row_span


@dataclass
class _DocTable:
    regions: list[_Region]
    columns: int
    rows: int
    keys: set[str] = field(default_factory=set)

    def in_row(self, row: int) -> list[_Region]:
        return sorted((g for g in self.regions if g.covers_row(row)), key=lambda g: g.column)


def _int_attribute(element: Any, name: str, default: int) -> int:
    if element is None:
        return default
    value = element.get(f"{W}{name}")
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _read_table(tbl: Any) -> _DocTable:
    """The regions of a w:tbl, from its gridSpan, vMerge and (old) hMerge marks."""
    grid_element = tbl.find(f"{W}tblGrid")
    width = len(grid_element.findall(f"{W}gridCol")) if grid_element is not None else 0
    regions: list[_Region] = []
    open_at: dict[int, _Region] = {}
    rows = tbl.findall(f"{W}tr")
    for r, tr in enumerate(rows):
        row_properties = tr.find(f"{W}trPr")
        column = _int_attribute(
            row_properties.find(f"{W}gridBefore") if row_properties is not None else None, "val", 0
        )
        previous: _Region | None = None
        for tc in tr.iter(f"{W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{W}sdtContent":
                continue  # a cell of a table nested in this one
            properties = tc.find(f"{W}tcPr")
            span = max(
                1,
                _int_attribute(
                    properties.find(f"{W}gridSpan") if properties is not None else None, "val", 1
                ),
            )
            vmerge = properties.find(f"{W}vMerge") if properties is not None else None
            hmerge = properties.find(f"{W}hMerge") if properties is not None else None
            text = _text_of(tc)
            if hmerge is not None and hmerge.get(f"{W}val") != "restart" and previous is not None:
                previous.column_span += span
                previous.text += text
            elif (
                vmerge is not None
                and vmerge.get(f"{W}val") in (None, "continue")
                and column in open_at
            ):
                region = open_at[column]
                region.row_span = r - region.row + 1
                previous = region
            else:
                region = _Region(r, column, 1, span, text, _key(text))
                regions.append(region)
                for c in range(column, column + span):
                    open_at[c] = region
                previous = region
            column += span
        width = max(width, column)
    table = _DocTable(regions, width, len(rows))
    table.keys = {g.key for g in regions if g.key}
    return table


def _spec_keys(table: TableSpec) -> set[str]:
    keys: set[str] = set()
    for block in table.blocks:
        keys |= {_key(block.caption), _key(block.corner)}
        for node in _all_nodes(block.columns + block.rows):
            keys |= _node_keys(node)
    keys.discard("")
    return keys


def _all_nodes(nodes: Sequence[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _all_nodes(node.children)


def _leaf_paths(nodes: Sequence[Node], prefix: tuple[Node, ...] = ()) -> Iterator[tuple[Node, ...]]:
    for node in nodes:
        path = (*prefix, node)
        if node.is_leaf:
            yield path
        else:
            yield from _leaf_paths(node.children, path)


_KEYS_2019 = {_key(marker) for marker in FORMAT_2019_TABLE_2}


# --- the interpreter -------------------------------------------------------------------------


_SUB_HEADING = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.*)$", re.DOTALL)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CHINESE_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
}
_CHINESE_DATE = re.compile(
    r"([〇零○ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
    r"([一二三四五六七八九十]{1,3})日"
)
_PERIOD = re.compile(r"(\d{4})年1月1日(?:起)?至\1年12月31日")
_CONTACT = {
    "contact_office": re.compile(r"联系(?:单位|部门|科室|机构)?[:：]\s*([^，,；;。:：\n]+)"),
    "address": re.compile(r"(?:联系|通讯|办公)?地址[:：]\s*([^，,；;。\n]+)"),
    "phone": re.compile(
        r"(?:联系|咨询)?电话[:：]\s*([0-9０-９][0-9０-９\-－—（）() 、/]*[0-9０-９])"
    ),
}


def _chinese_number(text: str) -> int | None:
    """一 … 三十一 as a number (for month and day)."""
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
    if not text or any(ch not in digits and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return digits[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return value


def _parse_date(text: str) -> dt.date | None:
    """A paragraph that is only a date: 2025年1月7日, ２０２５年１月７日 or 二〇二五年一月七日."""
    key = _SPACE.sub("", text.translate(FULL_WIDTH_DIGITS))
    match = _DATE.fullmatch(key)
    try:
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = _CHINESE_DATE.fullmatch(key)
        if match:
            year = int("".join(str(_CHINESE_DIGITS[ch]) for ch in match[1]))
            month, day = _chinese_number(match[2]), _chinese_number(match[3])
            if month is not None and day is not None:
                return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def _looks_like_name(text: str) -> bool:
    return 0 < len(text) <= 40 and not re.search(r"[。；;，,：:]", text)


@dataclass
class _Cells:
    """What the reader noticed about one table's cells, for the notes."""

    blank: list[CellSpec] = field(default_factory=list)
    placeholder: list[tuple[CellSpec, str]] = field(default_factory=list)
    invalid: list[tuple[CellSpec, str, str]] = field(default_factory=list)
    missing_rows: list[str] = field(default_factory=list)
    unreadable_rows: list[str] = field(default_factory=list)


def _cell_name(cell: CellSpec) -> str:
    return f"{cell.row_label}·{cell.column_label}" if cell.row_label else cell.column_label


def _some(names: Sequence[str], limit: int = 5) -> str:
    shown = "、".join(f"“{n}”" for n in names[:limit])
    return shown + (f"等 {len(names)} 处" if len(names) > limit else "")


class _Interpreter:
    """Turns an opened document into a report and notes."""

    def __init__(self, document: Any, path: Path) -> None:
        self.document = document
        self.path = path
        self.format = CURRENT_FORMAT
        self.report = Report(format=self.format)
        self.notes: list[str] = []
        body = document.element.body
        self.paragraphs: list[str] = []
        self.sub_headings: set[int] = set()
        """Lines in our own sub-heading style: all heading, whatever punctuation they hold."""
        self.tables: list[_DocTable] = []
        for item in _body_items(body):
            if item.tag == f"{W}p":
                text = _clean(_text_of(item))
                style = item.find(f"{W}pPr/{W}pStyle")
                own_heading = style is not None and style.get(f"{W}val") == STYLE_HEADING2
                for line in text.split("\n"):
                    for piece in self._split_heading(_clean(line)):
                        if own_heading:
                            self.sub_headings.add(len(self.paragraphs))
                        self.paragraphs.append(piece)
            else:
                self.tables.append(_read_table(item))

    def _split_heading(self, line: str) -> list[str]:
        """A section heading run together with its first sentence (一、总体情况。2024年，…) as
        two lines; any other line as it is (nothing for an empty one)."""
        if not line:
            return []
        for section in self.format.sections:
            title = r"\s*".join(map(re.escape, section.title))
            match = re.fullmatch(
                rf"({section.number}\s*[、.,，．]\s*{title})\s*[。：:]\s*(.+)", line, re.DOTALL
            )
            if match:
                return [match[1], match[2]]
        return [line]

    def result(self) -> ReadResult:
        found = self._read_tables()
        if not found:
            raise FileProblem(
                f"“{self.path.name}”中没有找到年度报告的统计表（"
                + "、".join(t.name for t in self.format.tables)
                + "），不像是按官方格式填写的政府信息公开工作年度报告。"
                "如果表格是以图片形式插入的，请改用表格后再导入。"
            )
        self._read_text()
        self._read_style()
        return ReadResult(self.report, self.notes)

    # --- tables -------------------------------------------------------------------------------

    def _read_tables(self) -> int:
        specs = self.format.tables
        spec_keys = {spec.key: _spec_keys(spec) for spec in specs}
        assigned: dict[str, list[_DocTable]] = {spec.key: [] for spec in specs}
        for table in self.tables:
            best, best_score = None, 0.0
            for spec in specs:
                common = len(spec_keys[spec.key] & table.keys)
                score = common / len(spec_keys[spec.key])
                if common >= 3 and score > best_score:
                    best, best_score = spec, score
            if best is not None and best_score >= 0.15:
                assigned[best.key].append(table)
        found = 0
        for spec in specs:
            tables = assigned[spec.key]
            if not tables:
                self.notes.append(
                    f"没有找到{spec.name}（{self._section_of(spec).heading}）的表格，"
                    f"{spec.name}的数字都是空白。"
                )
                continue
            found += 1
            if any(t.keys & _KEYS_2019 for t in tables):
                markers = sorted(
                    {m for t in tables for m in FORMAT_2019_TABLE_2 if _key(m) in t.keys},
                    key=FORMAT_2019_TABLE_2.index,
                )
                self.notes.append(
                    f"{spec.name}是 2019 年版格式（有{_some(markers, 3)}等栏目），与 2021 年版"
                    f"（国办公开办函〔2021〕30号）的{spec.name}不同，其中的数字没有导入，"
                    f"请按 2021 年版重新填写{spec.name}。"
                )
                continue
            self._read_spec(spec, tables)
        return found

    def _section_of(self, spec: TableSpec) -> SectionSpec:
        return next(s for s in self.format.sections if s.table is spec)

    def _read_spec(self, spec: TableSpec, tables: list[_DocTable]) -> None:
        seen = _Cells()
        for block in spec.blocks:
            column_paths = list(_leaf_paths(block.columns))
            if block.label_columns == 0:
                for row in block.row_leaves:
                    self._read_unlabelled_row(spec, row, column_paths, tables, seen)
                continue
            for row_path in _leaf_paths(block.rows):
                self._read_labelled_row(spec, row_path, column_paths, tables, seen)
        self._table_notes(spec, seen)

    def _read_labelled_row(
        self,
        spec: TableSpec,
        row_path: tuple[Node, ...],
        column_paths: list[tuple[Node, ...]],
        tables: list[_DocTable],
        seen: _Cells,
    ) -> None:
        row = row_path[-1]
        keys = _node_keys(row)
        candidates = [(t, g) for t in tables for g in t.regions if g.key in keys]
        if len(candidates) > 1:
            # The same label under another group: keep the one inside its groups' regions.
            inside = [(t, g) for t, g in candidates if self._under(t, g, row_path[:-1])]
            candidates = inside or candidates
        if not candidates:
            parent = row_path[-2] if len(row_path) > 1 else None
            if parent is not None and self._collapsed(spec, parent, tables, seen):
                return
            seen.missing_rows.append(row.label)
            return
        table, label = candidates[0]
        values = [g for g in table.in_row(label.row) if g.column >= label.end]
        self._assign(spec, row, column_paths, table, label.row, values, seen)

    def _under(self, table: _DocTable, region: _Region, groups: tuple[Node, ...]) -> bool:
        for group in groups:
            keys = _node_keys(group)
            if not any(
                g.key in keys and g.covers_row(region.row) and g.column < region.column
                for g in table.regions
            ):
                return False
        return True

    def _collapsed(
        self, spec: TableSpec, group: Node, tables: list[_DocTable], seen: _Cells
    ) -> bool:
        """A group (（六）其他处理) written as one row with numbers, as in the 2019 format."""
        keys = _node_keys(group)
        for table in tables:
            for g in table.regions:
                if g.key not in keys or g.row_span != 1:
                    continue
                values = [v for v in table.in_row(g.row) if v.column >= g.end]
                if values and not any(_key(child.label) in table.keys for child in group.leaves()):
                    note = (
                        f"{spec.name}的“{group.label}”只有一行，这是 2019 年版格式；2021 年版把它"
                        f"分为 {len(list(group.leaves()))} 项。这一行的数字（"
                        + "、".join(_clean(v.text) or "空白" for v in values)
                        + "）没有导入，请按 2021 年版分项填写。"
                    )
                    if note not in self.notes:
                        self.notes.append(note)
                    return True
        return False

    def _read_unlabelled_row(
        self,
        spec: TableSpec,
        row: Node,
        column_paths: list[tuple[Node, ...]],
        tables: list[_DocTable],
        seen: _Cells,
    ) -> None:
        """表四's single row of numbers: the first row below the column labels."""
        for table in tables:
            ranges = self._column_ranges(table, column_paths, table.rows)
            header_bottom = max((g.row + g.row_span for g, _ in ranges.values()), default=0)
            if header_bottom >= table.rows:
                continue
            values = table.in_row(header_bottom)
            self._assign(spec, row, column_paths, table, header_bottom, values, seen)
            return
        seen.missing_rows.append(spec.name)

    def _column_ranges(
        self, table: _DocTable, column_paths: list[tuple[Node, ...]], below: int
    ) -> dict[str, tuple[_Region, tuple[int, int]]]:
        """Where each column leaf's label is, nearest above row ``below``, found through its
        path of group labels (表四's three 结果维持 are told apart by their groups)."""
        found: dict[str, tuple[_Region, tuple[int, int]]] = {}
        for path in column_paths:
            leaf = path[-1]
            keys = _node_keys(leaf)
            candidates = [g for g in table.regions if g.key in keys and g.row < below]
            fitting = [g for g in candidates if self._within_groups(table, g, path[:-1])]
            if fitting:
                best = max(fitting, key=lambda g: g.row)
                found[leaf.key] = (best, (best.column, best.end))
        return found

    def _within_groups(self, table: _DocTable, region: _Region, groups: tuple[Node, ...]) -> bool:
        for group in groups:
            keys = _node_keys(group)
            if not any(
                g.key in keys
                and g.row < region.row
                and g.column <= region.column
                and region.end <= g.end
                for g in table.regions
            ):
                return False
        return True

    def _assign(
        self,
        spec: TableSpec,
        row: Node,
        column_paths: list[tuple[Node, ...]],
        table: _DocTable,
        row_index: int,
        values: list[_Region],
        seen: _Cells,
    ) -> None:
        leaves = [path[-1] for path in column_paths]
        chosen: dict[str, _Region | None] = {}
        if len(values) == len(leaves):
            chosen = {leaf.key: region for leaf, region in zip(leaves, values, strict=True)}
        else:
            ranges = self._column_ranges(table, column_paths, row_index)
            for leaf in leaves:
                if leaf.key not in ranges:
                    continue
                start, end = ranges[leaf.key][1]
                overlapping = [(min(end, v.end) - max(start, v.column), v) for v in values]
                overlapping = [(o, v) for o, v in overlapping if o > 0]
                chosen[leaf.key] = max(overlapping, key=lambda o: o[0])[1] if overlapping else None
            if not any(chosen.values()):
                seen.unreadable_rows.append(row.label or spec.name)
                return
        for leaf in leaves:
            cell = spec.cell(row.key, leaf.key)
            region = chosen.get(leaf.key)
            if region is None:
                seen.blank.append(cell)
                continue
            self._value(cell, region.text, seen)

    def _value(self, cell: CellSpec, raw: str, seen: _Cells) -> None:
        text = " ".join(raw.split())
        try:
            value = parse_value(text, cell.kind)
        except InputError as error:
            if not re.search(r"[0-9０-９]", text):
                seen.placeholder.append((cell, text))
            else:
                seen.invalid.append((cell, text, error.reason))
            value = None
        else:
            if value is None:
                seen.blank.append(cell)
        if self.report.values[cell.id] is None:
            self.report.values[cell.id] = value

    def _table_notes(self, spec: TableSpec, seen: _Cells) -> None:
        name = spec.name
        if seen.missing_rows:
            self.notes.append(
                f"{name}中没有找到这些行：{_some(seen.missing_rows)}，它们的数字都是空白。"
            )
        if seen.unreadable_rows:
            self.notes.append(
                f"{name}中这些行的数字格与表头对不上，没有读取：{_some(seen.unreadable_rows)}。"
            )
        if seen.blank:
            self.notes.append(
                f"{name}有 {len(seen.blank)} 个单元格是空白，已保留为空白（空白不等于 0，"
                f"没有发生的事项应填 0）：{_some([_cell_name(c) for c in seen.blank])}。"
            )
        if seen.placeholder:
            shown = "、".join(f"“{t}”" for t in sorted({text for _, text in seen.placeholder}))
            self.notes.append(
                f"{name}有 {len(seen.placeholder)} 个单元格填的是{shown}"
                "，不是数字，已保留为空白（没有发生的事项应填 0）："
                f"{_some([_cell_name(c) for c, _ in seen.placeholder])}。"
            )
        for cell, text, reason in seen.invalid:
            self.notes.append(
                f"{name}“{_cell_name(cell)}”填的“{text}”无法读取：{reason}已保留为空白。"
            )

    # --- text ---------------------------------------------------------------------------------

    def _read_text(self) -> None:
        lines = self.paragraphs
        sections = self.format.sections
        marks: list[tuple[int, int]] = []  # (line index, section index)
        current = -1
        for i, line in enumerate(lines):
            matched = self._heading(line, current)
            if matched is not None:
                marks.append((i, matched))
                current = matched
        first = marks[0][0] if marks else len(lines)
        front = lines[:first]
        consumed = self._read_title(front)
        preamble = front[consumed:]
        segments: list[tuple[SectionSpec, int, int]] = []  # section, first line, end
        for n, (i, s) in enumerate(marks):
            end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
            segments.append((sections[s], i + 1, end))
        if segments:
            spec, start, end = segments[-1]
            segments[-1] = (spec, start, start + len(self._read_signature(lines[start:end])))
        else:
            preamble = self._read_signature(preamble)
        report = self.report
        report.preamble = "\n".join(preamble)
        for key, pattern in _CONTACT.items():
            match = pattern.search(report.preamble)
            if match:
                setattr(report, key, match[1].strip())
        if report.year is None:
            period = _PERIOD.search(report.preamble.translate(FULL_WIDTH_DIGITS))
            if period:
                report.year = int(period[1])
                self.notes.append(f"标题中没有年度，按前言中的统计期限取为 {report.year} 年。")
        found = {spec.key for spec, _, _ in segments}
        for spec, start, end in segments:
            report.sections[spec.key] = self._section_text(spec, start, end)
        missing = [s.heading for s in sections if s.key not in found]
        if missing:
            self.notes.append(f"没有找到这些部分的标题：{_some(missing, 6)}，它们的文字是空的。")
        if not report.agency:
            self.notes.append("没有找到机关名称（标题或落款中），请在“基本信息”中填写。")
        if report.year is None:
            self.notes.append("没有找到报告年度（标题中），请在“基本信息”中填写。")
        if report.report_date is None:
            self.notes.append("没有找到落款日期，请在“基本信息”中填写。")

    def _heading(self, line: str, after: int) -> int | None:
        """The index of the section whose heading ``line`` is (only sections after ``after``)."""
        key = _key(line).rstrip("。.")
        for index in range(after + 1, len(self.format.sections)):
            section = self.format.sections[index]
            title = _key(section.title)
            if len(key) > len(title) + 8:
                continue
            if key in (_key(section.heading), title):
                return index
            match = re.match(rf"{section.number}[、.,，]?(.*)$", key)
            if match is None:
                continue
            rest = match[1]
            if rest == title or (difflib.SequenceMatcher(None, rest, title).ratio() >= 0.8):
                return index
        return None

    def _read_title(self, front: list[str]) -> int:
        """Agency and year from the title (which may be split over lines); how many lines the
        title took."""
        pattern = self.format.title_pattern
        before, _, rest = pattern.partition("{agency}")
        _, _, tail = rest.partition("{year}")
        tail_key = _key(tail)
        best: tuple[float, int, int, re.Match[str]] | None = None
        for start in range(min(4, len(front))):
            for count in range(1, min(3, len(front) - start) + 1):
                text = _SPACE.sub("", "".join(front[start : start + count]))
                text = text.translate(FULL_WIDTH_DIGITS)
                match = re.fullmatch(rf"{re.escape(_key(before))}(.*?)(\d{{4}})(年度?)(.*)", text)
                if match is None:
                    continue
                rest_key = _key(match[3][:1] + match[4])
                ratio = difflib.SequenceMatcher(None, rest_key, tail_key).ratio()
                # The best match, then the shortest agency: a line before the title (a document
                # number …) is not part of the agency's name.
                score = ratio - len(match[1]) / 1000
                if ratio >= 0.8 and (best is None or score > best[0]):
                    best = (score, start, count, match)
        if best is not None:
            _, start, count, match = best
            self.report.agency = match[1].removeprefix("关于")
            self.report.year = int(match[2])
            if start:
                self.notes.append(f"标题之前的文字没有导入：{_some(front[:start], 3)}。")
            return start + count
        if front and len(front[0]) <= 60 and "。" not in front[0]:
            self.notes.append(f"标题“{front[0]}”中没有机关名称和年度。")
            return 1
        return 0

    def _read_signature(self, lines: list[str]) -> list[str]:
        """The 落款 at the end: the agency and the date.  Returns the lines before it."""
        for j in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
            line = lines[j]
            date = _parse_date(line)
            agency = ""
            start = j
            if date is not None:
                if (
                    j > 0
                    and _looks_like_name(lines[j - 1])
                    and _SUB_HEADING.match(lines[j - 1]) is None
                ):
                    agency, start = lines[j - 1], j - 1
            else:
                match = re.fullmatch(r"(.+?)\s+(\S+日)", line)
                if match and _looks_like_name(match[1]):
                    date = _parse_date(match[2])
                    agency = match[1]
            if date is None:
                continue
            self.report.report_date = date
            if agency:
                if not self.report.agency:
                    self.report.agency = agency
                elif _key(agency) != _key(self.report.agency):
                    self.notes.append(
                        f"标题中的机关名称“{self.report.agency}”与落款“{agency}”"
                        "不同，采用了标题中的名称。"
                    )
            after = lines[j + 1 :]
            if after:
                self.notes.append(f"落款之后的文字没有导入：{_some(after, 3)}。")
            return lines[:start]
        return lines

    def _section_text(self, spec: SectionSpec, start: int, end: int) -> SectionText:
        placeholder = _key(spec.placeholder) if spec.placeholder else None
        intro: list[str] = []
        parts: list[tuple[str, list[str]]] = []
        for index in range(start, end):
            line = self.paragraphs[index]
            if placeholder and _key(line) == placeholder:
                self.notes.append(f"“{spec.heading}”中仍是模板的占位文字“{line}”，没有导入。")
                continue
            match = _SUB_HEADING.match(line) if spec.has_parts else None
            if match is not None and index in self.sub_headings:
                parts.append((match[2].strip(), []))
            elif match is not None:
                rest = match[2]
                split = re.search(r"[。：:]", rest)
                if split and rest[split.end() :].strip():
                    parts.append((rest[: split.start()].strip(), [rest[split.end() :].strip()]))
                else:
                    parts.append((rest.rstrip("。：: ").strip(), []))
            elif parts:
                parts[-1][1].append(line)
            else:
                intro.append(line)
        return SectionText(
            "\n".join(intro), [TextPart(heading, "\n".join(text)) for heading, text in parts]
        )

    # --- our own house style ------------------------------------------------------------------

    def _read_style(self) -> None:
        """A document written here keeps its 版式 in its styles and page set-up: read it back."""
        styles = {
            s.get(f"{W}styleId"): s for s in self.document.styles.element.findall(f"{W}style")
        }
        if STYLE_BODY not in styles:
            return
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
                half_points = _int_attribute(size, "val", 0)
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
        line = _int_attribute(spacing, "line", 0)
        if line > 0:
            data["line_spacing"] = line / 20
        indent = body.find(f"{W}pPr/{W}ind")
        if indent is not None and indent.get(f"{W}firstLineChars") is not None:
            data["first_line_indent_chars"] = _int_attribute(indent, "firstLineChars", 0) / 100
        section = self.document.element.body.find(f"{W}sectPr")
        if section is not None:
            margins = section.find(f"{W}pgMar")
            for attribute, name in (
                ("top", "margin_top"),
                ("bottom", "margin_bottom"),
                ("left", "margin_left"),
                ("right", "margin_right"),
            ):
                twips = _int_attribute(margins, attribute, 0)
                if twips > 0:
                    data[name] = round(twips / TWIPS_PER_MM, 1)
            size = section.find(f"{W}pgSz")
            for attribute, name in (("w", "page_width"), ("h", "page_height")):
                twips = _int_attribute(size, attribute, 0)
                if twips > 0:
                    data[name] = round(twips / TWIPS_PER_MM, 1)
        default = DocumentStyle()
        changed: dict[str, Any] = {}
        for name, value in data.items():
            if getattr(default, name) == value:
                continue
            try:
                DocumentStyle.from_data({name: value})
            except ValueError as error:
                self.notes.append(f"文档的版式设置有一项没有读取：{error}。")
            else:
                changed[name] = value
        self.report.style = DocumentStyle.from_data(changed)
