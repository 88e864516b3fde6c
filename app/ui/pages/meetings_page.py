"""協議体・会議: the councils with their members on top, their meetings below.

Both lists are read off the GUI thread in one query (the newest answer wins); the meeting
filters (council, kind, search as you type) then work on what was read, so typing never waits
on the database. Papers (次第, 出席者名簿, 委員名簿) are built in the background by save_paper.
"""

from __future__ import annotations

import html
import importlib
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Layer, MeetingKind
from app.domain.text import search_key, search_terms
from app.domain.wareki import format_wareki, format_wareki_short
from app.services.councils import CouncilRow, MemberRow, get_council, list_councils
from app.services.errors import ServiceError
from app.services.meetings import MeetingRow, get_meeting, list_meetings, trash_meeting
from app.ui.context import AppContext
from app.ui.errors import show_service_error
from app.ui.forms import confirm, fill_combo, list_table, select_data
from app.ui.meeting_dialog import MeetingDialog
from app.ui.paper_actions import safe_file_name, save_paper
from app.ui.plan_dialog import PlanDialog
from app.ui.table_model import Column, RowTableModel
from app.ui.tasks import run_in_background

ALL_MEETINGS = "すべての会議"
NO_COUNCIL_ID = -1  # the filter choice 「協議体に属さない会議」
SEARCHING = "読み込み中…"
NO_COUNCILS = (
    "まだ協議体が登録されていません。「協議体を立ち上げる」から、目的・構成員・設置要綱を"
    "順に決めていけます（STEP 1-3）。"
)
NO_MEETINGS = "まだ会議が登録されていません。「会議を登録」から始めてください。"
NO_HITS = "当てはまる会議はありません。絞り込みや検索の言葉を変えてください。"
NO_SELECTION = "上の一覧から協議体を選ぶと、ここに目的・構成員・設置要綱を表示します。"
NOT_READY = "この機能はまだ準備中です。次の版でお使いいただけます。"
# The widest a column grows, in characters; the council's name and 会議名 take what is left
# over, but never less than their number here.
COUNCIL_EMS = (7, 10, 5, 5, 5)
MEETING_EMS = (12, 8, 10, 8, 9)
MIN_SCALE = 0.6
WATCHED = ("", "council", "meeting", "minutes", "person", "organization", "area")
_HINT = "color: #555;"
_OK = "color: #2e7d32;"
_BYLAWS_LINK = "toggle-bylaws"


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
        parts.append(f"<p style='margin:10px 0 2px 0'><a href='{_BYLAWS_LINK}'>{arrow}</a></p>")
        if show_bylaws:
            body = e(row.bylaws.strip()).replace("\n", "<br>")
            parts.append(f"<p style='margin:0 0 0 12px'>{body}</p>")
    else:
        parts.append("<p style='color:#555'>設置要綱はまだありません。</p>")
    if row.notes.strip():
        notes = e(row.notes.strip()).replace("\n", "<br>")
        parts.append(f"<p><b>メモ</b><br>{notes}</p>")
    return "".join(parts)


def _meeting_key(row: MeetingRow) -> str:
    texts = (row.title, row.council_name, row.area_name, row.place, row.kind_label)
    texts += (format_wareki(row.held_on), row.short_date, row.minutes_label)
    return "\x1f".join(search_key(t) for t in texts)


