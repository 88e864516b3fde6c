"""地域課題 through the services: the log, 引継ぎ, matching, the needs map and the matrix."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.enums import IssueKind, IssueSource, IssueState
from app.domain.privacy import mask_personal, personal_details_in
from app.services.errors import ConflictError, ValidationError
from app.services.issues.answers import answers
from app.services.issues.issue import (
    LAYER1,
    PERSONAL_OMITTED,
    IssueFilter,
    IssueInput,
    add_note,
    create_issue,
    get_issue,
    hand_over,
    issues_for_resource,
    link_resource,
    list_issues,
    received_by_layer1,
    resident_text,
    update_issue,
)
from app.services.issues.needs import needs_map, resources_for_issue, urgency_matrix
from app.services.resources.resource import ResourceInput, create_resource
from app.services.setup.areas import list_areas

TODAY = date(2026, 11, 26)


def _areas(db) -> dict[str, int]:
    return {a.name: a.id for a in list_areas(db)}


def _issue(db, title, area, kinds, urgency=2, **extra):
    return create_issue(
        db,
        IssueInput(title, (area,), kinds=tuple(kinds), urgency=urgency, **extra),
        today=TODAY,
    )


def test_issues_are_listed_most_urgent_first_and_found_by_japanese_search(town):
    areas = _areas(town)
    _issue(town, "ゴミ出しが難しい", areas["南地区"], ["garbage"], urgency=1)
    _issue(town, "坂の上で買い物に行けない", areas["北地区"], ["shopping", "transport"], 3)
    _issue(town, "サロンの担い手がいない", areas["北地区"], ["volunteers"], 2)
    assert [r.title for r in list_issues(town)] == [
        "坂の上で買い物に行けない",
        "サロンの担い手がいない",
        "ゴミ出しが難しい",
    ]
    assert [r.title for r in list_issues(town, IssueFilter(text="かいもの"))] == []
    assert [r.title for r in list_issues(town, IssueFilter(text="買い物"))] == [
        "坂の上で買い物に行けない"
    ]
    assert [r.title for r in list_issues(town, IssueFilter(text="さろん"))] == [
        "サロンの担い手がいない"
    ]
    north = list_issues(town, IssueFilter(area_id=areas["北地区"], kind="transport"))
    assert [r.kind_labels for r in north] == ["買い物・移動"]


def test_bad_input_is_refused_at_the_field(town):
    with pytest.raises(ValidationError) as caught:
        create_issue(town, IssueInput("", (), urgency=5, people_affected="たくさん"))
    fields = caught.value.fields
    assert set(fields) >= {"title", "area_ids", "kinds", "urgency", "people_affected"}
    assert list_issues(town) == []


def test_handover_reaches_layer1_with_its_history_and_can_be_edited_after(town):
    areas = _areas(town)
    issue = _issue(town, "移動手段がない", areas["南地区"], ["transport"], 3)
    add_note(town, issue.id, "地区の送迎ボランティアを探したが見つからなかった", TODAY)
    with pytest.raises(ValidationError):
        hand_over(town, issue.id, LAYER1, "", issue.version)
    handed = hand_over(town, issue.id, LAYER1, "地区だけでは車両を確保できない", issue.version)
    assert handed.state_label == "引継ぎ" and handed.escalated_on is not None
    assert [n.text[:6] for n in handed.history] == ["地区の送迎ボ", f"{LAYER1}"[:6]]
    assert [r.id for r in received_by_layer1(town)] == [issue.id]
    with pytest.raises(ConflictError):
        hand_over(town, issue.id, LAYER1, "二度目", issue.version)
    again = get_issue(town, issue.id)
    edited = update_issue(
        town,
        issue.id,
        IssueInput(
            again.title,
            again.area_ids,
            kinds=again.kinds,
            urgency=again.urgency,
            state=IssueState.HANDED_OVER.value,
            notes="第1層で検討中",
        ),
        again.version,
    )
    assert edited.state == IssueState.HANDED_OVER and edited.notes == "第1層で検討中"


def test_personal_details_are_spotted_masked_and_left_out_for_residents(town):
    text = "山田さん（090-1234-5678）が坂の上から下りられない"
    assert [f.kind for f in personal_details_in(text)] == ["氏名らしい語", "電話番号"]
    assert "山田" not in mask_personal(text) and "090" not in mask_personal(text)
    assert personal_details_in("民生委員さんからの相談") == []
    issue = _issue(
        town,
        "外出が難しい",
        _areas(town)["北地区"],
        ["transport"],
        description=text,
        personal=True,
        source=IssueSource.INDIVIDUAL_CASE.value,
    )
    assert resident_text(issue, issue.description) == PERSONAL_OMITTED
    plain = _issue(town, "別件", _areas(town)["北地区"], ["other"], description=text)
    assert "山田" not in resident_text(plain, plain.description)


def test_needs_map_marks_needs_with_no_active_resource_and_unused_ones(town):
    areas = _areas(town)
    north = areas["北地区"]
    create_resource(
        town,
        ResourceInput("北サロン", category="activity", kinds=("salon",), area_id=north),
    )
    create_resource(
        town,
        ResourceInput("空き集会所", category="place", kinds=("salon",), area_id=north, unused=True),
    )
    create_resource(
        town,
        ResourceInput(
            "南の買い物バス", category="service", kinds=("shopping",), area_id=areas["南地区"]
        ),
    )
    _issue(town, "買い物に行けない", north, ["shopping"], 3)
    _issue(town, "一人暮らしで話し相手がいない", north, ["isolation"])
    gaps = needs_map(town, north)
    by_kind = {row.kind: row for row in gaps.rows}
    assert by_kind["shopping"].gap, "the bus serves 南地区 only"
    assert not by_kind["isolation"].gap and by_kind["isolation"].resources[0].name == "北サロン"
    assert [r.name for r in gaps.unused] == ["空き集会所"]
    assert [row.kind for row in gaps.gaps] == ["shopping"]
    assert set(answers()) == {k.value for k in IssueKind}
    whole = needs_map(town, areas["テスト町全域"])
    assert not {row.kind: row for row in whole.rows}["shopping"].gap


def test_matching_links_resources_both_ways(town):
    areas = _areas(town)
    north = areas["北地区"]
    salon = create_resource(
        town, ResourceInput("北サロン", category="activity", kinds=("salon",), area_id=north)
    )
    far = create_resource(
        town,
        ResourceInput("南サロン", category="activity", kinds=("salon",), area_id=areas["南地区"]),
    )
    issue = _issue(town, "話し相手がいない", north, ["isolation"])
    assert [r.name for r in resources_for_issue(town, issue.id)] == ["北サロン"]
    assert [i.title for i in issues_for_resource(town, salon.id)] == ["話し相手がいない"]
    assert issues_for_resource(town, far.id) == []
    link_resource(town, issue.id, far.id)
    assert far.id in get_issue(town, issue.id).resource_ids
    assert [i.id for i in issues_for_resource(town, far.id)] == [issue.id]


def test_urgency_matrix_counts_open_issues_per_area(town):
    areas = _areas(town)
    _issue(town, "a", areas["北地区"], ["other"], 3)
    _issue(town, "b", areas["北地区"], ["other"], 3)
    solved = _issue(town, "c", areas["南地区"], ["other"], 1)
    update_issue(
        town,
        solved.id,
        IssueInput("c", (areas["南地区"],), kinds=("other",), urgency=1, state="solved"),
        solved.version,
    )
    matrix = urgency_matrix(town)
    assert len(matrix.cell(3, areas["北地区"]).issues) == 2
    assert matrix.cell(1, areas["南地区"]).issues == ()
    assert [label for _, label in matrix.levels] == ["高", "中", "低"]


def test_issues_handovers_and_the_board_back_the_step2_checks(town):
    from app.db.models import IssueCard, IssueGroup
    from app.services.guide.evidence import evidence_for_area

    areas = _areas(town)
    north = areas["北地区"]
    case = _issue(town, "ゴミ出し", north, ["garbage"], source=IssueSource.COMMUNITY_CARE.value)
    talk = _issue(town, "買い物", north, ["shopping"], source=IssueSource.ROUND_TABLE.value)
    hand_over(town, talk.id, LAYER1, "地区では無理", talk.version)
    with town.session() as session:
        group = IssueGroup(board_area_id=north, label="暮らしの手間")
        session.add(group)
        session.flush()
        session.add(IssueCard(board_area_id=north, issue_id=case.id, group_id=group.id))
        session.commit()
    evidence = evidence_for_area(town, north)
    assert [e.record_id for e in evidence["2-2-a"]] == [case.id]
    assert [e.record_id for e in evidence["2-2-c"]] == [talk.id]
    assert evidence["2-4-d"][0].label.startswith("「買い物」を第1層")
    assert evidence["2-3-a"][0].table == "kj" and evidence["2-3-b"][0].label == "表札: 暮らしの手間"
    assert "2-2-a" not in evidence_for_area(town, areas["南地区"])


def test_handed_up_issues_stay_in_the_town_column_and_the_town_map(town):
    areas = _areas(town)
    issue = _issue(town, "店がない", areas["南地区"], ["shopping"], 3)
    hand_over(town, issue.id, LAYER1, "地区では難しい", issue.version)
    matrix = urgency_matrix(town)
    assert [i.id for i in matrix.cell(3, areas["テスト町全域"]).issues] == [issue.id]
    assert matrix.cell(3, areas["南地区"]).issues == ()
    town_map = {row.kind: row for row in needs_map(town, areas["テスト町全域"]).rows}
    assert [i.id for i in town_map["shopping"].issues] == [issue.id]


def test_search_follows_an_area_rename_and_wildcards_match_themselves(town):
    from app.services.setup.areas import AreaInput, get_area, update_area

    areas = _areas(town)
    _issue(town, "ゴミ出し", areas["北地区"], ["garbage"])
    _issue(town, "進捗100%", areas["南地区"], ["other"])
    north = get_area(town, areas["北地区"])
    update_area(town, north.id, AreaInput("北部地区", north.reading), north.version)
    assert [r.title for r in list_issues(town, IssueFilter(text="北部"))] == ["ゴミ出し"]
    assert list_issues(town, IssueFilter(text="北地区")) == []
    assert [r.title for r in list_issues(town, IssueFilter(text="%"))] == ["進捗100%"]
    assert list_issues(town, IssueFilter(text="_")) == []


def test_a_residents_handover_copy_masks_the_receiver_and_a_form_before_handover_is_blank(town):
    from app.services.issues.papers import handover_paper

    areas = _areas(town)
    issue = _issue(town, "移動手段", areas["南地区"], ["transport"])
    blank = handover_paper(town, issue.id)
    assert (blank.to, blank.handed_on, blank.reason) == ("", None, "")
    hand_over(town, issue.id, "福祉課 佐藤様", "車両の手配", issue.version)
    copy = handover_paper(town, issue.id, internal=False)
    assert "佐藤" not in copy.to and copy.to.startswith("福祉課")
    assert handover_paper(town, issue.id).to == "福祉課 佐藤様"
