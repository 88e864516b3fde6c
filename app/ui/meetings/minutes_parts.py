"""The fields of the 議事録 editor: agenda items (list and item editor) and 今後の対応 rows.

The sections only hold and show text; the editor (minutes_editor.py) saves, locks and checks.
Every change calls the `on_edit` callback, which drives autosave.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ActionState
from app.domain.wareki import WarekiError, format_wareki_short, parse_date
from app.services.meetings.minutes import ActionInput, AgendaMinutesInput
from app.ui.widgets.forms import confirm

Edited = Callable[[], None]
HINT_STYLE = "color: #555;"
UNTITLED = "（題名なし）"


def plain_button(text: str) -> QPushButton:
    """A button that Enter in a text field never presses (QDialog's auto-default would)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class _LockedInput(QObject):
    """Drops input-method text sent to a read-only text area (Qt would still insert it)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return (
            event.type() == QEvent.Type.InputMethod
            and isinstance(watched, QPlainTextEdit)
            and watched.isReadOnly()
        )


def long_text(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.installEventFilter(_LockedInput(edit))
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on to the next field, as everywhere else
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return edit


def set_field_read_only(widget: QWidget, read_only: bool) -> None:
    """Lock a text field (still selectable and copyable) and grey it so the lock shows."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.setReadOnly(read_only)
        widget.style().unpolish(widget)  # the [readOnly] style rule is read at polish time
        widget.style().polish(widget)
    else:
        widget.setEnabled(not read_only)


# --- agenda -------------------------------------------------------------------------------------


class AgendaForm(QWidget):
    """One agenda item: 議題, 説明者, 協議内容（要点筆記）, 決定事項."""

    def __init__(self, on_edit: Edited) -> None:
        super().__init__()
        self.item_id: int | None = None
        self.title = QLineEdit()
        self.title.setPlaceholderText("例: 地域の困りごとについて")
        self.presenter = QLineEdit()
        self.presenter.setPlaceholderText("説明した人（任意）")
        self.discussion = long_text(
            "出た意見や話し合いの要点を書きます。一人の発言ごとに改行すると読みやすくなります。"
        )
        self.decisions = long_text("決まったことを書きます（例: 見守りマップを3月までに作る）")
        top = QFormLayout()
        top.addRow("議題(&T)", self.title)
        top.addRow("説明者", self.presenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(QLabel("協議内容（要点筆記）"))
        layout.addWidget(self.discussion, 3)
        layout.addWidget(QLabel("決定事項"))
        layout.addWidget(self.decisions, 2)
        for edit in (self.title, self.presenter):
            edit.textChanged.connect(on_edit)
        for text in (self.discussion, self.decisions):
            text.textChanged.connect(on_edit)

    def fill(self, item: AgendaMinutesInput) -> None:
        self.item_id = item.id
        self.title.setText(item.title)
        self.presenter.setText(item.presenter)
        self.discussion.setPlainText(item.discussion)
        self.decisions.setPlainText(item.decisions)

    def value(self) -> AgendaMinutesInput:
        return AgendaMinutesInput(
            self.title.text(),
            self.presenter.text(),
            self.discussion.toPlainText(),
            self.decisions.toPlainText(),
            self.item_id,
        )

    def is_blank(self) -> bool:
        """The service drops an item with no title, discussion or decisions."""
        item = self.value()
        return not (item.title.strip() or item.discussion.strip() or item.decisions.strip())

    def fields(self) -> dict[str, QWidget]:
        return {
            "title": self.title,
            "presenter": self.presenter,
            "discussion": self.discussion,
            "decisions": self.decisions,
        }


class AgendaSection(QSplitter):
    """The agenda items listed on the left, the chosen item's fields on the right."""

    def __init__(self, on_edit: Edited) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._on_edit = on_edit
        self.forms: list[AgendaForm] = []
        self.items = QListWidget()
        self.items.setWordWrap(True)
        self.add_button = plain_button("議題を追加(&A)")
        self.remove_button = plain_button("削除")
        self.up_button = plain_button("↑ 上へ")
        self.down_button = plain_button("↓ 下へ")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        moves = QHBoxLayout()
        for button in (self.remove_button, self.up_button, self.down_button):
            moves.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("議題の一覧"))
        left_layout.addWidget(self.items, 1)
        left_layout.addWidget(self.add_button)
        left_layout.addLayout(moves)
        self.stack = QStackedWidget()
        self.addWidget(left)
        self.addWidget(self.stack)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 4)
        self.setSizes([240, 720])
        self.setChildrenCollapsible(False)
        self.items.currentRowChanged.connect(self._show_row)

    # ------------------------------------------------------------------ contents
    def fill(self, agenda: tuple[AgendaMinutesInput, ...]) -> None:
        for form in self.forms:
            self.stack.removeWidget(form)
            form.deleteLater()
        self.forms = []
        self.items.clear()
        for item in agenda or (AgendaMinutesInput(""),):  # an empty page to start typing on
            self._append(item)
        self.items.setCurrentRow(0)

    def values(self) -> list[AgendaMinutesInput]:
        return [form.value() for form in self.forms]

    def _append(self, item: AgendaMinutesInput) -> AgendaForm:
        form = AgendaForm(self._on_edit)
        form.fill(item)
        form.title.textChanged.connect(self._refresh_titles)
        self.forms.append(form)
        self.stack.addWidget(form)
        self.items.addItem("")
        self._refresh_titles()
        return form

    def _refresh_titles(self) -> None:
        for n, form in enumerate(self.forms):
            self.items.item(n).setText(f"{n + 1}. {form.title.text().strip() or UNTITLED}")

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.forms):
            self.stack.setCurrentWidget(self.forms[row])
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.items.currentRow()
        editable = self.add_button.isEnabled()
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < len(self.forms) - 1)
        self.remove_button.setEnabled(editable and row >= 0)

    def current_form(self) -> AgendaForm | None:
        row = self.items.currentRow()
        return self.forms[row] if 0 <= row < len(self.forms) else None

    def select(self, row: int) -> None:
        if 0 <= row < len(self.forms):
            self.items.setCurrentRow(row)

    # ------------------------------------------------------------------ editing
    def add_item(self) -> None:
        self._append(AgendaMinutesInput(""))
        self.items.setCurrentRow(len(self.forms) - 1)
        self.forms[-1].title.setFocus()  # the title first: an item without one is not saved
        self._on_edit()

    def remove_current(self) -> None:
        row = self.items.currentRow()
        if row < 0:
            return
        form = self.forms[row]
        if form.discussion.toPlainText().strip() or form.decisions.toPlainText().strip():
            name = form.title.text().strip() or UNTITLED
            if not confirm(
                self,
                "議題を削除しますか",
                f"「{name}」を削除します。この議題の協議内容と決定事項も消えます。よろしいですか？",
            ):
                return
        self.forms.pop(row)
        self.stack.removeWidget(form)
        form.deleteLater()
        self.items.takeItem(row)
        if not self.forms:
            self._append(AgendaMinutesInput(""))
        self._refresh_titles()
        self.items.setCurrentRow(min(row, len(self.forms) - 1))
        self._on_edit()

    def move_current(self, step: int) -> None:
        row = self.items.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < len(self.forms):
            return
        self.forms.insert(target, self.forms.pop(row))
        self._refresh_titles()
        self.items.setCurrentRow(target)
        self._on_edit()

    def set_read_only(self, read_only: bool) -> None:
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(not read_only)
        for form in self.forms:
            for widget in form.fields().values():
                set_field_read_only(widget, read_only)
        self._update_buttons()

    def fields(self) -> dict[str, QWidget]:
        """Error keys of the service ("agenda.0.title") mapped to their widgets."""
        named: dict[str, QWidget] = {"agenda": self.items}
        for n, form in enumerate(self.forms):
            named |= {f"agenda.{n}.{key}": widget for key, widget in form.fields().items()}
        return named


