"""バックアップと復元 as a person uses it: make a copy, see it listed, restore it; and a
damaged database at start-up that ends at the restore offer with the damaged file kept."""

from __future__ import annotations

import argparse
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services.setup.areas import AreaInput, create_area, list_areas
from app.ui.setup.backups_page import BackupsPage
from tests.ui.resource_wizard_helpers import No, answer_message_boxes


@pytest.fixture
def page(qtbot, context):
    context.db.backups_dir = context.data_dir.backups  # as open_database sets it
    widget = BackupsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    widget.refresh()
    return widget


def _districts(db) -> set[str]:
    return {a.name for a in list_areas(db) if a.layer == 2}


def test_a_new_town_says_there_is_no_copy_yet(page):
    assert page.table.rowCount() == 0
    assert "まだバックアップはありません" in page.empty_label.text()
    assert not page.restore_button.isEnabled()


def test_make_a_copy_then_restore_it(qtbot, page, context, monkeypatch):
    asked = answer_message_boxes(monkeypatch)
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1
    assert "圏域 3" in page.table.item(0, 2).text() and page.table.item(0, 1).text() == "手動"
    create_area(context.db, AreaInput("東地区"))
    changes: list[str] = []
    context.records_changed.connect(changes.append)
    page.table.selectRow(0)
    assert page.restore_button.isEnabled()
    asked["answers"].append(No)  # the first time the person thinks better of it
    assert not page.restore_selected()
    assert _districts(context.db) == {"北地区", "南地区", "東地区"}
    page.table.selectRow(0)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "状態に戻しました" in page.status_label.text())
    assert _districts(context.db) == {"北地区", "南地区"}
    assert "" in changes  # every page is told to reload
    assert "復元の前" in {page.table.item(r, 1).text() for r in range(page.table.rowCount())}
    assert len(asked["questions"]) == 2 and "今の記録" in asked["questions"][0]


def test_the_page_as_a_person_sees_it(qtbot, page, tmp_path):
    page.make_backup()
    page.make_backup()
    page.table.selectRow(0)
    shot = page.grab()
    assert not shot.isNull()
    shot.save(str(tmp_path / "backups-page.png"))
    header = page.table.horizontalHeader()
    assert all(header.sectionSize(c) > 40 for c in range(page.table.columnCount()))


def test_damaged_database_at_start_offers_the_newest_backup(qtbot, tmp_path, monkeypatch):
    from app.main import main
    from app.ui import app as gui

    folder = tmp_path / "town"
    assert main(["--data-dir", str(folder), "demo"]) == 0
    assert main(["--data-dir", str(folder), "backup"]) == 0
    database = folder / "sasaeai.db"
    with database.open("r+b") as file:
        file.seek(database.stat().st_size // 2)
        file.write(os.urandom(8192))
    damaged = database.read_bytes()
    shown: list[str] = []

    def press_restore(box: QMessageBox) -> int:
        shown.append(box.text())
        restore_button = next(b for b in box.buttons() if "復元" in b.text())
        restore_button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_restore)
    args = argparse.Namespace(
        data_dir=folder, demo=False, database_url=None, verbose=False, self_test=False
    )
    window, context = gui._build_or_restore(args)
    qtbot.addWidget(window)
    assert shown and "壊れています" in shown[0] and "最新の正常なバックアップ" in shown[0]
    [kept] = folder.glob("sasaeai.damaged-*.db")
    assert kept.read_bytes() == damaged
    assert len(list_areas(context.db)) == 4
    window.close()
    context.db.dispose()


def test_the_self_test_never_waits_on_the_restore_question(tmp_path, monkeypatch, capsys):
    from app.main import main

    folder = tmp_path / "town"
    main(["--data-dir", str(folder), "demo"])
    (folder / "sasaeai.db").write_bytes(b"")
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("a dialog was shown"))
    assert main(["--data-dir", str(folder), "--self-test"]) == 1
    assert "空（0 バイト）" in capsys.readouterr().err
