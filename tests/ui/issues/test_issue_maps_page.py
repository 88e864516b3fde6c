"""課題の整理 as a coordinator uses it: the urgency × area grid, the needs × resources map, and
matching a resource to the issues it could answer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.issues.issue import IssueInput, create_issue, get_issue
from app.services.resources.resource import ResourceInput, create_resource
from app.services.setup.areas import list_areas
from app.ui.issues.maps_page import IssueMapsPage
from app.ui.issues.needs_map_tab import ACTIVE, GAP, GAP_TEXT, ISSUES, KIND, UNUSED
from app.ui.resources.issues_dialog import LINKED, ResourceIssuesDialog
from tests.ui.page_helpers import open_page


def areas(db) -> dict[str, int]:
    return {a.name: a.id for a in list_areas(db)}


def issue(db, title: str, where: list[str], kinds: tuple[str, ...], urgency: int = 2):
    ids = areas(db)
    return create_issue(
        db, IssueInput(title, area_ids=tuple(ids[a] for a in where), kinds=kinds, urgency=urgency)
    )


def resource(db, name: str, where: str | None, kinds: tuple[str, ...], **more):
    area_id = areas(db)[where] if where else None
    return create_resource(db, ResourceInput(name, kinds=kinds, area_id=area_id, **more))


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=10_000)


def click(qtbot, table, row: int, column: int) -> None:
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def double_click(qtbot, table, row: int, column: int) -> None:
    """A press first: a view acts on a double click only where the press was."""
    click(qtbot, table, row, column)
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def cell_text(table, row: int, column: int) -> str:
    return table.item(row, column).text()


def listed_titles(table) -> list[str]:
    return [table.item(r, 1).text() for r in range(table.rowCount())]


@pytest.fixture
def issues(town):
    return {
        "bus": issue(town, "バス停が遠い", ["北地区"], ("transport",), urgency=3),
        "shop": issue(town, "店が閉まった", ["北地区"], ("shopping",), urgency=3),
        "lonely": issue(town, "話し相手がいない", ["北地区", "南地区"], ("isolation",), urgency=2),
        "garbage": issue(town, "ゴミ出しがつらい", ["南地区"], ("garbage",), urgency=1),
    }


@pytest.fixture
def page(qtbot, context, town):
    context.area_id = areas(town)["北地区"]
    view = open_page(qtbot, IssueMapsPage(context))
    settle(qtbot, view)
    return view


def column_of(page, area_name: str) -> int:
    grid = page.matrix_tab.grid
    for column in range(grid.columnCount()):
        if grid.horizontalHeaderItem(column).text().startswith(area_name):
            return column
    raise AssertionError(area_name)


def test_matrix_counts_open_issues_by_urgency_and_area(qtbot, issues, page):
    grid = page.matrix_tab.grid
    north, south = column_of(page, "北地区"), column_of(page, "南地区")
    total = grid.columnCount() - 1
    assert grid.horizontalHeaderItem(0).text().startswith("テスト町全域")  # 第1層 first
    assert [grid.verticalHeaderItem(r).text() for r in range(4)] == [
        "緊急度 高",
        "緊急度 中",
        "緊急度 低",
        "合計",
    ]
    assert [cell_text(grid, r, north) for r in range(4)] == ["2", "1", "0", "3"]
    assert [cell_text(grid, r, south) for r in range(4)] == ["0", "1", "1", "2"]
    # an issue in two areas counts once in the totals
    assert [cell_text(grid, r, total) for r in range(4)] == ["2", "1", "1", "4"]
    # darker for more, white for none
    assert grid.item(0, north).background().color() != grid.item(0, south).background().color()


def test_clicking_a_cell_lists_its_issues_and_double_click_opens_one(qtbot, issues, page):
    tab = page.matrix_tab
    north = column_of(page, "北地区")
    click(qtbot, tab.grid, 0, north)
    assert sorted(listed_titles(tab.issues)) == ["バス停が遠い", "店が閉まった"]
    assert tab.issues.item(0, 0).text() == "高"
    assert "北地区" in tab.list_label.text()

    tab.grid.setCurrentCell(1, north)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Return)  # Enter: the list, with the focus in it
    assert listed_titles(tab.issues) == ["話し相手がいない"]
    assert tab.issues.hasFocus()

    with qtbot.waitSignal(page.open_issue) as opened:
        double_click(qtbot, tab.issues, 0, 1)
    assert opened.args == [issues["lonely"].id]


def test_matrix_follows_new_issues(qtbot, context, town, issues, page):
    issue(town, "坂が多い", ["南地区"], ("transport",), urgency=3)
    context.notify_changed("issue")
    settle(qtbot, page)
    assert cell_text(page.matrix_tab.grid, 0, column_of(page, "南地区")) == "1"


@pytest.fixture
def mapped(town, issues):
    """Transport and shopping are answered only from 南地区 (gaps for 北地区, not for the
    town); a salon in 北地区 lies unused; isolation has an active watch in 北地区."""
    resource(town, "南の移動販売", "南地区", ("shopping",))
    resource(town, "旧公民館の和室", "北地区", ("salon",), unused=True)
    resource(town, "北の見守り隊", "北地区", ("watching",))
    return issues


def needs_row(page, label: str) -> int:
    table = page.needs_tab.table
    return next(r for r in range(table.rowCount()) if cell_text(table, r, KIND) == label)


def test_needs_map_marks_the_gap_and_the_unused_resource_in_the_area(qtbot, mapped, page):
    tab = page.needs_tab
    assert tab.area_combo.currentText() == "北地区"  # the toolbar's area
    shop, lonely = needs_row(page, "買い物"), needs_row(page, "見守り・孤立")
    assert cell_text(tab.table, shop, GAP) == GAP_TEXT
    assert cell_text(tab.table, shop, ISSUES) == "1件"
    assert "店が閉まった" in tab.table.item(shop, ISSUES).toolTip()
    assert cell_text(tab.table, lonely, GAP) == ""
    assert cell_text(tab.table, lonely, ACTIVE) == "1件"
    assert "北の見守り隊" in tab.table.item(lonely, ACTIVE).toolTip()
    assert cell_text(tab.table, lonely, UNUSED) == "1件"
    assert "旧公民館の和室" in tab.table.item(lonely, UNUSED).toolTip()
    assert "空白 2 種類" in tab.gap_summary.text()  # 移動 and 買い物
    assert "移動、買い物" in tab.gap_summary.text()
    assert "未活用の資源 1 件" in tab.unused_summary.text()

    click(qtbot, tab.table, lonely, KIND)
    assert listed_titles(tab.issues) == ["話し相手がいない"]
    names = [tab.resources.item(r, 0).text() for r in range(tab.resources.rowCount())]
    assert names == ["北の見守り隊", "旧公民館の和室"]
    with qtbot.waitSignal(page.open_resource) as opened:
        double_click(qtbot, tab.resources, 1, 0)
    assert tab.resources.item(1, 3).text() == "未活用"
    assert opened.args[0] > 0


def test_whole_town_has_no_gap_where_a_resource_elsewhere_answers(
    qtbot, context, town, mapped, page
):
    context.set_area(areas(town)["テスト町全域"])
    settle(qtbot, page)
    tab = page.needs_tab
    assert tab.area_combo.currentText().startswith("テスト町全域")
    shop = needs_row(page, "買い物")
    assert cell_text(tab.table, shop, GAP) == ""
    assert cell_text(tab.table, shop, ACTIVE) == "1件"
    assert cell_text(tab.table, needs_row(page, "移動"), GAP) == ""  # the sales van too
    assert tab.gap_summary.text().startswith("空白はありません")

    # the tab's own choice, back to 北地区, does not move the toolbar
    tab.area_combo.setCurrentIndex(tab.area_combo.findText("北地区"))
    tab.area_combo.activated.emit(tab.area_combo.currentIndex())
    settle(qtbot, page)
    assert cell_text(tab.table, shop, GAP) == GAP_TEXT
    assert context.area_id == areas(town)["テスト町全域"]


def test_needs_map_follows_a_new_resource(qtbot, context, town, mapped, page):
    resource(town, "北の買い物バス", "北地区", ("transport",))
    context.notify_changed("resource")
    settle(qtbot, page)
    tab = page.needs_tab
    assert cell_text(tab.table, needs_row(page, "買い物"), GAP) == ""
    assert tab.gap_summary.text().startswith("空白はありません")


def test_pdf_buttons_save_both_papers(qtbot, monkeypatch, tmp_path, mapped, page):
    from pypdf import PdfReader

    from app.ui.printing import paper_actions

    targets = iter([tmp_path / "matrix.pdf", tmp_path / "gaps.pdf"])
    saved = []
    monkeypatch.setattr(paper_actions, "ask_target", lambda *_args: next(targets))
    monkeypatch.setattr(paper_actions, "offer_to_open", lambda _parent, path: saved.append(path))
    qtbot.mouseClick(page.matrix_tab.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=20_000)
    qtbot.mouseClick(page.needs_tab.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(saved) == 2, timeout=20_000)
    matrix = "".join(p.extract_text() for p in PdfReader(saved[0]).pages)
    gaps = "".join(p.extract_text() for p in PdfReader(saved[1]).pages)
    assert "北地区" in matrix and "南地区" in matrix
    assert "北地区" in gaps and "買い物" in gaps


# --- from a resource: the issues it could answer ----------------------------------------------


def test_resource_dialog_lists_the_matching_issue_and_links_it(qtbot, context, town, issues):
    watch = resource(town, "北の見守り隊", "北地区", ("watching",))
    dialog = ResourceIssuesDialog(context, watch.id, watch.name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    titles = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
    assert titles == ["話し相手がいない"]  # 見守り answers isolation and garbage; garbage is 南
    assert dialog.table.item(0, 0).text() == ""
    assert dialog.button(0).text() == "つなぐ"

    with qtbot.waitSignal(context.records_changed):
        qtbot.mouseClick(dialog.button(0), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert get_issue(town, issues["lonely"].id).resource_ids == (watch.id,)
    assert dialog.table.item(0, 0).text() == LINKED
    assert dialog.button(0).text() == "外す"
    assert "つなぎました" in dialog.message.text()

    qtbot.mouseClick(dialog.button(0), Qt.MouseButton.LeftButton)  # and off again
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert get_issue(town, issues["lonely"].id).resource_ids == ()
    assert dialog.button(0).text() == "つなぐ"


def test_resource_dialog_says_when_nothing_matches(qtbot, context, town, issues):
    far = resource(town, "南の体操教室", "南地区", ("exercise",))
    dialog = ResourceIssuesDialog(context, far.id, far.name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert dialog.table.rowCount() == 0
    assert dialog.empty_label.isVisible()


def test_resources_page_opens_the_dialog_for_the_chosen_resource(qtbot, context, town, issues):
    from app.ui.resources.page import ResourcesPage

    resource(town, "北の見守り隊", "北地区", ("watching",))
    page = open_page(qtbot, ResourcesPage(context))
    qtbot.waitUntil(lambda: not page.is_busy() and page.model.rowCount() == 1, timeout=10_000)
    assert not page.issues_button.isEnabled()  # nothing chosen yet
    page.focus_list()
    assert page.issues_button.isEnabled()
    qtbot.mouseClick(page.issues_button, Qt.MouseButton.LeftButton)
    dialog = page.issues_dialog
    assert isinstance(dialog, ResourceIssuesDialog) and dialog.isVisible()
    assert "北の見守り隊" in dialog.windowTitle()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert dialog.table.rowCount() == 1
    dialog.reject()
