"""The temporary files a save writes beside its target, named so a clerk recognises them and so
they can be told from anyone else's files.

A save writes ``.报告.docx.年报助手临时文件.k3j9x2ab.tmp`` first and renames it over the target
(``models.files.atomic_write``).  A save that is killed half-way (power cut, task manager)
leaves that file behind; it is taken away by the next save into the same folder, and the
autosave folder's at the next start, once it is older than ``STALE_AFTER``: no save takes that
long, so no other save still running loses its file.  Only names of this pattern are ever
removed.  The leading dot hides the file on Linux; on Windows the hidden attribute is set
(and taken off again just before the rename, which would carry it over to the report).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from pathlib import Path

MARK = "年报助手临时文件"
"""What tells a clerk who looks into the folder where the file comes from."""
SUFFIX = ".tmp"
STALE_AFTER = 3600.0
"""Seconds after which a temporary file of ours is left from a save that never finished."""
NAME_KEPT = 50
"""Characters of the target's name kept in the temporary's: the mark and the random part must
fit in a file name (255 bytes on Linux; a Chinese character takes 3)."""
_OURS = re.compile(rf"^\..*\.{MARK}\.[A-Za-z0-9_]+{re.escape(SUFFIX)}$", re.DOTALL)
_HIDDEN = 0x2
_NORMAL = 0x80


def prefix_for(target_name: str) -> str:
    return f".{target_name[:NAME_KEPT]}.{MARK}."


def create(target: Path) -> tuple[int, Path]:
    """A new temporary file for ``target``, in its folder, opened for writing (descriptor and
    path); OSError as ``tempfile.mkstemp`` raises it."""
    descriptor, name = tempfile.mkstemp(
        prefix=prefix_for(target.name), suffix=SUFFIX, dir=target.parent
    )
    path = Path(name)
    hide(path)
    return descriptor, path


def staging_name(target_name: str) -> str:
    """The fixed name of the copy a backup is made from (``<name>.bak`` is replaced by it)."""
    return f"{prefix_for(target_name)}backup{SUFFIX}"


def is_ours(name: str) -> bool:
    return _OURS.match(name) is not None


def hide(path: Path) -> None:
    """Windows' hidden attribute (a dot name hides nothing there); nothing elsewhere."""
    _set_attributes(path, _HIDDEN)


def unhide(path: Path) -> None:
    """Before the rename: the report it becomes must not be hidden."""
    _set_attributes(path, _NORMAL)


def _set_attributes(path: Path, attributes: int) -> None:
    if sys.platform == "win32":
        import ctypes

        # A failure only leaves the file as it is: visible, or hidden until the next save.
        ctypes.windll.kernel32.SetFileAttributesW(str(path), attributes)


def clear_stale(folder: Path, now: float | None = None) -> list[str]:
    """Remove the temporary files of ours in ``folder`` older than ``STALE_AFTER``; returns
    their names.  Never raises: a folder that cannot be listed, or a file someone else holds
    open (Windows), is left for another time."""
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        with os.scandir(folder) as entries:
            found = [entry for entry in entries if is_ours(entry.name)]
    except OSError:
        return removed
    for entry in found:
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue
            os.unlink(entry.path)
            removed.append(entry.name)
    return removed
