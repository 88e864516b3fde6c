"""The tray beside the KJ board: issues of the area that are not on the board yet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.issues.kj_board import CardRow
from app.ui.issues.kj_board.scene import ISSUE_MIME

ID_ROLE = Qt.ItemDataRole.UserRole


def tray_text(row: CardRow) -> str:
    mark = "　［個人情報］" if row.personal else ""
    return f"【{row.urgency_label}】{row.title}{mark}\n　　{row.kind_labels}"


class TrayList(QListWidget):
    """A list whose items can be dragged onto the board (as issue ids)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)

    def mimeTypes(self) -> list[str]:
        return [ISSUE_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        ids = ",".join(str(item.data(ID_ROLE)) for item in items)
        data.setData(ISSUE_MIME, QByteArray(ids.encode()))
        return data


class TrayPanel(QWidget):
    place_requested = Signal(list)  # issue ids chosen with 「ボードに置く」

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = TrayList()
        self.list.setToolTip("ボードへドラッグするか、選んで「ボードに置く」を押してください")
        self.place_button = QPushButton("ボードに置く")
        self.place_button.setToolTip("選んだ課題をボードの見えている所に置きます（Enter）")
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.place_button)
        self.place_button.clicked.connect(self._place_chosen)
        self.list.itemActivated.connect(lambda _item: self._place_chosen())
        self.list.itemSelectionChanged.connect(self._update_button)
        self.rows: dict[int, CardRow] = {}

    def show_rows(self, rows: Sequence[CardRow]) -> None:
        self.rows = {row.issue_id: row for row in rows}
        self._fill()

    def add(self, row: CardRow) -> None:
        self.rows[row.issue_id] = row
        self._fill()

    def take(self, issue_ids: Sequence[int]) -> None:
        for issue_id in issue_ids:
            self.rows.pop(issue_id, None)
        self._fill()

    def _fill(self) -> None:
        chosen = {item.data(ID_ROLE) for item in self.list.selectedItems()}
        self.list.clear()
        ordered = sorted(self.rows.values(), key=lambda r: (-r.urgency, r.issue_id))
        for row in ordered:
            item = QListWidgetItem(tray_text(row))
            item.setData(ID_ROLE, row.issue_id)
            item.setToolTip(row.title)
            self.list.addItem(item)
            item.setSelected(row.issue_id in chosen)
        count = len(ordered)
        self.heading.setText(f"まだボードに置いていない課題（{count}件）")
        self.empty_hint.setText("すべての課題をボードに置きました。" if not count else "")
        self.empty_hint.setVisible(not count)
        self._update_button()

    def _update_button(self) -> None:
        self.place_button.setEnabled(bool(self.list.selectedItems()))

    def chosen_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self.list.selectedItems()]

    def _place_chosen(self) -> None:
        ids = self.chosen_ids()
        if ids:
            self.place_requested.emit(ids)
