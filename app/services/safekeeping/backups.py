"""Rotating backups of the SQLite file, and restoring one of them.

Copies are made with SQLite's backup API (consistent even mid-write) into the data folder's
`backups/`, named `sasaeai-YYYYMMDD-HHMMSS-REASON.db` so that a person browsing the folder
can read them too. Which copies are kept follows one rule, shown on the settings page:
the newest few, one a day for a week, one a week for a month, one a month for a year.
Copies a person made by hand are never removed by the rule.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.db.backup import backup_sqlite
from app.db.engine import Database
from app.db.health import SQLITE_HEADER, inspect_sqlite_file
from app.db.migrate import known_revisions
from app.files import private_dir, private_file
from app.services.errors import ServiceError

log = logging.getLogger(__name__)

KEEP_NEWEST, KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 5, 7, 4, 12
RULE_TEXT = (
    f"新しいもの {KEEP_NEWEST} 個、1日1個を {KEEP_DAILY} 日分、1週1個を {KEEP_WEEKLY} 週分、"
    f"1か月1個を {KEEP_MONTHLY} か月分残し、それより古いものは自動で消します。"
    "手動で作ったバックアップは消しません。"
)
DAILY_EVERY = timedelta(hours=24)

MANUAL = "manual"
REASONS = {
    MANUAL: "手動",
    "daily": "毎日の自動",
    "exit": "終了時",
    "before-import": "取り込みの前",
    "before-restore": "復元の前",
    "before-merge": "統合の前",
    "before-upgrade": "形式の更新の前",
}
_NAME = re.compile(r"^(?P<stem>.+?)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+?)(?:-\d+)?\.db$")
# The tables a person recognises, counted so that each copy says what it holds.
COUNTED = {
    "area": "圏域",
    "resource": "地域資源",
    "issue": "地域課題",
    "meeting": "会議",
    "person": "人",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str
    size: int
    counts: dict[str, int]  # table → live rows; empty when the copy cannot be read
    readable: bool

    @property
    def reason_label(self) -> str:
        for key, label in REASONS.items():
            if self.reason == key or self.reason.startswith(key + "-"):
                return label
        return self.reason

    @property
    def manual(self) -> bool:
        return self.reason == MANUAL

    @property
    def counts_text(self) -> str:
        if not self.readable:
            return "読めません（壊れています）"
        return "、".join(f"{COUNTED[t]} {n}" for t, n in self.counts.items())

    def to_dict(self) -> dict:
        return {
            "file": str(self.path),
            "made_at": self.made_at.isoformat(timespec="seconds"),
            "reason": self.reason,
            "reason_label": self.reason_label,
            "size": self.size,
            "readable": self.readable,
            "counts": self.counts,
        }


def _storage_error(error: OSError, folder: Path) -> ServiceError:
    if error.errno == 28:  # ENOSPC
        return ServiceError(
            f"ディスクがいっぱいで、{folder} にバックアップを保存できませんでした。"
            "不要なファイルを消して空きを作ってから、もう一度お試しください。"
        )
    if isinstance(error, PermissionError):
        return ServiceError(
            f"このフォルダには書き込めません: {folder}。"
            "フォルダの権限を確かめるか、別の保存先を指定してください。"
        )
    return ServiceError(f"バックアップを保存できませんでした（{error.strerror}）: {folder}")


def make_backup(source: Path, backups_dir: Path, reason: str) -> Path:
    """Copy `source` into `backups_dir`, readable by this user only, then apply the rule."""
    try:
        private_dir(backups_dir, own=True)
        target = backup_sqlite(source, backups_dir, reason)
        private_file(target)
    except OSError as error:
        raise _storage_error(error, backups_dir) from error
    except sqlite3.DatabaseError as error:
        raise ServiceError(
            f"データベースが読めないため、バックアップを作れませんでした（{error}）。"
        ) from error
    log.info("backup made: %s", target.name)
    prune(backups_dir)
    return target


def backup_to(db: Database, target: Path) -> Path:
    """A copy where the person chose (ファイル → バックアップを作成, `backup -o`)."""
    source = _sqlite_file(db)
    if target.suffix.lower() != ".db":
        target = target.with_name(target.name + ".db")
    if target.resolve() == source.resolve():
        raise ServiceError(
            "使用中のデータベースそのものには上書きできません。別の名前にしてください。"
        )
    try:
        made = backup_sqlite(source, target.parent, MANUAL, own_folder=False)  # whole, renamed
        made.replace(target)
        private_file(target)
    except OSError as error:
        raise _storage_error(error, target.parent) from error
    return target


def backup_now(db: Database, reason: str) -> Path | None:
    """A copy into the data folder's backups; None on PostgreSQL (the server keeps its own)."""
    path = db.sqlite_path
    if path is None or db.backups_dir is None or not path.exists():
        return None
    return make_backup(path, db.backups_dir, reason)


