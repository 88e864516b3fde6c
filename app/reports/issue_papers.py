"""地域課題 papers: the 一覧 (by urgency, area or kind), the 緊急度×地域 table and the
ニーズ×資源 map of an area, on A4 landscape. The 引継ぎ票 lives in app.reports.issue_handover
and is re-exported here, so that every issue paper is built from one module.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from app.domain.wareki import format_wareki
from app.reports.base import (
    DEFAULT_STYLE,
    MUTED,
    RULE,
    PaperInfo,
    PaperStyle,
    SectionRow,
    Target,
    build_paper,
    content_width,
    data_table,
    gap,
    text,
    title_block,
)
from app.reports.issue_handover import build_handover
from app.services.issues.papers import GapsPaper, IssueLine, IssuesPaper, MatrixPaper

__all__ = ["build_gaps", "build_handover", "build_issues", "build_matrix"]

ISSUES_TITLE = "地域課題一覧"
MATRIX_TITLE = "緊急度×地域 課題表"
GAPS_TITLE = "ニーズ×資源マップ"
CIRCULATION_NOTE = (
    "※ 配布用です。個人に関わる課題の中身は省き、氏名・電話番号・番地は「＊＊」で伏せています。"
)
INTERNAL_NOTE = (
    "※ 内部資料です。個人に関わる内容をそのまま載せています。配布・掲示はしないでください。"
)
REPEAT_NOTES = {
    "area": "※ 二つ以上の圏域にまたがる課題は、それぞれの圏域に載せています"
    "（合計は一度だけ数えています）。",
    "kind": "※ 種類が二つ以上ある課題は、それぞれの種類に載せています"
    "（合計は一度だけ数えています）。",
}
NO_ISSUES = "該当する地域課題はありません。"
NO_OPEN_ISSUES = "未解決の地域課題はありません。"
CELL_LABEL_WIDTH = 48 * mm  # 「高／南中学校区」 on one line
GAP_FILL = colors.HexColor("#f6d5d1")
GAP_RED = colors.HexColor("#b3261e")
LEVEL_FILLS = {
    "高": colors.HexColor("#f6d5d1"),
    "中": colors.HexColor("#fbe8c8"),
    "低": colors.HexColor("#e3efd9"),
}


def _style_of(base: ParagraphStyle, name: str, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, parent=base, **kw)


def _notes(lines: list[str], style: PaperStyle) -> list[Flowable]:
    body = _style_of(style.styles().body, "issue_note", spaceAfter=1 * mm)
    return [Paragraph(text(line), body) for line in lines if line]


def _date_cell(line: IssueLine) -> str:
    if line.noticed_on is None:
        return "―"
    year, rest = format_wareki(line.noticed_on).split("年", 1)
    return f"{year}年\n{rest}"


def _joined(labels: tuple[str, ...]) -> str:
    """Short lists on one line (「買い物・移動」), longer ones one to a line."""
    one_line = "・".join(labels)
    return one_line if len(one_line) <= 6 else "\n".join(labels)


# --- 地域課題一覧 -----------------------------------------------------------------------------

ISSUE_COLUMNS = ("緊急度・\n重要度", "見出し", "中身", "圏域", "種類", "状態", "把握日")
_ISSUE_WIDTHS_MM = (22, 50, 91, 28, 28, 18, 30)  # the 267 mm of a landscape page


def _issue_row(line: IssueLine) -> list:
    description = line.description or "―"
    if line.privacy:
        description = f"［{line.privacy}］\n{description}"
    return [
        f"緊急 {line.urgency}\n重要 {line.importance}",
        line.title,
        description,
        "\n".join(line.areas),
        _joined(line.kinds),
        line.state,
        _date_cell(line),
    ]


def build_issues(data: IssuesPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the 地域課題一覧; returns the page count."""
    info = PaperInfo(ISSUES_TITLE, data.municipality, data.made_on, True, data.internal)
    subtitle = f"対象: {data.scope}　{data.by_label}ごと　合計 {data.count}件"
    story: list[Flowable] = title_block(ISSUES_TITLE, subtitle, style)
    notes = [INTERNAL_NOTE if data.internal else CIRCULATION_NOTE]
    if data.repeated:
        notes.append(REPEAT_NOTES.get(data.by, ""))
    story += _notes(notes, style)
    if not data.count:
        story.append(Paragraph(text(NO_ISSUES), style.styles().notice))
        return build_paper(target, info, story, style=style)
    scale = content_width(True, style) / (sum(_ISSUE_WIDTHS_MM) * mm)
    widths = [w * mm * scale for w in _ISSUE_WIDTHS_MM]
    rows: list = []
    for group in data.groups:
        rows.append(SectionRow(f"{group.label}（{len(group.lines)}件）"))
        rows += [_issue_row(line) for line in group.lines]
    story.append(gap(1))
    table = data_table(ISSUE_COLUMNS, rows, widths, style, padding=1.8 * mm)
    table.setStyle(_bands_kept_with_next(table))
    story.append(table)
    return build_paper(target, info, story, style=style)


