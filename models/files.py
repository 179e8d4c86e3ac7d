"""Safe file reading and writing, and Chinese explanations of file errors, shared by every reader
and writer.

Every file read goes through ``open_regular``: only a regular file is opened (a named pipe, a
device such as /dev/zero, a socket or a folder is refused with a message, never waited on or
read without end), links are followed and a link cycle is said to be one, and the size is known
before the read starts (``read_bytes`` reads at most its limit).

A write goes to a temporary file in the target's folder (``models.temporary_files``: a name a
clerk recognises, cleaned up by a later save once stale), is flushed and synced to disk, and
then replaces the target in one step, so a crash, a power cut or a full disk leaves either the
old file or the new one, never half of one.  A target that is read-only (its permission bits,
as Windows would refuse it, even for root), not a regular file, or in a read-only folder is
refused before anything is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from models import temporary_files


class FileProblem(Exception):
    """A file could not be read or written; the message is Chinese and says what to do."""

    @property
    def on_command_line(self) -> str:
        """The message as the command line prints it (``WriteProblem`` words its own)."""
        return str(self)


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


KEPT_IN_WINDOW = "已填写的内容仍在程序中，没有丢失。"
NOTHING_WRITTEN = "没有写入任何文件。"


class WriteProblem(FileProblem):
    """A file could not be written; nothing was changed (the target, if any, is as it was).

    The message (the exception's one argument) says what went wrong and what to do, in words
    true wherever it is shown; ``str()`` adds what the window keeps (the report being filled in
    is still there), ``on_command_line`` what a command that ends here leaves: nothing written."""

    def __str__(self) -> str:
        return f"{self.args[0] if self.args else ''}{KEPT_IN_WINDOW}"

    @property
    def on_command_line(self) -> str:
        return f"{self.args[0] if self.args else ''}{NOTHING_WRITTEN}"


BACKUP_SUFFIX = ".bak"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; with ``keep_backup`` the previous file is kept as
    ``<name>.bak``.  Raises WriteProblem with a Chinese message; the target is untouched then.
    Stale temporary files of earlier saves that never finished are cleaned up afterwards."""
    path = Path(path)
    folder = path.parent
    _refuse_protected(path)
    try:
        descriptor, temporary = temporary_files.create(path)
    except OSError as error:
        raise WriteProblem(describe_os_error(error, path, writing=True)) from error
    try:
        _give_mode(descriptor, path)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if keep_backup and path.exists():
            _refresh_backup(path)
        temporary_files.unhide(temporary)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise WriteProblem(describe_os_error(error, path, writing=True)) from error
    _sync_folder(folder)
    temporary_files.clear_stale(folder)


def _refuse_protected(path: Path) -> None:
    """Refuse, before anything is written, a target that must not be replaced: a read-only file
    (by its permission bits, which is how Windows refuses it, and which root would otherwise
    write over; os.access says yes to root), something that is no regular file (a device such
    as /dev/null: the rename would put a file in its place), or a folder without write
    permission (POSIX only: on Windows a folder's read-only flag only marks a customised
    folder)."""
    name = f"“{path}”"
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None
    except OSError as error:  # a link cycle, a name too long …
        raise WriteProblem(describe_os_error(error, path, writing=True)) from error
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise WriteProblem(f"{name}是一个文件夹，不能保存为它。请另选一个文件名保存。")
        if not stat.S_ISREG(found.st_mode):
            raise WriteProblem(
                f"{name}是{_odd_kind(found.st_mode)}，不是普通文件，年报助手不会写入或替换它。"
                "请另选一个文件名保存。"
            )
        if not found.st_mode & 0o222:
            raise WriteProblem(
                f"{name}是只读文件，年报助手没有替换它。请另选一个文件名保存；如果确实要替换它，"
                "请先在文件的属性中取消“只读”。"
            )
    if os.name == "posix":
        try:
            mode = os.stat(path.parent).st_mode
        except OSError:
            return  # the temporary file's creation says what is wrong with the folder
        if stat.S_ISDIR(mode) and not mode & 0o222:
            raise WriteProblem(
                f"文件夹“{path.parent}”是只读的，不能在其中保存“{path.name}”。"
                "请另选一个文件夹保存。"
            )


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
    staging = backup.with_name(temporary_files.staging_name(backup.name))
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


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    # A named pipe put in place of the file after the look is not waited on when opened.
    | getattr(os, "O_NONBLOCK", 0)
)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file (links followed); FileProblem with a
    Chinese reason if not — a folder, a named pipe, a device, a socket, a link cycle, a file
    that is not there or not allowed.  Nothing is waited on: the kind is looked at before the
    open, and again on the descriptor opened, which is what is read."""
    path = Path(path)
    try:
        _refuse_odd(os.stat(path).st_mode, path)
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        raise FileProblem(describe_os_error(error, path, writing=False)) from error
    try:
        _refuse_odd(os.fstat(descriptor).st_mode, path)
        if _READ_FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException as error:
        os.close(descriptor)
        if isinstance(error, OSError):
            raise FileProblem(describe_os_error(error, path, writing=False)) from error
        raise


def _refuse_odd(mode: int, path: Path) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise FileProblem(describe_os_error(IsADirectoryError(21, ""), path, writing=False))
    raise FileProblem(
        f"“{path}”是{_odd_kind(mode)}，不是普通文件，年报助手不读取它。"
        "请选择报告文件本身（.gknb、.docx、.xlsx、.pdf 或保存的网页）。"
    )


def _odd_kind(mode: int) -> str:
    """What a file that is no regular file is, in words a clerk may look up."""
    if stat.S_ISFIFO(mode):
        return "一个命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "一个设备（如 /dev/zero）"
    if stat.S_ISSOCK(mode):
        return "一个套接字（socket）"
    return "一个特殊文件"


def read_bytes(path: Path, *, limit: int) -> bytes:
    """The contents of the regular file ``path`` (``open_regular``), refusing files over
    ``limit`` bytes; FileProblem on failure.  At most ``limit`` + 1 bytes are ever read, even
    from a file that grows while it is read."""
    path = Path(path)
    data = b""
    with open_regular(path) as stream:
        try:
            size = os.fstat(stream.fileno()).st_size
            if size <= limit:
                data = stream.read(size + 1)
                if len(data) > size:  # it grew since: read on, as far as the limit allows
                    data += stream.read(limit + 1 - len(data))
        except OSError as error:
            raise FileProblem(describe_os_error(error, path, writing=False)) from error
    if size > limit or len(data) > limit:
        size = max(size, len(data))
        raise FileProblem(
            f"“{path.name}”有 {size / 1048576:.1f} MB，太大了，不像是年报助手能读的文件。"
            "请确认选择的文件是否正确。"
        )
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of the regular file ``path`` (fewer if it is shorter);
    FileProblem as ``open_regular``."""
    with open_regular(path) as stream:
        try:
            return stream.read(size)
        except OSError as error:
            raise FileProblem(describe_os_error(error, path, writing=False)) from error


