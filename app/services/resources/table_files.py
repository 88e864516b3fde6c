"""Reading town-hall spreadsheets: .xlsx and .csv files as sheets of text cells.

Real files have title rows above the header, merged cells, formulas without saved values and
CSVs in Shift_JIS. Reading never fails on a cell; a file that cannot be read at all raises
ImportFileError with a message saying what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries

from app.domain.resource_columns import looks_like_resource_list
from app.domain.text import strip_control
from app.services.errors import ServiceError

MAX_CELL = 5000
MAX_ROWS = 100_000  # rows with something in them; blank rows are not counted
MAX_COLUMNS = 200
BLANK_RUN_END = 1_000  # this many blank rows in a row end the sheet (formatting, a stray cell)
MAX_SHEET_ROWS = 1_048_576  # rows read at most, blank ones included: Excel's own limit
MAX_UNZIPPED = 200_000_000  # bytes an .xlsx may hold once unpacked
MAX_RATIO = 200  # how much one large part of an .xlsx may shrink when packed (real ones: ~15)
MAX_CSV_BYTES = 50_000_000

_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@])")  # our CSV export's guard against formulas


class ImportFileError(ServiceError):
    """The file as a whole cannot be read as a resource list; the message says what to do."""


@dataclass
class SheetData:
    """One sheet as text: cells normalised to strings, merged ranges, per-row read warnings."""

    name: str
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, inclusive
    cell_warnings: dict[int, list[str]] = field(default_factory=dict)  # 0-based row → messages
    source: str = ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def header(self, row: int) -> list[str]:
        """The cells of `row` as a header: a merged header's text fills its whole range."""
        cells = list(self.rows[row]) if 0 <= row < len(self.rows) else []
        cells += [""] * (self.width - len(cells))
        for r0, c0, r1, c1 in self.merges:
            if r0 <= row <= r1 and r0 < len(self.rows):
                top = self.rows[r0]
                text = top[c0] if c0 < len(top) else ""
                for c in range(c0, min(c1, len(cells) - 1) + 1):
                    cells[c] = cells[c] or text
        return cells


@dataclass
class TableFile:
    """A file opened for import: its sheets, and the first one that looks like a resource list."""

    path: Path
    sheets: list[SheetData]
    default_sheet: int = 0

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> SheetData:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise ImportFileError(f"シート「{name}」が見つかりません。シートの名前を確かめてください。")


