"""One resolver finds resources/ and migrations/ from a checkout, a wheel and a frozen bundle."""

from __future__ import annotations

import sys

import pytest

from app import paths


@pytest.fixture(autouse=True)
def _fresh_cache():
    paths._roots.cache_clear()
    yield
    paths._roots.cache_clear()


def test_source_checkout():
    assert (paths.resource_path("fonts", "ipaexg.ttf")).exists()
    assert (paths.migrations_dir() / "env.py").exists()


def test_frozen_bundle_wins(tmp_path, monkeypatch):
    (tmp_path / "resources" / "guide").mkdir(parents=True)
    (tmp_path / "migrations").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.migrations_dir() == tmp_path / "migrations"


def test_installed_wheel_layout(tmp_path, monkeypatch):
    package = tmp_path / "app"
    (package / "_data" / "resources").mkdir(parents=True)
    (package / "_data" / "migrations").mkdir()
    monkeypatch.setattr(paths, "_PACKAGE_DIR", package)
    assert paths.resources_dir() == package / "_data" / "resources"


def test_missing_folder_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "nowhere" / "app")
    with pytest.raises(FileNotFoundError) as missing:
        paths._find("no_such_folder")
    assert "見つかりません" in str(missing.value)
