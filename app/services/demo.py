"""Fills an empty database with the fictional demo town みどり町 (resources/demo/)."""

from __future__ import annotations

import random
import tomllib
from datetime import date, timedelta

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import (
    ActionItem,
    AgendaItem,
    Area,
    Attendee,
    ChecklistState,
    CoordinatorAssignment,
    Council,
    CouncilMember,
    Initiative,
    InitiativeLink,
    Issue,
    IssueArea,
    IssueCard,
    IssueGroup,
    IssueLink,
    IssueNote,
    Meeting,
    Milestone,
    MinutesRevision,
    Organization,
    Person,
)
from app.domain.bylaws import DEFAULT_TOPICS, BylawsTerms, draft_bylaws
from app.domain.catalog import default_catalog
from app.domain.clock import parse_clock
from app.domain.enums import (
    ActionState,
    Attendance,
    CouncilFormation,
    CouncilStatus,
    IssueState,
    MeetingKind,
    MemberRole,
    MinutesState,
    OrganizationKind,
)
from app.domain.text import search_key
from app.domain.wareki import fiscal_year
from app.paths import resource_path
from app.services.errors import ValidationError
from app.services.initiatives.initiative import CREATED
from app.services.issues.issue import IssueInput, clean_issue
from app.services.meetings.minutes import freeze_minutes
from app.services.resources.resource import ResourceInput, add_resource
from app.services.setup.areas import AreaInput
from app.services.setup.organizations import OrganizationInput, clean_organization
from app.services.setup.people import PersonInput, clean_person
from app.services.setup.town import SetupInput, apply_setup, is_set_up

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
        people: dict[str, Person] = {}
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
            people[raw["name"]] = Person(**values)
            session.add(people[raw["name"]])
        session.flush()
        for raw in data["coordinators"]:
            session.add(
                CoordinatorAssignment(
                    person_id=people[raw["person"]].id,
                    layer=raw["layer"],
                    area_id=areas[raw["area"]].id,
                    starts_on=today + timedelta(days=raw["starts_days"]),
                    ends_on=today + timedelta(days=raw["ends_days"])
                    if "ends_days" in raw
                    else None,
                    notes=raw.get("notes", ""),
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
        _add_demo_resources(session, areas, orgs, today)
        session.flush()
        _add_demo_council(session, data["municipality"], areas, orgs, people, today)
        session.flush()
        issues = _add_demo_issues(session, areas, today)
        session.flush()
        _add_demo_initiatives(session, areas, issues, people, today)
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
                if area_name in circle.get("not_in", ()):
                    continue  # drawn all the same, so the rest of the demo stays as it was
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


def _add_demo_council(
    session, municipality: str, areas: dict, orgs: dict, people: dict, today: date
) -> None:
    """みどり町支え合い推進会議 with its members, two meetings with confirmed minutes, a 座談会
    with draft minutes and the next meeting ahead (resources/demo/demo_meetings.toml)."""
    data = tomllib.loads(resource_path("demo", "demo_meetings.toml").read_text(encoding="utf-8"))
    raw = data["council"]
    area = areas[raw["area"]]
    # Councils are usually set up from the first day of a fiscal year, for whole years.
    start_year = fiscal_year(today + timedelta(days=raw["established_days"]))
    established = date(start_year, 4, 1)
    term_end = date(start_year + raw["term_years"], 3, 31)
    council = Council(
        name=raw["name"],
        reading=raw["reading"],
        layer=area.layer,
        area_id=area.id,
        purpose=raw["purpose"],
        formation=CouncilFormation.NEW.value,
        topics="\n".join(DEFAULT_TOPICS),
        established_on=established,
        status=CouncilStatus.ACTIVE.value,
        notes=raw["notes"],
    )
    member_kinds = []
    for order, seat in enumerate(raw["members"]):
        person = people.get(seat.get("person", ""))
        org = orgs.get(seat.get("organization", "")) or (person.organization if person else None)
        if org is not None and OrganizationKind(org.kind).label not in member_kinds:
            member_kinds.append(OrganizationKind(org.kind).label)
        council.members.append(
            CouncilMember(
                person=person,
                organization=None if person else org,
                role=seat["role"],
                title=seat["title"],
                starts_on=established,
                ends_on=term_end,
                sort_order=order,
            )
        )
    council.bylaws = draft_bylaws(
        BylawsTerms(
            municipality=municipality,
            council_name=council.name,
            area_name=area.name,
            layer=area.layer,
            purpose=raw["purpose"],
            member_kinds=tuple(member_kinds),
            term_years=raw["term_years"],
            secretariat=raw["secretariat"],
            effective_on=established,
        )
    )
    session.add(council)
    session.flush()
    seated = [(m.person, m.title, m.role) for m in council.members if m.person is not None]
    for raw_meeting in data["meetings"]:
        _add_demo_meeting(session, council, areas, raw_meeting, seated, today)


def _add_demo_meeting(session, council, areas: dict, raw: dict, seated, today: date) -> None:
    is_council = raw["kind"] == MeetingKind.COUNCIL
    meeting = Meeting(
        kind=raw["kind"],
        title=raw["title"],
        council_id=council.id if is_council else None,
        area_id=areas[raw["area"]].id if "area" in raw else council.area_id,
        held_on=today + timedelta(days=raw["days"]),
        starts_at=parse_clock(raw.get("starts_at")),
        ends_at=parse_clock(raw.get("ends_at")),
        place=raw.get("place", ""),
        handouts="\n".join(raw.get("handouts", [])),
        next_meeting=raw.get("next_meeting", ""),
        recorder=raw.get("recorder", ""),
        confirmer=raw.get("confirmer", ""),
    )
    absent = set(raw.get("absent", []))
    attendees = []
    if is_council:
        for person, title, role in seated:
            name = person.name
            status = (
                Attendance.SECRETARIAT
                if role == MemberRole.SECRETARIAT
                else Attendance.ABSENT
                if name in absent
                else Attendance.PRESENT
            )
            attendees.append((name, title, status))
    else:
        attendees.append(
            (raw["recorder"], "第2層 生活支援コーディネーター", Attendance.SECRETARIAT)
        )
    attendees += [(name, title, Attendance.GUEST) for title, name in raw.get("guests", [])]
    if raw["days"] <= 0:  # attendance is taken at the meeting, not before
        for position, (name, title, status) in enumerate(attendees):
            meeting.attendees.append(
                Attendee(name=name, title=title, status=status.value, position=position)
            )
    for position, item in enumerate(raw.get("agenda", [])):
        meeting.agenda.append(
            AgendaItem(
                position=position,
                title=item["title"],
                presenter=item.get("presenter", ""),
                discussion=item.get("discussion", ""),
                decisions=item.get("decisions", ""),
            )
        )
    for position, action in enumerate(raw.get("actions", [])):
        done = action["state"] == ActionState.DONE
        due = today + timedelta(days=action["due_days"])
        meeting.actions.append(
            ActionItem(
                position=position,
                description=action["description"],
                owner=action["owner"],
                due_on=due,
                state=action["state"],
                done_on=min(due, today) if done else None,
            )
        )
    session.add(meeting)
    session.flush()
    if "confirmed_days" in raw:
        confirmed_on = today + timedelta(days=raw["confirmed_days"])
        meeting.minutes_state = MinutesState.CONFIRMED.value
        meeting.confirmed_on = confirmed_on
        meeting.confirmed_by = DEMO_USER
        session.add(
            MinutesRevision(
                meeting_id=meeting.id,
                revision=1,
                confirmed_on=confirmed_on,
                confirmed_by=DEMO_USER,
                snapshot=freeze_minutes(meeting, confirmed_on).to_json(),
            )
        )


# Cards sit inside their group on the demo board: two to a row, under the group's 表札.
_CARD_OFFSETS = ((20, 70), (220, 70))  # a card is 180 × 100 (CARD_WIDTH × CARD_HEIGHT)


def _add_demo_issues(session, areas: dict, today: date) -> dict[str, Issue]:
    """Issues in every area, a handed-over one, and a KJ board for 北中学校区
    (resources/demo/demo_issues.toml)."""
    data = tomllib.loads(resource_path("demo", "demo_issues.toml").read_text(encoding="utf-8"))
    meetings = {m.title: m.id for m in session.scalars(select(Meeting))}
    issues: dict[str, Issue] = {}
    for raw in data["issues"]:
        noticed = today + timedelta(days=raw["days"])
        entry = IssueInput(
            title=raw["title"],
            area_ids=tuple(areas[name].id for name in raw["areas"]),
            description=raw.get("description", ""),
            source=raw["source"],
            meeting_id=meetings.get(raw.get("meeting", "")),
            kinds=tuple(raw["kinds"]),
            urgency=raw["urgency"],
            importance=raw["importance"],
            people_affected=raw.get("people"),
            personal=raw.get("personal", False),
            sensitive=raw.get("sensitive", False),
            noticed_on=noticed,
        )
        issue = Issue(**clean_issue(session, entry, today))
        for area_id in entry.area_ids:
            issue.areas.append(IssueArea(area_id=area_id))
        session.add(issue)
        issues[raw["key"]] = issue
    session.flush()
    handover = data["handover"]
    handed = issues[handover["issue"]]
    for days, text in handover["notes"]:
        session.add(
            IssueNote(
                issue_id=handed.id,
                noted_on=today + timedelta(days=days),
                text=text,
                author=DEMO_USER,
            )
        )
    handed.state = IssueState.HANDED_OVER.value
    handed.escalated_to = handover["to"]
    handed.escalated_reason = handover["reason"]
    handed.escalated_on = today + timedelta(days=handover["days"])
    session.add(
        IssueNote(
            issue_id=handed.id,
            noted_on=handed.escalated_on,
            text=f"{handover['to']}へ引き継ぎました。理由: {handover['reason']}",
            author=DEMO_USER,
        )
    )
    board = areas["北中学校区"].id
    groups: dict[str, IssueGroup] = {}
    for raw in data["kj"]["groups"]:
        group = IssueGroup(
            board_area_id=board,
            label=raw["label"],
            colour=raw["colour"],
            x=raw["x"],
            y=raw["y"],
            width=raw["width"],
            height=raw["height"],
        )
        session.add(group)
        session.flush()
        groups[raw["key"]] = group
        for (dx, dy), key in zip(_CARD_OFFSETS, raw["cards"], strict=False):
            session.add(
                IssueCard(
                    board_area_id=board,
                    issue_id=issues[key].id,
                    x=raw["x"] + dx,
                    y=raw["y"] + dy,
                    group_id=group.id,
                )
            )
    for raw in data["kj"]["links"]:
        session.add(
            IssueLink(
                board_area_id=board,
                from_group_id=groups[raw["from"]].id,
                to_group_id=groups[raw["to"]].id,
                relation=raw["relation"],
            )
        )
    return issues


def _add_demo_initiatives(session, areas: dict, issues: dict, people: dict, today: date) -> None:
    """Three STEP 3 initiatives, one of each kind; the 3-3 one has produced a resource
    (resources/demo/demo_initiatives.toml)."""
    path = resource_path("demo", "demo_initiatives.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for raw in data["initiatives"]:
        area = areas[raw["area"]]
        item = Initiative(
            title=raw["title"],
            kind=raw["kind"],
            area_id=area.id,
            description=raw["description"],
            can_do=raw["can_do"],
            want_to_do=raw["want_to_do"],
            state=raw["state"],
            started_on=today + timedelta(days=raw["started_days"]),
            outcome=raw.get("outcome", ""),
            search_text=search_key(
                "｜".join([raw["title"], raw["description"], raw["can_do"], raw["want_to_do"]])
            ),
        )
        for position, step in enumerate(raw.get("milestones", [])):
            title, due, *done = step
            item.milestones.append(
                Milestone(
                    position=position,
                    title=title,
                    due_on=today + timedelta(days=due),
                    done_on=today + timedelta(days=done[0]) if done else None,
                )
            )
        session.add(item)
        session.flush()
        for key in raw.get("issues", []):
            session.add(InitiativeLink(initiative_id=item.id, issue_id=issues[key].id))
        for name, role in raw.get("people", []):
            session.add(InitiativeLink(initiative_id=item.id, person_id=people[name].id, role=role))
        if "resource" in raw:
            made = raw["resource"]
            resource = add_resource(
                session,
                ResourceInput(
                    **{k: v for k, v in made.items() if k != "kinds"},
                    kinds=tuple(made["kinds"]),
                    area_id=area.id,
                    confirmed_on=today - timedelta(days=20),
                    confirmed_by=DEMO_USER,
                ),
                today=today,
            )
            session.add(
                InitiativeLink(initiative_id=item.id, resource_id=resource.id, role=CREATED)
            )
