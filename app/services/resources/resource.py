"""地域資源: the inventory of STEP 2-1 — validation, search, lists, and keeping it true."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, time, timedelta

from sqlalchemy import Select, column, func, or_, select, table, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Area, Organization, Resource
from app.domain.clock import parse_clock
from app.domain.enums import WEEKDAYS, Frequency, ResourceCategory, ResourceKind, ResourceState
from app.domain.kana import collation_key
from app.domain.text import escape_like, normalize, search_key, search_terms, strip_control
from app.domain.wareki import WarekiError, parse_date
from app.services.errors import FieldErrors
from app.services.records import check_version, get_live, trash_record, update_record
from app.services.validate import count, optional_text, reading_text, required_text

LABEL = "地域資源"
CONFIRM_DAYS_DEFAULT = 365
_FTS = table("resource_fts", column("rowid"), column("resource_fts"))


@dataclass(frozen=True)
class ResourceInput:
    """What a form, the wizard or an imported row hands in; text is accepted where typed."""

    name: str
    category: str = ResourceCategory.ACTIVITY.value
    kinds: tuple[str, ...] = ()
    reading: str = ""
    description: str = ""
    organization_id: int | None = None
    operator_name: str = ""
    area_id: int | None = None
    place: str = ""
    address: str = ""
    frequency: str | None = None
    times_per_month: int | str | None = None
    nth_week: str = ""
    weekdays: str = ""
    starts_at: time | str | None = None
    ends_at: time | str | None = None
    schedule_note: str = ""
    fee: str = ""
    audience: str = ""
    participants: int | str | None = None
    volunteers: int | str | None = None
    capacity: int | str | None = None
    contact: str = ""
    state: str = ResourceState.ACTIVE.value
    unused: bool = False
    publishable: bool = True
    notes: str = ""
    confirmed_on: date | str | None = None
    confirmed_by: str = ""


@dataclass(frozen=True)
class ResourceRow:
    id: int
    uuid: str
    version: int
    name: str
    reading: str
    category: str
    kinds: tuple[str, ...]
    description: str
    organization_id: int | None
    operator_name: str
    operator: str  # the organisation's name, else the typed operator name
    area_id: int | None
    area_name: str
    place: str
    address: str
    frequency: str | None
    times_per_month: int | None
    nth_week: str
    weekdays: str
    starts_at: time | None
    ends_at: time | None
    schedule_note: str
    fee: str
    audience: str
    participants: int | None
    volunteers: int | None
    capacity: int | None
    contact: str
    state: str
    unused: bool
    publishable: bool
    notes: str
    confirmed_on: date | None
    confirmed_by: str

    @property
    def category_label(self) -> str:
        return ResourceCategory(self.category).label

    @property
    def kind_labels(self) -> str:
        return "、".join(ResourceKind(k).label for k in self.kinds)

    @property
    def state_label(self) -> str:
        return ResourceState(self.state).label

    @property
    def schedule_text(self) -> str:
        return schedule_text(self)

    def input(self) -> ResourceInput:
        """The row as an input, to edit and save back."""
        return ResourceInput(**{f.name: getattr(self, f.name) for f in fields(ResourceInput)})

    def needs_confirmation(self, today: date, days: int = CONFIRM_DAYS_DEFAULT) -> bool:
        return self.confirmed_on is None or self.confirmed_on < today - timedelta(days=days)


def schedule_text(row) -> str:
    """「毎週 月・木 10:00～12:00」 and the like, from the schedule fields (or the note)."""
    parts: list[str] = []
    if row.frequency:
        frequency = Frequency(row.frequency)
        if frequency == Frequency.MONTHLY:
            parts.append(f"月{row.times_per_month}回" if row.times_per_month else "毎月")
        elif frequency == Frequency.NTH_WEEKDAY and row.nth_week:
            parts.append("・".join(f"第{n}" for n in row.nth_week.split(",")))
        elif frequency != Frequency.NTH_WEEKDAY:
            parts.append(frequency.label)
    if row.weekdays:
        parts.append("・".join(row.weekdays) + ("曜" if len(row.weekdays) == 1 else ""))
    if row.starts_at:
        end = f"～{row.ends_at:%H:%M}" if row.ends_at else "～"
        parts.append(f"{row.starts_at:%H:%M}{end}")
    elif row.ends_at:
        parts.append(f"～{row.ends_at:%H:%M}")
    text_ = " ".join(parts)
    if row.schedule_note and row.schedule_note not in text_:
        text_ = f"{text_}（{row.schedule_note}）" if text_ else row.schedule_note
    return text_


def _row(resource: Resource) -> ResourceRow:
    values = {
        f.name: getattr(resource, f.name)
        for f in fields(ResourceRow)
        if hasattr(Resource, f.name) and f.name != "kinds"
    }
    kinds = tuple(k for k in resource.kinds.split(",") if k)
    org_name = resource.organization.name if resource.organization else ""
    return ResourceRow(
        **values,
        kinds=kinds,
        operator=org_name or resource.operator_name,
        area_name=resource.area.name if resource.area else "",
    )


def _plain(value: str | None, limit: int, errors: FieldErrors, field: str, label: str) -> str:
    """Optional text without control characters (pasted from old spreadsheets)."""
    return optional_text(errors, field, label, strip_control(value or ""), limit)


def _short(value: str | None, limit: int, errors: FieldErrors, field: str, label: str) -> str:
    """A one-line field, normalised as search and import do (１００円 → 100円), so the
    wizard, an import and an export → import round trip all store the same text."""
    return _plain(normalize(value or ""), limit, errors, field, label)


def _date(value: date | str | None, errors: FieldErrors, field: str, today: date) -> date | None:
    if value is None or isinstance(value, date):
        result = value
    elif not value.strip():
        return None
    else:
        try:
            result = parse_date(value)
        except WarekiError as error:
            errors.add(field, str(error))
            return None
    if result is not None and result > today:
        errors.add(field, "最終確認日に未来の日付は入れられません。")
    return result


def clean_resource(session: Session, data: ResourceInput, today: date | None = None) -> dict:
    """Column values for `data`, or ValidationError naming every bad field at once."""
    today = today or date.today()
    errors = FieldErrors()
    values: dict = {
        "name": required_text(errors, "name", "名称", strip_control(data.name or ""), 200),
        "reading": reading_text(errors, "reading", data.reading),
        "description": _plain(data.description, 2000, errors, "description", "活動内容"),
        "operator_name": _short(data.operator_name, 200, errors, "operator_name", "運営主体"),
        "place": _short(data.place, 200, errors, "place", "実施場所"),
        "address": _short(data.address, 300, errors, "address", "住所"),
        "nth_week": data.nth_week or "",
        "schedule_note": _short(data.schedule_note, 300, errors, "schedule_note", "開催日・頻度"),
        "fee": _short(data.fee, 200, errors, "fee", "参加費・利用料"),
        "audience": _short(data.audience, 300, errors, "audience", "対象者"),
        "contact": _plain(
            normalize(data.contact or "", keep_newlines=True), 500, errors, "contact", "連絡先"
        ),
        "notes": _plain(data.notes, 2000, errors, "notes", "備考"),
        "confirmed_by": _short(data.confirmed_by, 100, errors, "confirmed_by", "確認した人"),
        "unused": bool(data.unused),
        "publishable": bool(data.publishable),
        "organization_id": data.organization_id,
        "area_id": data.area_id,
    }
    for field, label in (
        ("participants", "参加者数"),
        ("volunteers", "担い手の人数"),
        ("capacity", "定員"),
        ("times_per_month", "月の回数"),
    ):
        values[field] = count(errors, field, label, getattr(data, field))
    if values["times_per_month"] is not None and not 1 <= values["times_per_month"] <= 31:
        errors.add("times_per_month", "月の回数は1〜31で入力してください。")
    for field, enum, label in (
        ("category", ResourceCategory, "分類（4つの見方）"),
        ("state", ResourceState, "状態"),
    ):
        try:
            values[field] = enum(getattr(data, field)).value
        except ValueError:
            errors.add(field, f"{label}を一覧から選んでください。")
    try:
        values["frequency"] = Frequency(data.frequency).value if data.frequency else None
    except ValueError:
        errors.add("frequency", "開催の頻度を一覧から選んでください。")
    try:
        kinds = [ResourceKind(k).value for k in data.kinds]
    except ValueError:
        errors.add("kinds", "種類を一覧から選んでください。")
        kinds = []
    values["kinds"] = "," + "".join(f"{k}," for k in _kind_order(kinds))
    weekdays = "".join(d for d in WEEKDAYS if d in (data.weekdays or ""))
    if data.weekdays and len(weekdays) != len(
        set(data.weekdays.replace("・", "").replace("、", ""))
    ):
        errors.add("weekdays", "曜日は「月火水木金土日」の中から選んでください。")
    values["weekdays"] = weekdays
    for field in ("starts_at", "ends_at"):
        try:
            values[field] = parse_clock(getattr(data, field))
        except ValueError as error:
            errors.add(field, str(error))
            values[field] = None
    if values["starts_at"] and values["ends_at"] and values["ends_at"] <= values["starts_at"]:
        errors.add("ends_at", "終了時刻が開始時刻より前（または同じ）になっています。")
    values["confirmed_on"] = _date(data.confirmed_on, errors, "confirmed_on", today)
    if data.area_id is not None:
        area = session.get(Area, data.area_id)
        if area is None or area.deleted_at is not None:
            errors.add("area_id", "選んだ圏域が見つかりません。一覧から選び直してください。")
    if data.organization_id is not None:
        org = session.get(Organization, data.organization_id)
        if org is None or org.deleted_at is not None:
            errors.add(
                "organization_id", "選んだ団体が見つかりません。一覧から選び直してください。"
            )
    errors.raise_if_any()
    return values


def _kind_order(kinds) -> list[str]:
    order = [k.value for k in ResourceKind]
    return sorted(set(kinds), key=order.index)


def derive_search_fields(session: Session, resource: Resource) -> None:
    """Keep search_text and sort_key in step with the record (they are never typed)."""
    org = session.get(Organization, resource.organization_id) if resource.organization_id else None
    area = session.get(Area, resource.area_id) if resource.area_id else None
    kinds = [ResourceKind(k).label for k in resource.kinds.split(",") if k]
    parts = [
        resource.name,
        resource.reading,
        resource.description,
        org.name if org else "",
        org.reading if org else "",
        resource.operator_name,
        resource.place,
        resource.address,
        area.name if area else "",
        " ".join(kinds),
        ResourceCategory(resource.category).label,
        resource.audience,
        resource.fee,
        resource.schedule_note,
        resource.notes,
        resource.contact,
    ]
    # A separator no query contains keeps a term from matching across two fields.
    resource.search_text = "｜".join(search_key(p) for p in parts if p)
    resource.sort_key = collation_key(resource.reading or resource.name)


def rederive_linked(
    session: Session, *, organization_id: int | None = None, area_id: int | None = None
) -> int:
    """Refresh the search text of resources naming a renamed organisation or area.

    Their search_text holds the organisation's and area's names, so a rename must reach
    it in the same transaction or searching the new name would miss them.
    """
    session.flush()
    stmt = select(Resource).where(Resource.deleted_at.is_(None))
    if organization_id is not None:
        stmt = stmt.where(Resource.organization_id == organization_id)
    if area_id is not None:
        stmt = stmt.where(Resource.area_id == area_id)
    count = 0
    for resource in session.scalars(stmt):
        derive_search_fields(session, resource)
        count += 1
    return count


def rebuild_search(db: Database) -> int:
    """Re-derive every resource's search text and rebuild the full-text index (repair).

    Issues' search text (which holds area names too) is re-derived in the same repair.
    """
    from app.services.issues.issue import rederive_search  # issues link to resources: no cycle

    with db.session() as session:
        count = 0
        for resource in session.scalars(select(Resource)):
            derive_search_fields(session, resource)
            count += 1
        rederive_search(session)
        session.flush()
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("INSERT INTO resource_fts(resource_fts) VALUES ('rebuild')"))
        session.commit()
        return count


def search_index_problem(db: Database) -> str | None:
    """None when the SQLite full-text index agrees with the table, else what is wrong."""
    if not db.is_sqlite:
        return None
    with db.engine.connect() as connection:
        try:
            connection.execute(
                text("INSERT INTO resource_fts(resource_fts, rank) VALUES ('integrity-check', 1)")
            )
        except DBAPIError as error:
            return str(error.orig)
    return None


def add_resource(
    session: Session, data: ResourceInput, today: date | None = None, *, flush: bool = True
) -> Resource:
    """Insert inside the caller's unit of work (the wizard's save, or a whole import).

    A bulk import passes flush=False and flushes in batches: one flush per row doubles the
    time of a 10,000-row import.
    """
    resource = Resource(**clean_resource(session, data, today))
    derive_search_fields(session, resource)
    session.add(resource)
    if flush:
        session.flush()
    return resource


def resource_row(resource: Resource) -> ResourceRow:
    """The read model of a resource loaded or added in the caller's session."""
    return _row(resource)


