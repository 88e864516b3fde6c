"""Every paper the app prints, in one list: what it is called, what it is for, what it asks.

The 印刷センター page and the `sasaeai report` command both read this list, so a new paper
appears in both by being added here. Options are plain values (ids, a fiscal year, flags); the
choices a screen offers for them come from `option_values`, read through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from app.domain.enums import MeetingKind, ResourceKind
from app.domain.wareki import fiscal_year, format_fiscal_year, format_wareki
from app.reports.base import Target
from app.reports.confirm_sheets import build_confirm_sheets
from app.reports.handouts import build_feedback, build_handout
from app.reports.issue_handover import build_handover
from app.reports.issue_papers import build_gaps, build_issues, build_matrix
from app.reports.kj_paper import build_kj_board
from app.reports.meeting_papers import build_agenda, build_minutes, build_roster, build_signin
from app.reports.minutes_docx import write_minutes_docx
from app.reports.progress_report import build_annual, build_progress
from app.reports.resource_cards import build_resource_cards
from app.reports.resource_list import build_resource_list
from app.services.councils.council import list_councils
from app.services.errors import ServiceError, ValidationError
from app.services.guide.papers import annual_paper, progress_paper
from app.services.issues.issue import list_issues
from app.services.issues.kj_board import kj_paper
from app.services.issues.papers import (
    GROUPINGS,
    gaps_paper,
    handover_paper,
    issues_paper,
    matrix_paper,
)
from app.services.meetings.meeting import get_meeting, list_meetings
from app.services.meetings.papers import agenda_paper, minutes_paper, roster_paper, signin_paper
from app.services.printing.handouts import feedback_paper, handout_paper
from app.services.resources.papers import (
    confirm_sheets_data,
    resource_cards_data,
    resource_list_data,
)
from app.services.setup.areas import list_areas

OptionKind = Literal[
    "area",
    "meeting",
    "round_table",  # a 座談会 of the chosen area, held today or later
    "council",
    "issue",
    "fiscal_year",
    "choice",
    "flag",
    "date",
    "revision",
    "text",
]
Options = dict[str, Any]
Build = Callable[[Any, Options, Target], int]

GROUPS = ("会議", "地域資源", "地域課題", "報告・配布")
ALL_AREAS = "すべての圏域"
NOT_CHOSEN = "指定しない"
CURRENT_MINUTES = "今の内容"
YEARS_BACK = 5  # fiscal years offered before this one (and one ahead, to plan)


@dataclass(frozen=True)
class PaperOption:
    """One thing a paper asks for. `choices` are (value, label) pairs for a "choice"."""

    name: str
    label: str
    kind: OptionKind
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    default: Any = None


@dataclass(frozen=True)
class PaperKind:
    """A paper: its key (the CLI name), title, one plain sentence on what it is for, options."""

    key: str
    title: str
    description: str
    group: str
    options: tuple[PaperOption, ...]
    build: Build
    internal: bool = False  # 取扱注意: holds personal details, not for residents
    suffix: str = ".pdf"
    internal_if: Callable[[Options], bool] | None = None  # internal only with some options

    @property
    def previewable(self) -> bool:
        return self.suffix == ".pdf"

    def option(self, name: str) -> PaperOption | None:
        return next((o for o in self.options if o.name == name), None)

    def is_internal(self, options: Options) -> bool:
        return self.internal or bool(self.internal_if and self.internal_if(options))

    def resolve(self, options: Options) -> Options:
        """The options with defaults filled in; raises ValidationError for a missing one."""
        resolved: Options = {}
        missing: dict[str, str] = {}
        for option in self.options:
            value = options.get(option.name)
            if value is None:
                value = option.default
            if value is None and option.kind == "fiscal_year":
                value = fiscal_year(date.today())
            if value is None and option.kind == "flag":
                value = False
            if value is None and option.required:
                missing[option.name] = f"{option.label}を選んでください。"
            resolved[option.name] = value
        if missing:
            raise ValidationError(missing)
        return resolved

    def run(self, db: Any, options: Options, target: Target) -> int:
        """Build the paper into `target` (a path or a binary file); returns the page count."""
        return self.build(db, self.resolve(options), target)

    def file_name(self, options: Options, labels: dict[str, str] | None = None) -> str:
        """A default file name: the title and the chosen area or year (without suffix)."""
        parts = [self.title]
        for option in self.options:
            label = (labels or {}).get(option.name)
            if label and option.kind in ("area", "fiscal_year"):
                parts.append(label)
        return "_".join(parts)


# --- builders of the papers that already exist --------------------------------------------------


def _resources(db, o: Options, target: Target) -> int:
    data = resource_list_data(db, area_id=o["area"], for_residents=o["for_residents"])
    return build_resource_list(data, target)


def _resource_cards(db, o: Options, target: Target) -> int:
    data = resource_cards_data(db, area_id=o["area"], for_residents=o["for_residents"])
    return build_resource_cards(data, target)


def _confirm_sheets(db, o: Options, target: Target) -> int:
    return build_confirm_sheets(confirm_sheets_data(db, area_id=o["area"]), target)


def _minutes(db, o: Options, target: Target) -> int:
    return build_minutes(minutes_paper(db, o["meeting"], o["revision"]), target)


def _minutes_docx(db, o: Options, target: Target) -> int:
    write_minutes_docx(minutes_paper(db, o["meeting"], o["revision"]), target)
    return 1  # Word lays out its own pages; one document was written


def _agenda(db, o: Options, target: Target) -> int:
    return build_agenda(agenda_paper(db, o["meeting"]), target)


def _signin(db, o: Options, target: Target) -> int:
    return build_signin(signin_paper(db, o["meeting"]), target)


def _roster(db, o: Options, target: Target) -> int:
    return build_roster(roster_paper(db, o["council"], o["on"]), target)


def _issues(db, o: Options, target: Target) -> int:
    data = issues_paper(db, area_id=o["area"], by=o["by"], internal=o["internal"])
    return build_issues(data, target)


def _matrix(db, o: Options, target: Target) -> int:
    return build_matrix(matrix_paper(db), target)


def _gaps(db, o: Options, target: Target) -> int:
    return build_gaps(gaps_paper(db, o["area"]), target)


def _kj(db, o: Options, target: Target) -> int:
    return build_kj_board(kj_paper(db, o["area"]), target, paper=o["paper"])


def _handover(db, o: Options, target: Target) -> int:
    # Filed with the town hall, so internal unless asked for a copy to hand round.
    return build_handover(handover_paper(db, o["issue"], internal=not o["for_residents"]), target)


def _progress(db, o: Options, target: Target) -> int:
    return build_progress(progress_paper(db, o["area"], o["year"]), target)


def _annual(db, o: Options, target: Target) -> int:
    return build_annual(annual_paper(db, o["year"]), target)


def _handout(db, o: Options, target: Target) -> int:
    near = (o.get("near") or "").strip()
    data = handout_paper(db, o["area"], o["meeting"], kind=o.get("kind") or None, near=near)
    return build_handout(data, target)


# A 中学校区 may hold a hundred activities: one kind keeps a handout to a few pages.
_KINDS = (("", "すべての種類"), *((k.value, k.label) for k in ResourceKind))


def _feedback(db, o: Options, target: Target) -> int:
    return build_feedback(feedback_paper(db, meeting_id=o["meeting"], area_id=o["area"]), target)


# --- the list -----------------------------------------------------------------------------------

_AREA = PaperOption("area", "圏域", "area")
_NEEDED_AREA = PaperOption("area", "圏域", "area", required=True)
_MEETING = PaperOption("meeting", "会議", "meeting", required=True)
_REVISION = PaperOption("revision", "議事録の版", "revision")
_FOR_RESIDENTS = PaperOption("for_residents", "住民向け（掲載不可・終了した資源を除く）", "flag")
_YEAR = PaperOption("year", "年度", "fiscal_year")  # resolve() fills in this 年度
_BY = tuple(GROUPINGS.items())

# fmt: off
PAPERS: tuple[PaperKind, ...] = (
    # 会議
    PaperKind(
        "minutes", "議事録", "会議で話し合ったことと決まったことの記録です。", "会議",
        (_MEETING, _REVISION), _minutes,
    ),
    PaperKind(
        "minutes-docx", "議事録（Word）",
        "議事録を Word 文書にして、文面を整えたり別の様式に写したりするときに使います。", "会議",
        (_MEETING, _REVISION), _minutes_docx, suffix=".docx",
    ),
    PaperKind(
        "agenda", "会議次第", "会議の進め方と配布資料を、当日の受付で配る一枚です。", "会議",
        (_MEETING,), _agenda,
    ),
    PaperKind(
        "signin", "出席者名簿", "会議の受付で出席者に名前を書いてもらう名簿です。", "会議",
        (_MEETING,), _signin,
    ),
    PaperKind(
        "roster", "協議体 委員名簿", "協議体の委員を役職の順に並べた名簿です。", "会議",
        (
            PaperOption("council", "協議体", "council", required=True),
            PaperOption("on", "基準日", "date"),
        ),
        _roster,
    ),
    PaperKind(
        "feedback", "意見シート",
        "会議や座談会の終わりに、参加者に意見を書いてもらう用紙です（名前は書かなくてよい）。",
        "会議",
        (PaperOption("meeting", "会議", "meeting"), _AREA), _feedback,
    ),
    # 地域資源
    PaperKind(
        "resources", "地域資源一覧", "地域の活動やサービスを圏域と種類ごとに並べた一覧です。",
        "地域資源", (_AREA, _FOR_RESIDENTS), _resources,
    ),
    PaperKind(
        "resource-cards", "資源カード", "地域資源を一件ずつ大きめの文字でまとめたカードです。",
        "地域資源", (_AREA, _FOR_RESIDENTS), _resource_cards,
    ),
    PaperKind(
        "confirm-sheets", "地域資源 確認票",
        "登録している内容が今も正しいか、運営する団体に確かめてもらう用紙です。", "地域資源",
        (_AREA,), _confirm_sheets,
    ),
    # 地域課題
    PaperKind(
        "issues", "地域課題一覧", "つかんだ地域課題を緊急度や圏域、種類ごとにまとめた一覧です。",
        "地域課題",
        (
            _AREA,
            PaperOption("by", "まとめ方", "choice", choices=_BY, default="urgency"),
            PaperOption("internal", "内部資料（個人に関わる内容も載せる）", "flag"),
        ),
        _issues, internal_if=lambda o: bool(o.get("internal")),
    ),
    PaperKind(
        "matrix", "緊急度×地域 課題表", "どの圏域にどれほど急ぐ課題があるかを一枚の表にします。",
        "地域課題", (), _matrix,
    ),
    PaperKind(
        "gaps", "ニーズ×資源マップ", "圏域の課題ごとに、応える地域資源があるかどうかを示します。",
        "地域課題", (_NEEDED_AREA,), _gaps,
    ),
    PaperKind(
        "kj", "KJ法の模造紙", "KJ法で整理した課題のカードと表札を、そのまま一枚に写します。",
        "地域課題",
        (
            _NEEDED_AREA,
            PaperOption(
                "paper", "用紙", "choice",
                choices=(("A3", "A3（大きく貼り出す）"), ("A4", "A4")), default="A3",
            ),
        ),
        _kj,
    ),
    PaperKind(
        "handover", "地域課題 引継ぎ票",
        "圏域だけでは解決できない課題を、第1層や役場の担当へ引き継ぐ票です。", "地域課題",
        (
            PaperOption("issue", "地域課題", "issue", required=True),
            PaperOption("for_residents", "配布用の写し（個人に関わる内容を除く）", "flag"),
        ),
        _handover, internal_if=lambda o: not o.get("for_residents"),
    ),
    # 報告・配布
    PaperKind(
        "progress", "地域づくり進捗レポート",
        "圏域ごとに、その年度の STEP 1〜3 の進み具合をまとめます。",
        "報告・配布", (_NEEDED_AREA, _YEAR), _progress,
    ),
    PaperKind(
        "annual", "地域づくり年次報告",
        "町全体の、その年度の会議・地域資源・課題・取組を圏域ごとの数字でまとめます。",
        "報告・配布",
        (_YEAR,), _annual,
    ),
    PaperKind(
        "handout", "座談会のごあんない",
        "住民に配る、近くの活動の曜日・場所・連絡先を大きな文字で載せた資料です。", "報告・配布",
        (
            _NEEDED_AREA,
            PaperOption("meeting", "座談会", "round_table"),
            PaperOption("kind", "載せる活動の種類", "choice", choices=_KINDS, default=""),
            PaperOption("near", "町名・集会所", "text"),
        ),
        _handout,
    ),
)
# fmt: on

BY_KEY: dict[str, PaperKind] = {paper.key: paper for paper in PAPERS}


def paper_kind(key: str) -> PaperKind:
    try:
        return BY_KEY[key]
    except KeyError:
        known = "、".join(BY_KEY)
        raise ServiceError(f"書類「{key}」はありません（作れる書類: {known}）。") from None


def grouped(papers: tuple[PaperKind, ...] = PAPERS) -> list[tuple[str, list[PaperKind]]]:
    """The papers under their groups, in the order of GROUPS."""
    return [(group, [p for p in papers if p.group == group]) for group in GROUPS]


# --- what a screen offers for each option ----------------------------------------------------


def fiscal_year_label(year: int) -> str:
    return f"{format_fiscal_year(year)}（{year}年度）"


def fiscal_years(today: date | None = None) -> list[tuple[str, int]]:
    """Next year down to YEARS_BACK years ago, labelled 「令和8年度（2026年度）」."""
    this = fiscal_year(today or date.today())
    return [(fiscal_year_label(y), y) for y in range(this + 1, this - YEARS_BACK - 1, -1)]


def meeting_label(held_on: date, title: str) -> str:
    return f"{format_wareki(held_on)}　{title}"


# What the choices of an option kind depend on: the name of another option.
DEPENDS_ON = {"revision": "meeting", "round_table": "area"}


def round_tables(db: Any, area_id: int | None, today: date | None = None) -> list:
    """The 座談会 of an area still to be held (today included), the soonest first."""
    if area_id is None:
        return []
    today = today or date.today()
    rows = list_meetings(db, area_id=area_id, kind=MeetingKind.ROUND_TABLE.value)
    coming = sorted((m for m in rows if m.held_on >= today), key=lambda m: (m.held_on, m.id))
    return [(meeting_label(m.held_on, m.title), m.id) for m in coming]


def option_values(db: Any, option: PaperOption, options: Options | None = None) -> list:
    """The (label, value) pairs to choose from; an optional option starts with 「指定しない」.

    A "revision" depends on the meeting chosen in `options`, a "round_table" on the area.
    Dates, flags and text have no list.
    """
    options = options or {}
    values: list[tuple[str, Any]]
    if option.kind == "area":
        values = [(a.name, a.id) for a in list_areas(db)]
    elif option.kind == "meeting":
        values = [(meeting_label(m.held_on, m.title), m.id) for m in list_meetings(db)]
    elif option.kind == "round_table":
        values = round_tables(db, options.get("area"))
    elif option.kind == "council":
        values = [(c.name, c.id) for c in list_councils(db)]
    elif option.kind == "issue":
        values = [(f"{r.title}（{'・'.join(r.area_names)}）", r.id) for r in list_issues(db)]
    elif option.kind == "fiscal_year":
        return fiscal_years()
    elif option.kind == "choice":
        return [(label, value) for value, label in option.choices]
    elif option.kind == "revision":
        values = []
        if options.get("meeting") is not None:
            meeting = get_meeting(db, options["meeting"])
            values = [
                (f"第{r.revision}版（{format_wareki(r.confirmed_on)} 確認）", r.revision)
                for r in reversed(meeting.revisions)
            ]
        return [(CURRENT_MINUTES, None), *values]
    else:
        return []
    if not option.required:
        values.insert(0, (ALL_AREAS if option.kind == "area" else NOT_CHOSEN, None))
    return values


def default_options(db: Any, paper: PaperKind, preferred_area: int | None = None) -> Options:
    """A value for every option: the first of each list (a district for a required area)."""
    chosen: Options = {}
    for option in paper.options:
        if option.kind == "area" and option.required:
            areas = list_areas(db)
            ids = [a.id for a in areas]
            districts = [a.id for a in areas if a.layer == 2] or ids
            chosen[option.name] = (
                preferred_area if preferred_area in ids else next(iter(districts), None)
            )
            continue
        if option.kind == "fiscal_year":
            chosen[option.name] = option.default or fiscal_year(date.today())
            continue
        values = option_values(db, option, chosen)
        if option.default is not None or option.kind in ("date", "flag"):
            chosen[option.name] = option.default
        elif values:
            chosen[option.name] = values[0][1]
        else:
            chosen[option.name] = None
    return chosen
