"""The resource inventory through its service: validation, Japanese search, filters, paging."""

from __future__ import annotations

from datetime import date, time

import pytest

from app.db.engine import Database
from app.db.migrate import prepare_database
from app.services.errors import ConflictError, ValidationError
from app.services.resources.resource import (
    ResourceFilter,
    ResourceInput,
    add_resource,
    confirm_resource,
    count_resources,
    create_resource,
    list_resources,
    trash_resource,
    update_resource,
)
from app.services.setup.areas import AreaInput, add_area, list_areas

TODAY = date(2026, 11, 26)


def _area(db, name):
    return next(a for a in list_areas(db) if a.name == name)


@pytest.fixture
def stocked(town):
    north = _area(town, "北地区")
    create_resource(
        town,
        ResourceInput(
            "買い物支援の移送サービス",
            "service",
            ("shopping", "transport"),
            "かいものしえんのいそうさーびす",
            fee="片道100円",
            area_id=north.id,
        ),
    )
    create_resource(
        town,
        ResourceInput(
            "カフェひだまり",
            "activity",
            ("salon",),
            "かふぇひだまり",
            description="見守りを兼ねた居場所です",
            area_id=north.id,
            confirmed_on="R7.4.1",
        ),
    )
    create_resource(
        town,
        ResourceInput(
            "いきいき体操",
            "activity",
            ("exercise",),
            "いきいきたいそう",
            state="paused",
            area_id=_area(town, "南地区").id,
            confirmed_on=date(2026, 10, 1),
        ),
    )
    return town


def _names(db, **flt):
    return [r.name for r in list_resources(db, ResourceFilter(**flt))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("買い物", ["買い物支援の移送サービス"]),  # a substring inside a longer name
        ("かふぇ", ["カフェひだまり"]),  # hiragana finds katakana
        ("ｶﾌｪ", ["カフェひだまり"]),  # half-width katakana too
        ("１００", ["買い物支援の移送サービス"]),  # full-width digits find 100
        ("見守", ["カフェひだまり"]),  # two characters: below trigram, scanned
        ("体", ["いきいき体操"]),  # one character
        ("ひだまり 見守り", ["カフェひだまり"]),  # every word must match
        ("移動支援", ["買い物支援の移送サービス"]),  # kind labels are searchable
        ("存在しない言葉", []),
        ('"%_\\', []),  # LIKE and FTS syntax in a query are plain characters
    ],
)
def test_japanese_search(stocked, query, expected):
    assert _names(stocked, text=query) == expected
    assert count_resources(stocked, ResourceFilter(text=query)) == len(expected)


def test_search_on_postgresql(pg_url, tmp_path):
    db = Database(pg_url, user="テスト")
    prepare_database(db, tmp_path / "b")
    create_resource(db, ResourceInput("カフェひだまり", "activity", ("salon",), "かふぇひだまり"))
    assert _names(db, text="かふぇ") == ["カフェひだまり"]
    assert _names(db, text="ひだ") == ["カフェひだまり"]  # short terms scan with LIKE
    assert _names(db, text="%") == []
    db.dispose()


def test_filters_and_unconfirmed(stocked):
    north = _area(stocked, "北地区")
    assert set(_names(stocked, area_id=north.id)) == {"買い物支援の移送サービス", "カフェひだまり"}
    assert _names(stocked, kind="salon") == ["カフェひだまり"]
    assert _names(stocked, category="service") == ["買い物支援の移送サービス"]
    assert _names(stocked, state="paused") == ["いきいき体操"]
    # never confirmed, and confirmed more than a year ago, both need checking
    assert set(_names(stocked, unconfirmed_days=365, today=TODAY)) == {
        "買い物支援の移送サービス",
        "カフェひだまり",
    }


