"""Times of day as people type them: the one reader for forms, the wizard and the importer."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.clock import parse_clock
from app.domain.resource_columns import parse_time_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", time(10)),
        ("１０：３０", time(10, 30)),
        ("9:05", time(9, 5)),
        ("10時", time(10)),
        ("１０時", time(10)),
        ("10時30分", time(10, 30)),
        ("10時30", time(10, 30)),
        ("10時半", time(10, 30)),
        ("午後1時", time(13)),
        ("午後1時半", time(13, 30)),
        ("午後 1:15", time(13, 15)),
        ("午前10時", time(10)),
        ("午後12時", time(12)),
        ("0:00", time(0)),
        ("23:59", time(23, 59)),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_clock(text, expected):
    assert parse_clock(text) == expected


def test_parse_clock_passes_times_and_none_through():
    assert parse_clock(time(9, 15)) == time(9, 15)
    assert parse_clock(None) is None


@pytest.mark.parametrize("text", ["25時", "24:00", "10:75", "午後13時", "午前中", "10:5", "昼"])
def test_parse_clock_refuses_in_japanese(text):
    with pytest.raises(ValueError) as caught:
        parse_clock(text)
    assert str(caught.value) == (
        f"「{text}」は時刻として読めません（例: 10:00、10時30分、午後1時半）。"
    )


def test_the_importer_reads_each_end_with_parse_clock():
    assert parse_time_range("午後1時～3時半") == (time(13), time(15, 30))  # 午後 carries over
    assert parse_time_range("10時半～午後1時") == (time(10, 30), time(13))
    with pytest.raises(ValueError, match="「25時」は時刻として読めません"):
        parse_time_range("10時～25時")
    with pytest.raises(ValueError) as caught:
        parse_time_range("午前中")
    assert str(caught.value) == (
        "「午前中」は時間として読めません（例: 10:00～12:00、午後1時半～3時）。"
    )


@given(st.text(max_size=12))
def test_parse_clock_gives_a_time_or_a_japanese_error(text):
    try:
        result = parse_clock(text)
    except ValueError as error:
        assert "時刻として読めません" in str(error)
    else:
        assert result is None or isinstance(result, time)
