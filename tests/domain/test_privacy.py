"""Spotting and masking personal details: real slips are caught, everyday words are not."""

from __future__ import annotations

import pytest

from app.domain.privacy import mask_personal, personal_details_in

EVERYDAY = [
    "人がたくさんいる",
    "見守りの様子を聞いた",
    "同様の声が多い",
    "多様な担い手",
    "地域のさまざまな課題",
    "お母さんが入院した",
    "八百屋さんが閉店",
    "郵便屋さんが気づいた",
    "社協さんと相談",
    "ボランティアさんが足りない",
    "近所のおばさんが心配している",
    "赤ちゃん連れでも参加できる",
    "区長さんに説明した",
    "お医者さんまで遠い",
    "民生委員さんから相談があった",
    "お隣さんが見守っている",
    "皆さんの声",
    "85歳の女性が一人暮らし",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_words_pass_unchanged(text):
    assert personal_details_in(text) == []
    assert mask_personal(text) == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("山田さんが困っている", "＊＊さんが困っている"),
        ("山田 太郎さんの家", "＊＊さんの家"),
        ("佐々木花子さん", "＊＊さん"),
        ("はなこさんの家", "＊＊さんの家"),
        ("タナカ様宅", "＊＊様宅"),
        ("電話 090-1234-5678", "電話 ＊＊"),
        ("電話 0123(45)6789", "電話 ＊＊"),
        ("090 1234 5678", "＊＊"),
        ("本町1-2-3に住む", "本町＊＊に住む"),
        ("三丁目5番地", "＊＊"),
    ],
)
def test_names_phones_and_addresses_are_masked(text, masked):
    assert mask_personal(text) == masked
    assert personal_details_in(text)
