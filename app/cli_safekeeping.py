"""`backup`, `backups` and `restore`: the data folder's copies from the command line.

`backups` and `restore` work on the files alone, so they run even when the database is too
damaged to open, which is exactly when they are needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.bootstrap import data_dir_for
from app.db.engine import Database
from app.db.location import DataDir
from app.services.errors import ServiceError
from app.services.safekeeping.backups import (
    RULE_TEXT,
    backup_now,
    backup_to,
    list_backups,
    restore,
)

# Commands that must not open the database first.
FILE_COMMANDS = ("backups", "restore")


def add_safekeeping_parsers(commands) -> None:
    making = commands.add_parser("backup", help="データベースのバックアップを作る")
    making.add_argument(
        "-o", "--output", type=Path, help="保存するファイル（省略するとデータフォルダの backups）"
    )
    listing = commands.add_parser("backups", help="バックアップの一覧を表示する")
    listing.add_argument("--json", action="store_true", help="JSON で出力する")
    restoring = commands.add_parser(
        "restore", help="バックアップから復元する（今のデータベースは控えを残します）"
    )
    restoring.add_argument("file", type=Path, help="復元に使うバックアップのファイル")


def cmd_backup(data_dir: DataDir, db: Database, args: argparse.Namespace) -> int:
    if args.output is not None:
        target = backup_to(db, args.output)
    else:
        target = backup_now(db, "manual")
        if target is None:
            raise ServiceError(
                "共有データベース（PostgreSQL）はこのアプリではバックアップしません。"
                "サーバーの管理者にバックアップの仕組みをお尋ねください。"
            )
    print(f"バックアップを作りました: {target}", file=sys.stderr)
    return 0


def run_file_command(args: argparse.Namespace) -> int:
    """`backups` or `restore`, on the data folder's files without opening the database."""
    data_dir = data_dir_for(args).ensure()
    if args.command == "backups":
        backups = list_backups(data_dir.backups)
        if args.json:
            json.dump([b.to_dict() for b in backups], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            for backup in backups:
                print(
                    f"{backup.made_at:%Y-%m-%d %H:%M}\t{backup.reason_label}\t"
                    f"{backup.counts_text}\t{backup.path}"
                )
        print(f"バックアップ: {len(backups)} 個（{data_dir.backups}）", file=sys.stderr)
        print(RULE_TEXT, file=sys.stderr)
        return 0
    if getattr(args, "database_url", None) or data_dir.connection_file.exists():
        raise ServiceError(
            "共有データベース（PostgreSQL）を使う設定です。復元はサーバーの管理者に依頼してください。"
        )
    result = restore(data_dir.database_file, args.file, data_dir.backups)
    print(f"{result.restored_from} から復元しました。", file=sys.stderr)
    if result.kept_aside is not None:
        print(f"復元する前のデータベースは {result.kept_aside} に残しています。", file=sys.stderr)
    return 0
