"""Saving a paper (PDF or Word) from a screen: ask where, build it off the GUI thread, open it.

Every screen that prints goes through `save_paper`, so the file dialog, the default folder, the
busy cursor, the error message and the 「開く」 button behave the same everywhere.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.services.errors import ServiceError
from app.ui.tasks import run_in_background

log = logging.getLogger(__name__)

FILTERS = {".pdf": "PDF (*.pdf)", ".docx": "Word 文書 (*.docx)"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_file_name(name: str) -> str:
    """A file name every system accepts: 「第1回 会議/議事録」 → 「第1回_会議_議事録」."""
    return _UNSAFE.sub("_", name).strip("_.") or "書類"


def default_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def ask_target(parent: QWidget, title: str, default_name: str, suffix: str) -> Path | None:
    """Where to save; None when the person cancels. The suffix is added when left off."""
    start = default_folder() / f"{safe_file_name(default_name)}{suffix}"
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start), FILTERS[suffix])
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def build_to(
    parent: QWidget,
    path: Path,
    build: Callable[[Path], object],
    on_saved: Callable[[Path], None] | None = None,
) -> None:
    """Run `build(path)` in the background with a busy cursor; report success or the reason.

    The callbacks belong to the application, not to `parent`: a window closed while its paper
    is being built still gets the cursor back and the result told (over the main window).
    """
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def owner() -> QWidget | None:
        return parent if shiboken6.isValid(parent) else QApplication.activeWindow()

    def done(_result: object) -> None:
        QGuiApplication.restoreOverrideCursor()
        if on_saved is not None and shiboken6.isValid(parent):
            on_saved(path)
        else:
            offer_to_open(owner(), path)

    def failed(error: Exception) -> None:
        QGuiApplication.restoreOverrideCursor()
        if isinstance(error, ServiceError):
            message = error.message
        elif isinstance(error, OSError):
            message = (
                f"「{path}」に保存できませんでした。ほかのソフトで開いていないか、"
                f"保存先に書き込めるかを確かめてください。\n（{error.strerror or error}）"
            )
        else:
            log.error("building %s failed", path, exc_info=error)
            message = "書類を作る途中で問題が起きました。記録は変わっていません。"
        QMessageBox.warning(owner(), "書類を作れませんでした", message)

    run_in_background(lambda: build(path), done, failed, QApplication.instance())


def offer_to_open(parent: QWidget, path: Path) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("保存しました")
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(f"「{path.name}」を保存しました。\n保存先: {path.parent}")
    open_button = box.addButton("開く(&O)", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("閉じる", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def save_paper(
    parent: QWidget,
    title: str,
    default_name: str,
    build: Callable[[Path], object],
    suffix: str = ".pdf",
) -> None:
    """Ask where to save `title`, then build it there and offer to open it."""
    path = ask_target(parent, f"{title}を保存", default_name, suffix)
    if path is not None:
        build_to(parent, path, build)
