from __future__ import annotations

import pytest

from app.domain.catalog import default_catalog
from app.ui.context import AppContext


@pytest.fixture
def context(town, data_dir) -> AppContext:
    """The shared state a page gets from the main window, over the test town."""
    return AppContext(town, data_dir, default_catalog())
