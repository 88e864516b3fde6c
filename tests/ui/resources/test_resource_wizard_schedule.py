"""The 開催日 page gives back what the record holds: an imported schedule survives an edit of
something else, and a schedule with an open end can be entered."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtWidgets import QWizard

from app.services.resources.resource import (
    ResourceInput,
    create_resource,
    get_resource,
    list_resources,
)
from app.ui.resources.wizard_schedule import NO_COUNT
from tests.ui.resource_wizard_helpers import (
    answer_message_boxes,
    choose,
    click,
    fill_to_name,
    go_to,
    open_wizard,
    press_finish,
    type_time,
)

SCHEDULE = (
    "frequency",
    "times_per_month",
    "nth_week",
    "weekdays",
    "starts_at",
    "ends_at",
    "schedule_note",
)


@pytest.fixture
def asked(monkeypatch) -> dict:
    return answer_message_boxes(monkeypatch)


def schedule_of(row) -> dict:
    return {field: getattr(row, field) for field in SCHEDULE}


IMPORTED = {
    "start only": {"frequency": "weekly", "weekdays": "月", "starts_at": "10:00"},
    "end only": {"weekdays": "水", "ends_at": "15:00", "schedule_note": "午後"},
    "start after noon": {"frequency": "irregular", "starts_at": "13:00"},
    "monthly without a count": {"frequency": "monthly", "weekdays": "金"},
    "count and weeks without a frequency": {"times_per_month": 2, "nth_week": "1,3"},
    "weeks beside another frequency": {"frequency": "weekly", "nth_week": "2", "weekdays": "火"},
}


@pytest.mark.parametrize("schedule", IMPORTED.values(), ids=IMPORTED.keys())
def test_renaming_keeps_an_imported_schedule(qtbot, context, town, asked, type_japanese, schedule):
    made = create_resource(town, ResourceInput("取り込んだ資源", kinds=("salon",), **schedule))
    before = schedule_of(made)
    wizard = open_wizard(qtbot, context, made)
    go_to(qtbot, wizard, wizard.basics_page)
    wizard.basics_page.name_edit.clear()
    type_japanese(wizard.basics_page.name_edit, "名前だけ直した資源")
    go_to(qtbot, wizard, wizard.review_page)  # through the untouched 開催日 page
    press_finish(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted, asked["warnings"]
    row = get_resource(town, made.id)
    assert row.name == "名前だけ直した資源"
    assert row.version == made.version + 1
    assert schedule_of(row) == before


def test_an_open_end_is_shown_as_such(qtbot, context, town, asked):
    made = create_resource(
        town, ResourceInput("朝の体操", kinds=("exercise",), frequency="monthly", starts_at="13:00")
    )
    wizard = open_wizard(qtbot, context, made)
    page = wizard.schedule_page
    assert not page.no_time_check.isChecked()
    assert page.no_end_check.isChecked() and not page.no_start_check.isChecked()
    assert page.start_edit.isEnabled() and not page.end_edit.isEnabled()
    assert page.start_edit.time().toPython() == time(13, 0)
    assert page.end_edit.time().toPython() > time(13, 0)  # unticking starts from a later time
    assert page.times_spin.text() == NO_COUNT


def test_enter_a_start_without_an_end_and_no_count(qtbot, context, town, asked, type_japanese):
    wizard = open_wizard(qtbot, context)
    fill_to_name(qtbot, wizard, type_japanese, "夕方の集い")
    go_to(qtbot, wizard, wizard.schedule_page)
    page = wizard.schedule_page
    choose(page.frequency_combo, "月N回")
    assert page.times_spin.text() == NO_COUNT  # a new resource names no count
    click(qtbot, page.no_time_check)
    click(qtbot, page.no_end_check)
    type_time(qtbot, page.start_edit, "16:00")
    go_to(qtbot, wizard, wizard.review_page)
    press_finish(qtbot, wizard)
    [row] = list_resources(town)
    assert (row.frequency, row.times_per_month) == ("monthly", None)
    assert (row.starts_at, row.ends_at) == (time(16, 0), None)


def test_an_end_can_be_added_to_an_open_one(qtbot, context, town, asked):
    made = create_resource(town, ResourceInput("サロン", kinds=("salon",), starts_at="10:00"))
    wizard = open_wizard(qtbot, context, made)
    go_to(qtbot, wizard, wizard.schedule_page)
    page = wizard.schedule_page
    click(qtbot, page.no_end_check)
    assert page.end_edit.isEnabled()
    type_time(qtbot, page.end_edit, "11:30")
    press_finish(qtbot, wizard)
    row = get_resource(town, made.id)
    assert (row.starts_at, row.ends_at) == (time(10, 0), time(11, 30))
