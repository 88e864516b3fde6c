"""The main window on a set-up town: home progress per area, STEP pages, ticking a check."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.catalog import default_catalog
from app.services.guide.checklist import states_for_area
from app.services.setup.areas import list_areas
from app.ui.context import AppContext
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, town, data_dir):
    data_dir.write_preference("user_name", "テスト担当")
    context = AppContext(town, data_dir, default_catalog())
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.home.table.columnCount() == 3)
    return window


def test_home_shows_every_area_with_all_items_open(window):
    table = window.home.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["テスト町全域\n第1層・全域", "北地区\n第2層", "南地区\n第2層"]
    catalog = default_catalog()
    assert table.rowCount() == len(catalog.items)
    assert table.verticalHeaderItem(0).text().startswith("1-1")
    for row, item in enumerate(catalog.items):
        for column in range(3):
            assert table.item(row, column).text() == f"0 / {len(item.checks)}"
    assert "テスト町" in window.home.heading.text()
    assert "1-1" in window.home.next_label.text()
    assert "テスト町" in window.windowTitle()


def test_area_selector_lists_the_whole_town_and_each_district(window):
    combo = window.area_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "全域（テスト町全域）",
        "北地区",
        "南地区",
    ]


def test_ticking_a_check_stores_it_for_the_chosen_area(qtbot, window, town):
    north = next(a for a in list_areas(town) if a.name == "北地区")
    window.area_combo.setCurrentIndex(window.area_combo.findData(north.id))
    window.open_item("1-2", north.id)
    page = window.step_item
    assert window.stack.currentWidget() is page
    item = default_catalog().item("1-2")
    key = item.checks[1].key
    qtbot.mouseClick(page.check_boxes[key], Qt.MouseButton.LeftButton)
    state = states_for_area(town, north.id)[key]
    assert state.done and state.done_on is not None
    # the home page picks the change up
    qtbot.waitUntil(lambda: window.home.table.item(1, 1).text() == f"1 / {len(item.checks)}")
    assert window.home.table.item(1, 2).text() == f"0 / {len(item.checks)}"


def test_step_item_page_shows_points_checks_and_examples_with_sources(window):
    window.open_item("2-2", window.context.area_id)
    page = window.step_item
    texts = " ".join(label.text() for label in page.findChildren(type(window.home.heading)))
    item = default_catalog().item("2-2")
    assert item.title in texts
    assert item.points[0][:10] in texts
    assert all(check.text in texts for check in item.checks)
    for example in item.examples:
        assert example.town in texts
        assert "出典" in texts


def test_navigation_opens_each_page(qtbot, window):
    for key, page in [
        (("step", 1), window.step_overview),
        (("page", "settings"), window.settings_page),
        (("page", "areas"), window.areas_page),
        (("page", "organizations"), window.organizations_page),
        (("page", "people"), window.people_page),
        (("page", "home"), window.home),
    ]:
        window.nav.setCurrentItem(window._nav_items[key])
        assert window.stack.currentWidget() is page


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_them(
    qtbot, window, monkeypatch, type_japanese
):
    from app.ui.setup import record_page

    window.show_page("people")
    page = window.people_page
    page.new_record()
    type_japanese(page.fields["name"], "未保存 太郎")
    asked = []
    monkeypatch.setattr(
        record_page,
        "ask_save_changes",
        lambda _parent, what: asked.append(what) or record_page.Choice.CANCEL,
    )
    window.show_page("home")  # switching pages keeps the edit in its page
    assert not window.close()
    assert asked and window.isVisible()
    assert window.stack.currentWidget() is page
    assert page.fields["name"].text() == "未保存 太郎"


def test_qt_standard_buttons_speak_japanese(qapp):
    from PySide6.QtCore import QCoreApplication

    from app.ui.fonts import install_japanese_translations

    assert install_japanese_translations(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"


def _note_button(page, row):
    from PySide6.QtWidgets import QPushButton

    buttons = [b for b in page.findChildren(QPushButton) if b.text() == "実施日・メモ"]
    return buttons[row]


def test_note_dialog_records_date_and_note_and_refuses_a_huge_paste(
    qtbot, window, town, type_japanese
):
    from datetime import date, timedelta

    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from app.domain.wareki import format_wareki

    area_id = window.context.area_id
    window.open_item("1-1", area_id)
    page = window.step_item
    key = default_catalog().item("1-1").checks[0].key
    seen = {}

    def save(dialog):
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )

    def second_try():
        dialog = QApplication.activeModalWidget()
        seen["error"] = dialog.errors_label.text()
        dialog.note_edit.setPlainText("社協と打合せをした")
        save(dialog)

    when = date.today() - timedelta(days=30)

    def first_try():
        dialog = QApplication.activeModalWidget()
        dialog.date_edit.setDate(QDate(when.year, when.month, when.day))
        dialog.note_edit.setFocus()
        type_japanese(dialog.note_edit, "長" * 5000)
        QTimer.singleShot(0, second_try)
        save(dialog)

    QTimer.singleShot(0, first_try)
    qtbot.mouseClick(_note_button(page, 0), Qt.MouseButton.LeftButton)

    assert "2000文字以内" in seen["error"]
    state = states_for_area(town, area_id)[key]
    assert state.done and state.done_on == when
    assert state.note == "社協と打合せをした"
    assert f"{format_wareki(when)} 済（メモあり）" in page.when_labels[key].text()


def test_ticking_an_item_another_pc_just_recorded_shows_a_conflict(
    qtbot, window, town, monkeypatch
):
    """The page rebuilds after the message; it must not crash while its own box is clicked."""
    from PySide6.QtWidgets import QMessageBox

    from app.services.guide.checklist import set_check

    area_id = window.context.area_id
    window.open_item("1-4", area_id)
    page = window.step_item
    key = default_catalog().item("1-4").checks[0].key
    set_check(town, area_id, key, True, note="別の PC で記録")  # behind the page's back
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    qtbot.mouseClick(page.check_boxes[key], Qt.MouseButton.LeftButton)
    assert shown and "ほかの人" in shown[0]
    qtbot.waitUntil(lambda: page.check_boxes[key].isChecked())  # rebuilt from the database
    assert states_for_area(town, area_id)[key].note == "別の PC で記録"


def test_resources_page_is_in_the_navigation(qtbot, window):
    window.nav.setCurrentItem(window._nav_items[("page", "resources")])
    assert window.stack.currentWidget() is window.resources_page


def test_export_writes_the_filtered_list(qtbot, window, town, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.services.resources.importing import open_table
    from app.services.resources.resource import ResourceInput, create_resource

    create_resource(town, ResourceInput("カフェひだまり", kinds=("salon",), reading="かふぇ"))
    create_resource(town, ResourceInput("いきいき体操", kinds=("exercise",)))
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    window.show_page("resources")
    page = window.resources_page
    page.filters.search.setText("かふぇ")
    qtbot.waitUntil(lambda: not page.is_busy() and page.model.rowCount() == 1)
    window.export_resources()
    qtbot.waitUntil(lambda: "書き出しました" in window.statusBar().currentMessage())
    rows = open_table(target).sheets[0].rows
    assert [r[0] for r in rows[1:]] == ["カフェひだまり"]


def test_export_suggests_documents_then_the_last_folder(
    qtbot, window, town, data_dir, tmp_path, monkeypatch
):
    from datetime import date

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    documents = tmp_path / "ドキュメント"
    documents.mkdir()
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(
        QStandardPaths,
        "writableLocation",
        lambda where: (
            str(documents)
            if where == QStandardPaths.StandardLocation.DocumentsLocation
            else real(where)
        ),
    )
    suggested: list[str] = []
    answers: list[str] = []

    def save_as(_parent, _title, path, _filters):
        suggested.append(path)
        return (answers.pop(0), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    name = f"地域資源_{date.today():%Y%m%d}.xlsx"

    answers.append("")  # the person cancels: nothing is remembered
    window.export_resources()
    assert suggested[-1] == str(documents / name)  # not the hidden data folder
    assert "last_export_dir" not in data_dir.read_preferences()

    chosen = tmp_path / "書き出し"
    chosen.mkdir()
    answers.append(str(chosen / "一覧.xlsx"))
    window.export_resources()
    qtbot.waitUntil(lambda: "書き出しました" in window.statusBar().currentMessage())
    assert data_dir.read_preferences()["last_export_dir"] == str(chosen)

    answers.append("")
    window.export_resources()
    assert suggested[-1] == str(chosen / name)  # the folder used last time

    chosen.joinpath("一覧.xlsx").unlink()
    chosen.rmdir()  # the folder has gone since: back to the documents
    answers.append("")
    window.export_resources()
    assert suggested[-1] == str(documents / name)


def test_home_shows_resources_due_for_confirmation_and_opens_them(qtbot, window, town):
    from datetime import date, timedelta

    from app.services.resources.resource import ResourceInput, create_resource

    create_resource(town, ResourceInput("古い確認", confirmed_on=date.today() - timedelta(400)))
    create_resource(town, ResourceInput("最近の確認", confirmed_on=date.today()))
    window.context.notify_changed("resource")
    qtbot.waitUntil(lambda: "1件" in window.home.due_label.text())
    assert window.home.due_button.isVisible()
    qtbot.mouseClick(window.home.due_button, Qt.MouseButton.LeftButton)
    page = window.resources_page
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: not page.is_busy() and page.model.rowCount() == 1)
    assert page.model.row_at(0).name == "古い確認"


def test_home_hides_the_due_line_when_nothing_is_due(window):
    assert not window.home.due_button.isVisible()


def test_step_page_evidence_links_open_the_council_and_new_meeting_buttons(qtbot, window, town):
    from datetime import date

    from app.services.councils.council import CouncilInput, create_council

    north = next(a.id for a in list_areas(town) if a.name == "北地区")
    council = create_council(
        town,
        CouncilInput(
            "北地区支え合い会議",
            2,
            north,
            status="active",
            established_on=date(2026, 4, 1),
            bylaws="北地区支え合い会議設置要綱",
        ),
    )
    window.open_item("1-3", north)
    label = window.step_item.evidence_labels["1-3-b"]
    assert "北地区支え合い会議" in label.text() and "設置済み" in label.text()
    label.linkActivated.emit(f"council:{council.id}")
    assert window.stack.currentWidget() is window.meetings_page
    page = window.meetings_page
    qtbot.waitUntil(lambda: page.current_council() is not None)
    assert page.current_council().id == council.id

    window.open_item("1-2", north)
    window.step_item.open_record.emit("meeting", 0)
    dialog = window.meetings_page.dialog
    assert dialog.kind_combo.currentData() == "round_table"
    dialog.reject()


def test_issue_pages_are_reached_from_the_nav_step_pages_and_the_maps(qtbot, window, town):
    from app.services.issues.issue import IssueInput, create_issue
    from app.services.resources.resource import ResourceInput, create_resource

    north = next(a.id for a in list_areas(town) if a.name == "北地区")
    issue = create_issue(town, IssueInput("買い物に行けない", (north,), kinds=("shopping",)))
    bus = create_resource(
        town, ResourceInput("買い物バス", category="service", kinds=("shopping",), area_id=north)
    )
    assert window._nav_items[("page", "issues")].text(0) == "地域課題"
    window.open_item("2-2", north)
    window.step_item.open_record.emit("issue", issue.id)
    assert window.stack.currentWidget() is window.issues_page
    qtbot.waitUntil(lambda: window.issues_page.current_row() is not None)
    assert window.issues_page.current_row().id == issue.id

    window.open_item("2-4", north)
    window.step_item.open_record.emit("maps", 0)
    assert window.stack.currentWidget() is window.issue_maps_page
    window.issue_maps_page.open_resource.emit(bus.id)
    assert window.stack.currentWidget() is window.resources_page
    page = window.resources_page
    qtbot.waitUntil(lambda: page.current_row() is not None and page.current_row().id == bus.id)


def test_step3_pages_open_the_initiatives_and_its_wizard(qtbot, window, town, monkeypatch):
    from app.ui.initiatives import page as initiatives_page

    opened = []
    monkeypatch.setattr(
        initiatives_page.InitiativesPage, "new_initiative", lambda p: opened.append(p)
    )
    north = next(a.id for a in list_areas(town) if a.name == "北地区")
    window.open_item("3-3", north)
    window.step_item.open_record.emit("initiative", 0)
    assert window.stack.currentWidget() is window.initiatives_page and opened
    assert window._nav_items[("page", "initiatives")].text(0) == "取組"
