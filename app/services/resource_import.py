"""地域資源の取り込み: preview each row of a town-hall spreadsheet, then import it.

Reading the file is table_files.py and the column words are domain/resource_columns.py; here
every row gets a verdict with a Japanese reason against what the database holds, and the import
itself is all-or-nothing in one transaction.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Area, Organization, Resource
from app.domain.enums import Frequency, Layer, ResourceCategory, ResourceState
from app.domain.resource_columns import (
    FIELD_LABELS,
    ScheduleGuess,
    area_keys,
    guess_header_row,
    guess_mapping,
    mapping_problem,
    match_header,
    parse_category,
    parse_confirmed,
    parse_flag,
    parse_frequency,
    parse_kinds,
    parse_nth_week,
    parse_schedule,
    parse_state,
    parse_time_range,
    parse_weekdays,
)
from app.domain.text import normalize, search_key
from app.domain.wareki import WarekiError, format_wareki
from app.services.areas import AreaInput, add_area, clean_area, municipality_area_in
from app.services.errors import ServiceError, ValidationError
from app.services.resources import ResourceInput, add_resource, clean_resource, derive_search_fields
from app.services.table_files import ImportFileError as ImportFileError  # re-exported
from app.services.table_files import SheetData, open_table

PREVIEW_STATUSES = ("import", "duplicate", "error", "skip")
STATUS_LABELS = {"import": "取り込む", "duplicate": "重複", "error": "エラー", "skip": "飛ばす"}

FLUSH_EVERY = 500  # rows written to the database at a time, inside the one transaction

log = logging.getLogger(__name__)
_SCHEDULE_FIELDS = {"frequency", "times_per_month", "nth_week", "weekdays"}
_TIME_FIELDS = {"time", "starts_at", "ends_at"}


class ImportAborted(ServiceError):
    """The import stopped part-way and was rolled back: nothing was written."""


def check_mapping(mapping: dict[int, str | None]) -> None:
    """ValidationError when no column is the name or a single field is chosen twice."""
    if problem := mapping_problem(mapping):
        raise ValidationError({"mapping": problem})


# --- verdicts -----------------------------------------------------------------------------


@dataclass
class RowVerdict:
    """What the import does with one data row, and why (in Japanese)."""

    row_number: int  # as the spreadsheet shows it, title rows included
    status: str  # "import", "skip", "duplicate" or "error"
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    input: ResourceInput | None = None
    duplicate_of: str | None = None  # the existing resource's name, or the earlier row's
    duplicate_id: int | None = None  # the existing resource it repeats
    duplicate_row: int | None = None  # the earlier row of this file it repeats
    name: str = ""
    new_area: str | None = None  # an area the town lacks; created for the row when asked

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ImportPreview:
    """Every data row's verdict, computed without writing anything."""

    sheet: SheetData = field(repr=False)
    header_row: int
    mapping: dict[int, str | None]
    verdicts: list[RowVerdict]
    create_areas: bool
    today: date

    def count(self, status: str) -> int:
        return sum(1 for v in self.verdicts if v.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in PREVIEW_STATUSES}

    @property
    def new_areas(self) -> list[str]:
        """The areas the import will create (only when asked to)."""
        names = (v.new_area for v in self.verdicts if v.status == "import" and v.new_area)
        return list(dict.fromkeys(names))

    @property
    def missing_areas(self) -> list[str]:
        """Every area the file names that the town does not have yet."""
        return list(dict.fromkeys(v.new_area for v in self.verdicts if v.new_area))


def _area_note(name: str, done: bool) -> str:
    return f"圏域「{name}」を新しく作{'りました' if done else 'ります'}。"


def _unknown_area(name: str) -> str:
    return f"圏域「{name}」が登録されていません（圏域を作る設定にすると取り込めます）。"


