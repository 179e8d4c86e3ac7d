"""The web-page reader never crashes and never hangs: mutations of real-style pages
(tests/data/html) and of single-file pages made from them — flipped bytes, truncations, deep
nesting, huge attributes and spans, broken or lying encodings, garbled and oversized MIME parts —
always give a report or a FileProblem with a Chinese message, each within 2 seconds.

The quick part runs a few hundred mutations; the slow part (``-m slow``) thousands."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters import ReadResult, read_report
from models.files import FileProblem
from tests.test_html_reader import DATA, mhtml

REAL = Path(__file__).parent / "data" / "real"
# Our pages and the real ones (labels and headings printed otherwise, blank columns, 6 decimals).
SEEDS = sorted(DATA.glob("*.html")) + sorted(REAL.glob("*.html"))
TIME_BOUND = 2.0


def _seed_bytes() -> list[bytes]:
    pages = [path.read_bytes() for path in SEEDS]
    gbk = (DATA / "gov-gbk-nested.html").read_bytes()
    pages.append(mhtml(gbk, charset="gb2312", location="file:///C:/a.htm", chrome=False))
    utf8 = (DATA / "gov-utf8-runon.html").read_bytes()
    pages.append(mhtml(utf8, charset=None, location="https://www.example.gov.cn/b"))
    return pages


PAGES = _seed_bytes()


class TookTooLong(Exception):
    pass


@contextmanager
def hard_limit(seconds: int) -> Iterator[None]:
    """Interrupt a read that runs away (the assertion below measures the bound itself)."""

    def stop(signum: int, frame: object) -> None:
        raise TookTooLong(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read_within_bound(path: Path) -> ReadResult | FileProblem:
    """The outcome of reading ``path``, which must take under TIME_BOUND seconds of the CPU (the
    machine is shared: time spent waiting for it is not the reader's) and under 10 s in all."""
    started = time.process_time()
    with hard_limit(10):
        try:
            outcome: ReadResult | FileProblem = read_report(path)
        except FileProblem as problem:
            outcome = problem
    elapsed = time.process_time() - started
    assert elapsed < TIME_BOUND, f"{elapsed:.2f} s for {path.stat().st_size} bytes"
    if isinstance(outcome, FileProblem):
        assert re.search("[\u4e00-\u9fff]", str(outcome)), str(outcome)
    else:
        assert all(re.search("[\u4e00-\u9fff]", note) for note in outcome.notes), outcome.notes
    return outcome


# --- mutations -----------------------------------------------------------------------------------

CHARSETS = [b"utf-8", b"gbk", b"gb2312", b"utf-16", b"big5", b"x-unknown", b"iso-8859-1", b""]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                ["flip", "truncate", "nest", "attribute", "charset", "recode", "mime", "splice"]
            )
        )
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip":
            for _ in range(draw(st.integers(1, 50))):
                spot = draw(st.integers(0, max(0, len(data) - 1)))
                if data:
                    data[spot] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "nest":
            opener = draw(
                st.sampled_from(
                    [b"<div>", b"<table><tr><td>", b"<p><b>", b"<td rowspan=0>", b"<span>"]
                )
            )
            data[at:at] = opener * draw(st.integers(100, 20_000))
        elif kind == "attribute":
            size = draw(st.integers(1000, 2_000_000))
            data[at:at] = (
                b'<td colspan="99999999" rowspan="65534" style="'
                + b"x" * size
                + b'">'
                + "一、本年新收政府信息公开申请数量".encode()
                + b"</td>"
            )
        elif kind == "charset":
            data = bytearray(
                re.sub(
                    rb"charset=[\w-]*", b"charset=" + draw(st.sampled_from(CHARSETS)), bytes(data)
                )
            )
        elif kind == "recode":
            codec = draw(st.sampled_from(["utf-16-le", "utf-32", "big5", "shift_jis", "latin-1"]))
            text = bytes(data).decode("gb18030", "replace")
            data = bytearray(text.encode(codec, "replace"))
        elif kind == "mime":
            boundary = draw(st.sampled_from([b"", b"--", b"x" * 5000, b"\r\n--\r\n"]))
            header = (
                b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="'
                + boundary
                + b'"\r\n\r\n--'
                + boundary
                + b"\r\nContent-Type: text/html; charset="
                + draw(st.sampled_from(CHARSETS))
                + b"\r\nContent-Transfer-Encoding: "
                + draw(st.sampled_from([b"base64", b"quoted-printable", b"8bit", b"x-junk"]))
                + b"\r\n\r\n"
            )
            data[0:0] = header
            if draw(st.booleans()):
                data += b"\r\n--" + boundary + b"\r\nContent-Type: image/png\r\n\r\n"
                data += b"=" * draw(st.integers(0, 3_000_000))
        else:
            other = draw(st.sampled_from(PAGES))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start : start + draw(st.integers(0, 40_000))]
    return bytes(data)


def check_mutation(data: bytes, folder: Path, suffix: str) -> None:
    path = folder / f"page{suffix}"
    path.write_bytes(data)
    read_within_bound(path)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=mutated(), suffix=st.sampled_from([".html", ".htm", ".mht", ".mhtml"]))
def test_mutated_pages_never_crash_or_hang(data: bytes, suffix: str, tmp_path: Path) -> None:
    check_mutation(data, tmp_path, suffix)


@pytest.mark.slow
@settings(
    max_examples=3000,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=mutated(), suffix=st.sampled_from([".html", ".mhtml"]))
def test_thousands_of_mutated_pages(data: bytes, suffix: str, tmp_path: Path) -> None:
    check_mutation(data, tmp_path, suffix)


def test_the_seeds_are_read() -> None:
    """The mutations start from pages that are read (all but the news page)."""
    read = [read_within_bound(path) for path in SEEDS]
    assert sum(isinstance(r, ReadResult) for r in read) == len(SEEDS) - 1
    assert len(PAGES) == len(SEEDS) + 2


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<html>" + b"<table><tr><td>" * 50_000 + b"</html>", id="tables"),
        pytest.param(b"<table>" + b"<tr><td rowspan=0 colspan=1000>x" * 5000, id="spans"),
        pytest.param(b"<p>" + b"\xa1" * 3_000_000, id="half-characters"),
        pytest.param(b"<html><body>" + b"<br>" * 1_000_000, id="breaks"),
        pytest.param(
            b"Content-Type: multipart/related; boundary=b\r\n\r\n"
            + b"--b\r\nContent-Type: multipart/related; boundary=b\r\n\r\n" * 20_000,
            id="mime-parts",
        ),
    ],
)
def test_hostile_pages(data: bytes, tmp_path: Path) -> None:
    check_mutation(data, tmp_path, ".html")
