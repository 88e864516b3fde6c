"""取組 (STEP 3): the list of initiatives with filters and search as you type, the chosen
one's detail, and the work done on it — 編集, 「活動を地域資源として登録…」, ごみ箱へ.

Queries run off the GUI thread and the newest one wins (a generation counter). After a change
the same initiative stays chosen.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import InitiativeKind, InitiativeState
from app.domain.wareki import format_wareki_short
from app.services.errors import ServiceError
from app.services.initiatives.initiative import (
    InitiativeFilter,
    InitiativeRow,
    get_initiative,
    list_initiatives,
    trash_initiative,
)
from app.services.setup import areas
from app.ui.context import AppContext
from app.ui.councils.panel import ColumnFitter, action_button, empty_label
from app.ui.initiatives.detail import KIND_COLOURS, InitiativeDetail
from app.ui.initiatives.register_resource_dialog import RegisterResourceDialog
from app.ui.initiatives.wizard import InitiativeWizard
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm, fill_combo, list_table, select_data
from app.ui.widgets.table_model import Column, RowTableModel

SEARCHING = "検索中…"
SEARCH_DELAY_MS = 250
EMPTY_TEXT = "まだ取組が登録されていません。「新しい取組」から始めてください。"
NO_HITS_TEXT = "当てはまる取組はありません。絞り込みや検索の言葉を変えてください。"
COLUMN_EMS = (3.5, 12, 6.5, 4.5, 16, 5.5)  # widest each column grows, in characters
WATCHED = ("", "initiative", "area", "issue", "resource", "person", "organization")
_HINT = "color: #555;"
_OK = "color: #2e7d32;"


class InitiativeListModel(RowTableModel):
    KIND, TITLE, PROGRESS = 0, 1, 4

    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                Column("種類", lambda r: r.kind_code),
                Column("名前", lambda r: r.title),
                Column("圏域", lambda r: r.area_name),
                Column("状態", lambda r: r.state_label),
                Column("節目の進み具合", lambda r: r.progress_text),
                Column(
                    "開始日", lambda r: format_wareki_short(r.started_on) if r.started_on else ""
                ),
            ],
            parent,
        )

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cut = index.isValid() and index.column() in (self.TITLE, self.PROGRESS)
        if cut and role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cut cell
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        if index.isValid() and index.column() == self.KIND:
            row: InitiativeRow = self.row_at(index.row())
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(KIND_COLOURS.get(row.kind, "#000"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.kind_label
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)


def _combo(first: str, items, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    for text, value in items:
        combo.addItem(text, value)
    combo.setToolTip(tip)
    return combo


class InitiativesPage(QWidget):
    TITLE = "取組"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.wizard: InitiativeWizard | None = None
        self.dialog: RegisterResourceDialog | None = None
        self._generation = 0
        self._loading = False
        self._select_id: int | None = None
        self._layer1: set[int] = set()
        self._build()
        self._wire()
        self.refresh()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("名前・中身・出来ること・圏域などで検索（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self.area_combo = _combo("すべての圏域", [], "圏域で絞り込みます")
        self.area_combo.setMinimumContentsLength(8)
        self.kind_combo = _combo(
            "すべての種類", [(k.label, k.value) for k in InitiativeKind], "種類で絞り込みます"
        )
        self.state_combo = _combo(
            "すべての状態", [(s.label, s.value) for s in InitiativeState], "状態で絞り込みます"
        )
        self.count_label = QLabel()
        self.count_label.setStyleSheet(_HINT)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for combo in self.combos():
            filters.addWidget(combo)
        filters.addWidget(self.count_label)
        self.model = InitiativeListModel(self)
        self.table = list_table(self.model)
        self.fitter = ColumnFitter(self.table, COLUMN_EMS, 1, (4,))
        self.table.installEventFilter(self)
        self.empty_label = empty_label(EMPTY_TEXT)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        self.detail = InitiativeDetail(self.context)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 480])
        self.new_button = action_button("新しい取組", "取組を1件立ち上げます（Ctrl+N）")
        self.edit_button = action_button(
            "編集", "選んだ取組を直します（Enter またはダブルクリック）"
        )
        self.register_button = action_button(
            "活動を地域資源として登録…",
            "この取組から生まれた活動を、地域資源の一覧に加えます",
        )
        self.trash_button = action_button("ごみ箱へ", "選んだ取組をごみ箱へ移します（Delete）")
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.register_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.trash_button)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)

    def combos(self) -> list[QComboBox]:
        return [self.area_combo, self.kind_combo, self.state_combo]

    def _wire(self) -> None:
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._search_now)
        self._timer.timeout.connect(self.run_query)
        for combo in self.combos():
            combo.currentIndexChanged.connect(self.run_query)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.new_button.clicked.connect(self.new_initiative)
        self.edit_button.clicked.connect(self.edit_current)
        self.register_button.clicked.connect(self.register_current)
        self.trash_button.clicked.connect(self.trash_current)
        keys = QKeySequence.StandardKey
        for key, slot in ((keys.Find, self.focus_search), (keys.New, self.new_initiative)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.trash_current)
        chain = [self.search, *self.combos(), self.table, self.detail.view, self.new_button]
        chain += [self.edit_button, self.register_button, self.trash_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.context.records_changed.connect(self._records_changed)
        self.context.area_changed.connect(self._follow_area)

    # ------------------------------------------------------------------ public API
    def refresh(self) -> None:
        """Reload the area choices and run the list's query again (in the background)."""
        rows = areas.list_areas(self.context.db)
        self._layer1 = {a.id for a in rows if a.layer == 1}
        items = [("すべての圏域", None)]
        items += [(f"全域（{a.name}）" if a.layer == 1 else a.name, a.id) for a in rows]
        self.area_combo.blockSignals(True)
        fill_combo(self.area_combo, items)
        self.area_combo.blockSignals(False)
        self._follow_area(self.context.area_id, run=False)
        self.run_query()

    def _follow_area(self, area_id: int | None, run: bool = True) -> None:
        """The toolbar's area: a district narrows the list; the whole town shows all."""
        wanted = None if area_id is None or area_id in self._layer1 else area_id
        if self.area_combo.currentData() != wanted:
            self.area_combo.blockSignals(True)
            select_data(self.area_combo, wanted)
            self.area_combo.blockSignals(False)
            if run:
                self.run_query()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_initiative(self, initiative_id: int) -> None:
        """Choose this initiative in the list (clearing filters that hide it) and show it."""
        found = self.model.find_row(initiative_id)
        if found is not None and not self.is_busy():
            self._select(found)
            return
        self._select_id = initiative_id
        self._clear_filters()
        self.run_query()

    def current_row(self) -> InitiativeRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def is_busy(self) -> bool:
        return self._timer.isActive() or self._loading

    def new_initiative(self) -> None:
        self._open_wizard(None)

    def edit_current(self) -> None:
        fresh = self._fresh("直す取組を一覧から選んでください。")
        if fresh is not None:
            self._open_wizard(fresh)

    def register_current(self) -> None:
        fresh = self._fresh("地域資源として登録する取組を一覧から選んでください。")
        if fresh is None:
            return
        dialog = RegisterResourceDialog(self.context, fresh, self)
        dialog.accepted.connect(lambda: self._registered(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def trash_current(self) -> None:
        row = self.current_row()
        if row is None:
            self._say("ごみ箱へ移す取組を一覧から選んでください。", _HINT)
            return
        if not confirm(
            self,
            "ごみ箱へ移す",
            f"「{row.title}」をごみ箱へ移しますか？\n"
            "一覧からは消えますが、記録そのものは消さずに残します。",
        ):
            return
        try:
            trash_initiative(self.context.db, row.id, expected_version=row.version)
        except ServiceError as error:
            show_service_error(self, error)
            self.run_query()
            return
        self._say(f"「{row.title}」をごみ箱へ移しました。", _OK)
        self.context.notify_changed("initiative")

    # ------------------------------------------------------------------ queries
    def current_filter(self) -> InitiativeFilter:
        return InitiativeFilter(
            text=self.search.text(),
            area_id=self.area_combo.currentData(),
            kind=self.kind_combo.currentData(),
            state=self.state_combo.currentData(),
        )

    def _search_now(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.run_query()
        elif self.model.rowCount() and not self._loading:
            self._select(self.table.currentIndex().row() if self.current_row() else 0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def run_query(self) -> None:
        """Ask for the rows of the current filter; an older query's answer is dropped."""
        self._timer.stop()
        self._generation += 1
        generation, flt, db = self._generation, self.current_filter(), self.context.db
        self._loading = True
        self.count_label.setText(SEARCHING)

        def work():
            rows = list_initiatives(db, flt)
            return rows, bool(rows) or bool(list_initiatives(db))

        run_in_background(
            work,
            lambda result: self._loaded(generation, result),
            lambda error: self._failed(generation, error),
            receiver=self,
        )

    def _loaded(self, generation: int, result: tuple[list[InitiativeRow], bool]) -> None:
        if generation != self._generation:
            return
        rows, anything = result
        keep = self.current_row()
        wanted = self._select_id if self._select_id is not None else (keep.id if keep else None)
        position = self.table.currentIndex().row()
        self._loading = False
        self.model.set_rows(rows)
        self.fitter.fit()
        self.empty_label.setText(NO_HITS_TEXT if anything else EMPTY_TEXT)
        self.list_stack.setCurrentWidget(self.table if rows else self.empty_label)
        found = self.model.find_row(wanted) if wanted is not None else None
        if found is None and keep is not None and rows and position >= 0:
            found = min(position, len(rows) - 1)  # who took its place
        self._select_id = None
        self._select(found)
        self.count_label.setText(f"{len(rows):,}件" if rows else "")

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.count_label.setText("")
        if isinstance(error, ServiceError):
            show_service_error(self, error)
        else:
            self._say("一覧を読み込めませんでした。もう一度お試しください。", "color: #c62828;")

    # ------------------------------------------------------------------ view updates
    def _clear_filters(self) -> None:
        for widget in (self.search, *self.combos()):
            widget.blockSignals(True)
        self.search.clear()
        for combo in self.combos():
            combo.setCurrentIndex(0)
        for widget in (self.search, *self.combos()):
            widget.blockSignals(False)

    def _select(self, row: int | None) -> None:
        selection = self.table.selectionModel()
        if row is None:
            selection.clearCurrentIndex()
            self.table.clearSelection()
        else:
            index = self.model.index(row, 0)
            flags = selection.SelectionFlag
            selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
            self.table.scrollTo(index)
        self._current_changed()

    def _current_changed(self, *_args) -> None:
        row = self.current_row()
        for button in (self.edit_button, self.register_button, self.trash_button):
            button.setEnabled(row is not None)
        self.detail.show_initiative(row)

    def _fresh(self, missing: str) -> InitiativeRow | None:
        row = self.current_row()
        if row is None:
            self._say(missing, _HINT)
            return None
        try:
            return get_initiative(self.context.db, row.id)  # the latest version
        except ServiceError as error:
            show_service_error(self, error)
            self.run_query()
            return None

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fitter.fit()
        return super().eventFilter(watched, event)

    def _say(self, text: str, style: str = "") -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(style)

    # ------------------------------------------------------------------ wizard and dialogs
    def _open_wizard(self, row: InitiativeRow | None) -> None:
        wizard = InitiativeWizard(self.context, row, self)
        wizard.accepted.connect(lambda: self._wizard_saved(wizard))
        wizard.finished.connect(wizard.deleteLater)
        self.wizard = wizard
        wizard.open()

    def _wizard_saved(self, wizard: InitiativeWizard) -> None:
        saved = wizard.saved
        if saved is None:
            return
        verb = "登録しました" if wizard.initiative is None else "保存しました"
        self._say(f"「{saved.title}」を{verb}。", _OK)
        self.show_initiative(saved.id)

    def _registered(self, dialog: RegisterResourceDialog) -> None:
        if dialog.saved is not None:
            self._say(f"「{dialog.saved.name}」を地域資源として登録しました。", _OK)
        self.detail.reload()

    def _records_changed(self, table: str) -> None:
        if table in ("", "area"):
            self.refresh()
        elif table in WATCHED:
            self.run_query()

    def hideEvent(self, event) -> None:
        self._say("")
        super().hideEvent(event)
