"""First start: the municipality, its areas and who is using this PC, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.enums import Layer
from app.services.errors import FieldErrors, ValidationError
from app.services.setup import settings
from app.services.setup.areas import AreaInput, add_area, clean_area, municipality_area_in

MAX_DISTRICTS = 60


@dataclass(frozen=True)
class SetupInput:
    municipality: str
    municipality_area: AreaInput
    districts: list[AreaInput] = field(default_factory=list)
    user_name: str = ""


def _is_set_up(session: Session) -> bool:
    return municipality_area_in(session) is not None and bool(
        settings.read(session, settings.MUNICIPALITY)
    )


def is_set_up(db: Database) -> bool:
    """True once a municipality name and its layer-1 area exist."""
    with db.session() as session:
        return _is_set_up(session)


def _collect(errors: FieldErrors, check, *args):
    """Run one cleaning function, keeping its messages with the others instead of raising."""
    try:
        return check(*args)
    except ValidationError as error:
        for key, message in error.fields.items():
            errors.add(key, message)
        return None


def validate_setup(data: SetupInput) -> None:
    """Every problem at once, keyed like `districts.2.name`, so the wizard can point at it."""
    errors = FieldErrors()
    _collect(errors, settings.clean_municipality, data.municipality)
    _collect(errors, settings.clean_user_name, data.user_name)
    if len(data.districts) > MAX_DISTRICTS:
        errors.add("districts", f"第2層の圏域は{MAX_DISTRICTS}までにしてください。")
    names: set[str] = set()
    areas = [("municipality_area.", data.municipality_area)]
    areas += [(f"districts.{i}.", d) for i, d in enumerate(data.districts)]
    for prefix, area in areas:
        values = _collect(errors, clean_area, area, prefix)
        if values is None:
            continue
        if values["name"] in names:
            errors.add(prefix + "name", f"圏域名「{values['name']}」が重なっています。")
        names.add(values["name"])
    errors.raise_if_any()


def apply_setup(session: Session, data: SetupInput) -> None:
    """Write the town inside the caller's unit of work (the wizard's, or the demo's)."""
    validate_setup(data)
    if _is_set_up(session):
        raise ValidationError({"municipality": "初期設定はすでに済んでいます。"})
    settings.write(session, settings.MUNICIPALITY, settings.clean_municipality(data.municipality))
    top = add_area(session, data.municipality_area, Layer.MUNICIPALITY, None)
    for district in data.districts:
        add_area(session, district, Layer.DISTRICT, top.id)


def run_setup(db: Database, data: SetupInput) -> None:
    """Set up the town in one transaction: all of it is saved, or none."""
    with db.session() as session:
        apply_setup(session, data)
        session.commit()
