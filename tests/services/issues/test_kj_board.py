"""The KJ board (STEP 2-3) through its service: cards, tray, groups, nesting and arrows."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.errors import NotFound, ValidationError
from app.services.issues.issue import IssueInput, create_issue, trash_issue
from app.services.issues.kj_board import (
    CardMove,
    GroupInput,
    GroupMove,
    LinkInput,
    add_link,
    delete_group,
    delete_link,
    kj_paper,
    load_board,
    move_groups,
    place_cards,
    return_to_tray,
    save_group,
)
from app.services.setup.areas import list_areas

TODAY = date(2026, 11, 26)


def _areas(db) -> dict[str, int]:
    return {a.name: a.id for a in list_areas(db)}


def _issue(db, title, area, urgency=2, **extra) -> int:
    data = IssueInput(title, (area,), kinds=("shopping",), urgency=urgency, **extra)
    return create_issue(db, data, today=TODAY).id


@pytest.fixture
def board(town):
    """北地区 with three issues, 南地区 with one; returns (db, areas, issue ids)."""
    areas = _areas(town)
    north = areas["北地区"]
    ids = {
        "買い物": _issue(town, "坂の上で買い物に行けない", north, 3),
        "ゴミ": _issue(town, "ゴミ出しが難しい", north, 1),
        "担い手": _issue(town, "サロンの担い手がいない", north, 2, personal=True),
        "南": _issue(town, "南の集会所が遠い", areas["南地区"]),
    }
    return town, areas, ids


def test_a_new_board_has_every_issue_of_its_area_in_the_tray(board):
    db, areas, _ids = board
    north = load_board(db, areas["北地区"])
    assert north.area_name == "北地区" and not north.whole_town
    assert north.cards == ()
    assert [c.title for c in north.tray] == [  # most urgent first
        "坂の上で買い物に行けない",
        "サロンの担い手がいない",
        "ゴミ出しが難しい",
    ]
    assert north.tray[1].personal and north.tray[0].urgency_label == "高"
    town = load_board(db, areas["テスト町全域"])
    assert town.whole_town and len(town.tray) == 4  # the layer-1 board shows the whole town


def test_cards_are_placed_and_moved_in_one_call_and_returned_to_the_tray(board):
    db, areas, ids = board
    north = areas["北地区"]
    place_cards(db, north, [CardMove(ids["買い物"], 10, 20), CardMove(ids["ゴミ"], 300, 20)])
    place_cards(db, north, [CardMove(ids["買い物"], 15.26, 25)])
    result = load_board(db, north)
    placed = {c.issue_id: c for c in result.cards}
    assert (placed[ids["買い物"]].x, placed[ids["買い物"]].y) == (15.3, 25)
    assert placed[ids["ゴミ"]].placed and len(result.tray) == 1
    # boards are separate: the town board still has everything in its tray
    assert load_board(db, areas["テスト町全域"]).cards == ()
    return_to_tray(db, north, ids["ゴミ"])
    result = load_board(db, north)
    assert [c.issue_id for c in result.cards] == [ids["買い物"]]
    assert {c.issue_id for c in result.tray} == {ids["ゴミ"], ids["担い手"]}


def test_placing_refuses_an_issue_of_another_area_and_a_bad_position(board):
    db, areas, ids = board
    with pytest.raises(NotFound, match="このボードの課題ではありません"):
        place_cards(db, areas["北地区"], [CardMove(ids["南"], 0, 0)])
    with pytest.raises(ValidationError, match="位置"):
        place_cards(db, areas["北地区"], [CardMove(ids["買い物"], float("nan"), 0)])
    with pytest.raises(NotFound):
        place_cards(db, areas["北地区"], [CardMove(ids["買い物"], 0, 0, group_id=999)])
    assert load_board(db, areas["北地区"]).cards == ()  # nothing half-saved


def test_trashed_issues_leave_the_board(board):
    db, areas, ids = board
    place_cards(db, areas["北地区"], [CardMove(ids["ゴミ"], 0, 0)])
    trash_issue(db, ids["ゴミ"])
    result = load_board(db, areas["北地区"])
    assert result.cards == () and ids["ゴミ"] not in {c.issue_id for c in result.tray}


def test_groups_are_saved_nested_and_checked(board):
    db, areas, _ids = board
    north = areas["北地区"]
    outer = save_group(db, north, GroupInput("移動と買い物", "#D9ECF7", 0, 0, 800, 600))
    inner = save_group(db, north, GroupInput("坂道", x=20, y=60, parent_id=outer.id))
    assert outer.colour == "#d9ecf7" and inner.parent_id == outer.id
    renamed = save_group(
        db, north, GroupInput("坂道と足", "#dff0d8", 20, 60, 300, 200, outer.id, inner.id)
    )
    assert renamed.label == "坂道と足" and renamed.id == inner.id
    with pytest.raises(ValidationError, match="60文字以内"):
        save_group(db, north, GroupInput("あ" * 61))
    with pytest.raises(ValidationError, match="表札"):
        save_group(db, north, GroupInput("　"))
    with pytest.raises(ValidationError, match="色"):
        save_group(db, north, GroupInput("色違い", colour="red"))
    with pytest.raises(ValidationError, match="それ自身"):  # outer inside its own child
        save_group(db, north, GroupInput("移動と買い物", parent_id=inner.id, id=outer.id))
    with pytest.raises(ValidationError, match="それ自身"):
        save_group(db, north, GroupInput("坂道と足", parent_id=inner.id, id=inner.id))
    with pytest.raises(NotFound):  # a group of another board
        save_group(db, areas["南地区"], GroupInput("よそ", parent_id=outer.id))
    groups = load_board(db, north).groups
    assert [(g.label, g.parent_id) for g in groups] == [
        ("移動と買い物", None),
        ("坂道と足", outer.id),
    ]


def test_moving_groups_saves_geometry_parents_and_the_cards_that_came_along(board):
    db, areas, ids = board
    north = areas["北地区"]
    a = save_group(db, north, GroupInput("買い物", x=0, y=0))
    b = save_group(db, north, GroupInput("暮らし", x=500, y=0, width=600, height=500))
    place_cards(db, north, [CardMove(ids["買い物"], 10, 40, a.id)])
    move_groups(
        db,
        north,
        [GroupMove(a.id, 520, 60, 330, 230, parent_id=b.id)],
        [CardMove(ids["買い物"], 530, 100, a.id)],
    )
    result = load_board(db, north)
    group = {g.id: g for g in result.groups}[a.id]
    assert (group.x, group.y, group.width, group.height, group.parent_id) == (
        520,
        60,
        330,
        230,
        b.id,
    )
    assert (result.cards[0].x, result.cards[0].y, result.cards[0].group_id) == (530, 100, a.id)
    with pytest.raises(ValidationError, match="それ自身"):
        move_groups(db, north, [GroupMove(b.id, 0, 0, 600, 500, parent_id=a.id)])
    assert {g.id: g for g in load_board(db, north).groups}[b.id].parent_id is None


def test_deleting_a_group_keeps_its_cards_and_lifts_its_children(board):
    db, areas, ids = board
    north = areas["北地区"]
    top = save_group(db, north, GroupInput("暮らし全体"))
    middle = save_group(db, north, GroupInput("買い物", parent_id=top.id))
    child = save_group(db, north, GroupInput("坂道", parent_id=middle.id))
    place_cards(db, north, [CardMove(ids["買い物"], 5, 5, middle.id)])
    link = add_link(
        db, north, LinkInput("cause", from_group_id=middle.id, to_issue_id=ids["買い物"])
    )
    delete_group(db, north, middle.id)
    result = load_board(db, north)
    assert {g.id: g.parent_id for g in result.groups} == {top.id: None, child.id: top.id}
    assert result.cards[0].group_id is None and result.cards[0].placed
    assert result.links == ()
    with pytest.raises(NotFound):
        delete_group(db, north, middle.id)
    with pytest.raises(NotFound):
        delete_link(db, north, link.id)


def test_links_join_cards_and_groups_and_refuse_loops_and_doubles(board):
    db, areas, ids = board
    north = areas["北地区"]
    group = save_group(db, north, GroupInput("担い手"))
    place_cards(db, north, [CardMove(ids["買い物"], 0, 0), CardMove(ids["ゴミ"], 200, 0)])
    cause = add_link(
        db, north, LinkInput("cause", from_issue_id=ids["買い物"], to_issue_id=ids["ゴミ"])
    )
    assert cause.relation_label == "原因→結果"
    to_group = add_link(
        db, north, LinkInput("conflict", from_issue_id=ids["ゴミ"], to_group_id=group.id)
    )
    assert to_group.target == ("group", group.id)
    with pytest.raises(ValidationError, match="すでに線"):  # either direction counts
        add_link(
            db, north, LinkInput("related", from_issue_id=ids["ゴミ"], to_issue_id=ids["買い物"])
        )
    with pytest.raises(ValidationError, match="同じカード"):
        add_link(db, north, LinkInput("related", from_group_id=group.id, to_group_id=group.id))
    with pytest.raises(ValidationError, match="先にボードに置いて"):
        add_link(db, north, LinkInput("related", from_issue_id=ids["担い手"], to_group_id=group.id))
    with pytest.raises(ValidationError, match="線の種類"):
        add_link(db, north, LinkInput("love", from_issue_id=ids["買い物"], to_group_id=group.id))
    with pytest.raises(ValidationError, match="始まり"):
        add_link(db, north, LinkInput("related", to_group_id=group.id))
    assert [link.id for link in load_board(db, north).links] == [cause.id, to_group.id]
    # a card back in the tray hides its arrows; placed again, they return
    return_to_tray(db, north, ids["ゴミ"])
    assert load_board(db, north).links == ()
    place_cards(db, north, [CardMove(ids["ゴミ"], 200, 0)])
    assert len(load_board(db, north).links) == 2
    delete_link(db, north, cause.id)
    assert [link.id for link in load_board(db, north).links] == [to_group.id]
    with pytest.raises(NotFound):
        delete_link(db, areas["南地区"], to_group.id)


def test_the_paper_read_model_names_the_town_the_area_and_the_date(board):
    db, areas, ids = board
    north = areas["北地区"]
    save_group(db, north, GroupInput("買い物"))
    place_cards(db, north, [CardMove(ids["買い物"], 0, 0)])
    paper = kj_paper(db, north, today=TODAY)
    assert (paper.municipality, paper.area_name, paper.made_on) == ("テスト町", "北地区", TODAY)
    assert [g.label for g in paper.groups] == ["買い物"]
    assert [c.title for c in paper.cards] == ["坂の上で買い物に行けない"]
    assert len(paper.tray) == 2