# --- 今後の対応 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionText:
    """One row as typed, the due date still as text (for copying out when it cannot be read)."""

    description: str
    owner: str
    due_text: str
    state: str


COLUMN_WIDTHS = {"owner": 150, "due": 130, "state": 100, "remove": 64}


class ActionRowWidgets(QWidget):
    def __init__(self, on_edit: Edited, on_remove: Callable[[ActionRowWidgets], None]) -> None:
        super().__init__()
        self.item_id: int | None = None
        self.saved_due: date | None = None  # kept while the typed date cannot be read
        self.description = QLineEdit()
        self.description.setPlaceholderText("何をするか（例: 商店に聞き取りをする）")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("担当の人・団体")
        self.due = QLineEdit()
        self.due.setPlaceholderText("例: R8.12.10")
        self.state = QComboBox()
        for state in ActionState:
            self.state.addItem(state.label, state.value)
        self.remove = plain_button("削除")
        self.remove.setToolTip("この行を消します")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.description, 1)
        for key, widget in (("owner", self.owner), ("due", self.due), ("state", self.state)):
            widget.setFixedWidth(COLUMN_WIDTHS[key])
            layout.addWidget(widget)
        self.remove.setFixedWidth(COLUMN_WIDTHS["remove"])
        layout.addWidget(self.remove)
        for edit in (self.description, self.owner, self.due):
            edit.textChanged.connect(on_edit)
        self.state.currentIndexChanged.connect(on_edit)
        self.remove.clicked.connect(lambda: on_remove(self))

    def fill(self, action: ActionInput) -> None:
        self.item_id = action.id
        self.saved_due = action.due_on
        self.description.setText(action.description)
        self.owner.setText(action.owner)
        self.due.setText(format_wareki_short(action.due_on) if action.due_on else "")
        self.state.setCurrentIndex(max(self.state.findData(action.state), 0))

    def due_on(self) -> date | None:
        """The typed date; WarekiError when it cannot be read."""
        text = self.due.text().strip()
        return parse_date(text) if text else None

    def text(self) -> ActionText:
        return ActionText(
            self.description.text(),
            self.owner.text(),
            self.due.text().strip(),
            self.state.currentText(),
        )

    def fields(self) -> dict[str, QWidget]:
        return {
            "description": self.description,
            "owner": self.owner,
            "due_on": self.due,
            "state": self.state,
        }


