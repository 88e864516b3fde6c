"""The 地域資源 list driven as a coordinator would: search, filters, paging, confirm, trash."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from app.domain.wareki import format_wareki, format_wareki_short
from app.services.resources.resource import (
    ResourceInput,
    add_resource,
    create_resource,
    get_resource,
    list_resources,
)
from app.services.setup.areas import list_areas
from app.ui.resources import page as resources_page
from app.ui.resources.list_model import AMBER, CONFIRMED, NAME
from app.ui.resources.page import EMPTY_TEXT, NO_HITS_TEXT, ResourcesPage
from tests.ui.page_helpers import open_page
from tests.ui.resource_wizard_helpers import go_to

TODAY = date.today()


def area_id(db, name: str) -> int:
    return next(a.id for a in list_areas(db) if a.name == name)


def add(db, name: str, reading: str = "", kinds=("salon",), **more):
    more.setdefault("confirmed_on", TODAY)
    return create_resource(db, ResourceInput(name, kinds=tuple(kinds), reading=reading, **more))


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=10_000)


def names(page) -> list[str]:
    return [row.name for row in page.model.rows()]


def select(qtbot, page, name: str) -> None:
    row = names(page).index(name)
    rect = page.table.visualRect(page.model.index(row, NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_row().name == name


def search(qtbot, page, type_japanese, text: str) -> None:
    page.filters.search.clear()
    type_japanese(page.filters.search, text)
    settle(qtbot, page)


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


@pytest.fixture
def answers(monkeypatch):
    """QMessageBox.question answers Yes (or what the test puts first) and is recorded."""
    record: dict = {"asked": [], "next": []}

    def question(_parent, _title, text, *_args, **_kwargs):
        record["asked"].append(text)
        return record["next"].pop(0) if record["next"] else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return record


@pytest.fixture
def inventory(town):
    north, south = area_id(town, "北地区"), area_id(town, "南地区")
    add(town, "わかば配食", "わかばはいしょく", ("meals",), area_id=south, category="service")
    add(town, "認知症カフェ", "にんちしょうかふぇ", ("salon", "consultation"), area_id=north)
    add(town, "あおぞら体操", "あおぞらたいそう", ("exercise",), area_id=north, state="paused")
    add(town, "見守り隊", "みまもりたい", ("watching",), area_id=south, confirmed_on=None)
    add(
        town,
        "北町公民館",
        "きたまちこうみんかん",
        ("other",),
        area_id=north,
        category="place",
        confirmed_on=TODAY - timedelta(days=500),
        confirmed_by="佐藤",
    )
    return town


@pytest.fixture
def page(qtbot, context, inventory) -> ResourcesPage:
    page = open_page(qtbot, ResourcesPage(context))
    settle(qtbot, page)
    return page


# ---------------------------------------------------------------------- the list


def test_empty_town_says_how_to_start(qtbot, context):
    page = open_page(qtbot, ResourcesPage(context))
    settle(qtbot, page)
    assert page.TITLE == "地域資源"
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == EMPTY_TEXT
    assert not page.edit_button.isEnabled() and not page.trash_button.isEnabled()


def test_rows_are_in_gojuon_order(page):
    assert names(page) == ["あおぞら体操", "北町公民館", "認知症カフェ", "見守り隊", "わかば配食"]
    assert page.count_label.text() == "5件"
    model = page.model
    assert model.data(model.index(1, CONFIRMED)) == format_wareki_short(TODAY - timedelta(500))
    assert model.data(model.index(3, CONFIRMED)) == "未確認"


def test_hiragana_finds_katakana(qtbot, page, type_japanese):
    search(qtbot, page, type_japanese, "かふぇ")
    assert names(page) == ["認知症カフェ"]
    assert page.count_label.text() == "1件"


def test_a_two_character_query(qtbot, page, type_japanese):
    search(qtbot, page, type_japanese, "見守")
    assert names(page) == ["見守り隊"]


def test_search_waits_for_a_pause_in_typing(qtbot, page, type_japanese):
    type_japanese(page.filters.search, "わかば")
    assert page.filters.pending()  # nothing asked yet: the debounce is running
    assert len(names(page)) == 5
    settle(qtbot, page)
    assert names(page) == ["わかば配食"]


def test_no_hits(qtbot, page, type_japanese):
    search(qtbot, page, type_japanese, "存在しない資源")
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == NO_HITS_TEXT
    assert page.count_label.text() == ""
    page.filters.search.clear()
    settle(qtbot, page)
    assert page.list_stack.currentWidget() is page.table


def test_filters(qtbot, page):
    filters = page.filters
    choose(filters.area_combo, "南地区")
    settle(qtbot, page)
    assert names(page) == ["見守り隊", "わかば配食"]
    choose(filters.area_combo, "すべての圏域")
    choose(filters.category_combo, "場・拠点")
    settle(qtbot, page)
    assert names(page) == ["北町公民館"]
    choose(filters.category_combo, "すべての見方")
    choose(filters.kind_combo, "相談")
    settle(qtbot, page)
    assert names(page) == ["認知症カフェ"]
    choose(filters.kind_combo, "すべての種類")
    choose(filters.state_combo, "休止")
    settle(qtbot, page)
    assert names(page) == ["あおぞら体操"]
    assert page.current_filter().state == "paused"


def test_area_filter_follows_the_toolbar(qtbot, context, town, page):
    context.set_area(area_id(town, "北地区"))
    settle(qtbot, page)
    assert page.filters.area_combo.currentText() == "北地区"
    assert names(page) == ["あおぞら体操", "北町公民館", "認知症カフェ"]
    context.set_area(area_id(town, "テスト町全域"))  # 第1層: the whole town
    settle(qtbot, page)
    assert page.filters.area_combo.currentText() == "すべての圏域"
    assert len(names(page)) == 5


def test_needs_confirmation_filter_and_amber_rows(qtbot, page):
    model = page.model
    amber = [
        r.name
        for i, r in enumerate(model.rows())
        if model.data(model.index(i, NAME), Qt.ItemDataRole.BackgroundRole) is not None
    ]
    assert amber == ["北町公民館", "見守り隊"]
    assert model.data(model.index(1, NAME), Qt.ItemDataRole.BackgroundRole).color() == AMBER
    assert page.filters.days_spin.value() == 365
    page.filters.unconfirmed_check.setChecked(True)
    settle(qtbot, page)
    assert names(page) == ["北町公民館", "見守り隊"]
    page.filters.days_spin.setValue(600)
    settle(qtbot, page)
    assert names(page) == ["見守り隊"]  # never confirmed is always due


def kana_number(n: int) -> str:
    """000 → あああ, 451 → おかい: digits as kana in 五十音 order, so readings sort by n."""
    return "".join("あいうえおかきくけこ"[int(d)] for d in f"{n:03d}")


def test_fetch_more_pages_in_rows(qtbot, context, town):
    with town.session() as session:
        for n in range(450):
            add_resource(session, ResourceInput(f"資源{n:03d}", reading=f"しげん{kana_number(n)}"))
        session.commit()
    page = open_page(qtbot, ResourcesPage(context))
    settle(qtbot, page)
    assert page.model.rowCount() == 200
    assert page.count_label.text() == "450件中 200件を表示"
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 400, timeout=10_000)
    settle(qtbot, page)
    assert page.count_label.text() == "450件中 400件を表示"
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 450, timeout=10_000)
    settle(qtbot, page)
    assert page.count_label.text() == "450件"
    assert names(page) == [f"資源{n:03d}" for n in range(450)]
    assert not page.model.canFetchMore(page.model.index(-1, -1))


def test_the_newest_query_wins(qtbot, page, monkeypatch):
    calls = []
    monkeypatch.setattr(
        resources_page,
        "run_in_background",
        lambda work, done, failed, receiver: calls.append((work, done)),
    )
    page.filters.search.setText("かふぇ")
    page.filters.flush()
    page.filters.search.setText("見守")
    page.filters.flush()
    (old_work, old_done), (new_work, new_done) = calls
    new_done(new_work())
    old_done(old_work())  # arrives late: dropped
    assert names(page) == ["見守り隊"]


def test_refreshes_when_records_change(qtbot, context, town, page):
    add(town, "いきいきサロン", "いきいきさろん")
    context.notify_changed("resource")
    settle(qtbot, page)
    assert "いきいきサロン" in names(page)


# ---------------------------------------------------------------------- the detail pane


def test_detail_pane_shows_the_chosen_resource(qtbot, page):
    assert "選ぶと" in page.detail.toPlainText()
    select(qtbot, page, "北町公民館")
    text = page.detail.toPlainText()
    assert "北町公民館" in text and "場・拠点" in text and "北地区" in text
    assert f"{format_wareki(TODAY - timedelta(days=500))}（佐藤）" in text
    select(qtbot, page, "見守り隊")
    assert "まだ確認していません" in page.detail.toPlainText()


# ---------------------------------------------------------------------- actions


def test_confirm_updates_the_date(qtbot, town, page):
    today = date.today()  # not the module's TODAY: a run may pass midnight
    select(qtbot, page, "見守り隊")
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    row = page.model.find_row(page.current_row().id)
    assert page.model.data(page.model.index(row, CONFIRMED)) == format_wareki_short(today)
    assert page.model.data(page.model.index(row, NAME), Qt.ItemDataRole.BackgroundRole) is None
    saved = get_resource(town, page.current_row().id)
    assert (saved.confirmed_on, saved.confirmed_by) == (today, "テスト担当")
    assert "確認済みにしました" in page.message_label.text()
    assert f"{format_wareki(today)}（テスト担当）" in page.detail.toPlainText()


def test_trash_asks_then_removes(qtbot, town, page, answers):
    select(qtbot, page, "わかば配食")
    answers["next"] = [QMessageBox.StandardButton.No]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert "「わかば配食」をごみ箱へ移しますか" in answers["asked"][0]
    assert len(list_resources(town)) == 5
    qtbot.mouseClick(page.trash_button, Qt.MouseButton.LeftButton)  # Yes this time
    settle(qtbot, page)
    assert "わかば配食" not in names(page)
    assert [r.name for r in list_resources(town)] == names(page)
    assert page.current_row() is not None  # the neighbour is chosen, to go on with the keys


def test_new_resource_through_the_wizard(qtbot, town, page, answers, type_japanese):
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = page.wizard
    assert wizard is not None and wizard.isVisible() and wizard.resource is None
    wizard.kinds_page.boxes["hobby"].setChecked(True)
    wizard.next()
    wizard.next()
    type_japanese(wizard.basics_page.name_edit, "いきいき麻雀")
    wizard.basics_page.reading_edit.setText("いきいきまーじゃん")
    while wizard.currentPage() is not wizard.review_page:
        wizard.next()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert "いきいき麻雀" in names(page)
    assert page.current_row().name == "いきいき麻雀"
    assert page.message_label.text() == "「いきいき麻雀」を登録しました。"


def test_enter_edits_the_chosen_resource(qtbot, town, page, type_japanese):
    select(qtbot, page, "あおぞら体操")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    wizard = page.wizard
    assert wizard.resource.name == "あおぞら体操"
    wizard.next()
    wizard.next()
    wizard.basics_page.name_edit.clear()
    type_japanese(wizard.basics_page.name_edit, "あおぞら体操クラブ")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert "あおぞら体操クラブ" in names(page)
    assert page.current_row().name == "あおぞら体操クラブ"


def test_ctrl_f_goes_to_the_search_box(qtbot, page):
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filters.search.hasFocus()


def test_import_and_export_are_handed_to_the_main_window(qtbot, page):
    with qtbot.waitSignal(page.import_requested):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.export_requested):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)


# ---------------------------------------------------------------------- keeping the place


def many(town, count: int = 450) -> None:
    with town.session() as session:
        for n in range(count):
            reading = f"しげん{kana_number(n)}"
            add_resource(session, ResourceInput(f"資源{n:03d}", kinds=("salon",), reading=reading))
        session.commit()


def scroll_to_row(qtbot, page, row: int) -> None:
    """Scroll down as a person does until `row` is loaded, then click it."""
    while page.model.rowCount() <= row:
        loaded = page.model.rowCount()
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda n=loaded: page.model.rowCount() > n, timeout=10_000)
        settle(qtbot, page)
    page.table.scrollTo(page.model.index(row, NAME))
    select(qtbot, page, f"資源{row:03d}")


def detail_matches_selection(page) -> bool:
    chosen = page.current_row()
    rows = page.table.selectionModel().selectedRows()
    return (
        chosen is not None
        and [i.row() for i in rows] == [page.table.currentIndex().row()]
        and page.detail.toPlainText().startswith(chosen.name)
    )


def test_trash_far_down_keeps_the_place(qtbot, context, town, answers):
    many(town)
    page = open_page(qtbot, ResourcesPage(context))
    settle(qtbot, page)
    scroll_to_row(qtbot, page, 300)
    assert page.model.rowCount() == 400
    qtbot.mouseClick(page.trash_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert "資源300" not in names(page)
    assert page.model.rowCount() == 400  # as far as it had been read, not back to 200
    assert page.current_row().name == "資源301"  # the row that took its place
    assert page.table.currentIndex().row() == 300
    assert detail_matches_selection(page)
    assert page.count_label.text() == "449件中 400件を表示"


def test_an_edit_far_down_stays_chosen(qtbot, context, town, answers, type_japanese):
    many(town)
    page = open_page(qtbot, ResourcesPage(context))
    settle(qtbot, page)
    scroll_to_row(qtbot, page, 300)
    page.edit_current()
    wizard = page.wizard
    go_to(qtbot, wizard, wizard.basics_page)
    wizard.basics_page.name_edit.clear()
    type_japanese(wizard.basics_page.name_edit, "資源300（改称）")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.model.rowCount() == 400
    assert page.current_row().name == "資源300（改称）"
    assert page.table.currentIndex().row() == 300
    assert detail_matches_selection(page)

    # Renamed to sort last, beyond the rows read so far: the list reads on to it.
    page.edit_current()
    wizard = page.wizard
    go_to(qtbot, wizard, wizard.basics_page)
    wizard.basics_page.reading_edit.clear()
    type_japanese(wizard.basics_page.reading_edit, "んんん")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.current_row().name == "資源300（改称）"
    assert page.table.currentIndex().row() == 449
    assert detail_matches_selection(page)
    assert page.count_label.text() == "450件"


# ---------------------------------------------------------------------- the keyboard


def test_down_and_enter_go_from_the_search_to_the_list(qtbot, page, type_japanese):
    page.focus_search()
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.current_row().name == "あおぞら体操"  # the first row
    assert detail_matches_selection(page)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.current_row().name == "北町公民館"
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filters.search.hasFocus()

    type_japanese(page.filters.search, "かふぇ")
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)  # searches now, then goes down
    settle(qtbot, page)
    assert names(page) == ["認知症カフェ"]
    assert page.table.hasFocus()
    assert page.current_row().name == "認知症カフェ"
    assert detail_matches_selection(page)


def test_no_rows_leaves_the_cursor_in_the_search(qtbot, page, type_japanese):
    type_japanese(page.filters.search, "存在しない資源")
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Down)
    settle(qtbot, page)
    assert page.filters.search.hasFocus()
    assert page.current_row() is None


def test_typing_the_days_waits_for_a_pause(qtbot, page):
    filters = page.filters
    filters.unconfirmed_check.setChecked(True)
    settle(qtbot, page)
    asked: list[int | None] = []
    filters.changed.connect(lambda: asked.append(filters.current().unconfirmed_days))
    filters.days_spin.setFocus()
    filters.days_spin.selectAll()
    qtbot.keyClicks(filters.days_spin, "600")  # 6, 60, 600: one query, not three
    assert asked == [] and page.is_busy()
    settle(qtbot, page)
    assert asked == [600]
    assert names(page) == ["見守り隊"]
    assert page.model.confirm_days == 600
