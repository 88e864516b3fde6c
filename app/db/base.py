"""Declarative base and the columns every table carries (DESIGN.md, "Records")."""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names keep Alembic batch migrations on SQLite and PostgreSQL identical.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC everywhere."""
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on the way in and out, on SQLite as on PostgreSQL.

    SQLite has no time zone type and hands back naive values; PostgreSQL hands back aware
    ones. Comparing the two raises TypeError, so every value read here is aware UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RecordMixin:
    """id, uuid, created/updated, optimistic-lock version and trash marker."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        # SQLAlchemy bumps `version` on every UPDATE and raises StaleDataError when another
        # writer got there first: the basis of the "clear conflict, never a silent overwrite".
        return {"version_id_col": cls.version}
