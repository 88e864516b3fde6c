"""One resolver for bundled data (resources/, migrations/) and per-user data folders.

Works from a source checkout, an installed wheel (data shipped inside the ``app`` package as
``app/_data``) and a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import platformdirs

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _roots() -> tuple[Path, ...]:
    candidates: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen))
    candidates.append(_PACKAGE_DIR / "_data")  # installed wheel
    candidates.append(_PACKAGE_DIR.parent)  # source checkout
    return tuple(candidates)


def _find(name: str) -> Path:
    for root in _roots():
        path = root / name
        if path.is_dir():
            return path
    searched = ", ".join(str(r / name) for r in _roots())
    raise FileNotFoundError(f"{name} が見つかりません（探した場所: {searched}）")


def resources_dir() -> Path:
    """The folder holding fonts, the STEP catalog and demo data."""
    return _find("resources")


def migrations_dir() -> Path:
    """The Alembic script folder."""
    return _find("migrations")


def resource_path(*parts: str) -> Path:
    """A file below resources/, e.g. ``resource_path("fonts", "ipaexg.ttf")``."""
    return resources_dir().joinpath(*parts)


def default_data_dir() -> Path:
    """Where the database, backups and logs live unless --data-dir says otherwise."""
    return Path(platformdirs.user_data_dir("SasaeaiNote", appauthor=False))
