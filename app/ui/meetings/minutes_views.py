"""What the 議事録 editor shows around the fields: the meeting header, the banners, the
「以前の版」 window, and the minutes as plain text for the clipboard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Attendance
from app.domain.wareki import format_wareki
from app.services.errors import ValidationError
from app.services.meetings.meeting import MeetingDetail
from app.services.meetings.minutes import AgendaMinutesInput, revisions_text
from app.ui.meetings.minutes_parts import ActionSection, ActionText, Edited, hint, long_text
from app.ui.widgets.forms import ErrorDisplay

BADGE_COLOURS = {  # background, text
    "draft": ("#e3f2fd", "#0d47a1"),
    "confirmed": ("#e8f5e9", "#1b5e20"),
    "correcting": ("#fff3e0", "#e65100"),
}
BANNER_COLOURS = {
    "locked": "background: #e8f5e9; border: 1px solid #81c784;",
    "correcting": "background: #fff3e0; border: 1px solid #ffb74d;",
    "conflict": "background: #ffebee; border: 2px solid #c62828;",
}


def badge_of(detail: MeetingDetail) -> tuple[str, str]:
    """The state badge's text and colour key: 下書き / 確認済み / 訂正中（第N版）."""
    if detail.confirmed:
        return detail.minutes_label, "confirmed"
    if detail.minutes_revision > 1:
        return detail.minutes_label, "correcting"
    return "下書き", "draft"


def attendance_summary(detail: MeetingDetail) -> str:
    counts = Counter(a.status for a in detail.attendees)
    parts = [f"{s.label} {counts[s.value]}名" for s in Attendance if counts[s.value]]
    return "・".join(parts) if parts else "出欠はまだ入力されていません"


