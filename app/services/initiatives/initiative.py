"""取組 (STEP 3): initiatives, with the issues they answer, the resources they build on or
create, the people and groups taking part, and their milestones.

The guidance asks that work start from what the people involved can do and want to do
(出来ること・やってみたいこと), so those are fields of their own, not notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db.engine import Database
from app.db.models import (
    Area,
    Initiative,
    InitiativeLink,
    Issue,
    Milestone,
    Organization,
    Person,
    Resource,
)
from app.domain.enums import InitiativeKind, InitiativeState
from app.domain.text import escape_like, search_key, search_terms
from app.domain.wareki import format_wareki_short
from app.services.errors import FieldErrors, ValidationError
from app.services.meetings.meeting import sync_children
from app.services.records import (
    check_version,
    conflicts_as,
    get_live,
    is_live,
    move_to_trash,
    touch,
    trash_record,
)
from app.services.resources.resource import (
    ResourceInput,
    ResourceRow,
    add_resource,
    resource_row,
    same_name_in_area,
)
from app.services.validate import optional_text, required_text

LABEL = "取組"
CREATED = "created"  # the role of a link to a resource the initiative brought into being


@dataclass(frozen=True)
class ParticipantInput:
    person_id: int | None = None
    organization_id: int | None = None
    role: str = ""  # 「世話役」「会場の提供」…


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: date | None = None
    done_on: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class InitiativeInput:
    title: str
    kind: str
    area_id: int | None = None
    description: str = ""
    can_do: str = ""
    want_to_do: str = ""
    state: str = InitiativeState.IDEA.value
    started_on: date | None = None
    outcome: str = ""
    notes: str = ""
    issue_ids: tuple[int, ...] = ()
    resource_ids: tuple[int, ...] = ()  # resources it builds on
    participants: tuple[ParticipantInput, ...] = ()
    milestones: tuple[MilestoneInput, ...] = ()


@dataclass(frozen=True)
class ParticipantRow:
    person_id: int | None
    organization_id: int | None
    name: str
    role: str


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    title: str
    due_on: date | None
    done_on: date | None

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class InitiativeRow:
    id: int
    uuid: str
    title: str
    kind: str
    area_id: int | None
    area_name: str
    description: str
    can_do: str
    want_to_do: str
    state: str
    started_on: date | None
    outcome: str
    notes: str
    version: int
    issues: tuple[tuple[int, str], ...] = ()  # (id, title)
    builds_on: tuple[tuple[int, str], ...] = ()  # resources (id, name)
    created: tuple[tuple[int, str], ...] = ()  # resources it brought into being
    participants: tuple[ParticipantRow, ...] = ()
    milestones: tuple[MilestoneRow, ...] = field(default=())

    @property
    def kind_label(self) -> str:
        return InitiativeKind(self.kind).label

    @property
    def kind_code(self) -> str:
        return InitiativeKind(self.kind).code

    @property
    def state_label(self) -> str:
        return InitiativeState(self.state).label

    @property
    def next_milestone(self) -> MilestoneRow | None:
        open_ones = [m for m in self.milestones if not m.done]
        dated = sorted((m for m in open_ones if m.due_on), key=lambda m: m.due_on)
        return dated[0] if dated else (open_ones[0] if open_ones else None)

    @property
    def progress_text(self) -> str:
        done = sum(m.done for m in self.milestones)
        text = f"節目 {done}/{len(self.milestones)}" if self.milestones else "節目なし"
        upcoming = self.next_milestone
        if upcoming is not None and upcoming.due_on:
            text += f"　次: {upcoming.title}（{format_wareki_short(upcoming.due_on)}）"
        return text


@dataclass(frozen=True)
class InitiativeFilter:
    text: str = ""
    area_id: int | None = None
    kind: str | None = None
    state: str | None = None


# --- reading ----------------------------------------------------------------------------------


def _row(session: Session, item: Initiative) -> InitiativeRow:
    links = session.scalars(
        select(InitiativeLink).where(
            InitiativeLink.initiative_id == item.id, InitiativeLink.deleted_at.is_(None)
        )
    ).all()
    issues, builds_on, created, participants = [], [], [], []
    for link in links:
        if link.issue_id is not None:
            issue = session.get(Issue, link.issue_id)
            if issue is not None and issue.deleted_at is None:
                issues.append((issue.id, issue.title))
        elif link.resource_id is not None:
            resource = session.get(Resource, link.resource_id)
            if resource is not None and resource.deleted_at is None:
                target = created if link.role == CREATED else builds_on
                target.append((resource.id, resource.name))
        else:
            person = session.get(Person, link.person_id) if link.person_id else None
            org = session.get(Organization, link.organization_id) if link.organization_id else None
            name = person.name if person else (org.name if org else "")
            if name:
                participants.append(
                    ParticipantRow(link.person_id, link.organization_id, name, link.role)
                )
    return InitiativeRow(
        id=item.id,
        uuid=item.uuid,
        title=item.title,
        kind=item.kind,
        area_id=item.area_id,
        area_name=item.area.name if item.area else "",
        description=item.description,
        can_do=item.can_do,
        want_to_do=item.want_to_do,
        state=item.state,
        started_on=item.started_on,
        outcome=item.outcome,
        notes=item.notes,
        version=item.version,
        issues=tuple(issues),
        builds_on=tuple(builds_on),
        created=tuple(created),
        participants=tuple(participants),
        milestones=tuple(
            MilestoneRow(m.id, m.title, m.due_on, m.done_on)
            for m in item.milestones
            if m.deleted_at is None
        ),
    )


def list_initiatives(db: Database, flt: InitiativeFilter | None = None) -> list[InitiativeRow]:
    """Live initiatives: STEP 3-1, 3-2, 3-3 in turn, running ones first, newest first."""
    flt = flt or InitiativeFilter()
    with db.session() as session:
        query = (
            select(Initiative)
            .where(Initiative.deleted_at.is_(None))
            .options(selectinload(Initiative.area), selectinload(Initiative.milestones))
        )
        if flt.area_id is not None:
            query = query.where(Initiative.area_id == flt.area_id)
        if flt.kind:
            query = query.where(Initiative.kind == flt.kind)
        if flt.state:
            query = query.where(Initiative.state == flt.state)
        for term in search_terms(flt.text):
            query = query.where(Initiative.search_text.like(f"%{escape_like(term)}%", escape="\\"))
        rows = [_row(session, i) for i in session.scalars(query)]
    kinds = [k.value for k in InitiativeKind]
    states = [s.value for s in InitiativeState]
    order = (InitiativeState.RUNNING.value, InitiativeState.PREPARING.value)
    return sorted(
        rows,
        key=lambda r: (
            kinds.index(r.kind),
            r.state not in order,
            states.index(r.state),
            -(r.started_on.toordinal() if r.started_on else 0),
            r.id,
        ),
    )


def get_initiative(db: Database, initiative_id: int) -> InitiativeRow:
    with db.session() as session:
        return _row(session, get_live(session, Initiative, initiative_id, LABEL))


# --- checking and writing ---------------------------------------------------------------------


def clean_initiative(session: Session, data: InitiativeInput) -> dict:
    errors = FieldErrors()
    values = {
        "title": required_text(errors, "title", "取組の名前", data.title, 200),
        "description": optional_text(errors, "description", "取組の中身", data.description),
        "can_do": optional_text(errors, "can_do", "出来ること", data.can_do),
        "want_to_do": optional_text(errors, "want_to_do", "やってみたいこと", data.want_to_do),
        "outcome": optional_text(errors, "outcome", "成果・振り返り", data.outcome),
        "notes": optional_text(errors, "notes", "メモ", data.notes),
        "kind": data.kind,
        "state": data.state,
        "area_id": data.area_id,
        "started_on": data.started_on,
    }
    if data.kind not in {k.value for k in InitiativeKind}:
        errors.add("kind", "取組の種類（3-1・3-2・3-3）を選んでください。")
    if data.state not in {s.value for s in InitiativeState}:
        errors.add("state", "状態を一覧から選んでください。")
    if data.area_id is None:
        errors.add("area_id", "取組を行う圏域を選んでください。")
    elif not is_live(session, Area, data.area_id):
        errors.add("area_id", "選んだ圏域が見つかりません。選び直してください。")
    if any(not is_live(session, Issue, i) for i in data.issue_ids):
        errors.add(
            "issue_ids", "選んだ地域課題の中に、見つからないものがあります。選び直してください。"
        )
    if any(not is_live(session, Resource, r) for r in data.resource_ids):
        errors.add(
            "resource_ids", "選んだ地域資源の中に、見つからないものがあります。選び直してください。"
        )
    for n, who in enumerate(data.participants):
        if who.person_id is None and who.organization_id is None:
            errors.add(f"participants.{n}", f"関わる人・団体の{n + 1}行目が空です。")
            continue
        model, record_id = (
            (Person, who.person_id) if who.person_id else (Organization, who.organization_id)
        )
        record = session.get(model, record_id)
        if record is None:
            errors.add(f"participants.{n}", f"関わる人・団体の{n + 1}行目が見つかりません。")
        elif record.deleted_at is not None:
            word = "人" if model is Person else "団体"
            errors.add(
                f"participants.{n}",
                f"関わる人・団体の{n + 1}行目の{word}はごみ箱に移されています。"
                "行を消してから保存してください。",
            )
        optional_text(errors, f"participants.{n}.role", "役割", who.role, 100)
    for n, step in enumerate(data.milestones):
        if not (step.title or "").strip():
            errors.add(
                f"milestones.{n}.title",
                f"節目の{n + 1}行目に内容がありません。内容を入れるか、行を消してください。",
            )
        if step.done_on and step.done_on > date.today():
            errors.add(f"milestones.{n}.done_on", f"節目の{n + 1}行目の済んだ日が未来です。")
    errors.raise_if_any()
    area = session.get(Area, data.area_id)
    values["search_text"] = search_key(
        "｜".join(
            [
                values["title"],
                values["description"],
                values["can_do"],
                values["want_to_do"],
                values["outcome"],
                InitiativeKind(data.kind).label,
                area.name if area else "",
            ]
        )
    )
    return values


def _apply_links(session: Session, item: Initiative, data: InitiativeInput) -> None:
    """Issues, resources built on and participants as given; 'created' resources are kept.

    Links are compared, not replaced: an unchanged link keeps its row, a removed one goes to
    the trash and only a new one is added, so each save leaves a history of real changes.
    """
    existing = session.scalars(
        select(InitiativeLink)
        .where(InitiativeLink.initiative_id == item.id, InitiativeLink.deleted_at.is_(None))
        .order_by(InitiativeLink.id)
    ).all()
    issues: dict[int, InitiativeLink] = {}
    builds_on: dict[int, InitiativeLink] = {}
    people: list[InitiativeLink] = []
    stale: list[InitiativeLink] = []
    for link in existing:
        if link.issue_id is not None:
            if link.issue_id in issues:  # a duplicate left by an earlier version
                stale.append(link)
            else:
                issues[link.issue_id] = link
        elif link.resource_id is not None:
            if link.role == CREATED:
                continue
            if link.resource_id in builds_on:
                stale.append(link)
            else:
                builds_on[link.resource_id] = link
        else:
            people.append(link)
    for issue_id in dict.fromkeys(data.issue_ids):
        if issues.pop(issue_id, None) is None:
            session.add(InitiativeLink(initiative_id=item.id, issue_id=issue_id))
    for resource_id in dict.fromkeys(data.resource_ids):
        if builds_on.pop(resource_id, None) is None:
            session.add(InitiativeLink(initiative_id=item.id, resource_id=resource_id))
    unmatched: list[tuple[ParticipantInput, str]] = []
    for who in data.participants:  # the same person with the same role first
        role = (who.role or "").strip()
        same = next((k for k in people if _same_party(k, who) and k.role == role), None)
        if same is not None:
            people.remove(same)
        else:
            unmatched.append((who, role))
    for who, role in unmatched:  # then the same person with a new role: the role is edited
        same = next((k for k in people if _same_party(k, who)), None)
        if same is not None:
            people.remove(same)
            same.role = role
        else:
            session.add(
                InitiativeLink(
                    initiative_id=item.id,
                    person_id=who.person_id,
                    organization_id=who.organization_id,
                    role=role,
                )
            )
    for link in [*stale, *issues.values(), *builds_on.values(), *people]:
        move_to_trash(link)


def _same_party(link: InitiativeLink, who: ParticipantInput) -> bool:
    return link.person_id == who.person_id and link.organization_id == who.organization_id


def _apply_milestones(session: Session, item: Initiative, steps: Sequence[MilestoneInput]) -> None:
    def apply(row: Milestone, step: MilestoneInput, position: int) -> None:
        row.title, row.due_on, row.done_on = step.title.strip(), step.due_on, step.done_on
        row.position = position

    sync_children(session, item.milestones, steps, lambda: Milestone(initiative=item), apply)


def create_initiative(db: Database, data: InitiativeInput) -> InitiativeRow:
    with db.session() as session:
        item = Initiative(**clean_initiative(session, data))
        session.add(item)
        session.flush()
        with session.no_autoflush:
            _apply_links(session, item, data)
            _apply_milestones(session, item, data.milestones)
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(item)
        return _row(session, item)


def validate_initiative(db: Database, data: InitiativeInput) -> None:
    """Check a wizard page's input without saving it."""
    with db.session() as session:
        clean_initiative(session, data)