def _sqlite_file(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise ServiceError(
            "共有データベース（PostgreSQL）はこのアプリではバックアップしません。"
            "サーバーの管理者にバックアップの仕組みをお尋ねください。"
        )
    return path


def _parse(path: Path) -> tuple[datetime, str] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return made, match["reason"]


def _counts(path: Path) -> tuple[dict[str, int], bool]:
    """What a copy holds. Only its header is checked here (a list of many large copies must
    open fast); `restore` runs the full check on the one chosen."""
    try:
        with path.open("rb") as file:
            if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return {}, False
    except OSError:
        return {}, False
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            counts = {}
            for table in COUNTED:
                counts[table] = connection.execute(
                    f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL"
                ).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return {}, False
    return counts, True


def list_backups(backups_dir: Path, *, with_counts: bool = True) -> list[BackupInfo]:
    """Every copy in the folder, newest first."""
    found = []
    for path in backups_dir.glob("*.db") if backups_dir.is_dir() else ():
        parsed = _parse(path)
        if parsed is None:
            continue
        counts, readable = _counts(path) if with_counts else ({}, True)
        found.append(BackupInfo(path, *parsed, path.stat().st_size, counts, readable))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def kept_by_rule(backups: Iterable[BackupInfo]) -> set[Path]:
    """The copies the rule keeps: manual ones, the newest few, and the newest of each day,
    week and month within reach."""
    ordered = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep = {b.path for b in ordered if b.manual}
    automatic = [b for b in ordered if not b.manual]
    keep.update(b.path for b in automatic[:KEEP_NEWEST])
    buckets = (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: tuple(d.isocalendar())[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    )
    for count, bucket in buckets:
        seen: list[object] = []
        for backup in automatic:
            key = bucket(backup.made_at)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(backup.path)
    return keep


def prune(backups_dir: Path) -> list[Path]:
    """Remove the automatic copies the rule no longer keeps; returns what was removed."""
    backups = list_backups(backups_dir, with_counts=False)
    keep = kept_by_rule(backups)
    removed = []
    stale = time.time() - 3600  # a copy cut short by a crash: never finished, never a backup
    for part in backups_dir.glob("*.part"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < stale:
                part.unlink()
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError as error:  # a copy we cannot remove is kept; never a failure
                log.warning("could not remove old backup %s: %s", backup.path.name, error)
    return removed


def daily_due(backups_dir: Path, *, now: datetime | None = None) -> bool:
    """True when no automatic copy is younger than a day."""
    now = now or datetime.now()
    newest = [b.made_at for b in list_backups(backups_dir, with_counts=False) if not b.manual]
    return not newest or now - max(newest) >= DAILY_EVERY


def newest_good_backup(backups_dir: Path) -> BackupInfo | None:
    return next((b for b in list_backups(backups_dir) if b.readable), None)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept_aside: Path | None  # the database as it was, under a name saying why


def restore(database: Path, backup: Path, backups_dir: Path) -> RestoreResult:
    """Put `backup` in place of `database`. No connection may be open on `database`.

    The database as it was is kept first: a healthy one as a 復元の前 backup, a damaged one
    beside it as `sasaeai.damaged-STAMP.db` (with its WAL). The copy is written in full to a
    temporary file and moved over the database in one rename, so a crash leaves either the
    old database or the restored one, never a mix.
    """
    if not backup.is_file():
        raise ServiceError(f"バックアップのファイルが見つかりません: {backup}")
    checked = inspect_sqlite_file(backup, full=True)
    if not checked.ok:
        raise ServiceError(
            f"このバックアップは使えません（{checked.problem}）。別のバックアップを選んでください。"
        )
    _refuse_foreign_or_newer(backup)
    aside = None
    current = inspect_sqlite_file(database)
    try:
        if current.ok and database.exists():
            _checkpoint(database)  # the WAL's pages now live in the file: nothing left behind
            aside = make_backup(database, backups_dir, "before-restore")
        elif database.exists():
            aside = _keep_damaged(database)
        staging = database.with_name(database.name + ".restoring")
        staging.unlink(missing_ok=True)
        private_file(staging)  # closed to others before a byte of the records is in it
        _copy_with_backup_api(backup, staging)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        os.replace(staging, database)
        _sync_folder(database.parent)
    except OSError as error:
        raise _storage_error(error, database.parent) from error
    log.info("restored %s from %s (old kept as %s)", database.name, backup.name, aside)
    return RestoreResult(backup, aside)


def _refuse_foreign_or_newer(backup: Path) -> None:
    try:
        connection = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        revision = None
    if revision is None:
        raise ServiceError(
            f"{backup.name} は、ささえあいノートのバックアップではありません。"
            "backups フォルダのファイルか、ささえあいノートで作ったバックアップを選んでください。"
        )
    if revision[0] not in known_revisions():
        raise ServiceError(
            f"{backup.name} は、より新しいバージョンのささえあいノートで作られています。"
            "最新版をインストールしてから復元してください。"
        )


def _checkpoint(database: Path) -> None:
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _keep_damaged(database: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.stem}.damaged-{stamp}{database.suffix}")
    shutil.copy2(database, aside)
    wal = database.with_name(database.name + "-wal")
    if wal.exists():
        shutil.copy2(wal, aside.with_name(aside.name + "-wal"))
    private_file(aside)
    return aside


def _copy_with_backup_api(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to move
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("rb+") as file:
        os.fsync(file.fileno())


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
