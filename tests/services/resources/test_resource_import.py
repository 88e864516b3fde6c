"""Importing town-hall spreadsheets: messy files built here, every verdict and reason checked."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.db.models import AuditEntry
from app.domain.resource_columns import FIELDS, guess_header_row, guess_mapping
from app.domain.text import normalize
from app.services.errors import ValidationError
from app.services.resources import import_writer as resource_import_writer
from app.services.resources import table_files
from app.services.resources.importing import (
    CLI_AREA_HINT,
    ImportAborted,
    ImportReport,
    check_mapping,
    import_file,
    preview_import,
    run_import,
)
from app.services.resources.resource import (
    ResourceFilter,
    ResourceInput,
    count_resources,
    create_resource,
    list_resources,
)
from app.services.setup.areas import list_areas
from app.services.setup.organizations import OrganizationInput, create_organization
from tests.services.spreadsheet_helpers import xlsx

TODAY = date(2026, 11, 26)


def _area(db, name: str):
    return next(a for a in list_areas(db) if a.name == name)


@pytest.fixture
def existing(town):
    """A resource already registered in 北地区, and an organisation the file names."""
    north = _area(town, "北地区")
    create_organization(town, OrganizationInput("北町自治会", "neighborhood_association"))
    create_resource(
        town,
        ResourceInput("いきいきサロン", area_id=north.id, fee="100円", reading="いきいきさろん"),
    )
    return town


def _preview(db, path, **kw):
    table = table_files.open_table(path)
    sheet = table.sheets[table.default_sheet]
    header_row = guess_header_row(sheet)
    return preview_import(
        db, sheet, header_row, guess_mapping(sheet.header(header_row)), today=TODAY, **kw
    )


def _by_row(preview):
    return {v.row_number: v for v in preview.verdicts}


# --- columns --------------------------------------------------------------------------


def test_mapping_must_name_the_name_column_once():
    with pytest.raises(ValidationError, match="「名称」の列を選んでください"):
        check_mapping({0: "reading"})
    with pytest.raises(ValidationError, match="「圏域」が2つ以上の列に選ばれています"):
        check_mapping({0: "name", 1: "area", 2: "area"})
    check_mapping({0: "name", 1: "notes", 2: "notes"})  # several 備考 columns are joined


# --- verdicts -------------------------------------------------------------------------


def test_every_verdict_of_the_messy_file(existing, messy):
    preview = _preview(existing, messy)
    rows = _by_row(preview)
    assert sorted(rows) == list(range(4, 15))
    north, south = _area(existing, "北地区"), _area(existing, "南地区")

    ok = rows[4]
    assert (ok.status, ok.reason) == ("import", "")
    data = ok.input
    assert data.name == "ひまわりサロン"
    assert data.kinds == ("salon", "exercise")
    assert data.area_id == north.id
    assert data.participants == "１２人"  # 全角 digits: the service reads them as 12
    assert data.confirmed_on == date(2025, 4, 1)  # R7.4.1
    assert data.organization_id is not None and data.operator_name == ""
    # The merged header's second column (the times) joins the schedule note, which is parsed.
    assert data.schedule_note == "第2・第4火曜 10時～12時"
    assert (data.frequency, data.nth_week, data.weekdays) == ("nth_weekday", "2,4", "火")
    assert (data.starts_at, data.ends_at) == (time(10), time(12))

    assert (rows[5].status, rows[5].reason) == ("skip", "空の行です。")
    assert (rows[6].status, rows[6].reason) == (
        "error",
        "名称がありません（名称を入れると取り込めます）。",
    )
    dup = rows[7]
    assert (dup.status, dup.duplicate_of) == ("duplicate", "いきいきサロン")
    assert dup.reason == "すでに登録されている「いきいきサロン」と同じ名称・圏域です。"
    assert dup.duplicate_id is not None
    twice = rows[8]
    assert (twice.status, twice.duplicate_row) == ("duplicate", 4)
    assert twice.duplicate_of == "4行目の「ひまわりサロン」"
    assert twice.reason == "4行目と同じ名称・圏域です。"
    assert (rows[9].status, rows[9].reason) == (
        "error",
        "圏域「東地区」が登録されていません（「登録されていない圏域は、第2層の圏域として"
        "新しく作る」にチェックを入れると取り込めます）。",
    )
    meals = rows[10]
    assert meals.status == "import"
    assert meals.input.confirmed_on == date(2025, 4, 1)  # 令和7年4月 → the 1st
    assert (meals.input.frequency, meals.input.times_per_month) == ("monthly", 2)
    assert (meals.input.kinds, meals.input.area_id) == (("meals",), south.id)
    bad_date = rows[11]
    assert bad_date.status == "error"
    assert bad_date.reason.startswith("最終確認日の「R7.13.1」は日付として読めません。")
    assert "月は1～12で入力してください" in bad_date.reason
    formula = rows[12]
    assert formula.status == "import"
    assert formula.warnings == [
        "J列は計算式で、計算結果が保存されていないため空欄として読みました"
        "（Excelで開いて保存し直すと読めます）。"
    ]
    long_row = rows[13]
    assert long_row.status == "error"
    assert long_row.reason == "備考は2000文字以内にしてください（いま5000文字）。"
    assert long_row.warnings == ["J列が長すぎるため、先頭の5,000文字だけを読みました。"]
    late = rows[14]
    assert (late.status, late.warnings) == ("import", [])
    assert late.input.starts_at is None and late.input.schedule_note == "午前中"
    assert preview.counts == {"import": 4, "duplicate": 2, "error": 4, "skip": 1}
    assert count_resources(existing) == 1  # the preview wrote nothing


def test_unknown_area_is_created_when_asked(existing, messy):
    preview = _preview(existing, messy, create_areas=True)
    bus = _by_row(preview)[9]
    assert bus.status == "import"
    assert bus.new_area == "東地区"
    assert bus.warnings == ["圏域「東地区」を新しく作ります。"]
    assert preview.new_areas == ["東地区"]
    assert "東地区" not in [a.name for a in list_areas(existing)]  # only previewed

    report = run_import(existing, preview)
    east = _area(existing, "東地区")
    assert east.layer == 2 and east.parent_id == _area(existing, "テスト町全域").id
    assert report.created_areas == ["東地区"]
    [bus_row] = list_resources(existing, ResourceFilter(text="買い物バス"))
    assert bus_row.area_name == "東地区"
    assert bus_row.kinds == ("shopping", "transport")
    assert (bus_row.frequency, bus_row.weekdays) == ("weekly", "水")


def test_import_writes_the_rows_and_reports_them(existing, messy):
    preview = _preview(existing, messy)
    report = run_import(existing, preview)
    assert report.to_dict() == {
        "imported": 4,
        "skipped": 1,  # the blank row; the duplicates are counted in "duplicates" only
        "merged": 0,
        "duplicates": [
            {"row": 7, "of": "いきいきサロン"},
            {"row": 8, "of": "4行目の「ひまわりサロン」"},
        ],
        "errors": [
            {"row": 6, "reason": "名称がありません（名称を入れると取り込めます）。"},
            {"row": 9, "reason": _by_row(preview)[9].reason},
            {"row": 11, "reason": _by_row(preview)[11].reason},
            {"row": 13, "reason": "備考は2000文字以内にしてください（いま5000文字）。"},
        ],
        "warnings": [
            {"row": 12, "reason": _by_row(preview)[12].warnings[0]},
            {"row": 13, "reason": "J列が長すぎるため、先頭の5,000文字だけを読みました。"},
        ],
        "backup": None,  # this database has no backups folder (the app's always has one)
    }
    names = sorted(r.name for r in list_resources(existing, limit=None))
    assert names == sorted(
        ["いきいきサロン", "ひまわりサロン", "みまもり隊", "子ども食堂", "配食のかし"]
    )
    [himawari] = list_resources(existing, ResourceFilter(text="ひまわり"))
    assert himawari.participants == 12
    assert himawari.reading == "ヒマワリサロン"  # kept as typed, either script
    assert himawari.operator == "北町自治会"
    assert himawari.confirmed_on == date(2025, 4, 1)
    text = report.to_text()
    assert "登録した資源: 4件" in text
    assert "重複のため登録しなかった行: 2件" in text
    assert "空の行など飛ばした行: 1件" in text
    assert "エラーで登録できなかった行: 4件" in text
    assert "  6行目　名称がありません（名称を入れると取り込めます）。" in text
    assert "  8行目　4行目の「ひまわりサロン」と同じ" in text


def _data_rows(preview) -> int:
    return len(preview.sheet.rows) - preview.header_row - 1


@pytest.mark.parametrize("duplicates", ["skip", "merge"])
def test_each_row_is_counted_once(existing, messy, duplicates):
    """A script adding up the counts gets the number of data rows: nothing is counted twice."""
    preview = _preview(existing, messy)
    counted = run_import(existing, preview, duplicates=duplicates, dry_run=True).to_dict()
    rows = counted["imported"] + counted["skipped"]
    rows += len(counted["errors"]) + len(counted["duplicates"])
    assert rows == _data_rows(preview) == 11
    assert counted["merged"] <= len(counted["duplicates"])  # a merge is a duplicate too


def test_the_area_hint_follows_the_caller(existing, messy):
    rows = _by_row(_preview(existing, messy, area_hint=CLI_AREA_HINT))
    assert rows[9].reason == (
        "圏域「東地区」が登録されていません（--create-areas を付けると取り込めます）。"
    )
    report = import_file(existing, messy, dry_run=True)  # the command line's own hint
    [east] = [e for e in report.errors if e["row"] == 9]
    assert east["reason"] == rows[9].reason
    shown = import_file(existing, messy, dry_run=True, area_hint="画面で選んでください")
    assert {"row": 9, "reason": "圏域「東地区」が登録されていません（画面で選んでください）。"} in (
        shown.errors
    )


def test_the_report_still_comes_from_resource_import():
    assert ImportReport is resource_import_writer.ImportReport
    assert ImportReport().to_dict()["skipped"] == 0


def test_report_is_saved_for_notepad(existing, messy, tmp_path):
    report = run_import(existing, _preview(existing, messy))
    target = tmp_path / "結果.txt"
    report.save(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n\n" not in raw.replace(b"\r\n", b"")
    assert raw.decode("utf-8-sig").splitlines()[0] == "地域資源の取り込み結果"


def test_merge_fills_empty_fields_only(existing, tmp_path):
    path = xlsx(
        tmp_path / "merge.xlsx",
        [
            ["名称", "圏域", "住所", "参加費", "活動内容"],
            ["いきいきサロン", "北地区", "北町1-2", "200円", "お茶とおしゃべり"],
        ],
    )
    report = run_import(existing, _preview(existing, path), duplicates="merge")
    assert (report.imported, report.merged, report.skipped) == (0, 1, 0)
    assert report.duplicates == [{"row": 2, "of": "いきいきサロン"}]
    assert report.warnings == [
        {"row": 2, "reason": "登録済みの「いきいきサロン」の空欄（活動内容、住所）を埋めました。"}
    ]
    [row] = list_resources(existing)
    assert (row.address, row.description) == ("北町1-2", "お茶とおしゃべり")
    assert row.fee == "100円"  # a filled field is never overwritten
    assert list_resources(existing, ResourceFilter(text="おしゃべり"))  # search text follows


def test_merge_into_a_row_of_the_same_file(town, tmp_path):
    path = xlsx(
        tmp_path / "twice.xlsx",
        [["名称", "住所", "連絡先"], ["サロン", "北町1", ""], ["サロン", "南町2", "0120-1"]],
    )
    report = run_import(town, _preview(town, path), duplicates="merge")
    assert (report.imported, report.merged) == (1, 1)
    [row] = list_resources(town)
    assert (row.address, row.contact) == ("北町1", "0120-1")


def test_rows_are_written_in_batches_and_each_merge_stays_its_own_update(
    town, tmp_path, monkeypatch
):
    monkeypatch.setattr(resource_import_writer, "FLUSH_EVERY", 3)
    path = xlsx(
        tmp_path / "batches.xlsx",
        [
            ["名称", "圏域", "連絡先", "住所"],
            *[[name, "北地区"] for name in "ABCDE"],  # A-C written at once; D, E wait
            ["A", "北地区", "tel-A"],  # repeats a row already written
            ["E", "北地区", "tel-E"],  # repeats a row still waiting
            ["F", "東地区"],  # in an area the import creates
            ["F", "東地区", "tel-F"],
            ["F", "東地区", "tel-F2", "東町1"],  # only the address is still empty
        ],
    )
    report = run_import(town, _preview(town, path, create_areas=True), duplicates="merge")
    assert (report.imported, report.merged, report.created_areas) == (6, 4, ["東地区"])
    rows = {r.name: r for r in list_resources(town)}
    assert [rows[n].contact for n in "ABCDEF"] == ["tel-A", "", "", "", "tel-E", "tel-F"]
    assert rows["F"].address == "東町1"
    with town.session() as session:
        changes = {
            name: [
                (e.action, sorted(json.loads(e.changes)))
                for e in session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.record_uuid == rows[name].uuid)
                    .order_by(AuditEntry.id)
                )
            ]
            for name in "AEF"
        }
    for name in "AE":  # the insert first, then the merge as an update of its own
        assert [a for a, _fields in changes[name]] == ["insert", "update"]
        assert changes[name][1][1] == ["contact", "search_text"]
    assert changes["F"][1:] == [
        ("update", ["contact", "search_text"]),
        ("update", ["address", "search_text"]),
    ]


def test_duplicate_added_after_the_preview_is_still_caught(town, tmp_path):
    path = xlsx(tmp_path / "late.xlsx", [["名称"], ["あおぞら体操"]])
    preview = _preview(town, path)
    assert preview.counts["import"] == 1
    create_resource(town, ResourceInput("あおぞら体操"))  # another PC, meanwhile
    report = run_import(town, preview)
    assert report.imported == 0
    assert report.duplicates == [{"row": 2, "of": "あおぞら体操"}]
    assert count_resources(town) == 1


def test_import_is_all_or_nothing(existing, messy, monkeypatch):
    calls = []
    real = resource_import_writer.add_resource

    def failing(session, data, today=None, *, flush=True):
        calls.append(data.name)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(session, data, today, flush=flush)

    monkeypatch.setattr(resource_import_writer, "add_resource", failing)
    areas_before = [a.name for a in list_areas(existing)]
    with pytest.raises(ImportAborted) as caught:
        run_import(existing, _preview(existing, messy, create_areas=True))
    assert (
        "10行目のあたりで思わぬ問題が起きたため、取り込みを取り消しました" in caught.value.message
    )
    assert "1件も登録していません" in caught.value.message
    assert "RuntimeError" not in caught.value.message  # no English; the log has the details
    assert len(calls) == 3
    assert [r.name for r in list_resources(existing)] == ["いきいきサロン"]
    assert [a.name for a in list_areas(existing)] == areas_before  # 東地区 was not kept


def test_dry_run_reports_without_writing(existing, messy):
    report = run_import(existing, _preview(existing, messy), dry_run=True)
    assert report.imported == 4
    assert "試しに読んだだけです" in report.to_text()
    assert count_resources(existing) == 1


# --- CSV --------------------------------------------------------------------------------

CSV_TEXT = (
    "名称,フリガナ,分類,種類,開催日・頻度,時間,参加費,参加者数,圏域,状態,最終確認日\r\n"
    "いこいの場,イコイノバ,高齢者が参加する活動,通いの場,毎週月・木,１０：００～１２：００,"
    "１００円,２５,南地区,活動中,2025/4/1\r\n"
    "移送サービス,,サービス,移送,隔週,,,,北,休止,令和7年4月1日\r\n"
)


def test_cp932_csv(town, tmp_path):
    path = tmp_path / "shift_jis.csv"
    path.write_bytes(CSV_TEXT.encode("cp932"))
    preview = _preview(town, path)
    first, second = preview.verdicts
    assert (first.status, second.status) == ("import", "import")
    assert first.input.reading == "イコイノバ"
    assert (first.input.frequency, first.input.weekdays) == ("weekly", "月木")
    assert (first.input.starts_at, first.input.ends_at) == (time(10), time(12))
    assert second.input.category == "service"
    assert second.input.state == "paused"
    assert second.input.confirmed_on == date(2025, 4, 1)
    run_import(town, preview)
    [ikoi] = list_resources(town, ResourceFilter(text="いこい"))
    assert (ikoi.participants, ikoi.fee, ikoi.area_name) == (25, "100円", "南地区")


def test_utf8_bom_csv_with_tabs(town, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV_TEXT.replace(",", "\t").encode("utf-8"))
    sheet = table_files.read_sheets(path)[0]
    assert sheet.rows[0][0] == "名称"  # no BOM glued to the first header
    assert [v.status for v in _preview(town, path).verdicts] == ["import", "import"]


def test_control_characters_are_removed(town, tmp_path):
    path = tmp_path / "control.csv"
    path.write_text(
        "名称,備考\n見守り\x07隊\x00,メモ\x1b[31m赤\nふれあい喫茶,毎月の第3日曜に開いています\n",
        encoding="utf-8",
    )
    first, second = _preview(town, path).verdicts
    assert (first.status, second.status) == ("import", "import")
    assert (first.input.name, first.input.notes) == ("見守り隊", "メモ[31m赤")


def test_unreadable_time_goes_to_the_schedule_note(town, tmp_path):
    path = tmp_path / "time.csv"
    path.write_text("名称,開催日・頻度,時間\nA,毎週火曜,午前中\n", encoding="utf-8")
    [verdict] = _preview(town, path).verdicts
    assert verdict.status == "import"
    assert verdict.input.schedule_note == "毎週火曜 午前中"
    assert verdict.input.starts_at is None
    assert verdict.warnings == [
        "時間「午前中」は時刻として読めないため、開催日・頻度に書き写しました。"
    ]


def test_unknown_words_make_clear_errors(town, tmp_path):
    path = tmp_path / "words.csv"
    path.write_text(
        "名称,分類,状態,種別,未活用,参加者数\nA,なにか,おやすみ,謎の活動,たぶん,約30\n",
        encoding="utf-8",
    )
    [verdict] = _preview(town, path).verdicts
    assert verdict.status == "error"
    assert verdict.reason == (
        "分類「なにか」が読めません。「高齢者が参加する活動」「高齢者が利用するサービス」"
        "「実施主体」「場・拠点」のどれかにしてください。"
        "状態「おやすみ」が読めません。「活動中」「休止」「終了」「構想中」のどれかにしてください。"
        "未活用「たぶん」が読めません。「○」か「×」にしてください。"
        "参加者数は数字で入力してください（例: 1200）。"
    )
    assert verdict.warnings == ["種類「謎の活動」は一覧にないため「その他」にしました。"]


# --- properties -------------------------------------------------------------------------

_CELL = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20),  # control characters
    st.sampled_from(["R7.4.1", "令和7年4月", "第2・第4火曜", "10時～12時", "北", "○", "１２人"]),
    st.builds(lambda c, n: c * n, st.sampled_from("あ1\x00～"), st.integers(4990, 5000)),
)
_ALL_FIELDS = [f.key for f in FIELDS]
# Every field, and a second 活動内容 column next to the first: the two are joined into one.
_HEADER = list(_ALL_FIELDS)
_HEADER.insert(_HEADER.index("description"), "description")
_DESCRIPTIONS = [i for i, key in enumerate(_HEADER) if key == "description"]
_CHECK_NAME = "検算用の資源（最後の行）"
_ROW = st.lists(st.one_of(st.just(""), _CELL), min_size=len(_HEADER), max_size=len(_HEADER))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.one_of(_ROW, st.lists(_CELL, max_size=3)), min_size=1, max_size=4))
def test_any_cells_get_a_verdict(town, rows):
    sheet = table_files.SheetData("表", [list(_HEADER)])
    for row in rows:
        table_files._add_row(sheet, row)
    sheet.rows.append([_CHECK_NAME])  # a name and nothing else: imported whatever came before
    mapping = dict(enumerate(_HEADER))
    assert len(_DESCRIPTIONS) == 2
    for create in (False, True):
        preview = preview_import(town, sheet, 0, mapping, create_areas=create, today=TODAY)
        assert [v.row_number for v in preview.verdicts] == list(range(2, len(sheet.rows) + 1))
        *verdicts, check = preview.verdicts
        assert (check.status, check.reason, check.warnings) == ("import", "", [])
        assert check.input is not None and check.input.name == _CHECK_NAME
        for verdict, cells in zip(verdicts, sheet.rows[1:-1], strict=True):
            if verdict.status == "import":
                assert verdict.reason == "" and verdict.input is not None
            else:
                assert verdict.reason, verdict
            if verdict.status == "skip":
                assert verdict.input is None
            if verdict.status == "duplicate":
                assert verdict.input is not None and verdict.duplicate_of
                assert (verdict.duplicate_id is None) != (verdict.duplicate_row is None)
            if not any(cells):
                assert (verdict.status, verdict.reason) == ("skip", "空の行です。")
            elif not normalize(cells[0]):
                assert (verdict.status, verdict.reason, verdict.input) == (
                    "error",
                    "名称がありません（名称を入れると取り込めます）。",
                    None,
                )
            if verdict.input is not None:  # both 活動内容 columns, joined by a line break
                texts = [cells[i] for i in _DESCRIPTIONS if i < len(cells) and cells[i]]
                assert verdict.input.description == "\n".join(texts)
            if create:
                assert "が登録されていません" not in verdict.reason
