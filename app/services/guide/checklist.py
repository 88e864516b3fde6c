"""STEP check items ticked per area, and each area's progress through the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Area, ChecklistState
from app.domain.catalog import Catalog, CatalogItem, default_catalog
from app.services.errors import FieldErrors
from app.services.records import check_version, conflicts_as, get_live
from app.services.validate import optional_text

NOTE_MAX = 2000


@dataclass(frozen=True)
class CheckState:
    check_key: str
    done: bool
    done_on: date | None
    note: str
    updated_by: str
    version: int  # 0: never saved (RecordMixin versions start at 1)


@dataclass(frozen=True)
class ItemProgress:
    code: str
    title: str
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done >= self.total

    @property
    def started(self) -> bool:
        return self.done > 0


@dataclass(frozen=True)
class AreaProgress:
    area_id: int
    area_name: str
    layer: int
    items: tuple[ItemProgress, ...]

    @property
    def done(self) -> int:
        return sum(i.done for i in self.items)

    @property
    def total(self) -> int:
        return sum(i.total for i in self.items)

    @property
    def next_item(self) -> ItemProgress | None:
        """The first catalog item not yet complete: the suggested next step."""
        return next((i for i in self.items if not i.complete), None)


NEVER_SAVED = 0
EARLIEST_DATE = date(2000, 1, 1)  # the care-insurance system, and this work, start in 2000


def _empty(key: str) -> CheckState:
    return CheckState(key, False, None, "", "", NEVER_SAVED)


def states_for_area(db: Database, area_id: int) -> dict[str, CheckState]:
    """Every check key of the catalog for one area; unsaved ones come back open."""
    catalog = default_catalog()
    with db.session() as session:
        get_live(session, Area, area_id, "圏域")
        saved = {
            s.check_key: CheckState(s.check_key, s.done, s.done_on, s.note, s.updated_by, s.version)
            for s in session.scalars(
                select(ChecklistState).where(
                    ChecklistState.area_id == area_id, ChecklistState.deleted_at.is_(None)
                )
            )
        }
    return {key: saved.get(key, _empty(key)) for key in catalog.check_keys()}


def set_check(
    db: Database,
    area_id: int,
    check_key: str,
    done: bool,
    *,
    done_on: date | None = None,
    note: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> CheckState:
    """Tick or untick one check item for one area. A tick without a date is dated today.

    `expected_version` is the version the screen showed (NEVER_SAVED for an open item never
    recorded); a mismatch means someone else recorded it meanwhile and raises ConflictError.
    """
    today = today or date.today()
    errors = FieldErrors()
    if check_key not in default_catalog().check_keys():
        errors.add("check_key", f"チェック項目「{check_key}」はガイドにありません。")
    note = optional_text(errors, "note", "メモ", note, NOTE_MAX)
    if done_on is not None and done_on > today:
        errors.add("done_on", "実施日に未来の日付は入れられません。")
    elif done_on is not None and done_on < EARLIEST_DATE:
        errors.add("done_on", "実施日は2000年（平成12年）以降の日付にしてください。")
    errors.raise_if_any()
    with db.session() as session:
        get_live(session, Area, area_id, "圏域")
        state = session.scalar(
            select(ChecklistState).where(
                ChecklistState.area_id == area_id, ChecklistState.check_key == check_key
            )
        )
        if state is None:
            state = ChecklistState(area_id=area_id, check_key=check_key)
            session.add(state)
        else:
            check_version(state, expected_version, "チェック項目")
            state.deleted_at = None
        state.done = done
        state.done_on = (done_on or today) if done else None
        state.note = note
        state.updated_by = db.user
        with conflicts_as("チェック項目"):
            session.commit()
        return CheckState(
            state.check_key,
            state.done,
            state.done_on,
            state.note,
            state.updated_by,
            state.version,
        )


def _item_progress(item: CatalogItem, done_keys: set[str]) -> ItemProgress:
    keys = [c.key for c in item.checks]
    return ItemProgress(item.code, item.title, sum(k in done_keys for k in keys), len(keys))


def progress_by_area(db: Database, catalog: Catalog | None = None) -> list[AreaProgress]:
    """Each live area's done/total per catalog item, in one query."""
    catalog = catalog or default_catalog()
    with db.session() as session:
        areas = list(
            session.scalars(
                select(Area)
                .where(Area.deleted_at.is_(None))
                .order_by(Area.layer, Area.sort_order, Area.id)
            )
        )
        done_rows = session.execute(
            select(ChecklistState.area_id, ChecklistState.check_key).where(
                ChecklistState.done.is_(True), ChecklistState.deleted_at.is_(None)
            )
        ).all()
    done_by_area: dict[int, set[str]] = {}
    for area_id, key in done_rows:
        done_by_area.setdefault(area_id, set()).add(key)
    return [
        AreaProgress(
            area.id,
            area.name,
            area.layer,
            tuple(_item_progress(i, done_by_area.get(area.id, set())) for i in catalog.items),
        )
        for area in areas
    ]