class _Rows:
    """Turns sheet rows into verdicts against what the database holds, inside one session."""

    def __init__(self, session: Session, mapping, create_areas: bool, today: date) -> None:
        self.session = session
        self.mapping = {i: f for i, f in mapping.items() if f}
        self.fields = set(self.mapping.values())
        self.create_areas = create_areas
        self.today = today
        live_areas = session.scalars(select(Area).where(Area.deleted_at.is_(None))).all()
        self.areas = {search_key(a.name): a.id for a in live_areas}
        self.short_areas: dict[str, int | None] = {}
        for area in live_areas:
            for key in area_keys(area.name)[1:]:
                # Two areas that shorten to the same word: the short form names neither.
                self.short_areas[key] = None if key in self.short_areas else area.id
        live_orgs = session.scalars(
            select(Organization).where(Organization.deleted_at.is_(None))
        ).all()
        self.orgs = {search_key(o.name): o.id for o in live_orgs}
        # Held so the session's identity map keeps them: validating each row looks them up.
        self._loaded = [*live_areas, *live_orgs]
        self.existing: dict[tuple[str, object], tuple[int, str]] = {}
        found = session.execute(
            select(Resource.id, Resource.name, Resource.area_id).where(
                Resource.deleted_at.is_(None)
            )
        )
        for resource_id, name, area_id in found:
            self.existing.setdefault((search_key(name), area_id), (resource_id, name))
        self.seen: dict[tuple[str, object], tuple[int, str]] = {}
        self.noted_areas: set[str] = set()  # a new area is announced once, at its first row

    def all(self, sheet: SheetData, header_row: int) -> Iterable[RowVerdict]:
        for index in range(header_row + 1, len(sheet.rows)):
            yield self.verdict(index, sheet.rows[index], sheet.cell_warnings.get(index, []))

    def _values(self, cells: list[str]) -> dict[str, str]:
        values: dict[str, str] = {}
        for column, key in self.mapping.items():
            text = cells[column] if column < len(cells) else ""
            if text:
                joint = "\n" if key in ("description", "notes") else " "
                values[key] = f"{values[key]}{joint}{text}" if key in values else text
        return values

    def _area(self, text: str) -> int | None:
        keys = area_keys(text)
        for key in keys:
            if key in self.areas:
                return self.areas[key]
        return next((self.short_areas[k] for k in keys if self.short_areas.get(k)), None)

    def verdict(self, index: int, cells: list[str], read_warnings: list[str]) -> RowVerdict:
        number = index + 1
        warnings = list(read_warnings)
        if not any(cells):
            return RowVerdict(number, "skip", "空の行です。", warnings)
        values = self._values(cells)
        name = normalize(values.get("name", ""))
        if not values:
            return RowVerdict(number, "skip", "取り込む列がすべて空の行です。", warnings)
        if not name:
            return RowVerdict(
                number, "error", "名称がありません（名称を入れると取り込めます）。", warnings
            )
        if name.startswith(("※", "注）", "注:")) and len(values) == 1:
            return RowVerdict(
                number, "skip", "注記の行とみなして飛ばしました。", warnings, name=name
            )
        if match_header(name) == ("name", 2):
            return RowVerdict(
                number, "skip", "見出しの行とみなして飛ばしました。", warnings, name=name
            )
        problems: list[str] = []
        data, area_key, new_area = self._input(values, problems, warnings)
        verdict = RowVerdict(number, "error", "", warnings, data, name=name, new_area=new_area)
        try:
            clean_resource(self.session, data, self.today)
        except ValidationError as error:
            problems.extend(error.fields.values())
        if problems:
            verdict.reason = "".join(problems)
            return verdict
        key = (search_key(name), area_key)
        if new_area is None and key in self.existing:
            verdict.duplicate_id, verdict.duplicate_of = self.existing[key]
            verdict.status = "duplicate"
            verdict.reason = f"すでに登録されている「{verdict.duplicate_of}」と同じ名称・圏域です。"
        elif key in self.seen:
            verdict.duplicate_row, first = self.seen[key]
            verdict.status = "duplicate"
            verdict.duplicate_of = f"{verdict.duplicate_row}行目の「{first}」"
            verdict.reason = f"{verdict.duplicate_row}行目と同じ名称・圏域です。"
        else:
            self.seen[key] = (number, name)
            verdict.status = "import"
            if new_area and new_area not in self.noted_areas:
                self.noted_areas.add(new_area)
                warnings.append(_area_note(new_area, done=False))
        return verdict

    def _input(self, values: dict[str, str], problems: list[str], warnings: list[str]):
        kw: dict = {"name": values["name"]}
        for key in ("reading", "description", "notes", "participants", "volunteers", "capacity"):
            if key in values:
                kw[key] = values[key]
        # Short fields get the stored form (全角 digits and letters to half-width): "１００円".
        for key in ("place", "address", "fee", "audience", "contact", "confirmed_by"):
            if key in values:
                kw[key] = normalize(values[key], keep_newlines=True)
        if "category" in values:
            category = parse_category(values["category"])
            if category is None:
                labels = "」「".join(c.label for c in ResourceCategory)
                problems.append(
                    f"分類「{values['category']}」が読めません。「{labels}」のどれかにしてください。"
                )
            else:
                kw["category"] = category.value
        if "kinds" in values:
            kw["kinds"], kind_warnings = parse_kinds(values["kinds"])
            warnings.extend(kind_warnings)
        if "operator_name" in values:
            org_id = self.orgs.get(search_key(values["operator_name"]))
            operator = normalize(values["operator_name"])
            kw["organization_id" if org_id else "operator_name"] = org_id or operator
        if "state" in values:
            state = parse_state(values["state"])
            if state is None:
                labels = "」「".join(s.label for s in ResourceState)
                problems.append(
                    f"状態「{values['state']}」が読めません。「{labels}」のどれかにしてください。"
                )
            else:
                kw["state"] = state.value
        for key in ("unused", "publishable"):
            if key in values:
                flag = parse_flag(values[key])
                if flag is None:
                    problems.append(
                        f"{FIELD_LABELS[key]}「{values[key]}」が読めません。「○」か「×」にしてください。"
                    )
                else:
                    kw[key] = flag
        if "confirmed_on" in values:
            try:
                kw["confirmed_on"] = parse_confirmed(values["confirmed_on"])
            except WarekiError as error:
                problems.append(f"最終確認日の{error}。")
        self._schedule(values, kw, problems, warnings)
        area_key, new_area = self._area_of(values.get("area", ""), kw, problems)
        return ResourceInput(**kw), area_key, new_area

    def _area_of(self, text: str, kw: dict, problems: list[str]) -> tuple[object, str | None]:
        if not text:
            return None, None
        area_id = self._area(text)
        if area_id is not None:
            kw["area_id"] = area_id
            return area_id, None
        name = normalize(text)
        if not self.create_areas:
            problems.append(_unknown_area(name))
            return None, name
        try:
            clean_area(AreaInput(name))
        except ValidationError as error:
            problems.extend(error.fields.values())
            return None, None
        return ("new", search_key(name)), name

    def _schedule(self, values: dict[str, str], kw: dict, problems: list[str], warnings: list[str]):
        note = normalize(values.get("schedule_note", ""))
        guess = ScheduleGuess()
        if self.fields & _SCHEDULE_FIELDS:  # the file says it itself: do not second-guess
            self._schedule_columns(values, kw, problems)
        elif note:
            guess = parse_schedule(note)
            kw.update(
                frequency=guess.frequency,
                times_per_month=guess.times_per_month,
                nth_week=guess.nth_week,
                weekdays=guess.weekdays,
            )
        if not self.fields & _TIME_FIELDS:
            kw.update(starts_at=guess.starts_at, ends_at=guess.ends_at)
        for key in ("time", "starts_at", "ends_at"):
            if key not in values:
                continue
            try:
                start, end = parse_time_range(values[key])
            except ValueError:
                note = f"{note} {values[key]}".strip()
                warnings.append(
                    f"{FIELD_LABELS[key]}「{values[key]}」は時刻として読めないため、"
                    "開催日・頻度に書き写しました。"
                )
                continue
            if key == "ends_at":
                kw["ends_at"] = start
            else:
                kw["starts_at"] = start
                if key == "time":
                    kw["ends_at"] = end
        kw["schedule_note"] = note

    def _schedule_columns(self, values: dict[str, str], kw: dict, problems: list[str]) -> None:
        if text := values.get("frequency"):
            kw["frequency"] = parse_frequency(text)
            if kw["frequency"] is None:
                labels = "」「".join(f.label for f in Frequency)
                problems.append(
                    f"頻度区分「{text}」が読めません。「{labels}」のどれかにしてください。"
                )
        if text := values.get("times_per_month"):
            kw["times_per_month"] = re.sub(r"^月|回$", "", normalize(text))
        if text := values.get("nth_week"):
            kw["nth_week"] = parse_nth_week(text)
            if not kw["nth_week"]:
                problems.append(
                    f"第何週「{text}」が読めません。「2,4」（第2・第4）のように書いてください。"
                )
        if text := values.get("weekdays"):
            kw["weekdays"] = parse_weekdays(text)
            if not kw["weekdays"]:
                problems.append(f"曜日「{text}」が読めません。「月・木」のように書いてください。")


