"""座談会 papers for residents, in large print: the handout (what the meeting is for, when and
where, and the activities nearby) and the 意見シート with room to write by hand.

Readers are often in their seventies and eighties: body text is 15pt, headings over 20pt,
lines well apart, one activity per framed block that never breaks across pages.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.reports.base import (
    GRID,
    INK,
    LABEL_FILL,
    MUTED,
    RULE,
    SECTION_FILL,
    PaperInfo,
    PaperStyle,
    Styles,
    Target,
    build_paper,
    content_width,
    text,
)
from app.services.printing.handouts import Activity, ActivityGroup, FeedbackPaper, HandoutPaper

# Large print: nothing a resident reads is under 14pt; the ふりがな above a name and the page
# furniture (town, title, page number) are 12pt or more.
LARGE_STYLE = PaperStyle(
    body=15.0,
    small=12.0,
    furniture=12.5,
    subheading=18.0,
    heading=21.0,
    title=24.0,
    leading=1.6,
    margin=18 * mm,
)
SHEET_STYLE = PaperStyle(  # the 意見シート: the same type on a slightly wider page
    body=15.0,
    small=12.0,
    furniture=12.5,
    subheading=18.0,
    heading=21.0,
    title=24.0,
    leading=1.55,
    margin=13 * mm,
)

HANDOUT_TITLE = "座談会のごあんない"
SHEET_TITLE = "意見シート"
NEARBY_HEADING = "お近くの活動"
NEARBY_INTRO = "{area}で、いま参加したり利用したりできる活動です。種類ごとに並べています。"
TOWN_WIDE_HEADING = "町のどこからでも使えるもの"
TOWN_WIDE_INTRO = "住んでいる地区にかかわらず、町内のどなたでも使えるサービスや相談先です。"
NONE_NEARBY = "いまご紹介できる活動はありません。"
ABOUT_HEADING = "座談会とは"
PROGRAMME_HEADING = "当日の進め方"
CLOSING = "どなたでも、お気軽にお越しください。"
NEXT_PAGES = "2ページ目からは、お近くで参加できる活動をご紹介しています。"
LATER = "決まりしだい、お知らせします"
ACTIVITIES_TITLE = "地域の活動のごあんない"  # the header when no 座談会 is named
LABELS = (
    ("when", "いつ"),
    ("where", "どこで"),
    ("fee", "費用"),
    ("audience", "対象の方"),
    ("contact", "問い合わせ"),
)
LABEL_WIDTH = 37 * mm  # 「問い合わせ」 on one line
AUDIENCE_LABEL_WIDTH = 31 * mm
WRITING_LINE = 10 * mm  # room for large handwriting
NAME_NOTE = "書かなくてもかまいません"


@lru_cache(maxsize=4)
def _large(style: PaperStyle) -> dict[str, ParagraphStyle]:
    """The paragraph styles of these papers, on top of the shared ones."""
    s: Styles = style.styles()
    return {
        "title": ParagraphStyle("h_title", parent=s.title, alignment=TA_CENTER, spaceAfter=6 * mm),
        "lead": ParagraphStyle("h_lead", parent=s.heading, alignment=TA_CENTER),
        "heading": s.heading,
        "body": ParagraphStyle("h_body", parent=s.body, spaceAfter=3 * mm),
        "item": ParagraphStyle(
            "h_item",
            parent=s.body,
            leftIndent=style.body * 2,
            firstLineIndent=-style.body * 2,
            spaceAfter=2 * mm,
        ),
        "band": ParagraphStyle(
            "h_band", parent=s.body, fontSize=style.subheading, leading=style.subheading * 1.35
        ),
        "name": ParagraphStyle(
            "h_name",
            parent=s.cell_large,
            fontSize=style.subheading + 1,
            leading=(style.subheading + 1) * 1.35,
        ),
        "ruby": s.ruby,
        "cell": s.cell,
        "big_cell": ParagraphStyle(
            "h_big_cell",
            parent=s.cell,
            fontSize=style.subheading,
            leading=style.subheading * 1.4,
            rightIndent=style.subheading * 0.9,
        ),
        "muted": ParagraphStyle("h_muted", parent=s.body, textColor=MUTED),
        # Inside a framed block the rules already part the lines: a little less air.
        "tight": ParagraphStyle("h_tight", parent=s.cell, leading=round(style.body * 1.4, 1)),
    }


def _p(value: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text(value), style)


# --- the handout ----------------------------------------------------------------------------


def _label_table(rows: list[tuple[str, str]], style: PaperStyle) -> Table:
    """「とき」「ところ」 in the largest body type, framed."""
    st = _large(style)
    width = content_width(False, style)
    table = Table(
        [[_p(label, st["big_cell"]), _p(value, st["big_cell"])] for label, value in rows],
        colWidths=[LABEL_WIDTH, width - LABEL_WIDTH],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("BOX", (0, 0), (-1, -1), 1.2, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return table


def _first_page(data: HandoutPaper, style: PaperStyle) -> list[Flowable]:
    st = _large(style)
    story: list[Flowable] = [_p(data.title, st["title"])]
    if data.meeting_title:
        story.append(_p(f"{data.meeting_title}のごあんない", st["lead"]))
        story.append(Spacer(1, 3 * mm))
        story += [_p(line, st["body"]) for line in data.purpose]
        story.append(Spacer(1, 2 * mm))
        rows = [("とき", data.when or LATER), ("ところ", data.place or LATER)]
        story.append(_label_table(rows, style))
        story.append(Spacer(1, 6 * mm))
    else:
        story.append(_p(ABOUT_HEADING, st["heading"]))
        story += [_p(line, st["body"]) for line in data.purpose]
    if data.programme:
        items = [_p(f"{n}．{item}", st["item"]) for n, item in enumerate(data.programme, start=1)]
        story.append(KeepTogether([_p(PROGRAMME_HEADING, st["heading"]), *items]))
    if data.meeting_title:
        story += [Spacer(1, 4 * mm), _p(CLOSING, st["body"])]
    if data.meeting_title and data.count:
        story.append(_p(NEXT_PAGES, st["body"]))
    return story


def _block(activity: Activity, style: PaperStyle) -> Table:
    """One activity framed: the name (with ふりがな) across the top, then what, when, where.

    費用 and 対象の方 share a line when both are given, so that a block stays short enough
    for three or four on a page.
    """
    st = _large(style)
    width = content_width(False, style)
    cell = st["tight"]
    head: list[Flowable] = []
    if activity.reading and activity.reading != activity.name:
        head.append(_p(activity.reading, st["ruby"]))
    head.append(_p(activity.name, st["name"]))
    rows: list[list] = [[head]]
    if activity.about:
        rows.append([_p(activity.about, cell)])
    first_label = len(rows)
    labelled: list[tuple[str, str]] = [(label, getattr(activity, f)) for f, label in LABELS]
    values = {label: value for label, value in labelled if value}
    for label in ("いつ", "どこで"):
        if label in values:
            rows.append([_p(label, cell), _p(values[label], cell)])
    fee, audience = values.get("費用"), values.get("対象の方")
    if fee and audience:
        rows.append([_p("費用", cell), _p(fee, cell), _p("対象の方", cell), _p(audience, cell)])
    elif fee or audience:
        label = "費用" if fee else "対象の方"
        rows.append([_p(label, cell), _p(values[label], cell)])
    if "問い合わせ" in values:
        rows.append([_p("問い合わせ", cell), _p(values["問い合わせ"], cell)])

    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), SECTION_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
    ]
    data: list[list] = []
    for number, row in enumerate(rows):
        data.append(row + [""] * (4 - len(row)))
        if len(row) < 4:
            commands.append(("SPAN", (len(row) - 1, number), (-1, number)))
        if number >= first_label:
            commands += [
                ("BACKGROUND", (0, number), (0, number), LABEL_FILL),
                ("LINEAFTER", (0, number), (0, number), 0.5, GRID),
                ("LINEABOVE", (0, number), (-1, number), 0.5, GRID),
            ]
            if len(row) == 4:
                commands += [
                    ("BACKGROUND", (2, number), (2, number), LABEL_FILL),
                    ("LINEBEFORE", (2, number), (2, number), 0.5, GRID),
                    ("LINEAFTER", (2, number), (2, number), 0.5, GRID),
                ]
    rest = width - LABEL_WIDTH - AUDIENCE_LABEL_WIDTH
    widths = [LABEL_WIDTH, rest * 0.52, AUDIENCE_LABEL_WIDTH, rest * 0.48]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 1.2, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
                *commands,
            ]
        )
    )
    return table


def _band(label: str, style: PaperStyle) -> Table:
    """The kind of the activities that follow, as a dark-edged band across the page."""
    st = _large(style)
    table = Table([[_p(f"■ {label}", st["band"])]], colWidths=[content_width(False, style)])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 2, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


def _groups(groups: tuple[ActivityGroup, ...], style: PaperStyle) -> list[Flowable]:
    story: list[Flowable] = []
    for group in groups:
        story.append(Spacer(1, 4 * mm))
        blocks = [_block(a, style) for a in group.activities]
        # The band stays with its first block; each block moves whole to the next page.
        story.append(KeepTogether([_band(group.label, style), Spacer(1, 3 * mm), blocks[0]]))
        for block in blocks[1:]:
            story += [Spacer(1, 4 * mm), KeepTogether([block])]
    return story


def build_handout(data: HandoutPaper, target: Target) -> int:
    """Write the large-print handout to `target`; returns the page count."""
    style = LARGE_STYLE
    st = _large(style)
    title = HANDOUT_TITLE if data.meeting_title else ACTIVITIES_TITLE
    info = PaperInfo(title, data.municipality, data.made_on)
    story = _first_page(data, style)
    # With a 座談会 the first page is its invitation, to be read (or posted) on its own.
    story.append(PageBreak() if data.meeting_title else Spacer(1, 6 * mm))
    story.append(_p(NEARBY_HEADING, st["heading"]))
    if data.nearby:
        story.append(_p(NEARBY_INTRO.format(area=data.area_name), st["body"]))
        story += _groups(data.nearby, style)
    else:
        story.append(_p(NONE_NEARBY, st["body"]))
    if data.town_wide:
        story += [
            Spacer(1, 6 * mm),
            CondPageBreak(70 * mm),
            _p(TOWN_WIDE_HEADING, st["heading"]),
            _p(TOWN_WIDE_INTRO, st["body"]),
        ]
        story += _groups(data.town_wide, style)
    return build_paper(target, info, story, style=style)


# --- the 意見シート -------------------------------------------------------------------------


class WritingBox(Flowable):
    """A framed box with ruled lines to write on by hand."""

    def __init__(self, width: float, lines: int, spacing: float = WRITING_LINE) -> None:
        super().__init__()
        self.width = width
        self.lines = lines
        self.spacing = spacing
        self.height = lines * spacing + 2 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(1.2)
        canvas.rect(0, 0, self.width, self.height)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.setDash(2, 2)
        for n in range(1, self.lines):
            y = self.height - n * self.spacing
            canvas.line(3 * mm, y, self.width - 3 * mm, y)
        canvas.restoreState()


def _who_table(data: FeedbackPaper, style: PaperStyle) -> Table:
    """お住まいの地区 and お名前, both optional, with room to write."""
    st = _large(style)
    width = content_width(False, style)
    label_width = 97 * mm  # 「お名前（書かなくてもかまいません）」 on one line
    area_label = f"お住まいの地区（{data.area_name}の町名など）" if data.area_name else ""
    if not area_label or len(area_label) > 17:
        area_label = "お住まいの地区（町名など）"
    rows = [
        [_p(area_label, st["cell"]), ""],
        [_p(f"お名前（{NAME_NOTE}）", st["cell"]), ""],
    ]
    table = Table(
        rows, colWidths=[label_width, width - label_width], rowHeights=13 * mm, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("BOX", (0, 0), (-1, -1), 1.2, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
            ]
        )
    )
    return table


def build_feedback(data: FeedbackPaper, target: Target) -> int:
    """Write the 意見シート to `target`; returns the page count (one page for the usual sheet)."""
    style = SHEET_STYLE
    st = _large(style)
    width = content_width(False, style)
    info = PaperInfo(SHEET_TITLE, data.municipality, data.made_on)
    title_style = ParagraphStyle("s_t", parent=st["title"], spaceAfter=2 * mm)
    story: list[Flowable] = [_p(data.title, title_style)]
    about = "　".join(p for p in (data.meeting_title, data.when) if p)
    if about:
        story.append(_p(about, ParagraphStyle("s_a", parent=st["body"], alignment=TA_CENTER)))
    story.append(_p(data.intro, st["body"]))
    question_style = ParagraphStyle("s_q", parent=st["band"], spaceBefore=1 * mm)
    hint_style = ParagraphStyle("s_h", parent=st["muted"], spaceAfter=1.5 * mm)
    for question in data.questions:
        story.append(
            KeepTogether(
                [
                    _p(question.question, question_style),
                    _p(question.hint, hint_style),
                    WritingBox(width, question.lines),
                    Spacer(1, 2 * mm),
                ]
            )
        )
    story += [Spacer(1, 3 * mm), KeepTogether([_who_table(data, style)]), Spacer(1, 3 * mm)]
    story += [_p(line, st["body"]) for line in data.usage]
    return build_paper(target, info, story, style=style)
