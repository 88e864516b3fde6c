"""The 開催日 and 状態 pages of the 資源登録 wizard (split out to keep each module short)."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import WEEKDAYS, Frequency, ResourceState
from app.domain.wareki import DATE_EXAMPLES, WarekiError, format_wareki, parse_date
from app.ui.resources.text import as_time
from app.ui.resources.wizard_pages import (
    NONE_CHOICE,
    ResourcePage,
    group_frame,
    hint,
    line_edit,
    new_form,
)
from app.ui.widgets.forms import select_data

DEFAULT_START = time(10, 0)
SHOWN_MINUTES = 120  # a blank end is shown (greyed) this long after the start, and so on
NO_COUNT = "指定なし"  # 月N回 without N: the spin box's lowest value, saved as None


def _row(*widgets: QWidget, stretch: bool = True, name: str = "") -> QWidget:
    row = group_frame(name) if name else QWidget()
    layout = QHBoxLayout(row)
    margin = 2 if name else 0  # a group keeps room for its error frame
    layout.setContentsMargins(margin, margin, margin, margin)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return row


def _time_edit() -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setMinimumWidth(90)
    return edit


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _shift(value: time, minutes: int) -> time:
    """`value` moved by `minutes`, kept within the day."""
    total = min(max(value.hour * 60 + value.minute + minutes, 0), 23 * 60 + 59)
    return time(total // 60, total % 60)


class SchedulePage(ResourcePage):
    """Shows and gives back exactly what the record holds: a start without an end, an end
    without a start, 月N回 without N, and the fields of another frequency an import filled in
    (kept while the frequency is left as it was)."""

    def __init__(self) -> None:
        super().__init__(
            "開催日", "いつ開いているかを選んでください。決まっていなければ「不定期」で進めます。"
        )
        self._kept: dict = {}
        self.frequency_combo = QComboBox()
        self.frequency_combo.addItem(NONE_CHOICE, None)
        for frequency in Frequency:
            self.frequency_combo.addItem(frequency.label, frequency.value)
        self.frequency_combo.setMinimumWidth(160)
        self.frequency_combo.currentIndexChanged.connect(self._frequency_changed)
        self.times_spin = QSpinBox()
        self.times_spin.setRange(0, 31)  # 0 shows 「指定なし」 and is saved as no count
        self.times_spin.setSpecialValueText(NO_COUNT)
        self.times_spin.setPrefix("月 ")
        self.times_spin.setSuffix(" 回")
        self.times_spin.setMinimumWidth(110)
        self.week_boxes = {n: QCheckBox(f"第{n}") for n in range(1, 6)}
        self.weeks = _row(*self.week_boxes.values(), name="nth_week")
        self.day_boxes = {d: QCheckBox(d) for d in WEEKDAYS}
        self.days = _row(*self.day_boxes.values(), name="weekdays")
        self.start_edit = _time_edit()
        self.end_edit = _time_edit()
        self.no_time_check = QCheckBox("時間を決めない")
        self.no_start_check = QCheckBox("開始時刻を決めない")
        self.no_end_check = QCheckBox("終了時刻を決めない")
        for check in (self.no_time_check, self.no_start_check, self.no_end_check):
            check.toggled.connect(self._update_times)
        self.hours = _row(self.start_edit, QLabel("～"), self.end_edit, self.no_time_check)
        self.open_ends = _row(self.no_start_check, self.no_end_check)
        self.note_edit = line_edit("例: 祝日は休み、雨天中止、8月は休み")
        self.form = new_form()
        self.form.add("頻度", _row(self.frequency_combo))
        self.times_row = _row(self.times_spin)
        self.form.add("月の回数", self.times_row)
        self.form.add("第何週", self.weeks)
        self.form.add("曜日", self.days)
        self.form.add("時間", self.hours)
        self.form.add("", self.open_ends)
        self.form.add("補足", self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(
            hint("例: 「第N曜日」で第1と第3、曜日で「月」を選ぶと「第1・第3 月曜」になります。")
        )
        self.bind_errors(
            {
                "frequency": self.frequency_combo,
                "times_per_month": self.times_spin,
                "nth_week": self.weeks,
                "weekdays": self.days,
                "starts_at": self.start_edit,
                "ends_at": self.end_edit,
                "schedule_note": self.note_edit,
            }
        )
        self.finish_layout(layout)
        self.fill({})

    def _frequency_changed(self) -> None:
        frequency = self.frequency_combo.currentData()
        self.form.setRowVisible(self.times_row, frequency == Frequency.MONTHLY)
        self.form.setRowVisible(self.weeks, frequency == Frequency.NTH_WEEKDAY)

    def _update_times(self) -> None:
        timed = not self.no_time_check.isChecked()
        self.no_start_check.setEnabled(timed)
        self.no_end_check.setEnabled(timed)
        self.start_edit.setEnabled(timed and not self.no_start_check.isChecked())
        self.end_edit.setEnabled(timed and not self.no_end_check.isChecked())

    def set_times(self, start: time | None, end: time | None) -> None:
        """Show the hours. Neither is 「時間を決めない」; a missing one has its own check box
        (the greyed time beside it is only what unticking it starts from)."""
        self.no_time_check.setChecked(start is None and end is None)
        self.no_start_check.setChecked(start is None and end is not None)
        self.no_end_check.setChecked(end is None and start is not None)
        if start is None:
            start = DEFAULT_START if end is None else _shift(end, -SHOWN_MINUTES)
        self.start_edit.setTime(_qtime(start))
        self.end_edit.setTime(_qtime(_shift(start, SHOWN_MINUTES) if end is None else end))
        self._update_times()

    def times(self) -> tuple[time | None, time | None]:
        if self.no_time_check.isChecked():
            return None, None
        start = None if self.no_start_check.isChecked() else self.start_edit.time().toPython()
        end = None if self.no_end_check.isChecked() else self.end_edit.time().toPython()
        return start, end

    def values(self) -> dict:
        frequency = self.frequency_combo.currentData()
        as_filled = frequency == self._kept.get("frequency")
        if frequency == Frequency.MONTHLY:
            times_per_month = self.times_spin.value() or None
        else:
            times_per_month = self._kept.get("times_per_month") if as_filled else None
        if frequency == Frequency.NTH_WEEKDAY:
            nth_week = ",".join(str(n) for n, box in self.week_boxes.items() if box.isChecked())
        else:
            nth_week = self._kept.get("nth_week", "") if as_filled else ""
        starts_at, ends_at = self.times()
        return {
            "frequency": frequency,
            "times_per_month": times_per_month,
            "nth_week": nth_week,
            "weekdays": "".join(d for d, box in self.day_boxes.items() if box.isChecked()),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "schedule_note": self.note_edit.text(),
        }

    def fill(self, values: dict) -> None:
        select_data(self.frequency_combo, values.get("frequency"))
        times_per_month = _as_int(values.get("times_per_month"))
        nth_week = str(values.get("nth_week") or "")
        self._kept = {
            "frequency": self.frequency_combo.currentData(),
            "times_per_month": times_per_month,
            "nth_week": nth_week,
        }
        self.times_spin.setValue(times_per_month or 0)
        weeks = {_as_int(n) for n in nth_week.split(",")}
        for n, box in self.week_boxes.items():
            box.setChecked(n in weeks)
        days = values.get("weekdays") or ""
        for day, box in self.day_boxes.items():
            box.setChecked(day in days)
        self.set_times(as_time(values.get("starts_at")), as_time(values.get("ends_at")))
        self.note_edit.setText(values.get("schedule_note") or "")
        self._frequency_changed()

    def check(self) -> dict[str, str]:
        values = self.values()
        errors = {}
        if values["frequency"] == Frequency.NTH_WEEKDAY:
            if not values["nth_week"]:
                errors["nth_week"] = "第何週に開くかを選んでください（例: 第1と第3）。"
            if not values["weekdays"]:
                errors["weekdays"] = "何曜日に開くかを選んでください。"
        return errors


class StatePage(ResourcePage):
    def __init__(self) -> None:
        super().__init__("状態", "いまの状態と、住民向け資料に載せてよいかを選んでください。")
        self.state_group = QButtonGroup(self)
        self.state_radios: dict[str, QRadioButton] = {}
        for state in ResourceState:
            radio = QRadioButton(state.label)
            self.state_group.addButton(radio)
            self.state_radios[state.value] = radio
        self.states = _row(*self.state_radios.values(), name="state")
        self.unused_check = QCheckBox("未活用（地域にあるのに、まだ十分に活かされていない）")
        self.publishable_check = QCheckBox("住民向け資料に載せてよい（掲載可）")
        self.confirmed_edit = line_edit(f"例: {DATE_EXAMPLES}")
        self.confirmed_edit.setMinimumWidth(220)
        self.today_button = QPushButton("今日")
        self.today_button.setToolTip("最終確認日を今日にします")
        self.today_button.clicked.connect(self._set_today)
        self.confirmed_by_edit = line_edit("例: 佐藤")
        self.confirmed_by_edit.setMaximumWidth(280)
        form = new_form()
        form.add("状態", self.states)
        form.add("", self.unused_check)
        form.add("住民向け資料", self.publishable_check)
        form.add("最終確認日", _row(self.confirmed_edit, self.today_button))
        form.add("確認した人", _row(self.confirmed_by_edit))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                "最終確認日は、内容が今も正しいと確かめた日です。"
                "空欄にすると「未確認」として一覧で目立たせます。"
            )
        )
        self.bind_errors(
            {
                "state": self.states,
                "unused": self.unused_check,
                "publishable": self.publishable_check,
                "confirmed_on": self.confirmed_edit,
                "confirmed_by": self.confirmed_by_edit,
            }
        )
        self.finish_layout(layout)

    def _set_today(self) -> None:
        self.confirmed_edit.setText(format_wareki(date.today()))

    def values(self) -> dict:
        state = next((v for v, r in self.state_radios.items() if r.isChecked()), "")
        return {
            "state": state,
            "unused": self.unused_check.isChecked(),
            "publishable": self.publishable_check.isChecked(),
            "confirmed_on": self.confirmed_edit.text(),
            "confirmed_by": self.confirmed_by_edit.text(),
        }

    def fill(self, values: dict) -> None:
        radio = self.state_radios.get(values.get("state") or ResourceState.ACTIVE.value)
        if radio is not None:
            radio.setChecked(True)
        self.unused_check.setChecked(bool(values.get("unused")))
        self.publishable_check.setChecked(bool(values.get("publishable", True)))
        self.confirmed_edit.setText(_date_text(values.get("confirmed_on")))
        self.confirmed_by_edit.setText(values.get("confirmed_by") or "")


def _date_text(value) -> str:
    """A date as 和暦 text; a draft's ISO date is read back; anything else is shown as typed."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return format_wareki(value)
    try:
        return format_wareki(date.fromisoformat(value))
    except ValueError:
        pass
    try:
        return format_wareki(parse_date(value))
    except WarekiError:
        return str(value)