def preview_import(
    db: Database,
    sheet: SheetData,
    header_row: int,
    mapping: dict[int, str | None],
    *,
    create_areas: bool = False,
    today: date | None = None,
) -> ImportPreview:
    """Each data row's verdict; validation runs in a session that is rolled back."""
    check_mapping(mapping)
    if not 0 <= header_row < max(len(sheet.rows), 1):
        raise ValidationError(
            {"header_row": f"見出しの行は1～{len(sheet.rows)}行目から選んでください。"}
        )
    today = today or date.today()
    with db.session() as session:
        verdicts = list(_Rows(session, mapping, create_areas, today).all(sheet, header_row))
        session.rollback()
    return ImportPreview(sheet, header_row, dict(mapping), verdicts, create_areas, today)


# --- import -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did, row by row; `to_dict` for --json, `to_text` for a person."""

    imported: int = 0
    skipped: int = 0  # blank rows and the duplicates that were not merged
    merged: int = 0
    duplicates: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    created_areas: list[str] = field(default_factory=list)
    source: str = ""
    sheet_name: str = ""
    dry_run: bool = False
    finished_at: datetime | None = None

    def to_dict(self) -> dict:
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "merged": self.merged,
            "duplicates": list(self.duplicates),
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }

    def to_text(self) -> str:
        when = self.finished_at or datetime.now()
        lines = [
            "地域資源の取り込み結果",
            f"ファイル: {self.source}（シート「{self.sheet_name}」）",
            f"日時: {format_wareki(when.date())} {when:%H:%M}",
        ]
        if self.dry_run:
            lines.append("※ 試しに読んだだけです。登録はしていません。")
        unmerged = len(self.duplicates) - self.merged
        lines += [
            "",
            f"登録した資源: {self.imported}件",
            f"登録済みの資源の空欄を埋めた行: {self.merged}件",
            f"重複のため登録しなかった行: {unmerged}件",
            f"空の行など飛ばした行: {self.skipped - unmerged}件",
            f"エラーで登録できなかった行: {len(self.errors)}件",
        ]
        if self.created_areas:
            lines.append(f"新しく作った圏域: {'、'.join(self.created_areas)}")
        for title, items, key in (
            ("エラー（ファイルを直して、もう一度取り込んでください）", self.errors, "reason"),
            ("重複", self.duplicates, "of"),
            ("注意", self.warnings, "reason"),
        ):
            if items:
                lines += ["", f"■ {title}"]
                for item in items:
                    text = item[key]
                    if key == "of":  # a registered name, or 「n行目の「name」」 of this file
                        text = f"{text if text.endswith('」') else f'「{text}」'}と同じ"
                    lines.append(f"  {item['row']}行目　{text}")
        return "\n".join(lines) + "\n"

    def save(self, path: str | Path) -> None:
        """Write `to_text()` as UTF-8 with BOM and CRLF, so Windows Notepad opens it."""
        Path(path).write_text(self.to_text(), encoding="utf-8-sig", newline="\r\n")


