"""Layers of DESIGN.md: only app/ui (and the entry point handing over to it) may import Qt."""

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
