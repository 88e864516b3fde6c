"""Town-wide settings kept in the database (municipality name, fiscal year)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Setting
from app.services.errors import FieldErrors
from app.services.validate import required_text

MUNICIPALITY = "municipality"
MUNICIPALITY_READING = "municipality_reading"


def get_setting(db: Database, key: str, default: str = "") -> str:
    with db.session() as session:
        return read(session, key, default)


def read(session: Session, key: str, default: str = "") -> str:
    value = session.scalar(
        select(Setting.value).where(Setting.key == key, Setting.deleted_at.is_(None))
    )
    return default if value is None else value


def write(session: Session, key: str, value: str) -> None:
    setting = session.scalar(select(Setting).where(Setting.key == key))
    if setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value
        setting.deleted_at = None


def set_setting(db: Database, key: str, value: str) -> None:
    with db.session() as session:
        write(session, key, value)
        session.commit()


def municipality_name(db: Database) -> str:
    return get_setting(db, MUNICIPALITY)


def clean_municipality(name: str) -> str:
    errors = FieldErrors()
    name = required_text(errors, MUNICIPALITY, "市町村名", name, 50)
    errors.raise_if_any()
    return name


def set_municipality(db: Database, name: str) -> str:
    """Rename the town; returns the stored (normalised) name."""
    name = clean_municipality(name)
    set_setting(db, MUNICIPALITY, name)
    return name


def clean_user_name(name: str) -> str:
    """The name this PC's user goes by in the audit trail (kept per PC, not in the database)."""
    errors = FieldErrors()
    name = required_text(errors, "user_name", "お名前", name, 50)
    errors.raise_if_any()
    return name
