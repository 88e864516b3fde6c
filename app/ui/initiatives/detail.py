"""The right half of the 取組 page: one initiative with everything it holds — what the people
involved can do and want to do, the issues it answers, the resources it builds on and those it
brought into being, who takes part and the milestones.

`initiative_html` draws an InitiativeRow for this pane and, built from the wizard's input, for
the wizard's review page.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.domain.enums import InitiativeKind, InitiativeState
from app.domain.wareki import format_wareki
from app.services.errors import ServiceError
from app.services.initiatives.initiative import InitiativeRow, get_initiative
from app.ui.context import AppContext
from app.ui.widgets.errors import show_service_error

NO_SELECTION = "一覧から取組を選ぶと、ここに中身と節目を表示します。"
KIND_COLOURS = {
    InitiativeKind.PARTICIPATION.value: "#2e7d32",
    InitiativeKind.STRENGTHEN.value: "#1565c0",
    InitiativeKind.CREATE.value: "#ad1457",
}
_LABEL = "color:#555; padding:3px 14px 3px 0; white-space:nowrap; vertical-align:top;"
_VALUE = "padding:3px 0; vertical-align:top;"
_HEAD = "margin:14px 0 3px 0; color:#1e4f7a; font-weight:bold;"
_HINT = "color:#777;"
_DONE = "color:#2e7d32; font-weight:bold;"


def _label(enum, value) -> str:
    try:
        return enum(value).label
    except ValueError:
        return str(value or "")


def _lines(text: str) -> str:
    return escape(text.strip()).replace("\n", "<br>")


def _day(value) -> str:
    return format_wareki(value) if hasattr(value, "toordinal") else escape(str(value or ""))


def _section(title: str, body: str) -> str:
    return f"<p style='{_HEAD}'>{title}</p>{body}"


def _names(items, empty: str) -> str:
    if not items:
        return f"<p style='{_HINT}; margin:0'>{empty}</p>"
    return "".join(f"<div style='margin:2px 0'>・{escape(name)}</div>" for _id, name in items)


def _milestones(row: InitiativeRow) -> str:
    if not row.milestones:
        return f"<p style='{_HINT}; margin:0'>まだ節目はありません。</p>"
    lines = []
    for m in row.milestones:
        mark = f"<span style='{_DONE}'>✓</span>" if m.done else "<span style='color:#999'>○</span>"
        when = f"予定 {_day(m.due_on)}" if m.due_on else ""
        if m.done_on:
            when = (
                when + "　" if when else ""
            ) + f"<span style='{_DONE}'>済 {_day(m.done_on)}</span>"
        lines.append(
            f"<tr><td style='padding:3px 8px 3px 0; vertical-align:top'>{mark}</td>"
            f"<td style='{_VALUE} padding-right:16px'>{escape(m.title)}</td>"
            f"<td style='{_VALUE} color:#555; white-space:nowrap'>{when}</td></tr>"
        )
    return f"<table cellspacing='0' cellpadding='0'>{''.join(lines)}</table>"


def initiative_html(row: InitiativeRow) -> str:
    """An initiative as a person reads it (its dates may be text still being typed)."""
    e = escape
    colour = KIND_COLOURS.get(row.kind, "#555")
    kind = _label(InitiativeKind, row.kind)
    facts = [
        ("種類", f"<span style='color:{colour}; font-weight:bold'>{e(kind)}</span>"),
        ("圏域", e(row.area_name)),
        ("状態", e(_label(InitiativeState, row.state))),
        ("開始日", _day(row.started_on)),
        ("節目", e(row.progress_text) if row.milestones else ""),
    ]
    table = "".join(
        f"<tr><td style='{_LABEL}'>{k}</td><td style='{_VALUE}'>{v}</td></tr>"
        for k, v in facts
        if v
    )
    parts = [
        f"<h3 style='margin:0 0 6px 0'>{e(row.title)}</h3>",
        f"<table cellspacing='0' cellpadding='0'>{table}</table>",
    ]
    for title, text in (
        ("中身", row.description),
        ("出来ること", row.can_do),
        ("やってみたいこと", row.want_to_do),
    ):
        body = (
            _lines(text) if text.strip() else f"<span style='{_HINT}'>まだ書かれていません。</span>"
        )
        parts.append(_section(title, f"<p style='margin:0'>{body}</p>"))
    parts.append(_section("応える地域課題", _names(row.issues, "選ばれていません。")))
    parts.append(_section("土台にする地域資源", _names(row.builds_on, "選ばれていません。")))
    if row.id:  # a saved initiative: what it has brought into being so far
        parts.append(
            _section(
                "生まれた資源",
                _names(row.created, "まだありません。「活動を地域資源として登録…」で加えます。"),
            )
        )
    people = "".join(
        f"<div style='margin:2px 0'>・{e(p.name)}"
        + (f"<span style='color:#555'>　{e(p.role)}</span>" if p.role else "")
        + "</div>"
        for p in row.participants
    )
    parts.append(
        _section("関わる人・団体", people or f"<p style='{_HINT}; margin:0'>まだいません。</p>")
    )
    parts.append(_section("節目", _milestones(row)))
    if row.outcome.strip():
        parts.append(_section("成果・振り返り", f"<p style='margin:0'>{_lines(row.outcome)}</p>"))
    if row.notes.strip():
        parts.append(_section("メモ", f"<p style='margin:0'>{_lines(row.notes)}</p>"))
    return "".join(parts)


class InitiativeDetail(QWidget):
    """Shows one initiative, read afresh from the service."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.initiative: InitiativeRow | None = None
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.show_initiative(None)

    def show_initiative(self, row: InitiativeRow | None) -> None:
        self.initiative = row
        if row is None:
            self.view.setHtml(f"<p style='color:#555'>{NO_SELECTION}</p>")
            return
        self.view.setHtml(initiative_html(row))

    def reload(self) -> None:
        if self.initiative is None:
            return
        try:
            fresh = get_initiative(self.context.db, self.initiative.id)
        except ServiceError as error:
            show_service_error(self, error)
            fresh = None
        self.show_initiative(fresh)

    def text(self) -> str:
        """What the pane shows, as plain text (tests read it)."""
        return self.view.toPlainText()
