"""ResourceListModel without a view: cells, the amber 要確認 rows, and paging by request."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from app.domain.enums import Frequency, ResourceCategory, ResourceKind, ResourceState
from app.services.resources.resource import ResourceRow
from app.ui.resources.list_model import (
    AMBER,
    AREA,
    CONFIRMED,
    HEADERS,
    KINDS,
    NAME,
    NEEDS_CONFIRMATION_ROLE,
    OPERATOR,
    READING,
    SCHEDULE,
    STATE,
    ResourceListModel,
)
from app.ui.widgets.table_model import ROW_ROLE

TODAY = date(2025, 4, 1)
DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole


def make_row(n: int = 1, **changes) -> ResourceRow:
    row = ResourceRow(
        id=n,
        uuid=f"uuid-{n}",
        version=1,
        name=f"ふれあいサロン{n}",
        reading=f"ふれあいさろん{n}",
        category=ResourceCategory.ACTIVITY.value,
        kinds=(ResourceKind.SALON.value, ResourceKind.WATCHING.value),
        description="",
        organization_id=None,
        operator_name="北町自治会",
        operator="北町自治会",
        area_id=2,
        area_name="北地区",
        place="北町公民館",
        address="",
        frequency=Frequency.WEEKLY.value,
        times_per_month=None,
        nth_week="",
        weekdays="月木",
        starts_at=time(10, 0),
        ends_at=time(12, 0),
        schedule_note="",
        fee="100円",
        audience="",
        participants=12,
        volunteers=3,
        capacity=None,
        contact="",
        state=ResourceState.ACTIVE.value,
        unused=False,
        publishable=True,
        notes="",
        confirmed_on=date(2025, 1, 15),
        confirmed_by="佐藤",
    )
    return replace(row, **changes)


@pytest.fixture
def model(qapp) -> ResourceListModel:
    model = ResourceListModel()
    model.today = TODAY
    return model


def cell(model, row: int, column: int, role=DISPLAY):
    return model.data(model.index(row, column), role)


def test_empty_model(model):
    assert model.rowCount() == 0
    assert model.columnCount() == len(HEADERS) == 8
    assert not model.canFetchMore(QModelIndex())
    assert model.headerData(0, Qt.Orientation.Horizontal) == "名称"
    assert model.headerData(CONFIRMED, Qt.Orientation.Horizontal) == "最終確認日"


def test_each_column(model):
    model.set_result([make_row()], total=1)
    assert model.rowCount() == 1
    assert cell(model, 0, NAME) == "ふれあいサロン1"
    assert cell(model, 0, READING) == "ふれあいさろん1"
    assert cell(model, 0, KINDS) == "サロン・居場所、見守り"
    assert cell(model, 0, AREA) == "北地区"
    assert cell(model, 0, SCHEDULE) == "毎週 月・木 10:00～12:00"
    assert cell(model, 0, OPERATOR) == "北町自治会"
    assert cell(model, 0, STATE) == "活動中"
    assert cell(model, 0, CONFIRMED) == "R7.1.15"  # 和暦, short
    assert cell(model, 0, NAME, ROW_ROLE).id == 1


def test_never_confirmed_reads_as_such(model):
    model.set_result([make_row(confirmed_on=None, confirmed_by="")], total=1)
    assert cell(model, 0, CONFIRMED) == "未確認"
    assert cell(model, 0, NAME, NEEDS_CONFIRMATION_ROLE) is True


def test_rows_not_confirmed_within_the_period_are_amber(model):
    fresh = make_row(1, confirmed_on=date(2025, 1, 15))
    stale = make_row(2, confirmed_on=date(2024, 3, 1))
    model.set_result([fresh, stale], total=2)
    assert cell(model, 0, NAME, BACKGROUND) is None
    brush = cell(model, 1, NAME, BACKGROUND)
    assert isinstance(brush, QBrush) and brush.color() == AMBER
    assert "確認していません" in cell(model, 1, CONFIRMED, Qt.ItemDataRole.ToolTipRole)
    model.set_confirm_days(30)  # a shorter period makes the fresher one due as well
    assert cell(model, 0, NAME, BACKGROUND).color() == AMBER


def test_fetch_more_asks_for_the_next_offset_once(model):
    requests: list[int] = []
    model.fetch_requested.connect(requests.append)
    model.set_result([make_row(n) for n in range(1, 201)], total=450)
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert requests == [200]
    assert model.fetching
    assert not model.canFetchMore(QModelIndex())  # no second request while one is out
    model.fetchMore(QModelIndex())
    assert requests == [200]

    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.append_rows([make_row(n) for n in range(201, 401)])
    assert inserted == [(200, 399)]
    assert model.rowCount() == 400 and not model.fetching
    model.fetchMore(QModelIndex())
    model.append_rows([make_row(n) for n in range(401, 451)])
    assert requests == [200, 400]
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())


def test_an_empty_page_ends_the_list(model):
    model.set_result([make_row(1)], total=5)  # rows were trashed since the count
    model.fetchMore(QModelIndex())
    model.append_rows([])
    assert model.total == 1
    assert not model.canFetchMore(QModelIndex())


def test_a_row_seen_twice_is_not_doubled(model):
    model.set_result([make_row(1), make_row(2)], total=3)
    model.fetchMore(QModelIndex())
    model.append_rows([make_row(2), make_row(3)])
    assert [r.id for r in model.rows()] == [1, 2, 3]


def test_failed_fetch_may_be_asked_again(model):
    requests: list[int] = []
    model.fetch_requested.connect(requests.append)
    model.set_result([make_row(1)], total=2)
    model.fetchMore(QModelIndex())
    model.fetch_failed()
    model.fetchMore(QModelIndex())
    assert requests == [1, 1]


def test_replace_row_updates_in_place(model):
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles=(): changed.append(top.row()))
    model.set_result([make_row(1), make_row(2, confirmed_on=None)], total=2)
    model.replace_row(make_row(2, confirmed_on=TODAY, version=2))
    assert changed == [1]
    assert cell(model, 1, CONFIRMED) == "R7.4.1"
    assert cell(model, 1, NAME, BACKGROUND) is None
    assert model.find_row(2) == 1 and model.find_row(99) is None


def test_a_new_result_replaces_the_old(model):
    model.set_result([make_row(n) for n in range(1, 4)], total=3)
    model.set_result([make_row(9)], total=1)
    assert [r.id for r in model.rows()] == [9]
    assert model.total == 1
