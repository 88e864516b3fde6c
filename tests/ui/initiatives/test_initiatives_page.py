"""The 取組 page driven as a coordinator would: filters, search, the detail, registering the
activity as a 地域資源, the wizard from the keyboard and the trash."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.enums import InitiativeKind, InitiativeState, ResourceKind
from app.services.initiatives.initiative import (
    InitiativeInput,
    MilestoneInput,
    ParticipantInput,
    create_initiative,
    get_initiative,
    list_initiatives,
)
from app.services.issues.issue import IssueInput, create_issue
from app.services.resources.resource import (
    ResourceFilter,
    ResourceInput,
    create_resource,
    list_resources,
)
from app.services.setup.people import PersonInput, create_person
from app.ui.initiatives.page import EMPTY_TEXT, InitiativesPage
from app.ui.initiatives.wizard import InitiativeWizard
from tests.ui.page_helpers import open_page, retype
from tests.ui.resource_wizard_helpers import answer_message_boxes, area_id, choose, click


@pytest.fixture
def asked(monkeypatch) -> dict:
    return answer_message_boxes(monkeypatch)


@pytest.fixture
def initiatives(town) -> dict[str, int]:
    north, south = area_id(town, "北地区"), area_id(town, "南地区")
    issue = create_issue(
        town, IssueInput("買い物に行けない", area_ids=(north,), kinds=("shopping",))
    )
    hall = create_resource(
        town, ResourceInput("北公民館", category="place", kinds=("other",), area_id=north)
    )
    person = create_person(town, PersonInput("山田花子"))
    bus = InitiativeInput(
        "買い物いっしょに便",
        InitiativeKind.CREATE.value,
        area_id=north,
        description="週に一度、スーパーへ。予算は来年度に要相談",
        can_do="車の運転ができる",
        want_to_do="みんなでお茶を飲みたい",
        state=InitiativeState.RUNNING.value,
        started_on=date(2025, 5, 1),
        issue_ids=(issue.id,),
        resource_ids=(hall.id,),
        participants=(ParticipantInput(person_id=person.id, role="世話役"),),
        milestones=(
            MilestoneInput("打ち合わせ", date(2025, 4, 10), date(2025, 4, 10)),
            MilestoneInput("初回の運行", date(2025, 5, 1)),
        ),
        outcome="初回に5人が参加した",
        notes="社協の車を借りる相談",
    )
    return {
        "bus": create_initiative(town, bus).id,
        "salon": create_initiative(
            town, InitiativeInput("サロンの担い手募集", InitiativeKind.STRENGTHEN.value, north)
        ).id,
        "taiso": create_initiative(
            town, InitiativeInput("体操の体験会", InitiativeKind.PARTICIPATION.value, south)
        ).id,
    }


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=10_000)


def titles(page) -> list[str]:
    return [row.title for row in page.model.rows()]


def open_initiatives(qtbot, context) -> InitiativesPage:
    page = open_page(qtbot, InitiativesPage(context))
    settle(qtbot, page)
    return page


def click_title(qtbot, page, title: str) -> None:
    row = titles(page).index(title)
    rect = page.table.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# ---------------------------------------------------------------------- the list


def test_the_list_follows_the_area_and_filters_and_search_narrow_it(
    qtbot, context, town, initiatives, type_japanese
):
    context.area_id = area_id(town, "北地区")
    page = open_initiatives(qtbot, context)
    assert page.area_combo.currentText() == "北地区"
    assert titles(page) == ["サロンの担い手募集", "買い物いっしょに便"]  # 3-2 before 3-3
    first = page.model.rows()[1]
    cells = [page.model.index(1, c).data() for c in range(page.model.columnCount())]
    assert cells[0] == "3-3" and cells[2] == "北地区" and cells[3] == "実施中"
    assert cells[4].startswith("節目 1/2") and cells[5] == "R7.5.1"
    assert first.progress_text in cells

    choose(page.area_combo, "すべての圏域")
    settle(qtbot, page)
    assert len(titles(page)) == 3
    choose(page.kind_combo, InitiativeKind.PARTICIPATION.label)
    settle(qtbot, page)
    assert titles(page) == ["体操の体験会"]
    choose(page.kind_combo, "すべての種類")
    choose(page.state_combo, "実施中")
    settle(qtbot, page)
    assert titles(page) == ["買い物いっしょに便"]
    choose(page.state_combo, "すべての状態")
    settle(qtbot, page)

    # search as you type: the words of 出来ること are found too
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    type_japanese(page.search, "運転")
    settle(qtbot, page)
    assert titles(page) == ["買い物いっしょに便"]
    retype(type_japanese, page.search, "見つからない言葉")
    settle(qtbot, page)
    assert titles(page) == []
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() != EMPTY_TEXT


def test_an_empty_town_says_how_to_start(qtbot, context):
    page = open_initiatives(qtbot, context)
    assert page.empty_label.text() == EMPTY_TEXT
    assert not page.edit_button.isEnabled()


def test_the_detail_shows_everything(qtbot, context, initiatives):
    page = open_initiatives(qtbot, context)
    click_title(qtbot, page, "買い物いっしょに便")
    text = page.detail.text()
    for part in (
        "3-3 新たな活動やサービスの開発",
        "出来ること",
        "車の運転ができる",
        "みんなでお茶を飲みたい",
        "買い物に行けない",
        "北公民館",
        "山田花子",
        "世話役",
        "✓",
        "初回の運行",
        "令和7年5月1日",
        "成果・振り返り",
        "初回に5人が参加した",
        "メモ",
        "社協の車を借りる相談",
    ):
        assert part in text, part


# ---------------------------------------------------------------------- 地域資源として登録


def test_register_the_activity_as_a_resource(qtbot, context, town, initiatives, type_japanese):
    changed: list[str] = []
    context.records_changed.connect(changed.append)
    page = open_initiatives(qtbot, context)
    click_title(qtbot, page, "買い物いっしょに便")
    click(qtbot, page.register_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.name_edit.text() == "買い物いっしょに便"
    assert dialog.area_combo.currentText() == "北地区"
    assert dialog.category_combo.currentData() == "activity"
    # the initiative's planning text is not offered to residents, nor is it published
    assert dialog.description_edit.toPlainText() == ""
    assert "住民" in dialog.description_hint.text()
    assert dialog.publish_box.text() == "住民向けの資料に載せる（掲載可）"
    assert not dialog.publish_box.isChecked()
    retype(type_japanese, dialog.name_edit, "いっしょに便")
    click(qtbot, dialog.kind_boxes[ResourceKind.SHOPPING.value])
    type_japanese(dialog.description_edit, "毎週木曜、スーパーへ一緒に行きます")
    click(qtbot, dialog.ok_button)
    settle(qtbot, page)

    found = list_resources(town, ResourceFilter(text="いっしょに便"))
    assert [(r.name, r.kinds, r.area_name, r.state) for r in found] == [
        ("いっしょに便", ("shopping",), "北地区", "active")
    ]
    assert (found[0].description, found[0].publishable) == (
        "毎週木曜、スーパーへ一緒に行きます",
        False,
    )
    assert get_initiative(town, initiatives["bus"]).created == ((found[0].id, "いっしょに便"),)
    assert "resource" in changed
    text = page.detail.text()
    assert "生まれた資源" in text
    assert "いっしょに便" in text.split("生まれた資源", 1)[1]


def test_a_nameless_resource_is_refused_at_the_field(
    qtbot, context, town, initiatives, type_japanese
):
    page = open_initiatives(qtbot, context)
    click_title(qtbot, page, "体操の体験会")
    click(qtbot, page.register_button)
    dialog = page.dialog
    dialog.name_edit.clear()
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "c62828" in dialog.name_edit.styleSheet()
    assert list_resources(town, ResourceFilter(text="体験会")) == []


# ---------------------------------------------------------------------- keyboard, edit, trash


def test_keyboard_new_edit_and_trash(qtbot, context, town, initiatives, asked):
    page = open_initiatives(qtbot, context)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(page.wizard, InitiativeWizard) and page.wizard.initiative is None
    page.wizard.done(0)

    click_title(qtbot, page, "体操の体験会")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.wizard.initiative is not None
    assert page.wizard.content_page.title_edit.text() == "体操の体験会"
    page.wizard.done(0)

    asked["answers"].append(QMessageBox.StandardButton.No)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(list_initiatives(town)) == 3  # いいえ: nothing moved
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    settle(qtbot, page)
    assert "体操の体験会" not in titles(page)
    assert len(list_initiatives(town)) == 2
    assert "ごみ箱" in page.message_label.text()


def test_show_initiative_clears_filters_that_hide_it(qtbot, context, town, initiatives):
    context.area_id = area_id(town, "北地区")
    page = open_initiatives(qtbot, context)
    page.show_initiative(initiatives["taiso"])
    settle(qtbot, page)
    assert page.current_row().id == initiatives["taiso"]
    assert "体操の体験会" in page.detail.text()


def test_publishing_is_a_choice(qtbot, context, town, initiatives):
    page = open_initiatives(qtbot, context)
    click_title(qtbot, page, "サロンの担い手募集")
    click(qtbot, page.register_button)
    click(qtbot, page.dialog.publish_box)
    click(qtbot, page.dialog.ok_button)
    found = list_resources(town, ResourceFilter(text="担い手募集"))
    assert [(r.name, r.publishable) for r in found] == [("サロンの担い手募集", True)]


def test_registering_the_same_activity_twice_is_refused_at_the_name(
    qtbot, context, town, initiatives
):
    page = open_initiatives(qtbot, context)
    click_title(qtbot, page, "買い物いっしょに便")
    click(qtbot, page.register_button)
    click(qtbot, page.dialog.ok_button)
    assert not page.dialog.isVisible()

    click(qtbot, page.register_button)
    dialog = page.dialog
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "c62828" in dialog.name_edit.styleSheet()
    assert "すでに地域資源に登録されています" in dialog.error_label.text()
    assert len(list_resources(town, ResourceFilter(text="いっしょに便"))) == 1
    assert len(get_initiative(town, initiatives["bus"]).created) == 1
    dialog.reject()


def test_search_finds_a_percent_sign_as_itself(qtbot, context, town, initiatives, type_japanese):
    north = area_id(town, "北地区")
    create_initiative(town, InitiativeInput("参加率50%を目指す", "participation", north))
    create_initiative(town, InitiativeInput("参加者50人の体操", "participation", north))
    page = open_initiatives(qtbot, context)
    type_japanese(page.search, "50%")
    settle(qtbot, page)
    assert titles(page) == ["参加率50%を目指す"]
