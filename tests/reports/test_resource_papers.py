"""The 地域資源 papers: build each PDF from the town's records and read it back with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from app.reports.base import EMPTY_MESSAGE
from app.reports.confirm_sheets import REQUEST, build_confirm_sheets
from app.reports.resource_cards import build_resource_cards
from app.reports.resource_list import build_resource_list
from app.services.resources.papers import (
    NO_AREA,
    NO_OPERATOR,
    ListEntry,
    confirm_sheets_data,
    resource_cards_data,
    resource_list_data,
)
from app.services.resources.resource import ResourceInput, create_resource
from app.services.setup.areas import list_areas
from app.services.setup.organizations import OrganizationInput, create_organization

TODAY = date(2026, 11, 26)
MADE_ON = "作成日: 令和8年11月26日"
LONG_NAME = "北地区の一人暮らし高齢者を地域のみんなで見守り支え合うための" * 3 + "長い名前の会"
END_MARK = "【活動内容ここまで】"


def _areas(db) -> dict[str, int]:
    return {a.name: a.id for a in list_areas(db)}


@pytest.fixture
def stocked(town):
    """テスト町 with varied resources: long, sparse, multi-kind, unpublishable, ended."""
    areas = _areas(town)
    council = create_organization(
        town,
        OrganizationInput("北地区社会福祉協議会", "social_welfare_council", "きたちくしゃきょう"),
    )
    add = create_resource
    add(
        town,
        ResourceInput(
            name="あおぞらサロン",
            reading="あおぞらさろん",
            kinds=("salon",),
            organization_id=council.id,
            area_id=areas["北地区"],
            place="北公民館",
            address="テスト町北1-2-3",
            frequency="weekly",
            weekdays="月木",
            starts_at="10:00",
            ends_at="12:00",
            fee="100円",
            contact="0123-45-6789",
            confirmed_on="令和8年4月1日",
            confirmed_by="確認花子",
        ),
    )
    add(
        town,
        ResourceInput(
            name=LONG_NAME,
            reading="ながいなまえのかい",
            kinds=("watching",),
            organization_id=council.id,
            area_id=areas["北地区"],
            contact="代表 鈴木 090-1234-5678（平日の夕方以降）、副代表 田中 080-9876-5432" * 4,
        ),
    )
    add(
        town,
        ResourceInput(
            name="いきいき体操の会",
            reading="いきいきたいそうのかい",
            kinds=("exercise", "hobby", "multigeneration"),
            description=("椅子に座ってできる体操です。" * 200)[: 2000 - len(END_MARK)] + END_MARK,
            operator_name="南地区ボランティアの会",
            area_id=areas["南地区"],
            participants=12,
            volunteers=3,
            capacity=20,
        ),
    )
    add(town, ResourceInput(name="名前だけの資源"))
    add(
        town,
        ResourceInput(
            name="ないしょの見守り",
            reading="ないしょのみまもり",
            kinds=("watching",),
            area_id=areas["南地区"],
            operator_name="南地区ボランティアの会",
            publishable=False,
            notes="内部メモ 会長交代予定",
            confirmed_by="確認太郎",
        ),
    )
    add(
        town,
        ResourceInput(
            name="おわったサロン",
            reading="おわったさろん",
            kinds=("salon",),
            area_id=areas["北地区"],
            state="ended",
        ),
    )
    return town


def _pdf(build, data, tmp_path, name: str) -> tuple[int, list[str]]:
    path = tmp_path / f"{name}.pdf"
    pages = build(data, path)
    reader = PdfReader(path)
    assert pages == len(reader.pages)
    return pages, [page.extract_text() for page in reader.pages]


def _flat(texts: list[str]) -> str:
    # Wrapped lines come back with line breaks between them; compare without them.
    return re.sub(r"\s+", "", "".join(texts))


def _assert_furniture(texts: list[str], title: str) -> None:
    total = len(texts)
    for number, page in enumerate(texts, start=1):
        assert "テスト町" in page
        assert title in page
        assert MADE_ON in page
        assert f"{number} / {total}" in page


# --- the data -------------------------------------------------------------------------------


def test_list_groups_by_area_then_kind_in_gojuon_order(stocked):
    data = resource_list_data(stocked, today=TODAY)
    assert [a.name for a in data.areas] == ["北地区", "南地区", NO_AREA]
    north = data.areas[0]
    assert [(g.kind, [e.name for e in g.entries]) for g in north.kinds] == [
        ("サロン・居場所", ["あおぞらサロン", "おわったサロン"]),
        ("見守り", [LONG_NAME]),
    ]
    assert north.count == 3 and data.count == 6
    first = north.kinds[0].entries[0]
    assert first.schedule == "毎週 月・木 10:00～12:00"
    assert first.operator == "北地区社会福祉協議会" and first.state == "活動中"
    south = data.areas[1]
    assert [e.name for g in south.kinds for e in g.entries] == [
        "いきいき体操の会",
        "ないしょの見守り",
    ]
    assert south.kinds[0].entries[0].kinds == "体操・運動、趣味・学び、子ども・多世代"


def test_for_residents_leaves_out_unpublishable_ended_and_internal_details(stocked):
    data = resource_list_data(stocked, for_residents=True)
    names = [e.name for a in data.areas for g in a.kinds for e in g.entries]
    assert "ないしょの見守り" not in names and "おわったサロン" not in names
    assert "あおぞらサロン" in names
    cards = resource_cards_data(stocked, for_residents=True).cards
    assert {c.name for c in cards} == set(names)
    assert all(c.notes == "" and c.confirmed_by == "" for c in cards)
    internal = {c.name: c for c in resource_cards_data(stocked).cards}
    assert internal["ないしょの見守り"].notes == "内部メモ 会長交代予定"


def test_area_filter(stocked):
    data = resource_list_data(stocked, area_id=_areas(stocked)["南地区"], today=TODAY)
    assert [a.name for a in data.areas] == ["南地区"]
    assert data.meta.area_name == "南地区" and data.count == 2


def test_confirm_sheets_group_by_operator_and_leave_out_ended(stocked):
    data = confirm_sheets_data(stocked, today=TODAY)
    sheets = [(s.operator, [r.name for r in s.resources]) for s in data.sheets]
    assert sheets == [
        ("北地区社会福祉協議会", ["あおぞらサロン", LONG_NAME]),
        ("南地区ボランティアの会", ["いきいき体操の会", "ないしょの見守り"]),
        (NO_OPERATOR, ["名前だけの資源"]),
    ]
    assert data.sheets[-1].registered is False


# --- the papers -----------------------------------------------------------------------------


def test_resource_list_pdf(stocked, tmp_path):
    pages, texts = _pdf(
        build_resource_list, resource_list_data(stocked, today=TODAY), tmp_path, "l"
    )
    _assert_furniture(texts, "地域資源一覧")
    flat = _flat(texts)
    for word in ("名称", "開催日・時間", "運営主体", "連絡先", "状態", "北地区3件", "南地区2件"):
        assert word in flat
    assert "あおぞらサロン" in flat and re.sub(r"\s", "", LONG_NAME) in flat
    assert "毎週月・木10:00～12:00" in flat
    assert f"{NO_AREA}1件" in flat
    # Each area starts on a page of its own, in the town's order.
    starts = [
        next(i for i, t in enumerate(texts) if heading in _flat([t]))
        for heading in ("北地区3件", "南地区2件", f"{NO_AREA}1件")
    ]
    assert starts[0] == 0 and starts == sorted(set(starts)) and starts[-1] == pages - 1


def test_resource_list_for_residents_pdf(stocked, tmp_path):
    data = resource_list_data(stocked, for_residents=True, today=TODAY)
    _, texts = _pdf(build_resource_list, data, tmp_path, "residents")
    flat = _flat(texts)
    assert "あおぞらサロン" in flat
    assert "ないしょの見守り" not in flat and "おわったサロン" not in flat


def test_resource_cards_pdf_prints_every_field(stocked, tmp_path):
    _, texts = _pdf(build_resource_cards, resource_cards_data(stocked, today=TODAY), tmp_path, "c")
    _assert_furniture(texts, "資源カード")
    flat = _flat(texts)
    for label in ("名称・ふりがな", "分類", "種類", "活動内容", "運営主体", "圏域", "場所・住所"):
        assert label in flat
    for label in ("開催日・時間", "参加費", "対象者", "参加者数・担い手・定員", "最終確認日"):
        assert label in flat
    assert "参加者12人" in flat and "定員20人" in flat
    assert "令和8年4月1日（確認花子）" in flat
    assert "内部メモ会長交代予定" in flat
    assert END_MARK in flat  # the 2,000-character description is printed to its end


def test_resource_cards_for_residents_never_print_notes_or_confirmer(stocked, tmp_path):
    data = resource_cards_data(stocked, for_residents=True, today=TODAY)
    _, texts = _pdf(build_resource_cards, data, tmp_path, "cr")
    flat = _flat(texts)
    assert "確認花子" not in flat and "内部メモ" not in flat and "確認太郎" not in flat
    assert "ないしょの見守り" not in flat and "備考" not in flat


def test_five_short_cards_take_three_pages(town, tmp_path):
    north = _areas(town)["北地区"]
    for name in ("あ", "い", "う", "え", "お"):
        create_resource(
            town, ResourceInput(name=f"{name}の会", reading=f"{name}のかい", area_id=north)
        )
    pages, texts = _pdf(build_resource_cards, resource_cards_data(town, today=TODAY), tmp_path, "5")
    assert pages == 3
    assert [_flat([t]).count("名称・ふりがな") for t in texts] == [2, 2, 1]
    assert "1 / 3" in texts[0] and "3 / 3" in texts[2]


def test_confirm_sheets_pdf_one_operator_per_page(stocked, tmp_path):
    data = confirm_sheets_data(stocked, today=TODAY)
    _, texts = _pdf(build_confirm_sheets, data, tmp_path, "k")
    _assert_furniture(texts, "地域資源 確認票")
    starts = [i for i, t in enumerate(texts) if "ご担当者様" in t or NO_OPERATOR in t]
    firsts = [_flat([t]) for t in texts]
    assert "北地区社会福祉協議会ご担当者様" in firsts[starts[0]]
    assert "南地区ボランティアの会ご担当者様" in firsts[starts[1]]
    assert starts[0] == 0 and starts == sorted(set(starts)) and len(starts) >= 3
    flat = _flat(texts)
    assert re.sub(r"\s", "", REQUEST) in flat
    assert "項目現在の登録内容変更後の内容（ご記入ください）" in flat
    assert flat.count("記入日") == 3 and flat.count("ご記入者") == 3
    assert "ご返送・お問い合わせ先:テスト町" in flat
    assert "おわったサロン" not in flat
    assert END_MARK in flat


@pytest.mark.parametrize(
    ("build", "data"),
    [
        (build_resource_list, resource_list_data),
        (build_resource_cards, resource_cards_data),
        (build_confirm_sheets, confirm_sheets_data),
    ],
)
def test_no_resources_gives_one_page_saying_so(town, tmp_path, build, data):
    pages, texts = _pdf(build, data(town, today=TODAY), tmp_path, "empty")
    assert pages == 1
    assert EMPTY_MESSAGE in texts[0] and "1 / 1" in texts[0]


def test_oversized_text_wraps_and_is_never_cut(stocked, tmp_path):
    """Cells far longer than a page (5,000 characters) run on over pages, to the last word."""
    huge = ("とても長い説明が続きます。" * 400)[:4990] + END_MARK
    cards = resource_cards_data(stocked, today=TODAY)
    big = replace(cards.cards[0], description=huge, notes=huge, contact="連絡" * 250)
    _, texts = _pdf(build_resource_cards, replace(cards, cards=(big,)), tmp_path, "bigcard")
    assert _flat(texts).count(END_MARK) == 2

    sheets = confirm_sheets_data(stocked, today=TODAY)
    sheet = replace(sheets.sheets[0], resources=(big,))
    _, texts = _pdf(build_confirm_sheets, replace(sheets, sheets=(sheet,)), tmp_path, "bigsheet")
    assert _flat(texts).count(END_MARK) == 1

    listing = resource_list_data(stocked, today=TODAY)
    area = listing.areas[0]
    group = area.kinds[0]
    entry = ListEntry(
        name="名" * 200,
        reading="",
        kinds="見守り",
        schedule="毎週",
        place="場" * 200,
        address="住" * 300,
        operator="主" * 200,
        contact=huge[-600:],
        state="活動中",
    )
    area = replace(area, kinds=(replace(group, entries=(entry, *group.entries)),))
    _, texts = _pdf(build_resource_list, replace(listing, areas=(area,)), tmp_path, "biglist")
    flat = _flat(texts)
    # Continuation rows interleave the columns in the text layer; count what came through.
    assert flat.count("住") == 300 and flat.count("場") >= 200 and flat.count("主") >= 200
    assert flat.count("名") >= 200 and flat.count("とても長い説明が続きます") >= 40


def _fonts(reader: PdfReader):
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            yield font.get_object()


@pytest.mark.parametrize(
    ("build", "data"),
    [
        (build_resource_list, resource_list_data),
        (build_resource_cards, resource_cards_data),
        (build_confirm_sheets, confirm_sheets_data),
    ],
)
def test_every_font_is_embedded_ipaex_gothic(stocked, build, data):
    out = io.BytesIO()
    build(data(stocked, today=TODAY), out)
    fonts = list(_fonts(PdfReader(io.BytesIO(out.getvalue()))))
    assert fonts
    for font in fonts:
        assert "IPAexGothic" in font["/BaseFont"]
        if font["/Subtype"] == "/Type0":  # a CID font must carry its file too
            font = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
