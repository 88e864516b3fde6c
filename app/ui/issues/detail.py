"""The right half of the 地域課題 page: one issue with its history (経過), the resources it is
linked to, and the work done on it there (経過を書き足す, 資源を探す with つなぐ/外す, 引き継ぐ…).

`issue_html` draws an issue (or the wizard's input) for this pane and for the wizard's review.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import LEVELS, IssueKind, IssueSource, IssueState, ResourceKind
from app.domain.text import parse_int
from app.domain.wareki import format_wareki
from app.services.errors import NotFound, ServiceError
from app.services.issues.issue import IssueRow, get_issue, link_resource, unlink_resource
from app.services.issues.needs import ResourceBrief, resources_for_issue
from app.services.resources.resource import get_resource
from app.ui.context import AppContext
from app.ui.issues.dialogs import HandOverDialog, NoteDialog
from app.ui.issues.list_model import BADGE_TEXT, LEVEL_COLOURS
from app.ui.widgets.errors import show_service_error

BADGE_STYLE = (
    "background:#c62828; color:white; font-weight:bold; padding:2px 8px; border-radius:3px;"
)
NO_SELECTION = "一覧から課題を選ぶと、ここに中身と経過を表示します。"
_LABEL = "color:#555; padding:3px 14px 3px 0; white-space:nowrap; vertical-align:top;"
_VALUE = "padding:3px 0; vertical-align:top;"
_HEAD = "margin:12px 0 3px 0; color:#1e4f7a; font-weight:bold;"
_HINT = "color: #555;"


def _label(enum, value) -> str:
    try:
        return enum(value).label
    except ValueError:
        return str(value or "")


def _people(value) -> str:
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, int) else parse_int(str(value))
    except ValueError:
        return str(value)
    return "" if number is None else f"{number:,}人くらい"


def _privacy(data) -> str:
    if data.sensitive:
        return "要配慮個人情報（健康・介護の状態など）を含む"
    return "含む（住民向けの資料には中身を載せません）" if data.personal else "含まない"


def level_html(level: int) -> str:
    colour = LEVEL_COLOURS.get(level, "#000")
    return f"<span style='color:{colour}; font-weight:bold'>{LEVELS.get(level, '')}</span>"


def _lines(text: str) -> str:
    return escape(text.strip()).replace("\n", "<br>")


def issue_html(
    data,
    areas_text: str,
    meeting_title: str = "",
    resources: tuple[str, ...] | None = None,
) -> str:
    """An issue as a person reads it. `data` is an IssueRow or the wizard's IssueInput (its
    date may still be typed text); `resources` are the linked resources' names, when known."""
    e = escape
    badge = ""
    if data.personal or data.sensitive:
        word = "要配慮個人情報" if data.sensitive else BADGE_TEXT
        badge = f"&nbsp;<span style='{BADGE_STYLE}'>&nbsp;{word}&nbsp;</span>"
    noticed = data.noticed_on
    noticed_text = format_wareki(noticed) if hasattr(noticed, "toordinal") else str(noticed or "")
    facts = [
        ("緊急度", level_html(data.urgency)),
        ("重要度", level_html(data.importance)),
        ("圏域", e(areas_text)),
        ("種類", e("・".join(_label(IssueKind, k) for k in data.kinds))),
        ("状態", e(_label(IssueState, data.state))),
        ("きっかけ", e(_label(IssueSource, data.source))),
        ("会議", e(meeting_title)),
        ("把握した日", e(noticed_text)),
        ("関わる人の数", e(_people(data.people_affected))),
        ("個人情報", _privacy(data)),
    ]
    rows = "".join(
        f"<tr><td style='{_LABEL}'>{k}</td><td style='{_VALUE}'>{v}</td></tr>"
        for k, v in facts
        if v
    )
    parts = [f"<h3 style='margin:0 0 6px 0'>{e(data.title)}{badge}</h3>"]
    parts.append(f"<table cellspacing='0' cellpadding='0'>{rows}</table>")
    if data.description.strip():
        parts.append(
            f"<p style='{_HEAD}'>中身</p><p style='margin:0'>{_lines(data.description)}</p>"
        )
    if data.notes.strip():
        parts.append(
            f"<p style='{_HEAD}'>試したこと・メモ</p><p style='margin:0'>{_lines(data.notes)}</p>"
        )
    escalated_to = getattr(data, "escalated_to", "")
    if escalated_to and data.state == IssueState.HANDED_OVER:
        when = data.escalated_on
        on = f"（{format_wareki(when)}）" if when else ""
        parts.append(
            f"<p style='{_HEAD}'>引継ぎ</p><p style='margin:0'>{e(escalated_to)}へ{on}<br>"
            f"理由: {_lines(data.escalated_reason)}</p>"
        )
    history = getattr(data, "history", ())
    if history:
        items = "".join(
            f"<tr><td style='{_LABEL}'>{e(format_wareki(n.noted_on))}</td>"
            f"<td style='{_VALUE}'>{_lines(n.text)}"
            + (f"<span style='color:#777'>（{e(n.author)}）</span>" if n.author else "")
            + "</td></tr>"
            for n in history
        )
        parts.append(f"<p style='{_HEAD}'>経過</p><table cellspacing='0'>{items}</table>")
    elif resources is not None:
        parts.append(
            f"<p style='{_HEAD}'>経過</p><p style='{_HINT}; margin:0'>まだありません。</p>"
        )
    if resources is not None:
        linked = "、".join(e(name) for name in resources) or "まだつないでいません。"
        parts.append(f"<p style='{_HEAD}'>つないだ地域資源</p><p style='margin:0'>{linked}</p>")
    return "".join(parts)


