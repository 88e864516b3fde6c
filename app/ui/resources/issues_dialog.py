"""「この資源で応えられる課題」: the open issues a resource could answer (its kind, its area),
each linked or unlinked with one click — the coordinator's matching of needs and activities."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ServiceError
from app.services.issues.issue import IssueRow, issues_for_resource, link_resource, unlink_resource
from app.ui.context import AppContext
from app.ui.issues.map_tables import FramedSelection
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error

COLUMNS = ("つながり", "緊急度", "見出し", "種類", "圏域", "状態", "")
MARK, URGENCY, TITLE, KINDS, AREAS, STATE, ACTION = range(len(COLUMNS))
LINKED = "つないでいます"
LINKED_BACKGROUND = "#dcedc8"
_HINT = "color: #555;"
_OK = "color: #2e7d32;"
EMPTY = (
    "この資源の種類と場所で応えられそうな、まだ解決していない課題はありません。"
    "課題の種類と圏域が合うものだけを並べています。"
)


class ResourceIssuesDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        resource_id: int,
        resource_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.resource_id = resource_id
        self.resource_name = resource_name
        self.rows: list[IssueRow] = []
        self.linked: set[int] = set()
        self.loading = False
        self._generation = 0
        self.setWindowTitle(f"この資源で応えられる課題 ― {resource_name}")
        self.resize(900, 480)

        intro = QLabel(
            f"「{resource_name}」の種類と場所から見て、応えられそうな未解決の課題です。"
            "「つなぐ」と、課題の記録に応える資源として残ります。"
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(FramedSelection(whole_row=True, parent=self.table))
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setToolTip("Enter でも、選んだ課題をつないだり外したりできます。")
        self.table.cellActivated.connect(lambda row, _column: self.toggle(row))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(EMPTY)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(_HINT)
        self.empty_label.hide()
        self.summary = QLabel("読み込み中…")
        self.summary.setStyleSheet(_HINT)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox()
        close = buttons.addButton("閉じる", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, resource_id = self.context.db, self.resource_id

        def work() -> tuple[list[IssueRow], set[int]]:
            from app.services.issues.issue import get_issue

            rows = issues_for_resource(db, resource_id)
            linked: set[int] = set()
            for row in rows:  # the linked ones come first: read links until one is not
                if resource_id not in get_issue(db, row.id).resource_ids:
                    break
                linked.add(row.id)
            return rows, linked

        def done(result: tuple[list[IssueRow], set[int]]) -> None:
            if generation == self._generation:
                self.loading = False
                self.show_rows(*result)

        def failed(error: Exception) -> None:
            if generation != self._generation:
                return
            self.loading = False
            self.summary.setText("課題を読み込めませんでした。")
            if not isinstance(error, ServiceError):
                raise error
            show_service_error(self, error)

        run_in_background(work, done, failed, self)

    def show_rows(self, rows: list[IssueRow], linked: set[int]) -> None:
        current = self.table.currentRow()
        keep = self.rows[current].id if 0 <= current < len(self.rows) else None
        self.rows, self.linked = rows, linked
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, issue in enumerate(rows):
            joined = issue.id in linked
            values = (
                LINKED if joined else "",
                issue.urgency_label,
                issue.title,
                issue.kind_labels,
                issue.areas_text,
                issue.state_label,
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if joined:
                    cell.setBackground(QBrush(QColor(LINKED_BACKGROUND)))
                if column == MARK and joined:
                    cell.setForeground(QBrush(QColor("#1b5e20")))
                    cell.setFont(bold)
                if column == URGENCY:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, column, cell)
            button = QPushButton("外す" if joined else "つなぐ")
            button.setToolTip(
                "この課題から、この資源とのつながりを外します"
                if joined
                else "この資源を、この課題に応える資源としてつなぎます"
            )
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, row=r: self.toggle(row))
            self.table.setCellWidget(r, ACTION, button)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        if rows:  # the same issue stays chosen, though linking moves it up the list
            ids = [r.id for r in rows]
            self.table.setCurrentCell(ids.index(keep) if keep in ids else 0, TITLE)
        self.summary.setText(f"{len(rows)}件の課題のうち、{len(linked)}件とつないでいます。")

    # ------------------------------------------------------------------ linking
    def button(self, row: int) -> QPushButton | None:
        widget = self.table.cellWidget(row, ACTION)
        return widget if isinstance(widget, QPushButton) else None

    def toggle(self, row: int) -> None:
        """Link the issue in `row` to this resource, or unlink it when it already is."""
        if not 0 <= row < len(self.rows) or self.loading:
            return
        issue = self.rows[row]
        joined = issue.id in self.linked
        try:
            if joined:
                unlink_resource(self.context.db, issue.id, self.resource_id)
            else:
                link_resource(self.context.db, issue.id, self.resource_id)
        except ServiceError as error:
            show_service_error(self, error)
            self.reload()
            return
        if joined:
            self._say(f"「{issue.title}」とのつながりを外しました。", _OK)
        else:
            self._say(f"「{issue.title}」につなぎました。", _OK)
        self.table.setCurrentCell(row, TITLE)
        self.reload()
        self.context.notify_changed("issue")

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
