"""A person's roles over time (council seats, SC periods) and the form for an SC period."""

from __future__ import annotations

from datetime import date

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

from app.domain.enums import Layer
from app.domain.wareki import WarekiError, format_wareki, parse_date
from app.services.errors import ServiceError, ValidationError
from app.services.setup.areas import list_areas
from app.services.setup.coordinators import (
    CoordinatorInput,
    CoordinatorRow,
    RoleRow,
    create_coordinator,
    list_coordinators,
    person_roles,
    trash_coordinator,
    update_coordinator,
)
from app.ui.context import AppContext
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import ErrorDisplay, confirm, fill_combo, select_data

DATE_HINT = "例: R7.4.1、令和7年4月1日（空欄可）"


class CoordinatorDialog(QDialog):
    """One SC period: layer, area and from/to. `saved` holds the result after accept."""

    def __init__(
        self,
        context: AppContext,
        person_id: int,
        person_name: str,
        record: CoordinatorRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.person_id, self.record = context, person_id, record
        self.saved: CoordinatorRow | None = None
        self.setWindowTitle(f"{person_name}さんのコーディネーターの担当")
        self.layer_combo = QComboBox()
        fill_combo(self.layer_combo, [(layer.label, int(layer)) for layer in Layer])
        self.area_combo = QComboBox()
        self.starts_edit = QLineEdit()
        self.starts_edit.setPlaceholderText(DATE_HINT)
        self.ends_edit = QLineEdit()
        self.ends_edit.setPlaceholderText("例: R9.3.31（続いているときは空欄）")
        self.notes_edit = QLineEdit()
        self.notes_edit.setPlaceholderText("例: 社会福祉協議会に委託")
        self._areas = list_areas(context.db)
        self.layer_combo.currentIndexChanged.connect(self._fill_areas)
        self.errors_label = QLabel()
        self.errors = ErrorDisplay(
            self.errors_label,
            {
                "layer": self.layer_combo,
                "area_id": self.area_combo,
                "starts_on": self.starts_edit,
                "ends_on": self.ends_edit,
                "notes": self.notes_edit,
            },
        )
        form = QFormLayout()
        form.addRow("層", self.layer_combo)
        form.addRow("担当する圏域", self.area_combo)
        form.addRow("担当の始まり", self.starts_edit)
        form.addRow("担当の終わり", self.ends_edit)
        form.addRow("メモ", self.notes_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存(&S)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors_label)
        layout.addWidget(buttons)
        self.resize(520, 300)
        if record is not None:
            select_data(self.layer_combo, record.layer)
            self._fill_areas()
            select_data(self.area_combo, record.area_id)
            self.starts_edit.setText(format_wareki(record.starts_on) if record.starts_on else "")
            self.ends_edit.setText(format_wareki(record.ends_on) if record.ends_on else "")
            self.notes_edit.setText(record.notes)
        else:
            select_data(self.layer_combo, int(Layer.DISTRICT))
            self._fill_areas()

    def _fill_areas(self) -> None:
        layer = self.layer_combo.currentData()
        fill_combo(self.area_combo, [(a.name, a.id) for a in self._areas if a.layer == layer])

    def _date(self, edit: QLineEdit, field: str, errors: dict[str, str]) -> date | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            return parse_date(text)
        except WarekiError as error:
            errors[field] = str(error)
            return None

    def save(self) -> None:
        problems: dict[str, str] = {}
        starts = self._date(self.starts_edit, "starts_on", problems)
        ends = self._date(self.ends_edit, "ends_on", problems)
        if problems:
            self.errors.show(ValidationError(problems))
            return
        data = CoordinatorInput(
            self.person_id,
            self.layer_combo.currentData(),
            self.area_combo.currentData(),
            starts,
            ends,
            self.notes_edit.text(),
        )
        try:
            if self.record is None:
                self.saved = create_coordinator(self.context.db, data)
            else:
                self.saved = update_coordinator(
                    self.context.db, self.record.id, data, self.record.version
                )
        except ValidationError as error:
            self.errors.show(error)
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.context.notify_changed("coordinator_assignment")
        self.accept()


class PersonRolesBox(QWidget):
    """「役割の履歴」 under a person's form: every role with its period, SC periods editable."""

    COLUMNS = ("役割", "期間")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.person_id: int | None = None
        self.person_name = ""
        self.roles: list[RoleRow] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFixedHeight(130)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.edit_current())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.add_button = QPushButton("SCの担当を追加…")
        self.add_button.setToolTip(
            "生活支援コーディネーターとしての担当（層・圏域・期間）を記録します"
        )
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("編集…")
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button = QPushButton("削除")
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.show_person(None, "")

    def show_person(self, person_id: int | None, name: str) -> None:
        self.person_id, self.person_name = person_id, name
        self.roles = person_roles(self.context.db, person_id) if person_id else []
        today = date.today()
        self.table.setRowCount(len(self.roles))
        for row, role in enumerate(self.roles):
            period = role.period + ("\n（現在）" if role.current(today) else "")
            for column, value in enumerate((role.what, period)):
                cell = QTableWidgetItem(value)
                cell.setToolTip(f"{role.what}　{role.period}")
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        if person_id is None:
            self.hint.setText(
                "人を保存すると、協議体の役職やコーディネーターの担当がここに並びます。"
            )
        elif not self.roles:
            self.hint.setText(
                "まだ役割の記録はありません。協議体の構成員は協議体の画面で登録します。"
            )
        else:
            self.hint.setText("協議体の役職は協議体の画面で、SCの担当はここで直せます。")
        self._update_buttons()

    def current_role(self) -> RoleRow | None:
        row = self.table.currentRow()
        return self.roles[row] if 0 <= row < len(self.roles) else None

    def _update_buttons(self) -> None:
        role = self.current_role()
        self.add_button.setEnabled(self.person_id is not None)
        editable = role is not None and role.coordinator_id is not None
        self.edit_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)

    def _record(self, role: RoleRow) -> CoordinatorRow | None:
        return next(
            (
                c
                for c in list_coordinators(self.context.db, self.person_id)
                if c.id == role.coordinator_id
            ),
            None,
        )

    def add(self) -> None:
        if self.person_id is None:
            return
        dialog = CoordinatorDialog(self.context, self.person_id, self.person_name, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_person(self.person_id, self.person_name)

    def edit_current(self) -> None:
        role = self.current_role()
        if role is None or role.coordinator_id is None or self.person_id is None:
            return
        record = self._record(role)
        if record is None:
            self.show_person(self.person_id, self.person_name)
            return
        dialog = CoordinatorDialog(
            self.context, self.person_id, self.person_name, record, parent=self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_person(self.person_id, self.person_name)

    def remove_current(self) -> None:
        role = self.current_role()
        if role is None or role.coordinator_id is None:
            return
        record = self._record(role)
        if record is None or not confirm(
            self, "担当の削除", f"「{role.what}　{role.period}」の記録を削除しますか？"
        ):
            return
        try:
            trash_coordinator(self.context.db, record.id, record.version)
        except ServiceError as error:
            show_service_error(self, error)
        self.context.notify_changed("coordinator_assignment")
        self.show_person(self.person_id, self.person_name)