def _bands_kept_with_next(table: Table) -> list[tuple]:
    """Never end a page with a group's band: keep it with the first row that follows.

    A band has text in its first cell only; a row's first piece has its 見出し as well, and
    the continuation rows of a long row have nothing in the first cell.
    """
    cells = table._cellvalues  # reportlab keeps the laid-out cells here
    return [
        ("NOSPLIT", (0, number), (-1, number + 1))
        for number, row in enumerate(cells[:-1])
        if number and row[0] != "" and row[1] == ""
    ]


# --- 緊急度×地域 ------------------------------------------------------------------------------


def _matrix_table(data: MatrixPaper, style: PaperStyle) -> Table:
    styles = style.styles()
    centre = _style_of(styles.cell_large, "count", alignment=TA_CENTER, rightIndent=0)
    zero = _style_of(centre, "zero", textColor=MUTED)
    head = _style_of(styles.cell_header, "matrix_head", alignment=TA_CENTER, rightIndent=0)
    width = content_width(True, style)
    label_width, total_width = 30 * mm, 24 * mm
    area_width = (width - label_width - total_width) / max(len(data.areas), 1)
    widths = [label_width, *[area_width] * len(data.areas), total_width]

    def count(value: int) -> Paragraph:
        return Paragraph(str(value), centre if value else zero)

    header = [
        Paragraph("緊急度＼圏域", head),
        *(Paragraph(text(a), head) for a in data.areas),
        Paragraph("計", head),
    ]
    rows: list = []
    extra: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for number, (level, counts) in enumerate(zip(data.levels, data.counts, strict=True)):
        rows.append(
            [
                Paragraph(text(f"緊急度 {level}"), centre),
                *(count(c) for c in counts),
                count(data.level_totals[number]),
            ]
        )
        fill = LEVEL_FILLS.get(level)
        for column, value in enumerate(counts, start=1):
            if value and fill is not None:
                extra.append(("BACKGROUND", (column, number + 1), (column, number + 1), fill))
    rows.append(
        [
            Paragraph("計", centre),
            *(count(c) for c in data.area_totals),
            count(data.total),
        ]
    )
    last = len(rows)
    extra += [
        ("LINEABOVE", (0, last), (-1, last), 0.9, RULE),
        ("LINEBEFORE", (-1, 0), (-1, -1), 0.9, RULE),
        ("TOPPADDING", (0, 1), (-1, -1), 2 * mm),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 2 * mm),
    ]
    return data_table(header, rows, widths, style, zebra=False, label_columns=(0,), extra=extra)


