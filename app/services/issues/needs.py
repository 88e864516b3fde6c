"""Needs against resources (STEP 2-4) and urgency against area: the two tables a council reads
to decide where something must be built.

The needs × resources map uses `resources/guide/needs_resources.toml`: which resource kinds
answer which issue kind. A gap is an issue kind with open issues in the area and no active
resource of any answering kind there (or town-wide).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Area, Resource
from app.domain.enums import LEVELS, IssueKind, Layer, ResourceKind, ResourceState
from app.domain.text import split_codes
from app.services.issues.answers import answers
from app.services.issues.issue import (
    IssueFilter,
    IssueRow,
    get_issue,
    list_issues,
    received_by_layer1,
)
from app.services.records import get_live


@dataclass(frozen=True)
class ResourceBrief:
    id: int
    name: str
    area_name: str
    kinds: tuple[str, ...]
    state: str
    unused: bool

    @property
    def state_label(self) -> str:
        return ResourceState(self.state).label


@dataclass(frozen=True)
class NeedsRow:
    """One issue kind in one area: the open issues, and the resources that could answer."""

    kind: str
    answering_kinds: tuple[str, ...]
    issues: tuple[IssueRow, ...]
    resources: tuple[ResourceBrief, ...]  # active, of an answering kind, in the area or town-wide
    unused: tuple[ResourceBrief, ...]  # of an answering kind and flagged 未活用 (any live state)
    town_wide: tuple[ResourceBrief, ...] = ()  # those of `resources` that serve the whole town

    @property
    def local(self) -> tuple[ResourceBrief, ...]:
        """The answering resources placed in the area itself."""
        ids = {r.id for r in self.town_wide}
        return tuple(r for r in self.resources if r.id not in ids)

    @property
    def local_gap(self) -> bool:
        """Open needs answered only from the town centre: nothing in the area itself."""
        return bool(self.issues) and bool(self.resources) and not self.local

    @property
    def label(self) -> str:
        return IssueKind(self.kind).label

    @property
    def answering_labels(self) -> str:
        return "・".join(ResourceKind(k).label for k in self.answering_kinds) or "（対応表になし）"

    @property
    def gap(self) -> bool:
        """Open needs and nothing active to answer them: where to build something.

        An issue kind the table maps to no resource kind (その他) is never called a gap: the
        map cannot know what would answer it.
        """
        return bool(self.issues) and bool(self.answering_kinds) and not self.resources


@dataclass(frozen=True)
class NeedsMap:
    area_id: int
    area_name: str
    rows: tuple[NeedsRow, ...]

    @property
    def gaps(self) -> list[NeedsRow]:
        return [r for r in self.rows if r.gap]

    @property
    def local_gaps(self) -> list[NeedsRow]:
        """Needs answered only by town-wide resources: nothing near at hand."""
        return [r for r in self.rows if r.local_gap]

    @property
    def unused(self) -> list[ResourceBrief]:
        seen: dict[int, ResourceBrief] = {}
        for row in self.rows:
            for brief in row.unused:
                seen.setdefault(brief.id, brief)
        return list(seen.values())


def needs_map(db: Database, area_id: int) -> NeedsMap:
    """Every issue kind against the resource kinds that answer it, for one area.

    Resources count when active and placed in the area or town-wide (layer 1). For the
    layer-1 area, every area's issues and resources count.
    """
    with db.session() as session:
        area = get_live(session, Area, area_id, "圏域")
        whole_town = area.layer == Layer.MUNICIPALITY
        area_names = {a.id: a.name for a in session.scalars(select(Area))}
        top_ids = {
            a.id for a in session.scalars(select(Area).where(Area.layer == Layer.MUNICIPALITY))
        }
        live = (ResourceState.ACTIVE.value, ResourceState.PLANNED.value, ResourceState.PAUSED.value)
        query = select(Resource).where(
            Resource.deleted_at.is_(None),
            (Resource.state == ResourceState.ACTIVE.value)
            | (Resource.unused.is_(True) & Resource.state.in_(live)),
        )
        if not whole_town:
            query = query.where(
                (Resource.area_id == area_id)
                | Resource.area_id.in_(top_ids)
                | Resource.area_id.is_(None)
            )
        resources = [
            ResourceBrief(
                r.id,
                r.name,
                area_names.get(r.area_id, ""),
                split_codes(r.kinds),
                r.state,
                r.unused,
            )
            for r in session.scalars(query)
        ]
        town_wide_ids = {
            r.id
            for r in session.scalars(query)
            if not whole_town and (r.area_id is None or r.area_id in top_ids)
        }
    issues = list_issues(db, IssueFilter(area_id=None if whole_town else area_id, open_only=True))
    if whole_town:  # what the areas handed up is 第1層's to answer now
        issues += received_by_layer1(db)
    rows = []
    for kind in IssueKind:
        answering = answers()[kind.value]
        matching = tuple(r for r in resources if set(r.kinds) & set(answering))
        rows.append(
            NeedsRow(
                kind=kind.value,
                answering_kinds=answering,
                issues=tuple(i for i in issues if kind.value in i.kinds),
                resources=tuple(
                    r for r in matching if not r.unused and r.state == ResourceState.ACTIVE
                ),
                unused=tuple(r for r in matching if r.unused),
                town_wide=tuple(
                    r
                    for r in matching
                    if r.id in town_wide_ids and not r.unused and r.state == ResourceState.ACTIVE
                ),
            )
        )
    return NeedsMap(area.id, area.name, tuple(rows))


def resources_for_issue(db: Database, issue_id: int) -> list[ResourceBrief]:
    """Active resources of a kind that answers this issue, in or near its areas (the area
    itself, then town-wide ones): the candidates to link with one click."""
    issue = get_issue(db, issue_id)
    wanted = {k for kind in issue.kinds for k in answers()[kind]}
    with db.session() as session:
        area_names = {a.id: a.name for a in session.scalars(select(Area))}
        top_ids = {
            a.id for a in session.scalars(select(Area).where(Area.layer == Layer.MUNICIPALITY))
        }
        town_wide_issue = bool(set(issue.area_ids) & top_ids)
        found = []
        for r in session.scalars(
            select(Resource).where(
                Resource.deleted_at.is_(None), Resource.state == ResourceState.ACTIVE.value
            )
        ):
            kinds = split_codes(r.kinds)
            in_area = r.area_id in issue.area_ids
            near = r.area_id is None or r.area_id in top_ids
            if (set(kinds) & wanted) and (in_area or near or town_wide_issue):
                found.append(
                    (
                        r.id not in issue.resource_ids,
                        not in_area,
                        r.name,
                        ResourceBrief(
                            r.id, r.name, area_names.get(r.area_id, ""), kinds, r.state, r.unused
                        ),
                    )
                )
    return [entry[-1] for entry in sorted(found, key=lambda e: e[:3])]


@dataclass(frozen=True)
class MatrixCell:
    urgency: int
    area_id: int
    issues: tuple[IssueRow, ...]


@dataclass(frozen=True)
class UrgencyMatrix:
    """Open issues counted by urgency (rows: 高, 中, 低) against area (columns)."""

    areas: tuple[tuple[int, str], ...]
    cells: dict[tuple[int, int], MatrixCell]

    def cell(self, urgency: int, area_id: int) -> MatrixCell:
        return self.cells.get((urgency, area_id), MatrixCell(urgency, area_id, ()))

    @property
    def levels(self) -> tuple[tuple[int, str], ...]:
        return tuple(sorted(LEVELS.items(), reverse=True))


def urgency_matrix(db: Database, open_only: bool = True) -> UrgencyMatrix:
    with db.session() as session:
        live = list(
            session.scalars(
                select(Area)
                .where(Area.deleted_at.is_(None))
                .order_by(Area.layer, Area.sort_order, Area.id)
            )
        )
    areas = tuple((a.id, a.name) for a in live)
    top_ids = [a.id for a in live if a.layer == Layer.MUNICIPALITY]
    cells: dict[tuple[int, int], list[IssueRow]] = {}
    for issue in list_issues(db, IssueFilter(open_only=open_only)):
        for area_id in issue.area_ids:
            cells.setdefault((issue.urgency, area_id), []).append(issue)
    if open_only and top_ids:  # handed up to 第1層: open there, in the town's column
        for issue in received_by_layer1(db):
            cells.setdefault((issue.urgency, top_ids[0]), []).append(issue)
    return UrgencyMatrix(
        areas,
        {key: MatrixCell(key[0], key[1], tuple(rows)) for key, rows in cells.items()},
    )
