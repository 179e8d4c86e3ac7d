"""复制为网页: what the clipboard carries, pasted as a CMS editor takes it, still holds the report.

A CMS editor (UEditor, KindEditor, TRS's and Hanweb's) is a contenteditable element in a browser;
what it keeps of a paste is what the browser's editing keeps.  The tests model it in headless
Chromium: a page with a contenteditable element into which a script inserts the clipboard's
fragment with ``document.execCommand('insertHTML', …)`` — the browser's own paste path, which
drops what an editor drops (<style>, the document around the fragment) — and the DOM the browser
ends with is read back with our own web-page reader and compared cell for cell.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from lxml import html as lxml_html  # type: ignore[import-untyped]

from exporters import read_report
from exporters.html import fragment
from exporters.html.page import read_page
from exporters.reading.cells import table_keys
from models import project_file
from models.report import Report
from models.values import grid_text
from tests import chromium
from tests.conftest import SAMPLE
from tests.test_pdf_reader import differences


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


def pasted(clip_html: str) -> str:
    """The fragment a browser takes from the clipboard's HTML: what lies between the markers."""
    start = clip_html.index(fragment.START) + len(fragment.START)
    return clip_html[start : clip_html.index(fragment.END)]


def editor_page(fragments: list[str]) -> str:
    """A page with one contenteditable editor per fragment and the script that pastes each into
    its editor, then removes itself and the fragments' templates (what is left is the editors'
    DOM alone)."""
    editors = "".join(
        f'<div class="editor" contenteditable="true"></div><template>{f}</template>'
        for f in fragments
    )
    script = (
        "for (const editor of document.querySelectorAll('.editor')) {"
        "  const clip = editor.nextElementSibling;"
        "  editor.focus();"
        "  document.execCommand('insertHTML', false, clip.innerHTML);"
        "  clip.remove();"
        "}"
        "document.currentScript.remove();"
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>编辑器</title>'
        f"</head><body>{editors}<script>{script}</script></body></html>"
    )


def paste(tmp_path: Path, fragments: list[str]) -> Path:
    """The editors' DOM after the paste, saved as a page."""
    browser = chromium.needed()
    page = tmp_path / "editor.html"
    page.write_text(editor_page(fragments), encoding="utf-8")
    dom = chromium.dump_dom(browser, page)
    assert "<template" not in dom and "execCommand" not in dom
    out = tmp_path / "pasted.html"
    out.write_text(dom, encoding="utf-8")
    return out


def test_the_clipboard_holds_html_and_plain_text(sample: Report) -> None:
    clip = fragment.whole_report(sample, draft=False)
    assert clip.html.count(fragment.START) == 1 and clip.html.count(fragment.END) == 1
    assert "<style" not in clip.html and "<script" not in clip.html and "class=" not in clip.html
    assert 'style="border-collapse:collapse' in clip.html
    text = clip.text.splitlines()
    assert text[0] == "硚口区行政审批局2024年政府信息公开工作年度报告"
    assert "一、总体情况" in text
    # 表三's rows as tab-separated cells: a label, then its seven numbers.
    row = next(line for line in text if line.startswith("一、本年新收政府信息公开申请数量"))
    t3 = sample.format.table_by_key["t3"]
    numbers = [str(sample.values[c.id]) for c in t3.cells if c.row.key == "new"]
    assert row.split("\t") == [t3.row_by_key["new"].label, "", "", *numbers]
    draft = fragment.whole_report(sample, draft=True)
    assert fragment.DRAFT_NOTE in draft.text and html.escape(fragment.DRAFT_NOTE) in draft.html


def test_the_whole_report_pasted_into_an_editor_reads_back(sample: Report, tmp_path: Path) -> None:
    clip = fragment.whole_report(sample, draft=False)
    page = paste(tmp_path, [pasted(clip.html)])
    result = read_report(page)
    assert differences(sample, result.report) == []
    assert result.notes == []
    root = lxml_html.parse(str(page)).getroot()
    editor = root.find(".//div[@class='editor']")
    assert [h.text_content() for h in editor.findall("h2")] == [
        s.heading for s in sample.format.sections
    ]
    # The editor kept the rules on every cell and the headers' markup.
    for table in editor.findall(".//table"):
        assert "border" in table.get("style", "")
        assert table.find("caption") is not None
        for cell in table.iter("td", "th"):
            assert "border:1pxsolid" in "".join(cell.get("style", "").split())
        assert all(th.get("scope") for th in table.iter("th"))
    shaded = [c for c in editor.iter("th") if "第二十条" in c.text_content()]
    assert len(shaded) == 4
    assert all("background" in c.get("style", "") for c in shaded)


def test_each_table_pasted_alone_reads_back_cell_for_cell(sample: Report, tmp_path: Path) -> None:
    tables = sample.format.tables
    clips = [fragment.one_table(sample, table, draft=False) for table in tables]
    page = paste(tmp_path, [pasted(clip.html) for clip in clips])
    root = lxml_html.parse(str(page)).getroot()
    read = read_page(root, [table_keys(t) for t in tables]).tables
    assert len(read) == len(tables)
    for (_, doc_table), table in zip(read, tables, strict=True):
        got = [(g.row, g.column, g.row_span, g.column_span, g.text) for g in doc_table.regions]
        want = [
            (g.row, g.column, g.row_span, g.column_span, grid_text(g, sample.values))
            for g in table.grid_cells
        ]
        assert got == want