def create_resource(db: Database, data: ResourceInput) -> ResourceRow:
    with db.session() as session:
        resource = add_resource(session, data)
        session.commit()
        return _row(resource)


def update_resource(
    db: Database, resource_id: int, data: ResourceInput, expected_version: int | None = None
) -> ResourceRow:
    def clean(session: Session) -> dict:
        values = clean_resource(session, data)
        probe = Resource(**values)
        derive_search_fields(session, probe)
        values.update(search_text=probe.search_text, sort_key=probe.sort_key)
        return values

    return update_record(db, Resource, resource_id, LABEL, expected_version, clean, _row)


def trash_resource(db: Database, resource_id: int, expected_version: int | None = None) -> None:
    trash_record(db, Resource, resource_id, LABEL, expected_version)


def confirm_resource(
    db: Database,
    resource_id: int,
    expected_version: int | None = None,
    today: date | None = None,
) -> ResourceRow:
    """Record that the resource was checked today by this PC's user (the annual re-survey)."""
    today = today or date.today()
    with db.session() as session:
        resource = get_live(session, Resource, resource_id, LABEL)
        check_version(resource, expected_version, LABEL)
        resource.confirmed_on = today
        resource.confirmed_by = db.user
        session.commit()
        return _row(resource)


def get_resource(db: Database, resource_id: int) -> ResourceRow:
    with db.session() as session:
        return _row(get_live(session, Resource, resource_id, LABEL))


