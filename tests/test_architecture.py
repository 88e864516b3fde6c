"""Layers of DESIGN.md: only app/ui (and the entry point handing over to it) may import Qt;
imports only go down the layers; no two modules import each other, however indirectly; and each
concern stays small enough to read (folders of about 15 modules, modules under 600 lines)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
NON_UI = ["domain", "db", "services", "reports"]
LOWER = {  # a layer may not import these
    "domain": ["app.db", "app.services", "app.reports", "app.ui", "sqlalchemy"],
    "db": ["app.services", "app.reports", "app.ui"],
    "services": ["app.reports", "app.ui"],
    "reports": ["app.ui", "app.db"],
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _files(layer: str) -> list[Path]:
    return sorted((APP / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", NON_UI)
def test_no_qt_below_the_user_interface(layer):
    offenders = [
        f"{path.relative_to(APP)} imports {name}"
        for path in _files(layer)
        for name in _imports(path)
        if name.split(".")[0] in {"PySide6", "shiboken6"}
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", list(LOWER))
def test_imports_only_go_down(layer):
    offenders = [
        f"{path.relative_to(APP)} imports {name}"
        for path in _files(layer)
        for name in _imports(path)
        if any(name == banned or name.startswith(banned + ".") for banned in LOWER[layer])
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "module", ["cli.py", "cli_papers.py", "bootstrap.py", "paths.py", "secrets.py", "logs.py"]
)
def test_command_line_and_start_up_modules_do_not_import_qt(module):
    names = _imports(APP / module)
    assert not {n for n in names if n.startswith(("PySide6", "app.ui"))}


def test_checker_sees_a_violation(tmp_path):
    """The walker must actually find an import, or the tests above prove nothing."""
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import Qt\nimport sqlalchemy.orm\n", encoding="utf-8")
    assert {"PySide6.QtCore", "sqlalchemy.orm"} <= _imports(sample)


# --- import circles ------------------------------------------------------------------------


def _module_names(root: Path, package: str) -> dict[str, Path]:
    names = {}
    for path in root.rglob("*.py"):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _dependencies(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of `modules` that `name` imports anywhere: at the top, inside a function or
    under TYPE_CHECKING (a circle hidden in a function is still a circle)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in modules:
                    found.add(target)
                elif base in modules:
                    found.add(base)
    found.discard(name)
    return found


def import_circles(root: Path, package: str = "app") -> list[list[str]]:
    """Every group of modules that import each other in a circle (Tarjan's strongly connected
    components of the import graph), each sorted."""
    modules = _module_names(root, package)
    graph = {name: _dependencies(name, path, modules) for name, path in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return circles


def test_no_import_circle():
    assert import_circles(APP) == []


def test_circle_finder_sees_a_circle(tmp_path):
    """Two modules that import each other, one of them only inside a function."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from pkg.sub import b\n", encoding="utf-8")
    (package / "sub" / "b.py").write_text(
        "def late():\n    from ..a import late\n", encoding="utf-8"
    )
    (package / "c.py").write_text("import pkg.a\n", encoding="utf-8")
    assert import_circles(package, "pkg") == [["pkg.a", "pkg.sub.b"]]


# --- size of a concern ---------------------------------------------------------------------

MAX_MODULES_PER_FOLDER = 15
MAX_LINES_PER_MODULE = 600


def test_each_folder_reads_as_one_concern():
    crowded = {
        str(folder.relative_to(APP.parent)): count
        for folder in [APP, *(p for p in APP.rglob("*") if p.is_dir())]
        if (count := len([f for f in folder.glob("*.py") if f.name != "__init__.py"]))
        > MAX_MODULES_PER_FOLDER
    }
    assert crowded == {}


def test_no_module_asks_to_be_split():
    long = {
        str(path.relative_to(APP.parent)): lines
        for path in APP.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES_PER_MODULE
    }
    assert long == {}


def test_every_package_says_what_it_is_for():
    """Each concern's __init__ has a docstring that names the STEP item it serves (or says it has
    none), so the folder list and `help()` read as the app's table of contents."""
    silent = []
    for init in sorted(APP.rglob("__init__.py")):
        if init.parent.parent == APP.parent:
            continue  # app/__init__.py holds the version
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        layer_root = init.parent.parent == APP
        if not doc or not (layer_root or "STEP" in doc):
            silent.append(str(init.relative_to(APP.parent)))
    assert silent == []