def cell_text(value: object) -> tuple[str, bool]:
    """A cell as normalised text, and whether it had to be cut at MAX_CELL characters."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        text = "○" if value else "×"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.15g}"
    elif isinstance(value, datetime):
        if value.time() == time(0) or value.year > 1900:
            text = value.date().isoformat()
        else:  # Excel stores a bare time as a day in 1899/1900
            text = f"{value:%H:%M}"
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, time):
        text = f"{value:%H:%M}"
    else:
        text = str(value)
    text = strip_control(text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    text = text.strip()
    if len(text) > MAX_CELL:
        return text[:MAX_CELL], True
    return text, False


def _add_row(sheet: SheetData, values: Iterable[object], guard: bool = False) -> bool:
    """Append one row as text; whether it has anything in it."""
    index = len(sheet.rows)
    cells: list[str] = []
    for column, value in enumerate(values):
        text, cut = cell_text(value)
        if guard:
            text = _FORMULA_GUARD.sub("", text)
        if column >= MAX_COLUMNS:
            if text:
                sheet.cell_warnings.setdefault(index, []).append(
                    f"{MAX_COLUMNS}列目より右は読みませんでした。"
                )
                break
            continue
        if cut:
            sheet.cell_warnings.setdefault(index, []).append(
                f"{get_column_letter(column + 1)}列が長すぎるため、"
                f"先頭の{MAX_CELL:,}文字だけを読みました。"
            )
        cells.append(text)
    while cells and not cells[-1]:
        cells.pop()
    sheet.rows.append(cells)
    return bool(cells) or index in sheet.cell_warnings


def _add_rows(sheet: SheetData, rows: Iterable[Iterable[object]], guard: bool = False) -> None:
    """Append rows until the data ends: MAX_ROWS filled rows at most, blank ones not counted.

    A long run of blank rows ends the sheet: Excel keeps formatting down to row 100,000 and
    more, and a stray cell far below the list is not part of it.
    """
    filled = blank_run = 0
    for values in rows:
        if len(sheet.rows) >= MAX_SHEET_ROWS:  # data that far down, between short gaps
            raise ImportFileError(
                f"行が多すぎます（{MAX_SHEET_ROWS:,}行目より下は読めません）。"
                "ファイルを分けて取り込んでください。"
            )
        if _add_row(sheet, values, guard):
            filled += 1
            blank_run = 0
            if filled > MAX_ROWS:
                raise ImportFileError(
                    f"行が多すぎます（{MAX_ROWS:,}行まで読めます）。"
                    "ファイルを分けて取り込んでください。"
                )
        else:
            blank_run += 1
            if blank_run >= BLANK_RUN_END:
                break
    while sheet.rows and not sheet.rows[-1]:
        sheet.rows.pop()


def _not_a_table(path: Path) -> ImportFileError:
    return ImportFileError(
        f"「{path.name}」は表計算ファイル（.xlsx）やCSVファイルとして読めません。"
        "Excelで開けるか確かめ、「.xlsx」か「CSV」で保存し直してから選んでください。"
    )


def _too_large(path: Path) -> ImportFileError:
    return ImportFileError(
        f"「{path.name}」は中身が大きすぎるか、壊れているため読めません。"
        "Excelで開けるか確かめ、いらないシートを消すか、ファイルを分けて保存し直してください。"
    )


def read_sheets(path: str | Path) -> list[SheetData]:
    """Every sheet of an .xlsx or .csv file as text; ImportFileError when it cannot be read."""
    path = Path(path)
    try:
        head = path.open("rb").read(8)
    except FileNotFoundError as error:
        raise ImportFileError(
            f"ファイル「{path.name}」が見つかりません。選び直してください。"
        ) from error
    except OSError as error:
        raise ImportFileError(
            f"ファイル「{path.name}」を開けません。ほかのソフトで開いている場合は閉じてください。"
        ) from error
    if not head or path.stat().st_size == 0:
        raise ImportFileError(
            f"「{path.name}」は空のファイルです。中身のあるファイルを選んでください。"
        )
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0") or suffix in (".xls", ".ods"):
        raise ImportFileError(
            f"「{path.name}」は古い形式（.xls）などのため読めません。"
            "Excelで開き、「名前を付けて保存」で「Excel ブック（.xlsx）」を選び、"
            "保存し直してください。"
        )
    if suffix in (".xlsx", ".xlsm"):
        raise _not_a_table(path)
    return [_read_csv(path)]


def _check_zip(path: Path) -> None:
    """Refuse a zip that would unpack to far more than a list needs, before openpyxl opens it.

    The sizes are those the zip declares, and they hold: Python's zipfile stops reading a part
    at its declared size. A large part that shrank absurdly when packed (a few KB unpacking to
    hundreds of MB) is refused too, as no spreadsheet compresses like that.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_a_table(path) from error
    if sum(p.file_size for p in parts) > MAX_UNZIPPED:
        raise _too_large(path)
    for part in parts:
        if part.file_size > 1_000_000 and part.file_size > part.compress_size * MAX_RATIO:
            raise _too_large(path)


def _read_xlsx(path: Path) -> list[SheetData]:
    _check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken or foreign zip
        raise _not_a_table(path) from error
    sheets: list[SheetData] = []
    try:
        for worksheet in workbook.worksheets:
            sheet = SheetData(worksheet.title, [], source=path.name)
            worksheet.reset_dimensions()  # the stored size is often wrong in exported files
            _add_rows(sheet, worksheet.iter_rows(values_only=True))
            _add_xml_details(workbook, worksheet, sheet)
            sheets.append(sheet)
    except ImportFileError:
        raise
    except Exception as error:
        raise _not_a_table(path) from error
    finally:
        workbook.close()
    return sheets