@dataclass(frozen=True)
class ResourceFilter:
    """What the list shows: search text plus the filters of the list page."""

    text: str = ""
    area_id: int | None = None
    category: str | None = None
    kind: str | None = None
    state: str | None = None
    unconfirmed_days: int | None = None  # 要確認: not confirmed within this many days
    today: date | None = None


def _filtered(session: Session, flt: ResourceFilter, stmt: Select) -> Select:
    stmt = stmt.where(Resource.deleted_at.is_(None))
    sqlite = session.get_bind().dialect.name == "sqlite"
    for term in search_terms(flt.text):
        if sqlite and len(term) >= 3:
            # FTS5 trigram: any substring of three or more characters, from the index.
            phrase = '"' + term.replace('"', '""') + '"'
            matches = select(_FTS.c.rowid).where(_FTS.c.resource_fts.op("MATCH")(phrase))
            stmt = stmt.where(Resource.id.in_(matches))
        else:
            # Trigram cannot match one or two characters: scan the normalised column.
            stmt = stmt.where(Resource.search_text.like(f"%{escape_like(term)}%", escape="\\"))
    if flt.area_id is not None:
        stmt = stmt.where(Resource.area_id == flt.area_id)
    if flt.category:
        stmt = stmt.where(Resource.category == flt.category)
    if flt.kind:
        stmt = stmt.where(Resource.kinds.like(f"%,{flt.kind},%"))
    if flt.state:
        stmt = stmt.where(Resource.state == flt.state)
    if flt.unconfirmed_days is not None:
        limit = (flt.today or date.today()) - timedelta(days=flt.unconfirmed_days)
        stmt = stmt.where(or_(Resource.confirmed_on.is_(None), Resource.confirmed_on < limit))
    return stmt


