"""The 圏域 page driven as a coordinator would, each result read back through the service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.setup.areas import AreaInput, list_areas, update_area
from app.ui.setup import record_page
from app.ui.setup.areas_page import AreasPage
from app.ui.widgets.forms import Choice
from tests.ui.page_helpers import click_row, open_page, retype, shown_names


@pytest.fixture
def page(qtbot, context) -> AreasPage:
    return open_page(qtbot, AreasPage(context))


def cell(page, name: str, header: str) -> str:
    row = shown_names(page).index(name)
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    return page.model.index(row, headers.index(header)).data()


def stored(db, name: str):
    return next(a for a in list_areas(db) if a.name == name)


def test_lists_the_town_with_its_figures(page):
    assert shown_names(page) == ["テスト町全域", "北地区", "南地区"]
    assert cell(page, "テスト町全域", "層") == "第1層"
    assert cell(page, "北地区", "層") == "第2層"
    assert cell(page, "テスト町全域", "人口") == "10,000"
    assert cell(page, "テスト町全域", "高齢化率") == "35.0%"
    assert cell(page, "北地区", "高齢化率") == ""
    assert page.count_label.text() == "3件"


def test_create_area_with_typed_numbers(qtbot, page, town, type_japanese):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert "第2層" in page.layer_label.text()
    type_japanese(page.name_edit, "東地区")
    type_japanese(page.reading_edit, "ヒガシチク")
    type_japanese(page.population_edit, "１，２３４")  # full-width, as an IME may give it
    qtbot.keyClicks(page.aged_65_edit, "456")
    type_japanese(page.aged_75_edit, "２００人")
    type_japanese(page.notes_edit, "山あいの集落")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    area = stored(town, "東地区")
    assert (area.layer, area.reading) == (2, "ヒガシチク")
    assert (area.population, area.aged_65_plus, area.aged_75_plus) == (1234, 456, 200)
    assert area.notes == "山あいの集落"
    assert shown_names(page)[-1] == "東地区"
    assert cell(page, "東地区", "高齢化率") == "37.0%"
    assert page.current_record.id == area.id
    assert page.population_edit.text() == "1,234"


def test_edit_a_row_and_save(qtbot, page, town, type_japanese):
    before = stored(town, "北地区")
    click_row(qtbot, page, "北地区")
    retype(type_japanese, page.name_edit, "北部地区")
    qtbot.keyClicks(page.population_edit, "1,200")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    after = stored(town, "北部地区")
    assert after.id == before.id
    assert after.population == 1200
    assert after.version == before.version + 1
    assert "「北部地区」を保存しました。" in page.status_label.text()


def test_letters_in_population_are_refused(qtbot, page, town, type_japanese):
    click_row(qtbot, page, "北地区")
    type_japanese(page.population_edit, "約三千")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert "人口は数字で入力してください（例: 1200）。" in page.error_label.text()
    assert page.population_edit.hasFocus()
    assert stored(town, "北地区").population is None
    assert page.population_edit.text() == "約三千"


def test_more_elderly_than_people_is_refused(qtbot, page, town):
    click_row(qtbot, page, "北地区")
    qtbot.keyClicks(page.population_edit, "100")
    qtbot.keyClicks(page.aged_65_edit, "300")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert "65歳以上の人数が人口より多くなっています。" in page.error_label.text()
    assert stored(town, "北地区").population is None


def test_empty_name_is_refused(qtbot, page, town):
    before = list_areas(town)
    click_row(qtbot, page, "南地区")
    page.name_edit.clear()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.error_label.isVisible()
    assert "圏域の名前を入力してください。" in page.error_label.text()
    assert list_areas(town) == before


def test_a_huge_paste_is_refused(qtbot, page, town):
    before = list_areas(town)
    QApplication.clipboard().setText("区" * 5000)
    page.name_edit.setFocus()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert "圏域の名前は100文字以内にしてください（いま5000文字）。" in page.error_label.text()
    assert list_areas(town) == before


def test_trash_a_district(qtbot, page, town, monkeypatch):
    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    click_row(qtbot, page, "南地区")
    qtbot.mouseClick(page.trash_button, Qt.MouseButton.LeftButton)

    assert asked and "「南地区」をごみ箱へ移しますか？" in asked[0]
    assert [a.name for a in list_areas(town)] == ["テスト町全域", "北地区"]
    assert shown_names(page) == ["テスト町全域", "北地区"]


def test_the_municipality_cannot_be_trashed(qtbot, page, town, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    click_row(qtbot, page, "テスト町全域")
    qtbot.mouseClick(page.trash_button, Qt.MouseButton.LeftButton)

    assert warnings == ["市町村全域（第1層）の圏域は削除できません。名前の変更はできます。"]
    assert len(list_areas(town)) == 3
    assert page.current_record.name == "テスト町全域"


def test_conflict_is_shown_and_the_other_change_kept(qtbot, page, town, monkeypatch, type_japanese):
    click_row(qtbot, page, "北地区")
    north = stored(town, "北地区")
    update_area(town, north.id, AreaInput("北地区", "きたちく", population=4000))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))

    qtbot.keyClicks(page.population_edit, "9999")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert len(warnings) == 1 and "ほかの人" in warnings[0]
    assert stored(town, "北地区").population == 4000
    assert page.population_edit.text() == "9999"


def test_new_area_with_unsaved_edits_asks(qtbot, page, town, monkeypatch, type_japanese):
    click_row(qtbot, page, "北地区")
    type_japanese(page.notes_edit, "集会所あり")
    asked: list[str] = []

    def ask(_parent, what):
        asked.append(what)
        return Choice.CANCEL

    monkeypatch.setattr(record_page, "ask_save_changes", ask)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert asked == ["「北地区」"]
    assert page.current_record.name == "北地区"
    assert page.notes_edit.toPlainText() == "集会所あり"

    monkeypatch.setattr(record_page, "ask_save_changes", lambda *_: Choice.SAVE)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.current_record is None
    assert stored(town, "北地区").notes == "集会所あり"


def test_refresh_keeps_unsaved_edits(qtbot, page, town, context, type_japanese):
    click_row(qtbot, page, "北地区")
    type_japanese(page.notes_edit, "下書き")
    context.notify_changed("")  # another page saved something
    assert page.notes_edit.toPlainText() == "下書き"
    assert page.has_unsaved_changes()


def test_no_search_box_for_the_short_area_list(page):
    assert page.search is None
