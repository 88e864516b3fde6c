"""Regular meetings entered ahead (STEP 1-4): a council's next 第N回 as dates by weekday
(every 第2火曜日) or by day of the month, refused where the council already meets."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Council, Meeting
from app.domain.enums import MeetingKind
from app.domain.wareki import format_wareki_short
from app.services.errors import FieldErrors, ValidationError
from app.services.meetings.meeting import EARLIEST, LABEL, MeetingRow, summary_of
from app.services.records import conflicts_as, get_live

PLAN_MAX = 24  # meetings planned at once (two years of monthly councils)


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _same_weekday_slot(first: date, months: int) -> date:
    """The same 「第N○曜日」 as `first`, `months` later (e.g. every 第2火曜日)."""
    nth = (first.day - 1) // 7
    target = _add_months(first.replace(day=1), months)
    offset = (first.weekday() - target.weekday()) % 7
    day = target + timedelta(days=offset + 7 * nth)
    if day.month != target.month:  # a 第5 week that this month does not have
        day -= timedelta(days=7)
    return day


@dataclass(frozen=True)
class PlanInput:
    council_id: int
    first_on: date
    every_months: int = 1
    count: int = 6
    same_weekday: bool = True  # 「第2火曜日」 rather than 「毎月10日」
    starts_at: time | None = None
    ends_at: time | None = None
    place: str = ""


def plan_dates(plan: PlanInput) -> list[date]:
    step = _same_weekday_slot if plan.same_weekday else _add_months
    return [step(plan.first_on, n * plan.every_months) for n in range(plan.count)]


def plan_meetings(db: Database, plan: PlanInput) -> list[MeetingRow]:
    """Enter a regular council's meetings ahead: 第N回 numbered after the ones already held."""
    errors = FieldErrors()
    if not 1 <= plan.every_months <= 12:
        errors.add("every_months", "間隔は1〜12か月の間で入力してください。")
    if not 1 <= plan.count <= PLAN_MAX:
        errors.add("count", f"一度に予定できる回数は1〜{PLAN_MAX}回です。")
    if plan.starts_at and plan.ends_at and plan.ends_at <= plan.starts_at:
        errors.add(
            "ends_at",
            "終わりの時刻が始まりの時刻より前になっています。時刻を入れ直してください。",
        )
    if plan.ends_at and not plan.starts_at:
        errors.add("starts_at", "終わりの時刻を入れるときは、始まりの時刻も入力してください。")
    if plan.first_on < EARLIEST:
        errors.add("first_on", "開催日は2000年（平成12年）以降の日付にしてください。")
    errors.raise_if_any()
    with db.session() as session:
        council = get_live(session, Council, plan.council_id, "協議体")
        held = session.scalars(
            select(Meeting.held_on).where(
                Meeting.council_id == council.id,
                Meeting.deleted_at.is_(None),
                Meeting.kind == MeetingKind.COUNCIL.value,
            )
        ).all()
        taken = sorted(set(held) & set(plan_dates(plan)))
        if taken:
            days = "、".join(format_wareki_short(d) for d in taken)
            raise ValidationError(
                {
                    "first_on": f"{days} には、この協議体の会議がもう登録されています。"
                    "1回目の日か回数を変えてください。"
                }
            )
        meetings = []
        for n, day in enumerate(plan_dates(plan), start=len(held) + 1):
            meeting = Meeting(
                kind=MeetingKind.COUNCIL.value,
                title=f"第{n}回 {council.name}",
                council_id=council.id,
                area_id=council.area_id,
                held_on=day,
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                place=plan.place.strip(),
            )
            session.add(meeting)
            meetings.append(meeting)
        with conflicts_as(LABEL):
            session.commit()
        return [MeetingRow(**summary_of(m)) for m in meetings]
