"""Opening a town's records, shared by the command line and the window (no Qt here).

Makes the data folder, starts the log, finds the database, and brings its schema up to
date (backing it up first) before anything else touches it.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from app.db.engine import Database
from app.db.health import FileHealth, Health, inspect_sqlite_file
from app.db.location import DataDir, LocationError, SharedServer, database_url
from app.db.migrate import DatabaseTooNewError, prepare_database
from app.files import private_file
from app.logs import setup_logging
from app.paths import default_data_dir
from app.services.safekeeping.backups import BackupInfo, newest_good_backup

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The data cannot be opened; the message is for the person in front of the screen."""


class DamagedDatabaseError(StartupError):
    """The SQLite file is damaged; it was not opened. `backup` is the newest good copy."""

    def __init__(self, data_dir: DataDir, found: FileHealth, backup: BackupInfo | None) -> None:
        self.data_dir, self.found, self.backup = data_dir, found, backup
        offer = (
            f"最新の正常なバックアップ（{backup.made_at:%Y年%m月%d日 %H:%M}、"
            f"{backup.reason_label}、{backup.counts_text}）から復元できます。"
            if backup is not None
            else "復元できるバックアップは見つかりませんでした。"
            "別の PC や USB メモリにバックアップがあれば、そのファイルから復元できます。"
        )
        super().__init__(
            f"{found.problem}（{data_dir.database_file}）。"
            "記録を守るため、このファイルは開かずにそのまま残しています。" + offer
        )


def check_sqlite_file(data_dir: DataDir) -> FileHealth:
    """Refuse a damaged file before anything writes to it; make a new one private.

    An empty file is taken as a new town only where this folder never held a town (no
    backups, no preferences); otherwise its records were lost and a backup is offered.
    """
    path = data_dir.database_file
    found = inspect_sqlite_file(path)
    if found.health == Health.MISSING:
        private_file(path)
        return found
    if found.health == Health.EMPTY and not _held_a_town(data_dir):
        return FileHealth(Health.OK)
    if not found.ok:
        log.error("damaged database %s: %s %s", path, found.health.value, found.detail)
        raise DamagedDatabaseError(data_dir, found, newest_good_backup(data_dir.backups))
    return found


def _held_a_town(data_dir: DataDir) -> bool:
    backups = data_dir.backups
    has_backup = backups.is_dir() and any(backups.glob("*.db"))
    return has_backup or data_dir.preferences_file.exists()


def data_dir_for(args: argparse.Namespace) -> DataDir:
    """--data-dir, else the demo folder for --demo, else the per-user data folder."""
    if args.data_dir is not None:
        return DataDir(Path(args.data_dir).expanduser().resolve())
    root = default_data_dir()
    return DataDir(root / "demo" if args.demo else root)


def open_database(
    args: argparse.Namespace, ask_password: Callable[[SharedServer], str | None] | None = None
) -> tuple[DataDir, Database]:
    """Make the data folder, start logging, migrate (backing up first) and return the db."""
    try:
        data_dir = data_dir_for(args).ensure()
        setup_logging(data_dir.logs, verbose=getattr(args, "verbose", False))
        url = database_url(data_dir, getattr(args, "database_url", None), ask_password)
    except LocationError as error:
        raise StartupError(str(error)) from error
    except OSError as error:
        raise StartupError(folder_problem(error, data_dir_for(args).root)) from error
    explicit = getattr(args, "database_url", None)
    if url.startswith("sqlite") and not explicit:
        try:
            check_sqlite_file(data_dir)
        except OSError as error:
            raise StartupError(folder_problem(error, data_dir.root)) from error
    try:
        db = Database(url, user=data_dir.user_name, backups_dir=data_dir.backups)
    except (ArgumentError, NoSuchModuleError) as error:
        raise StartupError(
            "共有データベースの URL の形式が正しくありません"
            "（例: postgresql+psycopg://利用者名@サーバー:5432/データベース名）。"
        ) from error
    try:
        result = prepare_database(db, data_dir.backups)
    except DatabaseTooNewError as error:
        db.dispose()
        raise StartupError(str(error)) from error
    except OperationalError as error:
        db.dispose()
        if db.is_sqlite:
            raise
        raise StartupError(server_problem(error)) from error
    if result.backup:
        log.info("backup before upgrade: %s", result.backup)
    return data_dir, db


def folder_problem(error: OSError, folder: Path) -> str:
    """The machine's fault in the words of the person who has to fix it."""
    if error.errno == 28:  # ENOSPC
        return (
            f"ディスクがいっぱいです（{folder}）。"
            "不要なファイルを消して空きを作ってから、もう一度起動してください。"
        )
    if isinstance(error, PermissionError) or error.errno == 30:  # EROFS
        return (
            f"このフォルダには書き込めません: {folder}。"
            "フォルダの権限を確かめるか、別の保存先を --data-dir で指定してください。"
        )
    return f"データの保存先 {folder} を使えませんでした（{error.strerror}）。"


def server_problem(error: OperationalError) -> str:
    """What went wrong with the shared server, told apart from the driver's English."""
    said = str(error.orig or error).lower()
    log.error("shared database refused: %s", said.splitlines()[0] if said else error)
    if "password authentication failed" in said or "no password supplied" in said:
        return (
            "共有データベースのパスワードが違います。"
            "正しいパスワードを入力するか、サーバーの管理者に確かめてください。"
        )
    if "does not exist" in said and "database" in said:
        return (
            "共有サーバーに、指定された名前のデータベースがありません。"
            "データベース名を確かめるか、サーバーの管理者に作成を依頼してください。"
        )
    if "role" in said and "does not exist" in said:
        return "共有サーバーに、指定された利用者名がありません。利用者名を確かめてください。"
    if any(word in said for word in ("connection refused", "timeout", "timed out", "could not")):
        return (
            "共有データベースのサーバーにつながりません。サーバーの電源と、"
            "この PC がネットワークにつながっているかを確かめてから、もう一度起動してください。"
        )
    return (
        "共有データベースに接続できませんでした。"
        "接続先（サーバー名・ポート・データベース名・利用者名）を確かめてください。"
    )
