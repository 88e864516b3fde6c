"""The first two pages of the 協議体の立ち上げ wizard: 層と圏域, and 目的と設け方.

A page reads and writes plain values (text as typed, ids); the wizard (wizard.py)
turns them into a CouncilInput, saves and keeps the draft.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
)

from app.domain.enums import CouncilFormation, CouncilStatus, Layer
from app.domain.wareki import WarekiError
from app.services.setup import areas
from app.ui.context import AppContext
from app.ui.councils.wizard_widgets import (
    CouncilForm,
    CouncilPage,
    DateField,
    as_date,
    reading_error,
)
from app.ui.resources.wizard_pages import group_frame, hint, line_edit, text_edit
from app.ui.widgets.forms import hbox, select_data


def place_name(name: str, whole: str = "全域") -> str:
    """「みどり町全域」 is called 「みどり町」 in a council's name and purpose."""
    return name.removesuffix(whole) or name


EXISTING_MEETINGS = ("地域ケア会議", "町内会長会", "地区社協の会議", "老人クラブの会合")
NO_AREA = "（この層の圏域がまだありません）"


# ---------------------------------------------------------------------- 1 層と圏域


class AreaPage(CouncilPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            "層と圏域", "協議体を置く層と圏域を選び、名前を決めてください。名前はあとで直せます。"
        )
        self.context = context
        self._suggested = ("", "")  # the name and reading last put in for the person
        self._areas = areas.list_areas(context.db)
        self.layer_group = QButtonGroup(self)
        self.layer_radios: dict[int, QRadioButton] = {}
        for layer in Layer:
            radio = QRadioButton(layer.label)
            self.layer_group.addButton(radio)
            self.layer_radios[int(layer)] = radio
            radio.toggled.connect(self._layer_changed)
        self.layers = group_frame("layer")
        row = QHBoxLayout(self.layers)
        row.setContentsMargins(2, 2, 2, 2)
        for radio in self.layer_radios.values():
            row.addWidget(radio)
        row.addStretch(1)
        self.area_combo = QComboBox()
        self.area_combo.setMinimumWidth(260)
        self.area_combo.currentIndexChanged.connect(self._suggest_name)
        self.name_edit = line_edit("例: 北地区支え合い推進会議")
        self.reading_edit = line_edit("例: きたちくささえあいすいしんかいぎ（並べ替えに使います）")
        form = CouncilForm()
        form.add("層", self.layers)
        form.add("圏域（必須）", hbox(self.area_combo))
        form.add("協議体の名前（必須）", self.name_edit)
        form.add("ふりがな", self.reading_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(
            hint(
                "第1層は町全体で資源づくりを話し合う場、第2層は中学校区などの身近な圏域で"
                "具体的な支え合いを進める場です。名前は、圏域を選ぶと例が入ります。"
            )
        )
        self.bind_errors(
            {
                "layer": self.layers,
                "area_id": self.area_combo,
                "name": self.name_edit,
                "reading": self.reading_edit,
            }
        )
        self.finish_layout(layout)

    def layer(self) -> int:
        return next((n for n, r in self.layer_radios.items() if r.isChecked()), int(Layer.DISTRICT))

    def _layer_changed(self, checked: bool) -> None:
        if not checked:
            return
        chosen = self.area_combo.currentData()
        items = [(a.name, a.id) for a in self._areas if a.layer == self.layer()]
        self.area_combo.blockSignals(True)
        self.area_combo.clear()
        for text, area_id in items or [(NO_AREA, None)]:
            self.area_combo.addItem(text, area_id)
        self.area_combo.setCurrentIndex(max(self.area_combo.findData(chosen), 0))
        self.area_combo.blockSignals(False)
        self._suggest_name()

    def area(self):
        return next((a for a in self._areas if a.id == self.area_combo.currentData()), None)

    def area_name(self) -> str:
        area = self.area()
        return area.name if area else ""

    def _suggest_name(self) -> None:
        """Put in an example name while the person has not typed one of their own."""
        area = self.area()
        if area is None:
            return
        name = f"{place_name(area.name)}支え合い推進会議"
        reading = (
            f"{place_name(area.reading, 'ぜんいき')}ささえあいすいしんかいぎ"
            if area.reading
            else ""
        )
        old_name, old_reading = self._suggested
        if self.name_edit.text().strip() in ("", old_name):
            self.name_edit.setText(name)
        if self.reading_edit.text().strip() in ("", old_reading):
            self.reading_edit.setText(reading)
        self._suggested = (name, reading)

    def values(self) -> dict:
        return {
            "layer": self.layer(),
            "area_id": self.area_combo.currentData(),
            "name": self.name_edit.text(),
            "reading": self.reading_edit.text(),
        }

    def fill(self, values: dict) -> None:
        area_id = values.get("area_id")
        layer = values.get("layer")
        if layer not in self.layer_radios:
            area = next((a for a in self._areas if a.id == area_id), None)
            layer = area.layer if area else int(Layer.MUNICIPALITY)
        self._suggested = ("", "")
        self.name_edit.setText(values.get("name") or "")
        self.reading_edit.setText(values.get("reading") or "")
        self.area_combo.blockSignals(True)
        self.layer_radios[layer].setChecked(True)
        self._layer_changed(True)
        if area_id is not None:
            select_data(self.area_combo, area_id)
        self.area_combo.blockSignals(False)
        if not values.get("name"):
            self._suggest_name()
        self.name_edit.setCursorPosition(0)

    def check(self) -> dict[str, str]:
        errors = {}
        if self.area_combo.currentData() is None:
            errors["area_id"] = "協議体を置く圏域を選んでください。"
        if not self.name_edit.text().strip():
            errors["name"] = "協議体の名前を入力してください。"
        return errors | reading_error("reading", self.reading_edit.text())


# ---------------------------------------------------------------------- 2 目的と設け方


def suggested_purpose(area_name: str) -> str:
    where = place_name(area_name) if area_name else "この地域"
    return (
        f"{where}の高齢者が、住み慣れた地域で自分らしく暮らし続けられるよう、"
        "地域の団体や住民、専門職が情報を持ち寄り、支え合いの活動を一緒に広げていくこと"
    )


class PurposePage(CouncilPage):
    def __init__(self) -> None:
        super().__init__(
            "目的と設け方", "何のための場か、新しく設けるのか、今ある会議を生かすのかを決めます。"
        )
        self.purpose_edit = text_edit("例: 地域の支え合いの活動を広げること", 96)
        self.formation_group = QButtonGroup(self)
        self.formation_radios: dict[str, QRadioButton] = {}
        for formation in CouncilFormation:
            radio = QRadioButton(formation.label)
            self.formation_group.addButton(radio)
            self.formation_radios[formation.value] = radio
            radio.toggled.connect(self._update_based_on)
        self.formations = group_frame("formation")
        column = QVBoxLayout(self.formations)
        column.setContentsMargins(2, 2, 2, 2)
        for radio in self.formation_radios.values():
            column.addWidget(radio)
        self.based_on_combo = QComboBox()
        self.based_on_combo.setEditable(True)
        self.based_on_combo.addItems(EXISTING_MEETINGS)
        self.based_on_combo.setCurrentIndex(-1)
        self.based_on_combo.lineEdit().setPlaceholderText("例: 北地区 地域ケア会議")
        self.based_on_combo.setMinimumWidth(320)
        self.status_group = QButtonGroup(self)
        self.status_radios: dict[str, QRadioButton] = {}
        for status in (CouncilStatus.PREPARING, CouncilStatus.ACTIVE):
            radio = QRadioButton(status.label)
            self.status_group.addButton(radio)
            self.status_radios[status.value] = radio
        self.statuses = group_frame("status")
        row = QHBoxLayout(self.statuses)
        row.setContentsMargins(2, 2, 2, 2)
        for radio in self.status_radios.values():
            row.addWidget(radio)
        row.addStretch(1)
        self.established_field = DateField()
        form = CouncilForm()
        form.add("目的", self.purpose_edit)
        form.add("設け方", self.formations)
        self.based_on_label = form.add("もとになる会議", hbox(self.based_on_combo))
        form.add("状態", self.statuses)
        form.add("設置日", self.established_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(
            hint(
                "目的は「～こと」で終えると、設置要綱の「目的」の条にそのまま入ります。\n"
                "地域ケア会議や町内会長の集まりなど、すでに顔ぶれがそろっている話し合いを"
                "協議体として位置づける町も多くあります。そのときは会議の名前を入れてください。\n"
                "「設置済み」にするには設置日が必要です。準備中なら予定日を入れておけます。"
            )
        )
        self.bind_errors(
            {
                "purpose": self.purpose_edit,
                "formation": self.formations,
                "based_on": self.based_on_combo,
                "status": self.statuses,
                "established_on": self.established_field.edit,
            }
        )
        self.finish_layout(layout)

    def initializePage(self) -> None:
        if not self.purpose_edit.toPlainText().strip():
            self.purpose_edit.setPlainText(suggested_purpose(self.wizard().area_page.area_name()))

    def _update_based_on(self) -> None:
        existing = self.formation() == CouncilFormation.EXISTING
        self.based_on_combo.setEnabled(existing)
        self.based_on_label.setEnabled(existing)

    def formation(self) -> str:
        return next((v for v, r in self.formation_radios.items() if r.isChecked()), "")

    def values(self) -> dict:
        return {
            "purpose": self.purpose_edit.toPlainText(),
            "formation": self.formation(),
            "based_on": self.based_on_combo.currentText(),
            "status": next((v for v, r in self.status_radios.items() if r.isChecked()), ""),
            "established_on": self.established_field.text(),
        }

    def fill(self, values: dict) -> None:
        self.purpose_edit.setPlainText(values.get("purpose") or "")
        formation = values.get("formation") or CouncilFormation.NEW.value
        self.formation_radios.get(formation, self.formation_radios["new"]).setChecked(True)
        self.based_on_combo.setCurrentText(values.get("based_on") or "")
        status = values.get("status") or CouncilStatus.PREPARING.value
        radio = self.status_radios.get(status)
        if radio is None:  # 廃止: shown as it is, not offered as a choice here
            radio = QRadioButton(CouncilStatus(status).label)
            self.status_group.addButton(radio)
            self.status_radios[status] = radio
            self.statuses.layout().insertWidget(len(self.status_radios) - 1, radio)
        radio.setChecked(True)
        self.established_field.setText(values.get("established_on"))
        self._update_based_on()

    def check(self) -> dict[str, str]:
        values = self.values()
        errors = {}
        if values["formation"] == CouncilFormation.EXISTING and not values["based_on"].strip():
            errors["based_on"] = (
                "協議体とみなす既存の会議の名前を入力してください（例: 地域ケア会議）。"
            )
        try:
            established = as_date(values["established_on"])
        except WarekiError as error:
            errors["established_on"] = f"設置日: {error}"
        else:
            if values["status"] == CouncilStatus.ACTIVE and established is None:
                errors["established_on"] = "設置済みにするには、設置日を入力してください。"
        return errors
