"""The layers of the code, as pyproject.toml's [tool.importlinter] contracts declare them: models
imports neither exporters, ui nor Qt; exporters never imports ui; the readers and the page layout
do not import the exporters package's facade; no circle among the window's modules.  Checked by
import-linter (`uv run lint-imports`, which .ci/run runs too); here so that `uv run pytest` sees a
broken layer as well."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(folder: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """import-linter run on the packages and the pyproject.toml in ``folder``."""
    program = Path(sys.executable).parent / (
        "lint-imports.exe" if sys.platform == "win32" else "lint-imports"
    )
    return subprocess.run(
        [str(program), "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_every_layer_holds() -> None:
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def test_a_layer_broken_is_caught(tmp_path: Path) -> None:
    """A copy of the code where a models module imports the window breaks the first contract
    (a contract that could not fail would prove nothing)."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in ("models", "exporters", "ui"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "models" / "planted.py").write_text("import ui.style  # noqa: F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "models imports neither exporters, ui nor Qt BROKEN" in result.stdout
    assert "models.planted -> ui.style" in result.stdout