class ActionSection(QWidget):
    """今後の対応: one row per action item (内容, 担当, 期限, 状態)."""

    def __init__(self, on_edit: Edited) -> None:
        super().__init__()
        self._on_edit = on_edit
        self.rows: list[ActionRowWidgets] = []
        header = QHBoxLayout()
        header.addWidget(QLabel("内容"), 1)
        for key, text in (("owner", "担当"), ("due", "期限（和暦）"), ("state", "状態")):
            label = QLabel(text)
            label.setFixedWidth(COLUMN_WIDTHS[key])
            header.addWidget(label)
        header.addSpacing(COLUMN_WIDTHS["remove"])
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(4)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 4, 0)
        body_layout.addLayout(self._rows_layout)
        body_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        self.add_button = plain_button("対応を追加(&N)")
        self.add_button.clicked.connect(self.add_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.scroll, 1)
        add_line = QHBoxLayout()
        add_line.addWidget(self.add_button)
        add_line.addWidget(hint("完了になるまで、ホーム画面の「やること」に表示されます。"), 1)
        layout.addLayout(add_line)

    def fill(self, actions: tuple[ActionInput, ...]) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        for action in actions:
            self._append(action)

    def _append(self, action: ActionInput) -> ActionRowWidgets:
        row = ActionRowWidgets(self._on_edit, self.remove_row)
        row.fill(action)
        before = self.rows[-1].remove if self.rows else None
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        if before is not None:  # keep Tab going row by row, not to the end of the dialog
            QWidget.setTabOrder(before, row.description)
        for first, second in (
            (row.description, row.owner),
            (row.owner, row.due),
            (row.due, row.state),
            (row.state, row.remove),
        ):
            QWidget.setTabOrder(first, second)
        return row

    def add_row(self) -> None:
        row = self._append(ActionInput(""))
        row.description.setFocus()
        self.scroll.ensureWidgetVisible(row)
        self._on_edit()

    def remove_row(self, row: ActionRowWidgets) -> None:
        if row.description.text().strip() and not confirm(
            self,
            "対応を削除しますか",
            f"「{row.description.text().strip()}」を今後の対応から消します。よろしいですか？",
        ):
            return
        self.rows.remove(row)
        row.deleteLater()
        self._on_edit()

    def values(self) -> tuple[list[ActionInput], dict[str, str]]:
        """The rows as the service takes them, and messages for dates that cannot be read.

        A date that cannot be read keeps the one last saved, so the rest still autosaves.
        """
        actions, errors = [], {}
        for n, row in enumerate(self.rows):
            try:
                due = row.due_on()
            except WarekiError as error:
                errors[f"actions.{n}.due_on"] = f"今後の対応の{n + 1}行目の期限: {error}"
                due = row.saved_due
            actions.append(
                ActionInput(
                    row.description.text(),
                    row.owner.text(),
                    due,
                    row.state.currentData(),
                    row.item_id,
                )
            )
        return actions, errors

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        for row in self.rows:
            for widget in row.fields().values():
                set_field_read_only(widget, read_only)
            row.remove.setEnabled(not read_only)

    def fields(self) -> dict[str, QWidget]:
        named: dict[str, QWidget] = {}
        for n, row in enumerate(self.rows):
            named |= {f"actions.{n}.{key}": widget for key, widget in row.fields().items()}
        return named
