"""The search box and filters above the 地域課題 list; they only describe an IssueFilter (and
whether the 第1層 inbox is shown). `query_issues` reads what they describe."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from app.db.engine import Database
from app.domain.enums import LEVELS, IssueKind, IssueSource, IssueState
from app.services.issues.issue import IssueFilter, IssueRow, list_issues, received_by_layer1
from app.services.setup import areas
from app.ui.widgets.forms import fill_combo, select_data

SEARCH_DELAY_MS = 250  # search-as-you-type waits this long after the last key


def _combo(first: str, items, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    for text, value in items:
        combo.addItem(text, value)
    combo.setToolTip(tip)
    return combo


class IssueFilterBar(QWidget):
    """Row 1: search and the 第1層 inbox. Row 2: area, kind, urgency, state, source (and room
    for the count). `changed` fires at once for the filters and after a pause for typing."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layer1: set[int] = set()
        self.search = QLineEdit()
        self.search.setPlaceholderText("見出し・中身・圏域・種類などで検索（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.flush)
        self.inbox_check = QCheckBox("第1層に引き継がれた課題")
        self.inbox_check.setToolTip("各圏域から第1層へ引き継がれた課題だけを、新しい順に表示します")
        self.inbox_check.toggled.connect(self._inbox_toggled)
        self.area_combo = _combo("すべての圏域", [], "圏域で絞り込みます")
        self.area_combo.setMinimumContentsLength(8)
        self.kind_combo = _combo(
            "すべての種類", [(k.label, k.value) for k in IssueKind], "課題の種類で絞り込みます"
        )
        self.urgency_combo = _combo(
            "緊急度すべて",
            [(f"緊急度 {LEVELS[v]}", v) for v in sorted(LEVELS, reverse=True)],
            "緊急度で絞り込みます",
        )
        self.state_combo = _combo(
            "すべての状態", [(s.label, s.value) for s in IssueState], "状態で絞り込みます"
        )
        self.source_combo = _combo(
            "すべてのきっかけ", [(s.label, s.value) for s in IssueSource], "きっかけで絞り込みます"
        )
        for combo in self.combos():
            combo.currentIndexChanged.connect(self.changed)
        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(self.search, 1)
        first.addSpacing(12)
        first.addWidget(self.inbox_check)
        self.second = QHBoxLayout()
        self.second.setContentsMargins(0, 0, 0, 0)
        for combo in self.combos():
            self.second.addWidget(combo)
        self.second.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(self.second)

    def combos(self) -> list[QComboBox]:
        return [
            self.area_combo,
            self.kind_combo,
            self.urgency_combo,
            self.state_combo,
            self.source_combo,
        ]

    def tab_chain(self) -> list[QWidget]:
        return [self.search, self.inbox_check, *self.combos()]

    def current(self) -> IssueFilter:
        return IssueFilter(
            text=self.search.text(),
            area_id=self.area_combo.currentData(),
            kind=self.kind_combo.currentData(),
            urgency=self.urgency_combo.currentData(),
            state=None if self.inbox() else self.state_combo.currentData(),
            source=self.source_combo.currentData(),
        )

    def inbox(self) -> bool:
        return self.inbox_check.isChecked()

    def narrowed(self) -> bool:
        return (
            bool(self.search.text().strip())
            or self.inbox()
            or any(combo.currentData() is not None for combo in self.combos())
        )

    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Search now (Enter) instead of waiting for the pause."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def _inbox_toggled(self, on: bool) -> None:
        self.state_combo.setEnabled(not on)  # the inbox holds handed-over issues only
        self.changed.emit()

    def reload_areas(self, db: Database) -> None:
        rows = areas.list_areas(db)
        self._layer1 = {a.id for a in rows if a.layer == 1}
        items = [("すべての圏域", None)]
        items += [(f"全域（{a.name}）" if a.layer == 1 else a.name, a.id) for a in rows]
        self.area_combo.blockSignals(True)
        fill_combo(self.area_combo, items)
        self.area_combo.blockSignals(False)

    def follow_area(self, area_id: int | None) -> None:
        """The toolbar's area: a district narrows the list; the whole town (第1層) shows all."""
        wanted = None if area_id is None or area_id in self._layer1 else area_id
        if self.area_combo.currentData() != wanted:
            select_data(self.area_combo, wanted)

    def clear(self) -> None:
        """Everything shown again (for show_issue of an issue the filters hide)."""
        widgets = (self, self.inbox_check, *self.combos())
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self._timer.stop()
        self.inbox_check.setChecked(False)
        self.state_combo.setEnabled(True)
        for combo in self.combos():
            combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self.changed.emit()


def query_issues(db: Database, flt: IssueFilter, inbox: bool) -> tuple[list[IssueRow], bool]:
    """The rows to show and whether any issue exists at all (for the empty list's text)."""
    if inbox:
        handed = replace(flt, state=IssueState.HANDED_OVER.value)
        matching = {r.id for r in list_issues(db, handed)}
        rows = [r for r in received_by_layer1(db) if r.id in matching]
    else:
        rows = list_issues(db, flt)
    anything = bool(rows) or bool(list_issues(db))
    return rows, anything
