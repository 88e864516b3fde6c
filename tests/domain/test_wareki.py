"""Tests for app.domain.wareki: 和暦 formatting, fiscal years, times and tolerant parsing."""

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.wareki import (
    WarekiError,
    era_year,
    fiscal_year,
    fiscal_year_range,
    format_fiscal_year,
    format_time_ja,
    format_time_range_ja,
    format_wareki,
    format_wareki_short,
    format_year_month,
    parse_date,
    parse_year_month,
)

# --- formatting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 4, 1), "令和7年4月1日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1868, 10, 23), "明治元年10月23日"),
    ],
)
def test_format_wareki_era_boundaries(d: date, expected: str) -> None:
    assert format_wareki(d) == expected


def test_format_wareki_options() -> None:
    assert format_wareki(date(2026, 11, 26), weekday=True) == "令和8年11月26日(木)"
    assert format_wareki(date(2019, 5, 1), gannen=False) == "令和1年5月1日"
    assert format_wareki(date(2025, 4, 1), western=True) == "令和7年(2025年)4月1日"
    assert (
        format_wareki(date(2025, 4, 1), western=True, weekday=True) == "令和7年(2025年)4月1日(火)"
    )


def test_format_before_meiji_is_refused() -> None:
    with pytest.raises(WarekiError, match="明治より前"):
        format_wareki(date(1868, 10, 22))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 4, 1), "R7.4.1"),
        (date(2019, 5, 1), "R1.5.1"),
        (date(2019, 4, 30), "H31.4.30"),
        (date(1989, 1, 7), "S64.1.7"),
        (date(1989, 1, 8), "H1.1.8"),
        (date(1920, 1, 1), "T9.1.1"),
        (date(1900, 12, 31), "M33.12.31"),
    ],
)
def test_format_wareki_short(d: date, expected: str) -> None:
    assert format_wareki_short(d) == expected


def test_era_year() -> None:
    assert era_year(date(2025, 4, 1)) == ("令和", 7)
    assert era_year(date(2019, 4, 30)) == ("平成", 31)
    assert era_year(date(2019, 5, 1)) == ("令和", 1)


def test_format_year_month() -> None:
    assert format_year_month(2025, 4) == "令和7年4月"
    assert format_year_month(2019, 4) == "平成31年4月"
    assert format_year_month(2019, 5) == "令和元年5月"
    assert format_year_month(1989, 1) == "平成元年1月"  # the month the era began


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2025, 4, 1), 2025),
        (date(2026, 1, 1), 2025),
        (date(2025, 12, 31), 2025),
    ],
)
def test_fiscal_year(d: date, fy: int) -> None:
    assert fiscal_year(d) == fy


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2025, "令和7年度"),
        (2019, "令和元年度"),  # began 2019-04-01 under 平成, written 令和元年度
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_format_fiscal_year(fy: int, expected: str) -> None:
    assert format_fiscal_year(fy) == expected


def test_format_fiscal_year_without_gannen_and_range() -> None:
    assert format_fiscal_year(2019, gannen=False) == "令和1年度"
    assert fiscal_year_range(2025) == (date(2025, 4, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (time(13, 30), "午後1時30分"),
        (time(10, 0), "午前10時"),
        (time(12, 0), "午後0時"),
        (time(0, 0), "午前0時"),
        (time(0, 5), "午前0時5分"),
        (time(23, 59), "午後11時59分"),
        (time(9, 0, 45), "午前9時"),  # seconds are not written
    ],
)
def test_format_time_ja(t: time, expected: str) -> None:
    assert format_time_ja(t) == expected


def test_format_time_range_ja() -> None:
    assert format_time_range_ja(time(13, 30), time(15)) == "午後1時30分～3時"
    assert format_time_range_ja(time(10), time(12, 30)) == "午前10時～午後0時30分"
    assert format_time_range_ja(time(9), time(11, 45)) == "午前9時～11時45分"
    with pytest.raises(WarekiError, match="より前"):
        format_time_range_ja(time(15), time(13))


