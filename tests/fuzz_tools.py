"""Fuzzing the readers: damaged copies of real files as hypothesis strategies, the attacks a
hostile file can carry, and the one check of what a reader may do with any of them.

A reader given any file either reads it or refuses it with ``models.files.FileProblem`` whose
message is Chinese; it never raises anything else, never takes longer than a few seconds, and
never writes a file.  ``check_reader`` runs one reader on one file's bytes and asserts all of that;
anything else it lets through (a ValueError from deep inside a library, say) fails the test with
its traceback, which is what a crash is.

Strategies — each takes the real file's bytes (the seed) and draws a damaged copy::

    byte_mutations(seed)      bit flips, random bytes written over, truncation at any point,
                              insertions, deletions, a slice repeated
    zip_mutations(seed)       for a zip package (.docx, .xlsx): a member damaged and re-zipped (a
                              valid zip of garbage XML), well-formed XML changed element by element
                              (``xml_tree_mutations``), members swapped, removed, renamed,
                              duplicated, wrong content types, other compression, raw header
                              fields changed, an attack put into a member (below)
    json_mutations(seed)      for JSON (.gknb): any value replaced by wrong types, deep nesting,
                              huge numbers, NaN/Infinity, lone surrogates, invalid UTF-8; keys
                              removed or renamed
    mutations(seed)           whichever of the above fit the seed, and byte_mutations always

Attacks (plain functions returning bytes, also used by ``zip_mutations``)::

    zip_bomb(members, bomb_name, size)     a member of ``size`` zeros, deflated (400 MB → 400 KB)
    many_members(members, count)           ``count`` empty members beside the real ones
    directory_only(count, main)            a zip that is all directory: ``main`` and ``count``
                                           one-letter names (47 MB for a million), no data
    deep_xml(xml, depth)                   ``depth`` nested elements inside the root element
    billion_laughs(xml)                    the classic entity expansion, referenced in the text
    external_entity(xml, url)              XXE: an entity naming a file or a URL, referenced in
                                           the text (the reader must not read or fetch it)

Use in a test::

    @given(data=st.data())
    @settings(FUZZ, max_examples=200)
    def test_it(data):
        damaged = data.draw(mutations(seed))
        check_reader(read_report, damaged, "report.docx")

(``FUZZ`` is reproducible: derandomized, no example database, no hypothesis deadline — the
time bound is ``check_reader``'s own, per file.)
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import signal
import struct
import tempfile
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from models.files import FileProblem

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    # No "explain" phase: its tracing makes every read many times slower than the time bound.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
"""Reproducible settings for fuzz tests: the same examples on every machine and every run."""

SECONDS = 3.0
"""How long one reader may take on one file."""

CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


# --- what a reader may do ---------------------------------------------------------------------


class Hang(BaseException):
    """The reader ran past its time bound.  A BaseException, so that a library's
    ``except Exception`` cannot swallow it and call the file damaged."""


@contextlib.contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Interrupt the block with ``Hang`` after ``seconds`` (where SIGALRM exists, in the main
    thread; a hang inside one C call is interrupted when it returns to Python)."""
    usable = hasattr(signal, "setitimer") and _in_main_thread()
    if not usable:
        yield
        return

    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def assert_chinese_message(message: str, *, name: str = "") -> None:
    """A message a clerk can read: Chinese words of its own (the file's name, which may be
    Chinese, does not count), no traceback, not an English exception text."""
    own = message.replace(name, "") if name else message
    assert len(CJK.findall(own)) >= 4, f"not a Chinese message: {message!r}"
    assert "Traceback" not in message, message
    assert not re.search(r'File "[^"]+", line \d+', message), message
    assert not re.match(r"\s*[A-Za-z_.]*(Error|Exception|Warning)\b", message), message


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def check_reader(
    read: Callable[[Path], Any],
    data: bytes,
    name: str,
    *,
    seconds: float = SECONDS,
    check_result: Callable[[Any], None] | None = None,
) -> Any:
    """Give ``read`` a file ``name`` holding ``data`` (in a folder of its own) and assert what a
    reader may do: return (then ``check_result`` is called on what it returned) or raise
    FileProblem with a Chinese message; within ``seconds``; no warning (Python prints it, in
    English, on the command line); the file unchanged and nothing new in its folder.  Returns
    the result or the FileProblem.  Any other exception propagates."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder_name:
        folder = Path(folder_name)
        path = folder / name
        path.write_bytes(data)
        before = _snapshot(folder)
        outcome: Any
        start = time.perf_counter()
        try:
            with time_bound(seconds), warnings.catch_warnings(record=True) as warned:
                warnings.simplefilter("always")
                outcome = read(path)
        except FileProblem as problem:
            outcome = problem
        except BaseException:
            _keep(data, name)
            raise
        elapsed = time.perf_counter() - start
        if elapsed > seconds:
            _keep(data, name)
        assert elapsed <= seconds, f"reading took {elapsed:.1f} s (bound {seconds} s)"
        # A warning is English on the command line's stderr (openpyxl's, say).
        assert not warned, [str(w.message) for w in warned]
        assert _snapshot(folder) == before, "the reader wrote into the file's folder"
        assert path.read_bytes() == data, "the reader changed the file"
    if isinstance(outcome, FileProblem):
        assert_chinese_message(str(outcome), name=name)
    elif check_result is not None:
        check_result(outcome)
    return outcome


def _keep(data: bytes, name: str) -> None:
    """With FUZZ_KEEP=<folder> set, a file that crashed or hung a reader is kept there (named by
    its hash) to be minimised and made a regression test."""
    folder = os.environ.get("FUZZ_KEEP")
    if folder:
        import hashlib

        kept = Path(folder) / f"{hashlib.sha1(data).hexdigest()[:12]}-{name}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(data)


class Damaged(bytes):
    """Bytes drawn by a strategy here, shown by size and hash (a failing example's repr would
    otherwise be the whole file)."""

    def __repr__(self) -> str:
        import hashlib

        return f"<{len(self)} bytes, sha1 {hashlib.sha1(self).hexdigest()[:12]}>"


# --- bytes ------------------------------------------------------------------------------------


def _mutate_once(draw: st.DrawFn, data: bytes) -> bytes:
    size = len(data)
    kind = draw(
        st.sampled_from(["flip", "overwrite", "truncate", "insert", "delete", "repeat", "zero"])
    )
    if size == 0:
        return draw(st.binary(min_size=1, max_size=64)) if kind == "insert" else data
    at = draw(st.integers(0, size - 1))
    if kind == "flip":
        bit = draw(st.integers(0, 7))
        return data[:at] + bytes([data[at] ^ (1 << bit)]) + data[at + 1 :]
    if kind == "overwrite":
        new = draw(st.binary(min_size=1, max_size=16))
        return data[:at] + new + data[at + len(new) :]
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        new = draw(st.binary(min_size=1, max_size=64))
        return data[:at] + new + data[at:]
    length = draw(st.integers(1, max(1, min(4096, size - at))))
    if kind == "delete":
        return data[:at] + data[at + length :]
    if kind == "zero":
        return data[:at] + bytes(length) + data[at + length :]
    times = draw(st.integers(2, 64))  # "repeat"
    return data[:at] + data[at : at + length] * times + data[at + length :]


@st.composite
def _bytes_mutated(draw: st.DrawFn, seed: bytes, max_steps: int) -> bytes:
    data = seed
    for _ in range(draw(st.integers(1, max_steps))):
        data = _mutate_once(draw, data)
    return data


def byte_mutations(seed: bytes, max_steps: int = 4) -> st.SearchStrategy[bytes]:
    """``seed`` with 1 to ``max_steps`` byte-level changes: a bit flipped, bytes written over,
    cut short, bytes inserted, a slice deleted, zeroed or repeated."""
    return _bytes_mutated(seed, max_steps)


# --- zip packages -----------------------------------------------------------------------------

Members = list[tuple[str, bytes]]


def members_of(data: bytes) -> Members:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(info.filename, package.read(info)) for info in package.infolist()]


def zip_of(members: Members, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``members`` in order (duplicate names kept, as a hostile file may have them)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name"
        with zipfile.ZipFile(buffer, "w", compression) as package:
            for name, content in members:
                package.writestr(name, content)
    return buffer.getvalue()


@functools.cache
def _zeros_deflated(size: int) -> tuple[bytes, int]:
    """``size`` zeros, raw-deflated, and their CRC-32: made once per size (a second or so)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(min(size, 1 << 20))
    parts, crc, left = [], 0, size
    while left > 0:
        piece = chunk[: min(left, len(chunk))]
        parts.append(compressor.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    parts.append(compressor.flush())
    return b"".join(parts), crc


def _bomb_zip(bomb_name: str, size: int) -> bytes:
    """A zip of one member, ``bomb_name``: ``size`` zeros, deflated (written by hand, so that
    any name costs nothing once the zeros are deflated)."""
    compressed, crc = _zeros_deflated(size)
    name = bomb_name.encode()
    flags = 0 if bomb_name.isascii() else 0x800  # UTF-8 name
    sizes = (crc, len(compressed), size, len(name))
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, 8, 0, 0x21, *sizes, 0) + name
    central = (
        struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, 8, 0, 0x21, *sizes, 0, 0, 0, 0, 0, 0
        )
        + name
    )
    offset = len(local) + len(compressed)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), offset, 0)
    return local + compressed + central + end


