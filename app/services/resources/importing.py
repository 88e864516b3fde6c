"""地域資源の取り込み: preview each row of a town-hall spreadsheet, then import it.

Reading the file is table_files.py and the column words are app/domain/resource_columns.py; here
every row gets a verdict with a Japanese reason against what the database holds, and the import
itself is all-or-nothing in one transaction. Writing the verdicts and the ImportReport are in
import_writer.py (ImportReport is importable from here as well).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Area, Organization, Resource
from app.domain.enums import Frequency, ResourceCategory, ResourceState
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
from app.domain.wareki import WarekiError
from app.services.errors import ServiceError, ValidationError
from app.services.resources.import_rows import PREVIEW_STATUSES, RowVerdict
from app.services.resources.import_writer import ImportReport as ImportReport  # re-exported
from app.services.resources.import_writer import ImportWriter, area_note
from app.services.resources.resource import ResourceInput, clean_resource
from app.services.resources.table_files import ImportFileError as ImportFileError  # re-exported
from app.services.resources.table_files import SheetData, open_table
from app.services.safekeeping.backups import backup_now
from app.services.setup.areas import AreaInput, clean_area

# How an unknown area's error says to import it anyway: in the wizard, and on the command line.
WIZARD_AREA_HINT = (
    "「登録されていない圏域は、第2層の圏域として新しく作る」にチェックを入れると取り込めます"
)
CLI_AREA_HINT = "--create-areas を付けると取り込めます"

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
class ImportPreview:
    """Every data row's verdict, computed without writing anything."""

    sheet: SheetData = field(repr=False)
    header_row: int
    mapping: dict[int, str | None]
    verdicts: list[RowVerdict]
    create_areas: bool
    today: date
    area_hint: str = WIZARD_AREA_HINT  # how an unknown area's error says to import it

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


def _unknown_area(name: str, hint: str) -> str:
    return f"圏域「{name}」が登録されていません（{hint}）。"


class _Rows:
    """Turns sheet rows into verdicts against what the database holds, inside one session."""

    def __init__(
        self,
        session: Session,
        mapping,
        create_areas: bool,
        today: date,
        area_hint: str = WIZARD_AREA_HINT,
    ) -> None:
        self.session = session
        self.mapping = {i: f for i, f in mapping.items() if f}
        self.fields = set(self.mapping.values())
        self.create_areas = create_areas
        self.area_hint = area_hint
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
                warnings.append(area_note(new_area, done=False))
        return verdict

    def _input(self, values: dict[str, str], problems: list[str], warnings: list[str]):
        kw: dict = {"name": values["name"]}
        for key in ("reading", "description", "notes", "participants", "volunteers", "capacity"):
            if key in values:
                kw[key] = values[key]
        # Short fields are normalised by clean_resource itself, as for the wizard.
        for key in ("place", "address", "fee", "audience", "contact", "confirmed_by"):
            if key in values:
                kw[key] = values[key]
        _choice(values, "category", "分類", parse_category, ResourceCategory, kw, problems)
        if "kinds" in values:
            kw["kinds"], kind_warnings = parse_kinds(values["kinds"])
            warnings.extend(kind_warnings)
        if "operator_name" in values:
            org_id = self.orgs.get(search_key(values["operator_name"]))
            operator = normalize(values["operator_name"])
            kw["organization_id" if org_id else "operator_name"] = org_id or operator
        _choice(values, "state", "状態", parse_state, ResourceState, kw, problems)
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
            problems.append(_unknown_area(name, self.area_hint))
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
    area_hint: str = WIZARD_AREA_HINT,
) -> ImportPreview:
    """Each data row's verdict; validation runs in a session that is rolled back.

    `area_hint` ends the error of a row in an area the town lacks: how the caller's user
    imports it anyway (the wizard's check box by default; CLI_AREA_HINT for the command line).
    """
    check_mapping(mapping)
    if not 0 <= header_row < max(len(sheet.rows), 1):
        raise ValidationError(
            {"header_row": f"見出しの行は1～{len(sheet.rows)}行目から選んでください。"}
        )
    today = today or date.today()
    with db.session() as session:
        rows = _Rows(session, mapping, create_areas, today, area_hint)
        verdicts = list(rows.all(sheet, header_row))
        session.rollback()
    return ImportPreview(sheet, header_row, dict(mapping), verdicts, create_areas, today, area_hint)


# --- import -------------------------------------------------------------------------------


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
    if not dry_run:  # a whole workbook in one go: the town as it was stays one click away
        report.backup = backup_now(db, "before-import")
    row_number: int | None = None
    try:
        with db.session() as session:
            writer = ImportWriter(session, report, duplicates == "merge", preview.today)
            rows = _Rows(session, preview.mapping, create, preview.today, preview.area_hint)
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
            "続く場合はログを担当者にお送りください。"
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
    area_hint: str = CLI_AREA_HINT,
) -> ImportReport:
    """Open, guess the header and columns, and import: the command line's one step.

    An unknown area's error ends with `area_hint`; the command line's own (「--create-areas を
    付けると取り込めます」) unless the caller says otherwise.
    """
    table = open_table(path)
    data = table.sheet(sheet) if sheet else table.sheets[table.default_sheet]
    row = guess_header_row(data) if header_row is None else header_row
    mapping = guess_mapping(data.header(row))
    if progress:
        progress(f"シート「{data.name}」の{row + 1}行目を見出しとして読みます。")
    preview = preview_import(db, data, row, mapping, create_areas=create_areas, area_hint=area_hint)
    return run_import(db, preview, duplicates=duplicates, dry_run=dry_run)


def _choice(values: dict, key: str, label: str, parse, enum, kw: dict, problems: list) -> None:
    """A cell naming one of a fixed list (分類, 状態): its value, or a problem listing them."""
    if key not in values:
        return
    member = parse(values[key])
    if member is None:
        labels = "」「".join(m.label for m in enum)
        problems.append(
            f"{label}「{values[key]}」が読めません。「{labels}」のどれかにしてください。"
        )
    else:
        kw[key] = member.value