def count_resources(db: Database, flt: ResourceFilter = ResourceFilter()) -> int:
    with db.session() as session:
        stmt = _filtered(session, flt, select(func.count()).select_from(Resource))
        return session.scalar(stmt) or 0


def list_resources(
    db: Database,
    flt: ResourceFilter = ResourceFilter(),
    offset: int = 0,
    limit: int | None = 200,
) -> list[ResourceRow]:
    """One page of the list in 五十音 order (the database sorts and pages it)."""
    with db.session() as session:
        stmt = _filtered(session, flt, select(Resource)).order_by(Resource.sort_key, Resource.id)
        stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [_row(r) for r in session.scalars(stmt)]


def same_name_in_area(
    db: Database, name: str, area_id: int | None, exclude_id: int | None = None
) -> ResourceRow | None:
    """A live resource whose name (after normalisation) equals `name` in the same area.

    Two records of one activity are the commonest slip in a hand-kept inventory; the
    wizard asks before adding one (the importer has its own per-file check).
    """
    key = search_key(name)
    if not key:
        return None
    with db.session() as session:
        stmt = select(Resource).where(
            Resource.deleted_at.is_(None),
            Resource.area_id.is_(None) if area_id is None else Resource.area_id == area_id,
        )
        if exclude_id is not None:
            stmt = stmt.where(Resource.id != exclude_id)
        same = next((r for r in session.scalars(stmt) if search_key(r.name) == key), None)
        return _row(same) if same is not None else None


def validate_only(db: Database, data: ResourceInput) -> None:
    """Raise ValidationError for `data` without saving (a wizard page's 次へ)."""
    with db.session() as session:
        clean_resource(session, data)
