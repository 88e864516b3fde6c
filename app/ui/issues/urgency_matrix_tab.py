"""緊急度×地域 (STEP 2-3): open issues counted by urgency and area, and the issues of a cell.

An issue placed in two areas counts once in each area's column, and once in the totals of its
row; the totals therefore are not always the sum of the cells (the note under the grid says so).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ServiceError
from app.services.issues.issue import IssueRow
from app.services.issues.needs import UrgencyMatrix, urgency_matrix
from app.services.setup.areas import AreaRow, list_areas
from app.ui.context import AppContext
from app.ui.issues.map_tables import (
    HINT,
    FramedSelection,
    fill_issues,
    issue_list,
    record_id,
)
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error

SHADES = ("#ffffff", "#fff4dc", "#ffe4b0", "#ffd180", "#ffb94d")  # 0, then light to deeper
TOTAL_SHADE = "#eceff1"
INTRO = (
    "まだ解決していない課題を、緊急度と圏域で数えた表です。マスを選ぶと、その課題を下に並べます。"
)
NOTE = (
    "色の濃いマスほど課題が多い所です。いくつかの圏域にまたがる課題は、"
    "それぞれの圏域で数えます（合計では1件と数えます）。"
)
PICK_A_CELL = "表のマスを選ぶと、ここにその課題を並べます。"


def shade(count: int, most: int) -> str:
    """Background for a count: white for none, then four steps up to the largest count."""
    if count <= 0 or most <= 0:
        return SHADES[0]
    step = -(-count * (len(SHADES) - 1) // most)  # ceiling: any issue at all is visible
    return SHADES[min(step, len(SHADES) - 1)]


def _unique(groups: Iterable[Iterable[IssueRow]]) -> tuple[IssueRow, ...]:
    seen: dict[int, IssueRow] = {}
    for group in groups:
        for issue in group:
            seen.setdefault(issue.id, issue)
    return tuple(sorted(seen.values(), key=lambda i: -i.urgency))  # stable: keeps area order


class UrgencyMatrixTab(QWidget):
    open_issue = Signal(int)
    pdf_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._generation = 0
        self.loading = False
        self._cells: dict[tuple[int, int], tuple[IssueRow, ...]] = {}
        self._names: dict[tuple[int, int], str] = {}

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.pdf_button = QPushButton("PDFで保存")
        self.pdf_button.setToolTip("この表を、協議体で配れる1枚の資料にします")
        self.pdf_button.clicked.connect(self.pdf_requested)
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.pdf_button)

        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setToolTip("マスを選ぶ（クリックまたは Enter）と、その課題を下に並べます。")
        self.grid.verticalHeader().setDefaultSectionSize(40)
        self.grid.horizontalHeader().setMinimumSectionSize(96)
        self.grid.setItemDelegate(FramedSelection(parent=self.grid))
        self.grid.currentCellChanged.connect(lambda row, column, *_: self.show_cell(row, column))
        self.grid.cellActivated.connect(self._cell_entered)
        self.note = QLabel(NOTE)
        self.note.setStyleSheet(HINT)
        self.note.setWordWrap(True)

        self.list_label = QLabel(PICK_A_CELL)
        self.list_label.setStyleSheet("font-weight: bold;")
        self.issues = issue_list()
        self.issues.cellActivated.connect(self._open)
        self.issues.cellDoubleClicked.connect(self._open)

        self.status = QLabel()
        self.status.setStyleSheet(HINT)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid)
        layout.addWidget(self.note)
        layout.addSpacing(6)
        layout.addWidget(self.list_label)
        layout.addWidget(self.issues, 1)
        layout.addWidget(self.status)
        QWidget.setTabOrder(self.pdf_button, self.grid)
        QWidget.setTabOrder(self.grid, self.issues)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Count again off the GUI thread; the newest of overlapping loads wins."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.status.setText("読み込み中…")
        db = self.context.db

        def done(result: tuple[UrgencyMatrix, list[AreaRow]]) -> None:
            if generation == self._generation:
                self.loading = False
                self.show_matrix(*result)

        def failed(error: Exception) -> None:
            if generation != self._generation:
                return
            self.loading = False
            self.status.setText("表を読み込めませんでした。")
            if not isinstance(error, ServiceError):
                raise error
            show_service_error(self, error)

        run_in_background(lambda: (urgency_matrix(db), list_areas(db)), done, failed, self)

    def show_matrix(self, matrix: UrgencyMatrix, areas: list[AreaRow]) -> None:
        layers = {a.id: a.layer for a in areas}
        keep = (self.grid.currentRow(), self.grid.currentColumn())
        levels, columns = matrix.levels, matrix.areas
        self._cells, self._names = {}, {}
        for r, (urgency, label) in enumerate(levels):
            for c, (area_id, area_name) in enumerate(columns):
                self._cells[(r, c)] = matrix.cell(urgency, area_id).issues
                self._names[(r, c)] = f"{area_name}・緊急度「{label}」"
            self._cells[(r, len(columns))] = _unique(
                matrix.cell(urgency, a).issues for a, _ in columns
            )
            self._names[(r, len(columns))] = f"すべての圏域・緊急度「{label}」"
        for c, (area_id, area_name) in enumerate(columns):
            self._cells[(len(levels), c)] = _unique(
                matrix.cell(u, area_id).issues for u, _ in levels
            )
            self._names[(len(levels), c)] = f"{area_name}・すべての緊急度"
        self._cells[(len(levels), len(columns))] = _unique(
            matrix.cell(u, a).issues for u, _ in levels for a, _ in columns
        )
        self._names[(len(levels), len(columns))] = "すべての圏域・すべての緊急度"

        grid = self.grid
        grid.blockSignals(True)
        grid.clear()
        grid.setRowCount(len(levels) + 1)
        grid.setColumnCount(len(columns) + 1)
        grid.setVerticalHeaderLabels([f"緊急度 {label}" for _, label in levels] + ["合計"])
        grid.setHorizontalHeaderLabels(
            [
                f"{name}\n{'第1層・全域' if layers.get(area_id) == 1 else '第2層'}"
                for area_id, name in columns
            ]
            + ["合計\n（課題の数）"]
        )
        inner = [len(self._cells[(r, c)]) for r in range(len(levels)) for c in range(len(columns))]
        most = max(inner, default=0)
        bold = QFont(grid.font())
        bold.setBold(True)
        for (r, c), issues in self._cells.items():
            total = r == len(levels) or c == len(columns)
            cell = QTableWidgetItem(f"{len(issues)}")
            cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setBackground(QBrush(QColor(TOTAL_SHADE if total else shade(len(issues), most))))
            cell.setForeground(QBrush(QColor("#999999" if not issues else "#1a1a1a")))
            if total:
                cell.setFont(bold)
            cell.setToolTip(f"{self._names[(r, c)]}: {len(issues)}件")
            grid.setItem(r, c, cell)
        header = grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        grid.blockSignals(False)
        self._fit_height()

        total = len(self._cells[(len(levels), len(columns))])
        high = len(self._cells[(0, len(columns))]) if levels else 0
        self.status.setText(
            f"まだ解決していない課題は {total}件、うち緊急度「高」は {high}件です。"
        )
        row, column = keep
        if 0 <= row < grid.rowCount() and 0 <= column < grid.columnCount():
            grid.setCurrentCell(row, column)
            self.show_cell(row, column)
        else:
            self.show_cell(-1, -1)

    def _fit_height(self) -> None:
        """Tall enough for every row (and a scroll bar when many areas overflow the width);
        the list below gets the rest of the room."""
        grid = self.grid
        height = grid.horizontalHeader().sizeHint().height() + 2 * grid.frameWidth()
        height += sum(grid.rowHeight(r) for r in range(grid.rowCount()))
        wanted = grid.verticalHeader().sizeHint().width() + sum(
            grid.horizontalHeader().minimumSectionSize() for _ in range(grid.columnCount())
        )
        if wanted > grid.width() - 2 * grid.frameWidth():
            height += grid.horizontalScrollBar().sizeHint().height()
        grid.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    # ------------------------------------------------------------------ cells and issues
    def cell_issues(self, row: int, column: int) -> tuple[IssueRow, ...]:
        return self._cells.get((row, column), ())

    def show_cell(self, row: int, column: int) -> None:
        """List the issues behind the chosen cell (or a total) under the grid."""
        issues = self.cell_issues(row, column)
        name = self._names.get((row, column))
        if name is None:
            self.list_label.setText(PICK_A_CELL)
        elif issues:
            self.list_label.setText(f"{name}の課題 {len(issues)}件")
        else:
            self.list_label.setText(f"{name}: まだ解決していない課題はありません。")
        fill_issues(self.issues, issues)

    def _cell_entered(self, row: int, column: int) -> None:
        self.show_cell(row, column)
        if self.issues.rowCount():
            self.issues.setCurrentCell(0, 1)
            self.issues.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self, row: int, _column: int) -> None:
        issue_id = record_id(self.issues, row)
        if issue_id is not None:
            self.open_issue.emit(issue_id)
