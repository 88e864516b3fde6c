"""Fills an empty database with the fictional demo town みどり町 (resources/demo/)."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Area, ChecklistState, Organization, Person
from app.domain.catalog import default_catalog
from app.paths import resource_path
from app.services.areas import AreaInput
from app.services.errors import ValidationError
from app.services.setup import SetupInput, is_set_up, run_setup

DEMO_USER = "デモ利用者"


def _area_input(raw: dict) -> AreaInput:
    return AreaInput(**{k: raw[k] for k in AreaInput.__dataclass_fields__ if k in raw})


def load_demo(db: Database, today: date | None = None) -> None:
    """Create みどり町 with its areas, organisations, people and a few ticked checks."""
    if is_set_up(db):
        raise ValidationError(
            {
                "demo": "このデータフォルダにはもう町のデータがあります。"
                "デモは空のフォルダに作ってください。"
            }
        )
    data = tomllib.loads(resource_path("demo", "demo_town.toml").read_text(encoding="utf-8"))
    run_setup(
        db,
        SetupInput(
            municipality=data["municipality"],
            municipality_area=_area_input(data["municipality_area"]),
            districts=[_area_input(d) for d in data["districts"]],
            user_name=DEMO_USER,
        ),
    )
    today = today or date.today()
    catalog = default_catalog()
    with db.session() as session:
        areas = {a.name: a for a in session.scalars(select(Area))}
        orgs: dict[str, Organization] = {}
        for raw in data["organizations"]:
            area = areas[raw["area"]] if "area" in raw else None
            org = Organization(
                name=raw["name"],
                reading=raw.get("reading", ""),
                kind=raw["kind"],
                area_id=area.id if area else None,
                contact=raw.get("contact", ""),
            )
            session.add(org)
            orgs[org.name] = org
        session.flush()
        for raw in data["people"]:
            org = orgs[raw["organization"]]
            session.add(
                Person(
                    name=raw["name"],
                    reading=raw["reading"],
                    organization_id=org.id,
                    role=raw.get("role", ""),
                    personal=raw.get("personal", True),
                )
            )
        for n, raw in enumerate(data["checks"]):
            item = catalog.item(raw["item"])
            for check in item.checks[: raw["done"]]:
                session.add(
                    ChecklistState(
                        area_id=areas[raw["area"]].id,
                        check_key=check.key,
                        done=True,
                        done_on=today - timedelta(days=30 * (len(data["checks"]) - n)),
                        updated_by=DEMO_USER,
                    )
                )
        session.commit()
