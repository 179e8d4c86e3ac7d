"""Odd things where a report is expected (issue 24): a named pipe, a device (/dev/zero), a socket,
a link cycle, a dangling link, a folder that cannot be opened.  Each ends in a Chinese message
(``check``) or a row (``review``) within seconds and in bounded memory: only regular files are
read, through ``models.files.open_regular``, and no read is larger than its limit.

What could hang runs in a child process with a timeout, or in a thread that is given up on, so a
regression fails the test instead of hanging the suite."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from openpyxl import load_workbook

from exporters import READERS, findings_for, read_report
from exporters.file_kinds import kind_of
from exporters.xlsx import review as review_workbook
from models import files, project_file
from models.batch import merge, review
from models.files import FileProblem
from tests.conftest import SAMPLE
from tests.main_process import run_main
from tests.test_review import by_file, header_row, rows_of

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes, devices and links of POSIX")

SECONDS = 60.0
"""Far more than any of these takes (a child process starts in about a second); a regression
that waits on a pipe or reads /dev/zero without end fails at this bound instead of hanging."""
MEMORY = 2 * 1024**3
"""The address space the child process may have: reading /dev/zero without a bound exhausts it
at once (and fails) instead of taking 12 GB of the machine."""

T = TypeVar("T")


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()`` in a thread, failing the test if it has not finished in ``seconds`` (the thread
    is left to itself: a daemon, it does not keep the test run from ending)."""
    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as error:
            failed.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still waiting after {seconds} s")
    if failed:
        raise failed[0]
    return done[0]


