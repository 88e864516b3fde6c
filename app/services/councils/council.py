"""協議体 (STEP 1-3 and 1-4): setting one up with its members and 設置要綱, and keeping it.

A council is saved in one unit of work with its members, the people added on the spot and its
first meeting, so the wizard never leaves half a council behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.db.engine import Database
from app.db.models import Area, Council, CouncilMember, Meeting, Organization, Person
from app.domain.enums import (
    CouncilFormation,
    CouncilStatus,
    Layer,
    MeetingKind,
    MemberRole,
    OrganizationKind,
)
from app.domain.kana import sort_key_or_last
from app.services.errors import FieldErrors, ValidationError
from app.services.records import (
    check_version,
    conflicts_as,
    get_live,
    is_live,
    move_to_trash,
    touch,
    trash_record,
)
from app.services.validate import optional_text, reading_text, required_text

LABEL = "協議体"

# The kinds of actors the guidance asks councils to bring together (STEP 1-3).
SUGGESTED_ACTORS: tuple[OrganizationKind, ...] = (
    OrganizationKind.NEIGHBORHOOD_ASSOCIATION,
    OrganizationKind.SENIOR_CLUB,
    OrganizationKind.WELFARE_COMMISSIONER,
    OrganizationKind.SOCIAL_WELFARE_COUNCIL,
    OrganizationKind.COMMUNITY_SUPPORT_CENTER,
    OrganizationKind.NPO,
    OrganizationKind.VOLUNTEER_GROUP,
    OrganizationKind.COMPANY,
    OrganizationKind.COOPERATIVE,
    OrganizationKind.SOCIAL_WELFARE_CORPORATION,
)

# Terms longer than this are almost surely a typing slip (令和17年 for 令和7年).
TERM_MAX_YEARS = 10


@dataclass(frozen=True)
class MemberInput:
    """One seat. Name it by an existing person, an organisation, or a new person's name."""

    person_id: int | None = None
    organization_id: int | None = None
    new_name: str = ""  # a person added on the spot
    new_reading: str = ""
    new_organization_id: int | None = None  # the new person's organisation
    role: str = MemberRole.MEMBER.value
    title: str = ""  # 職名 as printed (「北地区自治会連合会 会長」)
    starts_on: date | None = None
    ends_on: date | None = None
    id: int | None = None  # an existing seat being edited


@dataclass(frozen=True)
class FirstMeetingInput:
    held_on: date
    starts_at: time | None = None
    ends_at: time | None = None
    place: str = ""


@dataclass(frozen=True)
class CouncilInput:
    name: str
    layer: int
    area_id: int | None
    reading: str = ""
    purpose: str = ""
    formation: str = CouncilFormation.NEW.value
    based_on: str = ""
    topics: str = ""
    established_on: date | None = None
    bylaws: str = ""
    status: str = CouncilStatus.PREPARING.value
    notes: str = ""
    members: tuple[MemberInput, ...] = ()


@dataclass(frozen=True)
class MemberRow:
    id: int
    person_id: int | None
    organization_id: int | None
    name: str  # the person's name, else the organisation's (seat not yet named)
    reading: str
    belongs_to: str  # the person's organisation or affiliation
    organization_kind: str  # of the seat's organisation, for the actor coverage
    role: str
    title: str
    starts_on: date | None
    ends_on: date | None

    @property
    def role_label(self) -> str:
        return MemberRole(self.role).label

    def serves_on(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )


@dataclass(frozen=True)
class CouncilRow:
    id: int
    uuid: str
    name: str
    reading: str
    layer: int
    area_id: int | None
    area_name: str
    purpose: str
    formation: str
    based_on: str
    topics: str
    established_on: date | None
    bylaws: str
    status: str
    notes: str
    version: int
    member_count: int = 0
    meeting_count: int = 0
    members: tuple[MemberRow, ...] = field(default=())

    @property
    def status_label(self) -> str:
        return CouncilStatus(self.status).label

    @property
    def formation_label(self) -> str:
        return CouncilFormation(self.formation).label

    @property
    def layer_label(self) -> str:
        return "第1層" if self.layer == Layer.MUNICIPALITY else "第2層"


