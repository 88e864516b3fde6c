"""The 協議体の立ち上げ wizard driven as a coordinator would, each result read back through the
service: the whole way, refused input, drafts, edits and conflicting edits, actor coverage."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from app.domain.enums import CouncilFormation, CouncilStatus, MemberRole
from app.services.councils.council import (
    CouncilInput,
    MemberInput,
    create_council,
    get_council,
    list_councils,
    update_council,
)
from app.services.meetings.meeting import list_meetings
from app.services.setup.areas import trash_area
from app.services.setup.organizations import OrganizationInput, create_organization
from app.services.setup.people import PersonInput, create_person, list_people
from app.ui.councils.drafts import draft_path
from app.ui.councils.seats import ENDS, NAME, ROLE, STARTS
from app.ui.councils.wizard import DRAFT_QUESTION, CouncilWizard
from tests.ui.resource_wizard_helpers import No, answer_message_boxes, area_id, choose, click


@pytest.fixture
def asked(monkeypatch) -> dict:
    return answer_message_boxes(monkeypatch)


@pytest.fixture
def actors(town) -> dict:
    """Two organisations and a person of the north district."""
    town_org = create_organization(
        town, OrganizationInput("北町自治会", "neighborhood_association", "きたまちじちかい")
    )
    welfare = create_organization(
        town, OrganizationInput("北地区民生委員協議会", "welfare_commissioner")
    )
    sato = create_person(
        town,
        PersonInput("佐藤 一郎", "さとう いちろう", organization_id=town_org.id, role="会長"),
    )
    return {"town_org": town_org, "welfare": welfare, "sato": sato}


def open_wizard(qtbot, context, council=None) -> CouncilWizard:
    wizard = CouncilWizard(context, council)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def press_next(qtbot, wizard) -> None:
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))


def press_finish(qtbot, wizard) -> None:
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))


def go_to(qtbot, wizard, page) -> None:
    while wizard.currentPage() is not page:
        before = wizard.currentId()
        press_next(qtbot, wizard)
        assert wizard.currentId() != before, wizard.currentPage().error_label.text()


def edit_cell(qtbot, table, row: int, column: int, text: str, type_japanese=None) -> None:
    """Open a cell's editor as F2 does, replace its text, and commit with Enter."""
    index = table.model().index(row, column)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(index)
    assert editor is not None
    editor.selectAll()
    if not text:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    elif type_japanese is not None:
        type_japanese(editor, text)
    else:
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)  # committed and closed


