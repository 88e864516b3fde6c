"""Resource list at scale: 100,000 resources, search-as-you-type and opening the list.

    python bench/bench_resources.py [N]

Builds a database of N resources (default 100,000) in a temporary folder, then reports the
median time of what the list page asks for (count + first page of 200, through the service)
next to the same raw SQLite queries (FTS5 match / ORDER BY sort_key) without the ORM.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from app.db.base import new_uuid, utcnow
from app.db.engine import Database
from app.db.migrate import prepare_database
from app.db.models import Resource
from app.domain.kana import collation_key
from app.domain.text import search_key
from app.services.resources.resource import ResourceFilter, count_resources, list_resources

TOWNS = [
    ("本町", "ほんちょう"), ("栄町", "さかえまち"), ("旭町", "あさひまち"), ("新田", "しんでん"),
    ("住吉", "すみよし"), ("東山", "ひがしやま"), ("奥沢", "おくさわ"), ("港", "みなと"),
]  # fmt: skip
THINGS = [
    ("ふれあいサロン", "ふれあいさろん", "salon"),
    ("いきいき体操", "いきいきたいそう", "exercise"),
    ("見守り隊", "みまもりたい", "watching"),
    ("カフェ", "かふぇ", "salon"),
    ("配食の会", "はいしょくのかい", "meals"),
    ("買い物バス", "かいものばす", "shopping"),
    ("囲碁の会", "いごのかい", "hobby"),
    ("送迎ボランティア", "そうげいぼらんてぃあ", "transport"),
]


def build(path: Path, n: int) -> float:
    db = Database(f"sqlite:///{path}")
    prepare_database(db, path.parent / "backups")
    rng = random.Random(1)
    start = time.perf_counter()
    now = utcnow()
    batch = []
    with db.engine.begin() as connection:
        for i in range(n):
            town, town_reading = rng.choice(TOWNS)
            thing, reading, kind = rng.choice(THINGS)
            name = f"{town}{thing}{i}"
            batch.append(
                {
                    "uuid": new_uuid(),
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    "name": name,
                    "reading": f"{town_reading}{reading}",
                    "category": "activity",
                    "kinds": f",{kind},",
                    "description": "近所の仲間で楽しむ集まりです。",
                    "state": "active",
                    "search_text": search_key(f"{name}｜{town_reading}{reading}"),
                    "sort_key": collation_key(f"{town_reading}{reading}"),
                }
            )
            if len(batch) == 5000:
                connection.execute(insert(Resource), batch)
                batch.clear()
        if batch:
            connection.execute(insert(Resource), batch)
    db.dispose()
    return time.perf_counter() - start


def median_ms(fn, repeats: int = 9) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sasaeai.db"
        built = build(path, n)
        db = Database(f"sqlite:///{path}")
        raw = sqlite3.connect(path)
        print(f"resources: {n:,} (built in {built:.1f} s)")
        print(f"{'what':44} {'service':>10} {'raw SQL':>10} {'ratio':>6}")

        def page(flt: ResourceFilter) -> None:
            count_resources(db, flt)
            list_resources(db, flt, limit=200)

        cases = [
            (
                "open the list (count + first 200)",
                ResourceFilter(),
                "SELECT count(*) FROM resource WHERE deleted_at IS NULL",
                "SELECT id, name FROM resource WHERE deleted_at IS NULL "
                "ORDER BY sort_key, id LIMIT 200",
            ),
            (
                "search 「かふぇ」 (FTS trigram)",
                ResourceFilter(text="かふぇ"),
                "SELECT count(*) FROM resource_fts WHERE resource_fts MATCH '\"かふぇ\"'",
                "SELECT r.id, r.name FROM resource r WHERE r.id IN (SELECT rowid FROM resource_fts "
                "WHERE resource_fts MATCH '\"かふぇ\"') ORDER BY r.sort_key, r.id LIMIT 200",
            ),
            (
                "search 「旭町 いきいき」 (scan + FTS)",
                ResourceFilter(text="旭町 いきいき"),
                "SELECT count(*) FROM resource WHERE search_text LIKE '%旭町%' AND id IN "
                "(SELECT rowid FROM resource_fts WHERE resource_fts MATCH '\"いきいき\"')",
                "SELECT id, name FROM resource WHERE search_text LIKE '%旭町%' AND id IN "
                "(SELECT rowid FROM resource_fts WHERE resource_fts MATCH '\"いきいき\"') "
                "ORDER BY sort_key, id LIMIT 200",
            ),
            (
                "search 「見守」 (2 characters: scan)",
                ResourceFilter(text="見守"),
                "SELECT count(*) FROM resource WHERE search_text LIKE '%見守%'",
                "SELECT id, name FROM resource WHERE search_text LIKE '%見守%' "
                "ORDER BY sort_key, id LIMIT 200",
            ),
        ]
        for label, flt, raw_count, raw_page in cases:
            app_ms = median_ms(lambda flt=flt: page(flt))
            raw_ms = median_ms(
                lambda c=raw_count, p=raw_page: (
                    raw.execute(c).fetchall(),
                    raw.execute(p).fetchall(),
                )
            )
            print(f"{label:44} {app_ms:8.1f}ms {raw_ms:8.1f}ms {app_ms / raw_ms:5.1f}x")
        raw.close()
        db.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
