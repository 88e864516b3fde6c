"""和暦 (Japanese era) dates and times: formatting for screens and paper, tolerant parsing.

Decisions on rules that offices apply differently:

- Eras start on the Gregorian day the change took effect (明治 1868-10-23 … 令和 2019-05-01);
  dates before 1873 are shown in the proleptic Gregorian calendar, not the old lunar one.
- A fiscal year (年度) takes the newest era that began in its starting calendar year, so
  FY2019 (2019-04-01 – 2020-03-31) is 令和元年度, as offices write it, and FY1988 is 昭和63年度.
- `parse_date` rejects a date before its era began ("令和元年4月30日") but accepts era years
  past the era's end ("平成32年1月1日" = 2020-01-01): such dates are in real files, written
  before the new era name was known, and mean what they say.
- `format_wareki(..., western=True)` puts the western year after the era year, in the same
  half-width brackets as the weekday: "令和7年(2025年)4月1日(火)".
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time

from app.domain.text import normalize

__all__ = [
    "ERAS",
    "Era",
    "WarekiError",
    "era_year",
    "fiscal_year",
    "fiscal_year_range",
    "format_fiscal_year",
    "format_time_ja",
    "format_time_range_ja",
    "format_wareki",
    "format_wareki_short",
    "format_year_month",
    "parse_date",
    "parse_year_month",
]


class WarekiError(ValueError):
    """A date or time that cannot be read or shown; the message is Japanese and says why."""


@dataclass(frozen=True)
class Era:
    """One era: its name, the letter used in short forms, and its first day."""

    name: str
    letter: str
    start: date

    def western_year(self, era_year: int) -> int:
        """The western year of year `era_year` of this era (元年 = 1)."""
        return self.start.year + era_year - 1


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)
WEEKDAYS = "月火水木金土日"  # date.weekday() order
DATE_EXAMPLES = "令和7年4月1日、R7.4.1、2025/4/1"
YEAR_MONTH_EXAMPLES = "令和7年4月、R7.4、2025/4"
RANGE_SEPARATOR = "～"

_ERA_BY_TOKEN = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}
_ERA_BY_TOKEN |= {e.name[0]: e for e in ERAS}  # 令7.4.1, 平31.4.30
_ERA_TOKEN = "|".join(sorted(_ERA_BY_TOKEN, key=len, reverse=True))


def _year_pattern(p: str) -> str:
    return rf"(?:(?P<{p}era>{_ERA_TOKEN})(?P<{p}ey>\d{{1,3}}|元)|(?P<{p}wy>\d{{4}}))"


# The year, optionally with the other calendar's year in brackets before or after 年:
# 令和7年(2025年)4月1日, 令和7(2025)年4月1日, 2025年(令和7年)4月1日.
_YEAR_PART = (
    rf"{_year_pattern('')}(?:\({_year_pattern('a')}年?\))?(?:年|[./-])"
    rf"(?:\({_year_pattern('b')}年?\))?"
)
_WEEKDAY_PART = rf"(?:\((?P<wd>[{WEEKDAYS}])(?:曜日?)?\)|(?P<wd2>[{WEEKDAYS}])曜日?)?"
_DATE_RE = re.compile(
    rf"{_YEAR_PART}(?P<m>\d{{1,2}})(?:月|[./-])(?P<d>\d{{1,2}})日?{_WEEKDAY_PART}"
)
_YEAR_MONTH_RE = re.compile(rf"{_YEAR_PART}(?P<m>\d{{1,2}})月?")
_COMPACT_DATE_RE = re.compile(r"(?P<wy>\d{4})(?P<m>\d{2})(?P<d>\d{2})")  # 20250401
_COMPACT_ERA_DATE_RE = re.compile(  # R070401
    rf"(?P<era>[{''.join(e.letter for e in ERAS)}])(?P<ey>\d{{2}})(?P<m>\d{{2}})(?P<d>\d{{2}})"
)
_COMPACT_YEAR_MONTH_RE = re.compile(r"(?P<wy>\d{4})(?P<m>\d{2})")  # 202504
# Exports from spreadsheets add a time to dates: "2025/4/1 0:00:00", "2025-04-01T00:00".
_TRAILING_TIME_RE = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_KANJI_NUMERAL_RE = re.compile("[〇一二三四五六七八九十]+")
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_MAX_SHOWN = 40


# --- formatting ---------------------------------------------------------------------------


def _era_of(d: date) -> Era:
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise WarekiError(
        f"{d.year}年{d.month}月{d.day}日は明治より前のため、和暦で表せません"
        f"（明治元年は{ERAS[0].start.year}年{ERAS[0].start.month}月{ERAS[0].start.day}日から）"
    )


def era_year(d: date) -> tuple[str, int]:
    """The era name and era year of `d`: date(2025, 4, 1) → ("令和", 7)."""
    era = _era_of(d)
    return era.name, d.year - era.start.year + 1


def _year_text(year: int, gannen: bool) -> str:
    return "元" if year == 1 and gannen else str(year)


def format_wareki(
    d: date, *, weekday: bool = False, gannen: bool = True, western: bool = False
) -> str:
    """Format as "令和7年4月1日"; weekday adds "(火)", western adds "(2025年)" after the year."""
    name, year = era_year(d)
    text = f"{name}{_year_text(year, gannen)}年"
    if western:
        text += f"({d.year}年)"
    text += f"{d.month}月{d.day}日"
    if weekday:
        text += f"({WEEKDAYS[d.weekday()]})"
    return text


def format_wareki_short(d: date) -> str:
    """The short form used in tables: "R7.4.1" (the first year is written 1, not 元)."""
    era = _era_of(d)
    return f"{era.letter}{d.year - era.start.year + 1}.{d.month}.{d.day}"


def format_year_month(year: int, month: int, *, gannen: bool = True) -> str:
    """Format (2025, 4) as "令和7年4月"; a month in which the era changed takes the new era."""
    last_day = date(year, month, calendar.monthrange(year, month)[1])
    name, era_y = era_year(last_day)
    return f"{name}{_year_text(era_y, gannen)}年{month}月"


def fiscal_year(d: date) -> int:
    """The fiscal year (April to March) that `d` falls in, by its starting year."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """The first and last day of fiscal year `fy`: (fy-04-01, fy+1-03-31)."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def format_fiscal_year(fy: int, *, gannen: bool = True) -> str:
    """Format 2025 as "令和7年度"; 2019 is "令和元年度" (see the module note on era changes)."""
    era = _era_of(date(fy, 12, 31))
    return f"{era.name}{_year_text(fy - era.start.year + 1, gannen)}年度"


