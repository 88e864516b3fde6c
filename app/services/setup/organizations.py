"""団体・主体: the organisations that take part in local support."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Area, Organization
from app.domain.enums import OrganizationKind
from app.domain.kana import sort_key_or_last
from app.services.errors import FieldErrors
from app.services.records import get_live, trash_record, update_record
from app.services.resources.resource import rederive_linked
from app.services.validate import optional_text, reading_text, required_text

LABEL = "団体"


@dataclass(frozen=True)
class OrganizationInput:
    name: str
    kind: str = OrganizationKind.OTHER.value
    reading: str = ""
    area_id: int | None = None
    contact: str = ""
    notes: str = ""


@dataclass(frozen=True)
class OrganizationRow:
    id: int
    uuid: str
    name: str
    reading: str
    kind: str
    area_id: int | None
    area_name: str
    contact: str
    notes: str
    version: int

    @property
    def kind_label(self) -> str:
        return OrganizationKind(self.kind).label


def _row(org: Organization) -> OrganizationRow:
    return OrganizationRow(
        id=org.id,
        uuid=org.uuid,
        name=org.name,
        reading=org.reading,
        kind=org.kind,
        area_id=org.area_id,
        area_name=org.area.name if org.area else "",
        contact=org.contact,
        notes=org.notes,
        version=org.version,
    )


def clean_organization(session, data: OrganizationInput) -> dict:
    errors = FieldErrors()
    values = {
        "name": required_text(errors, "name", "団体名", data.name, max_length=200),
        "reading": reading_text(errors, "reading", data.reading),
        "contact": optional_text(errors, "contact", "連絡先", data.contact, 500),
        "notes": optional_text(errors, "notes", "メモ", data.notes),
        "area_id": data.area_id,
    }
    try:
        values["kind"] = OrganizationKind(data.kind).value
    except ValueError:
        errors.add("kind", "団体の種類を一覧から選んでください。")
    if data.area_id is not None:
        area = session.get(Area, data.area_id)
        if area is None or area.deleted_at is not None:
            errors.add("area_id", "選んだ圏域が見つかりません。一覧から選び直してください。")
    errors.raise_if_any()
    return values


def list_organizations(db: Database, area_id: int | None = None) -> list[OrganizationRow]:
    """Live organisations in 五十音 order of their reading (name when no reading)."""
    with db.session() as session:
        stmt = select(Organization).where(Organization.deleted_at.is_(None))
        if area_id is not None:
            stmt = stmt.where(Organization.area_id == area_id)
        rows = [_row(o) for o in session.scalars(stmt)]
    return sorted(rows, key=lambda r: (sort_key_or_last(r.reading or r.name), r.id))


def get_organization(db: Database, org_id: int) -> OrganizationRow:
    with db.session() as session:
        return _row(get_live(session, Organization, org_id, LABEL))


def create_organization(db: Database, data: OrganizationInput) -> OrganizationRow:
    with db.session() as session:
        org = Organization(**clean_organization(session, data))
        session.add(org)
        session.commit()
        return _row(org)


def update_organization(
    db: Database, org_id: int, data: OrganizationInput, expected_version: int | None = None
) -> OrganizationRow:
    return update_record(
        db,
        Organization,
        org_id,
        LABEL,
        expected_version,
        lambda s: clean_organization(s, data),
        _row,
        after=lambda s, org: rederive_linked(s, organization_id=org.id),
    )


def trash_organization(db: Database, org_id: int, expected_version: int | None = None) -> None:
    trash_record(db, Organization, org_id, LABEL, expected_version)
