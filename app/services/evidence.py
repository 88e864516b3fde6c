"""Records that back a STEP check item: the councils and meetings of an area (STEP 1-2 to 1-4).

Evidence is shown beside the check items; ticking stays the person's decision, because the
guidance's checks ask about more than a record can prove.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import ActionItem, Council, Meeting
from app.domain.enums import CouncilStatus, MeetingKind, MinutesState
from app.domain.wareki import format_wareki_short


@dataclass(frozen=True)
class Evidence:
    table: str  # "council" or "meeting": which screen opens it
    record_id: int
    label: str  # 「協議体「みどり町支え合い推進会議」設置済み（R7.4.1）」


def evidence_for_area(
    db: Database, area_id: int, today: date | None = None
) -> dict[str, list[Evidence]]:
    """Check key → the records of this area that back it."""
    today = today or date.today()
    found: dict[str, list[Evidence]] = {}

    def add(key: str, evidence: Evidence) -> None:
        found.setdefault(key, []).append(evidence)

    with db.session() as session:
        councils = session.scalars(
            select(Council).where(
                Council.area_id == area_id,
                Council.deleted_at.is_(None),
                Council.status != CouncilStatus.CLOSED.value,
            )
        ).all()
        trashed_councils = set(
            session.scalars(select(Council.id).where(Council.deleted_at.is_not(None)))
        )
        for council in councils:
            members = sum(m.deleted_at is None for m in council.members)
            if council.status == CouncilStatus.ACTIVE and council.established_on:
                add(
                    "1-3-b",
                    Evidence(
                        "council",
                        council.id,
                        f"協議体「{council.name}」設置済み"
                        f"（{format_wareki_short(council.established_on)}）",
                    ),
                )
            if council.bylaws.strip():
                add("1-3-c", Evidence("council", council.id, f"「{council.name}」の設置要綱"))
            if members:
                add(
                    "1-3-a",
                    Evidence("council", council.id, f"「{council.name}」の構成員 {members}人"),
                )
        meetings = session.scalars(
            select(Meeting)
            .where(
                Meeting.area_id == area_id,
                Meeting.deleted_at.is_(None),
                Meeting.held_on <= today,
            )
            .order_by(Meeting.held_on)
        ).all()
        first_council_meeting: set[int] = set()
        for meeting in meetings:
            if meeting.council_id in trashed_councils:
                continue
            label = f"{meeting.title}（{format_wareki_short(meeting.held_on)}）"
            confirmed = meeting.minutes_state == MinutesState.CONFIRMED
            evidence = Evidence(
                "meeting", meeting.id, label + ("　議事録あり" if confirmed else "")
            )
            if meeting.kind == MeetingKind.ROUND_TABLE:
                add("1-2-a", evidence)
                if confirmed:
                    add("1-2-e", evidence)
            elif meeting.kind == MeetingKind.COUNCIL:
                if (
                    meeting.council_id is not None
                    and meeting.council_id not in first_council_meeting
                ):
                    first_council_meeting.add(meeting.council_id)
                    add("1-3-d", evidence)
                if confirmed:
                    add("1-4-a", evidence)
                has_actions = session.scalar(
                    select(ActionItem.id).where(
                        ActionItem.meeting_id == meeting.id, ActionItem.deleted_at.is_(None)
                    )
                )
                if has_actions is not None:
                    add("1-4-e", evidence)
    return found
