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
from app.services.organizations import OrganizationInput, clean_organization
from app.services.people import PersonInput, clean_person
from app.services.setup import SetupInput, apply_setup, is_set_up

DEMO_USER = "デモ利用者"


def _area_input(raw: dict) -> AreaInput:
    return AreaInput(**{k: raw[k] for k in AreaInput.__dataclass_fields__ if k in raw})


def load_demo(db: Database, today: date | None = None) -> None:
    """Create みどり町 with its areas, organisations, people and a few ticked checks.

    One unit of work: a crash half way leaves an empty folder, never half a town.
    """
    data = tomllib.loads(resource_path("demo", "demo_town.toml").read_text(encoding="utf-8"))
    today = today or date.today()
    catalog = default_catalog()
    with db.session() as session:
        if is_set_up(db):
            raise ValidationError(
                {
                    "demo": "このデータフォルダにはもう町のデータがあります。"
                    "デモは空のフォルダに作ってください。"
                }
            )
        apply_setup(
            session,
            SetupInput(
                municipality=data["municipality"],
                municipality_area=_area_input(data["municipality_area"]),
                districts=[_area_input(d) for d in data["districts"]],
                user_name=DEMO_USER,
            ),
        )
        areas = {a.name: a for a in session.scalars(select(Area))}
        orgs: dict[str, Organization] = {}
        for raw in data["organizations"]:
            area = areas[raw["area"]] if "area" in raw else None
            values = clean_organization(
                session,
                OrganizationInput(
                    name=raw["name"],
                    kind=raw["kind"],
                    reading=raw.get("reading", ""),
                    area_id=area.id if area else None,
                    contact=raw.get("contact", ""),
                ),
            )
            orgs[raw["name"]] = Organization(**values)
            session.add(orgs[raw["name"]])
        session.flush()
        for raw in data["people"]:
            values = clean_person(
                session,
                PersonInput(
                    name=raw["name"],
                    reading=raw["reading"],
                    organization_id=orgs[raw["organization"]].id,
                    role=raw.get("role", ""),
                    personal=raw.get("personal", True),
                ),
            )
            session.add(Person(**values))
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