def _append(base: bytes, members: Members) -> bytes:
    buffer = io.BytesIO(base)
    buffer.seek(0, os.SEEK_END)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
            for name, content in members:
                package.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(members: Members, bomb_name: str, size: int = 400 * 1024 * 1024) -> bytes:
    """``members`` with ``bomb_name`` replaced by (or added as) ``size`` zeros, deflated: 400 MB
    takes 400 KB.  The bomb is made once per name and size."""
    return _append(_bomb_zip(bomb_name, size), [m for m in members if m[0] != bomb_name])


@functools.cache
def _empty_members(count: int) -> bytes:
    return zip_of([(f"customXml/item{i}.xml", b"") for i in range(count)], zipfile.ZIP_STORED)


def many_members(members: Members, count: int = 100_000) -> bytes:
    """``members`` after ``count`` empty members."""
    return _append(_empty_members(count), members)


def directory_only(count: int, main: bytes) -> bytes:
    """A zip that is all directory: ``main`` and ``count`` one-letter names, no data."""

    def entry(name: bytes) -> bytes:
        header = (b"PK\x01\x02", 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0)
        return struct.pack("<4s4B4HL2L5H2L", *header) + name

    directory = entry(main) + entry(b"a") * count
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), 4, 0)
    return b"PK\x03\x04" + directory + end


