"""議事録 editor: write a meeting's minutes, confirm them, and correct them as a new 版.

Typing is saved by itself about two seconds after the last key (in the background, with the
version the editor holds), on Ctrl+S and on closing. When another window or PC saved the
same minutes meanwhile, nothing is overwritten: autosave stops, the text stays on screen and
can be copied out, and the latest can be loaded after a question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ConflictError, ServiceError, ValidationError
from app.services.meetings.meeting import MeetingDetail, MinutesLocked, get_meeting
from app.services.meetings.minutes import (
    MinutesInput,
    confirm_minutes,
    minutes_input_of,
    save_minutes,
    start_correction,
)
from app.ui.context import AppContext
from app.ui.meetings.minutes_files import keep_copy, save_minutes_paper
from app.ui.meetings.minutes_parts import (
    AgendaSection,
    plain_button,
    set_field_read_only,
)
from app.ui.meetings.minutes_views import (
    Banner,
    FieldMarks,
    FollowUpTab,
    MeetingHeader,
    RevisionsDialog,
    ask_close_unsaved,
    ask_correction_reason,
    correcting_message,
    locked_message,
    minutes_plain_text,
)
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm

log = logging.getLogger(__name__)

AUTOSAVE_MS = 2000
EDITOR_SIZE = (1000, 760)
READ_ONLY_STYLE = (
    'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] '
    "{ background: #f2f2f2; color: #222; }"
)
CONFLICT_MESSAGE = (
    "この議事録は、開いている間にほかの画面（または別のパソコン）で保存されました。"
    "上書きしないよう、この画面の文章は保存していません。自動保存も止めています。\n"
    "入力した文章は消えていません。この画面に残っています。"
    "「自分の文章をコピー」でコピーしてから「最新を読み込む」を押し、"
    "必要なところを貼り付け直してください。"
)

CONFIRM_QUESTION = (
    "確認済みにすると、この議事録は読むだけになり、書き換えられなくなります。\n"
    "あとで直すときは「訂正する」で新しい版を作ります（いまの版も残ります）。\n\n"
    "確認済みにしますか？"
)

Then = Callable[[bool], None]  # told whether everything on screen is saved


class MinutesEditor(QDialog):
    """The minutes of one meeting; calls context.notify_changed("meeting") after each change."""

    def __init__(self, context: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self._version = 0
        self._edits = 0  # counts every change typed
        self._saved_edits = 0  # the count that the last successful save held
        self._saving = False
        self._waiters: list[Then] = []
        self._conflicted = False
        self._loading = False
        self._closing = False
        self.kept_copy: Path | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(lambda: self._save(strict=False))
        self._build()
        self._load(get_meeting(context.db, meeting_id))
        self.resize(*EDITOR_SIZE)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)
        self.setStyleSheet(READ_ONLY_STYLE)
        self.header = MeetingHeader()
        self.correct_button = plain_button("訂正する(&R)")
        self.correct_button.clicked.connect(self.start_correction)
        self.locked_banner = Banner("locked", [self.correct_button])
        self.correcting_banner = Banner("correcting", [])
        self.copy_button = plain_button("自分の文章をコピー(&C)")
        self.copy_button.clicked.connect(self.copy_text)
        self.reload_button = plain_button("最新を読み込む(&L)")
        self.reload_button.clicked.connect(self.reload_latest)
        self.conflict_banner = Banner(
            "conflict", [self.copy_button, self.reload_button], "保存できませんでした"
        )

        self.agenda = AgendaSection(self._edited)
        follow_up = FollowUpTab(self._edited)
        self.actions = follow_up.actions
        self.next_meeting = follow_up.next_meeting
        self.recorder, self.confirmer = follow_up.recorder, follow_up.confirmer
        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda, "議題ごとの記録(&1)")
        self.tabs.addTab(follow_up, "今後の対応・次回予定・記録者(&2)")

        self.error_label = QLabel()
        self.marks = FieldMarks(self.error_label, self.tabs, self._fields)
        self.status = QLabel("入力は自動で保存されます（Ctrl+S ですぐに保存します）。")
        self.status.setStyleSheet("color: #555;")
        self.revisions_button = plain_button("以前の版(&V)")
        self.revisions_button.clicked.connect(self.show_revisions)
        self.pdf_button = plain_button("議事録を保存（PDF）(&P)")
        self.pdf_button.clicked.connect(lambda: self.save_paper(".pdf"))
        self.word_button = plain_button("Word で保存(&W)")
        self.word_button.clicked.connect(lambda: self.save_paper(".docx"))
        self.save_button = plain_button("保存(&S)")
        self.save_button.setToolTip("いますぐ保存します（Ctrl+S）。入力は自動でも保存されます。")
        self.save_button.clicked.connect(lambda: self.save_now())
        self.confirm_button = plain_button("確認済みにする(&K)")
        self.confirm_button.clicked.connect(self.confirm_minutes)
        self.close_button = plain_button("閉じる")
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save_now())

        buttons = QHBoxLayout()
        for button in (self.revisions_button, self.pdf_button, self.word_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.save_button, self.confirm_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.locked_banner)
        layout.addWidget(self.correcting_banner)
        layout.addWidget(self.conflict_banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ showing a meeting
    def _load(self, detail: MeetingDetail) -> None:
        """Show `detail` as it is saved; nothing on screen is then unsaved."""
        self.marks.clear()
        self._loading = True
        try:
            data = minutes_input_of(detail)
            self.agenda.fill(data.agenda)
            self.actions.fill(data.actions)
            self.next_meeting.setPlainText(data.next_meeting)
            recorder = data.recorder
            filled_in = not recorder and not detail.confirmed and bool(self.context.db.user)
            if filled_in:
                recorder = self.context.db.user  # a new draft: whoever is writing it
            self.recorder.setText(recorder)
            self.confirmer.setText(data.confirmer)
        finally:
            self._loading = False
        self._edits = self._saved_edits = 0
        if filled_in:  # shown, so it must be saved too (or confirming would say it is empty)
            self._edits = 1
            self.timer.start()
        self._conflicted = False
        self.conflict_banner.hide()
        self._show_state(detail)

    def _show_state(self, detail: MeetingDetail) -> None:
        self.detail = detail
        self._version = detail.version
        self.setWindowTitle(f"議事録 — {detail.title}")
        self.header.show_meeting(detail)
        locked = detail.confirmed
        self.agenda.set_read_only(locked)
        self.actions.set_read_only(locked)
        for widget in (self.next_meeting, self.recorder, self.confirmer):
            set_field_read_only(widget, locked)
        self.save_button.setEnabled(not locked)
        self.confirm_button.setEnabled(not locked)
        self.revisions_button.setEnabled(bool(detail.revisions))
        self.revisions_button.setToolTip(
            "" if detail.revisions else "確認済みにした版はまだありません。"
        )
        if locked:
            self.timer.stop()
            self.locked_banner.show_message(locked_message(detail))
            self._say("確認済みの議事録です（読むだけです）。")
        else:
            self.locked_banner.hide()
        if not locked and detail.minutes_revision > 1:
            self.correcting_banner.show_message(correcting_message(detail))
        else:
            self.correcting_banner.hide()

    # ------------------------------------------------------------------ editing and saving
    def _say(self, text: str, warn: bool = False) -> None:
        """The status line under the fields: saving, saved at, or why not."""
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if warn else "color: #555;")

    def has_unsaved_changes(self) -> bool:
        return self._edits != self._saved_edits

    def _edited(self) -> None:
        if self._loading:
            return
        self._edits += 1
        if self._conflicted or self.detail.confirmed:
            return
        self._say("変更があります（入力が止まると自動で保存します）")
        self.timer.start()

    def current_input(self) -> tuple[MinutesInput, dict[str, str]]:
        """What is on screen as the service takes it, and messages for unreadable dates."""
        actions, date_errors = self.actions.values()
        data = MinutesInput(
            agenda=tuple(self.agenda.values()),
            actions=tuple(actions),
            next_meeting=self.next_meeting.toPlainText(),
            recorder=self.recorder.text(),
            confirmer=self.confirmer.text(),
        )
        return data, date_errors

    def save_now(self, then: Then | None = None) -> None:
        """Save what is on screen now (Ctrl+S, 保存, and before confirming, printing, closing)."""
        if then is not None:
            self._waiters.append(then)
        self._save(strict=True)

    def _save(self, strict: bool) -> None:
        self.timer.stop()
        if self._saving:
            return  # the save under way starts the next one when it ends
        if self.detail.confirmed:
            self._tell_waiters(True)
            return
        if self._conflicted:
            self._say("保存できていません。上の案内をご覧ください。", warn=True)
            self._tell_waiters(False)
            return
        data, date_errors = self.current_input()
        if date_errors and (strict or self._waiters):
            self.marks.show(ValidationError(date_errors))
            self._say("期限の日付が読めないため、保存していません。", warn=True)
            self._tell_waiters(False)
            return
        if not self.has_unsaved_changes():
            self._tell_waiters(True)
            return
        # The service drops blank rows; remember which rows it keeps, to give them their ids.
        agenda_forms = [f for f in self.agenda.forms if not f.is_blank()]
        kept_rows = [
            row
            for row, action in zip(self.actions.rows, data.actions, strict=True)
            if action.description.strip() or action.owner.strip() or action.due_on is not None
        ]
        for form in self.agenda.forms:
            if form not in agenda_forms:
                form.item_id = None
        for row in self.actions.rows:
            if row not in kept_rows:
                row.item_id = None
        self._saving = True
        self._say("保存中…")
        edits, version = self._edits, self._version
        db, meeting_id = self.context.db, self.meeting_id

        def saved(detail: MeetingDetail) -> None:
            for form, item in zip(agenda_forms, detail.agenda, strict=False):
                form.item_id = item.id
            for row, action in zip(kept_rows, detail.actions, strict=False):
                row.item_id = action.id
                row.saved_due = action.due_on
            self._saved(detail, edits, date_errors, strict)

        run_in_background(
            lambda: save_minutes(db, meeting_id, data, version),
            saved,
            self._save_failed,
            self,
        )

    def _saved(
        self, detail: MeetingDetail, edits: int, date_errors: dict[str, str], strict: bool
    ) -> None:
        self._saving = False
        self._saved_edits = edits
        self._show_state(detail)
        self.marks.clear()
        what = "保存しました" if strict else "自動保存しました"
        self._say(f"{what} {datetime.now():%H:%M}")
        if date_errors:
            self.marks.show(ValidationError(date_errors))
            self._say(f"{what} {datetime.now():%H:%M}（読めない期限は、前の日付のままです）")
        self.context.notify_changed("meeting")
        if self.has_unsaved_changes():
            if self._waiters:
                self._save(strict=True)  # they asked for everything on screen
            else:
                self.timer.start()
        else:
            self._tell_waiters(True)

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        if isinstance(error, ConflictError):
            self._enter_conflict(CONFLICT_MESSAGE)
        elif isinstance(error, MinutesLocked):  # confirmed elsewhere meanwhile
            self._enter_conflict(
                f"{error.message}\n\nこの画面の文章は保存していませんが、消えていません。"
                "「自分の文章をコピー」でコピーしてから「最新を読み込む」を押してください。"
            )
        elif isinstance(error, ValidationError):
            self.marks.show(error)
            self._say("保存できませんでした。赤い枠の欄を確かめてください。", warn=True)
        elif isinstance(error, ServiceError):
            self._say("保存できませんでした。", warn=True)
            show_service_error(self, error)
        else:
            log.error("saving minutes failed", exc_info=error)
            self._say(
                "保存できませんでした。もう一度保存してみてください（Ctrl+S）。"
                "入力した文章は画面に残っています。",
                warn=True,
            )
        self._tell_waiters(False)

    def _tell_waiters(self, saved: bool) -> None:
        waiters, self._waiters = self._waiters, []
        for then in waiters:
            then(saved)

    # ------------------------------------------------------------------ conflicts
    def _enter_conflict(self, message: str) -> None:
        self._conflicted = True
        self.timer.stop()
        self.kept_copy = keep_copy(self.context.data_dir, self.meeting_id, self.plain_text())
        if self.kept_copy is not None:
            message += f"\n（念のため、文章の控えをファイルにも残しました: {self.kept_copy}）"
        self.conflict_banner.show_message(message)
        self._say("保存できていません（ほかの変更と重なりました）。", warn=True)

    def plain_text(self) -> str:
        """Everything typed here as plain text (headings, agenda, actions, people)."""
        return minutes_plain_text(
            self.detail,
            self.agenda.values(),
            [row.text() for row in self.actions.rows],
            self.next_meeting.toPlainText(),
            self.recorder.text(),
            self.confirmer.text(),
        )

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.plain_text())
        self._say("文章をコピーしました。メモ帳やワードに貼り付けられます。")

    def reload_latest(self) -> None:
        if self._conflicted and not confirm(
            self,
            "最新を読み込みますか",
            "画面の文章を、保存されている最新の内容に置き換えます。\n"
            "まだコピーしていない文章は画面から消えます。先に「自分の文章をコピー」を"
            "押しましたか？\n\n最新を読み込みますか？",
        ):
            return
        try:
            detail = get_meeting(self.context.db, self.meeting_id)
        except ServiceError as error:
            show_service_error(self, error)
            return
        self._load(detail)
        self._say(f"最新の内容を読み込みました {datetime.now():%H:%M}")

    # ------------------------------------------------------------------ confirm and correct
    def confirm_minutes(self) -> None:
        if not confirm(self, "確認済みにしますか", CONFIRM_QUESTION):
            return
        self.save_now(self._confirm_saved)

    def _confirm_saved(self, saved: bool) -> None:
        if not saved:
            return
        try:
            detail = confirm_minutes(self.context.db, self.meeting_id, self._version)
        except ValidationError as error:
            self.marks.show(error)
            self._say("まだ確認済みにできません。赤い枠の欄を確かめてください。", warn=True)
            return
        except ServiceError as error:
            show_service_error(self, error)
            return
        self._load(detail)
        self._say(f"確認済みにしました {datetime.now():%H:%M}")
        self.context.notify_changed("meeting")

    def start_correction(self) -> None:
        reason = ask_correction_reason(self)
        if reason is None:
            return
        try:
            detail = start_correction(self.context.db, self.meeting_id, reason, self._version)
        except ServiceError as error:  # MinutesLocked and ConflictError say what to do
            show_service_error(self, error)
            return
        self._load(detail)
        self._say(f"第{detail.minutes_revision}版として書き直せるようにしました。")
        self.context.notify_changed("meeting")

    # ------------------------------------------------------------------ other windows and papers
    def show_revisions(self) -> None:
        RevisionsDialog(self.detail, self).exec()

    def save_paper(self, suffix: str) -> None:
        """議事録 as PDF or Word, after saving what is on screen."""
        self.save_now(lambda saved: self._paper_saved(saved, suffix))

    def _paper_saved(self, saved: bool, suffix: str) -> None:
        if not saved:
            QMessageBox.information(
                self,
                "書類を作れません",
                "議事録を保存できていないため、書類を作れません。画面の案内を確かめてください。",
            )
            return
        save_minutes_paper(self, self.context.db, self.meeting_id, self.detail.title, suffix)

    def _fields(self) -> dict[str, QWidget]:
        """The service's error keys ("agenda.0.title", "recorder") mapped to their widgets."""
        return (
            self.agenda.fields()
            | self.actions.fields()
            | {
                "next_meeting": self.next_meeting,
                "recorder": self.recorder,
                "confirmer": self.confirmer,
            }
        )

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        """閉じる, Esc or the window's ×: save first; ask only when saving is not possible."""
        if self._closing:
            return
        if self._conflicted:
            if self._may_close_unsaved():
                self._close()
            return
        if self.detail.confirmed or not (self.has_unsaved_changes() or self._saving):
            self._close()
            return
        self._closing = True
        self._say("保存してから閉じます…")
        self.save_now(self._close_saved)

    def _close_saved(self, saved: bool) -> None:
        self._closing = False
        if saved or self._may_close_unsaved():
            self._close()

    def _may_close_unsaved(self) -> bool:
        answer = ask_close_unsaved(self)
        if answer == "copy":
            self.copy_text()
        return answer in ("copy", "discard")

    def _close(self) -> None:
        self.timer.stop()
        super().reject()
