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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db.location import read_shared_server
from app.logs import LOG_NAME
from app.services import settings
from app.services.errors import ValidationError
from app.ui.context import AppContext
from app.ui.forms import FieldErrors


def _folder_row(path: Path, folder: Path | None = None) -> QHBoxLayout:
    """The path as text, and a button that opens `folder` (default: the path itself)."""
    folder = folder or path
    row = QHBoxLayout()
    label = QLabel(str(path))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    button = QPushButton("フォルダを開く")
    button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
    row.addWidget(label, 1)
    row.addWidget(button)
    return row


class SettingsPage(QWidget):
    TITLE = "設定"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.municipality_edit = QLineEdit()
        self.user_edit = QLineEdit()
        self.save_button = QPushButton("保存")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.error_label = QLabel()
        self.errors = FieldErrors(
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

        data_dir = context.data_dir
        storage = QGroupBox("記録の保存先")
        storage_form = QFormLayout(storage)
        server = read_shared_server(data_dir)
        if context.db.is_sqlite:
            storage_form.addRow(
                "データベース", QLabel(f"この PC のファイル（{context.db.sqlite_path}）")
            )
        elif server is not None:
            storage_form.addRow(
                "データベース",
                QLabel(f"共有サーバー {server.host}:{server.port} の {server.database}"),
            )
        else:
            storage_form.addRow("データベース", QLabel("起動時に指定された共有データベース"))
        storage_form.addRow("データフォルダ", _folder_row(data_dir.root))
        storage_form.addRow("自動バックアップ", _folder_row(data_dir.backups))
        storage_form.addRow("ログ", _folder_row(data_dir.logs / LOG_NAME, data_dir.logs))
        note = QLabel(
            "データベースの形式を新しくする前には、必ずバックアップを自動で作ります。"
            "共有サーバーのパスワードは、この PC の資格情報の保管庫にだけ保存します。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        storage_form.addRow(note)

        layout = QVBoxLayout(self)
        layout.addWidget(town)
        layout.addWidget(storage)
        layout.addStretch(1)

    def refresh(self) -> None:
        self.municipality_edit.setText(settings.municipality_name(self.context.db))
        self.user_edit.setText(self.context.data_dir.user_name)
        self.saved_label.clear()
        self.errors.clear()

    def save(self) -> None:
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
            return
        self.errors.clear()
        settings.set_municipality(self.context.db, self.municipality_edit.text())
        self.context.data_dir.write_preference("user_name", user)
        self.context.db.user = user
        self.context.notify_changed("setting")
        self.saved_label.setText("保存しました。")
