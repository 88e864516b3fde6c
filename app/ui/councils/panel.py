"""The 協議体 half of the 協議体・会議 page: the council list, the detail drawn beside it
(目的, 構成員, a folding 設置要綱) and the council buttons under both.

The panel only draws what it is given (council_html, council_place); the page reads the
councils, keeps the list in step with its meeting filter and wires the buttons to
CouncilActions, the council buttons' work mixed into the page. Also what both halves of the
page share: the small builders and ColumnFitter, which sizes a list's columns to its width.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Layer
from app.domain.wareki import format_wareki, format_wareki_short
from app.reports.meeting_papers import build_roster
from app.services.councils.council import CouncilRow, MemberRow, get_council
from app.services.errors import ServiceError
from app.services.meetings.papers import roster_paper
from app.ui.context import AppContext
from app.ui.councils.wizard import CouncilWizard
from app.ui.meetings.plan_dialog import PlanDialog
from app.ui.printing.paper_actions import save_paper
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import list_table
from app.ui.widgets.table_model import Column, RowTableModel

NO_COUNCILS = (
    "まだ協議体が登録されていません。「協議体を立ち上げる」から、目的・構成員・設置要綱を"
    "順に決めていけます（STEP 1-3）。"
)
NO_SELECTION = "上の一覧から協議体を選ぶと、ここに目的・構成員・設置要綱を表示します。"
BYLAWS_LINK = "toggle-bylaws"
MIN_SCALE = 0.6
_HINT = "color: #555;"
_OK = "color: #2e7d32;"


def council_place(row: CouncilRow) -> str:
    """「第2層・北地区」; a 第1層 council covers the whole town, so 「第1層（全域）」."""
    if row.layer == Layer.MUNICIPALITY or not row.area_name:
        return f"{row.layer_label}（全域）" if row.layer == Layer.MUNICIPALITY else row.layer_label
    return f"{row.layer_label}・{row.area_name}"


def _term(member: MemberRow) -> str:
    if member.starts_on is None and member.ends_on is None:
        return ""
    start = format_wareki_short(member.starts_on) if member.starts_on else ""
    end = format_wareki_short(member.ends_on) if member.ends_on else ""
    return f"{start}～{end}"


def council_html(row: CouncilRow, show_bylaws: bool) -> str:
    """The council's detail: what it is for, how it was formed, its members and 設置要綱."""
    e = html.escape
    formed = row.formation_label + (f"（{row.based_on}）" if row.based_on else "")
    established = format_wareki(row.established_on) if row.established_on else "未定"
    facts = [
        ("層・圏域", f"{row.layer_label}・{row.area_name}" if row.area_name else row.layer_label),
        ("状態", row.status_label),
        ("設置日", established),
        ("設け方", formed),
    ]
    parts = [f"<h3 style='margin:0'>{e(row.name)}</h3>"]
    parts.append(
        "<table cellspacing='0' cellpadding='2'>"
        + "".join(
            f"<tr><td style='color:#555; padding-right:10px'>{e(k)}</td><td>{e(v)}</td></tr>"
            for k, v in facts
        )
        + "</table>"
    )
    for title, text in (("目的", row.purpose), ("協議すること", row.topics)):
        if text.strip():
            body = e(text.strip()).replace("\n", "<br>")
            parts.append(f"<p style='margin:6px 0 0 0'><b>{title}</b><br>{body}</p>")
    parts.append(f"<p style='margin:8px 0 2px 0'><b>構成員（{len(row.members)}人）</b></p>")
    if row.members:
        cells = "".join(
            "<tr>"
            f"<td style='padding-right:10px'>{e(m.role_label)}</td>"
            f"<td style='padding-right:10px'>{e(m.name)}</td>"
            f"<td style='padding-right:10px'>{e(m.title or m.belongs_to)}</td>"
            f"<td>{e(_term(m))}</td></tr>"
            for m in row.members
        )
        head = "".join(
            f"<th align='left' style='padding-right:10px; color:#555'>{h}</th>"
            for h in ("役職", "氏名", "職名・所属", "任期")
        )
        parts.append(f"<table cellspacing='0' cellpadding='2'><tr>{head}</tr>{cells}</table>")
    else:
        parts.append("<p style='color:#555'>まだ構成員がいません。「編集」から加えてください。</p>")
    if row.bylaws.strip():
        arrow = "▾ 設置要綱を閉じる" if show_bylaws else "▸ 設置要綱を表示する"
        parts.append(f"<p style='margin:10px 0 2px 0'><a href='{BYLAWS_LINK}'>{arrow}</a></p>")
        if show_bylaws:
            body = e(row.bylaws.strip()).replace("\n", "<br>")
            parts.append(f"<p style='margin:0 0 0 12px'>{body}</p>")
    else:
        parts.append("<p style='color:#555'>設置要綱はまだありません。</p>")
    if row.notes.strip():
        notes = e(row.notes.strip()).replace("\n", "<br>")
        parts.append(f"<p><b>メモ</b><br>{notes}</p>")
    return "".join(parts)


