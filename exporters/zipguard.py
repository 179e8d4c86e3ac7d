"""The checks a zip package (.docx, .xlsx) passes before python-docx or openpyxl is given it.

Both libraries unpack whatever they are handed, so a file is looked at first, cheaply, from its
first bytes and its zip directory: not empty, not an older binary format or an encrypted file
(both are OLE compound files), a zip at all, not too many members, not a zip bomb (too large in
all, a member too large, or a large member compressed beyond any real document), no encrypted
member, and holding the part the reader needs.  Each reader describes its own kind of file
(``Package``) so a person is told, in Chinese, what the file is and what to do.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.files import FileProblem, read_bytes

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
"""An OLE compound file: an old .doc/.xls, or a password-protected .docx/.xlsx."""
LARGE_MEMBER = 1024 * 1024
"""Members smaller than this are never taken for a bomb, however well they compress."""
ENTRY_BYTES = 400
"""A generous size of one member's entry in the zip directory (46 bytes and its name, extra
field and comment); a directory larger than the allowed members' entries is refused unread."""
_END = b"PK\x05\x06"
_END_SIZE = 22
_LOCATOR = b"PK\x06\x07"
_LOCATOR_SIZE = 20
_END64 = b"PK\x06\x06"
_END64_SIZE = 56
TAIL_BYTES = _END_SIZE + 0xFFFF
"""The end of a zip that holds its end record (after a comment of at most 64 KB)."""


def directory_of(tail: bytes) -> tuple[int, int] | None:
    """(members, bytes) of the zip directory as stated by the end record in ``tail`` (the last
    ``TAIL_BYTES`` of the file, or all of it), taken as ``zipfile`` takes them: the zip64 end
    record's when one is there.  None without an end record."""
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        return None
    members, size = struct.unpack_from("<HL", tail, at + 10)
    locator = at - _LOCATOR_SIZE
    record = locator - _END64_SIZE
    if (
        record >= 0
        and tail[locator : locator + 4] == _LOCATOR
        and tail[record : record + 4] == _END64
    ):
        members, size = struct.unpack_from("<QQ", tail, record + 32)
    return members, size


def directory_too_large(tail: bytes, members: int) -> bool:
    """Whether the zip ending in ``tail`` states more than ``members`` members, or a directory
    larger than that many entries need.  ``zipfile`` reads every entry of the directory before
    anything can be counted: a 50 MB directory of a million one-letter names takes seconds."""
    found = directory_of(tail)
    return found is not None and (found[0] > members or found[1] > members * ENTRY_BYTES)


@dataclass(frozen=True)
class Package:
    """A kind of zip package a reader accepts: its limits, and its messages.

    Every message is a template with ``{name}`` (the quoted file name); ``too_large`` may also
    use ``{mb}`` (``unpacked_bytes`` in MB).
    """

    main_part: str
    """The member without which the file is not of this kind (word/document.xml)."""
    file_bytes: int
    unpacked_bytes: int
    member_bytes: int
    members: int
    ratio: int
    """Compression ratio above which a large member is taken for a zip bomb."""
    empty: str
    magic: tuple[tuple[bytes, str], ...]
    """Files recognised by their first bytes (an OLE file, a PDF …) and what to say of them."""
    not_zip: str
    too_many: str
    too_large: str
    bomb: str
    encrypted: str
    missing: Callable[[str, set[str]], str]
    """The message for a zip without ``main_part``, from the quoted name and the members."""


def read_package(path: Path, kind: Package) -> bytes:
    """The bytes of ``path`` once they pass every check for ``kind``; FileProblem if not."""
    data = read_bytes(path, limit=kind.file_bytes)
    check_package(data, path, kind)
    return data


def check_package(data: bytes, path: Path, kind: Package) -> None:
    """Refuse what the library should never be given, with a Chinese reason."""
    name = f"“{path.name}”"

    def problem(template: str) -> FileProblem:
        return FileProblem(template.format(name=name, mb=kind.unpacked_bytes // 1048576))

    if not data:
        raise problem(kind.empty)
    for start, message in kind.magic:
        if data.startswith(start):
            raise problem(message)
    if directory_too_large(data[-TAIL_BYTES:], kind.members):
        raise problem(kind.too_many)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise problem(kind.not_zip) from None
    if len(members) > kind.members:
        raise problem(kind.too_many)
    if sum(member.file_size for member in members) > kind.unpacked_bytes:
        raise problem(kind.too_large)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > kind.member_bytes or (
            member.file_size > LARGE_MEMBER and ratio > kind.ratio
        ):
            raise problem(kind.bomb)
    names = {member.filename for member in members}
    if kind.main_part not in names:
        raise FileProblem(kind.missing(name, names))
    if any(member.flag_bits & 0x1 for member in members):
        raise problem(kind.encrypted)
