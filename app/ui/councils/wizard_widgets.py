"""Small pieces the council wizard's pages share: dates typed or picked, and the page base."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.domain.wareki import DATE_EXAMPLES, WarekiError, format_wareki, parse_date
from app.services.errors import FieldErrors, ValidationError
from app.services.validate import reading_text
from app.ui.resources.wizard_pages import ResourcePage, WizardForm, line_edit

LABEL_EMS = 10  # the longest label (協議体の名前（必須）) sets every page's label column


class CouncilForm(WizardForm):
    """The wizard's form: labels equally wide on every page, so fields do not jump."""

    def add(self, text: str, field) -> QLabel:
        label = super().add(text, field)
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance("あ") * LABEL_EMS)
        return label


def as_date(text: str) -> date | None:
    """Typed 和暦 or 西暦 text as a date; blank is None. Raises WarekiError."""
    return parse_date(text) if text and text.strip() else None


def date_or_none(text: str) -> date | None:
    try:
        return as_date(text)
    except WarekiError:
        return None


def date_text(value) -> str:
    """A date (or a draft's ISO text) as 和暦; anything unreadable is shown as it was typed."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return format_wareki(value)
    try:
        return format_wareki(date.fromisoformat(str(value)))
    except ValueError:
        pass
    try:
        return format_wareki(parse_date(str(value)))
    except WarekiError:
        return str(value)


class CalendarButton(QToolButton):
    """「カレンダー」: a month view that drops down; a click or Enter picks the day."""

    picked = Signal(object)  # a datetime.date

    def __init__(self, current: Callable[[], date | None], text: str = "カレンダー") -> None:
        super().__init__()
        self._current = current
        self.setText(text)
        self.setToolTip("カレンダーから日付を選びます")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # room for the drop-down arrow, which would otherwise sit on the last letter
        self.setStyleSheet("QToolButton { padding: 3px 18px 3px 8px; }")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._show_current)
        self.setMenu(menu)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def _show_current(self) -> None:
        day = self._current() or date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setFocus()

    def _pick(self, day: QDate) -> None:
        self.menu().hide()
        self.picked.emit(day.toPython())


class DateField(QWidget):
    """A date typed in 和暦 or 西暦 (R8.4.1, 令和8年4月1日, 2026/4/1) or picked on a calendar."""

    def __init__(self, placeholder: str = f"例: {DATE_EXAMPLES}") -> None:
        super().__init__()
        self.edit = line_edit(placeholder)
        self.edit.setMinimumWidth(300)
        self.edit.editingFinished.connect(self._tidy)
        self.button = CalendarButton(lambda: date_or_none(self.text()))
        self.button.picked.connect(self.set_date)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, value) -> None:
        self.edit.setText(date_text(value))
        self.edit.setCursorPosition(0)

    def set_date(self, day: date) -> None:
        self.edit.setText(format_wareki(day))
        self.edit.setFocus()

    def _tidy(self) -> None:
        """Show what was typed (R8.4.1) as it will be read (令和8年4月1日)."""
        day = date_or_none(self.text())
        if day is not None:
            self.edit.setText(format_wareki(day))


class CouncilPage(ResourcePage):
    """One step of the council wizard. `owns` says which service field keys it shows."""

    def owns(self, key: str) -> bool:
        return key in self.field_names

    def show_errors(self, fields: dict[str, str]) -> None:
        self.errors.show(ValidationError(fields))


def reading_error(key: str, value: str) -> dict[str, str]:
    errors = FieldErrors()
    reading_text(errors, key, value)
    return errors.fields
