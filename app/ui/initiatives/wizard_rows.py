"""The two pages of the 取組 wizard made of rows: 関わる人・団体 (who, with a role) and 節目
(milestones with 和暦 dates typed), with the state and the start date.

Each row is a set of widgets in a table; errors the service names by row
(`participants.1`, `milestones.0.title`) mark the widget itself.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import InitiativeState
from app.domain.wareki import DATE_EXAMPLES, WarekiError, format_wareki, parse_date
from app.services.setup import organizations, people
from app.ui.context import AppContext
from app.ui.initiatives.wizard_pages import CHOOSE, InitiativePage
from app.ui.issues.wizard_pages import date_text
from app.ui.resources.wizard_pages import hint, line_edit, new_form
from app.ui.widgets.forms import select_data

# --------------------------------------------------------------------------- 5 関わる人・団体


def row_table(headers: list[str], stretch: tuple[int, ...]) -> QTableWidget:
    """A table of editable rows made of widgets, one remove button at the end of each."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the row's fields
    table.verticalHeader().setDefaultSectionSize(line_edit().sizeHint().height() + 8)
    # Fixed widths for the others: cell widgets do not size a column to their contents.
    header = table.horizontalHeader()
    date_width = table.fontMetrics().horizontalAdvance("令和10年12月31日") + 24
    button_width = QPushButton("削除").sizeHint().width() + 12
    for column in range(len(headers)):
        if column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            last = column == len(headers) - 1
            table.setColumnWidth(column, button_width if last else date_width)
    return table


class RowsPage(InitiativePage):
    """A page whose table rows are lists of widgets; errors bind to them afresh on change."""

    def __init__(self, title: str, subtitle: str, headers: list[str], stretch) -> None:
        super().__init__(title, subtitle)
        self.table = row_table(headers, stretch)
        self.rows: list[dict] = []
        self.fixed_fields: dict[str, QWidget] = {}

    def _rebind(self) -> None:
        self.bind_errors(self.fixed_fields | self.row_widgets())

    def row_widgets(self) -> dict[str, QWidget]:
        return {}

    def _place(self, row: dict, widgets: list[QWidget]) -> None:
        index = self.table.rowCount()
        self.table.insertRow(index)
        remove = QPushButton("削除")
        remove.setToolTip("この行を消します")
        remove.clicked.connect(lambda: self.remove_row(self.rows.index(row)))
        row["remove"] = remove
        for column, widget in enumerate([*widgets, remove]):
            self.table.setCellWidget(index, column, widget)
        self.rows.append(row)
        self._rebind()

    def remove_row(self, index: int) -> None:
        self.table.removeRow(index)
        del self.rows[index]
        self._rebind()

    def is_empty(self, row: dict) -> bool:
        return False

    def _kept(self) -> list[tuple[int, dict]]:
        """Rows with anything in them, with their index: an empty row is left out, not an
        error."""
        return [(n, row) for n, row in enumerate(self.rows) if not self.is_empty(row)]

    def drop_empty(self) -> None:
        """Remove the empty rows before checking, so rows are numbered as the service
        numbers them."""
        for n in reversed(range(len(self.rows))):
            if self.is_empty(self.rows[n]):
                self.remove_row(n)

    def clear_rows(self) -> None:
        self.table.setRowCount(0)
        self.rows = []
        self._rebind()


class PeoplePage(RowsPage):
    row_fields = frozenset({"participants"})

    def __init__(self, context: AppContext) -> None:
        super().__init__(
            "関わる人・団体",
            "取組に関わる人や団体と、それぞれの役割を入れてください（なくても進めます）。",
            ["人・団体", "役割", ""],
            (0, 1),
        )
        self.context = context
        self.choices: list[tuple[str, str]] = []
        self.add_button = QPushButton("人・団体を加える")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(
            hint(
                "役割は「世話役」「会場を貸す」「送迎」など、短い言葉で。"
                "一覧にない人や団体は、先に「人」「団体」の画面で登録してください。"
            )
        )
        layout.addWidget(self.error_label)
        self.reload_choices()
        self._rebind()

    def reload_choices(self) -> None:
        db = self.context.db
        choices = [(CHOOSE, "")]
        for p in people.list_people(db):
            belongs = f"（{p.belongs_to}）" if p.belongs_to else ""
            choices.append((f"人: {p.name}{belongs}", f"p{p.id}"))
        for o in organizations.list_organizations(db):
            choices.append((f"団体: {o.name}", f"o{o.id}"))
        self.choices = choices

    def is_empty(self, row: dict) -> bool:
        return not row["who"].currentData() and not row["role"].text().strip()

    def row_widgets(self) -> dict[str, QWidget]:
        found: dict[str, QWidget] = {}
        for n, row in enumerate(self.rows):
            found[f"participants.{n}"] = row["who"]
            found[f"participants.{n}.role"] = row["role"]
        return found

    def add_row(self, who: str = "", role: str = "", focus: bool = False, name: str = "") -> dict:
        combo = QComboBox()
        for text, data in self.choices:
            combo.addItem(text, data)
        if who and combo.findData(who) < 0:
            # Moved to the trash since: kept visible, so saving names the row instead of
            # the participant silently disappearing from the initiative.
            word = "人" if who.startswith("p") else "団体"
            combo.addItem(f"{word}: {name or '（不明）'}（ごみ箱）", who)
        select_data(combo, who or "")
        role_edit = line_edit("例: 世話役")
        role_edit.setText(role)
        row = {"who": combo, "role": role_edit}
        self._place(row, [combo, role_edit])
        if focus:
            combo.setFocus()
        return row

    def values(self) -> dict:
        found = []
        for _n, row in self._kept():
            who, role = row["who"].currentData() or "", row["role"].text()
            person = int(who[1:]) if who.startswith("p") else None
            org = int(who[1:]) if who.startswith("o") else None
            found.append({"person_id": person, "organization_id": org, "role": role})
        return {"participants": tuple(found)}

    def fill(self, values: dict) -> None:
        self.clear_rows()
        for raw in values.get("participants") or ():
            person, org = raw.get("person_id"), raw.get("organization_id")
            who = f"p{person}" if person else (f"o{org}" if org else "")
            self.add_row(who, raw.get("role") or "", name=raw.get("name") or "")