def choose_role(qtbot, table, row: int, role: MemberRole) -> None:
    index = table.model().index(row, ROLE)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = table.indexWidget(index)
    combo.setCurrentIndex(combo.findData(role.value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


def pick(qtbot, wizard, search: str, type_japanese) -> None:
    """「一覧から選ぶ」, type a few letters, Enter."""
    page = wizard.members_page
    click(qtbot, page.pick_button)
    picker = page.picker
    qtbot.waitExposed(picker)
    type_japanese(picker.search_edit, search)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    assert not picker.isVisible(), picker.error_label.text()


def add_on_the_spot(qtbot, wizard, type_japanese, name: str, reading: str = "", org: str = ""):
    page = wizard.members_page
    click(qtbot, page.new_button)
    dialog = page.new_member
    qtbot.waitExposed(dialog)
    type_japanese(dialog.name_edit, name)
    if reading:
        type_japanese(dialog.reading_edit, reading)
    if org:
        choose(dialog.org_combo, org)
    click(qtbot, dialog.add_button)
    assert not dialog.isVisible(), dialog.error_label.text()


def coverage_lines(wizard) -> list[str]:
    items = wizard.members_page.coverage_list
    return [" ".join(items.item(i).text().split()) for i in range(items.count())]


def names(wizard) -> list[str]:
    return [s.shown_name for s in wizard.seats.seats()]


# ---------------------------------------------------------------------- the whole way


def test_set_up_a_council_through_every_page(
    qtbot, context, town, data_dir, actors, asked, type_japanese
):
    changed: list[str] = []
    context.records_changed.connect(changed.append)
    wizard = open_wizard(qtbot, context)
    assert asked["questions"] == []  # no draft, no question
    assert wizard.windowTitle() == "協議体の立ち上げ"

    # 1 層と圏域: the name is suggested from the area until the person types their own
    page1 = wizard.area_page
    click(qtbot, page1.layer_radios[2])
    choose(page1.area_combo, "北地区")
    assert page1.name_edit.text() == "北地区支え合い推進会議"
    assert page1.reading_edit.text() == "きたちくささえあいすいしんかいぎ"
    page1.name_edit.clear()
    type_japanese(page1.name_edit, "北地区ささえあい会議")
    page1.reading_edit.clear()
    type_japanese(page1.reading_edit, "きたちくささえあいかいぎ")
    press_next(qtbot, wizard)

    # 2 目的と設け方: an existing meeting regarded as the council needs its name
    page2 = wizard.purpose_page
    assert wizard.currentPage() is page2
    assert "北地区の高齢者が" in page2.purpose_edit.toPlainText()  # a suggestion to start from
    assert not page2.based_on_combo.isEnabled()
    click(qtbot, page2.formation_radios[CouncilFormation.EXISTING.value])
    assert page2.based_on_combo.isEnabled()
    click(qtbot, page2.status_radios[CouncilStatus.ACTIVE.value])
    press_next(qtbot, wizard)
    assert wizard.currentPage() is page2
    text = page2.error_label.text()
    assert "既存の会議の名前を入力してください" in text
    assert "設置日を入力してください" in text
    assert "c62828" in page2.based_on_combo.styleSheet()
    type_japanese(page2.based_on_combo.lineEdit(), "北地区 地域ケア会議")
    qtbot.keyClicks(page2.established_field.edit, "R8.4.1")  # 和暦, typed short
    press_next(qtbot, wizard)

    # 3 構成員: one picked from the people, one added on the spot
    page3 = wizard.members_page
    assert wizard.currentPage() is page3
    assert "－ 自治会・町内会 まだいません" in coverage_lines(wizard)
    pick(qtbot, wizard, "さとう", type_japanese)
    assert names(wizard) == ["佐藤 一郎"]
    assert wizard.seats.seats()[0].title == "北町自治会 会長"  # 職名 offered from the person
    assert "✓ 自治会・町内会 佐藤 一郎" in coverage_lines(wizard)
    add_on_the_spot(
        qtbot, wizard, type_japanese, "高橋 和子", "たかはし かずこ", "北地区民生委員協議会"
    )
    assert names(wizard) == ["佐藤 一郎", "高橋 和子"]
    assert "✓ 民生委員 高橋 和子" in coverage_lines(wizard)
    edit_cell(qtbot, page3.table, 1, 4, "民生委員", type_japanese)  # 職名
    press_next(qtbot, wizard)

    # 4 役職と任期: the same term for everyone, then one changed by hand
    page4 = wizard.terms_page
    assert wizard.currentPage() is page4
    assert page4.term_start.text() == "令和8年4月1日"  # from the 設置日
    assert page4.years_spin.value() == 2
    click(qtbot, page4.same_term_button)
    assert [(s.starts_on, s.ends_on) for s in wizard.seats.seats()] == [
        ("令和8年4月1日", "令和10年3月31日")
    ] * 2
    choose_role(qtbot, page4.table, 0, MemberRole.CHAIR)
    edit_cell(qtbot, page4.table, 1, ENDS, "2027/3/31")
    assert wizard.seats.seats()[1].ends_on == "令和9年3月31日"  # shown as it will be read
    press_next(qtbot, wizard)

    # 5 設置要綱: drafted from the template; topics flow in until the text is edited
    page5 = wizard.bylaws_page
    assert wizard.currentPage() is page5
    bylaws = page5.bylaws_edit.toPlainText()
    for article in ("北地区ささえあい会議設置要綱", "（趣旨）", "（目的）", "（協議事項）"):
        assert article in bylaws, article
    assert "（秘密の保持）" in bylaws and "令和8年4月1日から施行する" in bylaws
    assert "自治会・町内会、民生委員その他の" in bylaws  # the kinds now at the table
    page5.topics_edit.moveCursor(page5.topics_edit.textCursor().MoveOperation.End)
    qtbot.keyClick(page5.topics_edit, Qt.Key.Key_Return)
    type_japanese(page5.topics_edit, "災害のときの見守りの連携")
    assert "（五）災害のときの見守りの連携" in page5.bylaws_edit.toPlainText()
    page5.bylaws_edit.moveCursor(page5.bylaws_edit.textCursor().MoveOperation.End)
    type_japanese(page5.bylaws_edit, "（町の例規担当と確認済み）")
    asked["answers"] = [No]
    click(qtbot, page5.rebuild_button)  # asks first, and No keeps the edited text
    assert asked["questions"][-1].startswith("手で直した文は消えて")
    assert page5.bylaws_edit.toPlainText().endswith("（町の例規担当と確認済み）")
    press_next(qtbot, wizard)

    # 6 第1回の会議: an end before the start is refused at the field
    page6 = wizard.meeting_page
    assert wizard.currentPage() is page6
    qtbot.keyClicks(page6.date_field.edit, "R8.5.20")
    qtbot.keyClicks(page6.start_edit, "13:30")
    qtbot.keyClicks(page6.end_edit, "12:00")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is page6
    assert "終わりの時刻が始まりの時刻より前" in page6.error_label.text()
    assert "c62828" in page6.end_edit.styleSheet()
    page6.end_edit.clear()
    type_japanese(page6.end_edit, "午後3時")
    type_japanese(page6.place_edit, "北地区公民館")
    press_next(qtbot, wizard)

    # 7 確認
    assert wizard.currentPage() is wizard.review_page
    summary = wizard.review_page.summary.toPlainText()
    for text in (
        "北地区ささえあい会議",
        "北地区 地域ケア会議",
        "高橋 和子（新しく登録）",
        "北地区公民館",
    ):
        assert text in summary, text
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.text() == "立ち上げる"
    click(qtbot, finish)

    assert wizard.result() == QWizard.DialogCode.Accepted
    [row] = list_councils(town)
    assert wizard.saved is not None and wizard.saved.id == row.id
    council = get_council(town, row.id)
    assert (council.name, council.reading) == ("北地区ささえあい会議", "きたちくささえあいかいぎ")
    assert (council.layer, council.area_name) == (2, "北地区")
    assert council.formation == CouncilFormation.EXISTING
    assert council.based_on == "北地区 地域ケア会議"
    assert council.status == CouncilStatus.ACTIVE
    assert council.established_on == date(2026, 4, 1)
    assert "北地区の高齢者が" in council.purpose
    members = {m.name: m for m in council.members}
    assert set(members) == {"佐藤 一郎", "高橋 和子"}
    sato, takahashi = members["佐藤 一郎"], members["高橋 和子"]
    assert sato.role == MemberRole.CHAIR and sato.title == "北町自治会 会長"
    assert (sato.starts_on, sato.ends_on) == (date(2026, 4, 1), date(2028, 3, 31))
    assert takahashi.role == MemberRole.MEMBER and takahashi.title == "民生委員"
    assert (takahashi.starts_on, takahashi.ends_on) == (date(2026, 4, 1), date(2027, 3, 31))
    assert takahashi.belongs_to == "北地区民生委員協議会"
    assert "高橋 和子" in [p.name for p in list_people(town)]  # registered on the spot
    assert council.topics.splitlines()[-1] == "災害のときの見守りの連携"
    assert council.bylaws.endswith("（町の例規担当と確認済み）")
    assert "（五）災害のときの見守りの連携" in council.bylaws
    [meeting] = list_meetings(town, council_id=council.id)
    assert meeting.held_on == date(2026, 5, 20)
    assert (meeting.starts_at, meeting.ends_at) == (time(13, 30), time(15, 0))
    assert meeting.place == "北地区公民館"
    assert "council" in changed and "meeting" in changed
    assert not draft_path(data_dir).exists()


def test_no_first_meeting_yet_and_enter_in_a_table(
    qtbot, context, town, actors, asked, type_japanese
):
    wizard = open_wizard(qtbot, context)
    assert wizard.area_page.area_combo.currentText() == "テスト町全域"  # 第1層 by default
    assert wizard.area_page.name_edit.text() == "テスト町支え合い推進会議"
    qtbot.keyClick(wizard.area_page.name_edit, Qt.Key.Key_Return)  # Enter = 次へ
    assert wizard.currentPage() is wizard.purpose_page
    go_to(qtbot, wizard, wizard.members_page)
    pick(qtbot, wizard, "じちかい", type_japanese)
    pick(qtbot, wizard, "民生", type_japanese)
    table = wizard.members_page.table
    table.setCurrentIndex(wizard.seats.index(0, NAME))
    qtbot.keyClick(table, Qt.Key.Key_Return)  # a spreadsheet's Enter: down, not 次へ
    assert wizard.currentPage() is wizard.members_page
    assert table.currentIndex().row() == 1
    go_to(qtbot, wizard, wizard.meeting_page)
    click(qtbot, wizard.meeting_page.undecided_check)
    assert not wizard.meeting_page.date_field.isEnabled()
    go_to(qtbot, wizard, wizard.review_page)
    assert "まだ決めていません" in wizard.review_page.summary.toPlainText()
    press_finish(qtbot, wizard)
    [row] = list_councils(town)
    assert (row.name, row.layer, row.status) == ("テスト町支え合い推進会議", 1, "preparing")
    assert {m.name for m in row.members} == {"北町自治会", "北地区民生委員協議会"}
    assert list_meetings(town, council_id=row.id) == []


# ---------------------------------------------------------------------- refused input


def test_a_member_without_a_name_and_a_term_ending_first_are_refused(
    qtbot, context, town, asked, type_japanese
):
    wizard = open_wizard(qtbot, context)
    go_to(qtbot, wizard, wizard.members_page)
    add_on_the_spot(qtbot, wizard, type_japanese, "中村 次郎")
    page3 = wizard.members_page
    edit_cell(qtbot, page3.table, 0, NAME, "")  # the name deleted by mistake
    press_next(qtbot, wizard)
    assert wizard.currentPage() is page3
    assert "1行目の構成員に名前がありません" in page3.error_label.text()
    assert (0, NAME) in wizard.seats.errors  # the cell is marked
    assert page3.table.currentIndex().row() == 0
    edit_cell(qtbot, page3.table, 0, NAME, "中村 次郎", type_japanese)
    assert (0, NAME) not in wizard.seats.errors  # mended cells lose their mark
    assert page3.error_label.isHidden()  # and the message about them goes
    press_next(qtbot, wizard)

    page4 = wizard.terms_page
    assert wizard.currentPage() is page4
    edit_cell(qtbot, page4.table, 0, STARTS, "R8.4.1")
    edit_cell(qtbot, page4.table, 0, ENDS, "R8.3.31")
    press_next(qtbot, wizard)
    assert wizard.currentPage() is page4
    assert "1行目の任期の終わりが始まりより前" in page4.error_label.text()
    assert (0, ENDS) in wizard.seats.errors
    edit_cell(qtbot, page4.table, 0, ENDS, "令和八年三月", type_japanese)  # not a date
    press_next(qtbot, wizard)
    assert wizard.currentPage() is page4
    assert "1行目の任期の終わり: 「令和八年三月」は日付として読めません" in (
        page4.error_label.text()
    )
    assert list_councils(town) == []  # nothing saved on the way


def test_a_refusal_from_the_service_shows_on_its_page(qtbot, context, town, asked):
    wizard = open_wizard(qtbot, context)
    click(qtbot, wizard.area_page.layer_radios[2])
    choose(wizard.area_page.area_combo, "南地区")
    go_to(qtbot, wizard, wizard.review_page)
    trash_area(town, area_id(town, "南地区"))  # meanwhile, on another PC
    press_finish(qtbot, wizard)
    assert wizard.isVisible()
    assert wizard.currentPage() is wizard.area_page
    assert "選んだ圏域が見つかりません" in wizard.area_page.error_label.text()
    assert "c62828" in wizard.area_page.area_combo.styleSheet()
    assert list_councils(town) == []


# ---------------------------------------------------------------------- drafts


def test_closing_keeps_a_draft_that_is_offered_next_time(
    qtbot, context, town, data_dir, actors, asked, type_japanese
):
    wizard = open_wizard(qtbot, context)
    wizard.area_page.name_edit.clear()
    type_japanese(wizard.area_page.name_edit, "書きかけの協議体")
    press_next(qtbot, wizard)
    qtbot.keyClicks(wizard.purpose_page.established_field.edit, "R9.4.1")
    press_next(qtbot, wizard)
    pick(qtbot, wizard, "さとう", type_japanese)
    add_on_the_spot(qtbot, wizard, type_japanese, "小林 さくら")
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert not wizard.isVisible()
    assert list_councils(town) == []
    saved = json.loads(draft_path(data_dir).read_text(encoding="utf-8"))
    assert saved["values"]["name"] == "書きかけの協議体"
    assert [m["new_name"] for m in saved["values"]["members"]] == ["", "小林 さくら"]
    assert saved["page"] == wizard.pageIds()[2]

    again = open_wizard(qtbot, context)
    assert asked["questions"] == [DRAFT_QUESTION]
    assert again.currentPage() is again.members_page  # where the person left off
    assert again.area_page.name_edit.text() == "書きかけの協議体"
    assert again.purpose_page.established_field.text() == "令和9年4月1日"
    assert names(again) == ["佐藤 一郎", "小林 さくら"]
    assert "✓ 自治会・町内会 佐藤 一郎" in coverage_lines(again)
    go_to(qtbot, again, again.meeting_page)
    click(qtbot, again.meeting_page.undecided_check)
    go_to(qtbot, again, again.review_page)
    press_finish(qtbot, again)
    [row] = list_councils(town)
    assert row.name == "書きかけの協議体"
    assert {m.name for m in row.members} == {"佐藤 一郎", "小林 さくら"}
    assert not draft_path(data_dir).exists()  # finished: the draft is gone


def test_every_page_change_keeps_the_draft(qtbot, context, data_dir, asked, type_japanese):
    wizard = CouncilWizard(context)  # not handed to qtbot: it is destroyed below
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.area_page.name_edit.clear()
    type_japanese(wizard.area_page.name_edit, "停電の前に入力")
    press_next(qtbot, wizard)
    saved = json.loads(draft_path(data_dir).read_text(encoding="utf-8"))
    assert saved["values"]["name"] == "停電の前に入力"
    shiboken6.delete(wizard)  # a crash: gone without やめる
    again = open_wizard(qtbot, context)
    assert asked["questions"] == [DRAFT_QUESTION]
    assert again.currentPage() is again.purpose_page
    assert again.area_page.name_edit.text() == "停電の前に入力"


def test_a_declined_draft_is_dropped(qtbot, context, data_dir, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    type_japanese(wizard.area_page.reading_edit, "かきかけ")
    wizard.reject()
    assert draft_path(data_dir).exists()
    asked["answers"] = [QMessageBox.StandardButton.Discard]
    fresh = open_wizard(qtbot, context)
    assert asked["questions"] == [DRAFT_QUESTION]
    assert fresh.currentPage() is fresh.area_page
    assert fresh.area_page.name_edit.text() == "テスト町支え合い推進会議"
    assert not draft_path(data_dir).exists()


def test_nothing_typed_leaves_no_draft(qtbot, context, data_dir, asked):
    open_wizard(qtbot, context).reject()
    assert not draft_path(data_dir).exists()


# ---------------------------------------------------------------------- editing


@pytest.fixture
def council(town, actors):
    return create_council(
        town,
        CouncilInput(
            name="北地区協議体",
            layer=2,
            area_id=area_id(town, "北地区"),
            reading="きたちくきょうぎたい",
            bylaws="北地区協議体設置要綱\n（趣旨）\n第1条　町が定める。",
            members=(
                MemberInput(
                    person_id=actors["sato"].id,
                    role=MemberRole.CHAIR.value,
                    starts_on=date(2026, 4, 1),
                    ends_on=date(2028, 3, 31),
                ),
            ),
        ),
    )


def test_edit_a_council(qtbot, context, town, data_dir, council, asked, type_japanese):
    wizard = open_wizard(qtbot, context, council)
    assert asked["questions"] == []  # drafts are for new councils only
    assert wizard.windowTitle() == "「北地区協議体」の編集"
    assert wizard.meeting_page is None and len(wizard.pageIds()) == 6
    assert wizard.area_page.area_combo.currentText() == "北地区"
    assert names(wizard) == ["佐藤 一郎"]
    assert wizard.seats.seats()[0].starts_on == "令和8年4月1日"
    wizard.area_page.name_edit.clear()
    type_japanese(wizard.area_page.name_edit, "北地区支え合い会議")
    go_to(qtbot, wizard, wizard.bylaws_page)
    assert wizard.bylaws_page.bylaws_edit.toPlainText() == council.bylaws  # kept, not redrafted
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.text() == "保存する"
    click(qtbot, finish)  # an edit may be saved from any page
    assert wizard.result() == QWizard.DialogCode.Accepted
    row = get_council(town, council.id)
    assert row.name == "北地区支え合い会議"
    assert row.version > council.version
    assert [(m.id, m.role) for m in row.members] == [(council.members[0].id, "chair")]
    assert row.bylaws == council.bylaws
    assert wizard.saved.version == row.version
    assert not draft_path(data_dir).exists()


def test_a_conflicting_edit_keeps_the_wizard_and_the_input(
    qtbot, context, town, council, asked, type_japanese
):
    wizard = open_wizard(qtbot, context, council)
    wizard.area_page.name_edit.clear()
    type_japanese(wizard.area_page.name_edit, "北地区の新しい名前")
    # Someone else saves the same council meanwhile.
    update_council(
        town,
        council.id,
        replace(CouncilInput("別の人の名前", 2, council.area_id), members=()),
        expected_version=council.version,
    )
    press_finish(qtbot, wizard)
    [(title, text)] = asked["warnings"]
    assert title == "ほかの変更と重なりました"
    assert "ほかの人" in text
    assert wizard.isVisible() and wizard.result() != QWizard.DialogCode.Accepted
    assert wizard.area_page.name_edit.text() == "北地区の新しい名前"
    assert get_council(town, council.id).name == "別の人の名前"  # not overwritten


# ---------------------------------------------------------------------- actor coverage


def test_actor_coverage_lists_the_kinds_still_missing(
    qtbot, context, town, actors, asked, type_japanese
):
    wizard = open_wizard(qtbot, context)
    go_to(qtbot, wizard, wizard.members_page)
    lines = coverage_lines(wizard)
    assert len(lines) == 10 and all("まだいません" in line for line in lines)
    assert "まだいない主体: 10種類" in wizard.members_page.coverage_note.text()
    pick(qtbot, wizard, "民生", type_japanese)
    lines = coverage_lines(wizard)
    assert "✓ 民生委員 北地区民生委員協議会" in lines
    assert "－ 老人クラブ まだいません" in lines
    assert "－ 地域包括支援センター まだいません" in lines
    assert "まだいない主体: 9種類" in wizard.members_page.coverage_note.text()
    page = wizard.members_page
    page.table.setCurrentIndex(wizard.seats.index(0, NAME))
    click(qtbot, page.remove_button)
    assert names(wizard) == []
    assert "－ 民生委員 まだいません" in coverage_lines(wizard)
