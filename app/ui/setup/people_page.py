"""人: council members, contacts and coordinators. Their details are personal by default."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QWidget

from app.services.setup import organizations, people
from app.services.setup.people import PersonInput, PersonRow
from app.ui.setup.person_roles import PersonRolesBox
from app.ui.setup.record_page import RecordPage, RecordService
from app.ui.widgets.forms import fill_combo, one_line, select_data
from app.ui.widgets.table_model import Column

PERSONAL_TEXT = "個人情報として扱う\n（住民向けの資料には載せません）"


class PeoplePage(RecordPage):
    TITLE = "人"
    SERVICE = RecordService(
        people.list_people, people.create_person, people.update_person, people.trash_person
    )
    TABLE = "person"
    NOUN = "人"
    INTRO = (
        "協議体の委員や連絡先になる人を登録します。"
        "「個人情報として扱う」人の連絡先などは、住民向けの資料に載りません。"
    )
    EMPTY_TEXT = "まだ人が登録されていません。『新しい人』から登録してください。"
    SEARCH_HINT = "氏名・ふりがな・所属・連絡先で検索"
    WATCHES = ("organization", "council", "coordinator_assignment")
    COLUMN_MAX_EMS = (7, 8, 9, 8, 9)

    def columns(self) -> list[Column]:
        return [
            Column("氏名", lambda r: r.name),
            Column("ふりがな", lambda r: r.reading),
            Column("所属", lambda r: r.belongs_to),
            Column("役職・役割", lambda r: r.role),
            Column("連絡先", lambda r: one_line(r.contact)),
            Column("個人情報", lambda r: "○" if r.personal else ""),
        ]

    def search_fields(self, row: PersonRow) -> Iterable[str]:
        return (row.name, row.reading, row.belongs_to, row.role, row.contact)

    def build_form(self, form: QFormLayout) -> dict[str, QWidget]:
        self.name_edit = self.new_line_edit("例: 山田 花子")
        self.reading_edit = self.new_line_edit("例: やまだ はなこ")
        self.organization_combo = QComboBox()
        self.affiliation_edit = self.new_line_edit("団体として登録していない所属先")
        self.role_edit = self.new_line_edit("例: 会長、民生委員")
        self.contact_edit = self.new_line_edit("例: 090-1234-5678")
        self.notes_edit = self.new_notes_edit()
        self.personal_check = QCheckBox(PERSONAL_TEXT)
        form.addRow("氏名（必須）", self.name_edit)
        form.addRow("ふりがな", self.reading_edit)
        form.addRow("団体", self.organization_combo)
        form.addRow("所属（団体以外）", self.affiliation_edit)
        form.addRow("役職・役割", self.role_edit)
        form.addRow("連絡先", self.contact_edit)
        form.addRow("メモ", self.notes_edit)
        form.addRow("", self.personal_check)
        self.roles_box = PersonRolesBox(self.context)
        form.addRow("役割の履歴", self.roles_box)
        return {
            "name": self.name_edit,
            "reading": self.reading_edit,
            "organization_id": self.organization_combo,
            "affiliation": self.affiliation_edit,
            "role": self.role_edit,
            "contact": self.contact_edit,
            "notes": self.notes_edit,
            "personal": self.personal_check,
        }

    def reload_choices(self) -> None:
        choices = [("指定なし", None)]
        choices += [(o.name, o.id) for o in organizations.list_organizations(self.context.db)]
        fill_combo(self.organization_combo, choices)

    def fill_form(self, row: PersonRow | None) -> None:
        self.name_edit.setText(row.name if row else "")
        self.reading_edit.setText(row.reading if row else "")
        select_data(self.organization_combo, row.organization_id if row else None)
        self.affiliation_edit.setText(row.affiliation if row else "")
        self.role_edit.setText(row.role if row else "")
        self.contact_edit.setText(row.contact if row else "")
        self.notes_edit.setPlainText(row.notes if row else "")
        self.personal_check.setChecked(row.personal if row else True)
        self.roles_box.show_person(row.id if row else None, row.name if row else "")

    def form_input(self) -> PersonInput:
        return PersonInput(
            name=self.name_edit.text(),
            reading=self.reading_edit.text(),
            organization_id=self.organization_combo.currentData(),
            affiliation=self.affiliation_edit.text(),
            role=self.role_edit.text(),
            contact=self.contact_edit.text(),
            personal=self.personal_check.isChecked(),
            notes=self.notes_edit.toPlainText(),
        )
