"""The window's speed figures, added to the table printed by tests/bench.py.

- Start-up: ``main.py --smoke`` (the real window, the sample loaded, exits once painted) against
  a minimal PySide6 program that shows an empty QMainWindow and exits once painted, run in turns
  in the same run; both with compiled bytecode, as an installed program has.
- Keystroke: from the key press that types a number into a 表三 cell and the Enter that commits it
  to the table and the problems panel repainted with the new findings.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MINIMAL = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()


class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False


watcher = Painted()
window.installEventFilter(watcher)
window.show()
app.exec()
"""
RUNS = 9


def _environment(home: str) -> dict[str, str]:
    env = {**os.environ, "NIANBAO_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


_startup: dict[str, float] = {}


def _measure_startup() -> dict[str, float]:
    if _startup:
        return _startup
    compileall.compile_dir(str(REPO), quiet=1, rx=__import__("re").compile(r"\.venv|packaging"))
    with tempfile.TemporaryDirectory() as home:
        minimal = Path(home) / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        env = _environment(home)
        ours_command = [sys.executable, str(REPO / "main.py"), "--smoke"]
        minimal_command = [sys.executable, str(minimal)]
        for _ in range(2):  # warm the file cache and write bytecode of the libraries
            _wall(ours_command, env)
            _wall(minimal_command, env)
        ours, plain = [], []
        for _ in range(RUNS):
            ours.append(_wall(ours_command, env))
            plain.append(_wall(minimal_command, env))
    _startup["ours"] = statistics.median(ours) * 1000
    _startup["minimal"] = statistics.median(plain) * 1000
    return _startup


def bench_startup_ours() -> tuple[float, str]:
    return _measure_startup()["ours"], "ms (median, main.py --smoke)"


def bench_startup_minimal() -> tuple[float, str]:
    return _measure_startup()["minimal"], "ms (median, empty QMainWindow)"


def bench_startup_ratio() -> tuple[float, str]:
    figures = _measure_startup()
    return figures["ours"] / figures["minimal"], "× (target ≤ 1.3)"


def bench_keystroke() -> tuple[float, str]:
    """Median ms from typing a digit and Enter in a 表三 cell to the repainted findings."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="nianbao-bench-")
    os.environ["NIANBAO_HOME"] = home
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from models import project_file
    from ui.app import create_application
    from ui.document import ReportDocument
    from ui.main_window import SAMPLE_PATH, MainWindow

    app = create_application()
    window = MainWindow(ReportDocument(project_file.load(SAMPLE_PATH)))
    window.resize(1400, 1000)
    window.show()
    index = next(i for i, s in enumerate(window.sections) if s and s.key == "requests")
    window.tabs.setCurrentIndex(index)
    page = window.page(index)
    view = page.table_view
    assert view is not None
    model = view.grid_model
    app.processEvents()

    def press(widget: object, key: int, text: str) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )

    times = []
    for n in range(40):
        view.setCurrentIndex(model.index_of("t3.new.natural"))
        view.setFocus()
        app.processEvents()
        digit = str(5 + n % 2)  # alternate, so every keystroke changes the findings
        start = time.perf_counter()
        press(view, Qt.Key.Key_5 + n % 2, digit)
        editor = QApplication.focusWidget()
        press(editor, Qt.Key.Key_Return, "\r")
        # The delegate commits in a queued call; the checks run; the table and the problems
        # panel repaint what changed.  Two rounds so every posted update request is painted.
        app.processEvents()
        app.processEvents()
        times.append(time.perf_counter() - start)
        assert window.document.report.values["t3.new.natural"] == int(digit)
    window.document.undo_stack.setClean()
    window.recovery.close()
    window.close()
    return statistics.median(times) * 1000, "ms (median; target < 16)"


GUI_BENCHMARKS: list[tuple[str, Callable[[], tuple[float, str]]]] = [
    ("start-up, main.py --smoke", bench_startup_ours),
    ("start-up, minimal PySide6 window", bench_startup_minimal),
    ("start-up ratio", bench_startup_ratio),
    ("keystroke to repainted findings (表三)", bench_keystroke),
]
