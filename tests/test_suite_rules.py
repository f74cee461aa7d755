"""A rule for the test suite itself, checked on its source (no test is imported or run here).

Every test can fail: its body asserts, expects an exception (pytest.raises / pytest.fail / a raise), or
calls a helper that does (a function or method defined in tests/, followed through the calls it makes).
A test whose only check is "nothing raised" says so with an assert on what it got.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CHECKS = {"raises", "fail", "warns", "deprecated_call"}  # pytest.<name>(...) that checks


def _checks_directly(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Assert):
            return True
        if isinstance(child, ast.Raise):  # a helper that raises AssertionError (or fails otherwise) checks
            return True
        if isinstance(child, ast.Call):
            func = child.func
            if isinstance(func, ast.Attribute) and func.attr in CHECKS and _name(func.value) == "pytest":
                return True
    return False


def _name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _called_names(node: ast.AST) -> set[str]:
    """Names of the functions and methods `node` calls (`f(...)` -> f, `x.f(...)` -> f)."""
    names = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            if isinstance(child.func, ast.Name):
                names.add(child.func.id)
            elif isinstance(child.func, ast.Attribute):
                names.add(child.func.attr)
        elif isinstance(child, ast.Name):  # a helper passed on as a callback (`pool.map(check, cases)`)
            names.add(child.id)
    return names


@cache
def _functions(path: Path) -> dict[str, ast.AST]:
    """Every function and method defined in the module, by name (the last definition wins)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return {node.name: node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


@cache
def _checking_helpers(folder: Path) -> frozenset[str]:
    """Names of helper functions and methods in `folder` that check (assert or raise), followed through calls."""
    definitions: dict[str, list[ast.AST]] = {}
    for path in folder.glob("*.py"):
        for name, node in _functions(path).items():
            if not name.startswith("test_"):
                definitions.setdefault(name, []).append(node)
    checking = {name for name, nodes in definitions.items() if any(_checks_directly(n) for n in nodes)}
    changed = True
    while changed:
        changed = False
        for name, nodes in definitions.items():
            if name not in checking and any(_called_names(n) & checking for n in nodes):
                checking.add(name)
                changed = True
    return frozenset(checking)


def _test_functions(path: Path) -> list[ast.AST]:
    return [node for name, node in _functions(path).items() if name.startswith("test_")]


def _silent_tests(path: Path) -> list[str]:
    helpers = _checking_helpers(path.parent)
    return [
        node.name for node in _test_functions(path) if not (_checks_directly(node) or _called_names(node) & helpers)
    ]


def test_every_test_can_fail():
    silent = {path.name: names for path in TESTS.glob("test_*.py") if (names := _silent_tests(path))}
    assert silent == {}, "these tests check nothing (no assert, pytest.raises or checking helper)"


def test_the_rules_catch_what_they_are_for(tmp_path):
    """The rule finds a test without a check, and accepts the three ways to check (it could not fail otherwise)."""
    module = tmp_path / "test_sample.py"
    module.write_text(
        "import time\n"
        "import pytest\n"
        "def check(x):\n    assert x\n"
        "def helper(x):\n    check(x)\n"
        "def test_silent():\n    print(1)\n"
        "def test_via_helper():\n    helper(1)\n"
        "def test_raises():\n    with pytest.raises(ValueError):\n        int('x')\n"
        "def test_asserts():\n    time.sleep(0)\n    assert True\n"
    )
    assert _silent_tests(module) == ["test_silent"]
