"""人: members, coordinators and contacts. Their details are personal unless marked otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Organization, Person
from app.domain.kana import sort_key_or_last
from app.services.errors import FieldErrors
from app.services.records import get_live, trash_record, update_record
from app.services.validate import optional_text, reading_text, required_text

LABEL = "人"


@dataclass(frozen=True)
class PersonInput:
    name: str
    reading: str = ""
    organization_id: int | None = None
    affiliation: str = ""
    role: str = ""
    contact: str = ""
    personal: bool = True
    notes: str = ""


@dataclass(frozen=True)
class PersonRow:
    id: int
    uuid: str
    name: str
    reading: str
    organization_id: int | None
    organization_name: str
    affiliation: str
    role: str
    contact: str
    personal: bool
    notes: str
    version: int

    @property
    def belongs_to(self) -> str:
        """The organisation's name, else the free-text affiliation."""
        return self.organization_name or self.affiliation


def _row(person: Person) -> PersonRow:
    return PersonRow(
        id=person.id,
        uuid=person.uuid,
        name=person.name,
        reading=person.reading,
        organization_id=person.organization_id,
        organization_name=person.organization.name if person.organization else "",
        affiliation=person.affiliation,
        role=person.role,
        contact=person.contact,
        personal=person.personal,
        notes=person.notes,
        version=person.version,
    )


def clean_person(session, data: PersonInput) -> dict:
    errors = FieldErrors()
    values = {
        "name": required_text(errors, "name", "氏名", data.name),
        "reading": reading_text(errors, "reading", data.reading),
        "affiliation": optional_text(errors, "affiliation", "所属", data.affiliation, 200),
        "role": optional_text(errors, "role", "役職・役割", data.role, 100),
        "contact": optional_text(errors, "contact", "連絡先", data.contact, 500),
        "notes": optional_text(errors, "notes", "メモ", data.notes),
        "personal": bool(data.personal),
        "organization_id": data.organization_id,
    }
    if data.organization_id is not None:
        org = session.get(Organization, data.organization_id)
        if org is None or org.deleted_at is not None:
            errors.add(
                "organization_id", "選んだ団体が見つかりません。一覧から選び直してください。"
            )
    errors.raise_if_any()
    return values


def list_people(db: Database) -> list[PersonRow]:
    """Live people in 五十音 order of their reading (name when no reading)."""
    with db.session() as session:
        rows = [_row(p) for p in session.scalars(select(Person).where(Person.deleted_at.is_(None)))]
    return sorted(rows, key=lambda r: (sort_key_or_last(r.reading or r.name), r.id))


def get_person(db: Database, person_id: int) -> PersonRow:
    with db.session() as session:
        return _row(get_live(session, Person, person_id, LABEL))


def create_person(db: Database, data: PersonInput) -> PersonRow:
    with db.session() as session:
        person = Person(**clean_person(session, data))
        session.add(person)
        session.commit()
        return _row(person)


def update_person(
    db: Database, person_id: int, data: PersonInput, expected_version: int | None = None
) -> PersonRow:
    return update_record(
        db, Person, person_id, LABEL, expected_version, lambda s: clean_person(s, data), _row
    )


def trash_person(db: Database, person_id: int, expected_version: int | None = None) -> None:
    trash_record(db, Person, person_id, LABEL, expected_version)
