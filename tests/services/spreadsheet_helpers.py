"""Spreadsheets for the import tests, built with openpyxl as a town hall would type them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "名称",
    "ふりがな",
    "種別",
    "開催日・頻度",
    None,  # under the merged 開催日・頻度: the times are typed here
    "参加者数",
    "圏域",
    "最終確認日",
    "運営主体",
    "備考",
]


def xlsx(path: Path, rows, merges=(), title="一覧", before=()) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, other_rows in before:
        sheet = workbook.create_sheet(name)
        for row in other_rows:
            sheet.append(row)
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    workbook.save(path)
    return path


def write_messy(folder: Path) -> Path:
    """A title row and a blank row above a header with merged cells, then every kind of row."""
    long_text = "長" * 6000
    rows = [
        ["令和7年度 地域資源一覧（テスト町）"],  # 1
        [],  # 2
        HEADER,  # 3
        [
            "ひまわりサロン",
            "ヒマワリサロン",
            "サロン・体操",
            "第2・第4火曜",
            "10時～12時",
            "１２人",
            "北",
            "R7.4.1",
            "北町自治会",
            "",
        ],  # 4: imported
        [],  # 5: blank
        [None, None, "配食"],  # 6: no name
        ["いきいきサロン", None, "サロン", None, None, None, "北地区"],  # 7: duplicate (database)
        ["ひまわりサロン", None, None, None, None, None, "北地区"],  # 8: duplicate of row 4
        ["買い物バス", None, "買い物、移送", "毎週水曜", "13:30～15:00", 5, "東地区"],  # 9
        ["配食のかし", None, "弁当", "月2回", None, 30, "南地区", "令和7年4月"],  # 10
        ["体操クラブ", None, "体操", None, None, None, "南", "R7.13.1"],  # 11: bad date
        ["みまもり隊", None, "見守り", None, None, None, None, None, None, '=A4&"様"'],  # 12
        ["おしゃべり会", None, None, None, None, None, None, None, None, long_text],  # 13
        ["子ども食堂", None, "子ども・多世代", None, "午前中"],  # 14: a time in words
    ]
    return xlsx(folder / "資源一覧.xlsx", rows, merges=("A1:J1", "D3:E3"))
