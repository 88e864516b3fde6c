"""取組 (STEP 3) through the services: links, milestones, and the resource it produced."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.enums import InitiativeKind, InitiativeState
from app.services.errors import ConflictError, ValidationError
from app.services.initiatives.initiative import (
    InitiativeFilter,
    InitiativeInput,
    MilestoneInput,
    ParticipantInput,
    create_initiative,
    get_initiative,
    list_initiatives,
    register_resource,
    resource_input_for,
    update_initiative,
)
from app.services.issues.issue import IssueInput, create_issue
from app.services.resources.resource import (
    ResourceFilter,
    ResourceInput,
    create_resource,
    list_resources,
    trash_resource,
)
from app.services.setup.areas import list_areas
from app.services.setup.organizations import (
    OrganizationInput,
    create_organization,
    trash_organization,
)
from app.services.setup.people import PersonInput, create_person, trash_person


def _north(db) -> int:
    return next(a.id for a in list_areas(db) if a.name == "北地区")


def test_an_initiative_keeps_its_links_milestones_and_the_resource_it_made(town):
    north = _north(town)
    issue = create_issue(town, IssueInput("買い物に行けない", (north,), kinds=("shopping",)))
    salon = create_resource(
        town, ResourceInput("北サロン", category="activity", kinds=("salon",), area_id=north)
    )
    helper = create_person(town, PersonInput("田中 一", "たなか はじめ"))
    made = create_initiative(
        town,
        InitiativeInput(
            "買い物ついで送迎",
            InitiativeKind.CREATE.value,
            north,
            can_do="車の運転ができる人が3人いる",
            want_to_do="一緒に買い物を楽しみたい",
            state=InitiativeState.RUNNING.value,
            issue_ids=(issue.id,),
            resource_ids=(salon.id,),
            participants=(ParticipantInput(person_id=helper.id, role="運転ボランティア"),),
            milestones=(
                MilestoneInput("試しに1回走らせる", date(2026, 6, 1), date(2026, 6, 1)),
                MilestoneInput("毎週の運行にする", date(2026, 12, 1)),
            ),
        ),
    )
    assert made.issues == ((issue.id, "買い物に行けない"),)
    assert made.builds_on == ((salon.id, "北サロン"),)
    assert (
        made.participants[0].name == "田中 一" and made.participants[0].role == "運転ボランティア"
    )
    assert made.progress_text.startswith("節目 1/2　次: 毎週の運行にする")

    data = resource_input_for(made)
    assert data.description == "" and data.publishable is False
    resource = register_resource(
        town, made.id, ResourceInput(**{**data.__dict__, "kinds": ("transport",)})
    )
    again = get_initiative(town, made.id)
    assert again.created == ((resource.id, "買い物ついで送迎"),)
    assert again.version == made.version + 1
    assert [r.name for r in list_resources(town, ResourceFilter(text="送迎"))] == [
        "買い物ついで送迎"
    ]

    edited = update_initiative(
        town,
        made.id,
        InitiativeInput(
            "買い物ついで送迎", InitiativeKind.CREATE.value, north, outcome="月4回の運行に"
        ),
        again.version,
    )
    assert edited.created == again.created, "the resource it made stays linked"
    assert edited.issues == () and edited.milestones == ()
    with pytest.raises(ConflictError):
        update_initiative(town, made.id, InitiativeInput("x", "create", north), again.version)


def test_bad_input_is_refused_and_nothing_saved(town):
    with pytest.raises(ValidationError) as caught:
        create_initiative(
            town, InitiativeInput("", "unknown", None, milestones=(MilestoneInput(""),))
        )
    assert set(caught.value.fields) >= {"title", "kind", "area_id", "milestones.0.title"}
    assert list_initiatives(town) == []


def test_list_filters_by_kind_and_search(town):
    north = _north(town)
    create_initiative(town, InitiativeInput("担い手講座", "participation", north))
    create_initiative(town, InitiativeInput("サロン同士の交流", "strengthen", north))
    assert [i.kind_code for i in list_initiatives(town)] == ["3-1", "3-2"]
    assert [i.title for i in list_initiatives(town, InitiativeFilter(text="さろん"))] == [
        "サロン同士の交流"
    ]


def test_initiatives_and_resources_back_the_step2_and_step3_checks(town):
    from app.services.guide.evidence import evidence_for_area

    north = _north(town)
    create_resource(town, ResourceInput("北サロン", category="activity", area_id=north))
    create_resource(town, ResourceInput("空き店舗", category="place", area_id=north, unused=True))
    made = create_initiative(
        town,
        InitiativeInput("送迎の会", "create", north, can_do="運転", outcome="月4回に"),
    )
    evidence = evidence_for_area(town, north)
    assert evidence["2-1-a"][0].label == "地域資源 2件（活動 1、場・拠点 1）"
    assert evidence["2-1-d"][0].label == "未活用の資源 1件"
    assert [e.record_id for e in evidence["3-3-b"]] == [made.id]
    assert "3-3-d" in evidence and "3-3-e" in evidence and "3-3-c" not in evidence
    assert "3-1-a" not in evidence


# ---------------------------------------------------------------------- registering the result


def _bus(town, north, **extra):
    return create_initiative(
        town,
        InitiativeInput(
            "買い物いっしょに便",
            InitiativeKind.CREATE.value,
            north,
            description="役場内の検討メモ: 予算は来年度に要相談",
            state=InitiativeState.RUNNING.value,
            **extra,
        ),
    )


def test_the_planning_text_is_not_copied_and_the_resource_is_not_published(town):
    made = _bus(town, _north(town))
    data = resource_input_for(made)
    assert data.description == ""
    assert data.publishable is False
    resource = register_resource(town, made.id, data)
    assert (resource.description, resource.publishable) == ("", False)
    assert resource.state == "active"


def test_registering_the_same_activity_twice_is_refused(town):
    north, south = _north(town), next(a.id for a in list_areas(town) if a.name == "南地区")
    made = _bus(town, north)
    first = register_resource(town, made.id, resource_input_for(made))

    # the same name again, even in another area: the initiative already made it
    with pytest.raises(ValidationError) as caught:
        register_resource(town, made.id, ResourceInput("買い物いっしょに便", area_id=south))
    assert "すでに地域資源に登録されています" in caught.value.fields["name"]

    # another initiative, and a resource of that name already in the area
    other = create_initiative(town, InitiativeInput("買い物の会", "create", north))
    with pytest.raises(ValidationError) as caught:
        register_resource(town, other.id, ResourceInput("買い物いっしょに便 ", area_id=north))
    assert "同じ名前の地域資源「買い物いっしょに便」" in caught.value.fields["name"]
    assert len(list_resources(town, ResourceFilter(text="いっしょに便"))) == 1
    assert get_initiative(town, other.id).created == ()

    # once the first is in the trash, registering again is allowed
    trash_resource(town, first.id)
    again = register_resource(town, made.id, resource_input_for(made))
    assert get_initiative(town, made.id).created == ((again.id, "買い物いっしょに便"),)


# ---------------------------------------------------------------------- links on edit


def _link_rows(town, initiative_id):
    from sqlalchemy import select

    from app.db.models import InitiativeLink

    with town.session() as session:
        links = session.scalars(
            select(InitiativeLink).where(InitiativeLink.initiative_id == initiative_id)
        ).all()
        return {
            link.id: (link.issue_id, link.resource_id, link.person_id, link.role, link.deleted_at)
            for link in links
        }


def test_saving_keeps_unchanged_links_and_trashes_only_removed_ones(town):
    north = _north(town)
    issue = create_issue(town, IssueInput("買い物に行けない", (north,), kinds=("shopping",)))
    other_issue = create_issue(town, IssueInput("坂が急", (north,), kinds=("transport",)))
    hall = create_resource(town, ResourceInput("北公民館", category="place", area_id=north))
    hana = create_person(town, PersonInput("山田花子"))
    ichi = create_person(town, PersonInput("田中一"))
    base = dict(
        issue_ids=(issue.id, other_issue.id),
        resource_ids=(hall.id,),
        participants=(
            ParticipantInput(person_id=hana.id, role="世話役"),
            ParticipantInput(person_id=ichi.id, role="運転"),
        ),
    )
    made = _bus(town, north, **base)
    before = _link_rows(town, made.id)
    assert len(before) == 5

    saved = update_initiative(
        town,
        made.id,
        InitiativeInput("買い物いっしょに便", "create", north, state="running", **base),
        made.version,
    )
    assert _link_rows(town, made.id) == before, "an unchanged save leaves the links alone"

    changed = update_initiative(
        town,
        made.id,
        InitiativeInput(
            "買い物いっしょに便",
            "create",
            north,
            issue_ids=(issue.id,),
            resource_ids=(hall.id,),
            participants=(
                ParticipantInput(person_id=hana.id, role="代表"),
                ParticipantInput(person_id=ichi.id, role="運転"),
            ),
        ),
        saved.version,
    )
    after = _link_rows(town, made.id)
    assert set(after) == set(before), "no link was added"
    gone = [key for key, row in after.items() if row[4] is not None]
    assert [after[key][0] for key in gone] == [other_issue.id]
    assert [(p.name, p.role) for p in changed.participants] == [
        ("山田花子", "代表"),
        ("田中一", "運転"),
    ]
    assert changed.issues == ((issue.id, "買い物に行けない"),)


def test_a_participant_in_the_trash_is_named_by_row(town):
    north = _north(town)
    hana = create_person(town, PersonInput("山田花子"))
    club = create_organization(town, OrganizationInput("北町老人クラブ"))
    data = InitiativeInput(
        "見守りの輪",
        "strengthen",
        north,
        participants=(
            ParticipantInput(person_id=hana.id),
            ParticipantInput(organization_id=club.id),
        ),
    )
    made = create_initiative(town, data)
    trash_person(town, hana.id)
    trash_organization(town, club.id)
    with pytest.raises(ValidationError) as caught:
        update_initiative(town, made.id, data, made.version)
    assert caught.value.fields["participants.0"] == (
        "関わる人・団体の1行目の人はごみ箱に移されています。行を消してから保存してください。"
    )
    assert caught.value.fields["participants.1"] == (
        "関わる人・団体の2行目の団体はごみ箱に移されています。行を消してから保存してください。"
    )


def test_search_treats_like_wildcards_as_plain_characters(town):
    north = _north(town)
    create_initiative(town, InitiativeInput("参加率50%を目指す", "participation", north))
    create_initiative(town, InitiativeInput("参加者50人の体操", "participation", north))
    create_initiative(town, InitiativeInput("見守り_ネット", "strengthen", north))
    create_initiative(town, InitiativeInput("見守りのネット", "strengthen", north))

    def found(text):
        return [i.title for i in list_initiatives(town, InitiativeFilter(text=text))]

    assert found("50%") == ["参加率50%を目指す"]
    assert found("り_ネ") == ["見守り_ネット"]
