"""会議: council meetings, 座談会 and the other meetings coordinators attend.

A meeting holds its agenda and attendance; its minutes (app.services.meetings.minutes) live
on the same record. Once the minutes are confirmed, the agenda and attendance are part of a
filed record and change only through a correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db.engine import Database
from app.db.models import (
    ActionItem,
    AgendaItem,
    Area,
    Attendee,
    Council,
    Meeting,
    MinutesRevision,
    Person,
)
from app.domain.enums import ActionState, Attendance, MeetingKind, MemberRole, MinutesState
from app.domain.wareki import format_meeting_when, format_wareki_short
from app.services.councils.council import get_council
from app.services.errors import FieldErrors, ServiceError
from app.services.records import (
    check_version,
    conflicts_as,
    get_live,
    move_to_trash,
    touch,
    trash_record,
)
from app.services.validate import optional_text, required_text

LABEL = "会議"
EARLIEST = date(2000, 1, 1)


class MinutesLocked(ServiceError):
    """The minutes are confirmed: they change only by starting a correction."""


LOCKED_MESSAGE = (
    "この議事録は確認済みのため、このままでは書き換えられません。"
    "直すときは「訂正する」を押して訂正版（新しい版）を作ってください。"
    "いまの版はそのまま残り、あとから見比べられます。"
)


@dataclass(frozen=True)
class AgendaInput:
    title: str
    presenter: str = ""
    id: int | None = None


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    title: str = ""
    status: str = Attendance.PRESENT.value
    person_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class MeetingInput:
    kind: str
    title: str
    held_on: date | None
    council_id: int | None = None
    area_id: int | None = None
    starts_at: time | None = None
    ends_at: time | None = None
    place: str = ""
    handouts: str = ""  # 配布資料, one per line
    notes: str = ""
    agenda: tuple[AgendaInput, ...] = ()
    attendees: tuple[AttendeeInput, ...] = ()


@dataclass(frozen=True)
class AgendaRow:
    id: int
    position: int
    title: str
    presenter: str
    discussion: str
    decisions: str


@dataclass(frozen=True)
class AttendeeRow:
    id: int
    person_id: int | None
    name: str
    title: str
    status: str

    @property
    def status_label(self) -> str:
        return Attendance(self.status).label


@dataclass(frozen=True)
class ActionRow:
    id: int
    meeting_id: int
    position: int
    description: str
    owner: str
    due_on: date | None
    state: str
    done_on: date | None
    version: int
    meeting_title: str = ""
    meeting_held_on: date | None = None

    @property
    def state_label(self) -> str:
        return ActionState(self.state).label

    @property
    def done(self) -> bool:
        return self.state == ActionState.DONE


@dataclass(frozen=True)
class RevisionRow:
    revision: int
    confirmed_on: date
    confirmed_by: str
    reason: str
    snapshot: str  # JSON, read with app.services.meetings.minutes.snapshot_of


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as lists show it."""

    id: int
    uuid: str
    kind: str
    title: str
    council_id: int | None
    council_name: str
    area_id: int | None
    area_name: str
    held_on: date
    starts_at: time | None
    ends_at: time | None
    place: str
    minutes_state: str
    minutes_revision: int
    has_minutes: bool  # something has been written
    version: int

    @property
    def kind_label(self) -> str:
        return MeetingKind(self.kind).label

    @property
    def minutes_label(self) -> str:
        if self.minutes_state == MinutesState.CONFIRMED:
            suffix = f"（第{self.minutes_revision}版）" if self.minutes_revision > 1 else ""
            return "確認済み" + suffix
        if self.minutes_revision > 1:
            return f"訂正中（第{self.minutes_revision}版）"
        return "下書き" if self.has_minutes else "未作成"

    @property
    def when(self) -> str:
        return format_meeting_when(self.held_on, self.starts_at, self.ends_at)

    @property
    def short_date(self) -> str:
        return format_wareki_short(self.held_on)


