"""Where this installation keeps its records, described for the settings page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.db.engine import Database
from app.db.location import DataDir, read_shared_server
from app.logs import LOG_NAME


@dataclass(frozen=True)
class StorageInfo:
    database: str  # one line a person can read
    data_folder: Path
    backups_folder: Path
    logs_folder: Path
    log_file: Path


def describe_storage(db: Database, data_dir: DataDir) -> StorageInfo:
    if db.is_sqlite:
        database = f"この PC のファイル（{db.sqlite_path}）"
    else:
        server = read_shared_server(data_dir)
        database = (
            f"共有サーバー {server.host}:{server.port} のデータベース「{server.database}」"
            if server is not None
            else "起動時に指定された共有データベース"
        )
    return StorageInfo(
        database=database,
        data_folder=data_dir.root,
        backups_folder=data_dir.backups,
        logs_folder=data_dir.logs,
        log_file=data_dir.logs / LOG_NAME,
    )
