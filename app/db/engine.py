"""The one engine factory and the session factory every service uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.db import audit

DB_FILENAME = "sasaeai.db"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # hide_parameters: a failed write must not copy a resident's note into the log.
        engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL survives power cuts in WAL mode at a small cost per commit.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        return engine
    # A LAN server that is off must fail in seconds with a message, not hang the start.
    connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, hide_parameters=True)


@dataclass
class Database:
    """An engine plus its session factory. `user` is written into the audit trail."""

    url: str
    user: str = ""
    backups_dir: Path | None = None  # where safety copies go before risky work (SQLite)
    engine: Engine = field(init=False)
    _factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self._connect()

    def _connect(self) -> None:
        self.engine = make_engine(self.url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        database = make_url(self.url).database
        if not self.is_sqlite or not database or database == ":memory:":
            return None
        return Path(database)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One short unit of work. The caller commits; anything uncommitted is rolled back."""
        session = self._factory()
        session.info[audit.USER_KEY] = self.user
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

    def reopen(self) -> None:
        """Close every connection and connect afresh (after the file was restored)."""
        self.engine.dispose()
        self._connect()
