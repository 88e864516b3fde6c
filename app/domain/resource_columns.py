"""The columns of a resource list and the words in its cells, as plain Python.

Which header means which field (名称, 資源名 and 活動名 all mean the name), where the header row
is, and how everyday words become the app's values: 「第2・第4火曜 10時～12時」, 「○」, 「R7.4.1」.
Nothing here reads a file or the database.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Protocol

from app.domain.clock import CLOCK_PATTERN, parse_clock
from app.domain.enums import WEEKDAYS, Frequency, ResourceCategory, ResourceKind, ResourceState
from app.domain.text import normalize, search_key
from app.domain.wareki import WarekiError, parse_date, parse_year_month

HEADER_SCAN_ROWS = 30


class Sheet(Protocol):
    """What the header guesses need of a sheet (table_files.SheetData is one)."""

    rows: list[list[str]]

    def header(self, row: int) -> list[str]: ...


@dataclass(frozen=True)
class FieldSpec:
    """A field a column may fill: its Japanese label and the headers that mean it."""

    key: str
    label: str
    synonyms: tuple[str, ...]
    multiple: bool = False  # several columns may fill it; their texts are joined


# key (+ when several columns may fill it), label, then the headers that mean it.
_FIELD_TABLE = """
name            名称            名称 資源名 活動名 団体名 名前 事業名 サービス名 活動名称
reading         ふりがな        ふりがな よみ 読み よみがな 読み仮名
category        分類（4つの見方） 分類 区分 4つの見方 見方 資源の分類
kinds           種類            種別 種類 活動の種類 活動種別 ジャンル
description+    活動内容        活動内容 内容 事業内容 サービス内容 概要
operator_name   運営主体        運営主体 実施主体 主催 主催者 運営団体 実施団体 運営
place           実施場所        実施場所 会場 場所 開催場所 活動場所 拠点
address         住所            住所 所在地 会場住所
area            圏域            圏域 地区 校区 中学校区 小学校区 日常生活圏域 地域
schedule_note+  開催日・頻度    開催日・頻度 開催日 頻度 開催頻度 日時 開催日時 活動日 実施日
frequency       頻度区分        頻度区分 頻度の区分
times_per_month 月の回数        月の回数 月回数
nth_week        第何週          第何週 週
weekdays        曜日            曜日 開催曜日
time            時間            時間 開催時間 時間帯 活動時間
starts_at       開始時刻        開始時刻 開始時間 開始
ends_at         終了時刻        終了時刻 終了時間
fee             参加費・利用料  参加費・利用料 参加費 利用料 費用 料金 会費 利用料金
audience        対象者          対象者 対象 利用対象 参加対象
participants    参加者数        参加者数 参加人数 利用者数 参加者
volunteers      担い手の人数    担い手の人数 担い手 ボランティア数 担い手数 スタッフ数
capacity        定員            定員
contact         連絡先          連絡先 電話 電話番号 問い合わせ 問合せ 問い合わせ先 問合せ先 tel
state           状態            状態 活動状況 状況 活動状態
unused          未活用          未活用 未活用資源
publishable     掲載可          掲載可 掲載可否 住民向け掲載 掲載 公開 公開可否
notes+          備考            備考 メモ 特記事項
confirmed_on    最終確認日      最終確認日 確認日 更新日 調査日
confirmed_by    確認者          確認者 確認した人
"""
FIELDS: tuple[FieldSpec, ...] = tuple(
    FieldSpec(key.rstrip("+"), label, tuple(synonyms), key.endswith("+"))
    for key, label, *synonyms in (line.split() for line in _FIELD_TABLE.strip().splitlines())
)
FIELD_LABELS = {f.key: f.label for f in FIELDS}
_MULTIPLE = {f.key for f in FIELDS if f.multiple}
_BRACKETS = re.compile(r"[（(【\[［<＜][^）)】\]］>＞]*[）)】\]］>＞]")
_HEADER_NOISE = re.compile(r"[\s※*＊:：]")
_MAX_HEADER = 15  # longer cells are titles or notes, not headers


def _header_key(text: str) -> str:
    plain = normalize(text)
    key = search_key(_HEADER_NOISE.sub("", _BRACKETS.sub("", plain)))
    return key or search_key(_HEADER_NOISE.sub("", plain))


_SYNONYMS = {search_key(s): f.key for f in FIELDS for s in f.synonyms}
_CONTAINED = sorted(
    ((k, v) for k, v in _SYNONYMS.items() if len(k) >= 2), key=lambda kv: -len(kv[0])
)


def match_header(text: str) -> tuple[str | None, int]:
    """The field a header cell names, and how sure: 2 exact, 1 contained, 0 none."""
    key = _header_key(text)
    if not key:
        return None, 0
    if key in _SYNONYMS:
        return _SYNONYMS[key], 2
    if len(key) > _MAX_HEADER:
        return None, 0
    found = [(len(k), -key.find(k), f) for k, f in _CONTAINED if k in key]
    return (max(found)[2], 1) if found else (None, 0)


def _header_score(cells: list[str]) -> int:
    best: dict[str, int] = {}
    for cell in cells:
        key, score = match_header(cell)
        if key:
            best[key] = max(best.get(key, 0), score)
    return sum(best.values())


def guess_header_row(sheet: Sheet) -> int:
    """The 0-based header row: the one among the first rows naming the most known columns."""
    best_row, best_score = 0, 0
    for row in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        score = _header_score(sheet.header(row))
        if score and score >= best_score:  # on a tie the lower row: two-row headers end there
            best_row, best_score = row, score
    return best_row


def looks_like_resource_list(sheet: Sheet) -> bool:
    """Whether some row near the top has a name-like header (名称, 資源名 …)."""
    rows = range(min(len(sheet.rows), HEADER_SCAN_ROWS))
    return any(any(match_header(c)[0] == "name" for c in sheet.header(r)) for r in rows)


def guess_mapping(header: list[str]) -> dict[int, str | None]:
    """Column index → field key (None: not imported); each field goes to its best column."""
    matches = [(i, *match_header(text)) for i, text in enumerate(header)]
    mapping: dict[int, str | None] = dict.fromkeys(range(len(header)))
    taken: set[str] = set()
    for index, key, _score in sorted(matches, key=lambda m: (-m[2], m[0])):
        if key and (key not in taken or key in _MULTIPLE):
            mapping[index] = key
            taken.add(key)
    return mapping


def mapping_problem(mapping: Mapping[int, str | None]) -> str | None:
    """What is wrong with a column mapping: no name column, or a single field chosen twice."""
    chosen = [f for f in mapping.values() if f]
    if "name" not in chosen:
        return "「名称」の列を選んでください。名称のない行は取り込めません。"
    for key in dict.fromkeys(chosen):
        if chosen.count(key) > 1 and key not in _MULTIPLE:
            label = FIELD_LABELS[key]
            return f"「{label}」が2つ以上の列に選ばれています。1つにしてください。"
    return None


# --- reading values -----------------------------------------------------------------------

_KIND_WORDS = tuple(
    (word, ResourceKind(kind))
    for kind, words in (
        ("salon", "通いの場 サロン 居場所 カフェ"),
        ("exercise", "体操 運動"),
        ("meals", "配食 弁当 食事"),
        ("shopping", "買い物 買物"),
        ("transport", "移動 送迎 移送"),
        ("housework", "家事"),
        ("watching", "見守 安否"),
        ("consultation", "相談"),
        ("multigeneration", "子ども 子供 多世代"),
        ("hobby", "趣味 学び"),
    )
    for word in words.split()
)
_KIND_SPLIT = re.compile(r"[、,，/／・･;；\s]+")
_CATEGORY_WORDS = tuple(
    (word, ResourceCategory(value))
    for word, value in (
        ("サービス", "service"),
        ("主体", "provider"),
        ("拠点", "place"),
        ("場", "place"),
        ("活動", "activity"),
    )
)
_STATE_WORDS = tuple(
    (word, ResourceState(value))
    for value, words in (
        ("paused", "休止"),
        ("ended", "終了 廃止"),
        ("planned", "構想 準備 予定"),
        ("active", "活動 実施 継続"),
    )
    for word in words.split()
)
_YES = {"○", "◯", "〇", "●", "✓", "✔", "レ", "はい", "有", "あり", "可", "true", "1", "yes", "y"}
_NO = {"×", "✕", "いいえ", "無", "なし", "不可", "否", "false", "0", "no", "n", "-"}
_AREA_SUFFIXES = (
    "日常生活圏域",
    "中学校区",
    "小学校区",
    "生活圏域",
    "校区",
    "地区",
    "圏域",
    "地域",
)


def parse_kinds(text: str) -> tuple[tuple[str, ...], list[str]]:
    """Kinds written as labels or everyday words; unknown words become その他 with a warning."""
    kinds: list[str] = []
    warnings: list[str] = []
    for token in _KIND_SPLIT.split(normalize(text)):
        if not token:
            continue
        kind = ResourceKind.from_label(token)
        if kind is None:
            kind = next((k for word, k in _KIND_WORDS if word in token), None)
        if kind is None:
            kind = ResourceKind.OTHER
            warnings.append(f"種類「{token}」は一覧にないため「その他」にしました。")
        if kind.value not in kinds:
            kinds.append(kind.value)
    return tuple(kinds), warnings


def _labelled(enum, words, text: str):
    plain = normalize(text)
    found = enum.from_label(plain)
    return found or next((value for word, value in words if word in plain), None)


def parse_category(text: str) -> ResourceCategory | None:
    """A category by its label or a word in it (「サービス」「拠点」…); None when unknown."""
    return _labelled(ResourceCategory, _CATEGORY_WORDS, text)


def parse_state(text: str) -> ResourceState | None:
    """A state by its label or a word in it (「休止中」「廃止」…); None when unknown."""
    return _labelled(ResourceState, _STATE_WORDS, text)


def parse_flag(text: str) -> bool | None:
    """○/×, はい/いいえ, 可/不可 and the like; None when it cannot be read."""
    plain = normalize(text).casefold()
    return True if plain in _YES else False if plain in _NO else None


_TIME_POINT = CLOCK_PATTERN
_TIME_RANGE = re.compile(rf"({_TIME_POINT})\s*(?:(?:～|~|-|から)\s*({_TIME_POINT})?)?")


def parse_time_range(text: str) -> tuple[time | None, time | None]:
    """「10:00～12:00」「10時～12時」「午後1時半～3時」 → (start, end).

    Each end is read by `parse_clock`; text that is not a time or a range raises ValueError
    with a Japanese message.
    """
    plain = normalize(text)
    if not plain:
        return None, None
    m = _TIME_RANGE.fullmatch(plain)
    if not m:
        if only_end := re.fullmatch(rf"(?:～|~|-)\s*({_TIME_POINT})", plain):
            return None, parse_clock(only_end[1])
        raise ValueError(
            f"「{text.strip()}」は時間として読めません（例: 10:00～12:00、午後1時半～3時）。"
        )
    start = parse_clock(m[1])
    end = parse_clock(m[2]) if m[2] else None
    if end and m[1].startswith("午後") and not m[2].startswith(("午前", "午後")) and end < start:
        end = time(end.hour + 12, end.minute) if end.hour < 12 else end
    return start, end


@dataclass(frozen=True)
class ScheduleGuess:
    frequency: str | None = None
    times_per_month: int | None = None
    nth_week: str = ""
    weekdays: str = ""
    starts_at: time | None = None
    ends_at: time | None = None


_NTH = re.compile(r"第\s*[1-5](?:\s*[・、,と]\s*第?\s*[1-5])*")
_WEEKDAY_RUN = re.compile(r"([月火水木金土日](?:[・、,/]?[月火水木金土日])*)(曜)?")


def parse_schedule(text: str) -> ScheduleGuess:
    """What can be read from 「毎週火曜」「第2・第4木曜 10時～12時」「月2回」 (else nothing)."""
    s = normalize(text)
    frequency, times, nth = None, None, ""
    if m := _NTH.search(s):
        frequency, nth = Frequency.NTH_WEEKDAY, ",".join(sorted(set(re.findall(r"[1-5]", m[0]))))
    elif "毎週" in s or "毎日" in s or re.search(r"週\s*\d\s*回", s):
        frequency = Frequency.WEEKLY
    elif "隔週" in s:
        frequency = Frequency.BIWEEKLY
    elif m := re.search(r"月\s*(\d{1,2})\s*回", s):
        frequency, times = Frequency.MONTHLY, int(m[1]) if 1 <= int(m[1]) <= 31 else None
    elif "毎月" in s:
        frequency = Frequency.MONTHLY
    elif "不定期" in s or "随時" in s:
        frequency = Frequency.IRREGULAR
    days = set()
    for m in _WEEKDAY_RUN.finditer(s):
        run = re.sub(r"[・、,/]", "", m[1])
        bracketed = s[m.start() - 1 : m.start()] in "(（" and s[m.end() : m.end() + 1] in ")）"
        if m[2] or len(run) >= 2 or (bracketed and m.start() > 0):
            days.update(run)
    if "毎日" in s:
        days.update(WEEKDAYS)
    elif "平日" in s:
        days.update("月火水木金")
    start = end = None
    if m := re.search(_TIME_RANGE.pattern, s):
        with contextlib.suppress(ValueError):
            start, end = parse_time_range(m[0])
    weekdays = "".join(d for d in WEEKDAYS if d in days)
    return ScheduleGuess(frequency and frequency.value, times, nth, weekdays, start, end)


def parse_frequency(text: str) -> str | None:
    """A 頻度区分 cell: a label (毎週) or words (月2回) → the Frequency value, else None."""
    frequency = Frequency.from_label(normalize(text))
    return frequency.value if frequency else parse_schedule(text).frequency


def parse_nth_week(text: str) -> str:
    """A 第何週 cell: 「2,4」「第2・第4」 → "2,4"; "" when it names no week 1-5."""
    return ",".join(sorted(set(re.findall(r"[1-5]", normalize(text)))))


def parse_weekdays(text: str) -> str:
    """A 曜日 cell: 「月・木」「火曜日」 or words (平日) → the days in week order, "" if none."""
    plain = re.sub(r"曜日?|[・、,/\s]", "", normalize(text))
    days = plain if plain and all(c in WEEKDAYS for c in plain) else ""
    days = days or parse_schedule(text).weekdays
    return "".join(d for d in WEEKDAYS if d in days)


def parse_confirmed(text: str) -> date:
    """和暦 or 西暦; a year and month alone (令和7年4月) means the first of that month."""
    try:
        return parse_date(text)
    except WarekiError as error:
        try:
            year, month = parse_year_month(text)
        except WarekiError:
            raise error from None
        return date(year, month, 1)


def area_keys(name: str) -> list[str]:
    """The keys an area name is known by: itself, and without 地区/校区/圏域 (「北地区」→「北」)."""
    key = search_key(name)
    stripped = next((key[: -len(s)] for s in _AREA_SUFFIXES if key.endswith(s) and key != s), key)
    return [key, stripped] if stripped != key else [key]
