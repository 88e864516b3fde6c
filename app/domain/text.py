"""Text normalisation for search columns and imported data.

Japanese office data mixes full-width and half-width forms, several dashes and two wave dashes
for the same thing. Everything that is compared or searched goes through `normalize` first, and
search columns are built with `search_key`.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.kana import to_hiragana

__all__ = [
    "normalize",
    "normalize_digits",
    "parse_int",
    "search_key",
    "search_terms",
    "strip_control",
]

WAVE_DASH = "～"  # U+FF5E, the form Windows IMEs produce; 〜 (U+301C) is folded into it

# Characters that are a hyphen or minus whatever surrounds them.
_ALWAYS_HYPHEN = "\u2010\u2011\u2012\u2043\u2212\ufe63"
# Dash-like characters that are only a hyphen between ASCII letters or digits: ー is a long
# vowel inside kana words ("サービス") but a hyphen in "1ー2ー3", and em dashes are punctuation
# in prose.
_CONTEXT_HYPHEN = "\u2013\u2014\u2015\u2500\u2501\u30fc"
_CONTEXT_HYPHEN_RE = re.compile(f"(?<=[0-9A-Za-z])[{_CONTEXT_HYPHEN}](?=[0-9A-Za-z])")
_ALWAYS_HYPHEN_TABLE = str.maketrans({c: "-" for c in _ALWAYS_HYPHEN})
# Full-width punctuation that Japanese writing uses and NFKC would fold to ASCII.
_KEEP_AS_IS = {
    "\u301c": WAVE_DASH,
    WAVE_DASH: WAVE_DASH,
    "（": "（",
    "）": "）",
    "！": "！",
    "？": "？",
    "：": "：",
}
_KEEP_SPLIT_RE = re.compile("([" + "".join(_KEEP_AS_IS) + "])")
# Invisible characters that arrive with pasted text and CSV files (BOM, zero-width space).
# Bidirectional controls (U+202E turns 「サロン」 into 「ンロサ」 on screen while search still
# finds the stored order), zero-width marks and the BOM: invisible, never meant as content.
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE_TABLE = str.maketrans(dict.fromkeys("\ufeff\u200b\u2060" + _BIDI_CONTROLS))
_SPACES_RE = re.compile(r"\s+")
_INLINE_SPACES_RE = re.compile(r"[^\S\n]+")
# C0 and C1 control characters except tab, line feed and carriage return (which callers fold
# or keep themselves): they come with text pasted from old systems and break files and printing.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_COUNT_SUFFIXES = "人名円歳"
_INT_RE = re.compile(rf"(?P<sign>[-+]?)¥?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)[{_COUNT_SUFFIXES}]?")


def normalize(s: str, *, keep_newlines: bool = False) -> str:
    """Return `s` in the one form used for storing and comparing text.

    NFKC (full-width ASCII to half-width, half-width katakana to full-width), hyphen variants
    to "-" (see `_CONTEXT_HYPHEN` for the ones that depend on context), 〜 and ～ to "～",
    full-width （）！？： kept as typed (Japanese names use them; search keys fold them),
    whitespace runs (U+3000 included) to one space, stripped. With `keep_newlines` line breaks
    survive (for notes fields) and each line is stripped instead.
    """
    # NFKC would turn ～ into ASCII "~" and （） into "()"; Japanese text is written with the
    # full-width forms, so split them out, keep them as typed (〜 becomes ～) and fold the rest.
    parts = _KEEP_SPLIT_RE.split(strip_control(s))
    text = "".join(_KEEP_AS_IS.get(p) or unicodedata.normalize("NFKC", p) for p in parts)
    text = text.translate(_ALWAYS_HYPHEN_TABLE)
    text = _CONTEXT_HYPHEN_RE.sub("-", text)
    if not keep_newlines:
        return _SPACES_RE.sub(" ", text).strip()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_INLINE_SPACES_RE.sub(" ", line).strip() for line in lines]
    return "\n".join(lines).strip("\n")


def search_key(s: str) -> str:
    """Return the key stored in search columns and compared with `search_terms` of a query.

    normalize + casefold + katakana to hiragana, so "サロン", "さろん" and "ｻﾛﾝ" share one key.
    Whitespace is removed (so "山田 太郎" is found by "山田太郎") and the counters ヶ/ヵ are
    folded to け/か ("3ヶ月" = "3ケ月" = "3か月"). Not length-preserving: NFKC and casefold
    may change the length ("㈱" → "(株)", "ß" → "ss"), so do not map offsets back to the original.
    """
    key = to_hiragana(unicodedata.normalize("NFKC", normalize(s)).casefold())
    return _SPACES_RE.sub("", key).replace("ゖ", "け").replace("ゕ", "か")


SEARCH_MAX_TERMS = 10  # more words than anyone types; each one is a condition in the query
SEARCH_MAX_TERM_CHARS = 100  # longer than any name or phrase kept in the records


def search_terms(query: str) -> list[str]:
    """Split a typed query on whitespace into search keys, dropping empty ones.

    A record matches when every term is a substring of its `search_key`. A pasted page is
    cut to the first SEARCH_MAX_TERMS words of SEARCH_MAX_TERM_CHARS characters each
    (`search_was_cut` tells the screen to say so), so the query stays one the database runs.
    """
    keys = [k for k in (search_key(t) for t in normalize(query).split(" ")) if k]
    return [k[:SEARCH_MAX_TERM_CHARS] for k in keys[:SEARCH_MAX_TERMS]]


def search_was_cut(query: str) -> bool:
    keys = [k for k in (search_key(t) for t in normalize(query).split(" ")) if k]
    return len(keys) > SEARCH_MAX_TERMS or any(len(k) > SEARCH_MAX_TERM_CHARS for k in keys)


SEARCH_CUT_MESSAGE = (
    f"検索する言葉が長すぎるため、初めの {SEARCH_MAX_TERMS} 語"
    f"（1語 {SEARCH_MAX_TERM_CHARS} 文字まで）で探しました。"
)


def strip_control(s: str) -> str:
    """Remove control characters (C0 except tab and line breaks, DEL, C1), bidirectional
    controls and zero-width marks; keep the rest as is."""
    return _CONTROL_RE.sub("", s.translate(_INVISIBLE_TABLE))


def normalize_digits(s: str) -> str:
    """Turn full-width digits into ASCII digits and leave every other character alone."""
    return s.translate(_FULLWIDTH_DIGITS)


def parse_int(text: str) -> int | None:
    """Read a whole number as people type it: "1,234", "１２３人", "30名", "500円", "¥1,000".

    Empty or blank text gives None. Anything else that is not such a number ("約30", "1.5",
    "12,34") raises ValueError with a Japanese message; guessing would hide mistakes.
    """
    compact = _SPACES_RE.sub("", normalize(text))
    if not compact:
        return None
    m = _INT_RE.fullmatch(compact)
    if m is None:
        shown = text.strip()
        raise ValueError(
            f"「{shown}」は数として読めません。"
            f"数字だけで入力してください（単位の「人」「名」「円」「歳」は付けても構いません。"
            f"例: 1,234、30人）"
        )
    value = int(m["num"].replace(",", ""))
    return -value if m["sign"] == "-" else value


# Characters that Japanese typesetting never puts at the start of a line (行頭禁則): they hang
# at the end of the line before instead.
NO_LINE_START = frozenset(
    "、。，．）」』】〕！？‐ー・：；ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…"
)


def escape_like(term: str) -> str:
    """A search term for SQL LIKE ... ESCAPE '\\': 「%」 and 「_」 match themselves."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def split_codes(stored: str) -> tuple[str, ...]:
    """「,salon,watching,」 (how several kinds are stored in one column) → ("salon", "watching")."""
    return tuple(code for code in (stored or "").strip(",").split(",") if code)
