"""The papers a meeting needs: build each from service-made records and read it back."""

from __future__ import annotations

import io
import re
from datetime import date, time

import pytest
from docx import Document
from pypdf import PdfReader

from app.db.engine import Database
from app.domain.enums import Attendance, CouncilStatus, MeetingKind, MemberRole, OrganizationKind
from app.reports.meeting_papers import build_agenda, build_minutes, build_roster, build_signin
from app.reports.minutes_docx import write_minutes_docx
from app.services.councils.council import (
    CouncilInput,
    FirstMeetingInput,
    MemberInput,
    create_council,
)
from app.services.errors import NotFound
from app.services.meetings.meeting import (
    AgendaInput,
    AttendeeInput,
    MeetingInput,
    attendees_from_council,
    get_meeting,
    list_meetings,
    update_meeting,
)
from app.services.meetings.minutes import (
    ActionInput,
    AgendaMinutesInput,
    MinutesInput,
    confirm_minutes,
    save_minutes,
    start_correction,
)
from app.services.meetings.papers import agenda_paper, minutes_paper, roster_paper, signin_paper
from app.services.setup.areas import list_areas
from app.services.setup.organizations import OrganizationInput, create_organization
from app.services.setup.people import PersonInput, create_person

HELD_ON = date(2026, 11, 26)
TODAY = date(2026, 11, 27)
WHEN = "令和8年11月26日(木) 午後1時30分～3時00分"
MADE_ON = "作成日: 令和8年11月27日"
END_MARK = "【協議内容ここまで】"
TOWN = "テスト町"


def _flat(pdf: io.BytesIO) -> str:
    """The PDF's text without line breaks (wrapped Japanese lines join again) and without the
    page furniture, which is drawn last on each page (so a text flowing on stays whole)."""
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(pdf).pages]
    split = [page.rsplit(TOWN, 1) for page in pages]
    return "".join(body for body, _ in split) + "".join(TOWN + rest for _, rest in split)


def _build(builder, data) -> tuple[int, str]:
    out = io.BytesIO()
    pages = builder(data, out)
    out.seek(0)
    assert len(PdfReader(out).pages) == pages
    out.seek(0)
    return pages, _flat(out)


def _pdf(builder, data) -> io.BytesIO:
    out = io.BytesIO()
    builder(data, out)
    out.seek(0)
    return out


def make_meeting(db: Database, discussion: str = "買い物に困る声が多い。") -> tuple[int, int]:
    """A council of five seats (one retired), its first meeting, and draft minutes."""
    north = next(a.id for a in list_areas(db) if a.name == "北地区")
    org = create_organization(
        db, OrganizationInput("北地区自治会", OrganizationKind.NEIGHBORHOOD_ASSOCIATION.value)
    )
    chair = create_person(db, PersonInput("山田 太郎", "やまだ たろう", organization_id=org.id))
    term = {"starts_on": date(2026, 4, 1), "ends_on": date(2028, 3, 31)}
    council = create_council(
        db,
        CouncilInput(
            name="北地区支え合い会議",
            reading="きたちくささえあいかいぎ",
            layer=2,
            area_id=north,
            status=CouncilStatus.ACTIVE.value,
            established_on=date(2026, 4, 1),
            members=(
                MemberInput(new_name="和田 委員", new_reading="わだ いいん", **term),
                MemberInput(
                    person_id=chair.id, role=MemberRole.CHAIR.value, title="自治会長", **term
                ),
                MemberInput(new_name="佐藤 花子", new_reading="さとう はなこ", title="民生委員"),
                MemberInput(
                    new_name="前田 退任",
                    new_reading="まえだ",
                    starts_on=date(2024, 4, 1),
                    ends_on=date(2026, 3, 31),
                ),
                MemberInput(
                    new_name="鈴木 一郎", role=MemberRole.SECRETARIAT.value, title="福祉課"
                ),
            ),
        ),
        FirstMeetingInput(HELD_ON, time(13, 30), time(15, 0), "北公民館"),
    )
    meeting = list_meetings(db, council_id=council.id)[0]
    attendees = list(attendees_from_council(db, council.id, HELD_ON))
    absent = next(i for i, a in enumerate(attendees) if a.name == "佐藤 花子")
    attendees[absent] = AttendeeInput("佐藤 花子", "民生委員", Attendance.ABSENT.value)
    attendees.append(AttendeeInput("森 傍聴", "町議会議員", Attendance.GUEST.value))
    detail = update_meeting(
        db,
        meeting.id,
        MeetingInput(
            MeetingKind.COUNCIL.value,
            meeting.title,
            HELD_ON,
            council_id=council.id,
            starts_at=time(13, 30),
            ends_at=time(15, 0),
            place="北公民館",
            handouts="地域資源一覧\n参考資料 先行事例",
            agenda=(AgendaInput("地域の困りごと", "鈴木 一郎"), AgendaInput("その他")),
            attendees=tuple(attendees),
        ),
        meeting.version,
    )
    save_minutes(db, meeting.id, _minutes(detail, discussion), detail.version, today=HELD_ON)
    return council.id, meeting.id


