"""Is a SQLite file fit to open? Looked at read-only, before any engine touches it.

A damaged file must never be opened for writing: SQLite would happily add pages to it and
a later restore would lose them too. So the file's header is read by hand, and SQLite's
own `quick_check` runs on a read-only connection.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100


class Health(Enum):
    MISSING = "missing"  # no file yet: a new town
    EMPTY = "empty"  # 0 bytes
    FOREIGN = "foreign"  # not a SQLite file at all
    TRUNCATED = "truncated"  # shorter than its header says
    DAMAGED = "damaged"  # SQLite's check finds broken pages
    OK = "ok"


# One sentence each for the person in front of the screen.
PROBLEMS = {
    Health.EMPTY: "データベースのファイルが空（0 バイト）になっています",
    Health.FOREIGN: "データベースのファイルが、ささえあいノートの形式ではありません",
    Health.TRUNCATED: "データベースのファイルが途中で切れています",
    Health.DAMAGED: "データベースのファイルの中身が壊れています",
}


@dataclass(frozen=True)
class FileHealth:
    health: Health
    detail: str = ""  # SQLite's words, for the log and `check`

    @property
    def ok(self) -> bool:
        return self.health in (Health.OK, Health.MISSING)

    @property
    def problem(self) -> str:
        return PROBLEMS.get(self.health, "")


def inspect_sqlite_file(path: Path, *, full: bool = False) -> FileHealth:
    """Header, length and `quick_check` (or the slower `integrity_check` when `full`)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return FileHealth(Health.MISSING)
    if size == 0:
        return FileHealth(Health.EMPTY)
    with path.open("rb") as file:
        header = file.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return FileHealth(Health.FOREIGN, f"{size} バイト、先頭が SQLite の印ではありません")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if page_size and pages and size < page_size * pages and not _has_wal(path):
        return FileHealth(Health.TRUNCATED, f"{size} バイト（あるべき大きさ {page_size * pages}）")
    check = "integrity_check" if full else "quick_check"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [row[0] for row in connection.execute(f"PRAGMA {check}(20)")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return FileHealth(Health.DAMAGED, str(error))
    if rows != ["ok"]:
        return FileHealth(Health.DAMAGED, " / ".join(rows[:5]))
    return FileHealth(Health.OK)


def _has_wal(path: Path) -> bool:
    """Pages still in the WAL count towards the file; the header's count may be ahead."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0
