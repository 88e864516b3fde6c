"""地域づくり進捗レポート (one area, one 年度) and the 年次報告 of the whole town, on A4 portrait.

The report is for the council: figures, charts and titles with personal details masked (a
title naming a 個人情報 person reads 「（個人に関わるため省略）」); an issue marked 個人情報 is
only counted. It may be printed years later, so it never says 今年度: 「年度内」 means the
paper's own 年度. The 年次報告 is a summary page for the town followed
by every area's report, each on new pages, numbered over the whole document.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Table

from app.domain.wareki import format_wareki
from app.reports.base import (
    DEFAULT_STYLE,
    MUTED,
    RULE,
    PaperInfo,
    PaperStyle,
    Section,
    SectionRow,
    Target,
    build_paper,
    content_width,
    data_table,
    gap,
    text,
    title_block,
)
from app.reports.charts import (
    BAR_LIGHT,
    BAR_STRONG,
    COLUMN_GAP,
    OPEN_FILL,
    URGENCY,
    Bar,
    bar_chart,
    check_squares,
    figure_tiles,
    legend,
    side_by_side,
)
from app.services.guide.papers import AnnualPaper, AreaTotals, Count, ProgressPaper

PROGRESS_TITLE = "地域づくり進捗レポート"
ANNUAL_TITLE = "地域づくり年次報告"
PERSONAL_LINE = "個人に関わる課題 {n}件（見出しは載せていません）"
SHORT_CATEGORIES = {  # the four views of STEP 2-1, short enough for a chart label
    "高齢者が参加する活動": "参加する活動",
    "高齢者が利用するサービス": "利用するサービス",
}


def _style_of(base: ParagraphStyle, name: str, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, parent=base, **kw)


def _month_day(day: date) -> str:
    """「8月28日」: inside one 年度 the month alone tells the year."""
    return f"{day.month}月{day.day}日"


def _as_of_note(as_of: date, made_on: date) -> str:
    if as_of >= made_on:
        return f"※ 件数と状態は作成日（{format_wareki(made_on)}）現在のものです。"
    return (
        f"※ 件数は年度末（{format_wareki(as_of)}）の時点、状態（活動中・未解決など）は"
        f"作成日（{format_wareki(made_on)}）現在のものです。"
    )


def _summary_box(value: str, style: PaperStyle) -> Paragraph:
    box = _style_of(
        style.styles().body,
        "progress_summary",
        fontSize=style.body + 1,
        leading=round((style.body + 1) * 1.6, 1),
        borderColor=RULE,
        borderWidth=0.8,
        borderPadding=(2.5 * mm, 3 * mm, 2.5 * mm, 3 * mm),
        spaceBefore=2 * mm,
        spaceAfter=5 * mm,
        leftIndent=3 * mm,
        rightIndent=3 * mm,
    )
    return Paragraph(text(value), box)


def _heading(value: str, style: PaperStyle, keep: float = 60 * mm) -> list[Flowable]:
    """A section heading that never ends a page alone."""
    return [CondPageBreak(keep), Paragraph(text(value), style.styles().heading)]


def _caption(value: str, style: PaperStyle) -> Paragraph:
    return Paragraph(text(value), _style_of(style.styles().body, "caption", spaceAfter=1 * mm))


def _bars(counts: tuple[Count, ...], names: dict[str, str] | None = None) -> list[Bar]:
    names = names or {}
    return [Bar(names.get(c.label, c.label), (c.value,)) for c in counts]


def _progress_tiles(data: ProgressPaper) -> list[tuple[str, str, str]]:
    planned = len(data.meetings) - len(data.held)
    return [
        (
            "STEPチェック",
            f"{data.checks_done}/{data.checks_total}",
            f"年度内 {data.checks_this_year}",
        ),
        ("会議の開催", f"{len(data.held)}回", f"予定 {planned}回" if planned else "年度内"),
        ("地域資源", f"{data.resources.total}件", f"新規 {data.resources.registered}件"),
        ("地域課題", f"{data.issues.total}件", f"未解決 {data.issues.open}件"),
        ("取組", f"{len(data.initiatives)}件", f"実施中 {data.running}件"),
    ]


# --- 1. STEP ----------------------------------------------------------------------------------

_STEP_WIDTHS_MM = (72, 34, 17, 57)


def _days(days: tuple[date, ...]) -> str:
    counted = Counter(days)
    return "、".join(
        _month_day(d) + (f"（{counted[d]}項目）" if counted[d] > 1 else "") for d in sorted(counted)
    )


def _step_section(data: ProgressPaper, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    width = content_width(False, style)
    widths = [w * mm * width / (sum(_STEP_WIDTHS_MM) * mm) for w in _STEP_WIDTHS_MM]
    centre = _style_of(styles.cell, "step_count", alignment=TA_CENTER, rightIndent=0)
    muted = _style_of(styles.cell, "step_none", textColor=MUTED)
    rows: list = []
    for number, title in data.steps:
        items = [i for i in data.items if i.step == number]
        done, total = sum(i.done for i in items), sum(i.total for i in items)
        rows.append(SectionRow(f"STEP {number}　{title}（{done}/{total}）"))
        for item in items:
            rows.append(
                [
                    f"{item.code} {item.title}",
                    check_squares(item.checks),
                    Paragraph(f"{item.done}/{item.total}", centre),
                    _days(item.done_on) if item.done_on else Paragraph("―", muted),
                ]
            )
    header = ("項目", "チェック", "済/全", "年度内に済ませた日")
    table = data_table(
        header,
        rows,
        widths,
        style,
        padding=1.6 * mm,
        label_columns=(0,),
        extra=[("VALIGN", (1, 1), (1, -1), "MIDDLE")],
    )
    key = legend(
        [
            (BAR_STRONG, "年度内に済んだ"),
            (BAR_LIGHT, f"{data.year_label}より前に済んだ"),
            (OPEN_FILL, "まだ"),
        ],
        width,
    )
    nxt = data.next_item
    lines = [
        f"チェック項目 {data.checks_total}項目のうち {data.checks_done}項目が済み、"
        f"そのうち {data.checks_this_year}項目を年度内に済ませました。"
    ]
    if nxt is not None:
        lines.append(f"次に取り組む項目は「{nxt.code} {nxt.title}」です。")
    else:
        lines.append("すべての項目が済んでいます。")
    return [
        *_heading("1. STEP 1～3 の進み具合", style, keep=90 * mm),
        Paragraph(text("".join(lines)), styles.body),
        key,
        gap(2),
        table,
    ]


# --- 2. 会議 ----------------------------------------------------------------------------------


def _meeting_section(data: ProgressPaper, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    width = content_width(False, style)
    story = _heading("2. 会議・座談会", style)
    planned = len(data.meetings) - len(data.held)
    if not data.meetings:
        story.append(Paragraph(text("この年度に記録された会議はありません。"), styles.body))
        return story
    line = f"年度内に開いた会議は {len(data.held)}回です。"
    if planned:
        line += f"このほか、年度内に {planned}回の予定があります。"
    story.append(Paragraph(text(line), styles.body))
    if len(data.meetings_by_kind) > 1:  # one kind alone needs no chart: the line says it
        chart = bar_chart(_bars(data.meetings_by_kind), width * 0.6, unit="回")
        story += [_caption("種類ごとの回数", style), chart, gap(3)]
    rows = [[format_wareki(m.held_on), m.kind, m.title, m.minutes] for m in data.meetings]
    widths = [w * mm for w in (40, 32, 78, 30)]
    scale = width / sum(widths)
    story.append(
        data_table(
            ("開催日", "種類", "会議の名前", "議事録"),
            rows,
            [w * scale for w in widths],
            style,
            padding=1.6 * mm,
        )
    )
    return story


# --- 3. 地域資源 ------------------------------------------------------------------------------


def _resource_section(data: ProgressPaper, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    width = content_width(False, style)
    figures = data.resources
    story = _heading("3. 地域資源（STEP 2-1）", style, keep=110 * mm if figures.total else 30 * mm)
    if not figures.total:
        story.append(Paragraph(text("この圏域の地域資源は、まだ登録されていません。"), styles.body))
        return story
    active = next((c.value for c in figures.by_state if c.label == "活動中"), 0)
    story.append(
        Paragraph(
            text(
                f"登録している地域資源は {figures.total}件（活動中 {active}件）です。"
                f"年度内に {figures.registered}件を新たに登録し、{figures.confirmed}件の内容を"
                f"確かめました。未活用の資源（場所や人など）は {figures.unused}件です。"
            ),
            styles.body,
        )
    )
    half = (width - COLUMN_GAP) / 2
    story.append(
        side_by_side(
            [
                _caption("4つの見方ごと", style),
                bar_chart(_bars(figures.by_category, SHORT_CATEGORIES), half),
            ],
            [_caption("状態ごと", style), bar_chart(_bars(figures.by_state), half)],
            width,
        )
    )
    story += [
        gap(3),
        _caption("種類ごと（二つ以上の種類をもつ資源は、それぞれに数えています）", style),
        bar_chart(_bars(figures.by_kind), width),
    ]
    return story


# --- 4. 地域課題 ------------------------------------------------------------------------------


def _issue_section(data: ProgressPaper, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    width = content_width(False, style)
    issues = data.issues
    story = _heading(
        "4. 地域課題（STEP 2-2～2-4）", style, keep=90 * mm if issues.total else 30 * mm
    )
    if not issues.total:
        story.append(Paragraph(text("この圏域の地域課題は、まだ登録されていません。"), styles.body))
        return story
    story.append(
        Paragraph(
            text(
                f"把握している地域課題は {issues.total}件で、そのうち {issues.open}件が"
                f"未解決です。年度内に新しく把握した課題は {issues.new}件です。"
            ),
            styles.body,
        )
    )
    half = (width - COLUMN_GAP) / 2
    urgency = [Bar(c.label, (c.value,), colour=URGENCY.get(c.label[-1])) for c in issues.by_urgency]
    story.append(
        side_by_side(
            [_caption("状態ごと", style), bar_chart(_bars(issues.by_state), half)],
            [_caption("緊急度ごと", style), bar_chart(urgency, half)],
            width,
        )
    )
    story.append(gap(3))
    if issues.lines:
        rows = [
            [
                line.title,
                line.urgency,
                line.state,
                format_wareki(line.noticed_on) if line.noticed_on else "―",
            ]
            for line in issues.lines
        ]
        widths = [w * mm for w in (96, 18, 24, 42)]
        scale = width / sum(widths)
        story.append(
            data_table(
                ("課題の見出し", "緊急度", "状態", "把握した日"),
                rows,
                [w * scale for w in widths],
                style,
                padding=1.6 * mm,
            )
        )
    if issues.personal:
        story += [gap(2), Paragraph(text(PERSONAL_LINE.format(n=issues.personal)), styles.body)]
    return story


# --- 5. 取組 ----------------------------------------------------------------------------------


def _initiative_section(data: ProgressPaper, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    width = content_width(False, style)
    story = _heading("5. 取組（STEP 3）", style, keep=50 * mm if data.initiatives else 25 * mm)
    if not data.initiatives:
        story.append(Paragraph(text("この年度に記録された取組はありません。"), styles.body))
        return story
    rows = []
    for line in data.initiatives:
        steps = f"節目 {line.milestones_done}/{line.milestones}" if line.milestones else "節目なし"
        if line.milestones_this_year:
            steps += f"\n（年度内 {line.milestones_this_year}）"
        rows.append(
            [line.title, line.kind.split(" ", 1)[0], line.state, steps, line.outcome or "―"]
        )
    widths = [w * mm for w in (50, 17, 20, 30, 63)]
    scale = width / sum(widths)
    story.append(
        data_table(
            ("取組", "STEP", "状態", "進み具合", "成果"),
            rows,
            [w * scale for w in widths],
            style,
            padding=1.6 * mm,
        )
    )
    return story


def progress_story(data: ProgressPaper, style: PaperStyle = DEFAULT_STYLE) -> list[Flowable]:
    """The pages of one area's report, without the page furniture (the 年次報告 reuses it)."""
    title = f"{data.area_name} {PROGRESS_TITLE} {data.year_label}"
    story: list[Flowable] = title_block(title, f"対象期間: {data.period}", style)
    story.append(figure_tiles(_progress_tiles(data), style))
    story += [gap(2), Paragraph(text(_as_of_note(data.as_of, data.made_on)), style.styles().body)]
    story.append(gap(2))
    for section in (
        _step_section,
        _meeting_section,
        _resource_section,
        _issue_section,
        _initiative_section,
    ):
        story += section(data, style)
        story.append(gap(4))
    return story


