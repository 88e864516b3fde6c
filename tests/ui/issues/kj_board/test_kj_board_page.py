"""The KJ board page as a coordinator uses it: cards from the tray, groups, nesting, arrows,
undo, and everything read back after the page is opened again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QEvent, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from app.services.issues.issue import IssueInput, create_issue
from app.services.issues.kj_board import CARD_HEIGHT, CARD_WIDTH, load_board
from app.services.setup.areas import list_areas
from app.ui.issues.kj_board.board import KjBoardPage
from app.ui.issues.kj_board.items import LinkItem
from app.ui.issues.kj_board.scene import ISSUE_MIME

TITLES = [
    "坂の上に住む高齢者が買い物に行けない",
    "路線バスが1日3本しかない",
    "移動販売車が来なくなった",
    "一人暮らしで話し相手がいない",
]


@pytest.fixture
def north(context):
    areas = {a.name: a.id for a in list_areas(context.db)}
    ids = [
        create_issue(
            context.db, IssueInput(t, (areas["北地区"],), kinds=("shopping",), personal=i == 3)
        ).id
        for i, t in enumerate(TITLES)
    ]
    context.set_area(areas["北地区"])
    return areas["北地区"], ids


def _open(context, qtbot) -> KjBoardPage:
    page = KjBoardPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    qtbot.waitUntil(lambda: not page.is_busy())
    page.view.resetTransform()
    page.view.centerOn(QPointF(500, 350))
    return page


def _mouse(page, kind, scene_pos: QPointF, buttons, button=Qt.MouseButton.NoButton, mods=None):
    viewport = page.view.viewport()
    pos = QPointF(page.view.mapFromScene(scene_pos))
    event = QMouseEvent(
        kind,
        pos,
        QPointF(viewport.mapToGlobal(pos.toPoint())),
        button,
        buttons,
        mods or Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def _drag(page, start: QPointF, end: QPointF) -> None:
    left = Qt.MouseButton.LeftButton
    _mouse(page, QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, 5):
        _mouse(page, QEvent.Type.MouseMove, start + (end - start) * (step / 4), left)
    _mouse(page, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton, left)


def _centre(item) -> QPointF:
    return item.scenePos() + QPointF(CARD_WIDTH / 2, CARD_HEIGHT / 2)


def _drop_from_tray(page, issue_ids, scene_pos: QPointF) -> None:
    data = QMimeData()
    data.setData(ISSUE_MIME, QByteArray(",".join(map(str, issue_ids)).encode()))
    event = QDropEvent(
        QPointF(page.view.mapFromScene(scene_pos)),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.view.dropEvent(event)


def _select(page, *items) -> None:
    page.scene.clearSelection()
    for item in items:
        item.setSelected(True)


def test_cards_groups_nesting_and_arrows_survive_reopening(context, qtbot, north, monkeypatch):
    _area_id, ids = north
    page = _open(context, qtbot)
    assert page.tray.list.count() == 4 and not page.scene.cards
    # the tray: 「ボードに置く」 for two, a drop for one more
    for row in range(page.tray.list.count()):
        item = page.tray.list.item(row)
        item.setSelected(item.data(Qt.ItemDataRole.UserRole) in ids[:2])
    page.tray.place_button.click()
    _drop_from_tray(page, [ids[2]], QPointF(900, 500))
    assert set(page.scene.cards) == set(ids[:3]) and page.tray.list.count() == 1
    a, b, c = (page.scene.cards[i] for i in ids[:3])
    a.setPos(100, 100)
    b.setPos(320, 100)
    # group the first two under a 表札
    monkeypatch.setattr(page, "ask_label", lambda *args: "買い物に困る")
    _select(page, a, b)
    page.group_button.click()
    outer = next(iter(page.scene.groups.values()))
    assert a.group is outer and b.group is outer
    # make it bigger from its corner, then drop the third card inside it
    corner = outer.scenePos() + QPointF(outer.width - 4, outer.height - 4)
    _drag(page, corner, corner + QPointF(500, 400))
    assert outer.width > 800
    _drag(page, _centre(c), outer.scenePos() + QPointF(150, 240))
    assert c.group is outer
    # a second group, relabelled by double-clicking its 表札, nested by dropping it inside
    monkeypatch.setattr(page, "ask_label", lambda *args: "仮の名前")
    page.scene.clearSelection()
    inner = page.make_group()
    inner.setPos(outer.scenePos() + QPointF(1100, 0))  # outside, to the right
    page.view.scale(0.5, 0.5)
    page.view.centerOn(outer.scenePos() + QPointF(900, 300))
    monkeypatch.setattr(page, "ask_label", lambda *args: "交通の便")
    label_point = page.view.mapFromScene(inner.scenePos() + QPointF(60, 20))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=label_point)
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=label_point)
    qtbot.mouseRelease(page.view.viewport(), Qt.MouseButton.LeftButton, pos=label_point)
    assert inner.label == "交通の便"
    _drag(page, inner.scenePos() + QPointF(60, 20), outer.scenePos() + QPointF(480, 80))
    assert inner.parent_group is outer
    # arrows: card → card (原因→結果, first chosen is the cause), card → group (対立)
    _select(page, a)
    b.setSelected(True)
    page.relation_box.setCurrentIndex(page.relation_box.findData("cause"))
    page.link_button.click()
    _select(page, c)
    inner.setSelected(True)
    page.relation_box.setCurrentIndex(page.relation_box.findData("conflict"))
    page.link_button.click()
    assert len([i for i in page.scene.items() if isinstance(i, LinkItem)]) == 2
    where = {i: page.scene.card_state(page.scene.cards[i]) for i in ids[:3]}
    inner_id, outer_id = inner.group_id, outer.group_id
    page.close()

    again = _open(context, qtbot)
    for issue_id, state in where.items():
        assert again.scene.card_state(again.scene.cards[issue_id]) == pytest.approx(state)
    groups = again.scene.groups
    assert (groups[outer_id].label, groups[inner_id].label) == ("買い物に困る", "交通の便")
    assert groups[inner_id].parent_group is groups[outer_id]
    assert groups[outer_id].width > 800
    links = {(r.source, r.target, r.relation) for r in again.scene.link_rows.values()}
    assert links == {
        (("issue", ids[0]), ("issue", ids[1]), "cause"),
        (("issue", ids[2]), ("group", inner_id), "conflict"),
    }
    assert len(again.scene.links) == 2
    assert again.tray.list.count() == 1  # the personal issue still waits in the tray
    assert "個人情報" in again.tray.list.item(0).text()


def test_undo_puts_a_moved_card_and_group_back_where_they_were_saved(
    context, qtbot, north, monkeypatch
):
    area_id, ids = north
    page = _open(context, qtbot)
    page.place_issues(ids[:2], at=QPointF(300, 300))
    card = page.scene.cards[ids[1]]  # on top of the first
    saved = {c.issue_id: (c.x, c.y) for c in load_board(context.db, area_id).cards}
    start = card.scenePos()
    assert saved[ids[1]] == pytest.approx((start.x(), start.y()))
    _drag(page, _centre(card), _centre(card) + QPointF(250, 120))
    moved = {c.issue_id: (c.x, c.y) for c in load_board(context.db, area_id).cards}
    assert moved[ids[1]] == pytest.approx((start.x() + 250, start.y() + 120))  # saved at once
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card.scenePos() == start
    back = {c.issue_id: (c.x, c.y) for c in load_board(context.db, area_id).cards}
    assert back[ids[1]] == pytest.approx(saved[ids[1]])
    # a group moves with its cards, and undo brings all of them back
    monkeypatch.setattr(page, "ask_label", lambda *args: "買い物")
    _select(page, card)
    group = page.make_group()
    before = {c.issue_id: (c.x, c.y) for c in load_board(context.db, area_id).cards}
    _drag(page, group.scenePos() + QPointF(40, 15), group.scenePos() + QPointF(340, 15))
    after = {c.issue_id: (c.x, c.y) for c in load_board(context.db, area_id).cards}
    assert after[ids[1]][0] == pytest.approx(before[ids[1]][0] + 300)
    page.undo()
    undone = {c.issue_id: (c.x, c.y) for c in load_board(context.db, area_id).cards}
    assert undone == before  # positions are stored rounded to 0.1
    # placing is undone too: the card goes back to the tray
    page.undo()  # into the group
    page.undo()  # the placement of two cards
    assert not page.scene.cards and page.tray.list.count() == 4
    assert load_board(context.db, area_id).cards == ()


def test_delete_key_erases_a_line_and_asks_before_deleting_a_group(
    context, qtbot, north, monkeypatch
):
    area_id, ids = north
    page = _open(context, qtbot)
    page.place_issues(ids[:2], at=QPointF(300, 300))
    a, b = page.scene.cards[ids[0]], page.scene.cards[ids[1]]
    monkeypatch.setattr(page, "ask_label", lambda *args: "移動")
    _select(page, a, b)
    group = page.make_group()
    _select(page, a, b)
    link = page.link_selected("related")
    assert link is not None
    _select(page, link)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert load_board(context.db, area_id).links == () and not page.scene.links
    asked = []
    monkeypatch.setattr(page, "ask_yes_no", lambda title, text: asked.append(text) or False)
    _select(page, group)
    page.delete_selected()
    assert asked and "移動" in asked[0] and len(load_board(context.db, area_id).groups) == 1
    monkeypatch.setattr(page, "ask_yes_no", lambda title, text: True)
    page.delete_selected()
    board = load_board(context.db, area_id)
    assert board.groups == () and {c.group_id for c in board.cards} == {None}
    assert a.group is None and a.scene() is page.scene  # the cards stay on the board


def test_a_link_to_itself_is_refused_with_a_message(context, qtbot, north, monkeypatch):
    _area_id, ids = north
    page = _open(context, qtbot)
    page.place_issues(ids[:1], at=QPointF(300, 300))
    _select(page, page.scene.cards[ids[0]])
    assert page.link_selected() is None
    assert "2つ選んで" in page.message_label.text()


def test_zoom_keys_and_showing_the_whole_board(context, qtbot, north):
    _area_id, ids = north
    page = _open(context, qtbot)
    page.place_issues(ids[:1], at=QPointF(200, 200))
    page.place_issues(ids[1:2], at=QPointF(4000, 3000))
    page.view.setFocus()
    zoom = page.view.zoom()
    qtbot.keyClick(page.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert page.view.zoom() < zoom
    qtbot.keyClick(page.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert page.view.zoom() == pytest.approx(zoom)
    page.fit_button.click()
    visible = page.view.mapToScene(page.view.viewport().rect()).boundingRect()
    for card in page.scene.cards.values():
        assert visible.contains(card.sceneBoundingRect())
    assert page.zoom_label.text() == f"{round(page.view.zoom() * 100)}%"
