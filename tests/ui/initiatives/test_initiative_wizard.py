"""The 取組 wizard driven as a coordinator would, each result read back through the service."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from app.domain.enums import InitiativeKind, InitiativeState
from app.services.initiatives.initiative import (
    InitiativeInput,
    MilestoneInput,
    ParticipantInput,
    create_initiative,
    get_initiative,
    list_initiatives,
    update_initiative,
)
from app.services.issues.issue import IssueInput, create_issue
from app.services.resources.resource import ResourceInput, create_resource
from app.services.setup.people import PersonInput, create_person, trash_person
from app.ui.initiatives.drafts import draft_path
from app.ui.initiatives.wizard import InitiativeWizard
from tests.ui.resource_wizard_helpers import (
    answer_message_boxes,
    area_id,
    choose,
    click,
    marked,
    press_finish,
    press_next,
)


@pytest.fixture
def asked(monkeypatch) -> dict:
    return answer_message_boxes(monkeypatch)


@pytest.fixture
def records(town) -> dict[str, int]:
    north, south = area_id(town, "北地区"), area_id(town, "南地区")
    issue = IssueInput("買い物に行けない人がいる", area_ids=(north,), kinds=("shopping",))
    elsewhere = IssueInput("南の坂道が危ない", area_ids=(south,), kinds=("transport",))
    return {
        "north": north,
        "south": south,
        "issue": create_issue(town, issue).id,
        "south_issue": create_issue(town, elsewhere).id,
        "hall": create_resource(
            town, ResourceInput("北公民館", category="place", kinds=("other",), area_id=north)
        ).id,
        "salon": create_resource(
            town, ResourceInput("ひだまりサロン", kinds=("salon",), area_id=north)
        ).id,
        "person": create_person(town, PersonInput("山田花子", affiliation="北町自治会")).id,
    }


def open_wizard(qtbot, context, initiative=None) -> InitiativeWizard:
    wizard = InitiativeWizard(context, initiative)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def tick(qtbot, widget, item) -> None:
    """Tick a checklist item with the keyboard, as a person using Space does."""
    widget.setCurrentItem(item)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Space)


def shown(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count()) if not widget.item(i).isHidden()]


# ---------------------------------------------------------------------- the whole way


def test_start_a_new_activity(qtbot, context, town, records, asked, type_japanese):
    context.area_id = records["north"]
    changed: list[str] = []
    context.records_changed.connect(changed.append)
    wizard = open_wizard(qtbot, context)
    assert asked["questions"] == []
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "次へ"

    # 1 種類と圏域: the toolbar's area is chosen already
    kind = wizard.kind_page
    assert kind.area_combo.currentText() == "北地区"
    click(qtbot, kind.radios[InitiativeKind.CREATE.value])
    press_next(qtbot, wizard)

    # 2 名前と中身
    assert wizard.currentPage() is wizard.content_page
    type_japanese(wizard.content_page.title_edit, "買い物いっしょに便")
    type_japanese(wizard.content_page.description_edit, "週に一度、車でスーパーへ行く。")
    press_next(qtbot, wizard)

    # 3 出来ること・やってみたいこと
    wishes = wizard.wishes_page
    assert wizard.currentPage() is wishes
    assert "聞いた" in wishes.notice.findChild(type(wishes.error_label)).text()
    type_japanese(wishes.can_do_edit, "車の運転ができる")
    type_japanese(wishes.want_edit, "みんなでお茶を飲みたい")
    press_next(qtbot, wizard)

    # 4 課題と資源: the district's open issues only; the resources narrowed by a search
    links = wizard.links_page
    assert shown(links.issue_list) == ["買い物に行けない人がいる"]
    tick(qtbot, links.issue_list, links.item_for(links.issue_list, records["issue"]))
    assert len(shown(links.resource_list)) == 2
    type_japanese(links.resource_search, "公民館")
    assert shown(links.resource_list) == ["北公民館（その他）"]
    tick(qtbot, links.resource_list, links.item_for(links.resource_list, records["hall"]))
    press_next(qtbot, wizard)

    # 5 関わる人・団体: one row added, one added and left empty (it is dropped, not an error)
    people = wizard.people_page
    click(qtbot, people.add_button)
    choose(people.rows[0]["who"], "人: 山田花子（北町自治会）")
    type_japanese(people.rows[0]["role"], "運転と世話役")
    click(qtbot, people.add_button)
    assert len(people.rows) == 2
    press_next(qtbot, wizard)
    assert len(people.rows) == 1

    # 6 節目: two milestones with 和暦 dates, one done
    steps = wizard.milestones_page
    assert wizard.currentPage() is steps
    click(qtbot, steps.add_button)
    type_japanese(steps.rows[0]["title"], "世話役の打ち合わせ")
    qtbot.keyClicks(steps.rows[0]["due_on"], "R7.5.10")
    qtbot.keyClicks(steps.rows[0]["done_on"], "R7.5.12")
    click(qtbot, steps.add_button)
    type_japanese(steps.rows[1]["title"], "初回の運行")
    type_japanese(steps.rows[1]["due_on"], "令和7年6月1日")
    choose(steps.state_combo, "準備中")
    qtbot.keyClicks(steps.started_edit, "2025/5/1")
    press_next(qtbot, wizard)

    # 7 成果・振り返り
    reflection = wizard.reflection_page
    assert wizard.currentPage() is reflection
    type_japanese(reflection.outcome_edit, "試しの運行に5人が参加した")
    type_japanese(reflection.notes_edit, "社協の車を借りる相談をする")
    press_next(qtbot, wizard)

    # 8 確認
    assert wizard.currentPage() is wizard.review_page
    summary = wizard.review_page.summary.toPlainText()
    for text in (
        "買い物いっしょに便",
        "車の運転ができる",
        "北公民館",
        "山田花子",
        "初回の運行",
        "試しの運行に5人が参加した",
        "社協の車を借りる相談をする",
    ):
        assert text in summary
    press_finish(qtbot, wizard)

    assert not wizard.isVisible()
    saved = get_initiative(town, wizard.saved.id)
    assert saved.kind == InitiativeKind.CREATE.value
    assert saved.area_id == records["north"]
    assert (saved.title, saved.can_do, saved.want_to_do) == (
        "買い物いっしょに便",
        "車の運転ができる",
        "みんなでお茶を飲みたい",
    )
    assert saved.issues == ((records["issue"], "買い物に行けない人がいる"),)
    assert saved.builds_on == ((records["hall"], "北公民館"),)
    assert [(p.person_id, p.role) for p in saved.participants] == [
        (records["person"], "運転と世話役")
    ]
    assert [(m.title, m.due_on, m.done_on) for m in saved.milestones] == [
        ("世話役の打ち合わせ", date(2025, 5, 10), date(2025, 5, 12)),
        ("初回の運行", date(2025, 6, 1), None),
    ]
    assert saved.state == InitiativeState.PREPARING.value
    assert saved.started_on == date(2025, 5, 1)
    assert (saved.outcome, saved.notes) == (
        "試しの運行に5人が参加した",
        "社協の車を借りる相談をする",
    )
    assert "initiative" in changed
    assert not draft_path(context.data_dir).exists()


# ---------------------------------------------------------------------- bad input


def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(
    qtbot, context, town, records, asked, type_japanese
):
    context.area_id = None
    wizard = open_wizard(qtbot, context)
    kind = wizard.kind_page

    # no kind and no area: both named on the first page
    press_next(qtbot, wizard)
    assert wizard.currentPage() is kind
    assert marked(kind.box) and marked(kind.area_combo)
    assert "種類" in kind.error_label.text() and "圏域" in kind.error_label.text()
    click(qtbot, kind.radios[InitiativeKind.PARTICIPATION.value])
    choose(kind.area_combo, "南地区")
    press_next(qtbot, wizard)
    assert not marked(kind.box)

    # no name
    content = wizard.content_page
    press_next(qtbot, wizard)
    assert wizard.currentPage() is content
    assert marked(content.title_edit)
    assert "名前" in content.error_label.text()
    type_japanese(content.title_edit, "はじめての体操体験会")
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    # the south's issues only
    assert shown(wizard.links_page.issue_list) == ["南の坂道が危ない"]
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)

    # a milestone with a date but no text, and an unreadable date
    steps = wizard.milestones_page
    click(qtbot, steps.add_button)
    qtbot.keyClicks(steps.rows[0]["due_on"], "R7.6.1")
    click(qtbot, steps.add_button)
    type_japanese(steps.rows[1]["title"], "ちらし配り")
    qtbot.keyClicks(steps.rows[1]["due_on"], "R7.13.1")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is steps
    assert marked(steps.rows[0]["title"])
    assert marked(steps.rows[1]["due_on"])
    assert "1行目に内容がありません" in steps.error_label.text()
    assert "2行目の予定日" in steps.error_label.text()
    assert list_initiatives(town) == []

    # put right, it saves
    type_japanese(steps.rows[0]["title"], "会場の下見")
    steps.rows[1]["due_on"].clear()
    qtbot.keyClicks(steps.rows[1]["due_on"], "R7.7.1")
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    press_finish(qtbot, wizard)
    saved = list_initiatives(town)
    assert [r.title for r in saved] == ["はじめての体操体験会"]
    assert [m.title for m in saved[0].milestones] == ["会場の下見", "ちらし配り"]


# ---------------------------------------------------------------------- drafts


def test_a_closed_wizard_keeps_a_draft_and_offers_it(
    qtbot, context, town, records, asked, type_japanese
):
    context.area_id = records["north"]
    wizard = open_wizard(qtbot, context)
    click(qtbot, wizard.kind_page.radios[InitiativeKind.STRENGTHEN.value])
    press_next(qtbot, wizard)
    type_japanese(wizard.content_page.title_edit, "サロンの担い手募集")
    press_next(qtbot, wizard)
    type_japanese(wizard.wishes_page.can_do_edit, "お菓子作りが得意")
    wizard.reject()
    assert draft_path(context.data_dir).exists()

    again = open_wizard(qtbot, context)
    assert asked["questions"] and "入力途中" in asked["questions"][0]
    assert again.currentPage() is again.wishes_page
    assert again.content_page.title_edit.text() == "サロンの担い手募集"
    assert again.wishes_page.can_do_edit.toPlainText() == "お菓子作りが得意"
    assert again.kind_page.radios[InitiativeKind.STRENGTHEN.value].isChecked()
    while again.currentPage() is not again.review_page:
        press_next(qtbot, again)
    press_finish(qtbot, again)
    assert [r.title for r in list_initiatives(town)] == ["サロンの担い手募集"]
    assert not draft_path(context.data_dir).exists()


def test_declining_the_draft_starts_afresh(qtbot, context, records, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    click(qtbot, wizard.kind_page.radios[InitiativeKind.CREATE.value])
    wizard.reject()
    assert draft_path(context.data_dir).exists()
    asked["answers"].append(QMessageBox.StandardButton.Discard)
    again = open_wizard(qtbot, context)
    assert not any(r.isChecked() for r in again.kind_page.radios.values())
    assert not draft_path(context.data_dir).exists()


# ---------------------------------------------------------------------- editing


def test_an_edit_keeps_the_input_on_a_conflict(qtbot, context, town, records, asked, type_japanese):
    data = InitiativeInput(
        "見守りの輪",
        InitiativeKind.STRENGTHEN.value,
        area_id=records["north"],
        milestones=(MilestoneInput("説明会", date(2025, 4, 20)),),
    )
    row = create_initiative(town, data)
    wizard = open_wizard(qtbot, context, row)
    assert wizard.milestones_page.rows[0]["due_on"].text() == "令和7年4月20日"
    press_next(qtbot, wizard)
    title = wizard.content_page.title_edit
    title.selectAll()
    type_japanese(title, "見守りの輪を広げる")
    update_initiative(town, row.id, data, expected_version=row.version)  # someone else

    press_finish(qtbot, wizard)
    assert asked["warnings"] and asked["warnings"][0][0] == "ほかの変更と重なりました"
    assert wizard.isVisible()
    assert title.text() == "見守りの輪を広げる"
    assert get_initiative(town, row.id).title == "見守りの輪"

    # reopened on the latest version, the same change saves, milestones kept by id
    fresh = get_initiative(town, row.id)
    wizard.done(0)
    second = open_wizard(qtbot, context, fresh)
    press_next(qtbot, second)
    second.content_page.title_edit.selectAll()
    type_japanese(second.content_page.title_edit, "見守りの輪を広げる")
    press_finish(qtbot, second)
    saved = get_initiative(town, row.id)
    assert saved.title == "見守りの輪を広げる"
    assert [m.id for m in saved.milestones] == [m.id for m in fresh.milestones]


def test_an_edit_changes_the_outcome_and_notes(qtbot, context, town, records, type_japanese):
    row = create_initiative(
        town,
        InitiativeInput(
            "見守りの輪",
            InitiativeKind.STRENGTHEN.value,
            area_id=records["north"],
            outcome="声かけが週2回に増えた",
            notes="民生委員さんに報告済み",
        ),
    )
    wizard = open_wizard(qtbot, context, row)
    reflection = wizard.reflection_page
    assert reflection.outcome_edit.toPlainText() == "声かけが週2回に増えた"
    assert reflection.notes_edit.toPlainText() == "民生委員さんに報告済み"
    while wizard.currentPage() is not reflection:
        press_next(qtbot, wizard)
    reflection.outcome_edit.selectAll()
    type_japanese(reflection.outcome_edit, "声かけが毎日になった")
    press_finish(qtbot, wizard)

    saved = get_initiative(town, row.id)
    assert (saved.outcome, saved.notes) == ("声かけが毎日になった", "民生委員さんに報告済み")


def test_a_participant_moved_to_the_trash_is_named_at_its_row(
    qtbot, context, town, records, asked, type_japanese
):
    other = create_person(town, PersonInput("田中一")).id
    row = create_initiative(
        town,
        InitiativeInput(
            "見守りの輪",
            InitiativeKind.STRENGTHEN.value,
            area_id=records["north"],
            participants=(
                ParticipantInput(person_id=other, role="見守り"),
                ParticipantInput(person_id=records["person"], role="世話役"),
            ),
        ),
    )
    trash_person(town, records["person"])
    wizard = open_wizard(qtbot, context, get_initiative(town, row.id))
    people = wizard.people_page
    assert people.rows[1]["who"].currentText() == "人: 山田花子（ごみ箱）"
    wizard.content_page.title_edit.end(False)
    type_japanese(wizard.content_page.title_edit, "を広げる")
    press_finish(qtbot, wizard)

    assert wizard.isVisible() and wizard.currentPage() is people
    assert marked(people.rows[1]["who"])
    assert people.error_label.text() == (
        "関わる人・団体の2行目の人はごみ箱に移されています。行を消してから保存してください。"
    )
    assert [p.person_id for p in get_initiative(town, row.id).participants] == [
        other,
        records["person"],
    ]

    click(qtbot, people.rows[1]["remove"])
    press_finish(qtbot, wizard)
    assert not wizard.isVisible()
    saved = get_initiative(town, row.id)
    assert saved.title == "見守りの輪を広げる"
    assert [p.person_id for p in saved.participants] == [other]
