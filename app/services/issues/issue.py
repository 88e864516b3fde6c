"""地域課題 (STEP 2-2 to 2-4): the issue log, its history, 引継ぎ, and matching to resources.

An issue belongs to one or more areas. Its text may hold personal details: `personal` marks
that, `sensitive` marks 要配慮個人情報 (health, care); papers for residents then leave the
text out (see `resident_text`). Search uses the same normalisation as resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db.engine import Database
from app.db.models import Area, Issue, IssueArea, IssueNote, IssueResource, Meeting, Resource
from app.domain.enums import LEVELS, IssueKind, IssueSource, IssueState, Layer
from app.domain.kana import collation_key
from app.domain.privacy import mask_personal
from app.domain.text import escape_like, search_key, search_terms, split_codes
from app.domain.wareki import format_wareki_short
from app.services.errors import FieldErrors, ValidationError
from app.services.issues.answers import answering_issue_kinds
from app.services.records import (
    check_version,
    conflicts_as,
    get_live,
    touch,
    trash_record,
)
from app.services.validate import count, optional_text, required_text

LABEL = "地域課題"
LAYER1 = "第1層（町全域の協議体）"  # 引継ぎ先 when an area hands an issue up
PERSONAL_OMITTED = "（個人に関わる内容のため、この資料では省略しています）"


@dataclass(frozen=True)
class IssueInput:
    title: str
    area_ids: tuple[int, ...] = ()
    description: str = ""
    source: str = IssueSource.OTHER.value
    meeting_id: int | None = None
    kinds: tuple[str, ...] = ()
    urgency: int = 2
    importance: int = 2
    people_affected: int | str | None = None
    state: str = IssueState.NOTICED.value
    personal: bool = False
    sensitive: bool = False
    noticed_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class NoteRow:
    id: int
    noted_on: date
    text: str
    author: str


@dataclass(frozen=True)
class IssueRow:
    id: int
    uuid: str
    title: str
    description: str
    source: str
    meeting_id: int | None
    meeting_title: str
    kinds: tuple[str, ...]
    urgency: int
    importance: int
    people_affected: int | None
    state: str
    personal: bool
    sensitive: bool
    noticed_on: date | None
    escalated_to: str
    escalated_reason: str
    escalated_on: date | None
    notes: str
    version: int
    area_ids: tuple[int, ...]
    area_names: tuple[str, ...]
    resource_ids: tuple[int, ...] = ()
    history: tuple[NoteRow, ...] = field(default=())

    @property
    def kind_labels(self) -> str:
        return "・".join(IssueKind(k).label for k in self.kinds)

    @property
    def source_label(self) -> str:
        return IssueSource(self.source).label

    @property
    def state_label(self) -> str:
        return IssueState(self.state).label

    @property
    def urgency_label(self) -> str:
        return LEVELS[self.urgency]

    @property
    def importance_label(self) -> str:
        return LEVELS[self.importance]

    @property
    def areas_text(self) -> str:
        return "・".join(self.area_names)

    @property
    def is_open(self) -> bool:
        return IssueState(self.state).is_open

    @property
    def handed_over(self) -> bool:
        return self.state == IssueState.HANDED_OVER


@dataclass(frozen=True)
class IssueFilter:
    text: str = ""
    area_id: int | None = None
    kind: str | None = None
    urgency: int | None = None
    state: str | None = None
    source: str | None = None
    open_only: bool = False


# --- reading ----------------------------------------------------------------------------------


def _row(issue: Issue, areas: dict[int, Area], with_history: bool = False) -> IssueRow:
    area_ids = tuple(
        sorted(
            (link.area_id for link in issue.areas if link.deleted_at is None),
            key=lambda a: (areas[a].layer, areas[a].sort_order, a) if a in areas else (9, 0, a),
        )
    )
    return IssueRow(
        id=issue.id,
        uuid=issue.uuid,
        title=issue.title,
        description=issue.description,
        source=issue.source,
        meeting_id=issue.meeting_id,
        meeting_title=issue.meeting.title if issue.meeting else "",
        kinds=split_codes(issue.kinds),
        urgency=issue.urgency,
        importance=issue.importance,
        people_affected=issue.people_affected,
        state=issue.state,
        personal=issue.personal,
        sensitive=issue.sensitive,
        noticed_on=issue.noticed_on,
        escalated_to=issue.escalated_to,
        escalated_reason=issue.escalated_reason,
        escalated_on=issue.escalated_on,
        notes=issue.notes,
        version=issue.version,
        area_ids=area_ids,
        area_names=tuple(areas[a].name for a in area_ids if a in areas),
    )


def _area_map(session: Session) -> dict[int, Area]:
    return {a.id: a for a in session.scalars(select(Area).where(Area.deleted_at.is_(None)))}


def _with_extras(session: Session, row: IssueRow) -> IssueRow:
    notes = session.scalars(
        select(IssueNote)
        .where(IssueNote.issue_id == row.id, IssueNote.deleted_at.is_(None))
        .order_by(IssueNote.noted_on, IssueNote.id)
    )
    resources = session.scalars(
        select(IssueResource.resource_id).where(
            IssueResource.issue_id == row.id, IssueResource.deleted_at.is_(None)
        )
    )
    return replace(
        row,
        history=tuple(NoteRow(n.id, n.noted_on, n.text, n.author) for n in notes),
        resource_ids=tuple(resources),
    )


def sort_key(row: IssueRow, areas: dict[int, Area] | None = None) -> tuple:
    """Most urgent first, then most important, then by area order, newest noticed first."""
    first_area = row.area_ids[0] if row.area_ids else 0
    area = areas.get(first_area) if areas else None
    area_order = (area.layer, area.sort_order, area.id) if area else (9, 0, 0)
    noticed = -(row.noticed_on.toordinal() if row.noticed_on else 0)
    return (-row.urgency, -row.importance, area_order, noticed, row.id)


def list_issues(db: Database, flt: IssueFilter | None = None) -> list[IssueRow]:
    """Live issues matching the filter, most urgent first (then area, then newest)."""
    flt = flt or IssueFilter()
    with db.session() as session:
        query = (
            select(Issue)
            .where(Issue.deleted_at.is_(None))
            .options(selectinload(Issue.areas), selectinload(Issue.meeting))
        )
        if flt.area_id is not None:
            query = query.where(
                Issue.id.in_(
                    select(IssueArea.issue_id).where(
                        IssueArea.area_id == flt.area_id, IssueArea.deleted_at.is_(None)
                    )
                )
            )
        if flt.kind:
            query = query.where(Issue.kinds.like(f"%,{flt.kind},%"))
        if flt.urgency:
            query = query.where(Issue.urgency == flt.urgency)
        if flt.state:
            query = query.where(Issue.state == flt.state)
        if flt.source:
            query = query.where(Issue.source == flt.source)
        if flt.open_only:
            closed = (IssueState.SOLVED.value, IssueState.HANDED_OVER.value)
            query = query.where(Issue.state.not_in(closed))
        for term in search_terms(flt.text):
            query = query.where(Issue.search_text.like(f"%{escape_like(term)}%", escape="\\"))
        areas = _area_map(session)
        rows = [_row(i, areas) for i in session.scalars(query)]
    return sorted(rows, key=lambda r: sort_key(r, areas))


def get_issue(db: Database, issue_id: int) -> IssueRow:
    with db.session() as session:
        issue = get_live(session, Issue, issue_id, LABEL)
        return _with_extras(session, _row(issue, _area_map(session)))


def received_by_layer1(db: Database) -> list[IssueRow]:
    """Issues the areas handed up to 第1層 (the layer-1 view's inbox), newest first."""
    rows = [r for r in list_issues(db, IssueFilter(state=IssueState.HANDED_OVER.value))]
    rows = [r for r in rows if r.escalated_to == LAYER1]
    return sorted(rows, key=lambda r: (r.escalated_on or date.min, r.id), reverse=True)


# --- checking and writing ---------------------------------------------------------------------


def _level(errors: FieldErrors, key: str, label: str, value: int) -> int:
    if value not in LEVELS:
        errors.add(key, f"{label}は「高・中・低」から選んでください。")
        return 2
    return value


def clean_issue(session: Session, data: IssueInput, today: date | None = None) -> dict:
    today = today or date.today()
    errors = FieldErrors()
    values = {
        "title": required_text(errors, "title", "課題の見出し", data.title, 200),
        "description": optional_text(errors, "description", "課題の中身", data.description),
        "notes": optional_text(errors, "notes", "メモ", data.notes),
        "urgency": _level(errors, "urgency", "緊急度", data.urgency),
        "importance": _level(errors, "importance", "重要度", data.importance),
        "people_affected": count(errors, "people_affected", "関わる人の数", data.people_affected),
        "personal": bool(data.personal or data.sensitive),
        "sensitive": bool(data.sensitive),
        "noticed_on": data.noticed_on,
        "meeting_id": data.meeting_id,
        "source": data.source,
        "state": data.state,
    }
    if data.source not in {s.value for s in IssueSource}:
        errors.add("source", "課題をつかんだきっかけを一覧から選んでください。")
    if data.state not in {s.value for s in IssueState}:
        errors.add("state", "状態を一覧から選んでください。")
    elif data.state == IssueState.HANDED_OVER:
        errors.add("state", "引継ぎは「引き継ぐ」から、引継ぎ先と理由を入れて行ってください。")
    kinds = [k for k in dict.fromkeys(data.kinds)]
    unknown = [k for k in kinds if k not in {x.value for x in IssueKind}]
    if unknown:
        errors.add("kinds", f"課題の種類「{'、'.join(unknown)}」は一覧にありません。")
    if not kinds:
        errors.add("kinds", "課題の種類を一つ以上選んでください（迷うときは「その他」）。")
    values["kinds"] = "," + ",".join(kinds) + ","
    if not data.area_ids:
        errors.add("area_ids", "課題のある圏域を一つ以上選んでください。")
    for area_id in data.area_ids:
        area = session.get(Area, area_id)
        if area is None or area.deleted_at is not None:
            errors.add("area_ids", "選んだ圏域が見つかりません。選び直してください。")
    if data.meeting_id is not None:
        meeting = session.get(Meeting, data.meeting_id)
        if meeting is None or meeting.deleted_at is not None:
            errors.add("meeting_id", "選んだ会議が見つかりません。選び直してください。")
    if data.noticed_on is not None and data.noticed_on > today:
        errors.add("noticed_on", "把握した日に未来の日付は入れられません。")
    errors.raise_if_any()
    areas = [session.get(Area, a) for a in data.area_ids]
    values["search_text"] = _search_text(
        values["title"],
        values["description"],
        values["notes"],
        data.source,
        kinds,
        [a.name for a in areas if a is not None],
    )
    values["sort_key"] = collation_key(values["title"])
    return values


def _search_text(title: str, description: str, notes: str, source: str, kinds, area_names) -> str:
    """What a search looks in: the texts, the source and kind labels and the area names."""
    labels = [IssueSource(source).label, *(IssueKind(k).label for k in kinds)]
    return search_key("｜".join([title, description, notes, *labels, *area_names]))


def rederive_search(session: Session, area_id: int | None = None) -> int:
    """Refresh the search text of the issues of a renamed area (every issue when None),
    in the caller's transaction, so that searching the new name finds them."""
    session.flush()
    query = select(Issue).where(Issue.deleted_at.is_(None)).options(selectinload(Issue.areas))
    if area_id is not None:
        query = query.where(
            Issue.id.in_(select(IssueArea.issue_id).where(IssueArea.area_id == area_id))
        )
    count = 0
    for issue in session.scalars(query):
        names = [link.area.name for link in issue.areas if link.deleted_at is None and link.area]
        issue.search_text = _search_text(
            issue.title,
            issue.description,
            issue.notes,
            issue.source,
            split_codes(issue.kinds),
            names,
        )
        count += 1
    return count


def _apply_areas(session: Session, issue: Issue, area_ids: Sequence[int]) -> None:
    wanted = list(dict.fromkeys(area_ids))
    existing = {link.area_id: link for link in issue.areas}
    for area_id, link in existing.items():
        if area_id not in wanted:
            session.delete(link)
    for area_id in wanted:
        if area_id not in existing:
            session.add(IssueArea(issue=issue, area_id=area_id))


def create_issue(db: Database, data: IssueInput, today: date | None = None) -> IssueRow:
    with db.session() as session:
        issue = Issue(**clean_issue(session, data, today))
        if issue.noticed_on is None:
            issue.noticed_on = today or date.today()
        session.add(issue)
        with session.no_autoflush:
            _apply_areas(session, issue, data.area_ids)
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(issue)
        return _row(issue, _area_map(session))


def validate_issue(db: Database, data: IssueInput, today: date | None = None) -> None:
    """Check a wizard page's input without saving it."""
    with db.session() as session:
        clean_issue(session, data, today)


def update_issue(
    db: Database,
    issue_id: int,
    data: IssueInput,
    expected_version: int | None = None,
    today: date | None = None,
) -> IssueRow:
    with db.session() as session:
        issue = get_live(session, Issue, issue_id, LABEL)
        check_version(issue, expected_version, LABEL)
        if issue.state == IssueState.HANDED_OVER and data.state != IssueState.HANDED_OVER:
            # taking it back: the handover stays in the history
            session.add(
                IssueNote(
                    issue_id=issue.id,
                    noted_on=today or date.today(),
                    text=f"引継ぎ（{issue.escalated_to}）から戻しました。",
                    author=db.user,
                )
            )
        keep_handover = issue.state == IssueState.HANDED_OVER == data.state
        values = clean_issue(
            session,
            data if not keep_handover else _as_state(data, IssueState.NOTICED),
            today,
        )
        if keep_handover:
            values["state"] = IssueState.HANDED_OVER.value
        for key, value in values.items():
            setattr(issue, key, value)
        touch(issue)
        with session.no_autoflush:
            _apply_areas(session, issue, data.area_ids)
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(issue)
        return _with_extras(session, _row(issue, _area_map(session)))


def _as_state(data: IssueInput, state: IssueState) -> IssueInput:
    return replace(data, state=state.value)


def trash_issue(db: Database, issue_id: int, expected_version: int | None = None) -> None:
    trash_record(db, Issue, issue_id, LABEL, expected_version)


def add_note(db: Database, issue_id: int, text: str, noted_on: date | None = None) -> NoteRow:
    """Record what was tried or what happened (the history a 引継ぎ票 carries)."""
    errors = FieldErrors()
    text = required_text(errors, "text", "経過", text, 2000)
    if noted_on is not None and noted_on > date.today():
        errors.add("noted_on", "経過の日付に未来の日付は入れられません。")
    errors.raise_if_any()
    with db.session() as session:
        get_live(session, Issue, issue_id, LABEL)
        note = IssueNote(
            issue_id=issue_id, noted_on=noted_on or date.today(), text=text, author=db.user
        )
        session.add(note)
        session.commit()
        return NoteRow(note.id, note.noted_on, note.text, note.author)


def hand_over(
    db: Database,
    issue_id: int,
    to: str,
    reason: str,
    expected_version: int | None = None,
    today: date | None = None,
) -> IssueRow:
    """Hand an issue the area cannot solve alone to 第1層 or a town-hall department."""
    today = today or date.today()
    errors = FieldErrors()
    to = required_text(errors, "escalated_to", "引継ぎ先", to, 200)
    reason = required_text(errors, "escalated_reason", "引き継ぐ理由", reason, 2000)
    errors.raise_if_any()
    with db.session() as session:
        issue = get_live(session, Issue, issue_id, LABEL)
        check_version(issue, expected_version, LABEL)
        if issue.state == IssueState.SOLVED:
            raise ValidationError(
                {
                    "escalated_to": "解決済みの課題は引き継げません。"
                    "状態を戻してから引き継いでください。"
                }
            )
        issue.state = IssueState.HANDED_OVER.value
        issue.escalated_to = to
        issue.escalated_reason = reason
        issue.escalated_on = today
        session.add(
            IssueNote(
                issue_id=issue.id,
                noted_on=today,
                text=f"{to}へ引き継ぎました。理由: {reason}",
                author=db.user,
            )
        )
        with conflicts_as(LABEL):
            session.commit()
        session.refresh(issue)
        return _with_extras(session, _row(issue, _area_map(session)))


# --- matching (coordinator role C) ------------------------------------------------------------


def link_resource(db: Database, issue_id: int, resource_id: int) -> None:
    with db.session() as session:
        get_live(session, Issue, issue_id, LABEL)
        get_live(session, Resource, resource_id, "地域資源")
        link = session.scalar(
            select(IssueResource).where(
                IssueResource.issue_id == issue_id, IssueResource.resource_id == resource_id
            )
        )
        if link is None:
            session.add(IssueResource(issue_id=issue_id, resource_id=resource_id))
        else:
            link.deleted_at = None
        with conflicts_as("資源とのつながり"):
            session.commit()


def unlink_resource(db: Database, issue_id: int, resource_id: int) -> None:
    with db.session() as session:
        for link in session.scalars(
            select(IssueResource).where(
                IssueResource.issue_id == issue_id, IssueResource.resource_id == resource_id
            )
        ):
            session.delete(link)
        session.commit()


def issues_for_resource(db: Database, resource_id: int) -> list[IssueRow]:
    """Open issues this resource could answer: of a kind it serves, in its area (or anywhere
    when it serves the whole town), linked ones first."""
    with db.session() as session:
        resource = get_live(session, Resource, resource_id, "地域資源")
        kinds = answering_issue_kinds(split_codes(resource.kinds))
        area = session.get(Area, resource.area_id) if resource.area_id else None
        linked = set(
            session.scalars(
                select(IssueResource.issue_id).where(
                    IssueResource.resource_id == resource_id, IssueResource.deleted_at.is_(None)
                )
            )
        )
    town_wide = area is None or area.layer == Layer.MUNICIPALITY
    rows = list_issues(db, IssueFilter(open_only=True))
    with db.session() as session:
        top_ids = set(session.scalars(select(Area.id).where(Area.layer == Layer.MUNICIPALITY)))
    found = [
        r
        for r in rows
        if r.id in linked
        or (
            set(r.kinds) & kinds
            and (town_wide or resource.area_id in r.area_ids or top_ids & set(r.area_ids))
        )
    ]
    return sorted(found, key=lambda r: (r.id not in linked,))


# --- residents' papers --------------------------------------------------------------------------


def resident_text(row: IssueRow, text: str) -> str:
    """What a resident-facing paper may show of this issue's text: nothing of a marked one,
    and masked names, phone numbers and street numbers in any other."""
    if row.personal or row.sensitive:
        return PERSONAL_OMITTED if text.strip() else ""
    return mask_personal(text)


def short_line(row: IssueRow) -> str:
    """「R8.10.12 把握　北中学校区　買い物・移動」: one line for lists."""
    noticed = format_wareki_short(row.noticed_on) if row.noticed_on else ""
    return f"{noticed} {row.state_label}　{row.areas_text}　{row.kind_labels}".strip()
