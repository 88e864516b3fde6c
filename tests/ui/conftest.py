from __future__ import annotations

import pytest

from app.domain.catalog import default_catalog
from app.ui.context import AppContext


@pytest.fixture(scope="session", autouse=True)
def japanese_font(qapp):
    """Draw with the app's own bundled font, as a user's screen does: without it Qt falls back
    to whatever the machine has, and text widths (what a click hits, what fits) change with it."""
    from app.ui.fonts import install_japanese_font

    return install_japanese_font(qapp)


@pytest.fixture
def context(town, data_dir) -> AppContext:
    """The shared state a page gets from the main window, over the test town."""
    return AppContext(town, data_dir, default_catalog())


@pytest.fixture(autouse=True)
def collect_widgets_on_the_gui_thread():
    """Free the test's closed widgets here, on the GUI thread, after background work ends.

    Left to the cyclic garbage collector, a widget in a reference cycle (a lambda connected to
    its own signal) may be freed whenever any thread allocates, possibly on a worker thread
    of a background query, which crashes Qt.
    """
    yield
    import gc

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from app.ui.tasks import wait_for_background_work

    wait_for_background_work(30_000)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


@pytest.fixture(scope="session", autouse=True)
def freeze_what_was_imported():
    """Keep the modules imported so far out of every later collection, so that the collection
    after each test scans only what the tests made (a full one costs about 0.3 s each)."""
    import gc

    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()
