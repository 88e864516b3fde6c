"""課題の整理 (STEP 2-3, 2-4): the urgency × area grid and the needs × resources map.

Both tabs load off the GUI thread and read again when issues or resources change. Opening an
issue or a resource from their lists is left to the main window (`open_issue`, `open_resource`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from app.reports.issue_papers import build_gaps, build_matrix
from app.services.issues.papers import gaps_paper, matrix_paper
from app.ui.context import AppContext
from app.ui.issues.needs_map_tab import NeedsMapTab
from app.ui.issues.urgency_matrix_tab import UrgencyMatrixTab
from app.ui.printing.paper_actions import save_paper

WATCHED = ("", "issue", "resource", "area")  # records_changed tables that alter the counts


class IssueMapsPage(QWidget):
    TITLE = "課題の整理"
    open_issue = Signal(int)
    open_resource = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.matrix_tab = UrgencyMatrixTab(context)
        self.needs_tab = NeedsMapTab(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.matrix_tab, "緊急度×地域(&1)")
        self.tabs.addTab(self.needs_tab, "ニーズ×資源(&2)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.matrix_tab.open_issue.connect(self.open_issue)
        self.needs_tab.open_issue.connect(self.open_issue)
        self.needs_tab.open_resource.connect(self.open_resource)
        self.matrix_tab.pdf_requested.connect(self.save_matrix_pdf)
        self.needs_tab.pdf_requested.connect(self.save_gaps_pdf)
        context.records_changed.connect(self._records_changed)
        context.area_changed.connect(self.needs_tab.follow_area)
        self.refresh()

    def refresh(self) -> None:
        """Read both tables again (in the background)."""
        self.matrix_tab.refresh()
        self.needs_tab.refresh()

    def is_busy(self) -> bool:
        return self.matrix_tab.loading or self.needs_tab.loading

    def _records_changed(self, table: str) -> None:
        if table in WATCHED:
            self.refresh()

    # ------------------------------------------------------------------ papers
    def save_matrix_pdf(self) -> None:
        db = self.context.db
        save_paper(
            self,
            "緊急度×地域の表",
            "課題の緊急度と地域",
            lambda target: build_matrix(matrix_paper(db), target),
        )

    def save_gaps_pdf(self) -> None:
        area_id = self.needs_tab.area_id()
        if area_id is None:
            QMessageBox.information(self, "PDFで保存", "先に圏域を選んでください。")
            return
        db = self.context.db
        area_name = self.needs_tab.map.area_name if self.needs_tab.map else ""
        save_paper(
            self,
            "ニーズ×資源マップ",
            f"ニーズ×資源マップ_{area_name}",
            lambda target: build_gaps(gaps_paper(db, area_id), target),
        )
