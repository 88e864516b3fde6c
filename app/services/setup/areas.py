"""圏域: the layer-1 municipality and its layer-2 districts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Area
from app.domain.enums import Layer
from app.services.errors import FieldErrors, ValidationError
from app.services.issues.issue import rederive_search as rederive_issue_search
from app.services.records import check_version, get_live, move_to_trash, update_record
from app.services.resources.resource import rederive_linked
from app.services.validate import count, optional_text, reading_text, required_text

LABEL = "圏域"


@dataclass(frozen=True)
class AreaInput:
    """What a form or the setup wizard hands in; numbers may still be typed text."""

    name: str
    reading: str = ""
    population: int | str | None = None
    aged_65_plus: int | str | None = None
    aged_75_plus: int | str | None = None
    notes: str = ""


@dataclass(frozen=True)
class AreaRow:
    id: int
    uuid: str
    name: str
    reading: str
    layer: int
    parent_id: int | None
    population: int | None
    aged_65_plus: int | None
    aged_75_plus: int | None
    notes: str
    version: int

    @property
    def layer_label(self) -> str:
        return Layer(self.layer).label

    @property
    def aging_rate(self) -> float | None:
        """高齢化率 (65+ share), when both figures are known."""
        if not self.population or self.aged_65_plus is None:
            return None
        return self.aged_65_plus / self.population


def _row(area: Area) -> AreaRow:
    return AreaRow(
        id=area.id,
        uuid=area.uuid,
        name=area.name,
        reading=area.reading,
        layer=area.layer,
        parent_id=area.parent_id,
        population=area.population,
        aged_65_plus=area.aged_65_plus,
        aged_75_plus=area.aged_75_plus,
        notes=area.notes,
        version=area.version,
    )


def clean_area(data: AreaInput, prefix: str = "") -> dict:
    """Validated column values, or ValidationError naming each bad field (with `prefix`)."""
    errors = FieldErrors()
    values = {
        "name": required_text(errors, prefix + "name", "圏域の名前", data.name),
        "reading": reading_text(errors, prefix + "reading", data.reading),
        "population": count(errors, prefix + "population", "人口", data.population),
        "aged_65_plus": count(errors, prefix + "aged_65_plus", "65歳以上の人数", data.aged_65_plus),
        "aged_75_plus": count(errors, prefix + "aged_75_plus", "75歳以上の人数", data.aged_75_plus),
        "notes": optional_text(errors, prefix + "notes", "メモ", data.notes),
    }
    population, old, older = values["population"], values["aged_65_plus"], values["aged_75_plus"]
    if population is not None and old is not None and old > population:
        errors.add(prefix + "aged_65_plus", "65歳以上の人数が人口より多くなっています。")
    if old is not None and older is not None and older > old:
        errors.add(prefix + "aged_75_plus", "75歳以上の人数が65歳以上の人数より多くなっています。")
    errors.raise_if_any()
    return values


def list_areas(db: Database, layer: int | None = None) -> list[AreaRow]:
    """Live areas: layer 1 first, then layer 2 in the order the town entered them."""
    with db.session() as session:
        return [_row(a) for a in _query(session, layer)]


def _query(session: Session, layer: int | None) -> list[Area]:
    stmt = select(Area).where(Area.deleted_at.is_(None))
    if layer is not None:
        stmt = stmt.where(Area.layer == layer)
    return list(session.scalars(stmt.order_by(Area.layer, Area.sort_order, Area.id)))


def get_area(db: Database, area_id: int) -> AreaRow:
    with db.session() as session:
        return _row(get_live(session, Area, area_id, LABEL))


def municipality_area_in(session: Session) -> Area | None:
    """The live layer-1 area (市町村全域), inside the caller's unit of work."""
    return session.scalar(
        select(Area)
        .where(Area.layer == int(Layer.MUNICIPALITY), Area.deleted_at.is_(None))
        .order_by(Area.id)
        .limit(1)
    )


def municipality_area(db: Database) -> AreaRow | None:
    with db.session() as session:
        area = municipality_area_in(session)
        return _row(area) if area else None


def _ensure_unique_name(session: Session, name: str, exclude_id: int | None = None) -> None:
    stmt = (
        select(func.count()).select_from(Area).where(Area.name == name, Area.deleted_at.is_(None))
    )
    if exclude_id is not None:
        stmt = stmt.where(Area.id != exclude_id)
    if session.scalar(stmt):
        raise ValidationError({"name": f"「{name}」という圏域はもう登録されています。"})


def add_area(session: Session, data: AreaInput, layer: Layer, parent_id: int | None) -> Area:
    """Insert inside the caller's unit of work (used by create_area and the setup wizard)."""
    values = clean_area(data)
    _ensure_unique_name(session, values["name"])
    next_order = session.scalar(
        select(func.coalesce(func.max(Area.sort_order), 0)).where(Area.layer == int(layer))
    )
    area = Area(layer=int(layer), parent_id=parent_id, sort_order=next_order + 1, **values)
    session.add(area)
    session.flush()
    return area


def create_area(db: Database, data: AreaInput, layer: Layer = Layer.DISTRICT) -> AreaRow:
    """Add an area; a layer-2 area belongs to the municipality's layer-1 area."""
    with db.session() as session:
        parent_id = None
        if layer == Layer.DISTRICT:
            parent = municipality_area_in(session)
            parent_id = parent.id if parent else None
        area = add_area(session, data, layer, parent_id)
        session.commit()
        return _row(area)


def update_area(
    db: Database, area_id: int, data: AreaInput, expected_version: int | None = None
) -> AreaRow:
    def clean(session: Session) -> dict:
        values = clean_area(data)
        _ensure_unique_name(session, values["name"], exclude_id=area_id)
        return values

    return update_record(
        db,
        Area,
        area_id,
        LABEL,
        expected_version,
        clean,
        _row,
        after=lambda s, area: (
            rederive_linked(s, area_id=area.id),
            rederive_issue_search(s, area_id=area.id),
        ),
    )


def trash_area(db: Database, area_id: int, expected_version: int | None = None) -> None:
    """Move an area to the trash. The municipality itself cannot be trashed."""
    with db.session() as session:
        area = get_live(session, Area, area_id, LABEL)
        check_version(area, expected_version, LABEL)
        if area.layer == Layer.MUNICIPALITY:
            raise ValidationError(
                {"layer": "市町村全域（第1層）の圏域は削除できません。名前の変更はできます。"}
            )
        move_to_trash(area)
        session.commit()
