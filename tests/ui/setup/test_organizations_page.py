"""The 団体・主体 page driven as a coordinator would, each result read back through the service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.enums import OrganizationKind
from app.services.setup.areas import AreaInput, create_area, list_areas
from app.services.setup.organizations import (
    OrganizationInput,
    create_organization,
    list_organizations,
    update_organization,
)
from app.ui.setup import record_page
from app.ui.setup.organizations_page import OrganizationsPage
from app.ui.widgets.forms import Choice
from tests.ui.page_helpers import click_row, open_page, retype, shown_names


@pytest.fixture
def page(qtbot, context) -> OrganizationsPage:
    return open_page(qtbot, OrganizationsPage(context))


def add(db, name: str, reading: str = "", kind=OrganizationKind.OTHER, **more):
    return create_organization(db, OrganizationInput(name, kind.value, reading, **more))


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_create_organization(qtbot, page, town, type_japanese):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_japanese(page.name_edit, "北町自治会")
    type_japanese(page.reading_edit, "きたまちじちかい")
    choose(page.kind_combo, "自治会・町内会")
    choose(page.area_combo, "北地区")
    qtbot.keyClicks(page.contact_edit, "0123-45-6789")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    [saved] = list_organizations(town)
    assert saved.name == "北町自治会"
    assert saved.reading == "きたまちじちかい"
    assert saved.kind == OrganizationKind.NEIGHBORHOOD_ASSOCIATION
    assert saved.area_name == "北地区"
    assert saved.contact == "0123-45-6789"
    assert shown_names(page) == ["北町自治会"]
    assert page.current_record.id == saved.id
    assert page.table.currentIndex().row() == 0
    assert "保存しました" in page.status_label.text()
    assert not page.has_unsaved_changes()


def test_edit_a_row_and_save(qtbot, page, town, context, type_japanese):
    org = add(town, "ひだまり", "ひだまり", OrganizationKind.VOLUNTEER_GROUP)
    add(town, "さくら会", "さくらかい")
    context.notify_changed("organization")
    click_row(qtbot, page, "ひだまり")
    assert page.name_edit.text() == "ひだまり"

    retype(type_japanese, page.name_edit, "ふれあいサロン ひだまり")
    choose(page.kind_combo, "NPO")
    assert page.has_unsaved_changes()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    saved = next(o for o in list_organizations(town) if o.id == org.id)
    assert saved.name == "ふれあいサロン ひだまり"
    assert saved.kind == OrganizationKind.NPO
    assert saved.version == org.version + 1
    assert page.current_record.name == "ふれあいサロン ひだまり"


def test_empty_name_is_refused_at_the_field(qtbot, page, town):
    choose(page.kind_combo, "老人クラブ")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.error_label.isVisible()
    assert "団体名を入力してください。" in page.error_label.text()
    assert page.name_edit.hasFocus()
    assert list_organizations(town) == []


def test_kind_must_be_chosen(qtbot, page, town, type_japanese):
    type_japanese(page.name_edit, "さくら会")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert "団体の種類を一覧から選んでください。" in page.error_label.text()
    assert list_organizations(town) == []


def test_a_huge_paste_is_refused_and_kept(qtbot, page, town):
    QApplication.clipboard().setText("あ" * 5000)
    page.name_edit.setFocus()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(page.name_edit.text()) == 5000
    choose(page.kind_combo, "その他")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert "団体名は200文字以内にしてください（いま5000文字）。" in page.error_label.text()
    assert list_organizations(town) == []
    assert len(page.name_edit.text()) == 5000  # what was typed is still there to fix


def test_search_matches_katakana_hiragana_and_half_width(qtbot, page, town, context, type_japanese):
    add(town, "さくら会", "さくらかい")
    add(town, "ヒマワリ")
    add(town, "北町自治会", "きたまちじちかい", contact="山田さん 0123-45-6789")
    context.notify_changed("organization")

    type_japanese(page.search, "サクラ")
    assert shown_names(page) == ["さくら会"]
    retype(type_japanese, page.search, "ひまわり")
    assert shown_names(page) == ["ヒマワリ"]
    retype(type_japanese, page.search, "ｻｸﾗｶｲ")
    assert shown_names(page) == ["さくら会"]
    retype(type_japanese, page.search, "０１２３")  # full-width digits find the contact
    assert shown_names(page) == ["北町自治会"]
    assert page.count_label.text() == "1件（全3件中）"

    retype(type_japanese, page.search, "みつからない")
    assert page.list_stack.currentWidget() is page.empty_label
    assert "当てはまる団体はありません" in page.empty_label.text()

    page.search.clear()
    assert len(shown_names(page)) == 3


def test_kind_filter(page, town, context):
    add(town, "さくら会", "さくらかい", OrganizationKind.SENIOR_CLUB)
    add(town, "北町自治会", "きたまちじちかい", OrganizationKind.NEIGHBORHOOD_ASSOCIATION)
    context.notify_changed("organization")

    choose(page.kind_filter, "老人クラブ")
    assert shown_names(page) == ["さくら会"]
    choose(page.kind_filter, "すべての種類")
    assert shown_names(page) == ["北町自治会", "さくら会"]  # き before さ


def test_rows_keep_gojuon_order(page, town, context):
    for name, reading in (("南の会", "みなみのかい"), ("青空の会", ""), ("北の会", "きたのかい")):
        add(town, name, reading)
    context.notify_changed("organization")
    assert shown_names(page) == [o.name for o in list_organizations(town)]
    assert shown_names(page) == ["北の会", "南の会", "青空の会"]  # kanji with no reading: last


def test_trash_asks_first_and_removes_the_row(qtbot, page, town, context, monkeypatch):
    add(town, "さくら会", "さくらかい")
    add(town, "ヒマワリ")
    context.notify_changed("organization")
    asked: list[str] = []

    def answer(button):
        def question(_parent, _title, text, *args, **kwargs):
            asked.append(text)
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    click_row(qtbot, page, "さくら会")
    qtbot.mouseClick(page.trash_button, Qt.MouseButton.LeftButton)
    assert "「さくら会」をごみ箱へ移しますか？" in asked[0]
    assert len(list_organizations(town)) == 2

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(page.trash_button, Qt.MouseButton.LeftButton)
    assert [o.name for o in list_organizations(town)] == ["ヒマワリ"]
    assert shown_names(page) == ["ヒマワリ"]
    assert page.current_record is None
    assert page.name_edit.text() == ""


def test_conflict_is_shown_and_the_other_change_kept(
    qtbot, page, town, context, monkeypatch, type_japanese
):
    org = add(town, "さくら会", "さくらかい")
    context.notify_changed("organization")
    click_row(qtbot, page, "さくら会")
    update_organization(town, org.id, OrganizationInput("さくらの会", "other", "さくらかい"))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))

    retype(type_japanese, page.contact_edit, "0123-00-0000")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert len(warnings) == 1 and "ほかの人" in warnings[0]
    [stored] = list_organizations(town)
    assert stored.name == "さくらの会"
    assert stored.contact == ""
    assert page.contact_edit.text() == "0123-00-0000"  # the typed text is not lost


def test_switching_rows_with_unsaved_edits_asks(
    qtbot, page, town, context, monkeypatch, type_japanese
):
    add(town, "さくら会", "さくらかい")
    add(town, "ヒマワリ")
    context.notify_changed("organization")
    click_row(qtbot, page, "さくら会")
    type_japanese(page.contact_edit, "会長 山田さん")
    answers = [Choice.CANCEL, Choice.DISCARD]
    monkeypatch.setattr(record_page, "ask_save_changes", lambda *_: answers.pop(0))

    click_row(qtbot, page, "ヒマワリ")  # キャンセル: stay on さくら会 with the typed text
    qtbot.waitUntil(lambda: not answers[1:] and page.table.currentIndex().row() == 0)
    assert page.current_record.name == "さくら会"
    assert page.contact_edit.text() == "会長 山田さん"

    click_row(qtbot, page, "ヒマワリ")  # 保存しない: the other row opens
    qtbot.waitUntil(lambda: page.current_record.name == "ヒマワリ")
    assert page.table.currentIndex().row() == 1
    assert all(o.contact == "" for o in list_organizations(town))


def test_switching_rows_can_save_first(qtbot, page, town, context, monkeypatch, type_japanese):
    add(town, "さくら会", "さくらかい")
    add(town, "ヒマワリ")
    context.notify_changed("organization")
    click_row(qtbot, page, "さくら会")
    type_japanese(page.contact_edit, "会長 山田さん")
    monkeypatch.setattr(record_page, "ask_save_changes", lambda *_: Choice.SAVE)

    click_row(qtbot, page, "ヒマワリ")
    qtbot.waitUntil(lambda: page.current_record.name == "ヒマワリ")
    stored = {o.name: o.contact for o in list_organizations(town)}
    assert stored["さくら会"] == "会長 山田さん"


def test_empty_state(page):
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == (
        "まだ団体が登録されていません。『新しい団体』から登録してください。"
    )


def test_new_areas_appear_in_the_area_choice(page, town, context):
    create_area(town, AreaInput("東地区", "ひがしちく"))
    context.notify_changed("area")
    items = [page.area_combo.itemText(i) for i in range(page.area_combo.count())]
    assert items == ["指定なし", *[a.name for a in list_areas(town)]]
    assert "東地区" in items


def test_keyboard_shortcuts(qtbot, page, town, context, monkeypatch, type_japanese):
    add(town, "さくら会", "さくらかい")
    context.notify_changed("organization")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    ctrl = Qt.KeyboardModifier.ControlModifier

    qtbot.keyClick(page.table, Qt.Key.Key_F, ctrl)
    assert page.search.hasFocus()

    qtbot.keyClick(page.search, Qt.Key.Key_N, ctrl)
    assert page.current_record is None
    assert page.name_edit.hasFocus()
    type_japanese(page.name_edit, "ヒマワリ")
    choose(page.kind_combo, "NPO")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_S, ctrl)
    assert sorted(o.name for o in list_organizations(town)) == ["さくら会", "ヒマワリ"]

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Delete)  # Delete in a field edits text only
    assert len(list_organizations(town)) == 2
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [o.name for o in list_organizations(town)] == ["さくら会"]


def test_tab_moves_through_the_form_in_order(qtbot, page, town, context):
    add(town, "さくら会", "さくらかい")
    context.notify_changed("organization")
    click_row(qtbot, page, "さくら会")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    expected = [
        page.name_edit,
        page.reading_edit,
        page.kind_combo,
        page.area_combo,
        page.contact_edit,
        page.notes_edit,
        page.save_button,
        page.trash_button,
    ]
    page.name_edit.setFocus()
    for widget in expected[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget


def test_link_to_a_trashed_area_is_shown_not_silently_dropped(qtbot, page, town, type_japanese):
    from app.services.setup.areas import trash_area
    from app.ui.widgets.forms import MISSING_CHOICE

    east = create_area(town, AreaInput("東地区"))
    add(town, "東町自治会", area_id=east.id)
    trash_area(town, east.id)
    page.refresh()
    click_row(qtbot, page, "東町自治会")
    assert page.area_combo.currentText() == MISSING_CHOICE
    type_japanese(page.contact_edit, "会長宅")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "選んだ圏域が見つかりません" in page.error_label.text()
    stored = next(o for o in list_organizations(town) if o.name == "東町自治会")
    assert stored.area_id == east.id  # nothing was changed behind the person's back
