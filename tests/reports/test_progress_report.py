"""The 地域づくり進捗レポート and the 年次報告: built from a town made through the services, read
back with pypdf, and checked against what the services themselves count."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from app.db.engine import Database
from app.db.models import Resource
from app.domain.catalog import default_catalog
from app.reports.progress_report import build_annual, build_progress
from app.services.demo import load_demo
from app.services.guide.checklist import set_check
from app.services.guide.papers import OMITTED, annual_paper, progress_paper
from app.services.initiatives.initiative import InitiativeInput, MilestoneInput, create_initiative
from app.services.issues.issue import IssueFilter, IssueInput, create_issue, list_issues
from app.services.meetings.meeting import MeetingInput, create_meeting, list_meetings
from app.services.resources.resource import (
    ResourceFilter,
    ResourceInput,
    confirm_resource,
    count_resources,
    create_resource,
)
from app.services.setup.areas import list_areas
from app.services.setup.people import PersonInput, create_person

TODAY = date(2026, 11, 27)
YEAR = "令和8年度"
PERSONAL_TITLE = "認知症の母を一人で介護している世帯"
NAMED_TITLE = "山田さんが坂道で買い物に行けない"


def _pages(builder, data) -> list[str]:
    """Each page's text without whitespace (wrapped Japanese lines join again)."""
    out = io.BytesIO()
    count = builder(data, out)
    out.seek(0)
    reader = PdfReader(out)
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]
    assert len(pages) == count
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("IPAexGothic" in f for f in fonts), fonts  # no unembedded Helvetica
    return pages


def _areas(db: Database) -> dict[str, int]:
    return {a.name: a.id for a in list_areas(db)}


def _registered_on(db: Database, resource_id: int, moment: datetime) -> None:
    """Date a record's registration as if it had been typed in on that day."""
    with db.session() as session:
        session.get(Resource, resource_id).created_at = moment
        session.commit()


@pytest.fixture
def north(town) -> int:
    """北地区 of テスト町 with a year's worth of records on both sides of 1 April 2026."""
    area = _areas(town)["北地区"]
    checks = default_catalog().item("1-1").checks
    set_check(town, area, checks[0].key, True, done_on=date(2026, 3, 20), today=TODAY)
    set_check(town, area, checks[1].key, True, done_on=date(2026, 5, 10), today=TODAY)
    set_check(town, area, checks[2].key, True, done_on=date(2026, 5, 10), today=TODAY)
    for kind, title, held_on in (
        ("council", "三月の北地区協議体", date(2026, 3, 31)),
        ("round_table", "四月の北地区座談会", date(2026, 4, 1)),
        ("council", "六月の北地区協議体", date(2026, 6, 15)),
        ("council", "十二月の北地区協議体", date(2026, 12, 10)),
        ("council", "四月の翌年度協議体", date(2027, 4, 1)),
    ):
        create_meeting(town, MeetingInput(kind, title, held_on, area_id=area))
    salon = create_resource(
        town, ResourceInput("北ふれあいサロン", kinds=("salon", "exercise"), area_id=area)
    )
    shop = create_resource(
        town,
        ResourceInput("北の買い物バス", category="service", kinds=("shopping",), area_id=area),
    )
    hall = create_resource(
        town, ResourceInput("旧北分校", category="place", area_id=area, unused=True)
    )
    _registered_on(town, salon.id, datetime(2026, 3, 20, 3, tzinfo=UTC))
    _registered_on(town, shop.id, datetime(2026, 5, 1, 3, tzinfo=UTC))
    _registered_on(town, hall.id, datetime(2026, 6, 1, 3, tzinfo=UTC))
    confirm_resource(town, salon.id, today=date(2026, 4, 2))
    for title, noticed_on, extra in (
        (NAMED_TITLE, date(2026, 3, 31), {"urgency": 3}),
        ("冬の間、集まる場所がない", date(2026, 4, 1), {"state": "discussing"}),
        (PERSONAL_TITLE, date(2026, 7, 1), {"personal": True, "sensitive": True}),
    ):
        create_issue(
            town,
            IssueInput(title, (area,), kinds=("place",), noticed_on=noticed_on, **extra),
            today=TODAY,
        )
    create_initiative(
        town,
        InitiativeInput(
            "買い物バスの停留所を増やす",
            "strengthen",
            area,
            state="running",
            started_on=date(2026, 5, 1),
            outcome="停留所を2か所増やし、利用者が月30人になった。",
            milestones=(
                MilestoneInput("運行会社と相談", done_on=date(2026, 5, 20)),
                MilestoneInput("試しに運行", due_on=date(2027, 1, 15)),
            ),
        ),
    )
    return area


def test_progress_report_has_its_headings_year_and_area(town, north):
    pages = _pages(build_progress, progress_paper(town, north, 2026, today=TODAY))
    text = "".join(pages)
    assert pages[0].startswith(f"北地区地域づくり進捗レポート{YEAR}")
    assert "対象期間:令和8年4月1日～令和9年3月31日" in pages[0]
    for heading in ("1.STEP1～3の進み具合", "2.会議・座談会", "3.地域資源", "4.地域課題", "5.取組"):
        assert heading in text
    for number, page in enumerate(pages, start=1):
        assert f"地域づくり進捗レポート北地区{YEAR}" in page  # the header
        assert f"{number}/{len(pages)}" in page and "作成日:令和8年11月27日" in page
    assert "テスト町" in pages[0]