def action_button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; font-size: 11pt;")
    return label


def empty_label(text: str) -> QLabel:
    """What an empty list says in its place."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(_HINT + " padding: 16px;")
    return label


class CouncilPanel(QWidget):
    """The council list (or a note when there is none), the chosen council's detail and the
    council buttons; `shown` is the council drawn, `show_bylaws` whether its 設置要綱 is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown: CouncilRow | None = None
        self.show_bylaws = False
        self.model = RowTableModel(
            [
                Column("名前", lambda r: r.name),
                Column("層・圏域", council_place),
                Column("状態", lambda r: r.status_label),
                Column("構成員数", lambda r: r.member_count, align_right=True),
                Column("会議数", lambda r: r.meeting_count, align_right=True),
            ],
            self,
        )
        self.table = list_table(self.model)
        self.empty = empty_label(NO_COUNCILS)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.stack)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 3)
        split.setSizes([620, 372])

        self.new_button = action_button(
            "協議体を立ち上げる", "目的・構成員・設置要綱を順に決めて、協議体を登録します"
        )
        self.edit_button = action_button("編集", "選んだ協議体の内容や構成員を直します")
        self.plan_button = action_button(
            "定期開催の予定を作る", "毎月・隔月などの会議を、先の分までまとめて登録します"
        )
        self.roster_button = action_button(
            "委員名簿を保存", "選んだ協議体の委員名簿を PDF にします"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.plan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.roster_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("協議体"))
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.detail.anchorClicked.connect(self.link_clicked)

    def choose(self, row: CouncilRow | None) -> None:
        """Draw a newly chosen council; its 設置要綱 starts folded unless it is the same one."""
        if row is None or row.id != getattr(self.shown, "id", None):
            self.show_bylaws = False
        self.show_council(row)

    def show_council(self, row: CouncilRow | None) -> None:
        """Draw `row` (a note when None), keeping the detail's scroll position."""
        self.shown = row
        for button in (self.edit_button, self.plan_button, self.roster_button):
            button.setEnabled(row is not None)
        if row is None:
            self.detail.setHtml(f"<p style='{_HINT}'>{NO_SELECTION}</p>")
            return
        scroll = self.detail.verticalScrollBar().value()
        self.detail.setHtml(council_html(row, self.show_bylaws))
        self.detail.verticalScrollBar().setValue(scroll)

    def link_clicked(self, url: QUrl) -> None:
        if url.toString() == BYLAWS_LINK:
            self.show_bylaws = not self.show_bylaws
            self.show_council(self.shown)