def update_initiative(
    db: Database, initiative_id: int, data: InitiativeInput, expected_version: int | None = None
) -> InitiativeRow:
    with db.session() as session:
        item = get_live(session, Initiative, initiative_id, LABEL)
        check_version(item, expected_version, LABEL)
        for key, value in clean_initiative(session, data).items():
            setattr(item, key, value)
        touch(item)
        with session.no_autoflush:
            _apply_links(session, item, data)
            _apply_milestones(session, item, data.milestones)
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(item)
        return _row(session, item)


def trash_initiative(db: Database, initiative_id: int, expected_version: int | None = None) -> None:
    trash_record(db, Initiative, initiative_id, LABEL, expected_version)


def register_resource(
    db: Database, initiative_id: int, data: ResourceInput, today: date | None = None
) -> ResourceRow:
    """The new activity an initiative produced, registered as a 地域資源 and linked back, in
    one unit of work (the resource list then shows it, and the initiative its result).

    Registering the same activity twice is refused: a second record of one activity is the
    commonest slip in a hand-kept inventory, and here one click away.
    """
    with db.session() as session:
        item = get_live(session, Initiative, initiative_id, LABEL)
        key = search_key(data.name or "")
        made = session.scalars(
            select(Resource)
            .join(InitiativeLink, InitiativeLink.resource_id == Resource.id)
            .where(
                InitiativeLink.initiative_id == item.id,
                InitiativeLink.role == CREATED,
                InitiativeLink.deleted_at.is_(None),
                Resource.deleted_at.is_(None),
            )
        ).all()
        if key and any(search_key(r.name) == key for r in made):
            raise ValidationError(
                {
                    "name": f"「{data.name.strip()}」は、この取組からすでに地域資源に"
                    "登録されています。直すときは地域資源の画面で直してください。"
                }
            )
        same = same_name_in_area(db, data.name or "", data.area_id)
        if same is not None:
            where = f"{same.area_name}に" if same.area_name else ""
            raise ValidationError(
                {
                    "name": f"{where}同じ名前の地域資源「{same.name}」がすでにあります。"
                    "別の名前にするか、地域資源の画面でそちらを直してください。"
                }
            )
        resource = add_resource(session, data, today=today)
        session.flush()
        session.add(InitiativeLink(initiative_id=item.id, resource_id=resource.id, role=CREATED))
        touch(item)
        with conflicts_as("地域資源"):
            session.commit()
        return resource_row(resource)


def resource_input_for(initiative: InitiativeRow) -> ResourceInput:
    """A resource form filled from the initiative, for 「資源として登録」.

    The initiative's description is the coordinators' planning text, and a resource's goes
    onto residents' handouts: it is not copied, and the resource starts unpublished.
    """
    return ResourceInput(
        name=initiative.title,
        category="activity",
        description="",
        area_id=initiative.area_id,
        state="active" if initiative.state == InitiativeState.RUNNING else "planned",
        publishable=False,
    )
