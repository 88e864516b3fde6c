"""地域資源: the inventory list — search as you type, filters, 要確認, and a detail pane.

Queries run off the GUI thread; the newest one wins (a generation counter), and further pages
are fetched as the table scrolls, so the list stays responsive at tens of thousands of rows.
After an edit or a trash the list is read again as far as it had been scrolled, and the same
place stays chosen.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import SEARCH_CUT_MESSAGE, search_was_cut
from app.domain.wareki import format_wareki
from app.services.errors import ServiceError
from app.services.resources.resource import (
    ResourceFilter,
    ResourceRow,
    confirm_resource,
    count_resources,
    get_resource,
    list_resources,
    trash_resource,
)
from app.ui.context import AppContext
from app.ui.resources.filters import ResourceFilterBar
from app.ui.resources.list_model import ResourceListModel
from app.ui.resources.text import resource_html
from app.ui.resources.wizard import ResourceWizard
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import list_table

PAGE_SIZE = 200
EMPTY_TEXT = (
    "まだ地域資源が登録されていません。『新しい資源』か『Excel から取り込む』から始めてください。"
)
NO_HITS_TEXT = "該当する地域資源はありません。"
NO_SELECTION = "一覧から地域資源を選ぶと、ここに内容を表示します。"
SEARCHING = "検索中…"
COLUMN_EMS = (13, 8, 7, 6, 11.5, 8, 3.5, 5.5)  # widths, in characters
SHRINKABLE = (0, 1, 2, 5)  # 名称, ふりがな, 種類, 運営主体 give way; dates and areas do not
MIN_SCALE = 0.6  # narrower than this and the table scrolls sideways instead
_HINT = "color: #555;"
_OK = "color: #2e7d32;"


class ResourcesPage(QWidget):
    TITLE = "地域資源"
    import_requested = Signal()  # 「Excel から取り込む」: the main window opens the importer
    export_requested = Signal()  # 「書き出す」: the main window exports `current_filter()`

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.wizard: ResourceWizard | None = None
        self.issues_dialog: QWidget | None = None
        self._generation = 0
        self._loading = False
        self._filter = ResourceFilter()
        self._select_id: int | None = None
        self._select_row: int | None = None
        self._first_row_wanted = False  # Down or Enter in the search box, before its rows came
        self._fitting = False
        self._user_sized = False  # once a column is dragged, widths are the person's
        self._quiet = False  # our own notify_changed: the row is already updated in place
        self._build()
        self._wire()
        self.filters.reload_areas(context.db)
        self.filters.follow_area(context.area_id)
        self._show_detail(None)
        self.refresh()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        self.filters = ResourceFilterBar()
        self.count_label = QLabel()
        self.count_label.setStyleSheet(_HINT)
        self.filters.second.addWidget(self.count_label)

        self.model = ResourceListModel(self)
        self.table = list_table(self.model)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().sectionResized.connect(self._column_resized)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(_HINT + " padding: 24px;")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([400, 250])

        self.new_button = QPushButton("新しい資源")
        self.new_button.setToolTip("地域資源を1件ずつ登録します（Ctrl+N）")
        self.edit_button = QPushButton("編集")
        self.edit_button.setToolTip("選んだ地域資源を直します（Enter またはダブルクリック）")
        self.issues_button = QPushButton("この資源で応えられる課題")
        self.issues_button.setToolTip(
            "この資源の種類と場所で応えられそうな課題を並べ、つなぐ・外すができます"
        )
        self.confirm_button = QPushButton("確認済みにする")
        self.confirm_button.setToolTip("内容が今も正しいと確かめたとき、最終確認日を今日にします")
        self.trash_button = QPushButton("ごみ箱へ")
        self.trash_button.setToolTip("選んだ地域資源をごみ箱へ移します（Delete）")
        self.import_button = QPushButton("Excel から取り込む")
        self.import_button.setToolTip("Excel や CSV の一覧から、まとめて登録します")
        self.export_button = QPushButton("書き出す")
        self.export_button.setToolTip("いま表示している一覧を Excel か CSV に書き出します")
        actions = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.issues_button,
            self.confirm_button,
            self.trash_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)

    def _wire(self) -> None:
        self.filters.changed.connect(self.run_query)
        self.filters.search.installEventFilter(self)  # Down: to the list
        self.filters.search.returnPressed.connect(self.focus_list)  # after the bar's flush
        self.filters.search.textChanged.connect(self._typing)
        self.filters.confirm_days_changed.connect(self.model.set_confirm_days)
        self.model.fetch_requested.connect(self._fetch_more)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.new_button.clicked.connect(self.new_resource)
        self.edit_button.clicked.connect(self.edit_current)
        self.issues_button.clicked.connect(self.show_issues)
        self.confirm_button.clicked.connect(self.confirm_current)
        self.trash_button.clicked.connect(self.trash_current)
        self.import_button.clicked.connect(self.import_requested)
        self.export_button.clicked.connect(self.export_requested)
        keys = QKeySequence.StandardKey
        for key, slot in ((keys.Find, self.focus_search), (keys.New, self.new_resource)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.trash_current)
        chain = [*self.filters.tab_chain(), self.table, self.detail, self.new_button]
        chain += [self.edit_button, self.issues_button, self.confirm_button, self.trash_button]
        chain += [self.import_button, self.export_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.context.records_changed.connect(self._records_changed)
        self.context.area_changed.connect(self.filters.follow_area)

    # ------------------------------------------------------------------ public API
    def refresh(self) -> None:
        """Reload the area choices and run the list's query again (in the background)."""
        self.filters.reload_areas(self.context.db)
        self.filters.follow_area(self.context.area_id)
        self.run_query()

    def current_filter(self) -> ResourceFilter:
        """What the list shows now (for 書き出す)."""
        return self.filters.current()

    def current_row(self) -> ResourceRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def is_busy(self) -> bool:
        """A search is waiting to start, or a query or a further page is on its way."""
        return self.filters.pending() or self._loading or self.model.fetching

    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def focus_list(self) -> None:
        """Down or Enter in the search box: the first row, once what was typed has been
        searched (Ctrl+F goes back)."""
        self.filters.flush()
        if self._loading:
            self._first_row_wanted = True
        elif self.model.rowCount():
            self._select(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filters.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.focus_list()
            return True
        return super().eventFilter(watched, event)

    def _typing(self) -> None:
        self._first_row_wanted = False  # typing on: stay in the box

    def new_resource(self) -> None:
        self._open_wizard(None)

    def edit_current(self) -> None:
        row = self.current_row()
        if row is None:
            self._say("直す地域資源を一覧から選んでください。", _HINT)
            return
        try:
            fresh = get_resource(self.context.db, row.id)  # the latest version, not the list's
        except ServiceError as error:
            show_service_error(self, error)
            self.reload()
            return
        self._open_wizard(fresh)

    def show_issues(self) -> None:
        """「この資源で応えられる課題」: match the chosen resource to open issues."""
        from app.ui.resources.issues_dialog import ResourceIssuesDialog

        row = self.current_row()
        if row is None:
            self._say("地域資源を一覧から選んでください。", _HINT)
            return
        dialog = ResourceIssuesDialog(self.context, row.id, row.name, self)
        dialog.finished.connect(dialog.deleteLater)
        self.issues_dialog = dialog
        dialog.open()

    def confirm_current(self) -> None:
        row = self.current_row()
        if row is None:
            self._say("確認済みにする地域資源を一覧から選んでください。", _HINT)
            return
        try:
            fresh = confirm_resource(self.context.db, row.id, expected_version=row.version)
        except ServiceError as error:
            show_service_error(self, error)
            self.reload()
            return
        self.model.replace_row(fresh)
        self._show_detail(fresh)
        when = format_wareki(fresh.confirmed_on) if fresh.confirmed_on else ""
        self._say(f"「{fresh.name}」を確認済みにしました（{when}）。", _OK)
        self._quiet = True
        try:
            self.context.notify_changed("resource")
        finally:
            self._quiet = False

    def trash_current(self) -> None:
        row = self.current_row()
        if row is None:
            self._say("ごみ箱へ移す地域資源を一覧から選んでください。", _HINT)
            return
        answer = QMessageBox.question(
            self,
            "ごみ箱へ移す",
            f"「{row.name}」をごみ箱へ移しますか？\n"
            "一覧からは消えますが、記録そのものは消さずに残します。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        position = self.table.currentIndex().row()
        try:
            trash_resource(self.context.db, row.id, expected_version=row.version)
        except ServiceError as error:
            show_service_error(self, error)
            self.reload()
            return
        self._select_id, self._select_row = None, position
        self._say(f"「{row.name}」をごみ箱へ移しました。", _OK)
        self.context.notify_changed("resource")

    # ------------------------------------------------------------------ queries
    def reload(self) -> None:
        """The same filter again after a change: as many rows as were loaded, same place."""
        self.run_query(keep_loaded=True)

    def run_query(self, keep_loaded: bool = False) -> None:
        """Ask for the first page of the current filter (or, keeping what was loaded, at least
        as many rows as the list holds now); an older query's answer is dropped."""
        self._generation += 1
        generation = self._generation
        flt = self.filters.current(date.today())
        self._filter = flt
        self.model.today = flt.today or date.today()
        self._loading = True
        self._show_count()
        db = self.context.db
        limit = max(PAGE_SIZE, self.model.rowCount()) if keep_loaded else PAGE_SIZE
        wanted = self._select_id

        def work() -> tuple[int, list[ResourceRow], bool]:
            total = count_resources(db, flt)
            rows = list_resources(db, flt, 0, limit) if total else []
            if wanted is not None and all(r.id != wanted for r in rows):
                while len(rows) < total:  # the saved row sorts further down: read on to it
                    more = list_resources(db, flt, len(rows), PAGE_SIZE)
                    rows += more
                    if not more or any(r.id == wanted for r in more):
                        break
            anything = total > 0 or count_resources(db, ResourceFilter()) > 0
            return total, rows, anything

        run_in_background(
            work,
            lambda result: self._loaded(generation, result),
            lambda error: self._failed(generation, error),
            receiver=self,
        )

    def _loaded(self, generation: int, result: tuple[int, list[ResourceRow], bool]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        total, rows, anything = result
        keep = self.current_row()
        wanted = self._select_id if self._select_id is not None else (keep.id if keep else None)
        self._loading = False
        self.model.set_result(rows, total)
        self._fit_columns()
        if total:
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(NO_HITS_TEXT if anything else EMPTY_TEXT)
            self.list_stack.setCurrentWidget(self.empty_label)
        found = self.model.find_row(wanted) if wanted is not None else None
        if found is None and self._select_row is not None and self.model.rowCount():
            found = min(self._select_row, self.model.rowCount() - 1)  # who took its place
        first, self._first_row_wanted = self._first_row_wanted, False
        if first and self.model.rowCount():
            found = 0
        self._select_id = self._select_row = None
        self._select(found)
        if first and found is not None and self.filters.search.hasFocus():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_count()

    def _fetch_more(self, offset: int) -> None:
        generation, flt, db = self._generation, self._filter, self.context.db
        self._show_count()

        def done(rows: list[ResourceRow]) -> None:
            if generation == self._generation:
                self.model.append_rows(rows)
                self._show_count()

        def failed(error: Exception) -> None:
            if generation == self._generation:
                self.model.fetch_failed()
                self._failed(generation, error)

        run_in_background(
            lambda: list_resources(db, flt, offset, PAGE_SIZE), done, failed, receiver=self
        )

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._show_count()
        if isinstance(error, ServiceError):
            show_service_error(self, error)
        else:
            self._say("一覧を読み込めませんでした。もう一度お試しください。", "color: #c62828;")
            raise error

    # ------------------------------------------------------------------ view updates
    def _show_count(self) -> None:
        if self._loading:
            self.count_label.setText(SEARCHING)
            return
        total, shown = self.model.total, self.model.rowCount()
        if not total:
            self.count_label.setText("")
        elif shown >= total:
            self.count_label.setText(f"{total:,}件")
        else:
            self.count_label.setText(f"{total:,}件中 {shown:,}件を表示")
        cut = search_was_cut(self.filters.search.text())
        self.count_label.setToolTip(SEARCH_CUT_MESSAGE if cut else "")
        if cut:
            self.count_label.setText(f"{self.count_label.text()}（言葉が長すぎるため一部で検索）")

    def _select(self, row: int | None) -> None:
        selection = self.table.selectionModel()
        if row is None:
            selection.clearCurrentIndex()
            self.table.clearSelection()
            self._show_detail(None)
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag
        selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)
        self._show_detail(self.model.row_at(row))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail(self.model.row_at(current.row()) if current.isValid() else None)

    def _show_detail(self, row: ResourceRow | None) -> None:
        for button in (
            self.edit_button,
            self.issues_button,
            self.confirm_button,
            self.trash_button,
        ):
            button.setEnabled(row is not None)
        if row is None:
            self.detail.setHtml(f'<p style="{_HINT}">{NO_SELECTION}</p>')
        else:
            self.detail.setHtml(resource_html(row, row.area_name, row.operator, columns=2))

    def _fit_columns(self) -> None:
        """Share the table's width among the columns (the name gets what is left over)."""
        if self._user_sized:
            return
        em = self.table.fontMetrics().horizontalAdvance("あ")
        widths = [int(ems * em) + 12 for ems in COLUMN_EMS]
        room = self.table.width() - 2 * self.table.frameWidth()
        room -= self.table.verticalScrollBar().sizeHint().width()
        fixed = sum(w for i, w in enumerate(widths) if i not in SHRINKABLE)
        flexible = sum(widths[i] for i in SHRINKABLE)
        scale = max(MIN_SCALE, min(1.0, (room - fixed) / flexible))
        for i in SHRINKABLE:
            widths[i] = int(widths[i] * scale)
        widths[0] += max(0, room - sum(widths))
        self._fitting = True
        try:
            for column, width in enumerate(widths):
                self.table.setColumnWidth(column, width)
        finally:
            self._fitting = False

    def _column_resized(self, *_args) -> None:
        if not self._fitting:
            self._user_sized = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _say(self, text: str, style: str = "") -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(style)

    # ------------------------------------------------------------------ wizard and signals
    def _open_wizard(self, row: ResourceRow | None) -> None:
        wizard = ResourceWizard(self.context, row, self)
        wizard.accepted.connect(lambda: self._wizard_saved(wizard))
        wizard.finished.connect(wizard.deleteLater)
        self.wizard = wizard
        wizard.open()

    def _wizard_saved(self, wizard: ResourceWizard) -> None:
        saved = wizard.saved
        if saved is None:
            return
        verb = "登録しました" if wizard.resource is None else "保存しました"
        self._say(f"「{saved.name}」を{verb}。", _OK)
        current = self.table.currentIndex()
        self._select_id = saved.id
        self._select_row = current.row() if current.isValid() else None  # if it left the list
        self.reload()

    def show_resource(self, resource_id: int) -> None:
        """Find one resource (asked for from elsewhere): every filter off, its name searched."""
        try:
            row = get_resource(self.context.db, resource_id)
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.filters.clear()
        self.filters.search.blockSignals(True)
        self.filters.search.setText(row.name)
        self.filters.search.blockSignals(False)
        self._select_id, self._select_row = resource_id, None
        self.run_query()

    def _records_changed(self, table: str) -> None:
        if self._quiet:
            return
        if table in ("", "area"):
            self.refresh()
        elif table in ("resource", "organization"):
            self.reload()

    def hideEvent(self, event) -> None:
        self._say("")
        super().hideEvent(event)
