"""The 地域課題 papers: build each from service-made records and read its text back."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from app.db.engine import Database
from app.reports.issue_papers import build_gaps, build_handover, build_issues, build_matrix
from app.services.errors import NotFound, ServiceError
from app.services.issues.issue import (
    LAYER1,
    IssueInput,
    add_note,
    create_issue,
    hand_over,
    link_resource,
)
from app.services.issues.papers import gaps_paper, handover_paper, issues_paper, matrix_paper
from app.services.resources.resource import ResourceInput, create_resource
from app.services.setup.areas import list_areas

TODAY = date(2026, 11, 27)
MADE_ON = "作成日:令和8年11月27日"
CONFIDENTIAL = "取扱注意"
# Never on a paper for circulation: a sensitive issue's text, and a name and phone number
# written into an issue that was not marked.
SECRETS = ("山田さん", "0120-11-2222", "認知症の診断", "入院したことがある")


def _areas(db: Database) -> dict[str, int]:
    return {a.name: a.id for a in list_areas(db)}


def _pages(builder, data) -> list[str]:
    """Each page's text without whitespace (wrapped Japanese lines join again)."""
    out = io.BytesIO()
    count = builder(data, out)
    out.seek(0)
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(out).pages]
    assert len(pages) == count
    return pages


@pytest.fixture
def issues(town) -> dict[str, int]:
    """Four issues of テスト町: one naming a person unmarked, one sensitive across two areas."""
    areas = _areas(town)
    made = {}

    def issue(key, title, area_names, kinds, urgency, **extra):
        made[key] = create_issue(
            town,
            IssueInput(
                title,
                tuple(areas[a] for a in area_names),
                kinds=tuple(kinds),
                urgency=urgency,
                noticed_on=date(2026, 10, 1),
                **extra,
            ),
            today=date(2026, 11, 20),
        ).id

    issue(
        "shopping",
        "坂の上で買い物に行けない",
        ["北地区"],
        ["shopping", "transport"],
        3,
        description="山田さん（電話 0120-11-2222）は週1回の買い物も難しい。商店が閉店した。",
        people_affected=12,
        notes="送迎ボランティアの募集チラシを回覧した。",
    )
    issue(
        "lonely",
        "一人暮らしの男性が孤立している",
        ["北地区", "南地区"],
        ["isolation"],
        2,
        description="要介護2で認知症の診断がある。近所づきあいがない。",
        sensitive=True,
    )
    issue("salon", "サロンの担い手がいない", ["南地区"], ["volunteers"], 1)
    issue("garbage", "山田さん宅のゴミ出し", ["南地区"], ["garbage"], 2)
    add_note(
        town, made["lonely"], "娘さんから相談。入院したことがあるとのこと。", date(2026, 10, 15)
    )
    return made


@pytest.fixture
def resources(town) -> dict[str, int]:
    areas = _areas(town)
    watch = create_resource(
        town, ResourceInput("北地区見守り隊", kinds=("watching",), area_id=areas["北地区"])
    )
    unused = create_resource(
        town,
        ResourceInput("旧南公民館の和室", kinds=("hobby",), area_id=areas["南地区"], unused=True),
    )
    return {"watch": watch.id, "unused": unused.id}


# --- 地域課題一覧 -----------------------------------------------------------------------------


def test_list_by_urgency_has_its_headings_date_and_groups_in_order(town, issues):
    [page] = _pages(build_issues, issues_paper(town, today=TODAY))
    assert page.startswith("地域課題一覧対象:全圏域緊急度ごと合計4件")
    assert MADE_ON in page and "1/1" in page and "テスト町" in page
    for column in ("緊急度・重要度", "見出し", "中身", "圏域", "種類", "状態", "把握日"):
        assert column in page
    high, middle, low = (page.index(f"緊急度{level}（") for level in "高中低")
    assert high < page.index("坂の上で買い物に行けない") < middle
    assert middle < page.index("一人暮らしの男性が孤立している") < low
    assert low < page.index("サロンの担い手がいない")
    assert "令和8年10月1日" in page  # 把握日 in 和暦
    assert "それぞれの" not in page  # nobody is listed twice when grouped by urgency


