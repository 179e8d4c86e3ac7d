"""The named mutex that says 年报助手 is running, for its installer and uninstaller.

The window holds it while it runs, and so do the commands (a review of a hundred reports takes
minutes): packaging/installer.nsi, told the name by packaging/build.py, looks for it and asks the
clerk to close the program (or, installing silently, stops with exit code 3) instead of meeting
its locked files halfway through an upgrade.  Windows only: elsewhere there is nothing to hold
(a .deb is upgraded under a running program without harm).  No Qt: the commands use it too.
"""

from __future__ import annotations

import sys

RUNNING_MUTEX = "nianbao-zhushou-running"

_held: list[int] = []  # the handle, kept for the process's life: Windows frees it at exit


def hold_running_mutex() -> bool:
    """Hold RUNNING_MUTEX until the process ends; whether it is held (never on other systems).

    A second instance opens the same mutex and holds it too: the installer waits for them all.
    """
    if sys.platform != "win32":
        return False
    if not _held:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateMutexW.restype = ctypes.c_void_p
        kernel32.CreateMutexW.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_wchar_p]
        handle = kernel32.CreateMutexW(None, 0, RUNNING_MUTEX)
        if handle:
            _held.append(handle)
    return bool(_held)
