"""ホーム: the follow-ups decided at meetings stay listed until someone marks them done."""

from __future__ import annotations

from datetime import date, timedelta

from app.services.meetings.meeting import MeetingInput, create_meeting
from app.services.meetings.minutes import (
    ActionInput,
    AgendaMinutesInput,
    MinutesInput,
    open_actions,
    save_minutes,
)
from app.ui.guide import home_page
from app.ui.guide.home_page import HomePage
from tests.ui.page_helpers import open_page


def _meeting_with_actions(db):
    meeting = create_meeting(db, MeetingInput("council", "第1回 テスト会議", date(2026, 4, 1)))
    today = date.today()
    save_minutes(
        db,
        meeting.id,
        MinutesInput(
            agenda=(AgendaMinutesInput("困りごと", discussion="話し合った"),),
            actions=(
                ActionInput("チラシを配る", "佐藤", today - timedelta(days=3)),
                ActionInput("会場を探す", "山田", today + timedelta(days=10)),
                ActionInput("済んだこと", "鈴木", today, state="done"),
            ),
        ),
        meeting.version,
    )
    return meeting


def test_open_actions_are_listed_overdue_first_and_leave_when_done(qtbot, context, monkeypatch):
    _meeting_with_actions(context.db)
    page = HomePage(context)
    open_page(qtbot, page)
    page.refresh()
    qtbot.waitUntil(lambda: page.actions_table.rowCount() == 2)
    assert page.actions_table.item(0, 1).text() == "チラシを配る"
    assert "期限切れ" in page.actions_table.item(0, 0).text()
    assert "期限切れ" in page.actions_label.text()
    assert page.actions_table.item(1, 4).text().startswith("第1回 テスト会議")

    asked = []
    monkeypatch.setattr(home_page, "confirm", lambda _p, _t, text: asked.append(text) or True)
    page.actions_table.selectRow(0)
    page.done_button.click()
    assert "チラシを配る" in asked[0]
    qtbot.waitUntil(lambda: page.actions_table.rowCount() == 1)
    assert page.actions_table.item(0, 1).text() == "会場を探す"
    assert "「チラシを配る」を完了にしました" in page.actions_label.text()
    # After the refresh nothing is chosen: a second click must not finish the next one.
    page.actions_table.setFocus()
    page.done_button.click()
    assert len(asked) == 1 and "選んでください" in page.status.text()
    assert [a.description for a in open_actions(context.db)] == ["会場を探す"]


def test_no_open_actions_hides_the_list(qtbot, context):
    page = HomePage(context)
    open_page(qtbot, page)
    page.refresh()
    qtbot.waitUntil(lambda: page.status.text() != "読み込み中…")
    assert not page.actions_table.isVisible()
    assert not page.done_button.isVisible()
