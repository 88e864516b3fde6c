"""圏域: the municipality (第1層) and its districts (第2層), with their population figures."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.domain.enums import Layer
from app.services.setup import areas
from app.services.setup.areas import AreaInput, AreaRow
from app.ui.setup.record_page import RecordPage, RecordService
from app.ui.widgets.forms import one_line
from app.ui.widgets.table_model import Column


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _rate(row: AreaRow) -> str:
    rate = row.aging_rate
    return "" if rate is None else f"{rate * 100:.1f}%"


class AreasPage(RecordPage):
    TITLE = "圏域"
    SERVICE = RecordService(
        areas.list_areas, areas.create_area, areas.update_area, areas.trash_area
    )
    TABLE = "area"
    NOUN = "圏域"
    INTRO = (
        "第1層は市町村全域、第2層は中学校区・日常生活圏域です。"
        "人口と高齢者の人数は、分かる範囲で入力してください（高齢化率は自動で計算します）。"
    )
    EMPTY_TEXT = "まだ圏域が登録されていません。『新しい圏域』から登録してください。"
    SEARCHABLE = False
    COLUMN_MAX_EMS = (4, 10, 10, 6, 6, 6, 6)

    def columns(self) -> list[Column]:
        return [
            Column("層", lambda r: f"第{r.layer}層"),
            Column("名前", lambda r: r.name),
            Column("ふりがな", lambda r: r.reading),
            Column("人口", lambda r: r.population, align_right=True),
            Column("65歳以上", lambda r: r.aged_65_plus, align_right=True),
            Column("75歳以上", lambda r: r.aged_75_plus, align_right=True),
            Column("高齢化率", _rate, align_right=True),
            Column("メモ", lambda r: one_line(r.notes)),
        ]

    def build_form(self, form: QFormLayout) -> dict[str, QWidget]:
        self.layer_label = QLabel()
        self.layer_label.setWordWrap(True)
        self.name_edit = self.new_line_edit("例: 北地区")
        self.reading_edit = self.new_line_edit("例: きたちく")
        self.population_edit = self.new_line_edit("例: 1,234")
        self.aged_65_edit = self.new_line_edit("例: 400")
        self.aged_75_edit = self.new_line_edit("例: 200")
        self.notes_edit = self.new_notes_edit()
        form.addRow("層", self.layer_label)
        form.addRow("名前（必須）", self.name_edit)
        form.addRow("ふりがな", self.reading_edit)
        form.addRow("人口", self.population_edit)
        form.addRow("65歳以上", self.aged_65_edit)
        form.addRow("75歳以上", self.aged_75_edit)
        form.addRow("メモ", self.notes_edit)
        return {
            "name": self.name_edit,
            "reading": self.reading_edit,
            "population": self.population_edit,
            "aged_65_plus": self.aged_65_edit,
            "aged_75_plus": self.aged_75_edit,
            "notes": self.notes_edit,
        }

    def fill_form(self, row: AreaRow | None) -> None:
        self.layer_label.setText(Layer(row.layer if row else Layer.DISTRICT).label)
        self.name_edit.setText(row.name if row else "")
        self.reading_edit.setText(row.reading if row else "")
        self.population_edit.setText(_count(row.population) if row else "")
        self.aged_65_edit.setText(_count(row.aged_65_plus) if row else "")
        self.aged_75_edit.setText(_count(row.aged_75_plus) if row else "")
        self.notes_edit.setPlainText(row.notes if row else "")

    def form_input(self) -> AreaInput:
        return AreaInput(
            name=self.name_edit.text(),
            reading=self.reading_edit.text(),
            population=self.population_edit.text(),
            aged_65_plus=self.aged_65_edit.text(),
            aged_75_plus=self.aged_75_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )
