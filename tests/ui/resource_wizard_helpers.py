"""What the 資源登録 wizard tests do again and again: open it, click, move on, read errors."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QRadioButton, QTimeEdit, QWizard

from app.domain.enums import ResourceKind
from app.services.setup.areas import list_areas
from app.ui.resources.wizard import ResourceWizard

ERROR = "c62828"
Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
Discard = QMessageBox.StandardButton.Discard


def area_id(db, name: str) -> int:
    return next(a.id for a in list_areas(db) if a.name == name)


def answer_message_boxes(monkeypatch) -> dict:
    """QMessageBox.question answers from a list (Yes by default) and records each question;
    QMessageBox.warning is recorded instead of shown."""
    record: dict = {"questions": [], "answers": [], "warnings": []}

    def question(_parent, _title, text, *_args, **_kwargs):
        record["questions"].append(text)
        return record["answers"].pop(0) if record["answers"] else Yes

    def warning(_parent, title, text, *_args, **_kwargs):
        record["warnings"].append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    return record


def open_wizard(qtbot, context, resource=None) -> ResourceWizard:
    wizard = ResourceWizard(context, resource)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def click(qtbot, widget) -> None:
    """Click as a person does: check and radio boxes on their box, not in the empty space
    to the right of their label (which does not toggle them)."""
    if isinstance(widget, QCheckBox | QRadioButton):
        pos = QPoint(8, widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_next(qtbot, wizard) -> None:
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))


def press_finish(qtbot, wizard) -> None:
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def type_time(qtbot, edit: QTimeEdit, text: str) -> None:
    edit.setFocus()
    edit.setSelectedSection(QTimeEdit.Section.HourSection)
    qtbot.keyClicks(edit, text)


def marked(widget) -> bool:
    return ERROR in widget.styleSheet()


def go_to(qtbot, wizard, page) -> None:
    while wizard.currentPage() is not page:
        before = wizard.currentId()
        press_next(qtbot, wizard)
        assert wizard.currentId() != before, wizard.currentPage().error_label.text()


def fill_to_name(qtbot, wizard, type_japanese, name: str = "いきいきサロン北町") -> None:
    """Pages 1–3 with the least a person must enter."""
    click(qtbot, wizard.kinds_page.boxes[ResourceKind.SALON.value])
    go_to(qtbot, wizard, wizard.basics_page)
    type_japanese(wizard.basics_page.name_edit, name)
