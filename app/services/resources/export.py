"""地域資源の書き出し: the list, with its filters, to .xlsx or .csv in the importer's columns.

Every header is one the importer maps by itself, and every field is written in a form it reads
back, so export → import gives the same records.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.db.engine import Database
from app.domain.enums import Frequency
from app.services.errors import ServiceError
from app.services.resources.resource import ResourceFilter, ResourceRow, list_resources

FORMATS = (".xlsx", ".csv")
_FORMULA_START = ("=", "+", "-", "@")


def _time_range(row: ResourceRow) -> str:
    if not row.starts_at and not row.ends_at:
        return ""
    start = f"{row.starts_at:%H:%M}" if row.starts_at else ""
    end = f"{row.ends_at:%H:%M}" if row.ends_at else ""
    return f"{start}～{end}"


@dataclass(frozen=True)
class ExportColumn:
    """One column: its header (which the importer maps to `field`), width and cell value."""

    header: str
    field: str
    width: int
    value: Callable[[ResourceRow], object]


COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("名称", "name", 28, lambda r: r.name),
    ExportColumn("ふりがな", "reading", 24, lambda r: r.reading),
    ExportColumn("分類", "category", 22, lambda r: r.category_label),
    ExportColumn("種別", "kinds", 24, lambda r: r.kind_labels),
    ExportColumn("活動内容", "description", 40, lambda r: r.description),
    ExportColumn("運営主体", "operator_name", 24, lambda r: r.operator),
    ExportColumn("実施場所", "place", 20, lambda r: r.place),
    ExportColumn("住所", "address", 30, lambda r: r.address),
    ExportColumn("圏域", "area", 14, lambda r: r.area_name),
    ExportColumn("開催日・頻度", "schedule_note", 24, lambda r: r.schedule_note),
    ExportColumn(
        "頻度区分", "frequency", 10, lambda r: Frequency(r.frequency).label if r.frequency else ""
    ),
    ExportColumn("月の回数", "times_per_month", 9, lambda r: r.times_per_month),
    ExportColumn("第何週", "nth_week", 8, lambda r: r.nth_week),
    ExportColumn("曜日", "weekdays", 9, lambda r: "・".join(r.weekdays)),
    ExportColumn("時間", "time", 14, _time_range),
    ExportColumn("参加費", "fee", 14, lambda r: r.fee),
    ExportColumn("対象者", "audience", 20, lambda r: r.audience),
    ExportColumn("参加者数", "participants", 9, lambda r: r.participants),
    ExportColumn("担い手の人数", "volunteers", 12, lambda r: r.volunteers),
    ExportColumn("定員", "capacity", 7, lambda r: r.capacity),
    ExportColumn("連絡先", "contact", 24, lambda r: r.contact),
    ExportColumn("状態", "state", 8, lambda r: r.state_label),
    ExportColumn("未活用", "unused", 7, lambda r: "○" if r.unused else ""),
    # 掲載可 is on unless said otherwise, so "not publishable" must be written out (×).
    ExportColumn("掲載可", "publishable", 7, lambda r: "○" if r.publishable else "×"),
    ExportColumn("備考", "notes", 30, lambda r: r.notes),
    ExportColumn("最終確認日", "confirmed_on", 12, lambda r: r.confirmed_on),
    ExportColumn("確認者", "confirmed_by", 12, lambda r: r.confirmed_by),
)
HEADERS = tuple(c.header for c in COLUMNS)


def export_rows(rows: list[ResourceRow]) -> list[list[object]]:
    """The cell values of `rows`, header first (dates stay dates, counts stay numbers)."""
    return [list(HEADERS)] + [[c.value(r) for c in COLUMNS] for r in rows]


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _write_xlsx(path: Path, table: list[list[object]]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("地域資源")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        width = max(column.width, _text_width(column.header) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF4")
    header = []
    for text in table[0]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in table[1:]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text that starts with "=" stays text, not a formula
                if "\n" in value:
                    cell.alignment = wrap
            elif hasattr(value, "isoformat"):
                cell.number_format = "yyyy/m/d"
            cells.append(cell)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(table)}"
    workbook.save(path)


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # Excel runs a cell that starts with = + - @ as a formula; the importer drops this quote.
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _write_csv(path: Path, table: list[list[object]]) -> None:
    # UTF-8 with BOM so that Excel on Windows opens it without garbling; CRLF as Excel writes.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerows([[_csv_cell(v) for v in row] for row in table])


def export_resources(db: Database, path: str | Path, flt: ResourceFilter | None = None) -> int:
    """Write the resources the filter shows (all without one) to .xlsx or .csv; how many."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ServiceError("書き出すファイルの種類は「.xlsx」か「.csv」を選んでください。")
    rows = list_resources(db, flt or ResourceFilter(), 0, None)
    table = export_rows(rows)
    # Write beside the target and move it into place: a failure never leaves half a file.
    partial = path.with_name(f".{path.name}.partial")
    try:
        (_write_xlsx if suffix == ".xlsx" else _write_csv)(partial, table)
        os.replace(partial, path)
    except PermissionError as error:
        raise ServiceError(
            f"「{path.name}」に書き込めません。Excelなどで開いている場合は閉じてから、"
            "もう一度お試しください。"
        ) from error
    except OSError as error:
        raise ServiceError(
            f"「{path.name}」に書き込めません（{error.strerror or error}）。"
            "保存する場所を変えて、もう一度お試しください。"
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return len(rows)
