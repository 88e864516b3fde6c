"""The registry of papers: every paper builds from the demo town into a PDF a reader can read."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from app.db.engine import Database
from app.db.migrate import prepare_database
from app.domain.wareki import fiscal_year
from app.reports.registry import (
    GROUPS,
    PAPERS,
    default_options,
    fiscal_years,
    grouped,
    option_values,
    paper_kind,
)
from app.services.demo import load_demo
from app.services.errors import ServiceError, ValidationError
from app.services.meetings.meeting import MeetingInput, create_meeting, list_meetings
from app.services.setup.areas import list_areas

NEW_PAPERS = {"progress", "annual", "handout", "feedback"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Database:
    """The demo town, loaded once for the module (the papers only read it)."""
    folder = tmp_path_factory.mktemp("demo")
    database = Database(f"sqlite:///{folder / 'sasaeai.db'}", user="テスト担当")
    prepare_database(database, folder / "backups")
    load_demo(database)
    yield database
    database.dispose()


def test_every_group_has_papers_and_every_key_is_unique():
    assert [group for group, _ in grouped()] == list(GROUPS)
    assert all(papers for _, papers in grouped())
    keys = [p.key for p in PAPERS]
    assert len(keys) == len(set(keys))
    expected = {
        "resources", "resource-cards", "confirm-sheets", "minutes", "minutes-docx", "agenda",
        "signin", "roster", "issues", "matrix", "gaps", "kj", "handover",
    } | NEW_PAPERS  # fmt: skip
    assert set(keys) == expected
    for paper in PAPERS:
        assert paper.description.endswith("。") and paper.description.count("。") == 1
        assert paper.suffix in (".pdf", ".docx")


@pytest.mark.parametrize("paper", [p for p in PAPERS if p.suffix == ".pdf"], ids=lambda p: p.key)
def test_paper_builds_a_readable_pdf_from_the_demo_town(demo, paper, tmp_path):
    options = default_options(demo, paper)
    if paper.option("meeting") and paper.option("meeting").required:
        # the first confirmed meeting, so that minutes have something in them
        options["meeting"] = next(m.id for m in list_meetings(demo) if m.minutes_state != "draft")
    target = tmp_path / f"{paper.key}.pdf"
    pages = paper.run(demo, options, target)
    reader = PdfReader(target)
    assert pages == len(reader.pages) >= 1
    text = "".join(page.extract_text() for page in reader.pages)
    assert "みどり町" in text
    assert len(text) > 50


def test_a_paper_builds_into_memory_too(demo):
    buffer = io.BytesIO()
    pages = paper_kind("matrix").run(demo, {}, buffer)
    assert pages >= 1 and buffer.getvalue().startswith(b"%PDF")


def test_minutes_as_word(demo, tmp_path):
    paper = paper_kind("minutes-docx")
    assert not paper.previewable
    options = default_options(demo, paper)
    target = tmp_path / "minutes.docx"
    assert paper.run(demo, options, target) == 1
    assert target.stat().st_size > 1000


def test_required_options_are_asked_for_in_japanese(demo):
    with pytest.raises(ValidationError) as raised:
        paper_kind("gaps").run(demo, {}, io.BytesIO())
    assert "圏域を選んでください" in raised.value.message
    with pytest.raises(ServiceError):
        paper_kind("nothing")


def test_internal_papers_are_marked():
    assert paper_kind("handover").is_internal({})
    assert not paper_kind("handover").is_internal({"for_residents": True})
    assert paper_kind("issues").is_internal({"internal": True})
    assert not paper_kind("resources").is_internal({})


def test_option_values_for_the_screen(demo):
    meeting = paper_kind("minutes").option("meeting")
    meetings = option_values(demo, meeting)
    days = [m.held_on for m in list_meetings(demo)]
    assert days == sorted(days, reverse=True)  # newest first
    assert meetings[0][0].startswith("令和") and len(meetings) == len(days)
    area = paper_kind("resources").option("area")
    assert option_values(demo, area)[0] == ("すべての圏域", None)
    required_area = paper_kind("gaps").option("area")
    assert [label for label, _ in option_values(demo, required_area)][:2] == [
        "みどり町全域",
        "北中学校区",
    ]
    confirmed = next(m.id for m in list_meetings(demo) if m.minutes_state == "confirmed")
    revisions = option_values(
        demo, paper_kind("minutes").option("revision"), {"meeting": confirmed}
    )
    assert revisions[0] == ("今の内容", None) and revisions[1][0].startswith("第1版")


def test_fiscal_years_start_with_next_year_and_label_in_wareki():
    years = fiscal_years(date(2026, 11, 26))
    assert years[0] == ("令和9年度（2027年度）", 2027)
    assert ("令和8年度（2026年度）", 2026) in years


def test_default_options_pick_a_district_for_a_required_area(demo):
    options = default_options(demo, paper_kind("progress"))
    areas = dict(
        (label, value) for label, value in option_values(demo, paper_kind("gaps").option("area"))
    )
    assert options["area"] == areas["北中学校区"]
    assert options["year"] == fiscal_year(date.today())


def test_the_handout_offers_only_coming_round_tables_of_the_area(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'sasaeai.db'}", user="テスト担当")
    prepare_database(database, tmp_path / "backups")
    today = date.today()
    load_demo(database, today=today)
    areas = {a.name: a.id for a in list_areas(database)}
    north, south = areas["北中学校区"], areas["南中学校区"]

    def add(kind: str, area: int, days: int, title: str) -> int:
        held_on = today + timedelta(days=days)
        return create_meeting(database, MeetingInput(kind, title, held_on, area_id=area)).id

    later = add("round_table", north, 30, "北 第3回座談会")
    soon = add("round_table", north, 0, "北 第2回座談会")
    add("council", north, 10, "北 推進会議")
    add("round_table", south, 10, "南 座談会")
    option = paper_kind("handout").option("meeting")
    listed = option_values(database, option, {"area": north})
    assert [value for _label, value in listed] == [None, soon, later]  # today first
    assert listed[1][0].endswith("北 第2回座談会")
    assert option_values(database, option, {"area": None}) == [("指定しない", None)]
    # the demo's own 座談会 was held 45 days ago: never offered, refused if asked for
    held = next(
        m.id for m in list_meetings(database) if m.kind == "round_table" and m.held_on < today
    )
    with pytest.raises(ValidationError) as raised:
        paper_kind("handout").run(database, {"area": north, "meeting": held}, io.BytesIO())
    assert "もう終わっています" in raised.value.message
    with pytest.raises(ValidationError):
        paper_kind("handout").run(database, {"area": south, "meeting": soon}, io.BytesIO())
    database.dispose()


def test_the_fiscal_year_is_never_asked_for():
    """resolve() fills in this 年度, so the option is not marked 必須 anywhere."""
    for paper in PAPERS:
        for option in paper.options:
            if option.kind == "fiscal_year":
                assert not option.required, paper.key
                assert paper.resolve({"area": 1})[option.name] == fiscal_year(date.today())
