"""Safe file writing and Chinese explanations of file errors, shared by every writer.

A write goes to a temporary file in the target's folder, is flushed and synced to disk, and then
replaces the target in one step, so a crash, a power cut or a full disk leaves either the old file
or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path


class FileProblem(Exception):
    """A file could not be read or written; the message is Chinese and says what to do."""


class NotAReport(FileProblem):
    """The file was read, but it is not a 政府信息公开工作年度报告 (a comparison of two years'
    reports, a letter, a news page): it is set aside, not checked.  ``why`` says what it is
    instead, in Chinese, for the lists that show the message's gist apart from its advice."""

    why: str = ""

    @classmethod
    def of(cls, name: str, why: str) -> NotAReport:
        """The refusal of the file ``name`` because of ``why``.  (Built here rather than in an
        ``__init__`` of its own, so the exception still pickles with its one argument.)"""
        problem = cls(
            f"“{name}”不是政府信息公开工作年度报告（{why}），没有按年度报告检查。"
            "请选择年度报告本身的文件（Word、PDF 或保存的网页）；要比对两个年度，"
            "请分别选择这两年的报告。"
        )
        problem.why = why
        return problem


BACKUP_SUFFIX = ".bak"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; with ``keep_backup`` the previous file is kept as
    ``<name>.bak``.  Raises FileProblem with a Chinese message; the target is untouched then."""
    path = Path(path)
    folder = path.parent
    try:
        descriptor, temporary_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=folder
        )
    except OSError as error:
        raise FileProblem(describe_os_error(error, path, writing=True)) from error
    temporary = Path(temporary_name)
    try:
        _give_mode(descriptor, path)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if keep_backup and path.exists():
            _refresh_backup(path)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise FileProblem(describe_os_error(error, path, writing=True)) from error
    _sync_folder(folder)


def _give_mode(descriptor: int, path: Path) -> None:
    """Give the temporary file the permissions the saved file should have: those of the file it
    replaces, or the usual ones for a new file.  mkstemp makes it private (0600), and the rename
    would otherwise carry that over and hide the report from other users of a shared folder."""
    if sys.platform == "win32":  # only the read-only flag exists there, and mkstemp leaves it off
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    with contextlib.suppress(OSError):  # some network and FAT mounts refuse; the save still counts
        os.fchmod(descriptor, mode)


def _umask() -> int:
    try:  # Linux shows it without changing it
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _refresh_backup(path: Path) -> None:
    """Make ``<name>.bak`` a complete copy of the current file, itself replaced atomically."""
    backup = backup_path(path)
    staging = backup.with_name(f".{backup.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    try:
        try:
            os.link(path, staging)  # cheap and complete; not every file system has hard links
        except OSError:
            shutil.copyfile(path, staging)
        os.replace(staging, backup)
    except OSError:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles for this."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def read_bytes(path: Path, *, limit: int) -> bytes:
    """The contents of ``path``, refusing files over ``limit`` bytes; FileProblem on failure."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise FileProblem(
                f"“{path.name}”有 {size / 1048576:.1f} MB，太大了，不像是年报助手能读的文件。"
                "请确认选择的文件是否正确。"
            )
        return path.read_bytes()
    except OSError as error:
        raise FileProblem(describe_os_error(error, path, writing=False)) from error


def describe_os_error(error: OSError, path: Path, *, writing: bool) -> str:
    """A Chinese sentence that says what went wrong with ``path`` and what the clerk can do."""
    name = f"“{path}”"
    keep = "已填写的内容仍在程序中，没有丢失。" if writing else ""
    code = error.errno
    if isinstance(error, FileNotFoundError):
        if writing:
            return f"无法保存到{name}：所在文件夹不存在。请另选一个文件夹保存。{keep}"
        return f"找不到文件{name}：它可能已被移动、改名或删除。"
    if isinstance(error, IsADirectoryError):
        return f"{name}是一个文件夹，不是文件。请选择一个文件。"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"磁盘空间不足，无法保存{name}。请清理磁盘，或另存到其他磁盘或U盘。{keep}"
    if code == errno.EROFS:
        return f"{name}所在的磁盘是只读的，不能写入。请另存到其他位置。{keep}"
    if code == errno.ENAMETOOLONG:
        return f"文件名或路径太长：{name}。请换一个短一些的文件名或文件夹。{keep}"
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EBUSY):
        if writing:
            return (
                f"无法写入{name}：文件可能正被其他程序（如 Word、WPS）打开，或者所在文件夹"
                f"不允许写入。请关闭占用它的程序后重试，或另存到其他位置。{keep}"
            )
        return f"没有权限读取{name}：文件可能正被其他程序占用。请关闭占用它的程序后重试。"
    reason = error.strerror or str(error)
    action = "保存" if writing else "读取"
    return f"无法{action}{name}：{reason}。{keep}"


def is_hidden(path: Path) -> bool:
    """A hidden file or folder (a dot name, or Windows' hidden attribute) or an Office lock file
    (~$报告.docx)."""
    if path.name.startswith((".", "~$")):
        return True
    try:
        attributes = getattr(os.stat(path, follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))