class IssueDetail(QWidget):
    """Shows one issue and does the work on it; what it saves is announced with
    context.notify_changed("issue"), so the lists read themselves again."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issue: IssueRow | None = None
        self.dialog: NoteDialog | HandOverDialog | None = None
        self.badge = QLabel(BADGE_TEXT)
        self.badge.setStyleSheet(BADGE_STYLE)
        self.badge.setToolTip(
            "個人に関わる内容を含む課題です。住民向けの資料には中身を載せません。"
        )
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.note_button = QPushButton("経過を書き足す")
        self.note_button.setToolTip("話し合ったことや試したことを、日付と一緒に残します")
        self.find_button = QPushButton("資源を探す")
        self.find_button.setToolTip("この課題に応えられそうな地域資源を探して、つなぎます")
        self.find_button.setCheckable(True)
        self.hand_over_button = QPushButton("引き継ぐ…")
        self.hand_over_button.setToolTip(
            "地域だけでは解決が難しい課題を、第1層や役場の部署に引き継ぎます"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.find_button)
        buttons.addStretch(1)
        buttons.addWidget(self.hand_over_button)

        self.candidates_label = QLabel("この課題に応えられそうな地域資源（種類と圏域から）")
        self.candidates_label.setStyleSheet("font-weight: bold;")
        self.candidates = QTableWidget(0, 4)
        self.candidates.setHorizontalHeaderLabels(["地域資源", "圏域", "種類", ""])
        self.candidates.verticalHeader().hide()
        self.candidates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.candidates.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.candidates.setWordWrap(False)
        row_height = QPushButton("つなぐ").sizeHint().height() + 6
        self.candidates.verticalHeader().setDefaultSectionSize(row_height)
        header = self.candidates.horizontalHeader()
        for column, mode in enumerate(
            ("Stretch", "ResizeToContents", "Stretch", "ResizeToContents")
        ):
            header.setSectionResizeMode(column, getattr(QHeaderView.ResizeMode, mode))
        self.no_candidates = QLabel()
        self.no_candidates.setWordWrap(True)
        self.no_candidates.setStyleSheet(_HINT)
        self.finder = QWidget()
        finder_layout = QVBoxLayout(self.finder)
        finder_layout.setContentsMargins(0, 6, 0, 0)
        finder_layout.addWidget(self.candidates_label)
        finder_layout.addWidget(self.candidates, 1)
        finder_layout.addWidget(self.no_candidates)
        self.finder.hide()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view, 1)
        top_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.finder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.note_button.clicked.connect(self.add_note)
        self.find_button.toggled.connect(self.toggle_finder)
        self.hand_over_button.clicked.connect(self.hand_over)
        self.show_issue(None)

    # ------------------------------------------------------------------ showing
    def show_issue(self, issue: IssueRow | None) -> None:
        """Draw `issue` (read again with its history), or the hint when none is chosen."""
        if issue is not None and not issue.history and not issue.resource_ids:
            try:
                issue = get_issue(self.context.db, issue.id)
            except ServiceError:
                issue = None
        self.issue = issue
        for button in (self.note_button, self.find_button, self.hand_over_button):
            button.setEnabled(issue is not None)
        if issue is None:
            self.view.setHtml(f'<p style="{_HINT}">{NO_SELECTION}</p>')
            self.find_button.setChecked(False)
            return
        self.hand_over_button.setEnabled(issue.state != IssueState.SOLVED)
        self.view.setHtml(
            issue_html(issue, issue.areas_text, issue.meeting_title, self._linked_names(issue))
        )
        if self.find_button.isChecked():
            self.fill_candidates()

    def _linked_names(self, issue: IssueRow) -> tuple[str, ...]:
        names = []
        for resource_id in issue.resource_ids:
            try:
                names.append(get_resource(self.context.db, resource_id).name)
            except NotFound:
                continue  # moved to the trash since
        return tuple(names)

    def reload(self) -> None:
        if self.issue is None:
            return
        try:
            fresh = get_issue(self.context.db, self.issue.id)
        except ServiceError as error:
            show_service_error(self, error)
            fresh = None
        self.show_issue(fresh)

    # ------------------------------------------------------------------ 資源を探す
    def toggle_finder(self, on: bool) -> None:
        self.finder.setVisible(on)
        self.find_button.setText("資源の一覧を閉じる" if on else "資源を探す")
        if on:
            self.fill_candidates()

    def fill_candidates(self) -> None:
        issue = self.issue
        found: list[ResourceBrief] = []
        if issue is not None:
            try:
                found = resources_for_issue(self.context.db, issue.id)
            except ServiceError as error:
                show_service_error(self, error)
        linked = set(issue.resource_ids) if issue else set()
        self.candidates.setRowCount(len(found))
        for row, brief in enumerate(found):
            kinds = "・".join(_label(ResourceKind, k) for k in brief.kinds)
            for column, text in enumerate((brief.name, brief.area_name or "全域", kinds)):
                self.candidates.setItem(row, column, QTableWidgetItem(text))
            is_linked = brief.id in linked
            button = QPushButton("外す" if is_linked else "つなぐ")
            button.setToolTip(
                "この課題とのつながりを外します" if is_linked else "この課題とつなぎます"
            )
            button.setProperty("resource_id", brief.id)
            button.clicked.connect(
                lambda _checked=False, rid=brief.id, on=is_linked: self._link(rid, not on)
            )
            self.candidates.setCellWidget(row, 3, button)
        self.candidates.setVisible(bool(found))
        self.no_candidates.setText(
            ""
            if found
            else "種類と圏域が合う、活動中の地域資源は見つかりませんでした。"
            "足りない資源として、協議体で話し合うきっかけにできます。"
        )
        self.no_candidates.setVisible(not found)

    def link_button(self, resource_id: int) -> QPushButton | None:
        """The つなぐ/外す button of a candidate (tests click it)."""
        issue = self.issue
        if issue is None:
            return None
        for row in range(self.candidates.rowCount()):
            button = self.candidates.cellWidget(row, 3)
            if button is not None and button.property("resource_id") == resource_id:
                return button
        return None

    def _link(self, resource_id: int, link: bool) -> None:
        if self.issue is None:
            return
        try:
            if link:
                link_resource(self.context.db, self.issue.id, resource_id)
            else:
                unlink_resource(self.context.db, self.issue.id, resource_id)
        except ServiceError as error:
            show_service_error(self, error)
        self.reload()
        self.context.notify_changed("issue")

    # ------------------------------------------------------------------ dialogs
    def add_note(self) -> None:
        if self.issue is None:
            return
        self._open(NoteDialog(self.context, self.issue, self))

    def hand_over(self) -> None:
        if self.issue is None:
            return
        self._open(HandOverDialog(self.context, self.issue, self))

    def _open(self, dialog: NoteDialog | HandOverDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._dialog_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _dialog_saved(self) -> None:
        self.reload()  # the dialog has told the other pages (notify_changed)
