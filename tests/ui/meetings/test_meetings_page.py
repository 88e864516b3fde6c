"""The 協議体・会議 page driven as a coordinator would: choose a council, filter, plan, trash."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.domain.enums import CouncilStatus, MeetingKind, MemberRole
from app.services.councils.council import CouncilInput, MemberInput, create_council
from app.services.meetings.meeting import MeetingInput, create_meeting, list_meetings
from app.services.setup.areas import list_areas
from app.ui.councils import panel as council_panel
from app.ui.meetings import page as meetings_page
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.meetings.page import ALL_MEETINGS, MeetingsPage
from app.ui.meetings.plan_dialog import PlanDialog
from tests.ui.page_helpers import open_page


def area_id(db, name: str) -> int:
    return next(a.id for a in list_areas(db) if a.name == name)


@pytest.fixture
def councils(town):
    north = create_council(
        town,
        CouncilInput(
            name="北地区支え合い会議",
            layer=2,
            area_id=area_id(town, "北地区"),
            purpose="北地区の暮らしを支え合う",
            status=CouncilStatus.ACTIVE.value,
            established_on=date(2026, 4, 1),
            bylaws="第1条 この会議は北地区支え合い会議という。",
            members=(
                MemberInput(new_name="山田 太郎", role=MemberRole.CHAIR.value, title="自治会長"),
                MemberInput(new_name="佐藤 花子"),
            ),
        ),
    )
    town_wide = create_council(
        town, CouncilInput(name="テスト町推進会議", layer=1, area_id=area_id(town, "テスト町全域"))
    )
    for title, day, council in (
        ("第1回 北地区支え合い会議", date(2026, 5, 20), north),
        ("第2回 北地区支え合い会議", date(2026, 7, 15), north),
        ("第1回 テスト町推進会議", date(2026, 6, 1), town_wide),
    ):
        create_meeting(
            town,
            MeetingInput(
                MeetingKind.COUNCIL.value, title, day, council_id=council.id, place="公民館"
            ),
        )
    create_meeting(
        town,
        MeetingInput(
            MeetingKind.ROUND_TABLE.value,
            "南地区 座談会",
            date(2026, 8, 3),
            area_id=area_id(town, "南地区"),
            starts_at=time(10, 0),
        ),
    )
    return north, town_wide


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=10_000)


@pytest.fixture
def page(qtbot, context, councils):
    page = open_page(qtbot, MeetingsPage(context))
    settle(qtbot, page)
    return page


def council_names(page) -> list[str]:
    return [row.name for row in page.council_model.rows()]


def meeting_titles(page) -> list[str]:
    return [row.title for row in page.meeting_model.rows()]


def click(qtbot, table, row: int, double: bool = False) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    action = qtbot.mouseDClick if double else qtbot.mouseClick
    if double:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    action(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_lists_councils_and_every_meeting_newest_first(page):
    assert council_names(page) == ["テスト町推進会議", "北地区支え合い会議"]
    headers = [page.council_model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["名前", "層・圏域", "状態", "構成員数", "会議数"]
    north = page.council_model.index(1, 1)
    assert north.data() == "第2層・北地区"
    assert page.council_model.index(1, 3).data() == "2"
    assert page.council_model.index(1, 4).data() == "2"
    assert page.council_filter.currentText() == ALL_MEETINGS
    assert meeting_titles(page) == [
        "南地区 座談会",
        "第2回 北地区支え合い会議",
        "第1回 テスト町推進会議",
        "第1回 北地区支え合い会議",
    ]
    first = [page.meeting_model.index(0, c).data() for c in range(5)]
    assert first == ["令和8年8月3日(月)", "座談会", "南地区 座談会", "南地区", "未作成"]
    assert page.count_label.text() == "4件"


def test_choosing_a_council_shows_its_detail_and_only_its_meetings(qtbot, page):
    click(qtbot, page.council_table, council_names(page).index("北地区支え合い会議"))
    assert page.council_filter.currentText() == "北地区支え合い会議"
    assert meeting_titles(page) == ["第2回 北地区支え合い会議", "第1回 北地区支え合い会議"]
    detail = page.council_detail.toPlainText()
    assert "北地区の暮らしを支え合う" in detail
    assert "会長" in detail and "山田 太郎" in detail and "自治会長" in detail
    assert "第1条" not in detail  # 設置要綱 starts folded
    page.council_panel.link_clicked(QUrl("toggle-bylaws"))
    assert "第1条 この会議は北地区支え合い会議という。" in page.council_detail.toPlainText()

    page.council_filter.setCurrentIndex(page.council_filter.findText(ALL_MEETINGS))
    assert len(meeting_titles(page)) == 4
    page.kind_filter.setCurrentIndex(page.kind_filter.findData(MeetingKind.ROUND_TABLE.value))
    assert meeting_titles(page) == ["南地区 座談会"]


def test_search_as_you_type_finds_by_title_and_date(qtbot, page, type_japanese):
    type_japanese(page.search, "テスト町")
    assert meeting_titles(page) == ["第1回 テスト町推進会議"]
    page.search.clear()
    qtbot.keyClicks(page.search, "R8.7.15")
    assert meeting_titles(page) == ["第2回 北地区支え合い会議"]
    assert page.count_label.text() == "1件／全4件"
    page.search.clear()
    type_japanese(page.search, "存在しない会議")
    assert page.meeting_stack.currentWidget() is page.meeting_empty


def test_new_meeting_for_the_chosen_council_is_preset_and_appears_after_saving(
    qtbot, page, type_japanese
):
    click(qtbot, page.council_table, council_names(page).index("北地区支え合い会議"))
    qtbot.mouseClick(page.new_meeting_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, MeetingDialog)
    assert dialog.kind_combo.currentData() == MeetingKind.COUNCIL.value
    assert dialog.title_edit.text() == "第3回 北地区支え合い会議"
    qtbot.keyClicks(dialog.date_field.edit, "R8.9.16")
    type_japanese(dialog.place_edit, "北公民館")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert meeting_titles(page)[0] == "第3回 北地区支え合い会議"
    assert page.current_meeting().title == "第3回 北地区支え合い会議"
    assert "登録しました" in page.message_label.text()


def test_plan_dialog_previews_and_creates_the_second_tuesdays(qtbot, page, town):
    north = council_names(page).index("北地区支え合い会議")
    click(qtbot, page.council_table, north)
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PlanDialog)
    qtbot.keyClicks(dialog.first_field.edit, "R8.10.13")  # 第2火曜日
    dialog.count_spin.setValue(3)
    assert dialog.weekday_radio.text() == "同じ曜日（毎回 第2火曜日）"
    assert dialog.preview_texts() == [
        "第3回　令和8年10月13日(火)",
        "第4回　令和8年11月10日(火)",
        "第5回　令和8年12月8日(火)",
    ]
    dialog.day_radio.setChecked(True)
    assert dialog.preview_texts()[1] == "第4回　令和8年11月13日(金)"
    dialog.weekday_radio.setChecked(True)
    qtbot.keyClicks(dialog.start_edit, "13:30")
    qtbot.keyClicks(dialog.end_edit, "15:00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    settle(qtbot, page)
    council_id = page.current_council().id
    planned = sorted(list_meetings(town, council_id=council_id), key=lambda m: m.held_on)[2:]
    assert [(m.title, m.held_on) for m in planned] == [
        ("第3回 北地区支え合い会議", date(2026, 10, 13)),
        ("第4回 北地区支え合い会議", date(2026, 11, 10)),
        ("第5回 北地区支え合い会議", date(2026, 12, 8)),
    ]
    assert all(m.starts_at == time(13, 30) for m in planned)
    assert "3回分の会議を登録しました" in page.message_label.text()
    assert len(meeting_titles(page)) == 5


def test_plan_dialog_shows_an_unreadable_date_at_its_field(qtbot, page, town, type_japanese):
    click(qtbot, page.council_table, 0)
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_japanese(dialog.end_edit, "25時")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "1回目の日" in dialog.error_labels["first_on"].text()
    assert "25時" in dialog.error_labels["times"].text()
    assert len(list_meetings(town)) == 4
    dialog.reject()


def test_trash_asks_first_and_removes_the_meeting(qtbot, page, town, monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    click(qtbot, page.meeting_table, meeting_titles(page).index("南地区 座談会"))
    qtbot.mouseClick(page.trash_button, Qt.MouseButton.LeftButton)
    assert "南地区 座談会" in asked[0]
    assert len(list_meetings(town)) == 4  # いいえ: nothing happens
    qtbot.mouseClick(page.trash_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert "南地区 座談会" not in [m.title for m in list_meetings(town)]
    assert "南地区 座談会" not in meeting_titles(page)
    assert page.current_meeting() is not None  # the next meeting is chosen


def test_double_click_opens_the_minutes_and_papers_are_built_where_chosen(
    qtbot, page, monkeypatch, tmp_path
):
    opened, built = [], []

    class FakeEditor(QDialog):
        def __init__(self, context, meeting_id, parent=None):
            super().__init__(parent)
            opened.append(meeting_id)

    fakes = {
        "MinutesEditor": FakeEditor,
        "agenda_paper": lambda db, meeting_id: ("agenda", meeting_id),
        "build_agenda": lambda data, target: built.append((data, target)),
        "signin_paper": lambda db, meeting_id: ("signin", meeting_id),
        "build_signin": lambda data, target: built.append((data, target)),
    }
    for name, fake in fakes.items():
        monkeypatch.setattr(meetings_page, name, fake)
    row = meeting_titles(page).index("第1回 テスト町推進会議")
    click(qtbot, page.meeting_table, row, double=True)
    meeting = page.current_meeting()
    assert opened == [meeting.id]
    page.dialog.reject()

    target = tmp_path / "次第.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr("app.ui.printing.paper_actions.offer_to_open", lambda _parent, path: None)
    qtbot.mouseClick(page.agenda_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(built) == 1)
    assert built[0] == (("agenda", meeting.id), target)
    qtbot.mouseClick(page.signin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(built) == 2)
    assert built[1][0] == ("signin", meeting.id)


def test_council_wizard_opens_for_new_and_chosen_council(qtbot, page, monkeypatch):
    seen = []

    class FakeWizard(QDialog):
        def __init__(self, context, council, parent=None):
            super().__init__(parent)
            seen.append(council)
            self.saved = None

    monkeypatch.setattr(council_panel, "CouncilWizard", FakeWizard)
    qtbot.mouseClick(page.new_council_button, Qt.MouseButton.LeftButton)
    page.dialog.reject()
    click(qtbot, page.council_table, council_names(page).index("北地区支え合い会議"), True)
    assert seen[0] is None
    assert seen[1].name == "北地区支え合い会議" and len(seen[1].members) == 2
    page.dialog.reject()


def test_roster_is_saved_as_a_pdf_where_chosen(qtbot, page, monkeypatch, tmp_path):
    target = tmp_path / "委員名簿.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    saved = []
    monkeypatch.setattr(
        "app.ui.printing.paper_actions.offer_to_open", lambda _p, path: saved.append(path)
    )
    click(qtbot, page.council_table, council_names(page).index("北地区支え合い会議"))
    qtbot.mouseClick(page.roster_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved == [target], timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF")
