"""The 地域資源 list as a Qt model: rows handed in by the page, paged in as the view scrolls.

Thin on purpose: no database calls. When the view wants more rows the model emits
`fetch_requested(offset)`; the page runs the query off the GUI thread and hands the rows
back through `append_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.domain.wareki import format_wareki_short
from app.services.resources.resource import CONFIRM_DAYS_DEFAULT, ResourceRow
from app.ui.widgets.forms import one_line
from app.ui.widgets.table_model import ROW_ROLE

Index = QModelIndex | QPersistentModelIndex

NAME, READING, KINDS, AREA, SCHEDULE, OPERATOR, STATE, CONFIRMED = range(8)
HEADERS = ("名称", "ふりがな", "種類", "圏域", "開催日・時間", "運営主体", "状態", "最終確認日")
NEEDS_CONFIRMATION_ROLE = Qt.ItemDataRole.UserRole + 2
AMBER = QColor("#ffe8b0")
NOT_CONFIRMED = "未確認"


def _cell(row: ResourceRow, column: int) -> str:
    if column == NAME:
        return row.name
    if column == READING:
        return row.reading
    if column == KINDS:
        return row.kind_labels
    if column == AREA:
        return row.area_name
    if column == SCHEDULE:
        return one_line(row.schedule_text)
    if column == OPERATOR:
        return row.operator
    if column == STATE:
        return row.state_label
    return format_wareki_short(row.confirmed_on) if row.confirmed_on else NOT_CONFIRMED


class ResourceListModel(QAbstractTableModel):
    """Rows of one query plus its total; `fetchMore` asks the page for the next page."""

    fetch_requested = Signal(int)  # the offset of the rows wanted next

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ResourceRow] = []
        self._total = 0
        self._fetching = False
        self.today = date.today()
        self.confirm_days = CONFIRM_DAYS_DEFAULT

    # ------------------------------------------------------------------ what the page calls
    def set_result(self, rows: Sequence[ResourceRow], total: int) -> None:
        """Show the first page of a new query (`total` rows match it)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._total = max(total, len(self._rows))
        self._fetching = False
        self.endResetModel()

    def append_rows(self, rows: Sequence[ResourceRow]) -> None:
        """The rows asked for by `fetch_requested`; an empty page means the list ended early."""
        self._fetching = False
        known = {r.id for r in self._rows}
        fresh = [r for r in rows if r.id not in known]  # a row may have moved between pages
        if not rows:
            self._total = len(self._rows)
            return
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
        self._total = max(self._total, len(self._rows))

    def fetch_failed(self) -> None:
        """The page could not load more; allow the view to ask again later."""
        self._fetching = False

    def replace_row(self, row: ResourceRow) -> None:
        """Show a changed record in place (after 確認済みにする), keeping the scroll position."""
        index = self.find_row(row.id)
        if index is None:
            return
        self._rows[index] = row
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(HEADERS) - 1))

    def set_confirm_days(self, days: int) -> None:
        self.confirm_days = days
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, CONFIRMED))

    @property
    def total(self) -> int:
        return self._total

    @property
    def fetching(self) -> bool:
        return self._fetching

    def row_at(self, row: int) -> ResourceRow:
        return self._rows[row]

    def rows(self) -> list[ResourceRow]:
        return list(self._rows)

    def find_row(self, record_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)

    def needs_confirmation(self, row: ResourceRow) -> bool:
        return row.needs_confirmation(self.today, self.confirm_days)

    # ------------------------------------------------------------------ Qt's model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self.fetch_requested.emit(len(self._rows))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(AMBER) if self.needs_confirmation(row) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == NAME:
                return row.name
            if index.column() == CONFIRMED and self.needs_confirmation(row):
                return f"{self.confirm_days}日以上 確認していません。内容を確かめてください。"
            return None
        if role == ROW_ROLE:
            return row
        if role == NEEDS_CONFIRMATION_ROLE:
            return self.needs_confirmation(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None
