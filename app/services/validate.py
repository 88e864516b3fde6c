"""Small value checks shared by the services; every message is Japanese and says the fix."""

from __future__ import annotations

from app.domain.kana import is_kana_reading, normalize_reading
from app.domain.text import normalize, parse_int, strip_control
from app.services.errors import FieldErrors

NAME_MAX = 100
TEXT_MAX = 5000


def required_text(
    errors: FieldErrors, field: str, label: str, value: str | None, max_length: int = NAME_MAX
) -> str:
    """Normalised, non-empty text of at most `max_length` characters."""
    text = normalize(value or "")
    if not text:
        errors.add(field, f"{label}を入力してください。")
    elif len(text) > max_length:
        errors.add(field, f"{label}は{max_length}文字以内にしてください（いま{len(text)}文字）。")
    return text


def optional_text(
    errors: FieldErrors, field: str, label: str, value: str | None, max_length: int = TEXT_MAX
) -> str:
    text = strip_control(value or "").strip()
    if len(text) > max_length:
        errors.add(field, f"{label}は{max_length}文字以内にしてください（いま{len(text)}文字）。")
    return text


def reading_text(errors: FieldErrors, field: str, value: str | None) -> str:
    """A ふりがな: kana only (either script), typed by the user; empty is allowed."""
    text = normalize_reading(value or "")
    if text and not is_kana_reading(text):
        errors.add(field, "ふりがなは、ひらがなまたはカタカナで入力してください。")
        return text
    if len(text) > NAME_MAX * 2:
        errors.add(field, f"ふりがなは{NAME_MAX * 2}文字以内にしてください。")
    return text


def count(errors: FieldErrors, field: str, label: str, value: int | str | None) -> int | None:
    """A non-negative whole number of people; None when left empty."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            number = parse_int(value)
        except ValueError:
            errors.add(field, f"{label}は数字で入力してください（例: 1200）。")
            return None
        if number is None:
            return None
    else:
        number = value
    if number < 0:
        errors.add(field, f"{label}に負の数は入力できません。")
        return None
    if number > 100_000_000:
        errors.add(field, f"{label}が大きすぎます。桁を確かめてください。")
        return None
    return number
