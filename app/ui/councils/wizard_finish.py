"""The last pages of the 協議体の立ち上げ wizard: 設置要綱, 第1回の会議 and 確認."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from app.domain.bylaws import DEFAULT_TOPICS
from app.domain.clock import parse_clock
from app.domain.wareki import WarekiError
from app.ui.councils.wizard_widgets import CouncilForm, CouncilPage, DateField, as_date
from app.ui.resources.wizard_pages import hint, line_edit, text_edit
from app.ui.widgets.forms import confirm, hbox

# ---------------------------------------------------------------------- 5 設置要綱


class BylawsPage(CouncilPage):
    def __init__(self) -> None:
        super().__init__(
            "設置要綱",
            "ひな形を入れてあります。町の書き方に合わせて直してください。協議事項は1行に1つです。",
        )
        self._template = ""  # the text last drafted from the template
        self.topics_edit = text_edit("1行に1つずつ入力します", 100)
        self.topics_edit.textChanged.connect(self._topics_changed)
        self.bylaws_edit = text_edit("", 300)
        self.bylaws_edit.setMinimumHeight(220)
        self.bylaws_edit.setMaximumHeight(16777215)
        self.rebuild_button = QPushButton("ひな形から作り直す(&R)")
        self.rebuild_button.setToolTip("これまでの入力から、設置要綱の文をもう一度作ります")
        self.rebuild_button.clicked.connect(self.rebuild)
        self.stale_label = hint(
            "前のページの内容が変わっています。反映するときは「ひな形から作り直す」を押してください。"
        )
        self.stale_label.hide()
        form = CouncilForm()
        form.add("協議事項", self.topics_edit)
        bylaws_label = form.add("設置要綱", self.bylaws_edit)
        bylaws_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stale_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.rebuild_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(buttons)
        self.bind_errors({"topics": self.topics_edit, "bylaws": self.bylaws_edit})
        layout.addWidget(self.error_label)

    def topics(self) -> tuple[str, ...]:
        lines = (line.strip() for line in self.topics_edit.toPlainText().splitlines())
        return tuple(line for line in lines if line)

    def edited(self) -> bool:
        text = self.bylaws_edit.toPlainText().strip()
        return bool(text) and text != self._template.strip()

    def _draft(self) -> str:
        return self.wizard().draft_bylaws(self.topics())

    def initializePage(self) -> None:
        fresh = self._draft()
        if not self.edited():
            self._set_text(fresh)
        self.stale_label.setVisible(self.edited() and fresh.strip() != self._template.strip())

    def _topics_changed(self) -> None:
        if self.wizard() is not None and self.isVisible() and not self.edited():
            self._set_text(self._draft())

    def _set_text(self, text: str) -> None:
        self._template = text
        self.bylaws_edit.setPlainText(text)

    def rebuild(self) -> None:
        if self.edited() and not confirm(
            self,
            "設置要綱を作り直しますか",
            "手で直した文は消えて、ひな形から作った文に置き換わります。作り直しますか？",
        ):
            return
        self._set_text(self._draft())
        self.stale_label.hide()
        self.bylaws_edit.setFocus()

    def values(self) -> dict:
        return {
            "topics": self.topics_edit.toPlainText(),
            "bylaws": self.bylaws_edit.toPlainText(),
            "bylaws_template": self._template,
        }

    def fill(self, values: dict) -> None:
        topics = values.get("topics")
        self.topics_edit.blockSignals(True)
        self.topics_edit.setPlainText("\n".join(DEFAULT_TOPICS) if topics is None else topics)
        self.topics_edit.blockSignals(False)
        self.bylaws_edit.setPlainText(values.get("bylaws") or "")
        self._template = values.get("bylaws_template") or ""


# ---------------------------------------------------------------------- 6 第1回の会議


def _clock_error(key: str, label: str, text: str) -> dict[str, str]:
    try:
        parse_clock(text)
    except ValueError as error:
        return {key: f"{label}: {error}"}
    return {}


class FirstMeetingPage(CouncilPage):
    def __init__(self) -> None:
        super().__init__(
            "第1回の会議",
            "第1回の日時と場所を決めてあれば入れてください。会議の一覧に予定として入ります。",
        )
        self.undecided_check = QCheckBox("まだ決めない（あとで会議の画面から登録します）(&U)")
        self.undecided_check.toggled.connect(self._update)
        self.date_field = DateField()
        self.start_edit = line_edit("例: 13:30")
        self.end_edit = line_edit("例: 15:00")
        for edit in (self.start_edit, self.end_edit):
            edit.setMaximumWidth(160)
        self.place_edit = line_edit("例: 北地区公民館 大会議室")
        self.times = hbox(self.start_edit, QLabel("～"), self.end_edit)
        form = CouncilForm()
        form.add("", self.undecided_check)
        form.add("日にち", self.date_field)
        form.add("時間", self.times)
        form.add("場所", self.place_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(
            hint(
                "時刻は「13:30」「午後1時半」のように入れられます。終わりの時刻は空欄でも"
                "かまいません。次第や出欠は、立ち上げたあと会議の画面で準備できます。"
            )
        )
        self.bind_errors(
            {
                "first_meeting.held_on": self.date_field.edit,
                "first_meeting.starts_at": self.start_edit,
                "first_meeting.ends_at": self.end_edit,
                "first_meeting.place": self.place_edit,
            }
        )
        self.finish_layout(layout)

    def owns(self, key: str) -> bool:
        return key.startswith("first_meeting")

    def _update(self) -> None:
        decided = not self.undecided_check.isChecked()
        for widget in (self.date_field, self.times, self.place_edit):
            widget.setEnabled(decided)

    def values(self) -> dict:
        return {
            "meeting_undecided": self.undecided_check.isChecked(),
            "meeting_date": self.date_field.text(),
            "meeting_starts": self.start_edit.text().strip(),
            "meeting_ends": self.end_edit.text().strip(),
            "meeting_place": self.place_edit.text(),
        }

    def fill(self, values: dict) -> None:
        self.undecided_check.setChecked(bool(values.get("meeting_undecided", False)))
        self.date_field.setText(values.get("meeting_date"))
        self.start_edit.setText(values.get("meeting_starts") or "")
        self.end_edit.setText(values.get("meeting_ends") or "")
        self.place_edit.setText(values.get("meeting_place") or "")
        self._update()

    def check(self) -> dict[str, str]:
        texts = (self.start_edit.text(), self.end_edit.text(), self.place_edit.text())
        if self.undecided_check.isChecked() or not (
            self.date_field.text() or any(t.strip() for t in texts)
        ):
            return {}  # left blank: no first meeting yet, as with 「まだ決めない」
        errors: dict[str, str] = {}
        try:
            if as_date(self.date_field.text()) is None:
                errors["first_meeting.held_on"] = (
                    "第1回の日にちを入力してください。決まっていなければ「まだ決めない」に"
                    "チェックを入れてください（時間や場所は残ります）。"
                )
        except WarekiError as error:
            errors["first_meeting.held_on"] = f"日にち: {error}"
        starts, ends = self.start_edit.text(), self.end_edit.text()
        errors |= _clock_error("first_meeting.starts_at", "始まりの時刻", starts)
        errors |= _clock_error("first_meeting.ends_at", "終わりの時刻", ends)
        if (
            not errors
            and starts.strip()
            and ends.strip()
            and parse_clock(ends) <= parse_clock(starts)
        ):
            errors["first_meeting.ends_at"] = (
                "終わりの時刻が始まりの時刻より前（または同じ）になっています。"
                "時刻を確かめてください。"
            )
        return errors


# ---------------------------------------------------------------------- 7 確認


class ReviewPage(CouncilPage):
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
