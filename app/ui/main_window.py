"""The main window: navigation on the left, the chosen page on the right, the area on top."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app import APP_NAME, __version__
from app.domain.enums import MeetingKind
from app.logs import LOG_NAME
from app.services.errors import ServiceError
from app.services.resources.export import export_resources
from app.services.safekeeping.backups import backup_now, daily_due
from app.services.setup import areas as area_service
from app.services.setup import settings
from app.ui.context import AppContext
from app.ui.guide.home_page import HomePage
from app.ui.guide.step_pages import StepItemPage, StepOverviewPage
from app.ui.initiatives.page import InitiativesPage
from app.ui.issues.kj_board.board import KjBoardPage
from app.ui.issues.maps_page import IssueMapsPage
from app.ui.issues.page import IssuesPage
from app.ui.meetings.page import MeetingsPage
from app.ui.printing.print_centre import PrintCentrePage
from app.ui.resources.import_wizard import ResourceImportWizard
from app.ui.resources.page import ResourcesPage
from app.ui.setup.areas_page import AreasPage
from app.ui.setup.backups_page import BackupsPage
from app.ui.setup.organizations_page import OrganizationsPage
from app.ui.setup.people_page import PeoplePage
from app.ui.setup.settings_page import SettingsPage
from app.ui.tasks import run_in_background
from app.ui.widgets.errors import show_service_error

NAV_ROLE = Qt.ItemDataRole.UserRole + 1  # ("page", name) | ("step", n) | ("item", code)
BACKUP_CHECK_MS = 60 * 60 * 1000  # how often an open window asks whether a day has passed
LAST_EXPORT_DIR = "last_export_dir"  # preference: the folder chosen for the last export

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setMinimumSize(960, 640)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(1400, int(screen.width() * 0.9)), min(900, int(screen.height() * 0.9)))

        self.home = HomePage(context)
        self.step_overview = StepOverviewPage(context)
        self.step_item = StepItemPage(context)
        self.settings_page = SettingsPage(context)
        self.areas_page = AreasPage(context)
        self.organizations_page = OrganizationsPage(context)
        self.people_page = PeoplePage(context)
        self.backups_page = BackupsPage(context)
        self.resources_page = ResourcesPage(context)
        self.meetings_page = MeetingsPage(context)
        self.issues_page = IssuesPage(context)
        self.issue_maps_page = IssueMapsPage(context)
        self.kj_page = KjBoardPage(context)
        self.initiatives_page = InitiativesPage(context)
        self.print_centre = PrintCentrePage(context)
        self.pages: dict[str, QWidget] = {
            "home": self.home,
            "step": self.step_overview,
            "item": self.step_item,
            "settings": self.settings_page,
            "areas": self.areas_page,
            "organizations": self.organizations_page,
            "people": self.people_page,
            "backups": self.backups_page,
            "resources": self.resources_page,
            "meetings": self.meetings_page,
            "issues": self.issues_page,
            "issue_maps": self.issue_maps_page,
            "kj": self.kj_page,
            "initiatives": self.initiatives_page,
            "print": self.print_centre,
        }
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)

        self.nav = QTreeWidget()
        self.nav.setHeaderHidden(True)
        self.nav.setMinimumWidth(300)
        self.nav.setIndentation(14)
        self.nav.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        self._nav_items: dict[tuple, QTreeWidgetItem] = {}
        self._build_nav()
        self.nav.currentItemChanged.connect(self._nav_changed)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 950])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.area_combo = QComboBox()
        self.area_combo.setMinimumWidth(260)
        self.area_combo.setToolTip("どの圏域の記録を見るかを選びます（Ctrl+L）")
        self.area_combo.currentIndexChanged.connect(self._area_chosen)
        toolbar = QToolBar("圏域")
        toolbar.setMovable(False)
        area_label = QLabel("  表示する圏域: ")
        area_label.setBuddy(self.area_combo)
        toolbar.addWidget(area_label)
        toolbar.addWidget(self.area_combo)
        self.addToolBar(toolbar)
        self._build_menu()

        self.resources_page.import_requested.connect(self.import_resources)
        self.resources_page.export_requested.connect(self.export_resources)
        self.home.open_item.connect(self.open_item)
        self.home.open_unconfirmed.connect(self.show_unconfirmed_resources)
        self.step_overview.open_item.connect(self.open_item)
        self.step_item.open_record.connect(self.open_record)
        self.issue_maps_page.open_issue.connect(self.show_issue)
        self.issue_maps_page.open_resource.connect(self.show_resource)
        context.records_changed.connect(self._records_changed)

        self.reload_areas()
        self._update_title()
        self.statusBar().showMessage(f"お使いの方: {context.data_dir.user_name or '未設定'}")
        self.nav.setCurrentItem(self._nav_items[("page", "home")])
        self._backup_running = False
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self._daily_backup)
        self.backup_timer.start()
        QTimer.singleShot(0, self._daily_backup)

    def closeEvent(self, event) -> None:
        """Ask about unsaved form edits before the window closes; nothing typed is lost."""
        for page in (
            self.settings_page,
            self.areas_page,
            self.organizations_page,
            self.people_page,
        ):
            if not page.maybe_leave():
                self.stack.setCurrentWidget(page)
                event.ignore()
                return
        event.accept()

    # navigation -------------------------------------------------------------------------
    def _add_nav(self, parent, text: str, key: tuple) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, NAV_ROLE, key)
        if parent is None:
            self.nav.addTopLevelItem(item)
        else:
            parent.addChild(item)
        self._nav_items[key] = item
        return item

    def _build_nav(self) -> None:
        catalog = self.context.catalog
        self._add_nav(None, "ホーム", ("page", "home"))
        for step in catalog.steps:
            parent = self._add_nav(None, f"STEP {step.number}　{step.title}", ("step", step.number))
            parent.setToolTip(0, step.title)
            for item in catalog.items_for_step(step.number):
                child = self._add_nav(parent, f"{item.code} {item.title}", ("item", item.code))
                child.setToolTip(0, item.title)
            parent.setExpanded(True)
        resources = self._add_nav(None, "地域資源", ("page", "resources"))
        resources.setToolTip(0, "地域資源の一覧・登録・取り込み（STEP 2-1）")
        meetings = self._add_nav(None, "協議体・会議", ("page", "meetings"))
        meetings.setToolTip(0, "協議体の構成員と設置要綱、会議の次第・出席者・議事録（Ctrl+M）")
        issues = self._add_nav(None, "地域課題", ("page", "issues"))
        issues.setToolTip(0, "地域課題の記録・検索・引継ぎ（STEP 2-2、Ctrl+I）")
        kj = self._add_nav(issues, "KJ法ボード", ("page", "kj"))
        kj.setToolTip(0, "課題をカードにして、グループと表札、矢印で整理します（STEP 2-3）")
        maps = self._add_nav(issues, "課題の整理（表とマップ）", ("page", "issue_maps"))
        maps.setToolTip(0, "緊急度×地域の表と、ニーズ×資源のマップ（STEP 2-3・2-4）")
        issues.setExpanded(True)
        initiatives = self._add_nav(None, "取組", ("page", "initiatives"))
        initiatives.setToolTip(
            0, "STEP 3 の取組: 参加のきっかけ・今ある活動の強化・新しい活動（Ctrl+T）"
        )
        printing = self._add_nav(None, "印刷センター", ("page", "print"))
        printing.setToolTip(0, "作れる書類の一覧と、プレビュー・印刷・PDF保存（Ctrl+Shift+P）")
        settings_item = self._add_nav(None, "設定", ("page", "settings"))
        self._add_nav(settings_item, "圏域", ("page", "areas"))
        self._add_nav(settings_item, "団体・主体", ("page", "organizations"))
        self._add_nav(settings_item, "人", ("page", "people"))
        backups = self._add_nav(settings_item, "バックアップと復元", ("page", "backups"))
        backups.setToolTip(
            0, "自動のバックアップの一覧と、そこからの復元（Ctrl+Shift+B で今すぐ作成）"
        )
        settings_item.setExpanded(True)

    def _nav_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is None:
            return
        kind, value = current.data(0, NAV_ROLE)
        if kind == "step":
            self.step_overview.show_step(value)
            self.stack.setCurrentWidget(self.step_overview)
        elif kind == "item":
            self.step_item.show_item(value)
            self.stack.setCurrentWidget(self.step_item)
        else:
            page = self.pages[value]
            page.refresh()
            self.stack.setCurrentWidget(page)

    def show_page(self, name: str) -> None:
        self.nav.setCurrentItem(self._nav_items[("page", name)])

    def open_item(self, code: str, area_id: int) -> None:
        """Open a catalog item's page for the given area."""
        self._select_area(area_id)
        self.nav.setCurrentItem(self._nav_items[("item", code)])

    def show_issue(self, issue_id: int) -> None:
        self.show_page("issues")
        self.issues_page.show_issue(issue_id)

    def show_resource(self, resource_id: int) -> None:
        self.show_page("resources")
        self.resources_page.show_resource(resource_id)

    def open_record(self, table: str, record_id: int) -> None:
        """A record asked for from a STEP page (id 0: make a new one)."""
        if table == "issue":
            if record_id:
                self.show_issue(record_id)
            else:
                self.show_page("issues")
                self.issues_page.new_issue()
            return
        if table == "initiative":
            self.show_page("initiatives")
            if record_id:
                self.initiatives_page.show_initiative(record_id)
            else:
                self.initiatives_page.new_initiative()
            return
        if table == "resources":
            self.show_page("resources")
            return
        if table == "maps":
            self.show_page("issue_maps")
            return
        if table == "kj":
            if record_id:
                self._select_area(record_id)  # the board is the chosen area's
            self.show_page("kj")
            return
        self.show_page("meetings")
        if table == "council":
            if record_id:
                self.meetings_page.show_council(record_id)
            else:
                self.meetings_page.new_council()
        elif record_id:
            self.meetings_page.open_minutes_of(record_id)
        else:
            code = self.step_item.item.code
            kind = MeetingKind.ROUND_TABLE if code == "1-2" else MeetingKind.COUNCIL
            self.meetings_page.new_meeting_of(kind.value)

    # resources --------------------------------------------------------------------------
    def show_unconfirmed_resources(self) -> None:
        self.show_page("resources")
        self.resources_page.filters.unconfirmed_check.setChecked(True)

    def import_resources(self) -> None:
        ResourceImportWizard(self.context, self).exec()

    def export_folder(self) -> Path:
        """Where 書き出す suggests saving: the folder used last time, else 「ドキュメント」
        (never the hidden data folder, where nobody would find the file)."""
        last = self.context.data_dir.read_preferences().get(LAST_EXPORT_DIR)
        candidates = [last] if isinstance(last, str) and last else []
        location = QStandardPaths.StandardLocation
        candidates += [QStandardPaths.writableLocation(location.DocumentsLocation)]
        candidates += [QStandardPaths.writableLocation(location.HomeLocation), str(Path.home())]
        return next((Path(c) for c in candidates if c and Path(c).is_dir()), Path.home())

    def export_resources(self) -> None:
        """Write the list as it is filtered now to .xlsx or .csv, off the GUI thread."""
        suggested = self.export_folder() / f"地域資源_{date.today():%Y%m%d}.xlsx"
        path, _chosen = QFileDialog.getSaveFileName(
            self, "地域資源を書き出す", str(suggested), "Excel ブック (*.xlsx);;CSV (*.csv)"
        )
        if not path:
            return
        try:
            self.context.data_dir.write_preference(LAST_EXPORT_DIR, str(Path(path).parent))
        except OSError:
            log.warning("could not remember the export folder", exc_info=True)
        flt = self.resources_page.current_filter()
        db = self.context.db
        self.statusBar().showMessage("書き出しています…")

        def done(count: int) -> None:
            self.statusBar().showMessage(f"地域資源 {count} 件を {path} に書き出しました。", 15000)

        def failed(error: Exception) -> None:
            self.statusBar().clearMessage()
            if isinstance(error, ServiceError):
                show_service_error(self, error)
            elif isinstance(error, OSError):
                QMessageBox.warning(
                    self,
                    "書き出せませんでした",
                    f"{path} に保存できませんでした（{error.strerror}）。"
                    "ファイルを開いている場合は閉じてから、もう一度お試しください。",
                )
            else:
                raise error

        run_in_background(lambda: export_resources(db, path, flt), done, failed, receiver=self)

    # areas ------------------------------------------------------------------------------
    def reload_areas(self) -> None:
        chosen = self.context.area_id
        self.area_combo.blockSignals(True)
        self.area_combo.clear()
        for area in area_service.list_areas(self.context.db):
            label = f"全域（{area.name}）" if area.layer == 1 else area.name
            self.area_combo.addItem(label, area.id)
        self.area_combo.blockSignals(False)
        index = self.area_combo.findData(chosen) if chosen is not None else -1
        self.area_combo.setCurrentIndex(max(index, 0))
        self._area_chosen(self.area_combo.currentIndex())

    def _select_area(self, area_id: int) -> None:
        index = self.area_combo.findData(area_id)
        if index >= 0:
            self.area_combo.setCurrentIndex(index)

    def _area_chosen(self, index: int) -> None:
        area_id = self.area_combo.itemData(index)
        if area_id is not None:
            self.context.set_area(area_id)

    def _records_changed(self, table: str) -> None:
        if table in ("area", ""):
            self.reload_areas()
        if table in ("setting", ""):
            self._update_title()
            self.statusBar().showMessage(f"お使いの方: {self.context.data_dir.user_name}")

    def _update_title(self) -> None:
        town = settings.municipality_name(self.context.db)
        self.setWindowTitle(f"{town} — {APP_NAME}" if town else APP_NAME)

    # menu -------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("ファイル(&F)")
        backup_action = QAction("バックアップを作成(&B)", self)
        backup_action.setShortcut("Ctrl+Shift+B")
        backup_action.triggered.connect(self.make_backup)
        file_menu.addAction(backup_action)
        restore_action = QAction("バックアップと復元(&R)…", self)
        restore_action.triggered.connect(lambda: self.show_page("backups"))
        file_menu.addAction(restore_action)
        file_menu.addSeparator()
        quit_action = QAction("終了(&Q)", self)
        quit_action.setShortcut("Ctrl+Q")  # StandardKey.Quit has no key on Windows
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("表示(&V)")
        for text, shortcut, page in (
            ("ホーム(&H)", "Ctrl+H", "home"),
            ("協議体・会議(&M)", "Ctrl+M", "meetings"),
            ("地域課題(&I)", "Ctrl+I", "issues"),
            ("取組(&T)", "Ctrl+T", "initiatives"),
            ("印刷センター(&P)", "Ctrl+Shift+P", "print"),
            ("設定(&S)", "Ctrl+,", "settings"),
        ):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(lambda _=False, p=page: self.show_page(p))
            view_menu.addAction(action)
        area_action = QAction("圏域を選ぶ(&L)", self)
        area_action.setShortcut("Ctrl+L")
        area_action.triggered.connect(
            lambda: (self.area_combo.setFocus(), self.area_combo.showPopup())
        )
        view_menu.addAction(area_action)
        refresh_action = QAction("最新の状態にする(&R)", self)
        refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh_action.triggered.connect(lambda: self.context.notify_changed(""))
        view_menu.addAction(refresh_action)

        help_menu = self.menuBar().addMenu("ヘルプ(&H)")
        about = QAction(f"{APP_NAME} について(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def make_backup(self) -> None:
        path = self.backups_page.make_backup()
        if path is not None:
            self.statusBar().showMessage(f"バックアップを作りました: {path}", 8000)

    def _daily_backup(self) -> None:
        """While the app stays open for days, one copy a day (made off the GUI thread)."""
        db, folder = self.context.db, self.context.data_dir.backups
        if db.sqlite_path is None or self._backup_running or not daily_due(folder):
            return
        self._backup_running = True

        def done(_result) -> None:
            self._backup_running = False
            if self.backups_page.isVisible():
                self.backups_page.refresh()

        def failed(error) -> None:
            self._backup_running = False
            log.warning("daily backup failed: %s", error)
            self.statusBar().showMessage(f"毎日の自動バックアップを作れませんでした: {error}")

        run_in_background(lambda: backup_now(db, "daily"), done, failed, self)

    def _about(self) -> None:
        data_dir = self.context.data_dir
        QMessageBox.about(
            self,
            f"{APP_NAME} について",
            f"<b>{APP_NAME}</b> {__version__}<br>"
            "生活支援体制整備事業の STEP 1〜3 を進めるためのアプリです。<br><br>"
            f"データフォルダ: {data_dir.root}<br>ログ: {data_dir.logs / LOG_NAME}<br><br>"
            "フォント: IPAexゴシック（IPA フォントライセンス v1.0）",
        )
