from __future__ import annotations

import pytest

from app.services.areas import list_areas
from app.services.checklist import progress_by_area
from app.services.demo import load_demo
from app.services.errors import ValidationError
from app.services.integrity import run_checks
from app.services.organizations import list_organizations
from app.services.people import list_people


def test_demo_town_has_areas_organisations_people_and_progress(db):
    load_demo(db)
    assert len([a for a in list_areas(db) if a.layer == 2]) >= 3
    assert len(list_organizations(db)) >= 10
    people = list_people(db)
    assert len(people) >= 10
    assert [p.reading for p in people] == sorted(p.reading for p in people)  # あ… to は…
    assert any(p.done for p in progress_by_area(db))
    assert all(f.ok for f in run_checks(db))


def test_demo_refuses_a_town_that_exists(town):
    with pytest.raises(ValidationError):
        load_demo(town)
