"""Read models for the 地域づくり進捗レポート (one area, one 年度) and the 年次報告 (the town).

A 年度 runs from April to March. Flows (checks ticked, meetings held, resources registered or
confirmed, issues noticed) count what happened inside the year; stocks (how many resources
and issues an area has) count what existed by the cut-off day — the year's last day, or today
while the year is still running — with each record's state as it is now.

The papers go to the council: every free text they print (meeting, issue and initiative
titles, outcomes) is masked, and blanked to OMITTED when it names a person marked 個人情報;
the text of an issue is never included, and the titles of issues marked 個人情報 are left
out and only counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Resource
from app.domain.catalog import default_catalog
from app.domain.enums import (
    LEVELS,
    InitiativeState,
    IssueState,
    MeetingKind,
    ResourceCategory,
    ResourceKind,
    ResourceState,
)
from app.domain.wareki import fiscal_year_range, format_fiscal_year, format_wareki
from app.services.guide.checklist import states_for_area
from app.services.initiatives.initiative import InitiativeFilter, InitiativeRow, list_initiatives
from app.services.issues.issue import IssueFilter, IssueRow, list_issues
from app.services.meetings.meeting import MeetingRow, list_meetings
from app.services.printing.personal import PrivatePeople, private_people
from app.services.setup.areas import AreaRow, get_area, list_areas
from app.services.setup.settings import municipality_name

PLANNED = "予定"
OMITTED = "（個人に関わるため省略）"  # in place of a text that names a 個人情報 person


def _masked(people: PrivatePeople, value: str) -> str:
    """`value` masked for the council; OMITTED, not an empty cell, where it was blanked."""
    value = value.strip()
    if not value:
        return ""
    return people.masked(value) or OMITTED


def local_date(moment: datetime) -> date:
    """The calendar day of a stored (UTC) moment on this PC's clock, as date.today() is."""
    return moment.astimezone().date()


@dataclass(frozen=True)
class Count:
    label: str
    value: int


class _YearMixin:
    """The 年度 of a paper in words: 「令和8年度」 and 「令和8年4月1日～令和9年3月31日」."""

    fiscal_year: int
    starts_on: date
    ends_on: date

    @property
    def year_label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    @property
    def period(self) -> str:
        return f"{format_wareki(self.starts_on)}～{format_wareki(self.ends_on)}"


