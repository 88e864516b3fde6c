"""The first-start wizard, typed into as a person with a Japanese input method would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from app.services.setup import settings
from app.services.setup.areas import list_areas
from app.services.setup.town import is_set_up
from app.ui.setup.setup_wizard import SetupWizard


@pytest.fixture(autouse=True)
def _confirm_closing(monkeypatch):
    """Closing a half-filled wizard asks first; at teardown the answer is yes."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)


@pytest.fixture
def wizard(qtbot, db):
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _click(qtbot, wizard, which):
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def _type_cell(qtbot, type_japanese, table, row, column, text):
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    QApplication.processEvents()
    editor = QApplication.focusWidget()
    assert editor.parent() is table.viewport()
    if any(ord(c) > 127 for c in text):
        type_japanese(editor, text)
    else:
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_typing_through_the_wizard_sets_up_the_town(qtbot, wizard, db, type_japanese):
    type_japanese(wizard.municipality_page.name_edit, "さくら町")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    area_page = wizard.area_page
    assert wizard.currentPage() is area_page
    assert area_page.name_edit.text() == "さくら町全域"  # suggested from the town's name
    qtbot.keyClicks(area_page.population_edit, "12,480")
    type_japanese(area_page.aged_65_edit, "４６３０")  # full-width digits from an IME
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    table = wizard.districts_page.table
    _type_cell(qtbot, type_japanese, table, 0, 0, "北中学校区")
    _type_cell(qtbot, type_japanese, table, 0, 1, "きたちゅうがっこうく")
    _type_cell(qtbot, type_japanese, table, 0, 2, "5210")
    _type_cell(qtbot, type_japanese, table, 1, 0, "南中学校区")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    type_japanese(wizard.user_page.name_edit, "佐藤 花子")
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert is_set_up(db)
    assert settings.municipality_name(db) == "さくら町"
    areas = list_areas(db)
    assert [(a.name, a.population) for a in areas] == [
        ("さくら町全域", 12480),
        ("北中学校区", 5210),
        ("南中学校区", None),
    ]
    assert areas[0].aged_65_plus == 4630
    assert areas[1].reading == "きたちゅうがっこうく"
    assert wizard.user_name() == "佐藤 花子"


def test_wizard_stops_at_a_bad_figure_and_says_why(qtbot, wizard, db, type_japanese):
    type_japanese(wizard.municipality_page.name_edit, "さくら町")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    type_japanese(wizard.area_page.population_edit, "たくさん")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.area_page
    assert "数字で入力" in wizard.area_page.error_label.text()
    assert wizard.area_page.error_label.isVisible()
    assert not is_set_up(db)


def test_duplicate_district_names_point_at_the_row(qtbot, wizard, db, type_japanese):
    type_japanese(wizard.municipality_page.name_edit, "さくら町")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    table = wizard.districts_page.table
    _type_cell(qtbot, type_japanese, table, 0, 0, "北地区")
    _type_cell(qtbot, type_japanese, table, 2, 0, "北地区")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.districts_page
    assert "3行目" in wizard.districts_page.error_label.text()
    assert "重なっています" in wizard.districts_page.error_label.text()
    assert list_areas(db) == []


def test_finish_needs_a_name(qtbot, wizard, db, type_japanese):
    type_japanese(wizard.municipality_page.name_edit, "さくら町")
    for _ in range(2):
        _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    # the name field is mandatory: Finish stays disabled until something is typed
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    type_japanese(wizard.user_page.name_edit, "　")  # a full-width space only
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert "お名前を入力" in wizard.user_page.error_label.text()
    assert not is_set_up(db)


def test_demo_button_closes_with_the_demo_choice(qtbot, wizard):
    qtbot.mouseClick(wizard.municipality_page.demo_button, Qt.MouseButton.LeftButton)
    assert wizard.chose_demo
    assert not wizard.isVisible()


def test_cancelling_after_typing_asks_first(qtbot, wizard, type_japanese, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    type_japanese(wizard.municipality_page.name_edit, "さくら町")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.isVisible() and wizard.municipality_page.name_edit.text() == "さくら町"
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible()