_ROOT_OPEN = re.compile(rb"<(?![?!])[^>]*?(?<!/)>", re.S)
_DECLARATION = re.compile(rb"^\s*(<\?xml[^>]*\?>)?", re.S)


def _after_root(xml: bytes) -> int:
    """Where the first child of the root element may go (0 when there is no root)."""
    found = _ROOT_OPEN.search(xml)
    return found.end() if found else 0


def deep_xml(xml: bytes, depth: int = 100_000, tag: bytes = b"x") -> bytes:
    """``depth`` nested elements just inside the root element of ``xml``."""
    at = _after_root(xml)
    nested = b"<" + tag + b">"
    closing = b"</" + tag.split()[0] + b">"
    return xml[:at] + nested * depth + closing * depth + xml[at:]


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    """``xml`` with ``doctype`` after its XML declaration (replacing any DOCTYPE it had)."""
    xml = re.sub(rb"<!DOCTYPE[^>]*(\[.*?\])?\s*>", b"", xml, count=1, flags=re.S)
    declaration = _DECLARATION.match(xml)
    at = declaration.end() if declaration else 0
    return xml[:at] + doctype + xml[at:]


def _root_name(xml: bytes) -> bytes:
    found = _ROOT_OPEN.search(xml)
    if not found:
        return b"x"
    return found.group(0)[1:-1].split()[0] if found.group(0)[1:-1].split() else b"x"


def with_entity_in_text(xml: bytes, doctype: bytes, reference: bytes) -> bytes:
    """``xml`` with ``doctype`` and ``reference`` (``&name;``) put into its text: into every
    text node that holds a letter (so it lands where a reader takes text from), else just
    inside the root element."""
    counted = 0

    def into(found: re.Match[bytes]) -> bytes:
        nonlocal counted
        counted += 1
        return found.group(1) + reference + found.group(2)

    changed = re.sub(rb"(>)([^<>&]*[A-Za-z0-9\x80-\xff][^<>&]*<)", into, xml)
    if not counted:
        at = _after_root(xml)
        changed = xml[:at] + reference + xml[at:]
    return with_doctype(changed, doctype)


