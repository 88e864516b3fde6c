"""議事録 as municipalities file it: the label table of who met where, each 議事 with its
協議内容 and 決定事項, 今後の対応, 次回予定, and a 確認者 line to sign and seal."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from app.domain.wareki import era_year, format_wareki
from app.reports.base import (
    DEFAULT_STYLE,
    MUTED,
    RULE,
    PaperInfo,
    PaperStyle,
    Target,
    build_paper,
    content_width,
    data_table,
    gap,
    text,
    title_block,
)
from app.reports.base import label_table as base_label_table
from app.services.meetings.papers import MinutesPaper, PersonLine, handout_labels

TITLE = "議事録"
DRAFT = "下書き"
DRAFT_NOTE = "まだ確認されていない議事録です。内容が変わることがあります。"
NONE = "なし"
NO_DECISION = "特になし"
UNDECIDED = "未定"
CONFIRM_TEXT = "以上の内容に相違ないことを確認します。"
LABEL_WIDTH = 30 * mm
DRAFT_RED = colors.HexColor("#b3261e")
SIGN_ROW = 12 * mm  # room to sign by hand
NUMBER_WIDTH = 15 * mm  # 「番号」 on one line

Cell = str | Flowable


def _derived(base: ParagraphStyle, name: str, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, parent=base, **kw)


def people_cell(people: Sequence[PersonLine], width: float, style: PaperStyle) -> Cell:
    """Attendees as 職名 and 氏名 in columns; two people to a line when there are many."""
    if not people:
        return NONE
    cell = style.styles().cell
    # Two to a line when many; one to a line keeps the same columns, so the names line up.
    pairs = 2 if len(people) > 3 else 1
    per_person = width / 2
    name_width = 26 * mm
    widths = [per_person - name_width, name_width] * pairs
    if pairs == 1:  # the name may use the rest of the line (「参加者 18名（名簿は別紙）」)
        widths[1] = width - widths[0]
    rows = []
    for start in range(0, len(people), pairs):
        row: list = []
        for person in people[start : start + pairs]:
            row += [Paragraph(text(person.title), cell), Paragraph(text(person.name), cell)]
        rows.append(row + [""] * (2 * pairs - len(row)))
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0.4 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.4 * mm),
            ]
        )
    )
    return table


def label_table(rows: Sequence[tuple[str, Cell]], style: PaperStyle) -> Flowable:
    """The meeting papers' head: 会議名, 日時, 場所 … beside a 30 mm label column."""
    return base_label_table(rows, LABEL_WIDTH, style)


def _head_rows(data: MinutesPaper, style: PaperStyle) -> list[tuple[str, Cell]]:
    width = content_width(False, style) - LABEL_WIDTH - 2.2 * mm - 1 * mm
    head = data.head
    rows: list[tuple[str, Cell]] = [
        ("会議名", head.title),
        ("日時", head.when),
        ("場所", head.place or "―"),
        (f"出席者（{len(data.present)}名）", people_cell(data.present, width, style)),
        ("欠席者", people_cell(data.absent, width, style)),
        ("事務局", people_cell(data.secretariat, width, style)),
    ]
    if data.guests:
        rows.append(("傍聴・ゲスト", people_cell(data.guests, width, style)))
    rows.append(("配布資料", "\n".join(handout_labels(data.handouts)) or NONE))
    return rows


def section_heading(title: str, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    return [
        CondPageBreak(40 * mm),  # a heading never ends a page alone
        gap(3),
        Paragraph(text(title), _derived(styles.heading, "section", spaceAfter=1 * mm)),
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=0, spaceAfter=2.5 * mm),
    ]


def body_lines(value: str, style: ParagraphStyle) -> list[Flowable]:
    """Text as one paragraph per line, so that a long discussion flows over pages."""
    lines = value.replace("\r\n", "\n").strip("\n").split("\n")
    return [
        Paragraph(text(line), style) if line.strip() else Spacer(1, style.leading / 2)
        for line in lines
    ]


