"""協議体, meetings and minutes through the services: the rules a council's records keep."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from app.db.engine import Database
from app.domain.enums import (
    ActionState,
    Attendance,
    CouncilFormation,
    CouncilStatus,
    MeetingKind,
    MemberRole,
    OrganizationKind,
)
from app.services.councils.council import (
    CouncilInput,
    FirstMeetingInput,
    MemberInput,
    actor_coverage,
    create_council,
    get_council,
    list_councils,
    update_council,
)
from app.services.errors import ConflictError, ValidationError
from app.services.guide.evidence import evidence_for_area
from app.services.meetings.meeting import (
    AgendaInput,
    AttendeeInput,
    MeetingInput,
    MinutesLocked,
    attendees_from_council,
    create_meeting,
    get_meeting,
    list_meetings,
    update_meeting,
)
from app.services.meetings.minutes import (
    ActionInput,
    AgendaMinutesInput,
    MinutesInput,
    confirm_minutes,
    open_actions,
    revisions_text,
    save_minutes,
    set_action_state,
    start_correction,
)
from app.services.meetings.planning import PlanInput, plan_dates, plan_meetings
from app.services.setup.areas import list_areas
from app.services.setup.organizations import OrganizationInput, create_organization
from app.services.setup.people import PersonInput, create_person

TODAY = date(2026, 11, 26)


def _area(db: Database, name: str) -> int:
    return next(a.id for a in list_areas(db) if a.name == name)


@pytest.fixture
def council_town(town: Database):
    org = create_organization(
        town, OrganizationInput("北地区自治会", OrganizationKind.NEIGHBORHOOD_ASSOCIATION.value)
    )
    chair = create_person(town, PersonInput("山田 太郎", "やまだ たろう", organization_id=org.id))
    council = create_council(
        town,
        CouncilInput(
            name="北地区支え合い会議",
            reading="きたちくささえあいかいぎ",
            layer=2,
            area_id=_area(town, "北地区"),
            purpose="北地区の高齢者の暮らしを支え合う",
            status=CouncilStatus.ACTIVE.value,
            established_on=date(2026, 4, 1),
            bylaws="北地区支え合い会議設置要綱",
            members=(
                MemberInput(person_id=chair.id, role=MemberRole.CHAIR.value, title="自治会長"),
                MemberInput(new_name="佐藤 花子", new_reading="さとう はなこ"),
                MemberInput(new_name="鈴木 一郎", role=MemberRole.SECRETARIAT.value),
            ),
        ),
        FirstMeetingInput(date(2026, 5, 20), time(13, 30), time(15, 0), "北公民館"),
    )
    return town, council


def test_council_saved_with_members_first_meeting_and_people_added_on_the_spot(council_town):
    db, council = council_town
    again = get_council(db, council.id)
    assert [m.name for m in again.members] == ["山田 太郎", "佐藤 花子", "鈴木 一郎"]
    assert [m.role_label for m in again.members] == ["会長", "委員", "事務局"]
    assert again.meeting_count == 1
    meeting = list_meetings(db, council_id=council.id)[0]
    assert meeting.title == "第1回 北地区支え合い会議"
    assert meeting.when == "令和8年5月20日(水) 午後1時30分～3時00分"
    assert [c.name for c in list_councils(db)] == ["北地区支え合い会議"]


def test_member_without_a_name_and_term_ending_before_it_starts_are_refused(town):
    with pytest.raises(ValidationError) as caught:
        create_council(
            town,
            CouncilInput(
                name="会議",
                layer=2,
                area_id=_area(town, "北地区"),
                members=(
                    MemberInput(),
                    MemberInput(
                        new_name="田中", starts_on=date(2026, 4, 1), ends_on=date(2025, 3, 31)
                    ),
                ),
            ),
        )
    assert "名前がありません" in caught.value.fields["members.0.name"]
    assert "任期の終わり" in caught.value.fields["members.1.ends_on"]
    assert list_councils(town) == []  # nothing saved half way


def test_existing_meeting_needs_its_name_and_area_must_match_the_layer(town):
    with pytest.raises(ValidationError) as caught:
        create_council(
            town,
            CouncilInput(
                name="会議",
                layer=1,
                area_id=_area(town, "北地区"),
                formation=CouncilFormation.EXISTING.value,
            ),
        )
    assert "第2層" in caught.value.fields["area_id"]
    assert "既存の会議" in caught.value.fields["based_on"]


def test_actor_coverage_names_who_brings_each_kind(council_town):
    db, council = council_town
    seats = [MemberInput(person_id=m.person_id) for m in get_council(db, council.id).members]
    coverage = {c.kind: c for c in actor_coverage(db, seats)}
    assert coverage[OrganizationKind.NEIGHBORHOOD_ASSOCIATION].members == ("山田 太郎",)
    assert not coverage[OrganizationKind.SENIOR_CLUB].covered


def test_member_edits_move_the_version_and_stale_saves_conflict(council_town):
    db, council = council_town
    seats = tuple(MemberInput(person_id=m.person_id, role=m.role, id=m.id) for m in council.members)
    data = CouncilInput(
        name=council.name,
        layer=2,
        area_id=council.area_id,
        status=council.status,
        established_on=council.established_on,
        members=seats[:2],
    )
    updated = update_council(db, council.id, data, council.version)
    assert updated.version == council.version + 1
    assert updated.member_count == 2
    with pytest.raises(ConflictError):
        update_council(db, council.id, data, council.version)


def test_meeting_that_ends_before_it_starts_is_refused(town):
    with pytest.raises(ValidationError) as caught:
        create_meeting(
            town,
            MeetingInput(
                MeetingKind.ROUND_TABLE.value,
                "座談会",
                TODAY,
                starts_at=time(15, 0),
                ends_at=time(14, 0),
                attendees=(AttendeeInput("", "ゲスト"),),
            ),
        )
    assert "終わりの時刻" in caught.value.fields["ends_at"]
    assert "氏名がありません" in caught.value.fields["attendees.0.name"]
    assert list_meetings(town) == []


def _minutes(recorder: str = "鈴木 一郎", decision: str = "見守りマップを作る") -> MinutesInput:
    return MinutesInput(
        agenda=(
            AgendaMinutesInput(
                "地域の困りごと", discussion="買い物に困る声が多い", decisions=decision
            ),
        ),
        actions=(ActionInput("商店に聞き取り", "佐藤", date(2026, 12, 10)),),
        next_meeting="令和9年1月20日 午後1時30分",
        recorder=recorder,
        confirmer="山田 太郎",
    )


def test_minutes_go_draft_confirmed_corrected_and_keep_the_old_revision(council_town):
    db, council = council_town
    meeting = list_meetings(db, council_id=council.id)[0]
    attendees = attendees_from_council(db, council.id, meeting.held_on)
    assert [a.status for a in attendees][-1] == Attendance.SECRETARIAT.value
    meeting = update_meeting(
        db,
        meeting.id,
        MeetingInput(
            MeetingKind.COUNCIL.value,
            meeting.title,
            meeting.held_on,
            council_id=council.id,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            agenda=(AgendaInput("地域の困りごと"),),
            attendees=attendees,
        ),
        meeting.version,
    )
    draft = save_minutes(db, meeting.id, _minutes(), meeting.version, today=TODAY)
    assert draft.minutes_label == "下書き"
    confirmed = confirm_minutes(db, meeting.id, draft.version, today=TODAY)
    assert confirmed.minutes_label == "確認済み"

    with pytest.raises(MinutesLocked) as locked:
        save_minutes(db, meeting.id, _minutes(decision="別の決定"), confirmed.version)
    assert "訂正する" in locked.value.message

    corrected = start_correction(db, meeting.id, "決定事項の誤記", confirmed.version)
    assert corrected.minutes_label == "訂正中（第2版）"
    corrected = save_minutes(
        db, meeting.id, _minutes(decision="見守りマップを3月までに作る"), corrected.version
    )
    final = confirm_minutes(db, meeting.id, corrected.version, today=TODAY)
    assert final.minutes_label == "確認済み（第2版）"
    texts = dict(revisions_text(final))
    assert "見守りマップを作る" in texts[1] and "3月まで" not in texts[1]
    assert "3月までに作る" in texts[2] and "決定事項の誤記" in texts[2]


def test_second_window_saving_stale_minutes_gets_a_conflict(council_town):
    db, council = council_town
    meeting = get_meeting(db, list_meetings(db, council_id=council.id)[0].id)
    save_minutes(db, meeting.id, _minutes(), meeting.version)
    with pytest.raises(ConflictError):
        save_minutes(db, meeting.id, _minutes(decision="二つ目の窓"), meeting.version)
    assert get_meeting(db, meeting.id).agenda[0].decisions == "見守りマップを作る"


def test_confirm_needs_recorder_and_confirmer(council_town):
    db, council = council_town
    meeting = get_meeting(db, list_meetings(db, council_id=council.id)[0].id)
    saved = save_minutes(db, meeting.id, _minutes(recorder=""), meeting.version)
    with pytest.raises(ValidationError) as caught:
        confirm_minutes(db, meeting.id, saved.version, today=TODAY)
    assert "記録者" in caught.value.fields["recorder"]


def test_open_actions_until_done(council_town):
    db, council = council_town
    meeting = get_meeting(db, list_meetings(db, council_id=council.id)[0].id)
    save_minutes(db, meeting.id, _minutes(), meeting.version)
    [action] = open_actions(db)
    assert action.meeting_title == "第1回 北地区支え合い会議"
    done = set_action_state(db, action.id, ActionState.DONE.value, action.version, today=TODAY)
    assert done.done_on == TODAY
    assert open_actions(db) == []


def test_plan_regular_meetings_on_the_same_weekday(council_town):
    db, council = council_town
    dates = plan_dates(PlanInput(council.id, date(2026, 6, 9), 1, 3))  # 第2火曜日
    assert dates == [date(2026, 6, 9), date(2026, 7, 14), date(2026, 8, 11)]
    rows = plan_meetings(db, PlanInput(council.id, date(2026, 6, 9), 2, 2, place="北公民館"))
    assert [r.title for r in rows] == ["第2回 北地区支え合い会議", "第3回 北地区支え合い会議"]
    with pytest.raises(ValidationError):
        plan_meetings(db, PlanInput(council.id, date(2026, 6, 9), 0, 100))


def test_evidence_links_council_bylaws_and_meetings(council_town):
    db, council = council_town
    meeting = get_meeting(db, list_meetings(db, council_id=council.id)[0].id)
    saved = save_minutes(db, meeting.id, _minutes(), meeting.version)
    confirm_minutes(db, meeting.id, saved.version, today=TODAY)
    evidence = evidence_for_area(db, council.area_id, today=TODAY)
    assert evidence["1-3-b"][0].label.startswith("協議体「北地区支え合い会議」設置済み")
    assert evidence["1-3-c"][0].table == "council"
    assert evidence["1-4-a"][0].record_id == meeting.id
    assert "1-2-a" not in evidence


def test_minutes_conflict_and_revisions_on_both_databases(any_db_url, data_dir):
    """The same rules on SQLite and on a shared PostgreSQL server (several PCs)."""
    from app.db.migrate import prepare_database
    from app.services.setup.areas import AreaInput
    from app.services.setup.town import SetupInput, run_setup

    db = Database(any_db_url, user="一台目")
    try:
        prepare_database(db, data_dir.backups)
        run_setup(
            db,
            SetupInput(
                municipality="共有町",
                municipality_area=AreaInput("共有町全域"),
                districts=[AreaInput("東地区")],
                user_name="一台目",
            ),
        )
        meeting = create_meeting(
            db, MeetingInput(MeetingKind.COUNCIL.value, "第1回 共有会議", date(2026, 5, 1))
        )
        first = save_minutes(db, meeting.id, _minutes(), meeting.version)
        assert first.version == meeting.version + 1
        with pytest.raises(ConflictError):
            save_minutes(db, meeting.id, _minutes(decision="二台目"), meeting.version)
        confirmed = confirm_minutes(db, meeting.id, first.version, today=TODAY)
        corrected = start_correction(db, meeting.id, "誤字", confirmed.version)
        corrected = save_minutes(db, meeting.id, _minutes(decision="直した"), corrected.version)
        final = confirm_minutes(db, meeting.id, corrected.version, today=TODAY)
        assert [r.revision for r in final.revisions] == [1, 2]
    finally:
        db.dispose()


def test_marking_an_action_done_elsewhere_makes_an_open_editor_conflict(council_town):
    """PC B ticks 完了 on its home page; PC A's editor must not write the old state back."""
    db, council = council_town
    meeting = get_meeting(db, list_meetings(db, council_id=council.id)[0].id)
    editor_copy = save_minutes(db, meeting.id, _minutes(), meeting.version)
    [action] = open_actions(db)
    set_action_state(db, action.id, ActionState.DONE.value, action.version, today=TODAY)
    with pytest.raises(ConflictError):
        save_minutes(db, meeting.id, _minutes(), editor_copy.version)
    assert open_actions(db) == []