def test_list_by_area_and_by_kind_lists_an_issue_under_each_and_says_so(town, issues):
    by_area = "".join(_pages(build_issues, issues_paper(town, by="area", today=TODAY)))
    assert "圏域ごと合計4件" in by_area
    assert by_area.count("一人暮らしの男性が孤立している") == 2
    assert by_area.index("北地区（2件）") < by_area.index("南地区（3件）")
    assert "二つ以上の圏域にまたがる課題は、それぞれの圏域に載せています" in by_area
    by_kind = "".join(_pages(build_issues, issues_paper(town, by="kind", today=TODAY)))
    assert by_kind.count("坂の上で買い物に行けない") == 2
    assert by_kind.index("移動（1件）") < by_kind.index("買い物（1件）")
    assert "種類が二つ以上ある課題は、それぞれの種類に載せています" in by_kind


def test_list_of_one_area_and_unknown_grouping(town, issues):
    south = _areas(town)["南地区"]
    data = issues_paper(town, area_id=south, by="area", today=TODAY)
    assert [g.label for g in data.groups] == ["南地区"] and data.count == 3
    text = "".join(_pages(build_issues, data))
    assert "対象:南地区" in text and "坂の上で買い物に行けない" not in text
    with pytest.raises(ServiceError, match="まとめ方"):
        issues_paper(town, by="color")
    with pytest.raises(NotFound):
        issues_paper(town, area_id=9999)


def test_an_empty_list_says_so(town):
    [page] = _pages(build_issues, issues_paper(town, today=TODAY))
    assert "該当する地域課題はありません" in page


# --- privacy on all four papers ----------------------------------------------------------------


def _handover_of(town, issues, internal):
    hand_over(town, issues["lonely"], LAYER1, "町の見守りネットワークが要るため", today=TODAY)
    return handover_paper(town, issues["lonely"], internal=internal, today=TODAY)


@pytest.mark.parametrize(
    ("builder", "make"),
    [
        (build_issues, lambda town, issues: issues_paper(town, today=TODAY)),
        (build_issues, lambda town, issues: issues_paper(town, by="area", today=TODAY)),
        (build_matrix, lambda town, issues: matrix_paper(town, today=TODAY)),
        (build_gaps, lambda town, issues: gaps_paper(town, _areas(town)["南地区"], today=TODAY)),
        (build_handover, lambda town, issues: _handover_of(town, issues, internal=False)),
    ],
    ids=["issues", "issues-by-area", "matrix", "gaps", "handover"],
)
def test_papers_for_circulation_leave_out_and_mask_personal_details(town, issues, builder, make):
    pages = _pages(builder, make(town, issues))
    text = "".join(pages)
    for secret in SECRETS:
        assert secret not in text
    assert not any(CONFIDENTIAL in page for page in pages)
    assert "＊＊" in text  # the masked name is still visibly there


def test_internal_list_prints_everything_and_every_page_says_handle_with_care(town, issues):
    areas = _areas(town)
    for number in range(24):  # enough for more than one page
        create_issue(
            town,
            IssueInput(
                f"見守りの課題{number}", (areas["南地区"],), "長い説明。" * 30, kinds=("isolation",)
            ),
        )
    pages = _pages(build_issues, issues_paper(town, internal=True, today=TODAY))
    assert len(pages) > 1
    assert all(CONFIDENTIAL in page for page in pages)
    text = "".join(pages)
    for secret in ("山田さん", "0120-11-2222", "認知症の診断"):
        assert secret in text
    assert "［要配慮個人情報］" in text and "内部資料です" in text
    public = _pages(build_issues, issues_paper(town, today=TODAY))
    assert not any(CONFIDENTIAL in page for page in public)


# --- 緊急度×地域 ------------------------------------------------------------------------------


def test_matrix_counts_open_issues_by_urgency_and_area_and_lists_them_below(town, issues):
    data = matrix_paper(town, today=TODAY)
    assert data.areas == ("テスト町全域", "北地区", "南地区")
    assert data.levels == ("高", "中", "低")
    assert data.counts == ((0, 1, 0), (0, 1, 2), (0, 0, 1))
    assert data.level_totals == (1, 2, 1) and data.total == 4 and data.repeated
    [page] = _pages(build_matrix, data)
    assert page.startswith("緊急度×地域課題表")
    assert "緊急度＼圏域" in page and MADE_ON in page
    assert "欄ごとの課題" in page
    below = page[page.index("欄ごとの課題") :]
    assert below.index("高／北地区") < below.index("坂の上で買い物に行けない（重要度中）")
    assert "中／南地区" in below and "＊＊さん宅のゴミ出し" in below
    assert "それぞれの圏域の欄に数えています" in page


