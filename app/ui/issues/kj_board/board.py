"""課題の構造化（KJ法）, STEP 2-3: the board page of one area.

Issue cards come from the tray beside the board (drag them, or 「ボードに置く」), are dragged
into groups with a 表札, groups are nested and joined by arrows. Every finished gesture is
saved at once in one short transaction (never per pixel) and kept for 「元に戻す」 (Ctrl+Z).
Two PCs moving the same card: the last save wins (see app/services/issues/kj_board.py).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import LinkRelation
from app.reports.kj_paper import build_kj_board
from app.services.errors import ServiceError
from app.services.issues.kj_board import (
    CARD_HEIGHT,
    CARD_WIDTH,
    LABEL_MAX,
    PALETTE,
    Board,
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
    return_to_tray,
    save_group,
)
from app.services.setup.areas import municipality_area
from app.ui.context import AppContext
from app.ui.issues.kj_board.items import LABEL_BAND, CardItem, GroupItem, LinkItem
from app.ui.issues.kj_board.scene import (
    BoardScene,
    BoardView,
    CardState,
    Change,
    GroupState,
    State,
)
from app.ui.issues.kj_board.toolbar import PICK_TWO, BoardControls, swatch
from app.ui.issues.kj_board.tray import TrayPanel
from app.ui.printing.paper_actions import save_paper
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error

UNDO_LIMIT = 50
NO_AREA = "圏域がまだありません。「設定」で圏域を登録してください。"


class KjBoardPage(QWidget):
    TITLE = "課題の構造化（KJ法）"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.area_id: int | None = None
        self.board: Board | None = None
        self.undo_stack: list[Change] = []
        self._generation = 0
        self._loading = False
        self._fitted_for: int | None = None
        self._build()
        self._wire()
        self.refresh()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.scene = BoardScene(self)
        self.view = BoardView(self.scene)
        self.tray = TrayPanel()

        controls = BoardControls()
        self.group_button = controls.group_button
        self.label_button = controls.label_button
        self.colour_box = controls.colour_box
        self.relation_box = controls.relation_box
        self.link_button = controls.link_button
        self.tray_button = controls.tray_button
        self.delete_button = controls.delete_button
        self.undo_button = controls.undo_button
        self.paper_box = controls.paper_box
        self.pdf_button = controls.pdf_button
        self.zoom_out_button = controls.zoom_out_button
        self.zoom_label = controls.zoom_label
        self.zoom_in_button = controls.zoom_in_button
        self.fit_button = controls.fit_button
        self.message_label = controls.message_label
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self.tray)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 280])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(controls.actions)
        layout.addWidget(splitter, 1)
        layout.addLayout(controls.bottom)

    def _wire(self) -> None:
        self.scene.changed_by_hand.connect(self._changed_by_hand)
        self.scene.label_edit_requested.connect(self.rename_group)
        self.scene.menu_requested.connect(self._show_menu)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.view.issues_dropped.connect(self.place_issues)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{round(z * 100)}%"))
        self.tray.place_requested.connect(lambda ids: self.place_issues(ids))
        self.group_button.clicked.connect(lambda: self.make_group())
        self.label_button.clicked.connect(lambda: self.rename_group())
        self.colour_box.activated.connect(
            lambda index: self.set_colour(self.colour_box.itemData(index))
        )
        self.link_button.clicked.connect(lambda: self.link_selected())
        self.tray_button.clicked.connect(self.return_selected_to_tray)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.zoom_in_button.clicked.connect(lambda: self.view.zoom_by(1.25))
        self.zoom_out_button.clicked.connect(lambda: self.view.zoom_by(0.8))
        self.fit_button.clicked.connect(self.view.fit_all)
        keys = QKeySequence.StandardKey
        for key, slot in (
            (QKeySequence(keys.Undo), self.undo),
            (QKeySequence(keys.ZoomIn), lambda: self.view.zoom_by(1.25)),
            (QKeySequence("Ctrl+="), lambda: self.view.zoom_by(1.25)),
            (QKeySequence(keys.ZoomOut), lambda: self.view.zoom_by(0.8)),
            (QKeySequence("Ctrl+0"), self.view.fit_all),
            (QKeySequence("Ctrl+G"), lambda: self.make_group()),
            (QKeySequence("F2"), lambda: self.rename_group()),
        ):
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.context.area_changed.connect(lambda _area: self.refresh())
        self.context.records_changed.connect(self._records_changed)
        self._selection_changed()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Show the board of the chosen area (read in the background)."""
        area_id = self.context.area_id
        if area_id is None:
            town = municipality_area(self.context.db)
            area_id = town.id if town else None
        if area_id is None:
            self.title_label.setText(self.TITLE)
            self.message_label.setText(NO_AREA)
            return
        if area_id != self.area_id:
            self.undo_stack.clear()
        self.area_id = area_id
        self._generation += 1
        generation = self._generation
        self._loading = True
        self.view.setEnabled(False)  # no gesture may land on a board about to be replaced
        db = self.context.db
        run_in_background(
            lambda: load_board(db, area_id),
            lambda board: self._loaded(generation, board),
            self._load_failed,
            self,
        )

    def is_busy(self) -> bool:
        return self._loading

    def _loaded(self, generation: int, board: Board) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.board = board
        self.scene.build(board)
        self.tray.show_rows(board.tray)
        scope = "町全体の課題をすべて表示しています" if board.whole_town else "この圏域の課題"
        self.title_label.setText(f"{board.area_name}　{self.TITLE}")
        self.title_label.setToolTip(scope)
        self.view.setEnabled(True)
        if self._fitted_for != board.area_id:
            self._fitted_for = board.area_id
            self.view.fit_all()
        self._selection_changed()

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self.view.setEnabled(True)
        if isinstance(error, ServiceError):
            self.message_label.setText(error.message)
        else:
            self.message_label.setText("ボードを読み込めませんでした。開き直してください。")

    def _records_changed(self, table: str) -> None:
        if table in ("", "issue", "area"):
            self.refresh()

    # ------------------------------------------------------------------ saving and undo
    def _apply(self, states: tuple[State, ...] | list[State]) -> None:
        """Put items where `states` say, moving cards between board and tray as needed."""
        for state in states:
            if isinstance(state, GroupState):
                self.scene.apply_group_state(state)
            elif not state.placed:
                item = self.scene.cards.get(state.issue_id)
                if item is not None:
                    self.tray.add(replace(item.row, placed=False, group_id=None))
                    self.scene.remove_card(state.issue_id)
            elif state.issue_id in self.scene.cards:
                self.scene.move_card(state)
            elif state.issue_id in self.tray.rows:
                row = self.tray.rows[state.issue_id]
                self.tray.take([state.issue_id])
                self.scene.add_card(
                    replace(row, placed=True, x=state.x, y=state.y, group_id=state.group_id)
                )
        self.scene.rebuild_links()

    def _save(self, states: tuple[State, ...] | list[State]) -> bool:
        """Write the states (and whatever sits inside moved groups) in one go."""
        full = self.scene.with_contents(states)
        cards = [
            CardMove(s.issue_id, s.x, s.y, s.group_id)
            for s in full
            if isinstance(s, CardState) and s.placed
        ]
        groups = [
            GroupMove(s.group_id, s.x, s.y, s.width, s.height, s.parent_id)
            for s in full
            if isinstance(s, GroupState)
        ]
        to_tray = [s.issue_id for s in full if isinstance(s, CardState) and not s.placed]
        db, area_id = self.context.db, self.area_id
        assert area_id is not None
        try:
            move_groups(db, area_id, groups, cards)
            for issue_id in to_tray:
                return_to_tray(db, area_id, issue_id)
        except ServiceError as error:
            show_service_error(self, error)
            self.refresh()  # show what is really stored
            return False
        return True

    def _remember(self, change: Change) -> None:
        self.undo_stack.append(change)
        del self.undo_stack[:-UNDO_LIMIT]
        self._selection_changed()

    def _changed_by_hand(self, change: Change) -> None:
        if self._save(change.after):
            self._remember(change)

    def undo(self) -> None:
        """Put back the last move, placement or return to the tray, and save that."""
        if not self.undo_stack:
            self.message_label.setText("元に戻せる操作はありません。")
            return
        change = self.undo_stack.pop()
        self._apply(change.before)
        if self._save(change.before):
            self.message_label.setText("直前の操作を元に戻しました。")
        self._selection_changed()

    def _do(self, before: list[State], after: list[State]) -> None:
        """Apply a change made by a button, save it and keep it for undo."""
        change = Change(tuple(before), tuple(after))
        self._apply(change.after)
        if self._save(change.after):
            self._remember(change)

    # ------------------------------------------------------------------ cards
    def visible_centre(self) -> QPointF:
        return self.view.mapToScene(self.view.viewport().rect().center())

    def place_issues(self, issue_ids: list[int], at: QPointF | None = None) -> None:
        """Put tray issues on the board around `at` (the middle of what is visible)."""
        ids = [i for i in issue_ids if i in self.tray.rows]
        if not ids or self.area_id is None:
            return
        centre = at if at is not None else self.visible_centre()
        before: list[State] = []
        after: list[State] = []
        for n, issue_id in enumerate(ids):
            x = centre.x() - CARD_WIDTH / 2 + (n % 6) * 24
            y = centre.y() - CARD_HEIGHT / 2 + n * 24
            group = self.scene.group_at(QPointF(x + CARD_WIDTH / 2, y + CARD_HEIGHT / 2))
            before.append(CardState(issue_id, 0, 0, None, placed=False))
            after.append(CardState(issue_id, x, y, group.group_id if group else None))
        self._do(before, after)
        self.message_label.setText(f"{len(ids)}件の課題をボードに置きました。")

    def return_selected_to_tray(self) -> None:
        cards = [i for i in self.scene.selectedItems() if isinstance(i, CardItem)]
        if not cards:
            self.message_label.setText("トレイに戻すカードを選んでください。")
            return
        before = [self.scene.card_state(c) for c in cards]
        after = [CardState(s.issue_id, s.x, s.y, None, placed=False) for s in before]
        self._do(before, after)

    # ------------------------------------------------------------------ groups
    def ask_label(self, title: str, current: str = "") -> str | None:
        text, ok = QInputDialog.getText(self, title, f"表札（{LABEL_MAX}文字まで）:", text=current)
        return text if ok else None

    def ask_yes_no(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def selected_groups(self) -> list[GroupItem]:
        return [i for i in self.scene.selectedItems() if isinstance(i, GroupItem)]

    def make_group(self) -> GroupItem | None:
        """A new group around the chosen cards and groups (or in the middle of the view)."""
        if self.area_id is None:
            return None
        label = self.ask_label("グループにする")
        if label is None:
            return None
        roots = self.scene.chosen_roots()
        if roots:
            box = QRectF()
            for item in roots:
                box = box.united(item.mapRectToScene(_item_rect(item)))
            box = box.adjusted(-20, -(LABEL_BAND + 12), 20, 20)
            parents = {getattr(i.parentItem(), "group_id", None) for i in roots}
            parent_id = parents.pop() if len(parents) == 1 else None
        else:
            centre = self.visible_centre()
            box = QRectF(centre.x() - 170, centre.y() - 120, 340, 240)
            parent_id = None
        colour = self.colour_box.currentData()
        data = GroupInput(label, colour, box.x(), box.y(), box.width(), box.height(), parent_id)
        try:
            row = save_group(self.context.db, self.area_id, data)
        except ServiceError as error:
            show_service_error(self, error)
            return None
        group = self.scene.add_group(row)
        if roots:
            before = [self.scene.state_of(i) for i in roots]
            after = [_with_parent(s, row.id) for s in before]
            self._do(before, after)
        self.scene.clearSelection()
        group.setSelected(True)
        self.message_label.setText(f"グループ「{row.label}」を作りました。")
        return group

    def _group_input(self, item: GroupItem, **changes) -> GroupInput:
        state = self.scene.group_state(item)
        values = {
            "label": item.label,
            "colour": item.colour,
            "x": state.x,
            "y": state.y,
            "width": state.width,
            "height": state.height,
            "parent_id": state.parent_id,
            "id": item.group_id,
        }
        values.update(changes)
        return GroupInput(**values)

    def rename_group(self, item: GroupItem | None = None) -> None:
        groups = [item] if item is not None else self.selected_groups()
        if len(groups) != 1:
            self.message_label.setText("表札を変えるグループを1つ選んでください。")
            return
        group = groups[0]
        label = self.ask_label("表札を変える", group.label)
        if label is None or self.area_id is None:
            return
        try:
            row = save_group(self.context.db, self.area_id, self._group_input(group, label=label))
        except ServiceError as error:
            show_service_error(self, error)
            return
        group.set_label(row.label)

    def set_colour(self, colour: str) -> None:
        if self.area_id is None:
            return
        for group in self.selected_groups():
            try:
                save_group(self.context.db, self.area_id, self._group_input(group, colour=colour))
            except ServiceError as error:
                show_service_error(self, error)
                return
            group.set_colour(colour)

    # ------------------------------------------------------------------ links
    def link_selected(self, relation: str | None = None) -> LinkItem | None:
        """Join the two chosen items; for 原因→結果 the first chosen is the cause."""
        chosen = [i for i in self.scene.selection_order if isinstance(i, (CardItem, GroupItem))]
        if len(chosen) != 2 or self.area_id is None:
            self.message_label.setText(PICK_TWO)
            return None
        relation = relation or self.relation_box.currentData()
        ends: dict[str, int] = {}
        for prefix, item in (("from", chosen[0]), ("to", chosen[1])):
            kind, item_id = item.key
            ends[f"{prefix}_{kind}_id"] = item_id
        try:
            row = add_link(self.context.db, self.area_id, LinkInput(relation, **ends))
        except ServiceError as error:
            show_service_error(self, error)
            return None
        self.scene.link_rows[row.id] = row
        self.scene.rebuild_links()
        self.message_label.setText(f"線（{row.relation_label}）を引きました。")
        return self.scene.links.get(row.id)

    # ------------------------------------------------------------------ deleting
    def delete_selected(self) -> None:
        """Delete key: chosen lines are erased, cards go back to the tray, groups are deleted
        after asking (their cards stay on the board)."""
        if self.area_id is None:
            return
        selected = self.scene.selectedItems()
        links = [i for i in selected if isinstance(i, LinkItem)]
        groups = [i for i in selected if isinstance(i, GroupItem)]
        if groups:
            names = "、".join(f"「{g.label}」" for g in groups)
            question = (
                f"グループ{names}を消しますか？\n"
                "中のカードはボードに残り、グループの外に出ます。この操作は元に戻せません。"
            )
            if not self.ask_yes_no("グループを消す", question):
                return
        try:
            for link in links:
                delete_link(self.context.db, self.area_id, link.link_id)
                self.scene.link_rows.pop(link.link_id, None)
            for group in groups:
                delete_group(self.context.db, self.area_id, group.group_id)
                self.scene.remove_group(group.group_id)
        except ServiceError as error:
            show_service_error(self, error)
            self.refresh()
            return
        if groups:
            self.undo_stack.clear()  # earlier moves name a group that is gone
        self.scene.rebuild_links()
        if any(isinstance(i, CardItem) for i in selected):
            self.return_selected_to_tray()
        self._selection_changed()

    # ------------------------------------------------------------------ menus and state
    def _selection_changed(self) -> None:
        try:
            selected = self.scene.selectedItems()
        except RuntimeError:
            return
        groups = [i for i in selected if isinstance(i, GroupItem)]
        cards = [i for i in selected if isinstance(i, CardItem)]
        self.label_button.setEnabled(len(groups) == 1)
        self.colour_box.setEnabled(bool(groups))
        if len(groups) == 1:
            index = self.colour_box.findData(groups[0].colour)
            if index >= 0:
                self.colour_box.setCurrentIndex(index)
        self.tray_button.setEnabled(bool(cards))
        self.delete_button.setEnabled(bool(selected))
        self.undo_button.setEnabled(bool(self.undo_stack))

    def _show_menu(self, item, screen_pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("グループにする…", lambda: self.make_group())
        if isinstance(item, GroupItem):
            menu.addAction("表札を変える…", lambda: self.rename_group(item))
            colours = menu.addMenu("色を変える")
            for colour, name in PALETTE:
                colours.addAction(swatch(colour), name, lambda c=colour: self.set_colour(c))
        chosen = [i for i in self.scene.selection_order if isinstance(i, (CardItem, GroupItem))]
        if len(chosen) == 2:
            lines = menu.addMenu("線でつなぐ")
            for relation in LinkRelation:
                lines.addAction(relation.label, lambda r=relation.value: self.link_selected(r))
        if isinstance(item, CardItem):
            menu.addAction("トレイに戻す", self.return_selected_to_tray)
        if isinstance(item, (GroupItem, LinkItem)):
            menu.addAction("消す", self.delete_selected)
        menu.exec(screen_pos)

    def save_pdf(self) -> None:
        if self.area_id is None or self.board is None:
            return
        db, area_id, paper = self.context.db, self.area_id, self.paper_box.currentText()
        name = f"{self.board.area_name}_課題の構造化"
        save_paper(
            self,
            self.TITLE,
            name,
            lambda path: build_kj_board(kj_paper(db, area_id), path, paper=paper),
        )


def _item_rect(item) -> QRectF:
    if isinstance(item, GroupItem):
        return item.rect()
    return QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT)


def _with_parent(state: State, group_id: int) -> State:
    if isinstance(state, CardState):
        return replace(state, group_id=group_id)
    return replace(state, parent_id=group_id)