def real_path(path: Path) -> Path:
    """``path`` with its links followed, for telling whether two paths are one file; a path
    whose links cannot be followed (a cycle: Path.resolve raises RuntimeError before Python
    3.13, OSError after) is taken as it is, made absolute — its reader says what is wrong."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def describe_os_error(error: OSError, path: Path, *, writing: bool) -> str:
    """A Chinese sentence that says what went wrong with ``path`` and what the clerk can do.

    A write's sentence says nothing of what the program keeps: ``WriteProblem`` adds that where
    it is shown (the window keeps the report, a command keeps nothing)."""
    name = f"“{path}”"
    code = error.errno
    if code == errno.ELOOP or getattr(error, "winerror", None) == _CANT_RESOLVE_FILENAME:
        what = "请另选一个文件名保存。" if writing else "请选择报告文件本身，或修正这个链接。"
        return (
            f"{name}是一个循环的链接（快捷方式指向自己，或几个链接互相指向），找不到真正的文件。"
            + what
        )
    if isinstance(error, FileNotFoundError):
        if writing:
            return f"无法保存到{name}：所在文件夹不存在。请另选一个文件夹保存。"
        if os.path.islink(path):
            return f"{name}是一个链接（快捷方式），它指向的文件已不存在。请选择报告文件本身。"
        return f"找不到文件{name}：它可能已被移动、改名或删除。"
    if isinstance(error, IsADirectoryError):
        return f"{name}是一个文件夹，不是文件。请选择一个文件。"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"磁盘空间不足，无法保存{name}。请清理磁盘，或保存到其他磁盘或U盘。"
    if code == errno.EROFS:
        return f"{name}所在的磁盘是只读的，不能写入。请换一个位置保存。"
    if code == errno.ENAMETOOLONG:
        return f"文件名或路径太长：{name}。请换一个短一些的文件名或文件夹。"
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EBUSY):
        if writing:
            return (
                f"无法写入{name}：文件可能正被其他程序（如 Word、WPS）打开，或者所在文件夹"
                "不允许写入。请关闭占用它的程序后重试，或换一个位置保存。"
            )
        return f"没有权限读取{name}：文件可能正被其他程序占用。请关闭占用它的程序后重试。"
    reason = error.strerror or str(error)
    action = "保存" if writing else "读取"
    return f"无法{action}{name}：{reason}。"


_CANT_RESOLVE_FILENAME = 1921
"""Windows' error for a link cycle (ERROR_CANT_RESOLVE_FILENAME); Python gives it no errno."""


def describe_folder_error(error: OSError, folder: Path) -> str:
    """Why the folder ``folder`` could not be looked into, and what to do (for a folder of
    reports: those in it were not read)."""
    name = f"文件夹“{folder}”"
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        why = "没有权限打开它"
    elif error.errno == errno.ELOOP:
        why = "它是一个循环的链接"
    elif isinstance(error, FileNotFoundError):
        why = "它已不存在（可能已被移动、改名或删除）"
    else:
        why = error.strerror or str(error)
    return (
        f"{name}无法打开：{why}，其中的报告没有读取。请确认能在文件管理器中打开这个文件夹"
        "（或把报告复制到能打开的文件夹中）后再试。"
    )


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
