"""Records that back a STEP check item: the councils and meetings of an area (STEP 1-2 to
1-4), and its issues, KJ board and handovers (STEP 2-2 to 2-4).

Evidence is shown beside the check items; ticking stays the person's decision, because the
guidance's checks ask about more than a record can prove.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import ActionItem, Area, Council, IssueCard, IssueGroup, Meeting, Resource
from app.domain.enums import (
    CouncilStatus,
    InitiativeKind,
    IssueSource,
    MeetingKind,
    MinutesState,
    ResourceCategory,
)
from app.domain.wareki import format_wareki_short
from app.services.initiatives.initiative import InitiativeFilter, list_initiatives
from app.services.issues.issue import IssueFilter, list_issues


@dataclass(frozen=True)
class Evidence:
    # The screen that opens it: "council", "meeting", "issue", "initiative", or "kj" and
    # "resources" whose record_id is the area.
    table: str
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
    _issue_evidence(db, area_id, add)
    _resource_evidence(db, area_id, add, today)
    _initiative_evidence(db, area_id, add)
    return found


_VIEW_NAMES = {
    ResourceCategory.ACTIVITY: "活動",
    ResourceCategory.SERVICE: "サービス",
    ResourceCategory.PROVIDER: "実施主体",
    ResourceCategory.PLACE: "場・拠点",
}


def _resource_evidence(db: Database, area_id: int, add, today: date) -> None:
    """The area's inventory (STEP 2-1): its spread over the four views, 未活用, re-confirmed."""
    with db.session() as session:
        rows = session.execute(
            select(Resource.category, Resource.unused, Resource.confirmed_on).where(
                Resource.area_id == area_id, Resource.deleted_at.is_(None)
            )
        ).all()
    if not rows:
        return
    by_view = {c: sum(1 for r in rows if r.category == c) for c in ResourceCategory}
    spread = "、".join(f"{_VIEW_NAMES[c]} {n}" for c, n in by_view.items() if n)
    if sum(1 for n in by_view.values() if n) >= 2:
        add("2-1-a", Evidence("resources", area_id, f"地域資源 {len(rows)}件（{spread}）"))
    unused = sum(1 for r in rows if r.unused)
    if unused:
        add("2-1-d", Evidence("resources", area_id, f"未活用の資源 {unused}件"))
    recent = sum(1 for r in rows if r.confirmed_on and (today - r.confirmed_on).days <= 365)
    if recent:
        add("2-1-e", Evidence("resources", area_id, f"この1年に確認した資源 {recent}件"))


def _initiative_evidence(db: Database, area_id: int, add) -> None:
    """STEP 3 initiatives of the area, beside the check each kind of work answers."""
    for row in list_initiatives(db, InitiativeFilter(area_id=area_id)):
        evidence = Evidence("initiative", row.id, f"取組「{row.title}」（{row.state_label}）")
        if row.kind == InitiativeKind.PARTICIPATION:
            add("3-1-a", evidence)
            if row.participants:
                add("3-1-d", evidence)
        elif row.kind == InitiativeKind.STRENGTHEN:
            add("3-2-b", evidence)
        else:
            add("3-3-b", evidence)
            if row.can_do.strip() or row.want_to_do.strip():
                add("3-3-d", evidence)
            if row.created:
                add("3-3-c", evidence)
            if row.outcome.strip():
                add("3-3-e", evidence)


# Which issue sources back which STEP 2-2 check (what the check asks was listened to).
_SOURCE_CHECKS = {
    "2-2-a": (IssueSource.INDIVIDUAL_CASE, IssueSource.COMMUNITY_CARE),
    "2-2-b": (IssueSource.CARE_PLAN, IssueSource.CONSULTATION),
    "2-2-c": (IssueSource.ROUND_TABLE,),
    "2-2-d": (IssueSource.NEEDS_SURVEY,),
}
_SHOWN = 3  # issues named per check; the rest are counted


def _issue_evidence(db: Database, area_id: int, add) -> None:
    """Issues of the area (STEP 2-2), its KJ board (2-3) and what it handed over (2-4)."""
    issues = list_issues(db, IssueFilter(area_id=area_id))

    def add_issues(key: str, rows: list) -> None:
        for row in rows[:_SHOWN]:
            add(key, Evidence("issue", row.id, f"課題「{row.title}」"))
        if len(rows) > _SHOWN:
            first = rows[_SHOWN]
            add(key, Evidence("issue", first.id, f"ほか {len(rows) - _SHOWN}件"))

    for key, sources in _SOURCE_CHECKS.items():
        add_issues(key, [r for r in issues if r.source in sources])
    add_issues("2-2-e", [r for r in issues if r.source != IssueSource.OTHER])
    add_issues("2-3-c", issues)
    handed = [r for r in issues if r.handed_over]
    for row in handed:
        when = format_wareki_short(row.escalated_on) if row.escalated_on else ""
        evidence = Evidence(
            "issue", row.id, f"「{row.title}」を{row.escalated_to}へ引継ぎ（{when}）"
        )
        add("2-4-c", evidence)
        add("2-4-d", evidence)
    with db.session() as session:
        groups = session.scalars(
            select(IssueGroup).where(
                IssueGroup.board_area_id == area_id, IssueGroup.deleted_at.is_(None)
            )
        ).all()
        area = session.get(Area, area_id)
        # The town's board holds every live issue of the town; an area's, those of the area.
        on_board = list_issues(db) if area is not None and area.layer == 1 else issues
        live_issues = {row.id for row in on_board}
        cards = sum(
            1
            for issue_id in session.scalars(
                select(IssueCard.issue_id).where(
                    IssueCard.board_area_id == area_id,
                    IssueCard.group_id.is_not(None),
                    IssueCard.deleted_at.is_(None),
                )
            )
            if issue_id in live_issues
        )
    if groups and cards:
        add(
            "2-3-a",
            Evidence("kj", area_id, f"KJ法ボード: グループ {len(groups)}・カード {cards}枚"),
        )
    labelled = [g.label for g in groups if g.label.strip()]
    if labelled:
        add("2-3-b", Evidence("kj", area_id, "表札: " + "、".join(labelled[:4])))
