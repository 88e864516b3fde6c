"""Fixtures shared by the import tests (test_table_files.py, test_resource_import.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.spreadsheet_helpers import write_messy


@pytest.fixture
def messy(tmp_path) -> Path:
    """A title row and a blank row above a header with merged cells, then every kind of row."""
    return write_messy(tmp_path)
