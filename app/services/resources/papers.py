"""Read models for the printed 地域資源 papers: the 一覧, the 資源カード and the 確認票.

The builders in app/reports turn these into pages; here we only choose and group the records.
Papers for residents (`for_residents`) leave out what residents should not see: resources not
to be published, ended ones, and internal notes and who confirmed a record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.db.engine import Database
from app.domain.enums import ResourceKind, ResourceState
from app.domain.kana import sort_key_or_last
from app.services.resources.resource import ResourceFilter, ResourceRow, list_resources
from app.services.setup.areas import get_area, list_areas
from app.services.setup.organizations import list_organizations
from app.services.setup.settings import municipality_name

NO_AREA = "圏域未設定"
NO_KIND = "種類未設定"
NO_OPERATOR = "運営主体が未登録の資源"


@dataclass(frozen=True)
class PaperMeta:
    """Who made the paper, when, and which records it covers."""

    municipality: str
    made_on: date
    area_name: str = ""  # the area filter, blank for the whole town
    for_residents: bool = False

    @property
    def scope(self) -> str:
        """「対象: 北地区（住民向け・掲載可の資源のみ）」 and the like, for the subtitle."""
        scope = f"対象: {self.area_name or '全圏域'}"
        if self.for_residents:
            scope += "（住民向け・掲載できる資源のみ）"
        return scope


# --- 地域資源一覧 ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListEntry:
    name: str
    reading: str
    kinds: str
    schedule: str
    place: str
    address: str
    operator: str
    contact: str
    state: str


@dataclass(frozen=True)
class KindGroup:
    kind: str
    entries: tuple[ListEntry, ...]


@dataclass(frozen=True)
class AreaGroup:
    name: str
    kinds: tuple[KindGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(k.entries) for k in self.kinds)


@dataclass(frozen=True)
class ResourceListData:
    meta: PaperMeta
    areas: tuple[AreaGroup, ...]

    @property
    def count(self) -> int:
        return sum(a.count for a in self.areas)


# --- 資源カード / 確認票 -----------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceCard:
    """Every field of one resource (notes and confirmed_by left blank for residents)."""

    name: str
    reading: str
    category: str
    kinds: str
    description: str
    operator: str
    area: str
    place: str
    address: str
    schedule: str
    fee: str
    audience: str
    participants: int | None
    volunteers: int | None
    capacity: int | None
    contact: str
    state: str
    ended: bool
    unused: bool
    publishable: bool
    notes: str
    confirmed_on: date | None
    confirmed_by: str


@dataclass(frozen=True)
class ResourceCardsData:
    meta: PaperMeta
    cards: tuple[ResourceCard, ...]


@dataclass(frozen=True)
class ConfirmSheet:
    """One operator's sheet: the operator as registered and its resources' current values."""

    operator: str
    registered: bool  # False for the group of resources that name no operator
    contact: str
    resources: tuple[ResourceCard, ...]


@dataclass(frozen=True)
class ConfirmSheetsData:
    meta: PaperMeta
    sheets: tuple[ConfirmSheet, ...]


# --- queries ----------------------------------------------------------------------------------


def _meta(db: Database, area_id: int | None, for_residents: bool, today: date | None) -> PaperMeta:
    return PaperMeta(
        municipality=municipality_name(db),
        made_on=today or date.today(),
        area_name=get_area(db, area_id).name if area_id is not None else "",
        for_residents=for_residents,
    )


def _rows(db: Database, area_id: int | None, for_residents: bool) -> list[ResourceRow]:
    rows = list_resources(db, ResourceFilter(area_id=area_id), limit=None)
    if for_residents:
        # Residents can only go to what runs: ended and not-yet-started (構想中) are left out.
        hidden = {ResourceState.ENDED.value, ResourceState.PLANNED.value}
        rows = [r for r in rows if r.publishable and r.state not in hidden]
    return rows


def _first_kind(row: ResourceRow) -> str:
    # Kinds are stored in the standard order; a resource is listed once, under its first kind.
    return ResourceKind(row.kinds[0]).label if row.kinds else NO_KIND


def _entry(row: ResourceRow) -> ListEntry:
    return ListEntry(
        name=row.name,
        reading=row.reading,
        kinds=row.kind_labels,
        schedule=row.schedule_text,
        place=row.place,
        address=row.address,
        operator=row.operator,
        contact=row.contact,
        state=row.state_label,
    )


def _area_order(db: Database, rows: Iterable[ResourceRow]) -> list[str]:
    """Area names in the town's order, then any other name met, then 圏域未設定."""
    names = [a.name for a in list_areas(db)]
    met = {r.area_name or NO_AREA for r in rows}
    order = [n for n in names if n in met]
    order += sorted(met - set(order) - {NO_AREA})
    if NO_AREA in met:
        order.append(NO_AREA)
    return order


