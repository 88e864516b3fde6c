"""「活動を地域資源として登録…」: the activity an initiative brought into being, entered as a
地域資源 (prefilled from the initiative) and linked back to it as a result.

A resource's description goes onto residents' handouts, so it starts empty rather than
copying the initiative's planning text, and the resource is published only when ticked.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ResourceCategory, ResourceKind
from app.services.errors import ServiceError, ValidationError
from app.services.initiatives.initiative import InitiativeRow, register_resource, resource_input_for
from app.services.resources.resource import ResourceInput, ResourceRow
from app.services.setup import areas
from app.ui.context import AppContext
from app.ui.resources.wizard_pages import (
    PageErrors,
    group_frame,
    hint,
    line_edit,
    new_form,
    text_edit,
)
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import fill_combo, select_data

PUBLISH_TEXT = "住民向けの資料に載せる（掲載可）"
DESCRIPTION_HINT = (
    "活動内容は、住民向けの資料（資源マップや一覧）にそのまま載ります。"
    "住民の方が読んで分かる言葉で書いてください。"
)


class RegisterResourceDialog(QDialog):
    """Registers the initiative's activity; `saved` holds the new resource after accept."""

    def __init__(
        self, context: AppContext, initiative: InitiativeRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.initiative = initiative
        self.base = resource_input_for(initiative)
        self.saved: ResourceRow | None = None
        self.setWindowTitle("活動を地域資源として登録")
        self.name_edit = line_edit("例: 買い物いっしょに便")
        self.name_edit.setText(self.base.name)
        self.category_combo = QComboBox()
        for category in ResourceCategory:
            self.category_combo.addItem(category.label, category.value)
        select_data(self.category_combo, self.base.category)
        self.kind_boxes: dict[str, QCheckBox] = {}
        self.kind_box = group_frame("kinds")
        grid = QGridLayout(self.kind_box)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(24)
        for i, kind in enumerate(ResourceKind):
            box = QCheckBox(kind.label)
            box.setChecked(kind.value in self.base.kinds)
            self.kind_boxes[kind.value] = box
            grid.addWidget(box, i // 3, i % 3)
        self.area_combo = QComboBox()
        rows = areas.list_areas(context.db)
        fill_combo(
            self.area_combo,
            [("指定なし", None)]
            + [(f"全域（{a.name}）" if a.layer == 1 else a.name, a.id) for a in rows],
        )
        select_data(self.area_combo, self.base.area_id)
        self.description_edit = text_edit(
            "例: 毎週木曜の午前、車で近くのスーパーへ一緒に買い物に行きます。", 80
        )
        self.description_edit.setPlainText(self.base.description)
        self.description_hint = hint(DESCRIPTION_HINT)
        description = QWidget()
        column = QVBoxLayout(description)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.description_edit)
        column.addWidget(self.description_hint)
        self.publish_box = QCheckBox(PUBLISH_TEXT)
        self.publish_box.setChecked(self.base.publishable)
        form = new_form()
        form.add("名称（必須）", self.name_edit)
        form.add("分類", self.category_combo)
        form.add("種類", self.kind_box)
        form.add("圏域", self.area_combo)
        form.add("活動内容", description)
        form.add("掲載", self.publish_box)
        self.error_label = QLabel()
        self.errors = PageErrors(
            self.error_label,
            {
                "name": self.name_edit,
                "category": self.category_combo,
                "kinds": self.kind_box,
                "area_id": self.area_combo,
                "description": self.description_edit,
                "publishable": self.publish_box,
            },
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("登録する")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                f"「{initiative.title}」から生まれた活動を、地域資源の一覧に加えます。"
                "日時や場所、連絡先は、あとで地域資源の画面から書き足せます。"
            )
        )
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(640, self.sizeHint().height())

    def current_input(self) -> ResourceInput:
        return replace(
            self.base,
            name=self.name_edit.text(),
            category=self.category_combo.currentData(),
            kinds=tuple(k for k, box in self.kind_boxes.items() if box.isChecked()),
            area_id=self.area_combo.currentData(),
            description=self.description_edit.toPlainText(),
            publishable=self.publish_box.isChecked(),
        )

    def _show_errors(self, error: ValidationError) -> None:
        self.errors.show(error)
        # Grow to fit the message, instead of squeezing the fields above it.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def accept(self) -> None:
        if not self.name_edit.text().strip():
            self._show_errors(ValidationError({"name": "名称を入れてください。"}))
            return
        try:
            self.saved = register_resource(
                self.context.db, self.initiative.id, self.current_input()
            )
        except ValidationError as error:
            self._show_errors(error)
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.context.notify_changed("resource")
        self.context.notify_changed("initiative")
        super().accept()
