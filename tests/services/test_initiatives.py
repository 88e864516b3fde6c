"""取組 (STEP 3) through the services: links, milestones, and the resource it produced."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.enums import InitiativeKind, InitiativeState
from app.services.areas import list_areas
from app.services.errors import ConflictError, ValidationError
from app.services.initiatives import (
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
from app.services.issues import IssueInput, create_issue
from app.services.people import PersonInput, create_person
from app.services.resources import ResourceFilter, ResourceInput, create_resource, list_resources


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
    from app.services.evidence import evidence_for_area

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
