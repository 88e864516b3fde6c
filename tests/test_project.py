"""The README's promises: CI runs its test command as written; packaging finds the data."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_ci_runs_the_readme_test_command_as_written():
    commands = _readme_commands()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
    assert "--demo" in commands[0]


def test_wheel_ships_resources_and_migrations_where_the_resolver_looks():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    force = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force == {"resources": "app/_data/resources", "migrations": "app/_data/migrations"}


def test_font_ships_with_its_licence():
    fonts = ROOT / "resources" / "fonts"
    assert (fonts / "ipaexg.ttf").stat().st_size > 1_000_000
    assert "IPA" in (fonts / "IPA_Font_License_Agreement_v1.0.txt").read_text(encoding="utf-8")


def test_no_gpl_or_plaintext_keyring_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    groups = project["project"]["optional-dependencies"].values()
    deps = " ".join(project["project"]["dependencies"] + [d for g in groups for d in g]).lower()
    for banned in ("pykakasi", "keyrings.alt", "pyside6>=", "pyside6 "):
        assert banned not in deps
