"""Export of the resource list: Excel opens it, and importing it back gives the same records."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date, time

import pytest
from openpyxl import load_workbook

from app.db.engine import Database
from app.db.location import DataDir
from app.db.migrate import prepare_database
from app.domain.resource_columns import guess_header_row, guess_mapping
from app.services.errors import ServiceError
from app.services.resources.export import COLUMNS, HEADERS, export_resources
from app.services.resources.importing import preview_import, run_import
from app.services.resources.resource import (
    ResourceFilter,
    ResourceInput,
    ResourceRow,
    create_resource,
    list_resources,
)
from app.services.resources.table_files import open_table
from app.services.setup.areas import AreaInput, list_areas
from app.services.setup.organizations import OrganizationInput, create_organization
from app.services.setup.town import SetupInput, run_setup

# Ids, versions and the links by id differ between two databases; the names they point to don't.
_LOCAL = {"id", "uuid", "version", "area_id", "organization_id"}


def _area_id(db, name):
    return next(a.id for a in list_areas(db) if a.name == name)


@pytest.fixture
def stocked(town):
    org = create_organization(town, OrganizationInput("北町自治会", "neighborhood_association"))
    north, south = _area_id(town, "北地区"), _area_id(town, "南地区")
    create_resource(
        town,
        ResourceInput(
            "いきいきサロン",
            "activity",
            ("salon", "exercise"),
            "いきいきさろん",
            description="体操とお茶のみ。\n送迎はありません。",
            organization_id=org.id,
            area_id=north,
            place="北公民館",
            address="北町1-2-3",
            frequency="nth_weekday",
            nth_week="2,4",
            weekdays="火",
            starts_at=time(10),
            ends_at=time(12),
            schedule_note="第2・第4火曜（祝日は休み）",
            fee="100円",
            audience="65歳以上",
            participants=12,
            volunteers=4,
            capacity=20,
            contact="090-0000-0000（代表 山田）",
            notes="=SUM(A1)のような文字も、そのまま残ります",
            confirmed_on=date(2025, 4, 1),
            confirmed_by="テスト担当",
        ),
    )
    create_resource(
        town,
        ResourceInput(
            "買い物支援の移送サービス",
            "service",
            ("shopping", "transport"),
            operator_name="NPOたすけあい",
            area_id=south,
            frequency="monthly",
            times_per_month=2,
            starts_at=time(13, 30),
            state="paused",
            unused=True,
            publishable=False,
            fee="-",
        ),
    )
    create_resource(
        town,
        ResourceInput(
            "よろず相談所", "place", ("consultation",), frequency="weekly", weekdays="月木"
        ),
    )
    return town


@pytest.fixture
def other_town(tmp_path) -> Database:
    """A second, fresh town with the same areas and organisation (another PC, say)."""
    data_dir = DataDir(tmp_path / "other").ensure()
    db = Database(f"sqlite:///{data_dir.database_file}", user="別の担当")
    prepare_database(db, data_dir.backups)
    run_setup(
        db,
        SetupInput(
            municipality="テスト町",
            municipality_area=AreaInput("テスト町全域"),
            districts=[AreaInput("北地区"), AreaInput("南地区")],
            user_name="別の担当",
        ),
    )
    create_organization(db, OrganizationInput("北町自治会", "neighborhood_association"))
    yield db
    db.dispose()


def _comparable(row: ResourceRow) -> dict:
    return {f.name: getattr(row, f.name) for f in fields(ResourceRow) if f.name not in _LOCAL}


def test_every_header_is_one_the_importer_maps():
    mapping = guess_mapping(list(HEADERS))
    assert [mapping[i] for i in range(len(HEADERS))] == [c.field for c in COLUMNS]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_loses_nothing(stocked, other_town, tmp_path, suffix):
    path = tmp_path / f"資源一覧{suffix}"
    assert export_resources(stocked, path, ResourceFilter()) == 3

    table = open_table(path)
    sheet = table.sheets[table.default_sheet]
    assert guess_header_row(sheet) == 0
    preview = preview_import(other_town, sheet, 0, guess_mapping(sheet.header(0)))
    assert [(v.status, v.warnings) for v in preview.verdicts] == [("import", [])] * 3
    report = run_import(other_town, preview)
    assert report.to_dict()["imported"] == 3

    before = list_resources(stocked, limit=None)
    after = list_resources(other_town, limit=None)
    assert [_comparable(r) for r in after] == [_comparable(r) for r in before]
    assert after[0].operator == "北町自治会" and after[0].organization_id is not None


def test_export_follows_the_filter(stocked, tmp_path):
    path = tmp_path / "north.csv"
    count = export_resources(stocked, path, ResourceFilter(area_id=_area_id(stocked, "北地区")))
    assert count == 1
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(HEADERS)
    assert lines[1].startswith("いきいきサロン,いきいきさろん,高齢者が参加する活動,")
    assert "サロン・居場所、体操・運動" in lines[1]
    assert "10:00～12:00" in lines[1]


def test_csv_is_excel_friendly(stocked, tmp_path):
    path = tmp_path / "all.csv"
    export_resources(stocked, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel does not garble the Japanese
    assert raw.count(b"\r\n") >= 4
    text = raw.decode("utf-8-sig")
    assert ",'=SUM(A1)のような文字も" in text  # Excel must not run it as a formula
    assert ",'-," in text
    assert "2025-04-01" in text


def test_xlsx_has_a_bold_frozen_header_and_widths(stocked, tmp_path):
    path = tmp_path / "all.xlsx"
    export_resources(stocked, path)
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 20
    assert sheet.column_dimensions["E"].width >= 30  # 活動内容
    names = [sheet.cell(row=r, column=1).value for r in range(2, 5)]
    assert names == [r.name for r in list_resources(stocked)]
    notes = sheet.cell(row=names.index("いきいきサロン") + 2, column=HEADERS.index("備考") + 1)
    assert notes.data_type == "s" and notes.value.startswith("=SUM")


def test_unknown_format_and_locked_file(stocked, tmp_path, monkeypatch):
    with pytest.raises(ServiceError, match=re.escape("「.xlsx」か「.csv」を選んでください")):
        export_resources(stocked, tmp_path / "list.pdf")

    def locked(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("app.services.resources.export.os.replace", locked)
    target = tmp_path / "open_in_excel.xlsx"
    with pytest.raises(ServiceError, match="Excelなどで開いている場合は閉じて"):
        export_resources(stocked, target)
    assert not target.exists()
    assert list(tmp_path.glob(".*partial")) == []