def resource_list_data(
    db: Database,
    *,
    area_id: int | None = None,
    for_residents: bool = False,
    today: date | None = None,
) -> ResourceListData:
    """The 地域資源一覧: by area (town order), then kind (standard order), then 五十音."""
    rows = _rows(db, area_id, for_residents)
    kind_order = [k.label for k in ResourceKind] + [NO_KIND]
    areas: list[AreaGroup] = []
    for area in _area_order(db, rows):
        in_area = [r for r in rows if (r.area_name or NO_AREA) == area]
        groups = []
        for kind in kind_order:
            # list_resources already returns 五十音 order; filtering keeps it.
            entries = tuple(_entry(r) for r in in_area if _first_kind(r) == kind)
            if entries:
                groups.append(KindGroup(kind, entries))
        areas.append(AreaGroup(area, tuple(groups)))
    return ResourceListData(_meta(db, area_id, for_residents, today), tuple(areas))


def _card(row: ResourceRow, for_residents: bool) -> ResourceCard:
    return ResourceCard(
        name=row.name,
        reading=row.reading,
        category=row.category_label,
        kinds=row.kind_labels,
        description=row.description,
        operator=row.operator,
        area=row.area_name,
        place=row.place,
        address=row.address,
        schedule=row.schedule_text,
        fee=row.fee,
        audience=row.audience,
        participants=row.participants,
        volunteers=row.volunteers,
        capacity=row.capacity,
        contact=row.contact,
        state=row.state_label,
        ended=row.state == ResourceState.ENDED.value,
        unused=row.unused,
        publishable=row.publishable,
        notes="" if for_residents else row.notes,
        confirmed_on=row.confirmed_on,
        confirmed_by="" if for_residents else row.confirmed_by,
    )


def resource_cards_data(
    db: Database,
    *,
    area_id: int | None = None,
    for_residents: bool = False,
    today: date | None = None,
) -> ResourceCardsData:
    """One card per resource, in 五十音 order."""
    rows = _rows(db, area_id, for_residents)
    cards = tuple(_card(r, for_residents) for r in rows)
    return ResourceCardsData(_meta(db, area_id, for_residents, today), cards)


def confirm_sheets_data(
    db: Database, *, area_id: int | None = None, today: date | None = None
) -> ConfirmSheetsData:
    """A 確認票 per operator (registered organisation, else the operator name as typed).

    Operators come in 五十音 order; resources that name no operator come last, so that none
    is left out of the re-survey. Ended resources have nothing left to confirm and are left out.
    """
    rows = [r for r in _rows(db, area_id, False) if r.state != ResourceState.ENDED.value]
    orgs = {o.id: o for o in list_organizations(db)}
    groups: dict[tuple, list[ResourceRow]] = {}
    for row in rows:
        if row.organization_id is not None:
            key: tuple = ("org", row.organization_id)
        elif row.operator_name.strip():
            key = ("name", row.operator_name.strip())
        else:
            key = ("none",)
        groups.setdefault(key, []).append(row)

    sheets: list[tuple[tuple, ConfirmSheet]] = []
    for key, members in groups.items():
        cards = tuple(_card(r, False) for r in members)
        if key[0] == "org":
            org = orgs.get(key[1])
            name = org.name if org else members[0].operator
            order = (0, sort_key_or_last(org.reading or org.name if org else name))
            sheet = ConfirmSheet(name, True, org.contact if org else "", cards)
        elif key[0] == "name":
            order = (0, sort_key_or_last(key[1]))
            sheet = ConfirmSheet(key[1], True, "", cards)
        else:
            order = (1, (1, None))
            sheet = ConfirmSheet(NO_OPERATOR, False, "", cards)
        sheets.append(((order, repr(key)), sheet))
    sheets.sort(key=lambda item: item[0])
    meta = _meta(db, area_id, False, today)
    return ConfirmSheetsData(meta, tuple(s for _, s in sheets))