@dataclass(frozen=True)
class ActorCoverage:
    kind: OrganizationKind
    members: tuple[str, ...]  # names of the members who bring this kind of actor

    @property
    def covered(self) -> bool:
        return bool(self.members)

    @property
    def label(self) -> str:
        return self.kind.label


# --- reading ----------------------------------------------------------------------------------


def _member_row(seat: CouncilMember) -> MemberRow:
    person, org = seat.person, seat.organization
    person_org = person.organization if person else None
    kind_org = org or person_org
    return MemberRow(
        id=seat.id,
        person_id=seat.person_id,
        organization_id=seat.organization_id,
        name=person.name if person else (org.name if org else ""),
        reading=person.reading if person else (org.reading if org else ""),
        belongs_to=(person_org.name if person_org else person.affiliation) if person else "",
        organization_kind=kind_org.kind if kind_org else "",
        role=seat.role,
        title=seat.title,
        starts_on=seat.starts_on,
        ends_on=seat.ends_on,
    )


def member_sort_key(row: MemberRow) -> tuple:
    """Roster order: 会長, 副会長, 委員 (五十音順), SC, then 事務局."""
    return (MemberRole(row.role).rank, sort_key_or_last(row.reading or row.name))


def _row(council: Council, meeting_count: int = 0, with_members: bool = True) -> CouncilRow:
    live = [m for m in council.members if m.deleted_at is None]
    members = tuple(sorted((_member_row(m) for m in live), key=member_sort_key))
    return CouncilRow(
        id=council.id,
        uuid=council.uuid,
        name=council.name,
        reading=council.reading,
        layer=council.layer,
        area_id=council.area_id,
        area_name=council.area.name if council.area else "",
        purpose=council.purpose,
        formation=council.formation,
        based_on=council.based_on,
        topics=council.topics,
        established_on=council.established_on,
        bylaws=council.bylaws,
        status=council.status,
        notes=council.notes,
        version=council.version,
        member_count=len(live),
        meeting_count=meeting_count,
        members=members if with_members else (),
    )


def _meeting_counts(session: Session) -> dict[int, int]:
    return dict(
        session.execute(
            select(Meeting.council_id, func.count(Meeting.id))
            .where(Meeting.deleted_at.is_(None), Meeting.council_id.is_not(None))
            .group_by(Meeting.council_id)
        ).all()
    )


def list_councils(db: Database, area_id: int | None = None) -> list[CouncilRow]:
    """Live councils, 第1層 first, then by area order and name."""
    with db.session() as session:
        query = (
            select(Council)
            .where(Council.deleted_at.is_(None))
            .options(selectinload(Council.members).selectinload(CouncilMember.person))
            .options(selectinload(Council.members).selectinload(CouncilMember.organization))
        )
        if area_id is not None:
            query = query.where(Council.area_id == area_id)
        counts = _meeting_counts(session)
        councils = list(session.scalars(query))
        order = {a.id: (a.layer, a.sort_order) for a in session.scalars(select(Area))}
        rows = [_row(c, counts.get(c.id, 0)) for c in councils]
    return sorted(
        rows,
        key=lambda r: (r.layer, order.get(r.area_id, (9, 0)), sort_key_or_last(r.reading), r.id),
    )


def get_council(db: Database, council_id: int) -> CouncilRow:
    with db.session() as session:
        council = get_live(session, Council, council_id, LABEL)
        return _row(council, _meeting_counts(session).get(council.id, 0))


# --- checking input ---------------------------------------------------------------------------


