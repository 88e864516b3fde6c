"""地域資源 確認票: one sheet per operator, its resources' current values beside blank space to
write corrections in, for the annual re-survey."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from app.domain.wareki import era_year, format_wareki
from app.reports.base import (
    DEFAULT_STYLE,
    PaperInfo,
    PaperStyle,
    Section,
    Target,
    build_paper,
    content_width,
    data_table,
    empty_notice,
    gap,
    text,
    title_block,
)
from app.reports.resource_cards import counts_text
from app.services.resources.formatting import place_text
from app.services.resources.papers import ConfirmSheet, ConfirmSheetsData, PaperMeta, ResourceCard

TITLE = "地域資源 確認票"
REQUEST = "記載の内容をご確認のうえ、変更がある箇所は右の欄にご記入ください。"
NOT_REGISTERED = "（未登録）"
WRITE_HEIGHT = 8 * mm  # room for one handwritten line
COLUMNS = ("項目", "現在の登録内容", "変更後の内容（ご記入ください）")


def _rows(card: ResourceCard) -> list[tuple[str, str]]:
    return [
        ("名称", card.name),
        ("ふりがな", card.reading),
        ("種類", card.kinds),
        ("活動内容", card.description),
        ("場所・住所", place_text(card)),
        ("開催日・時間", card.schedule),
        ("参加費", card.fee),
        ("対象者", card.audience),
        ("参加者数・担い手・定員", counts_text(card)),
        ("連絡先", card.contact),
        ("状態", card.state),
        ("住民向け資料への掲載", "掲載してよい" if card.publishable else "掲載しない"),
    ]


def _resource_block(number: int, card: ResourceCard, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    width = content_width(False, style)
    label_width = 44 * mm
    value_width = (width - label_width) / 2
    last = format_wareki(card.confirmed_on) if card.confirmed_on else "まだありません"
    heading = Paragraph(text(f"{number}．{card.name}"), styles.subheading)
    note = Paragraph(
        f"前回の確認: {text(last)}　　<font size={style.heading:g}>□</font> "
        "変更はありません（右の欄は空のままで結構です）",
        styles.body,
    )
    table = data_table(
        COLUMNS,
        [[label, value or NOT_REGISTERED, Spacer(1, WRITE_HEIGHT)] for label, value in _rows(card)],
        [label_width, value_width, value_width],
        style,
        zebra=False,
        label_columns=(0,),
    )
    # One resource on one page where it fits, so each can be checked at a glance.
    return [KeepTogether([heading, note, gap(1.5), table]), gap(4)]


def _signature(municipality: str, made_on: date, style: PaperStyle) -> Flowable:
    styles = style.styles()
    width = content_width(False, style)
    blank = "&nbsp;" * 8  # reportlab folds runs of spaces, even full-width ones
    rows = [
        ["記入日", Paragraph(f"{era_year(made_on)[0]}{blank}年{blank}月{blank}日", styles.cell)],
        ["ご記入者", Spacer(1, WRITE_HEIGHT)],
        ["連絡先（電話など）", Spacer(1, WRITE_HEIGHT)],
    ]
    table = data_table(
        None,
        rows,
        [44 * mm, width - 44 * mm],
        style,
        zebra=False,
        padding=2.5 * mm,
        label_columns=(0,),
        extra=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
    )
    return KeepTogether(
        [
            gap(2),
            table,
            gap(3),
            Paragraph(
                text(
                    f"ご返送・お問い合わせ先: {municipality}　生活支援コーディネーター"
                    "（ご記入のうえ、担当者へお渡しいただくか、ご返送ください）"
                ),
                styles.body,
            ),
        ]
    )


def _sheet(sheet: ConfirmSheet, meta: PaperMeta, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    municipality = meta.municipality
    addressee = f"{sheet.operator}　ご担当者様" if sheet.registered else sheet.operator
    story: list[Flowable] = [Section(sheet.operator), *title_block(TITLE, "", style)]
    story.append(Paragraph(text(addressee), styles.heading))
    story.append(
        Paragraph(
            text(
                "いつも地域の支え合いにご協力いただき、ありがとうございます。"
                f"{municipality}では、地域の活動やサービスの情報を毎年確認しています。"
            ),
            styles.body,
        )
    )
    story.append(Paragraph(text(REQUEST), styles.body))
    if sheet.contact:
        story.append(Paragraph(text(f"登録されている連絡先: {sheet.contact}"), styles.body))
    story.append(gap(2))
    for number, card in enumerate(sheet.resources, start=1):
        story += _resource_block(number, card, style)
    story.append(_signature(municipality, meta.made_on, style))
    return story


def build_confirm_sheets(
    data: ConfirmSheetsData, path: Target, style: PaperStyle = DEFAULT_STYLE
) -> int:
    """Write one 確認票 per operator, each starting on a new page; returns the page count."""
    meta = data.meta
    info = PaperInfo(TITLE, meta.municipality, meta.made_on)
    if not data.sheets:
        story = [*title_block(TITLE, meta.scope, style), empty_notice(style)]
        return build_paper(path, info, story, style=style)
    story: list[Flowable] = []
    for number, sheet in enumerate(data.sheets):
        if number:
            story.append(PageBreak())
        story += _sheet(sheet, meta, style)
    return build_paper(path, info, story, style=style)
