"""The options of one paper as widgets: 圏域, 会議, 協議体, 地域課題, 年度, choices, flags, text.

The lists to choose from are read by the page off the GUI thread and handed in; this form only
shows them and says when something changed. A paper's options come from app.reports.registry.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.wareki import fiscal_year, format_wareki
from app.reports.registry import (
    ALL_AREAS,
    CURRENT_MINUTES,
    NOT_CHOSEN,
    PaperKind,
    PaperOption,
    fiscal_years,
)
from app.ui.widgets.forms import fill_combo, select_data

LISTED = ("area", "meeting", "council", "issue")  # kinds whose choices come from the records
NOTHING_YET = {
    "area": "圏域が登録されていません",
    "meeting": "会議が登録されていません",
    "council": "協議体が登録されていません",
    "issue": "地域課題が登録されていません",
}
_HINT = "color: #555;"


def _combo(tip: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setMinimumContentsLength(16)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    if tip:
        combo.setToolTip(tip)
    return combo


class PaperOptionsForm(QWidget):
    """A QFormLayout of one paper's options; `values()` gives them as the registry takes them."""

    changed = Signal()
    meeting_chosen = Signal(object)  # the meeting id, when a paper also asks for its 版
    area_chosen = Signal(object)  # the area id, when a paper also asks for its 座談会

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper: PaperKind | None = None
        self.widgets: dict[str, QWidget] = {}
        self._filling = False
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.none_label = QLabel("この書類には選ぶものがありません。そのまま印刷できます。")
        self.none_label.setWordWrap(True)
        self.none_label.setStyleSheet(_HINT)

    # ------------------------------------------------------------------ building
    def show_paper(
        self,
        paper: PaperKind,
        lists: dict[str, list[tuple[str, Any]]],
        values: dict[str, Any],
    ) -> None:
        """Make the widgets of `paper`, filled from `lists` and set to `values`."""
        self._filling = True
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.none_label = QLabel(self.none_label.text())
        self.none_label.setWordWrap(True)
        self.none_label.setStyleSheet(_HINT)
        self.paper, self.widgets = paper, {}
        for option in paper.options:
            widget = self._widget(option, lists)
            self.widgets[option.name] = widget
            if option.kind == "flag":
                self.layout_.addRow(widget)
            else:
                # a 年度 is always chosen (this one unless changed): nothing to leave out
                optional = not option.required and option.kind != "fiscal_year"
                label = option.label + ("（省略可）" if optional else "")
                self.layout_.addRow(f"{label}:", widget)
        if not paper.options:
            self.layout_.addRow(self.none_label)
        self.set_values(values)
        self._filling = False

    def _widget(self, option: PaperOption, lists: dict[str, list]) -> QWidget:
        if option.kind in LISTED:
            combo = _combo()
            items = list(lists.get(option.kind, []))
            if not option.required:
                items.insert(0, (ALL_AREAS if option.kind == "area" else NOT_CHOSEN, None))
            elif not items:
                items = [(NOTHING_YET[option.kind], None)]
            fill_combo(combo, items)
            combo.setToolTip(combo.currentText())  # a long meeting title may be cut short
            combo.currentTextChanged.connect(combo.setToolTip)
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)  # list in full
            combo.currentIndexChanged.connect(self._changed)
            if option.kind == "meeting":
                combo.currentIndexChanged.connect(self._meeting_changed)
            if option.kind == "area":
                combo.currentIndexChanged.connect(self._area_changed)
            return combo
        if option.kind == "round_table":
            # read for the chosen area by the page (set_choices), like the 版 of minutes
            combo = _combo("これから開く、選んだ圏域の座談会です")
            fill_combo(combo, [(NOT_CHOSEN, None)])
            combo.currentIndexChanged.connect(self._changed)
            return combo
        if option.kind == "text":
            edit = QLineEdit()
            edit.setClearButtonEnabled(True)
            edit.setPlaceholderText("例: 本町、北公民館")
            edit.setToolTip("この言葉が名前・場所・住所にある活動だけを載せます")
            edit.textChanged.connect(self._changed)  # the page waits for typing to pause
            return edit
        if option.kind in ("fiscal_year", "choice", "revision"):
            combo = _combo()
            if option.kind == "fiscal_year":
                fill_combo(combo, fiscal_years())
                combo.setToolTip("4月から翌年3月までの年度です")
            elif option.kind == "choice":
                fill_combo(combo, [(label, value) for value, label in option.choices])
            else:
                fill_combo(combo, [(CURRENT_MINUTES, None)])
                combo.setToolTip("確認済みの古い版を印刷するときに選びます")
            combo.currentIndexChanged.connect(self._changed)
            return combo
        if option.kind == "flag":
            box = QCheckBox(option.label)
            box.toggled.connect(self._changed)
            return box
        return self._date_widget()

    def _date_widget(self) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy/MM/dd")
        shown = QLabel()
        shown.setStyleSheet(_HINT)

        def update() -> None:
            shown.setText(format_wareki(edit.date().toPython()))
            self._changed()

        edit.dateChanged.connect(update)
        shown.setText(format_wareki(edit.date().toPython()))
        row.addWidget(edit)
        row.addWidget(shown, 1)
        holder.edit = edit  # type: ignore[attr-defined]
        return holder

    # ------------------------------------------------------------------ values
    def set_values(self, values: dict[str, Any]) -> None:
        if self.paper is None:
            return
        filling, self._filling = self._filling, True
        for option in self.paper.options:
            widget, value = self.widgets[option.name], values.get(option.name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(value or "")
            elif isinstance(widget, QComboBox):
                # until the page reads the area's 座談会, keep the one asked for
                if (
                    option.kind == "round_table"
                    and value is not None
                    and widget.findData(value) < 0
                ):
                    widget.addItem(str(value), value)
                if option.kind == "fiscal_year" and value is None:
                    value = fiscal_year(date.today())
                if value is not None:
                    select_data(widget, value)
                else:  # 「指定しない」 where there is one, else the first (newest) choice
                    blanks = (i for i in range(widget.count()) if widget.itemData(i) is None)
                    widget.setCurrentIndex(next(blanks, 0 if widget.count() else -1))
            elif value is not None:
                widget.edit.setDate(QDate(value))  # type: ignore[attr-defined]
        self._filling = filling

    def values(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        if self.paper is None:
            return chosen
        for option in self.paper.options:
            widget = self.widgets[option.name]
            if isinstance(widget, QCheckBox):
                chosen[option.name] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                chosen[option.name] = widget.text().strip() or None
            elif isinstance(widget, QComboBox):
                chosen[option.name] = widget.currentData()
            else:
                chosen[option.name] = widget.edit.date().toPython()  # type: ignore[attr-defined]
        return chosen

    def labels(self) -> dict[str, str]:
        """What each combo shows now (for the default file name)."""
        return {
            name: widget.currentText()
            for name, widget in self.widgets.items()
            if isinstance(widget, QComboBox) and widget.currentData() is not None
        }

    def set_revisions(
        self, meeting_id: int | None, revisions: list[tuple[str, Any]], chosen: Any = None
    ) -> None:
        """Fill the 版 combo for the meeting it was read for (an answer for another is dropped),
        choosing `chosen` when given, else keeping the 版 chosen now."""
        combo = self.widgets.get("revision")
        if not isinstance(combo, QComboBox) or self.values().get("meeting") != meeting_id:
            return
        kept = chosen if chosen is not None else combo.currentData()
        filling, self._filling = self._filling, True
        fill_combo(combo, revisions or [(CURRENT_MINUTES, None)])
        select_data(combo, kept)
        self._filling = filling

    def round_table_option(self) -> PaperOption | None:
        if self.paper is None:
            return None
        return next((o for o in self.paper.options if o.kind == "round_table"), None)

    def set_choices(
        self, name: str, for_value: Any, values: list[tuple[str, Any]], chosen: Any = None
    ) -> bool:
        """Fill the combo of option `name` with `values` read for `for_value` of the area
        (an answer for another area is dropped), keeping `chosen` or the choice of now if it
        is still offered, else 「指定しない」. True when the chosen value changed."""
        combo = self.widgets.get(name)
        if not isinstance(combo, QComboBox) or self.values().get("area") != for_value:
            return False
        before = combo.currentData()
        kept = chosen if chosen is not None else before
        filling, self._filling = self._filling, True
        fill_combo(combo, [(NOT_CHOSEN, None), *values])
        index = combo.findData(kept) if kept is not None else 0
        combo.setCurrentIndex(max(index, 0))
        self._filling = filling
        return combo.currentData() != before

    def _area_changed(self) -> None:
        option = self.round_table_option()
        if option is None:
            return
        combo = self.widgets[option.name]
        if self._filling or not isinstance(combo, QComboBox):
            return  # the page reads the 座談会 itself once the form is shown
        # a 座談会 of the area left behind is never built into the preview
        self._filling = True
        fill_combo(combo, [(NOT_CHOSEN, None)])
        self._filling = False
        self.area_chosen.emit(self.values().get("area"))

    def _changed(self) -> None:
        if not self._filling:
            self.changed.emit()

    def _meeting_changed(self) -> None:
        if "revision" in self.widgets:
            combo = self.widgets["revision"]
            if isinstance(combo, QComboBox):
                fill_combo(combo, [(CURRENT_MINUTES, None)])
            self.meeting_chosen.emit(self.values().get("meeting"))
