"""設定: the town's name, who uses this PC, and where the records are kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.files import private_dir
from app.services.errors import ValidationError
from app.services.setup import settings
from app.services.storage import describe_storage
from app.ui.context import AppContext
from app.ui.widgets.forms import Choice, ErrorDisplay, ask_save_changes


def _folder_row(path: Path, folder: Path | None = None) -> QHBoxLayout:
    """The path as text, and a button that opens `folder` (default: the path itself)."""
    folder = folder or path
    row = QHBoxLayout()
    label = QLabel(str(path))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    button = QPushButton("フォルダを開く")
    button.clicked.connect(lambda: _open_folder(button, folder))
    row.addWidget(label, 1)
    row.addWidget(button)
    return row


def _open_folder(parent: QWidget, folder: Path) -> None:
    """Open `folder` in the file manager, making it first (no backup yet, no folder yet)."""
    try:
        private_dir(folder)
    except OSError as error:
        QMessageBox.warning(
            parent, "フォルダを開けません", f"{folder} を作れませんでした（{error.strerror}）。"
        )
        return
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        QMessageBox.information(
            parent, "フォルダを開けません", f"ファイルを見る画面を開けませんでした。場所: {folder}"
        )


class SettingsPage(QWidget):
    TITLE = "設定"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._loaded: tuple[str, str] | None = None
        self.municipality_edit = QLineEdit()
        self.user_edit = QLineEdit()
        self.save_button = QPushButton("保存")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.error_label = QLabel()
        self.errors = ErrorDisplay(
            self.error_label,
            {"municipality": self.municipality_edit, "user_name": self.user_edit},
        )

        town = QGroupBox("町とお使いの方")
        form = QFormLayout(town)
        form.addRow("市町村名", self.municipality_edit)
        form.addRow("この PC でお使いの方", self.user_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        form.addRow("", buttons)
        form.addRow("", self.error_label)

        info = describe_storage(context.db, context.data_dir)
        storage = QGroupBox("記録の保存先")
        storage_form = QFormLayout(storage)
        database_label = QLabel(info.database)
        database_label.setWordWrap(True)
        storage_form.addRow("データベース", database_label)
        storage_form.addRow("データフォルダ", _folder_row(info.data_folder))
        storage_form.addRow("自動バックアップ", _folder_row(info.backups_folder))
        storage_form.addRow("ログ", _folder_row(info.log_file, info.logs_folder))
        note = QLabel(
            "バックアップは毎日・終了時・取り込みや形式の更新の前に自動で作ります"
            "（一覧と復元は「設定 → バックアップと復元」）。"
            "共有サーバーのパスワードは、この PC の資格情報の保管庫にだけ保存します。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        storage_form.addRow(note)

        layout = QVBoxLayout(self)
        layout.addWidget(town)
        layout.addWidget(storage)
        layout.addStretch(1)

    def _typed(self) -> tuple[str, str]:
        return self.municipality_edit.text(), self.user_edit.text()

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self._typed() != self._loaded

    def refresh(self) -> None:
        """Show the stored values, unless the person is in the middle of changing them."""
        if self.has_unsaved_changes():
            return
        self._loaded = (
            settings.municipality_name(self.context.db),
            self.context.data_dir.user_name,
        )
        self.municipality_edit.setText(self._loaded[0])
        self.user_edit.setText(self._loaded[1])
        self.saved_label.clear()
        self.errors.clear()

    def maybe_leave(self) -> bool:
        """True when nothing is unsaved, or the person saved or discarded it."""
        if not self.has_unsaved_changes():
            return True
        choice = ask_save_changes(self, "設定")
        if choice == Choice.SAVE:
            return self.save()
        return choice == Choice.DISCARD

    def save(self) -> bool:
        fields: dict[str, str] = {}
        try:
            user = settings.clean_user_name(self.user_edit.text())
        except ValidationError as error:
            fields.update(error.fields)
        try:
            settings.clean_municipality(self.municipality_edit.text())
        except ValidationError as error:
            fields.update(error.fields)
        if fields:
            self.errors.show(ValidationError(fields))
            return False
        self.errors.clear()
        name = settings.set_municipality(self.context.db, self.municipality_edit.text())
        self.context.data_dir.write_preference("user_name", user)
        self.context.db.user = user
        self._loaded = (name, user)
        self.municipality_edit.setText(name)
        self.user_edit.setText(user)
        self.context.notify_changed("setting")
        self.saved_label.setText("保存しました。")
        return True
