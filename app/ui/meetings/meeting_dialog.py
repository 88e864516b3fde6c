"""The 会議 form: when and where, the agenda, the handouts and who attended.

Dates and times are typed as people write them (「R8.11.26」「13時半」) and read back in 和暦
at once; nothing is saved until every field reads, and a confirmed meeting opens read-only.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import parse_clock
from app.domain.enums import Attendance, MeetingKind
from app.domain.wareki import WarekiError, format_wareki
from app.services.councils.council import CouncilRow, list_councils
from app.services.errors import ConflictError, ServiceError, ValidationError
from app.services.meetings.meeting import (
    AgendaInput,
    AttendeeInput,
    MeetingDetail,
    MeetingInput,
    attendees_from_council,
    create_meeting,
    list_meetings,
    update_meeting,
)
from app.services.setup import areas as area_service
from app.ui.context import AppContext
from app.ui.meetings import form_widgets as widgets
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import Choice, ask_save_changes, confirm, hbox, select_data
from app.ui.widgets.styles import ERROR_TEXT, HINT, OK, notice_label

NO_COUNCIL = "（協議体に属さない会議）"
NO_AREA = "（圏域を指定しない）"
LOCKED_NOTE = (
    "この会議の議事録は確認済みのため、ここでは内容を変えられません。"
    "直すときは「議事録を開く」から「訂正する」を押して、訂正版を作ってください。"
)


class MeetingDialog(QDialog):
    """Register a meeting, or change one. After accept, `saved` holds the MeetingDetail."""

    def __init__(
        self,
        context: AppContext,
        meeting: MeetingDetail | None = None,
        council_id: int | None = None,
        kind: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting = meeting
        self.saved: MeetingDetail | None = None
        self._framed: list[QWidget] = []
        self.read_only = bool(meeting is not None and meeting.confirmed)
        self._councils: dict[int, CouncilRow] = {}
        self._suggested_title = ""
        self._filling = False
        self.setWindowTitle("会議を直す" if meeting else "会議を登録する")
        self._build()
        self._wire()
        self._fill(meeting, council_id, kind)
        self._clean = self.snapshot()
        if self.read_only:
            self._lock()
        room = self.screen().availableGeometry()
        self.resize(min(1180, int(room.width() * 0.95)), min(780, int(room.height() * 0.92)))

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        self.kind_combo = QComboBox()
        for item in MeetingKind:
            self.kind_combo.addItem(item.label, item.value)
        self.council_combo = QComboBox()
        self.council_combo.setToolTip("協議体の会議なら、どの協議体かを選びます")
        self.area_combo = QComboBox()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("例: 第3回 北地区支え合い会議")
        self.date_field = widgets.DateField()
        self.start_edit = QLineEdit()
        self.end_edit = QLineEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setPlaceholderText(widgets.TIME_HINT)
            edit.setMinimumWidth(130)
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText("例: 北公民館 2階 会議室")
        self.handouts_edit = QPlainTextEdit()
        self.handouts_edit.setPlaceholderText("1行に1つずつ（例: 資料1 地域資源マップ）")
        self.handouts_edit.setTabChangesFocus(True)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("準備のこと、連絡したことなど")
        self.notes_edit.setTabChangesFocus(True)
        for edit in (self.handouts_edit, self.notes_edit):
            edit.setMinimumHeight(80)
            edit.setMaximumHeight(160)

        self.lock_label = notice_label(LOCKED_NOTE)
        self.lock_label.hide()

        times = hbox(self.start_edit, QLabel("～"), self.end_edit)

        self.field_errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for label, name, widget in (
            ("種類", "kind", self.kind_combo),
            ("協議体", "council_id", self.council_combo),
            ("圏域", "area_id", self.area_combo),
            ("会議名", "title", self.title_edit),
            ("開催日", "held_on", self.date_field),
            ("時間", "times", times),
            ("場所", "place", self.place_edit),
            ("配布資料", "handouts", self.handouts_edit),
            ("メモ", "notes", self.notes_edit),
        ):
            form.addRow(label, self._with_error(name, widget))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addStretch(1)

        self.agenda_table = widgets.agenda_table(self._em(11))
        self.add_agenda_button = widgets.small_button("議題を追加", "次第に議題を1つ足します")
        self.remove_agenda_button = widgets.small_button("削除", "選んだ議題を消します")
        self.up_button = widgets.small_button("上へ", "選んだ議題を1つ前にします")
        self.down_button = widgets.small_button("下へ", "選んだ議題を1つ後にします")
        agenda_box = widgets.table_box(
            "議題（次第に載せる順）",
            self.agenda_table,
            (self.add_agenda_button, self.remove_agenda_button, self.up_button, self.down_button),
            self._error_label("agenda"),
        )

        self.attendee_table = widgets.attendee_table(self._em(9), self._em(7) + 30)
        self.load_members_button = widgets.small_button(
            "構成員から読み込む", "選んだ協議体の、開催日に任期中の構成員を出席者に加えます"
        )
        self.add_guest_button = widgets.small_button(
            "ゲストを追加", "傍聴の方やゲストを1人足します"
        )
        self.add_attendee_button = widgets.small_button("行を追加", "出席者を1人足します")
        self.remove_attendee_button = widgets.small_button("削除", "選んだ行を消します")
        self.attendance_count = QLabel()
        self.attendance_count.setStyleSheet(HINT)
        attendee_box = widgets.table_box(
            "出席者",
            self.attendee_table,
            (
                self.load_members_button,
                self.add_guest_button,
                self.add_attendee_button,
                self.remove_attendee_button,
            ),
            self._error_label("attendees"),
            above=self.attendance_count,
        )

        right = QVBoxLayout()
        right.addWidget(agenda_box, 2)
        right.addWidget(attendee_box, 3)

        columns = QHBoxLayout()
        columns.addWidget(left, 4)
        columns.addSpacing(12)
        columns.addLayout(right, 7)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton("保存")
        self.save_button.setToolTip("入力した内容を保存して閉じます（Ctrl+S）")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("キャンセル")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        root = QVBoxLayout(self)
        root.addWidget(self.lock_label)
        root.addLayout(columns, 1)
        root.addLayout(buttons)

        self.fields: dict[str, QWidget] = {
            "kind": self.kind_combo,
            "council_id": self.council_combo,
            "area_id": self.area_combo,
            "title": self.title_edit,
            "held_on": self.date_field.edit,
            "starts_at": self.start_edit,
            "ends_at": self.end_edit,
            "place": self.place_edit,
            "handouts": self.handouts_edit,
            "notes": self.notes_edit,
            "agenda": self.agenda_table,
            "attendees": self.attendee_table,
        }

    def _em(self, count: float) -> int:
        return int(self.fontMetrics().horizontalAdvance("あ") * count) + 16

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(ERROR_TEXT)
        label.hide()
        self.field_errors[name] = label
        return label

    def _with_error(self, name: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self._error_label(name))
        return box

    def _wire(self) -> None:
        self.council_combo.currentIndexChanged.connect(self._council_chosen)
        self.add_agenda_button.clicked.connect(self.add_agenda_row)
        self.remove_agenda_button.clicked.connect(self.remove_agenda_row)
        self.up_button.clicked.connect(lambda: self.move_agenda_row(-1))
        self.down_button.clicked.connect(lambda: self.move_agenda_row(1))
        self.load_members_button.clicked.connect(self.load_members)
        self.add_guest_button.clicked.connect(
            lambda: self.add_attendee_row(status=Attendance.GUEST.value, edit=True)
        )
        self.add_attendee_button.clicked.connect(lambda: self.add_attendee_row(edit=True))
        self.remove_attendee_button.clicked.connect(self.remove_attendee_row)
        self.attendee_table.itemChanged.connect(lambda _item: self._count_attendance())
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    # ------------------------------------------------------------------ filling
    def _fill(
        self, meeting: MeetingDetail | None, council_id: int | None, kind: str | None
    ) -> None:
        self._filling = True
        db = self.context.db
        councils = list_councils(db)
        self._councils = {c.id: c for c in councils}
        self.council_combo.addItem(NO_COUNCIL, None)
        for council in councils:
            self.council_combo.addItem(council.name, council.id)
        self.area_combo.addItem(NO_AREA, None)
        for area in area_service.list_areas(db):
            self.area_combo.addItem(area.name, area.id)
        if meeting is None:
            # A council's own meeting by default; without a council, more likely a 座談会.
            default = MeetingKind.COUNCIL if council_id else MeetingKind.ROUND_TABLE
            select_data(self.kind_combo, kind or default.value)
            self._filling = False
            if council_id is not None:
                select_data(self.council_combo, council_id)  # suggests area and title
            elif self.context.area_id is not None:
                select_data(self.area_combo, self.context.area_id)
            self._count_attendance()
            return
        select_data(self.kind_combo, meeting.kind)
        select_data(self.council_combo, meeting.council_id)
        select_data(self.area_combo, meeting.area_id)
        self.title_edit.setText(meeting.title)
        self.date_field.set_date(meeting.held_on)
        self.start_edit.setText(widgets.time_text(meeting.starts_at))
        self.end_edit.setText(widgets.time_text(meeting.ends_at))
        self.place_edit.setText(meeting.place)
        self.handouts_edit.setPlainText(meeting.handouts)
        self.notes_edit.setPlainText(meeting.notes)
        for item in meeting.agenda:
            self.add_agenda_row(item.title, item.presenter, item.id)
        for person in meeting.attendees:
            self.add_attendee_row(
                person.name, person.title, person.status, person.person_id, person.id
            )
        self.agenda_table.clearSelection()
        self.attendee_table.clearSelection()
        self._filling = False
        self._count_attendance()

    def _council_chosen(self) -> None:
        """A council fills the area and suggests 「第N回 …」 (kept if the title was typed)."""
        if self._filling:
            return
        council = self._councils.get(self.council_combo.currentData())
        if council is None:
            return
        select_data(self.area_combo, council.area_id)
        typed = self.title_edit.text().strip()
        if typed and typed != self._suggested_title:
            return
        if self.meeting is not None and self.meeting.council_id == council.id:
            return
        held = list_meetings(self.context.db, council_id=council.id, kind=MeetingKind.COUNCIL)
        self._suggested_title = f"第{len(held) + 1}回 {council.name}"
        self.title_edit.setText(self._suggested_title)

    # ------------------------------------------------------------------ agenda rows
    def add_agenda_row(
        self, title: str = "", presenter: str = "", item_id: int | None = None
    ) -> int:
        return widgets.add_agenda_row(
            self.agenda_table, title, presenter, item_id, not self._filling
        )

    def remove_agenda_row(self) -> None:
        """Remove the chosen item; one that already holds minutes is removed only on a yes."""
        row = self.agenda_table.currentRow()
        first = self.agenda_table.item(row, 0) if row >= 0 else None
        item_id = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
        written = next(
            (
                a
                for a in (self.meeting.agenda if self.meeting else ())
                if a.id == item_id and (a.discussion.strip() or a.decisions.strip())
            ),
            None,
        )
        if written is not None and not confirm(
            self,
            "議題を消す",
            f"「{written.title}」には議事録（協議内容・決定事項）が書かれています。"
            "保存すると、この議題と議事録の文章が一覧から消えます。消しますか？",
        ):
            return
        widgets.remove_current_row(self.agenda_table)

    def move_agenda_row(self, step: int) -> None:
        widgets.move_current_row(self.agenda_table, step)

    def agenda_inputs(self) -> tuple[AgendaInput, ...]:
        return widgets.agenda_inputs(self.agenda_table)

    # ------------------------------------------------------------------ attendance rows
    def add_attendee_row(
        self,
        name: str = "",
        title: str = "",
        status: str = Attendance.PRESENT.value,
        person_id: int | None = None,
        row_id: int | None = None,
        edit: bool = False,
    ) -> int:
        ids, enabled = (person_id, row_id), not self.read_only
        return widgets.add_attendee_row(
            self.attendee_table, name, title, status, ids, enabled, self._count_attendance, edit
        )

    def remove_attendee_row(self) -> None:
        if widgets.remove_current_row(self.attendee_table):
            self._count_attendance()

    def attendee_inputs(self) -> tuple[AttendeeInput, ...]:
        return widgets.attendee_inputs(self.attendee_table)

    def load_members(self) -> None:
        """Add the chosen council's members serving on the meeting day (skipping those listed)."""
        council_id = self.council_combo.currentData()
        if council_id is None:
            self._say("先に「協議体」を選んでください。構成員はその協議体から読み込みます。", HINT)
            self.council_combo.setFocus()
            return
        try:
            on = self.date_field.value() or date.today()
        except WarekiError:
            on = date.today()
        try:
            members = attendees_from_council(self.context.db, council_id, on)
        except ServiceError as error:
            show_service_error(self, error)
            return
        listed = {person.name for person in self.attendee_inputs()}
        added = 0
        for member in members:
            if member.name in listed:
                continue
            self.add_attendee_row(member.name, member.title, member.status, member.person_id)
            added += 1
        if not members:
            self._say(f"{format_wareki(on)}に任期中の構成員がいません。", HINT)
        elif added:
            self._say(f"構成員 {added} 人を読み込みました。欠席の方は出欠を変えてください。", OK)
        else:
            self._say("構成員は全員、もう出席者に入っています。", HINT)

    def _count_attendance(self) -> None:
        self.attendance_count.setText(widgets.attendance_summary(self.attendee_inputs()))

    # ------------------------------------------------------------------ reading the form
    def snapshot(self) -> tuple:
        """Everything typed, as text: compared with the opening state to detect edits."""
        return (
            self.kind_combo.currentData(),
            self.council_combo.currentData(),
            self.area_combo.currentData(),
            self.title_edit.text(),
            self.date_field.text(),
            self.start_edit.text(),
            self.end_edit.text(),
            self.place_edit.text(),
            self.handouts_edit.toPlainText(),
            self.notes_edit.toPlainText(),
            self.agenda_inputs(),
            self.attendee_inputs(),
        )

    def has_unsaved_changes(self) -> bool:
        return not self.read_only and self.snapshot() != self._clean

    def form_input(self) -> MeetingInput:
        """The meeting as typed. Raises ValidationError for a date or time that cannot be read."""
        problems: dict[str, str] = {}
        held_on = None
        try:
            held_on = self.date_field.value()
        except WarekiError as error:
            problems["held_on"] = str(error)
        clock: dict[str, time | None] = {}
        for name, edit in (("starts_at", self.start_edit), ("ends_at", self.end_edit)):
            try:
                clock[name] = parse_clock(edit.text())
            except ValueError as error:
                problems[name] = str(error)
        if problems:
            raise ValidationError(problems)
        return MeetingInput(
            kind=self.kind_combo.currentData(),
            title=self.title_edit.text(),
            held_on=held_on,
            council_id=self.council_combo.currentData(),
            area_id=self.area_combo.currentData(),
            starts_at=clock["starts_at"],
            ends_at=clock["ends_at"],
            place=self.place_edit.text(),
            handouts=self.handouts_edit.toPlainText(),
            notes=self.notes_edit.toPlainText(),
            agenda=self.agenda_inputs(),
            attendees=self.attendee_inputs(),
        )

    # ------------------------------------------------------------------ saving and closing
    def save(self) -> bool:
        """Save and close; False (with the reasons at their fields) when it could not."""
        if self.read_only:
            return False
        self.clear_errors()
        try:
            data = self.form_input()
            if self.meeting is None:
                saved = create_meeting(self.context.db, data)
            else:
                saved = update_meeting(
                    self.context.db, self.meeting.id, data, expected_version=self.meeting.version
                )
        except ValidationError as error:
            self.show_errors(error)
            return False
        except ConflictError as error:
            show_service_error(self, error)
            self._say("保存していません。入力した内容はこのまま残っています。", ERROR_TEXT)
            return False
        except ServiceError as error:
            show_service_error(self, error)
            return False
        self.saved = saved
        self._clean = self.snapshot()
        super().accept()
        return True

    def accept(self) -> None:
        self.save()

    def reject(self) -> None:
        """Closing (キャンセル, Esc, ×) asks first when something typed is not saved."""
        if self.has_unsaved_changes():
            what = f"「{self.meeting.title}」" if self.meeting else "新しい会議"
            choice = ask_save_changes(self, what)
            if choice == Choice.SAVE:
                self.save()
                return
            if choice == Choice.CANCEL:
                return
        super().reject()

    def keyPressEvent(self, event) -> None:
        """Enter that finishes a table cell must not press 「保存」 (the dialog's default)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            tables = (self.agenda_table, self.attendee_table)
            if focus is not None and any(t is focus or t.isAncestorOf(focus) for t in tables):
                event.accept()
                return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        if self.has_unsaved_changes():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    # ------------------------------------------------------------------ errors and state
    def clear_errors(self) -> None:
        for label in self.field_errors.values():
            label.clear()
            label.hide()
        for widget in self._framed:
            widget.setStyleSheet("")
        self._framed = []
        self._say("")

    def show_errors(self, error: ValidationError) -> None:
        """Each message under its field (rows of a table under the table), the field framed."""
        self.clear_errors()
        shown: dict[str, list[str]] = {}
        first: QWidget | None = None
        for key, message in error.fields.items():
            base = key.split(".")[0]
            spot = "times" if base in ("starts_at", "ends_at") else base
            if spot not in self.field_errors:
                spot = "notes"
            shown.setdefault(spot, []).append(message)
            widget = self.fields.get(base)
            if widget is None:
                continue
            widgets.frame_error(widget)
            self._framed.append(widget)
            self._point_at_row(widget, key)
            first = first or widget
        for spot, messages in shown.items():
            self.field_errors[spot].setText("\n".join(messages))
            self.field_errors[spot].show()
        self._say("まだ保存していません。赤い枠の項目を直してください。", ERROR_TEXT)
        if first is not None:
            first.setFocus()

    def _point_at_row(self, widget: QWidget, key: str) -> None:
        """Choose and show the first row of a table that a message names (「11行目」)."""
        parts = key.split(".")
        if isinstance(widget, QTableWidget) and len(parts) > 1 and parts[1].isdigit():
            if widget in self._framed[:-1]:
                return  # an earlier row of this table is already chosen
            row = int(parts[1])
            widget.setCurrentCell(row, 0)
            # after the message under the table has taken its room
            QTimer.singleShot(0, widget, lambda: widgets.scroll_to_row(widget, row))

    def _lock(self) -> None:
        self.lock_label.show()
        for edit in (self.title_edit, self.start_edit, self.end_edit, self.place_edit):
            edit.setReadOnly(True)
        self.date_field.set_read_only(True)
        for edit in (self.handouts_edit, self.notes_edit):
            edit.setReadOnly(True)
        for combo in (self.kind_combo, self.council_combo, self.area_combo):
            combo.setEnabled(False)
        for table in (self.agenda_table, self.attendee_table):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for button in (
            self.add_agenda_button,
            self.remove_agenda_button,
            self.up_button,
            self.down_button,
            self.load_members_button,
            self.add_guest_button,
            self.add_attendee_button,
            self.remove_attendee_button,
        ):
            button.setEnabled(False)
        self.save_button.hide()
        self.cancel_button.setText("閉じる")
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self.setWindowTitle("会議（議事録確認済み・読むだけ）")

    def _say(self, text: str, style: str = "") -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(style)
