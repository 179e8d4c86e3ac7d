"""Writing onto what must not be replaced, and what a save leaves behind (issue 24).

A read-only target (mode 0444, as Windows' read-only flag shows) or a folder without write
permission is refused before anything is written — decided by the permission bits, so also
when the tests run as root, whom the bits do not stop; a device is never replaced by a file.
Temporary files carry a name a clerk recognises and are cleaned up by a later save once stale.
The command line speaks of itself, not of the window; in the window the clerk may choose
another name."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from exporters import export_report, read_report
from models import project_file, temporary_files
from models.files import (
    KEPT_IN_WINDOW,
    NOTHING_WRITTEN,
    WriteProblem,
    atomic_write,
    describe_os_error,
)
from tests.conftest import SAMPLE
from tests.main_process import run_main

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits and devices")


def sample_docx(path: Path) -> Path:
    export_report(project_file.load(SAMPLE), path, draft=True)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def refusal(path: Path, data: bytes = b"new", **kwargs: Any) -> WriteProblem:
    with pytest.raises(WriteProblem) as caught:
        atomic_write(path, data, **kwargs)
    return caught.value


# --- what must not be replaced -------------------------------------------------------------------


def test_a_read_only_docx_is_not_replaced(tmp_path: Path) -> None:
    target = sample_docx(tmp_path / "报告.docx")
    target.chmod(0o444)
    before = snapshot(tmp_path)
    with pytest.raises(WriteProblem) as caught:
        export_report(project_file.load(SAMPLE), target, draft=True)
    message = str(caught.value)
    assert "是只读文件" in message and "请另选一个文件名保存" in message
    assert snapshot(tmp_path) == before  # the old file as it was, and nothing left beside it
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


@pytest.mark.parametrize("backup", [False, True])
def test_a_read_only_project_is_not_replaced_nor_its_backup(tmp_path: Path, backup: bool) -> None:
    target = tmp_path / "报告.gknb"
    project_file.save(project_file.load(SAMPLE), target)
    target.chmod(0o444)
    before = snapshot(tmp_path)
    assert "是只读文件" in str(refusal(target, keep_backup=backup))
    assert snapshot(tmp_path) == before


@posix_only
def test_a_read_only_folder_is_refused_by_its_bits(tmp_path: Path) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        message = str(refusal(folder / "报告.docx"))
        assert f"文件夹“{folder}”是只读的" in message and "请另选一个文件夹保存" in message
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@posix_only
def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    link = tmp_path / "空.docx"
    link.symlink_to(os.devnull)
    message = str(refusal(link))
    assert "是一个设备" in message and "不会写入或替换它" in message
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and link.is_symlink()


def test_a_folder_is_not_a_target(tmp_path: Path) -> None:
    (tmp_path / "报告.docx").mkdir()
    assert "是一个文件夹" in str(refusal(tmp_path / "报告.docx"))


@posix_only
def test_a_link_cycle_as_the_target_is_said_to_be_one(tmp_path: Path) -> None:
    first, second = tmp_path / "甲.docx", tmp_path / "乙.docx"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    message = str(refusal(first))
    assert "循环的链接" in message and "请另选一个文件名保存" in message


def test_a_writable_file_is_replaced_as_before(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o640


# --- the wording: the window keeps the report, a command keeps nothing ---------------------------


def test_a_write_problem_speaks_to_the_window_and_to_the_command_line(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    problem = refusal(target)
    assert str(problem).endswith(KEPT_IN_WINDOW)
    assert problem.on_command_line.endswith(NOTHING_WRITTEN)
    assert KEPT_IN_WINDOW not in problem.on_command_line
    error = describe_os_error(PermissionError(13, ""), target, writing=True)
    assert KEPT_IN_WINDOW not in error  # the sentence itself is true wherever it is shown


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_main(*args)


@pytest.mark.parametrize("command", ["export", "import", "merge", "review"])
def test_the_command_line_says_nothing_was_written(tmp_path: Path, command: str) -> None:
    suffix = {"export": ".docx", "review": ".xlsx"}.get(command, ".gknb")
    target = tmp_path / f"只读{suffix}"
    target.write_bytes(b"old")
    target.chmod(0o444)
    args: list[str | Path] = [command, SAMPLE, "-o", target]
    if command == "export":
        args.append("--draft")
    result = run_cli(*args)
    assert result.returncode == 2, result
    assert "是只读文件" in result.stderr and NOTHING_WRITTEN in result.stderr
    assert KEPT_IN_WINDOW not in result.stderr and "没有丢失" not in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == b"old"


# --- temporary files -----------------------------------------------------------------------------


def test_the_temporary_file_has_a_recognisable_name_and_is_not_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    replace = os.replace

    def watch(source: Any, target: Any) -> None:
        seen.append(Path(source).name)
        replace(source, target)

    monkeypatch.setattr(os, "replace", watch)
    atomic_write(tmp_path / "报告.docx", b"new")
    (name,) = seen
    assert name.startswith(".报告.docx.年报助手临时文件.") and name.endswith(".tmp")
    assert temporary_files.is_ours(name)
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_a_long_name_still_makes_a_temporary_name(tmp_path: Path) -> None:
    name = "很" * 80 + ".docx"  # 245 bytes: with the mark and the random part it would not fit
    atomic_write(tmp_path / name, b"new")
    assert (tmp_path / name).read_bytes() == b"new"


def test_the_temporary_file_is_hidden_and_shown_before_it_becomes_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' hidden attribute: set when the file is made, taken off before the rename (the
    report would be hidden otherwise).  Here the calls are recorded; Windows itself is not."""
    calls: list[tuple[str, int, bool]] = []

    def record(path: Path, attributes: int) -> None:
        calls.append((path.name, attributes, (tmp_path / "报告.docx").exists()))

    monkeypatch.setattr(temporary_files, "_set_attributes", record)
    atomic_write(tmp_path / "报告.docx", b"new")
    (hidden, shown) = calls
    assert hidden[0] == shown[0] and temporary_files.is_ours(hidden[0])
    assert (hidden[1], shown[1]) == (0x2, 0x80)
    assert not shown[2]  # shown again before the rename


