"""団体・主体: 自治会, 老人クラブ, NPO and the others that take part in local support."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QWidget

from app.domain.enums import OrganizationKind
from app.services.setup import areas, organizations
from app.services.setup.organizations import OrganizationInput, OrganizationRow
from app.ui.setup.record_page import RecordPage, RecordService
from app.ui.widgets.forms import fill_combo, one_line, select_data
from app.ui.widgets.table_model import Column

NO_AREA = "指定なし"


class OrganizationsPage(RecordPage):
    TITLE = "団体・主体"
    SERVICE = RecordService(
        list_rows=organizations.list_organizations,
        create=organizations.create_organization,
        update=organizations.update_organization,
        trash=organizations.trash_organization,
    )
    TABLE = "organization"
    NOUN = "団体"
    INTRO = "地域の支え合いに関わる団体・主体（自治会、老人クラブ、NPO、企業など）を登録します。"
    EMPTY_TEXT = "まだ団体が登録されていません。『新しい団体』から登録してください。"
    SEARCH_HINT = "名前・ふりがな・連絡先で検索"
    WATCHES = ("area",)
    COLUMN_MAX_EMS = (12, 12, 10, 8)

    def columns(self) -> list[Column]:
        return [
            Column("名前", lambda r: r.name),
            Column("ふりがな", lambda r: r.reading),
            Column("種類", lambda r: r.kind_label),
            Column("圏域", lambda r: r.area_name),
            Column("連絡先", lambda r: one_line(r.contact)),
        ]

    def build_filters(self, bar: QHBoxLayout) -> list[QWidget]:
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("すべての種類", None)
        for kind in OrganizationKind:
            self.kind_filter.addItem(kind.label, kind.value)
        self.kind_filter.setToolTip("種類で絞り込みます")
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        bar.addWidget(QLabel("種類"))
        bar.addWidget(self.kind_filter)
        return [self.kind_filter]

    def accepts(self, row: OrganizationRow) -> bool:
        kind = self.kind_filter.currentData()
        return kind is None or row.kind == kind

    def clear_filters(self) -> None:
        super().clear_filters()
        self.kind_filter.setCurrentIndex(0)

    def search_fields(self, row: OrganizationRow) -> Iterable[str]:
        return (row.name, row.reading, row.contact)

    def build_form(self, form: QFormLayout) -> dict[str, QWidget]:
        self.name_edit = self.new_line_edit("例: 北町自治会")
        self.reading_edit = self.new_line_edit("例: きたまちじちかい")
        self.kind_combo = QComboBox()
        self.kind_combo.setPlaceholderText("選んでください")
        for kind in OrganizationKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.area_combo = QComboBox()
        self.contact_edit = self.new_line_edit("例: 0123-45-6789（会長 山田さん）")
        self.notes_edit = self.new_notes_edit()
        form.addRow("名前（必須）", self.name_edit)
        form.addRow("ふりがな", self.reading_edit)
        form.addRow("種類（必須）", self.kind_combo)
        form.addRow("圏域", self.area_combo)
        form.addRow("連絡先", self.contact_edit)
        form.addRow("メモ", self.notes_edit)
        return {
            "name": self.name_edit,
            "reading": self.reading_edit,
            "kind": self.kind_combo,
            "area_id": self.area_combo,
            "contact": self.contact_edit,
            "notes": self.notes_edit,
        }

    def reload_choices(self) -> None:
        choices = [(NO_AREA, None)]
        choices += [(a.name, a.id) for a in areas.list_areas(self.context.db)]
        fill_combo(self.area_combo, choices)

    def fill_form(self, row: OrganizationRow | None) -> None:
        self.name_edit.setText(row.name if row else "")
        self.reading_edit.setText(row.reading if row else "")
        if row is None:
            self.kind_combo.setCurrentIndex(-1)
        else:
            select_data(self.kind_combo, row.kind)
        select_data(self.area_combo, row.area_id if row else None)
        self.contact_edit.setText(row.contact if row else "")
        self.notes_edit.setPlainText(row.notes if row else "")

    def form_input(self) -> OrganizationInput:
        return OrganizationInput(
            name=self.name_edit.text(),
            reading=self.reading_edit.text(),
            kind=self.kind_combo.currentData() or "",
            area_id=self.area_combo.currentData(),
            contact=self.contact_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )
