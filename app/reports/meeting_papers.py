"""The papers handed out at a meeting: 会議次第, 出席者名簿 (sign-in sheet) and 協議体 委員名簿.

The 議事録 lives in app.reports.minutes_paper and is re-exported here, so that every meeting
paper is built from one module.
"""

from __future__ import annotations

import io

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.domain.wareki import format_wareki
from app.reports.base import (
    DEFAULT_STYLE,
    PaperInfo,
    PaperStyle,
    SectionRow,
    Target,
    build_paper,
    content_box,
    content_width,
    data_table,
    gap,
    text,
)
from app.reports.minutes_paper import NUMBER_WIDTH, build_minutes, label_table, section_heading
from app.services.meetings.papers import AgendaPaper, MeetingHead, RosterPaper, SigninPaper

__all__ = ["build_agenda", "build_minutes", "build_roster", "build_signin"]

AGENDA_TITLE = "会議次第"
SIGNIN_TITLE = "出席者名簿"
ROSTER_TITLE = "委員名簿"
SIGNIN_NOTE = "ご出席の方は、ご自分のお名前の行の署名欄にご署名ください。"
SIGNIN_NOTE_OPEN = "ご出席の方は、ご所属とお名前をご記入ください。"
GUEST_BAND = "傍聴・ゲストの方（ご所属とお名前をご記入ください）"
NO_MEMBERS = "この日に任期中の委員はいません。"
SIGN_ROW = 12 * mm  # a row tall enough to write a name by hand
MIN_GUEST_ROWS = 3  # a page is never started for blank rows alone; the last one is filled


def _centered_title(value: str, style: PaperStyle) -> Paragraph:
    styles = style.styles()
    return Paragraph(
        text(value),
        ParagraphStyle("centered", parent=styles.title, alignment=TA_CENTER, spaceAfter=5 * mm),
    )


def _meeting_rows(head: MeetingHead) -> list[tuple[str, str]]:
    return [("会議名", head.title), ("日時", head.when), ("場所", head.place or "―")]


# --- 会議次第 ---------------------------------------------------------------------------------


def build_agenda(data: AgendaPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the 会議次第 (order of business and 配布資料); returns the page count."""
    styles = style.styles()
    head = data.head
    info = PaperInfo(AGENDA_TITLE, data.municipality, data.made_on)
    story: list[Flowable] = [_centered_title(f"{head.title}　次第", style)]
    when = Table(
        [
            [Paragraph("日時", styles.body), Paragraph(text(head.when), styles.body)],
            [Paragraph("場所", styles.body), Paragraph(text(head.place or "―"), styles.body)],
        ],
        colWidths=[18 * mm, 105 * mm],
        hAlign="CENTER",
    )
    when.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [when, gap(10)]
    item_style = ParagraphStyle("agenda_item", parent=styles.cell_large, rightIndent=0)
    presenter_style = ParagraphStyle("presenter", parent=styles.body, alignment=2)
    rows = [
        [
            Paragraph(f"{number}．", item_style),
            Paragraph(text(title), item_style),
            Paragraph(text(f"（{presenter}）") if presenter else "", presenter_style),
        ]
        for number, (title, presenter) in enumerate(data.order_of_business, start=1)
    ]
    width = content_width(False, style)
    table = Table(rows, colWidths=[16 * mm, width - 16 * mm - 50 * mm, 50 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9 * mm),  # room for notes by hand
            ]
        )
    )
    story.append(table)
    story += section_heading("配布資料", style)
    labels = data.handout_labels or ["なし"]
    body = ParagraphStyle("handout", parent=styles.body, leftIndent=4 * mm)
    story += [Paragraph(text(line), body) for line in labels]
    return build_paper(target, info, story, style=style)


# --- 出席者名簿 -------------------------------------------------------------------------------


def _signin_table(data: SigninPaper, guest_rows: int, style: PaperStyle) -> Table:
    width = content_width(False, style)
    widths = [NUMBER_WIDTH, 62 * mm, 42 * mm, width - NUMBER_WIDTH - 104 * mm]
    write = Spacer(1, SIGN_ROW - 4 * mm)  # the row's height, less its padding
    rows: list = [[str(n), r.title, r.name, write] for n, r in enumerate(data.rows, start=1)]
    if data.rows:  # with no one listed, every row is for whoever comes
        rows.append(SectionRow(GUEST_BAND))
    first_guest = len(data.rows) + 1
    rows += [[str(n), "", "", write] for n in range(first_guest, first_guest + guest_rows)]
    return data_table(
        ("番号", "所属（職名）", "氏名", "出欠・署名"),
        rows,
        widths,
        style,
        zebra=False,
        extra=[("VALIGN", (0, 1), (-1, -1), "MIDDLE"), ("ALIGN", (0, 1), (0, -1), "CENTER")],
    )


def _signin_story(data: SigninPaper, guest_rows: int, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    return [
        _centered_title(SIGNIN_TITLE, style),
        label_table(_meeting_rows(data.head), style),
        gap(3),
        Paragraph(text(SIGNIN_NOTE if data.rows else SIGNIN_NOTE_OPEN), styles.body),
        _signin_table(data, guest_rows, style),
    ]


def _signin_pages(data: SigninPaper, guest_rows: int, style: PaperStyle) -> int:
    info = PaperInfo(f"{SIGNIN_TITLE}　{data.head.title}", data.municipality, data.made_on)
    story = _signin_story(data, guest_rows, style)
    return build_paper(io.BytesIO(), info, story, style=style)


def _guest_rows_to_fill(data: SigninPaper, style: PaperStyle) -> int:
    """At least the minimum of blank rows, and as many more as the last page still holds.

    Laid out on trial (a few quick builds) rather than estimated, because the header row is
    repeated on every page and rows vary in height.
    """
    low = max(MIN_GUEST_ROWS, data.guest_rows)
    pages = _signin_pages(data, low, style)
    high = low + int(content_box(False, style)[3] // SIGN_ROW) + 1  # never a page more
    while low < high:  # the most rows that keep the page count
        middle = (low + high + 1) // 2
        if _signin_pages(data, middle, style) == pages:
            low = middle
        else:
            high = middle - 1
    return low


def build_signin(data: SigninPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the sign-in sheet: everyone invited, then blank rows for guests."""
    info = PaperInfo(f"{SIGNIN_TITLE}　{data.head.title}", data.municipality, data.made_on)
    story = _signin_story(data, _guest_rows_to_fill(data, style), style)
    return build_paper(target, info, story, style=style)


# --- 委員名簿 ---------------------------------------------------------------------------------


def _name_cell(name: str, reading: str, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    cell: list[Flowable] = []
    if reading:
        cell.append(Paragraph(text(reading), styles.ruby))
    cell.append(Paragraph(text(name), styles.cell))
    return cell


def _belongs(belongs_to: str, title: str) -> str:
    """所属 above 職名, once: 「北地区自治会連合会 会長」 already names its organisation."""
    if not title or (belongs_to and belongs_to in title):
        return title or belongs_to
    return f"{belongs_to}\n{title}" if belongs_to else title


def build_roster(data: RosterPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the council's 委員名簿 as of `data.on`; returns the page count."""
    styles = style.styles()
    info = PaperInfo(f"{data.council_name}　{ROSTER_TITLE}", data.municipality, data.made_on)
    story: list[Flowable] = [_centered_title(f"{data.council_name}　{ROSTER_TITLE}", style)]
    area = f"{data.layer}（{data.area_name}）" if data.area_name else data.layer
    established = format_wareki(data.established_on) if data.established_on else "未設定"
    story.append(label_table([("圏域", area), ("設置日", established)], style))
    story.append(
        Paragraph(
            text(f"{format_wareki(data.on)}現在　{len(data.members)}名"),
            ParagraphStyle("as_of", parent=styles.body, alignment=2, spaceBefore=3 * mm),
        )
    )
    if not data.members:
        story.append(Paragraph(text(NO_MEMBERS), styles.notice))
        return build_paper(target, info, story, style=style)
    width = content_width(False, style)
    widths = [NUMBER_WIDTH, 29 * mm, 36 * mm, width - NUMBER_WIDTH - 105 * mm, 40 * mm]
    rows = []
    for number, member in enumerate(data.members, start=1):
        belongs = _belongs(member.belongs_to, member.title)
        rows.append(
            [
                str(number),
                member.role,
                _name_cell(member.name, member.reading, style),
                belongs,
                member.term.replace("～", "～\n") if member.term else "",
            ]
        )
    story.append(
        data_table(
            ("番号", "役職", "氏名", "所属・職名", "任期"),
            rows,
            widths,
            style,
            extra=[("ALIGN", (0, 1), (0, -1), "CENTER")],
        )
    )
    return build_paper(target, info, story, style=style)
