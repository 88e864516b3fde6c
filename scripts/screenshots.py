"""Render the main screens of the demo town to PNG files (README images, visual review).

QT_QPA_PLATFORM=offscreen python scripts/screenshots.py OUTPUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from app.db.engine import Database
from app.db.location import DataDir
from app.db.migrate import prepare_database
from app.domain.catalog import default_catalog
from app.services.demo import DEMO_USER, load_demo
from app.ui.context import AppContext
from app.ui.fonts import install_japanese_font, install_japanese_translations
from app.ui.main_window import MainWindow


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    install_japanese_font(app)
    install_japanese_translations(app)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp)).ensure()
        data_dir.write_preference("user_name", DEMO_USER)
        db = Database(f"sqlite:///{data_dir.database_file}", user=DEMO_USER)
        prepare_database(db, data_dir.backups)
        load_demo(db)
        window = MainWindow(AppContext(db, data_dir, default_catalog()))
        window.resize(1280, 800)
        window.show()

        def settle() -> None:
            for _ in range(20):
                app.processEvents()
            QApplication.instance().thread().msleep(50)
            app.processEvents()

        settle()
        shots = {
            "home": lambda: window.show_page("home"),
            "step1": lambda: window.nav.setCurrentItem(window._nav_items[("step", 1)]),
            "item-1-3": lambda: window.open_item("1-3", window.context.area_id),
            "item-1-4": lambda: window.open_item("1-4", window.context.area_id),
            "item-2-1-north": lambda: window.open_item("2-1", window.area_combo.itemData(1)),
            "settings": lambda: window.show_page("settings"),
            "areas": lambda: window.show_page("areas"),
            "organizations": lambda: window.show_page("organizations"),
            "people": lambda: window.show_page("people"),
            "resources": lambda: window.show_page("resources"),
            "meetings": lambda: window.show_page("meetings"),
            "issues": lambda: window.show_page("issues"),
            "issue-maps": lambda: window.show_page("issue_maps"),
            "issue-maps-needs": lambda: (
                window._select_area(window.area_combo.itemData(3)),
                window.issue_maps_page.tabs.setCurrentIndex(1),
            ),
            "item-2-3-north": lambda: window.open_item("2-3", window.area_combo.itemData(1)),
            "initiatives": lambda: window.show_page("initiatives"),
            "item-3-3-east": lambda: window.open_item("3-3", window.area_combo.itemData(3)),
            "print-handout": lambda: (
                window.show_page("print"),
                window.print_centre.select_paper("handout", area=window.area_combo.itemData(1)),
            ),
            "resources-search": lambda: window.resources_page.filters.search.setText("かふぇ"),
        }
        for name, show in shots.items():
            show()
            settle()
            for _ in range(30):  # background queries (home, resource list) report back
                if not window.resources_page.is_busy():
                    break
                QApplication.instance().thread().msleep(50)
                app.processEvents()
            settle()
            window.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
        window.close()
        db.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
