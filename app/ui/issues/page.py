"""地域課題: the issue log — search as you type, filters, the 第1層 inbox, and a detail pane
with the history, the linked resources and 引継ぎ (STEP 2-2 to 2-4).

Queries run off the GUI thread and the newest one wins (a generation counter). The list keeps
the service's order: most urgent first, then by area. After a change the same issue stays
chosen.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.reports.issue_papers import build_handover, build_issues
from app.services.errors import ServiceError
from app.services.issues.issue import (
    IssueRow,
    get_issue,
    trash_issue,
)
from app.services.issues.papers import handover_paper, issues_paper
from app.ui.context import AppContext
from app.ui.councils.panel import ColumnFitter, action_button, empty_label
from app.ui.issues.detail import IssueDetail
from app.ui.issues.filters import IssueFilterBar, query_issues
from app.ui.issues.list_model import BadgeDelegate, IssueListModel
from app.ui.issues.wizard import IssueWizard
from app.ui.printing.paper_actions import save_paper
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm, list_table

SEARCHING = "検索中…"
EMPTY_TEXT = "まだ地域課題が登録されていません。「新しい課題」から始めてください。"
NO_HITS_TEXT = "当てはまる地域課題はありません。絞り込みや検索の言葉を変えてください。"
NO_INBOX_TEXT = "第1層に引き継がれた課題は、いまはありません。"
COLUMN_EMS = (3.5, 16, 6, 6.5, 4, 5, 5.5)  # widest each column grows, in characters
WATCHED = ("", "issue", "area", "meeting", "resource")
_HINT = "color: #555;"
_OK = "color: #2e7d32;"


class IssuesPage(QWidget):
    TITLE = "地域課題"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.wizard: IssueWizard | None = None
        self._generation = 0
        self._loading = False
        self._select_id: int | None = None
        self._select_row: int | None = None
        self._must_show = False  # show_issue: clear the filters if they hide the issue
        self._build()
        self._wire()
        self.filters.reload_areas(context.db)
        self.filters.follow_area(context.area_id)
        self._current_changed()
        self.refresh()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        self.filters = IssueFilterBar()
        self.count_label = QLabel()
        self.count_label.setStyleSheet(_HINT)
        self.filters.second.addWidget(self.count_label)
        self.model = IssueListModel(self)
        self.table = list_table(self.model)
        self.table.setItemDelegateForColumn(IssueListModel.TITLE, BadgeDelegate(self.table))
        self.fitter = ColumnFitter(self.table, COLUMN_EMS, 1, (2, 3, 5))
        self.table.installEventFilter(self)  # refit when the splitter moves, too
        self.empty_label = empty_label(EMPTY_TEXT)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        self.detail = IssueDetail(self.context)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 420])
        self.new_button = action_button("新しい課題", "地域課題を1件登録します（Ctrl+N）")
        self.edit_button = action_button(
            "編集", "選んだ課題を直します（Enter またはダブルクリック）"
        )
        self.trash_button = action_button("ごみ箱へ", "選んだ課題をごみ箱へ移します（Delete）")
        self.list_paper_button = action_button(
            "一覧をPDFで保存",
            "いま選んでいる圏域の地域課題一覧（配布用: 個人に関わる中身は省き、名前は伏せます）",
        )
        self.handover_paper_button = action_button(
            "引継ぎ票をPDFで保存", "選んだ課題の引継ぎ票（役場に出す内部用・取扱注意）"
        )
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        actions.addWidget(self.list_paper_button)
        actions.addWidget(self.handover_paper_button)
        actions.addWidget(self.trash_button)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)

    def _wire(self) -> None:
        self.filters.changed.connect(self.run_query)
        self.filters.search.returnPressed.connect(self.focus_list)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.new_button.clicked.connect(self.new_issue)
        self.edit_button.clicked.connect(self.edit_current)
        self.trash_button.clicked.connect(self.trash_current)
        self.list_paper_button.clicked.connect(self.save_list_paper)
        self.handover_paper_button.clicked.connect(self.save_handover_paper)
        keys = QKeySequence.StandardKey
        for key, slot in ((keys.Find, self.focus_search), (keys.New, self.new_issue)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.trash_current)
        detail = self.detail
        chain = [*self.filters.tab_chain(), self.table, detail.view, detail.note_button]
        chain += [detail.find_button, detail.hand_over_button, self.new_button]
        chain += [self.edit_button, self.trash_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.context.records_changed.connect(self._records_changed)
        self.context.area_changed.connect(self.filters.follow_area)

    # ------------------------------------------------------------------ papers
    def save_list_paper(self) -> None:
        """The 地域課題一覧 of the chosen area (all areas when none), for circulation."""
        db, area_id = self.context.db, self.filters.current().area_id
        name = self.filters.area_combo.currentText() if area_id else "全域"
        save_paper(
            self,
            "地域課題一覧",
            f"地域課題一覧_{name}",
            lambda target: build_issues(issues_paper(db, area_id=area_id), target),
        )

    def save_handover_paper(self) -> None:
        row = self.current_row()
        if row is None:
            self.message_label.setText("引継ぎ票にする課題を、一覧から選んでください。")
            return
        db, issue_id = self.context.db, row.id
        save_paper(
            self,
            "引継ぎ票",
            f"引継ぎ票_{row.title[:20]}",
            lambda target: build_handover(handover_paper(db, issue_id), target),
        )

    # ------------------------------------------------------------------ public API
    def refresh(self) -> None:
        """Reload the area choices and run the list's query again (in the background)."""
        self.filters.reload_areas(self.context.db)
        self.filters.follow_area(self.context.area_id)
        self.run_query()

    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def focus_list(self) -> None:
        if self.model.rowCount() and not self._loading:
            if not self.table.currentIndex().isValid():
                self._select(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_issue(self, issue_id: int) -> None:
        """Choose this issue in the list (clearing filters that hide it) and show it."""
        found = self.model.find_row(issue_id)
        if found is not None and not self._loading:
            self._select(found)
            return
        self._select_id = issue_id
        self._must_show = True
        self.run_query()

    def current_row(self) -> IssueRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def is_busy(self) -> bool:
        return self.filters.pending() or self._loading

    def new_issue(self) -> None:
        self._open_wizard(None)

    def edit_current(self) -> None:
        row = self.current_row()
        if row is None:
            self._say("直す課題を一覧から選んでください。", _HINT)
            return
        try:
            fresh = get_issue(self.context.db, row.id)  # the latest version, not the list's
        except ServiceError as error:
            show_service_error(self, error)
            self.reload()
            return
        self._open_wizard(fresh)

    def trash_current(self) -> None:
        row = self.current_row()
        if row is None:
            self._say("ごみ箱へ移す課題を一覧から選んでください。", _HINT)
            return
        if not confirm(
            self,
            "ごみ箱へ移す",
            f"「{row.title}」をごみ箱へ移しますか？\n"
            "一覧からは消えますが、記録そのものは消さずに残します。",
        ):
            return
        position = self.table.currentIndex().row()
        try:
            trash_issue(self.context.db, row.id, expected_version=row.version)
        except ServiceError as error:
            show_service_error(self, error)
            self.reload()
            return
        self._select_id, self._select_row = None, position
        self._say(f"「{row.title}」をごみ箱へ移しました。", _OK)
        self.context.notify_changed("issue")

    # ------------------------------------------------------------------ queries
    def reload(self) -> None:
        current = self.current_row()
        if self._select_id is None and current is not None:
            self._select_id = current.id
            self._select_row = self.table.currentIndex().row()
        self.run_query()

    def run_query(self) -> None:
        """Ask for the rows of the current filter; an older query's answer is dropped."""
        self._generation += 1
        generation = self._generation
        flt, inbox, db = self.filters.current(), self.filters.inbox(), self.context.db
        self._loading = True
        self.count_label.setText(SEARCHING)
        run_in_background(
            lambda: query_issues(db, flt, inbox),
            lambda result: self._loaded(generation, result),
            lambda error: self._failed(generation, error),
            receiver=self,
        )

    def _loaded(self, generation: int, result: tuple[list[IssueRow], bool]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        rows, anything = result
        keep = self.current_row()
        wanted = self._select_id if self._select_id is not None else (keep.id if keep else None)
        self._loading = False
        self.model.set_rows(rows)
        self.fitter.fit()
        if rows:
            self.list_stack.setCurrentWidget(self.table)
        else:
            inbox = self.filters.inbox()
            text = NO_INBOX_TEXT if inbox else (NO_HITS_TEXT if anything else EMPTY_TEXT)
            self.empty_label.setText(text)
            self.list_stack.setCurrentWidget(self.empty_label)
        found = self.model.find_row(wanted) if wanted is not None else None
        must_show, self._must_show = self._must_show, False
        if must_show and found is None and self.filters.narrowed():
            self._select_id = wanted
            self.filters.clear()  # runs the query again, over everything
            return
        if found is None and self._select_row is not None and rows:
            found = min(self._select_row, len(rows) - 1)  # who took its place
        self._select_id = self._select_row = None
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
            raise error

    # ------------------------------------------------------------------ view updates
    def _select(self, row: int | None) -> None:
        selection = self.table.selectionModel()
        if row is None:
            selection.clearCurrentIndex()
            self.table.clearSelection()
            self._current_changed()
            return
        index = self.model.index(row, 0)
        flags = selection.SelectionFlag
        selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)
        self._current_changed()

    def _current_changed(self, *_args) -> None:
        row = self.current_row()
        for button in (self.edit_button, self.trash_button, self.handover_paper_button):
            button.setEnabled(row is not None)
        if row is None or self.detail.issue is None or self.detail.issue.id != row.id:
            self.detail.show_issue(row)
        else:
            self.detail.reload()  # the same issue, perhaps changed: read it again

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fitter.fit()
        return super().eventFilter(watched, event)

    def _say(self, text: str, style: str = "") -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(style)

    # ------------------------------------------------------------------ wizard and signals
    def _open_wizard(self, row: IssueRow | None) -> None:
        wizard = IssueWizard(self.context, row, self)
        wizard.accepted.connect(lambda: self._wizard_saved(wizard))
        wizard.finished.connect(wizard.deleteLater)
        self.wizard = wizard
        wizard.open()

    def _wizard_saved(self, wizard: IssueWizard) -> None:
        saved = wizard.saved
        if saved is None:
            return
        verb = "登録しました" if wizard.issue is None else "保存しました"
        self._say(f"「{saved.title}」を{verb}。", _OK)
        self.show_issue(saved.id)

    def _records_changed(self, table: str) -> None:
        if table in ("", "area"):
            self.refresh()
        elif table in WATCHED:
            self.reload()

    def hideEvent(self, event) -> None:
        self._say("")
        super().hideEvent(event)