def test_a_saved_agenda_item_is_not_dropped_by_clearing_its_title(council_town):
    db, council = council_town
    meeting = get_meeting(db, list_meetings(db, council_id=council.id)[0].id)
    saved = save_minutes(db, meeting.id, _minutes(), meeting.version)
    item = saved.agenda[0]
    data = MeetingInput(
        MeetingKind.COUNCIL.value,
        saved.title,
        saved.held_on,
        council_id=council.id,
        agenda=(AgendaInput("", id=item.id),),
    )
    with pytest.raises(ValidationError) as caught:
        update_meeting(db, meeting.id, data, saved.version)
    assert "「削除」で行ごと" in caught.value.fields["agenda.0.title"]
    assert get_meeting(db, meeting.id).agenda[0].discussion == "買い物に困る声が多い"
    # Removing the row on purpose puts it in the trash, not out of the database.
    update_meeting(db, meeting.id, replace(data, agenda=()), saved.version)
    with db.session() as session:
        from app.db.models import AgendaItem

        trashed = session.get(AgendaItem, item.id)
        assert trashed is not None and trashed.deleted_at is not None


def test_a_confirmed_paper_prints_the_filed_version_not_later_changes(council_town):
    from app.services.meetings.papers import minutes_paper

    db, council = council_town
    meeting = get_meeting(db, list_meetings(db, council_id=council.id)[0].id)
    saved = save_minutes(db, meeting.id, _minutes(), meeting.version)
    confirm_minutes(db, meeting.id, saved.version, today=TODAY)
    [action] = open_actions(db)
    set_action_state(db, action.id, ActionState.DONE.value, action.version, today=TODAY)
    paper = minutes_paper(db, meeting.id)
    assert paper.revision == 1 and paper.confirmed
    assert [a.state for a in paper.actions] == ["未着手"]  # as filed, not as it is now


def test_planning_refuses_dates_already_taken_and_an_end_without_a_start(council_town):
    db, council = council_town
    first = list_meetings(db, council_id=council.id)[0].held_on
    with pytest.raises(ValidationError) as caught:
        plan_meetings(db, PlanInput(council.id, first, 1, 2, same_weekday=False))
    assert "もう登録されています" in caught.value.fields["first_on"]
    with pytest.raises(ValidationError) as caught:
        plan_meetings(db, PlanInput(council.id, date(2027, 1, 12), ends_at=time(15, 0)))
    assert "始まりの時刻" in caught.value.fields["starts_at"]


def test_closed_councils_are_no_longer_evidence(council_town):
    db, council = council_town
    seats = tuple(MemberInput(person_id=m.person_id, role=m.role, id=m.id) for m in council.members)
    update_council(
        db,
        council.id,
        CouncilInput(
            council.name,
            2,
            council.area_id,
            status=CouncilStatus.CLOSED.value,
            established_on=council.established_on,
            bylaws=council.bylaws,
            members=seats,
        ),
        council.version,
    )
    evidence = evidence_for_area(db, council.area_id, today=TODAY)
    assert "1-3-b" not in evidence and "1-3-c" not in evidence
