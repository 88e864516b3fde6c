"""印刷センター: every paper of the app in one place, with its options, a preview, 印刷 and 保存.

The papers and their options come from app.reports.registry. The lists to choose from (areas,
meetings, councils, issues) and each preview are read and built off the GUI thread; a preview
is rebuilt a moment after the last change of an option, and only the newest one is shown.
"""

from __future__ import annotations

import io
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.registry import (
    PaperKind,
    PaperOption,
    grouped,
    option_values,
    paper_kind,
)
from app.services.errors import ServiceError
from app.ui.context import AppContext
from app.ui.printing.paper_actions import save_paper
from app.ui.printing.paper_options import LISTED, PaperOptionsForm
from app.ui.printing.paper_preview import PaperPreview, print_document
from app.ui.tasks import run_in_background

DEBOUNCE_MS = 400  # rebuild the preview this long after the last change
KEY_ROLE = Qt.ItemDataRole.UserRole
WATCHED = ("", "area", "meeting", "minutes", "council", "issue", "resource", "initiative")
INTERNAL_NOTE = "取扱注意：個人に関わる内容を含みます。住民には配らず、取扱いにご注意ください。"
BUILDING = "書類を作っています…"
LOADING = "読み込み中…"
WORD_NOTE = (
    "Word 文書は画面に表示できません。\n「Wordで保存…」で保存して、Word で開いてください。\n"
    "（中身は「議事録」と同じです。印刷は「議事録」から行えます。）"
)
LONG_HANDOUT_PAGES = 8  # past this, a handout is more than one gathering needs
LONG_HANDOUT_HINT = "ページが多いときは、活動の種類や町名で絞り込めます。"
FAILED = "書類を作る途中で問題が起きました。記録は変わっていません。"
_RED = "#b3261e"


def _lists(db: Any) -> dict[str, list[tuple[str, Any]]]:
    """The choices of every listed kind (areas, meetings, councils, issues), read at once."""
    return {
        kind: option_values(db, PaperOption(kind, kind, kind, required=True))  # type: ignore[arg-type]
        for kind in LISTED
    }


