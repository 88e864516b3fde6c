"""Writing previewed rows and reporting what was done: the second half of an import.

importing.py decides each row's verdict; here the verdicts are written inside the
import's one transaction (merging into registered resources when asked) and counted in an
ImportReport for the wizard's last page, `sasaeai import --json` and a saved text file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.db.models import Area, Resource
from app.domain.enums import Layer
from app.domain.resource_columns import FIELD_LABELS
from app.domain.text import search_key
from app.domain.wareki import format_wareki
from app.services.errors import ValidationError
from app.services.resources.import_rows import RowVerdict
from app.services.resources.resource import (
    ResourceInput,
    add_resource,
    clean_resource,
    derive_search_fields,
)
from app.services.setup.areas import AreaInput, add_area, municipality_area_in

FLUSH_EVERY = 500  # rows written to the database at a time, inside the one transaction


def area_note(name: str, done: bool) -> str:
    """The warning on the first row of an area the import creates (or will create)."""
    return f"圏域「{name}」を新しく作{'りました' if done else 'ります'}。"


@dataclass
class ImportReport:
    """What an import did, row by row; `to_dict` for --json, `to_text` for a person.

    Each data row is counted once: `imported`, `skipped` (blank rows, notes and repeated
    headers), an entry of `duplicates` or of `errors`. `merged` tells how many of the
    duplicates filled a registered resource's empty fields; each of them is in `duplicates`.
    """

    imported: int = 0
    skipped: int = 0  # blank rows, notes (※…) and repeated header rows; never a duplicate
    merged: int = 0  # duplicates that filled empty fields (counted in `duplicates` too)
    duplicates: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    created_areas: list[str] = field(default_factory=list)
    source: str = ""
    sheet_name: str = ""
    dry_run: bool = False
    finished_at: datetime | None = None
    backup: Path | None = None  # the copy made just before the rows were written

    def to_dict(self) -> dict:
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "merged": self.merged,
            "duplicates": list(self.duplicates),
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "backup": str(self.backup) if self.backup else None,
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
            f"空の行など飛ばした行: {self.skipped}件",
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


class ImportWriter:
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
            planned, done = area_note(verdict.new_area, False), area_note(verdict.new_area, True)
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
            return  # reported in `duplicates` only
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
