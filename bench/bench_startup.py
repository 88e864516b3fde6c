"""Start-up cost of the storage layer: opening a database that is already at head, against
opening the same file with plain sqlite3 (the raw baseline), and the first migration.

    python bench/bench_startup.py
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from app.db.engine import Database
from app.db.migrate import prepare_database
from app.services.demo import load_demo
from app.services.guide.checklist import progress_by_area


def median_ms(fn, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "sasaeai.db"

        def first_open() -> None:
            path.unlink(missing_ok=True)
            db = Database(f"sqlite:///{path}")
            prepare_database(db, root / "backups")
            db.dispose()

        create = median_ms(first_open, repeats=3)
        db = Database(f"sqlite:///{path}")
        prepare_database(db, root / "backups")
        load_demo(db)
        db.dispose()

        def reopen() -> None:
            database = Database(f"sqlite:///{path}")
            prepare_database(database, root / "backups")
            progress_by_area(database)
            database.dispose()

        def raw() -> None:
            connection = sqlite3.connect(path)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("SELECT version_num FROM alembic_version").fetchone()
            connection.execute(
                "SELECT area_id, check_key FROM checklist_state WHERE done = 1"
            ).fetchall()
            connection.close()

        opened, baseline = median_ms(reopen), median_ms(raw)
        print(f"create + migrate a new database:            median {create:7.1f} ms")
        print(f"open at head + check + home progress query: median {opened:7.1f} ms")
        print(f"raw sqlite3 open + same two queries:        median {baseline:7.1f} ms")
        print(f"ratio: {opened / baseline:.0f}x (the app's price for revision checks and ORM)")


if __name__ == "__main__":
    main()
