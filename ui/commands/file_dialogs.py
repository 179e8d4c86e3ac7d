"""Where every file dialog opens, and the folder last used in one, remembered in the settings.

A clerk keeps the year's reports in one folder (D:\\年报\\2024), rarely the home folder: a dialog
opens where the last one was left, so each 导入, 导出 and 打开 does not start with a walk from the
home folder.  What belongs beside the open report (its exports) opens beside it.  Every file
dialog of the window goes through here, so all of them remember alike.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ui.settings import settings

LAST_FOLDER_KEY = "files/last_folder"
"""QSettings key: the folder of the file last chosen (or the folder chosen) in a file dialog."""


def last_folder() -> Path | None:
    """The folder last used in a file dialog, if it is still there."""
    value = settings().value(LAST_FOLDER_KEY, "")
    if not isinstance(value, str) or not value:
        return None
    folder = Path(value)
    return folder if folder.is_dir() else None


def start_folder(beside: Path | None = None) -> Path:
    """Where a dialog opens: ``beside`` (the open report's folder, for what is saved beside it)
    when it is there, else the folder last used, else the home folder."""
    if beside is not None and beside.is_dir():
        return beside
    return last_folder() or Path.home()


def remember(path: Path | str) -> None:
    """Remember the folder of ``path`` (a file chosen) or ``path`` itself (a folder chosen)."""
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    store = settings()
    store.setValue(LAST_FOLDER_KEY, str(folder))
    store.sync()


def open_file(
    parent: QWidget | None, title: str, file_filter: str, *, beside: Path | None = None
) -> Path | None:
    """One file to read, or None when the clerk cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(beside)), file_filter)
    return _chosen(name)


def open_files(
    parent: QWidget | None, title: str, file_filter: str, *, beside: Path | None = None
) -> list[Path]:
    """Files to read (none when the clerk cancelled)."""
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder(beside)), file_filter)
    paths = [Path(n) for n in names if n]
    if paths:
        remember(paths[0])
    return paths


def save_file(
    parent: QWidget | None,
    title: str,
    suggested: str | Path,
    file_filter: str,
    *,
    beside: Path | None = None,
) -> Path | None:
    """A file to write, or None.  ``suggested`` is a file name (put in the folder the dialog
    opens in) or a whole path (kept as it is)."""
    suggestion = Path(suggested)
    start = suggestion if suggestion.is_absolute() else start_folder(beside) / suggestion
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    return _chosen(name)


def folder(
    parent: QWidget | None, title: str, *, start: Path | None = None, beside: Path | None = None
) -> Path | None:
    """A folder, or None.  ``start``: where to open when it is there (the folder already in a
    field), else as every dialog."""
    opening = start if start is not None and start.is_dir() else start_folder(beside)
    name = QFileDialog.getExistingDirectory(parent, title, str(opening))
    return _chosen(name)


def _chosen(name: str) -> Path | None:
    if not name:
        return None
    path = Path(name)
    remember(path)
    return path
