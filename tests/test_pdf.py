"""The printed report (PDF, preview, printer): read back as text and word positions."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest

from exporters.pdf import writer as pdf
from models import project_file
from tests import pdf_text
from tests.conftest import REPO, SAMPLE


@pytest.fixture(scope="module")
def sample():
    return project_file.load(SAMPLE)


def text_of(path: Path) -> str:
    return pdf_text.text(path)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words_of(path: Path) -> list[dict[str, object]]:
    """Every word with its page, box, height and page size, as pdftotext -bbox gives them
    (tests/pdf_text.py)."""
    return [
        {
            "page": word.page,
            "text": word.text,
            "xMin": word.x_min,
            "xMax": word.x_max,
            "yMin": word.y_min,
            # The font's line box: 16 pt body ≈ 23 pt (digits in Times New Roman or its
            # stand-in ≈ 19 pt), 五号 table text ≈ 15 pt.
            "height": word.height,
            "width": word.page_width,
        }
        for word in pdf_text.words(path)
    ]


def label_drawn(words: list[dict[str, object]], label: str) -> bool:
    """Whether ``label`` is drawn somewhere, possibly wrapped over several lines of a cell: a
    word that starts it, then each next piece on a line below, aligned left or centred."""

    def centre(word: dict[str, object]) -> float:
        return (float(word["xMin"]) + float(word["xMax"])) / 2  # type: ignore[arg-type]

    def follow(word: dict[str, object], rest: str) -> bool:
        if not rest:
            return True
        below = [
            w
            for w in words
            if w["page"] == word["page"]
            and 0 < float(w["yMin"]) - float(word["yMin"]) < 30  # type: ignore[arg-type]
            and (
                abs(float(w["xMin"]) - float(word["xMin"])) < 3  # type: ignore[arg-type]
                or abs(centre(w) - centre(word)) < 4
            )
        ]
        return any(
            rest.startswith(str(w["text"])) and w["text"] and follow(w, rest[len(str(w["text"])) :])
            for w in below
        )

    return any(
        str(w["text"])
        and label.startswith(str(w["text"]))
        and follow(w, label[len(str(w["text"])) :])
        for w in words
    )


@pytest.fixture(scope="module")
def draft_pdf(tmp_path_factory: pytest.TempPathFactory, sample) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "草稿.pdf"
    pdf.write(sample, path, draft=True)
    return path


@pytest.fixture(scope="module")
def final_pdf(tmp_path_factory: pytest.TempPathFactory, sample) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "正式.pdf"
    pdf.write(sample, path, draft=False)
    return path


def page_count(path: Path) -> int:
    return pdf_text.page_count(path)


def test_the_sample_reads_like_the_report(final_pdf: Path, sample) -> None:
    assert 4 <= page_count(final_pdf) <= 14
    text = squeeze(text_of(final_pdf))
    assert sample.title in text
    for section in sample.format.sections:
        assert squeeze(section.heading) in text
    # Every label of every table, as the official grid has it (narrow cells wrap).
    words = words_of(final_pdf)
    for table in sample.format.tables:
        for cell in table.grid_cells:
            if cell.text:
                assert label_drawn(words, squeeze(cell.text)), (table.name, cell.text)
    # The sample's figures and its 落款.
    for figure in ("107345", "240.9199"):
        assert figure in text
    assert "2025年1月7日" in text
    assert squeeze("（一）政府信息主动公开情况") in text


def test_drafts_carry_the_watermark_and_print_time_finals_do_not(
    draft_pdf: Path, final_pdf: Path
) -> None:
    draft = text_of(draft_pdf)
    assert "草稿" in squeeze(draft)
    assert "打印时间" in squeeze(draft)
    assert "草稿" not in squeeze(text_of(final_pdf))


def test_page_numbers_odd_right_even_left(final_pdf: Path) -> None:
    words = words_of(final_pdf)
    pages = page_count(final_pdf)
    assert pages >= 2
    for number in range(1, pages + 1):
        mine = [w for w in words if w["page"] == number and w["text"] == str(number)]
        # The number stands between dashes at the foot: "— N —".
        foot = max(mine, key=lambda w: w["yMin"])  # type: ignore[arg-type, return-value]
        middle = float(foot["width"]) / 2  # type: ignore[arg-type]
        if number % 2:
            assert float(foot["xMin"]) > middle, number  # type: ignore[arg-type]
        else:
            assert float(foot["xMax"]) < middle, number  # type: ignore[arg-type]
    assert "—1—" in squeeze(text_of(final_pdf))


def test_nothing_crosses_the_right_margin(final_pdf: Path, sample) -> None:
    style = sample.style
    words = words_of(final_pdf)
    width = float(cast(float, words[0]["width"]))  # points
    right_edge = width - style.margin_right / 25.4 * 72 + 2  # a hair for rounding
    over = [w for w in words if float(w["xMax"]) > right_edge]  # type: ignore[arg-type]
    # A closing mark that would start a line hangs in the margin instead, as Word and WPS set
    # it (允许标点溢出边界, on by default), so both wrap the same characters: one mark at most.
    hanging = [
        w
        for w in over
        if str(w["text"])[-1] in "，。、；：？！"
        and float(w["xMax"]) <= right_edge + style.body_size  # type: ignore[arg-type]
    ]
    assert [w for w in over if w not in hanging] == []
    # The widest table's last column header is there, inside the page.
    last = sample.format.table_by_key["t4"].grid_cells[-1]
    assert last.cell is not None and last.cell.column_label.endswith("总计")


def test_chosen_sections_and_findings_list(tmp_path: Path, sample) -> None:
    broken = sample.copy()
    broken.values["t3.new.natural"] = 9
    options = pdf.PrintOptions(draft=True, sections={"requests"}, include_findings=True)
    path = tmp_path / "部分.pdf"
    pdf.write_with(broken, path, options)
    text = squeeze(text_of(path))
    assert squeeze("三、收到和处理政府信息公开申请情况") in text
    assert "一、总体情况" not in text and "五、存在的主要问题及改进情况" not in text
    assert "问题清单" in text and "本年新收9" in text


def test_pdf_uses_embedded_chinese_fonts(final_pdf: Path) -> None:
    fonts = pdf_text.fonts_embedded(final_pdf)
    assert any("CJK" in name for name in fonts)
    assert fonts and all(fonts.values()), fonts  # every font embedded


def test_command_line_pdf_export(tmp_path: Path, sample) -> None:
    out = tmp_path / "out.pdf"
    env = {**os.environ}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "main.py", "export", str(SAMPLE), "-o", str(out), "--draft"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "草稿" in squeeze(text_of(out))
    broken = sample.copy()
    broken.values["t3.new.natural"] = 9
    broken_path = tmp_path / "有错.gknb"
    project_file.save(broken, broken_path)
    refused = subprocess.run(
        [sys.executable, "main.py", "export", str(broken_path), "-o", str(tmp_path / "正式.pdf")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1
    assert "不能导出正式版" in refused.stderr and "表三「自然人」列" in refused.stderr
    assert not (tmp_path / "正式.pdf").exists()


def test_an_amount_to_the_fen_is_printed_as_typed_on_one_line(tmp_path: Path, sample) -> None:
    """Six places (平潭 2023 prints 5949.088667 万元) and trailing zeros, as the clerk wrote them,
    never rounded, not broken over two lines of the cell; read back by the PDF reader."""
    from decimal import Decimal

    from exporters import read_report

    for fee in ("123456.088667", "1.50"):
        report = sample.copy()
        report.values["t2.fees.amount"] = Decimal(fee)
        path = tmp_path / f"{fee}.pdf"
        pdf.write(report, path, draft=False)
        assert fee in text_of(path).split()  # one word: on one line, whole
        assert str(read_report(path).report.values["t2.fees.amount"]) == fee


def test_the_text_layer_reads_as_written(final_pdf: Path) -> None:
    """Copying or searching the PDF gives the characters of the report, not radicals that share
    their glyphs in the font (⼝ for 口, ⻔ for 门)."""
    text = text_of(final_pdf)
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]
    assert "硚口区" in text and "中华人民共和国" in text and "门户网站" in squeeze(text)


def test_repairing_the_text_layer_keeps_every_offset() -> None:
    cmap = (
        b"begincmap\n2 beginbfrange\n<0000> <0000> <0000>\n<0001> <0003> [<785A> <2F1D> "
        b"<2ED4>]\nendbfrange\n1 beginbfchar\n<0009> <2EA0>\nendbfchar\n"
        b"1 beginbfrange\n<0010> <0012> <2F00>\nendbfrange\nendcmap"
    )
    pdf_data = b"%PDF-1.4\n" + cmap + b"\n<2F1D> outside a cmap"
    twins = {0x2F1D: ord("口"), 0x2ED4: ord("门"), 0x2EA0: ord("民"), 0x2F00: ord("一")}
    repaired = pdf.repair_text_layer(pdf_data, twins.get)
    assert len(repaired) == len(pdf_data)
    assert b"[<785A> <53E3> <95E8>]" in repaired  # 口, 门
    assert b"<0009> <6C11>" in repaired  # 民
    assert b"<0010> <0012> <2F00>" in repaired  # a range start is not one glyph: left alone
    assert repaired.endswith(b"<2F1D> outside a cmap")


def test_glyph_twins_name_the_drawn_character(sample) -> None:
    pdf.ensure_gui_application()
    twins = pdf.GlyphTwins(set("硚口区门户人民"), {sample.style.body_font})
    assert twins(ord("口")) is None  # drawn as itself
    if not twins.fonts:
        pytest.skip("no Chinese font installed")
    raw, _ = twins.fonts[0]
    shared = 0
    for radical, character in (("⼝", "口"), ("⼈", "人"), ("⻔", "门"), ("戶", "户")):
        same = raw.glyphIndexesForString(radical) == raw.glyphIndexesForString(character)
        shared += same
        assert twins(ord(radical)) == (ord(character) if same else None)
    assert shared or sys.platform == "win32"  # Noto CJK (Linux) shares these glyphs


def test_rendering_does_not_leak_references_to_none(sample) -> None:
    """PySide6 6.12.0's bindings dropped a reference to None on every call, which crashes
    Python 3.11 at exit; the pin in pyproject.toml keeps that release out.  (The layout measures
    with QFontMetricsF now, no longer a QTextCursor.)"""
    pdf.ensure_gui_application()
    pdf.lay_out(sample, pdf.PrintOptions())  # the first fills caches
    gc.collect()  # garbage of earlier tests freed now, not counted as a leak
    before = sys.getrefcount(None)
    for _ in range(5):
        pdf.lay_out(sample, pdf.PrintOptions())
    gc.collect()
    assert sys.getrefcount(None) >= before - 50
