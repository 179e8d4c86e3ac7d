"""The paragraphs and tables of a .docx as the reader sees them (from python-docx's lxml
elements): the visible text of a paragraph or cell, the body's items in order, a table as its
(merged) regions (``exporters.reading.cells``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from exporters.docx.wordml import W
from exporters.reading.cells import DocTable, Region, label_key

# --- text of the document's XML --------------------------------------------------------------

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


def _hidden(run: Any) -> bool:
    properties = run.find(f"{W}rPr")
    if properties is None:
        return False
    vanish = properties.find(f"{W}vanish")
    return vanish is not None and vanish.get(f"{W}val") not in ("0", "false", "off")


def text_of(element: Any) -> str:
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


def body_items(container: Any) -> Iterator[Any]:
    """Paragraphs and tables of the body in order, looking inside content controls."""
    for child in container:
        tag = child.tag
        if tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from body_items(content)
        elif tag in (f"{W}customXml", f"{W}smartTag"):
            yield from body_items(child)


def int_attribute(element: Any, name: str, default: int) -> int:
    if element is None:
        return default
    value = element.get(f"{W}{name}")
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def read_table(tbl: Any) -> DocTable:
    """The regions of a w:tbl, from its gridSpan, vMerge and (old) hMerge marks."""
    grid_element = tbl.find(f"{W}tblGrid")
    width = len(grid_element.findall(f"{W}gridCol")) if grid_element is not None else 0
    regions: list[Region] = []
    open_at: dict[int, Region] = {}
    rows = tbl.findall(f"{W}tr")
    for r, tr in enumerate(rows):
        row_properties = tr.find(f"{W}trPr")
        column = int_attribute(
            row_properties.find(f"{W}gridBefore") if row_properties is not None else None, "val", 0
        )
        previous: Region | None = None
        for tc in tr.iter(f"{W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{W}sdtContent":
                continue  # a cell of a table nested in this one
            properties = tc.find(f"{W}tcPr")
            span = max(
                1,
                int_attribute(
                    properties.find(f"{W}gridSpan") if properties is not None else None, "val", 1
                ),
            )
            vmerge = properties.find(f"{W}vMerge") if properties is not None else None
            hmerge = properties.find(f"{W}hMerge") if properties is not None else None
            text = text_of(tc)
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
                region = Region(r, column, 1, span, text, label_key(text))
                regions.append(region)
                for c in range(column, column + span):
                    open_at[c] = region
                previous = region
            column += span
        width = max(width, column)
    table = DocTable(regions, width, len(rows))
    table.keys = {g.key for g in regions if g.key}
    return table