class ColumnFitter:
    """Keeps a list's columns fitted to its text and width until the person drags one: from
    then on the widths are theirs. The owner calls fit() when the list is resized or refilled."""

    def __init__(
        self, table: QTableView, caps: tuple[float, ...], stretch: int, shrink: tuple[int, ...]
    ) -> None:
        self.table, self.caps, self.stretch, self.shrink = table, caps, stretch, shrink
        self.user_sized = False
        self._fitting = False
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.sectionResized.connect(lambda *_args: self._resized())

    def _resized(self) -> None:
        if not self._fitting:
            self.user_sized = True

    def fit(self) -> None:
        """Each column as wide as its header and text (at most `caps` characters), the
        `stretch` column what is left (at least its cap); on a narrow page the `shrink`
        columns give way first, down to MIN_SCALE."""
        if self.user_sized:
            return  # a column was dragged: the widths are the person's now
        table, caps, stretch, shrink = self.table, self.caps, self.stretch, self.shrink
        model = table.model()
        text_width = table.fontMetrics().horizontalAdvance
        head_width = table.horizontalHeader().fontMetrics().horizontalAdvance
        em = text_width("あ")
        widths = []
        for column, cap in enumerate(caps):
            header = str(model.headerData(column, Qt.Orientation.Horizontal))
            texts = (
                str(model.index(row, column).data() or "")
                for row in range(min(model.rowCount(), 200))
            )
            natural = max([head_width(header), *map(text_width, texts)]) + 18
            widths.append(min(natural, int(cap * em) + 18))
        room = table.width() - 2 * table.frameWidth()
        room -= table.verticalScrollBar().sizeHint().width()
        least = int(caps[stretch] * em) + 18
        fixed = sum(w for i, w in enumerate(widths) if i != stretch and i not in shrink)
        flexible = sum(widths[i] for i in shrink)
        if room - fixed - flexible < least and flexible:
            scale = min(1.0, max(MIN_SCALE, (room - least - fixed) / flexible))
            widths = [int(w * scale) if i in shrink else w for i, w in enumerate(widths)]
        widths[stretch] = max(least, room - sum(w for i, w in enumerate(widths) if i != stretch))
        self._fitting = True
        try:
            for column, width in enumerate(widths):
                table.setColumnWidth(column, width)
        finally:
            self._fitting = False


class CouncilActions:
    """What the council buttons do: the 協議体 wizard, 定期開催の予定 and the 委員名簿. Mixed
    into the page, which provides context, dialog, current_council, refresh, _say, _closed and
    the _select_* ids to keep."""

    context: AppContext
    dialog: Any
    _select_council: int | None
    _select_meeting: int | None

    def new_council(self) -> None:
        self._open_council_wizard(None)

    def edit_council(self) -> None:
        row = self.current_council()
        if row is None:
            self._say("直す協議体を上の一覧から選んでください。", _HINT)
            return
        try:
            fresh = get_council(self.context.db, row.id)
        except ServiceError as error:
            show_service_error(self, error)
            self.refresh()
            return
        self._open_council_wizard(fresh)

    def _open_council_wizard(self, council: CouncilRow | None) -> None:
        wizard = CouncilWizard(self.context, council, self)
        wizard.accepted.connect(lambda: self._council_saved(wizard, council is None))
        wizard.finished.connect(lambda _result: self._closed(wizard))
        self.dialog = wizard
        wizard.open()

    def _council_saved(self, wizard, created: bool) -> None:
        saved = getattr(wizard, "saved", None)
        if saved is None:
            return
        self._say(f"「{saved.name}」を{'登録' if created else '保存'}しました。", _OK)
        self._select_council = saved.id
        self.context.notify_changed("council")

    def plan_meetings(self) -> None:
        row = self.current_council()
        if row is None:
            self._say("予定を作る協議体を上の一覧から選んでください。", _HINT)
            return
        dialog = PlanDialog(self.context, row, self)
        dialog.accepted.connect(lambda: self._planned(dialog))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _planned(self, dialog: PlanDialog) -> None:
        if dialog.saved:
            first, last = dialog.saved[0].held_on, dialog.saved[-1].held_on
            self._say(
                f"{len(dialog.saved)}回分の会議を登録しました"
                f"（{format_wareki(first)}～{format_wareki(last)}）。",
                _OK,
            )
            self._select_meeting = dialog.saved[0].id
        self.context.notify_changed("meeting")

    def save_roster(self) -> None:
        row = self.current_council()
        if row is None:
            self._say("名簿を作る協議体を上の一覧から選んでください。", _HINT)
            return
        db, council_id = self.context.db, row.id
        save_paper(
            self,
            "委員名簿",
            f"委員名簿_{row.name}",
            lambda path: build_roster(roster_paper(db, council_id), path),
        )
