"""Bring a database to the schema this version of the app expects, safely.

Called at start-up before any window and by every command line command.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

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


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def prepare_database(db: Database, backups_dir: Path) -> MigrationResult:
    """Refuse a newer database, back up an older one, then upgrade it to head."""
    before = current_revision(db)
    head = head_revision()
    if before is not None and before not in _known_revisions():
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


def _upgrade(db: Database, target: str) -> None:
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), target)


def downgrade(db: Database, target: str) -> None:
    """Step the schema back (developers and tests; the app never downgrades by itself)."""
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), target)


def upgrade(db: Database, target: str = "head") -> None:
    _upgrade(db, target)


def table_names(db: Database) -> list[str]:
    return inspect(db.engine).get_table_names()
