"""The import wizard, driven as a person would: choose a file, check, import, save the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from app.services.resources.resource import (
    ResourceFilter,
    ResourceInput,
    create_resource,
    list_resources,
)
from app.services.setup.areas import list_areas
from app.ui.resources.import_models import STATUS_COLOURS
from app.ui.resources.import_wizard import (
    FILE_PAGE,
    MAPPING_PAGE,
    PREVIEW_PAGE,
    RESULT_PAGE,
    SHEET_PAGE,
    ResourceImportWizard,
)
from app.ui.resources.import_wizard_pages import CREATE_AREAS, NOT_IMPORTED

NEXT = QWizard.WizardButton.NextButton
COMMIT = QWizard.WizardButton.CommitButton
FINISH = QWizard.WizardButton.FinishButton


def _messy(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "資源"
    rows = [
        ["令和7年度 地域資源一覧"],
        [],
        ["名称", "種別", "開催日・頻度", None, "参加者数", "圏域", "最終確認日", "メモ欄"],
        ["ひまわりサロン", "サロン", "毎週火曜", "10時～12時", "１２", "北", "R7.4.1", "x"],
        [],
        [None, "配食"],
        ["いきいきサロン", "サロン", None, None, None, "北地区"],
        ["買い物バス", "移送", "隔週", None, 5, "東地区", "令和7年4月"],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:H1")
    sheet.merge_cells("C3:D3")
    workbook.save(path)
    return path


@pytest.fixture
def wizard(qtbot, context):
    north = next(a for a in list_areas(context.db) if a.name == "北地区")
    create_resource(context.db, ResourceInput("いきいきサロン", area_id=north.id))
    widget = ResourceImportWizard(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _click(qtbot, wizard, which) -> None:
    button = wizard.button(which)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _tick(qtbot, button) -> None:
    """Click a check box or radio button on its box (its text may not fill the widget)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _wait_page(qtbot, wizard, page_id: int) -> None:
    qtbot.waitUntil(lambda: wizard.currentId() == page_id and not wizard.busy, timeout=10_000)


