"""Tests for app.domain.text: normalisation, search keys and tolerant number parsing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.text import (
    normalize,
    normalize_digits,
    parse_int,
    search_key,
    search_terms,
    strip_control,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),  # full-width ASCII to half-width
        ("ｻﾛﾝ", "サロン"),  # half-width katakana to full-width
        ("ｶﾞｯｺｳ", "ガッコウ"),  # half-width voiced marks compose
        ("  本町　　サロン \t ", "本町 サロン"),  # U+3000 and runs of whitespace
        ("行\n\n先", "行 先"),
        ("\ufeff見出し", "見出し"),  # BOM from CSV files
        ("ゼロ\u200b幅", "ゼロ幅"),
    ],
)
def test_normalize_width_and_spaces(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("本町1ー2ー3", "本町1-2-3"),  # IME long vowel typed in an address
        ("本町１－２－３", "本町1-2-3"),
        ("03‐1234‐5678", "03-1234-5678"),
        ("A–1", "A-1"),
        ("10—12", "10-12"),
        ("−5度", "-5度"),  # minus sign is always a hyphen-minus
        ("サービス", "サービス"),  # long vowel inside kana stays
        ("ｻｰﾋﾞｽ", "サービス"),
        ("データー1", "データー1"),  # ー after kana is a long vowel even before a digit
        ("会議—議題", "会議—議題"),  # em dash in prose stays
    ],
)
def test_normalize_hyphens(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", ["10時〜12時", "10時～12時"])
def test_normalize_wave_dashes(raw: str) -> None:
    assert normalize(raw) == "10時～12時"


def test_normalize_keeps_ascii_tilde() -> None:
    assert normalize("https://example.jp/~salon") == "https://example.jp/~salon"


def test_normalize_keep_newlines() -> None:
    raw = "  一行目　　です \r\n\r\n２行目\r三行目  \n"
    assert normalize(raw, keep_newlines=True) == "一行目 です\n\n2行目\n三行目"


@given(st.text())
def test_normalize_is_idempotent(s: str) -> None:
    once = normalize(s)
    assert normalize(once) == once


def test_search_key_shares_one_key_across_scripts_and_widths() -> None:
    assert search_key("サロン") == search_key("さろん") == search_key("ｻﾛﾝ") == "さろん"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ＮＰＯ法人", "npo法人"),
        ("山田 太郎", "山田太郎"),
        ("山田　太郎", "山田 太郎"),
        ("3ヶ月", "3ケ月"),
        ("３か月", "3ヵ月"),
        ("ケアマネジャー", "けあまねじゃー"),
        ("本町１ー２", "本町1-2"),
        ("Straße", "STRASSE"),  # casefold, not lower
    ],
)
def test_search_key_equalities(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


def test_search_key_keeps_distinctions_that_matter() -> None:
    assert search_key("はし") != search_key("ばし")
    assert search_key("サロン") != search_key("サロソ")


def test_search_terms_splits_query() -> None:
    assert search_terms("　サロン  本町 ") == ["さろん", "本町"]
    assert search_terms("   ") == []
    record = search_key("本町サロン（ほんまちサロン）")
    assert all(term in record for term in search_terms("ホンマチ さろん"))


def test_normalize_digits_only_touches_digits() -> None:
    assert normalize_digits("１２３ＡＢ人") == "123ＡＢ人"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234", 1234),
        ("１２３人", 123),
        ("30名", 30),
        ("500円", 500),
        ("¥1,000", 1000),
        ("￥１，０００", 1000),
        ("80歳", 80),
        ("  42 ", 42),
        ("30 人", 30),
        ("-5", -5),
        ("0", 0),
        ("", None),
        ("　", None),
    ],
)
def test_parse_int_accepts(raw: str, expected: int | None) -> None:
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["約30", "1.5", "12,34", "三十", "30人くらい", "abc", "1,2,3"])
def test_parse_int_rejects_with_japanese_message(raw: str) -> None:
    with pytest.raises(ValueError, match="数として読めません") as info:
        parse_int(raw)
    assert f"「{raw}」" in str(info.value)
    assert "例: 1,234" in str(info.value)


def test_full_width_japanese_punctuation_is_kept_in_stored_text():
    assert normalize("さくら会（改）") == "さくら会（改）"
    assert normalize("ＡＢＣ（１）！") == "ABC（1）！"
    assert normalize("朝９時〜１２時") == "朝9時～12時"
    assert search_key("さくら会(改)") == search_key("さくら会（改）")


def test_strip_control_removes_c0_del_and_c1_but_keeps_tabs_and_line_breaks() -> None:
    assert strip_control("見守り\x07隊\x00\x1b[31m\x7f\x85\x9f") == "見守り隊[31m"
    assert strip_control("a\tb\nc\r\nd\x0be\x0cf") == "a\tb\nc\r\ndef"
    assert strip_control("ＡＢＣ　～\u00a0") == "ＡＢＣ　～\u00a0"  # nothing else is touched


@given(st.text())
def test_strip_control_leaves_no_control_characters(s: str) -> None:
    kept = strip_control(s)
    assert all(c in "\t\n\r" or not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) for c in kept)
