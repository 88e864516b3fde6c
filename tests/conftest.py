"""Shared fixtures: headless Qt, an in-memory keyring, and a fresh database per test."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import uuid
from collections.abc import Callable, Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db.engine import Database
from app.db.location import DataDir
from app.db.migrate import prepare_database
from app.services.setup.areas import AreaInput
from app.services.setup.town import SetupInput, run_setup

PG_ENV = "SASAEAI_TEST_PG_URL"


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the test ends."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path) -> DataDir:
    return DataDir(tmp_path / "data").ensure()


def drain_background_work() -> None:
    """Let queries a page started off the GUI thread finish before their database closes.

    Closing the engine under a running query crashes the process (seen as a segfault in
    the next test), exactly as quitting the app would without waiting.
    """
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def db(data_dir) -> Iterator[Database]:
    """A migrated, empty SQLite database in the test's own folder."""
    database = Database(f"sqlite:///{data_dir.database_file}", user="テスト担当")
    prepare_database(database, data_dir.backups)
    yield database
    drain_background_work()
    database.dispose()


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("SASAEAI_REQUIRE_PG"):
            pytest.fail(f"{PG_ENV} is not set but SASAEAI_REQUIRE_PG asks for PostgreSQL tests")
        pytest.skip(f"{PG_ENV} not set: no PostgreSQL server for this run")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database on the test server, dropped afterwards."""
    admin_url = _pg_admin_url()
    name = f"sasaeai_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request, data_dir) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{data_dir.database_file}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def town(db) -> Database:
    """A set-up town: テスト町 with two layer-2 areas."""
    run_setup(
        db,
        SetupInput(
            municipality="テスト町",
            municipality_area=AreaInput("テスト町全域", population=10000, aged_65_plus=3500),
            districts=[AreaInput("北地区", "きたちく"), AreaInput("南地区", "みなみちく")],
            user_name="テスト担当",
        ),
    )
    return db


@pytest.fixture
def type_japanese() -> Callable:
    """Type text into a widget the way an input method commits it.

    qtbot.keyClicks aborts the process on non-ASCII text, so Japanese arrives as a
    QInputMethodEvent with a commit string, exactly as from an IME.
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def type_into(widget, value: str) -> None:
        widget.setFocus()
        event = QInputMethodEvent("", [])
        event.setCommitString(value)
        QApplication.sendEvent(widget, event)
        QApplication.processEvents()

    return type_into
