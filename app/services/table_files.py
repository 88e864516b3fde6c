"""Reading town-hall spreadsheets: .xlsx and .csv files as sheets of text cells.

Real files have title rows above the header, merged cells, formulas without saved values and
CSVs in Shift_JIS. Reading never fails on a cell; a file that cannot be read at all raises
ImportFileError with a message saying what to do.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries

from app.domain.resource_columns import looks_like_resource_list
from app.services.errors import ServiceError

MAX_CELL = 5000
MAX_ROWS = 100_000
MAX_COLUMNS = 200

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
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
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    text = text.strip()
    if len(text) > MAX_CELL:
        return text[:MAX_CELL], True
    return text, False


def _add_row(sheet: SheetData, values: Iterable[object], guard: bool = False) -> None:
    index = len(sheet.rows)
    if index >= MAX_ROWS:
        raise ImportFileError(
            f"行が多すぎます（{MAX_ROWS:,}行まで読めます）。ファイルを分けて取り込んでください。"
        )
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


def _not_a_table(path: Path) -> ImportFileError:
    return ImportFileError(
        f"「{path.name}」は表計算ファイル（.xlsx）やCSVファイルとして読めません。"
        "Excelで開けるか確かめ、「.xlsx」か「CSV」で保存し直してから選んでください。"
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


def _read_xlsx(path: Path) -> list[SheetData]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken or foreign zip
        raise _not_a_table(path) from error
    sheets: list[SheetData] = []
    try:
        for worksheet in workbook.worksheets:
            sheet = SheetData(worksheet.title, [], source=path.name)
            worksheet.reset_dimensions()  # the stored size is often wrong in exported files
            for values in worksheet.iter_rows(values_only=True):
                _add_row(sheet, values)
            _add_xml_details(workbook, worksheet, sheet)
            while sheet.rows and not sheet.rows[-1]:
                sheet.rows.pop()
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
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")  # Excel's 「Unicode テキスト」
    if data.startswith(_BINARY_MAGIC):
        raise _not_a_table(path)
    for encoding in ("utf-8", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # A stray control character is a typo; many of them mean a picture or a program.
        sample = text[:4096]
        if len(_BINARY_CHARS.findall(sample)) > len(sample) / 10:
            raise _not_a_table(path)
        return text
    raise ImportFileError(
        f"「{path.name}」の文字コードが読めません。Excelで開き、"
        "「CSV UTF-8（コンマ区切り）」で保存し直してから選んでください。"
    )


def _read_csv(path: Path) -> SheetData:
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
    try:
        for values in reader:
            _add_row(sheet, values, guard=True)
    except csv.Error as error:
        raise ImportFileError(
            f"「{path.name}」の{reader.line_num}行目がCSVとして読めません（{error}）。"
            "Excelで開いて保存し直してから選んでください。"
        ) from error
    while sheet.rows and not sheet.rows[-1]:
        sheet.rows.pop()
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
