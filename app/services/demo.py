"""Fills an empty database with the fictional demo town みどり町 (resources/demo/)."""

from __future__ import annotations

import random
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
from app.services.resources import ResourceInput, add_resource
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
        _add_demo_resources(session, areas, orgs, today)
        session.commit()


def _add_demo_resources(session, areas: dict, orgs: dict, today: date) -> None:
    """A few hundred resources from the templates: fixed seed, so every demo is the same."""
    data = tomllib.loads(resource_path("demo", "demo_resources.toml").read_text(encoding="utf-8"))
    rng = random.Random(2026)
    top = next(a for a in areas.values() if a.layer == 1)
    rows: list[tuple[dict, int | None, str, str]] = []
    for area_name, towns in data["neighbourhoods"].items():
        for town, town_reading in towns:
            for template in data["local"]:
                if rng.random() <= template["share"]:
                    rows.append((template, areas[area_name].id, town, town_reading))
            for circle in rng.sample(data["circles"], rng.randint(6, 9)):
                named = {
                    **_CIRCLE,
                    **circle,
                    "name": "{town}" + circle["name"],
                    "reading": "{town_reading}" + circle["reading"],
                }
                rows.append((named, areas[area_name].id, town, town_reading))
    rows += [(template, top.id, "", "") for template in data["town_wide"]]
    for template, area_id, town, town_reading in rows:

        def fill(value: str, town=town, town_reading=town_reading) -> str:
            return value.replace("{town}", town).replace("{town_reading}", town_reading)

        frequency = template.get("frequency") or None
        weekdays = template.get("weekdays") or (
            rng.choice("月火水木金土") if frequency in ("weekly", "biweekly", "monthly") else ""
        )
        state = (
            template.get("state")
            or rng.choices(["active", "paused", "ended"], weights=[92, 5, 3])[0]
        )
        operator = orgs.get(template.get("operator", ""))
        add_resource(
            session,
            ResourceInput(
                name=fill(template["name"]),
                reading=fill(template["reading"]),
                category=template.get("category", "activity"),
                kinds=tuple(template["kinds"]),
                description=fill(template.get("description", "")),
                organization_id=operator.id if operator else None,
                operator_name="" if operator else (f"{town}自治会" if town else ""),
                area_id=area_id,
                place=fill(template.get("place", "")),
                frequency=frequency,
                times_per_month=template.get("times_per_month"),
                nth_week=template.get("nth_week", ""),
                weekdays=weekdays if frequency != "irregular" else "",
                starts_at=template.get("starts_at"),
                ends_at=template.get("ends_at"),
                fee=template.get("fee", ""),
                audience=template.get("audience", ""),
                participants=rng.randint(5, 40)
                if template.get("category", "activity") == "activity"
                else None,
                volunteers=rng.randint(1, 8),
                contact=f"0000-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
                state=state,
                unused=template.get("unused", False),
                publishable=rng.random() > 0.05,
                confirmed_on=today - timedelta(days=rng.randint(10, 700)),
                confirmed_by=DEMO_USER,
            ),
            today=today,
        )


_CIRCLE = {
    "category": "activity",
    "description": "近所の仲間で楽しむ集まりです。見学・体験はいつでも歓迎です。",
    "place": "{town}集会所",
    "frequency": "biweekly",
    "starts_at": "14:00",
    "ends_at": "16:00",
    "fee": "月200円",
    "audience": "どなたでも",
}