# --- one area ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepItemLine:
    """One catalog item: which of its checks were done by the cut-off, and when."""

    code: str
    step: int
    title: str
    checks: tuple[str, ...]  # per check: "year" (done this 年度), "before", or "open"
    done_on: tuple[date, ...]  # the days checks were done this 年度, oldest first

    @property
    def done(self) -> int:
        return sum(c != "open" for c in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def done_this_year(self) -> int:
        return sum(c == "year" for c in self.checks)


@dataclass(frozen=True)
class MeetingLine:
    held_on: date
    kind: str  # label: 協議体, 座談会 …
    title: str  # masked, or OMITTED
    minutes: str  # 確認済み, 下書き, 未作成, or 予定 for a meeting still ahead
    planned: bool


@dataclass(frozen=True)
class ResourceFigures:
    total: int
    by_category: tuple[Count, ...]  # the four views of STEP 2-1
    by_kind: tuple[Count, ...]  # a resource of two kinds counts under each
    by_state: tuple[Count, ...]
    registered: int  # registered in the app this 年度
    confirmed: int  # content confirmed this 年度
    unused: int  # 未活用


@dataclass(frozen=True)
class IssueLine:
    title: str  # masked, or OMITTED
    urgency: str
    state: str
    noticed_on: date | None


@dataclass(frozen=True)
class IssueFigures:
    total: int
    open: int
    new: int  # noticed this 年度
    by_state: tuple[Count, ...]
    by_urgency: tuple[Count, ...]  # 高, 中, 低
    lines: tuple[IssueLine, ...]  # issues not marked 個人情報
    personal: int  # issues marked 個人情報: counted, never named


@dataclass(frozen=True)
class InitiativeLine:
    title: str  # masked, or OMITTED
    kind: str  # 「3-1 多様な参加のきっかけづくり」
    state: str
    started_on: date | None
    milestones_done: int
    milestones: int
    milestones_this_year: int
    outcome: str  # masked, or OMITTED; blank when none is written yet


@dataclass(frozen=True)
class ProgressPaper(_YearMixin):
    municipality: str
    made_on: date
    fiscal_year: int
    area_name: str
    layer: int
    starts_on: date
    ends_on: date
    as_of: date  # the cut-off day of the stock figures
    steps: tuple[tuple[int, str], ...]  # (number, title) of STEP 1-3
    items: tuple[StepItemLine, ...]
    meetings: tuple[MeetingLine, ...]  # the year's meetings, oldest first
    resources: ResourceFigures
    issues: IssueFigures
    initiatives: tuple[InitiativeLine, ...]

    @property
    def checks_done(self) -> int:
        return sum(i.done for i in self.items)

    @property
    def checks_total(self) -> int:
        return sum(i.total for i in self.items)

    @property
    def checks_this_year(self) -> int:
        return sum(i.done_this_year for i in self.items)

    @property
    def next_item(self) -> StepItemLine | None:
        """The first item not yet complete: the suggested next step."""
        return next((i for i in self.items if i.done < i.total), None)

    @property
    def held(self) -> tuple[MeetingLine, ...]:
        return tuple(m for m in self.meetings if not m.planned)

    @property
    def meetings_by_kind(self) -> tuple[Count, ...]:
        """Meetings held, per kind that occurred, in the order of MeetingKind."""
        counts = Counter(m.kind for m in self.held)
        return tuple(Count(k.label, counts[k.label]) for k in MeetingKind if counts[k.label])

    @property
    def running(self) -> int:
        return sum(i.state == InitiativeState.RUNNING.label for i in self.initiatives)


def _cut_off(fiscal_year: int, today: date) -> tuple[date, date, date]:
    start, end = fiscal_year_range(fiscal_year)
    return start, end, min(end, today)


def _items(db: Database, area_id: int, start: date, as_of: date) -> tuple[StepItemLine, ...]:
    states = states_for_area(db, area_id)
    lines = []
    for item in default_catalog().items:
        checks, days = [], []
        for check in item.checks:
            state = states[check.key]
            if not state.done or (state.done_on is not None and state.done_on > as_of):
                checks.append("open")
            elif state.done_on is not None and state.done_on >= start:
                checks.append("year")
                days.append(state.done_on)
            else:
                checks.append("before")
        lines.append(
            StepItemLine(item.code, item.step, item.title, tuple(checks), tuple(sorted(days)))
        )
    return tuple(lines)


def _meeting_line(row: MeetingRow, today: date, people: PrivatePeople) -> MeetingLine:
    planned = row.held_on > today
    return MeetingLine(
        held_on=row.held_on,
        kind=row.kind_label,
        title=_masked(people, row.title),
        minutes=PLANNED if planned else row.minutes_label,
        planned=planned,
    )


def _meetings(
    db: Database, area_id: int, start: date, end: date, today: date, people: PrivatePeople
) -> tuple[MeetingLine, ...]:
    rows = [m for m in list_meetings(db, area_id=area_id) if start <= m.held_on <= end]
    rows.sort(key=lambda m: (m.held_on, m.starts_at or datetime.min.time(), m.id))
    return tuple(_meeting_line(m, today, people) for m in rows)


def _resources(
    db: Database, area_id: int | None, start: date, as_of: date, today: date
) -> ResourceFigures:
    """The figures of one area's resources (None: every resource of the town)."""
    query = select(
        Resource.category,
        Resource.kinds,
        Resource.state,
        Resource.unused,
        Resource.confirmed_on,
        Resource.created_at,
    ).where(Resource.deleted_at.is_(None))
    if area_id is not None:
        query = query.where(Resource.area_id == area_id)
    with db.session() as session:
        rows = session.execute(query).all()
    if as_of < today:  # a year gone by: leave out what was registered after it
        rows = [r for r in rows if local_date(r.created_at) <= as_of]
    categories = Counter(r.category for r in rows)
    kinds = Counter(k for r in rows for k in r.kinds.split(",") if k)
    states = Counter(r.state for r in rows)
    return ResourceFigures(
        total=len(rows),
        by_category=tuple(Count(c.label, categories[c.value]) for c in ResourceCategory),
        by_kind=tuple(Count(k.label, kinds[k.value]) for k in ResourceKind),
        by_state=tuple(Count(s.label, states[s.value]) for s in ResourceState),
        registered=sum(local_date(r.created_at) >= start for r in rows),
        confirmed=sum(
            r.confirmed_on is not None and start <= r.confirmed_on <= as_of for r in rows
        ),
        unused=sum(bool(r.unused) for r in rows),
    )


def _issues_by(db: Database, flt: IssueFilter, as_of: date) -> list[IssueRow]:
    """The issues noticed by the cut-off (or with no date: they count as known)."""
    return [r for r in list_issues(db, flt) if r.noticed_on is None or r.noticed_on <= as_of]


def _issue_figures(rows: list[IssueRow], start: date, people: PrivatePeople) -> IssueFigures:
    states = Counter(r.state for r in rows)
    urgencies = Counter(r.urgency for r in rows)
    public = [r for r in rows if not (r.personal or r.sensitive)]
    return IssueFigures(
        total=len(rows),
        open=sum(r.is_open for r in rows),
        new=sum(r.noticed_on is not None and r.noticed_on >= start for r in rows),
        by_state=tuple(Count(s.label, states[s.value]) for s in IssueState),
        by_urgency=tuple(
            Count(f"緊急度 {label}", urgencies[level])
            for level, label in sorted(LEVELS.items(), reverse=True)
        ),
        lines=tuple(
            IssueLine(_masked(people, r.title), r.urgency_label, r.state_label, r.noticed_on)
            for r in public
        ),
        personal=len(rows) - len(public),
    )


def _initiative_line(
    row: InitiativeRow, start: date, as_of: date, people: PrivatePeople
) -> InitiativeLine:
    done = [m for m in row.milestones if m.done_on is not None and m.done_on <= as_of]
    return InitiativeLine(
        title=_masked(people, row.title),
        kind=row.kind_label,
        state=row.state_label,
        started_on=row.started_on,
        milestones_done=len(done),
        milestones=len(row.milestones),
        milestones_this_year=sum(m.done_on >= start for m in done if m.done_on),
        outcome=_masked(people, row.outcome),
    )


def _initiatives(
    db: Database, area_id: int, start: date, as_of: date, people: PrivatePeople
) -> tuple[InitiativeLine, ...]:
    lines = []
    for row in list_initiatives(db, InitiativeFilter(area_id=area_id)):
        if row.started_on is not None and row.started_on > as_of:
            continue  # begun after the year: the next year's report
        finished = [m.done_on for m in row.milestones if m.done_on]
        if (
            row.state == InitiativeState.DONE.value
            and finished
            and len(finished) == len(row.milestones)
            and max(finished) < start
        ):
            continue  # finished in an earlier year
        lines.append(_initiative_line(row, start, as_of, people))
    return tuple(lines)


def _paper(
    db: Database,
    area: AreaRow,
    fiscal_year: int,
    today: date,
    municipality: str,
    people: PrivatePeople,
) -> ProgressPaper:
    start, end, as_of = _cut_off(fiscal_year, today)
    catalog = default_catalog()
    return ProgressPaper(
        municipality=municipality,
        made_on=today,
        fiscal_year=fiscal_year,
        area_name=area.name,
        layer=area.layer,
        starts_on=start,
        ends_on=end,
        as_of=as_of,
        steps=tuple((s.number, s.title) for s in catalog.steps),
        items=_items(db, area.id, start, as_of),
        meetings=_meetings(db, area.id, start, end, today, people),
        resources=_resources(db, area.id, start, as_of, today),
        issues=_issue_figures(_issues_by(db, IssueFilter(area_id=area.id), as_of), start, people),
        initiatives=_initiatives(db, area.id, start, as_of, people),
    )


def progress_paper(
    db: Database, area_id: int, fiscal_year: int, today: date | None = None
) -> ProgressPaper:
    """The 地域づくり進捗レポート of one area for the 年度 starting in April of `fiscal_year`."""
    today = today or date.today()
    area = get_area(db, area_id)
    return _paper(db, area, fiscal_year, today, municipality_name(db), private_people(db))


# --- the whole town ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaTotals:
    """One line of the 年次報告's table."""

    area_name: str
    checks_done: int
    checks_total: int
    checks_this_year: int
    meetings: int  # held this 年度
    resources: int
    resources_new: int
    issues: int
    issues_open: int
    issues_new: int
    initiatives: int
    running: int


def _totals(paper: ProgressPaper) -> AreaTotals:
    return AreaTotals(
        area_name=paper.area_name,
        checks_done=paper.checks_done,
        checks_total=paper.checks_total,
        checks_this_year=paper.checks_this_year,
        meetings=len(paper.held),
        resources=paper.resources.total,
        resources_new=paper.resources.registered,
        issues=paper.issues.total,
        issues_open=paper.issues.open,
        issues_new=paper.issues.new,
        initiatives=len(paper.initiatives),
        running=paper.running,
    )


@dataclass(frozen=True)
class AnnualPaper(_YearMixin):
    municipality: str
    made_on: date
    fiscal_year: int
    starts_on: date
    ends_on: date
    as_of: date
    rows: tuple[AreaTotals, ...]  # one per area, in area order
    # The whole town, records without an area included; an issue of two areas counts once.
    total: AreaTotals
    meetings_by_kind: tuple[Count, ...]  # the town's meetings held this 年度
    areas: tuple[ProgressPaper, ...]

    @property
    def summary(self) -> str:
        """One paragraph in plain words, made from the figures of the table."""
        t = self.total
        text = f"{self.year_label}の{self.municipality}の地域づくりの状況をまとめました。"
        if t.checks_total:
            share = round(100 * t.checks_done / t.checks_total)
            text += (
                f"STEP 1～3 のチェック項目は、{len(self.rows)}つの圏域を合わせて"
                f"{t.checks_total}項目のうち{t.checks_done}項目（{share}％）が済んでおり、"
                f"そのうち{t.checks_this_year}項目は年度内に済ませたものです。"
            )
        if t.meetings:
            kinds = "、".join(f"{c.label}{c.value}回" for c in self.meetings_by_kind)
            text += f"年度内に開いた会議は{t.meetings}回です（{kinds}）。"
        else:
            text += "年度内に開いた会議は、まだ記録されていません。"
        text += (
            f"地域資源は{t.resources}件を把握しており、年度内に{t.resources_new}件を"
            f"新たに登録しました。地域課題は{t.issues}件で、そのうち{t.issues_open}件が"
            f"未解決、{t.issues_new}件は年度内に把握したものです。"
        )
        if t.initiatives:
            text += f"STEP 3 の取組は{t.initiatives}件あり、{t.running}件が実施中です。"
        else:
            text += "STEP 3 の取組は、まだ登録されていません。"
        return text + self._next_steps()

    def _next_steps(self) -> str:
        papers = [p for p in self.areas if p.checks_total]
        if not papers:
            return ""
        ahead = max(papers, key=lambda p: p.checks_done / p.checks_total)
        text = ""
        if ahead.checks_done:
            text = f"いちばん進んでいるのは{ahead.area_name}です。"
        waiting = [p for p in papers if p.next_item is not None]
        if waiting:
            behind = min(waiting, key=lambda p: p.checks_done / p.checks_total)
            item = behind.next_item
            assert item is not None
            text += (
                f"{behind.area_name}は、次に「{item.code} {item.title}」に"
                "取り組むことが見込まれます。"
            )
        return text


def annual_paper(db: Database, fiscal_year: int, today: date | None = None) -> AnnualPaper:
    """The 年次報告 of the whole town: the totals of every area, then each area's report."""
    today = today or date.today()
    municipality = municipality_name(db)
    start, end, as_of = _cut_off(fiscal_year, today)
    people = private_people(db)
    papers = tuple(_paper(db, a, fiscal_year, today, municipality, people) for a in list_areas(db))
    rows = tuple(_totals(p) for p in papers)
    held = [m for m in list_meetings(db) if start <= m.held_on <= min(end, today)]
    kinds = Counter(m.kind for m in held)
    # An issue of two areas appears in both areas' lines; the town counts it once.
    issues = _issue_figures(_issues_by(db, IssueFilter(), as_of), start, people)
    resources = _resources(db, None, start, as_of, today)
    total = AreaTotals(
        area_name="町全体",
        checks_done=sum(r.checks_done for r in rows),
        checks_total=sum(r.checks_total for r in rows),
        checks_this_year=sum(r.checks_this_year for r in rows),
        meetings=len(held),
        resources=resources.total,
        resources_new=resources.registered,
        issues=issues.total,
        issues_open=issues.open,
        issues_new=issues.new,
        initiatives=sum(r.initiatives for r in rows),
        running=sum(r.running for r in rows),
    )
    return AnnualPaper(
        municipality=municipality,
        made_on=today,
        fiscal_year=fiscal_year,
        starts_on=start,
        ends_on=end,
        as_of=as_of,
        rows=rows,
        total=total,
        meetings_by_kind=tuple(
            Count(k.label, kinds[k.value]) for k in MeetingKind if kinds[k.value]
        ),
        areas=papers,
    )
