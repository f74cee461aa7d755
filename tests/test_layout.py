"""The house rules of docs/CONTRACTS.md, checked on the source (AST): no import cycle inside jd/, no
function in jd/ over MAX_FUNCTION_LINES lines, no module over MAX_MODULE_LINES lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

JD = Path(__file__).resolve().parents[1] / "jd"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500
# Modules exempt from the limits (none: the page's modules meet them since the typed page).
NOT_YET_CHECKED: set[str] = set()
# Data-heavy modules allowed to be longer, each with its reason (named in README.md too).
DATA_HEAVY: dict[str, str] = {}


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name ("jd.review.grounding")."""
    found = {}
    for path in sorted(JD.rglob("*.py")):
        parts = path.relative_to(JD.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> list[str]:
    """The jd modules a `from ... import ...` names (a name may be a submodule: `from . import service`)."""
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def imports(known: dict[str, Path]) -> dict[str, set[str]]:
    """Each jd module's imports of other jd modules, wherever they are written (inside functions too)."""
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                targets.update(_resolve(module, path, node))
        graph[module] = {target for target in targets if target in known and target != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan's algorithm), as a path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def test_the_checker_finds_cycles_and_imports_inside_functions():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    known = modules()
    graph = imports(known)
    assert "jd.render" in graph["jd.review"]  # imported inside a function of jd/review/__init__.py
    assert "jd.service" in graph["jd.ui"] and "jd.review.summary_check" in graph["jd.summary"]


def test_no_import_cycle_inside_jd():
    assert cycles(imports(modules())) == []


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


@pytest.mark.parametrize("name", sorted(modules()))
def test_functions_and_modules_are_short(name):
    path = modules()[name]
    if path.name in NOT_YET_CHECKED and path.parent == JD:
        pytest.skip("the page's modules: see NOT_YET_CHECKED")
    assert _long_functions(path) == []
    lines = len(path.read_text(encoding="utf-8").splitlines())
    limit = MAX_MODULE_LINES if name not in DATA_HEAVY else float("inf")
    assert lines <= limit, f"{name} has {lines} lines: split it along its concepts (docs/CONTRACTS.md)"


def test_a_function_given_a_job_does_not_parse_it_again():
    """A job is parsed once, at the edge: a function that takes `job: Job` never calls parse_job."""
    again = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            annotations = [arg.annotation for arg in [*node.args.args, *node.args.kwonlyargs] if arg.annotation]
            if not any(isinstance(a, ast.Name) and a.id == "Job" for a in annotations):
                continue
            if any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "parse_job" for n in ast.walk(node)):
                again.append(f"{name}.{node.name}")
    assert again == []
