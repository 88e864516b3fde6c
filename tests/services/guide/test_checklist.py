from __future__ import annotations

from datetime import date

import pytest

from app.domain.catalog import default_catalog
from app.services.errors import ConflictError, ValidationError
from app.services.guide.checklist import progress_by_area, set_check, states_for_area
from app.services.setup.areas import list_areas

TODAY = date(2026, 11, 26)


def _north(db):
    return next(a for a in list_areas(db) if a.name == "北地区")


def test_new_town_has_every_item_open_in_every_area(town):
    catalog = default_catalog()
    progress = progress_by_area(town)
    assert [p.area_name for p in progress] == ["テスト町全域", "北地区", "南地区"]
    for area in progress:
        assert [i.code for i in area.items] == [i.code for i in catalog.items]
        assert area.done == 0 and area.total == len(catalog.check_keys())
        assert area.next_item.code == "1-1"


def test_tick_is_stored_per_area_with_date_and_note(town):
    north = _north(town)
    first = default_catalog().item("1-3").checks[0].key
    set_check(town, north.id, first, True, note="自治会長に個別に声をかけた", today=TODAY)
    state = states_for_area(town, north.id)[first]
    assert state.done and state.done_on == TODAY and state.note == "自治会長に個別に声をかけた"
    assert state.updated_by == "テスト担当"
    south = next(a for a in list_areas(town) if a.name == "南地区")
    assert not states_for_area(town, south.id)[first].done
    item = next(
        i
        for i in next(p for p in progress_by_area(town) if p.area_id == north.id).items
        if i.code == "1-3"
    )
    assert item.done == 1 and item.started and not item.complete


def test_completing_an_item_moves_the_next_step_on(town):
    north = _north(town)
    for check in default_catalog().item("1-1").checks:
        set_check(town, north.id, check.key, True, today=TODAY)
    area = next(p for p in progress_by_area(town) if p.area_id == north.id)
    assert area.items[0].complete
    assert area.next_item.code == "1-2"


def test_untick_clears_the_date(town):
    north = _north(town)
    key = default_catalog().item("2-1").checks[0].key
    saved = set_check(town, north.id, key, True, done_on=date(2026, 4, 1), today=TODAY)
    cleared = set_check(town, north.id, key, False, expected_version=saved.version, today=TODAY)
    assert not cleared.done and cleared.done_on is None


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"check_key": "9-9-z"}, "check_key", "ガイドにありません"),
        ({"note": "あ" * 5000}, "note", "2000文字以内"),
        ({"done_on": date(2027, 1, 1)}, "done_on", "未来の日付"),
    ],
)
def test_bad_check_input_is_refused(town, kwargs, field, words):
    north = _north(town)
    args = {"check_key": default_catalog().item("1-1").checks[0].key, **kwargs}
    key = args.pop("check_key")
    with pytest.raises(ValidationError) as refused:
        set_check(town, north.id, key, True, today=TODAY, **args)
    assert words in refused.value.fields[field]
    assert not any(s.done for s in states_for_area(town, north.id).values())


def test_stale_check_edit_is_a_conflict(town):
    north = _north(town)
    key = default_catalog().item("1-1").checks[0].key
    first = set_check(town, north.id, key, True, today=TODAY)
    set_check(
        town, north.id, key, True, note="別の画面", expected_version=first.version, today=TODAY
    )
    with pytest.raises(ConflictError):
        set_check(town, north.id, key, False, expected_version=first.version, today=TODAY)


def test_first_record_on_two_pcs_is_a_conflict_not_an_overwrite(town):
    """Both screens showed the item as never recorded; the second save must not win."""
    from app.services.guide.checklist import NEVER_SAVED

    north = _north(town)
    key = default_catalog().item("1-1").checks[0].key
    assert states_for_area(town, north.id)[key].version == NEVER_SAVED
    set_check(town, north.id, key, True, note="PC B", expected_version=NEVER_SAVED, today=TODAY)
    with pytest.raises(ConflictError):
        set_check(town, north.id, key, True, note="PC A", expected_version=NEVER_SAVED, today=TODAY)
    assert states_for_area(town, north.id)[key].note == "PC B"


def test_a_date_before_2000_is_refused(town):
    north = _north(town)
    key = default_catalog().item("1-1").checks[0].key
    with pytest.raises(ValidationError) as refused:
        set_check(town, north.id, key, True, done_on=date(1850, 1, 1), today=TODAY)
    assert "2000年" in refused.value.fields["done_on"]
