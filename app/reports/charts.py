"""Small charts for printed reports, drawn with reportlab.graphics in the embedded font, and
the panels that hold them (two charts side by side, a row of key figures).

Horizontal bars with the label on the left and the figure written after the bar read more
easily for council members than axes and gridlines, so that is the one shape used here.
Every string names the Japanese font itself: reportlab.graphics does not inherit it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from app.reports.base import (
    DEFAULT_STYLE,
    FONT_NAME,
    GRID,
    INK,
    LABEL_FILL,
    MUTED,
    RULE,
    PaperStyle,
    content_width,
    register_font,
    text,
)

SIZE = 10.5  # never smaller than the body text
COLUMN_GAP = 6 * mm
BAR = colors.HexColor("#4f7fa8")
BAR_STRONG = colors.HexColor("#24557f")
BAR_LIGHT = colors.HexColor("#a9c4dc")
OPEN_FILL = colors.white
URGENCY = {
    "高": colors.HexColor("#c0504d"),
    "中": colors.HexColor("#e3a23b"),
    "低": colors.HexColor("#76a35e"),
}
# The squares of a check item: done this 年度, done before it, not done.
CHECK_FILLS = {"year": BAR_STRONG, "before": BAR_LIGHT, "open": OPEN_FILL}


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label, the stacked parts, and what is written after it."""

    label: str
    values: tuple[int, ...]
    text: str = ""  # blank: the sum and the unit (「12件」)
    colour: colors.Color | None = None  # one colour for the whole bar, overriding the rest


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose starting font is ours: else the renderer sets an unembedded Helvetica."""
    register_font()
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT_NAME
    drawing.initialFontSize = SIZE
    return drawing


def _width(value: str, size: float = SIZE) -> float:
    return stringWidth(value, FONT_NAME, size)


def bar_chart(
    bars: Sequence[Bar],
    width: float,
    *,
    fills: Sequence[colors.Color] = (BAR,),
    max_value: int | None = None,
    unit: str = "件",
    row_height: float = 7 * mm,
    label_width: float | None = None,
) -> Drawing:
    """Horizontal bars, the first at the top; a zero is written in grey with no bar."""
    register_font()
    texts = [b.text or f"{sum(b.values)}{unit}" for b in bars]
    label_width = label_width or max((_width(b.label) for b in bars), default=0) + 3 * mm
    text_width = max((_width(t) for t in texts), default=0) + 2 * mm
    room = max(width - label_width - text_width, 10 * mm)
    top = max_value or max((sum(b.values) for b in bars), default=0) or 1
    height = row_height * len(bars) + 1 * mm
    drawing = _drawing(width, height)
    bar_height = min(row_height * 0.62, SIZE * 1.15)
    axis_x = label_width
    for number, (bar, label) in enumerate(zip(bars, texts, strict=True)):
        middle = height - row_height * (number + 0.5)
        baseline = middle - SIZE * 0.36
        drawing.add(
            String(
                label_width - 2 * mm,
                baseline,
                bar.label,
                fontName=FONT_NAME,
                fontSize=SIZE,
                fillColor=INK,
                textAnchor="end",
            )
        )
        x = axis_x
        for part, value in enumerate(bar.values):
            if value <= 0:
                continue
            length = room * value / top
            fill = bar.colour or fills[part % len(fills)]
            drawing.add(
                Rect(
                    x, middle - bar_height / 2, length, bar_height, fillColor=fill, strokeColor=None
                )
            )
            x += length
        total = sum(bar.values)
        drawing.add(
            String(
                x + 1.5 * mm if max_value is None else axis_x + room + 1.5 * mm,
                baseline,
                label,
                fontName=FONT_NAME,
                fontSize=SIZE,
                fillColor=INK if total else MUTED,
            )
        )
        if max_value is not None:  # the whole length is the goal: show what is left
            drawing.add(
                Rect(
                    axis_x,
                    middle - bar_height / 2,
                    room,
                    bar_height,
                    fillColor=None,
                    strokeColor=GRID,
                    strokeWidth=0.6,
                )
            )
    drawing.add(Line(axis_x, 0.5 * mm, axis_x, height, strokeColor=GRID, strokeWidth=0.8))
    return drawing


def check_squares(states: Sequence[str], side: float = 4.2 * mm, gap: float = 1.3 * mm) -> Drawing:
    """One square per check of a STEP item: dark done this 年度, light done before, white open."""
    width = len(states) * side + max(len(states) - 1, 0) * gap
    drawing = _drawing(width, side + 0.6 * mm)
    for number, state in enumerate(states):
        drawing.add(
            Rect(
                number * (side + gap),
                0.3 * mm,
                side,
                side,
                fillColor=CHECK_FILLS[state],
                strokeColor=BAR_STRONG if state != "open" else GRID,
                strokeWidth=0.7,
            )
        )
    return drawing


def legend(entries: Sequence[tuple[colors.Color, str]], width: float) -> Drawing:
    """Coloured squares with their meaning, on one line."""
    register_font()
    side = 3.6 * mm
    drawing = _drawing(width, SIZE * 1.5)
    x = 0.0
    for fill, label in entries:
        drawing.add(
            Rect(x, 0.6 * mm, side, side, fillColor=fill, strokeColor=GRID, strokeWidth=0.7)
        )
        drawing.add(
            String(
                x + side + 1.5 * mm, 1 * mm, label, fontName=FONT_NAME, fontSize=SIZE, fillColor=INK
            )
        )
        x += side + 1.5 * mm + _width(label) + 6 * mm
    return drawing


# --- panels ---------------------------------------------------------------------------------


def side_by_side(left: list[Flowable], right: list[Flowable], width: float) -> Table:
    """Two columns of flowables (charts with their captions), top-aligned, without rules."""
    half = (width - COLUMN_GAP) / 2
    table = Table([[left, right]], colWidths=[half + COLUMN_GAP, half], hAlign="LEFT")
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),  # or reportlab adds a Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), COLUMN_GAP),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


def figure_tiles(tiles: list[tuple[str, str, str]], style: PaperStyle = DEFAULT_STYLE) -> Table:
    """A row of boxes: what is counted, the figure in large type, and a short note."""
    styles = style.styles()
    centre = ParagraphStyle("tile", parent=styles.cell, alignment=TA_CENTER, rightIndent=0)
    big = ParagraphStyle(
        "tile_big",
        parent=centre,
        fontSize=style.title,
        leading=style.title * 1.3,
        spaceBefore=1 * mm,
    )
    note = ParagraphStyle("tile_note", parent=centre, textColor=MUTED)
    width = content_width(False, style) / len(tiles)
    cells = [
        [Paragraph(text(label), centre), Paragraph(text(value), big), Paragraph(text(sub), note)]
        for label, value, sub in tiles
    ]
    table = Table([cells], colWidths=[width] * len(tiles), hAlign="LEFT")
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
            ("BOX", (0, 0), (-1, -1), 0.9, RULE),
            ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (-1, -1), LABEL_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
        ]
    )
    return table