def clean_members(
    session: Session, members: Sequence[MemberInput], errors: FieldErrors
) -> list[MemberInput]:
    """Check every seat; field names are `members.N.what` so a table can point at the row."""
    cleaned = []
    for n, seat in enumerate(members):
        key = f"members.{n}"
        name = (seat.new_name or "").strip()
        if seat.person_id is None and seat.organization_id is None and not name:
            errors.add(
                f"{key}.name",
                f"{n + 1}行目の構成員に名前がありません。"
                "人か団体を選ぶか、氏名を入力してください。",
            )
        if name:
            sub = FieldErrors()
            name = required_text(sub, "name", f"{n + 1}行目の氏名", name)
            reading = reading_text(sub, "reading", seat.new_reading)
            for what, message in sub.fields.items():
                errors.add(f"{key}.{what}", message)
        else:
            reading = ""
        if not is_live(session, Person, seat.person_id):
            errors.add(
                f"{key}.name", f"{n + 1}行目で選んだ人が見つかりません。選び直してください。"
            )
        for org_id in (seat.organization_id, seat.new_organization_id):
            if not is_live(session, Organization, org_id):
                errors.add(
                    f"{key}.organization",
                    f"{n + 1}行目で選んだ団体が見つかりません。選び直してください。",
                )
        if seat.role not in {r.value for r in MemberRole}:
            errors.add(f"{key}.role", f"{n + 1}行目の役職を一覧から選んでください。")
        if seat.starts_on and seat.ends_on:
            if seat.ends_on < seat.starts_on:
                errors.add(
                    f"{key}.ends_on",
                    f"{n + 1}行目の任期の終わりが始まりより前になっています。"
                    "日付を確かめてください。",
                )
            elif (seat.ends_on - seat.starts_on).days > 366 * TERM_MAX_YEARS:
                errors.add(
                    f"{key}.ends_on",
                    f"{n + 1}行目の任期が{TERM_MAX_YEARS}年を超えています。年を確かめてください。",
                )
        title = optional_text(errors, f"{key}.title", f"{n + 1}行目の職名", seat.title, 200)
        cleaned.append(
            MemberInput(
                person_id=seat.person_id,
                organization_id=seat.organization_id,
                new_name=name,
                new_reading=reading,
                new_organization_id=seat.new_organization_id,
                role=seat.role,
                title=title,
                starts_on=seat.starts_on,
                ends_on=seat.ends_on,
                id=seat.id,
            )
        )
    return cleaned


def clean_council(session: Session, data: CouncilInput) -> tuple[dict, list[MemberInput]]:
    errors = FieldErrors()
    values = {
        "name": required_text(errors, "name", "協議体の名前", data.name, 200),
        "reading": reading_text(errors, "reading", data.reading),
        "purpose": optional_text(errors, "purpose", "目的", data.purpose),
        "based_on": optional_text(errors, "based_on", "もとになる会議", data.based_on, 200),
        "topics": optional_text(errors, "topics", "協議事項", data.topics),
        "bylaws": optional_text(errors, "bylaws", "設置要綱", data.bylaws, 20000),
        "notes": optional_text(errors, "notes", "メモ", data.notes),
        "established_on": data.established_on,
        "layer": data.layer,
        "area_id": data.area_id,
        "formation": data.formation,
        "status": data.status,
    }
    if data.layer not in (Layer.MUNICIPALITY, Layer.DISTRICT):
        errors.add("layer", "第1層か第2層かを選んでください。")
    if data.area_id is None:
        errors.add("area_id", "協議体を置く圏域を選んでください。")
    else:
        area = session.get(Area, data.area_id)
        if area is None or area.deleted_at is not None:
            errors.add("area_id", "選んだ圏域が見つかりません。選び直してください。")
        elif area.layer != data.layer:
            errors.add(
                "area_id",
                f"「{area.name}」は第{area.layer}層の圏域です。層と圏域の組み合わせを確かめてください。",
            )
    if data.formation not in {f.value for f in CouncilFormation}:
        errors.add("formation", "協議体の設け方を選んでください。")
    elif data.formation == CouncilFormation.EXISTING and not values["based_on"]:
        errors.add(
            "based_on", "協議体とみなす既存の会議の名前を入力してください（例: 地域ケア会議）。"
        )
    if data.status not in {s.value for s in CouncilStatus}:
        errors.add("status", "状態を一覧から選んでください。")
    elif data.status == CouncilStatus.ACTIVE and data.established_on is None:
        errors.add("established_on", "設置済みにするには、設置日を入力してください。")
    members = clean_members(session, data.members, errors)
    errors.raise_if_any()
    return values, members


