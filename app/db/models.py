"""The foundation tables: areas, organisations, people, checklist state, settings, audit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, RecordMixin


class Area(RecordMixin, Base):
    """圏域: layer 1 is the whole municipality, layer 2 a 中学校区 / 日常生活圏域."""

    __tablename__ = "area"

    name: Mapped[str] = mapped_column(String(100))
    reading: Mapped[str] = mapped_column(String(200), default="")
    layer: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    population: Mapped[int | None] = mapped_column(Integer, default=None)
    aged_65_plus: Mapped[int | None] = mapped_column(Integer, default=None)
    aged_75_plus: Mapped[int | None] = mapped_column(Integer, default=None)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Area | None] = relationship(remote_side="Area.id")


class Organization(RecordMixin, Base):
    """団体・主体."""

    __tablename__ = "organization"

    name: Mapped[str] = mapped_column(String(200))
    reading: Mapped[str] = mapped_column(String(400), default="")
    kind: Mapped[str] = mapped_column(String(40))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    contact: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    area: Mapped[Area | None] = relationship()


class Person(RecordMixin, Base):
    """人: anyone the records name. `personal` marks details that must stay internal."""

    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(100))
    reading: Mapped[str] = mapped_column(String(200), default="")
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), default=None)
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(100), default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    personal: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    organization: Mapped[Organization | None] = relationship()


class ChecklistState(RecordMixin, Base):
    """One STEP catalog check item for one area: done or not, when, and a note."""

    __tablename__ = "checklist_state"
    __table_args__ = (UniqueConstraint("area_id", "check_key", name="uq_checklist_area_key"),)

    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    check_key: Mapped[str] = mapped_column(String(40))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(100), default="")


class Setting(RecordMixin, Base):
    """Key/value settings of this town (municipality name, fiscal year, printing options)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(RecordMixin, Base):
    """Who changed what and when. Written by the session hook in app.db.audit, never edited.

    It carries the common columns too, so that audit trails merge by uuid like any record.
    """

    __tablename__ = "audit_entry"

    who: Mapped[str] = mapped_column(String(100), default="")
    table_name: Mapped[str] = mapped_column(String(60))
    record_uuid: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(10))
    changes: Mapped[str] = mapped_column(Text, default="")
