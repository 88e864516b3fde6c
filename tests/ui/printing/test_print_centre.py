"""印刷センター: choose a paper, set its options, see the preview, save it and print it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit

from app.domain.catalog import default_catalog
from app.services.demo import load_demo
from app.services.meetings.meeting import MeetingInput, create_meeting, list_meetings
from app.services.setup.areas import list_areas
from app.ui.context import AppContext
from app.ui.printing import paper_actions, paper_preview
from app.ui.printing.print_centre import LONG_HANDOUT_HINT, WORD_NOTE, PrintCentrePage
from tests.ui.page_helpers import open_page

TIMEOUT = 20_000


@pytest.fixture
def demo_context(db, data_dir) -> AppContext:
    """The demo town (meetings with minutes, a council, issues), as the main window shares it."""
    load_demo(db)
    return AppContext(db, data_dir, default_catalog())


def _settled(page) -> bool:
    return not page.loading and not page.building and not page.timer.isActive()


def _open(qtbot, context) -> PrintCentrePage:
    page = open_page(qtbot, PrintCentrePage(context))
    qtbot.waitUntil(lambda: page.lists is not None, timeout=TIMEOUT)
    return page


def _wait_for_preview(qtbot, page) -> int:
    qtbot.waitUntil(
        lambda: _settled(page) and bool(page.preview.page_count or page.last_error),
        timeout=TIMEOUT,
    )
    return page.preview.page_count


def _ids(db) -> tuple[dict[str, int], list]:
    return {a.name: a.id for a in list_areas(db)}, list_meetings(db)


def test_choose_a_paper_set_its_options_and_see_the_pages(qtbot, demo_context):
    page = _open(qtbot, demo_context)
    assert page.print_button.isEnabled() is False  # nothing chosen yet
    page.paper_list.setCurrentItem(page._items["minutes"])
    assert page.title_label.text() == "議事録"
    assert "記録です。" in page.description_label.text()
    assert _wait_for_preview(qtbot, page) >= 1
    combo = page.options_form.widgets["meeting"]
    assert combo.itemText(0).startswith("令和8年12月")  # newest first, in 和暦
    confirmed = next(m for m in list_meetings(demo_context.db) if m.minutes_state == "confirmed")
    combo.setCurrentIndex(combo.findData(confirmed.id))
    assert page.timer.isActive()  # debounced, not built on every change
    pages = _wait_for_preview(qtbot, page)
    assert pages == 2 and page.last_error == ""
    assert page.preview.page_label.text() == "1 / 2 ページ"
    assert page.status_label.text() == "全 2 ページ"
    assert page.print_button.isEnabled() and page.save_button.isEnabled()
    qtbot.mouseClick(page.preview.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview.current_page() == 1)
    assert page.preview.page_label.text() == "2 / 2 ページ"
    assert not page.preview.next_button.isEnabled()
    # the confirmed 版 are offered once read
    revisions = page.options_form.widgets["revision"]
    qtbot.waitUntil(lambda: revisions.count() >= 2, timeout=TIMEOUT)
    assert revisions.itemText(0) == "今の内容" and revisions.itemText(1).startswith("第1版")


def test_select_paper_with_options_from_another_page(qtbot, demo_context):
    areas, _ = _ids(demo_context.db)
    page = _open(qtbot, demo_context)
    page.select_paper("gaps", area=areas["東中学校区"])
    assert _wait_for_preview(qtbot, page) >= 1
    assert page.options_form.widgets["area"].currentText() == "東中学校区"
    page.select_paper("kj", area=areas["北中学校区"], paper="A4")
    assert _wait_for_preview(qtbot, page) == 1
    assert page.options_form.values() == {"area": areas["北中学校区"], "paper": "A4"}
    page.select_paper("issues", by="area")
    assert page.options_form.widgets["area"].currentText() == "すべての圏域"
    assert page.options_form.widgets["by"].currentText() == "圏域"


def test_select_paper_before_the_lists_are_read(qtbot, demo_context):
    page = open_page(qtbot, PrintCentrePage(demo_context))
    page.select_paper("roster")
    assert _wait_for_preview(qtbot, page) >= 1
    assert page.options_form.widgets["council"].currentText() == "みどり町支え合い推進会議"


def test_internal_papers_are_marked(qtbot, demo_context):
    page = _open(qtbot, demo_context)
    assert "取扱注意" in page._items["handover"].text(0)
    page.select_paper("handover")
    assert page.internal_label.isVisible() and "取扱注意" in page.internal_label.text()
    page.options_form.widgets["for_residents"].setChecked(True)
    assert not page.internal_label.isVisible()
    page.select_paper("issues", internal=True)
    assert page.internal_label.isVisible()
    page.select_paper("resources")
    assert not page.internal_label.isVisible()
    _wait_for_preview(qtbot, page)


def test_a_service_error_is_shown_in_the_page(qtbot, demo_context):
    page = _open(qtbot, demo_context)
    page.select_paper("minutes", meeting=999)
    _wait_for_preview(qtbot, page)
    assert "999" in page.last_error
    assert page.preview.message.isVisible() and page.preview.message.text() == page.last_error
    assert not page.print_button.isEnabled()


def test_a_paper_needing_a_record_that_is_missing_says_so(qtbot, context):
    page = _open(qtbot, context)  # テスト町: no council yet
    page.select_paper("roster")
    _wait_for_preview(qtbot, page)
    assert page.options_form.widgets["council"].currentText() == "協議体が登録されていません"
    assert "協議体を選んでください" in page.last_error


def test_word_minutes_are_saved_not_previewed(qtbot, demo_context):
    page = _open(qtbot, demo_context)
    page.select_paper("minutes-docx")
    assert page.save_button.text() == "Wordで保存…"
    assert page.preview.message.text() == WORD_NOTE
    assert not page.print_button.isEnabled()


def test_save_pdf_through_the_file_dialog(qtbot, demo_context, monkeypatch, tmp_path):
    target = tmp_path / "地域資源一覧.pdf"
    asked: list[str] = []
    saved: list = []

    def choose(parent, title, start, filters):
        asked.append(start)
        return str(target), filters

    monkeypatch.setattr(paper_actions.QFileDialog, "getSaveFileName", staticmethod(choose))
    monkeypatch.setattr(paper_actions, "offer_to_open", lambda parent, path: saved.append(path))
    areas, _ = _ids(demo_context.db)
    page = _open(qtbot, demo_context)
    page.select_paper("resources", area=areas["北中学校区"], for_residents=True)
    pages = _wait_for_preview(qtbot, page)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved == [target], timeout=TIMEOUT)
    assert asked[0].endswith("地域資源一覧_北中学校区.pdf")
    reader = PdfReader(target)
    assert len(reader.pages) == pages
    assert "北中学校区" in reader.pages[0].extract_text()


class _AcceptingDialog:
    """QPrintDialog as if the person pressed 印刷 without changing anything."""

    def __init__(self, printer, parent=None) -> None:
        self.printer = printer

    def setWindowTitle(self, title) -> None:
        self.title = title

    def setMinMax(self, low, high) -> None:
        pass

    def exec(self) -> int:
        return 1


def test_print_to_a_pdf_printer(qtbot, demo_context, monkeypatch, tmp_path):
    out = tmp_path / "printed.pdf"

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(paper_preview, "new_printer", pdf_printer)
    monkeypatch.setattr(paper_preview, "QPrintDialog", _AcceptingDialog)
    page = _open(qtbot, demo_context)
    page.select_paper("matrix")  # a landscape page
    pages = _wait_for_preview(qtbot, page)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert out.exists() and out.stat().st_size > 10_000
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    box = reader.pages[0].mediabox
    assert box.width > box.height  # printed the way it was laid out
    assert "印刷に送りました" in page.status_label.text()


def test_no_printer_gives_a_clear_message(qtbot, demo_context, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(paper_preview, "available_printers", lambda: [])
    monkeypatch.setattr(
        paper_preview.QMessageBox, "information", staticmethod(lambda p, t, text: told.append(text))
    )
    opened: list = []
    monkeypatch.setattr(paper_preview, "QPrintDialog", lambda *a: opened.append(a))
    page = _open(qtbot, demo_context)
    page.select_paper("matrix")
    _wait_for_preview(qtbot, page)
    page.print_paper()
    assert told and "プリンターが見つかりません" in told[0] and "PDFで保存" in told[0]
    assert opened == []


@pytest.mark.parametrize(
    ("key", "options"),
    [("handout", {"area": "北中学校区"}), ("progress", {"area": "南中学校区"}), ("feedback", {})],
)
def test_the_new_papers_preview(qtbot, demo_context, key, options):
    areas, _ = _ids(demo_context.db)
    page = _open(qtbot, demo_context)
    page.select_paper(key, **{k: areas[v] for k, v in options.items()})
    assert _wait_for_preview(qtbot, page) >= 1, page.last_error


def test_the_handout_offers_the_round_tables_of_its_area_and_narrows_by_town(qtbot, demo_context):
    db = demo_context.db
    areas, _ = _ids(db)
    north, south = areas["北中学校区"], areas["南中学校区"]
    coming = create_meeting(
        db,
        MeetingInput(
            "round_table", "南 第1回座談会", date.today() + timedelta(days=9), area_id=south
        ),
    )
    page = _open(qtbot, demo_context)
    page.select_paper("handout", area=north)
    pages = _wait_for_preview(qtbot, page)
    combo = page.options_form.widgets["meeting"]
    # the demo's 座談会 was held already, the council is no 座談会: nothing but 「指定しない」
    qtbot.waitUntil(lambda: combo.count() == 1, timeout=TIMEOUT)
    assert combo.itemText(0) == "指定しない"
    assert pages > 8 and page.hint_label.isVisibleTo(page)
    assert page.hint_label.text() == LONG_HANDOUT_HINT
    area_combo = page.options_form.widgets["area"]
    area_combo.setCurrentIndex(area_combo.findData(south))
    qtbot.waitUntil(lambda: combo.findData(coming.id) >= 0, timeout=TIMEOUT)
    assert [combo.itemData(i) for i in range(combo.count())] == [None, coming.id]
    area_combo.setCurrentIndex(area_combo.findData(north))
    qtbot.waitUntil(lambda: combo.findData(coming.id) < 0, timeout=TIMEOUT)
    _wait_for_preview(qtbot, page)
    near = page.options_form.widgets["near"]
    assert isinstance(near, QLineEdit)
    assert "町名・集会所（省略可）" in page.options_form.layout_.labelForField(near).text()
    near.setText("公民館")
    assert page.timer.isActive()  # debounced like the other options
    shorter = _wait_for_preview(qtbot, page)
    assert page.options_form.values()["near"] == "公民館"
    assert 1 <= shorter < pages and not page.hint_label.isVisibleTo(page)


class _CancelAfterFirstPage:
    """QProgressDialog as if 「中止」 was pressed while the first page printed."""

    shown: ClassVar[list] = []

    def __init__(self, *args) -> None:
        self.values: list[int] = []
        _CancelAfterFirstPage.shown.append(self)

    def __getattr__(self, name):
        return lambda *args: None

    def setValue(self, value) -> None:
        self.values.append(value)

    def wasCanceled(self) -> bool:
        return len(self.values) > 1


def _pdf_printer(out):
    def make() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    return make


def test_printing_many_pages_shows_progress_and_can_be_cancelled(
    qtbot, demo_context, monkeypatch, tmp_path
):
    monkeypatch.setattr(paper_preview, "new_printer", _pdf_printer(tmp_path / "p.pdf"))
    monkeypatch.setattr(paper_preview, "QPrintDialog", _AcceptingDialog)
    monkeypatch.setattr(paper_preview, "QProgressDialog", _CancelAfterFirstPage)
    drawn: list[int] = []
    draw = paper_preview._draw_page
    monkeypatch.setattr(
        paper_preview,
        "_draw_page",
        lambda p, d, page, dpi: (drawn.append(page), draw(p, d, page, dpi)),
    )
    areas, _ = _ids(demo_context.db)
    page = _open(qtbot, demo_context)
    page.select_paper("handout", area=areas["北中学校区"])
    assert _wait_for_preview(qtbot, page) > 2
    assert not paper_preview.print_document(page, page.preview.document, "ごあんない")
    assert drawn == [0]  # stopped between pages, not after all of them
    assert _CancelAfterFirstPage.shown[-1].values == [0, 1]


def test_the_printer_is_released_when_a_page_fails(qtbot, demo_context, monkeypatch, tmp_path):
    ended: list[bool] = []

    class Painter(paper_preview.QPainter):
        def end(self) -> bool:
            ended.append(True)
            return super().end()

    def broken(*_args) -> None:
        raise RuntimeError("render failed")

    monkeypatch.setattr(paper_preview, "new_printer", _pdf_printer(tmp_path / "p.pdf"))
    monkeypatch.setattr(paper_preview, "QPrintDialog", _AcceptingDialog)
    monkeypatch.setattr(paper_preview, "QPainter", Painter)
    monkeypatch.setattr(paper_preview, "_draw_page", broken)
    page = _open(qtbot, demo_context)
    page.select_paper("matrix")
    _wait_for_preview(qtbot, page)
    with pytest.raises(RuntimeError):
        paper_preview.print_document(page, page.preview.document, "課題表")
    assert ended == [True]