# --- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和7年4月1日", date(2025, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R7.4.1", date(2025, 4, 1)),
        ("r7/4/1", date(2025, 4, 1)),
        ("Ｒ７．４．１", date(2025, 4, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("2025/4/1", date(2025, 4, 1)),
        ("2025-04-01", date(2025, 4, 1)),
        ("2025年4月1日", date(2025, 4, 1)),
        ("20250401", date(2025, 4, 1)),
        ("2025.4.1", date(2025, 4, 1)),
        ("S64.1.7", date(1989, 1, 7)),
        ("H1.1.8", date(1989, 1, 8)),
        ("R元.5.1", date(2019, 5, 1)),
        ("令和７年４月１日", date(2025, 4, 1)),
        (" 令和 7 年 4 月 1 日 ", date(2025, 4, 1)),
        ("令7.4.1", date(2025, 4, 1)),
        ("R7年4月1日", date(2025, 4, 1)),
        ("令和7.4.1", date(2025, 4, 1)),
        ("㋿7年4月1日", date(2025, 4, 1)),
        ("令和七年四月一日", date(2025, 4, 1)),
        ("令和七年十二月二十五日", date(2025, 12, 25)),
        ("二〇二五年四月一日", date(2025, 4, 1)),
        ("令和7年(2025年)4月1日", date(2025, 4, 1)),
        ("令和7(2025)年4月1日", date(2025, 4, 1)),
        ("2025年(令和7年)4月1日", date(2025, 4, 1)),
        ("2025（令和7）年4月1日", date(2025, 4, 1)),
        ("令和8年11月26日(木)", date(2026, 11, 26)),
        ("令和8年11月26日（木曜日）", date(2026, 11, 26)),
        ("2026/11/26 木曜日", date(2026, 11, 26)),
        ("2025/04/01 0:00:00", date(2025, 4, 1)),
        ("2025-04-01T09:30", date(2025, 4, 1)),
        ("R070401", date(2025, 4, 1)),
        ("平成32年1月1日", date(2020, 1, 1)),  # past the era's end: accepted
        ("H32.3.31", date(2020, 3, 31)),
        ("S64.1.8", date(1989, 1, 8)),
        ("大正15年12月24日", date(1926, 12, 24)),
        ("明治45年7月29日", date(1912, 7, 29)),
    ],
)
def test_parse_date_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("令和7年13月1日", "月は1～12で入力してください"),
        ("2025/0/1", "月は1～12で入力してください"),
        ("R0.1.1", "年は1以上で入力してください"),
        ("0000/1/1", "年は1以上で入力してください"),
        ("令和7年2月30日", "令和7年2月の日は1～28で入力してください"),
        ("2024/2/30", "2024年2月の日は1～29で入力してください"),
        ("2025/4/0", "日は1～30で入力してください"),
        ("令和元年4月30日", "令和は令和元年5月1日（2019年5月1日）からです"),
        ("平成元年1月7日", "昭和64年1月7日のことではありませんか"),
        ("令和7年(2024年)4月1日", "令和7年は2025年です"),
        ("令和8年11月26日(水)", "令和8年11月26日は木曜日です"),
        ("あいうえお", "年・月・日を和暦か西暦で入力してください"),
        ("令和7年4月", "年・月・日を和暦か西暦で入力してください"),
        ("25/4/1", "年・月・日を和暦か西暦で入力してください"),
        ("X7.4.1", "年・月・日を和暦か西暦で入力してください"),
        ("2025/4/1ごろ", "年・月・日を和暦か西暦で入力してください"),
    ],
)
def test_parse_date_rejects_with_japanese_message(text: str, reason: str) -> None:
    with pytest.raises(WarekiError) as info:
        parse_date(text)
    message = str(info.value)
    assert f"「{text}」は日付として読めません。" in message
    assert reason in message
    assert message.endswith("（例: 令和7年4月1日、R7.4.1、2025/4/1）")


@pytest.mark.parametrize("text", ["", "   ", "　"])
def test_parse_date_empty(text: str) -> None:
    with pytest.raises(WarekiError, match="日付が入力されていません"):
        parse_date(text)


def test_wareki_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_date("いつか")


def test_long_input_is_shortened_in_the_message() -> None:
    with pytest.raises(WarekiError) as info:
        parse_date("あ" * 200)
    assert len(str(info.value)) < 120


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和7年4月", (2025, 4)),
        ("令和元年5月", (2019, 5)),
        ("2025/4", (2025, 4)),
        ("2025-04", (2025, 4)),
        ("2025年4月", (2025, 4)),
        ("R7.4", (2025, 4)),
        ("Ｒ７．４", (2025, 4)),
        ("平成31年4月", (2019, 4)),
        ("平成元年1月", (1989, 1)),  # 平成 began within January 1989
        ("202504", (2025, 4)),
        ("令和7年(2025年)4月", (2025, 4)),
    ],
)
def test_parse_year_month_forms(text: str, expected: tuple[int, int]) -> None:
    assert parse_year_month(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("令和7年13月", "月は1～12で入力してください"),
        ("R0.4", "年は1以上で入力してください"),
        ("令和元年4月", "令和は令和元年5月1日（2019年5月1日）からです"),
        ("四月", "年と月を和暦か西暦で入力してください"),
        ("令和7年4月1日", "年と月を和暦か西暦で入力してください"),
    ],
)
def test_parse_year_month_rejects(text: str, reason: str) -> None:
    with pytest.raises(WarekiError) as info:
        parse_year_month(text)
    message = str(info.value)
    assert f"「{text}」は年月として読めません。" in message
    assert reason in message
    assert message.endswith("（例: 令和7年4月、R7.4、2025/4）")


def test_parse_year_month_empty() -> None:
    with pytest.raises(WarekiError, match="年月が入力されていません"):
        parse_year_month("")


# --- round trips --------------------------------------------------------------------------

dates = st.dates(min_value=date(1926, 12, 25), max_value=date(2100, 12, 31))


@given(dates)
def test_parse_format_wareki_round_trip(d: date) -> None:
    assert parse_date(format_wareki(d)) == d


@given(dates)
def test_parse_format_wareki_short_round_trip(d: date) -> None:
    assert parse_date(format_wareki_short(d)) == d


@given(dates, st.booleans(), st.booleans(), st.booleans())
def test_parse_format_wareki_options_round_trip(
    d: date, weekday: bool, gannen: bool, western: bool
) -> None:
    assert parse_date(format_wareki(d, weekday=weekday, gannen=gannen, western=western)) == d


@given(st.dates(min_value=date(1868, 10, 23), max_value=date(2100, 12, 31)))
def test_round_trip_from_meiji(d: date) -> None:
    assert parse_date(format_wareki(d)) == d
    assert parse_date(d.isoformat()) == d


@given(st.integers(min_value=1869, max_value=2100), st.integers(min_value=1, max_value=12))
def test_year_month_round_trip(year: int, month: int) -> None:
    assert parse_year_month(format_year_month(year, month)) == (year, month)


def test_meeting_times_pad_both_minutes_when_either_has_them():
    from datetime import date, time

    from app.domain.wareki import format_meeting_when

    day = date(2026, 11, 26)
    assert format_meeting_when(day, time(13, 5), time(15, 0)).endswith("午後1時05分～3時00分")
    assert format_meeting_when(day, time(10, 0), time(12, 0)).endswith("午前10時～午後0時")
    assert format_meeting_when(day, time(13, 30), None).endswith("午後1時30分～")
