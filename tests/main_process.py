"""``main.py`` run as a clerk runs it: a child process of this Python, offscreen, its output in
UTF-8, bounded in time (and, for the tests of hostile files, in memory)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_main(
    *args: str | Path,
    home: Path | None = None,
    timeout: float = 120,
    preexec_fn: Callable[[], object] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python main.py *args``; ``home``: its NIANBAO_HOME (settings and autosaves)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    if home is not None:
        env["NIANBAO_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        preexec_fn=preexec_fn,
    )