def _build_bytes(paper: PaperKind, db: Any, options: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    paper.run(db, options, buffer)
    return buffer.getvalue()


class PrintCentrePage(QWidget):
    TITLE = "印刷センター"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lists: dict[str, list[tuple[str, Any]]] | None = None
        self.paper: PaperKind | None = None
        self._pending: dict[str, Any] = {}  # options asked for before the lists were read
        self._wanted_revision: int | None = None  # a 版 asked for before the 版 were read
        self._generation = 0
        self.building = False
        self.loading = False
        self.last_error = ""
        self._build()
        self._wire()
        self.refresh()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        self.paper_list = QTreeWidget()
        self.paper_list.setHeaderHidden(True)
        self.paper_list.setRootIsDecorated(False)
        self.paper_list.setIndentation(12)
        self.paper_list.setToolTip("印刷する書類を選びます")
        bold = QFont(self.paper_list.font())
        bold.setBold(True)
        self._items: dict[str, QTreeWidgetItem] = {}
        for group, papers in grouped():
            head = QTreeWidgetItem([group])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.paper_list.addTopLevelItem(head)
            for paper in papers:
                self._items[paper.key] = self._paper_item(head, paper)
        self.paper_list.expandAll()
        # wide enough for the longest title with its 「（取扱注意）」, never cut short
        self.paper_list.setMinimumWidth(max(200, self.paper_list.sizeHintForColumn(0) + 24))

        self.title_label = QLabel()
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        self.internal_label = QLabel(INTERNAL_NOTE)
        self.internal_label.setWordWrap(True)
        self.internal_label.setStyleSheet(
            f"color: white; background: {_RED}; padding: 4px 8px; font-weight: bold;"
        )
        self.internal_label.hide()
        self.options_form = PaperOptionsForm()
        self.options_box = QGroupBox("印刷する内容")
        QVBoxLayout(self.options_box).addWidget(self.options_form)
        self.print_button = QPushButton("印刷…")
        self.print_button.setToolTip("プリンターを選んで印刷します（Ctrl+P）")
        self.save_button = QPushButton("PDFで保存…")
        self.save_button.setToolTip("PDF ファイルにして保存します（Ctrl+S）")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.hint_label = QLabel(LONG_HANDOUT_HINT)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.hint_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("書類を選んでください"))
        left_layout.addWidget(self.paper_list, 1)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.title_label)
        side_layout.addWidget(self.description_label)
        side_layout.addWidget(self.internal_label)
        side_layout.addWidget(self.options_box)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.status_label)
        side_layout.addWidget(self.hint_label)
        side_layout.addStretch(1)
        side.setMinimumWidth(260)

        self.preview = PaperPreview()
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([210, 360, 700])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self._show_paper_head()

    def _paper_item(self, head: QTreeWidgetItem, paper: PaperKind) -> QTreeWidgetItem:
        text = paper.title
        if paper.is_internal({}):
            text += "（取扱注意）"
        item = QTreeWidgetItem(head, [text])
        item.setData(0, KEY_ROLE, paper.key)
        item.setToolTip(0, paper.description)
        if paper.is_internal({}):
            item.setForeground(0, QBrush(QColor(_RED)))
        return item

    def _wire(self) -> None:
        self.paper_list.currentItemChanged.connect(self._paper_chosen)
        self.options_form.changed.connect(self._options_changed)
        self.options_form.meeting_chosen.connect(self._load_revisions)
        self.options_form.area_chosen.connect(self._load_round_tables)
        self.timer.timeout.connect(self.rebuild_preview)
        self.print_button.clicked.connect(self.print_paper)
        self.save_button.clicked.connect(self.save_pdf)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_paper)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_pdf)
        self.context.records_changed.connect(self._records_changed)

    # ------------------------------------------------------------------ reading the lists
    def refresh(self) -> None:
        """Read the areas, meetings, councils and issues again (in the background)."""
        self.loading = True
        db = self.context.db
        run_in_background(lambda: _lists(db), self._lists_read, self._lists_failed, self)

    def _records_changed(self, table: str) -> None:
        if table in WATCHED:
            self.refresh()

    def _lists_read(self, lists: dict[str, list[tuple[str, Any]]]) -> None:
        self.loading = False
        first_time = self.lists is None
        self.lists = lists
        if self.paper is None:
            return
        # a refresh keeps what was chosen; the first read applies what select_paper asked for
        wanted = self._pending if first_time else {**self.options_form.values(), **self._pending}
        self._pending = {}
        self._show_options(wanted)

    def _lists_failed(self, error: Exception) -> None:
        self.loading = False
        self._show_error(error)

    def _load_revisions(self, meeting_id: int | None) -> None:
        paper = self.paper
        if paper is None or paper.option("revision") is None:
            return
        db, option = self.context.db, paper.option("revision")

        def read() -> list[tuple[str, Any]]:
            return option_values(db, option, {"meeting": meeting_id})

        def done(values: list[tuple[str, Any]]) -> None:
            wanted, self._wanted_revision = self._wanted_revision, None
            before = self.options_form.values().get("revision")
            self.options_form.set_revisions(meeting_id, values, wanted)
            if self.options_form.values().get("revision") != before:
                self._options_changed()

        # on failure the 版 stays 「今の内容」; the preview says what is wrong with the meeting
        run_in_background(read, done, lambda _error: None, self)

    def _load_round_tables(self, area_id: int | None, wanted: Any = None) -> None:
        """Offer the 座談会 of the chosen area still to come (the handout invites to one)."""
        option = self.options_form.round_table_option()
        if option is None:
            return
        db = self.context.db

        def read() -> list[tuple[str, Any]]:
            return [v for v in option_values(db, option, {"area": area_id}) if v[1] is not None]

        def done(values: list[tuple[str, Any]]) -> None:
            if self.options_form.set_choices(option.name, area_id, values, wanted):
                self._options_changed()

        # on failure only 「指定しない」 is offered; the paper still builds without a 座談会
        run_in_background(read, done, lambda _error: None, self)

    # ------------------------------------------------------------------ choosing
    def select_paper(self, key: str, **options: Any) -> None:
        """Show paper `key` with `options` (as the registry names them: area=3, meeting=5…)."""
        paper = paper_kind(key)
        self._pending = dict(options)
        item = self._items[paper.key]
        if self.paper_list.currentItem() is item:
            self._paper_chosen(item)
        else:
            self.paper_list.setCurrentItem(item)

    def _paper_chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        key = item.data(0, KEY_ROLE) if item is not None else None
        if key is None:
            return
        self.paper = paper_kind(key)
        self._show_paper_head()
        if self.lists is None:
            self.preview.show_message(LOADING)
            return  # _lists_read shows the options
        self._show_options(self._pending)
        self._pending = {}

    def _show_paper_head(self) -> None:
        paper = self.paper
        self.title_label.setText(paper.title if paper else self.TITLE)
        self.description_label.setText(
            paper.description if paper else "印刷する書類を左の一覧から選んでください。"
        )
        self.options_box.setVisible(paper is not None)
        word = paper is not None and paper.suffix == ".docx"
        self.save_button.setText("Wordで保存…" if word else "PDFで保存…")
        self._update_buttons()

    def _show_options(self, wanted: dict[str, Any]) -> None:
        assert self.paper is not None and self.lists is not None
        values = self._defaults(self.paper)
        values.update({k: v for k, v in wanted.items() if self.paper.option(k) is not None})
        self.options_form.show_paper(self.paper, self.lists, values)
        if self.paper.option("revision") is not None:
            self._wanted_revision = wanted.get("revision")
            self._load_revisions(self.options_form.values().get("meeting"))
        round_table = self.options_form.round_table_option()
        if round_table is not None:
            chosen = self.options_form.values()
            self._load_round_tables(chosen.get("area"), chosen.get(round_table.name))
        self._options_changed(immediately=True)

    def _defaults(self, paper: PaperKind) -> dict[str, Any]:
        """The chosen area of the toolbar for an area the paper needs; the rest as listed."""
        values: dict[str, Any] = {}
        area = paper.option("area")
        if area is not None and area.required and self.lists:
            ids = [value for _label, value in self.lists.get("area", [])]
            preferred = self.context.area_id
            # the list starts with the town (layer 1); a district is the likelier choice
            values["area"] = preferred if preferred in ids else (ids[1:] or ids or [None])[0]
        return values

    # ------------------------------------------------------------------ preview
    def _options_changed(self, immediately: bool = False) -> None:
        paper = self.paper
        if paper is None:
            return
        self.internal_label.setVisible(paper.is_internal(self.options_form.values()))
        self.status_label.clear()
        if not paper.previewable:
            self.preview.show_message(WORD_NOTE)
        else:
            self.preview.show_message(BUILDING)
            self.building = True
            self.timer.start(0 if immediately else DEBOUNCE_MS)
        self._update_buttons()

    def rebuild_preview(self) -> None:
        """Build the chosen paper into memory off the GUI thread; the newest build wins."""
        paper = self.paper
        if paper is None or not paper.previewable:
            return
        self._generation += 1
        generation, db, options = self._generation, self.context.db, self.options_form.values()
        self.building = True
        self._update_buttons()

        def done(data: bytes) -> None:
            if generation == self._generation:
                self.building = False
                self.last_error = ""
                self.preview.show_pdf(data)
                self._update_buttons()

        def failed(error: Exception) -> None:
            if generation == self._generation:
                self.building = False
                self._show_error(error)

        run_in_background(lambda: _build_bytes(paper, db, options), done, failed, self)

    def _show_error(self, error: Exception) -> None:
        message = error.message if isinstance(error, ServiceError) else FAILED
        self.last_error = message
        self.preview.show_message(message, error=True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        paper = self.paper
        ready = paper is not None
        self.save_button.setEnabled(ready)
        printable = ready and paper.previewable and not self.building
        pages = self.preview.page_count
        self.print_button.setEnabled(bool(printable and pages))
        if paper is not None and paper.previewable and pages:
            self.status_label.setText(f"全 {pages} ページ")
        elif not self.building:
            self.status_label.clear()
        long_handout = paper is not None and paper.key == "handout" and pages > LONG_HANDOUT_PAGES
        self.hint_label.setVisible(long_handout)

    # ------------------------------------------------------------------ print and save
    def print_paper(self) -> None:
        if self.paper is None or not self.print_button.isEnabled():
            return
        if print_document(self, self.preview.document, self.paper.title):
            self.status_label.setText(f"「{self.paper.title}」を印刷に送りました。")

    def save_pdf(self) -> None:
        paper = self.paper
        if paper is None:
            return
        db, options = self.context.db, self.options_form.values()
        name = paper.file_name(options, self.options_form.labels())
        save_paper(
            self, paper.title, name, lambda target: paper.run(db, options, target), paper.suffix
        )