def actor_coverage(db: Database, members: Sequence[MemberInput]) -> list[ActorCoverage]:
    """For each kind of actor the guidance names, which chosen members bring it (if any)."""
    with db.session() as session:
        names: dict[OrganizationKind, list[str]] = {k: [] for k in SUGGESTED_ACTORS}
        for seat in members:
            person = session.get(Person, seat.person_id) if seat.person_id else None
            org_id = seat.organization_id or seat.new_organization_id
            org = session.get(Organization, org_id) if org_id else None
            org = org or (person.organization if person else None)
            label = person.name if person else (seat.new_name or (org.name if org else ""))
            if org is not None and org.kind in names:
                names[OrganizationKind(org.kind)].append(label)
    return [ActorCoverage(kind, tuple(who)) for kind, who in names.items()]


# --- writing ----------------------------------------------------------------------------------


def _apply_members(session: Session, council: Council, members: Sequence[MemberInput]) -> None:
    """Make the council's seats match `members`: edit by id, add new ones, trash the rest."""
    existing = {m.id: m for m in council.members if m.deleted_at is None}
    kept: set[int] = set()
    for order, seat in enumerate(members):
        person_id = seat.person_id
        if seat.new_name:
            person = Person(
                name=seat.new_name,
                reading=seat.new_reading,
                organization_id=seat.new_organization_id,
                role=MemberRole(seat.role).label,
            )
            session.add(person)
            session.flush()
            person_id = person.id
        record = existing.get(seat.id) if seat.id is not None else None
        if record is None:
            record = CouncilMember(council=council)
            session.add(record)
        else:
            kept.add(record.id)
        record.person_id = person_id
        record.organization_id = seat.organization_id
        record.role = seat.role
        record.title = seat.title
        record.starts_on = seat.starts_on
        record.ends_on = seat.ends_on
        record.sort_order = order
    for seat_id, record in existing.items():
        if seat_id not in kept:
            move_to_trash(record)  # the seat's term stays in the person's 役割の履歴 history


def create_council(
    db: Database, data: CouncilInput, first_meeting: FirstMeetingInput | None = None
) -> CouncilRow:
    """Save a council with its members and, if given, its first meeting (第1回)."""
    with db.session() as session:
        values, members = clean_council(session, data)
        if first_meeting is not None:
            _check_first_meeting(first_meeting)
        council = Council(**values)
        session.add(council)
        session.flush()
        _apply_members(session, council, members)
        if first_meeting is not None:
            session.add(
                Meeting(
                    kind=MeetingKind.COUNCIL.value,
                    title=f"第1回 {council.name}",
                    council_id=council.id,
                    area_id=council.area_id,
                    held_on=first_meeting.held_on,
                    starts_at=first_meeting.starts_at,
                    ends_at=first_meeting.ends_at,
                    place=first_meeting.place.strip(),
                )
            )
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(council)
        return _row(council, 1 if first_meeting else 0)


def _check_first_meeting(meeting: FirstMeetingInput) -> None:
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError(
            {"first_meeting.ends_at": "第1回会議の終わりの時刻が始まりより前になっています。"}
        )


def update_council(
    db: Database, council_id: int, data: CouncilInput, expected_version: int | None = None
) -> CouncilRow:
    with db.session() as session:
        council = get_live(session, Council, council_id, LABEL)
        check_version(council, expected_version, LABEL)
        values, members = clean_council(session, data)
        for key, value in values.items():
            setattr(council, key, value)
        touch(council)  # a change to the members alone still moves the council's version
        with session.no_autoflush:  # one UPDATE of the council, so one version step
            _apply_members(session, council, members)
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(council)
        return _row(council, _meeting_counts(session).get(council.id, 0))


def trash_council(db: Database, council_id: int, expected_version: int | None = None) -> None:
    trash_record(db, Council, council_id, LABEL, expected_version)


def member_input_of(row: MemberRow) -> MemberInput:
    """The seat as the form edits it."""
    return MemberInput(
        person_id=row.person_id,
        organization_id=row.organization_id if row.person_id is None else None,
        role=row.role,
        title=row.title,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        id=row.id,
    )
