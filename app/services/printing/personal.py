"""What must never leave the office: the names and contacts of people marked 個人情報.

`private_people(db)` folds them once per paper; `PrivatePeople.found_in(text)` then tells
whether a text names one of them or gives one of their phone numbers or addresses, however
the number was typed (labels, spaces, full-width digits, any kind of hyphen). Every paper
meant for residents or for circulation checks its free text with it, on top of the
honorific and phone-number patterns of app.domain.privacy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.db.engine import Database
from app.domain.privacy import mask_personal, personal_details_in
from app.services.setup.people import list_people

MIN_NAME = 2  # a one-character name would match everywhere
_DIGIT_RUN = re.compile(r"\d[\d\s\-‐‑‒–—―−－ー()（）.]{6,}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_NAME_SPACES = re.compile(r"[\s　]")


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "")


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _numbers(value: str) -> set[str]:
    """Every phone-like run of digits in `value`, as digits only (10–11 of them, or more)."""
    return {
        d for d in (_digits(m.group(0)) for m in _DIGIT_RUN.finditer(_fold(value))) if len(d) >= 9
    }


@dataclass(frozen=True)
class PrivatePeople:
    names: tuple[str, ...]  # full names and surnames, without spaces
    numbers: frozenset[str]  # phone numbers, digits only
    emails: frozenset[str]

    def found_in(self, value: str) -> bool:
        text = _fold(value)
        plain = _NAME_SPACES.sub("", text)
        if any(name in plain for name in self.names):
            return True
        if _numbers(text) & self.numbers:
            return True
        return bool({e.lower() for e in _EMAIL.findall(text)} & self.emails)

    def safe(self, value: str) -> bool:
        """Nothing of a 個人情報 person, and nothing that looks like a name, phone or address."""
        return not self.found_in(value) and not personal_details_in(value)

    def masked(self, value: str) -> str:
        """`value` with honorific names, phones and addresses masked, and blanked whole when it
        names a 個人情報 person (a bare surname has no pattern to mask)."""
        return "" if self.found_in(value) else mask_personal(value)


def private_people(db: Database) -> PrivatePeople:
    people = [p for p in list_people(db) if p.personal]
    names: set[str] = set()
    for person in people:
        full = _NAME_SPACES.sub("", _fold(person.name))
        if len(full) >= MIN_NAME:
            names.add(full)
        surname = _fold(person.name).split()[0] if person.name.split() else ""
        if len(surname) >= MIN_NAME and surname != full:
            names.add(surname)
    numbers: set[str] = set()
    emails: set[str] = set()
    for person in people:
        numbers |= _numbers(person.contact)
        emails |= {e.lower() for e in _EMAIL.findall(_fold(person.contact))}
    return PrivatePeople(tuple(sorted(names)), frozenset(numbers), frozenset(emails))