def _clock(t: time) -> str:
    text = f"{t.hour % 12}時"
    return f"{text}{t.minute}分" if t.minute else text


def _half_day(t: time) -> str:
    return "午前" if t.hour < 12 else "午後"


def format_time_ja(t: time) -> str:
    """Format as "午後1時30分" or "午前10時"; noon is "午後0時" and midnight "午前0時"."""
    return _half_day(t) + _clock(t)


def format_time_range_ja(start: time, end: time) -> str:
    """Format as "午後1時30分～3時"; the second 午前/午後 is written only when it changes."""
    if end < start:
        raise WarekiError(
            f"終わりの時刻（{format_time_ja(end)}）が始まりの時刻（{format_time_ja(start)}）"
            "より前になっています"
        )
    second = _clock(end) if _half_day(start) == _half_day(end) else format_time_ja(end)
    return f"{format_time_ja(start)}{RANGE_SEPARATOR}{second}"


# --- parsing ------------------------------------------------------------------------------


def _kanji_number(run: str) -> str:
    """Kanji numerals to digits: "十二" → "12", "二〇二五" → "2025"; else unchanged."""
    if "十" not in run:
        return "".join(str(_KANJI_DIGITS[c]) for c in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones or "〇" in tens + ones:
        return run
    return str((_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0))


def _prepare(text: str) -> str:
    s = unicodedata.normalize("NFKC", normalize(text))  # parsing wants （） as ASCII too
    s = _TRAILING_TIME_RE.sub("", s)
    s = re.sub(r"\s", "", s).upper()
    return _KANJI_NUMERAL_RE.sub(lambda m: _kanji_number(m.group()), s)


def _error(text: str, reason: str, examples: str, what: str = "日付") -> WarekiError:
    shown = text.strip()
    if len(shown) > _MAX_SHOWN:
        shown = shown[:_MAX_SHOWN] + "…"
    return WarekiError(f"「{shown}」は{what}として読めません。{reason}（例: {examples}）")


@dataclass(frozen=True)
class _Year:
    western: int
    era: Era | None = None
    era_year: int = 0

    def label(self) -> str:
        if self.era is None:
            return f"{self.western}年"
        return f"{self.era.name}{_year_text(self.era_year, True)}年"


def _year_from(m: re.Match[str], p: str) -> _Year | None:
    """The year written in groups with prefix `p`, or None when they did not take part."""
    if m.groupdict().get(f"{p}wy"):
        return _Year(int(m[f"{p}wy"]))
    if not m.groupdict().get(f"{p}era"):
        return None
    era = _ERA_BY_TOKEN[m[f"{p}era"]]
    n = 1 if m[f"{p}ey"] == "元" else int(m[f"{p}ey"])
    return _Year(era.western_year(n), era, n)


def _checked_year(text: str, m: re.Match[str], examples: str, what: str) -> _Year:
    """The year of a match, after checking it is not zero and agrees with a bracketed year."""
    years = [y for y in (_year_from(m, p) for p in ("", "a", "b")) if y is not None]
    for y in years:
        if y.western < 1 or (y.era is not None and y.era_year < 1):
            reason = "年は1以上で入力してください（最初の年は「元年」とも書きます）"
            raise _error(text, reason, examples, what)
    if len(years) > 2:
        raise _error(text, "かっこ書きの年は一つにしてください", examples, what)
    main = years[0]
    for other in years[1:]:
        if other.western != main.western:
            era_y = main if main.era is not None else other
            reason = f"{era_y.label()}は{era_y.western}年です。年を確かめてください"
            raise _error(text, reason, examples, what)
    # Keep the year written with an era, so the era-start check also covers "2025年(令和元年)…".
    return next((y for y in years if y.era is not None), main)


def _check_month(text: str, month: int, examples: str, what: str) -> None:
    if not 1 <= month <= 12:
        raise _error(text, "月は1～12で入力してください", examples, what)


def _check_era_start(text: str, year: _Year, d: date, examples: str, what: str) -> None:
    era = year.era
    if era is None or d >= era.start:
        return
    start = era.start
    reason = (
        f"{era.name}は{format_wareki(start)}（{start.year}年{start.month}月{start.day}日）からです"
    )
    if what == "日付" and d >= ERAS[0].start:
        reason += f"。{format_wareki(d)}のことではありませんか"
    raise _error(text, reason, examples, what)


def parse_date(text: str) -> date:
    """Read a date as offices type or export it, in 和暦 or 西暦, full- or half-width.

    Accepts "令和7年4月1日", "令和元年5月1日", "R7.4.1", "r7/4/1", "Ｒ７．４．１", "H31.4.30",
    "S64.1.7", "令和七年四月一日", "令和7年(2025年)4月1日(火)", "2025/4/1", "2025-04-01",
    "2025.4.1", "2025年4月1日", "20250401", "R070401", and a trailing time from spreadsheets.
    Raises WarekiError with a Japanese message that says what is wrong.
    """
    if not text or not text.strip():
        raise WarekiError(f"日付が入力されていません（例: {DATE_EXAMPLES}）")
    s = _prepare(text)
    m = _DATE_RE.fullmatch(s) or _COMPACT_DATE_RE.fullmatch(s) or _COMPACT_ERA_DATE_RE.fullmatch(s)
    if m is None:
        reason = "年・月・日を和暦か西暦で入力してください"
        raise _error(text, reason, DATE_EXAMPLES)
    year = _checked_year(text, m, DATE_EXAMPLES, "日付")
    month, day = int(m["m"]), int(m["d"])
    _check_month(text, month, DATE_EXAMPLES, "日付")
    last = calendar.monthrange(year.western, month)[1]
    if not 1 <= day <= last:
        reason = f"{year.label()}{month}月の日は1～{last}で入力してください"
        raise _error(text, reason, DATE_EXAMPLES)
    d = date(year.western, month, day)
    _check_era_start(text, year, d, DATE_EXAMPLES, "日付")
    written = m.groupdict().get("wd") or m.groupdict().get("wd2")
    if written and written != WEEKDAYS[d.weekday()]:
        reason = (
            f"{format_wareki(d)}は{WEEKDAYS[d.weekday()]}曜日です。日付か曜日を確かめてください"
        )
        raise _error(text, reason, DATE_EXAMPLES)
    return d


def parse_year_month(text: str) -> tuple[int, int]:
    """Read a year and month ("令和7年4月", "R7.4", "2025/4", "2025年4月", "202504").

    Returns (western year, month). Raises WarekiError with a Japanese message.
    """
    what = "年月"
    if not text or not text.strip():
        raise WarekiError(f"年月が入力されていません（例: {YEAR_MONTH_EXAMPLES}）")
    s = _prepare(text)
    m = _YEAR_MONTH_RE.fullmatch(s) or _COMPACT_YEAR_MONTH_RE.fullmatch(s)
    if m is None:
        reason = "年と月を和暦か西暦で入力してください"
        raise _error(text, reason, YEAR_MONTH_EXAMPLES, what)
    year = _checked_year(text, m, YEAR_MONTH_EXAMPLES, what)
    month = int(m["m"])
    _check_month(text, month, YEAR_MONTH_EXAMPLES, what)
    # A month counts as in the era if the era began on or before its last day.
    last_day = date(year.western, month, calendar.monthrange(year.western, month)[1])
    _check_era_start(text, year, last_day, YEAR_MONTH_EXAMPLES, what)
    return year.western, month


def format_meeting_when(held_on: date, starts: time | None, ends: time | None) -> str:
    """The 日時 line of minutes: "令和8年11月26日(木) 午後1時30分～3時00分".

    When one of the two times has minutes, both write their minutes with two digits
    (「1時05分～3時00分」), as minutes are usually filed; with no end time it ends in 「～」.
    """
    text = format_wareki(held_on, weekday=True)
    if starts is None:
        return text
    if ends is None:
        return f"{text} {format_time_ja(starts)}～"
    if ends < starts:
        raise WarekiError(
            f"終わりの時刻（{format_time_ja(ends)}）が始まりの時刻（{format_time_ja(starts)}）"
            "より前になっています"
        )
    padded = bool(starts.minute or ends.minute)

    def clock(t: time) -> str:
        return f"{t.hour % 12}時{t.minute:02d}分" if padded else _clock(t)

    second = clock(ends) if _half_day(starts) == _half_day(ends) else _half_day(ends) + clock(ends)
    return f"{text} {_half_day(starts)}{clock(starts)}{RANGE_SEPARATOR}{second}"
