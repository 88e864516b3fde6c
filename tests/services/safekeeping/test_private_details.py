"""What the audit trail, the log and stored text keep of a resident's details: nothing."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select, text

from app.db.audit import REDACTED
from app.db.models import AuditEntry
from app.services.setup.organizations import (
    OrganizationInput,
    create_organization,
    update_organization,
)
from app.services.setup.people import PersonInput, create_person, update_person

NOTE = "佐藤さん宅、認知症の夫と二人暮らし 090-1234-5678"


def _trail(db, uuid: str) -> list[AuditEntry]:
    with db.session() as session:
        return session.scalars(
            select(AuditEntry).where(AuditEntry.record_uuid == uuid).order_by(AuditEntry.id)
        ).all()


def test_free_text_is_never_in_the_trail_whatever_the_flag(town):
    org = create_organization(town, OrganizationInput("旭町自治会", notes=NOTE))
    update_organization(town, org.id, OrganizationInput("旭町自治会", notes=NOTE + "（転居予定）"))
    entries = _trail(town, org.uuid)
    whole = " ".join(e.changes for e in entries)
    assert "佐藤" not in whole and "090" not in whole
    assert json.loads(entries[1].changes)["notes"] == [REDACTED, REDACTED]
    assert "旭町自治会" in whole  # an organisation's name is not a personal detail


def test_marking_a_record_personal_redacts_what_the_trail_said_before(town):
    person = create_person(town, PersonInput("山田 一郎", role="民生委員", personal=False))
    update_person(town, person.id, PersonInput("山田 一郎", role="元民生委員", personal=False))
    assert "山田" in " ".join(e.changes for e in _trail(town, person.uuid))
    update_person(town, person.id, PersonInput("山田 一郎", role="元民生委員", personal=True))
    whole = " ".join(e.changes for e in _trail(town, person.uuid))
    assert "山田" not in whole and "民生委員" not in whole
    assert "personal" in whole  # which fields changed is still told


def test_a_failed_write_does_not_copy_the_text_into_the_log(town, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(Exception) as failed, town.session() as session:
        session.execute(text("INSERT INTO area (id, name) VALUES (1, :n)"), {"n": NOTE})
    assert "佐藤" not in str(failed.value) and "hidden" in str(failed.value)


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u200f", "\u061c", "\x07"])
def test_bidi_and_control_characters_are_not_kept_in_names_or_notes(town, control):
    org = create_organization(
        town, OrganizationInput(f"旭町{control}自治会", notes=f"毎月{control}第2土曜")
    )
    assert org.name == "旭町自治会"
    with town.session() as session:
        stored = session.execute(text("SELECT name, notes FROM organization")).one()
    assert control not in stored.name and control not in stored.notes
