"""Fuzzing the PDF reader: damaged and hostile copies of real PDFs never crash it and never keep
it busy.  Whatever the bytes, ``exporters.pdf.reader.read`` returns a ReadResult or raises a
FileProblem whose message is Chinese, within 2 s of processor time per file.

Seeds: LibreOffice's PDF of the official template filled like a clerk's (tests/data/pdf:
compressed streams, embedded fonts, a cross-reference table) and a small hand-made PDF with
uncompressed content (a ruled table of stroked lines, thin filled rectangles and a form XObject,
text), whose tokens the structural mutations can hit.  Mutations: bytes flipped, overwritten,
inserted, deleted, repeated; truncation anywhere; stream lengths and counts made huge; arrays
and dictionaries nested thousands deep; the page tree made to loop; the cross-reference table
and startxref broken; absurd page boxes and matrices.  A hang inside PDFium could not be
interrupted from Python, so the test arms faulthandler to end the run with a traceback instead
of waiting forever.
"""

from __future__ import annotations

import faulthandler
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters import ReadResult
from exporters.pdf import reader
from models.files import FileProblem
from tests.hand_made_pdf import one_page_pdf

DATA = Path(__file__).parent / "data" / "pdf"
CPU_SECONDS = 2.0
"""The bound on one read, in processor time (a shared, busy machine does not stretch it)."""
HANG_SECONDS = 60
"""faulthandler ends the run after this long in one read: a hang, not a slow file."""
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def hand_made_pdf() -> bytes:
    """A small, valid, uncompressed PDF: a 2 × 2 ruled table (stroked lines, one rule a thin
    filled rectangle, one inside a form XObject) with text, and a line of text above it."""
    content = (
        b"BT /F1 12 Tf 72 760 Td (Annual report 2024) Tj ET\n"
        b"0.5 w 72 700 m 272 700 l S 72 680 m 272 680 l S\n"
        b"72 659.75 200 0.5 re f\n"
        b"72 700 m 72 660 l S 172 700 m 172 660 l S 272 700 m 272 660 l S\n"
        b"/X1 Do\n"
        b"BT /F1 10 Tf 80 685 Td (Rules) Tj 100 0 Td (3) Tj ET\n"
        b"BT /F1 10 Tf 80 665 Td (Total) Tj 100 0 Td (3) Tj ET\n"
    )
    form = b"q 1 0 0 1 0 0 cm 72 690 m 272 690 l S Q\n"
    return one_page_pdf(
        content,
        b"<< /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>",
        [
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d >>\nstream\n"
            % len(form)
            + form
            + b"endstream",
        ],
    )


HAND_MADE = hand_made_pdf()
CLERK = (DATA / "clerk-template.pdf").read_bytes()
HONGZE = (Path(__file__).parent / "data" / "real" / "hongze-2023.pdf").read_bytes()
"""A real WPS PDF: its vertical (Identity-V) label and a label with a typo, read by place."""

HOSTILE = [
    (rb"/Length \d+", b"/Length 99999999999"),
    (rb"/Length \d+", b"/Length -5"),
    (rb"/Count \d+", b"/Count 2147483647"),
    (rb"/Kids \[[^\]]*\]", b"/Kids [2 0 R 2 0 R 3 0 R]"),
    (rb"/Parent \d+ 0 R", b"/Parent 3 0 R"),
    (rb"/MediaBox \[[^\]]*\]", b"/MediaBox [0 0 1e308 -1e308]"),
    (rb"/MediaBox \[[^\]]*\]", b"/MediaBox [0 0 0 0]"),
    (rb"1 0 0 1 0 0 cm", b"1e30 0 0 1e-30 1e30 -1e30 cm"),
    (rb"startxref\s+\d+", b"startxref\n999999999"),
    (rb"startxref\s+\d+", b"startxref\n0"),
    (rb"xref", b"xre"),
    (rb"trailer", b"trai1er"),
    (rb"endstream", b"endstrea"),
    (rb"endobj", b""),
    (rb"/Root \d+ 0 R", b"/Root 4 0 R"),
    (rb"/Filter\s*/FlateDecode", b"/Filter [/FlateDecode /FlateDecode /LZWDecode]"),
]


