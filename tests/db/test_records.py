"""Record columns behave the same on SQLite and PostgreSQL; lost races become conflicts."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import select, update

from app.db.engine import Database
from app.db.migrate import prepare_database
from app.db.models import Area
from app.services.errors import ConflictError
from app.services.records import conflicts_as
from app.services.setup.areas import AreaInput, create_area, update_area


@pytest.fixture
def any_db(any_db_url, data_dir):
    db = Database(any_db_url, user="テスト")
    prepare_database(db, data_dir.backups)
    yield db
    db.dispose()


def test_timestamps_come_back_as_aware_utc(any_db):
    row = create_area(any_db, AreaInput("北地区"))
    with any_db.session() as session:
        area = session.get(Area, row.id)
        assert area.created_at.tzinfo is not None
        assert area.created_at.utcoffset() == UTC.utcoffset(None)
        assert area.updated_at >= area.created_at  # comparable: both aware


def test_version_race_at_commit_is_a_conflict(any_db):
    """Two sessions load version 1; the second UPDATE finds version 2 and must not win."""
    row = create_area(any_db, AreaInput("北地区"))
    with any_db.session() as first, any_db.session() as second:
        mine = first.get(Area, row.id)
        theirs = second.get(Area, row.id)
        theirs.notes = "先に保存"
        second.commit()
        mine.notes = "後から保存"
        with pytest.raises(ConflictError), conflicts_as("圏域"):
            first.commit()
    with any_db.session() as session:
        assert session.scalar(select(Area.notes).where(Area.id == row.id)) == "先に保存"


def test_update_after_someone_else_saved_is_refused(any_db):
    row = create_area(any_db, AreaInput("北地区"))
    with any_db.engine.begin() as connection:  # another PC, straight into the table
        connection.execute(update(Area).where(Area.id == row.id).values(version=Area.version + 1))
    with pytest.raises(ConflictError):
        update_area(any_db, row.id, AreaInput("北地区", notes="x"), expected_version=row.version)