def test_import_a_messy_workbook(qtbot, wizard, context, tmp_path, monkeypatch):
    path = _messy(tmp_path / "地域資源一覧.xlsx")
    changed: list[str] = []
    context.records_changed.connect(changed.append)

    assert not wizard.button(NEXT).isEnabled()  # nothing chosen yet
    wizard.file_page.path_edit.setText(str(path))
    _click(qtbot, wizard, NEXT)
    _wait_page(qtbot, wizard, SHEET_PAGE)

    page = wizard.sheet_page
    assert page.sheet_combo.currentData() == "資源"
    assert page.header_spin.value() == 3  # found below the title and the blank row
    assert page.grid_model.rowCount() == 8
    assert page.grid_model.headerData(2, Qt.Orientation.Vertical) == "見出し→ 3"
    _click(qtbot, wizard, NEXT)
    _wait_page(qtbot, wizard, MAPPING_PAGE)

    combos = wizard.mapping_page.combos
    assert [c.currentData() for c in combos] == [
        "name",
        "kinds",
        "schedule_note",
        "schedule_note",  # under the merged header
        "participants",
        "area",
        "confirmed_on",
        "notes",  # メモ欄
    ]
    combos[3].setCurrentIndex(combos[3].findData("time"))  # every guess can be changed
    combos[7].setCurrentIndex(combos[7].findText(NOT_IMPORTED))
    _click(qtbot, wizard, NEXT)
    _wait_page(qtbot, wizard, PREVIEW_PAGE)

    preview = wizard.preview_page
    verdicts = {v.row_number: (v.status, v.reason) for v in wizard.preview.verdicts}
    assert verdicts == {
        4: ("import", ""),
        5: ("skip", "空の行です。"),
        6: ("error", "名称がありません（名称を入れると取り込めます）。"),
        7: ("duplicate", "すでに登録されている「いきいきサロン」と同じ名称・圏域です。"),
        8: (
            "error",
            "圏域「東地区」が登録されていません（「登録されていない圏域は、第2層の圏域として"
            "新しく作る」にチェックを入れると取り込めます）。",
        ),
    }
    assert f"「{CREATE_AREAS}」にチェック" in verdicts[8][1]  # the hint names the check box
    assert preview.counts_label.text() == "取り込む 1件　重複 1件　エラー 2件　飛ばす 1件"
    model = preview.model
    assert model.rowCount() == 5
    colour = model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole).color().name()
    assert colour == STATUS_COLOURS["error"]
    assert model.data(model.index(2, 3)) == "名称がありません（名称を入れると取り込めます）。"
    preview.filter_combo.setCurrentIndex(preview.filter_combo.findData("error"))
    assert model.rowCount() == 2

    _tick(qtbot, preview.create_areas_check)  # re-runs the preview
    qtbot.waitUntil(lambda: wizard.preview.create_areas and not wizard.busy, timeout=10_000)
    assert preview.counts_label.text() == "取り込む 2件　重複 1件　エラー 1件　飛ばす 1件"
    _tick(qtbot, preview.merge_radio)
    _click(qtbot, wizard, COMMIT)
    _wait_page(qtbot, wizard, RESULT_PAGE)

    result = wizard.result_page
    assert result.summary_label.text().startswith("2件を登録しました。")
    assert "新しく作った圏域: 東地区" in result.text.toPlainText()
    assert "resource" in changed and "area" in changed

    target = tmp_path / "結果.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(result.save_button, Qt.MouseButton.LeftButton)
    assert target.read_text(encoding="utf-8-sig").startswith("地域資源の取り込み結果")
    assert result.saved_label.text() == f"保存しました: {target}"

    _click(qtbot, wizard, FINISH)
    assert not wizard.isVisible()
    rows = {r.name: r for r in list_resources(context.db, ResourceFilter(), limit=None)}
    assert set(rows) == {"いきいきサロン", "ひまわりサロン", "買い物バス"}
    himawari = rows["ひまわりサロン"]
    assert (himawari.participants, himawari.area_name, himawari.weekdays) == (12, "北地区", "火")
    assert f"{himawari.starts_at:%H:%M}～{himawari.ends_at:%H:%M}" == "10:00～12:00"
    assert rows["買い物バス"].area_name == "東地区"
    assert rows["いきいきサロン"].kinds == ("salon",)  # merged: its empty 種類 was filled


def test_a_file_that_is_not_a_spreadsheet_stays_on_the_first_page(qtbot, wizard, tmp_path):
    path = tmp_path / "写真.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    wizard.file_page.path_edit.setText(str(path))
    _click(qtbot, wizard, NEXT)
    qtbot.waitUntil(lambda: wizard.file_page.error_label.isVisible(), timeout=10_000)
    assert wizard.currentId() == FILE_PAGE
    assert wizard.file_page.error_label.text().startswith("「写真.xlsx」は表計算ファイル")
    assert wizard.button(NEXT).isEnabled()  # fix the path and try again


def test_browse_button_and_a_mapping_without_a_name(qtbot, wizard, tmp_path, monkeypatch):
    path = tmp_path / "list.csv"
    path.write_text("名称,住所\nサロン,北町1\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    assert wizard.file_page.path() == str(path)
    _click(qtbot, wizard, NEXT)
    _wait_page(qtbot, wizard, SHEET_PAGE)
    _click(qtbot, wizard, NEXT)
    _wait_page(qtbot, wizard, MAPPING_PAGE)
    wizard.mapping_page.combos[0].setCurrentIndex(0)  # 取り込まない
    _click(qtbot, wizard, NEXT)
    assert wizard.currentId() == MAPPING_PAGE
    assert wizard.mapping_page.error_label.text() == (
        "「名称」の列を選んでください。名称のない行は取り込めません。"
    )
