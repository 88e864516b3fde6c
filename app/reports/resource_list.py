"""地域資源一覧: every resource by area and kind, in 五十音 order, on A4 landscape."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph

from app.reports.base import (
    DEFAULT_STYLE,
    PaperInfo,
    PaperStyle,
    Section,
    SectionRow,
    Target,
    build_paper,
    content_width,
    data_table,
    empty_notice,
    text,
    title_block,
)
from app.services.resources.formatting import place_text
from app.services.resources.papers import ListEntry, ResourceListData

TITLE = "地域資源一覧"
COLUMNS = ("名称", "種類", "開催日・時間", "場所", "運営主体", "連絡先", "状態")
# Shares of the line; 状態 is short, names and places need the room.
_SHARES = (0.19, 0.125, 0.16, 0.165, 0.125, 0.165, 0.07)
MULTI_KIND_NOTE = "※ 種類が二つ以上ある資源は、はじめの種類の欄に一度だけ載せています。"


def _name_cell(entry: ListEntry, style: PaperStyle) -> list[Flowable]:
    styles = style.styles()
    cell: list[Flowable] = []
    if entry.reading:
        cell.append(Paragraph(text(entry.reading), styles.ruby))
    cell.append(Paragraph(text(entry.name), styles.cell))
    return cell


def build_resource_list(
    data: ResourceListData, path: Target, style: PaperStyle = DEFAULT_STYLE
) -> int:
    """Write the 地域資源一覧 to `path` (a file name or binary stream); returns the page count."""
    meta = data.meta
    info = PaperInfo(TITLE, meta.municipality, meta.made_on, landscape=True)
    subtitle = f"{meta.scope}　合計 {data.count}件　（圏域ごと・種類ごとに五十音順）"
    story: list[Flowable] = title_block(TITLE, subtitle, style)
    if not data.count:
        story.append(empty_notice(style))
        return build_paper(path, info, story, style=style)

    styles = style.styles()
    story.append(Paragraph(text(MULTI_KIND_NOTE), styles.body))
    width = content_width(True, style)
    widths = [width * share for share in _SHARES]
    for number, area in enumerate(data.areas):
        if number:
            story.append(PageBreak())
        story.append(Section(area.name))
        story.append(CondPageBreak(style.heading * 5))
        story.append(Paragraph(text(f"{area.name}　{area.count}件"), styles.heading))
        rows: list = []
        for group in area.kinds:
            rows.append(SectionRow(f"{group.kind}（{len(group.entries)}件）"))
            rows += [
                [
                    _name_cell(e, style),
                    e.kinds,
                    e.schedule,
                    place_text(e),
                    e.operator,
                    e.contact,
                    e.state,
                ]
                for e in group.entries
            ]
        story.append(data_table(COLUMNS, rows, widths, style, padding=1.8 * mm))
    return build_paper(path, info, story, style=style)
