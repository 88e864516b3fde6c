from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.db.models import AuditEntry
from app.services.errors import ConflictError, NotFound, ValidationError
from app.services.setup.areas import (
    AreaInput,
    create_area,
    list_areas,
    municipality_area,
    trash_area,
    update_area,
)


def test_create_update_and_trash_a_district(town):
    area = create_area(town, AreaInput("東地区", "ひがしちく", population="800"))
    assert area.layer == 2 and area.parent_id == municipality_area(town).id
    changed = update_area(town, area.id, AreaInput("東地区", population=900), area.version)
    assert changed.population == 900 and changed.version == area.version + 1
    trash_area(town, area.id, changed.version)
    assert "東地区" not in [a.name for a in list_areas(town)]
    with pytest.raises(NotFound):
        update_area(town, area.id, AreaInput("東地区"))


def test_stale_edit_is_refused_not_overwritten(town):
    north = next(a for a in list_areas(town) if a.name == "北地区")
    update_area(town, north.id, AreaInput("北地区", notes="別の PC の変更"), north.version)
    with pytest.raises(ConflictError) as conflict:
        update_area(town, north.id, AreaInput("北地区", notes="古い画面から"), north.version)
    assert "開き直して" in conflict.value.message
    assert next(a for a in list_areas(town) if a.id == north.id).notes == "別の PC の変更"


def test_duplicate_name_and_municipality_trash_are_refused(town):
    with pytest.raises(ValidationError) as duplicate:
        create_area(town, AreaInput("北地区"))
    assert "もう登録" in duplicate.value.fields["name"]
    with pytest.raises(ValidationError) as top:
        trash_area(town, municipality_area(town).id)
    assert "削除できません" in top.value.message


def test_changes_are_written_to_the_audit_trail_with_the_user(town):
    area = create_area(town, AreaInput("東地区"))
    update_area(town, area.id, AreaInput("東地区", population=10))
    with town.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.record_uuid == area.uuid).order_by(AuditEntry.id)
        ).all()
    assert [e.action for e in entries] == ["insert", "update"]
    assert {e.who for e in entries} == {"テスト担当"}
    assert json.loads(entries[1].changes)["population"] == [None, 10]


def test_aging_rate_needs_both_figures(town):
    top = municipality_area(town)
    assert top.aging_rate == pytest.approx(0.35)
    assert next(a for a in list_areas(town) if a.name == "北地区").aging_rate is None


def test_audit_trail_keeps_no_personal_details(town):
    from app.db.audit import REDACTED
    from app.services.setup.people import PersonInput, create_person, update_person

    person = create_person(town, PersonInput("山田 花子", contact="090-0000-0000"))
    update_person(town, person.id, PersonInput("山田 花子", contact="080-1111-1111"))
    with town.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.record_uuid == person.uuid).order_by(AuditEntry.id)
        ).all()
    text = " ".join(e.changes for e in entries)
    assert "090" not in text and "080" not in text and "山田" not in text
    assert json.loads(entries[1].changes)["contact"] == [REDACTED, REDACTED]
