"""models/ is the core that the command line, the exporters and the tests use without a display:
no module of it may need Qt.  Each module is imported in a fresh interpreter where importing
PySide6 or shiboken6 fails."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import models

ROOT = Path(__file__).resolve().parent.parent

_BLOCK_QT = """
import importlib.abc
import sys


class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"Qt is not allowed in models/: {name}")
        return None


sys.meta_path.insert(0, NoQt())
for name in [n for n in sys.modules if n.split(".")[0] in ("PySide6", "shiboken6")]:
    del sys.modules[name]
try:
    import PySide6  # noqa: F401
except ImportError:
    pass
else:
    raise SystemExit("the Qt blocker does not work")

import importlib

importlib.import_module(sys.argv[1])
loaded = sorted(n for n in sys.modules if n.split(".")[0] in ("PySide6", "shiboken6"))
if loaded:
    raise SystemExit(f"{sys.argv[1]} loaded {loaded}")
print("ok")
"""

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(models.__path__, "models.") if not info.ispkg
)
"""Every module of models/ and of its subpackages (models.format.spec, models.checks.tables …)."""


def test_modules_are_found() -> None:
    assert {
        "models.format.spec",
        "models.report",
        "models.project_file",
        "models.checks.tables",
    } <= set(MODULES)


@pytest.mark.parametrize("module", ["models", *MODULES])
def test_module_imports_without_qt(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT, module],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_blocker_really_blocks() -> None:
    """The same blocker makes an import of PySide6 fail, so a pass above means something."""
    code = _BLOCK_QT.replace("importlib.import_module(sys.argv[1])", "import PySide6.QtCore")
    result = subprocess.run(
        [sys.executable, "-c", code, "models"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode != 0
    assert "Qt is not allowed" in result.stderr