@dataclass(frozen=True)
class MeetingDetail(MeetingRow):
    handouts: str = ""
    notes: str = ""
    next_meeting: str = ""
    recorder: str = ""
    confirmer: str = ""
    correction_reason: str = ""
    confirmed_on: date | None = None
    confirmed_by: str = ""
    agenda: tuple[AgendaRow, ...] = ()
    attendees: tuple[AttendeeRow, ...] = ()
    actions: tuple[ActionRow, ...] = ()
    revisions: tuple[RevisionRow, ...] = ()

    @property
    def confirmed(self) -> bool:
        return self.minutes_state == MinutesState.CONFIRMED

    def attendees_with(self, *statuses: Attendance) -> list[AttendeeRow]:
        wanted = {s.value for s in statuses}
        return [a for a in self.attendees if a.status in wanted]

    @property
    def handout_list(self) -> list[str]:
        return [line.strip() for line in self.handouts.splitlines() if line.strip()]


# --- reading ----------------------------------------------------------------------------------


def action_row(action: ActionItem) -> ActionRow:
    meeting = action.meeting
    return ActionRow(
        id=action.id,
        meeting_id=action.meeting_id,
        position=action.position,
        description=action.description,
        owner=action.owner,
        due_on=action.due_on,
        state=action.state,
        done_on=action.done_on,
        version=action.version,
        meeting_title=meeting.title if meeting else "",
        meeting_held_on=meeting.held_on if meeting else None,
    )


def _has_minutes(meeting: Meeting) -> bool:
    return bool(
        meeting.minutes_state == MinutesState.CONFIRMED
        or meeting.recorder
        or meeting.next_meeting
        or any(a.discussion or a.decisions for a in meeting.agenda if a.deleted_at is None)
    )


def summary_of(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "uuid": meeting.uuid,
        "kind": meeting.kind,
        "title": meeting.title,
        "council_id": meeting.council_id,
        "council_name": meeting.council.name if meeting.council else "",
        "area_id": meeting.area_id,
        "area_name": meeting.area.name if meeting.area else "",
        "held_on": meeting.held_on,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "minutes_state": meeting.minutes_state,
        "minutes_revision": meeting.minutes_revision,
        "has_minutes": _has_minutes(meeting),
        "version": meeting.version,
    }


def meeting_detail(session: Session, meeting: Meeting) -> MeetingDetail:
    revisions = session.scalars(
        select(MinutesRevision)
        .where(MinutesRevision.meeting_id == meeting.id, MinutesRevision.deleted_at.is_(None))
        .order_by(MinutesRevision.revision)
    )
    return MeetingDetail(
        **summary_of(meeting),
        handouts=meeting.handouts,
        notes=meeting.notes,
        next_meeting=meeting.next_meeting,
        recorder=meeting.recorder,
        confirmer=meeting.confirmer,
        correction_reason=meeting.correction_reason,
        confirmed_on=meeting.confirmed_on,
        confirmed_by=meeting.confirmed_by,
        agenda=tuple(
            AgendaRow(a.id, a.position, a.title, a.presenter, a.discussion, a.decisions)
            for a in meeting.agenda
            if a.deleted_at is None
        ),
        attendees=tuple(
            AttendeeRow(a.id, a.person_id, a.name, a.title, a.status)
            for a in meeting.attendees
            if a.deleted_at is None
        ),
        actions=tuple(action_row(a) for a in meeting.actions if a.deleted_at is None),
        revisions=tuple(
            RevisionRow(r.revision, r.confirmed_on, r.confirmed_by, r.reason, r.snapshot)
            for r in revisions
        ),
    )


def _loaded():
    return (
        selectinload(Meeting.agenda),
        selectinload(Meeting.council),
        selectinload(Meeting.area),
    )


def list_meetings(
    db: Database,
    *,
    council_id: int | None = None,
    area_id: int | None = None,
    kind: str | None = None,
) -> list[MeetingRow]:
    """Live meetings, newest first."""
    with db.session() as session:
        query = select(Meeting).where(Meeting.deleted_at.is_(None)).options(*_loaded())
        if council_id is not None:
            query = query.where(Meeting.council_id == council_id)
        if area_id is not None:
            query = query.where(Meeting.area_id == area_id)
        if kind is not None:
            query = query.where(Meeting.kind == kind)
        query = query.order_by(Meeting.held_on.desc(), Meeting.starts_at.desc(), Meeting.id.desc())
        return [MeetingRow(**summary_of(m)) for m in session.scalars(query)]