def build_matrix(data: MatrixPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the 緊急度×地域 table with the issue titles of each cell below; returns pages."""
    styles = style.styles()
    info = PaperInfo(MATRIX_TITLE, data.municipality, data.made_on, landscape=True)
    subtitle = f"未解決の地域課題（把握・検討中・対応中）　合計 {data.total}件"
    story: list[Flowable] = title_block(MATRIX_TITLE, subtitle, style)
    notes = [CIRCULATION_NOTE]
    if data.repeated:
        notes.append(
            "※ 二つ以上の圏域にまたがる課題は、それぞれの圏域の欄に数えています。"
            "「計」の列は課題の件数です（重複なし）。"
        )
    story += _notes(notes, style)
    story.append(gap(1))
    story.append(_matrix_table(data, style))
    if not data.cells:
        story.append(Paragraph(text(NO_OPEN_ISSUES), styles.notice))
        return build_paper(target, info, story, style=style)
    story += [
        CondPageBreak(45 * mm),
        gap(4),
        Paragraph("欄ごとの課題", styles.heading),
    ]
    width = content_width(True, style)
    rows = [
        [f"{cell.level}／{cell.area}", "\n".join(f"・{t}" for t in cell.titles)]
        for cell in data.cells
    ]
    story.append(
        data_table(
            ("緊急度／圏域", "課題（重要度）"),
            rows,
            [CELL_LABEL_WIDTH, width - CELL_LABEL_WIDTH],
            style,
            padding=1.8 * mm,
            label_columns=(0,),
        )
    )
    return build_paper(target, info, story, style=style)


# --- ニーズ×資源マップ ----------------------------------------------------------------------

GAP_COLUMNS = (
    "課題の種類",
    "判定",
    "未解決の課題",
    "応える資源の種類",
    "活動中の資源",
    "未活用の資源",
)
_GAP_WIDTHS_MM = (30, 22, 70, 46, 62, 37)
GAP_LEGEND = (
    "「空白」は、未解決の課題があるのに、応える種類の活動中の資源が{where}ない所です"
    "（STEP 3 の取組を考える手がかりに）。"
)


def _summary_box(value: str, style: PaperStyle) -> Flowable:
    styles = style.styles()
    box = _style_of(
        styles.subheading,
        "gap_summary",
        borderColor=RULE,
        borderWidth=0.8,
        borderPadding=(2.5 * mm, 3 * mm, 2.5 * mm, 3 * mm),
        spaceBefore=1 * mm,
        spaceAfter=4.5 * mm,
        leftIndent=3 * mm,
        rightIndent=3 * mm,
    )
    return Paragraph(text(value), box)


def build_gaps(data: GapsPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the ニーズ×資源 map of one area, 空白 shaded; returns the page count."""
    styles = style.styles()
    info = PaperInfo(f"{GAPS_TITLE}　{data.area_name}", data.municipality, data.made_on, True)
    if data.whole_town:
        scope = f"対象: {data.area_name}（町全体の課題と資源）"
        where = "町のどこにも"
    else:
        scope = f"対象: {data.area_name}（資源はこの圏域と町全域のもの）"
        where = "この圏域にも町全域にも"
    story: list[Flowable] = title_block(f"{GAPS_TITLE}　{data.area_name}", scope, style)
    story.append(_summary_box(data.summary, style))
    story += _notes([GAP_LEGEND.format(where=where), CIRCULATION_NOTE], style)
    story.append(gap(1))
    scale = content_width(True, style) / (sum(_GAP_WIDTHS_MM) * mm)
    widths = [w * mm * scale for w in _GAP_WIDTHS_MM]
    verdict_style = _style_of(styles.cell, "verdict", alignment=TA_CENTER, rightIndent=0)
    gap_style = _style_of(verdict_style, "verdict_gap", textColor=GAP_RED)
    quiet = _style_of(verdict_style, "verdict_quiet", textColor=MUTED)
    muted = _style_of(styles.cell, "none", textColor=MUTED)
    rows: list = []
    gap_marks: list[Paragraph] = []
    for line in data.lines:
        if line.gap:
            verdict = Paragraph(text(line.verdict), gap_style)
            gap_marks.append(verdict)
        else:
            verdict = Paragraph(text(line.verdict), verdict_style if line.issues else quiet)
        # Where there is no need, the count of resources is enough; names where it matters.
        if not line.resource_count:
            resources: object = Paragraph("なし", muted)
        elif data.whole_town:
            resources = f"{line.resource_count}件（{'、'.join(line.resources)}）"
        elif line.issues:
            resources = "、".join(line.resources)
        else:
            resources = f"{line.resource_count}件"
        rows.append(
            [
                line.kind,
                verdict,
                "\n".join(line.issues) if line.issues else Paragraph("―", muted),
                line.answering,
                resources,
                "、".join(line.unused) if line.unused else Paragraph("―", muted),
            ]
        )
    table = data_table(
        GAP_COLUMNS, rows, widths, style, padding=1.8 * mm, label_columns=(0,), max_lines=6
    )
    table.setStyle(_gap_fills(table, gap_marks))
    story.append(table)
    return build_paper(target, info, story, style=style)


def _gap_fills(table: Table, marks: list[Paragraph]) -> list[tuple]:
    """Shade every table row of a 空白 kind (long cells run on over continuation rows, whose
    判定 cell is blank)."""
    commands: list[tuple] = []
    shading = False
    for number, row in enumerate(table._cellvalues):  # reportlab keeps the cells here
        verdict = row[1]
        if verdict != "":
            shading = any(verdict is mark for mark in marks)
        if shading and number:
            commands.append(("BACKGROUND", (0, number), (-1, number), GAP_FILL))
    return commands
