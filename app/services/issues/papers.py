"""Read models for the printed 地域課題 papers: the 一覧, the 緊急度×地域 table, the
ニーズ×資源 map of an area and the 引継ぎ票.

Every paper is for circulation unless asked otherwise: the text of an issue marked 個人情報 is
left out and names, phone numbers and street numbers in other text are masked
(`resident_text`). `internal=True` keeps everything; the builder then marks each page
「取扱注意」. The builders in app/reports turn these into pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.db.engine import Database
from app.domain.enums import LEVELS, IssueKind
from app.domain.privacy import mask_personal
from app.services.errors import ServiceError
from app.services.issues.issue import IssueFilter, IssueRow, get_issue, list_issues, resident_text
from app.services.issues.needs import NeedsRow, ResourceBrief, needs_map, urgency_matrix
from app.services.resources.resource import get_resource
from app.services.setup.areas import get_area, list_areas
from app.services.setup.settings import municipality_name

ALL_AREAS = "全圏域"
GROUPINGS = {"urgency": "緊急度", "area": "圏域", "kind": "課題の種類"}
MAX_NAMES = 6  # resources named in one cell of the map; the rest are counted
PERSONAL_MARK = "個人情報"
SENSITIVE_MARK = "要配慮個人情報"


def _privacy(row: IssueRow) -> str:
    if row.sensitive:
        return SENSITIVE_MARK
    return PERSONAL_MARK if row.personal else ""


def _title(row: IssueRow, internal: bool) -> str:
    # A title is written without the person, but a slip must not reach a circulated paper.
    return row.title if internal else mask_personal(row.title)


def _text(row: IssueRow, value: str, internal: bool) -> str:
    return value if internal else resident_text(row, value)


def _today(today: date | None) -> date:
    return today or date.today()


# --- 地域課題一覧 -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueLine:
    """One issue as a row of the 一覧 (text already masked on a circulated paper)."""

    id: int
    title: str
    description: str
    urgency: str  # 高・中・低
    importance: str
    areas: tuple[str, ...]
    kinds: tuple[str, ...]  # labels: 「買い物」「災害・防災」
    state: str
    noticed_on: date | None
    privacy: str  # 「個人情報」「要配慮個人情報」 on an internal paper, else blank


@dataclass(frozen=True)
class IssueGroupLines:
    label: str  # 「緊急度 高」「北地区」「買い物」
    lines: tuple[IssueLine, ...]


@dataclass(frozen=True)
class IssuesPaper:
    municipality: str
    made_on: date
    scope: str  # the area, or 全圏域
    by: str  # urgency / area / kind
    internal: bool
    groups: tuple[IssueGroupLines, ...]
    count: int  # issues, each counted once
    repeated: bool  # some issue appears in more than one group

    @property
    def by_label(self) -> str:
        return GROUPINGS[self.by]


def _line(row: IssueRow, internal: bool) -> IssueLine:
    return IssueLine(
        id=row.id,
        title=_title(row, internal),
        description=_text(row, row.description, internal),
        urgency=row.urgency_label,
        importance=row.importance_label,
        areas=row.area_names,
        kinds=tuple(IssueKind(k).label for k in row.kinds),
        state=row.state_label,
        noticed_on=row.noticed_on,
        privacy=_privacy(row) if internal else "",
    )


def _groups(
    db: Database, rows: list[IssueRow], by: str, area_id: int | None
) -> list[tuple[str, list[IssueRow]]]:
    if by == "urgency":
        return [
            (f"緊急度 {label}", [r for r in rows if r.urgency == level])
            for level, label in sorted(LEVELS.items(), reverse=True)
        ]
    if by == "kind":
        return [(kind.label, [r for r in rows if kind.value in r.kinds]) for kind in IssueKind]
    areas = [a for a in list_areas(db) if area_id is None or a.id == area_id]
    return [(a.name, [r for r in rows if a.id in r.area_ids]) for a in areas]


def issues_paper(
    db: Database,
    area_id: int | None = None,
    by: str = "urgency",
    internal: bool = False,
    today: date | None = None,
) -> IssuesPaper:
    """The 地域課題一覧, grouped by urgency (高・中・低), area or kind; most urgent first within
    a group. An issue of two areas (or kinds) is listed under each."""
    if by not in GROUPINGS:
        raise ServiceError(
            f"まとめ方「{by}」はありません（urgency: 緊急度、area: 圏域、kind: 課題の種類）。"
        )
    scope = get_area(db, area_id).name if area_id is not None else ALL_AREAS
    rows = list_issues(db, IssueFilter(area_id=area_id))
    groups = [(label, members) for label, members in _groups(db, rows, by, area_id) if members]
    listed = [r.id for _, members in groups for r in members]
    return IssuesPaper(
        municipality=municipality_name(db),
        made_on=_today(today),
        scope=scope,
        by=by,
        internal=internal,
        groups=tuple(
            IssueGroupLines(label, tuple(_line(r, internal) for r in members))
            for label, members in groups
        ),
        count=len(set(listed)),
        repeated=len(listed) > len(set(listed)),
    )


# --- 緊急度×地域 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCellLines:
    """The issues of one cell, by title (masked), for the list below the table."""

    level: str
    area: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class MatrixPaper:
    """Open issues counted by urgency (rows 高・中・低) against area (columns)."""

    municipality: str
    made_on: date
    areas: tuple[str, ...]
    levels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # [level][area]
    level_totals: tuple[int, ...]  # issues per level, each counted once
    area_totals: tuple[int, ...]
    total: int
    cells: tuple[MatrixCellLines, ...]  # the cells that hold issues, row by row

    @property
    def repeated(self) -> bool:
        """Some issue belongs to two areas, so the cells add up to more than the issues."""
        return sum(self.area_totals) > self.total


def matrix_paper(db: Database, today: date | None = None) -> MatrixPaper:
    """The 緊急度×地域 table of open issues, for circulation (titles masked)."""
    matrix = urgency_matrix(db)
    counts, level_totals, cells = [], [], []
    every: set[int] = set()
    for level, label in matrix.levels:
        row, in_level = [], set()
        for area_id, area_name in matrix.areas:
            issues = matrix.cell(level, area_id).issues
            row.append(len(issues))
            in_level |= {i.id for i in issues}
            if issues:
                titles = tuple(f"{_title(i, False)}（重要度 {i.importance_label}）" for i in issues)
                cells.append(MatrixCellLines(label, area_name, titles))
        counts.append(tuple(row))
        level_totals.append(len(in_level))
        every |= in_level
    area_totals = tuple(sum(column) for column in zip(*counts, strict=True)) if counts else ()
    return MatrixPaper(
        municipality=municipality_name(db),
        made_on=_today(today),
        areas=tuple(name for _, name in matrix.areas),
        levels=tuple(label for _, label in matrix.levels),
        counts=tuple(counts),
        level_totals=tuple(level_totals),
        area_totals=area_totals,
        total=len(every),
        cells=tuple(cells),
    )


# --- ニーズ×資源マップ ----------------------------------------------------------------------


@dataclass(frozen=True)
class GapLine:
    """One issue kind in the area: its open issues against the resources that could answer."""

    kind: str
    issues: tuple[str, ...]  # 「【高】坂の上で買い物に行けない」 (masked)
    answering: str  # the resource kinds that answer this kind
    # Active ones, 「名前（圏域）」, at most MAX_NAMES and 「ほか n件」; on the whole town's
    # map (hundreds of them) counted per area instead: 「北中学校区 52件」.
    resources: tuple[str, ...]
    unused: tuple[str, ...]  # 未活用 ones, likewise
    resource_count: int
    unused_count: int
    gap: bool
    local_gap: bool = False  # answered only by town-wide resources, nothing in the area

    @property
    def verdict(self) -> str:
        if self.gap:
            return "空白"
        if not self.issues:
            return "課題なし"
        if self.local_gap:
            return "町全域のみ"
        return "資源あり"


@dataclass(frozen=True)
class GapsPaper:
    municipality: str
    made_on: date
    area_name: str
    whole_town: bool
    lines: tuple[GapLine, ...]
    unused_count: int  # 未活用 resources, each counted once

    @property
    def gaps(self) -> list[str]:
        return [line.kind for line in self.lines if line.gap]

    @property
    def with_issues(self) -> int:
        return sum(bool(line.issues) for line in self.lines)

    @property
    def summary(self) -> str:
        """「課題のある種類 4つのうち、応える資源がない空白は 2つ（移動、認知症）。…」"""
        if not self.with_issues:
            head = "未解決の課題はまだ登録されていません。"
        elif self.gaps:
            head = (
                f"課題のある種類 {self.with_issues}つのうち、応える資源がない「空白」は "
                f"{len(self.gaps)}つです（{'、'.join(self.gaps)}）。"
            )
        else:
            head = f"課題のある種類 {self.with_issues}つには、どれも応える資源があります。"
        thin = [line.kind for line in self.lines if line.local_gap]
        if thin:
            head += f"ただし {'、'.join(thin)} は、圏域の中に資源がなく町全域のものだけです。"
        return head + f"未活用の資源は {self.unused_count}件です。"


def _names(briefs: tuple[ResourceBrief, ...], area_name: str | None) -> tuple[str, ...]:
    """Names, with the area of those from elsewhere (none on the whole town's map)."""
    names = [
        f"{b.name}（{b.area_name}）" if area_name and b.area_name not in ("", area_name) else b.name
        for b in briefs
    ]
    if len(names) > MAX_NAMES:
        names = [*names[: MAX_NAMES - 1], f"ほか{len(names) - MAX_NAMES + 1}件"]
    return tuple(names)


def _per_area(briefs: tuple[ResourceBrief, ...], area_order: list[str]) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for brief in briefs:
        name = brief.area_name or "圏域未設定"
        counts[name] = counts.get(name, 0) + 1
    ordered = sorted(counts, key=lambda n: area_order.index(n) if n in area_order else 99)
    return tuple(f"{name} {counts[name]}件" for name in ordered)


def _gap_line(row: NeedsRow, area_name: str, area_order: list[str] | None) -> GapLine:
    return GapLine(
        kind=row.label,
        issues=tuple(f"【{i.urgency_label}】{_title(i, False)}" for i in row.issues),
        answering=row.answering_labels,
        resources=(
            _per_area(row.resources, area_order)
            if area_order is not None
            else _names(row.resources, area_name)
        ),
        unused=_names(row.unused, None if area_order is not None else area_name),
        resource_count=len(row.resources),
        unused_count=len(row.unused),
        gap=row.gap,
        local_gap=row.local_gap,
    )


def gaps_paper(db: Database, area_id: int, today: date | None = None) -> GapsPaper:
    """The ニーズ×資源 map of one area: every issue kind, with 空白 where open issues have no
    active resource to answer them. Titles are masked: the map is for the council."""
    found = needs_map(db, area_id)
    area = get_area(db, area_id)
    whole_town = area.layer == 1
    area_order = [a.name for a in list_areas(db)] if whole_town else None
    return GapsPaper(
        municipality=municipality_name(db),
        made_on=_today(today),
        area_name=found.area_name,
        whole_town=whole_town,
        # Kinds with open issues first (gaps among them), then the quiet ones; a kind with
        # neither issues nor resource kinds to answer it (その他) says nothing and is left out.
        lines=tuple(
            _gap_line(row, found.area_name, area_order)
            for row in sorted(found.rows, key=lambda r: not r.issues)
            if row.issues or row.answering_kinds
        ),
        unused_count=len(found.unused),
    )


# --- 引継ぎ票 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    noted_on: date
    text: str
    author: str  # blank on a circulated paper


@dataclass(frozen=True)
class LinkedResourceLine:
    name: str
    kinds: str
    area: str
    state: str


@dataclass(frozen=True)
class HandoverPaper:
    """The form an area files with the town hall when it hands an issue on."""

    municipality: str
    made_on: date
    internal: bool
    issue_id: int
    from_areas: str  # 引継ぎ元の圏域
    to: str  # 引継ぎ先, blank before the issue is handed over (written in by hand)
    handed_on: date | None
    title: str
    description: str
    kinds: str
    urgency: str
    importance: str
    people_affected: int | None
    source: str  # 「地域ケア会議（第2回 北地区地域ケア会議）」
    noticed_on: date | None
    state: str
    privacy: str
    reason: str
    history: tuple[HistoryLine, ...]
    tried: str  # 圏域で試したこと (the issue's メモ)
    resources: tuple[LinkedResourceLine, ...]


def handover_paper(
    db: Database, issue_id: int, internal: bool = True, today: date | None = None
) -> HandoverPaper:
    """The 引継ぎ票 of one issue. Internal by default: it goes to the town hall."""
    row = get_issue(db, issue_id)
    source = row.source_label
    if row.meeting_title:
        source += f"（{row.meeting_title}）"
    resources = []
    for resource_id in row.resource_ids:
        try:
            resource = get_resource(db, resource_id)
        except ServiceError:  # moved to the trash since it was linked
            continue
        name = resource.name if internal else mask_personal(resource.name)
        resources.append(
            LinkedResourceLine(name, resource.kind_labels, resource.area_name, resource.state_label)
        )
    # Before a handover (or after one was taken back) the form's 引継ぎ先・日・理由 are left
    # blank to be written by hand; the old ones stay in the 経過.
    handed = row.handed_over
    return HandoverPaper(
        municipality=municipality_name(db),
        made_on=_today(today),
        internal=internal,
        issue_id=row.id,
        from_areas=row.areas_text,
        to=(row.escalated_to if internal else mask_personal(row.escalated_to)) if handed else "",
        handed_on=row.escalated_on if handed else None,
        title=_title(row, internal),
        description=_text(row, row.description, internal),
        kinds=row.kind_labels,
        urgency=row.urgency_label,
        importance=row.importance_label,
        people_affected=row.people_affected,
        source=source if internal else mask_personal(source),
        noticed_on=row.noticed_on,
        state=row.state_label,
        privacy=_privacy(row) if internal else "",
        reason=_text(row, row.escalated_reason, internal) if handed else "",
        history=tuple(
            HistoryLine(n.noted_on, _text(row, n.text, internal), n.author if internal else "")
            for n in row.history
        ),
        tried=_text(row, row.notes, internal),
        resources=tuple(resources),
    )
