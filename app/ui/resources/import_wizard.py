"""地域資源の取り込み: file → sheet and header row → columns → preview → import and report.

Reading, previewing and importing run off the GUI thread; while they do, the page shows a busy
bar and the buttons wait, so a 10,000-row file never freezes the window. The pages are in
import_wizard_pages.py, their tables in import_models.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

from app.services.errors import ServiceError
from app.services.resources.importing import (
    ImportPreview,
    ImportReport,
    check_mapping,
    preview_import,
    run_import,
)
from app.services.resources.table_files import TableFile, open_table
from app.ui.context import AppContext
from app.ui.resources.import_wizard_pages import (
    FilePage,
    ImportPage,
    MappingPage,
    PreviewPage,
    ResultPage,
    SheetPage,
)
from app.ui.tasks import run_in_background
from app.ui.widgets.forms import name_wizard_buttons

log = logging.getLogger(__name__)

FILE_PAGE, SHEET_PAGE, MAPPING_PAGE, PREVIEW_PAGE, RESULT_PAGE = range(5)
_BUTTONS = (
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.CancelButton,
    QWizard.WizardButton.FinishButton,
)


class ResourceImportWizard(QWizard):
    """Takes a town's spreadsheet in. Every slow step runs through `run_in_background`."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("地域資源をExcel・CSVから取り込む")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        name_wizard_buttons(self, finish="閉じる", cancel="キャンセル", commit="取り込む")
        self.file_page = FilePage()
        self.sheet_page = SheetPage()
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.result_page = ResultPage()
        for page_id, page in enumerate(
            (
                self.file_page,
                self.sheet_page,
                self.mapping_page,
                self.preview_page,
                self.result_page,
            )
        ):
            self.setPage(page_id, page)
        self.table: TableFile | None = None
        self.table_path = ""
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.busy = False
        self._passed: int | None = None  # the page whose background check just succeeded
        self._enabled: list[bool] = []  # the buttons' states before background work began
        self.file_page.path_edit.textChanged.connect(self._forget_table)
        self.preview_page.create_areas_check.toggled.connect(self._rerun_preview)
        self.resize(920, 660)

    # ------------------------------------------------------------------ navigation
    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        if page_id == SHEET_PAGE and self.table is not None:
            if self.sheet_page.table is not self.table:
                self.sheet_page.set_table(self.table)
        elif page_id == MAPPING_PAGE and (sheet := self.sheet_page.sheet()) is not None:
            self.mapping_page.set_columns(sheet, self.sheet_page.header_row())
        elif page_id == PREVIEW_PAGE and self.preview is not None:
            self.preview_page.set_preview(self.preview)
        elif page_id == RESULT_PAGE and self.report is not None:
            self.result_page.set_report(self.report)

    def validateCurrentPage(self) -> bool:
        if self.busy:
            return False
        page_id = self.currentId()
        if self._passed == page_id:
            self._passed = None
            return True
        if page_id == FILE_PAGE:
            return self._check_file()
        if page_id == SHEET_PAGE:
            return self._check_sheet()
        if page_id == MAPPING_PAGE:
            return self._check_mapping()
        if page_id == PREVIEW_PAGE:
            self._start_import()
            return False
        return super().validateCurrentPage()

    def reject(self) -> None:
        if not self.busy:  # an import under way must finish (or roll back) first
            super().reject()

    # ------------------------------------------------------------------ steps
    def _forget_table(self) -> None:
        self.table = None

    def _check_file(self) -> bool:
        path = self.file_page.path()
        if self.table is not None and self.table_path == path:
            return True

        def done(table: TableFile) -> None:
            self.table, self.table_path = table, path
            self.sheet_page.table = None  # a new file: the sheet page starts over
            self.mapping_page.key = None
            self._advance(FILE_PAGE)

        self._run(self.file_page, "ファイルを読んでいます…", lambda: open_table(path), done)
        return False

    def _check_sheet(self) -> bool:
        sheet = self.sheet_page.sheet()
        if sheet is None or not sheet.rows:
            self.sheet_page.show_error("このシートは空です。ほかのシートを選んでください。")
            return False
        if self.sheet_page.header_row() >= len(sheet.rows) - 1:
            self.sheet_page.show_error(
                "見出しの行の下に、取り込む行がありません。見出しの行を選び直してください。"
            )
            return False
        self.sheet_page.show_error("")
        return True

    def _check_mapping(self) -> bool:
        mapping = self.mapping_page.mapping()
        try:
            check_mapping(mapping)
        except ServiceError as error:
            self.mapping_page.show_error(error.message)
            return False
        self._start_preview(self.mapping_page, self.preview_page.create_areas_check.isChecked())
        return False

    def _start_preview(self, page: ImportPage, create_areas: bool) -> None:
        sheet, row = self.sheet_page.sheet(), self.sheet_page.header_row()
        mapping, db = self.mapping_page.mapping(), self.context.db
        assert sheet is not None

        def work() -> ImportPreview:
            return preview_import(db, sheet, row, mapping, create_areas=create_areas)

        def done(preview: ImportPreview) -> None:
            self.preview = preview
            if page is self.mapping_page:
                self._advance(MAPPING_PAGE)
            else:
                self.preview_page.set_preview(preview)

        self._run(page, "1行ずつ確かめています…", work, done)

    def _rerun_preview(self, create_areas: bool) -> None:
        if self.currentId() == PREVIEW_PAGE and not self.busy:
            self._start_preview(self.preview_page, create_areas)

    def _start_import(self) -> None:
        preview, db = self.preview, self.context.db
        duplicates = self.preview_page.duplicates()
        create = self.preview_page.create_areas_check.isChecked()
        assert preview is not None

        def work() -> ImportReport:
            return run_import(db, preview, duplicates=duplicates, create_areas=create)

        def done(report: ImportReport) -> None:
            self.report = report
            self.context.notify_changed("resource")
            if report.created_areas:
                self.context.notify_changed("area")
            self._advance(PREVIEW_PAGE)

        self._run(
            self.preview_page, "取り込んでいます…（途中でやめると何も登録されません）", work, done
        )

    # ------------------------------------------------------------------ background work
    def _advance(self, page_id: int) -> None:
        if self.currentId() == page_id:
            self._passed = page_id
            self.next()

    def _run(
        self,
        page: ImportPage,
        text: str,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
    ) -> None:
        """Run `work` off the GUI thread with the page busy; errors go to the page's message."""
        self._set_busy(page, text)

        def done(result: Any) -> None:
            self._set_busy(page, "")
            on_done(result)

        def failed(error: Exception) -> None:
            self._set_busy(page, "")
            if isinstance(error, ServiceError):
                page.show_error(error.message)
            else:
                log.error("import wizard step failed: %r", error)
                page.show_error(
                    "思わぬエラーで続けられませんでした。もう一度お試しください。"
                    "続く場合は、ログファイルを担当者にお送りください。"
                )

        page.show_error("")
        run_in_background(work, done, failed, receiver=self)

    def _set_busy(self, page: ImportPage, text: str) -> None:
        self.busy = bool(text)
        page.set_busy(text)
        for child in page.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child not in (page.busy, page.error_label):
                child.setEnabled(not self.busy)
        buttons = [self.button(which) for which in _BUTTONS]
        if self.busy:
            self._enabled = [b.isEnabled() for b in buttons]
            for button in buttons:
                button.setEnabled(False)
        else:
            for button, enabled in zip(buttons, self._enabled, strict=True):
                button.setEnabled(enabled)
