"""Kill the app's writes at random moments and check that nothing acknowledged is lost.

    python bench/crash_harness.py [--kills N] [--mode write|restore|backup|all]

Each round starts a child process that works through the services, SIGKILLs it after a
random delay, then checks the database as the next start would:

- write:   the child adds records one by one and prints each name after its commit; after
           the kill the file must pass `integrity_check` and hold every printed name.
- restore: the child restores two backups in turn (3 and 7 organisations); after the kill the
           file must be whole and hold one of the two states, never a mix.
- backup:  the child makes backup after backup; after the kill every copy in `backups/` must
           be whole (a copy cut short stays under its temporary name, never counted).

The test suite runs a few kills per mode; the figure in BENCHMARKS.md comes from
`--kills 1000`. POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.bootstrap import open_database
from app.db.health import inspect_sqlite_file
from app.services.safekeeping.backups import list_backups, make_backup, restore
from app.services.setup.areas import AreaInput
from app.services.setup.organizations import OrganizationInput, create_organization
from app.services.setup.town import SetupInput, is_set_up, run_setup

MODES = ("write", "restore", "backup")
STATES = {"A": 3, "B": 7}  # organisations in each restore source


def _open(folder: Path):
    args = argparse.Namespace(data_dir=folder, demo=False, database_url=None, verbose=False)
    return open_database(args)


def _organisations(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM organization")]
    finally:
        connection.close()


# --- the child: works until it is killed ---------------------------------------------------


def child(mode: str, folder: Path) -> None:
    data_dir, db = _open(folder)
    if mode == "write":
        n = 0
        while True:
            n += 1
            name = f"団体{os.getpid()}-{n}"
            create_organization(db, OrganizationInput(name, notes="見守り" * 50))
            print(name, flush=True)  # acknowledged: the commit has returned
    db.dispose()
    if mode == "restore":
        sources = [folder.parent / "state-A.db", folder.parent / "state-B.db"]
        n = 0
        while True:
            n += 1
            restore(data_dir.database_file, sources[n % 2], data_dir.backups)
            print("restored", flush=True)
    if mode == "backup":
        while True:
            make_backup(data_dir.database_file, data_dir.backups, "daily")
            print("backed up", flush=True)


# --- the parent: kills and checks ----------------------------------------------------------


@dataclass
class Tally:
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    corrupt: int = 0
    mixed: int = 0
    child_errors: int = 0  # the child stopped by itself: the harness, not the app, is wrong
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.lost == self.corrupt == self.mixed == self.child_errors == 0


def _prepare(folder: Path) -> None:
    _data_dir, db = _open(folder)
    if not is_set_up(db):
        run_setup(
            db,
            SetupInput(
                municipality="試験町",
                municipality_area=AreaInput("試験町全域"),
                districts=[AreaInput("北地区")],
                user_name="試験",
            ),
        )
    db.dispose()


def _restore_sources(root: Path) -> None:
    for label, count in STATES.items():
        folder = root / f"make-{label}"
        _prepare(folder)
        data_dir, db = _open(folder)
        for n in range(count):
            create_organization(db, OrganizationInput(f"{label}団体{n}"))
        db.dispose()
        made = make_backup(data_dir.database_file, data_dir.backups, "manual")
        made.replace(root / f"state-{label}.db")


def _round(mode: str, folder: Path, tally: Tally, rng: random.Random) -> None:
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(rng.uniform(0.4, 1.6))  # start-up takes ~0.4 s: some kills land in it
    process.send_signal(signal.SIGKILL)
    out, err = process.communicate()
    tally.kills += 1
    if process.returncode != -signal.SIGKILL:
        tally.child_errors += 1
        tally.problems.append(f"{mode}: child ended by itself ({process.returncode}): {err[-300:]}")
    lines = out.split("\n")[:-1]  # the last piece has no newline: not acknowledged
    database = folder / "sasaeai.db"
    health = inspect_sqlite_file(database, full=True)
    if not health.ok:
        tally.corrupt += 1
        tally.problems.append(f"{mode}: {health.health.value} {health.detail}")
        return
    if mode == "write":
        stored = set(_organisations(database))
        missing = [name for name in lines if name not in stored]
        tally.acknowledged += len(lines)
        tally.lost += len(missing)
        if missing:
            tally.problems.append(f"write: lost {missing[:3]}")
    elif mode == "restore":
        tally.acknowledged += len(lines)
        names = _organisations(database)
        prefixes = {name[0] for name in names}
        if len(prefixes) > 1 or len(names) not in (0, *STATES.values()):
            tally.mixed += 1
            tally.problems.append(f"restore: mixed state {sorted(names)[:5]}")
    else:
        tally.acknowledged += len(lines)
        for backup in list_backups(folder / "backups", with_counts=False):
            found = inspect_sqlite_file(backup.path, full=True)
            if not found.ok:
                tally.corrupt += 1
                tally.problems.append(f"backup: {backup.path.name} {found.health.value}")


def run(kills: int, modes: tuple[str, ...], seed: int = 2026) -> dict[str, Tally]:
    rng = random.Random(seed)
    results: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _restore_sources(root)
        for mode in modes:
            folder = root / mode
            _prepare(folder)
            tally = results.setdefault(mode, Tally())
            for _ in range(kills):
                _round(mode, folder, tally, rng)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="kills per mode")
    parser.add_argument("--mode", choices=(*MODES, "all"), default="all")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    modes = MODES if args.mode == "all" else (args.mode,)
    started = time.monotonic()
    results = run(args.kills, modes)
    print(f"crash harness: {args.kills} kills per mode, {time.monotonic() - started:.0f} s")
    for mode, tally in results.items():
        print(
            f"  {mode:8} kills {tally.kills:5}  acknowledged {tally.acknowledged:6}  "
            f"lost {tally.lost}  corrupt {tally.corrupt}  mixed {tally.mixed}"
        )
        for problem in tally.problems[:10]:
            print(f"    {problem}")
    return 0 if all(t.ok for t in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
