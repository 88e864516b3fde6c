"""The import wizard's tables: the first rows of a sheet, and one line per row's verdict.

Thin models over plain data (SheetData rows, RowVerdict), no database calls; the wizard's pages
(import_wizard_pages.py) show them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.resources.import_rows import RowVerdict
from app.services.resources.table_files import SheetData
from app.ui.widgets.table_model import Index

SHOWN_ROWS = 15
STATUS_COLOURS = {
    "import": "#e8f5e9",
    "duplicate": "#fff3cd",
    "error": "#fde2e2",
    "skip": "#eeeeee",
}
HEADER_COLOUR = "#ffe08a"


def column_name(index: int) -> str:
    """The spreadsheet's letters for a 0-based column: A … Z, AA, AB …"""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class SheetGridModel(QAbstractTableModel):
    """The first rows of a sheet as the spreadsheet shows them; the header row highlighted."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self._width = 0
        self.header_row = 0

    def set_sheet(self, sheet: SheetData | None, header_row: int) -> None:
        self.beginResetModel()
        shown = max(SHOWN_ROWS, header_row + 4)
        self._rows = [list(r) for r in sheet.rows[:shown]] if sheet else []
        self._width = max((len(r) for r in self._rows), default=0)
        self.header_row = header_row
        self.endResetModel()

    def set_header_row(self, row: int) -> None:
        self.header_row = row
        if self._rows:
            last = self.index(len(self._rows) - 1, max(self._width - 1, 0))
            self.dataChanged.emit(self.index(0, 0), last)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._width

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = row[index.column()] if index.column() < len(row) else ""
            return text if len(text) <= 40 else text[:40] + "…"
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.header_row:
            return QBrush(QColor(HEADER_COLOUR))
        if role == Qt.ItemDataRole.FontRole and index.row() == self.header_row:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_name(section)
        mark = "見出し→ " if section == self.header_row else ""
        return f"{mark}{section + 1}"


class VerdictModel(QAbstractTableModel):
    """One line per data row: 行, 判定, 名称, 理由・注意; coloured by the verdict."""

    HEADERS = ("行", "判定", "名称", "理由・注意")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[RowVerdict] = []

    def set_rows(self, rows: list[RowVerdict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RowVerdict:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        verdict = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(verdict, index.column(), role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLOURS[verdict.status]))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(verdict: RowVerdict, column: int, full: bool) -> str:
        if column == 0:
            return str(verdict.row_number)
        if column == 1:
            return verdict.status_label
        if column == 2:
            return verdict.name if full or len(verdict.name) <= 30 else verdict.name[:30] + "…"
        text = " ".join([verdict.reason, *verdict.warnings]).strip()
        return text if full or len(text) <= 200 else text[:200] + "…"

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