def _minutes(detail, discussion: str, decision: str = "見守りマップを作る") -> MinutesInput:
    first, second = detail.agenda
    return MinutesInput(
        agenda=(
            AgendaMinutesInput(first.title, first.presenter, discussion, decision, first.id),
            AgendaMinutesInput(second.title, "", "", "", second.id),
        ),
        actions=(ActionInput("商店に聞き取り", "佐藤", date(2026, 12, 10)),),
        next_meeting="令和9年1月21日 午後1時30分",
        recorder="鈴木 一郎",
        confirmer="山田 太郎",
    )


@pytest.fixture
def meeting(town) -> tuple[Database, int, int]:
    council_id, meeting_id = make_meeting(town)
    return town, council_id, meeting_id


def test_draft_minutes_show_every_part_and_say_they_are_a_draft(meeting):
    db, _council, meeting_id = meeting
    pages, text = _build(build_minutes, minutes_paper(db, meeting_id, today=TODAY))
    for heading in (
        "第1回北地区支え合い会議議事録",
        "会議名",
        "日時",
        "場所",
        "出席者（2名）",
        "欠席者",
        "事務局",
        "傍聴・ゲスト",
        "配布資料",
        "議事",
        "協議内容",
        "決定事項",
        "今後の対応",
        "次回予定",
        "記録者",
        "確認者",
        "印",
    ):
        assert heading in text, heading
    assert WHEN.replace(" ", "") in text and MADE_ON.replace(" ", "") in text
    assert "下書き" in text and "テスト町" in text and f"{pages}/{pages}" in text
    assert "（1）地域の困りごと（説明:鈴木一郎）" in text and "（2）その他" in text
    assert "資料1地域資源一覧" in text and "参考資料先行事例" in text  # own label kept
    assert "令和8年12月10日" in text  # 期限 in 和暦
    # who sat where: 佐藤 is absent, 森 a guest, 鈴木 the secretariat
    assert text.index("欠席者") < text.index("佐藤花子") < text.index("事務局")
    assert text.index("傍聴・ゲスト") < text.index("森傍聴") < text.index("配布資料")


def test_long_discussion_flows_over_pages_without_loss(town):
    discussion = "地域の声をていねいに聞き取った。" * 375 + END_MARK  # 6000 characters and more
    _council, meeting_id = make_meeting(town, discussion)
    pages, text = _build(build_minutes, minutes_paper(town, meeting_id, today=TODAY))
    assert pages >= 3
    assert text.count("地域の声をていねいに聞き取った。") == 375
    assert END_MARK in text and text.index(END_MARK) < text.index("【決定事項】見守りマップ")
    assert text.index("次回予定") < text.index("確認者")  # the 確認者 line comes last
    assert f"{pages}/{pages}" in text


def test_confirmed_minutes_are_corrected_and_each_filed_version_reprints(meeting):
    db, _council, meeting_id = meeting
    detail = confirm_minutes(db, meeting_id, get_meeting(db, meeting_id).version, today=TODAY)
    detail = start_correction(db, meeting_id, "決定事項の誤記", detail.version)
    detail = save_minutes(
        db, meeting_id, _minutes(detail, "買い物に困る声が多い。", "3月までに作る"), detail.version
    )
    confirm_minutes(db, meeting_id, detail.version, today=date(2026, 11, 30))

    _pages, current = _build(build_minutes, minutes_paper(db, meeting_id, today=TODAY))
    assert "第2版（訂正:決定事項の誤記）" in current and "3月までに作る" in current
    assert "下書き" not in current and "令和8年11月30日" in current
    _pages, first = _build(build_minutes, minutes_paper(db, meeting_id, 1, today=TODAY))
    assert "見守りマップを作る" in first and "3月までに作る" not in first
    assert "第2版" not in first and "下書き" not in first
    with pytest.raises(NotFound) as missing:
        minutes_paper(db, meeting_id, 9)
    assert "第9版はありません" in missing.value.message and "第1版、第2版" in missing.value.message


