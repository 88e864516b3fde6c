"""資源カード: one boxed card per resource, two to an A4 portrait page."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, FrameBreak, Paragraph

from app.reports.base import (
    DEFAULT_STYLE,
    INK,
    PaperInfo,
    PaperStyle,
    Target,
    build_paper,
    content_width,
    data_table,
    empty_notice,
    text,
    title_block,
)
from app.services.resources.formatting import BLANK, confirmed_text, place_text
from app.services.resources.papers import ResourceCard, ResourceCardsData

TITLE = "資源カード"
UNCONFIRMED = "未確認"
LABEL_WIDTH = 33 * mm


def counts_text(card: ResourceCard) -> str:
    """「参加者 12人・担い手 4人・定員 20人」, naming only the figures that are known."""
    parts = [
        f"{label} {value}人"
        for label, value in (
            ("参加者", card.participants),
            ("担い手", card.volunteers),
            ("定員", card.capacity),
        )
        if value is not None
    ]
    return "　".join(parts)


def state_text(card: ResourceCard, internal: bool) -> str:
    parts = [card.state]
    if internal and card.unused:
        parts.append("未活用")
    if internal and not card.publishable:
        parts.append("住民向けの資料には載せない")
    return "　／　".join(parts)


def card_confirmed_text(card: ResourceCard, internal: bool) -> str:
    """The date; who confirmed it only on papers kept inside the office."""
    by = card.confirmed_by if internal else ""
    return confirmed_text(card.confirmed_on, by, unconfirmed=UNCONFIRMED)


Pair = tuple[tuple[str, str], tuple[str, str]]
PAIR_LIMIT = 40  # longer values get a whole line rather than half of one


def _card_table(card: ResourceCard, internal: bool, style: PaperStyle) -> Flowable:
    """A boxed table: long fields take the whole width, short ones sit two to a row."""
    styles = style.styles()
    name: list[Flowable] = []
    if card.reading:
        name.append(Paragraph(text(card.reading), styles.ruby))
    name.append(Paragraph(text(card.name), styles.cell_large))
    layout: list[tuple[str, str] | Pair] = [
        (("分類", card.category), ("種類", card.kinds)),
        ("活動内容", card.description),
        (("運営主体", card.operator), ("圏域", card.area)),
        ("場所・住所", place_text(card)),
        (("開催日・時間", card.schedule), ("参加費", card.fee)),
        (("対象者", card.audience), ("参加者数・担い手・定員", counts_text(card))),
        ("連絡先", card.contact),
        (("状態", state_text(card, internal)), ("最終確認日", card_confirmed_text(card, internal))),
    ]
    if internal:
        layout.append(("備考", card.notes))
    rows: list[list[str]] = []
    for item in layout:
        if isinstance(item[0], tuple):
            (label1, value1), (label2, value2) = item  # type: ignore[misc]
            if max(len(value1), len(value2)) <= PAIR_LIMIT:
                rows.append([label1, value1 or BLANK, label2, value2 or BLANK])
            else:
                rows += [[label1, value1 or BLANK], [label2, value2 or BLANK]]
        else:
            label, value = item  # type: ignore[misc]
            rows.append([label, value or BLANK])
    width = content_width(False, style)
    value_width = (width - 2 * LABEL_WIDTH) / 2
    return data_table(
        ["名称・ふりがな", name],
        rows,
        [LABEL_WIDTH, value_width, LABEL_WIDTH, value_width],
        style,
        zebra=False,
        padding=1.8 * mm,
        label_columns=(0, 2),
        max_lines=8,  # a piece of long text never outgrows half a page
        extra=[("BOX", (0, 0), (-1, -1), 1.4, INK)],
    )


def build_resource_cards(
    data: ResourceCardsData, path: Target, style: PaperStyle = DEFAULT_STYLE
) -> int:
    """Write the cards to `path` (a file name or binary stream); returns the page count.

    Each card takes half a page; a card too long for its half runs on into the next half.
    """
    meta = data.meta
    info = PaperInfo(TITLE, meta.municipality, meta.made_on)
    if not data.cards:
        story = [*title_block(TITLE, meta.scope, style), empty_notice(style)]
        return build_paper(path, info, story, style=style)
    internal = not meta.for_residents
    story: list[Flowable] = []
    for number, card in enumerate(data.cards):
        if number:
            story.append(FrameBreak())
        story.append(_card_table(card, internal, style))
    return build_paper(path, info, story, style=style, slots=2)