def _left(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_bytes(b"half a report")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_an_interrupted_save_leaves_a_file_of_ours_that_a_later_save_takes_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "报告.gknb"
    project_file.save(project_file.load(SAMPLE), target)

    def killed(source: Any, target: Any) -> None:
        raise KeyboardInterrupt  # as a kill between writing and renaming leaves it

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new")
    monkeypatch.undo()
    (left,) = [p for p in tmp_path.iterdir() if temporary_files.is_ours(p.name)]
    assert left.name.startswith(".报告.gknb.年报助手临时文件.")
    then = time.time() - 2 * temporary_files.STALE_AFTER
    os.utime(left, (then, then))
    project_file.save(project_file.load(SAMPLE), target)
    assert not left.exists()
    assert read_report(target).report == project_file.load(SAMPLE)


def test_only_stale_files_of_ours_are_cleaned_up(tmp_path: Path) -> None:
    hour = temporary_files.STALE_AFTER
    stale = [
        _left(tmp_path, ".报告.docx.年报助手临时文件.abc123_x.tmp", 2 * hour),
        _left(tmp_path, ".报告.gknb.bak.年报助手临时文件.backup.tmp", 2 * hour),
    ]
    kept = [
        _left(tmp_path, ".报告.docx.年报助手临时文件.fresh12.tmp", 60),  # a save still going
        _left(tmp_path, ".报告.docx.k3j9x2ab.tmp", 2 * hour),  # not ours (or an old version's)
        _left(tmp_path, "年报助手临时文件.tmp", 2 * hour),  # the clerk's own name
        _left(tmp_path, "报告.docx", 2 * hour),
    ]
    (tmp_path / ".x.年报助手临时文件.dir.tmp").mkdir()  # a folder is never removed
    atomic_write(tmp_path / "另一份.docx", b"new")
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert (tmp_path / ".x.年报助手临时文件.dir.tmp").is_dir()


def test_the_autosave_folder_is_cleaned_at_start(tmp_path: Path) -> None:
    from ui.recovery import RecoverySession

    stale = _left(tmp_path, ".abc.gknb.年报助手临时文件.k3j9x2ab.tmp", 7200)
    fresh = _left(tmp_path, ".abc.gknb.年报助手临时文件.zzzzzzzz.tmp", 10)
    session = RecoverySession(tmp_path)
    try:
        assert not stale.exists() and fresh.exists()
    finally:
        session.close()


# --- the window: another name --------------------------------------------------------------------


def _answer_save_dialog(monkeypatch: pytest.MonkeyPatch, *targets: Path) -> list[str]:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []
    queue = list(targets)

    def answer(parent: Any, title: str, name: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(name)
        return str(queue.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return asked


def test_the_window_offers_another_name_for_a_read_only_docx(
    sample_window: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    no_blocking_dialogs: list[tuple[str, str]],
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.conftest import ANSWERS
    from ui.commands import word as word_actions

    locked = tmp_path / "报告.docx"
    locked.write_bytes(b"old")
    locked.chmod(0o444)
    other = tmp_path / "报告（新）.docx"
    asked = _answer_save_dialog(monkeypatch, locked, other)
    ANSWERS["critical"] = QMessageBox.StandardButton.Yes
    assert word_actions.export_word(sample_window)
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "是只读文件" in text and "要换一个文件名导出吗" in text
    assert KEPT_IN_WINDOW in text
    assert len(asked) == 2 and locked.read_bytes() == b"old"
    assert read_report(other).report == sample_window.document.report
    # Declined: nothing more is asked, nothing written.
    _answer_save_dialog(monkeypatch, locked)
    ANSWERS["critical"] = QMessageBox.StandardButton.No
    assert not word_actions.export_word(sample_window)
    assert locked.read_bytes() == b"old"


def test_saving_onto_a_read_only_project_offers_save_as(
    sample_window: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    no_blocking_dialogs: list[tuple[str, str]],
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.conftest import ANSWERS

    locked = tmp_path / "报告.gknb"
    locked.write_bytes(SAMPLE.read_bytes())
    locked.chmod(0o444)
    other = tmp_path / "报告2.gknb"
    _answer_save_dialog(monkeypatch, other)
    ANSWERS["critical"] = QMessageBox.StandardButton.Yes
    assert sample_window.save_to(locked)
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "是只读文件" in text and "另存为" in text
    assert sample_window.document.path == other.resolve()
    assert locked.read_bytes() == SAMPLE.read_bytes()
