"""First start: the municipality, its areas and who is using this PC, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import Area
from app.domain.enums import Layer
from app.services import settings
from app.services.areas import AreaInput, add_area, clean_area
from app.services.errors import FieldErrors, ValidationError
from app.services.validate import required_text

MAX_DISTRICTS = 60


@dataclass(frozen=True)
class SetupInput:
    municipality: str
    municipality_area: AreaInput
    districts: list[AreaInput] = field(default_factory=list)
    user_name: str = ""


def is_set_up(db: Database) -> bool:
    """True once a municipality name and its layer-1 area exist."""
    with db.session() as session:
        has_area = session.scalar(
            select(func.count()).select_from(Area).where(Area.layer == 1, Area.deleted_at.is_(None))
        )
        return bool(has_area) and bool(settings.read(session, settings.MUNICIPALITY))


def validate_setup(data: SetupInput) -> None:
    """Every problem at once, keyed like `districts.2.name`, so the wizard can point at it."""
    errors = FieldErrors()
    required_text(errors, "municipality", "市町村名", data.municipality, 50)
    required_text(errors, "user_name", "お名前", data.user_name, 50)
    names: dict[str, str] = {}
    areas = [("municipality_area.", data.municipality_area)]
    areas += [(f"districts.{i}.", d) for i, d in enumerate(data.districts)]
    if len(data.districts) > MAX_DISTRICTS:
        errors.add("districts", f"第2層の圏域は{MAX_DISTRICTS}までにしてください。")
    for prefix, area in areas:
        try:
            values = clean_area(area, prefix)
        except ValidationError as error:
            for key, message in error.fields.items():
                errors.add(key, message)
            continue
        if values["name"] in names:
            errors.add(prefix + "name", f"圏域名「{values['name']}」が重なっています。")
        names[values["name"]] = prefix
    errors.raise_if_any()


def run_setup(db: Database, data: SetupInput) -> None:
    validate_setup(data)
    with db.session() as session:
        if is_set_up(db):
            raise ValidationError({"municipality": "初期設定はすでに済んでいます。"})
        settings.write(session, settings.MUNICIPALITY, data.municipality.strip())
        top = add_area(session, data.municipality_area, Layer.MUNICIPALITY, None)
        for district in data.districts:
            add_area(session, district, Layer.DISTRICT, top.id)
        session.commit()
