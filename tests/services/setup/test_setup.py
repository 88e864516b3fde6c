from __future__ import annotations

import pytest

from app.db.engine import Database
from app.db.migrate import prepare_database
from app.services.errors import ValidationError
from app.services.setup import settings
from app.services.setup.areas import AreaInput, list_areas
from app.services.setup.town import SetupInput, is_set_up, run_setup


def _input(**overrides) -> SetupInput:
    values = dict(
        municipality="さくら町",
        municipality_area=AreaInput("さくら町全域", population="１２，４８０", aged_65_plus="4630"),
        districts=[AreaInput("北中学校区", "きたちゅうがっこうく"), AreaInput("南中学校区")],
        user_name="佐藤 花子",
    )
    values.update(overrides)
    return SetupInput(**values)


def test_setup_creates_town_and_areas(db):
    assert not is_set_up(db)
    run_setup(db, _input())
    assert is_set_up(db)
    assert settings.municipality_name(db) == "さくら町"
    areas = list_areas(db)
    assert [(a.name, a.layer) for a in areas] == [
        ("さくら町全域", 1),
        ("北中学校区", 2),
        ("南中学校区", 2),
    ]
    assert areas[0].population == 12480  # full-width digits and comma were read
    assert areas[1].parent_id == areas[0].id


def test_setup_works_on_postgresql(pg_url, tmp_path):
    db = Database(pg_url, user="佐藤")
    prepare_database(db, tmp_path / "backups")
    run_setup(db, _input())
    assert list_areas(db)[0].name == "さくら町全域"
    db.dispose()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"municipality": "   "}, "municipality", "市町村名を入力"),
        ({"user_name": ""}, "user_name", "お名前を入力"),
        ({"municipality": "町" * 5000}, "municipality", "50文字以内"),
        (
            {"districts": [AreaInput("北"), AreaInput("北")]},
            "districts.1.name",
            "重なっています",
        ),
        (
            {"districts": [AreaInput("北", population="たくさん")]},
            "districts.0.population",
            "数字で入力",
        ),
        (
            {"municipality_area": AreaInput("全域", population=100, aged_65_plus=200)},
            "municipality_area.aged_65_plus",
            "人口より多く",
        ),
        (
            {"districts": [AreaInput("北", reading="kita")]},
            "districts.0.reading",
            "ひらがなまたはカタカナ",
        ),
    ],
)
def test_bad_setup_input_is_refused_with_a_message_and_nothing_saved(db, overrides, field, words):
    with pytest.raises(ValidationError) as refused:
        run_setup(db, _input(**overrides))
    assert words in refused.value.fields[field]
    assert not is_set_up(db)
    assert list_areas(db) == []


def test_setup_cannot_run_twice(db):
    run_setup(db, _input())
    with pytest.raises(ValidationError):
        run_setup(db, _input())
    assert len(list_areas(db)) == 3
