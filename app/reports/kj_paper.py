"""課題の構造化（KJ法）: one area's board on one landscape page (A3 or A4).

Drawn with the reportlab canvas from the stored positions, scaled to fit: groups as rounded
rectangles with their 表札, cards as small boxes with their titles and an urgency stripe,
arrows with their relation, and the issues still in the tray listed below. Only a card's
title is printed, never an issue's description, so personal details stay off the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.enums import LinkRelation
from app.domain.text import NO_LINE_START
from app.domain.wareki import format_wareki
from app.reports.base import INK, MUTED, RULE, Target, register_font
from app.services.issues.kj_board import CARD_HEIGHT, CARD_WIDTH, CardRow, GroupRow, KjPaper

TITLE = "課題の構造化（KJ法）"
PAPERS = {"A3": A3, "A4": A4}
MARGIN = 12 * mm
URGENCY = {
    3: colors.HexColor("#d64541"),
    2: colors.HexColor("#f0a030"),
    1: colors.HexColor("#7cb342"),
}
LINK_COLOURS = {
    LinkRelation.CAUSE.value: colors.HexColor("#263238"),
    LinkRelation.RELATED.value: colors.HexColor("#607d8b"),
    LinkRelation.CONFLICT.value: colors.HexColor("#c0392b"),
}
LABEL_BAND = 40.0  # board units, as on screen
MAX_SCALE = 1.0  # a small board is not blown up past its size on screen
TRAY_LINES = 4
EMPTY_BOARD = "まだボードにカードが置かれていません。"


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


class _Mapper:
    """Board coordinates (y down) to page coordinates (y up), scaled to fit a region."""

    def __init__(self, bounds: _Box, left: float, top: float, width: float, height: float):
        self.bounds = bounds
        self.scale = min(width / bounds.width, height / bounds.height, MAX_SCALE)
        used_w, used_h = bounds.width * self.scale, bounds.height * self.scale
        self.left = left + (width - used_w) / 2
        self.top = top - (height - used_h) / 2

    def box(self, x: float, y: float, width: float, height: float) -> _Box:
        """A page box (x, y = bottom-left)."""
        s = self.scale
        left = self.left + (x - self.bounds.x) * s
        top = self.top - (y - self.bounds.y) * s
        return _Box(left, top - height * s, width * s, height * s)


def _bounds(data: KjPaper) -> _Box | None:
    boxes = [(g.x, g.y, g.width, g.height) for g in data.groups]
    boxes += [(c.x, c.y, CARD_WIDTH, CARD_HEIGHT) for c in data.cards]
    if not boxes:
        return None
    left = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    right = max(b[0] + b[2] for b in boxes)
    bottom = max(b[1] + b[3] for b in boxes)
    pad = 10.0
    return _Box(left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad)


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Break between any two characters (Japanese); the last line ends in 「…」 when cut."""
    lines: list[str] = []
    current = ""
    for char in text.replace("\n", " "):
        if char in NO_LINE_START:  # 「、」「。」 never start a line: they hang on this one
            current += char
            continue
        if current and stringWidth(current + char, font, size) > width:
            lines.append(current)
            current = char.lstrip()
            if len(lines) == max_lines:
                last = lines[-1]
                while last and stringWidth(last + "…", font, size) > width:
                    last = last[:-1]
                lines[-1] = last + "…"
                return lines
        else:
            current += char
    if current:
        lines.append(current)
    return lines


def _elide(text: str, font: str, size: float, width: float) -> str:
    lines = _wrap(text, font, size, width, 1)
    return lines[0] if lines else ""


def _draw_group(c: Canvas, font: str, group: GroupRow, box: _Box, scale: float) -> None:
    fill = colors.HexColor(group.colour)
    c.setFillColor(fill)
    c.setStrokeColor(colors.Color(fill.red * 0.6, fill.green * 0.6, fill.blue * 0.6))
    c.setLineWidth(max(0.6, 1.2 * scale))
    c.roundRect(box.x, box.y, box.width, box.height, 12 * scale, stroke=1, fill=1)
    band = LABEL_BAND * scale
    size = max(4.0, min(17 * scale, band * 0.7))
    c.setFillColor(INK)
    c.setFont(font, size)
    label = _elide(group.label, font, size, box.width - 24 * scale)
    c.drawString(box.x + 12 * scale, box.y + box.height - band / 2 - size * 0.35, label)
    c.line(
        box.x + 12 * scale,
        box.y + box.height - band,
        box.x + box.width - 12 * scale,
        box.y + box.height - band,
    )


