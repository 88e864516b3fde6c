"""Spotting personal details in free text, and masking them on papers meant for residents.

Issues taken from an individual case must be written without the person; these checks catch
the usual slips (a name with さん or 様, a phone number, a street address) so the form can ask.
They are hints, not proof: a person still decides, and marks the record 個人情報. Everyday
words that merely contain さん or 様 (たくさん, 様子, 多様) and roles (民生委員さん, 八百屋さん,
お母さん) are left alone, so the warning is rare enough to be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.text import normalize

MASK = "＊＊"

_KANJI = r"\u4e00-\u9fff\u3005"
_HIRA = r"\u3041-\u309f"
_KATA = r"\u30a1-\u30fa\u30fc"
_HONORIFIC = r"さん|さま|様|殿|氏|君|くん|ちゃん"

# Words that contain an honorific but are not one (たくさん, 様子, 多様…): hidden before the
# search and put back after, so that neither they nor the word before them are masked.
_NOT_HONORIFIC = (
    "たくさん",
    "沢山",
    "さまざま",
    "様々",
    "様子",
    "様式",
    "様相",
    "同様",
    "多様",
    "模様",
    "仕様",
    "異様",
    "一様",
    "皆様",
    "皆さん",
    "みなさん",
    "みなさま",
    "お疲れ様",
    "ご苦労様",
    "お世話様",
    "おかげさま",
    "お互いさま",
    "お客様",
    "お客さん",
    "神様",
    "仏様",
    "奥様",
    "王様",
    "殿様",
)
# What comes before さん etc. when it is a role or a relation, not a name: the word itself,
# or its last part (「郵便屋」 ends in 屋, 「区長」 in 長).
_ROLE_WORDS = frozenset(
    (
        "委員",
        "民生委員",
        "隣",
        "お隣",
        "近所",
        "ご近所",
        "住民",
        "利用者",
        "家族",
        "本人",
        "ご本人",
        "先生",
        "職員",
        "店員",
        "運転手",
        "社協",
        "包括",
        "役場",
        "ヘルパー",
        "ケアマネ",
        "ボランティア",
        "スタッフ",
        "ドライバー",
        "お医者",
        "医者",
        "お巡り",
        "お母",
        "お父",
        "お兄",
        "お姉",
        "母",
        "父",
        "兄",
        "姉",
        "娘",
        "息子",
        "嫁",
        "孫",
        "奥",
        "おば",
        "おじ",
        "おばあ",
        "おじい",
        "おかあ",
        "おとう",
        "にい",
        "ねえ",
        "赤",
        "あか",
    )
)
_ROLE_ENDINGS = ("屋", "長", "師", "士", "員", "者", "係", "会", "店", "局", "課", "所")
# Particles and other kana that end a phrase: a name never runs across them.
_PARTICLE = re.compile(r".*[のがをにへとでもはやかねよ、。・「」（）\n]")

_NAME = re.compile(
    rf"(?P<name>[{_KANJI}{_KATA}]+(?:[ 　][{_KANJI}{_KATA}]+)?[{_HIRA}]{{0,3}}[{_KANJI}]?"
    rf"|[{_HIRA}]{{2,5}})(?P<title>{_HONORIFIC})"
)
_PHONE = re.compile(
    r"(?<!\d)0\d{1,4}[-‐ ]\d{1,4}[-‐ ]\d{3,4}(?!\d)"  # 090-1234-5678, 090 1234 5678
    r"|(?<!\d)0\d{1,4}\(\d{1,4}\)\d{3,4}(?!\d)"  # 0123(45)6789
    r"|(?<!\d)0\d{9,10}(?!\d)"  # 09012345678
)
_KANJI_NUMBER = "一二三四五六七八九十"
_STREET = re.compile(
    rf"[\d{_KANJI_NUMBER}]+丁目\s*\d*(?:番地?\s*\d*(?:号)?|-\s*\d+(?:-\s*\d+)?)?"
    r"|\d+番地?\s*\d+号?"
    r"|\d+番地"
    r"|(?<![\d-])\d{1,4}-\d{1,4}-\d{1,4}(?![\d-])"  # 本町1-2-3
)


@dataclass(frozen=True)
class Finding:
    kind: str  # 「氏名らしい語」「電話番号」「住所（番地）」
    text: str


def _hide_everyday_words(text: str) -> tuple[str, list[str]]:
    kept: list[str] = []

    def hide(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    pattern = "|".join(sorted(map(re.escape, _NOT_HONORIFIC), key=len, reverse=True))
    return re.sub(pattern, hide, text), kept


def _restore(text: str, kept: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _name_part(candidate: str) -> str:
    """The name itself: what follows the last particle before the honorific. A name in
    hiragana alone (はなこさん) is taken whole: its kana are not particles."""
    if re.fullmatch(f"[{_HIRA}]+", candidate):
        return candidate
    m = _PARTICLE.match(candidate)
    return candidate[m.end() :] if m else candidate


def _is_role(name: str) -> bool:
    plain = name.replace(" ", "").replace("　", "")
    return not plain or plain in _ROLE_WORDS or plain.endswith(_ROLE_ENDINGS)


def _names(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, honorific) of every name-like span in `text`."""
    found = []
    for m in _NAME.finditer(text):
        name = _name_part(m["name"])
        first, space, _last = name.replace("　", " ").rpartition(" ")
        if space and _is_role(first):  # 「福祉課 佐藤様」: only 佐藤 is the name
            name = name[len(first) + 1 :]
        if _is_role(name):
            continue
        start = m.start("title") - len(name)
        found.append((start, m.end(), name, m["title"]))
    return found


def personal_details_in(text: str) -> list[Finding]:
    """Spans that look like a person's name, phone number or street address."""
    plain, _kept = _hide_everyday_words(normalize(text or "", keep_newlines=True))
    found = [Finding("氏名らしい語", name + title) for _s, _e, name, title in _names(plain)]
    found += [Finding("電話番号", m.group(0)) for m in _PHONE.finditer(plain)]
    without_phones = _PHONE.sub(MASK, plain)  # 090-1234-5678 is not also an address
    found += [Finding("住所（番地）", m.group(0)) for m in _STREET.finditer(without_phones)]
    return found


def describe(findings: list[Finding]) -> str:
    """「氏名らしい語（山田さん）、電話番号（0000-11-2222）」 for a warning."""
    return "、".join(f"{f.kind}（{f.text}）" for f in findings)


def mask_personal(text: str) -> str:
    """The text with names before honorifics, phone numbers and street addresses masked."""
    plain, kept = _hide_everyday_words(normalize(text or "", keep_newlines=True))
    plain = _PHONE.sub(MASK, plain)
    plain = _STREET.sub(MASK, plain)
    pieces, last = [], 0
    for start, end, _name, title in _names(plain):
        pieces += [plain[last:start], MASK + title]
        last = end
    pieces.append(plain[last:])
    return _restore("".join(pieces), kept)
