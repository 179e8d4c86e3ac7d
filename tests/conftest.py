"""Test set-up: Qt offscreen, and data/settings folders that never touch the real profile."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Set before anything reads it, for every test and every subprocess a test starts.
_PROFILE = Path(tempfile.mkdtemp(prefix="nianbao-test-profile-"))
os.environ["NIANBAO_HOME"] = str(_PROFILE)
# The fonts the tests render with, whatever else the machine has (tests/fonts.conf says which).
os.environ["FONTCONFIG_FILE"] = str(Path(__file__).resolve().parent / "fonts.conf")

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "resources" / "samples" / "qiaokou-2024.gknb"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """How many worker processes ``-n auto`` (pyproject's addopts) starts: none for a debugger
    (--pdb) or for one test file, where starting them costs more than they save; otherwise
    xdist's own count, one a core."""
    if config.getoption("usepdb", False):
        return 0
    files = {Path(arg.split("::")[0]) for arg in config.args}
    if len(files) == 1 and all(path.is_file() for path in files):
        return 0
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "template: reads the official template, tests/data/official-format-template.docx"
    )


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty data/settings folder for one test."""
    home = tmp_path / "profile"
    monkeypatch.setenv("NIANBAO_HOME", str(home))
    return home


class UnexpectedDialog(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A modal dialog would hang an offscreen test: every one must be expected and patched.

    Message boxes are recorded and answered as a test sets in ``answers``; file dialogs fail.
    """
    seen: list[tuple[str, str]] = []
    try:
        from PySide6.QtWidgets import QFileDialog, QMessageBox
    except ImportError:  # the Qt-free tests do not need this
        return seen

    def box(kind: str):
        def show(parent, title, text, *args, **kwargs):
            seen.append((kind, str(text)))
            answer = ANSWERS.get(kind)
            if answer is None:
                raise UnexpectedDialog(f"unexpected {kind} dialog: {title}: {text}")
            return answer

        return staticmethod(show)

    for kind in ("warning", "critical", "question", "information", "about"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"):

        def refuse(*args, _name=name, **kwargs):
            raise UnexpectedDialog(f"unexpected file dialog {_name}")

        monkeypatch.setattr(QFileDialog, name, staticmethod(refuse))
    ANSWERS.clear()
    ANSWERS.update({"critical": "ok", "information": "ok", "about": "ok"})
    return seen


ANSWERS: dict[str, object] = {}
"""What the patched message boxes answer, by kind; a test sets e.g. ANSWERS["warning"]."""


def type_text(widget, text: str) -> None:
    """Type any text, Chinese included, as key presses (QTest only types ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)


@pytest.fixture(scope="session", autouse=True)
def qapp():
    """The program's own QApplication set-up (Chinese translations, fonts) for every test.

    Made first, for the whole session: a test that renders a PDF would otherwise create a bare
    QGuiApplication, and a later widget test in the same process would abort."""
    from ui.app import create_application

    app = create_application()
    yield app
    # Data a test left on the clipboard (复制为网页's QMimeData) crashes the offscreen platform
    # as the interpreter exits (status 139 after every test passed).
    app.clipboard().clear()


def _window(qtbot, path: Path | None):
    from ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1300, 900)
    window.show()
    if path is not None:
        assert window.open_path(path, ask=False)
    qtbot.waitExposed(window)
    yield window
    # Let the window close without asking to save what the test typed.
    window.document.undo_stack.setClean()
    window.document.needs_saving = False
    window.close()
    window.deleteLater()


@pytest.fixture
def empty_window(qtbot, profile: Path):
    """The main window with a new, empty report (as after 新建; the program itself starts on the
    start page, which tests/test_gui_start.py covers)."""
    yield from _window(qtbot, None)


@pytest.fixture
def sample_window(qtbot, profile: Path):
    """The main window with the sample report open."""
    yield from _window(qtbot, SAMPLE)


@pytest.fixture(autouse=True)
def no_keys_left_held() -> Iterator[None]:
    """A test that ends with a modifier held (QTest's Shift+Tab leaves the application's
    modifier state at Shift) must not hand it to the next: QTableWidget.selectRow, for one,
    reads the keys held and selects nothing under a stuck Shift."""
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return  # a test without Qt: nothing to release (and Qt is not loaded for it)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    if QApplication.instance() is None:
        return
    if QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
        return
    widget = QWidget()
    for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
        QTest.keyRelease(widget, key)
    widget.deleteLater()
