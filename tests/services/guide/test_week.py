"""The home page's week: meetings ahead, issues waiting, and evidence not yet ticked."""

from __future__ import annotations

from datetime import date, timedelta

from app.services.guide.checklist import set_check
from app.services.guide.week import ready_checks, this_week
from app.services.issues.issue import IssueInput, create_issue
from app.services.meetings.meeting import MeetingInput, create_meeting
from app.services.setup.areas import list_areas


def test_this_week_lists_the_meetings_of_the_next_seven_days_and_waiting_issues(town):
    today = date(2026, 11, 26)
    north = next(a.id for a in list_areas(town) if a.name == "北地区")
    for days, title in ((-1, "昨日"), (0, "今日"), (6, "六日後"), (7, "一週間後")):
        create_meeting(town, MeetingInput("other", title, today + timedelta(days=days)))
    create_issue(town, IssueInput("a", (north,), kinds=("other",), urgency=3), today=today)
    create_issue(town, IssueInput("b", (north,), kinds=("other",), state="discussing"), today=today)
    week = this_week(town, today)
    assert [m.title for m in week.meetings] == ["今日", "六日後"]
    assert (week.waiting_issues, week.urgent_issues) == (1, 1)


def test_checks_with_evidence_but_no_tick_are_ready(town):
    north = next(a.id for a in list_areas(town) if a.name == "北地区")
    create_issue(town, IssueInput("座談会の声", (north,), kinds=("other",), source="round_table"))
    assert "2-2-c" in ready_checks(town, north)
    set_check(town, north, "2-2-c", True)
    assert "2-2-c" not in ready_checks(town, north)
