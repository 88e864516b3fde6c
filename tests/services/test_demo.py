from __future__ import annotations

import pytest

from app.services.demo import load_demo
from app.services.errors import ValidationError
from app.services.guide.checklist import progress_by_area
from app.services.integrity import run_checks
from app.services.setup.areas import list_areas
from app.services.setup.organizations import list_organizations
from app.services.setup.people import list_people


def test_demo_town_has_areas_organisations_people_and_progress(db):
    load_demo(db)
    assert len([a for a in list_areas(db) if a.layer == 2]) >= 3
    assert len(list_organizations(db)) >= 10
    people = list_people(db)
    assert len(people) >= 10
    assert [p.name for p in people[:4]] == ["青木 真理", "石田 健一", "上野 さち子", "遠藤 正"]
    assert people[-1].name == "長谷川 実"
    assert any(p.done for p in progress_by_area(db))
    assert all(f.ok for f in run_checks(db))


def test_demo_refuses_a_town_that_exists(town):
    with pytest.raises(ValidationError):
        load_demo(town)


def test_demo_is_all_or_nothing(db, monkeypatch):
    """A failure after the areas are written must leave no half-made town behind."""
    import app.services.demo as demo

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "clean_person", broken)
    with pytest.raises(RuntimeError):
        load_demo(db)
    assert list_areas(db) == [] and list_organizations(db) == []
    monkeypatch.undo()
    load_demo(db)  # and the folder can still take the demo afterwards
    assert list_areas(db)


def test_demo_town_has_a_council_with_filed_minutes_and_a_round_table(db):
    from app.domain.enums import Attendance, MeetingKind
    from app.services.councils.council import list_councils
    from app.services.meetings.meeting import get_meeting, list_meetings
    from app.services.meetings.minutes import open_actions, revisions_text

    load_demo(db)
    [council] = list_councils(db)
    assert council.status_label == "設置済み" and "第1条" in council.bylaws
    assert council.members[0].role_label == "会長" and council.member_count >= 8
    meetings = list_meetings(db)
    confirmed = [m for m in meetings if m.minutes_label == "確認済み"]
    assert len(confirmed) >= 2
    assert any(m.kind == MeetingKind.ROUND_TABLE for m in meetings)
    filed = get_meeting(db, confirmed[0].id)
    assert "決定事項" in dict(revisions_text(filed))[1]
    assert filed.attendees_with(Attendance.ABSENT), "the demo shows an absence too"
    assert open_actions(db), "an action item is still open on the home page"


def test_demo_town_has_issues_everywhere_a_handover_and_a_kj_board(db):
    from sqlalchemy import func, select

    from app.db.models import IssueCard, IssueGroup, IssueLink
    from app.services.issues.issue import IssueFilter, get_issue, list_issues, received_by_layer1
    from app.services.issues.needs import needs_map

    load_demo(db)
    for area in (a for a in list_areas(db) if a.layer == 2):
        assert list_issues(db, IssueFilter(area_id=area.id)), area.name
    [handed] = received_by_layer1(db)
    assert handed.escalated_reason
    assert len(get_issue(db, handed.id).history) == 3  # two attempts, then the handover
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(IssueGroup)) == 3
        assert session.scalar(select(func.count()).select_from(IssueCard)) == 5
        assert session.scalar(select(func.count()).select_from(IssueLink)) == 2
    east = next(a for a in list_areas(db) if a.name == "東中学校区")
    assert [row.label for row in needs_map(db, east.id).local_gaps] == ["移動"]


def test_demo_town_has_one_initiative_of_each_kind_and_one_made_a_resource(db):
    from app.services.initiatives.initiative import list_initiatives

    load_demo(db)
    rows = list_initiatives(db)
    assert [r.kind_code for r in rows] == ["3-1", "3-2", "3-3"]
    assert any(r.created for r in rows) and all(r.can_do and r.want_to_do for r in rows)