_MERGE_LABELS = FIELD_LABELS | {"organization_id": "運営主体", "area_id": "圏域"}
_NOT_MERGED = {"category", "state", "unused", "publishable", "organization_id", "operator_name"}


def _blank(value: object) -> bool:
    return value is None or value in ("", ",")


def _merge(session: Session, target: Resource, data: ResourceInput, today: date) -> list[str]:
    """Fill the target's empty fields from `data`; a filled field is never overwritten."""
    values = clean_resource(session, data, today)
    filled: list[str] = []
    for key, value in values.items():
        if key not in _NOT_MERGED and _blank(getattr(target, key)) and not _blank(value):
            setattr(target, key, value)
            filled.append(_MERGE_LABELS.get(key, key))
    unnamed = not target.organization_id and not target.operator_name
    if unnamed and (values["organization_id"] or values["operator_name"]):
        target.organization_id = values["organization_id"]
        target.operator_name = values["operator_name"]
        filled.append("運営主体")
    if filled:
        derive_search_fields(session, target)
    return list(dict.fromkeys(filled))


class _Writer:
    """Writes the verdicts of one import inside the caller's transaction."""

    def __init__(self, session: Session, report: ImportReport, merge: bool, today: date) -> None:
        self.session = session
        self.report = report
        self.merge = merge
        self.today = today
        self.parent = municipality_area_in(session)
        # The areas themselves, not their ids: the session holds objects weakly, and a lost
        # area is looked up again for every row in it, each lookup flushing the batch.
        self.made_areas: dict[str, Area] = {}
        self.inserted: dict[int, Resource] = {}
        self.unflushed = 0  # rows added since the last flush

    def flush(self) -> None:
        """Write the rows added so far; a flush per row made a large import 1.7 times as slow."""
        if self.unflushed:
            self.session.flush()
            self.unflushed = 0

    def write(self, verdict: RowVerdict) -> None:
        row = verdict.row_number
        warnings = verdict.warnings
        if verdict.new_area and verdict.status == "import" and not self.report.dry_run:
            planned, done = _area_note(verdict.new_area, False), _area_note(verdict.new_area, True)
            warnings = [done if w == planned else w for w in warnings]
        self.report.warnings += [{"row": row, "reason": w} for w in warnings]
        if verdict.status == "skip":
            self.report.skipped += 1
        elif verdict.status == "error":
            self.report.errors.append({"row": row, "reason": verdict.reason})
        elif verdict.status == "duplicate":
            self._duplicate(verdict)
        else:
            self._insert(verdict)

    def _duplicate(self, verdict: RowVerdict) -> None:
        self.report.duplicates.append({"row": verdict.row_number, "of": verdict.duplicate_of})
        if verdict.duplicate_id is not None:
            target = self.session.get(Resource, verdict.duplicate_id)
        else:
            target = self.inserted.get(verdict.duplicate_row or 0)
        filled = []
        if self.merge and target is not None and verdict.input is not None:
            # Flushed on both sides, each merge is one update with its own audit entry, as when
            # every row was flushed: never folded into the insert of a row of this file.
            if inspect(target).pending:
                self.flush()
            filled = _merge(self.session, target, verdict.input, self.today)
        if not filled:
            self.report.skipped += 1
            return
        self.session.flush()
        self.report.merged += 1
        reason = f"登録済みの「{target.name}」の空欄（{'、'.join(filled)}）を埋めました。"
        self.report.warnings.append({"row": verdict.row_number, "reason": reason})

    def _area_id(self, name: str) -> int:
        key = search_key(name)
        if key not in self.made_areas:
            parent_id = self.parent.id if self.parent else None
            area = add_area(self.session, AreaInput(name), Layer.DISTRICT, parent_id)
            self.unflushed = 0  # add_area flushed, for the area's id: the rows went with it
            self.made_areas[key] = area
            self.report.created_areas.append(name)
        return self.made_areas[key].id

    def _insert(self, verdict: RowVerdict) -> None:
        data = verdict.input
        assert data is not None
        if verdict.new_area:
            data = replace(data, area_id=self._area_id(verdict.new_area))
        try:
            resource = add_resource(self.session, data, self.today, flush=False)
        except ValidationError as error:  # checked already; kept as a row error all the same
            reason = "".join(error.fields.values())
            self.report.errors.append({"row": verdict.row_number, "reason": reason})
            return
        self.inserted[verdict.row_number] = resource
        self.report.imported += 1
        self.unflushed += 1
        if self.unflushed >= FLUSH_EVERY:
            self.flush()