@st.composite
def mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    kind = draw(
        st.sampled_from(
            [
                "flip",
                "overwrite",
                "insert",
                "delete",
                "repeat",
                "truncate",
                "hostile",
                "nest",
                "xref",
            ]
        )
    )
    position = draw(st.integers(0, len(data)))
    if kind == "flip":
        for spot in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=30)):
            data[spot] ^= 1 << draw(st.integers(0, 7))
    elif kind == "overwrite":
        junk = draw(st.binary(min_size=1, max_size=200))
        data[position : position + len(junk)] = junk
    elif kind == "insert":
        data[position:position] = draw(st.binary(min_size=1, max_size=200))
    elif kind == "delete":
        del data[position : position + draw(st.integers(1, 5000))]
    elif kind == "repeat":
        piece = bytes(data[position : position + draw(st.integers(1, 4000))])
        data[position:position] = piece * draw(st.integers(2, 50))
    elif kind == "truncate":
        del data[position:]
    elif kind == "hostile":
        pattern, replacement = draw(st.sampled_from(HOSTILE))
        found = list(re.finditer(pattern, bytes(data)))
        if found:
            match = draw(st.sampled_from(found))
            data[match.start() : match.end()] = replacement
    elif kind == "nest":
        depth = draw(st.sampled_from([100, 1_000, 100_000]))
        opening, closing = draw(st.sampled_from([(b"[", b"]"), (b"<< /A ", b">>"), (b"(", b")")]))
        spot = bytes(data).find(b"<<", position)
        spot = spot if spot >= 0 else position
        data[spot:spot] = opening * depth + closing * draw(st.sampled_from([0, depth]))
    else:  # the cross-reference table's offsets scrambled
        rng = draw(st.randoms(use_true_random=False))
        table = re.search(rb"xref\s+(.{0,4000})trailer", bytes(data), re.S)
        if table:
            scrambled = re.sub(rb"\d", lambda _: str(rng.randint(0, 9)).encode(), table.group(1))
            data[table.start(1) : table.end(1)] = scrambled
    return bytes(data)


def check_read(data: bytes, folder: Path) -> None:
    """One read of ``data`` as a .pdf: a report or a Chinese FileProblem, within the bound."""
    path = folder / "报告.pdf"
    path.write_bytes(data)
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    start = time.process_time()
    try:
        result = reader.read(path)
    except FileProblem as problem:
        assert CHINESE.search(str(problem)), str(problem)
    else:
        assert isinstance(result, ReadResult)
    finally:
        faulthandler.cancel_dump_traceback_later()
    spent = time.process_time() - start
    assert spent < CPU_SECONDS, f"{spent:.2f} s of processor time for one file"


def folder(factory: pytest.TempPathFactory) -> Path:
    """One folder for every example's file (each overwrites the one before)."""
    path = factory.getbasetemp() / "fuzz-pdf"
    path.mkdir(exist_ok=True)
    return path


FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_the_seeds_are_read(tmp_path: Path) -> None:
    """The seeds themselves: the clerk's template is a report, the hand-made one a PDF that is
    not (its table is found, but it is none of the format's)."""
    check_read(CLERK, tmp_path)
    path = tmp_path / "hand.pdf"
    path.write_bytes(HAND_MADE)
    with pytest.raises(FileProblem, match="没有找到年度报告的统计表"):
        reader.read(path)


@given(data=st.data())
@settings(FUZZ, max_examples=400)
def test_damaged_small_pdfs(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    check_read(data.draw(mutations(HAND_MADE)), folder(tmp_path_factory))


@given(data=st.data())
@settings(FUZZ, max_examples=60)
def test_damaged_real_pdfs(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    seed = data.draw(st.sampled_from([CLERK, HONGZE]))
    check_read(data.draw(mutations(seed)), folder(tmp_path_factory))


@pytest.mark.slow
@given(data=st.data())
@settings(FUZZ, max_examples=3000)
def test_many_damaged_pdfs(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    seed = data.draw(st.sampled_from([HAND_MADE, CLERK, HONGZE]))
    check_read(data.draw(mutations(seed)), folder(tmp_path_factory))


def test_deep_nesting_and_huge_counts_are_refused_quickly(tmp_path: Path) -> None:
    for bad in (
        HAND_MADE.replace(b"/Count 1", b"/Count 2147483647"),
        HAND_MADE.replace(b"<< /Type /Catalog", b"[" * 200_000 + b"<< /Type /Catalog"),
        HAND_MADE.replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]"),  # the page tree loops
        HAND_MADE.replace(b"/Length", b"/Length 99999999999 /L"),
    ):
        check_read(bad, tmp_path)
