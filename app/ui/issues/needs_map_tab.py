"""ニーズ×資源 (STEP 2-4): for one area, every kind of issue against the resources that could
answer it, with the gaps (needs and nothing to answer them) marked for the council."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ServiceError
from app.services.issues.needs import NeedsMap, NeedsRow, needs_map
from app.services.setup.areas import AreaRow, list_areas
from app.ui.context import AppContext
from app.ui.issues.map_tables import (
    HINT,
    UNUSED_COLOUR,
    FramedSelection,
    fill_issues,
    fill_resources,
    issue_list,
    record_id,
    resource_list,
)
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import fill_combo, select_data

COLUMNS = (
    "課題の種類",
    "未対応の課題",
    "応えうる資源の種類",
    "活動中の資源",
    "未活用の資源",
    "空白",
)
KIND, ISSUES, ANSWERING, ACTIVE, UNUSED, GAP = range(len(COLUMNS))
GAP_TEXT = "資源なし"
LOCAL_GAP_TEXT = "地区内になし"  # answered only by town-wide resources
LOCAL_GAP_BACKGROUND = "#fff1d6"
LOCAL_GAP_FOREGROUND = "#8a5300"
GAP_BACKGROUND = "#ffd6d6"
GAP_FOREGROUND = "#b00020"
QUIET = "#9e9e9e"  # kinds with no open issue: shown, but in the background
MEANING = (
    "「空白」は、困りごとがあるのに応える資源がまだない所です。"
    "協議体で、どこに何をつくるか・強めるかを決める手がかりにしてください（STEP 2-4）。"
)
PICK_A_ROW = "表の行を選ぶと、その種類の課題と、応えうる資源をここに並べます。"
MOST_TITLES = 12  # hover texts list this many, then 「ほか N件」
MOST_NAMES = 3  # the unused resources named in the summary line


def _hover(names: list[str]) -> str:
    shown = "\n".join(f"・{n}" for n in names[:MOST_TITLES])
    if len(names) > MOST_TITLES:
        shown += f"\nほか {len(names) - MOST_TITLES}件"
    return shown


def _count(n: int) -> str:
    return f"{n}件" if n else "―"


class NeedsMapTab(QWidget):
    open_issue = Signal(int)
    open_resource = Signal(int)
    pdf_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._generation = 0
        self.loading = False
        self.map: NeedsMap | None = None

        self.area_combo = QComboBox()
        self.area_combo.setMinimumContentsLength(12)
        self.area_combo.setToolTip("どの圏域のマップを見るかを選びます")
        self.area_combo.activated.connect(lambda _index: self.load())
        area_label = QLabel("圏域(&A):")
        area_label.setBuddy(self.area_combo)
        self.pdf_button = QPushButton("PDFで保存")
        self.pdf_button.setToolTip("この圏域のマップを、協議体で配れる資料にします")
        self.pdf_button.clicked.connect(self.pdf_requested)
        top = QHBoxLayout()
        top.addWidget(area_label)
        top.addWidget(self.area_combo)
        top.addStretch(1)
        top.addWidget(self.pdf_button)

        self.gap_summary = QLabel()
        self.gap_summary.setWordWrap(True)
        self.gap_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unused_summary = QLabel()
        self.unused_summary.setWordWrap(True)
        meaning = QLabel(MEANING)
        meaning.setWordWrap(True)
        meaning.setStyleSheet(HINT)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setItemDelegate(FramedSelection(whole_row=True, parent=self.table))
        self.table.setToolTip("行を選ぶと、その種類の課題と資源を下に並べます。")
        self.table.currentCellChanged.connect(lambda row, *_: self.show_row(row))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ANSWERING, QHeaderView.ResizeMode.Stretch)

        self.issues_label = QLabel(PICK_A_ROW)
        self.issues_label.setStyleSheet("font-weight: bold;")
        self.issues = issue_list()
        self.issues.cellActivated.connect(self._open_issue)
        self.issues.cellDoubleClicked.connect(self._open_issue)
        self.resources_label = QLabel()
        self.resources_label.setStyleSheet("font-weight: bold;")
        self.resources = resource_list()
        self.resources.cellActivated.connect(self._open_resource)
        self.resources.cellDoubleClicked.connect(self._open_resource)

        below = QSplitter(Qt.Orientation.Horizontal)
        below.setChildrenCollapsible(False)
        for label, table in (
            (self.issues_label, self.issues),
            (self.resources_label, self.resources),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(label)
            box_layout.addWidget(table, 1)
            below.addWidget(box)
        below.setSizes([560, 440])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(below)
        splitter.setSizes([370, 200])

        self.status = QLabel()
        self.status.setStyleSheet(HINT)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.gap_summary)
        layout.addWidget(self.unused_summary)
        layout.addWidget(meaning)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        chain = [self.area_combo, self.pdf_button, self.table, self.issues, self.resources]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ loading
    def area_id(self) -> int | None:
        return self.area_combo.currentData()

    def follow_area(self, area_id: int | None) -> None:
        """The toolbar's area changed: show its map (the combo can still pick another)."""
        if area_id is not None and area_id != self.area_id():
            select_data(self.area_combo, area_id)
            self.load()

    def refresh(self) -> None:
        """Read the areas again, then this area's map (both off the GUI thread)."""
        self.load(with_areas=True)

    def load(self, with_areas: bool = False) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.status.setText("読み込み中…")
        db = self.context.db
        wanted = self.area_id() if self.area_combo.count() else self.context.area_id

        def work() -> tuple[list[AreaRow] | None, NeedsMap | None]:
            areas = list_areas(db) if with_areas else None
            area_id = wanted
            if areas is not None and all(a.id != area_id for a in areas):
                area_id = areas[0].id if areas else None  # gone: the whole town instead
            return areas, needs_map(db, area_id) if area_id is not None else None

        def done(result: tuple[list[AreaRow] | None, NeedsMap | None]) -> None:
            if generation != self._generation:
                return
            self.loading = False
            areas, found = result
            if areas is not None:
                fill_combo(
                    self.area_combo,
                    [(f"{a.name}（町全体）" if a.layer == 1 else a.name, a.id) for a in areas],
                )
            if found is not None:
                select_data(self.area_combo, found.area_id)
            self.show_map(found)

        def failed(error: Exception) -> None:
            if generation != self._generation:
                return
            self.loading = False
            self.status.setText("マップを読み込めませんでした。")
            if not isinstance(error, ServiceError):
                raise error
            show_service_error(self, error)

        run_in_background(work, done, failed, self)

    # ------------------------------------------------------------------ showing
    def show_map(self, found: NeedsMap | None) -> None:
        self.map = found
        keep = self.table.currentRow()
        rows = found.rows if found else ()
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self._show_row_cells(r, row)
        self.table.blockSignals(False)
        self._show_summary(found)
        if 0 <= keep < len(rows):
            self.table.setCurrentCell(keep, KIND)
            self.show_row(keep)
        else:
            self.show_row(-1)

    def _show_row_cells(self, r: int, row: NeedsRow) -> None:
        quiet = not row.issues
        values = (
            row.label,
            _count(len(row.issues)),
            row.answering_labels,
            _count(len(row.resources)),
            _count(len(row.unused)),
            GAP_TEXT if row.gap else LOCAL_GAP_TEXT if row.local_gap else "",
        )
        hovers = (
            f"{row.label}に関わる、まだ解決していない課題です。",
            _hover([i.title for i in row.issues]) or "まだ解決していない課題はありません。",
            f"「{row.label}」に応えうる資源の種類です（対応表 needs_resources.toml による）。",
            _hover([f"{b.name}（{b.area_name or '町全域'}）" for b in row.resources])
            or "活動中の資源はまだありません。",
            _hover([b.name for b in row.unused]) or "未活用の資源はありません。",
            "課題があるのに、応える活動中の資源がありません。"
            if row.gap
            else "この圏域の中には応える資源がなく、町全域の資源だけが頼りです。"
            if row.local_gap
            else "",
        )
        for column, (value, hover) in enumerate(zip(values, hovers, strict=True)):
            cell = QTableWidgetItem(value)
            cell.setToolTip(hover)
            if column in (ISSUES, ACTIVE, UNUSED):
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if quiet and column != GAP:
                cell.setForeground(QBrush(QColor(QUIET)))
            if column == KIND and row.issues:
                font = QFont(self.table.font())
                font.setBold(True)
                cell.setFont(font)
            if column == UNUSED and row.unused:
                cell.setForeground(QBrush(QColor(UNUSED_COLOUR)))
            if column == GAP and row.gap:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setBackground(QBrush(QColor(GAP_BACKGROUND)))
                cell.setForeground(QBrush(QColor(GAP_FOREGROUND)))
                font = QFont(self.table.font())
                font.setBold(True)
                cell.setFont(font)
            if column == GAP and row.local_gap:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setBackground(QBrush(QColor(LOCAL_GAP_BACKGROUND)))
                cell.setForeground(QBrush(QColor(LOCAL_GAP_FOREGROUND)))
            if column == KIND and row.gap:
                cell.setBackground(QBrush(QColor(GAP_BACKGROUND)))
            self.table.setItem(r, column, cell)

    def _show_summary(self, found: NeedsMap | None) -> None:
        if found is None:
            self.gap_summary.setText("圏域が登録されていません。")
            self.unused_summary.setText("")
            self.status.setText("")
            return
        gaps = found.gaps
        if gaps:
            names = "、".join(r.label for r in gaps)
            self.gap_summary.setText(
                f"<span style='color:{GAP_FOREGROUND}; font-weight:bold;'>"
                f"空白 {len(gaps)} 種類: {names}</span>"
            )
        else:
            self.gap_summary.setText(
                "空白はありません（課題のある種類には、応える資源があります）。"
            )
        thin = found.local_gaps
        if thin:
            names = "、".join(r.label for r in thin)
            self.gap_summary.setText(
                self.gap_summary.text() + f"<br><span style='color:{LOCAL_GAP_FOREGROUND};'>"
                f"圏域の中に資源がなく町全域の資源だけ {len(thin)} 種類: {names}</span>"
            )
        unused = found.unused
        text = f"未活用の資源 {len(unused)} 件"
        if unused:
            names = "、".join(b.name for b in unused[:MOST_NAMES])
            more = f" ほか{len(unused) - MOST_NAMES}件" if len(unused) > MOST_NAMES else ""
            text += f"：{names}{more}（空白を埋めるのに使えないか、話し合えます）"
        self.unused_summary.setText(text)
        open_count = len({i.id for row in found.rows for i in row.issues})
        self.status.setText(f"{found.area_name}: まだ解決していない課題 {open_count}件")

    def current_row(self) -> NeedsRow | None:
        row = self.table.currentRow()
        return self.map.rows[row] if self.map and 0 <= row < len(self.map.rows) else None

    def show_row(self, row: int) -> None:
        """List the chosen kind's open issues and the resources that could answer them."""
        needs = self.map.rows[row] if self.map and 0 <= row < len(self.map.rows) else None
        if needs is None:
            self.issues_label.setText(PICK_A_ROW)
            self.resources_label.setText("")
            fill_issues(self.issues, ())
            fill_resources(self.resources, ())
            return
        self.issues_label.setText(f"「{needs.label}」の課題 {len(needs.issues)}件")
        found = needs.resources + needs.unused
        if needs.gap and needs.unused:
            self.resources_label.setText(f"活動中の資源なし（空白）・未活用 {len(needs.unused)}件")
        elif needs.gap:
            self.resources_label.setText("応えうる資源: なし（空白）")
        else:
            self.resources_label.setText(f"応えうる資源 {len(found)}件")
        fill_issues(self.issues, needs.issues)
        fill_resources(self.resources, found)

    def _open_issue(self, row: int, _column: int) -> None:
        issue_id = record_id(self.issues, row)
        if issue_id is not None:
            self.open_issue.emit(issue_id)

    def _open_resource(self, row: int, _column: int) -> None:
        resource_id = record_id(self.resources, row)
        if resource_id is not None:
            self.open_resource.emit(resource_id)
