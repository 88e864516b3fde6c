"""定期開催の予定: a regular council's meetings entered ahead, with the dates shown as they
will be saved (「第2火曜日」 or 「毎月10日」), so nobody has to count calendar weeks by hand."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import parse_clock
from app.domain.enums import MeetingKind
from app.domain.wareki import WEEKDAYS, WarekiError, format_wareki
from app.services.councils.council import CouncilRow
from app.services.errors import ServiceError, ValidationError
from app.services.meetings.meeting import MeetingRow, list_meetings
from app.services.meetings.planning import PLAN_MAX, PlanInput, plan_dates, plan_meetings
from app.ui.context import AppContext
from app.ui.meetings.form_widgets import TIME_HINT, DateField, frame_error, time_text
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import hbox
from app.ui.widgets.styles import ERROR_TEXT, HINT


def slot_texts(first: date) -> tuple[str, str]:
    """How the two ways of repeating read for `first`: 「第2火曜日」 and 「10日」."""
    nth = (first.day - 1) // 7 + 1
    weekday = f"第{nth}{WEEKDAYS[first.weekday()]}曜日"
    if nth == 5:  # most months have no fifth: plan_dates then takes the fourth, the last
        weekday += "。ない月は第4（最終）"
    return weekday, f"{first.day}日"


class PlanDialog(QDialog):
    """Plan a council's meetings. After accept, `saved` holds the new MeetingRows."""

    def __init__(
        self, context: AppContext, council: CouncilRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.council = council
        self.saved: list[MeetingRow] = []
        held = list_meetings(context.db, council_id=council.id, kind=MeetingKind.COUNCIL)
        self._next_number = len(held) + 1
        self.setWindowTitle(f"定期開催の予定を作る — {council.name}")
        self._build()
        if held:  # the newest meeting's time and place are the likeliest again
            latest = held[0]
            self.start_edit.setText(time_text(latest.starts_at))
            self.end_edit.setText(time_text(latest.ends_at))
            self.place_edit.setText(latest.place)
        self._wire()
        self.update_preview()
        self.resize(760, 620)

    def _build(self) -> None:
        intro = QLabel(
            f"「{self.council.name}」の会議を、決まった間隔でまとめて登録します。"
            f"会議名は「第{self._next_number}回」から順に付きます。"
            "日付は右の一覧で確かめてから登録してください。"
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT)
        self.first_field = DateField()
        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, 12)
        self.every_spin.setValue(1)
        self.every_spin.setSuffix(" か月ごと")
        self.every_spin.setMinimumWidth(130)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, PLAN_MAX)
        self.count_spin.setValue(6)
        self.count_spin.setSuffix(" 回")
        self.count_spin.setMinimumWidth(100)
        self.weekday_radio = QRadioButton("同じ曜日")
        self.day_radio = QRadioButton("同じ日付")
        self.weekday_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.weekday_radio)
        group.addButton(self.day_radio)
        self.start_edit = QLineEdit()
        self.end_edit = QLineEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setPlaceholderText(TIME_HINT)
            edit.setMinimumWidth(130)
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText("例: 北公民館 2階 会議室")

        every = QWidget()
        every_row = QHBoxLayout(every)
        every_row.setContentsMargins(0, 0, 0, 0)
        every_row.addWidget(self.every_spin)
        every_row.addWidget(self.count_spin)
        every_row.addStretch(1)
        repeat = QWidget()
        repeat_rows = QVBoxLayout(repeat)
        repeat_rows.setContentsMargins(0, 0, 0, 0)
        repeat_rows.addWidget(self.weekday_radio)
        repeat_rows.addWidget(self.day_radio)
        times = hbox(self.start_edit, QLabel("～"), self.end_edit)

        self.error_labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, name, widget in (
            ("1回目の日", "first_on", self.first_field),
            ("間隔・回数", "every", every),
            ("くり返し方", "repeat", repeat),
            ("時間", "times", times),
            ("場所", "place", self.place_edit),
        ):
            form.addRow(label, self._with_error(name, widget))

        self.preview = QListWidget()
        self.preview.setAlternatingRowColors(True)
        self.preview.setWordWrap(True)  # the hint before a first date is longer than a row
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview.setStyleSheet("QListWidget::item { padding: 3px 4px; }")
        preview_box = QVBoxLayout()
        self.preview_label = QLabel("登録される会議")
        self.preview_label.setStyleSheet("font-weight: bold;")
        preview_box.addWidget(self.preview_label)
        preview_box.addWidget(self.preview, 1)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(preview_box, 2)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton("予定を登録する")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("キャンセル")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        root = QVBoxLayout(self)
        root.addWidget(intro)
        root.addLayout(columns, 1)
        root.addLayout(buttons)
        self.fields: dict[str, QWidget] = {
            "first_on": self.first_field.edit,
            "every_months": self.every_spin,
            "count": self.count_spin,
            "starts_at": self.start_edit,
            "ends_at": self.end_edit,
            "place": self.place_edit,
        }

    def _with_error(self, name: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(ERROR_TEXT)
        label.hide()
        layout.addWidget(label)
        self.error_labels[name] = label
        return box

    def _wire(self) -> None:
        self.first_field.changed.connect(self.update_preview)
        self.every_spin.valueChanged.connect(self.update_preview)
        self.count_spin.valueChanged.connect(self.update_preview)
        self.weekday_radio.toggled.connect(self.update_preview)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    # ------------------------------------------------------------------ reading
    def plan_input(self) -> PlanInput:
        """The plan as typed; ValidationError for a date or time that cannot be read."""
        problems: dict[str, str] = {}
        first = None
        try:
            first = self.first_field.value()
        except WarekiError as error:
            problems["first_on"] = str(error)
        else:
            if first is None:
                problems["first_on"] = "1回目の日を入力してください（例: R8.11.26）。"
        clock: dict[str, time | None] = {}
        for name, edit in (("starts_at", self.start_edit), ("ends_at", self.end_edit)):
            try:
                clock[name] = parse_clock(edit.text())
            except ValueError as error:
                problems[name] = str(error)
        if problems:
            raise ValidationError(problems)
        assert first is not None
        return PlanInput(
            council_id=self.council.id,
            first_on=first,
            every_months=self.every_spin.value(),
            count=self.count_spin.value(),
            same_weekday=self.weekday_radio.isChecked(),
            starts_at=clock["starts_at"],
            ends_at=clock["ends_at"],
            place=self.place_edit.text(),
        )

    def preview_texts(self) -> list[str]:
        return [self.preview.item(i).text() for i in range(self.preview.count())]

    def update_preview(self) -> None:
        """The dates as they will be saved, with the repeat choices named for the first day."""
        self.preview.clear()
        try:
            first = self.first_field.value()
        except WarekiError as error:
            self.preview_label.setText("登録される会議")
            self.preview.addItem(str(error))
            return
        if first is None:
            self.weekday_radio.setText("同じ曜日（例: 毎回 第2火曜日）")
            self.day_radio.setText("同じ日付（例: 毎回 10日）")
            self.preview_label.setText("登録される会議")
            self.preview.addItem("1回目の日を入れると、ここに日付が並びます。")
            return
        weekday, day = slot_texts(first)
        self.weekday_radio.setText(f"同じ曜日（毎回 {weekday}）")
        short_months = "。ない月は月末" if first.day > 28 else ""
        self.day_radio.setText(f"同じ日付（毎回 {day}{short_months}）")
        plan = PlanInput(
            council_id=self.council.id,
            first_on=first,
            every_months=self.every_spin.value(),
            count=self.count_spin.value(),
            same_weekday=self.weekday_radio.isChecked(),
        )
        days = plan_dates(plan)
        self.preview_label.setText(f"登録される会議（{len(days)}回）")
        for n, day_ in enumerate(days, start=self._next_number):
            self.preview.addItem(f"第{n}回　{format_wareki(day_, weekday=True)}")

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        self._clear_errors()
        try:
            saved = plan_meetings(self.context.db, self.plan_input())
        except ValidationError as error:
            self._show_errors(error)
            return False
        except ServiceError as error:
            show_service_error(self, error)
            return False
        self.saved = saved
        super().accept()
        return True

    def accept(self) -> None:
        self.save()

    def _clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()
        for widget in self.fields.values():
            widget.setStyleSheet("")
        self.message_label.clear()

    def _show_errors(self, error: ValidationError) -> None:
        spots = {"every_months": "every", "count": "every", "starts_at": "times"}
        spots["ends_at"] = "times"
        shown: dict[str, list[str]] = {}
        first = None
        for key, message in error.fields.items():
            spot = spots.get(key, key)
            if spot not in self.error_labels:
                spot = "place"
            shown.setdefault(spot, []).append(message)
            widget = self.fields.get(key)
            if widget is not None:
                frame_error(widget)
                first = first or widget
        for spot, messages in shown.items():
            self.error_labels[spot].setText("\n".join(messages))
            self.error_labels[spot].show()
        self.message_label.setText("まだ登録していません。赤い枠の項目を直してください。")
        self.message_label.setStyleSheet(ERROR_TEXT)
        if first is not None:
            first.setFocus()
