"""Helpers every service uses to load a live record and guard against lost updates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db.base import RecordMixin, utcnow
from app.db.engine import Database
from app.services.errors import ConflictError, NotFound


def get_live[T: RecordMixin](session: Session, model: type[T], record_id: int, label: str) -> T:
    """The record, or NotFound when it is missing or in the trash."""
    record = session.get(model, record_id)
    if record is None or record.deleted_at is not None:
        raise NotFound(
            f"{label}（番号 {record_id}）が見つかりません。ごみ箱に移されたか、削除されています。"
        )
    return record


def is_live(session: Session, model: type[RecordMixin], record_id: int | None) -> bool:
    """True when the record exists and is not in the trash (None: nothing chosen, fine)."""
    if record_id is None:
        return True
    record = session.get(model, record_id)
    return record is not None and record.deleted_at is None


def _conflict(label: str) -> ConflictError:
    return ConflictError(
        f"この{label}は、開いている間にほかの人（または別の画面）で変更されました。"
        "上書きを避けるため保存していません。画面を開き直して、最新の内容を確かめてから"
        "もう一度保存してください。"
    )


def check_version(record: RecordMixin, expected_version: int | None, label: str) -> None:
    """Refuse to overwrite a record that changed since the form was opened."""
    if expected_version is not None and record.version != expected_version:
        raise _conflict(label)


@contextmanager
def conflicts_as(label: str) -> Iterator[None]:
    """Turn a write that lost a race at commit time into the same ConflictError.

    StaleDataError: another PC updated the row between our read and our UPDATE (the
    `version` column caught it). IntegrityError on a unique key: another PC inserted the
    same row first. Either way the person's input was not saved and must be told so.
    """
    try:
        yield
    except StaleDataError as error:
        raise _conflict(label) from error
    except IntegrityError as error:
        raise _conflict(label) from error


def touch(record: RecordMixin) -> None:
    """Mark a parent changed, so its `version` moves when only its child rows changed."""
    record.updated_at = utcnow()


def move_to_trash(record: RecordMixin) -> None:
    record.deleted_at = utcnow()


def update_record[T: RecordMixin, R](
    db: Database,
    model: type[T],
    record_id: int,
    label: str,
    expected_version: int | None,
    clean: Callable[[Session], dict],
    row: Callable[[T], R],
    after: Callable[[Session, T], None] | None = None,
) -> R:
    """Load, guard the version, apply `clean(session)`'s values, commit: one unit of work."""
    with db.session() as session:
        record = get_live(session, model, record_id, label)
        check_version(record, expected_version, label)
        for key, value in clean(session).items():
            setattr(record, key, value)
        with conflicts_as(label):
            if after is not None:  # dependent records change in the same transaction
                after(session, record)
            session.commit()
        return row(record)


def trash_record[T: RecordMixin](
    db: Database, model: type[T], record_id: int, label: str, expected_version: int | None
) -> None:
    """Move a record to the trash (kept until the trash is emptied)."""
    with db.session() as session:
        record = get_live(session, model, record_id, label)
        check_version(record, expected_version, label)
        move_to_trash(record)
        with conflicts_as(label):
            session.commit()
