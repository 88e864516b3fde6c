"""The two ways of adding 構成員 in the council wizard: picking from the town's people and
organisations (searchable, 五十音順), or writing in a person who is not registered yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import OrganizationKind
from app.domain.kana import sort_key_or_last
from app.domain.text import search_key, search_terms
from app.services.errors import FieldErrors, ValidationError
from app.services.setup import organizations, people
from app.services.validate import reading_text, required_text
from app.ui.context import AppContext
from app.ui.councils.seats import Seat
from app.ui.setup.new_organization_dialog import NewOrganizationDialog
from app.ui.widgets.forms import ErrorDisplay, fill_combo, select_data

NONE_CHOICE = "指定なし"


@dataclass(frozen=True)
class Candidate:
    seat: Seat
    kind: str  # 人 / 団体
    detail: str  # the person's organisation, or the organisation's kind
    search: str = field(default="")


def candidates(context: AppContext) -> list[Candidate]:
    """Everyone who can be seated: people and organisations, in 五十音順 together."""
    found = []
    for p in people.list_people(context.db):
        belongs = p.belongs_to
        title = " ".join(part for part in (belongs, p.role) if part)
        seat = Seat(person_id=p.id, name=p.name, reading=p.reading, belongs_to=belongs, title=title)
        text = search_key(" ".join((p.name, p.reading, belongs, p.role)))
        found.append(Candidate(seat, "人", belongs, text))
    for o in organizations.list_organizations(context.db):
        kind = OrganizationKind(o.kind).label
        seat = Seat(organization_id=o.id, name=o.name, reading=o.reading, belongs_to=kind)
        found.append(Candidate(seat, "団体", kind, search_key(" ".join((o.name, o.reading, kind)))))
    return sorted(found, key=lambda c: sort_key_or_last(c.seat.reading or c.seat.name))


class MemberPickerDialog(QDialog):
    """「一覧から選ぶ」: type to narrow down, pick rows, 追加する. `chosen` holds them."""

    COLUMNS = ("名前", "ふりがな", "区分", "所属・種類")

    def __init__(
        self, context: AppContext, taken: set[tuple[str, int]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("構成員を一覧から選ぶ")
        self.chosen: list[Seat] = []
        self._candidates = [c for c in candidates(context) if c.seat.key not in taken]
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("名前・ふりがな・所属で探す（例: 自治会、やまだ）")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._filter)
        self.search_edit.installEventFilter(self)
        self.table = QTableWidget(len(self._candidates), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((250, 180, 60)):
            self.table.setColumnWidth(column, width)
        for row, candidate in enumerate(self._candidates):
            seat = candidate.seat
            for column, text in enumerate(
                (seat.name, seat.reading, candidate.kind, candidate.detail)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.doubleClicked.connect(self.accept)
        self.empty_label = QLabel("")
        self.empty_label.setStyleSheet("color: #555;")
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton("追加する", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.add_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel("Ctrl キーを押しながら選ぶと、何人かをまとめて追加できます。")
        note.setStyleSheet("color: #555;")
        search_label = QLabel("探す(&F)")
        search_label.setBuddy(self.search_edit)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(840, 540)
        self._filter()

    def _filter(self) -> None:
        terms = search_terms(self.search_edit.text())
        shown = 0
        for row, candidate in enumerate(self._candidates):
            hidden = not all(t in candidate.search for t in terms)
            self.table.setRowHidden(row, hidden)
            shown += not hidden
        if not self._candidates:
            self.empty_label.setText(
                "選べる人や団体がありません。「その場で追加」で名前を入れてください。"
            )
        else:
            self.empty_label.setText("" if shown else "見つかりません。言葉を変えてみてください。")
        visible = self._visible_rows()
        selected = [r for r in self._selected_rows() if r in visible]
        if visible and not selected:
            self.table.selectRow(visible[0])

    def _visible_rows(self) -> list[int]:
        return [r for r in range(self.table.rowCount()) if not self.table.isRowHidden(r)]

    def _selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def eventFilter(self, watched, event) -> bool:
        """↓ in the search box goes to the list, as in a search field of any program."""
        if (
            watched is self.search_edit
            and event.type() == event.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.table.setFocus()
            return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        visible = set(self._visible_rows())
        rows = [r for r in self._selected_rows() if r in visible]
        if not rows:
            self.error_label.setText("追加する人か団体を選んでください。")
            self.error_label.show()
            return
        self.chosen = [self._candidates[r].seat for r in rows]
        super().accept()


class NewMemberDialog(QDialog):
    """「その場で追加」: a person not yet registered; saved with the council on 立ち上げる."""

    def __init__(
        self, context: AppContext, area_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.area_id = area_id
        self.seat: Seat | None = None
        self.org_dialog: NewOrganizationDialog | None = None
        self.setWindowTitle("構成員をその場で追加")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例: 山田 花子")
        self.reading_edit = QLineEdit()
        self.reading_edit.setPlaceholderText("例: やまだ はなこ")
        self.org_combo = QComboBox()
        self.org_combo.setMinimumContentsLength(18)
        self.add_org_button = QPushButton("新しい団体を追加(&O)…")
        self.add_org_button.setAutoDefault(False)
        self.add_org_button.clicked.connect(self._add_organization)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("例: 北町自治会 会長")
        org_row = QHBoxLayout()
        org_row.addWidget(self.org_combo, 1)
        org_row.addWidget(self.add_org_button)
        form = QFormLayout()
        form.addRow("氏名（必須）", self.name_edit)
        form.addRow("ふりがな", self.reading_edit)
        form.addRow("所属団体", org_row)
        form.addRow("職名", self.title_edit)
        self.error_label = QLabel()
        self.errors = ErrorDisplay(
            self.error_label, {"name": self.name_edit, "reading": self.reading_edit}
        )
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton("追加する", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.add_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel("この人は「立ち上げる」を押したときに、人の一覧にも登録されます。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._reload_organizations()
        self.resize(560, self.sizeHint().height())

    def _reload_organizations(self) -> None:
        items = [(NONE_CHOICE, None)]
        items += [(o.name, o.id) for o in organizations.list_organizations(self.context.db)]
        fill_combo(self.org_combo, items)
        if self.org_combo.currentIndex() < 0:
            self.org_combo.setCurrentIndex(0)

    def _add_organization(self) -> None:
        self.org_dialog = NewOrganizationDialog(self.context, self.area_id, self)
        self.org_dialog.accepted.connect(self._organization_added)
        self.org_dialog.open()

    def _organization_added(self) -> None:
        created = self.org_dialog.created if self.org_dialog else None
        if created is not None:
            self._reload_organizations()
            select_data(self.org_combo, created.id)
            self.org_combo.setFocus()

    def accept(self) -> None:
        errors = FieldErrors()
        name = required_text(errors, "name", "氏名", self.name_edit.text())
        reading = reading_text(errors, "reading", self.reading_edit.text())
        if errors.fields:
            self.errors.show(ValidationError(errors.fields))
            return
        org_id = self.org_combo.currentData()
        self.seat = Seat(
            new_name=name,
            new_reading=reading,
            new_organization_id=org_id,
            title=self.title_edit.text().strip(),
            belongs_to=self.org_combo.currentText() if org_id is not None else "",
        )
        super().accept()