def get_meeting(db: Database, meeting_id: int) -> MeetingDetail:
    with db.session() as session:
        return meeting_detail(session, get_live(session, Meeting, meeting_id, LABEL))


# --- checking and writing ---------------------------------------------------------------------


def clean_meeting(session: Session, data: MeetingInput) -> tuple[dict, list, list]:
    errors = FieldErrors()
    values = {
        "kind": data.kind,
        "title": required_text(errors, "title", "会議名", data.title, 200),
        "council_id": data.council_id,
        "area_id": data.area_id,
        "held_on": data.held_on,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "place": optional_text(errors, "place", "場所", data.place, 200),
        "handouts": optional_text(errors, "handouts", "配布資料", data.handouts),
        "notes": optional_text(errors, "notes", "メモ", data.notes),
    }
    if data.kind not in {k.value for k in MeetingKind}:
        errors.add("kind", "会議の種類を一覧から選んでください。")
    if data.held_on is None:
        errors.add("held_on", "開催日を入力してください（例: R8.11.26、令和8年11月26日）。")
    elif data.held_on < EARLIEST:
        errors.add("held_on", "開催日は2000年（平成12年）以降の日付にしてください。")
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        errors.add(
            "ends_at",
            "終わりの時刻が始まりの時刻より前（または同じ）になっています。時刻を確かめてください。",
        )
    if data.ends_at and not data.starts_at:
        errors.add("starts_at", "終わりの時刻を入れるときは、始まりの時刻も入力してください。")
    if data.council_id is not None:
        council = session.get(Council, data.council_id)
        if council is None or council.deleted_at is not None:
            errors.add("council_id", "選んだ協議体が見つかりません。選び直してください。")
        elif data.area_id is None:
            values["area_id"] = council.area_id
    if values["area_id"] is not None:
        area = session.get(Area, values["area_id"])
        if area is None or area.deleted_at is not None:
            errors.add("area_id", "選んだ圏域が見つかりません。選び直してください。")
    agenda = []
    for n, item in enumerate(data.agenda):
        title = (item.title or "").strip()
        if not title and item.id is None:
            continue  # an empty row left at the end of the table
        if not title:  # a saved item, perhaps with minutes: removing it must be on purpose
            errors.add(
                f"agenda.{n}.title",
                f"{n + 1}番目の議題の題名が空です。"
                "題名を入れるか、「削除」で行ごと消してください。",
            )
            continue
        title = required_text(errors, f"agenda.{n}.title", f"{n + 1}番目の議題", title, 200)
        presenter = optional_text(errors, f"agenda.{n}.presenter", "説明者", item.presenter, 100)
        agenda.append(AgendaInput(title, presenter, item.id))
    attendees = []
    for n, person in enumerate(data.attendees):
        name = (person.name or "").strip()
        title = (person.title or "").strip()
        if not name and not title:
            continue
        if not name:
            errors.add(
                f"attendees.{n}.name",
                f"出席者の{n + 1}行目に氏名がありません。氏名を入力するか、行を消してください。",
            )
        elif len(name) > 100:
            errors.add(
                f"attendees.{n}.name",
                f"出席者の{n + 1}行目の氏名は100文字以内にしてください（いま{len(name)}文字）。",
            )
        if len(title) > 200:
            errors.add(
                f"attendees.{n}.title",
                f"出席者の{n + 1}行目の職名・所属は200文字以内にしてください"
                f"（いま{len(title)}文字）。",
            )
        if person.status not in {s.value for s in Attendance}:
            errors.add(f"attendees.{n}.status", f"出席者の{n + 1}行目の出欠を選んでください。")
        attendees.append(AttendeeInput(name, title, person.status, person.person_id, person.id))
    errors.raise_if_any()
    return values, agenda, attendees


