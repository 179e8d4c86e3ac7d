"""The tests' PDF reader (tests/pdf_text.py, on PDFium) gives the words poppler's pdftotext gives,
which the PDF tests were written against: the same words with the same boxes, for our PDF (Qt
places each character of a spread line on its own and draws spaces as glyphs) and for
LibreOffice's render of our .docx (fonts whose descriptors give no ascent, "——" as one glyph).
Where pdftotext is missing (Windows) there is nothing to compare with."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from exporters.pdf import writer as pdf
from models import project_file
from tests import pdf_text
from tests.conftest import REPO, SAMPLE

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="nothing to compare with: no pdftotext here"
)

Box = tuple[int, str, float, float, float, float]


def poppler_words(path: Path) -> list[Box]:
    """Every word as pdftotext -bbox gives it: page, text, xMin, yMin, xMax, yMax."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    body = html[html.index("<body>") : html.rindex("</body>") + len("</body>")]
    words: list[Box] = []
    for number, page in enumerate(ElementTree.fromstring(body).iter("page"), start=1):
        for word in page.iter("word"):
            x0, y0, x1, y1 = (float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            words.append((number, re.sub(r"\s+", "", word.text or ""), x0, y0, x1, y1))
    return words


def our_words(path: Path) -> list[Box]:
    return [(w.page, w.text, w.x_min, w.y_min, w.x_max, w.y_max) for w in pdf_text.words(path)]


def assert_same_words(path: Path) -> None:
    theirs, ours = poppler_words(path), our_words(path)
    assert Counter(w[:2] for w in ours) == Counter(w[:2] for w in theirs)
    unmatched = list(theirs)
    for word in ours:
        twin = min(
            (w for w in unmatched if w[:2] == word[:2]),
            key=lambda w: max(abs(a - b) for a, b in zip(w[2:], word[2:], strict=True)),
        )
        assert max(abs(a - b) for a, b in zip(twin[2:], word[2:], strict=True)) < 0.01, (
            word,
            twin,
        )
        unmatched.remove(twin)


def test_the_words_of_our_pdf(tmp_path: Path) -> None:
    path = tmp_path / "样例.pdf"
    pdf.write(project_file.load(SAMPLE), path, draft=False)
    assert_same_words(path)


def test_the_words_of_libreoffices_render() -> None:
    assert_same_words(REPO / "tests" / "data" / "pdf" / "libreoffice-sample.pdf")


def test_the_text_holds_the_lines_in_order(tmp_path: Path) -> None:
    """The text is the words line by line from the top, pages apart; pdftotext's has the same
    characters (it orders a table's cells otherwise)."""
    path = tmp_path / "样例.pdf"
    pdf.write(project_file.load(SAMPLE), path, draft=False)
    ours = pdf_text.text(path)
    theirs = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert ours.count("\f") + 1 == pdf_text.page_count(path) == theirs.count("\f")
    assert Counter(re.sub(r"\s+", "", ours)) == Counter(re.sub(r"\s+", "", theirs))
    first = ours.split("\f")[0].splitlines()
    assert first[:2] == ["硚口区行政审批局", "2024年政府信息公开工作年度报告"]
    assert first[-1] == "— 1 —"