def _add_xml_details(workbook, worksheet, sheet: SheetData) -> None:
    """Merged ranges and formulas without a saved value: read-only openpyxl shows neither."""
    archive = getattr(workbook, "_archive", None)
    sheet_path = getattr(worksheet, "_worksheet_path", None)
    if archive is None or sheet_path is None:
        return
    with archive.open(sheet_path) as source:
        for _event, element in ElementTree.iterparse(source):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "c":
                formula = next((c for c in element if c.tag.endswith("}f")), None)
                value = next((c for c in element if c.tag.endswith("}v")), None)
                if formula is not None and (value is None or not value.text):
                    row, column = coordinate_to_tuple(element.get("r", "A1"))
                    sheet.cell_warnings.setdefault(row - 1, []).append(
                        f"{get_column_letter(column)}列は計算式で、計算結果が保存されていないため"
                        "空欄として読みました（Excelで開いて保存し直すと読めます）。"
                    )
            elif tag == "row":
                element.clear()
            elif tag == "mergeCell" and element.get("ref"):
                c0, r0, c1, r1 = range_boundaries(element.get("ref"))
                sheet.merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))


_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x7fELF")
# Bytes that text files hardly ever hold (tab, line breaks, form feed and ESC excepted).
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def _control_bytes(data: bytes) -> tuple[int, int]:
    """How many bytes of the file's start no text file holds, and how many were looked at."""
    sample = data[:8192]
    return len(_BINARY_BYTES.findall(sample)), len(sample)


def _not_text(path: Path) -> ImportFileError:
    return ImportFileError(
        f"「{path.name}」は表計算ソフトのファイル（.xlsx）やCSVファイルではないようです"
        "（画像やプログラムなど、別の種類のファイルかもしれません）。"
        "地域資源の一覧を保存したファイルを選び直してください。"
    )


def _as_text(data: bytes) -> str | None:
    """The bytes as UTF-8 (with or without a BOM) or Shift_JIS text; None when neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")  # Excel's 「Unicode テキスト」
    if data.startswith(_BINARY_MAGIC):
        raise _not_a_table(path)
    controls, looked_at = _control_bytes(data)
    text = _as_text(data)
    if text is None:
        # Neither encoding, and bytes no text holds: a program or a picture, not a CSV.
        if controls and controls * 100 >= looked_at:
            raise _not_text(path)
        raise ImportFileError(
            f"「{path.name}」の文字コードが読めません。Excelで開き、"
            "「CSV UTF-8（コンマ区切り）」で保存し直してから選んでください。"
        )
    # A stray control character is a typo (removed from the cell); many of them are not text.
    if controls >= 32 and controls * 10 > looked_at:
        raise _not_text(path)
    return text


def _read_csv(path: Path) -> SheetData:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise ImportFileError(
            f"「{path.name}」は大きすぎるため読めません"
            f"（CSVファイルは{MAX_CSV_BYTES // 1_000_000}MBまで読めます）。"
            "ファイルを分けて保存し直してください。"
        )
    text = _decode(path, path.read_bytes())
    if not text.strip():
        raise ImportFileError(
            f"「{path.name}」は空のファイルです。中身のあるファイルを選んでください。"
        )
    sample = [line for line in text.splitlines()[:20] if line.strip()]
    tabs, commas = sum(s.count("\t") for s in sample), sum(s.count(",") for s in sample)
    delimiter = "\t" if tabs > commas else ","
    sheet = SheetData(path.stem, [], source=path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # A cell may be as long as the file: cell_text cuts it to MAX_CELL with a warning. The
    # limit is global to the csv module, so it is put back at once.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        _add_rows(sheet, reader, guard=True)
    except csv.Error as error:
        raise ImportFileError(
            f"「{path.name}」の{reader.line_num}行目がCSVとして読めません。"
            "Excelで開いて保存し直してから選んでください。"
        ) from error
    finally:
        csv.field_size_limit(limit)
    return sheet


def open_table(path: str | Path) -> TableFile:
    """Read a file for import and find the sheet that looks like a resource list."""
    path = Path(path)
    sheets = read_sheets(path)
    if not any(s.rows for s in sheets):
        raise ImportFileError(
            f"「{path.name}」には何も書かれていません。中身のあるファイルを選んでください。"
        )
    default = next((i for i, s in enumerate(sheets) if looks_like_resource_list(s)), None)
    if default is None:
        raise ImportFileError(
            f"「{path.name}」に地域資源の一覧らしい表が見つかりません。"
            "見出しの行に「名称」（または資源名・活動名・団体名）の列がある表を選んでください。"
        )
    return TableFile(path, sheets, default)