def sync_children[T](
    session: Session, existing: Sequence[T], wanted: Sequence, build, apply
) -> None:
    """Make child rows match `wanted`: edit by id, add the new, trash the dropped.

    Dropped rows go to the trash (`deleted_at`) like every record, so nothing typed is gone
    for good by one click. The same id twice in `wanted` is refused: one would overwrite the
    other.
    """
    by_id = {row.id: row for row in existing if row.deleted_at is None}
    ids = [item.id for item in wanted if item.id is not None]
    if len(ids) != len(set(ids)):
        raise ValueError("the same child row was handed in twice")
    kept = set()
    for position, item in enumerate(wanted):
        row = by_id.get(item.id) if item.id is not None else None
        if row is None:
            row = build()
            session.add(row)
        else:
            kept.add(row.id)
        apply(row, item, position)
    for row_id, row in by_id.items():
        if row_id not in kept:
            move_to_trash(row)


def _apply_agenda(session: Session, meeting: Meeting, agenda: Sequence[AgendaInput]) -> None:
    def apply(row: AgendaItem, item: AgendaInput, position: int) -> None:
        row.title, row.presenter, row.position = item.title, item.presenter, position

    sync_children(session, meeting.agenda, agenda, lambda: AgendaItem(meeting=meeting), apply)


def _apply_attendees(
    session: Session, meeting: Meeting, attendees: Sequence[AttendeeInput]
) -> None:
    def apply(row: Attendee, item: AttendeeInput, position: int) -> None:
        row.name, row.title, row.status = item.name, item.title, item.status
        row.person_id, row.position = item.person_id, position

    sync_children(session, meeting.attendees, attendees, lambda: Attendee(meeting=meeting), apply)


def create_meeting(db: Database, data: MeetingInput) -> MeetingDetail:
    with db.session() as session:
        values, agenda, attendees = clean_meeting(session, data)
        meeting = Meeting(**values)
        session.add(meeting)
        session.flush()
        _apply_agenda(session, meeting, agenda)
        _apply_attendees(session, meeting, attendees)
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(meeting)
        return meeting_detail(session, meeting)


def refuse_if_confirmed(meeting: Meeting) -> None:
    if meeting.minutes_state == MinutesState.CONFIRMED:
        raise MinutesLocked(LOCKED_MESSAGE)


def update_meeting(
    db: Database, meeting_id: int, data: MeetingInput, expected_version: int | None = None
) -> MeetingDetail:
    """Change the meeting's details, agenda and attendance (not once its minutes are confirmed)."""
    with db.session() as session:
        meeting = get_live(session, Meeting, meeting_id, LABEL)
        check_version(meeting, expected_version, LABEL)
        refuse_if_confirmed(meeting)
        values, agenda, attendees = clean_meeting(session, data)
        for key, value in values.items():
            setattr(meeting, key, value)
        touch(meeting)
        with session.no_autoflush:  # one UPDATE of the meeting, so one version step
            _apply_agenda(session, meeting, agenda)
            _apply_attendees(session, meeting, attendees)
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(meeting)
        return meeting_detail(session, meeting)


def trash_meeting(db: Database, meeting_id: int, expected_version: int | None = None) -> None:
    trash_record(db, Meeting, meeting_id, LABEL, expected_version)


def attendees_from_council(db: Database, council_id: int, on: date) -> tuple[AttendeeInput, ...]:
    """The council's members serving on `on` as attendance rows (出席 until changed).

    事務局 members come in as 事務局; 職名 is the seat's title, else its role and organisation.
    """
    council = get_council(db, council_id)
    rows = []
    with db.session() as session:
        for member in council.members:
            if not member.serves_on(on):
                continue
            person = session.get(Person, member.person_id) if member.person_id else None
            title = member.title or " ".join(
                part for part in (member.belongs_to, member.role_label) if part
            )
            status = (
                Attendance.SECRETARIAT
                if member.role == MemberRole.SECRETARIAT
                else Attendance.PRESENT
            )
            rows.append(
                AttendeeInput(
                    name=person.name if person else member.name,
                    title=title,
                    status=status.value,
                    person_id=member.person_id,
                )
            )
    return tuple(rows)
