"""What every page needs: the database, the data folder, the catalog and the chosen area."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.db.engine import Database
from app.db.location import DataDir
from app.domain.catalog import Catalog


class AppContext(QObject):
    """Shared state of one open town. Pages listen to its signals instead of to each other."""

    area_changed = Signal(int)  # the area id chosen in the toolbar
    records_changed = Signal(str)  # a table name (or "" for "anything"): lists refresh

    def __init__(self, db: Database, data_dir: DataDir, catalog: Catalog) -> None:
        super().__init__()
        self.db = db
        self.data_dir = data_dir
        self.catalog = catalog
        self.area_id: int | None = None

    def set_area(self, area_id: int) -> None:
        if area_id != self.area_id:
            self.area_id = area_id
            self.area_changed.emit(area_id)

    def notify_changed(self, table: str = "") -> None:
        self.records_changed.emit(table)
