"""STEP pages: an overview per STEP, and one page per catalog item with its checks."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalog import CatalogItem
from app.domain.wareki import format_wareki
from app.services.errors import NotFound, ServiceError, ValidationError
from app.services.guide.checklist import EARLIEST_DATE, CheckState, set_check, states_for_area
from app.services.guide.evidence import Evidence, evidence_for_area
from app.services.setup import areas as area_service
from app.ui.context import AppContext
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import ErrorDisplay


def _heading(text: str, size: int = 16) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"font-size: {size}pt; font-weight: bold;")
    return label


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class _RebuiltPage(QWidget):
    """A page whose body is built afresh on each refresh inside a scroll area.

    Setting a new widget on the scroll area destroys the old one at once, so nothing of the
    previous content lingers on screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    def _new_body(self) -> QVBoxLayout:
        # The old body may hold the very button whose click led here: hide it now, delete it
        # once control is back in the event loop (deleting it at once crashes Qt).
        old = self.scroll.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        inner = QWidget()
        body = QVBoxLayout(inner)
        body.setSpacing(10)
        self.scroll.setWidget(inner)
        return body

    def refresh_later(self) -> None:
        """Rebuild after the current signal has returned (used from the body's own widgets)."""
        QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        raise NotImplementedError

    def _area(self):
        """The chosen area, or None while the window is choosing another (this one trashed)."""
        if self.context.area_id is None:
            return None
        try:
            return area_service.get_area(self.context.db, self.context.area_id)
        except NotFound:
            return None