def billion_laughs(xml: bytes) -> bytes:
    """The billion-laughs entity expansion (10 levels of ten: 10^9 "lol"s), referenced in the
    text of ``xml``."""
    entities = [b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        entities.append(b'<!ENTITY lol%d "%s">' % (level, (b"&lol%d;" % (level - 1)) * 10))
    doctype = b"<!DOCTYPE " + _root_name(xml) + b" [" + b"".join(entities) + b"]>"
    return with_entity_in_text(xml, doctype, b"&lol9;")


def external_entity(xml: bytes, url: str) -> bytes:
    """XXE: ``xml`` with an external entity naming ``url`` (file:///etc/passwd, http://…),
    referenced in its text, and a parameter entity too (fetched by the DTD itself)."""
    target = url.encode()
    doctype = (
        b"<!DOCTYPE " + _root_name(xml) + b' [<!ENTITY xxe SYSTEM "' + target + b'">'
        b'<!ENTITY % remote SYSTEM "' + target + b'"> %remote;]>'
    )
    return with_entity_in_text(xml, doctype, b"&xxe;")


def _xml_members(members: Members) -> list[int]:
    return [
        i
        for i, (name, content) in enumerate(members)
        if name.endswith((".xml", ".rels")) and content.lstrip()[:1] == b"<"
    ]


@st.composite
def xml_tree_mutations(draw: st.DrawFn, xml: bytes) -> bytes:
    """Well-formed XML changed as a careless or hostile program might: an element removed,
    repeated or moved, its text or an attribute replaced by anything, an unknown element added.
    Garbage in, if ``xml`` does not parse."""
    from lxml import etree  # type: ignore[import-untyped]

    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, huge_tree=False))
    except etree.XMLSyntaxError:
        return draw(byte_mutations(xml))
    for _ in range(draw(st.integers(1, 4))):
        elements = list(root.iter())
        element = elements[draw(st.integers(0, len(elements) - 1))]
        parent = element.getparent()
        kind = draw(st.sampled_from(["remove", "repeat", "move", "text", "attribute", "add"]))
        if kind in ("remove", "repeat", "move") and parent is None:
            kind = "text"
        if kind == "remove":
            parent.remove(element)
        elif kind == "repeat":
            for _ in range(draw(st.integers(1, 50))):
                element.addnext(etree.fromstring(etree.tostring(element)))
        elif kind == "move":
            parent.remove(element)
            others = list(root.iter())
            others[draw(st.integers(0, len(others) - 1))].append(element)
        elif kind == "text":
            with contextlib.suppress(ValueError):
                element.text = draw(_xml_text())
        elif kind == "attribute":
            namespace = etree.QName(element).namespace
            names = list(element.attrib) or [f"{{{namespace}}}val" if namespace else "val"]
            with contextlib.suppress(ValueError):  # text lxml refuses to hold
                element.set(draw(st.sampled_from(names)), draw(_xml_text()))
        else:
            tag = etree.QName(element).namespace
            element.append(etree.Element(f"{{{tag}}}{draw(_tags)}" if tag else draw(_tags)))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


_tags = st.sampled_from(["p", "r", "t", "tbl", "tr", "tc", "c", "v", "f", "is", "row", "sdt"])
_INTERESTING_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "99999999999999999999",
    "NaN",
    "A1:B2",
    "XFE1048577",
    "'sheet'!$A$1",
    "#REF!",
    "=1/0",
    "表二",
    "一、总体情况",
    "（一）",
    "\u3000",
    "\ufffd",
    "true",
]


_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
"""Unicode's category of lone surrogates, which no text may hold."""


def _xml_text() -> st.SearchStrategy[str]:
    chars = st.characters(
        blacklist_categories=_SURROGATES, blacklist_characters="\x00\ufffe\uffff"
    ).filter(lambda c: c in "\t\n\r" or c >= " ")
    return st.sampled_from(_INTERESTING_TEXT) | st.text(chars, max_size=40)


_CONTENT_TYPE_MAINS = [
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    b"application/xml",
    b"",
    b"text/html",
]
_CONTENT_TYPES = b"[Content_Types].xml"


def _wrong_content_types(draw: st.DrawFn, members: Members) -> Members:
    choice = draw(st.sampled_from(["retype", "empty", "garbage", "no-overrides", "remove"]))
    out: Members = []
    for name, content in members:
        if name.encode() != _CONTENT_TYPES:
            out.append((name, content))
        elif choice == "retype":
            main = draw(st.sampled_from(_CONTENT_TYPE_MAINS))
            out.append(
                (
                    name,
                    re.sub(
                        rb'ContentType="[^"]*main\+xml"', b'ContentType="' + main + b'"', content
                    ),
                )
            )
        elif choice == "empty":
            out.append((name, b""))
        elif choice == "garbage":
            out.append((name, b'<Types><Override PartName="/' + b"a" * 300))
        elif choice == "no-overrides":
            out.append((name, re.sub(rb"<Override[^>]*/>", b"", content)))
    return out


