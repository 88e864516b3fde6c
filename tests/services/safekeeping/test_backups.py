"""Backups as a town hall relies on them: made private and whole, kept by the rule, restored
without mixing two databases, and a damaged file found before anything writes to it."""

from __future__ import annotations

import argparse
import os
import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.bootstrap import DamagedDatabaseError, open_database
from app.db.health import Health, inspect_sqlite_file
from app.services.demo import load_demo
from app.services.errors import ServiceError
from app.services.safekeeping.backups import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_NEWEST,
    KEEP_WEEKLY,
    backup_now,
    backup_to,
    daily_due,
    list_backups,
    prune,
    restore,
)
from app.services.setup.areas import AreaInput, create_area, list_areas
from app.services.setup.town import SetupInput, run_setup


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _args(folder: Path) -> argparse.Namespace:
    return argparse.Namespace(data_dir=folder, demo=False, database_url=None, verbose=False)


def _open(folder: Path):
    data_dir, db = open_database(_args(folder))
    return data_dir, db


def _town(folder: Path, *names: str):
    data_dir, db = _open(folder)
    run_setup(
        db,
        SetupInput(
            municipality="テスト町",
            municipality_area=AreaInput("テスト町全域"),
            districts=[AreaInput(name) for name in names],
            user_name="テスト担当",
        ),
    )
    return data_dir, db


def _names(db) -> set[str]:
    return {a.name for a in list_areas(db) if a.layer == 2}


def _flip_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2)
        file.write(os.urandom(8192))


def test_a_backup_is_whole_private_and_says_what_it_holds(tmp_path):
    data_dir, db = _town(tmp_path / "town", "北地区", "南地区")
    path = backup_now(db, "manual")
    db.dispose()
    assert path is not None and path.parent == data_dir.backups
    assert _mode(path) == 0o600 and _mode(data_dir.backups) == 0o700
    assert not list(data_dir.backups.glob("*.part")) and not list(data_dir.backups.glob("*-wal"))
    [info] = list_backups(data_dir.backups)
    assert info.readable and info.counts["area"] == 3 and info.reason_label == "手動"
    assert "圏域 3、地域資源 0" in info.counts_text


def test_the_data_folder_database_and_log_are_closed_to_other_users(tmp_path):
    data_dir, db = _open(tmp_path / "town")
    db.dispose()
    assert _mode(data_dir.root) == 0o700
    assert _mode(data_dir.database_file) == 0o600
    assert _mode(data_dir.logs) == 0o700
    assert _mode(data_dir.logs / "sasaeai.log") == 0o600
    data_dir.write_preference("user_name", "佐藤")
    assert _mode(data_dir.preferences_file) == 0o600


def test_a_backup_the_person_names_goes_where_they_chose(tmp_path):
    data_dir, db = _town(tmp_path / "town", "北地区")
    target = backup_to(db, tmp_path / "usb" / "みどり町の控え")
    assert target.name == "みどり町の控え.db" and _mode(target) == 0o600
    with pytest.raises(ServiceError, match="使用中のデータベース"):
        backup_to(db, data_dir.database_file)
    db.dispose()


