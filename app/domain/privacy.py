"""Spotting personal details in free text, and masking them on papers meant for residents.

Issues taken from an individual case must be written without the person; these checks catch
the usual slips (a name with さん or 様, a phone number, a street number) so the form can ask.
They are hints, not proof: a person still decides, and marks the record 個人情報.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.text import normalize

MASK = "＊＊"

# A name before an honorific: 1–5 kanji or kana (「山田さん」「花子様」「タナカ氏」).
_NAME = re.compile(
    r"(?P<name>[\u4e00-\u9fff\u3005々]{1,4}[\u3040-\u30ff]{0,3}|[\u30a1-\u30fa]{2,6})"
    r"(?P<title>さん|様|さま|氏|君|くん|ちゃん)"
)
# Words before さん that are roles, not names (「民生委員さん」「お隣さん」).
_ROLE_WORDS = (
    "委員",
    "民生",
    "隣",
    "近所",
    "お客",
    "皆",
    "みな",
    "先生",
    "職員",
    "店員",
    "運転手",
    "ヘルパー",
    "ケアマネ",
    "会長",
    "住民",
    "利用者",
    "家族",
    "奥",
    "娘",
    "息子",
    "嫁",
    "孫",
    "本人",
)
_PHONE = re.compile(r"(?<!\d)0\d{1,4}-\d{1,4}-\d{3,4}(?!\d)|(?<!\d)0\d{9,10}(?!\d)")
_STREET = re.compile(r"\d+丁目\s*\d+(?:番地?|-)\s*\d*(?:号)?|\d+番地")


@dataclass(frozen=True)
class Finding:
    kind: str  # 「氏名らしい語」「電話番号」「番地」
    text: str


def personal_details_in(text: str) -> list[Finding]:
    """Spans that look like a person's name, phone number or street address."""
    plain = normalize(text or "", keep_newlines=True)
    found: list[Finding] = []
    for m in _NAME.finditer(plain):
        name = m["name"]
        if any(name.endswith(word) or name == word for word in _ROLE_WORDS):
            continue
        found.append(Finding("氏名らしい語", m.group(0)))
    found += [Finding("電話番号", m.group(0)) for m in _PHONE.finditer(plain)]
    found += [Finding("番地", m.group(0)) for m in _STREET.finditer(plain)]
    return found


def describe(findings: list[Finding]) -> str:
    """「氏名らしい語（山田さん）、電話番号（0000-11-2222）」 for a warning."""
    return "、".join(f"{f.kind}（{f.text}）" for f in findings)


def mask_personal(text: str) -> str:
    """The text with names before honorifics, phone numbers and street numbers masked."""
    plain = normalize(text or "", keep_newlines=True)

    def name(m: re.Match[str]) -> str:
        if any(m["name"].endswith(word) or m["name"] == word for word in _ROLE_WORDS):
            return m.group(0)
        return MASK + m["title"]

    plain = _NAME.sub(name, plain)
    plain = _PHONE.sub(MASK, plain)
    return _STREET.sub(MASK, plain)
