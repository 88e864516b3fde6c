"""The 構成員 and 役職と任期 pages of the council wizard, over one shared table of seats.

Both pages show the same SeatModel through their own columns, so a seat added on one page is
on the other. Errors the service names as `members.N.what` mark the cell.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.domain.wareki import WarekiError, format_wareki
from app.services.councils.council import TERM_MAX_YEARS, actor_coverage
from app.services.errors import FieldErrors
from app.services.validate import reading_text
from app.ui.context import AppContext
from app.ui.councils.member_dialogs import MemberPickerDialog, NewMemberDialog
from app.ui.councils.seats import (
    BELONGS,
    ENDS,
    FIELD_COLUMN,
    NAME,
    READING,
    ROLE,
    STARTS,
    TITLE,
    Seat,
    SeatModel,
    seat_from_draft,
    seat_table,
    term_end,
)
from app.ui.councils.wizard_widgets import (
    CalendarButton,
    CouncilPage,
    DateField,
    as_date,
    date_or_none,
)
from app.ui.resources.wizard_pages import hint


class SeatPage(CouncilPage):
    """A page whose errors may point at cells of the seats table."""

    columns: tuple[int, ...] = ()

    def __init__(self, title: str, subtitle: str, model: SeatModel) -> None:
        super().__init__(title, subtitle)
        self.model = model
        self.table = seat_table(model, self.columns)
        self._cells_marked = False
        model.dataChanged.connect(self._mended)

    def _mended(self, *_args) -> None:
        """Once every marked cell has been corrected, the messages about them go too."""
        if self._cells_marked and not self.model.errors:
            self._cells_marked = False
            self.error_label.hide()

    def owns(self, key: str) -> bool:
        parts = key.split(".")
        if parts[0] == "members" and len(parts) == 3:
            return FIELD_COLUMN.get(parts[2]) in self.columns_owned
        return key in self.field_names

    columns_owned: tuple[int, ...] = ()

    def show_errors(self, fields_: dict[str, str]) -> None:
        cells: dict[tuple[int, int], str] = {}
        others = {}
        for key, message in fields_.items():
            parts = key.split(".")
            if parts[0] == "members" and len(parts) == 3 and parts[1].isdigit():
                cells[(int(parts[1]), FIELD_COLUMN.get(parts[2], NAME))] = message
            else:
                others[key] = message
        if others:
            super().show_errors(others)
        else:
            self.errors.clear()
        self.model.set_errors(cells)
        self._cells_marked = bool(cells) and not others
        self.error_label.setText("\n".join(fields_.values()))
        self.error_label.show()
        if cells and not others:
            row, column = min(cells)
            self.table.setCurrentIndex(self.model.index(row, column))
            self.table.scrollTo(self.model.index(row, column))
            self.table.setFocus()

    def clear_errors(self) -> None:
        self.errors.clear()
        self.model.set_errors({})


# ---------------------------------------------------------------------- 3 構成員


class MembersPage(SeatPage):
    columns = (NAME, READING, BELONGS, TITLE)
    columns_owned = (NAME, READING, BELONGS, TITLE)

    def __init__(self, context: AppContext, model: SeatModel) -> None:
        super().__init__(
            "構成員",
            "一覧から人や団体を選ぶか、まだ登録していない人をその場で追加してください。"
            "役職と任期は次のページで決めます。",
            model,
        )
        self.context = context
        self.picker: MemberPickerDialog | None = None
        self.new_member: NewMemberDialog | None = None
        for column, width in ((NAME, 120), (READING, 120), (BELONGS, 150)):
            self.table.setColumnWidth(column, width)
        self.pick_button = QPushButton("一覧から選ぶ(&A)…")
        self.pick_button.setToolTip("登録済みの人や団体を、名前やふりがなで探して加えます")
        self.pick_button.clicked.connect(self.open_picker)
        self.new_button = QPushButton("その場で追加(&N)…")
        self.new_button.setToolTip("まだ登録していない人を、名前を入れて加えます")
        self.new_button.clicked.connect(self.open_new_member)
        self.remove_button = QPushButton("選んだ行を削除(&D)")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pick_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(buttons)
        left.addWidget(self.error_label)
        self.coverage_list = QListWidget()
        self.coverage_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.coverage_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.coverage_list.setWordWrap(True)
        self.coverage_note = QLabel()
        self.coverage_note.setWordWrap(True)
        box = QGroupBox("加わってほしい主体")
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(
            hint(
                "地域の多様な主体がそろうと、話し合いが広がります。足りない主体に声をかけましょう。"
            )
        )
        box_layout.addWidget(self.coverage_list, 1)
        box_layout.addWidget(self.coverage_note)
        box.setMinimumWidth(250)
        box.setMaximumWidth(290)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(box)
        self.bind_errors({})
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.refresh_coverage)
        model.dataChanged.connect(self._data_changed)

    def _data_changed(self, top_left, bottom_right, _roles=()) -> None:
        if top_left.column() <= NAME <= bottom_right.column():
            self.refresh_coverage()

    def initializePage(self) -> None:
        self.refresh_coverage()

    def refresh_coverage(self, *_args) -> None:
        self.coverage_list.clear()
        coverage = actor_coverage(self.context.db, self.model.member_inputs())
        for item in coverage:
            if item.covered:
                text = f"✓ {item.label}\n　{'、'.join(item.members)}"
                colour = QColor("#1b5e20")
            else:
                text = f"－ {item.label}\n　まだいません"
                colour = QColor("#777")
            entry = QListWidgetItem(text)
            entry.setForeground(QBrush(colour))
            self.coverage_list.addItem(entry)
        missing = sum(not item.covered for item in coverage)
        self.coverage_note.setText(
            f"まだいない主体: {missing}種類" if missing else "すべての種類の主体がそろっています。"
        )

    def taken(self) -> set[tuple[str, int]]:
        return {s.key for s in self.model.seats() if s.key is not None}

    def open_picker(self) -> None:
        self.picker = MemberPickerDialog(self.context, self.taken(), self)
        self.picker.accepted.connect(self._picked)
        self.picker.open()

    def _picked(self) -> None:
        if self.picker is not None:
            self._add(self.picker.chosen)

    def open_new_member(self) -> None:
        area_id = self.wizard().area_page.values()["area_id"] if self.wizard() else None
        self.new_member = NewMemberDialog(self.context, area_id, self)
        self.new_member.accepted.connect(self._added_on_the_spot)
        self.new_member.open()

    def _added_on_the_spot(self) -> None:
        if self.new_member is not None and self.new_member.seat is not None:
            self._add([self.new_member.seat])

    def _add(self, seats: list[Seat]) -> None:
        first = self.model.rowCount()
        self.model.add([replace(s) for s in seats])
        if seats:
            self.table.setCurrentIndex(self.model.index(first, NAME))
            self.table.setFocus()

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedIndexes()}
        if not rows and self.table.currentIndex().isValid():
            rows = {self.table.currentIndex().row()}
        self.model.remove(sorted(rows))

    def values(self) -> dict:
        return {"members": self.model.draft()}

    def fill(self, values: dict) -> None:
        self.model.set_seats([seat_from_draft(m) for m in values.get("members") or []])

    def check(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for n, seat in enumerate(self.model.seats()):
            if seat.is_new and not seat.new_name.strip():
                errors[f"members.{n}.name"] = (
                    f"{n + 1}行目の構成員に名前がありません。"
                    "氏名を入力するか、要らない行なら「選んだ行を削除」で消してください。"
                )
            if seat.is_new:
                sub = FieldErrors()
                reading_text(sub, f"members.{n}.reading", seat.new_reading)
                for key, message in sub.fields.items():
                    errors[key] = f"{n + 1}行目: {message}"
        return errors


# ---------------------------------------------------------------------- 4 役職と任期


class TermsPage(SeatPage):
    columns = (NAME, ROLE, TITLE, STARTS, ENDS)
    columns_owned = (ROLE, STARTS, ENDS)

    def __init__(self, model: SeatModel) -> None:
        super().__init__(
            "役職と任期",
            "役職を選び、任期を入れてください。日付は「R8.4.1」「令和8年4月1日」でも入ります。",
            model,
        )
        for column, width in ((NAME, 120), (ROLE, 200), (STARTS, 150), (ENDS, 150)):
            self.table.setColumnWidth(column, width)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.term_start = DateField()
        self.term_start.edit.setMinimumWidth(200)
        self.years_spin = QSpinBox()
        self.years_spin.setRange(1, TERM_MAX_YEARS)
        self.years_spin.setValue(2)
        self.years_spin.setSuffix(" 年間")
        self.years_spin.setMinimumWidth(90)
        self.same_term_button = QPushButton("全員に同じ任期を入れる(&S)")
        self.same_term_button.clicked.connect(self.set_same_term)
        self.pick_button = CalendarButton(self._current_date, "カレンダーで選ぶ(&C)")
        self.pick_button.setToolTip("選んでいる行の任期の日付を、カレンダーから選びます")
        self.pick_button.picked.connect(self._picked)
        start_label = QLabel("始まり(&T)")
        start_label.setBuddy(self.term_start.edit)
        helper = QGroupBox("全員の任期をそろえる")
        row = QHBoxLayout(helper)
        row.addWidget(start_label)
        row.addWidget(self.term_start)
        row.addWidget(QLabel("から"))
        row.addWidget(self.years_spin)
        row.addWidget(self.same_term_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        tools = QHBoxLayout()
        tools.addWidget(
            hint("役職のセルで F2 キーを押すかダブルクリックすると、一覧から選べます。"), 1
        )
        tools.addWidget(self.pick_button)
        layout.addLayout(tools)
        layout.addWidget(helper)
        self.bind_errors({"term_start": self.term_start.edit})
        layout.addWidget(self.error_label)

    def initializePage(self) -> None:
        if not self.term_start.text():
            established = self.wizard().purpose_page.values()["established_on"]
            self.term_start.setText(established or format_wareki(date.today()))

    def _current_date(self) -> date | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        column = index.column() if index.column() in (STARTS, ENDS) else STARTS
        return date_or_none(self.model.index(index.row(), column).data() or "")

    def _picked(self, day: date) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        column = index.column() if index.column() in (STARTS, ENDS) else STARTS
        target = self.model.index(index.row(), column)
        self.model.setData(target, format_wareki(day))
        self.table.setCurrentIndex(target)
        self.table.setFocus()

    def set_same_term(self) -> None:
        try:
            start = as_date(self.term_start.text()) or date.today()
        except WarekiError as error:
            self.show_errors({"term_start": f"任期の始まり: {error}"})
            return
        self.clear_errors()
        self.error_label.hide()
        end = term_end(start, self.years_spin.value())
        self.term_start.setText(start)
        self.model.update_all(starts_on=format_wareki(start), ends_on=format_wareki(end))

    def values(self) -> dict:
        return {"term_start": self.term_start.text(), "term_years": self.years_spin.value()}

    def fill(self, values: dict) -> None:
        self.term_start.setText(values.get("term_start"))
        years = values.get("term_years")
        self.years_spin.setValue(years if isinstance(years, int) else 2)

    def check(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for n, seat in enumerate(self.model.seats()):
            days = {}
            for what, label, text in (
                ("starts_on", "始まり", seat.starts_on),
                ("ends_on", "終わり", seat.ends_on),
            ):
                try:
                    days[what] = as_date(text)
                except WarekiError as error:
                    errors[f"members.{n}.{what}"] = f"{n + 1}行目の任期の{label}: {error}"
            starts, ends = days.get("starts_on"), days.get("ends_on")
            if starts and ends and ends < starts:
                errors[f"members.{n}.ends_on"] = (
                    f"{n + 1}行目の任期の終わりが始まりより前になっています。"
                    "日付を確かめてください。"
                )
            elif starts and ends and (ends - starts).days > 366 * TERM_MAX_YEARS:
                errors[f"members.{n}.ends_on"] = (
                    f"{n + 1}行目の任期が{TERM_MAX_YEARS}年を超えています。年を確かめてください。"
                )
        return errors
