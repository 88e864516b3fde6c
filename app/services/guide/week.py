"""What the home page says is coming: the week's meetings, issues waiting for a decision, and
check items whose evidence is recorded but which nobody has ticked yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from app.db.engine import Database
from app.domain.enums import IssueState
from app.services.guide.checklist import states_for_area
from app.services.guide.evidence import evidence_for_area
from app.services.issues.issue import IssueFilter, list_issues
from app.services.meetings.meeting import MeetingRow, list_meetings

DAYS_AHEAD = 7


@dataclass(frozen=True)
class WeekAhead:
    meetings: tuple[MeetingRow, ...]  # today and the six days after, soonest first
    waiting_issues: int  # 把握 (noticed) and not yet discussed
    urgent_issues: int  # of those, 緊急度 高


def this_week(db: Database, today: date) -> WeekAhead:
    end = today + timedelta(days=DAYS_AHEAD - 1)  # today and the six days after it
    meetings = sorted(
        (m for m in list_meetings(db) if today <= m.held_on <= end),
        key=lambda m: (m.held_on, m.starts_at or time.min, m.id),
    )
    waiting = list_issues(db, IssueFilter(state=IssueState.NOTICED.value))
    return WeekAhead(
        tuple(meetings), len(waiting), sum(1 for issue in waiting if issue.urgency == 3)
    )


def ready_checks(db: Database, area_id: int) -> list[str]:
    """Check keys of an area that have evidence recorded but are not ticked."""
    states = states_for_area(db, area_id)
    return sorted(
        key for key in evidence_for_area(db, area_id) if key in states and not states[key].done
    )
