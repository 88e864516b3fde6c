"""バックアップと復元: every copy with its date and what it holds; make one; restore one."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.migrate import prepare_database
from app.files import private_dir
from app.services.errors import ServiceError
from app.services.safekeeping.backups import (
    RULE_TEXT,
    BackupInfo,
    backup_now,
    list_backups,
    restore,
)
from app.ui.context import AppContext
from app.ui.tasks import wait_for_background_work
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm
from app.ui.widgets.styles import HINT

log = logging.getLogger(__name__)
COLUMNS = ("作った日時", "きっかけ", "中身", "大きさ")


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size // 1024, 1)} KB"


class BackupsPage(QWidget):
    TITLE = "バックアップと復元"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.backups: list[BackupInfo] = []
        title = QLabel(f"<b>{self.TITLE}</b>")
        intro = QLabel(
            "記録のバックアップは、毎日・終了時・取り込みや復元の前に自動で作ります。" + RULE_TEXT
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.empty_label = QLabel()
        self.empty_label.setStyleSheet(HINT)
        self.empty_label.setWordWrap(True)

        self.backup_button = QPushButton("今すぐバックアップを作る")
        self.backup_button.setToolTip("Ctrl+Shift+B でも作れます")
        self.backup_button.clicked.connect(self.make_backup)
        self.restore_button = QPushButton("選んだバックアップから復元…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton("ファイルを選んで復元…")
        self.file_button.setToolTip("USB メモリや別の PC から持ってきたバックアップを使います")
        self.file_button.clicked.connect(self.restore_from_file)
        self.folder_button = QPushButton("フォルダを開く")
        self.folder_button.clicked.connect(self.open_folder)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self._sqlite = context.db.sqlite_path is not None
        if not self._sqlite:
            for button in (self.backup_button, self.restore_button, self.file_button):
                button.setEnabled(False)
            self.empty_label.setText(
                "共有データベース（PostgreSQL）を使っています。バックアップはサーバー側で"
                "管理します。サーバーの管理者にお尋ねください。"
            )

    @property
    def folder(self) -> Path:
        return self.context.data_dir.backups

    def refresh(self) -> None:
        self.backups = list_backups(self.folder) if self._sqlite else []
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            cells = (
                f"{backup.made_at:%Y年%m月%d日 %H:%M}",
                backup.reason_label,
                backup.counts_text,
                _size(backup.size),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                if not backup.readable:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        if self._sqlite:
            self.empty_label.setVisible(not self.backups)
            self.empty_label.setText(
                "まだバックアップはありません。「今すぐバックアップを作る」で作れます。"
            )
        self._update_buttons()

    def _selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self._selected()
        self.restore_button.setEnabled(self._sqlite and chosen is not None and chosen.readable)

    def make_backup(self) -> Path | None:
        try:
            path = backup_now(self.context.db, "manual")
        except ServiceError as error:
            show_service_error(self, error)
            return None
        if path is not None:
            self.status_label.setText(f"バックアップを作りました: {path.name}")
        self.refresh()
        return path

    def open_folder(self) -> None:
        try:
            private_dir(self.folder, own=True)  # a new town has no copy yet: the folder must exist
        except OSError as error:
            QMessageBox.warning(self, "フォルダを開けません", f"{self.folder}（{error.strerror}）")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def restore_selected(self) -> bool:
        chosen = self._selected()
        if chosen is None or not chosen.readable:
            return False
        return self._restore(
            chosen.path, f"{chosen.made_at:%Y年%m月%d日 %H:%M}（{chosen.counts_text}）"
        )

    def restore_from_file(self) -> bool:
        name, _ = QFileDialog.getOpenFileName(
            self, "復元に使うバックアップ", str(self.folder), "バックアップ (*.db);;すべて (*)"
        )
        return self._restore(Path(name), Path(name).name) if name else False

    def _restore(self, backup: Path, described: str) -> bool:
        if not confirm(
            self,
            "バックアップから復元",
            f"記録を {described} の状態に戻します。\n"
            "今の記録は「復元の前」のバックアップとして残すので、あとで戻すこともできます。\n"
            "復元しますか？",
        ):
            return False
        db = self.context.db
        wait_for_background_work()  # a page's query still running would hold the file
        db.dispose()  # no connection may hold the file while it is replaced
        try:
            result = restore(db.sqlite_path, backup, self.folder)
        except ServiceError as error:
            db.reopen()
            show_service_error(self, error)
            return False
        db.reopen()
        prepare_database(db, self.folder)  # a copy from an older version is brought up to date
        log.info("restored from %s", backup)
        self.status_label.setText(
            f"{described} の状態に戻しました。"
            + (
                f"戻す前の記録は {result.kept_aside.name} に残しています。"
                if result.kept_aside
                else ""
            )
        )
        self.context.notify_changed("")
        self.refresh()
        return True
