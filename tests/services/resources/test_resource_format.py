"""The text helpers the screens and the papers share live once, below both of them."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from app.services.resources.formatting import BLANK, NOT_CONFIRMED, confirmed_text, place_text

APP = Path(__file__).resolve().parents[3] / "app"


def test_confirmed_text():
    assert confirmed_text(date(2024, 5, 1), "佐藤") == "令和6年5月1日（佐藤）"
    assert confirmed_text(date(2024, 5, 1)) == "令和6年5月1日"
    assert confirmed_text("2024-05-01", "佐藤") == "令和6年5月1日（佐藤）"  # typed in the wizard
    assert confirmed_text("きのう") == "きのう"  # unreadable: shown as typed
    assert confirmed_text(None, "佐藤") == confirmed_text("") == NOT_CONFIRMED
    assert confirmed_text(None, unconfirmed="未確認") == "未確認"


def test_place_text():
    both = SimpleNamespace(place="北町公民館", address="北町1-2-3")
    assert place_text(both) == "北町公民館\n北町1-2-3"
    assert place_text(SimpleNamespace(place="", address="北町1-2-3")) == "北町1-2-3"
    assert place_text(SimpleNamespace(place="", address="")) == ""
    assert BLANK == "—"


def _definitions() -> dict[str, list[str]]:
    """Every module-level function and constant in app/, by name → the files defining it."""
    found: dict[str, list[str]] = {}
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            else:
                continue
            for name in names:
                found.setdefault(name, []).append(str(path.relative_to(APP)))
    return found


def test_each_shared_helper_is_defined_once():
    found = _definitions()
    shared = "services/resources/formatting.py"
    for name in ("confirmed_text", "place_text", "_place_text", "BLANK"):
        assert found.get(name, []) in ([], [shared]), name
    assert found["confirmed_text"] == found["place_text"] == found["BLANK"] == [shared]
    times = [f for name in ("as_time", "_as_time", "_time") for f in found.get(name, [])]
    assert times == ["ui/resources/text.py"]
