"""Reading town-hall files: title rows, merged cells, formulas, encodings and files that are
not spreadsheets at all."""

from __future__ import annotations

import re
from datetime import datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spreadsheet_helpers import xlsx

from app.domain.resource_columns import guess_header_row, guess_mapping
from app.services.table_files import (
    MAX_CELL,
    ImportFileError,
    SheetData,
    cell_text,
    open_table,
    read_sheets,
)

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
