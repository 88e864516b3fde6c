"""The search box and filters above the 地域資源 list; they only describe a ResourceFilter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.db.engine import Database
from app.domain.enums import ResourceCategory, ResourceKind, ResourceState
from app.services.resources.resource import CONFIRM_DAYS_DEFAULT, ResourceFilter
from app.services.setup import areas
from app.ui.widgets.forms import fill_combo, select_data

SEARCH_DELAY_MS = 250  # search-as-you-type (text or days) waits this long after the last key


def _combo(first: str, items, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    for text, value in items:
        combo.addItem(text, value)
    combo.setToolTip(tip)
    return combo


class ResourceFilterBar(QWidget):
    """Row 1: search and 要確認. Row 2: area, view, kind, state (and room for a count on the
    right). `changed` fires at once for the filters and after a short pause for typing."""

    changed = Signal()
    confirm_days_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layer1: set[int] = set()
        self.search = QLineEdit()
        self.search.setPlaceholderText("名称・ふりがな・住所・団体名などで検索（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.flush)

        self.unconfirmed_check = QCheckBox("要確認のみ")
        self.unconfirmed_check.setToolTip("長く確認していない地域資源だけを表示します")
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 3650)
        self.days_spin.setSingleStep(30)
        self.days_spin.setValue(CONFIRM_DAYS_DEFAULT)
        self.days_spin.setToolTip("この日数より前に確認したもの（未確認を含む）を要確認とします")
        days_label = QLabel("日以上 確認していない")
        days_label.setBuddy(self.days_spin)
        self.unconfirmed_check.toggled.connect(self.changed)
        self._days_timer = QTimer(self)  # typing 400 is not three queries, for 4, 40 and 400
        self._days_timer.setSingleShot(True)
        self._days_timer.setInterval(SEARCH_DELAY_MS)
        self._days_timer.timeout.connect(self._days_settled)
        self.days_spin.valueChanged.connect(lambda _days: self._days_timer.start())
        self.days_spin.editingFinished.connect(self.flush)

        self.area_combo = _combo("すべての圏域", [], "圏域で絞り込みます")
        self.category_combo = _combo(
            "すべての見方",
            [(c.label, c.value) for c in ResourceCategory],
            "4つの見方で絞り込みます",
        )
        self.kind_combo = _combo(
            "すべての種類", [(k.label, k.value) for k in ResourceKind], "種類で絞り込みます"
        )
        self.state_combo = _combo(
            "すべての状態", [(s.label, s.value) for s in ResourceState], "状態で絞り込みます"
        )
        self.area_combo.setMinimumContentsLength(8)
        for combo in self.combos():
            combo.currentIndexChanged.connect(self.changed)

        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(self.search, 1)
        first.addSpacing(12)
        first.addWidget(self.unconfirmed_check)
        first.addWidget(self.days_spin)
        first.addWidget(days_label)
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
        return [self.area_combo, self.category_combo, self.kind_combo, self.state_combo]

    def tab_chain(self) -> list[QWidget]:
        return [self.search, self.unconfirmed_check, self.days_spin, *self.combos()]

    # ------------------------------------------------------------------ reading the filters
    def current(self, today: date | None = None) -> ResourceFilter:
        return ResourceFilter(
            text=self.search.text(),
            area_id=self.area_combo.currentData(),
            category=self.category_combo.currentData(),
            kind=self.kind_combo.currentData(),
            state=self.state_combo.currentData(),
            unconfirmed_days=self.days_spin.value() if self.unconfirmed_check.isChecked() else None,
            today=today or date.today(),
        )

    def narrowed(self) -> bool:
        """Whether anything but the whole list is asked for."""
        return (
            bool(self.search.text().strip())
            or self.unconfirmed_check.isChecked()
            or any(combo.currentData() is not None for combo in self.combos())
        )

    def pending(self) -> bool:
        """Typed text or days are waiting for the pause before they are searched."""
        return self._timer.isActive() or self._days_timer.isActive()

    # ------------------------------------------------------------------ changing them
    def flush(self) -> None:
        """Search now (Enter, or leaving the box) instead of waiting for the pause."""
        typed, days = self._timer.isActive(), self._days_timer.isActive()
        self._timer.stop()
        self._days_timer.stop()
        if days:
            self.confirm_days_changed.emit(self.days_spin.value())
        if typed or (days and self.unconfirmed_check.isChecked()):
            self.changed.emit()

    def reload_areas(self, db: Database) -> None:
        rows = areas.list_areas(db)
        self._layer1 = {a.id for a in rows if a.layer == 1}
        items = [("すべての圏域", None)] + [(a.name, a.id) for a in rows if a.layer != 1]
        self.area_combo.blockSignals(True)
        fill_combo(self.area_combo, items)
        self.area_combo.blockSignals(False)

    def follow_area(self, area_id: int | None) -> None:
        """The toolbar's area: a district narrows the list; the whole town (第1層) shows all."""
        wanted = None if area_id is None or area_id in self._layer1 else area_id
        if self.area_combo.currentData() != wanted:
            select_data(self.area_combo, wanted)

    def clear(self) -> None:
        for widget in (self, *self.combos()):
            widget.blockSignals(True)
        self.search.clear()
        self._timer.stop()
        self.unconfirmed_check.setChecked(False)
        for combo in self.combos():
            combo.setCurrentIndex(0)
        for widget in (self, *self.combos()):
            widget.blockSignals(False)
        self.changed.emit()

    def _days_settled(self) -> None:
        """The days stopped changing: recolour the 要確認 rows, and search if they filter."""
        self.confirm_days_changed.emit(self.days_spin.value())
        if self.unconfirmed_check.isChecked():
            self.changed.emit()
