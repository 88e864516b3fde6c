"""Times of day as people type them: 「10:00」「10時半」「午後1時」「１３：３０」.

One reader for the resource form, the wizard and the importer, so a time the import accepts is
never refused when the same record is edited by hand.
"""

from __future__ import annotations

import re
from datetime import time

from app.domain.text import normalize

__all__ = ["CLOCK_PATTERN", "parse_clock"]

# A time of day inside longer text (「第2火曜 10時～12時」), as a regular expression.
CLOCK_PATTERN = r"(?:午前|午後)?\s*\d{1,2}\s*(?:[:：]\s*\d{2}|時\s*(?:\d{1,2}\s*分?|半)?)"
_CLOCK = re.compile(
    r"(?P<half>午前|午後)?\s*(?P<hour>\d{1,2})\s*"
    r"(?:[:：]\s*(?P<colon>\d{2})|時\s*(?:(?P<minute>\d{1,2})\s*分?|(?P<thirty>半))?)"
)


def parse_clock(value: time | str | None) -> time | None:
    """「10:00」「10時」「10時30分」「10時半」「午後1時」「１３：３０」 → time; blank → None.

    Anything else, and hours or minutes out of range (「25時」「午後13時」「10:75」), raises
    ValueError with a Japanese message that shows how to write it.
    """
    if value is None or isinstance(value, time):
        return value
    text = normalize(value)
    if not text:
        return None
    m = _CLOCK.fullmatch(text)
    hour, minute = -1, 0
    if m:
        hour = int(m["hour"])
        minute = 30 if m["thirty"] else int(m["colon"] or m["minute"] or 0)
        if m["half"] and hour > 12:
            hour = -1  # 午後13時: the two ways of writing disagree
        elif m["half"] == "午後" and hour < 12:
            hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(
            f"「{value.strip()}」は時刻として読めません（例: 10:00、10時30分、午後1時半）。"
        )
    return time(hour, minute)
