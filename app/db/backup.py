"""Consistent copies of the SQLite file through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path


def backup_sqlite(source: Path, backups_dir: Path, reason: str) -> Path:
    """Copy `source` into `backups_dir` and return the new file's path.

    The backup API copies a consistent snapshot even while the WAL holds unmerged pages,
    which a plain file copy would miss.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{source.stem}-{stamp}-{reason}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = backups_dir / f"{source.stem}-{stamp}-{reason}-{counter}.db"
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target
