"""The .docx package of a report: the zip and its parts (relationships, content types,
settings, properties), the styles and font table in the house style of
``models.document.style.DocumentStyle``, the footers with the page number and the draft watermark's
headers.  The body is ``body.document_xml``."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from exporters.docx.body import document_xml
from exporters.docx.wordml import (
    CT_WORD,
    NS_O,
    NS_R,
    NS_REL,
    NS_V,
    NS_W,
    REL_OFFICE,
    STYLE_BODY,
    STYLE_HEADER,
    STYLE_HEADING1,
    STYLE_HEADING2,
    STYLE_PAGE_NUMBER,
    STYLE_SIGNATURE,
    STYLE_TABLE,
    STYLE_TITLE,
    XML_HEAD,
    esc,
    font_xml,
    half_points,
    qa,
)
from models.app import APP_NAME, VERSION
from models.document.layout import LATIN_FONT, PAGE_NUMBER_LINE, table_line, text_grid
from models.document.style import DocumentStyle, fallbacks
from models.document.text import title_text
from models.files import atomic_write
from models.report import Report

WATERMARK = "草稿"

# --- the package -----------------------------------------------------------------------------


def write(report: Report, path: Path, *, draft: bool, script_gap: float = 0.0) -> None:
    """Write ``report`` as a .docx to ``path`` atomically; FileProblem (Chinese) on failure.
    ``script_gap``: see ``body.document_xml`` (the tests lay it out for LibreOffice)."""
    atomic_write(Path(path), build(report, draft=draft, script_gap=script_gap))


def build(report: Report, *, draft: bool, script_gap: float = 0.0) -> bytes:
    """The bytes of the .docx file of ``report``."""
    style = report.style
    parts: dict[str, str] = {
        "word/document.xml": document_xml(report, draft=draft, script_gap=script_gap),
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


def _relationships(items: Iterable[tuple[str, str, str]]) -> str:
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items
    )
    return f'{XML_HEAD}<Relationships xmlns="{NS_REL}">{rels}</Relationships>'


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
        f"{XML_HEAD}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )


_SETTINGS_XML = (
    f'{XML_HEAD}<w:settings xmlns:w="{NS_W}">'
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
    f"{XML_HEAD}"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>{esc(APP_NAME)}</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _core_xml(report: Report, *, draft: bool) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    kind = "草稿" if draft else "正式版"
    return (
        f"{XML_HEAD}"
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(title_text(report))}</dc:title>"
        f"<dc:creator>{esc(report.agency)}</dc:creator>"
        f"<dc:description>{esc(f'{APP_NAME} {VERSION} 导出（{kind}）')}</dc:description>"
        f"<cp:lastModifiedBy>{esc(report.agency)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


# --- styles and fonts ------------------------------------------------------------------------


def _run_properties(font: str, size: float, latin: str | None, spacing: float = 0) -> str:
    sz = half_points(size)
    condensed = f'<w:spacing w:val="{round(spacing * 20)}"/>' if spacing else ""
    return (
        f'<w:rPr>{font_xml(font, latin)}{condensed}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>'
        "</w:rPr>"
    )


def _paragraph_style(
    style_id: str,
    name: str,
    *,
    based_on: str = "Normal",
    following: str = "",
    properties: str = "",
    font: str,
    size: float,
    latin: str | None = LATIN_FONT,
    spacing: float = 0,
) -> str:
    """A paragraph style; ``font`` for East Asian text, ``latin`` for digits and Latin letters
    (None: ``font`` too).  The styles carry the fonts: the runs name none."""
    next_ = f'<w:next w:val="{following}"/>' if following else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val={qa(name)}/><w:basedOn w:val="{based_on}"/>{next_}<w:qFormat/>'
        f"<w:pPr>{properties}</w:pPr>{_run_properties(font, size, latin, spacing)}</w:style>"
    )


def _exact_spacing(points: float) -> str:
    return f'<w:spacing w:before="0" w:after="0" w:line="{round(points * 20)}" w:lineRule="exact"/>'


_NORMAL_PARAGRAPH = (
    '<w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
    '<w:jc w:val="both"/>'
)


def _styles_xml(style: DocumentStyle) -> str:
    body, size = style.body_font, style.body_size
    indent_chars = round(style.first_line_indent_chars * 100)
    lines = text_grid(style)
    # A character of the indent is what a body character advances (condensed to the grid).
    indent = round(style.first_line_indent_chars * lines.advance * 20)
    single = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    # Off the line and character grid: the title (its own size and spacing), the tables and
    # the page number.
    off_grid = '<w:snapToGrid w:val="0"/>'
    styles = [
        # No automatic space between Chinese and digits or Latin (2024年1月1日 without gaps).
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"<w:qFormat/><w:pPr>{_NORMAL_PARAGRAPH}</w:pPr>"
        f"{_run_properties(body, size, LATIN_FONT)}</w:style>",
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
            properties=(
                f'{off_grid}{_exact_spacing(style.line_spacing)}<w:ind w:firstLine="0"/>'
                '<w:jc w:val="center"/>'
            ),
            font=style.title_font,
            size=style.title_size,
            latin=None,
        ),
        _paragraph_style(
            STYLE_BODY,
            "年报正文",
            properties=(
                f"{_exact_spacing(style.line_spacing)}"
                f'<w:ind w:firstLineChars="{indent_chars}" w:firstLine="{indent}"/>'
                '<w:jc w:val="both"/>'
            ),
            font=body,
            size=size,
            spacing=lines.char_spacing,
        ),
        _paragraph_style(
            STYLE_HEADING1,
            "年报一级标题",
            based_on=STYLE_BODY,
            following=STYLE_BODY,
            properties='<w:keepNext/><w:keepLines/><w:outlineLvl w:val="0"/>',
            font=style.heading1_font,
            size=size,
            spacing=lines.char_spacing,
        ),
        _paragraph_style(
            STYLE_HEADING2,
            "年报二级标题",
            based_on=STYLE_BODY,
            following=STYLE_BODY,
            properties='<w:keepNext/><w:keepLines/><w:outlineLvl w:val="1"/>',
            font=style.heading2_font,
            size=size,
            spacing=lines.char_spacing,
        ),
        _paragraph_style(
            STYLE_SIGNATURE,
            "年报落款",
            based_on=STYLE_BODY,
            properties='<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>',
            font=body,
            size=size,
            spacing=lines.char_spacing,
        ),
        _paragraph_style(
            STYLE_TABLE,
            "年报表格文字",
            properties=(
                f"{off_grid}{_exact_spacing(table_line(style.table_size))}"
                '<w:ind w:firstLine="0"/><w:jc w:val="center"/>'
            ),
            font=style.table_font,
            size=style.table_size,
        ),
        _paragraph_style(
            STYLE_PAGE_NUMBER,
            "年报页码",
            properties=(
                f"{off_grid}{_exact_spacing(style.page_number_size * PAGE_NUMBER_LINE)}"
                '<w:ind w:firstLine="0"/>'
            ),
            font=style.page_number_font,
            size=style.page_number_size,
            latin=None,
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
        f"<w:docDefaults><w:rPrDefault><w:rPr>{font_xml(body, LATIN_FONT)}"
        f'<w:sz w:val="{half_points(size)}"/><w:szCs w:val="{half_points(size)}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{_NORMAL_PARAGRAPH}</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return f'{XML_HEAD}<w:styles xmlns:w="{NS_W}">{defaults}{"".join(styles)}</w:styles>'


def _font_table_xml(style: DocumentStyle) -> str:
    """Each font with a fallback (w:altName) and the GB2312 character set (86), so Word and WPS
    substitute a Chinese font of the same kind where the named one is not installed."""
    entries = []
    for font in style.fonts:
        # 方正 fonts are bought separately; name a fallback that comes with Windows or Office.
        usable = [f for f in fallbacks(font) if not f.startswith("方正")]
        alt = f"<w:altName w:val={qa(usable[0])}/>" if usable else ""
        entries.append(
            f'<w:font w:name={qa(font)}>{alt}<w:charset w:val="86"/>'
            '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        )
    return f'{XML_HEAD}<w:fonts xmlns:w="{NS_W}">{"".join(entries)}</w:fonts>'


# --- header (watermark) and footer (page number) ---------------------------------------------


def _footer_xml(style: DocumentStyle, *, odd: bool) -> str:
    """ "— N —" in the page-number style: odd pages right, even pages left, one character in
    (GB/T 9704 7.5); the footer distance (``models.document.layout.footer_distance_mm``) puts its
    line 7 mm below the text block."""
    one_char = round(style.page_number_size * 20)
    indent = f'<w:ind w:right="{one_char}"/>' if odd else f'<w:ind w:left="{one_char}"/>'
    align = '<w:jc w:val="right"/>' if odd else '<w:jc w:val="left"/>'
    field = (
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> —</w:t></w:r>'
    )
    paragraph = (
        f'<w:p><w:pPr><w:pStyle w:val="{STYLE_PAGE_NUMBER}"/>{indent}{align}</w:pPr>{field}</w:p>'
    )
    return f'{XML_HEAD}<w:ftr xmlns:w="{NS_W}" xmlns:r="{NS_R}">{paragraph}</w:ftr>'


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
        f'<v:textpath style="font-family:&quot;{esc(style.heading1_font)}&quot;;font-size:1pt" '
        f'string="{WATERMARK}"/></v:shape>'
    )
    paragraph = (
        f'<w:p><w:pPr><w:pStyle w:val="{STYLE_HEADER}"/></w:pPr>'
        f"<w:r><w:rPr><w:noProof/></w:rPr><w:pict>{_TEXT_SHAPE_TYPE}{shape}</w:pict></w:r></w:p>"
    )
    return (
        f'{XML_HEAD}<w:hdr xmlns:w="{NS_W}" xmlns:r="{NS_R}" xmlns:v="{NS_V}" '
        f'xmlns:o="{NS_O}">{paragraph}</w:hdr>'
    )
