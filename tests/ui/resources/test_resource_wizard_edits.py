"""The 資源登録 wizard: drafts kept when it is closed half way, edits, and conflicting edits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.domain.enums import ResourceCategory, ResourceKind
from app.services.resources.resource import (
    ResourceInput,
    create_resource,
    get_resource,
    list_resources,
    update_resource,
)
from app.ui.resources.drafts import draft_path
from app.ui.resources.wizard import DRAFT_QUESTION, ResourceWizard
from tests.ui.resource_wizard_helpers import (
    Discard,
    No,
    answer_message_boxes,
    area_id,
    click,
    fill_to_name,
    go_to,
    open_wizard,
    press_finish,
    press_next,
    type_time,
)


@pytest.fixture
def asked(monkeypatch) -> dict:
    return answer_message_boxes(monkeypatch)


# ---------------------------------------------------------------------- drafts


def test_cancel_saves_a_draft_that_is_offered_next_time(
    qtbot, context, town, data_dir, asked, type_japanese
):
    wizard = open_wizard(qtbot, context)
    click(qtbot, wizard.category_page.radios[ResourceCategory.PLACE.value])
    press_next(qtbot, wizard)
    click(qtbot, wizard.kinds_page.boxes[ResourceKind.HOBBY.value])
    press_next(qtbot, wizard)
    type_japanese(wizard.basics_page.name_edit, "空き家を使った居場所")
    type_japanese(wizard.basics_page.address_edit, "テスト町中央5-6")
    press_next(qtbot, wizard)
    click(qtbot, wizard.schedule_page.no_time_check)
    type_time(qtbot, wizard.schedule_page.start_edit, "09:30")
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert not wizard.isVisible()
    assert list_resources(town) == []
    saved = json.loads(draft_path(data_dir).read_text(encoding="utf-8"))
    assert saved["values"]["name"] == "空き家を使った居場所"
    assert saved["values"]["starts_at"] == "09:30"
    assert saved["page"] == wizard.pageIds()[3]

    again = open_wizard(qtbot, context)
    assert asked["questions"] == [DRAFT_QUESTION]
    assert again.currentPage() is again.schedule_page  # where the person left off
    assert again.category_page.radios[ResourceCategory.PLACE.value].isChecked()
    assert again.kinds_page.boxes[ResourceKind.HOBBY.value].isChecked()
    assert again.basics_page.name_edit.text() == "空き家を使った居場所"
    assert again.basics_page.address_edit.text() == "テスト町中央5-6"
    assert again.schedule_page.start_edit.time().toPython() == time(9, 30)
    go_to(qtbot, again, again.review_page)
    press_finish(qtbot, again)
    [row] = list_resources(town)
    assert (row.name, row.category, row.starts_at) == ("空き家を使った居場所", "place", time(9, 30))
    assert not draft_path(data_dir).exists()  # finished: the draft is gone


def test_every_move_to_another_page_keeps_the_draft(
    qtbot, context, town, data_dir, asked, type_japanese
):
    wizard = ResourceWizard(context)  # not handed to qtbot: it is destroyed below
    wizard.show()
    qtbot.waitExposed(wizard)
    fill_to_name(qtbot, wizard, type_japanese, "停電の前に入力")
    assert "停電の前に入力" not in draft_path(data_dir).read_text(encoding="utf-8")
    press_next(qtbot, wizard)  # 次へ to 開催日 (page 4) writes what page 3 held
    saved = json.loads(draft_path(data_dir).read_text(encoding="utf-8"))
    assert saved["values"]["name"] == "停電の前に入力"
    assert saved["page"] == wizard.pageIds()[3]
    shiboken6.delete(wizard)  # a crash: gone without やめる, Esc or closing

    again = open_wizard(qtbot, context)
    assert asked["questions"] == [DRAFT_QUESTION]
    assert again.currentPage() is again.schedule_page
    assert again.basics_page.name_edit.text() == "停電の前に入力"
    go_to(qtbot, again, again.review_page)
    press_finish(qtbot, again)
    assert [r.name for r in list_resources(town)] == ["停電の前に入力"]
    assert not draft_path(data_dir).exists()  # finished: the draft is gone


def test_escape_saves_the_draft_too(qtbot, context, data_dir, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese, "書きかけ")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    assert "書きかけ" in draft_path(data_dir).read_text(encoding="utf-8")


def test_a_declined_draft_is_dropped(qtbot, context, data_dir, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese, "書きかけ")
    wizard.reject()
    asked["answers"] = [Discard]
    fresh = open_wizard(qtbot, context)
    assert asked["questions"] == [DRAFT_QUESTION]
    assert fresh.basics_page.name_edit.text() == ""
    assert fresh.currentPage() is fresh.category_page
    assert not draft_path(data_dir).exists()


def test_nothing_typed_leaves_no_draft(qtbot, context, data_dir, asked):
    wizard = open_wizard(qtbot, context)
    wizard.reject()
    assert not draft_path(data_dir).exists()


def test_an_unreadable_draft_is_ignored(qtbot, context, data_dir, asked):
    path = draft_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json", encoding="utf-8")
    wizard = open_wizard(qtbot, context)
    assert asked["questions"] == []
    assert wizard.currentPage() is wizard.category_page


# ---------------------------------------------------------------------- editing


@pytest.fixture
def salon(town):
    return create_resource(
        town,
        ResourceInput(
            "ふれあいサロン",
            kinds=("salon",),
            reading="ふれあいさろん",
            area_id=area_id(town, "北地区"),
            frequency="weekly",
            weekdays="月木",
            starts_at="10:00",
            ends_at="12:00",
            participants=12,
            confirmed_on=date(2024, 5, 1),
            confirmed_by="佐藤",
        ),
    )


def test_edit_an_existing_resource(qtbot, context, town, data_dir, salon, asked, type_japanese):
    wizard = open_wizard(qtbot, context, salon)
    assert asked["questions"] == []  # drafts are for new resources only
    assert wizard.windowTitle() == "「ふれあいサロン」の編集"
    assert wizard.kinds_page.boxes["salon"].isChecked()
    go_to(qtbot, wizard, wizard.basics_page)
    assert wizard.basics_page.name_edit.text() == "ふれあいサロン"
    assert wizard.basics_page.area_combo.currentText() == "北地区"
    press_next(qtbot, wizard)
    schedule = wizard.schedule_page
    assert schedule.frequency_combo.currentText() == "毎週"
    assert schedule.day_boxes["月"].isChecked() and schedule.day_boxes["木"].isChecked()
    assert not schedule.no_time_check.isChecked()
    type_time(qtbot, schedule.end_edit, "11:30")
    press_next(qtbot, wizard)
    assert wizard.participation_page.participants_edit.text() == "12"
    go_to(qtbot, wizard, wizard.state_page)
    assert wizard.state_page.confirmed_edit.text() == "令和6年5月1日"
    go_to(qtbot, wizard, wizard.review_page)
    assert wizard.button(QWizard.WizardButton.FinishButton).text() == "保存する"
    press_finish(qtbot, wizard)
    row = get_resource(town, salon.id)
    assert row.ends_at == time(11, 30)
    assert row.version == salon.version + 1
    assert (row.name, row.weekdays, row.participants) == ("ふれあいサロン", "月木", 12)
    assert row.confirmed_on == date(2024, 5, 1)
    assert not draft_path(data_dir).exists()


def test_a_conflicting_edit_keeps_the_wizard_and_the_input(
    qtbot, context, town, salon, asked, type_japanese
):
    wizard = open_wizard(qtbot, context, salon)
    go_to(qtbot, wizard, wizard.basics_page)
    wizard.basics_page.name_edit.clear()
    type_japanese(wizard.basics_page.name_edit, "ふれあいサロン北")
    # Someone else saves the same resource meanwhile.
    update_resource(town, salon.id, replace(salon.input(), fee="200円"), salon.version)
    go_to(qtbot, wizard, wizard.review_page)
    press_finish(qtbot, wizard)
    [(title, text)] = asked["warnings"]
    assert title == "ほかの変更と重なりました"
    assert "ほかの人" in text
    assert wizard.isVisible() and wizard.result() != QWizard.DialogCode.Accepted
    assert wizard.basics_page.name_edit.text() == "ふれあいサロン北"
    assert get_resource(town, salon.id).name == "ふれあいサロン"  # not overwritten


def test_cancelling_an_edit_with_changes_asks(qtbot, context, salon, asked, type_japanese):
    wizard = open_wizard(qtbot, context, salon)
    wizard.kinds_page.boxes["hobby"].setChecked(True)
    asked["answers"] = [No]
    wizard.reject()
    assert wizard.isVisible()  # kept open
    assert len(asked["questions"]) == 1
    wizard.reject()  # Yes this time
    assert not wizard.isVisible()
