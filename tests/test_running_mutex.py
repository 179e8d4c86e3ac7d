"""The running-instance mutex: the window and the commands hold the one the installer looks for.

On Windows the installer and the uninstaller (packaging/installer.nsi) refuse to touch the
program's files while RUNNING_MUTEX exists; a long `review` must hold it as the window does
(issue 24).  Here, off Windows, the Windows call is stood in for.
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
import sys
from pathlib import Path

import pytest

import main
from models import running
from models.running import RUNNING_MUTEX, hold_running_mutex

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "resources" / "samples" / "qiaokou-2024.gknb"


def _build_module() -> object:
    spec = importlib.util.spec_from_file_location(
        "packaging_build", REPO / "packaging" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_elsewhere_than_windows_nothing_is_held(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_windows(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("no Windows call off Windows")

    monkeypatch.setattr(ctypes, "WinDLL", no_windows, raising=False)
    if sys.platform != "win32":
        assert hold_running_mutex() is False


class _Kernel32:
    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []
        outer = self

        class CreateMutexW:
            restype: object = None
            argtypes: object = None

            def __call__(self, *args: object) -> int:
                outer.calls.append(args)
                return 1234

        self.CreateMutexW = CreateMutexW()


def test_on_windows_the_named_mutex_is_created_once(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel32 = _Kernel32()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, **_: kernel32, raising=False)
    monkeypatch.setattr(running, "_held", [])
    assert hold_running_mutex() is True
    assert hold_running_mutex() is True  # a second call keeps the handle it has
    assert kernel32.calls == [(None, 0, RUNNING_MUTEX)]  # not owned: many instances may hold it


def test_the_commands_and_the_window_hold_it(monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[bool] = []

    def hold() -> bool:
        held.append(True)
        return True

    monkeypatch.setattr(running, "hold_running_mutex", hold)
    assert main.run_command(["check", str(SAMPLE)]) == 0
    assert held == [True]
    import ui.app

    assert vars(ui.app)["hold_running_mutex"] is hold_running_mutex


def test_the_installer_looks_for_the_same_name(tmp_path: Path) -> None:
    build = _build_module()
    defines = build.nsis_defines(tmp_path, tmp_path / "setup.exe")  # type: ignore[attr-defined]
    assert defines["RUNNING_MUTEX"] == RUNNING_MUTEX
    script = (REPO / "packaging" / "installer.nsi").read_text(encoding="utf-8")
    opened = re.findall(r"kernel32::OpenMutexW\([^)]*w \"([^\"]+)\"\)", script)
    assert opened == ["${RUNNING_MUTEX}"]
