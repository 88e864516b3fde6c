"""座談会 handouts and the 意見シート: build them from a town, read them back with pypdf, and
check the words, the type sizes and that nothing private reaches residents."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import date, time, timedelta

import pytest
from pypdf import PdfReader

from app.domain.wareki import format_wareki
from app.reports.handouts import (
    ACTIVITIES_TITLE,
    HANDOUT_TITLE,
    NEARBY_HEADING,
    SHEET_TITLE,
    TOWN_WIDE_HEADING,
    build_feedback,
    build_handout,
)
from app.services.demo import load_demo
from app.services.errors import ValidationError
from app.services.meetings.meeting import AgendaInput, MeetingInput, create_meeting, list_meetings
from app.services.printing.handouts import (
    FEEDBACK_QUESTIONS,
    IRREGULAR_TEXT,
    feedback_paper,
    handout_paper,
    when_text,
)
from app.services.resources.resource import ResourceInput, create_resource
from app.services.setup.areas import list_areas
from app.services.setup.people import PersonInput, create_person

TODAY = date(2026, 11, 26)
BODY_MIN = 14.0
FURNITURE_MIN = 12.0
PRIVATE_PHONE = "090-1111-2222"
PERSON_NAME = "秘密花子"
PERSON_PHONE = "080-3333-4444"


# --- reading a PDF back ---------------------------------------------------------------------


def _pdf(build, data) -> tuple[int, PdfReader]:
    buffer = io.BytesIO()
    pages = build(data, buffer)
    buffer.seek(0)
    return pages, PdfReader(buffer)


def _flat(value: str) -> str:
    return re.sub(r"\s", "", value)


def _page_texts(reader: PdfReader) -> list[str]:
    return [_flat(page.extract_text()) for page in reader.pages]


def _sized_runs(reader: PdfReader) -> list[list[tuple[str, float]]]:
    """Per page: (text, size in points) of every piece of text as it is drawn."""
    pages = []
    for page in reader.pages:
        runs: list[tuple[str, float]] = []

        def visit(text, cm, tm, font_dict, font_size, runs=runs):
            if text.strip():
                runs.append((text.strip(), font_size * abs(tm[3]) * abs(cm[3])))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def _check_sizes(reader: PdfReader, municipality: str, title: str, readings: set[str]) -> None:
    """Body text is 14pt or more; only the page furniture and ふりがな may be smaller (≥ 12pt).

    The furniture is the town and the paper's title above, 作成日 and 「n / N」 below.
    """
    total = len(reader.pages)
    for number, runs in enumerate(_sized_runs(reader), start=1):
        assert runs, f"page {number} has no text"
        small = [(text, size) for text, size in runs if size < BODY_MIN]
        assert all(size >= FURNITURE_MIN for _, size in small), (number, small)
        # pypdf hands a drawn string over in pieces (one per font subset): compare joined text.
        left = _flat("".join(text for text, _ in small))
        for reading in sorted(readings, key=len, reverse=True):
            left = left.replace(_flat(reading), "")
        for known in (municipality, title, f"{number} / {total}"):
            assert _flat(known) in left, (number, known, left)
            left = left.replace(_flat(known), "", 1)
        left = re.sub(r"作成日:令和\d+年\d+月\d+日", "", left, count=1)
        assert left == "", (number, left)
        assert any(size >= BODY_MIN for _, size in runs)


# --- towns ----------------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    load_demo(db, today=TODAY)
    return db


def _areas(db) -> dict[str, int]:
    return {a.name: a.id for a in list_areas(db)}


@pytest.fixture
def planted(town):
    """テスト町 with one good activity per area, and private details planted around it."""
    areas = _areas(town)
    north, south, whole = areas["北地区"], areas["南地区"], areas["テスト町全域"]
    create_person(town, PersonInput(PERSON_NAME, "ひみつはなこ", contact=PERSON_PHONE))

    def add(name: str, area: int, **kw) -> None:
        create_resource(
            town, ResourceInput(name=name, kinds=kw.pop("kinds", ("salon",)), area_id=area, **kw)
        )

    add(
        "あおぞらサロン",
        north,
        reading="あおぞらさろん",
        description="お茶を飲みながら話す集まりです。季節の行事もあります。毎回20人ほど来ます。",
        place="北公民館",
        frequency="weekly",
        weekdays="月木",
        starts_at="10:00",
        ends_at="12:00",
        fee="100円",
        audience="どなたでも",
        contact="北地区社協 0123-45-6789",
    )
    add("ないしょの会", north, contact=f"代表 {PRIVATE_PHONE}", publishable=False)
    add("おやすみ中の体操", north, kinds=("exercise",), state="paused", contact="0123-00-0001")
    add("おわった教室", north, state="ended")
    add(
        "ひまわり茶話会",
        north,
        description=f"{PERSON_NAME}さんの自宅で開きます。手作りのお菓子が出ます。",
        place="北地区内",
        contact=f"{PERSON_NAME} {PERSON_PHONE}",
    )
    add("みなみ体操", south, kinds=("exercise",), contact="0123-99-9999")
    add(
        "なんでも相談窓口",
        whole,
        kinds=("consultation",),
        frequency="weekly",
        weekdays="月火水木金",
        starts_at="8:30",
        ends_at="17:15",
        fee="無料",
        contact="テスト町地域包括支援センター 0123-11-2233",
    )
    meeting = create_meeting(
        town,
        MeetingInput(
            kind="round_table",
            title="北地区 ささえあい座談会",
            held_on=date(2026, 12, 6),
            area_id=north,
            starts_at=time(13, 30),
            ends_at=time(15, 0),
            place="北公民館 大広間",
            agenda=(AgendaInput("地域の活動の紹介"), AgendaInput("暮らしの困りごとを話し合う")),
        ),
    )
    return town, areas, meeting.id


# --- the handout ----------------------------------------------------------------------------


def _before(meeting) -> date:
    """A day a week before the 座談会 (the demo's was held before TODAY)."""
    return meeting.held_on - timedelta(days=7)


def test_handout_from_the_demo_town_reads_back(demo):
    meeting = next(m for m in list_meetings(demo) if m.kind == "round_table")
    data = handout_paper(demo, meeting.area_id, meeting.id, today=_before(meeting))
    pages, reader = _pdf(build_handout, data)
    texts = _page_texts(reader)
    assert pages == len(reader.pages) > 2
    first = texts[0]
    assert _flat(f"{meeting.area_name}のみなさんへ") in first
    assert _flat(meeting.title) in first
    assert f"{format_wareki(meeting.held_on)}" in first
    assert "曜日" in first and "午前10時～11時30分" in first
    assert "この地域で暮らしていて困っていること" in first  # the agenda as the programme
    assert "お近くの活動" not in first  # the invitation has its own page
    assert NEARBY_HEADING in texts[1]
    assert TOWN_WIDE_HEADING in "".join(texts)
    everything = "".join(texts)
    activity = data.nearby[0].activities[0]
    assert _flat(activity.name) in everything
    assert _flat(activity.when) in everything
    assert f"作成日:{format_wareki(_before(meeting))}" in first
    assert data.count > 20


def test_each_activity_stays_on_one_page(demo):
    area = _areas(demo)["南中学校区"]
    data = handout_paper(demo, area, today=TODAY)
    _, reader = _pdf(build_handout, data)
    texts = _page_texts(reader)
    for group in data.nearby + data.town_wide:
        for activity in group.activities:
            pages = [n for n, t in enumerate(texts) if _flat(activity.name) in t]
            assert pages, activity.name
            # The block's first line (its name) and its last line (問い合わせ) share a page.
            assert any(_flat(activity.contact) in texts[n] for n in pages), activity.name


def test_handout_type_is_large(demo):
    meeting = next(m for m in list_meetings(demo) if m.kind == "round_table")
    data = handout_paper(demo, meeting.area_id, meeting.id, today=_before(meeting))
    _, reader = _pdf(build_handout, data)
    readings = {a.reading for g in data.nearby + data.town_wide for a in g.activities}
    _check_sizes(reader, data.municipality, HANDOUT_TITLE, readings)
    sizes = [size for runs in _sized_runs(reader) for text, size in runs]
    assert max(sizes) >= 20  # the title and headings stand out
    name_sizes = {
        size
        for runs in _sized_runs(reader)
        for text, size in runs
        if text == data.nearby[0].activities[0].name
    }
    assert name_sizes and min(name_sizes) > 15


def test_only_publishable_running_activities_and_nothing_private(planted):
    town, areas, meeting_id = planted
    data = handout_paper(town, areas["北地区"], meeting_id, today=TODAY)
    _, reader = _pdf(build_handout, data)
    everything = "".join(_page_texts(reader))
    for shown in ("あおぞらサロン", "ひまわり茶話会", "なんでも相談窓口", "毎週月・木曜日"):
        assert shown in everything
    assert "午前10時～正午" in everything
    assert "手作りのお菓子が出ます。" in everything  # the harmless sentence stays
    for hidden in (
        "ないしょの会",  # not 掲載可
        _flat(PRIVATE_PHONE),
        "おやすみ中の体操",  # 休止
        "おわった教室",  # 終了
        "みなみ体操",  # another area
        PERSON_NAME,  # a person marked 個人情報
        _flat(PERSON_PHONE),
        "毎回20人",  # only the first two sentences of a description
    ):
        assert hidden not in everything, hidden
    # Where the contact was a private person's, residents are pointed to the town instead.
    assert "くわしくは、テスト町の担当窓口におたずねください。" in everything
    first = _page_texts(reader)[0]
    assert "令和8年12月6日（日曜日）" in first and "午後1時30分～3時" in first
    assert "1．地域の活動の紹介" in first and "2．暮らしの困りごとを話し合う" in first


def test_handout_without_a_meeting_explains_the_round_table(planted):
    town, areas, _ = planted
    data = handout_paper(town, areas["北地区"], today=TODAY)
    pages, reader = _pdf(build_handout, data)
    texts = _page_texts(reader)
    assert "北地区のみなさんへ" in texts[0] and "座談会とは" in texts[0]
    assert ACTIVITIES_TITLE in texts[0]  # the header names what it is
    assert NEARBY_HEADING in texts[0]  # a short paper runs on without an empty page
    assert pages == len(reader.pages)
    _check_sizes(reader, "テスト町", ACTIVITIES_TITLE, {"あおぞらさろん"})


def test_handout_needs_an_area_or_a_meeting(town):
    with pytest.raises(ValidationError):
        handout_paper(town, None, today=TODAY)


def test_a_meeting_names_its_own_area(planted):
    town, _, meeting_id = planted
    data = handout_paper(town, None, meeting_id, today=TODAY)
    assert data.area_name == "北地区"


def test_schedule_in_words():
    class Row:
        frequency = "nth_weekday"
        times_per_month = None
        nth_week = "1,3"
        weekdays = "水"
        starts_at = time(13, 30)
        ends_at = time(15, 0)
        schedule_note = ""

    assert when_text(Row) == "毎月 第1・第3 水曜日　午後1時30分～3時"
    Row.frequency, Row.weekdays, Row.starts_at, Row.ends_at = "irregular", "", None, None
    assert when_text(Row) == IRREGULAR_TEXT


# --- the 意見シート -------------------------------------------------------------------------


def test_feedback_sheet_is_one_large_page(planted):
    town, _, meeting_id = planted
    data = feedback_paper(town, meeting_id, today=TODAY)
    pages, reader = _pdf(build_feedback, data)
    assert pages == len(reader.pages) == 1
    text = _page_texts(reader)[0]
    assert "ご意見をお聞かせください" in text
    assert "北地区ささえあい座談会" in text and "令和8年12月6日（日曜日）" in text
    for question in FEEDBACK_QUESTIONS:
        assert _flat(question.question) in text
    assert "お名前（書かなくてもかまいません）" in text
    assert "お住まいの地区" in text
    assert "ためだけに使います" in text
    _check_sizes(reader, "テスト町", SHEET_TITLE, set())
    sizes = defaultdict(list)
    for text_run, size in _sized_runs(reader)[0]:
        sizes[text_run].append(size)
    assert min(sizes[FEEDBACK_QUESTIONS[0].question]) >= 16  # questions stand out


def test_feedback_sheet_without_a_meeting(demo):
    data = feedback_paper(demo, today=TODAY)
    pages, reader = _pdf(build_feedback, data)
    assert pages == 1
    text = _page_texts(reader)[0]
    assert "座談会" not in data.meeting_title
    assert "書かなくてもかまいません" in text
    _check_sizes(reader, data.municipality, SHEET_TITLE, set())


# --- what must never reach residents ---------------------------------------------------------

CARETAKER = "山本 一郎"  # surnames are matched when typed with a space
CARETAKER_CONTACT = "携帯 090-5555-6666 / 自宅 0123-48-1357"
NEIGHBOUR = "川口 節子"
NEIGHBOUR_CONTACT = "090 7777 8888（携帯）"
PRIVATE_NUMBERS = ("09055556666", "0123481357", "09077778888")


def _digit_lines(reader: PdfReader) -> list[str]:
    """Every line of every page as digits only: a number however it was printed."""
    return [
        re.sub(r"\D", "", line)
        for page in reader.pages
        for line in page.extract_text().splitlines()
    ]


@pytest.fixture
def leaky(planted):
    """テスト町 with two 個人情報 people whose numbers and names were typed into resources."""
    town, areas, meeting_id = planted
    north = areas["北地区"]
    create_person(town, PersonInput(CARETAKER, "やまもといちろう", contact=CARETAKER_CONTACT))
    create_person(town, PersonInput(NEIGHBOUR, "かわぐちせつこ", contact=NEIGHBOUR_CONTACT))

    def add(name: str, **kw) -> None:
        create_resource(town, ResourceInput(name=name, kinds=("salon",), area_id=north, **kw))

    add("世話役の会", contact="世話役 090-5555-6666")
    add("体操クラブ", contact="090-7777-8888")
    add("自宅の会", contact="0123−48−1357")  # U+2212, as some input methods type it
    add("お茶会", contact="北地区社協", fee="連絡は 0123-48-1357 へ", audience="川口さんのご近所")
    add("趣味の会", contact="北地区社協", fee="200円", audience="山本の知り合い")
    add(f"{CARETAKER}のサロン", contact="北地区社協")
    add("よしこさんの手芸教室", contact="北地区社協")
    add("川口宅のサロン", contact="北地区社協")
    add(
        "ふれあい食堂",
        contact="北地区社協",
        fee="300円",
        audience="どなたでも",
        description="山本が世話役です。電話は 090 5555 6666 まで。みんなで昼ごはんを食べます。",
    )
    return town, areas, meeting_id


def test_private_contacts_and_names_never_reach_the_handout(leaky):
    town, areas, meeting_id = leaky
    data = handout_paper(town, areas["北地区"], meeting_id, today=TODAY)
    _, reader = _pdf(build_handout, data)
    everything = "".join(_page_texts(reader))
    lines = _digit_lines(reader)
    for number in PRIVATE_NUMBERS:
        assert not any(number in line for line in lines), number
    for name in ("山本", "川口", "よしこ", "一郎", "節子"):
        assert name not in everything, name
    # the resources themselves stay, pointing to the town instead of a private number
    for shown in ("世話役の会", "体操クラブ", "自宅の会", "お茶会", "趣味の会", "ふれあい食堂"):
        assert shown in everything, shown
    assert "200円" in everything and "300円" in everything
    assert "みんなで昼ごはんを食べます。" in everything
    # a name naming a private person or someone with an honorific: left off whole
    names = {a.name for g in data.nearby for a in g.activities}
    assert not names & {f"{CARETAKER}のサロン", "よしこさんの手芸教室", "川口宅のサロン"}


def test_only_a_coming_round_table_of_the_area_is_invited_to(planted):
    town, areas, meeting_id = planted
    north, south = areas["北地区"], areas["南地区"]

    def meeting(kind: str, area: int, held_on: date) -> int:
        return create_meeting(
            town, MeetingInput(kind=kind, title="第1回 推進会議", held_on=held_on, area_id=area)
        ).id

    council = meeting("council", north, date(2026, 12, 10))
    other_area = meeting("round_table", south, date(2026, 12, 10))
    past = meeting("round_table", north, date(2026, 11, 1))
    for wrong, words in (
        (council, "座談会ではありません"),
        (other_area, "選んだ圏域の座談会ではありません"),
        (past, "もう終わっています"),
    ):
        with pytest.raises(ValidationError) as raised:
            handout_paper(town, north, wrong, today=TODAY)
        assert words in raised.value.message and "選" in raised.value.message
    # held today is still to come
    assert handout_paper(town, north, meeting_id, today=date(2026, 12, 6)).meeting_title


def test_the_meeting_is_masked_on_the_handout_and_the_sheet(town):
    north = _areas(town)["北地区"]
    create_person(town, PersonInput(CARETAKER, "やまもといちろう", contact=CARETAKER_CONTACT))
    meeting = create_meeting(
        town,
        MeetingInput(
            kind="round_table",
            title="山本さん宅の座談会",
            held_on=date(2026, 12, 6),
            area_id=north,
            place="北公民館（電話 090-5555-6666）",
            agenda=(
                AgendaInput("山本一郎の困りごとを聞く"),
                AgendaInput("みんなでお話し"),
                AgendaInput("よしこさんの報告"),
            ),
        ),
    )
    data = handout_paper(town, north, meeting.id, today=TODAY)
    _, reader = _pdf(build_handout, data)
    first = _page_texts(reader)[0]
    assert "山本" not in first and "よしこ" not in first
    assert not any("09055556666" in line for line in _digit_lines(reader))
    assert "北公民館" in first and "電話" not in first
    assert "1．みんなでお話し" in first  # the item naming a private person is dropped
    assert data.meeting_title  # a blanked title does not turn the invitation into a list
    sheet = feedback_paper(town, meeting.id, today=TODAY)
    _, reader = _pdf(build_feedback, sheet)
    assert "山本" not in _page_texts(reader)[0]


def test_a_town_name_keeps_the_handout_short(demo):
    area = _areas(demo)["北中学校区"]
    everything = handout_paper(demo, area, today=TODAY)
    near = handout_paper(demo, area, today=TODAY, near="公民館")
    assert 0 < near.count < everything.count
    assert not near.town_wide
