"""五十音順 (Japanese dictionary order) for kana readings, after JIS X 4061.

`sort_key` compares readings level by level over the whole string, as JIS X 4061 does:

1. primary: the plain letter (あ…ん, katakana read as hiragana, は/ば/ぱ alike, small kana as
   large, ー as the vowel of the kana before it, ゝ/ゞ as the kana before it); characters of
   other kinds by class: space < symbols < digits < other alphabets < Latin < kana < kanji;
2. 清濁: 清音 < 濁音 < 半濁音;
3. 記号種別: 長音 ー < 小書き (拗音・促音) < 繰返し ゝ < 直音 — so "てーた" < "テェタ" < "てえた"
   (the order of the standard's own conformance data, 参考2);
4. ひらがな < カタカナ, and for Latin letters lower case < upper case;
5. the normalised string itself, so that different readings never compare equal.

Half-width katakana, full-width Latin and the like are folded with NFKC first. Runs of
whitespace become one space, which sorts before every other character: "いし たろう" comes
before "いしだ はなこ", as in a name directory that orders by family name first.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "OTHER_ROW",
    "SortKey",
    "gojuon_row",
    "is_kana_reading",
    "normalize_reading",
    "sort_key",
    "sort_key_or_last",
    "to_hiragana",
    "to_katakana",
]

SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...], str]

# 五十音 in dictionary order; ゐ and ゑ keep their places in the わ row.
_SEION = (
    "あいうえお"
    "かきくけこ"
    "さしすせそ"
    "たちつてと"
    "なにぬねの"
    "はひふへほ"
    "まみむめも"
    "やゆよ"
    "らりるれろ"
    "わゐゑを"
    "ん"
)
# The vowel a ー after each letter stands for; after ん it stands for ん.
_VOWELS = "あいうえお" * 7 + "あうお" + "あいうえお" + "あいえお" + "ん"
_ROW_HEADINGS = "あ" * 5 + "か" * 5 + "さ" * 5 + "た" * 5 + "な" * 5 + "は" * 5 + "ま" * 5
_ROW_HEADINGS += "や" * 3 + "ら" * 5 + "わ" * 5
OTHER_ROW = "他"

_SMALL_KANA = dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ", strict=True))
# Small katakana for Ainu (U+31F0…) have no hiragana; NFKC leaves them alone.
_SMALL_EXTRA = dict(
    zip("ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ", "くしすとぬはひふへほむらりるれろ", strict=True)
)

# Level values.
_CLEAR, _VOICED, _SEMI_VOICED = 0, 1, 2
_LONG, _SMALL, _ITERATION, _PLAIN = 0, 1, 2, 3
_HIRAGANA, _KATAKANA = 0, 1
_LOWER, _UPPER = 0, 1

# Character classes (JIS X 4061 order), kept in the high bits of the primary weight.
_SPACE, _SYMBOL, _DIGIT, _OTHER_ALPHA, _LATIN, _KANA, _KANJI = range(7)
_CLASS_SHIFT = 21  # above every code point

_LONG_MARK = "ー"
_ITERATION_MARKS = {
    "ゝ": (_CLEAR, _HIRAGANA),
    "ゞ": (_VOICED, _HIRAGANA),
    "ヽ": (_CLEAR, _KATAKANA),
    "ヾ": (_VOICED, _KATAKANA),
}
_COMBINING = {"\u3099": _VOICED, "\u309a": _SEMI_VOICED}
_KANJI_LIKE = "々〆〇"

_HALFWIDTH_RUN = re.compile("[\uff61-\uff9f]+")
_SPACES = re.compile(r"\s+")
_TO_HIRAGANA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)} | {0x30FD: 0x309D, 0x30FE: 0x309E}
_TO_KATAKANA = {cp: cp + 0x60 for cp in range(0x3041, 0x3097)} | {0x309D: 0x30FD, 0x309E: 0x30FE}


def _primary(cls: int, weight: int) -> int:
    return (cls << _CLASS_SHIFT) | weight


def _build_kana_table() -> dict[str, tuple[int, int, int, int]]:
    """Map each kana to (primary, 清濁, 記号種別, script)."""
    table: dict[str, tuple[int, int, int, int]] = {}
    for cp in range(0x3041, 0x3097):
        ch = chr(cp)
        base, voicing, size = ch, _CLEAR, _PLAIN
        if ch in _SMALL_KANA:
            base, size = _SMALL_KANA[ch], _SMALL
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            if len(decomposed) == 2:
                base, voicing = decomposed[0], _COMBINING[decomposed[1]]
        weight = _primary(_KANA, _SEION.index(base))
        table[ch] = (weight, voicing, size, _HIRAGANA)
        table[chr(cp + 0x60)] = (weight, voicing, size, _KATAKANA)
    for ch in "ヷヸヹヺ":  # ワ゛ etc. have no hiragana form
        base = chr(_TO_HIRAGANA[ord(unicodedata.normalize("NFD", ch)[0])])
        table[ch] = (_primary(_KANA, _SEION.index(base)), _VOICED, _PLAIN, _KATAKANA)
    for ch, base in _SMALL_EXTRA.items():
        table[ch] = (_primary(_KANA, _SEION.index(base)), _CLEAR, _SMALL, _KATAKANA)
    return table


_KANA_TABLE = _build_kana_table()
# What a typed reading may contain; ・ separates the parts of foreign names ("ジョン・スミス").
_READING_CHARS = frozenset(_KANA_TABLE) | set(_ITERATION_MARKS) | set(_COMBINING) | set("ー・ ")
_VOWEL_WEIGHT = {
    _primary(_KANA, i): _primary(_KANA, _SEION.index(v)) for i, v in enumerate(_VOWELS)
}


def to_hiragana(s: str) -> str:
    """Katakana (full- or half-width) to hiragana; ヷヸヹヺ, ー and other characters unchanged."""
    return _fold_halfwidth(s).translate(_TO_HIRAGANA)


def to_katakana(s: str) -> str:
    """Hiragana to katakana, half-width katakana to full-width; other characters unchanged."""
    return _fold_halfwidth(s).translate(_TO_KATAKANA)


def _fold_halfwidth(s: str) -> str:
    # Only the half-width kana runs go through NFKC, so nothing else in `s` changes.
    return _HALFWIDTH_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), s)


def normalize_reading(reading: str) -> str:
    """The form a reading is compared and stored in: NFKC, one space between words, stripped."""
    # ゛/゜ (U+309B/C) decompose under NFKC to a space plus a combining mark that cannot join
    # the kana before it; turn them into the combining marks first so "か゛" becomes "が".
    reading = reading.replace("\u309b", "\u3099").replace("\u309c", "\u309a")
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", reading)).strip()


def _is_kanji(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
        or ch in _KANJI_LIKE
    )


def _other_element(ch: str) -> list[int]:
    """[primary, 清濁, 記号種別, case] of a character that is not kana."""
    if ch == " ":
        return [_primary(_SPACE, 0), _CLEAR, _PLAIN, _LOWER]
    if ch.isdecimal():
        return [_primary(_DIGIT, unicodedata.decimal(ch)), _CLEAR, _PLAIN, _LOWER]
    if _is_kanji(ch):
        return [_primary(_KANJI, ord(ch)), _CLEAR, _PLAIN, _LOWER]
    if unicodedata.category(ch).startswith("L"):
        lower = ch.lower()
        weight = ord(lower) if len(lower) == 1 else ord(ch)
        cls = _LATIN if unicodedata.name(ch, "").startswith("LATIN") else _OTHER_ALPHA
        return [_primary(cls, weight), _CLEAR, _PLAIN, _UPPER if ch.isupper() else _LOWER]
    return [_primary(_SYMBOL, ord(ch)), _CLEAR, _PLAIN, _LOWER]


def _elements(text: str) -> list[list[int]]:
    """Collation elements [primary, 清濁, 記号種別, script/case] of a normalised reading."""
    out: list[list[int]] = []
    last_kana: list[int] | None = None  # the element ー and ゝ refer to
    for ch in text:
        if ch in _KANA_TABLE:
            element = list(_KANA_TABLE[ch])
        elif ch == _LONG_MARK and last_kana is not None:
            element = [_VOWEL_WEIGHT[last_kana[0]], _CLEAR, _LONG, last_kana[3]]
        elif ch in _ITERATION_MARKS and last_kana is not None:
            voicing, script = _ITERATION_MARKS[ch]
            element = [last_kana[0], voicing, _ITERATION, script]
        elif ch == _LONG_MARK or ch in _ITERATION_MARKS:
            # Nothing to repeat (start of the reading, or after a non-kana): a symbol, placed the
            # same way whichever script the mark is written in.
            voicing, script = _ITERATION_MARKS.get(ch, (_CLEAR, _HIRAGANA))
            level3 = _LONG if ch == _LONG_MARK else _ITERATION
            weight = ord(_LONG_MARK) if ch == _LONG_MARK else ord("ゝ")
            out.append([_primary(_SYMBOL, weight), voicing, level3, script])
            last_kana = None
            continue
        elif ch in _COMBINING and last_kana is not None and out and out[-1] is last_kana:
            # A mark NFKC could not compose (e.g. "ま゛"): it voices the kana it follows.
            last_kana[1] = max(last_kana[1], _COMBINING[ch])
            continue
        else:
            out.append(_other_element(ch))
            last_kana = None
            continue
        out.append(element)
        last_kana = element
    return out


def sort_key(reading: str) -> SortKey:
    """Key for `sorted(..., key=sort_key)` giving 五十音順 per JIS X 4061 (see module doc)."""
    text = normalize_reading(reading)
    elements = _elements(text)
    return (
        tuple(e[0] for e in elements),
        tuple(e[1] for e in elements),
        tuple(e[2] for e in elements),
        tuple(e[3] for e in elements),
        text,
    )


def sort_key_or_last(reading: str | None) -> tuple[int, SortKey | None]:
    """Like `sort_key`, but None and blank readings sort after every reading."""
    if reading is None or not normalize_reading(reading):
        return (1, None)
    return (0, sort_key(reading))


def _pack(value: int) -> str:
    # Three characters, 8 bits each, offset past the level separator: order-preserving for
    # 0 <= value < 2**24 (primary weights top out near 7 << 21) and never a surrogate.
    return (
        chr(2 + ((value >> 16) & 0xFF)) + chr(2 + ((value >> 8) & 0xFF)) + chr(2 + (value & 0xFF))
    )


_LEVEL_END = "\x01"
_LAST = "\U0010ffff"


def collation_key(reading: str | None) -> str:
    """`sort_key` as one string that sorts the same by plain code-point comparison.

    Stored in a column, it lets the database itself page through a list in 五十音 order
    (SQLite compares text bytewise; PostgreSQL needs the column's collation set to "C").
    Blank readings sort after every reading, as with `sort_key_or_last`.
    """
    if reading is None or not normalize_reading(reading):
        return _LAST
    key = sort_key(reading)
    levels = "".join("".join(_pack(v) for v in level) + _LEVEL_END for level in key[:4])
    return levels + key[4]


def gojuon_row(reading: str | None) -> str:
    """The 行 heading ("あ", "か", … "わ") of a reading for printed indexes; "他" otherwise."""
    text = normalize_reading(reading or "")
    if not text or text[0] not in _KANA_TABLE:
        return OTHER_ROW
    index = _KANA_TABLE[text[0]][0] & ((1 << _CLASS_SHIFT) - 1)
    return _ROW_HEADINGS[index]


def is_kana_reading(s: str) -> bool:
    """True if `s` is a usable reading: kana (any width), ー, ゝゞヽヾ, ・ and spaces only."""
    text = normalize_reading(s)
    if not text:
        return False
    return all(ch in _READING_CHARS for ch in text) and any(ch in _KANA_TABLE for ch in text)