def _item(number: int, item, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    title = f"（{number}）{item.title}"
    if item.presenter:
        title += f"（説明: {item.presenter}）"
    label = _derived(
        styles.body, "item_label", leftIndent=4 * mm, textColor=MUTED, spaceAfter=0.5 * mm
    )
    body = _derived(styles.body, "item_body", leftIndent=8 * mm, spaceAfter=0.8 * mm)
    heading = Paragraph(text(title), _derived(styles.subheading, "item", spaceBefore=2 * mm))
    # Page breaks by room left rather than KeepTogether: a long discussion must start under
    # its title and flow on, not jump whole to the next page and leave a blank one behind.
    story: list[Flowable] = [CondPageBreak(30 * mm), heading]
    for name, value, empty in (
        ("【協議内容】", item.discussion, ""),
        ("【決定事項】", item.decisions, NO_DECISION),
    ):
        if not value.strip() and not empty:
            continue
        story += [CondPageBreak(15 * mm), Paragraph(text(name), label)]
        story += body_lines(value if value.strip() else empty, body)
        story.append(gap(1.5))
    return story


def _actions(data: MinutesPaper, style: PaperStyle) -> list[Flowable]:
    width = content_width(False, style)
    widths = [NUMBER_WIDTH, width - NUMBER_WIDTH - 36 * mm - 38 * mm, 36 * mm, 38 * mm]
    rows = [
        [str(n), a.description, a.owner or "―", a.due or "―"]
        for n, a in enumerate(data.actions, start=1)
    ]
    return [
        *section_heading("今後の対応", style),
        data_table(("番号", "内容", "担当", "期限"), rows, widths, style),
    ]


def _signatures(data: MinutesPaper, style: PaperStyle) -> Flowable:
    styles = style.styles()
    cell = styles.cell
    blank = "&nbsp;" * 6  # reportlab folds runs of spaces, even full-width ones
    if data.confirmed and data.confirmed_on:
        on = text(format_wareki(data.confirmed_on))
    else:
        era = era_year(data.made_on)[0]
        on = f"{era}{blank}年{blank}月{blank}日"
    seal = Paragraph("印", _derived(cell, "seal", alignment=2, rightIndent=0))
    small = _derived(cell, "sign_hint", fontSize=style.small, textColor=MUTED, rightIndent=0)
    rows = [
        [Paragraph("記録者", cell), Paragraph(text(data.recorder or "―"), cell), "", "", ""],
        [Paragraph("確認日", cell), Paragraph(on, cell), "", "", ""],
        [
            Paragraph("確認者", cell),
            Paragraph(text(data.confirmer), cell),
            "",
            Paragraph("署名", small),
            seal,
        ],
    ]
    widths = [20 * mm, 48 * mm, 5 * mm, 55 * mm, 9 * mm]
    table = Table(rows, colWidths=widths, rowHeights=[8 * mm, 8 * mm, SIGN_ROW], hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("LINEBELOW", (1, 0), (1, 2), 0.5, RULE),
                ("LINEBELOW", (3, 2), (4, 2), 0.8, colors.black),  # the line to sign on
            ]
        )
    )
    return KeepTogether(
        [
            gap(5),
            Paragraph(text(CONFIRM_TEXT), _derived(styles.body, "confirm", alignment=2)),
            table,
        ]
    )


def _state_banner(data: MinutesPaper, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    if data.confirmed:
        return [Paragraph(text(data.state_text), styles.subtitle)]
    banner = _derived(
        styles.subheading,
        "draft",
        textColor=DRAFT_RED,
        borderColor=DRAFT_RED,
        borderWidth=1.2,
        borderPadding=2 * mm,
        spaceBefore=1 * mm,
        spaceAfter=5 * mm,
    )
    label = data.state_text
    return [Paragraph(text(f"【{label}】　{DRAFT_NOTE}"), banner)]


def build_minutes(data: MinutesPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the 議事録 to `target` (a file name or binary stream); returns the page count."""
    header = TITLE if data.confirmed else f"{TITLE}（{DRAFT}）"
    if data.revision > 1:
        header += f"　第{data.revision}版"
    info = PaperInfo(header, data.municipality, data.made_on)
    story: list[Flowable] = title_block(f"{data.head.title}　{TITLE}", "", style)
    story += _state_banner(data, style)
    story.append(label_table(_head_rows(data, style), style))
    story += section_heading("議事", style)
    if not data.items:
        story.append(Paragraph(text("議題はありません。"), style.styles().body))
    for number, item in enumerate(data.items, start=1):
        story += _item(number, item, style)
    if data.actions:
        story += _actions(data, style)
    story += section_heading("次回予定", style)
    story += body_lines(data.next_meeting or UNDECIDED, style.styles().body)
    story.append(_signatures(data, style))
    return build_paper(target, info, story, style=style)
