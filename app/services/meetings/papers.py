"""Read models for the papers a meeting needs: 議事録, 会議次第, 出席者名簿 and 協議体 委員名簿.

The builders in app/reports turn these into pages (and the 議事録 into a Word file); here we
only gather what each paper shows. A filed 版 of the minutes is read from its frozen snapshot,
so an old revision prints exactly as it was confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from app.db.engine import Database
from app.domain.enums import ActionState, Attendance, MeetingKind, MinutesState
from app.domain.wareki import format_meeting_when, format_wareki
from app.services.councils.council import get_council
from app.services.errors import NotFound
from app.services.meetings.meeting import MeetingDetail, attendees_from_council, get_meeting
from app.services.meetings.minutes import MinutesSnapshot, snapshot_of
from app.services.setup.settings import municipality_name

OPENING = "開会"
CLOSING = "閉会"


def handout_labels(handouts: tuple[str, ...] | list[str]) -> list[str]:
    """「資料1　…」 numbered, leaving alone lines that already carry their own label."""
    own = ("資料", "参考資料", "別紙", "別添")
    return [
        line if line.startswith(own) else f"資料{number}　{line}"
        for number, line in enumerate(handouts, start=1)
    ]


@dataclass(frozen=True)
class PersonLine:
    """One attendee as the papers list them: 職名 (or 所属) and 氏名."""

    title: str
    name: str

    @property
    def text(self) -> str:
        return f"{self.title}　{self.name}" if self.title else self.name


@dataclass(frozen=True)
class MinutesItem:
    title: str
    presenter: str
    discussion: str  # 協議内容
    decisions: str  # 決定事項


@dataclass(frozen=True)
class ActionLine:
    description: str
    owner: str
    due: str  # 和暦, blank when no 期限
    state: str  # 未着手 / 対応中 / 完了


@dataclass(frozen=True)
class MeetingHead:
    """What every meeting paper names at its top."""

    municipality: str
    made_on: date
    meeting_id: int
    title: str
    kind: str  # 協議体, 座談会 …
    council_name: str
    when: str  # 「令和8年11月26日(木) 午後1時30分～3時00分」
    place: str


@dataclass(frozen=True)
class MinutesPaper:
    head: MeetingHead
    revision: int
    confirmed: bool
    confirmed_on: date | None
    correction_reason: str
    present: tuple[PersonLine, ...]
    absent: tuple[PersonLine, ...]
    secretariat: tuple[PersonLine, ...]
    guests: tuple[PersonLine, ...]
    handouts: tuple[str, ...]
    items: tuple[MinutesItem, ...]
    actions: tuple[ActionLine, ...]
    next_meeting: str
    recorder: str
    confirmer: str

    @property
    def municipality(self) -> str:
        return self.head.municipality

    @property
    def made_on(self) -> date:
        return self.head.made_on

    @property
    def draft(self) -> bool:
        return not self.confirmed

    @property
    def state_text(self) -> str:
        """「下書き」, 「確認済み（令和8年11月26日）」 or 「第2版（訂正: 理由）」 and the like."""
        parts = []
        if self.revision > 1:
            reason = f"（訂正: {self.correction_reason}）" if self.correction_reason else ""
            parts.append(f"第{self.revision}版{reason}")
        if self.confirmed:
            on = f"（{format_wareki(self.confirmed_on)}確認）" if self.confirmed_on else ""
            parts.append(f"確認済み{on}")
        else:
            parts.append("下書き")
        return "　".join(parts)


@dataclass(frozen=True)
class AgendaPaper:
    head: MeetingHead
    items: tuple[tuple[str, str], ...]  # (議題, 説明者)
    handouts: tuple[str, ...]

    @property
    def municipality(self) -> str:
        return self.head.municipality

    @property
    def made_on(self) -> date:
        return self.head.made_on

    @property
    def order_of_business(self) -> list[tuple[str, str]]:
        """The 次第 as read out: 開会 and 閉会 around the items, unless the agenda has them."""
        items = list(self.items)
        titles = [title for title, _ in items]
        if not any(OPENING in t or "開式" in t for t in titles[:2]):
            items.insert(0, (OPENING, ""))
        if not any(CLOSING in t or "閉式" in t for t in titles[-2:]):
            items.append((CLOSING, ""))
        return items

    @property
    def handout_labels(self) -> list[str]:
        return handout_labels(self.handouts)


@dataclass(frozen=True)
class SigninRow:
    title: str
    name: str


@dataclass(frozen=True)
class SigninPaper:
    head: MeetingHead
    rows: tuple[SigninRow, ...]  # everyone invited, 欠席の連絡 or not: no one is pre-marked
    guest_rows: int = 3  # blank rows at least, for 傍聴・ゲスト

    @property
    def municipality(self) -> str:
        return self.head.municipality

    @property
    def made_on(self) -> date:
        return self.head.made_on


@dataclass(frozen=True)
class RosterMember:
    role: str  # 会長, 副会長, 委員 …
    name: str
    reading: str
    belongs_to: str  # 所属
    title: str  # 職名
    term: str  # 「令和8年4月1日～令和10年3月31日」, blank when not set


@dataclass(frozen=True)
class RosterPaper:
    municipality: str
    made_on: date
    council_name: str
    layer: str  # 第1層 / 第2層
    area_name: str
    established_on: date | None
    on: date  # the members serving on this day
    members: tuple[RosterMember, ...]


# --- queries ----------------------------------------------------------------------------------


def _head(db: Database, meeting: MeetingDetail, today: date | None) -> MeetingHead:
    return MeetingHead(
        municipality=municipality_name(db),
        made_on=today or date.today(),
        meeting_id=meeting.id,
        title=meeting.title,
        kind=meeting.kind_label,
        council_name=meeting.council_name,
        when=meeting.when,
        place=meeting.place,
    )


def _people(attendees, status: Attendance) -> tuple[PersonLine, ...]:
    return tuple(PersonLine(a["title"], a["name"]) for a in attendees if a["status"] == status)


def _paper_from_snapshot(head: MeetingHead, snap: MinutesSnapshot) -> MinutesPaper:
    def clock(value: str) -> time | None:
        return time.fromisoformat(value) if value else None

    held_on = date.fromisoformat(snap.held_on)
    kind = MeetingKind(snap.kind).label if snap.kind in set(MeetingKind) else head.kind
    head = MeetingHead(
        municipality=head.municipality,
        made_on=head.made_on,
        meeting_id=head.meeting_id,
        title=snap.title,
        kind=kind,
        council_name=snap.council_name or head.council_name,
        when=format_meeting_when(held_on, clock(snap.starts_at), clock(snap.ends_at)),
        place=snap.place,
    )
    return MinutesPaper(
        head=head,
        revision=snap.revision,
        confirmed=True,  # a snapshot is only taken when a 版 is confirmed
        confirmed_on=date.fromisoformat(snap.confirmed_on) if snap.confirmed_on else None,
        correction_reason=snap.reason,
        present=_people(snap.attendees, Attendance.PRESENT),
        absent=_people(snap.attendees, Attendance.ABSENT),
        secretariat=_people(snap.attendees, Attendance.SECRETARIAT),
        guests=_people(snap.attendees, Attendance.GUEST),
        handouts=tuple(snap.handouts),
        items=tuple(
            MinutesItem(
                a.get("title", ""),
                a.get("presenter", ""),
                a.get("discussion", ""),
                a.get("decisions", ""),
            )
            for a in snap.agenda
        ),
        actions=tuple(
            ActionLine(
                a.get("description", ""),
                a.get("owner", ""),
                format_wareki(date.fromisoformat(a["due_on"])) if a.get("due_on") else "",
                ActionState(a["state"]).label if a.get("state") in set(ActionState) else "",
            )
            for a in snap.actions
        ),
        next_meeting=snap.next_meeting,
        recorder=snap.recorder,
        confirmer=snap.confirmer,
    )


def _paper_from_meeting(head: MeetingHead, meeting: MeetingDetail) -> MinutesPaper:
    attendees = [{"name": a.name, "title": a.title, "status": a.status} for a in meeting.attendees]
    return MinutesPaper(
        head=head,
        revision=meeting.minutes_revision,
        confirmed=meeting.minutes_state == MinutesState.CONFIRMED,
        confirmed_on=meeting.confirmed_on,
        correction_reason=meeting.correction_reason,
        present=_people(attendees, Attendance.PRESENT),
        absent=_people(attendees, Attendance.ABSENT),
        secretariat=_people(attendees, Attendance.SECRETARIAT),
        guests=_people(attendees, Attendance.GUEST),
        handouts=tuple(meeting.handout_list),
        items=tuple(
            MinutesItem(a.title, a.presenter, a.discussion, a.decisions) for a in meeting.agenda
        ),
        actions=tuple(
            ActionLine(
                a.description,
                a.owner,
                format_wareki(a.due_on) if a.due_on else "",
                a.state_label,
            )
            for a in meeting.actions
        ),
        next_meeting=meeting.next_meeting,
        recorder=meeting.recorder,
        confirmer=meeting.confirmer,
    )


def minutes_paper(
    db: Database, meeting_id: int, revision: int | None = None, today: date | None = None
) -> MinutesPaper:
    """The 議事録 as it stands (`revision` None), or a filed 版 exactly as it was confirmed."""
    meeting = get_meeting(db, meeting_id)
    head = _head(db, meeting, today)
    if revision is None and meeting.confirmed:
        revision = meeting.minutes_revision  # a confirmed 議事録 prints as it was filed
    if revision is None:
        return _paper_from_meeting(head, meeting)
    for filed in meeting.revisions:
        if filed.revision == revision:
            return _paper_from_snapshot(head, snapshot_of(filed.snapshot))
    if meeting.revisions:
        known = "、".join(f"第{r.revision}版" for r in meeting.revisions)
        hint = f"確認済みの版は {known} です。"
    else:
        hint = "この会議の議事録はまだ一度も確認（確定）されていません。"
    raise NotFound(f"「{meeting.title}」の議事録に第{revision}版はありません。{hint}")


def agenda_paper(db: Database, meeting_id: int, today: date | None = None) -> AgendaPaper:
    """The 会議次第: the order of business and the 配布資料 handed out at the door."""
    meeting = get_meeting(db, meeting_id)
    return AgendaPaper(
        head=_head(db, meeting, today),
        items=tuple((a.title, a.presenter) for a in meeting.agenda),
        handouts=tuple(meeting.handout_list),
    )


def signin_paper(db: Database, meeting_id: int, today: date | None = None) -> SigninPaper:
    """The 出席者名簿 to sign at the door: everyone invited, then 事務局, then blank rows.

    No one is marked 欠席 in advance: a member who sent apologies may come after all.
    """
    meeting = get_meeting(db, meeting_id)
    attendees: list = list(meeting.attendees)
    if not attendees and meeting.council_id is not None:
        # A planned council meeting whose attendance is not entered yet: its members serving
        # on the day are the ones expected at the door.
        attendees = list(attendees_from_council(db, meeting.council_id, meeting.held_on))
    invited = [a for a in attendees if a.status != Attendance.SECRETARIAT]
    staff = [a for a in attendees if a.status == Attendance.SECRETARIAT]
    rows = tuple(SigninRow(a.title, a.name) for a in invited + staff)
    return SigninPaper(head=_head(db, meeting, today), rows=rows)


def _term(starts_on: date | None, ends_on: date | None) -> str:
    if starts_on is None and ends_on is None:
        return ""
    start = format_wareki(starts_on) if starts_on else ""
    end = format_wareki(ends_on) if ends_on else ""
    return f"{start}～{end}"


def roster_paper(
    db: Database, council_id: int, on: date | None = None, today: date | None = None
) -> RosterPaper:
    """The 委員名簿 of the members serving on `on` (today by default), in roster order."""
    council = get_council(db, council_id)
    made_on = today or date.today()
    on = on or made_on
    members = tuple(
        RosterMember(
            role=m.role_label,
            name=m.name,
            reading=m.reading,
            belongs_to=m.belongs_to,
            title=m.title,
            term=_term(m.starts_on, m.ends_on),
        )
        for m in council.members  # already 会長, 副会長, 委員 (五十音), SC, 事務局
        if m.serves_on(on)
    )
    return RosterPaper(
        municipality=municipality_name(db),
        made_on=made_on,
        council_name=council.name,
        layer=council.layer_label,
        area_name=council.area_name,
        established_on=council.established_on,
        on=on,
        members=members,
    )
