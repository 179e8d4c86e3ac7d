"""The PDF's pages measured as a reader sees them: the rendered pixels for the ruled grid of the
tables, the words and their boxes (as pdftotext -bbox gives them: tests/pdf_text.py) for the
grid of lines, the title, numbers that never wrap and a text layer with every line once."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from exporters.pdf import writer as pdf
from models import project_file
from models.document.text import title_lines
from models.report import Report
from tests import pdf_text
from tests.conftest import REPO, SAMPLE
from tests.test_pdf import words_of

PT = 72 / 25.4
DPI = 150


@pytest.fixture(scope="module")
def sample() -> Report:
    return project_file.load(SAMPLE)


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory, sample: Report) -> Path:
    path = tmp_path_factory.mktemp("layout") / "样例.pdf"
    pdf.write(sample, path, draft=False)
    return path


DARK = bytes(1 if v < 200 else 0 for v in range(256))


def long_runs(line: bytes, length: int) -> int:
    """How many runs of at least ``length`` dark pixels ``line`` has."""
    marks = line.translate(DARK)
    return len(re.findall(rb"\x01{%d,}" % length, marks))


def grid_of(path: Path, page: int) -> tuple[int, int]:
    """Pixel rows holding a dark run over half the text width, and pixel columns holding a
    vertical dark run of at least 15 mm: the rules of a table."""
    width, height, pixels = pdf_text.grey_page(path, page, DPI)
    text_width = int(156 / 25.4 * DPI)
    rows = sum(
        1 for y in range(height) if long_runs(pixels[y * width : (y + 1) * width], text_width // 2)
    )
    run = int(15 / 25.4 * DPI)
    columns = sum(1 for x in range(width) if long_runs(pixels[x::width], run))
    return rows, columns


def test_table_pages_show_the_ruled_grid(sample_pdf: Path) -> None:
    words = words_of(sample_pdf)
    pages = {
        int(w["page"])  # type: ignore[call-overload]
        for w in words
        if w["text"] in ("信息内容", "申请人情况", "行政复议")
    }
    assert len(pages) >= 2
    for page in sorted(pages):
        rows, columns = grid_of(sample_pdf, page)
        # Each horizontal rule is 1-3 pixels thick at 100 dpi; a table has many.
        assert rows >= 6, (page, rows)
        assert columns >= 6, (page, columns)
    # A page of text alone has no rule.
    first_rows, first_columns = grid_of(sample_pdf, 1)
    assert (first_rows, first_columns) == (0, 0)


def test_the_page_numbers_line_is_7_mm_below_the_text_block(
    sample_pdf: Path, sample: Report
) -> None:
    """GB/T 9704 7.5: the 一字线 of — N — (found as the rows below the text block with the
    longest dark runs) lies 7 mm below the text block, its place taken from the dash's own
    outline (Qt's tight box of a Chinese font's dash reached down to the baseline: 6.4 mm)."""
    from models.document.layout import PAGE_NUMBER_GAP_MM
    from tests.test_docx_render import block, longest_runs

    dpi = 300
    width, height, pixels = pdf_text.grey_page(sample_pdf, 2, dpi)
    bottom = round(block(sample)[3] / 72 * dpi)
    rows, _ = longest_runs(width, height, pixels[bottom * width :])
    dash = [y for y, run in enumerate(rows) if run >= max(rows) * 0.8]
    middle_mm = (dash[0] + dash[-1]) / 2 / dpi * 25.4
    assert middle_mm == pytest.approx(PAGE_NUMBER_GAP_MM, abs=0.2)


def body_lines(words: list[dict[str, object]]) -> list[dict[str, object]]:
    """Words in the body size (each body line is one word: Chinese has no spaces)."""
    return [w for w in words if 17 < float(w["height"]) < 26]  # type: ignore[arg-type]


def test_the_text_layer_has_every_line_once(sample_pdf: Path) -> None:
    lines = [str(w["text"]) for w in body_lines(words_of(sample_pdf))]
    assert len(lines) > 100
    repeated = [text for text, n in Counter(lines).items() if n > 1 and len(text) > 4]
    assert repeated == []
    # The dashes of the page number "— N —" are there as typed (U+2014).
    assert "—" in {str(w["text"]) for w in words_of(sample_pdf)}


def test_title_lines_are_whole(sample_pdf: Path, sample: Report) -> None:
    words = words_of(sample_pdf)
    title = [str(w["text"]) for w in words if w["page"] == 1 and float(w["height"]) > 28]  # type: ignore[arg-type]
    assert title == title_lines(sample) == ["硚口区行政审批局", "2024年政府信息公开工作年度报告"]


def test_full_body_lines_hold_28_characters(sample_pdf: Path, sample: Report) -> None:
    style = sample.style
    left = style.margin_left * PT
    right = (style.page_width - style.margin_right) * PT
    full = [
        str(w["text"])
        for w in body_lines(words_of(sample_pdf))
        if abs(float(w["xMin"]) - left) < 1  # type: ignore[arg-type]
        and float(w["xMax"]) > right - 2  # type: ignore[arg-type]
        and all(ord(c) > 0x2E80 for c in str(w["text"]))
    ]
    assert len(full) >= 20
    # 29 with a closing mark hung in the margin; 27 when the 28th character had to go down with
    # the marks after it that may not start a line (案》，): Word does the same.
    exact = [
        text
        for text in full
        if len(text) == 28 or (len(text) == 29 and text[-1] in "，。、；：？！")
    ]
    assert all(len(text) <= 29 for text in full)
    assert len(exact) >= 0.8 * len(full), [t for t in full if t not in exact]


def test_five_digit_numbers_never_wrap(tmp_path: Path, sample: Report) -> None:
    """A 汇总 report: every cell of every table five digits (the totals too)."""
    report = sample.copy()
    for cell in report.format.cells:
        report.values[cell.id] = 99999
    path = tmp_path / "汇总.pdf"
    pdf.write(report, path, draft=True)
    words = words_of(path)
    numbers = [str(w["text"]) for w in words if re.fullmatch(r"[\d.]+", str(w["text"]))]
    drawn = sum(1 for cell in report.format.cells)
    assert numbers.count("99999") == drawn
    pieces = [n for n in numbers if "9" in n and n != "99999"]
    assert pieces == []  # no "999" / "99" left over from a wrapped number


def test_no_chinese_font_refuses_with_what_to_install(tmp_path: Path) -> None:
    """A machine without any Chinese font (a font directory with DejaVu alone): PDF export stops
    with a Chinese message naming fonts to install, and writes nothing; the .docx still exports."""
    latin = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if latin is None:
        pytest.skip("no DejaVu Sans to build a Latin-only font directory from")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(latin, fonts)
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    script = (
        "import sys; from pathlib import Path; from models import project_file;"
        "from exporters import docx; from exporters.pdf import writer as pdf;"
        "from models.files import FileProblem;"
        f"r = project_file.load(Path({str(SAMPLE)!r}));"
        f"docx.write(r, Path({str(tmp_path / 'a.docx')!r}), draft=True)\n"
        "try:\n"
        f"    pdf.write(r, Path({str(tmp_path / 'a.pdf')!r}), draft=True)\n"
        "except FileProblem as problem:\n"
        "    print(problem); sys.exit(3)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "没有可以显示中文的字体" in done.stdout and "fonts-noto-cjk" in done.stdout
    assert "仿宋" in done.stdout
    assert not (tmp_path / "a.pdf").exists()
    assert (tmp_path / "a.docx").stat().st_size > 1000
