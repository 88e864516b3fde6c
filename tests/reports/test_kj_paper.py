"""The KJ board on paper: one landscape page, read back with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.reports.kj_paper import EMPTY_BOARD, build_kj_board
from app.services.issues.issue import IssueInput, create_issue
from app.services.issues.kj_board import (
    CardMove,
    GroupInput,
    LinkInput,
    add_link,
    kj_paper,
    place_cards,
    save_group,
)
from app.services.setup.areas import list_areas

TODAY = date(2026, 11, 26)
SECRET = "山田さん（85歳）は要介護2で夜間に徘徊がある"


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), "".join(text.split())  # titles may wrap inside a card


@pytest.fixture
def paper_data(town):
    areas = {a.name: a.id for a in list_areas(town)}
    north = areas["北地区"]

    def issue(title: str, **extra) -> int:
        data = IssueInput(title, (north,), kinds=("shopping",), **extra)
        return create_issue(town, data, today=TODAY).id

    bus = issue("路線バスが1日3本しかない", urgency=3)
    hill = issue("坂の上で買い物に行けない")
    alone = issue("一人暮らしで話し相手がいない", description=SECRET, personal=True)
    issue("ゴミ出しが難しい")  # stays in the tray
    outer = save_group(town, north, GroupInput("移動と買い物", "#d9ecf7", 0, 0, 700, 420))
    inner = save_group(town, north, GroupInput("交通の便", "#dff0d8", 20, 180, 400, 200, outer.id))
    place_cards(
        town,
        north,
        [
            CardMove(hill, 20, 60, outer.id),
            CardMove(bus, 40, 240, inner.id),
            CardMove(alone, 800, 100),
        ],
    )
    add_link(town, north, LinkInput("cause", from_group_id=inner.id, to_issue_id=hill))
    add_link(town, north, LinkInput("conflict", from_issue_id=alone, to_group_id=outer.id))
    return kj_paper(town, north, today=TODAY)


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_the_board_prints_on_one_landscape_page(paper_data, paper):
    out = io.BytesIO()
    assert build_kj_board(paper_data, out, paper=paper) == 1
    pages, text = _text(out.getvalue())
    assert pages == 1
    reader = PdfReader(io.BytesIO(out.getvalue()))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    for words in (
        "北地区課題の構造化（KJ法）",
        "テスト町",
        "作成日:令和8年11月26日",
        "移動と買い物",
        "交通の便",
        "路線バスが1日3本しかない",
        "坂の上で買い物に行けない",
        "一人暮らしで話し相手がいない",
        "原因→結果",
        "まだボードに置いていない課題（1件）",
        "ゴミ出しが難しい",
    ):
        assert words in text, words
    assert "要介護" not in text and "山田" not in text  # never the personal description


def test_an_empty_board_says_so(town, tmp_path):
    areas = {a.name: a.id for a in list_areas(town)}
    target = tmp_path / "kj.pdf"
    build_kj_board(kj_paper(town, areas["南地区"], today=TODAY), target)
    _pages, text = _text(target.read_bytes())
    assert EMPTY_BOARD in text and "南地区" in text


def test_names_and_phone_numbers_in_titles_and_labels_are_masked(town):
    north = next(a.id for a in list_areas(town) if a.name == "北地区")
    named = create_issue(
        town, IssueInput("山田太郎さん(090-1111-2222)の買い物", (north,), kinds=("shopping",))
    )
    create_issue(town, IssueInput("鈴木様の庭の草取り", (north,), kinds=("housework",)))
    group = save_group(town, north, GroupInput("佐藤さん宅の周り", "#d9ecf7", 0, 0, 500, 300))
    place_cards(town, north, [CardMove(named.id, 20, 60, group.id)])
    out = io.BytesIO()
    build_kj_board(kj_paper(town, north, today=TODAY), out)
    _pages, text = _text(out.getvalue())
    for secret in ("山田", "1111", "鈴木", "佐藤"):
        assert secret not in text
    assert "の買い物" in text and "宅の周り" in text
