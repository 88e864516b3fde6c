"""The words of a resource list: which header means which field, and what a cell says."""

from __future__ import annotations

from datetime import time

import pytest

from app.domain.enums import ResourceCategory, ResourceState
from app.domain.resource_columns import (
    area_keys,
    guess_mapping,
    mapping_problem,
    parse_category,
    parse_frequency,
    parse_kinds,
    parse_nth_week,
    parse_schedule,
    parse_state,
    parse_time_range,
    parse_weekdays,
)

# --- headers ------------------------------------------------------------------------------


def test_guess_mapping_from_japanese_headers():
    header = [
        "資源名",
        "フリガナ",
        "4つの見方",
        "種類",
        "活動内容",
        "実施主体",
        "会場",
        "所在地",
        "中学校区",
        "開催日",
        "開催時間",
        "利用料",
        "対象",
        "参加者数",
        "ボランティア数",
        "定員",
        "問い合わせ",
        "活動状況",
        "備考（その他）",
        "確認日",
        "未活用",
        "住民向け掲載",
        "掲載可否",
        "電話番号",
        "謎の列",
    ]
    mapping = guess_mapping(header)
    assert [mapping[i] for i in range(len(header))] == [
        "name",
        "reading",
        "category",
        "kinds",
        "description",
        "operator_name",
        "place",
        "address",
        "area",
        "schedule_note",
        "time",
        "fee",
        "audience",
        "participants",
        "volunteers",
        "capacity",
        "contact",
        "state",
        "notes",
        "confirmed_on",
        "unused",
        "publishable",
        None,  # a second 掲載 column is left for the person to choose
        None,  # the contact is taken already
        None,
    ]


# --- values in cells ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("毎週火曜", ("weekly", None, "", "火")),
        ("隔週 金曜日", ("biweekly", None, "", "金")),
        ("月2回", ("monthly", 2, "", "")),
        ("第2・第4火曜", ("nth_weekday", None, "2,4", "火")),
        ("毎月第1月曜", ("nth_weekday", None, "1", "月")),
        ("月・木", (None, None, "", "月木")),
        ("不定期（休日）", ("irregular", None, "", "")),
        ("毎日", ("weekly", None, "", "月火水木金土日")),
    ],
)
def test_parse_schedule(text, expected):
    guess = parse_schedule(text)
    assert (guess.frequency, guess.times_per_month, guess.nth_week, guess.weekdays) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00～12:00", (time(10), time(12))),
        ("10時～12時", (time(10), time(12))),
        ("１３：３０〜１５：００", (time(13, 30), time(15))),
        ("午後1時半～3時", (time(13, 30), time(15))),
        ("10:00～", (time(10), None)),
        ("～12:00", (None, time(12))),
    ],
)
def test_parse_time_range(text, expected):
    assert parse_time_range(text) == expected


def test_parse_kinds():
    assert parse_kinds("通いの場、弁当／移送 見守り") == (
        ("salon", "meals", "transport", "watching"),
        [],
    )
    assert parse_kinds("サロン・居場所、子ども・多世代") == (("salon", "multigeneration"), [])
    assert parse_kinds("囲碁") == (
        ("other",),
        ["種類「囲碁」は一覧にないため「その他」にしました。"],
    )


def test_mapping_problem():
    assert mapping_problem({0: "reading"}) == (
        "「名称」の列を選んでください。名称のない行は取り込めません。"
    )
    assert mapping_problem({0: "name", 1: "area", 2: "area"}) == (
        "「圏域」が2つ以上の列に選ばれています。1つにしてください。"
    )
    assert mapping_problem({0: "name", 1: "notes", 2: "notes", 3: None}) is None


def test_schedule_columns():
    assert parse_frequency("毎週") == "weekly"
    assert parse_frequency("月2回") == "monthly"  # words, not the label 月N回
    assert parse_frequency("ときどき") is None
    assert parse_nth_week("第2・第4") == "2,4"
    assert parse_nth_week("4,2,2") == "2,4"
    assert parse_nth_week("毎週") == ""
    assert parse_weekdays("木・月") == "月木"  # in week order
    assert parse_weekdays("火曜日") == "火"
    assert parse_weekdays("平日") == "月火水木金"
    assert parse_weekdays("たまに") == ""


def test_category_state_and_area_words():
    assert parse_category("サービス") is ResourceCategory.SERVICE
    assert parse_category("高齢者が利用するサービス") is ResourceCategory.SERVICE
    assert parse_category("なにか") is None
    assert parse_state("廃止") is ResourceState.ENDED
    assert parse_state("おやすみ") is None
    assert area_keys("北地区") == ["北地区", "北"]
    assert area_keys("第一中学校区") == ["第一中学校区", "第一"]
    assert area_keys("地区") == ["地区"]  # a suffix alone is a name, not a suffix
