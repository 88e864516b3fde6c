"""生活支援コーディネーター (SC) periods, and every role a person has held over time.

A person can be a council's 委員 for one term, its 会長 the next, and a 第2層 SC meanwhile:
each is its own record with its own period, so nothing is overwritten when a role changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db.engine import Database
from app.db.models import Area, CoordinatorAssignment, Council, CouncilMember, Person
from app.domain.enums import Layer, MemberRole
from app.domain.wareki import format_wareki_short
from app.services.errors import FieldErrors
from app.services.records import get_live, trash_record, update_record
from app.services.validate import optional_text

LABEL = "コーディネーターの担当"


@dataclass(frozen=True)
class CoordinatorInput:
    person_id: int
    layer: int
    area_id: int | None
    starts_on: date | None = None
    ends_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class CoordinatorRow:
    id: int
    person_id: int
    person_name: str
    layer: int
    area_id: int | None
    area_name: str
    starts_on: date | None
    ends_on: date | None
    notes: str
    version: int

    def serves_on(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )


@dataclass(frozen=True)
class RoleRow:
    """One role of a person, for the 「役割の履歴」 list."""

    what: str  # 「第2層 SC（北中学校区）」「みどり町支え合い推進会議 会長」
    starts_on: date | None
    ends_on: date | None
    coordinator_id: int | None = None  # editable here when it is an SC period
    council_id: int | None = None

    @property
    def period(self) -> str:
        return period_text(self.starts_on, self.ends_on)

    def current(self, today: date) -> bool:
        return (self.starts_on is None or self.starts_on <= today) and (
            self.ends_on is None or today <= self.ends_on
        )


def period_text(starts_on: date | None, ends_on: date | None) -> str:
    """「R7.4.1～R9.3.31」, 「R7.4.1～」, 「～R9.3.31」, or 「期間の定めなし」."""
    if starts_on is None and ends_on is None:
        return "期間の定めなし"
    start = format_wareki_short(starts_on) if starts_on else ""
    end = format_wareki_short(ends_on) if ends_on else ""
    return f"{start}～{end}"


def _row(record: CoordinatorAssignment) -> CoordinatorRow:
    return CoordinatorRow(
        id=record.id,
        person_id=record.person_id,
        person_name=record.person.name if record.person else "",
        layer=record.layer,
        area_id=record.area_id,
        area_name=record.area.name if record.area else "",
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        notes=record.notes,
        version=record.version,
    )


def clean_coordinator(session, data: CoordinatorInput) -> dict:
    errors = FieldErrors()
    person = session.get(Person, data.person_id)
    if person is None or person.deleted_at is not None:
        errors.add("person_id", "この人の記録が見つかりません。一覧から選び直してください。")
    if data.layer not in (Layer.MUNICIPALITY, Layer.DISTRICT):
        errors.add("layer", "第1層か第2層かを選んでください。")
    if data.area_id is not None:
        area = session.get(Area, data.area_id)
        if area is None or area.deleted_at is not None:
            errors.add("area_id", "選んだ圏域が見つかりません。選び直してください。")
        elif area.layer != data.layer:
            errors.add(
                "area_id", f"「{area.name}」は第{area.layer}層の圏域です。層を確かめてください。"
            )
    elif data.layer == Layer.DISTRICT:
        errors.add("area_id", "第2層のコーディネーターは、担当する圏域を選んでください。")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        errors.add(
            "ends_on", "担当の終わりの日が始まりの日より前になっています。日付を確かめてください。"
        )
    notes = optional_text(errors, "notes", "メモ", data.notes, 1000)
    errors.raise_if_any()
    return {
        "person_id": data.person_id,
        "layer": data.layer,
        "area_id": data.area_id,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "notes": notes,
    }


def list_coordinators(db: Database, person_id: int | None = None) -> list[CoordinatorRow]:
    """SC periods (of one person, or everyone's), latest start first."""
    with db.session() as session:
        query = (
            select(CoordinatorAssignment)
            .where(CoordinatorAssignment.deleted_at.is_(None))
            .options(
                selectinload(CoordinatorAssignment.person),
                selectinload(CoordinatorAssignment.area),
            )
        )
        if person_id is not None:
            query = query.where(CoordinatorAssignment.person_id == person_id)
        rows = [_row(r) for r in session.scalars(query)]
    return sorted(rows, key=lambda r: (r.starts_on or date.min, r.id), reverse=True)


def create_coordinator(db: Database, data: CoordinatorInput) -> CoordinatorRow:
    with db.session() as session:
        record = CoordinatorAssignment(**clean_coordinator(session, data))
        session.add(record)
        session.commit()
        session.refresh(record)
        return _row(record)


def update_coordinator(
    db: Database, record_id: int, data: CoordinatorInput, expected_version: int | None = None
) -> CoordinatorRow:
    return update_record(
        db,
        CoordinatorAssignment,
        record_id,
        LABEL,
        expected_version,
        lambda s: clean_coordinator(s, data),
        _row,
    )


def trash_coordinator(db: Database, record_id: int, expected_version: int | None = None) -> None:
    trash_record(db, CoordinatorAssignment, record_id, LABEL, expected_version)


def person_roles(db: Database, person_id: int) -> list[RoleRow]:
    """Every council seat and SC period of one person, latest first."""
    roles = [
        RoleRow(
            f"第{c.layer}層 SC" + (f"（{c.area_name}）" if c.area_name else ""),
            c.starts_on,
            c.ends_on,
            coordinator_id=c.id,
        )
        for c in list_coordinators(db, person_id)
    ]
    with db.session() as session:
        get_live(session, Person, person_id, "人")
        seats = session.execute(
            select(CouncilMember, Council.name, Council.id)
            .join(Council, CouncilMember.council_id == Council.id)
            .where(
                CouncilMember.person_id == person_id,
                CouncilMember.deleted_at.is_(None),
                Council.deleted_at.is_(None),
            )
        ).all()
        roles += [
            RoleRow(
                f"{name} {MemberRole(seat.role).label}",
                seat.starts_on,
                seat.ends_on,
                council_id=council_id,
            )
            for seat, name, council_id in seats
        ]
    return sorted(roles, key=lambda r: (r.starts_on or date.min, r.what), reverse=True)
