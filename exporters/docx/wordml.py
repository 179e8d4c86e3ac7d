"""What the .docx writer and reader share: WordprocessingML namespaces, the style ids of the
document's own paragraph styles, units, and the small XML builders (escaped text, fonts set for
East Asian text, runs and paragraphs)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

# --- units and names ---------------------------------------------------------------------

TWIPS_PER_MM = 1440 / 25.4
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_V = "urn:schemas-microsoft-com:vml"
NS_O = "urn:schemas-microsoft-com:office:office"
REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"
W = f"{{{NS_W}}}"
"""The WordprocessingML namespace as an ElementTree tag prefix (for reading)."""
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

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


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def half_points(pt: float) -> int:
    return round(pt * 2)


# --- XML text --------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """Text for an XML element: escaped, without the characters XML 1.0 cannot hold."""
    return escape(_NOT_XML.sub("", text))


def qa(text: str) -> str:
    """A quoted XML attribute value."""
    return quoteattr(_NOT_XML.sub("", text))


def font_xml(font: str, latin: str | None = None) -> str:
    """rFonts naming ``font`` for East Asian text (w:hint) and ``latin`` (default: ``font``) for
    digits and Latin letters, as WPS writes it."""
    name = qa(font)
    other = qa(latin or font)
    return (
        f"<w:rFonts w:ascii={other} w:hAnsi={other} w:eastAsia={name} w:cs={other} "
        'w:hint="eastAsia"/>'
    )


def run_xml(text: str, properties: str = "") -> str:
    """One run of ``text`` in its paragraph style's fonts (the styles carry them, so a clerk's
    change of a style's font reaches every paragraph): line breaks become w:br, tabs w:tab.
    ``properties``: rPr children of this run alone (a number set smaller to fit its cell)."""
    pieces: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{esc(chunk)}</w:t>')
    own = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f"<w:r>{own}{''.join(pieces)}</w:r>"


def paragraph_xml(
    style_id: str,
    text: str,
    properties: str = "",
    *,
    keep_next: bool = False,
    keep_lines: bool = False,
    run_properties: str = "",
) -> str:
    """A paragraph of ``style_id``; ``properties`` are further pPr children in schema order
    (spacing, ind, jc); ``keep_next`` keeps it on the page of the next paragraph, ``keep_lines``
    keeps its lines on one page; ``run_properties`` as for ``run_xml``."""
    runs = run_xml(text, run_properties) if text else ""
    keep = ("<w:keepNext/>" if keep_next else "") + ("<w:keepLines/>" if keep_lines else "")
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{keep}{properties}</w:pPr>{runs}</w:p>'