def _lazy(module: str, name: str) -> Any | None:
    """A class or function from a module another part of the app provides (None if absent)."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as error:
        if error.name and module.startswith(error.name):
            return None
        raise


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; font-size: 11pt;")
    return label


class MeetingsPage(QWidget):
    TITLE = "協議体・会議"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._generation = 0
        self._loading = False
        self._councils: list[CouncilRow] = []
        self._meetings: list[MeetingRow] = []
        self._keys: dict[int, str] = {}
        self._show_bylaws = False
        self._syncing = False
        self._fitting = False
        self._user_sized: set[QTableView] = set()
        self._shown_council: CouncilRow | None = None
        self._select_council: int | None = None
        self._select_meeting: int | None = None
        self.dialog: Any = None  # the dialog or wizard open now (tests reach it here)
        self._build()
        self._wire()
        self._show_council(None)
        self._meeting_changed()
        self.refresh()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        self.council_model = RowTableModel(
            [
                Column("名前", lambda r: r.name),
                Column("層・圏域", council_place),
                Column("状態", lambda r: r.status_label),
                Column("構成員数", lambda r: r.member_count, align_right=True),
                Column("会議数", lambda r: r.meeting_count, align_right=True),
            ],
            self,
        )
        self.council_table = list_table(self.council_model)
        self.council_empty = self._empty_label(NO_COUNCILS)
        self.council_stack = QStackedWidget()
        self.council_stack.addWidget(self.council_table)
        self.council_stack.addWidget(self.council_empty)
        self.council_detail = QTextBrowser()
        self.council_detail.setOpenLinks(False)
        council_split = QSplitter(Qt.Orientation.Horizontal)
        council_split.setChildrenCollapsible(False)
        council_split.addWidget(self.council_stack)
        council_split.addWidget(self.council_detail)
        council_split.setStretchFactor(0, 5)
        council_split.setStretchFactor(1, 3)
        council_split.setSizes([620, 372])

        self.new_council_button = _button(
            "協議体を立ち上げる", "目的・構成員・設置要綱を順に決めて、協議体を登録します"
        )
        self.edit_council_button = _button("編集", "選んだ協議体の内容や構成員を直します")
        self.plan_button = _button(
            "定期開催の予定を作る", "毎月・隔月などの会議を、先の分までまとめて登録します"
        )
        self.roster_button = _button("委員名簿を保存", "選んだ協議体の委員名簿を PDF にします")
        council_buttons = QHBoxLayout()
        council_buttons.addWidget(self.new_council_button)
        council_buttons.addWidget(self.edit_council_button)
        council_buttons.addWidget(self.plan_button)
        council_buttons.addStretch(1)
        council_buttons.addWidget(self.roster_button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(_heading("協議体"))
        top_layout.addWidget(council_split, 1)
        top_layout.addLayout(council_buttons)

        self.council_filter = QComboBox()
        self.council_filter.setToolTip("どの協議体の会議を表示するかを選びます")
        self.council_filter.setMinimumContentsLength(10)
        self.council_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("すべての種類", None)
        for kind in MeetingKind:
            self.kind_filter.addItem(kind.label, kind.value)
        self.kind_filter.setToolTip("会議の種類で絞り込みます")
        self.search = QLineEdit()
        self.search.setPlaceholderText("会議名・場所・日付で検索（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(150)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(_HINT)
        filters = QHBoxLayout()
        filters.addWidget(_heading("会議"))
        filters.addSpacing(8)
        filters.addWidget(self.council_filter, 2)
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.count_label)

        self.meeting_model = RowTableModel(
            [
                Column("日付", lambda r: format_wareki(r.held_on, weekday=True)),
                Column("種類", lambda r: r.kind_label),
                Column("会議名", lambda r: r.title),
                Column("圏域", lambda r: r.area_name),
                Column("議事録", lambda r: r.minutes_label),
            ],
            self,
        )
        self.meeting_table = list_table(self.meeting_model)
        self.meeting_empty = self._empty_label(NO_MEETINGS)
        self.meeting_stack = QStackedWidget()
        self.meeting_stack.addWidget(self.meeting_table)
        self.meeting_stack.addWidget(self.meeting_empty)
        self.meeting_info = QLabel()
        self.meeting_info.setStyleSheet(_HINT)
        self.meeting_info.setWordWrap(True)

        self.new_meeting_button = _button("会議を登録", "会議・座談会などを1件登録します（Ctrl+N）")
        self.edit_meeting_button = _button("編集", "選んだ会議の日時・議題・出席者を直します")
        self.minutes_button = _button(
            "議事録を開く", "選んだ会議の議事録を書きます（Enter またはダブルクリック）"
        )
        self.agenda_button = _button("次第を保存", "会議次第を PDF にします")
        self.signin_button = _button("出席者名簿を保存", "受付で使う出席者名簿を PDF にします")
        self.trash_button = _button("ごみ箱へ", "選んだ会議をごみ箱へ移します（Delete）")
        meeting_buttons = QHBoxLayout()
        for button in (self.new_meeting_button, self.edit_meeting_button, self.minutes_button):
            meeting_buttons.addWidget(button)
        meeting_buttons.addStretch(1)
        for button in (self.agenda_button, self.signin_button, self.trash_button):
            meeting_buttons.addWidget(button)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(filters)
        bottom_layout.addWidget(self.meeting_stack, 1)
        bottom_layout.addWidget(self.meeting_info)
        bottom_layout.addLayout(meeting_buttons)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 420])

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)
        for table in (self.council_table, self.meeting_table):
            table.horizontalHeader().setHighlightSections(False)
            table.horizontalHeader().setStretchLastSection(False)
            table.installEventFilter(self)
            table.horizontalHeader().sectionResized.connect(
                lambda *_args, t=table: self._column_resized(t)
            )

    def _empty_label(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet(_HINT + " padding: 16px;")
        return label

    def _fit_columns(
        self, table: QTableView, caps: tuple[float, ...], stretch: int, shrink: tuple[int, ...]
    ) -> None:
        """Each column as wide as its header and text (at most `caps` characters), the
        `stretch` column what is left (at least its cap); on a narrow page the `shrink`
        columns give way first, down to MIN_SCALE."""
        if table in self._user_sized:
            return  # a column was dragged: the widths are the person's now
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

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched in (
            self.council_table,
            self.meeting_table,
        ):
            self.fit_columns()
        return super().eventFilter(watched, event)

    def _column_resized(self, table: QTableView) -> None:
        if not self._fitting:
            self._user_sized.add(table)

    def fit_columns(self) -> None:
        self._fit_columns(self.council_table, COUNCIL_EMS, 0, (1, 2))
        self._fit_columns(self.meeting_table, MEETING_EMS, 2, (1, 3, 4))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_columns()

    def _wire(self) -> None:
        self.council_table.selectionModel().currentRowChanged.connect(self._council_changed)
        self.council_table.activated.connect(lambda _index: self.edit_council())
        self.council_detail.anchorClicked.connect(self._link_clicked)
        self.meeting_table.selectionModel().currentRowChanged.connect(self._meeting_changed)
        self.meeting_table.activated.connect(lambda _index: self.open_minutes())
        self.council_filter.currentIndexChanged.connect(self._council_filter_changed)
        self.kind_filter.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.search.textChanged.connect(lambda _text: self.apply_filter())
        self.search.returnPressed.connect(self._search_entered)
        self.new_council_button.clicked.connect(self.new_council)
        self.edit_council_button.clicked.connect(self.edit_council)
        self.plan_button.clicked.connect(self.plan_meetings)
        self.roster_button.clicked.connect(self.save_roster)
        self.new_meeting_button.clicked.connect(self.new_meeting)
        self.edit_meeting_button.clicked.connect(self.edit_meeting)
        self.minutes_button.clicked.connect(self.open_minutes)
        self.agenda_button.clicked.connect(self.save_agenda)
        self.signin_button.clicked.connect(self.save_signin)
        self.trash_button.clicked.connect(self.trash_meeting)
        keys = QKeySequence.StandardKey
        for key, slot in ((keys.Find, self.focus_search), (keys.New, self.new_meeting)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.meeting_table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.trash_meeting)
        chain = [self.council_table, self.council_detail, self.new_council_button]
        chain += [self.edit_council_button, self.plan_button, self.roster_button]
        chain += [self.council_filter, self.kind_filter, self.search, self.meeting_table]
        chain += [self.new_meeting_button, self.edit_meeting_button, self.minutes_button]
        chain += [self.agenda_button, self.signin_button, self.trash_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.context.records_changed.connect(self._records_changed)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Read councils and meetings again (in the background); the choices stay."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        self.count_label.setText(SEARCHING)
        db = self.context.db

        def work() -> tuple[list[CouncilRow], list[MeetingRow]]:
            return list_councils(db), list_meetings(db)

        run_in_background(
            work,
            lambda result: self._loaded(generation, result),
            lambda error: self._failed(generation, error),
            receiver=self,
        )

    def is_busy(self) -> bool:
        return self._loading

    def _loaded(self, generation: int, result) -> None:
        if generation != self._generation:
            return
        self._loading = False
        councils, meetings = result
        keep_council = self._select_council or getattr(self.current_council(), "id", None)
        keep_meeting = self._select_meeting or getattr(self.current_meeting(), "id", None)
        self._select_council = self._select_meeting = None
        self._councils, self._meetings = councils, meetings
        self._keys = {m.id: _meeting_key(m) for m in meetings}
        self._syncing = True
        try:
            self.council_model.set_rows(councils)
            choices = [(ALL_MEETINGS, None)]
            choices += [(c.name, c.id) for c in councils]
            if any(m.council_id is None for m in meetings):
                choices.append(("協議体に属さない会議", NO_COUNCIL_ID))
            fill_combo(self.council_filter, choices)
            if self.council_filter.currentData() not in {value for _text, value in choices}:
                self.council_filter.removeItem(self.council_filter.count() - 1)  # trashed
                self.council_filter.setCurrentIndex(0)
            elif self.council_filter.currentIndex() < 0:
                self.council_filter.setCurrentIndex(0)
        finally:
            self._syncing = False
        self.council_stack.setCurrentWidget(self.council_table if councils else self.council_empty)
        found = self.council_model.find_row(keep_council) if keep_council else None
        self._select(self.council_table, found, sync=False)
        self._show_council(self.current_council())
        self.apply_filter(keep_meeting)
        self.fit_columns()

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.count_label.setText("")
        if isinstance(error, ServiceError):
            show_service_error(self, error)
        else:
            self._say("一覧を読み込めませんでした。もう一度お試しください。", "color: #c62828;")
            raise error

    def _records_changed(self, table: str) -> None:
        if table in WATCHED:
            self.refresh()

    # ------------------------------------------------------------------ filtering
    def apply_filter(self, keep: int | None = None) -> None:
        """Show the meetings of the chosen council and kind that hold every search word."""
        if keep is None:
            current = self.current_meeting()
            keep = current.id if current else None
        council_id = self.council_filter.currentData()
        kind = self.kind_filter.currentData()
        terms = search_terms(self.search.text())
        rows = [
            m
            for m in self._meetings
            if (
                council_id is None
                or m.council_id == council_id
                or (council_id == NO_COUNCIL_ID and m.council_id is None)
            )
            and (kind is None or m.kind == kind)
            and all(t in self._keys[m.id] for t in terms)
        ]
        self.meeting_model.set_rows(rows)
        if rows:
            self.meeting_stack.setCurrentWidget(self.meeting_table)
        else:
            self.meeting_empty.setText(NO_HITS if self._meetings else NO_MEETINGS)
            self.meeting_stack.setCurrentWidget(self.meeting_empty)
        total = len(self._meetings)
        self.count_label.setText(
            ""
            if not total
            else f"{total}件"
            if len(rows) == total
            else f"{len(rows)}件／全{total}件"
        )
        found = self.meeting_model.find_row(keep) if keep is not None else None
        self._select(self.meeting_table, found)
        self._meeting_changed()

    def _council_filter_changed(self) -> None:
        if self._syncing:
            return
        council_id = self.council_filter.currentData()
        if council_id is not None and council_id != NO_COUNCIL_ID:
            found = self.council_model.find_row(council_id)
            self._select(self.council_table, found, sync=False)
        self.apply_filter()

    def _search_entered(self) -> None:
        if self.meeting_model.rowCount():
            self._select(self.meeting_table, 0)
            self.meeting_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------------ selection
    def current_council(self) -> CouncilRow | None:
        index = self.council_table.currentIndex()
        return self.council_model.row_at(index.row()) if index.isValid() else None

    def current_meeting(self) -> MeetingRow | None:
        index = self.meeting_table.currentIndex()
        return self.meeting_model.row_at(index.row()) if index.isValid() else None

    def select_council(self, council_id: int | None) -> None:
        """Choose a council in the list; its meetings are listed below."""
        found = self.council_model.find_row(council_id) if council_id is not None else None
        self._select(self.council_table, found)

    def _select(self, table: QTableView, row: int | None, sync: bool = True) -> None:
        selection = table.selectionModel()
        if not sync:
            self._syncing = True
        try:
            if row is None:
                selection.clearCurrentIndex()
                table.clearSelection()
                return
            index = table.model().index(row, 0)
            flags = QItemSelectionModel.SelectionFlag
            selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
            table.scrollTo(index)
        finally:
            if not sync:
                self._syncing = False

    def _council_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.council_model.row_at(current.row()) if current.isValid() else None
        if row is None or row.id != getattr(self._shown_council, "id", None):
            self._show_bylaws = False
        self._show_council(row)
        if self._syncing or row is None:
            return
        self._syncing = True
        try:
            select_data(self.council_filter, row.id)
        finally:
            self._syncing = False
        self.apply_filter()

    def _show_council(self, row: CouncilRow | None) -> None:
        self._shown_council = row
        for button in (self.edit_council_button, self.plan_button, self.roster_button):
            button.setEnabled(row is not None)
        if row is None:
            self.council_detail.setHtml(f"<p style='{_HINT}'>{NO_SELECTION}</p>")
            return
        scroll = self.council_detail.verticalScrollBar().value()
        self.council_detail.setHtml(council_html(row, self._show_bylaws))
        self.council_detail.verticalScrollBar().setValue(scroll)

    def _link_clicked(self, url: QUrl) -> None:
        if url.toString() == _BYLAWS_LINK:
            self._show_bylaws = not self._show_bylaws
            self._show_council(self._shown_council)

    def _meeting_changed(self, *_args) -> None:
        row = self.current_meeting()
        for button in (
            self.edit_meeting_button,
            self.minutes_button,
            self.agenda_button,
            self.signin_button,
            self.trash_button,
        ):
            button.setEnabled(row is not None)
        if row is None:
            self.meeting_info.setText("")
            return
        parts = [row.when, row.place, row.council_name]
        self.meeting_info.setText("　".join(p for p in parts if p))

    # ------------------------------------------------------------------ councils
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
        wizard_class = _lazy("app.ui.council_wizard", "CouncilWizard")
        if wizard_class is None:
            self._say(NOT_READY, _HINT)
            return
        wizard = wizard_class(self.context, council, self)
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
        build = _lazy("app.reports.meeting_papers", "build_roster")
        paper = _lazy("app.services.meeting_papers", "roster_paper")
        if build is None or paper is None:
            self._say(NOT_READY, _HINT)
            return
        db, council_id = self.context.db, row.id
        save_paper(
            self,
            "委員名簿",
            f"委員名簿_{row.name}",
            lambda path: build(paper(db, council_id), path),
        )

    # ------------------------------------------------------------------ meetings
    def new_meeting(self) -> None:
        chosen = self.council_filter.currentData()
        council_id = chosen if chosen not in (None, NO_COUNCIL_ID) else None
        kind = self.kind_filter.currentData()
        if council_id is not None and kind is None:
            kind = MeetingKind.COUNCIL.value
        self._open_meeting_dialog(None, council_id, kind)

    def edit_meeting(self) -> None:
        row = self.current_meeting()
        if row is None:
            self._say("直す会議を一覧から選んでください。", _HINT)
            return
        try:
            fresh = get_meeting(self.context.db, row.id)
        except ServiceError as error:
            show_service_error(self, error)
            self.refresh()
            return
        self._open_meeting_dialog(fresh, None, None)

    def _open_meeting_dialog(self, meeting, council_id: int | None, kind: str | None) -> None:
        dialog = MeetingDialog(self.context, meeting, council_id, kind, self)
        dialog.accepted.connect(lambda: self._meeting_saved(dialog))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _meeting_saved(self, dialog: MeetingDialog) -> None:
        saved = dialog.saved
        if saved is None:
            return
        verb = "保存しました" if dialog.meeting is not None else "登録しました"
        self._say(f"「{saved.title}」を{verb}。", _OK)
        self._select_meeting = saved.id
        self.context.notify_changed("meeting")

    def open_minutes(self) -> None:
        row = self.current_meeting()
        if row is None:
            self._say("議事録を開く会議を一覧から選んでください。", _HINT)
            return
        editor_class = _lazy("app.ui.minutes_editor", "MinutesEditor")
        if editor_class is None:
            self._say(NOT_READY, _HINT)
            return
        editor = editor_class(self.context, row.id, self)
        editor.finished.connect(lambda _result: self._minutes_closed(editor, row.id))
        self.dialog = editor
        editor.open()

    def _minutes_closed(self, editor, meeting_id: int) -> None:
        self._closed(editor)
        self._select_meeting = meeting_id
        self.context.notify_changed("meeting")  # its minutes may have been saved or confirmed

    def _paper(self, title: str, builder: str, reader: str) -> None:
        row = self.current_meeting()
        if row is None:
            self._say(f"{title}を作る会議を一覧から選んでください。", _HINT)
            return
        build = _lazy("app.reports.meeting_papers", builder)
        paper = _lazy("app.services.meeting_papers", reader)
        if build is None or paper is None:
            self._say(NOT_READY, _HINT)
            return
        db, meeting_id = self.context.db, row.id
        name = safe_file_name(f"{title}_{row.title}_{row.held_on:%Y%m%d}")
        save_paper(self, title, name, lambda path: build(paper(db, meeting_id), path))

    def save_agenda(self) -> None:
        self._paper("会議次第", "build_agenda", "agenda_paper")

    def save_signin(self) -> None:
        self._paper("出席者名簿", "build_signin", "signin_paper")

    def trash_meeting(self) -> None:
        row = self.current_meeting()
        if row is None:
            self._say("ごみ箱へ移す会議を一覧から選んでください。", _HINT)
            return
        question = (
            f"「{row.title}」（{format_wareki(row.held_on)}）をごみ箱へ移しますか？\n"
            "議題・出席者・議事録もいっしょに一覧から消えますが、記録は消さずに残します。"
        )
        if not confirm(self, "ごみ箱へ移す", question):
            return
        position = self.meeting_table.currentIndex().row()
        try:
            trash_meeting(self.context.db, row.id, expected_version=row.version)
        except ServiceError as error:
            show_service_error(self, error)
            self.refresh()
            return
        self._say(f"「{row.title}」をごみ箱へ移しました。", _OK)
        rows = self.meeting_model.rows()
        after = rows[position + 1] if position + 1 < len(rows) else None
        before = rows[position - 1] if position > 0 else None
        neighbour = after or before
        self._select_meeting = neighbour.id if neighbour else None
        self.context.notify_changed("meeting")

    # ------------------------------------------------------------------ helpers
    def _closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _say(self, text: str, style: str = "") -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(style)

    def hideEvent(self, event) -> None:
        self._say("")
        super().hideEvent(event)
