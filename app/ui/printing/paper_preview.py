"""A PDF shown on screen (QPdfView) with page buttons, and printing it through Qt.

The page hands in the bytes of a PDF built off the GUI thread; printing draws each page,
rendered by QPdfDocument at the printer's resolution (capped, so memory stays small), onto
the printer the person chose in QPrintDialog.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

MAX_PRINT_DPI = 300  # an A4 page at 300 dpi is about 35 MB as an image; plenty for text
NO_PRINTER = (
    "このパソコンから使えるプリンターが見つかりません。\n"
    "プリンターの電源とつなぎ方を確かめるか、「PDFで保存…」で保存して、"
    "プリンターのつながったパソコンで印刷してください。"
)
PRINT_FAILED = "印刷を始められませんでした。プリンターの状態を確かめて、もう一度お試しください。"
_HINT = "color: #555;"
_ERROR = "color: #b3261e;"
_PAGE_STEP = 1
PRINTING = "{page} / {total} ページを印刷しています…"


def available_printers() -> list[QPrinterInfo]:
    return QPrinterInfo.availablePrinters()


def new_printer() -> QPrinter:
    return QPrinter(QPrinter.PrinterMode.HighResolution)


def _orientation(document: QPdfDocument, page: int) -> QPageLayout.Orientation:
    size = document.pagePointSize(page)
    wide = size.width() > size.height()
    return QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait


def _draw_page(painter: QPainter, document: QPdfDocument, page: int, dpi: int) -> None:
    """Render `page` at `dpi` and draw it centred on the printable area, keeping its shape."""
    points = document.pagePointSize(page)
    pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    image = document.render(page, pixels)
    area = painter.viewport()
    scaled = pixels.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.x() + (area.width() - scaled.width()) // 2
    top = area.y() + (area.height() - scaled.height()) // 2
    painter.drawImage(QRect(left, top, scaled.width(), scaled.height()), image)


def print_document(parent: QWidget, document: QPdfDocument, title: str) -> bool:
    """Ask which printer and pages in QPrintDialog, then print; False when nothing was printed."""
    count = document.pageCount()
    if count <= 0:
        return False
    printer = new_printer()
    # Without a printer Qt quietly falls back to PDF output with no file: say so instead.
    if not printer.outputFileName() and not available_printers():
        QMessageBox.information(parent, "印刷できません", NO_PRINTER)
        return False
    printer.setDocName(title)
    printer.setPageOrientation(_orientation(document, 0))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"{title}を印刷")
    dialog.setMinMax(1, count)
    if not dialog.exec():
        return False
    first, last = printer.fromPage(), printer.toPage()
    pages = range(first - 1, last) if first > 0 else range(count)
    pages = range(max(pages.start, 0), min(pages.stop, count))
    if not pages:
        return False
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    printer.setPageOrientation(_orientation(document, pages[0]))
    painter = QPainter()
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    progress = _progress(parent, title, len(pages))
    try:
        if not painter.begin(printer):
            QMessageBox.warning(parent, "印刷できません", PRINT_FAILED)
            return False
        for number, page in enumerate(pages):
            # Each page is rendered at print resolution: say how far it is, and let the
            # window repaint and the person cancel between pages.
            progress.setLabelText(PRINTING.format(page=number + 1, total=len(pages)))
            progress.setValue(number)
            QApplication.processEvents()
            if progress.wasCanceled():
                printer.abort()
                return False
            if number:
                printer.setPageOrientation(_orientation(document, page))
                printer.newPage()
            _draw_page(painter, document, page, dpi)
        progress.setValue(len(pages))
    finally:
        if painter.isActive():
            painter.end()  # also after an error, or the print job stays open
        progress.close()
        QGuiApplication.restoreOverrideCursor()
    return True


def _progress(parent: QWidget, title: str, total: int) -> QProgressDialog:
    """A window-modal progress dialog with 「中止」; it shows itself if printing takes a while."""
    progress = QProgressDialog(PRINTING.format(page=1, total=total), "中止", 0, total, parent)
    progress.setWindowTitle(f"{title}を印刷")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    return progress


class PaperPreview(QWidget):
    """The preview: a message while the paper is being built (or why it could not be), else
    the pages with 「前のページ」「次のページ」 and 「n / N ページ」."""

    page_count_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(24)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)

        self.previous_button = QPushButton("◀ 前のページ")
        self.next_button = QPushButton("次のページ ▶")
        self.previous_button.setShortcut("PgUp")
        self.next_button.setShortcut("PgDown")
        self.page_label = QLabel()
        self.whole_page_button = QPushButton("ページ全体")
        self.whole_page_button.setCheckable(True)
        self.whole_page_button.setToolTip(
            "1ページ全体が見えるように縮めます（もう一度押すと幅に合わせます）"
        )
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.whole_page_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - _PAGE_STEP))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + _PAGE_STEP))
        self.whole_page_button.toggled.connect(self._zoom)
        self.view.pageNavigator().currentPageChanged.connect(self._update_bar)
        self.show_message("左の一覧から書類を選んでください。")

    # ------------------------------------------------------------------ contents
    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.stack.currentWidget() is self.view else 0

    def show_message(self, text: str, error: bool = False) -> None:
        """Show `text` instead of pages (building, or why there is nothing to show)."""
        self.message.setText(text)
        self.message.setStyleSheet(_ERROR if error else _HINT)
        self.stack.setCurrentWidget(self.message)
        self._update_bar()
        self.page_count_changed.emit(0)

    def show_pdf(self, data: bytes) -> bool:
        """Show the PDF in `data`; False (and a message) when it cannot be read."""
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            self.show_message("できた書類を画面に表示できませんでした。", error=True)
            return False
        self.stack.setCurrentWidget(self.view)
        self.go_to(0)
        self._update_bar()
        self.page_count_changed.emit(self.document.pageCount())
        return True

    # ------------------------------------------------------------------ pages
    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if self.page_count:
            page = max(0, min(page, self.page_count - 1))
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
        self._update_bar()

    def _zoom(self, whole_page: bool) -> None:
        mode = QPdfView.ZoomMode.FitInView if whole_page else QPdfView.ZoomMode.FitToWidth
        self.view.setZoomMode(mode)
        self.go_to(self.current_page())

    def _update_bar(self, *_args) -> None:
        count = self.page_count
        page = self.current_page() if count else 0
        self.page_label.setText(f"{page + 1} / {count} ページ" if count else "")
        self.previous_button.setEnabled(count > 1 and page > 0)
        self.next_button.setEnabled(count > 1 and page < count - 1)
        self.whole_page_button.setEnabled(count > 0)
