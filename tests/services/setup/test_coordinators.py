"""SC periods and a person's roles over time."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.councils.council import CouncilInput, MemberInput, create_council
from app.services.errors import ConflictError, ValidationError
from app.services.setup.areas import list_areas
from app.services.setup.coordinators import (
    CoordinatorInput,
    create_coordinator,
    list_coordinators,
    period_text,
    person_roles,
    trash_coordinator,
    update_coordinator,
)
from app.services.setup.people import PersonInput, create_person


def _area(db, name):
    return next(a.id for a in list_areas(db) if a.name == name)


def test_a_person_holds_several_roles_over_time(town):
    person = create_person(town, PersonInput("青木 真理", "あおき まり"))
    north, south = _area(town, "北地区"), _area(town, "南地区")
    create_coordinator(
        town, CoordinatorInput(person.id, 2, north, date(2024, 4, 1), date(2026, 3, 31))
    )
    create_coordinator(town, CoordinatorInput(person.id, 2, south, date(2026, 4, 1)))
    create_council(
        town,
        CouncilInput(
            "北地区支え合い会議",
            2,
            north,
            members=(MemberInput(person_id=person.id, role="chair", starts_on=date(2025, 4, 1)),),
        ),
    )
    roles = person_roles(town, person.id)
    assert [r.what for r in roles] == [
        "第2層 SC（南地区）",
        "北地区支え合い会議 会長",
        "第2層 SC（北地区）",
    ]
    assert roles[0].period == "R8.4.1～"
    assert roles[0].current(date(2026, 11, 26)) and not roles[2].current(date(2026, 11, 26))


def test_bad_periods_and_layers_are_refused_at_the_field(town):
    person = create_person(town, PersonInput("佐藤"))
    with pytest.raises(ValidationError) as caught:
        create_coordinator(
            town,
            CoordinatorInput(
                person.id, 1, _area(town, "北地区"), date(2026, 4, 1), date(2025, 4, 1)
            ),
        )
    assert "第2層" in caught.value.fields["area_id"]
    assert "終わりの日" in caught.value.fields["ends_on"]
    with pytest.raises(ValidationError) as caught:
        create_coordinator(town, CoordinatorInput(person.id, 2, None))
    assert "圏域" in caught.value.fields["area_id"]
    assert list_coordinators(town) == []


def test_edits_are_version_guarded_and_trash_removes(town):
    person = create_person(town, PersonInput("佐藤"))
    row = create_coordinator(town, CoordinatorInput(person.id, 2, _area(town, "北地区")))
    data = CoordinatorInput(person.id, 2, _area(town, "南地区"), date(2026, 4, 1))
    update_coordinator(town, row.id, data, row.version)
    with pytest.raises(ConflictError):
        update_coordinator(town, row.id, data, row.version)
    trash_coordinator(town, row.id)
    assert list_coordinators(town, person.id) == []


def test_period_text():
    assert period_text(None, None) == "期間の定めなし"
    assert period_text(None, date(2027, 3, 31)) == "～R9.3.31"
