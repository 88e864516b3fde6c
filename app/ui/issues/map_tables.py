"""The small lists under both tables of 課題の整理: the issues of a cell or a row, and the
resources that could answer them. Each row keeps its record id for opening it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
)

from app.domain.enums import ResourceKind
from app.services.issues.issue import IssueRow
from app.services.issues.needs import ResourceBrief

ID_ROLE = Qt.ItemDataRole.UserRole
HINT = "color: #555;"
URGENCY_COLOURS = {3: "#c62828", 2: "#8d6e00", 1: "#555555"}  # text colours of 高・中・低
UNUSED_COLOUR = "#6a1b9a"

ISSUE_COLUMNS = ("緊急度", "見出し", "種類", "状態", "圏域")
RESOURCE_COLUMNS = ("名称", "種類", "圏域", "状態")


FRAME = "#1565c0"
CHOSEN_FILL = "#e6f0fb"  # a chosen cell that has no colour of its own


class FramedSelection(QStyledItemDelegate):
    """Marks the chosen cell (or row) with a frame instead of a fill, so that the colours
    that carry meaning (shades of a count, the red of a gap) stay visible when chosen."""

    def __init__(self, whole_row: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.whole_row = whole_row

    def paint(self, painter, option, index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        plain = QStyleOptionViewItem(option)
        plain.state = option.state & ~QStyle.StateFlag.State_Selected
        if selected and index.data(Qt.ItemDataRole.BackgroundRole) is None:
            painter.fillRect(option.rect, QColor(CHOSEN_FILL))  # over the view's dark fill
        super().paint(painter, plain, index)
        if not selected:
            return
        painter.save()
        painter.setPen(QPen(QColor(FRAME), 3))
        r = option.rect.adjusted(1, 1, -2, -2)
        if not self.whole_row:
            painter.drawRect(r)
        else:
            painter.drawLine(r.topLeft(), r.topRight())
            painter.drawLine(r.bottomLeft(), r.bottomRight())
            if index.column() == 0:
                painter.drawLine(r.topLeft(), r.bottomLeft())
            if index.column() == index.model().columnCount() - 1:
                painter.drawLine(r.topRight(), r.bottomRight())
        painter.restore()


def list_widget(columns: Sequence[str], stretch: int, tooltip: str) -> QTableWidget:
    """A read-only list of whole rows, one chosen at a time, the `stretch` column widest."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.setToolTip(tooltip)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def issue_list() -> QTableWidget:
    return list_widget(ISSUE_COLUMNS, 1, "ダブルクリック（または Enter）で、その課題を開きます。")


def resource_list() -> QTableWidget:
    return list_widget(
        RESOURCE_COLUMNS, 0, "ダブルクリック（または Enter）で、その地域資源を開きます。"
    )


def _item(text: str, record_id: int, colour: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(ID_ROLE, record_id)
    item.setToolTip(text)
    if colour:
        item.setForeground(QBrush(QColor(colour)))
    return item


def fill_issues(table: QTableWidget, issues: Sequence[IssueRow]) -> None:
    table.setRowCount(len(issues))
    for row, issue in enumerate(issues):
        values = (
            issue.urgency_label,
            issue.title,
            issue.kind_labels,
            issue.state_label,
            issue.areas_text,
        )
        for column, value in enumerate(values):
            colour = URGENCY_COLOURS.get(issue.urgency) if column == 0 else None
            cell = _item(value, issue.id, colour)
            if column == 0:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, column, cell)


def fill_resources(table: QTableWidget, resources: Sequence[ResourceBrief]) -> None:
    table.setRowCount(len(resources))
    for row, brief in enumerate(resources):
        state = "未活用" if brief.unused else brief.state_label
        values = (
            brief.name,
            "・".join(ResourceKind(k).label for k in brief.kinds),
            brief.area_name or "町全域",
            state,
        )
        for column, value in enumerate(values):
            colour = UNUSED_COLOUR if brief.unused and column == 3 else None
            table.setItem(row, column, _item(value, brief.id, colour))


def record_id(table: QTableWidget, row: int) -> int | None:
    item = table.item(row, 0)
    return item.data(ID_ROLE) if item is not None else None