class StepOverviewPage(_RebuiltPage):
    """STEP n: what it is for, and its items with this area's progress."""

    open_item = Signal(str, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.step_number = 1
        context.area_changed.connect(lambda _area: self._refresh_if_shown())
        context.records_changed.connect(lambda _table: self._refresh_if_shown())

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    @property
    def TITLE(self) -> str:
        return f"STEP {self.step_number}"

    def show_step(self, number: int) -> None:
        self.step_number = number
        self.refresh()

    def refresh(self) -> None:
        area = self._area()
        if area is None:
            return
        catalog = self.context.catalog
        step = catalog.step(self.step_number)
        states = states_for_area(self.context.db, area.id)
        self.body = self._new_body()
        self.body.addWidget(_heading(f"STEP {step.number}　{step.title}", 18))
        self.body.addWidget(_paragraph(escape(step.summary)))
        self.body.addWidget(_paragraph(f"対象の圏域: <b>{escape(area.name)}</b>"))
        for item in catalog.items_for_step(self.step_number):
            done = sum(states[c.key].done for c in item.checks)
            row = QHBoxLayout()
            text = _paragraph(
                f"<b>{item.code}　{escape(item.title)}</b>"
                f"　<span style='color:#555'>（{done} / {len(item.checks)} 済）</span><br>"
                f"{escape(item.summary)}"
            )
            button = QPushButton("開く")
            button.setToolTip(f"{item.code} {item.title} のページを開きます")
            button.clicked.connect(
                lambda _=False, code=item.code: self.open_item.emit(code, self.context.area_id)
            )
            row.addWidget(text, 1)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            frame.setLayout(row)
            self.body.addWidget(frame)
        self.body.addStretch(1)


class CheckNoteDialog(QDialog):
    """Date and note of one check item; saving ticks it."""

    def __init__(self, text: str, state: CheckState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("実施日とメモ")
        self.done_check = QCheckBox("実施済み")
        self.done_check.setChecked(True)  # opening this dialog is almost always to record one
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy/MM/dd")
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.date_edit.setMinimumDate(
            QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day)
        )
        when = state.done_on or date.today()
        self.date_edit.setDate(QDate(when.year, when.month, when.day))
        self.note_edit = QPlainTextEdit(state.note)
        self.note_edit.setPlaceholderText(
            "例: 役場の担当課と社協で打合せ。要綱の叩き台を共有した。"
        )
        self.note_edit.setTabChangesFocus(True)
        self.errors_label = QLabel()
        self.errors = ErrorDisplay(
            self.errors_label, {"note": self.note_edit, "done_on": self.date_edit}
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        question = QLabel(text)
        question.setWordWrap(True)
        form = QFormLayout()
        form.addRow("", self.done_check)
        form.addRow("実施日", self.date_edit)
        form.addRow("メモ", self.note_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(self.errors_label)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def values(self) -> tuple[bool, date, str]:
        q = self.date_edit.date()
        return (
            self.done_check.isChecked(),
            date(q.year(), q.month(), q.day()),
            (self.note_edit.toPlainText()),
        )


class StepItemPage(_RebuiltPage):
    """One catalog item: points, the checks of the chosen area, and the guidance's examples."""

    TITLE = "STEP の項目"
    # (table, id): open that record; id 0 asks for a new one. Tables: "council", "meeting",
    # "issue", "kj" (id: the board's area) and "maps" (the matrix and the needs map).
    open_record = Signal(str, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.item: CatalogItem = context.catalog.items[0]
        self.check_boxes: dict[str, QCheckBox] = {}
        self.when_labels: dict[str, QLabel] = {}
        self.states: dict[str, CheckState] = {}
        self.evidence: dict[str, list[Evidence]] = {}
        self.evidence_labels: dict[str, QLabel] = {}
        context.area_changed.connect(lambda _area: self.isVisible() and self.refresh())

    def show_item(self, code: str) -> None:
        self.item = self.context.catalog.item(code)
        self.refresh()

    def refresh(self) -> None:
        area = self._area()
        if area is None:
            return
        item = self.item
        self.states = states_for_area(self.context.db, area.id)
        self.evidence = evidence_for_area(self.context.db, area.id)
        self.body = self._new_body()
        self.check_boxes.clear()
        self.when_labels.clear()
        self.evidence_labels.clear()
        self.body.addWidget(_heading(f"{item.code}　{item.title}", 18))
        self.body.addWidget(_paragraph(escape(item.summary)))

        self.body.addWidget(_heading("ポイント", 13))
        points = "".join(f"<li>{escape(p)}</li>" for p in item.points)
        self.body.addWidget(_paragraph(f"<ul style='margin-left:-20px'>{points}</ul>"))

        self.body.addWidget(_heading(f"チェック項目（{area.name}）", 13))
        hint = QLabel(
            "済んだものにチェックを付けてください。今日の日付で記録されます。"
            "実施日やメモは「実施日・メモ」から直せます。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.body.addWidget(hint)
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        for row, check in enumerate(item.checks):
            state = self.states[check.key]
            box = QCheckBox(check.text)
            box.setChecked(state.done)
            box.setStyleSheet("QCheckBox { padding: 4px; }")
            box.toggled.connect(lambda on, key=check.key: self._toggle(key, on))
            self.check_boxes[check.key] = box
            # QCheckBox cannot wrap; a wrapping label beside a bare box keeps long text readable.
            box.setText("")
            label = QLabel(check.text)
            label.setWordWrap(True)
            label.setBuddy(box)
            text_column = QVBoxLayout()
            text_column.addWidget(label)
            if check.key in self.evidence:
                text_column.addWidget(self._evidence_label(check.key))
            line = QHBoxLayout()
            line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            line.addLayout(text_column, 1)
            grid.addLayout(line, row, 0)
            when = QLabel(self._when(state))
            self.when_labels[check.key] = when
            grid.addWidget(when, row, 1, Qt.AlignmentFlag.AlignTop)
            note = QPushButton("実施日・メモ")
            note.clicked.connect(lambda _=False, c=check: self._edit_note(c.key, c.text))
            grid.addWidget(note, row, 2, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(grid)
        self._add_record_buttons(item.code)

        self.body.addWidget(_heading("ほかの町の取組例", 13))
        if not item.examples:
            self.body.addWidget(_paragraph("この項目には、ガイドに載っている事例がありません。"))
        for example in item.examples:
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box_layout = QVBoxLayout(frame)
            box_layout.addWidget(
                _paragraph(
                    f"<b>{escape(example.town)}（{escape(example.prefecture)}）"
                    f"　{escape(example.title)}</b>"
                )
            )
            box_layout.addWidget(_paragraph(escape(example.summary)))
            source = _paragraph(f"<span style='color:#666'>出典: {escape(example.source)}</span>")
            box_layout.addWidget(source)
            self.body.addWidget(frame)
        self.body.addStretch(1)

    def _evidence_label(self, key: str) -> QLabel:
        """The records that back this check, as links that open them."""
        links = "、".join(
            f"<a href='{e.table}:{e.record_id}'>{escape(e.label)}</a>" for e in self.evidence[key]
        )
        label = QLabel(f"<span style='color:#2e6b30'>記録あり: </span>{links}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setToolTip("クリックすると、その記録を開きます。チェックを付けるかはご判断ください。")
        label.linkActivated.connect(self._open_evidence)
        self.evidence_labels[key] = label
        return label

    def _open_evidence(self, link: str) -> None:
        table, _, record_id = link.partition(":")
        self.open_record.emit(table, int(record_id))

    def _add_record_buttons(self, code: str) -> None:
        """Buttons into the forms that make this item's records (1-2 to 1-4)."""
        buttons = []
        if code == "1-3":
            buttons.append(("協議体を立ち上げる…", lambda: self.open_record.emit("council", 0)))
        if code in ("1-2", "1-3", "1-4"):
            buttons.append(("会議・座談会を登録する…", lambda: self.open_record.emit("meeting", 0)))
        if code in ("2-2", "2-3", "2-4"):
            buttons.append(("地域課題を登録する…", lambda: self.open_record.emit("issue", 0)))
        if code == "2-3":
            area = self.context.area_id or 0
            buttons.append(("KJ法ボードを開く", lambda: self.open_record.emit("kj", area)))
        if code in ("2-3", "2-4"):
            buttons.append(("課題の整理（表とマップ）", lambda: self.open_record.emit("maps", 0)))
        if code == "2-1":
            buttons.append(("地域資源の一覧を開く", lambda: self.open_record.emit("resources", 0)))
        if code.startswith("3-"):
            buttons.append(("取組を登録する…", lambda: self.open_record.emit("initiative", 0)))
        if not buttons:
            return
        line = QHBoxLayout()
        line.addWidget(QLabel("この項目の記録をつくる:"))
        for text, handler in buttons:
            button = QPushButton(text)
            button.clicked.connect(handler)
            line.addWidget(button)
        line.addStretch(1)
        self.body.addLayout(line)

    @staticmethod
    def _when(state: CheckState) -> str:
        memo = "（メモあり）" if state.note else ""
        if state.done and state.done_on:
            return f"{format_wareki(state.done_on)} 済{memo}"
        return f"未{memo}"

    def _saved(self, state: CheckState) -> None:
        """Show a saved state in its row without rebuilding the page (the scroll stays put)."""
        self.states[state.check_key] = state
        box = self.check_boxes[state.check_key]
        box.blockSignals(True)
        box.setChecked(state.done)
        box.blockSignals(False)
        self.when_labels[state.check_key].setText(self._when(state))
        self.context.notify_changed("checklist_state")

    def _toggle(self, key: str, on: bool) -> None:
        state = self.states[key]
        try:
            saved = set_check(
                self.context.db,
                self.context.area_id,
                key,
                on,
                done_on=state.done_on if on else None,
                note=state.note,
                expected_version=state.version,
            )
        except ServiceError as error:
            show_service_error(self, error)
            self.refresh_later()
            return
        self._saved(saved)

    def _edit_note(self, key: str, text: str) -> None:
        dialog = CheckNoteDialog(text, self.states[key], self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            done, done_on, note = dialog.values()
            try:
                saved = set_check(
                    self.context.db,
                    self.context.area_id,
                    key,
                    done,
                    done_on=done_on,
                    note=note,
                    expected_version=self.states[key].version,
                )
            except ValidationError as error:
                dialog.errors.show(error)
                continue
            except ServiceError as error:
                show_service_error(self, error)
                self.refresh_later()
                break
            self._saved(saved)
            break
