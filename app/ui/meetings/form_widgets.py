"""Pieces of the 会議 forms: the 和暦 date field, time text, the red error frame, and the
editable agenda (議題) and attendance (出席者) tables with the helpers that fill and read them.

Shared by the meeting dialog and the 定期開催 plan dialog; the tables are plain QTableWidgets
(a subclass would change the class name that frame_error's style sheet selects on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app.domain.enums import Attendance
from app.domain.wareki import WarekiError, format_wareki, parse_date
from app.services.meetings.meeting import AgendaInput, AttendeeInput
from app.ui.widgets.forms import select_data

ERROR_BORDER = "border: 2px solid #c62828;"
_HINT = "color: #555;"
TIME_HINT = "例: 13:30、午後1時半"
STATUSES = [(a.label, a.value) for a in Attendance]


def time_text(value: time | None) -> str:
    return f"{value.hour}:{value.minute:02d}" if value else ""


class DateField(QWidget):
    """A date typed in 和暦 or 西暦 with a calendar button; the reading is shown beside it."""

    changed = Signal()

    def __init__(self, placeholder: str = "例: R8.11.26、令和8年11月26日") -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMinimumWidth(150)
        self.button = QToolButton()
        self.button.setText("カレンダー")
        self.button.setToolTip("カレンダーから日付を選びます")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._show_current)
        self.button.setMenu(menu)
        self.reading = QLabel()
        self.reading.setStyleSheet(_HINT)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 2)
        row.addWidget(self.button)
        row.addWidget(self.reading, 3)
        self.edit.textChanged.connect(self._typed)

    def text(self) -> str:
        return self.edit.text()

    def set_date(self, value: date | None) -> None:
        self.edit.setText(format_wareki(value) if value else "")

    def value(self) -> date | None:
        """The date typed; None when blank. Raises WarekiError when it cannot be read."""
        text = self.edit.text().strip()
        return parse_date(text) if text else None

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def _typed(self) -> None:
        try:
            value = self.value()
        except WarekiError:
            self.reading.setText("")
        else:
            self.reading.setText(self._reading(value))
        self.changed.emit()

    def _reading(self, value: date | None) -> str:
        """The typed date in 和暦 with its weekday; just the weekday when typed that way."""
        if value is None:
            return ""
        if self.edit.text().strip() == format_wareki(value):
            return f"（{format_wareki(value, weekday=True)[-2]}曜日）"
        return format_wareki(value, weekday=True)

    def _show_current(self) -> None:
        try:
            value = self.value()
        except WarekiError:
            value = None
        value = value or date.today()
        self.calendar.setSelectedDate(QDate(value.year, value.month, value.day))

    def _picked(self, chosen: QDate) -> None:
        self.set_date(date(chosen.year(), chosen.month(), chosen.day()))
        self.button.menu().hide()
        self.edit.setFocus()


def frame_error(widget: QWidget) -> None:
    """A red frame on the widget itself (a plain style sheet would frame every cell too)."""
    name = type(widget).__name__
    widget.setStyleSheet(f"{name} {{ {ERROR_BORDER} }}")


def scroll_to_row(table: QTableWidget, row: int) -> None:
    item = table.item(row, 0)
    if item is not None:
        table.scrollToItem(item)


def small_button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


# ---------------------------------------------------------------------- the two tables
def edit_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 14)
    table.setTabKeyNavigation(False)  # Tab leaves the table, as in every other field
    return table


def agenda_table(presenter_width: int) -> QTableWidget:
    """議題 and 説明者; the title takes the room left."""
    table = edit_table(["議題", "説明者"])
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(1, presenter_width)
    return table


def attendee_table(name_width: int, status_width: int) -> QTableWidget:
    """氏名, 職名・所属 (the room left) and 出欠 (a choice in each row)."""
    table = edit_table(["氏名", "職名・所属", "出欠"])
    header = table.horizontalHeader()
    table.setColumnWidth(0, name_width)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(2, status_width)
    return table


def table_box(
    title: str,
    table: QTableWidget,
    buttons: Iterable[QPushButton],
    error: QLabel,
    above: QWidget | None = None,
) -> QGroupBox:
    """A framed table with its buttons in a row below and its error message under them."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    if above is not None:
        layout.addWidget(above)
    layout.addWidget(table)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    layout.addWidget(error)
    return box


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


