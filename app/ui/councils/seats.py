"""The council's seats as one table model that the 構成員 and 役職と任期 pages both show.

A seat names a registered person, an organisation, or a person added on the spot; its term
dates are kept as typed (和暦 or 西暦) until the wizard reads them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from app.domain.enums import MemberRole
from app.domain.wareki import format_wareki
from app.services.councils.council import MemberInput, MemberRow
from app.ui.councils.wizard_widgets import date_or_none, date_text


@dataclass
class Seat:
    """One row of the members table, as the wizard edits it (dates are text as typed)."""

    person_id: int | None = None
    organization_id: int | None = None
    new_name: str = ""  # a person added on the spot
    new_reading: str = ""
    new_organization_id: int | None = None
    role: str = MemberRole.MEMBER.value
    title: str = ""
    starts_on: str = ""
    ends_on: str = ""
    id: int | None = None  # an existing seat being edited
    name: str = ""  # the chosen person's or organisation's name, for showing
    reading: str = ""
    belongs_to: str = ""

    @property
    def is_new(self) -> bool:
        return self.person_id is None and self.organization_id is None

    @property
    def shown_name(self) -> str:
        return self.new_name if self.is_new else self.name

    @property
    def key(self) -> tuple[str, int] | None:
        if self.person_id is not None:
            return ("person", self.person_id)
        if self.organization_id is not None:
            return ("organization", self.organization_id)
        return None


Index = QModelIndex | QPersistentModelIndex
NAME, READING, BELONGS, ROLE, TITLE, STARTS, ENDS = range(7)
HEADERS = ("名前", "ふりがな", "所属・種類", "役職", "職名", "任期の始まり", "任期の終わり")
FIELD_COLUMN = {  # the `what` of a service key members.N.what
    "name": NAME,
    "reading": READING,
    "organization": BELONGS,
    "role": ROLE,
    "title": TITLE,
    "starts_on": STARTS,
    "ends_on": ENDS,
}
ERROR_BACKGROUND = QColor("#ffebee")
_SEAT_KEYS = {f.name for f in fields(Seat)}


def seat_from_row(row: MemberRow) -> Seat:
    """An existing seat of the council being edited."""
    return Seat(
        person_id=row.person_id,
        organization_id=row.organization_id if row.person_id is None else None,
        role=row.role,
        title=row.title,
        starts_on=date_text(row.starts_on),
        ends_on=date_text(row.ends_on),
        id=row.id,
        name=row.name,
        reading=row.reading,
        belongs_to=row.belongs_to,
    )


def seat_from_draft(values: dict) -> Seat:
    return Seat(**{k: v for k, v in values.items() if k in _SEAT_KEYS})


def term_end(start: date, years: int) -> date:
    """The last day of a term of `years` years from `start` (R8.4.1 + 2年 → R10.3.31)."""
    try:
        after = start.replace(year=start.year + years)
    except ValueError:  # 2月29日
        after = start.replace(year=start.year + years, day=28) + timedelta(days=1)
    return after - timedelta(days=1)


class SeatModel(QAbstractTableModel):
    """The council's seats in table order; cells the service refused are marked."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._seats: list[Seat] = []
        self.errors: dict[tuple[int, int], str] = {}

    # -- rows
    def seats(self) -> list[Seat]:
        return list(self._seats)

    def set_seats(self, seats: list[Seat]) -> None:
        self.beginResetModel()
        self._seats = list(seats)
        self.errors = {}
        self.endResetModel()

    def add(self, seats: list[Seat]) -> None:
        if not seats:
            return
        first = len(self._seats)
        self.beginInsertRows(QModelIndex(), first, first + len(seats) - 1)
        self._seats.extend(seats)
        self.endInsertRows()

    def remove(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._seats[row]
            self.endRemoveRows()
        self.set_errors({})

    def update_all(self, **changes) -> None:
        self._seats = [replace(s, **changes) for s in self._seats]
        if self._seats:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._seats) - 1, ENDS))

    def set_errors(self, errors: dict[tuple[int, int], str]) -> None:
        self.errors = dict(errors)
        if self._seats:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._seats) - 1, ENDS))

    def member_inputs(self) -> tuple[MemberInput, ...]:
        """The seats as the service takes them; dates that cannot be read are left out."""
        return tuple(
            MemberInput(
                person_id=s.person_id,
                organization_id=s.organization_id,
                new_name=s.new_name if s.is_new else "",
                new_reading=s.new_reading if s.is_new else "",
                new_organization_id=s.new_organization_id if s.is_new else None,
                role=s.role,
                title=s.title,
                starts_on=date_or_none(s.starts_on),
                ends_on=date_or_none(s.ends_on),
                id=s.id,
            )
            for s in self._seats
        )

    def draft(self) -> list[dict]:
        return [asdict(s) for s in self._seats]

    # -- Qt
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._seats)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return HEADERS[section]
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        seat = self._seats[index.row()]
        if index.column() in (ROLE, TITLE, STARTS, ENDS) or (
            seat.is_new and index.column() in (NAME, READING)
        ):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def _text(self, seat: Seat, column: int) -> str:
        if column == NAME:
            return seat.shown_name
        if column == READING:
            return seat.new_reading if seat.is_new else seat.reading
        if column == BELONGS:
            return seat.belongs_to
        if column == ROLE:
            return MemberRole(seat.role).label if seat.role in set(MemberRole) else seat.role
        if column == TITLE:
            return seat.title
        return seat.starts_on if column == STARTS else seat.ends_on

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        seat = self._seats[index.row()]
        error = self.errors.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(seat, index.column())
        if role == Qt.ItemDataRole.EditRole:
            return seat.role if index.column() == ROLE else self._text(seat, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return QBrush(ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            if error:
                return error
            if index.column() == NAME and seat.is_new:
                return "その場で追加した人（立ち上げるときに人の一覧にも登録します）"
            return self._text(seat, index.column()) or None  # the whole of a cut-off cell
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (READING, BELONGS):
            return QBrush(QColor("#444"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        seat = self._seats[row]
        text = str(value or "").strip()
        if column == NAME:
            seat.new_name = text
        elif column == READING:
            seat.new_reading = text
        elif column == ROLE:
            seat.role = str(value)
        elif column == TITLE:
            seat.title = text
        elif column in (STARTS, ENDS):
            day = date_or_none(text)
            text = format_wareki(day) if day else text
            if column == STARTS:
                seat.starts_on = text
            else:
                seat.ends_on = text
        else:
            return False
        self.errors.pop((row, column), None)
        self.dataChanged.emit(index, index)
        return True


class RoleDelegate(QStyledItemDelegate):
    """役職 chosen from the five roles in a drop-down."""

    def createEditor(self, parent: QWidget, option, index) -> QWidget:
        combo = QComboBox(parent)
        for role in MemberRole:
            combo.addItem(role.label, role.value)
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QComboBox, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SeatTable(QTableView):
    """Enter moves down a row, as in a spreadsheet, instead of going to the next page.

    Without this, QWizard takes Enter as 次へ, and a person finishing a cell would be carried
    to the next page by surprise.
    """

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid() and index.row() + 1 < self.model().rowCount():
                self.setCurrentIndex(self.model().index(index.row() + 1, index.column()))
            event.accept()
            return
        super().keyPressEvent(event)


def seat_table(model: SeatModel, columns: tuple[int, ...]) -> QTableView:
    """A table of the seats showing `columns`; arrows, F2 or typing edit a cell."""
    table = SeatTable()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.SelectedClicked
    )
    table.setTabKeyNavigation(False)  # Tab leaves the table, as in every other field
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setItemDelegateForColumn(ROLE, RoleDelegate(table))
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 14)
    for column in range(len(HEADERS)):
        table.setColumnHidden(column, column not in columns)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table
