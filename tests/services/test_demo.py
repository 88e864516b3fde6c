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
    assert [p.name for p in people[:4]] == ["青木 真理", "石田 健一", "上野 さち子", "遠藤 正"]
    assert people[-1].name == "長谷川 実"
    assert any(p.done for p in progress_by_area(db))
    assert all(f.ok for f in run_checks(db))


def test_demo_refuses_a_town_that_exists(town):
    with pytest.raises(ValidationError):
        load_demo(town)


def test_demo_is_all_or_nothing(db, monkeypatch):
    """A failure after the areas are written must leave no half-made town behind."""
    import app.services.demo as demo

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "clean_person", broken)
    with pytest.raises(RuntimeError):
        load_demo(db)
    assert list_areas(db) == [] and list_organizations(db) == []
    monkeypatch.undo()
    load_demo(db)  # and the folder can still take the demo afterwards
    assert list_areas(db)
