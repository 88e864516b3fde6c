"""The few colours every screen shares: hints, success, errors and the yellow notice banner.

Kept in one place so that a message means the same colour on every page (and passes the same
contrast check) wherever it is shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

HINT = "color: #555;"
OK = "color: #2e7d32;"
ERROR_TEXT = "color: #c62828;"
NOTICE = "background: #fff8e1; border: 1px solid #e0c060; padding: 8px; color: #5d4200;"


def notice_label(text: str) -> QLabel:
    """A wrapped yellow banner over a form (a locked record, a filed 議事録)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTICE)
    return label
