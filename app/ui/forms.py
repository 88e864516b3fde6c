"""Form helpers: show a ValidationError at the fields it names, and clear it on the next try."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.services.errors import ValidationError

_ERROR_STYLE = "border: 2px solid #c62828;"


class FieldErrors:
    """Binds field names to widgets and one message label; marks the widgets a service named."""

    def __init__(self, message_label: QLabel, fields: dict[str, QWidget]) -> None:
        self._label = message_label
        self._fields = fields
        self._label.setWordWrap(True)
        self._label.setStyleSheet("color: #c62828;")
        self._label.hide()

    def clear(self) -> None:
        self._label.clear()
        self._label.hide()
        for widget in self._fields.values():
            if widget.styleSheet() == _ERROR_STYLE:
                widget.setStyleSheet("")

    def show(self, error: ValidationError) -> None:
        """Mark each named field, list every message, and put the cursor on the first field."""
        self.clear()
        self._label.setText("\n".join(error.fields.values()))
        self._label.show()
        first = None
        for name in error.fields:
            widget = self._fields.get(name)
            if widget is not None:
                widget.setStyleSheet(_ERROR_STYLE)
                first = first or widget
        if first is not None:
            first.setFocus()