def refused(path: Path, read: Callable[[Path], Any] = read_report) -> str:
    def attempt() -> str:
        with pytest.raises(FileProblem) as caught:
            read(path)
        return str(caught.value)

    return within(10, attempt)


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``main.py`` as a clerk runs it, bounded in time and memory."""
    return run_main(*args, timeout=SECONDS, preexec_fn=_limit_memory)


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A folder with a short path: a socket's path may have at most 107 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="nb-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def cycle(folder: Path, name: str) -> Path:
    """``name`` → ``name``.2 → ``name``: a link cycle."""
    first, second = folder / name, folder / f"{name}.2"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    return first


def device(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


# --- the one opener ------------------------------------------------------------------------------


def test_only_regular_files_are_opened(tmp_path: Path, short_tmp: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(short_tmp / "s.docx"))
        odd = {
            "命名管道（FIFO）": fifo(tmp_path / "管道.docx"),
            "设备（如 /dev/zero）": device(tmp_path / "零.pdf"),
            "套接字（socket）": short_tmp / "s.docx",
            "循环的链接": cycle(tmp_path, "循环.gknb"),
            "文件夹": tmp_path,
        }
        for words, path in odd.items():
            for read in (files.open_regular, read_report, project_file.load):
                message = refused(path, read)
                assert words in message and str(path) in message, message
                assert "可能已被移动" not in message
    finally:
        server.close()


def test_a_dangling_link_is_said_to_be_one(tmp_path: Path) -> None:
    link = tmp_path / "链接.docx"
    link.symlink_to(tmp_path / "已删除.docx")
    assert "它指向的文件已不存在" in refused(link)


def test_a_link_to_a_report_is_read(tmp_path: Path) -> None:
    link = tmp_path / "链接.gknb"
    link.symlink_to(SAMPLE)
    assert read_report(link).report == project_file.load(SAMPLE)


def test_a_pipe_put_in_place_after_the_look_is_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kind is looked at before the open and again on the descriptor opened: a pipe that
    replaced the file in between is opened without waiting (O_NONBLOCK) and then refused."""
    pipe = fifo(tmp_path / "换成管道.gknb")
    regular = os.stat(SAMPLE)
    real_stat = os.stat

    def looks_regular(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        return regular if Path(path) == pipe else real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", looks_regular)
    assert "命名管道" in refused(pipe, files.open_regular)


def test_a_file_is_never_read_past_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size is known before the read: a file over the limit is refused unread, and one that
    grows while it is read (said to be small, then longer) is read to the limit and refused."""
    path = tmp_path / "大.gknb"
    path.write_bytes(b"x" * 1000)
    assert "太大了" in refused(path, lambda p: files.read_bytes(p, limit=100))
    real_fstat = os.fstat

    def small(descriptor: int) -> os.stat_result:
        found = real_fstat(descriptor)
        return os.stat_result((*found[:6], 10, *found[7:]))  # st_size 10

    asked: list[int] = []
    real_fdopen = os.fdopen

    def counting(*args: Any, **kwargs: Any) -> Any:
        stream = real_fdopen(*args, **kwargs)
        read = stream.read

        def bounded(size: int = -1) -> bytes:
            asked.append(size)
            data: bytes = read(size)
            return data

        stream.read = bounded
        return stream

    monkeypatch.setattr(os, "fstat", small)
    monkeypatch.setattr(os, "fdopen", counting)
    assert "太大了" in refused(path, lambda p: files.read_bytes(p, limit=100))
    assert asked and all(0 <= size <= 101 for size in asked) and sum(asked) <= 101


def test_the_kind_of_a_pipe_is_not_looked_for_in_it(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "管道.docx")
    assert within(10, lambda: kind_of(pipe)) is None


def test_merge_and_its_list_refuse_a_pipe(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "名单.txt")
    assert "命名管道" in refused(pipe, merge.read_expected)
    found = within(10, lambda: merge.read_units([pipe], read_report))
    ((_, reason),) = found.failures
    assert "命名管道" in reason


def test_the_real_path_of_a_link_cycle_is_the_link(tmp_path: Path) -> None:
    link = cycle(tmp_path, "循环.docx")
    assert files.real_path(link) == link


# --- check ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda folder: fifo(folder / "管道.gknb"), "命名管道（FIFO）"),
        (lambda folder: device(folder / "零.docx"), "设备（如 /dev/zero）"),
        (lambda folder: cycle(folder, "循环.pdf"), "循环的链接"),
    ],
    ids=["pipe", "dev-zero", "link-cycle"],
)
def test_check_says_what_the_file_is_within_seconds(
    tmp_path: Path, make: Callable[[Path], Path], words: str
) -> None:
    path = make(tmp_path)
    result = run_cli("check", path)
    assert result.returncode == 2, result
    assert words in result.stderr and "请选择报告文件本身" in result.stderr
    assert "可能已被移动" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_check_of_a_link_to_dev_zero_as_the_previous_report(tmp_path: Path) -> None:
    result = run_cli("check", SAMPLE, "--previous", device(tmp_path / "上年.docx"))
    assert result.returncode == 2, result
    assert "上年报告无法读取" in result.stderr and "设备" in result.stderr


# --- review --------------------------------------------------------------------------------------


def test_review_of_a_folder_with_a_pipe_a_device_and_a_link_cycle(tmp_path: Path) -> None:
    folder = tmp_path / "各单位"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "好.gknb")
    fifo(folder / "管道.docx")
    device(folder / "零.pdf")
    cycle(folder, "循环.docx")
    fifo(folder / "管道.xlsx")  # a 问题清单 is looked for in workbooks: never in a pipe
    out = tmp_path / "问题清单.xlsx"
    result = run_cli("review", folder, "-o", out)
    assert result.returncode == 1, result  # files that cannot be read
    assert "Traceback" not in result.stderr
    rows = by_file(rows_of(load_workbook(out)["汇总"]))
    assert rows["好.gknb"]["错误"] == 0
    for name, words in (
        ("管道.docx", "命名管道"),
        ("管道.xlsx", "命名管道"),
        ("零.pdf", "设备"),
        ("循环.docx", "循环的链接"),
    ):
        assert rows[name]["主要问题"].startswith("无法读取：") and words in rows[name]["主要问题"]
    assert "4 份无法读取" in result.stdout


def _closed(monkeypatch: pytest.MonkeyPatch, closed: Path) -> None:
    """``closed`` cannot be listed, as a folder of mode 000 cannot for anyone but root (the tests
    may run as root, whom permission bits do not stop)."""
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == closed:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_opened_is_a_row_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "各单位"
    (folder / "关着的").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "好.gknb")
    shutil.copy(SAMPLE, folder / "关着的" / "看不到.gknb")
    _closed(monkeypatch, folder / "关着的")
    inputs = review.collect([folder], READERS, review_workbook.is_review_list)
    assert [shown for _, shown in inputs.files] == ["好.gknb"]
    ((path, shown, why),) = inputs.unopened
    assert path == folder / "关着的" and shown == "关着的/"
    assert "没有权限打开它" in why and "其中的报告没有读取" in why
    run = review.run_review(inputs, read_report, findings_for, workers=1)
    assert [r.shown for r in run.reviews] == ["好.gknb", "关着的/"]
    row = run.reviews[1]
    assert row.folder and not row.readable and row.problem == why
    assert run.unopened == [row] and run.unreadable == []
    summary = "\n".join(run.summary())
    assert "共审核 1 份报告" in summary
    assert "1 个文件夹无法打开，其中的报告没有审核：关着的/" in summary
    assert review.exit_status(run) == 1  # never a clean run when reports were not read
    out = tmp_path / "问题清单.xlsx"
    review_workbook.write(run, out)
    book = load_workbook(out)
    rows = by_file(rows_of(book["汇总"]))
    assert "没有权限打开它" in rows["关着的/"]["主要问题"]
    sheet = book["汇总"]
    head = " ".join(str(sheet.cell(r, 1).value) for r in range(1, header_row(sheet)))
    assert "1 个文件夹无法打开" in head


def test_a_folder_given_that_cannot_be_opened_is_a_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "各单位"
    folder.mkdir()
    _closed(monkeypatch, folder)
    inputs = review.collect([folder], READERS)
    assert inputs.files == [] and [s for _, s, _ in inputs.unopened] == ["各单位/"]
    run = review.run_review(inputs, read_report, findings_for, workers=1)
    assert review.exit_status(run) == 2  # no report read at all


def test_a_previous_year_folder_that_cannot_be_opened_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, earlier = tmp_path / "今年", tmp_path / "上年"
    (earlier / "关着的").mkdir(parents=True)
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "好.gknb")
    _closed(monkeypatch, earlier / "关着的")
    inputs, previous = review.collect([folder], READERS), review.collect([earlier], READERS)
    run = review.run_review(inputs, read_report, findings_for, previous=previous, workers=1)
    assert [r.shown for r in run.reviews] == ["好.gknb"]
    assert any("上年文件夹中 1 个文件夹无法打开" in line for line in run.summary())


@pytest.mark.skipif(
    os.name == "posix" and os.geteuid() == 0, reason="root opens a folder of mode 000"
)
def test_a_folder_of_mode_000(tmp_path: Path) -> None:
    folder = tmp_path / "各单位"
    closed = folder / "关着的"
    closed.mkdir(parents=True)
    shutil.copy(SAMPLE, closed / "看不到.gknb")
    closed.chmod(0)
    try:
        inputs = review.collect([folder], READERS)
        assert [s for _, s, _ in inputs.unopened] == ["关着的/"]
    finally:
        closed.chmod(0o755)


def test_review_of_a_closed_folder_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import main

    folder = tmp_path / "各单位"
    folder.mkdir()
    _closed(monkeypatch, folder)
    out = tmp_path / "问题清单.xlsx"
    assert main.main(["review", str(folder), "-o", str(out)]) == 2
    printed = capsys.readouterr().out
    assert "各单位/：无法读取：文件夹" in printed and "没有权限打开它" in printed
    assert out.exists()  # the row is written down, not only printed
