"""The KJ board's scene and view: dragging cards and groups, dropping them into groups,
resizing, zoom and pan. Nothing here touches the database; every finished gesture is
reported as a `Change` (before and after states) that the page saves and keeps for undo.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
    QPainter,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
)

from app.services.issues.kj_board import CARD_HEIGHT, CARD_WIDTH, Board, CardRow, GroupRow, LinkRow
from app.ui.issues.kj_board.items import (
    CARD_Z,
    DRAG_Z,
    GROUP_Z,
    CardItem,
    GroupItem,
    Key,
    LinkItem,
)

ISSUE_MIME = "application/x-sasaeai-issue-ids"
MIN_ZOOM = 0.08
MAX_ZOOM = 3.0
BACKGROUND = QColor("#f7f5f0")


@dataclass(frozen=True)
class CardState:
    issue_id: int
    x: float
    y: float
    group_id: int | None
    placed: bool = True


@dataclass(frozen=True)
class GroupState:
    group_id: int
    x: float
    y: float
    width: float
    height: float
    parent_id: int | None


State = CardState | GroupState


@dataclass(frozen=True)
class Change:
    """One gesture: where the items were before and where they are now."""

    before: tuple[State, ...]
    after: tuple[State, ...]


class BoardScene(QGraphicsScene):
    changed_by_hand = Signal(object)  # Change
    label_edit_requested = Signal(object)  # GroupItem
    menu_requested = Signal(object, QPoint)  # the item under the mouse (or None), screen pos

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setBackgroundBrush(BACKGROUND)
        self.cards: dict[int, CardItem] = {}
        self.groups: dict[int, GroupItem] = {}
        self.links: dict[int, LinkItem] = {}
        self.link_rows: dict[int, LinkRow] = {}
        self.selection_order: list[QGraphicsItem] = []
        self._dragging: list[QGraphicsItem] | None = None
        self._drag_before: tuple[State, ...] = ()
        self._drag_links: list[LinkItem] = []
        self.selectionChanged.connect(self._selection_changed)

    # --- building ------------------------------------------------------------------------------
    def build(self, board: Board) -> None:
        self.clear()
        self.cards, self.groups, self.links = {}, {}, {}
        self.selection_order = []
        for row in board.groups:  # parents come first
            self.add_group(row)
        for card in board.cards:
            self.add_card(card)
        self.link_rows = {link.id: link for link in board.links}
        self.rebuild_links()

    def add_group(self, row: GroupRow) -> GroupItem:
        item = GroupItem(row)
        parent = self.groups.get(row.parent_id) if row.parent_id else None
        self._put(item, parent, QPointF(row.x, row.y))
        self.groups[row.id] = item
        return item

    def add_card(self, row: CardRow) -> CardItem:
        item = CardItem(row)
        parent = self.groups.get(row.group_id) if row.group_id else None
        self._put(item, parent, QPointF(row.x, row.y))
        self.cards[row.issue_id] = item
        return item

    def _put(self, item: QGraphicsItem, parent: GroupItem | None, scene_pos: QPointF) -> None:
        if item.scene() is None:
            self.addItem(item)
        item.setParentItem(parent)
        item.setPos(parent.mapFromScene(scene_pos) if parent is not None else scene_pos)

    def remove_card(self, issue_id: int) -> None:
        item = self.cards.pop(issue_id, None)
        if item is not None:
            self.removeItem(item)
        self.rebuild_links()

    def remove_group(self, group_id: int) -> None:
        """Its cards stay on the board ungrouped; its child groups move up to its parent."""
        item = self.groups.pop(group_id, None)
        if item is None:
            return
        for child in list(item.childItems()):
            target = item.parent_group if isinstance(child, GroupItem) else None
            self._put(child, target, child.scenePos())
        self.link_rows = {
            i: r
            for i, r in self.link_rows.items()
            if ("group", group_id) not in (r.source, r.target)
        }
        self.removeItem(item)
        self.rebuild_links()

    def item_for(self, key: Key) -> QGraphicsItem | None:
        kind, item_id = key
        return self.cards.get(item_id) if kind == "issue" else self.groups.get(item_id)

    def rebuild_links(self) -> None:
        for item in self.links.values():
            self.removeItem(item)
        self.links = {}
        for row in self.link_rows.values():
            source, target = self.item_for(row.source), self.item_for(row.target)
            if source is not None and target is not None:
                item = LinkItem(row, source, target)
                self.addItem(item)
                self.links[row.id] = item

    def update_links(self, items: Iterable[QGraphicsItem] | None = None) -> None:
        if items is None:
            chosen = list(self.links.values())
        else:
            keys = {getattr(i, "key", None) for i in _with_descendants(items)}
            chosen = [
                link
                for link in self.links.values()
                if link.row.source in keys or link.row.target in keys
            ]
        for link in chosen:
            link.update_position()

    # --- states --------------------------------------------------------------------------------
    @staticmethod
    def card_state(item: CardItem) -> CardState:
        pos = item.scenePos()
        group = item.group
        return CardState(item.row.issue_id, pos.x(), pos.y(), group.group_id if group else None)

    @staticmethod
    def group_state(item: GroupItem) -> GroupState:
        pos = item.scenePos()
        parent = item.parent_group
        return GroupState(
            item.group_id,
            pos.x(),
            pos.y(),
            item.width,
            item.height,
            parent.group_id if parent else None,
        )

    def state_of(self, item: QGraphicsItem) -> State:
        if isinstance(item, CardItem):
            return self.card_state(item)
        assert isinstance(item, GroupItem)
        return self.group_state(item)

    def with_contents(self, states: Iterable[State]) -> list[State]:
        """The states plus the current states of everything inside the groups among them."""
        out: dict[tuple[str, int], State] = {}
        for state in states:
            if isinstance(state, CardState):
                out[("issue", state.issue_id)] = state
                continue
            out[("group", state.group_id)] = state
            group = self.groups.get(state.group_id)
            if group is None:
                continue
            for inner in _with_descendants(group.childItems()):
                if isinstance(inner, (CardItem, GroupItem)):
                    out.setdefault(inner.key, self.state_of(inner))
        return list(out.values())

    def apply_group_state(self, state: GroupState) -> None:
        item = self.groups.get(state.group_id)
        if item is None:
            return
        item.set_size(state.width, state.height)
        self._put(item, self.groups.get(state.parent_id) if state.parent_id else None,
                  QPointF(state.x, state.y))  # fmt: skip

    def move_card(self, state: CardState) -> None:
        item = self.cards.get(state.issue_id)
        if item is not None:
            parent = self.groups.get(state.group_id) if state.group_id else None
            self._put(item, parent, QPointF(state.x, state.y))

    # --- where things land ---------------------------------------------------------------------
    def group_at(self, point: QPointF, skip: Iterable[QGraphicsItem] = ()) -> GroupItem | None:
        """The innermost group under `point`, ignoring `skip` and everything inside them."""
        skipped = set(_with_descendants(skip))
        for item in self.items(point):
            if isinstance(item, GroupItem) and item not in skipped:
                return item
        return None

    def container_for(self, group: GroupItem) -> GroupItem | None:
        """The innermost group that holds all of `group` (a group dropped inside another)."""
        box = group.mapRectToScene(group.rect())
        skipped = set(_with_descendants([group]))
        for item in self.items(box, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if (
                isinstance(item, GroupItem)
                and item not in skipped
                and item.mapRectToScene(item.rect()).contains(box)
            ):
                return item
        return None

    def drop_into_place(self, item: QGraphicsItem) -> None:
        """Make a lifted card or group a member of the group it was dropped in (or of none)."""
        if isinstance(item, CardItem):
            centre = item.scenePos() + QPointF(CARD_WIDTH / 2, CARD_HEIGHT / 2)
            target = self.group_at(centre, [item])
            item.setZValue(CARD_Z)
        else:
            assert isinstance(item, GroupItem)
            target = self.container_for(item)
            item.setZValue(GROUP_Z)
        self._put(item, target, item.scenePos())

    # --- dragging ------------------------------------------------------------------------------
    def chosen_roots(self) -> list[QGraphicsItem]:
        selected = [
            i for i in self.selectedItems() if isinstance(i, (CardItem, GroupItem))
        ]  # fmt: skip
        chosen = set(selected)
        roots = []
        for item in selected:
            parent = item.parentItem()
            while parent is not None and parent not in chosen:
                parent = parent.parentItem()
            if parent is None:
                roots.append(item)
        return roots

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        grabber = self.mouseGrabberItem()
        if (
            self._dragging is None
            and event.buttons() & Qt.MouseButton.LeftButton
            and isinstance(grabber, (CardItem, GroupItem))
            and not (isinstance(grabber, GroupItem) and grabber.resize_start is not None)
        ):
            roots = self.chosen_roots()
            if roots:
                self._dragging = roots
                self._drag_before = tuple(self.state_of(i) for i in roots)
                for item in roots:  # lift to the top so it shows above every other group
                    self._put(item, None, item.scenePos())
                    item.setZValue(DRAG_Z)
                keys = {getattr(i, "key", None) for i in _with_descendants(roots)}
                self._drag_links = [
                    link
                    for link in self.links.values()
                    if link.row.source in keys or link.row.target in keys
                ]
        super().mouseMoveEvent(event)
        if self._dragging is not None:
            for link in self._drag_links:
                link.update_position()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._dragging is None:
            return
        roots, before = self._dragging, self._drag_before
        self._dragging, self._drag_before = None, ()
        for item in roots:
            self.drop_into_place(item)
        for link in self._drag_links:
            link.update_position()
        self._drag_links = []
        after = tuple(self.state_of(i) for i in roots)
        if after != before:
            self.changed_by_hand.emit(Change(before, after))

    # called by GroupItem while and after its corner is dragged
    def item_resizing(self, item: GroupItem) -> None:
        self.update_links([item])

    def item_resized(self, item: GroupItem, start: tuple[float, float]) -> None:
        after = self.group_state(item)
        before = GroupState(after.group_id, after.x, after.y, start[0], start[1], after.parent_id)
        self.update_links([item])
        if before != after:
            self.changed_by_hand.emit(Change((before,), (after,)))

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        item = next(
            (
                i
                for i in self.items(event.scenePos())
                if isinstance(i, (CardItem, GroupItem, LinkItem))
            ),
            None,
        )
        if item is not None and not item.isSelected():
            if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.clearSelection()
            item.setSelected(True)
        self.menu_requested.emit(item, event.screenPos())
        event.accept()

    # --- selection order (the first chosen is where a 原因→結果 arrow starts) --------------------
    def _selection_changed(self) -> None:
        try:
            selected = self.selectedItems()
        except RuntimeError:  # the scene is being torn down
            return
        chosen = set(selected)
        self.selection_order = [i for i in self.selection_order if i in chosen]
        self.selection_order += [i for i in selected if i not in self.selection_order]


def _with_descendants(items: Iterable[QGraphicsItem]) -> list[QGraphicsItem]:
    out: list[QGraphicsItem] = []
    stack = list(items)
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(i for i in item.childItems() if isinstance(i, (CardItem, GroupItem)))
    return out


class BoardView(QGraphicsView):
    """Zoom with Ctrl+wheel, pan by dragging the background, Shift+drag to select several;
    issue cards can be dropped here from the tray."""

    issues_dropped = Signal(list, QPointF)  # issue ids, scene position
    zoom_changed = Signal(float)

    def __init__(self, scene: BoardScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)

    def zoom(self) -> float:
        return self.transform().m11()

    def resetTransform(self) -> None:  # Qt's name; the zoom label follows
        super().resetTransform()
        self.zoom_changed.emit(self.zoom())

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = target / self.zoom()
        if abs(factor - 1) > 1e-6:
            self.scale(factor, factor)
            self.zoom_changed.emit(self.zoom())

    def fit_all(self) -> None:
        scene = self.scene()
        box = scene.itemsBoundingRect()
        if box.isEmpty():
            box = QRectF(0, 0, 800, 600)
        box = box.adjusted(-40, -40, 40, 40)
        scene.setSceneRect(box.adjusted(-2000, -2000, 2000, 2000))
        self.fitInView(box, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:  # a nearly empty board is not blown up
            self.resetTransform()
            self.centerOn(box.center())
        elif self.zoom() < MIN_ZOOM:
            self.zoom_by(1.0)
        self.zoom_changed.emit(self.zoom())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.15**steps)
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        mode = QGraphicsView.DragMode
        self.setDragMode(mode.RubberBandDrag if shift else mode.ScrollHandDrag)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)

    # --- dropping from the tray -----------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(ISSUE_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(ISSUE_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(ISSUE_MIME):
            super().dropEvent(event)
            return
        raw = bytes(event.mimeData().data(ISSUE_MIME).data()).decode()
        ids = [int(part) for part in raw.split(",") if part.strip().isdigit()]
        event.acceptProposedAction()
        if ids:
            self.issues_dropped.emit(ids, self.mapToScene(event.position().toPoint()))
