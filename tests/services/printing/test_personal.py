"""個人情報 people never reach a paper, however their number or name is written there."""

from __future__ import annotations

import pytest

from app.services.printing.personal import private_people
from app.services.setup.people import PersonInput, create_person


@pytest.fixture
def private(town):
    create_person(
        town,
        PersonInput("山田 太郎", "やまだ たろう", contact="携帯 090-5555-6666 / 自宅 0123-45-6789"),
    )
    create_person(town, PersonInput("鈴木 花子", contact="090 7777 8888（携帯）"))
    create_person(town, PersonInput("公開 一郎", contact="0120-000-111", personal=False))
    return private_people(town)


@pytest.mark.parametrize(
    "text",
    [
        "世話役 090-5555-6666",
        "０９０−５５５５−６６６６",
        "0123−45−6789",
        "090-7777-8888",
        "連絡は山田まで",
        "山田太郎さん宅",
        "鈴木 花子",
    ],
)
def test_their_numbers_and_names_are_found_however_written(private, text):
    assert private.found_in(text)
    assert not private.safe(text)


def test_others_pass(private):
    assert not private.found_in("0120-000-111 公開一郎")
    assert private.safe("毎週火曜日 午前10時から")
    assert private.masked("山田が案内します") == ""
    assert private.masked("田中さんが案内") == "＊＊さんが案内"
