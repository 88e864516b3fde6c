"""A resource as a person reads it: the detail pane of the list and the wizard's review page."""

from __future__ import annotations

from datetime import time
from html import escape

from app.domain.clock import parse_clock
from app.domain.enums import ResourceCategory, ResourceKind, ResourceState
from app.domain.text import parse_int
from app.services.resources.formatting import BLANK, confirmed_text
from app.services.resources.resource import schedule_text

_LABEL_STYLE = "color:#555; padding:3px 14px 3px 0; white-space:nowrap; vertical-align:top;"
_VALUE_STYLE = "padding:3px 18px 3px 0; vertical-align:top;"
_BLANK_STYLE = "color:#999;"
_HEAD_STYLE = "margin:10px 0 2px 0; color:#1e4f7a; font-weight:bold;"


def _label(enum, value) -> str:
    try:
        return enum(value).label
    except ValueError:
        return str(value or "")


def _count(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int):
        return f"{value:,}人"
    try:
        number = parse_int(str(value))
    except ValueError:
        return str(value)  # shown as typed; the wizard marks it before this page
    return "" if number is None else f"{number:,}人"


class _Schedule:
    """The schedule fields with times as `time`, so schedule_text can format typed input."""

    def __init__(self, data) -> None:
        self.frequency = data.frequency or None
        self.times_per_month = data.times_per_month
        self.nth_week = data.nth_week or ""
        self.weekdays = data.weekdays or ""
        self.starts_at = as_time(data.starts_at)
        self.ends_at = as_time(data.ends_at)
        self.schedule_note = data.schedule_note or ""


def as_time(value) -> time | None:
    """A time, a typed time or a draft's "HH:MM" as `time`; blank or unreadable → None."""
    try:
        return parse_clock(value)
    except ValueError:
        return None


def resource_sections(data, area_name: str, operator: str) -> list[tuple[str, list]]:
    """(heading, [(label, value)]) for a ResourceRow or a ResourceInput being entered."""
    kinds = "、".join(_label(ResourceKind, k) for k in data.kinds)
    try:
        schedule = schedule_text(_Schedule(data))
    except ValueError:
        schedule = data.schedule_note or ""
    flags = []
    if data.unused:
        flags.append("未活用")
    flags.append("住民向け資料に掲載できます" if data.publishable else "住民向け資料には載せません")
    return [
        (
            "どんな資源か",
            [
                ("4つの見方", _label(ResourceCategory, data.category)),
                ("種類", kinds),
                ("運営主体", operator),
                ("圏域", area_name),
                ("場所", data.place),
                ("住所", data.address),
                ("活動内容", data.description),
            ],
        ),
        (
            "開催と参加",
            [
                ("開催日・時間", schedule),
                ("参加費・利用料", data.fee),
                ("対象者", data.audience),
                ("参加者数", _count(data.participants)),
                ("担い手の人数", _count(data.volunteers)),
                ("定員", _count(data.capacity)),
            ],
        ),
        ("連絡先", [("連絡先", data.contact), ("備考", data.notes)]),
        (
            "状態と確認",
            [
                ("状態", _label(ResourceState, data.state)),
                ("資料・活用", "、".join(flags)),
                ("最終確認日", confirmed_text(data.confirmed_on, data.confirmed_by)),
            ],
        ),
    ]


def _cell(value) -> str:
    text = str(value or "").strip()
    if not text:
        return f'<span style="{_BLANK_STYLE}">{BLANK}</span>'
    return escape(text).replace("\n", "<br>")


def _section(heading: str, pairs) -> str:
    rows = "".join(
        f'<tr><td style="{_LABEL_STYLE}">{escape(label)}</td>'
        f'<td style="{_VALUE_STYLE}">{_cell(value)}</td></tr>'
        for label, value in pairs
    )
    return (
        f'<p style="{_HEAD_STYLE}">{escape(heading)}</p>'
        f'<table cellspacing="0" cellpadding="0">{rows}</table>'
    )


def resource_html(data, area_name: str, operator: str, columns: int = 1) -> str:
    """Rich text: the name and reading as a heading, then each section as a label/value table,
    the sections side by side in `columns` columns (a wide, low pane uses two)."""
    title = escape(str(data.name or "").strip() or "（名称未入力）")
    reading = escape(str(data.reading or "").strip())
    parts = [f'<p style="font-size:large; font-weight:bold; margin:0;">{title}</p>']
    if reading:
        parts.append(f'<p style="color:#555; margin:0 0 4px 0;">{reading}</p>')
    sections = [_section(h, p) for h, p in resource_sections(data, area_name, operator)]
    if columns <= 1:
        return "".join(parts + sections)
    grid = []
    for start in range(0, len(sections), columns):
        cells = "".join(
            f'<td width="{100 // columns}%" style="vertical-align:top; padding-right:12px;">'
            f"{section}</td>"
            for section in sections[start : start + columns]
        )
        grid.append(f"<tr>{cells}</tr>")
    parts.append(f'<table width="100%" cellspacing="0" cellpadding="0">{"".join(grid)}</table>')
    return "".join(parts)
