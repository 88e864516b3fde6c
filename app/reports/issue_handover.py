"""地域課題 引継ぎ票: the form an area files with the town hall when it hands an issue on.

Who hands it on to whom and when, the issue itself, why it is handed on, its history, what the
area tried, the resources linked to it, and a 受付欄 for the receiving desk to date, sign and
stamp. Internal by default, so every page is marked 「取扱注意」.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from app.domain.wareki import era_year, format_wareki
from app.reports.base import (
    DEFAULT_STYLE,
    MUTED,
    PaperInfo,
    PaperStyle,
    Target,
    build_paper,
    content_width,
    data_table,
    gap,
    label_table,
    text,
)
from app.reports.minutes_paper import section_heading
from app.services.issues.papers import HandoverPaper

TITLE = "地域課題 引継ぎ票"
INTERNAL_NOTE = "個人に関わる内容を含むことがあります。取扱いにご注意ください。"
CIRCULATION_NOTE = (
    "※ 配布用です。個人に関わる内容は省き、氏名・電話番号・番地は「＊＊」で伏せています。"
)
WRITE_IN = 24 * mm  # room to write by hand when nothing was recorded
STAMP = 30 * mm  # a 受付印 is about 25 mm across
LABEL_WIDTH = 38 * mm  # 「つかんだきっかけ」 on one line
HAND_SPACE = "&nbsp;" * 6  # reportlab folds runs of spaces, even full-width ones


def _style_of(base: ParagraphStyle, name: str, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, parent=base, **kw)


def _blank_date(on: date, style: PaperStyle) -> Paragraph:
    """「令和　年　月　日」 with room to write the date by hand."""
    era = era_year(on)[0]
    return Paragraph(f"{era}{HAND_SPACE}年{HAND_SPACE}月{HAND_SPACE}日", style.styles().cell)


def _split_date(value: date) -> str:
    year, rest = format_wareki(value).split("年", 1)
    return f"{year}年\n{rest}"


def _head(data: HandoverPaper, style: PaperStyle) -> list[tuple[str, object]]:
    handed_on = (
        format_wareki(data.handed_on) if data.handed_on else _blank_date(data.made_on, style)
    )
    return [
        ("引継ぎ元の圏域", data.from_areas or "―"),
        ("引継ぎ先", data.to),  # blank: written in by hand
        ("引継ぎ日", handed_on),
    ]


def _issue_rows(data: HandoverPaper) -> list[tuple[str, object]]:
    people = f"約 {data.people_affected}人" if data.people_affected else "未把握"
    rows: list[tuple[str, object]] = [
        ("見出し", data.title),
        ("課題の中身", data.description or "―"),
        ("課題の種類", data.kinds or "―"),
        ("緊急度・重要度", f"緊急度 {data.urgency}、重要度 {data.importance}"),
        ("関わる人の数", people),
        ("つかんだきっかけ", data.source),
        ("把握日", format_wareki(data.noticed_on) if data.noticed_on else "―"),
        ("いまの状態", data.state),
    ]
    if data.privacy:
        rows.append(("個人情報", f"{data.privacy}を含みます"))
    return rows


def _text_box(value: str, style: PaperStyle) -> Flowable:
    """A ruled box holding the text, or empty and tall enough to write in."""
    width = content_width(False, style)
    cell: object = value if value.strip() else Spacer(1, WRITE_IN)
    return data_table(None, [[cell]], [width], style, zebra=False)


def _history(data: HandoverPaper, style: PaperStyle) -> Flowable:
    styles = style.styles()
    if not data.history:
        muted = _style_of(styles.body, "no_history", textColor=MUTED)
        return Paragraph("記録された経過はありません。", muted)
    width = content_width(False, style)
    if data.internal:
        header = ("日付", "内容", "記録者")
        widths = [32 * mm, width - 66 * mm, 34 * mm]
        rows = [[_split_date(h.noted_on), h.text, h.author] for h in data.history]
    else:
        header = ("日付", "内容")
        widths = [32 * mm, width - 32 * mm]
        rows = [[_split_date(h.noted_on), h.text] for h in data.history]
    return data_table(header, rows, widths, style, padding=1.8 * mm)


def _resources(data: HandoverPaper, style: PaperStyle) -> Flowable:
    styles = style.styles()
    if not data.resources:
        muted = _style_of(styles.body, "no_resources", textColor=MUTED)
        return Paragraph("つながっている地域資源はありません。", muted)
    width = content_width(False, style)
    widths = [width - 118 * mm, 50 * mm, 44 * mm, 24 * mm]
    rows = [[r.name, r.kinds, r.area or "―", r.state] for r in data.resources]
    return data_table(("名称", "種類", "圏域", "状態"), rows, widths, style, padding=1.8 * mm)


def _reception(data: HandoverPaper, style: PaperStyle) -> Flowable:
    """受付欄: the receiving desk dates, names its section, signs and stamps."""
    styles = style.styles()
    centre = _style_of(styles.cell_header, "reception_head", alignment=TA_CENTER, rightIndent=0)
    width = content_width(False, style)
    widths = [52 * mm, width - 52 * mm - 40 * mm - STAMP, 40 * mm, STAMP]
    blank_date = _blank_date(data.made_on, style)
    table = data_table(
        [Paragraph(h, centre) for h in ("受付日", "担当課・係", "受付者", "受付印")],
        [[blank_date, "", "", Spacer(1, STAMP - 4 * mm)]],
        widths,
        style,
        zebra=False,
        extra=[("VALIGN", (0, 1), (-1, -1), "BOTTOM")],
    )
    return KeepTogether(
        [
            *section_heading("受付欄（引継ぎ先でご記入ください）", style),
            table,
        ]
    )


def build_handover(data: HandoverPaper, target: Target, style: PaperStyle = DEFAULT_STYLE) -> int:
    """Write the 引継ぎ票 of one issue; returns the page count."""
    styles = style.styles()
    info = PaperInfo(TITLE, data.municipality, data.made_on, confidential=data.internal)
    title = _style_of(styles.title, "handover_title", alignment=TA_CENTER, spaceAfter=2 * mm)
    note = _style_of(styles.body, "handover_note", alignment=TA_CENTER, textColor=MUTED)
    story: list[Flowable] = [
        Paragraph(text(TITLE), title),
        Paragraph(text(INTERNAL_NOTE if data.internal else CIRCULATION_NOTE), note),
        gap(2),
        label_table(_head(data, style), LABEL_WIDTH, style),
        *section_heading("課題", style),
        label_table(_issue_rows(data), LABEL_WIDTH, style),
        *section_heading("引き継ぐ理由", style),
        _text_box(data.reason, style),
        *section_heading("経過", style),
        _history(data, style),
        *section_heading("圏域で試したこと", style),
        _text_box(data.tried, style),
        *section_heading("つながっている地域資源", style),
        _resources(data, style),
        _reception(data, style),
    ]
    return build_paper(target, info, story, style=style)
