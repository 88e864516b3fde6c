"""「新しい団体を追加…」: a small dialog that registers an operator without leaving the wizard."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import OrganizationKind
from app.services.errors import ServiceError, ValidationError
from app.services.setup.organizations import OrganizationInput, OrganizationRow, create_organization
from app.ui.context import AppContext
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import ErrorDisplay, select_data


class NewOrganizationDialog(QDialog):
    """Name, reading and kind; 追加する creates the organisation and closes. `created` holds it."""

    def __init__(
        self, context: AppContext, area_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.area_id = area_id
        self.created: OrganizationRow | None = None
        self.setWindowTitle("新しい団体を追加")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例: 北町老人クラブ")
        self.reading_edit = QLineEdit()
        self.reading_edit.setPlaceholderText("例: きたまちろうじんくらぶ")
        self.kind_combo = QComboBox()
        for kind in OrganizationKind:
            self.kind_combo.addItem(kind.label, kind.value)
        select_data(self.kind_combo, OrganizationKind.OTHER.value)
        form = QFormLayout()
        form.addRow("団体名（必須）", self.name_edit)
        form.addRow("ふりがな", self.reading_edit)
        form.addRow("種類", self.kind_combo)
        self.error_label = QLabel()
        self.errors = ErrorDisplay(
            self.error_label,
            {"name": self.name_edit, "reading": self.reading_edit, "kind": self.kind_combo},
        )
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton("追加する", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel("連絡先などは、あとで「団体・主体」の画面で入力できます。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        data = OrganizationInput(
            name=self.name_edit.text(),
            kind=self.kind_combo.currentData(),
            reading=self.reading_edit.text(),
            area_id=self.area_id,
        )
        try:
            self.created = create_organization(self.context.db, data)
        except ValidationError as error:
            self.errors.show(error)
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.context.notify_changed("organization")
        super().accept()
