"""議事録: writing a meeting's minutes, confirming them, and correcting them by revision.

States: 下書き (draft) → 確認済み (confirmed). Confirming freezes the whole minutes as a
MinutesRevision; the minutes then refuse edits. A correction reopens them as the next 版
with a reason, and the earlier 版 stays readable. Every save checks the meeting's `version`,
so two windows or two PCs can never overwrite each other's text silently.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db.engine import Database
from app.db.models import ActionItem, AgendaItem, Meeting, MinutesRevision
from app.domain.enums import ActionState, MinutesState
from app.domain.wareki import format_meeting_when, format_wareki
from app.services.errors import FieldErrors, ValidationError
from app.services.meetings.meeting import (
    LABEL,
    ActionRow,
    MeetingDetail,
    action_row,
    meeting_detail,
    refuse_if_confirmed,
    sync_children,
)
from app.services.records import check_version, conflicts_as, get_live, touch
from app.services.validate import optional_text, required_text

MINUTES_TEXT_MAX = 20000


@dataclass(frozen=True)
class AgendaMinutesInput:
    title: str
    presenter: str = ""
    discussion: str = ""  # 協議内容 (要点筆記)
    decisions: str = ""  # 決定事項
    id: int | None = None


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: str = ""
    due_on: date | None = None
    state: str = ActionState.OPEN.value
    id: int | None = None


@dataclass(frozen=True)
class MinutesInput:
    agenda: tuple[AgendaMinutesInput, ...] = ()
    actions: tuple[ActionInput, ...] = ()
    next_meeting: str = ""
    recorder: str = ""
    confirmer: str = ""


def minutes_input_of(meeting: MeetingDetail) -> MinutesInput:
    """The minutes as the editor edits them."""
    return MinutesInput(
        agenda=tuple(
            AgendaMinutesInput(a.title, a.presenter, a.discussion, a.decisions, a.id)
            for a in meeting.agenda
        ),
        actions=tuple(
            ActionInput(a.description, a.owner, a.due_on, a.state, a.id) for a in meeting.actions
        ),
        next_meeting=meeting.next_meeting,
        recorder=meeting.recorder,
        confirmer=meeting.confirmer,
    )


# --- the frozen text of a confirmed 版 ----------------------------------------------------------


@dataclass(frozen=True)
class MinutesSnapshot:
    """Everything a filed 議事録 shows, as it was when that 版 was confirmed."""

    revision: int
    title: str
    kind: str
    held_on: str  # ISO dates and times: the snapshot is plain JSON
    starts_at: str
    ends_at: str
    place: str
    council_name: str = ""  # as it was then: a later renaming does not change a filed 版
    attendees: list[dict] = field(default_factory=list)  # name, title, status
    handouts: list[str] = field(default_factory=list)
    agenda: list[dict] = field(default_factory=list)  # title, presenter, discussion, decisions
    actions: list[dict] = field(default_factory=list)  # description, owner, due_on, state
    next_meeting: str = ""
    recorder: str = ""
    confirmer: str = ""
    confirmed_on: str = ""
    reason: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> MinutesSnapshot:
        data = json.loads(text)
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def as_text(self) -> str:
        """A plain reading of this 版 for the 「以前の版」 view."""
        lines = [f"第{self.revision}版　確認日 {_wareki(self.confirmed_on)}"]
        if self.reason:
            lines.append(f"訂正の理由: {self.reason}")
        lines.append(f"会議名: {self.title}")
        if self.held_on:
            when = date.fromisoformat(self.held_on)
            starts = time.fromisoformat(self.starts_at) if self.starts_at else None
            ends = time.fromisoformat(self.ends_at) if self.ends_at else None
            lines.append(f"日時: {format_meeting_when(when, starts, ends)}")
        lines.append(f"場所: {self.place}")
        for status, label in (
            ("present", "出席者"),
            ("absent", "欠席者"),
            ("secretariat", "事務局"),
            ("guest", "傍聴・ゲスト"),
        ):
            names = [
                f"{a['title']} {a['name']}".strip() for a in self.attendees if a["status"] == status
            ]
            if names:
                lines.append(f"{label}: {'、'.join(names)}")
        if self.handouts:
            lines.append(f"配布資料: {'、'.join(self.handouts)}")
        lines.append("")
        for n, item in enumerate(self.agenda, start=1):
            presenter = f"（説明: {item['presenter']}）" if item.get("presenter") else ""
            lines.append(f"{n}. {item['title']}{presenter}")
            if item.get("discussion"):
                lines.append("【協議内容】")
                lines.append(item["discussion"])
            if item.get("decisions"):
                lines.append("【決定事項】")
                lines.append(item["decisions"])
            lines.append("")
        if self.actions:
            lines.append("【今後の対応】")
            for action in self.actions:
                due = f"（期限 {_wareki(action['due_on'])}）" if action.get("due_on") else ""
                owner = f"担当: {action['owner']} " if action.get("owner") else ""
                lines.append(f"・{action['description']}　{owner}{due}")
            lines.append("")
        if self.next_meeting:
            lines += ["【次回予定】", self.next_meeting, ""]
        lines.append(f"記録者: {self.recorder}　確認者: {self.confirmer}")
        return "\n".join(lines)


def _wareki(iso: str) -> str:
    return format_wareki(date.fromisoformat(iso)) if iso else ""


def freeze_minutes(meeting: Meeting, confirmed_on: date) -> MinutesSnapshot:
    """The minutes as they stand, frozen for filing as one 版."""

    def iso(value) -> str:
        return value.isoformat(timespec="minutes") if value else ""

    return MinutesSnapshot(
        revision=meeting.minutes_revision,
        title=meeting.title,
        kind=meeting.kind,
        held_on=meeting.held_on.isoformat(),
        starts_at=iso(meeting.starts_at),
        ends_at=iso(meeting.ends_at),
        place=meeting.place,
        council_name=meeting.council.name if meeting.council else "",
        attendees=[
            {"name": a.name, "title": a.title, "status": a.status}
            for a in meeting.attendees
            if a.deleted_at is None
        ],
        handouts=[line.strip() for line in meeting.handouts.splitlines() if line.strip()],
        agenda=[
            {
                "title": a.title,
                "presenter": a.presenter,
                "discussion": a.discussion,
                "decisions": a.decisions,
            }
            for a in meeting.agenda
            if a.deleted_at is None
        ],
        actions=[
            {
                "description": a.description,
                "owner": a.owner,
                "due_on": a.due_on.isoformat() if a.due_on else "",
                "state": a.state,
            }
            for a in meeting.actions
            if a.deleted_at is None
        ],
        next_meeting=meeting.next_meeting,
        recorder=meeting.recorder,
        confirmer=meeting.confirmer,
        confirmed_on=confirmed_on.isoformat(),
        reason=meeting.correction_reason,
    )


def snapshot_of(snapshot_json: str) -> MinutesSnapshot:
    return MinutesSnapshot.from_json(snapshot_json)


# --- writing ------------------------------------------------------------------------------------


def _clean(data: MinutesInput) -> tuple[list[AgendaMinutesInput], list[ActionInput], dict]:
    errors = FieldErrors()
    agenda = []
    for n, item in enumerate(data.agenda):
        key = f"agenda.{n}"
        title = (item.title or "").strip()
        if not title and not (item.discussion or "").strip() and not (item.decisions or "").strip():
            continue
        if not title:
            errors.add(
                f"{key}.title", f"{n + 1}番目の議題に題名がありません。題名を入力してください。"
            )
        else:
            title = required_text(errors, f"{key}.title", f"{n + 1}番目の議題", title, 200)
        agenda.append(
            AgendaMinutesInput(
                title,
                optional_text(errors, f"{key}.presenter", "説明者", item.presenter, 100),
                optional_text(
                    errors, f"{key}.discussion", "協議内容", item.discussion, MINUTES_TEXT_MAX
                ),
                optional_text(
                    errors, f"{key}.decisions", "決定事項", item.decisions, MINUTES_TEXT_MAX
                ),
                item.id,
            )
        )
    actions = []
    for n, action in enumerate(data.actions):
        key = f"actions.{n}"
        text = (action.description or "").strip()
        if not text and not (action.owner or "").strip() and action.due_on is None:
            continue
        if not text:
            errors.add(
                f"{key}.description",
                f"今後の対応の{n + 1}行目に内容がありません。何をするかを入力してください。",
            )
        if action.state not in {s.value for s in ActionState}:
            errors.add(f"{key}.state", f"今後の対応の{n + 1}行目の状態を選んでください。")
        actions.append(
            ActionInput(
                optional_text(errors, f"{key}.description", "対応の内容", text, 1000),
                optional_text(errors, f"{key}.owner", "担当", action.owner, 100),
                action.due_on,
                action.state,
                action.id,
            )
        )
    values = {
        "next_meeting": optional_text(errors, "next_meeting", "次回予定", data.next_meeting, 2000),
        "recorder": optional_text(errors, "recorder", "記録者", data.recorder, 100),
        "confirmer": optional_text(errors, "confirmer", "確認者", data.confirmer, 100),
    }
    errors.raise_if_any()
    return agenda, actions, values


def _load(session: Session, meeting_id: int) -> Meeting:
    return get_live(session, Meeting, meeting_id, LABEL)


def _write(session: Session, meeting: Meeting, data: MinutesInput, today: date) -> None:
    agenda, actions, values = _clean(data)
    for key, value in values.items():
        setattr(meeting, key, value)

    def apply_item(row: AgendaItem, item: AgendaMinutesInput, position: int) -> None:
        row.title, row.presenter, row.position = item.title, item.presenter, position
        row.discussion, row.decisions = item.discussion, item.decisions

    def apply_action(row: ActionItem, item: ActionInput, position: int) -> None:
        if item.state == ActionState.DONE and row.state != ActionState.DONE:
            row.done_on = today
        elif item.state != ActionState.DONE:
            row.done_on = None
        row.description, row.owner, row.due_on = item.description, item.owner, item.due_on
        row.state, row.position = item.state, position

    touch(meeting)  # the meeting's version guards the whole minutes, child rows included
    with session.no_autoflush:  # one UPDATE of the meeting, so one version step
        sync_children(
            session, meeting.agenda, agenda, lambda: AgendaItem(meeting=meeting), apply_item
        )
        sync_children(
            session, meeting.actions, actions, lambda: ActionItem(meeting=meeting), apply_action
        )


def save_minutes(
    db: Database,
    meeting_id: int,
    data: MinutesInput,
    expected_version: int | None = None,
    today: date | None = None,
) -> MeetingDetail:
    """Save the draft minutes (the editor's autosave and 「保存」 both come here)."""
    with db.session() as session:
        meeting = _load(session, meeting_id)
        check_version(meeting, expected_version, "議事録")
        refuse_if_confirmed(meeting)
        _write(session, meeting, data, today or date.today())
        with conflicts_as("議事録"):
            session.commit()
        session.refresh(meeting)
        return meeting_detail(session, meeting)


def confirm_minutes(
    db: Database,
    meeting_id: int,
    expected_version: int | None = None,
    today: date | None = None,
) -> MeetingDetail:
    """Confirm the minutes as they are saved: they become read-only and this 版 is filed."""
    today = today or date.today()
    with db.session() as session:
        meeting = _load(session, meeting_id)
        check_version(meeting, expected_version, "議事録")
        refuse_if_confirmed(meeting)
        errors = FieldErrors()
        if not any(a.deleted_at is None for a in meeting.agenda):
            errors.add(
                "agenda", "議題が一つもありません。議題と協議内容を書いてから確定してください。"
            )
        if not meeting.recorder.strip():
            errors.add("recorder", "記録者を入力してから確定してください。")
        if not meeting.confirmer.strip():
            errors.add("confirmer", "確認者（議事録を確かめた人）を入力してから確定してください。")
        if meeting.held_on > today:
            errors.add(
                "held_on",
                "まだ開かれていない会議の議事録は確定できません。開催日を確かめてください。",
            )
        errors.raise_if_any()
        meeting.minutes_state = MinutesState.CONFIRMED.value
        meeting.confirmed_on = today
        meeting.confirmed_by = db.user
        session.add(
            MinutesRevision(
                meeting_id=meeting.id,
                revision=meeting.minutes_revision,
                confirmed_on=today,
                confirmed_by=db.user,
                reason=meeting.correction_reason,
                snapshot=freeze_minutes(meeting, today).to_json(),
            )
        )
        with conflicts_as("議事録"):
            session.commit()
        session.refresh(meeting)
        return meeting_detail(session, meeting)


def start_correction(
    db: Database, meeting_id: int, reason: str, expected_version: int | None = None
) -> MeetingDetail:
    """Reopen confirmed minutes as the next 版; the confirmed 版 stays filed and readable."""
    errors = FieldErrors()
    reason = required_text(errors, "reason", "訂正の理由", reason, 500)
    errors.raise_if_any()
    with db.session() as session:
        meeting = _load(session, meeting_id)
        check_version(meeting, expected_version, "議事録")
        if meeting.minutes_state != MinutesState.CONFIRMED:
            raise ValidationError(
                {"reason": "この議事録はまだ確定していません。訂正版を作らずに、そのまま直せます。"}
            )
        meeting.minutes_state = MinutesState.DRAFT.value
        meeting.minutes_revision += 1
        meeting.correction_reason = reason
        meeting.confirmed_on = None
        meeting.confirmed_by = ""
        with conflicts_as("議事録"):
            session.commit()
        session.refresh(meeting)
        return meeting_detail(session, meeting)


# --- action items -------------------------------------------------------------------------------


def set_action_state(
    db: Database,
    action_id: int,
    state: str,
    expected_version: int | None = None,
    today: date | None = None,
) -> ActionRow:
    """Move an action item on (未着手 → 対応中 → 完了); allowed on confirmed minutes too,
    because following up a decision is not rewriting the record of the meeting."""
    if state not in {s.value for s in ActionState}:
        raise ValidationError({"state": "状態を一覧から選んでください。"})
    with db.session() as session:
        action = get_live(session, ActionItem, action_id, "対応事項")
        check_version(action, expected_version, "対応事項")
        if state == ActionState.DONE and action.state != ActionState.DONE:
            action.done_on = today or date.today()
        elif state != ActionState.DONE:
            action.done_on = None
        action.state = state
        # The minutes' version guards their action rows too: an editor open elsewhere then
        # gets a conflict instead of writing the old state back with its next autosave.
        touch(action.meeting)
        with conflicts_as("対応事項"):
            session.commit()
        return action_row(action)


def open_actions(db: Database) -> list[ActionRow]:
    """Action items not yet done, of live meetings: overdue and soonest due first."""
    with db.session() as session:
        rows = session.scalars(
            select(ActionItem)
            .join(Meeting)
            .where(
                ActionItem.deleted_at.is_(None),
                Meeting.deleted_at.is_(None),
                ActionItem.state != ActionState.DONE.value,
            )
            .options(selectinload(ActionItem.meeting))
        ).all()
        result = [action_row(a) for a in rows]
    return sorted(result, key=lambda a: (a.due_on is None, a.due_on or date.max, a.id))


def revisions_text(meeting: MeetingDetail) -> Sequence[tuple[int, str]]:
    """Each filed 版 as (版, plain text), oldest first."""
    return [(r.revision, snapshot_of(r.snapshot).as_text()) for r in meeting.revisions]
