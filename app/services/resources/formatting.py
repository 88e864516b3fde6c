"""How a resource's fields read as text, shared by the screens (app/ui) and the papers.

Plain functions over anything with the fields of a ResourceRow (a row, an input being typed,
a paper's card): no Qt and no reportlab, so both layers may import them.
"""

from __future__ import annotations

from datetime import date

from app.domain.wareki import WarekiError, format_wareki, parse_date

BLANK = "—"  # an empty value in a label/value table
NOT_CONFIRMED = "まだ確認していません"


def confirmed_text(confirmed_on, confirmed_by: str = "", unconfirmed: str = NOT_CONFIRMED) -> str:
    """「令和7年4月1日（佐藤）」; no date gives `unconfirmed`; a typed date that cannot be read
    is shown as typed."""
    if confirmed_on is None or confirmed_on == "":
        return unconfirmed
    if isinstance(confirmed_on, date):
        shown = format_wareki(confirmed_on)
    else:
        try:
            shown = format_wareki(parse_date(confirmed_on))
        except WarekiError:
            shown = str(confirmed_on)
    return f"{shown}（{confirmed_by}）" if confirmed_by else shown


def place_text(resource) -> str:
    """The place and the address, one to a line, leaving out whichever is blank."""
    return "\n".join(p for p in (resource.place, resource.address) if p)
