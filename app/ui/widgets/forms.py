"""Form helpers: errors shown at their fields, the unsaved-changes question, combo boxes."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
    QWizard,
)

from app.services.errors import ValidationError

_ERROR_STYLE = "border: 2px solid #c62828;"
MISSING_CHOICE = "（一覧にない項目：選び直してください）"


class ErrorDisplay:
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


class Choice(StrEnum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_save_changes(parent: QWidget, what: str) -> Choice:
    """Ask 保存する / 保存しない / キャンセル, as Windows programs do, before edits are dropped."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("保存していない変更があります")
    box.setText(f"{what}の変更をまだ保存していません。保存しますか？")
    save = box.addButton("保存する", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("保存しない", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("キャンセル", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Choice.SAVE
    if clicked is discard:
        return Choice.DISCARD
    return Choice.CANCEL


def select_data(combo: QComboBox, value: Any) -> None:
    """Select the item whose data equals `value` (None matches an item stored with None)."""
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            combo.setCurrentIndex(i)
            return
    if value is None:
        combo.setCurrentIndex(0)
        return
    # The record points at something no longer listed (moved to the trash, say). Show that
    # instead of a blank choice, which would silently drop the link on the next save.
    combo.addItem(MISSING_CHOICE, value)
    combo.setCurrentIndex(combo.count() - 1)


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, Any]]) -> None:
    """Replace a combo's items, keeping the chosen one when it is still there."""
    chosen = combo.currentData() if combo.currentIndex() >= 0 else None
    had_choice = combo.currentIndex() >= 0
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.blockSignals(False)
    if had_choice:
        select_data(combo, chosen)
    else:
        combo.setCurrentIndex(-1)


def one_line(text: str) -> str:
    """Multi-line text as one table cell."""
    return " ".join(text.split())


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question whose safe answer (いいえ) is the default."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def name_wizard_buttons(
    wizard: QWizard, finish: str, cancel: str = "やめる", commit: str | None = None
) -> None:
    """Japanese texts on a wizard's buttons (Qt's own would be English or generic)."""
    texts = {
        QWizard.WizardButton.NextButton: "次へ",
        QWizard.WizardButton.BackButton: "戻る",
        QWizard.WizardButton.FinishButton: finish,
        QWizard.WizardButton.CancelButton: cancel,
    }
    if commit is not None:
        texts[QWizard.WizardButton.CommitButton] = commit
    for button, text in texts.items():
        wizard.setButtonText(button, text)


def list_table(model: QAbstractItemModel) -> QTableView:
    """A read-only list: whole rows selected one at a time, no row numbers, no wrapping."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    return table


def hbox(*widgets: QWidget, stretch: bool = True) -> QWidget:
    """The widgets side by side on one row without margins (a time range, a field and its
    button), pushed to the left unless `stretch` is off."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return row