def test_progress_figures_match_the_services(town, north):
    data = progress_paper(town, north, 2026, today=TODAY)
    resources = data.resources
    assert resources.total == count_resources(town, ResourceFilter(area_id=north)) == 3
    for count, category in zip(
        resources.by_category, ("activity", "service", "provider", "place"), strict=True
    ):
        assert count.value == count_resources(
            town, ResourceFilter(area_id=north, category=category)
        )
    by_kind = {c.label: c.value for c in resources.by_kind}
    assert by_kind["サロン・居場所"] == by_kind["体操・運動"] == by_kind["買い物支援"] == 1
    assert (resources.registered, resources.confirmed, resources.unused) == (2, 1, 1)
    issues = list_issues(town, IssueFilter(area_id=north))
    assert data.issues.total == len(issues) == 3
    assert (data.issues.open, data.issues.new, data.issues.personal) == (3, 2, 1)
    assert {c.label: c.value for c in data.issues.by_urgency}["緊急度 高"] == 1
    meetings = [
        m for m in list_meetings(town, area_id=north) if date(2026, 4, 1) <= m.held_on <= TODAY
    ]
    assert len(data.held) == len(meetings) == 2
    assert {c.label: c.value for c in data.meetings_by_kind} == {"協議体": 1, "座談会": 1}
    assert (data.checks_done, data.checks_this_year) == (3, 2)
    [line] = data.initiatives
    assert (line.milestones_done, line.milestones, line.state) == (1, 2, "実施中")

    text = "".join(_pages(build_progress, data))
    assert "STEPチェック3/55年度内2" in text
    assert "会議の開催2回予定1回" in text
    assert "地域資源3件新規2件" in text and "地域課題3件未解決3件" in text
    assert "1-1生活支援体制の設計3/55月10日（2項目）" in text
    assert "登録している地域資源は3件（活動中3件）です。年度内に2件を新たに登録し、1件" in text
    assert "買い物バスの停留所を増やす3-2実施中節目1/2" in text
    assert "停留所を2か所増やし、利用者が月30人になった。" in text


def test_meetings_on_31_march_and_1_april_fall_in_different_years(town, north):
    this_year = "".join(_pages(build_progress, progress_paper(town, north, 2026, today=TODAY)))
    assert "令和8年4月1日座談会四月の北地区座談会" in this_year
    assert "令和8年12月10日協議体十二月の北地区協議体予定" in this_year
    assert "三月の北地区協議体" not in this_year and "翌年度" not in this_year

    last = progress_paper(town, north, 2025, today=TODAY)
    last_year = "".join(_pages(build_progress, last))
    assert last_year.startswith("北地区地域づくり進捗レポート令和7年度")
    assert "令和8年3月31日協議体三月の北地区協議体" in last_year
    assert "四月の北地区座談会" not in last_year
    # The year gone by: a check ticked in May 2026 was still open on 31 March.
    item = last.items[0]
    assert item.checks[:3] == ("year", "open", "open") and item.done_on == (date(2026, 3, 20),)
    # Only what was registered or noticed by 31 March counts.
    assert (last.resources.total, last.resources.registered, last.resources.confirmed) == (1, 1, 0)
    assert (last.issues.total, last.issues.new) == (1, 1)


def test_personal_issues_are_counted_never_named(town, north):
    for builder, data in (
        (build_progress, progress_paper(town, north, 2026, today=TODAY)),
        (build_annual, annual_paper(town, 2026, today=TODAY)),
    ):
        text = "".join(_pages(builder, data))
        assert PERSONAL_TITLE not in text and "認知症" not in text
        assert "山田さん" not in text and "＊＊さんが坂道で買い物に行けない" in text
        assert "個人に関わる課題1件" in text