def remove_current_row(table: QTableWidget) -> bool:
    """Remove the chosen row; False when none is chosen."""
    row = table.currentRow()
    if row < 0:
        return False
    table.removeRow(row)
    return True


def move_current_row(table: QTableWidget, step: int) -> None:
    """Swap the chosen row with the one `step` away, keeping it chosen."""
    row = table.currentRow()
    target = row + step
    if row < 0 or not 0 <= target < table.rowCount():
        return
    taken = [table.takeItem(row, c) for c in range(table.columnCount())]
    others = [table.takeItem(target, c) for c in range(table.columnCount())]
    for column, (mine, theirs) in enumerate(zip(taken, others, strict=True)):
        table.setItem(target, column, mine)
        table.setItem(row, column, theirs)
    table.setCurrentCell(target, table.currentColumn())


def add_agenda_row(
    table: QTableWidget,
    title: str = "",
    presenter: str = "",
    item_id: int | None = None,
    focus: bool = True,
) -> int:
    """Append an agenda item; with `focus`, choose it (and start typing when it is blank)."""
    row = table.rowCount()
    table.insertRow(row)
    first = QTableWidgetItem(title)
    first.setData(Qt.ItemDataRole.UserRole, item_id)
    table.setItem(row, 0, first)
    table.setItem(row, 1, QTableWidgetItem(presenter))
    if focus:
        table.setCurrentCell(row, 0)
        if not title:
            table.setFocus()
            table.editItem(first)
    return row


def agenda_inputs(table: QTableWidget) -> tuple[AgendaInput, ...]:
    items = []
    for row in range(table.rowCount()):
        first = table.item(row, 0)
        item_id = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
        items.append(AgendaInput(cell_text(table, row, 0), cell_text(table, row, 1), item_id))
    return tuple(items)


def add_attendee_row(
    table: QTableWidget,
    name: str,
    title: str,
    status: str,
    ids: tuple[int | None, int | None],
    enabled: bool,
    on_change: Callable[[], None],
    edit: bool = False,
) -> int:
    """Append a person with an 出欠 choice; `on_change` runs now and whenever it is changed.
    `ids` are the person's and the attendance row's ids; `edit` starts typing the name."""
    row = table.rowCount()
    table.blockSignals(True)
    table.insertRow(row)
    first = QTableWidgetItem(name)
    first.setData(Qt.ItemDataRole.UserRole, ids)
    table.setItem(row, 0, first)
    table.setItem(row, 1, QTableWidgetItem(title))
    combo = QComboBox()
    for label, value in STATUSES:
        combo.addItem(label, value)
    select_data(combo, status)
    combo.currentIndexChanged.connect(lambda _i: on_change())
    combo.setEnabled(enabled)
    table.setCellWidget(row, 2, combo)
    table.blockSignals(False)
    on_change()
    if edit:
        table.setCurrentCell(row, 0)
        table.scrollToItem(first)
        table.setFocus()
        table.editItem(first)
    return row


def attendee_inputs(table: QTableWidget) -> tuple[AttendeeInput, ...]:
    rows = []
    for row in range(table.rowCount()):
        first = table.item(row, 0)
        ids = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
        person_id, row_id = ids if ids else (None, None)
        combo = table.cellWidget(row, 2)
        status = combo.currentData() if combo is not None else Attendance.PRESENT.value
        rows.append(
            AttendeeInput(
                cell_text(table, row, 0), cell_text(table, row, 1), status, person_id, row_id
            )
        )
    return tuple(rows)


def attendance_summary(people: Iterable[AttendeeInput]) -> str:
    """「出席 3人・欠席 1人・傍聴 0人」, counting only the rows with a name."""
    counts = {value: 0 for _label, value in STATUSES}
    for person in people:
        if person.name and person.status in counts:
            counts[person.status] += 1
    present = counts[Attendance.PRESENT.value]
    absent = counts[Attendance.ABSENT.value]
    guests = counts[Attendance.GUEST.value]
    return f"出席 {present}人・欠席 {absent}人・傍聴 {guests}人"