def run_import(
    db: Database,
    preview: ImportPreview,
    *,
    duplicates: str = "skip",
    create_areas: bool | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import the previewed rows in one transaction: all of them are written, or none.

    The rows are checked again inside the transaction, so a record added meanwhile on another
    PC is still found as a duplicate. `create_areas` defaults to the preview's choice;
    `dry_run` does everything and then rolls back.
    """
    if duplicates not in ("skip", "merge"):
        raise ValueError(f"duplicates must be 'skip' or 'merge', not {duplicates!r}")
    create = preview.create_areas if create_areas is None else create_areas
    sheet = preview.sheet
    report = ImportReport(source=sheet.source, sheet_name=sheet.name, dry_run=dry_run)
    row_number: int | None = None
    try:
        with db.session() as session:
            writer = _Writer(session, report, duplicates == "merge", preview.today)
            rows = _Rows(session, preview.mapping, create, preview.today)
            for verdict in rows.all(sheet, preview.header_row):
                row_number = verdict.row_number
                writer.write(verdict)
            writer.flush()  # a dry run, too, meets every problem the database would raise
            if dry_run:
                session.rollback()
            else:
                session.commit()
    except ServiceError:
        raise
    except Exception as error:
        log.exception("import failed at row %s", row_number)
        where = f"{row_number}行目のあたりで" if row_number else ""
        raise ImportAborted(
            f"{where}思わぬ問題が起きたため、取り込みを取り消しました。"
            "1件も登録していません（データは取り込む前のままです）。もう一度お試しください。"
            f"続く場合はログを担当者にお送りください。（{type(error).__name__}）"
        ) from error
    report.finished_at = datetime.now()
    return report


def import_file(
    db: Database,
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    create_areas: bool = False,
    duplicates: str = "skip",
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Open, guess the header and columns, and import: the command line's one step."""
    table = open_table(path)
    data = table.sheet(sheet) if sheet else table.sheets[table.default_sheet]
    row = guess_header_row(data) if header_row is None else header_row
    mapping = guess_mapping(data.header(row))
    if progress:
        progress(f"シート「{data.name}」の{row + 1}行目を見出しとして読みます。")
    preview = preview_import(db, data, row, mapping, create_areas=create_areas)
    return run_import(db, preview, duplicates=duplicates, dry_run=dry_run)