def _draw_card(c: Canvas, font: str, card: CardRow, box: _Box, scale: float) -> None:
    c.setFillColor(colors.white)
    c.setStrokeColor(RULE)
    c.setLineWidth(max(0.4, 0.8 * scale))
    c.roundRect(box.x, box.y, box.width, box.height, 5 * scale, stroke=1, fill=1)
    c.setFillColor(URGENCY.get(card.urgency, MUTED))
    c.rect(box.x + 1.5 * scale, box.y + 1.5 * scale, 7 * scale, box.height - 3 * scale, 0, 1)
    size = max(3.0, 14 * scale)
    small = max(2.5, 10 * scale)
    left = box.x + 15 * scale
    width = box.width - 21 * scale
    room = box.height - 8 * scale - small * 1.6
    lines = _wrap(card.title, font, size, width, max(1, int(room // (size * 1.25))))
    c.setFillColor(INK)
    c.setFont(font, size)
    y = box.y + box.height - 6 * scale - size
    for line in lines:
        c.drawString(left, y, line)
        y -= size * 1.25
    c.setFont(font, small)
    c.setFillColor(MUTED)
    info = f"緊急度 {card.urgency_label}　{card.kind_labels}"
    if card.personal:
        info = f"［個人情報］{info}"
    c.drawString(left, box.y + 5 * scale, _elide(info, font, small, width))


def _clip(inside: tuple[float, float], outside: tuple[float, float], box: _Box):
    """Where the segment from the box's centre towards `outside` crosses its edge."""
    (x0, y0), (x1, y1) = inside, outside
    dx, dy = x1 - x0, y1 - y0
    factors = []
    if dx:
        factors.append((box.width / 2) / abs(dx))
    if dy:
        factors.append((box.height / 2) / abs(dy))
    t = min([*factors, 1.0])
    return x0 + dx * t, y0 + dy * t


def _draw_link(c: Canvas, font: str, relation: str, a: _Box, b: _Box, scale: float) -> None:
    start = _clip(a.centre, b.centre, a)
    end = _clip(b.centre, a.centre, b)
    colour = LINK_COLOURS.get(relation, INK)
    c.setStrokeColor(colour)
    c.setFillColor(colour)
    width = max(0.7, 2.2 * scale)
    c.setLineWidth(width)
    c.setDash(6 * max(scale, 0.5), 4 * max(scale, 0.5)) if relation == "conflict" else c.setDash()
    c.line(*start, *end)
    c.setDash()
    length = math.dist(start, end)
    if length < 1:
        return
    if relation == LinkRelation.CAUSE:
        angle = math.atan2(start[1] - end[1], start[0] - end[0])
        size = max(4.0, 12 * scale)
        path = c.beginPath()
        path.moveTo(*end)
        path.lineTo(end[0] + math.cos(angle + 0.4) * size, end[1] + math.sin(angle + 0.4) * size)
        path.lineTo(end[0] + math.cos(angle - 0.4) * size, end[1] + math.sin(angle - 0.4) * size)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
    elif relation == LinkRelation.CONFLICT:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        radius = max(4.0, 10 * scale)
        c.setFillColor(colors.white)
        c.circle(mx, my, radius, stroke=1, fill=1)
        c.setFillColor(colour)
        c.setFont(font, radius * 1.4)
        c.drawCentredString(mx, my - radius * 0.5, "×")


def _draw_legend(c: Canvas, font: str, x: float, y: float) -> None:
    c.setFont(font, 9)
    for relation in LinkRelation:
        colour = LINK_COLOURS[relation.value]
        c.setStrokeColor(colour)
        c.setLineWidth(1.6)
        c.setDash(4, 3) if relation == LinkRelation.CONFLICT else c.setDash()
        c.line(x, y + 3, x + 22, y + 3)
        c.setDash()
        if relation == LinkRelation.CAUSE:
            c.setFillColor(colour)
            path = c.beginPath()
            path.moveTo(x + 24, y + 3)
            path.lineTo(x + 18, y + 6)
            path.lineTo(x + 18, y)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
        c.setFillColor(INK)
        c.drawString(x + 28, y, relation.label)
        x += 28 + stringWidth(relation.label, font, 9) + 14
    for level, name in ((3, "高"), (2, "中"), (1, "低")):
        c.setFillColor(URGENCY[level])
        c.rect(x, y - 1, 5, 10, 0, 1)
        c.setFillColor(INK)
        label = f"緊急度 {name}"
        c.drawString(x + 8, y, label)
        x += 8 + stringWidth(label, font, 9) + 10


def _tray_lines(data: KjPaper, font: str, size: float, width: float) -> list[str]:
    if not data.tray:
        return []
    heading = f"まだボードに置いていない課題（{len(data.tray)}件）: "
    text = heading + "、".join(card.title for card in data.tray)
    lines = _wrap(text, font, size, width, TRAY_LINES)
    return lines


def build_kj_board(data: KjPaper, target: Target, paper: str = "A3") -> int:
    """Draw the board on one landscape page; returns the page count (always 1)."""
    font = register_font()
    width, height = landscape(PAPERS.get(paper, A3))
    c = Canvas(str(target) if isinstance(target, Path) else target, pagesize=(width, height))
    title = f"{data.area_name} {TITLE}"
    c.setTitle(title)
    c.setAuthor(data.municipality)
    c.setCreator("ささえあいノート")
    c.setSubject(title)
    left, right = MARGIN, width - MARGIN
    top = height - MARGIN
    c.setFillColor(INK)
    c.setFont(font, 18 if paper == "A3" else 15)
    c.drawString(left, top - 16, title)
    c.setFont(font, 10)
    c.drawRightString(right, top - 6, data.municipality)
    c.drawRightString(right, top - 20, f"作成日: {format_wareki(data.made_on)}")
    scope = "町全体の課題" if data.whole_town else f"{data.area_name}の課題"
    c.setFillColor(MUTED)
    c.drawString(
        left, top - 34, f"{scope}をカードにして、似たものをグループにまとめ、表札をつけました。"
    )
    _draw_legend(c, font, left, top - 50)
    c.setStrokeColor(RULE)
    c.setLineWidth(0.6)
    c.line(left, top - 58, right, top - 58)

    tray_size = 9.5
    tray = _tray_lines(data, font, tray_size, right - left)
    tray_height = len(tray) * tray_size * 1.5 + (10 if tray else 0)
    region_top = top - 66
    region_bottom = MARGIN + tray_height
    bounds = _bounds(data)
    if bounds is None:
        c.setFont(font, 14)
        c.setFillColor(INK)
        c.drawCentredString(width / 2, (region_top + region_bottom) / 2, EMPTY_BOARD)
    else:
        mapper = _Mapper(bounds, left, region_top, right - left, region_top - region_bottom)
        s = mapper.scale
        boxes: dict[tuple[str, int], _Box] = {}
        for group in data.groups:  # parents first, so children are drawn on top
            box = mapper.box(group.x, group.y, group.width, group.height)
            boxes[("group", group.id)] = box
            _draw_group(c, font, group, box, s)
        for card in data.cards:
            box = mapper.box(card.x, card.y, CARD_WIDTH, CARD_HEIGHT)
            boxes[("issue", card.issue_id)] = box
            _draw_card(c, font, card, box, s)
        for link in data.links:
            a, b = boxes.get(link.source), boxes.get(link.target)
            if a is not None and b is not None:
                _draw_link(c, font, link.relation, a, b, s)
    if tray:
        c.setStrokeColor(RULE)
        c.line(left, MARGIN + tray_height - 4, right, MARGIN + tray_height - 4)
        c.setFont(font, tray_size)
        c.setFillColor(INK)
        y = MARGIN + tray_height - 4 - tray_size * 1.4
        for line in tray:
            c.drawString(left, y, line)
            y -= tray_size * 1.5
    c.showPage()
    c.save()
    return 1