def build_progress(data: ProgressPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write one area's 地域づくり進捗レポート; returns the page count."""
    info = PaperInfo(
        f"{PROGRESS_TITLE}　{data.area_name}　{data.year_label}", data.municipality, data.made_on
    )
    return build_paper(target, info, progress_story(data, style), style=style)


# --- 年次報告 ---------------------------------------------------------------------------------


def _totals_row(row: AreaTotals, style: PaperStyle) -> list:
    styles = style.styles()
    centre = _style_of(styles.cell, "total_cell", alignment=TA_CENTER, rightIndent=0)
    note = _style_of(centre, "total_note", textColor=MUTED)

    def cell(value: str, sub: str) -> list[Flowable]:
        return [Paragraph(text(value), centre), Paragraph(text(sub), note)]

    return [
        row.area_name,
        cell(f"{row.checks_done}/{row.checks_total}", f"年度内 {row.checks_this_year}"),
        cell(f"{row.meetings}回", ""),
        cell(f"{row.resources}件", f"新規 {row.resources_new}"),
        cell(f"{row.issues}件", f"未解決 {row.issues_open}・新規 {row.issues_new}"),
        cell(f"{row.initiatives}件", f"実施中 {row.running}"),
    ]


def _totals_table(data: AnnualPaper, style: PaperStyle) -> Table:
    width = content_width(False, style)
    shares = (34, 28, 20, 28, 42, 28)
    widths = [width * s / sum(shares) for s in shares]
    header = ("圏域", "チェック項目", "会議", "地域資源", "地域課題", "取組")
    rows = [_totals_row(r, style) for r in data.rows]
    rows.append(_totals_row(data.total, style))
    last = len(rows)
    extra = [
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("LINEABOVE", (0, last), (-1, last), 0.9, RULE),
        ("BACKGROUND", (0, last), (-1, last), colors.HexColor("#e8eef5")),
    ]
    return data_table(
        header, rows, widths, style, zebra=False, label_columns=(0,), padding=1.8 * mm, extra=extra
    )


def _annual_cover(data: AnnualPaper, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    width = content_width(False, style)
    title = f"{data.municipality} {ANNUAL_TITLE} {data.year_label}"
    story: list[Flowable] = title_block(title, f"対象期間: {data.period}", style)
    story.append(_summary_box(data.summary, style))
    story.append(Paragraph(text("圏域ごとの数字"), styles.heading))
    story.append(_totals_table(data, style))
    notes = [
        "※ 「町全体」は、圏域を決めていない記録も含めた町全体の件数です。"
        "二つ以上の圏域にまたがる課題は一度だけ数えています。",
        _as_of_note(data.as_of, data.made_on),
    ]
    note_style = _style_of(styles.body, "annual_note", spaceAfter=1 * mm, spaceBefore=1 * mm)
    story += [Paragraph(text(n), note_style) for n in notes]
    half = (width - COLUMN_GAP) / 2
    steps = [
        Bar(
            r.area_name,
            (r.checks_this_year, r.checks_done - r.checks_this_year),
            text=f"{r.checks_done}/{r.checks_total}",
        )
        for r in data.rows
    ]
    top = max((r.checks_total for r in data.rows), default=0) or None
    issues = [Bar(r.area_name, (r.issues_open,)) for r in data.rows]
    story += [
        gap(4),
        side_by_side(
            [
                Paragraph(text("STEP チェック項目の進み具合"), styles.subheading),
                bar_chart(steps, half, fills=(BAR_STRONG, BAR_LIGHT), max_value=top),
                gap(1),
                legend([(BAR_STRONG, "年度内"), (BAR_LIGHT, f"{data.year_label}より前")], half),
            ],
            [
                Paragraph(text("未解決の地域課題"), styles.subheading),
                bar_chart(issues, half, fills=(URGENCY["高"],)),
            ],
            width,
        ),
    ]
    return story


def build_annual(data: AnnualPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the 年次報告: the town's summary page, then every area's report on new pages."""
    info = PaperInfo(f"{ANNUAL_TITLE}　{data.year_label}", data.municipality, data.made_on)
    story = _annual_cover(data, style)
    for paper in data.areas:
        story += [PageBreak(), Section(paper.area_name)]
        story += progress_story(paper, style)
    return build_paper(target, info, story, style=style)
