"""The shape of the imports: no circle among the window's modules (ui/), and models/ never
imports ui/ or Qt.

Imports are read from the source (ast), those inside functions included: they run too, only
later.  Imports under ``if TYPE_CHECKING:`` are left out: they never run, they only name types.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(path: Path) -> set[str]:
    """The modules ``path`` imports when it runs (``from ui import x`` counts as ``ui.x``)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for inner in ast.iter_child_nodes(node):
            visit(inner)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def graph(package: str) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports."""
    modules = {
        f"{package}.{p.stem}": p for p in (ROOT / package).glob("*.py") if p.stem != "__init__"
    }
    return {name: imported_modules(path) & set(modules) - {name} for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every circle, each once, as the modules along it (depth-first search)."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(start: str, node: str, path: list[str]) -> None:
        for target in sorted(edges.get(node, ())):
            if target == start:
                key = frozenset(path)
                if key not in seen:
                    seen.add(key)
                    found.append([*path, start])
            elif target not in path and target > start:
                walk(start, target, [*path, target])

    for start in sorted(edges):
        walk(start, start, [start])
    return found


def test_cycles_are_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_in_ui() -> None:
    assert cycles(graph("ui")) == []


def test_models_import_neither_ui_nor_qt() -> None:
    for path in sorted((ROOT / "models").glob("*.py")):
        wrong = {
            m for m in imported_modules(path) if m.split(".")[0] in ("ui", "PySide6", "shiboken6")
        }
        assert not wrong, f"{path.name} imports {sorted(wrong)}"