def _touch(folder: Path, when: datetime, reason: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"sasaeai-{when:%Y%m%d-%H%M%S}-{reason}.db"
    path.write_bytes(b"")
    return path


def test_the_rule_keeps_newest_daily_weekly_monthly_and_every_manual_copy(tmp_path):
    folder = tmp_path / "backups"
    start = datetime(2026, 12, 5, 18, 0)
    made = [_touch(folder, start - timedelta(hours=12 * n), "daily") for n in range(800)]
    manual = _touch(folder, start - timedelta(days=700), "manual")
    removed = prune(folder)
    kept = {b.path for b in list_backups(folder, with_counts=False)}
    assert manual in kept and made[0] in kept
    assert set(made[:KEEP_NEWEST]) <= kept
    automatic = sorted(
        (b for b in list_backups(folder, with_counts=False) if not b.manual),
        key=lambda b: b.made_at,
        reverse=True,
    )
    days = {b.made_at.date() for b in automatic}
    months = {(b.made_at.year, b.made_at.month) for b in automatic}
    assert len(days) >= KEEP_DAILY and len(months) == KEEP_MONTHLY
    assert len(kept) <= 1 + KEEP_NEWEST + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    assert len(removed) == len(made) + 1 - len(kept)
    assert min(b.made_at for b in automatic) > start - timedelta(days=370)


def test_a_day_without_an_automatic_copy_makes_one_due(tmp_path):
    folder = tmp_path / "backups"
    now = datetime(2026, 12, 5, 12, 0)
    assert daily_due(folder, now=now)
    _touch(folder, now - timedelta(hours=30), "manual")
    assert daily_due(folder, now=now)  # a manual copy does not stand in for the daily one
    _touch(folder, now - timedelta(hours=2), "exit")
    assert not daily_due(folder, now=now)


def test_restore_brings_back_the_copy_and_keeps_the_current_state(tmp_path):
    data_dir, db = _town(tmp_path / "town", "北地区")
    copy = backup_now(db, "manual")
    create_area(db, AreaInput("南地区"))
    db.dispose()
    result = restore(data_dir.database_file, copy, data_dir.backups)
    assert result.kept_aside is not None and "before-restore" in result.kept_aside.name
    data_dir, db = _open(tmp_path / "town")
    assert _names(db) == {"北地区"}
    db.dispose()
    assert _mode(data_dir.database_file) == 0o600
    # and the state before the restore is itself a copy one can go back to
    restore(data_dir.database_file, result.kept_aside, data_dir.backups)
    data_dir, db = _open(tmp_path / "town")
    assert _names(db) == {"北地区", "南地区"}
    db.dispose()


@pytest.mark.parametrize(
    ("harm", "health"),
    [
        (_flip_middle, Health.DAMAGED),
        (lambda p: os.truncate(p, 8192), Health.TRUNCATED),
        (lambda p: p.write_bytes(os.urandom(40_000)), Health.FOREIGN),
        (lambda p: p.write_bytes(b""), Health.EMPTY),
    ],
    ids=["flipped", "truncated", "random", "empty"],
)
def test_a_damaged_database_is_refused_with_the_newest_good_backup_offered(tmp_path, harm, health):
    folder = tmp_path / "town"
    data_dir, db = _open(folder)
    load_demo(db)  # a town of a few megabytes, so that the middle of the file is records
    good = backup_now(db, "manual")
    db.dispose()
    harm(data_dir.database_file)
    before = data_dir.database_file.read_bytes()
    assert inspect_sqlite_file(data_dir.database_file).health == health
    with pytest.raises(DamagedDatabaseError) as refused:
        _open(folder)
    assert refused.value.backup is not None and refused.value.backup.path == good
    assert "開かずにそのまま残しています" in str(refused.value)
    assert data_dir.database_file.read_bytes() == before  # never opened for writing
    result = restore(data_dir.database_file, good, data_dir.backups)
    assert result.kept_aside.name.startswith("sasaeai.damaged-")
    assert result.kept_aside.read_bytes() == before
    data_dir, db = _open(folder)
    assert _names(db) == {"北中学校区", "南中学校区", "東中学校区"}
    db.dispose()


def test_an_empty_file_in_a_folder_that_never_held_a_town_is_a_new_town(tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "sasaeai.db").write_bytes(b"")
    _data_dir, db = _open(folder)
    assert list_areas(db) == []
    db.dispose()


def test_restore_refuses_what_is_not_a_good_backup_and_changes_nothing(tmp_path):
    data_dir, db = _town(tmp_path / "town", "北地区")
    db.dispose()
    before = data_dir.database_file.read_bytes()
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    newer = backup_to(*_reopen_for_copy(tmp_path / "town", tmp_path / "newer.db"))
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    for bad, words in (
        (tmp_path / "missing.db", "見つかりません"),
        (foreign, "バックアップではありません"),
        (newer, "より新しいバージョン"),
        (broken, "使えません"),
    ):
        with pytest.raises(ServiceError, match=words):
            restore(data_dir.database_file, bad, data_dir.backups)
    assert data_dir.database_file.read_bytes() == before


def _reopen_for_copy(folder: Path, target: Path):
    _data_dir, db = _open(folder)
    return db, target


def test_an_import_leaves_a_copy_of_the_town_as_it_was(tmp_path):
    from app.services.resources.importing import import_file

    data_dir, db = _town(tmp_path / "town", "北地区")
    sheet = tmp_path / "list.csv"
    sheet.write_text("名称,圏域\n旭町ふれあいサロン,北地区\n", encoding="utf-8")
    report = import_file(db, sheet)
    db.dispose()
    assert report.imported == 1 and report.backup is not None
    [info] = list_backups(data_dir.backups)
    assert info.reason_label == "取り込みの前" and info.counts["resource"] == 0


def test_a_folder_the_person_chose_keeps_its_permissions(tmp_path):
    """A copy to a USB stick or /tmp must not close that folder to everyone else."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    data_dir, db = _town(tmp_path / "town", "北地区")
    target = backup_to(db, shared / "控え")
    db.dispose()
    assert _mode(shared) == 0o1777 and _mode(target) == 0o600
    existing = tmp_path / "existing"
    existing.mkdir()
    os.chmod(existing, 0o755)
    _data_dir, db = _open(existing)
    db.dispose()
    assert _mode(existing) == 0o755 and _mode(existing / "sasaeai.db") == 0o600
    assert _mode(existing / "logs") == 0o700