_ZIP_FIELDS = {
    # signature: {field: (offset, size)}
    b"PK\x03\x04": {
        "version": (4, 2),
        "flags": (6, 2),
        "method": (8, 2),
        "crc": (14, 4),
        "compressed": (18, 4),
        "size": (22, 4),
        "name_length": (26, 2),
        "extra_length": (28, 2),
    },
    b"PK\x01\x02": {
        "flags": (8, 2),
        "method": (10, 2),
        "crc": (16, 4),
        "compressed": (20, 4),
        "size": (24, 4),
        "name_length": (28, 2),
        "extra_length": (30, 2),
        "comment_length": (32, 2),
        "disk": (34, 2),
        "offset": (42, 4),
    },
    b"PK\x05\x06": {
        "disk": (4, 2),
        "entries_here": (8, 2),
        "entries": (10, 2),
        "directory_size": (12, 4),
        "directory_offset": (16, 4),
        "comment_length": (20, 2),
    },
}


def _header_field(draw: st.DrawFn, data: bytes) -> bytes:
    """One field of a local header, a directory entry or the end record set to an edge value
    (sizes that lie, an unknown or other compression method, the encrypted flag …)."""
    places = [
        (at.start(), signature)
        for signature in _ZIP_FIELDS
        for at in re.finditer(re.escape(signature), data)
    ]
    if not places:
        return draw(byte_mutations(data))
    start, signature = draw(st.sampled_from(places))
    field = draw(st.sampled_from(sorted(_ZIP_FIELDS[signature])))
    offset, size = _ZIP_FIELDS[signature][field]
    top = (1 << (8 * size)) - 1
    value = draw(
        st.sampled_from([0, 1, 8, 9, 12, 14, 93, 99, 0x0801, 0x8000, top, top - 1, 1 << 20])
        | st.integers(0, top)
    )
    value &= top
    packed = struct.pack("<H" if size == 2 else "<I", value)
    at = start + offset
    if at + size > len(data):
        return data
    return data[:at] + packed + data[at + size :]


@st.composite
def zip_mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    """A damaged copy of the zip package ``seed`` (see the module's notes)."""
    members = members_of(seed)
    kind = draw(
        st.sampled_from(
            [
                "damage",
                "xml",
                "xml",
                "xml",
                "swap",
                "remove",
                "duplicate",
                "rename",
                "content-types",
                "compression",
                "header",
                "attack",
            ]
        )
    )
    count = len(members)
    index = draw(st.integers(0, count - 1))
    name, content = members[index]
    if kind == "damage":
        members[index] = (name, draw(byte_mutations(content)))
    elif kind == "xml":
        xml = _xml_members(members)
        index = xml[draw(st.integers(0, len(xml) - 1))] if xml else index
        name, content = members[index]
        members[index] = (name, draw(xml_tree_mutations(content)))
    elif kind == "swap":
        other = draw(st.integers(0, count - 1))
        members[index] = (name, members[other][1])
        members[other] = (members[other][0], content)
    elif kind == "remove":
        del members[index]
    elif kind == "duplicate":
        other = draw(st.integers(0, count - 1))
        members.insert(draw(st.integers(0, count)), (name, members[other][1]))
    elif kind == "rename":
        new = draw(
            st.sampled_from(
                [
                    "word/document.xml",
                    "xl/workbook.xml",
                    "Word/Document.xml",
                    "xl/worksheets/sheet1.xml",
                    "../escape.xml",
                    "/absolute.xml",
                    "a" * 300,
                    "目录/文件.xml",
                ]
            )
        )
        members[index] = (new, content)
    elif kind == "content-types":
        members = _wrong_content_types(draw, members)
    elif kind == "compression":
        method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
        return zip_of(members, method)
    elif kind == "header":
        return _header_field(draw, zip_of(members))
    else:
        return draw(attacks(seed))
    return zip_of(members)