def test_titles_naming_a_private_person_are_left_out_whatever_the_wording(town, north):
    """A 個人情報 person's name needs no honorific to be kept off the paper."""
    create_person(town, PersonInput("山田 太郎", "やまだ たろう", contact="090-5555-6666"))
    create_meeting(
        town, MeetingInput("round_table", "山田太郎宅にて", date(2026, 6, 20), area_id=north)
    )
    create_meeting(
        town, MeetingInput("round_table", "佐藤さん宅の座談会", date(2026, 7, 1), area_id=north)
    )
    create_issue(
        town,
        IssueInput("山田太郎の買い物", (north,), kinds=("place",), noticed_on=date(2026, 6, 1)),
        today=TODAY,
    )
    create_initiative(
        town,
        InitiativeInput(
            "山田太郎宅サロン",
            "participation",
            north,
            state="running",
            started_on=date(2026, 6, 1),
            outcome="山田太郎が世話役（０９０－５５５５－６６６６）",
        ),
    )
    create_initiative(
        town, InitiativeInput("体操の会", "participation", north, started_on=date(2026, 6, 1))
    )
    data = progress_paper(town, north, 2026, today=TODAY)
    salon = next(i for i in data.initiatives if i.kind.startswith("3-1") and i.outcome)
    assert (salon.title, salon.outcome) == (OMITTED, OMITTED)
    assert next(i for i in data.initiatives if i.title == "体操の会").outcome == ""
    assert OMITTED in [m.title for m in data.meetings]
    # Both issues name him: the new one bare, the old one by surname and honorific.
    assert [line.title for line in data.issues.lines].count(OMITTED) == 2
    for builder, paper in ((build_progress, data), (build_annual, annual_paper(town, 2026, TODAY))):
        text = "".join(_pages(builder, paper))
        assert "山田" not in text and "5555" not in text and "５５５５" not in text
        assert text.count(OMITTED) == 5  # one meeting, two issues, a title and an outcome
        assert f"令和8年6月20日座談会{OMITTED}" in text
        assert "令和8年7月1日座談会＊＊さん宅の座談会" in text  # the honorific mask still holds
        assert "体操の会3-1" in text


@pytest.mark.parametrize("fiscal_year", [2024, 2026])
def test_papers_speak_of_their_own_year_not_of_today(town, north, fiscal_year):
    """A 令和6年度 report printed in 令和8年度 must not say 今年度, which reads as the present."""
    label = f"令和{fiscal_year - 2018}年度"
    for builder, data in (
        (build_progress, progress_paper(town, north, fiscal_year, today=TODAY)),
        (build_annual, annual_paper(town, fiscal_year, today=TODAY)),
    ):
        text = "".join(_pages(builder, data))
        assert "今年度" not in text and "前年度" not in text
        assert "年度内に済ませた日" in text and f"{label}より前" in text
        assert re.search(r"STEPチェック\d+/\d+年度内\d+", text)
    summary = annual_paper(town, fiscal_year, today=TODAY).summary
    assert summary.startswith(f"{label}のテスト町") and "今年度" not in summary
    assert "年度内に" in summary


def test_annual_report_sums_up_the_town_then_each_area_on_new_pages(town, north):
    south = _areas(town)["南地区"]
    create_issue(
        town,
        IssueInput(
            "バスの本数が少ない", (north, south), kinds=("transport",), noticed_on=date(2026, 6, 1)
        ),
        today=TODAY,
    )
    data = annual_paper(town, 2026, today=TODAY)
    pages = _pages(build_annual, data)
    cover = pages[0]
    assert cover.startswith(f"テスト町地域づくり年次報告{YEAR}")
    assert "圏域ごとの数字" in cover and "町全体" in cover
    names = [a.name for a in list_areas(town)]
    assert names == ["テスト町全域", "北地区", "南地区"]
    for name in names:
        assert name in cover
    assert [r.area_name for r in data.rows] == names
    # The shared issue is in both areas' lines, and once in the town's.
    assert [r.issues for r in data.rows] == [0, 4, 1] and data.total.issues == 4
    assert data.total.meetings == 2 and data.total.resources == 3
    assert "年度内に開いた会議は2回です（協議体1回、座談会1回）。" in data.summary
    assert data.summary.replace(" ", "") in cover.replace(" ", "")
    assert "北地区3/55年度内22回3件新規24件未解決4・新規3" in cover
    starts = [
        number
        for number, page in enumerate(pages)
        for name in names
        if f"{name}地域づくり進捗レポート{YEAR}対象期間" in page
    ]
    assert len(starts) == 3 and starts == sorted(starts) and starts[0] == 1
    for name, start in zip(names, starts, strict=True):
        assert f"{name}地域づくり進捗レポート{YEAR}" in pages[start][:40]  # top of a new page
        assert f"地域づくり年次報告{YEAR}{name}" in pages[start]  # the header names the area
    for number, page in enumerate(pages, start=1):
        assert f"{number}/{len(pages)}" in page


def test_empty_area_says_so(town):
    south = _areas(town)["南地区"]
    text = "".join(_pages(build_progress, progress_paper(town, south, 2026, today=TODAY)))
    assert "この年度に記録された会議はありません。" in text
    assert "この圏域の地域資源は、まだ登録されていません。" in text
    assert "この圏域の地域課題は、まだ登録されていません。" in text
    assert "この年度に記録された取組はありません。" in text


def test_demo_town_annual_report(db):
    load_demo(db, today=TODAY)
    data = annual_paper(db, 2026, today=TODAY)
    pages = _pages(build_annual, data)
    assert pages[0].startswith(f"みどり町地域づくり年次報告{YEAR}")
    text = "".join(pages)
    for area in ("みどり町全域", "北中学校区", "南中学校区", "東中学校区"):
        assert f"{area}地域づくり進捗レポート{YEAR}" in text
    assert data.total.resources == count_resources(db)
    assert data.total.issues == len(list_issues(db))
    secret = [i.title for i in list_issues(db) if i.personal or i.sensitive]
    assert secret and not any(title in text for title in secret)
