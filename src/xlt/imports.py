"""xlt's own import graph, read from the source with ast (imports inside functions count too).

Two users: the report's fingerprint is the code its sections import, so a cached report is rebuilt when
any of it changes (report/sections.py); and tests/test_layers.py checks that the graph has no cycle.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

SRC = Path(__file__).parent


def module_files(src: Path = SRC) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under the package folder `src`."""
    out = {}
    for path in sorted(src.rglob("*.py")):
        parts = list(path.relative_to(src.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, files: dict[str, Path]) -> set[str]:
    """The modules of `files` that module `name` imports. `from pkg import name` counts as importing
    the submodule pkg.name when there is one, else pkg; `import a.b.c` counts as a.b.c."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    deps: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parent = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                parent = ".".join(base + ([node.module] if node.module else []))
            targets = [f"{parent}.{a.name}" if f"{parent}.{a.name}" in files else parent for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in files:
                target = target.rpartition(".")[0]
            if target and target != name:
                deps.add(target)
    return deps


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    files = module_files(src)
    return {name: imports_of(name, path, files) for name, path in files.items()}


def closure(roots: list[str], src: Path = SRC) -> set[str]:
    """The modules `roots` import, directly or not, themselves included (only those files are parsed)."""
    files = module_files(src)
    seen: set[str] = set()
    todo = [r for r in roots if r in files]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += imports_of(name, files[name], files) - seen
    return seen


def code_digest(roots: list[str], src: Path = SRC) -> str:
    """sha256 (16 hex digits) of the names and bytes of every file in the closure of `roots`."""
    files = module_files(src)
    h = hashlib.sha256()
    for name in sorted(closure(roots, src)):
        h.update(files[name].relative_to(src).as_posix().encode())
        h.update(files[name].read_bytes())
    return h.hexdigest()[:16]