@st.composite
def attacks(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` (a zip package) carrying one attack: a zip bomb, a huge member count, deep
    nesting, billion laughs or an external entity in one of its XML members."""
    members = members_of(seed)
    kind = draw(st.sampled_from(["bomb", "many", "deep", "laughs", "xxe"]))
    xml = _xml_members(members) or [0]
    index = xml[draw(st.integers(0, len(xml) - 1))]
    name, content = members[index]
    if kind == "bomb":
        return zip_bomb(members, name, draw(st.sampled_from([400 * 1024 * 1024, 160 << 20])))
    if kind == "many":
        return many_members(members, draw(st.sampled_from([1_001, 5_001, 100_000])))
    if kind == "deep":
        depth = draw(st.sampled_from([255, 257, 1_000, 10_000, 100_000]))
        members[index] = (name, deep_xml(content, depth, draw(st.sampled_from([b"x", b"w:p"]))))
    elif kind == "laughs":
        members[index] = (name, billion_laughs(content))
    else:
        url = draw(st.sampled_from(["file:///etc/passwd", "http://127.0.0.1:9/x.dtd"]))
        members[index] = (name, external_entity(content, url))
    return zip_of(members)


# --- JSON -------------------------------------------------------------------------------------

_RAW_TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "9" * 5000,
    "-" + "9" * 4301,
    "1" + "0" * 4300,
    "0." + "0" * 5000 + "1",
    "1.7976931348623157e308",
    "-0",
    "1E+999999999",
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"a\\u0000b"',
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 100_000 + "1" + "}" * 100_000,
    "[" * 990 + "]" * 990,
    "[" * 2000 + "]" * 2000,
]
_SENTINEL = "\x00fuzz-token-{}\x00"


def _json_values() -> st.SearchStrategy[Any]:
    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=20)
        | st.sampled_from(["", "2024", "2024-02-30", "2021", "年报助手项目", "overview"])
        | st.integers(-3, 3000)
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=8,
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


def _nested(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def json_mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    """A damaged copy of the JSON document ``seed``: 1–3 values replaced (by wrong types, deep
    nesting, raw tokens such as NaN, 1e400, a 5000-digit number, a lone surrogate), keys
    removed or renamed; written back compact or indented, ASCII or not, sometimes with invalid
    UTF-8 or an encoded surrogate put into a string."""
    document = json.loads(seed.decode("utf-8-sig"))
    tokens: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(document))
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["value", "value", "token", "deep", "remove", "rename"]))
        if kind == "value":
            new: Any = draw(_json_values())
        elif kind == "token":
            tokens.append(draw(st.sampled_from(_RAW_TOKENS)))
            new = _SENTINEL.format(len(tokens) - 1)
        elif kind == "deep":
            new = _nested(draw(_json_values()), draw(st.sampled_from([2, 50, 500, 900, 950])))
        else:
            new = None
        if not path:
            document = new if kind not in ("remove", "rename") else document
            continue
        *parents, last = path
        container = document
        for key in parents:
            container = container[key]
        if kind == "remove":
            del container[last]
        elif kind == "rename" and isinstance(container, dict):
            container[draw(st.text(max_size=10))] = container.pop(last)
        else:
            container[last] = new
    try:
        text = json.dumps(
            document,
            ensure_ascii=draw(st.booleans()),
            indent=draw(st.sampled_from([None, 2])),
        )
    except RecursionError:  # nested deeper than json can write: as tokens instead
        text = "[" * 3000 + "]" * 3000
    for number, token in enumerate(tokens):
        text = text.replace(json.dumps(_SENTINEL.format(number), ensure_ascii=False), token)
        text = text.replace(json.dumps(_SENTINEL.format(number)), token)
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 4)) == 0:
        strings = [m.start() + 1 for m in re.finditer(rb'"', data)] or [0]
        at = draw(st.sampled_from(strings))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe4\xb8", b"\x80\x80"]))
        data = data[:at] + bad + data[at:]
    return data


# --- all together -----------------------------------------------------------------------------


def mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """Every mutation that fits ``seed``: zip-level for a zip package, JSON-level for JSON,
    byte-level always."""
    strategies: list[st.SearchStrategy[bytes]] = [byte_mutations(seed)]
    if seed.startswith(b"PK\x03\x04"):
        strategies += [zip_mutations(seed), zip_mutations(seed)]
    elif seed.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        strategies += [json_mutations(seed), json_mutations(seed)]
    return st.one_of(strategies).map(Damaged)
