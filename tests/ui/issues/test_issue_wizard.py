"""The 課題登録 wizard driven as a coordinator would, each result read back through the service."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox, QWizard

from app.domain.enums import IssueKind, IssueSource, IssueState
from app.domain.wareki import format_wareki
from app.services.errors import ConflictError
from app.services.issues.issue import IssueInput, create_issue, get_issue, list_issues, update_issue
from app.services.meetings.meeting import MeetingInput, create_meeting
from app.ui.issues.drafts import draft_path
from app.ui.issues.wizard import DRAFT_QUESTION, IssueWizard
from tests.ui.resource_wizard_helpers import (
    Discard,
    answer_message_boxes,
    area_id,
    choose,
    click,
    go_to,
    marked,
    press_finish,
    press_next,
)

Cancel = QMessageBox.StandardButton.Cancel
Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def asked(monkeypatch) -> dict:
    return answer_message_boxes(monkeypatch)


def open_wizard(qtbot, context, issue=None) -> IssueWizard:
    wizard = IssueWizard(context, issue)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def to_content(qtbot, wizard, type_japanese, title: str = "買い物に行けない人がいる") -> None:
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.content_page
    type_japanese(wizard.content_page.title_edit, title)


def to_place(qtbot, wizard, type_japanese, *kinds: IssueKind) -> None:
    to_content(qtbot, wizard, type_japanese)
    press_next(qtbot, wizard)
    for kind in kinds or (IssueKind.SHOPPING,):
        click(qtbot, wizard.place_page.kind_boxes[kind.value])


# ---------------------------------------------------------------------- the whole way


def test_register_from_an_individual_case(qtbot, context, town, data_dir, asked, type_japanese):
    north, south = area_id(town, "北地区"), area_id(town, "南地区")
    context.area_id = north
    changed: list[str] = []
    context.records_changed.connect(changed.append)
    wizard = open_wizard(qtbot, context)
    assert asked["questions"] == []  # no draft, no question
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "次へ"

    # 1 きっかけ: 個別ケース shows the notice, other sources do not
    source = wizard.source_page
    assert not source.case_notice.isVisibleTo(source)
    click(qtbot, source.radios[IssueSource.INDIVIDUAL_CASE.value])
    assert source.case_notice.isVisibleTo(source)
    assert "名前" in source.case_notice.findChild(type(source.error_label)).text()
    press_next(qtbot, wizard)

    # 2 中身: a name in the text is spotted as it is typed, and masked with one click
    content = wizard.content_page
    assert wizard.currentPage() is content
    assert not content.warning.isVisibleTo(content)
    type_japanese(content.title_edit, "坂の上の団地で買い物に行けない")
    type_japanese(content.description_edit, "山田さんは、バスが減ってから食料品を買いに行けない。")
    assert content.warning.isVisibleTo(content)
    assert "氏名らしい語（山田さん）" in content.warning_label.text()
    click(qtbot, content.mask_button)
    assert not content.warning.isVisibleTo(content)
    assert "山田" not in content.description_edit.toPlainText()
    assert "＊＊さん" in content.description_edit.toPlainText()
    press_next(qtbot, wizard)

    # 3 場所と種類: the toolbar's area is chosen already; add the other, and two kinds
    place = wizard.place_page
    assert wizard.currentPage() is place
    assert place.area_boxes[north].isChecked()
    click(qtbot, place.area_boxes[south])
    click(qtbot, place.kind_boxes[IssueKind.SHOPPING.value])
    click(qtbot, place.kind_boxes[IssueKind.TRANSPORT.value])
    press_next(qtbot, wizard)

    # 4 緊急度・重要度: 中 unless chosen; 把握した日 today
    levels = wizard.levels_page
    assert wizard.currentPage() is levels
    assert levels.urgency_radios[2].isChecked()
    assert levels.noticed_edit.text() == format_wareki(date.today())
    click(qtbot, levels.urgency_radios[3])
    qtbot.keyClicks(levels.people_edit, "12")
    press_next(qtbot, wizard)

    # 5 個人情報
    privacy = wizard.privacy_page
    assert wizard.currentPage() is privacy
    assert not privacy.found_notice.isVisibleTo(privacy)  # masked: nothing left
    click(qtbot, privacy.personal_check)
    press_next(qtbot, wizard)

    # 6 確認
    assert wizard.currentPage() is wizard.review_page
    summary = wizard.review_page.summary.toPlainText()
    for text in ("坂の上の団地で買い物に行けない", "北地区・南地区", "移動・買い物", "個別ケース"):
        assert text in summary
    press_finish(qtbot, wizard)

    assert not wizard.isVisible()
    saved = get_issue(town, wizard.saved.id)
    assert saved.title == "坂の上の団地で買い物に行けない"
    assert "＊＊さん" in saved.description and "山田" not in saved.description
    assert saved.source == IssueSource.INDIVIDUAL_CASE
    assert set(saved.area_ids) == {north, south}
    assert set(saved.kinds) == {IssueKind.SHOPPING.value, IssueKind.TRANSPORT.value}
    assert (saved.urgency, saved.importance) == (3, 2)
    assert saved.people_affected == 12
    assert saved.personal and not saved.sensitive
    assert saved.noticed_on == date.today()
    assert saved.state == IssueState.NOTICED
    assert "issue" in changed
    assert not draft_path(data_dir).exists()
    assert asked["questions"] == []


def test_a_meeting_can_be_linked(qtbot, context, town, asked, type_japanese):
    meeting = create_meeting(
        town,
        MeetingInput(kind="community_care", title="北地区 地域ケア会議", held_on=date(2025, 6, 3)),
    )
    wizard = open_wizard(qtbot, context)
    click(qtbot, wizard.source_page.radios[IssueSource.COMMUNITY_CARE.value])
    choose(wizard.source_page.meeting_combo, "R7.6.3　地域ケア会議　北地区 地域ケア会議")
    to_place(qtbot, wizard, type_japanese)
    click(qtbot, wizard.place_page.area_boxes[area_id(town, "北地区")])
    press_finish_from_anywhere(qtbot, wizard)
    saved = get_issue(town, wizard.saved.id)
    assert saved.meeting_id == meeting.id
    assert saved.meeting_title == "北地区 地域ケア会議"


def press_finish_from_anywhere(qtbot, wizard) -> None:
    go_to(qtbot, wizard, wizard.review_page)
    press_finish(qtbot, wizard)


def test_sensitive_marks_personal_too(qtbot, context, town, asked, type_japanese):
    context.area_id = area_id(town, "南地区")
    wizard = open_wizard(qtbot, context)
    to_place(qtbot, wizard, type_japanese, IssueKind.DEMENTIA)
    go_to(qtbot, wizard, wizard.privacy_page)
    click(qtbot, wizard.privacy_page.sensitive_check)
    assert wizard.privacy_page.personal_check.isChecked()
    press_finish_from_anywhere(qtbot, wizard)
    saved = get_issue(town, wizard.saved.id)
    assert saved.personal and saved.sensitive


# ---------------------------------------------------------------------- what is refused


def test_missing_title_area_and_kind_are_marked_and_nothing_is_saved(qtbot, context, town, asked):
    context.area_id = None
    wizard = open_wizard(qtbot, context)
    press_next(qtbot, wizard)
    content = wizard.content_page
    press_next(qtbot, wizard)  # no title
    assert wizard.currentPage() is content
    assert marked(content.title_edit)
    assert "見出し" in content.error_label.text()
    assert content.error_label.isVisibleTo(content)
    content.title_edit.setText("見出しだけ")
    press_next(qtbot, wizard)
    place = wizard.place_page
    assert wizard.currentPage() is place
    press_next(qtbot, wizard)  # no area, no kind
    assert wizard.currentPage() is place
    assert marked(place.area_box) and marked(place.kind_box)
    assert "圏域" in place.error_label.text() and "種類" in place.error_label.text()
    click(qtbot, place.area_boxes[area_id(town, "北地区")])
    press_next(qtbot, wizard)
    assert wizard.currentPage() is place  # the kind is still missing
    assert marked(place.kind_box) and not marked(place.area_box)
    wizard.reject()
    assert list_issues(town) == []


def test_an_unreadable_date_is_marked_at_its_field(qtbot, context, town, asked, type_japanese):
    context.area_id = area_id(town, "北地区")
    wizard = open_wizard(qtbot, context)
    to_place(qtbot, wizard, type_japanese)
    press_next(qtbot, wizard)
    levels = wizard.levels_page
    levels.noticed_edit.setText("あした")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is levels
    assert marked(levels.noticed_edit)
    assert "把握した日" in levels.error_label.text()
    click(qtbot, levels.today_button)
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.privacy_page


def test_finishing_with_a_name_left_asks_first(qtbot, context, town, asked, type_japanese):
    context.area_id = area_id(town, "北地区")
    wizard = open_wizard(qtbot, context)
    to_content(qtbot, wizard, type_japanese)
    type_japanese(wizard.content_page.description_edit, "佐藤様から相談があった。")
    press_next(qtbot, wizard)
    click(qtbot, wizard.place_page.kind_boxes[IssueKind.SHOPPING.value])
    go_to(qtbot, wizard, wizard.privacy_page)
    assert wizard.privacy_page.found_notice.isVisibleTo(wizard.privacy_page)
    assert "佐藤様" in wizard.privacy_page.found_label.text()
    press_next(qtbot, wizard)

    asked["answers"] = [Cancel]  # 戻って直す: nothing saved, the wizard stays
    press_finish(qtbot, wizard)
    assert wizard.isVisible() and list_issues(town) == []
    assert "佐藤様" in asked["questions"][-1]

    asked["answers"] = [Yes]  # mark it and save
    press_finish(qtbot, wizard)
    assert not wizard.isVisible()
    assert get_issue(town, wizard.saved.id).personal


# ---------------------------------------------------------------------- drafts


def test_draft_is_kept_on_close_and_offered_again(
    qtbot, context, town, data_dir, asked, type_japanese
):
    north = area_id(town, "北地区")
    context.area_id = north
    wizard = open_wizard(qtbot, context)
    click(qtbot, wizard.source_page.radios[IssueSource.ROUND_TABLE.value])
    to_place(qtbot, wizard, type_japanese, IssueKind.ISOLATION)
    press_next(qtbot, wizard)
    wizard.levels_page.noticed_edit.setText("R7.5.1")
    wizard.reject()  # やめる
    assert draft_path(data_dir).exists()
    assert list_issues(town) == []

    again = open_wizard(qtbot, context)
    assert asked["questions"] == [DRAFT_QUESTION]
    assert DRAFT_QUESTION.startswith("前回の入力途中の地域課題があります。")
    assert again.currentPage() is again.levels_page  # where it was left
    assert again.content_page.title_edit.text() == "買い物に行けない人がいる"
    assert again.source_page.radios[IssueSource.ROUND_TABLE.value].isChecked()
    assert again.place_page.kind_boxes[IssueKind.ISOLATION.value].isChecked()
    assert again.levels_page.noticed_edit.text() == "令和7年5月1日"
    press_finish_from_anywhere(qtbot, again)
    saved = get_issue(town, again.saved.id)
    assert saved.noticed_on == date(2025, 5, 1) and saved.source == IssueSource.ROUND_TABLE
    assert not draft_path(data_dir).exists()


def test_a_declined_draft_is_dropped(qtbot, context, town, data_dir, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    to_content(qtbot, wizard, type_japanese)
    wizard.reject()
    asked["answers"] = [Discard]
    again = open_wizard(qtbot, context)
    assert again.content_page.title_edit.text() == ""
    assert not draft_path(data_dir).exists()


# ---------------------------------------------------------------------- edits


def _issue(town, **more):
    data = IssueInput(
        "ゴミ出しが難しい",
        area_ids=(area_id(town, "北地区"),),
        kinds=("garbage",),
        **more,
    )
    return create_issue(town, data)


def test_edit_saves_from_any_page_and_keeps_the_rest(
    qtbot, context, town, data_dir, asked, type_japanese
):
    issue = _issue(town, notes="メモは残る", state=IssueState.DISCUSSING.value)
    wizard = open_wizard(qtbot, context, get_issue(town, issue.id))
    assert wizard.windowTitle() == "「ゴミ出しが難しい」の編集"
    assert asked["questions"] == []  # edits are not drafts
    press_next(qtbot, wizard)
    wizard.content_page.title_edit.clear()
    type_japanese(wizard.content_page.title_edit, "朝のゴミ出しが難しい")
    press_finish(qtbot, wizard)  # an edit may be saved from here
    saved = get_issue(town, issue.id)
    assert saved.title == "朝のゴミ出しが難しい"
    assert saved.notes == "メモは残る" and saved.state == IssueState.DISCUSSING
    assert saved.version == issue.version + 1
    assert not draft_path(data_dir).exists()


def test_a_conflict_keeps_what_was_typed(qtbot, context, town, asked, type_japanese):
    issue = _issue(town)
    wizard = open_wizard(qtbot, context, get_issue(town, issue.id))
    press_next(qtbot, wizard)
    wizard.content_page.title_edit.clear()
    type_japanese(wizard.content_page.title_edit, "こちらの変更")
    data = IssueInput("よその変更", area_ids=issue.area_ids, kinds=issue.kinds)
    update_issue(town, issue.id, data, expected_version=issue.version)  # another PC
    press_finish(qtbot, wizard)
    assert wizard.isVisible()
    assert asked["warnings"] and asked["warnings"][0][0] == "ほかの変更と重なりました"
    assert wizard.content_page.title_edit.text() == "こちらの変更"
    assert get_issue(town, issue.id).title == "よその変更"
    with pytest.raises(ConflictError):
        update_issue(town, issue.id, data, expected_version=issue.version)