def test_agenda_lists_the_order_of_business_and_handouts(meeting):
    db, _council, meeting_id = meeting
    _pages, text = _build(build_agenda, agenda_paper(db, meeting_id, today=TODAY))
    assert "第1回北地区支え合い会議次第" in text and WHEN.replace(" ", "") in text
    assert re.search("1．開会.*2．地域の困りごと.*3．その他.*4．閉会", text)
    assert "（鈴木一郎）" in text
    assert "配布資料" in text and "資料1地域資源一覧" in text


def test_agenda_that_has_its_own_opening_is_not_given_a_second_one(meeting):
    db, _council, meeting_id = meeting
    data = agenda_paper(db, meeting_id)
    data = type(data)(data.head, (("開会あいさつ", ""), *data.items), data.handouts)
    titles = [title for title, _ in data.order_of_business]
    assert titles == ["開会あいさつ", "地域の困りごと", "その他", "閉会"]


def test_signin_sheet_lists_everyone_invited_then_blank_rows_to_write_in(meeting):
    db, _council, meeting_id = meeting
    data = signin_paper(db, meeting_id, today=TODAY)
    # the absent member is still listed (apologies sent, yet she may come); 事務局 last
    assert [r.name for r in data.rows] == [
        "山田 太郎",
        "佐藤 花子",
        "和田 委員",
        "森 傍聴",
        "鈴木 一郎",
    ]
    pages, text = _build(build_signin, data)
    assert pages == 1
    assert "出席者名簿" in text and WHEN.replace(" ", "") in text and "出欠・署名" in text
    assert "欠席" not in text  # no one is marked absent in advance
    assert "傍聴・ゲストの方" in text
    lines = PdfReader(_pdf(build_signin, data)).pages[0].extract_text().split("\n")
    assert {"6", "7", "8", "9", "10"} <= set(lines)  # five blank rows at least, numbered on


def test_signin_for_a_planned_meeting_expects_the_council_members(meeting):
    db, council_id, _meeting = meeting
    from app.services.meetings.planning import PlanInput, plan_meetings

    [planned] = plan_meetings(db, PlanInput(council_id, date(2026, 12, 17), count=1))
    data = signin_paper(db, planned.id)
    assert [r.name for r in data.rows] == ["山田 太郎", "佐藤 花子", "和田 委員", "鈴木 一郎"]


def test_roster_lists_serving_members_in_order_with_readings_and_terms(meeting):
    db, council_id, _meeting = meeting
    data = roster_paper(db, council_id, date(2026, 11, 1), today=TODAY)
    assert [m.role for m in data.members] == ["会長", "委員", "委員", "事務局"]
    assert [m.name for m in data.members] == ["山田 太郎", "佐藤 花子", "和田 委員", "鈴木 一郎"]
    _pages, text = _build(build_roster, data)
    assert "北地区支え合い会議委員名簿" in text and "第2層（北地区）" in text
    assert "設置日令和8年4月1日" in text and "令和8年11月1日現在4名" in text
    assert "やまだたろう" in text and "令和8年4月1日～令和10年3月31日" in text
    assert "前田退任" not in text  # the term ended before the day
    assert text.index("山田太郎") < text.index("佐藤花子") < text.index("和田委員")
    past = roster_paper(db, council_id, date(2025, 4, 1))
    assert [m.name for m in past.members] == ["佐藤 花子", "前田 退任", "鈴木 一郎"]


def test_minutes_as_word_document_have_the_same_headings(meeting, tmp_path):
    db, _council, meeting_id = meeting
    target = tmp_path / "議事録.docx"
    write_minutes_docx(minutes_paper(db, meeting_id, today=TODAY), target)
    document = Document(str(target))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        "第1回 北地区支え合い会議　議事録",
        "議事",
        "（1）地域の困りごと（説明: 鈴木 一郎）",
        "（2）その他",
        "今後の対応",
        "次回予定",
    ]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "下書き" in body and "【協議内容】" in body and "見守りマップを作る" in body
    assert "確認者　山田 太郎" in body and "印" in body
    head = document.tables[0]
    labels = [row.cells[0].text for row in head.rows]
    assert labels[:3] == ["会議名", "日時", "場所"] and "欠席者" in labels
    assert head.rows[1].cells[1].text == WHEN
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
