"""Small dialogs of the 地域課題 page: 「経過を書き足す」 and 「引き継ぐ…」.

Each calls its service in accept() and keeps the dialog open with the message at the field
when the input cannot be saved; `saved` holds the result after it closes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.wareki import DATE_EXAMPLES, WarekiError, format_wareki, parse_date
from app.services.errors import ServiceError, ValidationError
from app.services.issues.issue import LAYER1, IssueRow, add_note, hand_over
from app.ui.context import AppContext
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import ErrorDisplay

_HINT = "color: #555;"


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(_HINT)
    return label


class NoteDialog(QDialog):
    """One line of the issue's history: what was tried, what happened, on which day."""

    def __init__(self, context: AppContext, issue: IssueRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issue = issue
        self.saved = None
        self.setWindowTitle("経過を書き足す")
        self.date_edit = QLineEdit(format_wareki(date.today()))
        self.date_edit.setPlaceholderText(f"例: {DATE_EXAMPLES}")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(
            "例: 協議体で話し合い、商店会に移動販売の相談をすることになった。"
        )
        self.text_edit.setMinimumHeight(120)
        form = QFormLayout()
        form.addRow("日付", self.date_edit)
        form.addRow("経過（必須）", self.text_edit)
        self.error_label = QLabel()
        self.errors = ErrorDisplay(
            self.error_label, {"noted_on": self.date_edit, "text": self.text_edit}
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"課題「{issue.title}」"))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(_buttons(self, "書き足す"))
        self.resize(520, self.sizeHint().height())
        self.text_edit.setFocus()

    def accept(self) -> None:
        try:
            text = self.date_edit.text().strip()
            noted_on = parse_date(text) if text else None
        except WarekiError as error:
            self.errors.show(ValidationError({"noted_on": f"日付: {error}"}))
            return
        try:
            self.saved = add_note(
                self.context.db, self.issue.id, self.text_edit.toPlainText(), noted_on
            )
        except ValidationError as error:
            self.errors.show(error)
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self.context.notify_changed("issue")
        super().accept()


class HandOverDialog(QDialog):
    """引継ぎ: to 第1層 or a town-hall department, with the reason (both required)."""

    def __init__(self, context: AppContext, issue: IssueRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issue = issue
        self.saved: IssueRow | None = None
        self.setWindowTitle("課題を引き継ぐ")
        self.layer1_radio = QRadioButton(LAYER1)
        self.department_radio = QRadioButton("庁内の部署")
        group = QButtonGroup(self)
        group.addButton(self.layer1_radio)
        group.addButton(self.department_radio)
        self.department_edit = QLineEdit()
        self.department_edit.setPlaceholderText("例: 町民課 交通政策係")
        self.layer1_radio.setChecked(True)
        self.department_edit.setEnabled(False)
        self.department_radio.toggled.connect(self._target_changed)
        department_row = QHBoxLayout()
        department_row.addWidget(self.department_radio)
        department_row.addWidget(self.department_edit, 1)
        self.target_box = QWidget()
        target_layout = QVBoxLayout(self.target_box)
        target_layout.setContentsMargins(0, 0, 0, 0)
        target_layout.addWidget(self.layer1_radio)
        target_layout.addLayout(department_row)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(
            "例: 路線バスの見直しが必要で、地区の話し合いだけでは解決できないため。"
        )
        self.reason_edit.setMinimumHeight(110)
        form = QFormLayout()
        form.addRow("引継ぎ先", self.target_box)
        form.addRow("理由（必須）", self.reason_edit)
        self.error_label = QLabel()
        self.errors = ErrorDisplay(
            self.error_label,
            {"escalated_to": self.department_edit, "escalated_reason": self.reason_edit},
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"課題「{issue.title}」"))
        layout.addWidget(
            _note(
                "地域だけでは解決が難しい課題を、町全域の協議体（第1層）や役場の担当部署に"
                "引き継ぎます。引き継いだことと理由は経過に残ります。"
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self.hand_over_button: QPushButton | None = None
        buttons = _buttons(self, "引き継ぐ")
        self.hand_over_button = buttons.buttons()[0]
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self.reason_edit.setFocus()

    def _target_changed(self, department: bool) -> None:
        self.department_edit.setEnabled(department)
        if department:
            self.department_edit.setFocus()

    def target(self) -> str:
        return LAYER1 if self.layer1_radio.isChecked() else self.department_edit.text().strip()

    def accept(self) -> None:
        if self.department_radio.isChecked() and not self.target():
            self.errors.show(
                ValidationError({"escalated_to": "引き継ぐ部署の名前を入力してください。"})
            )
            return
        try:
            self.saved = hand_over(
                self.context.db,
                self.issue.id,
                self.target(),
                self.reason_edit.toPlainText(),
                expected_version=self.issue.version,
            )
        except ValidationError as error:
            self.errors.show(error)
            return
        except ServiceError as error:  # changed elsewhere meanwhile: keep what was typed
            show_service_error(self, error)
            return
        self.context.notify_changed("issue")
        super().accept()
