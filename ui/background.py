"""Long work away from the window's thread, in the spirit of Anki's QueryOp: the one way 批量审核
and 汇总 read many files while the window keeps painting and answering.

``Background(parent, work, on_success, on_failure, on_progress)`` runs ``work(progress)`` in a
thread of its own once ``start()`` is called.  ``progress(done, total, text)`` is the callback the
models take (``models.batch.review.run_review``, ``models.batch.merge.read_units``): it is passed
on to ``on_progress`` on the window's thread (and to the signal ``progressed``), and answers False
once ``cancel()`` was called, so the work stops where it can (between two files) and returns what
it has — a cancelled run is a result too.  What the work returns goes to ``on_success``; an
exception to ``on_failure`` as a sentence in Chinese.  Both are called on the window's thread,
once the thread has ended.

What may run here: reading and checking reports, and writing the .xlsx and .gknb files, which use
no Qt (python-docx, openpyxl, lxml; PDFium only behind its lock, exporters/pdf/page_content.py).
Not what lays pages out with Qt's fonts: the PDF writer and the .docx writer's page breaks belong
to the window's thread (exporters/docx/page_breaks.py), so a caller writes those in
``on_success``.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QObject, QThread, Signal, Slot

from models.files import FileProblem

T = TypeVar("T")

Progress = Callable[[int, int, str], bool]
"""``progress(done, total, text)`` as the work calls it: False once cancelled."""


def failure_message(error: BaseException) -> str:
    """What the clerk reads when the work failed: a file problem says it in its own words."""
    if isinstance(error, FileProblem):
        return str(error)
    if isinstance(error, MemoryError):
        return "内存不足，没有完成。请关闭其他程序，或分几次处理较少的文件。"
    return f"出现意外错误，没有完成（{type(error).__name__}：{error}）。"


class _Thread(QThread):
    """Runs the work and keeps what came of it for the window's thread to collect."""

    def __init__(self, work: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self.work = work
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work()
        except Exception as error:  # every failure is the clerk's message, not a lost thread
            self.error = error
            if sys.stderr is not None:  # (a windowed frozen program has none) for who debugs it
                traceback.print_exception(error, file=sys.stderr)


class Background(QObject, Generic[T]):
    """One run of ``work`` away from the window's thread (see the module's docstring)."""

    progressed = Signal(int, int, str)
    """``done, total, text`` as the work tells them, received on the window's thread."""

    def __init__(
        self,
        parent: QObject,
        work: Callable[[Progress], T],
        on_success: Callable[[T], object],
        on_failure: Callable[[str], object],
        on_progress: Callable[[int, int, str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        # A slot of this object, which lives on the window's thread: the signal, emitted in the
        # work's thread, is queued to it there.
        self.progressed.connect(self._progressed)
        self._stop = threading.Event()
        self._thread: _Thread | None = None
        """While it runs (until its result is delivered)."""
        self.started = False

    def start(self) -> None:
        """Start the work (once)."""
        assert not self.started, "a Background runs once"
        self.started = True
        self._thread = _Thread(lambda: self._work(self._progress), self)
        self._thread.finished.connect(self._finished)
        self._thread.start()

    def _progress(self, done: int, total: int, text: str) -> bool:
        """In the work's thread: tell the window (a signal, queued to its thread) and answer
        whether to go on."""
        self.progressed.emit(done, total, text)
        return not self._stop.is_set()

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)

    def cancel(self) -> None:
        """Ask the work to stop at its next step; it ends with what it has."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def is_running(self) -> bool:
        """Started, and its result not yet delivered."""
        return self._thread is not None

    def wait(self) -> None:
        """Block until the work's thread has ended (the program is ending: after ``cancel``, it
        finishes the file in hand).  The result is still delivered by the event loop, if any."""
        if self._thread is not None:
            self._thread.wait()

    @Slot()
    def _finished(self) -> None:
        thread = self._thread
        assert thread is not None
        self._thread = None
        thread.deleteLater()
        if thread.error is not None:
            self._on_failure(failure_message(thread.error))
        else:
            self._on_success(cast(T, thread.result))  # what the work returned
