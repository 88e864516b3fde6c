"""The pages of the 資源登録 wizard. Each page reads and writes its own ResourceInput fields.

A page knows nothing of the database except the choices it lists; the wizard
(wizard.py) validates, saves and keeps the draft.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.domain.enums import ResourceCategory, ResourceKind
from app.services.errors import ValidationError
from app.services.setup import areas, organizations
from app.ui.context import AppContext
from app.ui.setup.new_organization_dialog import NewOrganizationDialog
from app.ui.widgets.forms import ErrorDisplay, fill_combo, select_data

HINT_STYLE = "color: #555;"
NONE_CHOICE = "指定なし"
TYPED_OPERATOR = -1  # combo data: keep the operator name typed in an imported file

CATEGORY_NOTES = {
    ResourceCategory.ACTIVITY: "サロン、体操、趣味の集まりなど、高齢者が参加者として通う活動",
    ResourceCategory.SERVICE: "配食、買い物支援、移動支援など、高齢者が利用者として受けるサービス",
    ResourceCategory.PROVIDER: "自治会、老人クラブ、NPO、企業など、活動やサービスを担う人や団体",
    ResourceCategory.PLACE: "公民館、集会所、空き家、お店の一角など、集まりや活動に使える場所",
}


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def line_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def text_edit(placeholder: str = "", height: int = 90) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setFixedHeight(height)
    return edit


LABEL_EMS = 8  # every page's labels equally wide, so the fields do not jump between pages


class WizardForm(QFormLayout):
    def __init__(self) -> None:
        super().__init__()
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setVerticalSpacing(10)

    def add(self, text: str, field) -> QLabel:
        label = QLabel(text)
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance("あ") * LABEL_EMS)
        if isinstance(field, QWidget):
            label.setBuddy(field)
        self.addRow(label, field)
        return label


def new_form() -> WizardForm:
    return WizardForm()


def group_frame(name: str) -> QFrame:
    """A container for a group of check or radio buttons, marked as one field on errors."""
    frame = QFrame()
    frame.setObjectName(name)
    return frame


class PageErrors(ErrorDisplay):
    """ErrorDisplay that frames a group of buttons as a whole, not each button in it."""

    def __init__(self, label: QLabel, fields: dict[str, QWidget]) -> None:
        super().__init__(label, fields)
        self._groups = {k: w for k, w in fields.items() if isinstance(w, QFrame) and w.objectName()}

    def clear(self) -> None:
        super().clear()
        for frame in self._groups.values():
            frame.setStyleSheet("")

    def show(self, error: ValidationError) -> None:
        super().show(error)
        focused = False
        for name in error.fields:
            frame = self._groups.get(name)
            if frame is None:
                focused = True  # ErrorDisplay has put the cursor on a plain field
                continue
            frame.setStyleSheet(f"#{frame.objectName()} {{ border: 2px solid #c62828; }}")
            first = frame.findChild(QAbstractButton)
            if not focused and first is not None:
                first.setFocus()
                focused = True


class ResourcePage(QWizardPage):
    """One step: its widgets, the fields it owns (for errors), values in and out."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.error_label = QLabel()
        self.errors = PageErrors(self.error_label, {})
        self.field_names: frozenset[str] = frozenset()

    def bind_errors(self, widgets: dict[str, QWidget]) -> None:
        self.errors = PageErrors(self.error_label, widgets)
        self.field_names = frozenset(widgets)

    def finish_layout(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def values(self) -> dict:
        return {}

    def fill(self, values: dict) -> None:
        """Show `values` (a ResourceInput's fields; a draft's are JSON text)."""

    def check(self) -> dict[str, str]:
        """Rules of this page the service does not know (the wizard is stricter than import)."""
        return {}


class CategoryPage(ResourcePage):
    def __init__(self) -> None:
        super().__init__(
            "4つの見方",
            "この地域資源は、どの見方で捉えるのがいちばん近いですか。1つ選んでください。",
        )
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        box = group_frame("category")
        grid = QVBoxLayout(box)
        grid.setContentsMargins(4, 4, 4, 4)
        for category in ResourceCategory:
            radio = QRadioButton(category.label)
            radio.setStyleSheet("font-weight: bold;")
            self.group.addButton(radio)
            self.radios[category.value] = radio
            note = hint(CATEGORY_NOTES[category])
            note.setContentsMargins(26, 0, 0, 8)
            note.setBuddy(radio)
            grid.addWidget(radio)
            grid.addWidget(note)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addSpacing(8)
        layout.addWidget(hint("迷ったときは、住民の方から見てどう使われているかで選んでください。"))
        self.bind_errors({"category": box})
        self.finish_layout(layout)

    def values(self) -> dict:
        chosen = next((v for v, r in self.radios.items() if r.isChecked()), "")
        return {"category": chosen}

    def fill(self, values: dict) -> None:
        radio = self.radios.get(values.get("category", ""))
        if radio is not None:
            radio.setChecked(True)


class KindsPage(ResourcePage):
    def __init__(self) -> None:
        super().__init__(
            "種類", "当てはまるものをすべて選んでください（1つ以上）。あとから変えられます。"
        )
        self.boxes: dict[str, QCheckBox] = {}
        self.box = group_frame("kinds")
        grid = QGridLayout(self.box)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(12)
        for i, kind in enumerate(ResourceKind):
            check = QCheckBox(kind.label)
            self.boxes[kind.value] = check
            grid.addWidget(check, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        self.bind_errors({"kinds": self.box})
        self.finish_layout(layout)

    def values(self) -> dict:
        return {"kinds": tuple(k for k, box in self.boxes.items() if box.isChecked())}

    def fill(self, values: dict) -> None:
        chosen = set(values.get("kinds") or ())
        for kind, box in self.boxes.items():
            box.setChecked(kind in chosen)

    def check(self) -> dict[str, str]:
        if not any(box.isChecked() for box in self.boxes.values()):
            return {"kinds": "種類を1つ以上選んでください。"}
        return {}


class BasicsPage(ResourcePage):
    def __init__(self, context: AppContext) -> None:
        super().__init__("名称と場所", "名称は必須です。ほかは分かる範囲で入力してください。")
        self.context = context
        self._typed_operator = ""
        self.name_edit = line_edit("例: いきいきサロン北町")
        self.reading_edit = line_edit("例: いきいきさろんきたまち（並べ替えに使います）")
        self.org_combo = QComboBox()
        self.org_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.org_combo.setMinimumContentsLength(16)
        self.add_org_button = QPushButton("新しい団体を追加…")
        self.add_org_button.setToolTip("一覧にない団体を、その場で登録します")
        self.add_org_button.clicked.connect(self.add_organization)
        self.org_dialog: NewOrganizationDialog | None = None
        org_row = QHBoxLayout()
        org_row.addWidget(self.org_combo, 1)
        org_row.addWidget(self.add_org_button)
        self.area_combo = QComboBox()
        self.place_edit = line_edit("例: 北町公民館 和室")
        self.address_edit = line_edit("例: 北町1丁目2-3")
        self.description_edit = text_edit("例: お茶を飲みながらおしゃべり。月1回は体操もします。")
        form = new_form()
        form.add("名称（必須）", self.name_edit)
        form.add("ふりがな", self.reading_edit)
        form.add("運営主体", org_row)
        form.add("圏域", self.area_combo)
        form.add("場所", self.place_edit)
        form.add("住所", self.address_edit)
        form.add("活動内容", self.description_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.bind_errors(
            {
                "name": self.name_edit,
                "reading": self.reading_edit,
                "organization_id": self.org_combo,
                "operator_name": self.org_combo,
                "area_id": self.area_combo,
                "place": self.place_edit,
                "address": self.address_edit,
                "description": self.description_edit,
            }
        )
        self.finish_layout(layout)
        self.reload_choices()

    def reload_choices(self) -> None:
        db = self.context.db
        areas_ = [(NONE_CHOICE, None)]
        for area in areas.list_areas(db):
            areas_.append((f"全域（{area.name}）" if area.layer == 1 else area.name, area.id))
        fill_combo(self.area_combo, areas_)
        orgs = [(NONE_CHOICE, None)]
        if self._typed_operator:
            orgs.append((f"{self._typed_operator}（団体として未登録）", TYPED_OPERATOR))
        orgs += [(o.name, o.id) for o in organizations.list_organizations(db)]
        fill_combo(self.org_combo, orgs)

    def add_organization(self) -> None:
        self.org_dialog = NewOrganizationDialog(self.context, self.area_combo.currentData(), self)
        self.org_dialog.accepted.connect(self._organization_added)
        self.org_dialog.open()

    def _organization_added(self) -> None:
        created = self.org_dialog.created if self.org_dialog else None
        if created is None:
            return
        self.reload_choices()
        select_data(self.org_combo, created.id)
        self.org_combo.setFocus()

    def values(self) -> dict:
        org = self.org_combo.currentData()
        return {
            "name": self.name_edit.text(),
            "reading": self.reading_edit.text(),
            "organization_id": org if org not in (None, TYPED_OPERATOR) else None,
            "operator_name": self._typed_operator if org == TYPED_OPERATOR else "",
            "area_id": self.area_combo.currentData(),
            "place": self.place_edit.text(),
            "address": self.address_edit.text(),
            "description": self.description_edit.toPlainText(),
        }

    def fill(self, values: dict) -> None:
        self.name_edit.setText(values.get("name") or "")
        self.reading_edit.setText(values.get("reading") or "")
        self._typed_operator = (values.get("operator_name") or "").strip()
        self.reload_choices()
        org = values.get("organization_id")
        select_data(self.org_combo, org if org is not None else self._operator_choice())
        select_data(self.area_combo, values.get("area_id"))
        self.place_edit.setText(values.get("place") or "")
        self.address_edit.setText(values.get("address") or "")
        self.description_edit.setPlainText(values.get("description") or "")
        for edit in (self.name_edit, self.reading_edit, self.place_edit, self.address_edit):
            edit.setCursorPosition(0)

    def _operator_choice(self) -> int | None:
        return TYPED_OPERATOR if self._typed_operator else None

    def area_name(self) -> str:
        return "" if self.area_combo.currentData() is None else self.area_combo.currentText()

    def operator_label(self) -> str:
        org = self.org_combo.currentData()
        if org is None:
            return ""
        return self._typed_operator if org == TYPED_OPERATOR else self.org_combo.currentText()


def _count_field(placeholder: str) -> tuple[QLineEdit, QWidget]:
    edit = line_edit(placeholder)
    edit.setMaximumWidth(220)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit)
    layout.addWidget(QLabel("人"))
    layout.addStretch(1)
    return edit, row


class ParticipationPage(ResourcePage):
    def __init__(self) -> None:
        super().__init__(
            "参加費と人数", "分からない項目は空欄のままで進めます。人数は数字で入力してください。"
        )
        self.fee_edit = line_edit("例: 1回100円（お茶代）、無料")
        self.audience_edit = line_edit("例: おおむね65歳以上の町内の方")
        self.participants_edit, participants = _count_field("例: 15（ふだんの人数）")
        self.volunteers_edit, volunteers = _count_field("例: 4")
        self.capacity_edit, capacity = _count_field("例: 20")
        form = new_form()
        form.add("参加費・利用料", self.fee_edit)
        form.add("対象者", self.audience_edit)
        form.add("参加者数", participants)
        form.add("担い手の人数", volunteers)
        form.add("定員", capacity)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.count_edits = {
            "participants": self.participants_edit,
            "volunteers": self.volunteers_edit,
            "capacity": self.capacity_edit,
        }
        self.bind_errors({"fee": self.fee_edit, "audience": self.audience_edit, **self.count_edits})
        self.finish_layout(layout)

    def values(self) -> dict:
        values = {"fee": self.fee_edit.text(), "audience": self.audience_edit.text()}
        return values | {field: edit.text() for field, edit in self.count_edits.items()}

    def fill(self, values: dict) -> None:
        self.fee_edit.setText(values.get("fee") or "")
        self.audience_edit.setText(values.get("audience") or "")
        for field, edit in self.count_edits.items():
            value = values.get(field)
            edit.setText("" if value is None else str(value))


class ContactPage(ResourcePage):
    def __init__(self) -> None:
        super().__init__(
            "連絡先", "問い合わせ先を入力してください。住民向け資料に載せる場合は、ご本人の了解を。"
        )
        self.contact_edit = text_edit("例: 代表 山田さん 0123-45-6789（平日9時～17時）")
        self.notes_edit = text_edit("例: 送迎の相談に応じます。冬期は休み。", 110)
        form = new_form()
        form.add("連絡先", self.contact_edit)
        form.add("備考", self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.bind_errors({"contact": self.contact_edit, "notes": self.notes_edit})
        self.finish_layout(layout)

    def values(self) -> dict:
        return {"contact": self.contact_edit.toPlainText(), "notes": self.notes_edit.toPlainText()}

    def fill(self, values: dict) -> None:
        self.contact_edit.setPlainText(values.get("contact") or "")
        self.notes_edit.setPlainText(values.get("notes") or "")


class ReviewPage(ResourcePage):
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
