"""The pages of the 課題登録 wizard. Each page reads and writes its own IssueInput fields.

A page knows nothing of the database except the choices it lists; the wizard
(wizard.py) validates, saves and keeps the draft. Dates stay as typed text here and
are read by the wizard, so a draft keeps exactly what was typed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
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
    QTextBrowser,
    QVBoxLayout,
)

from app.domain.enums import IssueKind, IssueSource
from app.domain.privacy import Finding, describe, mask_personal, personal_details_in
from app.domain.wareki import WarekiError, format_wareki, parse_date
from app.services.meetings.meeting import list_meetings
from app.services.setup.areas import list_areas
from app.ui.context import AppContext
from app.ui.resources.wizard_pages import (
    ResourcePage,
    group_frame,
    hint,
    line_edit,
    new_form,
    text_edit,
)
from app.ui.widgets.forms import fill_combo, select_data

NONE_CHOICE = "指定なし"
NOTICE_STYLE = (
    "QFrame#{name} {{ background: {bg}; border: 1px solid {border}; border-radius: 4px; }}"
)
CASE_NOTICE = (
    "個別ケースから見えてきた課題は、ご本人の名前・住所・連絡先を書かずに、"
    "「この地域では、こういう困りごとを抱えた人がいる」という地域の課題として書いてください。"
)


class IssuePage(ResourcePage):
    """One step of the 課題登録 wizard (the same contract as the 資源登録 wizard's pages)."""


def notice_frame(name: str, text: str, bg: str = "#fff8e1", border: str = "#f0c36d") -> QFrame:
    """A coloured box for what a person must not miss."""
    frame = QFrame()
    frame.setObjectName(name)
    frame.setStyleSheet(NOTICE_STYLE.format(name=name, bg=bg, border=border))
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName(f"{name}_text")
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.addWidget(label, 1)
    return frame


def date_text(value) -> str:
    """A date as 和暦 text; a draft's ISO date is read back; anything else is shown as typed."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return format_wareki(value)
    try:
        return format_wareki(date.fromisoformat(value))
    except ValueError:
        pass
    try:
        return format_wareki(parse_date(value))
    except WarekiError:
        return str(value)


# --------------------------------------------------------------------------- 1 きっかけ


class SourcePage(IssuePage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            "きっかけ",
            "この課題に気づいたきっかけを1つ選んでください。会議で出た課題なら、その会議も。",
        )
        self.context = context
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.box = group_frame("source")
        grid = QGridLayout(self.box)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(40)
        grid.setVerticalSpacing(10)
        sources = list(IssueSource)
        half = (len(sources) + 1) // 2
        for i, source in enumerate(sources):
            radio = QRadioButton(source.label)
            self.group.addButton(radio)
            self.radios[source.value] = radio
            grid.addWidget(radio, i % half, i // half)
            radio.toggled.connect(self._source_changed)
        grid.setColumnStretch(2, 1)
        self.case_notice = notice_frame("case_notice", "⚠ " + CASE_NOTICE)
        self.meeting_combo = QComboBox()
        self.meeting_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.meeting_combo.setMinimumContentsLength(24)
        form = new_form()
        form.add("会議（任意）", self.meeting_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addSpacing(6)
        layout.addWidget(self.case_notice)
        layout.addSpacing(10)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                "地域ケア会議や座談会、協議体で出た課題なら、その会議を選んでおくと、"
                "あとで議事録からたどれます。"
            )
        )
        self.bind_errors({"source": self.box, "meeting_id": self.meeting_combo})
        self.finish_layout(layout)
        self.reload_meetings()
        self._source_changed()

    def reload_meetings(self) -> None:
        items: list[tuple[str, int | None]] = [(NONE_CHOICE, None)]
        for m in list_meetings(self.context.db):
            items.append((f"{m.short_date}　{m.kind_label}　{m.title}", m.id))
        fill_combo(self.meeting_combo, items)
        if self.meeting_combo.currentIndex() < 0:
            self.meeting_combo.setCurrentIndex(0)

    def source(self) -> str:
        return next((v for v, r in self.radios.items() if r.isChecked()), "")

    def _source_changed(self, *_args) -> None:
        self.case_notice.setVisible(self.source() == IssueSource.INDIVIDUAL_CASE)

    def values(self) -> dict:
        return {"source": self.source(), "meeting_id": self.meeting_combo.currentData()}

    def fill(self, values: dict) -> None:
        radio = self.radios.get(values.get("source") or IssueSource.OTHER.value)
        if radio is not None:
            radio.setChecked(True)
        select_data(self.meeting_combo, values.get("meeting_id"))
        self._source_changed()

    def check(self) -> dict[str, str]:
        if not self.source():
            return {"source": "きっかけを1つ選んでください（迷うときは「その他」）。"}
        return {}


# --------------------------------------------------------------------------- 2 中身


class ContentPage(IssuePage):
    findings_changed = Signal()

    def __init__(self) -> None:
        super().__init__(
            "中身",
            "課題を短い見出しと、具体的な中身で書いてください。見出しは一覧に出ます。",
        )
        self.title_edit = line_edit("例: バス停まで歩けず、買い物に行けない人がいる")
        self.description_edit = text_edit(
            "例: 北地区の坂の上の団地では、路線バスの本数が減り、車を手放した人が"
            "食料品を買いに行けずにいる。民生委員の訪問でも同じ声が出ている。",
            170,
        )
        self.notes_edit = text_edit(
            "例: 地区の送迎ボランティアに相談したが、担い手が足りなかった。",
            70,
        )
        self.notes_edit.setToolTip("引継ぎ票の「圏域で試したこと」にも載ります")
        self.findings: list[Finding] = []
        self.warning = QFrame()
        self.warning.setObjectName("personal_warning")
        self.warning.setStyleSheet(
            NOTICE_STYLE.format(name="personal_warning", bg="#fdecea", border="#e57373")
        )
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.mask_button = QPushButton("伏せ字にする")
        self.mask_button.setToolTip("見つかった名前・電話番号・番地を「＊＊」に置き換えます")
        self.mask_button.clicked.connect(self.mask)
        warning_layout = QHBoxLayout(self.warning)
        warning_layout.setContentsMargins(12, 8, 12, 8)
        warning_layout.addWidget(self.warning_label, 1)
        warning_layout.addWidget(self.mask_button, 0, Qt.AlignmentFlag.AlignVCenter)
        form = new_form()
        form.add("見出し（必須）", self.title_edit)
        form.add("中身", self.description_edit)
        form.add("試したこと・メモ", self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(
            hint(
                "誰か一人の話としてではなく、「どこで・どんな人が・何に困っているか」を"
                "地域の課題として書くと、協議体で話し合いやすくなります。"
            )
        )
        self.bind_errors(
            {
                "title": self.title_edit,
                "description": self.description_edit,
                "notes": self.notes_edit,
            }
        )
        self.finish_layout(layout)
        self.title_edit.textChanged.connect(self.look_for_personal_details)
        self.description_edit.textChanged.connect(self.look_for_personal_details)
        self.notes_edit.textChanged.connect(self.look_for_personal_details)
        self.look_for_personal_details()

    def look_for_personal_details(self) -> None:
        """Warn under the text, as it is typed, about what looks like a person's details."""
        text = "\n".join(
            (
                self.title_edit.text(),
                self.description_edit.toPlainText(),
                self.notes_edit.toPlainText(),
            )
        )
        self.findings = personal_details_in(text)
        if self.findings:
            self.warning_label.setText(
                f"<b>個人が分かりそうな語があります：</b>{describe(self.findings)}<br>"
                "名前や連絡先は書かずに、地域の課題として書きましょう。"
            )
        self.warning.setVisible(bool(self.findings))
        self.findings_changed.emit()

    def mask(self) -> None:
        """Replace the names, phone numbers and street numbers found with 「＊＊」."""
        title = mask_personal(self.title_edit.text())
        description = mask_personal(self.description_edit.toPlainText())
        if title != self.title_edit.text():
            self.title_edit.setText(title)
        if description != self.description_edit.toPlainText():
            self.description_edit.setPlainText(description)
        notes = mask_personal(self.notes_edit.toPlainText())
        if notes != self.notes_edit.toPlainText():
            self.notes_edit.setPlainText(notes)
        self.description_edit.setFocus()

    def values(self) -> dict:
        return {
            "title": self.title_edit.text(),
            "description": self.description_edit.toPlainText(),
            "notes": self.notes_edit.toPlainText(),
        }

    def fill(self, values: dict) -> None:
        self.title_edit.setText(values.get("title") or "")
        self.title_edit.setCursorPosition(0)
        self.description_edit.setPlainText(values.get("description") or "")
        self.notes_edit.setPlainText(values.get("notes") or "")


# --------------------------------------------------------------------------- 3 場所と種類


class PlaceKindsPage(IssuePage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            "場所と種類",
            "課題のある圏域と、課題の種類を選んでください（どちらも1つ以上、いくつでも）。",
        )
        self.context = context
        self.area_boxes: dict[int, QCheckBox] = {}
        self.area_box = group_frame("area_ids")
        self.area_grid = QGridLayout(self.area_box)
        self.area_grid.setContentsMargins(4, 4, 4, 4)
        self.area_grid.setHorizontalSpacing(32)
        self.area_grid.setVerticalSpacing(10)
        self.kind_boxes: dict[str, QCheckBox] = {}
        self.kind_box = group_frame("kinds")
        grid = QGridLayout(self.kind_box)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(10)
        for i, kind in enumerate(IssueKind):
            box = QCheckBox(kind.label)
            self.kind_boxes[kind.value] = box
            grid.addWidget(box, i // 4, i % 4)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("圏域"))
        layout.addWidget(self.area_box)
        layout.addWidget(hint("町全体に関わる課題は「全域」を選びます。"))
        layout.addSpacing(12)
        layout.addWidget(_heading("課題の種類"))
        layout.addWidget(self.kind_box)
        self.bind_errors({"area_ids": self.area_box, "kinds": self.kind_box})
        self.finish_layout(layout)
        self.reload_areas()

    def reload_areas(self) -> None:
        chosen = {a for a, box in self.area_boxes.items() if box.isChecked()}
        for box in self.area_boxes.values():
            self.area_grid.removeWidget(box)
            box.deleteLater()
        self.area_boxes = {}
        for i, area in enumerate(list_areas(self.context.db)):
            text = f"全域（{area.name}）" if area.layer == 1 else area.name
            box = QCheckBox(text)
            box.setChecked(area.id in chosen)
            self.area_boxes[area.id] = box
            self.area_grid.addWidget(box, i // 4, i % 4)

    def area_names(self) -> tuple[str, ...]:
        return tuple(box.text() for box in self.area_boxes.values() if box.isChecked())

    def values(self) -> dict:
        return {
            "area_ids": tuple(a for a, box in self.area_boxes.items() if box.isChecked()),
            "kinds": tuple(k for k, box in self.kind_boxes.items() if box.isChecked()),
        }

    def fill(self, values: dict) -> None:
        areas = {int(a) for a in values.get("area_ids") or () if str(a).lstrip("-").isdigit()}
        for area_id, box in self.area_boxes.items():
            box.setChecked(area_id in areas)
        kinds = set(values.get("kinds") or ())
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in kinds)

    def check(self) -> dict[str, str]:
        errors = {}
        values = self.values()
        if not values["area_ids"]:
            errors["area_ids"] = "課題のある圏域を1つ以上選んでください。"
        if not values["kinds"]:
            errors["kinds"] = "課題の種類を1つ以上選んでください（迷うときは「その他」）。"
        return errors


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


# --------------------------------------------------------------------------- 6 確認


class ReviewPage(IssuePage):
    def __init__(self, final_text: str) -> None:
        super().__init__(
            "確認",
            f"内容を確かめて「{final_text}」を押してください。直すときは「戻る」で戻れます。",
        )
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.summary.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # keyboard scrolling
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error_label)

    def initializePage(self) -> None:
        self.summary.setHtml(self.wizard().summary_html())
