"""Reading town-hall files: title rows, merged cells, formulas, encodings and files that are
not spreadsheets at all."""

from __future__ import annotations

import csv
import random
import re
import zipfile
from datetime import datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Border, Side

from app.domain.resource_columns import guess_header_row, guess_mapping
from app.services.resources import table_files
from app.services.resources.table_files import (
    MAX_CELL,
    ImportFileError,
    SheetData,
    cell_text,
    open_table,
    read_sheets,
)
from tests.services.spreadsheet_helpers import xlsx

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def test_reads_title_rows_merged_header_and_formula(messy):
    sheet = read_sheets(messy)[0]
    assert sheet.name == "一覧"
    assert sheet.rows[0] == ["令和7年度 地域資源一覧（テスト町）"]
    assert sheet.rows[1] == []
    assert (2, 3, 2, 4) in sheet.merges  # D3:E3, 0-based
    # The merged header's text is copied across its range for the header row only.
    assert sheet.header(2)[3:5] == ["開催日・頻度", "開催日・頻度"]
    assert sheet.rows[2][4] == ""
    assert guess_header_row(sheet) == 2
    assert sheet.rows[3][5] == "１２人"  # normalised later, by the field that reads it
    assert sheet.rows[9][5] == "30"  # a number cell, without ".0"
    assert any("計算式" in w for w in sheet.cell_warnings[11])
    assert len(sheet.rows[12][9]) == MAX_CELL
    assert any("5,000文字" in w for w in sheet.cell_warnings[12])


def test_header_row_under_a_two_row_header():
    sheet = SheetData(
        "表",
        [
            ["地域資源一覧"],
            ["名称", "種別", "開催", ""],
            ["", "", "曜日", "時間"],
            ["サロン", "サロン", "火", "10:00～12:00"],
        ],
        merges=[(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)],
    )
    assert guess_header_row(sheet) == 2
    assert sheet.header(2) == ["名称", "種別", "曜日", "時間"]
    assert guess_mapping(sheet.header(2)) == {0: "name", 1: "kinds", 2: "weekdays", 3: "time"}


# --- files that are not resource lists ---------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError, match=re.escape("「empty.xlsx」は空のファイルです")):
        open_table(path)
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\xef\xbb\xbf\r\n  \r\n")
    with pytest.raises(ImportFileError, match="空のファイルです"):
        open_table(blank)


@pytest.mark.parametrize("name", ["picture.xlsx", "picture.csv"])
def test_png_renamed(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(PNG + bytes(range(256)))
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert caught.value.message == (
        f"「{name}」は表計算ファイル（.xlsx）やCSVファイルとして読めません。"
        "Excelで開けるか確かめ、「.xlsx」か「CSV」で保存し直してから選んでください。"
    )


def test_old_excel_format(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ImportFileError, match=re.escape("古い形式（.xls）")):
        open_table(path)


def test_unreadable_encoding(tmp_path):
    path = tmp_path / "garbled.csv"
    path.write_bytes("名称\n".encode() + b"\x81\x20\xef\xef\n")
    with pytest.raises(ImportFileError, match="文字コードが読めません"):
        open_table(path)


def test_workbook_without_a_resource_list(tmp_path):
    path = xlsx(tmp_path / "売上.xlsx", [["月", "売上", "金額"], ["4月", 100, 200]])
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert "地域資源の一覧らしい表が見つかりません" in caught.value.message
    assert "「名称」" in caught.value.message


def test_resource_list_on_a_later_sheet(tmp_path):
    path = xlsx(
        tmp_path / "book.xlsx",
        [["名称"], ["サロン"]],
        title="資源",
        before=[("表紙", [["令和7年度 調査票"], ["テスト町"]])],
    )
    table = open_table(path)
    assert table.sheet_names == ["表紙", "資源"]
    assert table.default_sheet == 1


def test_missing_file(tmp_path):
    with pytest.raises(ImportFileError, match="見つかりません"):
        open_table(tmp_path / "none.xlsx")


def test_cell_text():
    assert cell_text(None) == ("", False)
    assert cell_text(12.0) == ("12", False)
    assert cell_text(1.5) == ("1.5", False)
    assert cell_text(datetime(2025, 4, 1)) == ("2025-04-01", False)
    assert cell_text(time(10, 30)) == ("10:30", False)
    assert cell_text(True) == ("○", False)
    assert cell_text(" a\tb\x00\r\nc ") == ("a b\nc", False)
    assert cell_text("x" * 5001) == ("x" * 5000, True)


@given(value=st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.booleans()))
def test_cell_text_never_fails(value):
    text, cut = cell_text(value)
    assert len(text) <= MAX_CELL
    assert not any(ord(c) < 32 and c != "\n" for c in text)
    assert not cut or len(text) == MAX_CELL


# --- blank rows, large and strange files -------------------------------------------------


def test_formatting_far_below_the_list_is_not_counted_as_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(table_files, "MAX_ROWS", 5)
    workbook = Workbook()
    sheet = workbook.active
    for row in (["名称", "圏域"], ["サロン", "北"], ["体操", "南"]):
        sheet.append(row)
    thin = Border(bottom=Side(style="thin"))
    for row in range(4, 3001):  # ruled lines drawn far below the two rows
        sheet.cell(row, 1).border = thin
    workbook.save(tmp_path / "ruled.xlsx")
    [read] = read_sheets(tmp_path / "ruled.xlsx")
    assert read.rows == [["名称", "圏域"], ["サロン", "北"], ["体操", "南"]]


