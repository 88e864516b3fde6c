"""協議体・会議: the councils with their members on top, their meetings below.

Both lists are read off the GUI thread in one query (the newest answer wins); the meeting
filters (council, kind, search as you type) then work on what was read, so typing never waits
on the database. Papers (次第, 出席者名簿, 委員名簿) are built in the background by save_paper.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import MeetingKind
from app.domain.text import search_key, search_terms
from app.domain.wareki import format_wareki
from app.reports.meeting_papers import build_agenda, build_signin
from app.services.councils.council import CouncilRow, list_councils
from app.services.errors import ServiceError
from app.services.meetings.meeting import MeetingRow, get_meeting, list_meetings, trash_meeting
from app.services.meetings.papers import agenda_paper, signin_paper
from app.ui.context import AppContext
from app.ui.councils.panel import (
    ColumnFitter,
    CouncilActions,
    CouncilPanel,
    action_button,
    empty_label,
    heading,
)
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.meetings.minutes_editor import MinutesEditor
from app.ui.printing.paper_actions import safe_file_name, save_paper
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm, fill_combo, list_table, select_data
from app.ui.widgets.table_model import Column, RowTableModel

ALL_MEETINGS = "すべての会議"
NO_COUNCIL_ID = -1  # the filter choice 「協議体に属さない会議」
SEARCHING = "読み込み中…"
NO_MEETINGS = "まだ会議が登録されていません。「会議を登録」から始めてください。"
NO_HITS = "当てはまる会議はありません。絞り込みや検索の言葉を変えてください。"
# The widest a column grows, in characters; the council's name and 会議名 take what is left
# over, but never less than their number here.
COUNCIL_EMS = (7, 10, 5, 5, 5)
MEETING_EMS = (12, 8, 10, 8, 9)
WATCHED = ("", "council", "meeting", "minutes", "person", "organization", "area")
_HINT = "color: #555;"
_OK = "color: #2e7d32;"


def _meeting_key(row: MeetingRow) -> str:
    texts = (row.title, row.council_name, row.area_name, row.place, row.kind_label)
    texts += (format_wareki(row.held_on), row.short_date, row.minutes_label)
    return "\x1f".join(search_key(t) for t in texts)


class MeetingsPage(CouncilActions, QWidget):
    TITLE = "協議体・会議"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._generation = 0
        self._loading = False
        self._councils: list[CouncilRow] = []
        self._meetings: list[MeetingRow] = []
        self._keys: dict[int, str] = {}
        self._syncing = False
        self._select_council: int | None = None
        self._select_meeting: int | None = None
        self.dialog: Any = None  # the dialog or wizard open now (tests reach it here)
        self._build()
        self._wire()
        self.council_panel.show_council(None)
        self._meeting_changed()
        self.refresh()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        panel = self.council_panel = CouncilPanel()
        # the page's own names for the panel's parts (the tab order and the tests use them)
        self.council_model, self.council_table = panel.model, panel.table
        self.council_empty, self.council_stack = panel.empty, panel.stack
        self.council_detail = panel.detail
        self.new_council_button, self.edit_council_button = panel.new_button, panel.edit_button
        self.plan_button, self.roster_button = panel.plan_button, panel.roster_button

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
        filters.addWidget(heading("会議"))
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
        self.meeting_empty = empty_label(NO_MEETINGS)
        self.meeting_stack = QStackedWidget()
        self.meeting_stack.addWidget(self.meeting_table)
        self.meeting_stack.addWidget(self.meeting_empty)
        self.meeting_info = QLabel()
        self.meeting_info.setStyleSheet(_HINT)
        self.meeting_info.setWordWrap(True)

        self.new_meeting_button = action_button(
            "会議を登録", "会議・座談会などを1件登録します（Ctrl+N）"
        )
        self.edit_meeting_button = action_button("編集", "選んだ会議の日時・議題・出席者を直します")
        self.minutes_button = action_button(
            "議事録を開く", "選んだ会議の議事録を書きます（Enter またはダブルクリック）"
        )
        self.agenda_button = action_button("次第を保存", "会議次第を PDF にします")
        self.signin_button = action_button(
            "出席者名簿を保存", "受付で使う出席者名簿を PDF にします"
        )
        self.trash_button = action_button("ごみ箱へ", "選んだ会議をごみ箱へ移します（Delete）")
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
        splitter.addWidget(panel)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 420])

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)
        self._fitters = (
            ColumnFitter(self.council_table, COUNCIL_EMS, 0, (1, 2)),
            ColumnFitter(self.meeting_table, MEETING_EMS, 2, (1, 3, 4)),
        )
        for table in (self.council_table, self.meeting_table):
            table.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched in (
            self.council_table,
            self.meeting_table,
        ):
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        for fitter in self._fitters:
            fitter.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_columns()

    def _wire(self) -> None:
        self.council_table.selectionModel().currentRowChanged.connect(self._council_changed)
        self.council_table.activated.connect(lambda _index: self.edit_council())
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
        self.council_panel.show_council(self.current_council())
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
        self.council_panel.choose(row)
        if self._syncing or row is None:
            return
        self._syncing = True
        try:
            select_data(self.council_filter, row.id)
        finally:
            self._syncing = False
        self.apply_filter()

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

    # ------------------------------------------------------------------ meetings
    def new_meeting(self) -> None:
        chosen = self.council_filter.currentData()
        council_id = chosen if chosen not in (None, NO_COUNCIL_ID) else None
        kind = self.kind_filter.currentData()
        if council_id is not None and kind is None:
            kind = MeetingKind.COUNCIL.value
        self._open_meeting_dialog(None, council_id, kind)

    def new_meeting_of(self, kind: str) -> None:
        """A new meeting of this kind, asked for from elsewhere (a STEP page)."""
        self._open_meeting_dialog(None, None, kind)

    def show_council(self, council_id: int) -> None:
        """Choose this council once the lists have loaded (asked for from a STEP page)."""
        self._select_council = council_id
        self.refresh()

    def open_minutes_of(self, meeting_id: int) -> None:
        """Open one meeting's minutes, and keep it chosen in the list afterwards."""
        editor = MinutesEditor(self.context, meeting_id, self)
        editor.finished.connect(lambda _result: self._minutes_closed(editor, meeting_id))
        self.dialog = editor
        editor.open()

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
        self.open_minutes_of(row.id)

    def _minutes_closed(self, editor, meeting_id: int) -> None:
        self._closed(editor)
        self._select_meeting = meeting_id
        self.context.notify_changed("meeting")  # its minutes may have been saved or confirmed

    def _paper(self, title: str, build, paper) -> None:
        row = self.current_meeting()
        if row is None:
            self._say(f"{title}を作る会議を一覧から選んでください。", _HINT)
            return
        db, meeting_id = self.context.db, row.id
        name = safe_file_name(f"{title}_{row.title}_{row.held_on:%Y%m%d}")
        save_paper(self, title, name, lambda path: build(paper(db, meeting_id), path))

    def save_agenda(self) -> None:
        self._paper("会議次第", build_agenda, agenda_paper)

    def save_signin(self) -> None:
        self._paper("出席者名簿", build_signin, signin_paper)

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
