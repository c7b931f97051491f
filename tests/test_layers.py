"""No import cycles in xlt, between files or between folders.

Data flows study -> plan -> job -> stages -> results -> report; a cycle means two modules can
only be understood (and changed) together. Every import counts, those inside functions too,
since a lazy import is still a dependency: it only hides the cycle from Python's loader.
"""
from __future__ import annotations

from xlt.imports import import_graph


def _folder(module: str, graph: dict[str, set[str]]) -> str:
    """The package a module lives in (a package's __init__ belongs to the package itself)."""
    if any(other.startswith(module + ".") for other in graph):
        return module
    return module.rpartition(".")[0]


def folder_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Folder -> folders it imports from. A folder holds its subfolders, so its importing them is not an
    edge between folders; a subfolder importing its parent, or unrelated folders, are."""
    folders: dict[str, set[str]] = {}
    for module, deps in graph.items():
        here = _folder(module, graph)
        folders.setdefault(here, set())
        for dep in deps:
            there = _folder(dep, graph)
            if there != here and not there.startswith(here + "."):
                folders[here].add(there)
    return folders


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in sorted(graph.get(node, ())):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_cycle_between_files():
    assert cycles(import_graph()) == []


def test_no_cycle_between_folders():
    assert cycles(folder_graph(import_graph())) == []


def test_the_checker_sees_a_cycle(tmp_path):
    """The test above must fail when a cycle appears, lazy import included."""
    pkg = tmp_path / "xlt"
    (pkg / "a").mkdir(parents=True)
    (pkg / "b").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a" / "__init__.py").write_text("")
    (pkg / "b" / "__init__.py").write_text("")
    (pkg / "a" / "one.py").write_text("from xlt.b import two\n")
    (pkg / "b" / "two.py").write_text("def f():\n    from ..a.three import g\n")
    (pkg / "a" / "three.py").write_text("")
    graph = import_graph(pkg)
    assert cycles(graph) == []
    assert cycles(folder_graph(graph)) == [["xlt.a", "xlt.b"]]
    (pkg / "a" / "three.py").write_text("import xlt.b.two\n")
    assert cycles(import_graph(pkg)) == [["xlt.a.three", "xlt.b.two"]]
