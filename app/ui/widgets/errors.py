"""How errors reach a person: service errors as a plain message, the unexpected with the log."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.services.errors import ConflictError, NotFound, ServiceError

log = logging.getLogger(__name__)


def show_service_error(parent: QWidget | None, error: ServiceError) -> None:
    """A ServiceError's message is written for people: show it as it is."""
    title = {ConflictError: "ほかの変更と重なりました", NotFound: "見つかりません"}.get(
        type(error), "入力を確かめてください"
    )
    QMessageBox.warning(parent, title, error.message)


def install_excepthook(log_file: Path) -> None:
    """Unexpected errors are logged and shown with where the log is; never a silent exit."""

    def hook(exc_type, exc, tb) -> None:
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            traceback.print_exception(exc_type, exc, tb)
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "思わぬエラーが起きました",
            "処理の途中で思わぬエラーが起きました。直前の操作は保存されていない場合があります。\n"
            "続けて使えますが、同じことが続く場合は、次のログファイルを担当者に"
            f"お送りください。\n\n{log_file}",
        )
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        box.exec()

    sys.excepthook = hook
