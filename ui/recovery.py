"""Autosave and crash recovery.

Every running window owns a session in the recovery folder (under the user data folder,
never beside the clerk's own file): ``<id>.gknb`` holds the last autosave, ``<id>.json`` says
which file it belongs to, and ``<id>.lock`` is held by the running program.  After a crash or
a power cut the lock is stale, and the next start offers the autosave back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox

from models import project_file, temporary_files
from models.app import APP_NAME, data_dir
from models.files import FileProblem, atomic_write, read_bytes
from models.report import Report
from ui.screen_fit import keep_on_screen

if TYPE_CHECKING:
    from ui.main_window import MainWindow

AUTOSAVE_INTERVAL_MS = 60_000
MAX_META_BYTES = 64 * 1024
"""A session's .json is a few lines; anything larger is not ours."""


@dataclass
class Recoverable:
    """An autosave left by a program that did not close normally."""

    session: str
    autosave: Path
    original: Path | None
    title: str
    saved_at: dt.datetime


def recovery_folder() -> Path:
    folder = data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class RecoverySession:
    """This program's own autosave slot."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or recovery_folder()
        # What saves killed half-way (a crash, a power cut) left here, once stale.
        temporary_files.clear_stale(self.folder)
        self.id = os.urandom(12).hex()
        self.lock = QLockFile(str(self.folder / f"{self.id}.lock"))
        self.lock.setStaleLockTime(0)
        self.lock.tryLock(0)

    @property
    def autosave_path(self) -> Path:
        return self.folder / f"{self.id}{project_file.EXTENSION}"

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{self.id}.json"

    def save(self, report: Report, original: Path | None) -> None:
        """Write the autosave; raises FileProblem (the caller shows it in the status bar)."""
        atomic_write(self.autosave_path, project_file.dumps(report).encode("utf-8"))
        meta = {
            "original": None if original is None else str(original),
            "title": report.title if report.agency else "未命名报告",
            "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        }
        atomic_write(self.meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))

    def discard(self) -> None:
        """Forget the autosave: the clerk saved, or closed without wanting the changes."""
        for path in (self.autosave_path, self.meta_path):
            with contextlib.suppress(OSError):
                path.unlink()

    def close(self) -> None:
        self.discard()
        self.lock.unlock()


def find_recoverable(folder: Path | None = None, own: str | None = None) -> list[Recoverable]:
    """Autosaves whose program is no longer running, newest first."""
    folder = folder or recovery_folder()
    found = []
    for autosave in folder.glob(f"*{project_file.EXTENSION}"):
        session = autosave.stem
        if session == own:
            continue
        lock = QLockFile(str(folder / f"{session}.lock"))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # another window is running with it
        lock.unlock()
        meta: dict[str, object] = {}
        with contextlib.suppress(FileProblem, ValueError):
            loaded = json.loads(read_bytes(folder / f"{session}.json", limit=MAX_META_BYTES))
            if isinstance(loaded, dict):
                meta = loaded
        original = meta.get("original")
        try:
            saved_at = dt.datetime.fromisoformat(str(meta.get("saved_at")))
        except ValueError:
            saved_at = dt.datetime.fromtimestamp(autosave.stat().st_mtime)
        found.append(
            Recoverable(
                session,
                autosave,
                Path(original) if isinstance(original, str) else None,
                str(meta.get("title") or "未命名报告"),
                saved_at,
            )
        )
    found.sort(key=lambda r: r.saved_at, reverse=True)
    return found


def forget(recoverable: Recoverable) -> None:
    folder = recoverable.autosave.parent
    for name in (
        f"{recoverable.session}{project_file.EXTENSION}",
        f"{recoverable.session}.json",
        f"{recoverable.session}.lock",
    ):
        with contextlib.suppress(OSError):
            (folder / name).unlink()


def offer(window: MainWindow) -> None:
    """After a crash: offer the autosaves left behind, newest first, until one is restored."""
    for found in find_recoverable(own=window.recovery.id):
        original = f"（原文件：{found.original}）" if found.original else ""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "恢复报告",
            f"{APP_NAME}上次没有正常关闭。\n发现 {found.saved_at:%Y年%m月%d日 %H:%M} "
            f"自动保存的“{found.title}”{original}。\n要恢复吗？",
            parent=window,
        )
        restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("放弃这份自动保存", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
        keep_on_screen(box)
        box.exec()
        if box.clickedButton() is restore:
            recover(window, found)
            return
        if box.clickedButton() is discard:
            forget(found)


def recover(window: MainWindow, found: Recoverable) -> bool:
    """Open the autosave as an unsaved report (it belongs to ``found.original``, if any)."""
    try:
        report = project_file.load(found.autosave)
    except FileProblem as problem:
        QMessageBox.critical(window, "无法恢复", str(problem))
        return False
    forget(found)
    window.open_unsaved(report, "已恢复自动保存的报告，请检查后保存。", found.original)
    return True
