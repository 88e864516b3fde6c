"""Import at scale: read, preview and import a 10,000-row town spreadsheet.

    python bench/bench_import.py [N] [REPEATS]

Writes an .xlsx of N rows (default 10,000) in a temporary folder: a title row, a header, then
rows with 和暦 dates, schedules in words, areas and organisations by name, and one row in 50
repeating an earlier row of the file. Each repeat imports into fresh set-up databases:
skipping the repeats; merging them (merging into rows of the same file needs those rows
written mid-import); and merging into a town that lacks the file's areas, so the import
creates them. Reports the median of each step.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from app.db.engine import Database
from app.db.migrate import prepare_database
from app.services.resources.importing import (
    guess_header_row,
    guess_mapping,
    open_table,
    preview_import,
    run_import,
)
from app.services.setup.areas import AreaInput
from app.services.setup.organizations import OrganizationInput, create_organization
from app.services.setup.town import SetupInput, run_setup

HEADER = ["名称", "ふりがな", "種別", "開催日・頻度", "時間", "参加者数", "圏域", "最終確認日"]
HEADER += ["運営主体", "参加費", "連絡先", "備考"]
TOWNS = ["本町", "栄町", "旭町", "新田", "住吉", "東山", "奥沢", "港"]
THINGS = [
    ("ふれあいサロン", "サロン"),
    ("いきいき体操", "体操"),
    ("見守り隊", "見守り"),
    ("カフェ", "居場所・カフェ"),
    ("配食の会", "配食"),
    ("買い物バス", "買い物、移送"),
    ("囲碁の会", "趣味"),
]
SCHEDULES = ["毎週火曜", "第2・第4木曜", "月2回", "隔週金曜", "不定期"]
TIMES = ["10時～12時", "13:30～15:00", "午後1時半～3時", ""]
AREAS = ["北", "南地区", "北地区", ""]
CASES = (  # name, duplicates, the town's layer-2 areas (others than the file's are created)
    ("skip", "skip", ("北地区", "南地区")),
    ("merge", "merge", ("北地区", "南地区")),
    ("merge, new areas", "merge", ("東地区", "西地区")),
)


def write_file(path: Path, n: int) -> Path:
    rng = random.Random(1)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("資源一覧")
    sheet.append(["令和7年度 地域資源一覧"])
    sheet.append(HEADER)
    rows: list[list[object]] = []
    for i in range(n):
        if i % 50 == 49:  # a repeat of an earlier row, with a blank filled in
            row = list(rng.choice(rows))
            row[10] = f"0120-{i:06d}"
        else:
            thing, kind = rng.choice(THINGS)
            row = [
                f"{rng.choice(TOWNS)}{thing}{i}",
                "",
                kind,
                rng.choice(SCHEDULES),
                rng.choice(TIMES),
                f"{rng.randint(3, 40)}人",
                rng.choice(AREAS),
                f"R7.{rng.randint(1, 12)}.1",
                rng.choice(["北町自治会", "社会福祉協議会", ""]),
                rng.choice(["無料", "１００円", ""]),
                "",
                "",
            ]
        rows.append(row)
        sheet.append(row)
    workbook.save(path)
    return path


def fresh_town(folder: Path, districts: tuple[str, ...] = ("北地区", "南地区")) -> Database:
    folder.mkdir()
    db = Database(f"sqlite:///{folder / 'sasaeai.db'}", user="ベンチ")
    prepare_database(db, folder / "backups")
    run_setup(
        db,
        SetupInput(
            municipality="ベンチ町",
            municipality_area=AreaInput("ベンチ町全域"),
            districts=[AreaInput(name) for name in districts],
            user_name="ベンチ",
        ),
    )
    create_organization(db, OrganizationInput("北町自治会", "neighborhood_association"))
    return db


def raw_baseline(path: Path, target: Path) -> float:
    """What any import must pay at least: openpyxl reading every cell, and one executemany
    of the raw strings into a bare SQLite table (no checks, no normalising, no index)."""
    import sqlite3

    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    rows = [
        tuple("" if v is None else str(v) for v in row)
        for row in book.worksheets[0].iter_rows(values_only=True)
    ]
    book.close()
    connection = sqlite3.connect(target)
    width = len(HEADER)
    connection.execute(f"CREATE TABLE raw ({', '.join(f'c{i}' for i in range(width))})")
    connection.executemany(
        f"INSERT INTO raw VALUES ({', '.join('?' * width)})",
        [(*r[:width], *("",) * (width - len(r))) for r in rows[2:]],
    )
    connection.commit()
    connection.close()
    return time.perf_counter() - start


def main(n: int, repeats: int) -> None:
    times: dict[str, list[float]] = {}

    def took(label: str, start: float) -> None:
        times.setdefault(label, []).append(time.perf_counter() - start)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = write_file(root / "資源一覧.xlsx", n)
        for attempt in range(repeats):
            start = time.perf_counter()
            table = open_table(path)
            took("read the file (open_table)", start)
            sheet = table.sheets[table.default_sheet]
            row = guess_header_row(sheet)
            mapping = guess_mapping(sheet.header(row))
            for case, duplicates, districts in CASES:
                db = fresh_town(root / f"{attempt}-{case}", districts)
                create = districts != CASES[0][2]
                start = time.perf_counter()
                preview = preview_import(db, sheet, row, mapping, create_areas=create)
                took(f"preview ({case})", start)
                start = time.perf_counter()
                report = run_import(db, preview, duplicates=duplicates)
                took(f"import ({case})", start)
                db.dispose()
                if attempt == 0:
                    print(
                        f"{case}: {preview.counts['import']:,} rows to import, "
                        f"{preview.counts['duplicate']:,} repeats; {report.imported:,} imported, "
                        f"{report.merged:,} merged, {len(report.created_areas)} areas created"
                    )
            times.setdefault("raw baseline", []).append(
                raw_baseline(path, root / f"raw-{attempt}.db")
            )
    raw = statistics.median(times.pop("raw baseline"))
    for label, values in times.items():
        print(f"{label:40} {statistics.median(values):7.2f} s  (runs: {len(values)})")
    print(f"{'raw baseline (openpyxl + executemany)':40} {raw:7.2f} s")
    for case, *_rest in CASES:
        pairs = zip(
            times["read the file (open_table)"],
            times[f"preview ({case})"],
            times[f"import ({case})"],
            strict=True,
        )
        total = statistics.median(r + p + i for r, p, i in pairs)
        print(
            f"{f'read + preview + import ({case})':40} {total:7.2f} s  "
            f"ratio to raw: {total / raw:.1f}x"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 3,
    )
