"""The architecture, held by a test: each layer imports only the layers below it, there is no
import circle between modules, and no module grows past the size where it has two jobs.

    cli  ->  report, speed  ->  files  ->  core

(`report` sits beside `speed`: both may use `files` and `core`, neither the other. The
package's `__init__` and `__main__` are outside the layers.)"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "medborgarlofte"
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "files": {"files", "core"},
    "speed": {"speed", "files", "core"},
    "report": {"report", "files", "core"},
    "cli": {"cli", "report", "speed", "files", "core"},
}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("medborgarlofte", *parts))] = path
    return found


def _imports(path: Path, name: str) -> set[str]:
    """Every medborgarlofte module that `path` imports, at module level or inside a function
    (a deferred import is still a dependency)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).rstrip(".")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    modules = _modules()
    return {m for m in found if m in modules and m != name}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


MODULES = _modules()
GRAPH = {name: _imports(path, name) for name, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m)))
def test_a_module_imports_only_its_own_layer_and_those_below(module: str) -> None:
    layer = _layer(module)
    assert layer is not None
    # the package itself holds only the version: anyone may read it
    wrong = sorted(
        m for m in GRAPH[module] if m != "medborgarlofte" and _layer(m) not in ALLOWED[layer]
    )
    assert wrong == [], f"{module} ({layer}) imports {wrong}"


def test_no_module_imports_itself_back_through_others() -> None:
    """No import circle, deferred imports included (each would hide a layer's real shape)."""
    # Packages import their own submodules only to register them (cli.app): not edges back.
    edges = defaultdict(set)
    for name, targets in GRAPH.items():
        for target in targets:
            if not name.startswith(target + "."):
                edges[name].add(target)
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for node in sorted(MODULES):
        if node not in state:
            visit(node, [node])
    assert circles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_passes_the_size_of_one_job(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines; split it by job"
