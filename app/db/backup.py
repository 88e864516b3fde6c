"""Consistent copies of the SQLite file through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from app.files import private_dir, private_file


def backup_sqlite(source: Path, backups_dir: Path, reason: str, *, own_folder: bool = True) -> Path:
    """Copy `source` into `backups_dir` and return the new file's path.

    The backup API copies a consistent snapshot even while the WAL holds unmerged pages,
    which a plain file copy would miss.
    """
    private_dir(backups_dir, own=own_folder)  # a folder the person chose stays as it was
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{source.stem}-{stamp}-{reason}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = backups_dir / f"{source.stem}-{stamp}-{reason}-{counter}.db"
    # Written whole under a temporary name, then renamed: a copy cut short by a crash is
    # never mistaken for a backup. Created closed to others before a byte is in it.
    part = private_file(target.with_name(target.name + ".part"))
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        finally:
            dst.close()
    finally:
        src.close()
    with part.open("rb+") as file:
        os.fsync(file.fileno())
    part.replace(target)
    return target
