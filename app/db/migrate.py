"""Bring a database to the schema this version of the app expects, safely.

Called at start-up before any window and by every command line command.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from app.db.backup import backup_sqlite
from app.db.engine import Database
from app.paths import migrations_dir

log = logging.getLogger(__name__)


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer version of the app; we must not touch it."""


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def upgraded(self) -> bool:
        return self.before != self.after


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/ holds no revision"
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def prepare_database(db: Database, backups_dir: Path) -> MigrationResult:
    """Refuse a newer database, back up an older one, then upgrade it to head."""
    before = current_revision(db)
    head = head_revision()
    if before is not None and before not in known_revisions():
        raise DatabaseTooNewError(
            "このデータベースは、より新しいバージョンのささえあいノートで作られています"
            f"（スキーマ版 {before}）。データを守るため開きませんでした。"
            "最新版のささえあいノートをインストールしてから開いてください。"
        )
    if before == head:
        return MigrationResult(before, head, None)

    backup = None
    path = db.sqlite_path
    if before is not None and path is not None and path.exists():
        backup = backup_sqlite(path, backups_dir, f"before-upgrade-from-{before}")
        log.info("backed up %s to %s before upgrading", path, backup)
    _upgrade(db, "head")
    log.info("database upgraded from %s to %s", before, head)
    return MigrationResult(before, head, backup)


MIGRATION_LOCK = 4_061_2026  # any constant shared by every PC running this app


@contextmanager
def _migration_connection(db: Database) -> Iterator[Connection]:
    """A connection fit for schema changes, in one transaction.

    SQLite: batch migrations rebuild tables, which fails with foreign keys on as soon as
    other rows point at the table; so they are off during the change (the pragma only
    works outside a transaction) and checked afterwards. PostgreSQL: an advisory lock
    makes PCs that start together take turns; the second finds the schema at head.
    """
    with db.engine.connect() as connection:
        if db.is_sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end SQLAlchemy's autobegun transaction before ours
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                yield connection
                if db.is_sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if db.is_sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def _upgrade(db: Database, target: str) -> None:
    with _migration_connection(db) as connection:
        command.upgrade(alembic_config(connection), target)


def downgrade(db: Database, target: str) -> None:
    """Step the schema back (developers and tests; the app never downgrades by itself)."""
    with _migration_connection(db) as connection:
        command.downgrade(alembic_config(connection), target)


def upgrade(db: Database, target: str = "head") -> None:
    _upgrade(db, target)