def test_matrix_without_open_issues(town):
    [page] = _pages(build_matrix, matrix_paper(town, today=TODAY))
    assert "未解決の地域課題はありません" in page and "合計0件" in page


# --- ニーズ×資源マップ ----------------------------------------------------------------------


def test_needs_map_marks_gaps_and_unused_resources(town, issues, resources):
    areas = _areas(town)
    north = gaps_paper(town, areas["北地区"], today=TODAY)
    assert north.gaps == ["移動", "買い物"]
    lonely = next(line for line in north.lines if line.kind == "見守り・孤立")
    assert not lonely.gap and lonely.resources == ("北地区見守り隊",)
    assert lonely.verdict == "資源あり"
    pages = _pages(build_gaps, north)
    text = "".join(pages)
    assert text.startswith("ニーズ×資源マップ北地区")
    assert "応える資源がない「空白」は2つです（移動、買い物）" in text
    assert text.count("空白") >= 4  # the summary, the legend and the two rows
    assert "北地区見守り隊" in text and MADE_ON in text

    south = gaps_paper(town, areas["南地区"], today=TODAY)
    volunteers = next(line for line in south.lines if line.kind == "担い手不足")
    assert volunteers.gap and volunteers.unused == ("旧南公民館の和室",)
    text = "".join(_pages(build_gaps, south))
    assert "旧南公民館の和室" in text and "未活用の資源は1件です" in text


def _plain(cell) -> str:
    parts = cell if isinstance(cell, list | tuple) else [cell]
    return "".join(p.getPlainText() for p in parts if hasattr(p, "getPlainText"))


def test_gap_rows_are_shaded(town, issues, resources, monkeypatch):
    """The rows of a 空白 kind carry the shading; others do not."""
    from app.reports import issue_papers

    built = []
    original = issue_papers.data_table

    def spy(*args, **kwargs):
        built.append(original(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(issue_papers, "data_table", spy)
    build_gaps(gaps_paper(town, _areas(town)["北地区"], today=TODAY), io.BytesIO())
    [table] = built
    shaded = {
        row
        for command in table._bkgrndcmds
        if command[0] == "BACKGROUND" and command[3] == issue_papers.GAP_FILL
        for row in range(command[1][1], command[2][1] + 1)
    }
    assert [_plain(table._cellvalues[row][0]) for row in sorted(shaded)] == ["移動", "買い物"]


# --- 引継ぎ票 -------------------------------------------------------------------------------


def test_handover_form_carries_the_issue_its_history_and_a_reception_box(town, issues, resources):
    link_resource(town, issues["shopping"], resources["watch"])
    add_note(town, issues["shopping"], "協議体で話し合った。", date(2026, 11, 5))
    hand_over(town, issues["shopping"], LAYER1, "町のバス路線の見直しが要るため", today=TODAY)
    pages = _pages(build_handover, handover_paper(town, issues["shopping"], today=TODAY))
    assert all(CONFIDENTIAL in page for page in pages)  # internal by default
    text = "".join(pages)
    assert text.startswith("地域課題引継ぎ票")
    for words in (
        "引継ぎ元の圏域北地区",
        f"引継ぎ先{LAYER1}",
        "引継ぎ日令和8年11月27日",
        "見出し坂の上で買い物に行けない",
        "山田さん（電話0120-11-2222）",  # internal: everything
        "課題の種類買い物・移動",
        "緊急度高、重要度中",
        "関わる人の数約12人",
        "引き継ぐ理由町のバス路線の見直しが要るため",
        "令和8年11月5日協議体で話し合った。テスト担当",
        "圏域で試したこと送迎ボランティアの募集チラシを回覧した。",
        "北地区見守り隊",
        "受付日",
        "受付印",
    ):
        assert words in text
    assert text.index("経過") < text.index("協議体で話し合った")


def test_handover_before_handing_over_leaves_room_to_write(town, issues):
    data = handover_paper(town, issues["salon"], today=TODAY)
    assert data.to == "" and data.handed_on is None
    text = "".join(_pages(build_handover, data))
    assert "引継ぎ先引継ぎ日令和年月日" in text
    assert "記録された経過はありません" in text
    assert "つながっている地域資源はありません" in text
    with pytest.raises(NotFound):
        handover_paper(town, 9999)
