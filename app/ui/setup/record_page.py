"""The list-and-form page the registers (圏域, 団体, 人) share: search, edit, save, trash.

A subclass names its columns, builds its form fields and calls its service; this class owns the
flow around them, so that no page drops what was typed: switching rows, starting a new record
and refreshing the list never throw away unsaved edits without asking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import search_key, search_terms
from app.services.errors import ServiceError, ValidationError
from app.ui.context import AppContext
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import Choice, ErrorDisplay, ask_save_changes, list_table
from app.ui.widgets.table_model import Column, RowTableModel

_OK_STYLE = "color: #2e7d32;"
_PENDING_STYLE = "color: #b26a00;"
_HINT_STYLE = "color: #555;"


@dataclass(frozen=True)
class RecordService:
    """The service functions a page calls; each register's service module has this shape:
    list_rows(db), create(db, data), update(db, id, data, expected_version=), trash(db, id, ...)."""

    list_rows: Callable[..., Sequence[Any]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    trash: Callable[..., None]


class _FormScroll(QScrollArea):
    """Scrolls the form up and down only. The splitter may squeeze the list, never the form:
    a form cut off at the right hides fields and buttons with no sign that they are there."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        width = inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())


class RecordPage(QWidget):
    """A searchable list on the left and the chosen record's form on the right.

    Subclasses set the class attributes and implement the hooks below; everything else
    (selection, dirty tracking, save/trash flow, keyboard, empty state) lives here.
    """

    TITLE: ClassVar[str] = ""
    SERVICE: ClassVar[RecordService]
    TABLE: ClassVar[str] = ""  # the name given to AppContext.notify_changed
    NOUN: ClassVar[str] = ""  # 圏域 / 団体 / 人: used in buttons and messages
    INTRO: ClassVar[str] = ""
    EMPTY_TEXT: ClassVar[str] = ""
    SEARCH_HINT: ClassVar[str] = "名前・ふりがなで検索"
    SEARCHABLE: ClassVar[bool] = True
    WATCHES: ClassVar[tuple[str, ...]] = ()  # other tables whose changes this page shows
    COLUMN_MAX_EMS: ClassVar[tuple[float, ...]] = ()  # widest a column starts, in characters

    # ---------------------------------------------------------------- hooks for subclasses
    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def build_form(self, form: QFormLayout) -> dict[str, QWidget]:
        """Add the fields to `form`; return them keyed by the service's field names."""
        raise NotImplementedError

    def fill_form(self, row: Any | None) -> None:
        """Show `row` in the fields, or the blank form of a new record when None."""
        raise NotImplementedError

    def form_input(self) -> Any:
        """The service's input dataclass built from the fields (compared to detect edits)."""
        raise NotImplementedError

    def search_fields(self, row: Any) -> Iterable[str]:
        return (row.name, row.reading)

    def build_filters(self, bar: QHBoxLayout) -> list[QWidget]:
        """Add filter widgets beside the search box; call `apply_filter` when they change."""
        return []

    def accepts(self, row: Any) -> bool:
        """Whether the filters built in `build_filters` let `row` through."""
        return True

    def clear_filters(self) -> None:
        if self.search is not None:
            self.search.clear()

    def reload_choices(self) -> None:
        """Refill combos that list other records (keep the chosen item)."""

    def record_name(self, row: Any) -> str:
        return row.name

    # ---------------------------------------------------------------- construction
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._rows: list[Any] = []
        self._keys: dict[int, str] = {}
        self._loaded: Any | None = None
        self._clean: Any = None
        self._syncing = False  # selection changes made by the page itself
        self._columns_sized = False
        self._filling = False  # field changes made by the page itself
        self.search: QLineEdit | None = None
        self._build()
        self._wire_shortcuts()
        context.records_changed.connect(self._on_records_changed)
        self.reload_choices()
        self._load(None)
        self.refresh()

    def _build(self) -> None:
        root = QVBoxLayout(self)
        if self.INTRO:
            intro = QLabel(self.INTRO)
            intro.setWordWrap(True)
            intro.setStyleSheet(_HINT_STYLE)
            root.addWidget(intro)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_form_pane())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 420])
        root.addWidget(splitter, 1)

    def _build_list(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        if self.SEARCHABLE:
            self.search = QLineEdit()
            self.search.setPlaceholderText(f"{self.SEARCH_HINT}（Ctrl+F）")
            self.search.setClearButtonEnabled(True)
            self.search.textChanged.connect(self.apply_filter)
            bar.addWidget(self.search, 1)
        self._filter_widgets = self.build_filters(bar)
        if not self.SEARCHABLE:
            bar.addStretch(1)
        self.new_button = QPushButton(f"新しい{self.NOUN}")
        self.new_button.setToolTip(f"新しい{self.NOUN}を登録します（Ctrl+N）")
        self.new_button.clicked.connect(self.new_record)
        bar.addWidget(self.new_button)
        layout.addLayout(bar)

        self.model = RowTableModel(self.columns(), self)
        self.table = list_table(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.activated.connect(lambda _index: self._focus_first_field())

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(_HINT_STYLE + " padding: 24px;")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        layout.addWidget(self.list_stack, 1)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(_HINT_STYLE)
        layout.addWidget(self.count_label)
        return pane

    def _build_form_pane(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(12, 0, 4, 0)
        self.form_title = QLabel()
        self.form_title.setStyleSheet("font-weight: bold;")
        self.form_title.setWordWrap(True)
        layout.addWidget(self.form_title)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = self.build_form(form)
        for widget in self.fields.values():
            self._watch_field(widget)
        layout.addLayout(form)

        self.error_label = QLabel()
        self._errors = ErrorDisplay(self.error_label, self.fields)
        layout.addWidget(self.error_label)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存")
        self.save_button.setToolTip("入力した内容を保存します（Ctrl+S）")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.trash_button = QPushButton("ごみ箱へ移す")
        self.trash_button.setToolTip(
            f"この{self.NOUN}をごみ箱へ移します（一覧で Delete キー）。記録は消さずに残ります。"
        )
        self.trash_button.clicked.connect(self.trash_current)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.trash_button)
        layout.addLayout(buttons)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        layout.addStretch(1)

        scroll = _FormScroll()
        scroll.setWidget(pane)
        return scroll

    def _watch_field(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._on_edited)
            widget.returnPressed.connect(self.save)
        elif isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)
            widget.textChanged.connect(self._on_edited)
        elif isinstance(widget, QComboBox):
            # Long organisation names must not widen the form past the window.
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(8)
            widget.currentIndexChanged.connect(self._on_edited)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(self._on_edited)

    def _wire_shortcuts(self) -> None:
        keys = QKeySequence.StandardKey
        for key, slot, owner in (
            (keys.Save, self.save, self),
            (keys.New, self.new_record, self),
            (keys.Find, self.focus_search, self),
            (Qt.Key.Key_Delete, self.trash_current, self.table),  # only while the list has focus
        ):
            shortcut = QShortcut(QKeySequence(key), owner)
            shortcut.setContext(
                Qt.ShortcutContext.WidgetShortcut
                if owner is self.table
                else Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            shortcut.activated.connect(slot)

        order = [self.search, *self._filter_widgets, self.new_button, self.table]
        order += [*self.fields.values(), self.save_button, self.trash_button]
        chain = [w for w in order if w is not None]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ---------------------------------------------------------------- public API
    @property
    def current_record(self) -> Any | None:
        """The saved record shown in the form, or None while a new one is being entered."""
        return self._loaded

    def has_unsaved_changes(self) -> bool:
        return self._clean is not None and self.form_input() != self._clean

    def maybe_leave(self) -> bool:
        """True when the form may be replaced: nothing unsaved, saved now, or discarded."""
        if not self.has_unsaved_changes():
            return True
        what = f"「{self.record_name(self._loaded)}」" if self._loaded else f"新しい{self.NOUN}"
        choice = ask_save_changes(self, what)
        if choice == Choice.SAVE:
            return self.save()
        return choice == Choice.DISCARD

    def refresh(self) -> None:
        """Reload the list from the services. Unsaved edits in the form are kept."""
        self.reload_choices()
        self._rows = list(self.SERVICE.list_rows(self.context.db))
        self._keys = {
            row.id: "\x1f".join(search_key(text or "") for text in self.search_fields(row))
            for row in self._rows
        }
        loaded = self._loaded
        if loaded is not None and not self.has_unsaved_changes():
            fresh = next((r for r in self._rows if r.id == loaded.id), None)
            if fresh is None:  # trashed elsewhere
                self._load(None)
            elif fresh != loaded:
                self._load(fresh)
        self.apply_filter()

    def apply_filter(self) -> None:
        terms = search_terms(self.search.text()) if self.search is not None else []
        visible = [
            row
            for row in self._rows
            if self.accepts(row) and all(term in self._keys[row.id] for term in terms)
        ]
        self._syncing = True
        try:
            self.model.set_rows(visible)
        finally:
            self._syncing = False
        self._select_loaded()
        if visible:
            self._size_columns_once()
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(
                self.EMPTY_TEXT
                if not self._rows
                else f"当てはまる{self.NOUN}はありません。検索の言葉や絞り込みを変えてください。"
            )
            self.list_stack.setCurrentWidget(self.empty_label)
        total, shown = len(self._rows), len(visible)
        counted = f"{total}件" if shown == total else f"{shown}件（全{total}件中）"
        self.count_label.setText(counted if total else "")

    def new_record(self) -> None:
        if not self.maybe_leave():
            return
        self._load(None)
        self._select_loaded()
        self._focus_first_field()

    def save(self) -> bool:
        """Create or update the record in the form. False (with the reason shown) on failure."""
        self._errors.clear()
        data = self.form_input()
        row = self._loaded
        if row is not None and data == self._clean:
            self._set_status("変更はありません。", _HINT_STYLE)
            return True
        db, service = self.context.db, self.SERVICE
        try:
            if row is None:
                saved = service.create(db, data)
            else:
                saved = service.update(db, row.id, data, expected_version=row.version)
        except ValidationError as error:
            self._errors.show(error)
            self._set_status("まだ保存していません。赤い枠の項目を直してください。", _PENDING_STYLE)
            return False
        except ServiceError as error:
            show_service_error(self, error)
            return False
        self._load(saved)
        self.context.notify_changed(self.TABLE)
        if self.model.find_row(saved.id) is None:  # hidden by the search: show it
            self.clear_filters()
            self.apply_filter()
        self._set_status(f"「{self.record_name(saved)}」を保存しました。", _OK_STYLE)
        return True

    def trash_current(self) -> None:
        row = self._loaded
        if row is None:
            self._set_status(f"ごみ箱へ移す{self.NOUN}を一覧から選んでください。", _HINT_STYLE)
            return
        name = self.record_name(row)
        text = (
            f"「{name}」をごみ箱へ移しますか？\n"
            "一覧からは消えますが、記録そのものは消さずに残します。"
        )
        if self.has_unsaved_changes():
            text += "\nまだ保存していない変更は破棄されます。"
        answer = QMessageBox.question(self, "ごみ箱へ移す", text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.SERVICE.trash(self.context.db, row.id, expected_version=row.version)
        except ValidationError as error:
            QMessageBox.warning(self, "ごみ箱へ移せません", error.message)
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self._load(None)
        self.context.notify_changed(self.TABLE)
        self._set_status(f"「{name}」をごみ箱へ移しました。", _OK_STYLE)

    def focus_search(self) -> None:
        if self.search is not None:
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()

    # ---------------------------------------------------------------- internals
    def _load(self, row: Any | None) -> None:
        self._loaded = row
        self._errors.clear()
        self._filling = True
        try:
            self.fill_form(row)
            for widget in self.fields.values():
                if isinstance(widget, QLineEdit):
                    widget.setCursorPosition(0)  # show the start of long text, not its end
        finally:
            self._filling = False
        self._clean = self.form_input()
        self.form_title.setText(
            f"「{self.record_name(row)}」の内容" if row else f"新しい{self.NOUN}の登録"
        )
        self.trash_button.setEnabled(row is not None)
        self._set_status("")

    def _select_loaded(self) -> None:
        index = self.model.find_row(self._loaded.id) if self._loaded is not None else None
        self._syncing = True
        try:
            if index is None:
                self.table.clearSelection()
                self.table.selectionModel().clearCurrentIndex()
            else:
                self.table.selectRow(index)
                self.table.scrollTo(self.model.index(index, 0))
        finally:
            self._syncing = False

    def _size_columns_once(self) -> None:
        """Fit the columns to the first rows shown, capped so long text cannot crowd the rest;
        done once, so widths do not jump while the person types a search."""
        if self._columns_sized:
            return
        self._columns_sized = True
        em = self.table.fontMetrics().horizontalAdvance("あ")
        for column, ems in enumerate(self.COLUMN_MAX_EMS):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), int(ems * em)))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        row = self.model.row_at(current.row())
        if self._loaded is not None and row.id == self._loaded.id:
            return
        if not self.has_unsaved_changes():
            self._load(row)
            return
        # Ask after the click or key press has been handled, so the view is not mid-event.
        QTimer.singleShot(0, lambda: self._switch_to(row.id))

    def _switch_to(self, record_id: int) -> None:
        if self.maybe_leave():
            row = next((r for r in self._rows if r.id == record_id), None)
            if row is not None:
                self._load(row)
        self._select_loaded()

    def _on_edited(self) -> None:
        if self._filling:
            return
        if self.has_unsaved_changes():
            self._set_status("まだ保存していません。", _PENDING_STYLE)
        else:
            self._set_status("")

    def _set_status(self, text: str, style: str = "") -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(style)

    def _focus_first_field(self) -> None:
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_records_changed(self, table: str) -> None:
        if table in ("", self.TABLE, *self.WATCHES):
            self.refresh()

    # ---------------------------------------------------------------- field helpers
    @staticmethod
    def new_line_edit(placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        return edit

    @staticmethod
    def new_notes_edit() -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setMinimumHeight(72)
        edit.setMaximumHeight(140)
        return edit
