"""The 緊急度・重要度 and 個人情報 pages of the 課題登録 wizard (split out to keep each module
short)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import LEVELS, IssueState
from app.domain.privacy import Finding, describe
from app.domain.wareki import DATE_EXAMPLES, WarekiError, format_wareki, parse_date
from app.ui.issues.wizard_pages import IssuePage, date_text, notice_frame
from app.ui.resources.wizard_pages import group_frame, hint, line_edit, new_form
from app.ui.widgets.forms import select_data

URGENCY_NOTES = {
    3: "すぐに手を打たないと、暮らしに困る人が出る",
    2: "数か月のうちに取り組みたい",
    1: "時間をかけて話し合えばよい",
}
IMPORTANCE_NOTES = {
    3: "多くの人に関わる、または放っておくと広がる",
    2: "ある程度の人に関わる",
    1: "限られた人に関わる",
}


def _level_group(name: str, heading: str, notes: dict[int, str]) -> tuple[QFrame, dict]:
    frame = group_frame(name)
    grid = QGridLayout(frame)
    grid.setContentsMargins(6, 6, 6, 6)
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(8)
    title = QLabel(heading)
    title.setStyleSheet("font-weight: bold;")
    grid.addWidget(title, 0, 0, 1, 2)
    group = QButtonGroup(frame)
    radios: dict[int, QRadioButton] = {}
    for row, level in enumerate(sorted(LEVELS, reverse=True), start=1):
        radio = QRadioButton(LEVELS[level])
        group.addButton(radio)
        radios[level] = radio
        note = hint(notes[level])
        note.setBuddy(radio)
        grid.addWidget(radio, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(note, row, 1)
    grid.setColumnStretch(1, 1)
    return frame, radios


# --------------------------------------------------------------------------- 4 緊急度・重要度


class LevelsPage(IssuePage):
    def __init__(self, handed_over: bool = False) -> None:
        super().__init__(
            "緊急度・重要度",
            "どれくらい急ぐか、どれくらい大きな問題かを選んでください。迷うときは「中」で構いません。",
        )
        self.urgency_box, self.urgency_radios = _level_group(
            "urgency", "緊急度（どれくらい急ぐか）", URGENCY_NOTES
        )
        self.importance_box, self.importance_radios = _level_group(
            "importance", "重要度（どれくらい大きな問題か）", IMPORTANCE_NOTES
        )
        levels = QHBoxLayout()
        levels.addWidget(self.urgency_box, 1)
        levels.addSpacing(16)
        levels.addWidget(self.importance_box, 1)
        self.people_edit = line_edit("例: 12")
        self.people_edit.setMaximumWidth(160)
        unknown = QLabel("（分からなければ空欄）")
        unknown.setStyleSheet("color: #555;")
        people = _inline(self.people_edit, QLabel("人くらい"), unknown)
        self.noticed_edit = line_edit(f"例: {DATE_EXAMPLES}")
        self.noticed_edit.setMinimumWidth(240)
        self.today_button = QPushButton("今日")
        self.today_button.setToolTip("把握した日を今日にします")
        self.today_button.clicked.connect(self.set_today)
        self.state_combo = QComboBox()
        for state in IssueState:
            if state is not IssueState.HANDED_OVER or handed_over:
                self.state_combo.addItem(state.label, state.value)
        form = new_form()
        form.add("関わる人の数", people)
        form.add("把握した日", _inline(self.noticed_edit, self.today_button))
        form.add("いまの状態", _inline(self.state_combo))
        layout = QVBoxLayout(self)
        layout.addLayout(levels)
        layout.addSpacing(14)
        layout.addLayout(form)
        self.bind_errors(
            {
                "urgency": self.urgency_box,
                "importance": self.importance_box,
                "people_affected": self.people_edit,
                "noticed_on": self.noticed_edit,
                "state": self.state_combo,
            }
        )
        self.finish_layout(layout)

    def set_today(self) -> None:
        self.noticed_edit.setText(format_wareki(date.today()))

    def values(self) -> dict:
        def level(radios: dict[int, QRadioButton]) -> int:
            return next((v for v, r in radios.items() if r.isChecked()), 0)

        return {
            "urgency": level(self.urgency_radios),
            "importance": level(self.importance_radios),
            "people_affected": self.people_edit.text(),
            "noticed_on": self.noticed_edit.text(),
            "state": self.state_combo.currentData(),
        }

    def fill(self, values: dict) -> None:
        for radios, key in (
            (self.urgency_radios, "urgency"),
            (self.importance_radios, "importance"),
        ):
            radio = radios.get(values.get(key) or 2)
            if radio is not None:
                radio.setChecked(True)
        people = values.get("people_affected")
        self.people_edit.setText("" if people is None else str(people))
        self.noticed_edit.setText(date_text(values.get("noticed_on")))
        select_data(self.state_combo, values.get("state") or IssueState.NOTICED.value)

    def noticed_on(self) -> date | None:
        """The typed date; raises WarekiError (a Japanese message) when it cannot be read."""
        text = self.noticed_edit.text().strip()
        return parse_date(text) if text else None

    def check(self) -> dict[str, str]:
        errors = {}
        values = self.values()
        if not values["urgency"]:
            errors["urgency"] = "緊急度を「高・中・低」から選んでください。"
        if not values["importance"]:
            errors["importance"] = "重要度を「高・中・低」から選んでください。"
        try:
            self.noticed_on()
        except WarekiError as error:
            errors["noticed_on"] = f"把握した日: {error}"
        return errors


def _inline(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return row


# --------------------------------------------------------------------------- 5 個人情報


class PrivacyPage(IssuePage):
    def __init__(self) -> None:
        super().__init__(
            "個人情報",
            "特定の人のことが分かる内容が残っているかどうかを選んでください。",
        )
        self.personal_check = QCheckBox("個人情報を含む")
        self.sensitive_check = QCheckBox("要配慮個人情報（健康・介護の状態など）を含む")
        self.sensitive_check.toggled.connect(self._sensitive_toggled)
        personal_note = hint(
            "名前・住所・連絡先など、誰のことか分かる内容があるときに付けます。"
            "付けた課題は、住民向けの資料には中身を載せません。"
        )
        sensitive_note = hint(
            "病気や障害、介護や認知症の状態など、知られると不利益になりうる情報は"
            "「要配慮個人情報」として、特に慎重に扱います。付けると「個人情報を含む」も付きます。"
        )
        for note in (personal_note, sensitive_note):
            note.setContentsMargins(26, 0, 0, 10)
        self.found_notice = notice_frame("found_notice", "", "#fdecea", "#e57373")
        self.found_label = self.found_notice.findChild(QLabel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.personal_check)
        layout.addWidget(personal_note)
        layout.addWidget(self.sensitive_check)
        layout.addWidget(sensitive_note)
        layout.addSpacing(6)
        layout.addWidget(self.found_notice)
        self.bind_errors({"personal": self.personal_check, "sensitive": self.sensitive_check})
        self.finish_layout(layout)
        self.found_notice.hide()

    def _sensitive_toggled(self, checked: bool) -> None:
        if checked:
            self.personal_check.setChecked(True)
        self.personal_check.setEnabled(not checked)

    def show_findings(self, findings: list[Finding]) -> None:
        if findings:
            self.found_label.setText(
                f"中身に、個人が分かりそうな語が残っています：{describe(findings)}<br>"
                "「戻る」で中身のページに戻ると伏せ字にできます。"
                "残す場合は「個人情報を含む」に印を付けてください。"
            )
        self.found_notice.setVisible(bool(findings))

    def values(self) -> dict:
        return {
            "personal": self.personal_check.isChecked(),
            "sensitive": self.sensitive_check.isChecked(),
        }

    def fill(self, values: dict) -> None:
        self.sensitive_check.setChecked(bool(values.get("sensitive")))
        self.personal_check.setChecked(bool(values.get("personal") or values.get("sensitive")))
