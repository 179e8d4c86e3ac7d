"""The window's speed figures, added to the table printed by tests/bench.py.

- Start-up: ``main.py --smoke`` (the real window, the sample loaded, exits once painted) against
  a minimal PySide6 program that shows an empty QMainWindow and exits once painted, run in turns
  in the same run; both with compiled bytecode, as an installed program has.  A third program,
  COMPARABLE, shows the same kinds and numbers of widgets and Chinese text as the real window's
  first frame, in plain PySide6 without any of the program's code, and leaves the way main.py
  does (without Python's clean-up pass): it tells how much of the start-up is Qt showing such a
  window at all, and how much is the program's own code.
- Start page: ``main.py`` without a file, as a clerk starts the program from the menu: the start
  page (新建, 打开, the recent files …) painted, the window's empty report behind it.
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
# Both plain programs end like main.py --smoke: show the window, quit once it has painted.
SHOW_UNTIL_PAINTED = """

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
MINIMAL = (
    """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
"""
    + SHOW_UNTIL_PAINTED
)
COMPARABLE = (
    """
import os
import sys
from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDateEdit, QDockWidget, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMainWindow, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QTableView, QTabWidget,
    QVBoxLayout, QWidget,
)

app = QApplication(sys.argv)
font = QFont()
font.setFamilies(["Microsoft YaHei UI", "Noto Sans CJK SC", "WenQuanYi Micro Hei"])
font.setPointSizeF(10)
app.setFont(font)
window = QMainWindow()
window.resize(1280, 860)
window.setWindowTitle("示例窗口[*] — 示例程序")
for menu_title in ("文件(&F)", "编辑(&E)", "年度(&Y)", "工具(&T)", "视图(&V)", "帮助(&H)"):
    menu = window.menuBar().addMenu(menu_title)
    for n in range(8):
        action = menu.addAction(f"菜单项目{n}")
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{n}"))
tabs = QTabWidget()
tabs.setDocumentMode(True)
page = QScrollArea()
page.setWidgetResizable(True)
body = QWidget()
column = QVBoxLayout(body)
heading = QLabel("第一部分的标题文字")
heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
column.addWidget(heading)
form = QFormLayout()
for n in range(6):
    form.addRow(f"第{n}项填写内容", QLineEdit("一个中文机关名称或地址电话" * (n % 2 + 1)))
year = QSpinBox()
year.setRange(2000, 2100)
year.setValue(2024)
form.addRow("年度", year)
day = QDateEdit(QDate(2025, 1, 20))
form.addRow("日期", day)
paragraph = "根据有关规定编制本报告，所列数据的统计期限自每年一月一日起至十二月三十一日止。"
text = QPlainTextEdit(paragraph * 3)
text.setFixedHeight(140)
form.addRow("说明文字", text)
column.addLayout(form)
column.addStretch(1)
page.setWidget(body)
tabs.addTab(page, "基本内容")
for n in range(6):
    tabs.addTab(QWidget(), f"第{n}部分标签")
window.setCentralWidget(tabs)
panel = QWidget()
panel_layout = QVBoxLayout(panel)
bar = QHBoxLayout()
counts = QLabel("<b style='color:#B00020'>错误 0</b>　<b style='color:#B35C00'>警告 0</b>")
bar.addWidget(counts)
bar.addStretch(1)
bar.addWidget(QPushButton("标记已核实"))
bar.addWidget(QLabel("显示："))
choice = QComboBox()
choice.addItems(["全部", "错误", "错误和警告"])
bar.addWidget(choice)
panel_layout.addLayout(bar)
model = QStandardItemModel(0, 4)
model.setHorizontalHeaderLabels(["级别", "位置", "问题", "说明"])
table = QTableView()
table.setModel(model)
table.verticalHeader().hide()
panel_layout.addWidget(table)
dock = QDockWidget("问题清单", window)
dock.setWidget(panel)
window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
window.resizeDocks([dock], [170], Qt.Orientation.Vertical)
window.statusBar().showMessage("就绪")
"""
    + SHOW_UNTIL_PAINTED
    + """
os._exit(0)  # as main.py leaves, so the comparison is of showing the window only
"""
)
START_PAGE = """
import runpy, sys
sys.path.insert(0, {repo!r})
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow


class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


watcher = Painted()
show = MainWindow.show


def show_until_painted(window):
    assert window.on_start_page()
    window.installEventFilter(watcher)
    show(window)


MainWindow.show = show_until_painted
sys.argv = [{main!r}]
runpy.run_path({main!r}, run_name="__main__")  # as main.py runs, and leaves (os._exit)
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
    skipped = __import__("re").compile(r"\.venv|packaging|[/\\](build|dist)[/\\]")
    compileall.compile_dir(str(REPO), quiet=1, rx=skipped)
    with tempfile.TemporaryDirectory() as home:
        programs = {"ours": [sys.executable, str(REPO / "main.py"), "--smoke"]}
        start_page = START_PAGE.format(repo=str(REPO), main=str(REPO / "main.py"))
        for name, source in (
            ("minimal", MINIMAL),
            ("comparable", COMPARABLE),
            ("start page", start_page),
        ):
            script = Path(home) / f"{name}.py"
            script.write_text(source, encoding="utf-8")
            programs[name] = [sys.executable, str(script)]
        env = _environment(home)
        for _ in range(2):  # warm the file cache and write bytecode of the libraries
            for command in programs.values():
                _wall(command, env)
        times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(RUNS):  # in turns, so a busy moment of the machine hits all alike
            for name, command in programs.items():
                times[name].append(_wall(command, env))
    for name, measured in times.items():
        _startup[name] = statistics.median(measured) * 1000
    return _startup


def bench_startup_ours() -> tuple[float, str]:
    return _measure_startup()["ours"], "ms (median, main.py --smoke)"


def bench_startup_minimal() -> tuple[float, str]:
    return _measure_startup()["minimal"], "ms (median, empty QMainWindow)"


def bench_startup_ratio() -> tuple[float, str]:
    figures = _measure_startup()
    return figures["ours"] / figures["minimal"], "× (target ≤ 1.3)"


def bench_startup_comparable() -> tuple[float, str]:
    return _measure_startup()["comparable"], "ms (median, same widgets, no program code)"


def bench_startup_comparable_ratio() -> tuple[float, str]:
    figures = _measure_startup()
    return figures["comparable"] / figures["minimal"], "× the empty QMainWindow"


def bench_startup_program_share() -> tuple[float, str]:
    figures = _measure_startup()
    return figures["ours"] / figures["comparable"], "× the comparable window (the program's share)"


def bench_startup_start_page() -> tuple[float, str]:
    return _measure_startup()["start page"], "ms (median, main.py without a file)"


def bench_startup_start_page_share() -> tuple[float, str]:
    figures = _measure_startup()
    return figures["start page"] / figures["comparable"], "× the comparable window"


def bench_keystroke() -> tuple[float, str]:
    """Median ms from typing a digit and Enter in a 表三 cell to the repainted findings."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="nianbao-bench-")
    os.environ["NIANBAO_HOME"] = home
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from models import project_file
    from ui.app import create_application
    from ui.document import ReportDocument
    from ui.form.pages import SectionPage
    from ui.main_window import SAMPLE_PATH, MainWindow

    app = create_application()
    window = MainWindow(ReportDocument(project_file.load(SAMPLE_PATH)))
    window.resize(1400, 1000)
    window.show()
    index = next(i for i, s in enumerate(window.sections) if s and s.key == "requests")
    window.tabs.setCurrentIndex(index)
    page = window.page(index)
    assert isinstance(page, SectionPage)
    view = page.table_view
    assert view is not None
    model = view.grid_model
    app.processEvents()

    def press(widget: QObject, key: int, text: str) -> None:
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
        assert editor is not None
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
    ("start-up, comparable plain PySide6 window", bench_startup_comparable),
    ("start-up ratio of the comparable window", bench_startup_comparable_ratio),
    ("start-up, main.py --smoke against the comparable", bench_startup_program_share),
    ("start-up, start page (main.py without a file)", bench_startup_start_page),
    ("start-up, start page against the comparable", bench_startup_start_page_share),
    ("keystroke to repainted findings (表三)", bench_keystroke),
]