def test_list_is_in_gojuon_order_and_pages(town):
    readings = ["はし", "ばし", "ぱし", "はじめ", "アオキ", "さーびす", "さとう"]
    with town.session() as session:
        for reading in readings:
            add_resource(session, ResourceInput(f"資源{reading}", reading=reading))
        session.commit()
    shown = [r.reading for r in list_resources(town, limit=3)]
    shown += [r.reading for r in list_resources(town, offset=3, limit=10)]
    assert shown == ["アオキ", "さーびす", "さとう", "はし", "ばし", "ぱし", "はじめ"]


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"name": ""}, "name", "名称を入力"),
        ({"name": "あ" * 5000}, "name", "200文字以内"),
        ({"kinds": ("ufo",)}, "kinds", "種類を一覧から"),
        ({"category": "x"}, "category", "分類"),
        ({"starts_at": "14:00", "ends_at": "13:00"}, "ends_at", "開始時刻より前"),
        ({"starts_at": "25時"}, "starts_at", "時刻として読めません"),
        ({"confirmed_on": "令和7年13月1日"}, "confirmed_on", "月は1"),
        ({"confirmed_on": "2030/1/1"}, "confirmed_on", "未来の日付"),
        ({"participants": "たくさん"}, "participants", "数字で入力"),
        ({"reading": "kafe"}, "reading", "ひらがなまたはカタカナ"),
        ({"weekdays": "月曜x"}, "weekdays", "曜日は"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(town, kwargs, field, words):
    data = {"name": "サロン", **kwargs}
    with pytest.raises(ValidationError) as refused:
        create_resource(town, ResourceInput(**data))
    assert words in refused.value.fields[field]
    assert count_resources(town) == 0


def test_values_are_normalised_on_the_way_in(town):
    row = create_resource(
        town,
        ResourceInput(
            "ｶﾌｪ　ひだまり\x07",
            reading="カフェ ヒダマリ",
            starts_at="１０時",
            ends_at="11:30",
            participants="１，２００人",
            confirmed_on="R7.4.1",
            weekdays="木月",
        ),
    )
    assert row.name == "カフェ ひだまり"
    assert row.starts_at == time(10, 0) and row.ends_at == time(11, 30)
    assert row.participants == 1200 and row.confirmed_on == date(2025, 4, 1)
    assert row.weekdays == "月木"
    assert row.schedule_text == "月・木 10:00～11:30"


def test_edit_conflict_and_trash(stocked):
    row = next(r for r in list_resources(stocked) if r.name == "カフェひだまり")
    other_pc = ResourceInput(**{**row.input().__dict__, "notes": "別の PC で追記"})
    update_resource(stocked, row.id, other_pc, row.version)
    with pytest.raises(ConflictError):
        update_resource(stocked, row.id, row.input(), row.version)
    fresh = next(r for r in list_resources(stocked) if r.id == row.id)
    confirmed = confirm_resource(stocked, row.id, fresh.version, today=TODAY)
    assert confirmed.confirmed_on == TODAY and confirmed.confirmed_by == "テスト担当"
    trash_resource(stocked, row.id)
    assert "カフェひだまり" not in _names(stocked)
    assert _names(stocked, text="ひだまり") == []


def test_renaming_updates_the_search_index(stocked):
    row = next(r for r in list_resources(stocked) if r.name == "いきいき体操")
    changed = ResourceInput(**{**row.input().__dict__, "name": "はつらつ体操教室"})
    update_resource(stocked, row.id, changed, row.version)
    assert _names(stocked, text="はつらつ") == ["はつらつ体操教室"]
    assert _names(stocked, text="いきいき体操") == []


def test_many_areas_helper_is_not_needed_for_search(town):
    with town.session() as session:
        area = add_area(session, AreaInput("西地区"), 2, None)
        add_resource(session, ResourceInput("西の見守り", area_id=area.id))
        session.commit()
    assert _names(town, text="西地区") == ["西の見守り"]  # the area's name is searchable


def test_renaming_an_organisation_or_area_reaches_the_search(town):
    from app.services.setup.areas import update_area
    from app.services.setup.organizations import (
        OrganizationInput,
        create_organization,
        update_organization,
    )

    north = _area(town, "北地区")
    org = create_organization(town, OrganizationInput("ひまわり会", "volunteer_group"))
    create_resource(town, ResourceInput("配食の会", organization_id=org.id, area_id=north.id))
    update_organization(
        town, org.id, OrganizationInput("あさがお会", "volunteer_group"), org.version
    )
    assert _names(town, text="あさがお会") == ["配食の会"]
    assert _names(town, text="ひまわり会") == []
    update_area(town, north.id, AreaInput("北部地区"), north.version)
    assert _names(town, text="北部地区") == ["配食の会"]


def test_like_wildcards_in_short_queries_are_plain_characters(stocked):
    assert _names(stocked, text="%") == []
    assert _names(stocked, text="_") == []
    assert _names(stocked, text="%_") == []
    create_resource(stocked, ResourceInput("100%_の会"))
    assert _names(stocked, text="%_") == ["100%_の会"]


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"frequency": "monthly"}, "毎月"),
        ({"frequency": "monthly", "times_per_month": 2}, "月2回"),
        ({"frequency": "nth_weekday", "nth_week": "2,4", "weekdays": "火"}, "第2・第4 火曜"),
        ({"frequency": "weekly", "weekdays": "月木", "starts_at": "10:00"}, "毎週 月・木 10:00～"),
        ({"ends_at": "12:00"}, "～12:00"),
        ({"frequency": "irregular", "schedule_note": "雨の日は中止"}, "不定期（雨の日は中止）"),
    ],
)
def test_schedule_text(town, kwargs, text):
    assert create_resource(town, ResourceInput("会", **kwargs)).schedule_text == text
