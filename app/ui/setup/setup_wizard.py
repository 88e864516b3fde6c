"""First start: municipality, its areas, and who is using this PC. Or: try the demo town."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.db.engine import Database
from app.services.errors import ServiceError, ValidationError
from app.services.setup.areas import AreaInput
from app.services.setup.town import SetupInput, run_setup, validate_setup
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import ErrorDisplay, confirm, name_wizard_buttons

DISTRICT_COLUMNS = ("名前", "ふりがな", "人口", "65歳以上", "75歳以上")
DISTRICT_FIELDS = ("name", "reading", "population", "aged_65_plus", "aged_75_plus")


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class MunicipalityPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("ようこそ、ささえあいノートへ")
        self.setSubTitle("はじめに、町の名前を教えてください。あとから設定画面で直せます。")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例: みどり町")
        self.name_edit.setMaxLength(200)
        self.demo_button = QPushButton("まずはデモの町（みどり町）で試す")
        self.demo_button.setToolTip(
            "架空の町のデータで画面を開きます。あとで自分の町を登録できます。"
        )
        self.error_label = QLabel()
        self.errors = ErrorDisplay(self.error_label, {"municipality": self.name_edit})
        form = QFormLayout()
        form.addRow("市町村名", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addSpacing(24)
        layout.addWidget(_note("操作を先に試したいときは、架空の町のデータで始められます。"))
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.registerField("municipality*", self.name_edit)


class MunicipalityAreaPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第1層（市町村全域）")
        self.setSubTitle("町全体を1つの圏域として登録します。人数はわかる範囲で入れてください。")
        self.name_edit = QLineEdit()
        self.population_edit = QLineEdit()
        self.aged_65_edit = QLineEdit()
        self.aged_75_edit = QLineEdit()
        for edit in (self.population_edit, self.aged_65_edit, self.aged_75_edit):
            edit.setPlaceholderText("例: 12,480（空欄でもかまいません）")
        self.error_label = QLabel()
        self.errors = ErrorDisplay(
            self.error_label,
            {
                "municipality_area.name": self.name_edit,
                "municipality_area.population": self.population_edit,
                "municipality_area.aged_65_plus": self.aged_65_edit,
                "municipality_area.aged_75_plus": self.aged_75_edit,
            },
        )
        form = QFormLayout()
        form.addRow("圏域の名前", self.name_edit)
        form.addRow("人口", self.population_edit)
        form.addRow("65歳以上の人数", self.aged_65_edit)
        form.addRow("75歳以上の人数", self.aged_75_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        if not self.name_edit.text().strip():
            self.name_edit.setText(f"{self.field('municipality').strip()}全域")

    def area_input(self) -> AreaInput:
        return AreaInput(
            name=self.name_edit.text(),
            population=self.population_edit.text(),
            aged_65_plus=self.aged_65_edit.text(),
            aged_75_plus=self.aged_75_edit.text(),
        )


class DistrictsPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第2層（中学校区・日常生活圏域）")
        self.setSubTitle(
            "第2層の圏域を1行に1つずつ入れてください。第2層を置かない町は、空のままで進めます。"
        )
        self.table = QTableWidget(0, len(DISTRICT_COLUMNS))
        self.table.setHorizontalHeaderLabels(DISTRICT_COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_button = QPushButton("行を追加")
        self.remove_button = QPushButton("選んだ行を削除")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self._remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(_note("人数は空欄でもかまいません。ふりがなは並べ替えに使います。"))
        layout.addWidget(self.error_label)
        for _ in range(3):
            self.add_row()

    def add_row(self) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(DISTRICT_COLUMNS)):
            self.table.setItem(row, column, QTableWidgetItem(""))
        self.table.setCurrentCell(row, 0)

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def district_inputs(self) -> tuple[list[AreaInput], list[int]]:
        """Filled rows as inputs (blank rows skipped) and the table row of each."""
        inputs, rows = [], []
        for row in range(self.table.rowCount()):
            values = {
                field: (self.table.item(row, column).text() if self.table.item(row, column) else "")
                for column, field in enumerate(DISTRICT_FIELDS)
            }
            if not any(v.strip() for v in values.values()):
                continue
            inputs.append(AreaInput(**values))
            rows.append(row)
        return inputs, rows

    def show_errors(self, error: ValidationError, rows: list[int]) -> None:
        messages = []
        for key, message in error.fields.items():
            if key.startswith("districts."):
                _, index, field = key.split(".", 2)
                row = rows[int(index)]
                messages.append(f"{row + 1}行目: {message}")
                self.table.setCurrentCell(row, DISTRICT_FIELDS.index(field))
            elif key == "districts":
                messages.append(message)
        self.error_label.setText("\n".join(messages))


class UserPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("お使いになる方")
        self.setSubTitle(
            "この PC で記録する方のお名前です。だれがいつ何を変えたかの記録（履歴）に残ります。"
        )
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例: 佐藤 花子")
        self.error_label = QLabel()
        self.errors = ErrorDisplay(self.error_label, {"user_name": self.name_edit})
        form = QFormLayout()
        form.addRow("お名前", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(_note("「完了」を押すと、町と圏域を登録してホーム画面を開きます。"))
        layout.addStretch(1)
        self.registerField("user_name*", self.name_edit)


class SetupWizard(QWizard):
    """Collects SetupInput page by page; each page is checked before moving on."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("ささえあいノート 初期設定")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        name_wizard_buttons(self, finish="完了")
        self.municipality_page = MunicipalityPage()
        self.area_page = MunicipalityAreaPage()
        self.districts_page = DistrictsPage()
        self.user_page = UserPage()
        for page in (self.municipality_page, self.area_page, self.districts_page, self.user_page):
            self.addPage(page)
        self.chose_demo = False
        self.municipality_page.demo_button.clicked.connect(self._choose_demo)
        self.resize(760, 560)

    def reject(self) -> None:
        """やめる / Esc / closing: confirm first when something has been typed."""
        typed = self.municipality_page.name_edit.text().strip() or any(
            self.districts_page.district_inputs()[0]
        )
        if (
            typed
            and not self.chose_demo
            and not confirm(
                self,
                "初期設定をやめますか",
                "入力した内容は保存されません。初期設定をやめて、アプリを閉じますか？",
            )
        ):
            return
        super().reject()

    def _choose_demo(self) -> None:
        self.chose_demo = True
        self.accept()

    def setup_input(self) -> SetupInput:
        districts, _rows = self.districts_page.district_inputs()
        return SetupInput(
            municipality=self.municipality_page.name_edit.text(),
            municipality_area=self.area_page.area_input(),
            districts=districts,
            user_name=self.user_page.name_edit.text(),
        )

    def keyPressEvent(self, event) -> None:
        """Enter inside the districts table moves down a row, as in a spreadsheet.

        Without this, QWizard treats Enter as "次へ" and a person finishing a cell would be
        taken to the next page by surprise.
        """
        table = self.districts_page.table
        focus = QApplication.focusWidget()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and focus is not None
            and (table.isAncestorOf(focus) or focus is table)
        ):
            row = table.currentRow() + 1
            if row >= table.rowCount():
                self.districts_page.add_row()
            table.setCurrentCell(row, max(table.currentColumn(), 0))
            event.accept()
            return
        super().keyPressEvent(event)

    def user_name(self) -> str:
        return self.user_page.name_edit.text().strip()

    def validateCurrentPage(self) -> bool:
        """Validate everything, but only stop on the errors of the page being left."""
        if self.chose_demo:  # QWizard.done() validates too; the demo needs nothing typed
            return True
        page = self.currentPage()
        try:
            validate_setup(self.setup_input())
        except ValidationError as error:
            return self._page_ok(page, error)
        if page is self.user_page:
            return self._save()
        return True

    def _page_ok(self, page: QWizardPage, error: ValidationError) -> bool:
        group = {
            self.municipality_page: "municipality",
            self.area_page: "municipality_area",
            self.districts_page: "districts",
            self.user_page: "user_name",
        }[page]
        mine = {k: v for k, v in error.fields.items() if k == group or k.startswith(group + ".")}
        if not mine:
            if page is self.user_page:  # errors left on earlier pages: send the person back
                QMessageBox.warning(self, "入力を確かめてください", error.message)
                return False
            return True
        if page is self.districts_page:
            _inputs, rows = self.districts_page.district_inputs()
            self.districts_page.show_errors(ValidationError(mine), rows)
        else:
            page.errors.show(ValidationError(mine))
        return False

    def _save(self) -> bool:
        self.db.user = self.user_name()
        try:
            run_setup(self.db, self.setup_input())
        except ValidationError as error:
            return self._page_ok(self.user_page, error)
        except ServiceError as error:
            show_service_error(self, error)
            return False
        return True