def test_a_stray_cell_at_row_a_million_is_not_read(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["名称"])
    sheet.append(["サロン"])
    sheet.cell(1_000_000, 3).value = "x"
    workbook.save(tmp_path / "stray.xlsx")
    table = open_table(tmp_path / "stray.xlsx")
    assert table.sheets[0].rows == [["名称"], ["サロン"]]


def test_only_filled_rows_count_towards_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(table_files, "MAX_ROWS", 3)
    path = tmp_path / "gaps.csv"
    path.write_text("名称\nA\n" + "\n" * 10 + "B\n" + "\n" * 5, encoding="utf-8")
    rows = read_sheets(path)[0].rows
    assert rows == [["名称"], ["A"], *[[]] * 10, ["B"]]  # blank rows inside the list stay
    path.write_text("名称\nA\nB\nC\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="行が多すぎます（3行まで読めます）"):
        read_sheets(path)


def test_a_long_blank_run_ends_a_csv(tmp_path, monkeypatch):
    monkeypatch.setattr(table_files, "BLANK_RUN_END", 50)
    path = tmp_path / "far.csv"
    path.write_text("名称\nA\n" + ",\n" * 49 + "B\n" + "\n" * 50 + "C\n", encoding="utf-8")
    rows = read_sheets(path)[0].rows
    assert rows[-1] == ["B"] and len(rows) == 52  # 49 blank rows are not the end; 50 are


def test_rows_far_down_between_short_gaps_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(table_files, "MAX_SHEET_ROWS", 100)
    path = tmp_path / "sparse.csv"
    path.write_text("名称\n" + "A\n\n\n\n" * 30, encoding="utf-8")  # 30 filled of 121 rows
    with pytest.raises(ImportFileError, match="行が多すぎます（100行目より下は読めません）"):
        read_sheets(path)


def _sheet_padded(source, target, padding: int) -> None:
    """Copy an .xlsx with `padding` spaces inside its sheet XML: huge, but packs to little."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b" " * padding + b"</worksheet>")
            new.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED)


def _no_openpyxl(*_args, **_kwargs):
    raise AssertionError("the file must be refused before it is opened or read")


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    source = xlsx(tmp_path / "small.xlsx", [["名称"], ["サロン"]])
    bomb = tmp_path / "bomb.xlsx"
    _sheet_padded(source, bomb, 30_000_000)
    assert bomb.stat().st_size < 200_000
    monkeypatch.setattr(table_files, "load_workbook", _no_openpyxl)
    with pytest.raises(ImportFileError) as caught:
        open_table(bomb)
    assert caught.value.message == (
        "「bomb.xlsx」は中身が大きすぎるか、壊れているため読めません。"
        "Excelで開けるか確かめ、いらないシートを消すか、ファイルを分けて保存し直してください。"
    )


def test_a_workbook_too_large_unpacked_is_refused(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "large.xlsx", [["名称"], ["サロン"]])
    monkeypatch.setattr(table_files, "MAX_UNZIPPED", 3_000_000)
    monkeypatch.setattr(table_files, "load_workbook", _no_openpyxl)
    padded = tmp_path / "padded.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(padded, "w") as new:
        for item in old.infolist():
            new.writestr(item.filename, old.read(item), compress_type=zipfile.ZIP_DEFLATED)
        # 4 MB that packs no smaller: no absurd ratio, only too much in all
        noise = random.Random(1).randbytes(4_000_000)
        new.writestr("xl/media/image1.png", noise, compress_type=zipfile.ZIP_DEFLATED)
    with pytest.raises(
        ImportFileError,
        match=re.escape("「padded.xlsx」は中身が大きすぎるか、壊れているため読めません。"),
    ):
        open_table(padded)


def test_a_huge_csv_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    path.write_text("名称\n" + "サロン\n" * 100_000, encoding="utf-8")  # 1.1 MB
    monkeypatch.setattr(table_files, "MAX_CSV_BYTES", 1_000_000)
    monkeypatch.setattr(type(path), "read_bytes", _no_openpyxl)
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert caught.value.message == (
        "「huge.csv」は大きすぎるため読めません（CSVファイルは1MBまで読めます）。"
        "ファイルを分けて保存し直してください。"
    )


def test_a_very_long_csv_cell_is_cut_with_a_warning(tmp_path):
    limit = csv.field_size_limit()
    path = tmp_path / "long.csv"
    path.write_text(f'名称,備考\nサロン,"{"長" * 200_000}"\n', encoding="utf-8")
    sheet = read_sheets(path)[0]
    assert sheet.rows[1] == ["サロン", "長" * MAX_CELL]
    assert sheet.cell_warnings == {1: ["B列が長すぎるため、先頭の5,000文字だけを読みました。"]}
    assert csv.field_size_limit() == limit  # the csv module's global limit is put back


@pytest.mark.parametrize(
    "content",
    [
        random.Random(7).randbytes(5000),  # random bytes
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(2000),  # a program
    ],
    ids=["random", "exe"],
)
def test_a_binary_file_named_csv_is_not_a_table(tmp_path, content):
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert caught.value.message == (
        "「data.csv」は表計算ソフトのファイル（.xlsx）やCSVファイルではないようです"
        "（画像やプログラムなど、別の種類のファイルかもしれません）。"
        "地域資源の一覧を保存したファイルを選び直してください。"
    )


def test_a_few_control_characters_in_a_csv_are_still_text(tmp_path):
    path = tmp_path / "typos.csv"
    path.write_bytes("名称,備考\n見守り\x07隊,メモ\x00\n".encode("cp932"))
    assert read_sheets(path)[0].rows == [["名称", "備考"], ["見守り隊", "メモ"]]
