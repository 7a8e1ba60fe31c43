#!/usr/bin/env python3
"""The structure newscrawl keeps (issue "one home per concept"), checked from the source:

- no import cycle between newscrawl's modules, and no newscrawl import inside a function;
- the engine-free layers (newscrawl/extract/, steps, validate, sites, fixtures, drift) import
  neither scrapy nor twisted;
- modules of at most 400 lines, functions of at most 40.

    python scripts/check_structure.py      # exit 1 and one line per breach

tests/test_structure.py runs it, so `make test` fails on a breach.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "newscrawl"
ENGINE_FREE = ("newscrawl.extract", "newscrawl.steps", "newscrawl.validate", "newscrawl.sites")
ENGINE_FREE_MODULES = frozenset({"newscrawl.fixtures", "newscrawl.drift"})
ENGINES = ("scrapy", "twisted")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = path
    return found


def imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def graph(found: dict[str, Path]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in found.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            edges[name].update(t for t in imported(node) if t in found and t != name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def breaches() -> Iterator[str]:
    found = modules()
    for component in cycles(graph(found)):
        yield f"import cycle: {' -> '.join(component)}"
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            yield f"{name}: {lines} lines (> {MAX_MODULE_LINES})"
        engine_free = name.startswith(ENGINE_FREE) or name in ENGINE_FREE_MODULES
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    yield f"{name}.{node.name}: {size} lines (> {MAX_FUNCTION_LINES})"
                for inner in ast.walk(node):
                    if any(t.startswith("newscrawl") for t in imported(inner)):
                        yield f"{name}.{node.name}: imports newscrawl inside a function"
            if engine_free and any(t.split(".")[0] in ENGINES for t in imported(node)):
                yield f"{name}: engine-free, but imports {imported(node)[0]}"


def main() -> int:
    found = list(breaches())
    print("\n".join(found) or "structure: no breach")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
