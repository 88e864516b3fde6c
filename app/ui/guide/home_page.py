"""ホーム: every area's progress through STEP 1–3 at a glance, and the suggested next step."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ActionState
from app.domain.wareki import fiscal_year, format_fiscal_year, format_wareki, format_wareki_short
from app.services.errors import ServiceError
from app.services.guide.checklist import AreaProgress, ItemProgress, progress_by_area
from app.services.guide.week import WeekAhead, ready_checks, this_week
from app.services.meetings.meeting import ActionRow
from app.services.meetings.minutes import open_actions, set_action_state
from app.services.resources.resource import CONFIRM_DAYS_DEFAULT, ResourceFilter, count_resources
from app.services.setup import settings
from app.ui.context import AppContext
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm

COLOURS = {  # state -> (background, label); kept light so the figures stay readable
    "open": ("#f1f1f1", "未着手"),
    "started": ("#ffe7b3", "取り組み中"),
    "complete": ("#c8e6c9", "完了"),
}


ACTION_COLUMNS = ("期限", "対応の内容", "担当", "状態", "決めた会議")
ACTION_ROWS_SHOWN = 4  # more scroll, so the progress grid keeps its room


def _state(progress: ItemProgress) -> str:
    if progress.complete:
        return "complete"
    return "started" if progress.started else "open"


class HomePage(QWidget):
    TITLE = "ホーム"
    open_item = Signal(str, int)  # catalog code, area id
    open_unconfirmed = Signal()  # the resource list, showing those due for re-confirmation

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._progress: list[AreaProgress] = []
        self._generation = 0  # only the newest of overlapping reloads is shown

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.subheading = QLabel()
        self.subheading.setStyleSheet("color: #555;")

        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.verticalHeader().setMinimumSectionSize(30)
        self.table.cellActivated.connect(self._open_cell)
        self.table.cellDoubleClicked.connect(self._open_cell)
        self.table.setToolTip(
            "マスをダブルクリック（または Enter）すると、その項目のページを開きます。"
        )

        legend = QHBoxLayout()
        legend.addWidget(QLabel("色の意味:"))
        for background, label in COLOURS.values():
            chip = QLabel(f"  {label}  ")
            chip.setStyleSheet(f"background: {background}; border: 1px solid #bbb;")
            legend.addWidget(chip)
        legend.addStretch(1)

        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_label.setStyleSheet("font-size: 13pt;")
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self._open_next)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_label, 1)
        next_row.addWidget(self.next_button)

        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        self.due_button = QPushButton("要確認の一覧を開く")
        self.due_button.setToolTip("最終確認から1年以上たった地域資源の一覧を開きます")
        self.due_button.clicked.connect(self.open_unconfirmed)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_label, 1)
        due_row.addWidget(self.due_button)

        self.actions_label = QLabel()
        self.actions_label.setStyleSheet("font-weight: bold;")
        self.actions_table = QTableWidget(0, len(ACTION_COLUMNS))
        self.actions_table.setHorizontalHeaderLabels(ACTION_COLUMNS)
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_table.verticalHeader().hide()
        self.actions_table.setToolTip(
            "ダブルクリック（または Enter）で、決めた会議の議事録を開きます。"
        )
        self.actions_table.cellActivated.connect(self._open_action)
        self.actions_table.cellDoubleClicked.connect(self._open_action)
        header = self.actions_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.done_button = QPushButton("完了にする(&D)")
        self.done_button.setToolTip("選んだ対応を「完了」にします。ホームの一覧から消えます。")
        self.done_button.clicked.connect(self._mark_done)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.actions_label, 1)
        actions_row.addWidget(self.done_button)
        self._actions: list[ActionRow] = []
        self._notice = ""

        self.week_label = QLabel()
        self.week_label.setWordWrap(True)
        self._ready: dict[int, list[str]] = {}

        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(8)
        layout.addLayout(next_row)
        layout.addLayout(due_row)
        layout.addWidget(self.week_label)
        layout.addLayout(actions_row)
        layout.addWidget(self.actions_table)
        layout.addSpacing(8)
        caption = QLabel("圏域ごとの進み具合（済んだチェック項目の数 / 項目の数）")
        caption.setStyleSheet("font-weight: bold;")
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(legend)
        layout.addWidget(self.status)

        context.records_changed.connect(lambda _table: self.refresh())
        context.area_changed.connect(lambda _area: self._show_next())

    def refresh(self) -> None:
        """Reload progress off the GUI thread; the page stays usable meanwhile."""
        self.status.setText("読み込み中…")
        db, catalog = self.context.db, self.context.catalog
        self._generation += 1
        generation = self._generation

        def work() -> tuple:
            due = count_resources(db, ResourceFilter(unconfirmed_days=CONFIRM_DAYS_DEFAULT))
            progress = progress_by_area(db, catalog)
            ready = {p.area_id: ready_checks(db, p.area_id) for p in progress}
            return (
                settings.municipality_name(db),
                progress,
                due,
                open_actions(db),
                this_week(db, date.today()),
                ready,
            )

        def done(result: tuple) -> None:
            if generation == self._generation:
                self._ready = result[5]
                self._show(result[:2])
                self._show_due(result[2])
                self._show_actions(result[3])
                self._show_week(result[4])

        run_in_background(work, done, self._failed, receiver=self)

    def _failed(self, error: Exception) -> None:
        self.status.setText("進み具合を読み込めませんでした。")
        if isinstance(error, ServiceError):
            show_service_error(self, error)
        else:
            raise error

    def _show(self, result: tuple[str, list[AreaProgress]]) -> None:
        municipality, self._progress = result
        today = date.today()
        self.heading.setText(f"{municipality}の地域づくりの進み具合")
        self.subheading.setText(
            f"{format_fiscal_year(fiscal_year(today))}　今日は {format_wareki(today, weekday=True)}"
        )
        items = self.context.catalog.items
        self.table.clear()
        self.table.setRowCount(len(items))
        self.table.setColumnCount(len(self._progress))
        self.table.setHorizontalHeaderLabels(
            [f"{p.area_name}\n{'第1層・全域' if p.layer == 1 else '第2層'}" for p in self._progress]
        )
        self.table.setVerticalHeaderLabels([f"{i.code} {i.title}" for i in items])
        for column, area in enumerate(self._progress):
            for row, progress in enumerate(area.items):
                background, label = COLOURS[_state(progress)]
                cell = QTableWidgetItem(f"{progress.done} / {progress.total}")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setBackground(QBrush(QColor(background)))
                cell.setToolTip(f"{area.area_name}: {progress.code} {progress.title}（{label}）")
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(120)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        done = sum(p.done for p in self._progress)
        total = sum(p.total for p in self._progress)
        self.status.setText(f"全圏域のチェック項目 {total} のうち、{done} が済んでいます。")
        self._show_next()

    def _show_due(self, due: int) -> None:
        """What needs doing soon: resources not confirmed for a year (the annual re-survey)."""
        if due:
            self.due_label.setText(
                f"最終確認から1年以上たった地域資源が<b>{due:,}件</b>あります。"
                "確認票を印刷して、運営している方に確かめてもらいましょう。"
            )
        self.due_label.setVisible(bool(due))
        self.due_button.setVisible(bool(due))

    def _show_actions(self, actions: list[ActionRow]) -> None:
        """Follow-ups decided at meetings, until someone marks them done (STEP 1-4)."""
        self._actions = actions
        today = date.today()
        overdue = sum(1 for a in actions if a.due_on and a.due_on < today)
        text = f"会議で決めた対応のうち、済んでいないもの {len(actions)}件"
        if overdue:
            text += f"（うち期限切れ <span style='color:#b00020'>{overdue}件</span>）"
        if self._notice:  # what the last click did, shown once over the fresh list
            text += f"　<span style='color:#2e7d32'>{self._notice}</span>"
            self._notice = ""
        self.actions_label.setText(text)
        self.actions_table.clearSelection()  # the rows are new: nothing is chosen any more
        self.actions_table.setRowCount(len(actions))
        for row, action in enumerate(actions):
            late = action.due_on is not None and action.due_on < today
            due = format_wareki_short(action.due_on) if action.due_on else "期限なし"
            meeting = action.meeting_title
            if action.meeting_held_on:
                meeting += f"（{format_wareki_short(action.meeting_held_on)}）"
            values = (
                due + ("　期限切れ" if late else ""),
                action.description,
                action.owner,
                action.state_label,
                meeting,
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if late and column == 0:
                    cell.setForeground(QBrush(QColor("#b00020")))
                self.actions_table.setItem(row, column, cell)
        shown_rows = min(len(actions), ACTION_ROWS_SHOWN)
        header = self.actions_table.horizontalHeader().sizeHint().height()
        rows = sum(self.actions_table.rowHeight(r) for r in range(shown_rows))
        self.actions_table.setFixedHeight(header + rows + 2 * self.actions_table.frameWidth())
        for widget in (self.actions_label, self.actions_table, self.done_button):
            widget.setVisible(bool(actions))

    def current_action(self) -> ActionRow | None:
        """The action the person chose (selected), never merely the row that has focus."""
        rows = self.actions_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self._actions[row] if 0 <= row < len(self._actions) else None

    def _mark_done(self) -> None:
        action = self.current_action()
        if action is None:
            self.status.setText("完了にする対応を、一覧から選んでください。")
            return
        question = (
            f"「{action.description}」（担当: {action.owner or '未定'}）を完了にしますか？\n"
            "ホームの一覧から消えます。議事録の画面からは、いつでも状態を戻せます。"
        )
        if not confirm(self, "対応を完了にする", question):
            return
        try:
            set_action_state(self.context.db, action.id, ActionState.DONE.value, action.version)
        except ServiceError as error:
            show_service_error(self, error)
        else:
            self._notice = f"「{action.description}」を完了にしました。"
        self.actions_table.clearSelection()
        self.context.notify_changed("action_item")

    def _open_action(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._actions):
            from app.ui.meetings.minutes_editor import MinutesEditor

            editor = MinutesEditor(self.context, self._actions[row].meeting_id, self)
            editor.exec()

    def _show_week(self, week: WeekAhead) -> None:
        """What is due in the next seven days: meetings, and issues waiting for a decision."""
        lines = []
        for meeting in week.meetings:
            lines.append(
                f"会議 {format_wareki_short(meeting.held_on)}"
                f"（{'月火水木金土日'[meeting.held_on.weekday()]}） {escape(meeting.title)}"
                + (f"　{escape(meeting.place)}" if meeting.place else "")
            )
        if week.waiting_issues:
            lines.append(
                f"町全体で、まだ話し合っていない地域課題 {week.waiting_issues}件"
                f"（うち緊急度「高」 {week.urgent_issues}件）"
            )
        self.week_label.setText("<b>この1週間のこと</b>　" + "　／　".join(lines) if lines else "")
        self.week_label.setVisible(bool(lines))

    def _current(self) -> AreaProgress | None:
        return next((p for p in self._progress if p.area_id == self.context.area_id), None)

    def _show_next(self) -> None:
        current = self._current()
        nxt = current.next_item if current else None
        if current is None:
            self.next_label.setText("")
            self.next_button.hide()
        elif nxt is None:
            self.next_label.setText(f"{current.area_name}: すべての項目が済んでいます。")
            self.next_button.hide()
        else:
            ready = [k for k in self._ready.get(current.area_id, ()) if k.startswith(nxt.code)]
            if ready:
                why = (
                    f"記録があるのにチェックが付いていない項目が {len(ready)}つあります。"
                    "ページで記録を確かめて、チェックを付けましょう。"
                )
            elif nxt.started:
                why = "取り組み始めた項目です。残りのチェック項目を一つずつ進めましょう。"
            elif nxt.code == self.context.catalog.items[0].code:
                why = "最初の項目です。ここから、地域で協働する土台づくりを始めましょう。"
            else:
                why = "前の項目が済んだので、ガイドの順にこの項目へ進みます。"
            self.next_label.setText(
                f"{current.area_name}の次の一歩: <b>{nxt.code} {nxt.title}</b>"
                f"（{nxt.done} / {nxt.total} 済）<br>"
                f"<span style='font-size:11pt; color:#444'>{why}</span>"
            )
            self.next_button.setText(f"{nxt.code} を開く")
            self.next_button.show()

    def _open_next(self) -> None:
        current = self._current()
        if current and current.next_item:
            self.open_item.emit(current.next_item.code, current.area_id)

    def _open_cell(self, row: int, column: int) -> None:
        area = self._progress[column]
        self.open_item.emit(self.context.catalog.items[row].code, area.area_id)
