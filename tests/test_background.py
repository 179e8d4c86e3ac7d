"""ui/background.py, the one helper for long work (批量审核, 汇总): the work runs away from the
window's thread, its progress and its result arrive on the window's thread, a failure arrives as
a sentence in Chinese, and a cancel stops the work at its next step with what it has."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject

from models.files import FileProblem
from ui.background import Background, Progress

WAIT_MS = 10_000


def on_gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class Seen:
    """What the window's side received, and on which thread."""

    def __init__(self) -> None:
        self.results: list[object] = []
        self.failures: list[str] = []
        self.progress: list[tuple[int, int, str]] = []
        self.threads: list[bool] = []
        """For each call: whether it came on the window's thread."""

    def success(self, result: object) -> None:
        self.threads.append(on_gui_thread())
        self.results.append(result)

    def failure(self, message: str) -> None:
        self.threads.append(on_gui_thread())
        self.failures.append(message)

    def progressed(self, done: int, total: int, text: str) -> None:
        self.threads.append(on_gui_thread())
        self.progress.append((done, total, text))

    @property
    def delivered(self) -> bool:
        return bool(self.results or self.failures)


def run(qtbot, work: Callable[[Progress], object]) -> tuple[Background[object], Seen]:
    parent = QObject()
    seen = Seen()
    job: Background[object] = Background(parent, work, seen.success, seen.failure, seen.progressed)
    job.start()
    assert job.is_running()
    qtbot.waitUntil(lambda: seen.delivered, timeout=WAIT_MS)
    assert not job.is_running()
    job.parent_kept = parent  # type: ignore[attr-defined]  # (the job is its child)
    return job, seen


def test_the_work_runs_away_from_the_window_and_its_result_comes_back(qtbot) -> None:
    where: list[bool] = []

    def work(progress: Progress) -> str:
        where.append(on_gui_thread())
        for done in range(3):
            assert progress(done, 3, f"第 {done + 1} 份")
        return "完成"

    job, seen = run(qtbot, work)
    assert where == [False]
    assert seen.results == ["完成"] and seen.failures == []
    qtbot.waitUntil(lambda: len(seen.progress) == 3, timeout=WAIT_MS)
    assert seen.progress == [(0, 3, "第 1 份"), (1, 3, "第 2 份"), (2, 3, "第 3 份")]
    assert all(seen.threads)  # the progress and the result on the window's thread
    assert not job.cancelled


def test_a_file_problem_comes_back_in_its_own_words(qtbot) -> None:
    def work(progress: Progress) -> None:
        raise FileProblem("无法读取“甲.docx”：文件已损坏。")

    _, seen = run(qtbot, work)
    assert seen.results == [] and seen.failures == ["无法读取“甲.docx”：文件已损坏。"]
    assert all(seen.threads)


def test_an_unexpected_error_comes_back_as_a_chinese_message(qtbot, capsys) -> None:
    def work(progress: Progress) -> None:
        raise ValueError("bad value")

    _, seen = run(qtbot, work)
    assert seen.results == []
    [message] = seen.failures
    assert message.startswith("出现意外错误，没有完成") and "ValueError" in message
    assert "Traceback" in capsys.readouterr().err  # for whoever looks into it


def test_cancel_stops_the_work_at_its_next_step_with_what_it_has(qtbot) -> None:
    started = threading.Event()
    cancelled = threading.Event()

    def work(progress: Progress) -> int:
        done = 0
        while progress(done, 1000, ""):
            started.set()
            assert cancelled.wait(WAIT_MS / 1000)  # the clerk presses 取消 meanwhile
            done += 1
        return done

    parent = QObject()
    seen = Seen()
    job: Background[int] = Background(parent, work, seen.success, seen.failure)
    job.start()
    assert started.wait(WAIT_MS / 1000)
    job.cancel()
    cancelled.set()
    qtbot.waitUntil(lambda: seen.delivered, timeout=WAIT_MS)
    assert job.cancelled and not job.is_running()
    assert seen.results == [1] and seen.failures == []  # one step done, then it stopped


def test_waiting_for_a_cancelled_run_when_the_program_ends(qtbot) -> None:
    """As at quitting: cancel, then wait for the thread without the event loop."""
    steps: list[int] = []

    def work(progress: Progress) -> int:
        while progress(len(steps), 0, ""):
            steps.append(1)
            time.sleep(0.005)  # a file read
        return len(steps)

    parent = QObject()
    seen = Seen()
    job: Background[int] = Background(parent, work, seen.success, seen.failure)
    job.start()
    qtbot.waitUntil(lambda: len(steps) > 0, timeout=WAIT_MS)
    job.cancel()
    job.wait()
    qtbot.waitUntil(lambda: seen.delivered, timeout=WAIT_MS)  # (delivered once events run)
    assert seen.results == [len(steps)]
