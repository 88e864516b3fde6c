"""The 資源登録 wizard driven as a coordinator would, each result read back through the service.

Drafts, edits and conflicts are in test_resource_wizard_edits.py.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from app.domain.enums import Frequency, ResourceCategory, ResourceKind, ResourceState
from app.domain.wareki import format_wareki
from app.services.resources.resource import (
    ResourceInput,
    create_resource,
    get_resource,
    list_resources,
)
from app.services.setup.organizations import (
    OrganizationInput,
    create_organization,
    list_organizations,
)
from app.ui.resources.drafts import draft_path
from tests.ui.resource_wizard_helpers import (
    answer_message_boxes,
    area_id,
    choose,
    click,
    fill_to_name,
    go_to,
    marked,
    open_wizard,
    press_finish,
    press_next,
    type_time,
)


@pytest.fixture
def asked(monkeypatch) -> dict:
    return answer_message_boxes(monkeypatch)


# ---------------------------------------------------------------------- the whole way


def test_register_through_every_page(qtbot, context, town, data_dir, asked, type_japanese):
    context.area_id = area_id(town, "北地区")
    create_organization(town, OrganizationInput("北町自治会", "neighborhood_association"))
    changed: list[str] = []
    context.records_changed.connect(changed.append)
    wizard = open_wizard(qtbot, context)
    assert asked["questions"] == []  # no draft, no question
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "次へ"
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "やめる"

    # 1 4つの見方
    click(qtbot, wizard.category_page.radios[ResourceCategory.SERVICE.value])
    press_next(qtbot, wizard)
    # 2 種類: two of them
    assert wizard.currentPage() is wizard.kinds_page
    click(qtbot, wizard.kinds_page.boxes[ResourceKind.MEALS.value])
    click(qtbot, wizard.kinds_page.boxes[ResourceKind.WATCHING.value])
    press_next(qtbot, wizard)
    # 3 名称と場所
    basics = wizard.basics_page
    assert wizard.currentPage() is basics
    assert basics.area_combo.currentText() == "北地区"  # the toolbar's area
    type_japanese(basics.name_edit, "見守り配食サービス")
    type_japanese(basics.reading_edit, "みまもりはいしょくさーびす")
    choose(basics.org_combo, "北町自治会")
    choose(basics.area_combo, "南地区")
    type_japanese(basics.place_edit, "南公民館")
    type_japanese(basics.address_edit, "テスト町南1-2-3")
    type_japanese(basics.description_edit, "お弁当を届けながら安否を確かめます。")
    press_next(qtbot, wizard)
    # 4 開催日: 第2・第4 水曜 11:00～13:30
    schedule = wizard.schedule_page
    assert wizard.currentPage() is schedule
    assert not schedule.weeks.isVisibleTo(schedule)
    choose(schedule.frequency_combo, "第N曜日")
    assert schedule.weeks.isVisibleTo(schedule)
    click(qtbot, schedule.week_boxes[2])
    click(qtbot, schedule.week_boxes[4])
    click(qtbot, schedule.day_boxes["水"])
    assert schedule.no_time_check.isChecked()  # a new resource starts without hours
    click(qtbot, schedule.no_time_check)
    type_time(qtbot, schedule.start_edit, "11:00")
    type_time(qtbot, schedule.end_edit, "13:30")
    type_japanese(schedule.note_edit, "祝日は休み")
    press_next(qtbot, wizard)
    # 5 参加費と人数 (全角 digits are read as numbers)
    people = wizard.participation_page
    assert wizard.currentPage() is people
    type_japanese(people.fee_edit, "1食400円")
    type_japanese(people.audience_edit, "一人暮らしの高齢者")
    type_japanese(people.participants_edit, "２５")
    qtbot.keyClicks(people.volunteers_edit, "6")
    qtbot.keyClicks(people.capacity_edit, "30")
    press_next(qtbot, wizard)
    # 6 連絡先
    type_japanese(wizard.contact_page.contact_edit, "代表 山田 0123-45-6789")
    type_japanese(wizard.contact_page.notes_edit, "年末年始は休み")
    press_next(qtbot, wizard)
    # 7 状態
    state = wizard.state_page
    assert state.confirmed_edit.text() == format_wareki(date.today())  # today for a new one
    assert state.confirmed_by_edit.text() == "テスト担当"
    assert state.publishable_check.isChecked()
    click(qtbot, state.state_radios[ResourceState.PLANNED.value])
    click(qtbot, state.unused_check)
    click(qtbot, state.publishable_check)
    press_next(qtbot, wizard)
    # 8 確認: the summary reads as a person would say it
    assert wizard.currentPage() is wizard.review_page
    summary = wizard.review_page.summary.toPlainText()
    for text in (
        "見守り配食サービス",
        "高齢者が利用するサービス",
        "見守り、配食",
        "北町自治会",
        "南地区",
        "第2・第4 水曜 11:00～13:30（祝日は休み）",
        "25人",
        "構想中",
        "未活用",
        "住民向け資料には載せません",
        f"{format_wareki(date.today())}（テスト担当）",
    ):
        assert text in summary, text
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.text() == "登録する"
    click(qtbot, finish)

    assert wizard.result() == QWizard.DialogCode.Accepted
    [row] = list_resources(town)
    assert wizard.saved.id == row.id
    assert row.name == "見守り配食サービス"
    assert row.reading == "みまもりはいしょくさーびす"
    assert row.category == ResourceCategory.SERVICE
    assert row.kinds == (ResourceKind.WATCHING.value, ResourceKind.MEALS.value)
    assert row.operator == "北町自治会" and row.organization_id is not None
    assert row.area_name == "南地区"
    assert (row.place, row.address) == ("南公民館", "テスト町南1-2-3")
    assert row.description == "お弁当を届けながら安否を確かめます。"
    assert row.frequency == Frequency.NTH_WEEKDAY
    assert (row.nth_week, row.weekdays) == ("2,4", "水")
    assert (row.starts_at, row.ends_at) == (time(11, 0), time(13, 30))
    assert row.schedule_note == "祝日は休み"
    assert (row.fee, row.audience) == ("1食400円", "一人暮らしの高齢者")
    assert (row.participants, row.volunteers, row.capacity) == (25, 6, 30)
    assert (row.contact, row.notes) == ("代表 山田 0123-45-6789", "年末年始は休み")
    assert row.state == ResourceState.PLANNED
    assert row.unused is True and row.publishable is False
    assert (row.confirmed_on, row.confirmed_by) == (date.today(), "テスト担当")
    assert "resource" in changed
    assert not draft_path(data_dir).exists()


def test_enter_moves_on_and_monthly_schedule(qtbot, context, town, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese, "体操教室")
    qtbot.keyClick(wizard.basics_page.name_edit, Qt.Key.Key_Return)  # Enter = 次へ
    assert wizard.currentPage() is wizard.schedule_page
    choose(wizard.schedule_page.frequency_combo, "月N回")
    assert wizard.schedule_page.times_row.isVisibleTo(wizard.schedule_page)
    wizard.schedule_page.times_spin.setValue(2)
    click(qtbot, wizard.schedule_page.day_boxes["金"])
    go_to(qtbot, wizard, wizard.review_page)
    assert "月2回 金曜" in wizard.review_page.summary.toPlainText()
    press_finish(qtbot, wizard)
    [row] = list_resources(town)
    assert (row.frequency, row.times_per_month, row.weekdays) == ("monthly", 2, "金")
    assert row.starts_at is None and row.ends_at is None  # 時間を決めない
    assert row.area_id is None  # no area chosen in the toolbar


# ---------------------------------------------------------------------- refused input


def test_no_kind_chosen_is_refused(qtbot, context, asked):
    wizard = open_wizard(qtbot, context)
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    page = wizard.kinds_page
    assert wizard.currentPage() is page
    assert "種類を1つ以上選んでください" in page.error_label.text()
    assert marked(page.box)
    assert not any(marked(box) for box in page.boxes.values())  # the group, not each box
    click(qtbot, page.boxes[ResourceKind.OTHER.value])
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.basics_page
    assert not marked(page.box)


def test_empty_name_is_refused(qtbot, context, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    click(qtbot, wizard.kinds_page.boxes[ResourceKind.SALON.value])
    go_to(qtbot, wizard, wizard.basics_page)
    type_japanese(wizard.basics_page.place_edit, "公民館")
    press_next(qtbot, wizard)
    basics = wizard.basics_page
    assert wizard.currentPage() is basics
    assert basics.error_label.text() == "名称を入力してください。"
    assert marked(basics.name_edit) and not marked(basics.place_edit)
    assert basics.name_edit.hasFocus()


def test_a_5000_character_paste_into_the_name_is_refused(qtbot, context, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese, "")
    QApplication.clipboard().setText("長" * 5000)
    wizard.basics_page.name_edit.paste()
    assert len(wizard.basics_page.name_edit.text()) == 5000
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.basics_page
    assert "200文字以内" in wizard.basics_page.error_label.text()
    assert "5000文字" in wizard.basics_page.error_label.text()
    assert marked(wizard.basics_page.name_edit)


def test_end_time_before_start_is_refused(qtbot, context, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese)
    press_next(qtbot, wizard)
    schedule = wizard.schedule_page
    click(qtbot, schedule.no_time_check)
    type_time(qtbot, schedule.start_edit, "14:00")
    type_time(qtbot, schedule.end_edit, "13:00")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is schedule
    assert "終了時刻が開始時刻より前" in schedule.error_label.text()
    assert marked(schedule.end_edit) and not marked(schedule.start_edit)
    type_time(qtbot, schedule.end_edit, "15:00")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.participation_page


def test_nth_weekday_needs_weeks_and_a_day(qtbot, context, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese)
    press_next(qtbot, wizard)
    schedule = wizard.schedule_page
    choose(schedule.frequency_combo, "第N曜日")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is schedule
    assert marked(schedule.weeks) and marked(schedule.days)
    assert "第何週" in schedule.error_label.text()


def test_a_count_that_is_not_a_number_is_refused(qtbot, context, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese)
    go_to(qtbot, wizard, wizard.participation_page)
    page = wizard.participation_page
    type_japanese(page.capacity_edit, "たくさん")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is page
    assert "定員は数字で入力してください" in page.error_label.text()
    assert marked(page.capacity_edit) and not marked(page.participants_edit)


def test_an_unreadable_confirmation_date_is_refused(qtbot, context, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese)
    go_to(qtbot, wizard, wizard.state_page)
    page = wizard.state_page
    page.confirmed_edit.clear()
    type_japanese(page.confirmed_edit, "きのう")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is page and marked(page.confirmed_edit)
    click(qtbot, page.today_button)
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.review_page


# ---------------------------------------------------------------------- operators


def test_add_a_new_organisation_from_the_wizard(qtbot, context, town, asked, type_japanese):
    context.area_id = area_id(town, "北地区")
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese, "北町サロン")
    basics = wizard.basics_page
    click(qtbot, basics.add_org_button)
    dialog = basics.org_dialog
    assert dialog.isVisible()
    click(qtbot, dialog.add_button)  # no name: refused, the dialog stays
    assert dialog.isVisible() and marked(dialog.name_edit)
    type_japanese(dialog.name_edit, "北町老人クラブ")
    choose(dialog.kind_combo, "老人クラブ")
    click(qtbot, dialog.add_button)
    assert not dialog.isVisible()
    [org] = list_organizations(town)
    assert (org.name, org.kind, org.area_name) == ("北町老人クラブ", "senior_club", "北地区")
    assert basics.org_combo.currentText() == "北町老人クラブ"
    go_to(qtbot, wizard, wizard.review_page)
    press_finish(qtbot, wizard)
    [row] = list_resources(town)
    assert row.organization_id == org.id


def test_an_imported_operator_name_survives_an_edit(qtbot, context, town, asked):
    imported = ResourceInput("朝市", kinds=("shopping",), operator_name="朝市の会")
    made = create_resource(town, imported)
    wizard = open_wizard(qtbot, context, made)
    assert wizard.basics_page.org_combo.currentText() == "朝市の会（団体として未登録）"
    wizard.kinds_page.boxes[ResourceKind.SALON.value].setChecked(True)
    press_finish(qtbot, wizard)  # an edit may be saved from any page
    row = get_resource(town, made.id)
    assert row.operator_name == "朝市の会"
    assert row.kinds == ("salon", "shopping")


def test_a_second_resource_of_the_same_name_and_area_is_asked_about(
    qtbot, context, town, asked, type_japanese
):
    from PySide6.QtWidgets import QMessageBox

    from app.services.resources.resource import ResourceInput, create_resource

    create_resource(town, ResourceInput("体操教室", kinds=("exercise",)))
    asked["answers"] = [QMessageBox.StandardButton.No]
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese, "体操教室")
    go_to(qtbot, wizard, wizard.review_page)
    press_finish(qtbot, wizard)
    assert any("もう登録されています" in q for q in asked["questions"])
    assert wizard.isVisible() and len(list_resources(town)) == 1  # not added, input kept
    press_finish(qtbot, wizard)  # asked again: the default answer now is yes
    assert len(list_resources(town)) == 2