# --------------------------------------------------------------------------- 6 節目と状態


def read_date(text: str) -> date | None:
    """A typed date (和暦 or 西暦), None when empty; WarekiError says what is wrong."""
    text = (text or "").strip()
    return parse_date(text) if text else None


class MilestonesPage(RowsPage):
    row_fields = frozenset({"milestones"})

    def __init__(self) -> None:
        super().__init__(
            "節目と状態",
            "目印になる節目（準備の会、初回の開催など）と、いまの状態を入れてください。",
            ["内容", "予定日", "済んだ日", ""],
            (0,),
        )
        self.add_button = QPushButton("節目を加える")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self.state_combo = QComboBox()
        for state in InitiativeState:
            self.state_combo.addItem(state.label, state.value)
        self.started_edit = line_edit(f"例: {DATE_EXAMPLES}")
        self.today_button = QPushButton("今日")
        self.today_button.setToolTip("開始日に今日の日付を入れます")
        self.today_button.clicked.connect(
            lambda: self.started_edit.setText(format_wareki(date.today()))
        )
        started = QWidget()
        inline = QHBoxLayout(started)
        inline.setContentsMargins(0, 0, 0, 0)
        inline.addWidget(self.started_edit, 1)
        inline.addWidget(self.today_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        form = new_form()
        form.add("状態", self.state_combo)
        form.add("開始日", started)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(
            hint(f"日付は和暦でも西暦でも入れられます（例: {DATE_EXAMPLES}）。済んだら済んだ日を。")
        )
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self.fixed_fields = {"state": self.state_combo, "started_on": self.started_edit}
        self._rebind()

    def row_widgets(self) -> dict[str, QWidget]:
        found: dict[str, QWidget] = {}
        for n, row in enumerate(self.rows):
            for key in ("title", "due_on", "done_on"):
                found[f"milestones.{n}.{key}"] = row[key]
        return found

    def add_row(
        self, title: str = "", due: str = "", done: str = "", row_id=None, focus: bool = False
    ) -> dict:
        title_edit = line_edit("例: 世話役の打ち合わせ")
        title_edit.setText(title)
        due_edit, done_edit = line_edit("例: R7.6.1"), line_edit()
        due_edit.setText(due)
        done_edit.setText(done)
        row = {"title": title_edit, "due_on": due_edit, "done_on": done_edit, "id": row_id}
        self._place(row, [title_edit, due_edit, done_edit])
        if focus:
            title_edit.setFocus()
        return row

    def is_empty(self, row: dict) -> bool:
        return not any(row[k].text().strip() for k in ("title", "due_on", "done_on"))

    def values(self) -> dict:
        steps = tuple(
            {
                "title": row["title"].text(),
                "due_on": row["due_on"].text(),
                "done_on": row["done_on"].text(),
                "id": row["id"],
            }
            for _n, row in self._kept()
        )
        return {
            "milestones": steps,
            "state": self.state_combo.currentData(),
            "started_on": self.started_edit.text(),
        }

    def fill(self, values: dict) -> None:
        self.clear_rows()
        for raw in values.get("milestones") or ():
            self.add_row(
                raw.get("title") or "",
                date_text(raw.get("due_on")),
                date_text(raw.get("done_on")),
                raw.get("id") if isinstance(raw.get("id"), int) else None,
            )
        select_data(self.state_combo, values.get("state") or InitiativeState.IDEA.value)
        self.started_edit.setText(date_text(values.get("started_on")))

    def check(self) -> dict[str, str]:
        """Dates that cannot be read, and rows with a date but no 内容 (named by row as the
        service does, so the message sits at the row as it is on screen)."""
        errors: dict[str, str] = {}
        try:
            read_date(self.started_edit.text())
        except WarekiError as error:
            errors["started_on"] = f"開始日: {error}"
        for n, row in self._kept():
            if not row["title"].text().strip():
                errors[f"milestones.{n}.title"] = (
                    f"節目の{n + 1}行目に内容がありません。内容を入れるか、行を消してください。"
                )
            for key, word in (("due_on", "予定日"), ("done_on", "済んだ日")):
                try:
                    read_date(row[key].text())
                except WarekiError as error:
                    errors[f"milestones.{n}.{key}"] = f"節目の{n + 1}行目の{word}: {error}"
        return errors
