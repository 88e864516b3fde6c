"""Read models for the 座談会 papers for residents: the large-print handout and the 意見シート.

The handout says what the 座談会 is for, when and where it is held, and which activities run
near the reader. Only what residents may see is chosen here: resources marked 掲載可 that are
running now, with their published contact, and never a detail of a person marked 個人情報.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from app.db.engine import Database
from app.domain.enums import Frequency, MeetingKind, ResourceKind, ResourceState
from app.domain.text import normalize
from app.domain.wareki import WEEKDAYS, format_time_ja, format_time_range_ja, format_wareki
from app.services.errors import ValidationError
from app.services.meetings.meeting import MeetingDetail, get_meeting
from app.services.printing.personal import PrivatePeople, private_people
from app.services.resources.resource import ResourceFilter, ResourceRow, list_resources
from app.services.setup.areas import get_area, municipality_area
from app.services.setup.settings import municipality_name

# Kind labels in everyday words, in the standard order of ResourceKind.
PLAIN_KINDS: dict[str, str] = {
    ResourceKind.SALON.value: "集まっておしゃべりする場",
    ResourceKind.EXERCISE.value: "体操・運動",
    ResourceKind.WATCHING.value: "見守り・声かけ",
    ResourceKind.MEALS.value: "お弁当・食事",
    ResourceKind.SHOPPING.value: "買い物の手助け",
    ResourceKind.TRANSPORT.value: "外出・送り迎えの手助け",
    ResourceKind.HOUSEWORK.value: "家事の手伝い",
    ResourceKind.HOBBY.value: "趣味・学び",
    ResourceKind.CONSULTATION.value: "相談窓口",
    ResourceKind.MULTIGENERATION.value: "子どもから大人まで",
    ResourceKind.OTHER.value: "そのほか",
}
NO_KIND_LABEL = "そのほか"
IRREGULAR_TEXT = "日にちは決まっていません。問い合わせ先におたずねください。"
NO_CONTACT_TEXT = "くわしくは、{municipality}の担当窓口におたずねください。"
MAX_SENTENCES = 2
NOON = time(12, 0)

ROUND_TABLE_PURPOSE = (
    "座談会は、地域にお住まいのみなさんが集まって、暮らしの中で困っていることや、"
    "「こんなことがあったらいいな」と思うことを、気軽に話し合う集まりです。",
    "むずかしい話はありません。お茶を飲みながら、思ったことをそのままお話しください。"
    "聞いているだけでもかまいません。",
    "いただいたお話は、地域の支え合いの活動づくりに生かします。",
)
ROUND_TABLE_GENERAL = (
    "「座談会」は、地域にお住まいのみなさんと、町の担当者や地域の団体が、"
    "同じテーブルを囲んでお話しする集まりです。",
    "買い物や通院、ゴミ出し、話し相手がいないことなど、暮らしの中で困っていることや、"
    "「こんな活動があったらいいな」と思うことを、気軽にお聞かせください。",
    "いただいたお話は、地域で支え合うしくみづくりに生かします。",
)
GENERAL_PROGRAMME = (
    "はじめのあいさつ",
    "地域の活動のご紹介",
    "みんなでお話し（困りごと・あったらいいな）",
    "おわりのあいさつ",
)


@dataclass(frozen=True)
class Activity:
    """One activity as residents read it; a blank field is left off the paper."""

    name: str
    reading: str
    about: str  # one or two short sentences
    when: str
    where: str
    fee: str
    audience: str
    contact: str


@dataclass(frozen=True)
class ActivityGroup:
    label: str  # the kind in everyday words
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class HandoutPaper:
    municipality: str
    made_on: date
    area_name: str
    title: str  # 「北中学校区のみなさんへ」
    meeting_title: str  # blank without a meeting
    when: str  # 和暦 with weekday and time, blank without a meeting
    place: str
    purpose: tuple[str, ...]  # short paragraphs
    programme: tuple[str, ...]
    nearby: tuple[ActivityGroup, ...]  # the area's own
    town_wide: tuple[ActivityGroup, ...]  # usable from anywhere in the town

    @property
    def count(self) -> int:
        return sum(len(g.activities) for g in self.nearby + self.town_wide)


@dataclass(frozen=True)
class FeedbackQuestion:
    question: str
    hint: str
    lines: int  # how many ruled lines to write on


@dataclass(frozen=True)
class FeedbackPaper:
    municipality: str
    made_on: date
    title: str
    meeting_title: str
    when: str  # the day of the meeting, 和暦 with weekday
    area_name: str
    intro: str  # what to write, and what it is used for
    questions: tuple[FeedbackQuestion, ...]
    usage: tuple[str, ...]


FEEDBACK_TITLE = "ご意見をお聞かせください"
FEEDBACK_INTRO = (
    "思いつくままに、ひとことだけでもお書きください。"
    "書いたことは、地域の支え合いを考えるためだけに使います。"
)
FEEDBACK_QUESTIONS = (
    FeedbackQuestion(
        "１．暮らしの中で困っていること",
        "（例）買い物に行くのが大変、話し相手がいない、ゴミ出しがつらい",
        3,
    ),
    FeedbackQuestion(
        "２．近くにあったらいいなと思う活動",
        "（例）歩いて行ける集まりの場、送り迎えの手助け",
        3,
    ),
    FeedbackQuestion(
        "３．お手伝いできること・やってみたいこと",
        "（例）話し相手、草取り、得意な料理や手芸を教える",
        3,
    ),
)
FEEDBACK_USAGE = ("書き終えたら、係の者にお渡しください。",)


# --- the words of a resource --------------------------------------------------------------


def when_text(row: ResourceRow) -> str:
    """The schedule in words: 「毎週 月・木曜日　午前10時～12時」."""
    parts: list[str] = []
    frequency = Frequency(row.frequency) if row.frequency else None
    days = "・".join(row.weekdays) + "曜日" if row.weekdays else ""
    if frequency == Frequency.IRREGULAR:
        parts.append("不定期")
    elif frequency == Frequency.WEEKLY:
        parts.append(f"毎週 {days}" if days else "毎週")
    elif frequency == Frequency.BIWEEKLY:
        parts.append(f"2週間に1回 {days}" if days else "2週間に1回")
    elif frequency == Frequency.MONTHLY:
        times = f"月{row.times_per_month}回" if row.times_per_month else "毎月"
        parts.append(f"{times} {days}" if days else times)
    elif frequency == Frequency.NTH_WEEKDAY:
        nth = "・".join(f"第{n}" for n in row.nth_week.split(",") if n)
        parts.append(" ".join(p for p in (f"毎月 {nth}" if nth else "毎月", days) if p))
    elif days:
        parts.append(days)
    hours = _hours(row.starts_at, row.ends_at)
    if hours:
        parts.append(hours)
    result = "　".join(parts)
    note = row.schedule_note.strip()
    if note and note not in result:
        result = f"{result}（{note}）" if result else note
    if result == "不定期":
        return IRREGULAR_TEXT
    return result


def _hours(starts: time | None, ends: time | None) -> str:
    if starts and ends and ends >= starts:
        if ends == NOON and starts < NOON:
            return f"{format_time_ja(starts)}～正午"  # not 「午後0時」, which readers misread
        return format_time_range_ja(starts, ends)
    if starts:
        return f"{format_time_ja(starts)}から"
    if ends:
        return f"{format_time_ja(ends)}まで"
    return ""


def _sentences(value: str) -> list[str]:
    flat = " ".join(value.split())
    return [s for s in re.split(r"(?<=[。！？])", flat) if s.strip()]


def _about(row: ResourceRow, private: PrivatePeople) -> str:
    """The first sentences of the description that name nobody and give no private number."""
    kept = [s for s in _sentences(row.description) if private.safe(s)]
    return "".join(kept[:MAX_SENTENCES])


def _contact(row: ResourceRow, private: PrivatePeople, fallback: str) -> str:
    # The resource's contact field is what its operator agreed to publish; a person's own
    # details (a linked 個人情報 person) never are, even if someone typed them in there.
    contact = " ".join(row.contact.split())
    if not contact or private.found_in(contact):
        return fallback
    return contact


def _kept(value: str, private: PrivatePeople) -> str:
    """`value` when it is safe to print, else blank (費用 and 対象 are short: no partial mask)."""
    value = " ".join(value.split())
    return value if value and private.safe(value) else ""


def _named_safely(row: ResourceRow, private: PrivatePeople) -> bool:
    """False for a name that names a 個人情報 person or someone with an honorific
    (「山田さんちのサロン」): such a resource is left off rather than printed half masked."""
    name = normalize(row.name, keep_newlines=True)
    return bool(name) and private.masked(name) == name


def _activity(row: ResourceRow, private: PrivatePeople, fallback: str) -> Activity:
    return Activity(
        name=row.name,
        reading=_kept(row.reading, private),
        about=_about(row, private),
        when=when_text(row),
        where="　".join(p for p in (row.place, row.address) if p and not private.found_in(p)),
        fee=_kept(row.fee, private),
        audience=_kept(row.audience, private),
        contact=_contact(row, private, fallback),
    )


def _groups(rows: list[ResourceRow], private: PrivatePeople, fallback: str) -> tuple:
    """By first kind in the standard order; 五十音 within (list_resources already sorts)."""
    order = list(PLAIN_KINDS)
    by_kind: dict[str, list[Activity]] = {}
    for row in rows:
        if not _named_safely(row, private):
            continue
        kind = row.kinds[0] if row.kinds and row.kinds[0] in PLAIN_KINDS else "other"
        by_kind.setdefault(kind, []).append(_activity(row, private, fallback))
    return tuple(
        ActivityGroup(PLAIN_KINDS[kind], tuple(by_kind[kind])) for kind in order if kind in by_kind
    )


def resident_rows(
    db: Database, area_id: int, kind: str | None = None, near: str = ""
) -> list[ResourceRow]:
    """The resources of an area that residents may be told about: 掲載可 and running now;
    of one kind and near one place (a 町名 matched in the name, place or address) if asked."""
    flt = ResourceFilter(text=near, area_id=area_id, kind=kind, state=ResourceState.ACTIVE.value)
    rows = list_resources(db, flt, limit=None)
    return [r for r in rows if r.publishable and r.state == ResourceState.ACTIVE.value]


# --- the papers -----------------------------------------------------------------------------


def _meeting(db: Database, meeting_id: int | None) -> MeetingDetail | None:
    return get_meeting(db, meeting_id) if meeting_id is not None else None


def _round_table(
    db: Database, meeting_id: int | None, area_id: int | None, today: date
) -> MeetingDetail | None:
    """The 座談会 a handout invites to; any other meeting (a council's, another area's, one
    already held) is refused, since its title and agenda are not meant for residents."""
    meeting = _meeting(db, meeting_id)
    if meeting is None:
        return None
    if meeting.kind != MeetingKind.ROUND_TABLE.value:
        raise ValidationError(
            {
                "meeting": f"「{meeting.title}」は座談会ではありません。"
                "ごあんないには座談会を選ぶか、「指定しない」にしてください。"
            }
        )
    if area_id is not None and meeting.area_id != area_id:
        raise ValidationError(
            {
                "meeting": f"「{meeting.title}」は選んだ圏域の座談会ではありません。"
                "その圏域の座談会を選ぶか、圏域を選び直してください。"
            }
        )
    if meeting.held_on < today:
        raise ValidationError(
            {
                "meeting": f"「{meeting.title}」（{format_wareki(meeting.held_on)}）は"
                "もう終わっています。これから開く座談会を選ぶか、「指定しない」にしてください。"
            }
        )
    return meeting


# 「北公民館（電話 0123-45-6789）」: the number and its label go, the place stays.
_PLACE_PHONE = re.compile(
    r"(?:TEL|Tel|tel|電話|☎)?\s*[:：]?\s*\(?0\d[\d\s\-‐‑‒–—―−－ー()（）]{7,}\d"
)


def _place(value: str, private: PrivatePeople) -> str:
    without = _PLACE_PHONE.sub("", normalize(value))
    without = re.sub(r"[（(]\s*[)）]", "", without).strip(" 　、,")
    return private.masked(without).strip()


def _programme(meeting: MeetingDetail, private: PrivatePeople) -> tuple[str, ...]:
    """The agenda as residents read it; an item naming a 個人情報 person is dropped."""
    items = (private.masked(a.title).strip() for a in meeting.agenda)
    return tuple(item for item in items if item) or GENERAL_PROGRAMME


def _title(meeting: MeetingDetail, private: PrivatePeople, area_name: str) -> str:
    return private.masked(meeting.title).strip() or f"{area_name} 座談会"


def _day(day: date) -> str:
    return f"{format_wareki(day)}（{WEEKDAYS[day.weekday()]}曜日）"


def _when(meeting: MeetingDetail) -> str:
    """「令和8年10月12日（月曜日）」 and, on the next line, 「午前10時～11時30分」."""
    when = _day(meeting.held_on)
    hours = _hours(meeting.starts_at, meeting.ends_at)
    return f"{when}\n{hours}" if hours else when


def handout_paper(
    db: Database,
    area_id: int | None,
    meeting_id: int | None = None,
    today: date | None = None,
    *,
    kind: str | None = None,
    near: str = "",
) -> HandoutPaper:
    """The large-print handout for the residents of an area (and a 座談会 there, if given).

    A 中学校区 may hold a hundred activities; `kind` (a ResourceKind value) and `near` (a
    町名 or 集会所 name) keep the handout to what one gathering needs. Town-wide services
    are listed in full only when no `near` is given.
    """
    today = today or date.today()
    meeting = _round_table(db, meeting_id, area_id, today)
    if area_id is None and meeting is not None:
        area_id = meeting.area_id
    if area_id is None:
        raise ValidationError({"area_id": "どの地区の資料を作るか、圏域を選んでください。"})
    area = get_area(db, area_id)
    town = municipality_name(db)
    fallback = NO_CONTACT_TEXT.format(municipality=town or "町")
    private = private_people(db)
    nearby = resident_rows(db, area.id, kind, near)
    top = municipality_area(db)
    wide = (
        resident_rows(db, top.id, kind)
        if top is not None and top.id != area.id and not near
        else []
    )

    if meeting is not None:
        programme = _programme(meeting, private)
        purpose = ROUND_TABLE_PURPOSE
        when, place = _when(meeting), _place(meeting.place, private)
        meeting_title = _title(meeting, private, area.name)
    else:
        programme, purpose, when, place = (), ROUND_TABLE_GENERAL, "", ""
        meeting_title = ""
    return HandoutPaper(
        municipality=town,
        made_on=today,
        area_name=area.name,
        title=f"{area.name}のみなさんへ",
        meeting_title=meeting_title,
        when=when,
        place=place,
        purpose=tuple(purpose),
        programme=programme,
        nearby=_groups(nearby, private, fallback),
        town_wide=_groups(wide, private, fallback),
    )


def feedback_paper(
    db: Database,
    meeting_id: int | None = None,
    area_id: int | None = None,
    today: date | None = None,
) -> FeedbackPaper:
    """The 意見シート: three plain questions with room to write, name not required."""
    meeting = _meeting(db, meeting_id)
    if area_id is None and meeting is not None:
        area_id = meeting.area_id
    area_name = get_area(db, area_id).name if area_id is not None else ""
    # Handed to residents: the title is masked like the handout's (blank if it names someone).
    title = private_people(db).masked(meeting.title).strip() if meeting is not None else ""
    return FeedbackPaper(
        municipality=municipality_name(db),
        made_on=today or date.today(),
        title=FEEDBACK_TITLE,
        meeting_title=title,
        when=_day(meeting.held_on) if meeting is not None else "",
        area_name=area_name,
        intro=FEEDBACK_INTRO,
        questions=FEEDBACK_QUESTIONS,
        usage=FEEDBACK_USAGE,
    )