class MeetingHeader(QWidget):
    """会議名, 日時, 場所, 出欠, and the state badge."""

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.when = QLabel()
        self.place = QLabel()
        self.attendance = QLabel()
        self.attendance.setWordWrap(True)
        self.badge = QLabel()
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumWidth(120)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        facts = QHBoxLayout()
        for label in (self.when, self.place):
            facts.addWidget(label)
            facts.addSpacing(24)
        facts.addWidget(self.attendance, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(facts)

    def show_meeting(self, detail: MeetingDetail) -> None:
        self.title.setText(detail.title)
        self.when.setText(f"日時: {detail.when}")
        self.place.setText(f"場所: {detail.place or '（未入力）'}")
        self.attendance.setText(attendance_summary(detail))
        text, key = badge_of(detail)
        background, colour = BADGE_COLOURS[key]
        self.badge.setText(text)
        self.badge.setStyleSheet(
            f"background: {background}; color: {colour}; border: 1px solid {colour};"
            "border-radius: 10px; padding: 4px 12px; font-weight: bold;"
        )


def locked_message(detail: MeetingDetail) -> str:
    facts = [f"第{detail.minutes_revision}版"]
    if detail.confirmed_on:
        facts.append(f"確認日 {format_wareki(detail.confirmed_on)}")
    if detail.confirmer:
        facts.append(f"確認者 {detail.confirmer}")
    return (
        f"この議事録は確認済みです（{'、'.join(facts)}）。"
        "読むことはできますが、書き換えはできません。\n"
        f"直すときは「訂正する」を押すと、新しい版（第{detail.minutes_revision + 1}版）"
        "として書き直せます。いまの版はそのまま残り、「以前の版」でいつでも見られます。"
    )


def correcting_message(detail: MeetingDetail) -> str:
    return (
        f"第{detail.minutes_revision}版として訂正中です（理由: {detail.correction_reason}）。"
        "直し終えたら「確認済みにする」を押してください。"
        "確認済みの以前の版は「以前の版」で見られます。"
    )


class Banner(QFrame):
    """A coloured message across the editor, with the buttons that answer it."""

    def __init__(self, kind: str, buttons: Sequence[QPushButton], heading: str = "") -> None:
        super().__init__()
        self.setObjectName("banner")
        self.setStyleSheet(f"QFrame#banner {{ {BANNER_COLOURS[kind]} border-radius: 6px; }}")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        if heading:
            title = QLabel(heading)
            title.setStyleSheet("font-weight: bold; color: #b71c1c;")
            layout.addWidget(title)
        layout.addWidget(self.message)
        if buttons:
            row = QHBoxLayout()
            row.addStretch(1)
            for button in buttons:
                row.addWidget(button)
            layout.addLayout(row)
        self.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.show()


class FollowUpTab(QWidget):
    """The second tab: 今後の対応, 次回予定, 記録者 and 確認者."""

    def __init__(self, on_edit: Edited) -> None:
        super().__init__()
        self.actions = ActionSection(on_edit)
        self.next_meeting = long_text("例: 令和9年1月20日(水) 午後1時30分から 北公民館")
        self.next_meeting.setFixedHeight(90)
        self.next_meeting.textChanged.connect(on_edit)
        self.recorder = QLineEdit()
        self.confirmer = QLineEdit()
        self.confirmer.setPlaceholderText("議事録を確かめた人（会長など）")
        actions_box = QGroupBox("今後の対応（宿題・担当）")
        QVBoxLayout(actions_box).addWidget(self.actions)
        next_box = QGroupBox("次回予定")
        QVBoxLayout(next_box).addWidget(self.next_meeting)
        people = QHBoxLayout()
        for text, edit in (("記録者(&M)", self.recorder), ("確認者(&O)", self.confirmer)):
            edit.textChanged.connect(on_edit)
            label = QLabel(text)
            label.setBuddy(edit)
            people.addWidget(label)
            people.addWidget(edit, 1)
            people.addSpacing(16)
        people_box = QGroupBox("記録者と確認者")
        people_layout = QVBoxLayout(people_box)
        people_layout.addLayout(people)
        people_layout.addWidget(hint("確認済みにするには、記録者と確認者の両方が必要です。"))
        layout = QVBoxLayout(self)
        layout.addWidget(actions_box, 1)
        layout.addWidget(next_box)
        layout.addWidget(people_box)


class FieldMarks:
    """Shows a service's ValidationError at the editor's fields: the field's tab and agenda
    item are brought forward first, so the red frame and the cursor are where one looks."""

    def __init__(
        self, label: QLabel, tabs: QTabWidget, fields: Callable[[], dict[str, QWidget]]
    ) -> None:
        self._label = label
        self._tabs = tabs
        self._fields = fields  # asked each time: agenda items and action rows come and go
        self._display: ErrorDisplay | None = None

    def show(self, error: ValidationError) -> None:
        self.clear()
        fields = self._fields()
        first = next((name for name in error.fields if name in fields), None)
        if first is not None:
            agenda = self._tabs.widget(0)
            parts = first.split(".")
            if parts[0] == "agenda" and len(parts) > 1 and hasattr(agenda, "select"):
                agenda.select(int(parts[1]))
            widget = fields[first]
            on_agenda = widget is agenda or agenda.isAncestorOf(widget)
            self._tabs.setCurrentIndex(0 if on_agenda else 1)
        self._display = ErrorDisplay(self._label, fields)
        self._display.show(error)

    def clear(self) -> None:
        if self._display is not None:
            try:
                self._display.clear()
            except RuntimeError:  # a marked row was removed meanwhile
                self._label.hide()
            self._display = None


def ask_correction_reason(parent: QWidget) -> str | None:
    """The reason for a correction (required), or None when the person gives up."""
    reason = ""
    while True:
        reason, ok = QInputDialog.getMultiLineText(
            parent,
            "議事録を訂正する",
            "訂正の理由を入力してください（必ず入力します）。\n"
            "例: 決定事項の書き間違いを直すため\n"
            "いまの版はそのまま残り、新しい版として書き直せます。",
            reason,
        )
        if not ok:
            return None
        if reason.strip():
            return reason
        QMessageBox.information(parent, "訂正の理由", "訂正の理由を入力してください。")


def ask_close_unsaved(parent: QWidget) -> str:
    """ "copy", "discard" or "stay": what to do with text that could not be saved."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("保存できていない文章があります")
    box.setText(
        "この画面の文章は保存できていません。このまま閉じると、保存していない文章は"
        "画面から消えます。"
    )
    copy = box.addButton("文章をコピーして閉じる", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("保存せずに閉じる", QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("閉じずに戻る", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    return {copy: "copy", discard: "discard"}.get(box.clickedButton(), "stay")


class RevisionsDialog(QDialog):
    """「以前の版」: each filed 版 with its 確認日, 確認者 and 訂正理由, its text read-only."""

    HEADERS = ("版", "確認日", "確認者", "訂正の理由")

    def __init__(self, detail: MeetingDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"以前の版 — {detail.title}")
        self.resize(900, 640)
        self._texts = dict(revisions_text(detail))
        self.table = QTableWidget(len(detail.revisions), len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, revision in enumerate(detail.revisions):
            cells = (
                f"第{revision.revision}版",
                format_wareki(revision.confirmed_on),
                revision.confirmed_by,
                revision.reason or "（最初の版）",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, revision.revision)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text)
        splitter.setSizes([150, 450])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("閉じる")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(
            "確認済みにした版は、訂正したあともこのまま残ります。版を選ぶと、その版の内容が"
            "下に表示されます（読むだけで、書き換えはできません）。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        if detail.revisions:
            self.table.selectRow(len(detail.revisions) - 1)
            self._show(len(detail.revisions) - 1)
        else:
            self.text.setPlainText("確認済みにした版はまだありません。")

    def _show(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.text.setPlainText(self._texts.get(item.data(Qt.ItemDataRole.UserRole), ""))


def minutes_plain_text(
    detail: MeetingDetail,
    agenda: Sequence[AgendaMinutesInput],
    actions: Sequence[ActionText],
    next_meeting: str,
    recorder: str,
    confirmer: str,
) -> str:
    """Everything typed in the editor as plain text, to paste elsewhere after a conflict."""
    lines = [
        f"会議名: {detail.title}",
        f"日時: {detail.when}",
        f"場所: {detail.place}",
        "",
    ]
    for n, item in enumerate(agenda, start=1):
        presenter = f"（説明者: {item.presenter.strip()}）" if item.presenter.strip() else ""
        lines.append(f"{n}. {item.title.strip()}{presenter}")
        if item.discussion.strip():
            lines += ["【協議内容】", item.discussion.rstrip()]
        if item.decisions.strip():
            lines += ["【決定事項】", item.decisions.rstrip()]
        lines.append("")
    filled = [a for a in actions if a.description.strip() or a.owner.strip() or a.due_text]
    if filled:
        lines.append("【今後の対応】")
        for action in filled:
            owner = f"　担当: {action.owner.strip()}" if action.owner.strip() else ""
            due = f"　期限: {action.due_text}" if action.due_text else ""
            lines.append(f"・{action.description.strip()}{owner}{due}　［{action.state}］")
        lines.append("")
    if next_meeting.strip():
        lines += ["【次回予定】", next_meeting.rstrip(), ""]
    lines.append(f"記録者: {recorder.strip()}　確認者: {confirmer.strip()}")
    return "\n".join(lines)
