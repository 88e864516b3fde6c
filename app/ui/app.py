"""Starts the window: font, error hook, database (migrated before any window), setup, main."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from app import APP_NAME
from app.bootstrap import DamagedDatabaseError, StartupError, data_dir_for, open_database
from app.db.location import SharedServer
from app.domain.catalog import CatalogError, default_catalog
from app.logs import LOG_NAME
from app.services.demo import DEMO_USER, load_demo
from app.services.errors import ServiceError
from app.services.integrity import run_checks
from app.services.safekeeping.backups import backup_now, restore
from app.services.setup.town import is_set_up
from app.ui.context import AppContext
from app.ui.fonts import install_japanese_font, install_japanese_translations
from app.ui.main_window import MainWindow
from app.ui.setup.setup_wizard import SetupWizard
from app.ui.tasks import wait_for_background_work
from app.ui.widgets.errors import install_excepthook

log = logging.getLogger(__name__)


def _ask_password(server: SharedServer) -> str | None:
    password, ok = QInputDialog.getText(
        None,
        "共有データベースのパスワード",
        f"{server.host} のデータベース「{server.database}」に {server.user} として接続します。\n"
        "パスワードを入力してください。",
        QLineEdit.EchoMode.Password,
    )
    return password if ok else None


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("SasaeaiNote")
    install_japanese_font(app)
    install_japanese_translations(app)
    return app


def build_main_window(args: argparse.Namespace) -> tuple[MainWindow | None, AppContext | None]:
    """Open the data, run the first-start wizard when needed, and build the window.

    Returns (None, None) when the person closed the wizard without finishing it.
    """
    data_dir, db = open_database(args, _ask_password)
    install_excepthook(data_dir.logs / LOG_NAME)
    catalog = default_catalog()
    if not is_set_up(db) and not args.self_test:  # the self-test never waits for a person
        wizard = None if args.demo else SetupWizard(db)
        if wizard is not None:
            wizard.exec()
        if wizard is None or wizard.chose_demo:
            db.user = DEMO_USER
            load_demo(db)
            data_dir.write_preference("user_name", DEMO_USER)
        elif not is_set_up(db):
            db.dispose()
            return None, None
        else:
            data_dir.write_preference("user_name", db.user)
    db.user = data_dir.user_name
    context = AppContext(db, data_dir, catalog)
    return MainWindow(context), context


def run_gui(args: argparse.Namespace) -> int:
    app = _application()
    try:
        window, context = _build_or_restore(args)
    except (StartupError, CatalogError) as error:
        log.error("start-up refused: %s", error)
        return _startup_failed(args, str(error))
    except Exception as error:  # never a silent exit: say what happened and where the log is
        log.exception("start-up failed")
        log_file = data_dir_for(args).logs / LOG_NAME
        return _startup_failed(
            args,
            f"起動の途中で思わぬエラーが起きました（{error}）。\n"
            f"詳しくはログ {log_file} をご覧ください。",
        )
    if window is None:
        return 0
    if args.self_test:
        return _self_test(app, window, context)
    window.show()
    code = app.exec()
    wait_for_background_work()
    _backup_on_exit(context)
    context.db.dispose()
    return code


def _backup_on_exit(context: AppContext) -> None:
    try:
        backup_now(context.db, "exit")
    except ServiceError as error:  # the window is gone: the log is the only place left
        log.error("backup on exit failed: %s", error.message)


def _build_or_restore(args: argparse.Namespace):
    """Build the window; on a damaged database offer the newest good backup first."""
    while True:
        try:
            return build_main_window(args)
        except DamagedDatabaseError as error:
            if args.self_test or not _offer_restore(error):
                raise


def _offer_restore(error: DamagedDatabaseError) -> bool:
    """Ask whether to restore; True when the backup is in place and opening may go on."""
    sentences = str(error).replace("。", "。\n").strip()
    box = QMessageBox(QMessageBox.Icon.Critical, "データベースが壊れています", sentences)
    box.setStyleSheet(  # long paths and counts: room for them, not a narrow column
        "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 480px; }"
    )
    restore_button = None
    if error.backup is not None:
        restore_button = box.addButton(
            "バックアップから復元して開く", QMessageBox.ButtonRole.AcceptRole
        )
        box.setInformativeText(
            "復元すると、壊れたファイルは sasaeai.damaged-日時.db として残します。"
            "復元した後の記録は、そのバックアップを作った時点のものです。"
        )
    quit_button = box.addButton("終了する", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore_button or quit_button)
    box.exec()
    if restore_button is None or box.clickedButton() is not restore_button:
        return False
    data_dir = error.data_dir
    try:
        result = restore(data_dir.database_file, error.backup.path, data_dir.backups)
    except ServiceError as failure:
        QMessageBox.critical(None, "復元できませんでした", failure.message)
        return False
    log.info(
        "restored at start-up from %s, damaged kept as %s", result.restored_from, result.kept_aside
    )
    return True


def _startup_failed(args: argparse.Namespace, message: str) -> int:
    if args.self_test:
        print(f"自己診断: 失敗 — {message}", file=sys.stderr)
    else:
        QMessageBox.critical(None, f"{APP_NAME} を開けませんでした", message)
    return 1


def _self_test(app: QApplication, window: MainWindow, context: AppContext) -> int:
    """Show the window, let it draw once, check the database, and exit with the verdict."""
    problems: list[str] = []

    def look() -> None:
        if not window.isVisible() or window.grab().isNull():
            problems.append("メイン画面が表示されませんでした")
        app.quit()

    window.show()
    QTimer.singleShot(0, look)
    app.exec()
    problems += [f.message for f in run_checks(context.db) if not f.ok]
    window.close()
    wait_for_background_work()
    context.db.dispose()
    if problems:
        print("自己診断: 失敗 — " + " / ".join(problems), file=sys.stderr)
        return 1
    print("自己診断: 正常です（画面とデータベースを確かめました）", file=sys.stderr)
    return 0
