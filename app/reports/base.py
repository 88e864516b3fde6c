"""What every printed paper shares: the embedded Japanese font, type sizes, the page furniture
(town and title above, 作成日 in 和暦 and 「n / N」 below) and tables whose Japanese text wraps.

Papers are built with reportlab platypus from read models; nothing here knows the database.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.wareki import format_wareki
from app.paths import resource_path

FONT_NAME = "IPAexGothic"
EMPTY_MESSAGE = "該当する地域資源はありません。"

_font_lock = threading.Lock()

Target = str | Path | BinaryIO


def register_font() -> str:
    """Register IPAexGothic once, as an embedded TrueType font (never a non-embedded CID font)."""
    with _font_lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            path = resource_path("fonts", "ipaexg.ttf")
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    return FONT_NAME


# --- type and colours -----------------------------------------------------------------------

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4d4d4d")
RULE = colors.HexColor("#7f7f7f")
GRID = colors.HexColor("#a6a6a6")
HEADER_FILL = colors.HexColor("#dfe6ee")
SECTION_FILL = colors.HexColor("#f3ead8")
ZEBRA_FILL = colors.HexColor("#f4f6f8")
LABEL_FILL = colors.HexColor("#eef1f4")
CONFIDENTIAL_RED = colors.HexColor("#b3261e")
CONFIDENTIAL = "取扱注意"


@dataclass(frozen=True)
class PaperStyle:
    """Font and sizes of a paper. Body text stays at 10.5pt or more for older readers."""

    font: str = FONT_NAME
    body: float = 10.5
    small: float = 9.0  # only for ふりがな above a name, never for the text itself
    furniture: float = 10.0  # header and footer
    subheading: float = 12.5
    heading: float = 15.0
    title: float = 20.0
    leading: float = 1.45  # line height as a multiple of the size; Japanese needs air
    margin: float = 15 * mm

    def styles(self) -> Styles:
        return _styles(self)


DEFAULT_STYLE = PaperStyle()


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle
    cell_label: ParagraphStyle
    cell_large: ParagraphStyle
    ruby: ParagraphStyle
    notice: ParagraphStyle


# reportlab hangs a character that may not start a line (「ー」「。」「、」「）」) past the right
# edge, as Japanese typesetting does. In a cell that would cross the rule into the next column,
# so cell text keeps about one character free on the right for it (with little cell padding).
_HANG = 0.9
_CELL_RIGHT_PADDING = 0.6 * mm


@lru_cache(maxsize=8)
def _styles(style: PaperStyle) -> Styles:
    register_font()

    def make(name: str, size: float, **kw) -> ParagraphStyle:
        kw.setdefault("textColor", INK)
        kw.setdefault("leading", round(size * style.leading, 1))
        return ParagraphStyle(
            name,
            fontName=style.font,
            fontSize=size,
            wordWrap="CJK",  # Japanese has no spaces: allow a break between any two characters
            **kw,
        )

    return Styles(
        title=make("title", style.title, spaceAfter=2 * mm),
        subtitle=make("subtitle", style.body + 0.5, textColor=MUTED, spaceAfter=4 * mm),
        heading=make("heading", style.heading, spaceBefore=2 * mm, spaceAfter=3 * mm),
        subheading=make("subheading", style.subheading, spaceBefore=3 * mm, spaceAfter=2 * mm),
        body=make("body", style.body, spaceAfter=2 * mm),
        cell=make("cell", style.body, rightIndent=style.body * _HANG),
        cell_header=make("cell_header", style.body, rightIndent=style.body * _HANG),
        cell_label=make("cell_label", style.body, rightIndent=style.body * _HANG),
        cell_large=make("cell_large", style.subheading + 1, rightIndent=style.subheading * _HANG),
        ruby=make(
            "ruby",
            style.small,
            textColor=MUTED,
            leading=style.small * 1.25,
            rightIndent=style.small * _HANG,
        ),
        notice=make("notice", style.subheading, alignment=TA_CENTER, spaceBefore=30 * mm),
    )


def text(value: object) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept."""
    if value is None:
        return ""
    return escape(str(value)).replace("\r\n", "\n").replace("\n", "<br/>")


def para(value: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text(value), style)


# --- page furniture ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperInfo:
    """What the header and footer say on every page."""

    title: str
    municipality: str
    made_on: date
    landscape: bool = False
    confidential: bool = False  # 「取扱注意」 in the header of every page (internal papers)


class Section(Flowable):
    """Invisible marker: from here on, the page header names this section (e.g. the area)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._paper_section = self.name  # type: ignore[attr-defined]


class _NumberedCanvas(Canvas):
    """Holds every page back until the end, so each footer can say 「n / N」."""

    def __init__(self, info: PaperInfo, style: PaperStyle, pages: list[int], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._info = info
        self._style = style
        self._pages_out = pages
        self._paper_section = ""
        self._saved_pages: list[dict] = []

    def showPage(self) -> None:  # reportlab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            super().showPage()
        self._pages_out.append(total)
        super().save()

    def _draw_furniture(self, number: int, total: int) -> None:
        info, style = self._info, self._style
        width, height = self._pagesize
        left, right = style.margin, width - style.margin
        self.saveState()
        self.setFillColor(INK)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        # Header: the town on the left, the paper's title (and section) on the right.
        top = height - style.margin + 2 * mm
        self.setFont(style.font, style.furniture)
        self.drawString(left, top, info.municipality)
        title = info.title
        if self._paper_section:
            title = f"{title}　{self._paper_section}"
        self.drawRightString(right, top, title)
        if info.confidential:
            self._draw_confidential(width / 2, top)
        self.line(left, top - 2.2 * mm, right, top - 2.2 * mm)
        # Footer: 作成日 in 和暦 on the left, the page number in the middle.
        bottom = style.margin - 6 * mm
        self.line(left, bottom + 4.8 * mm, right, bottom + 4.8 * mm)
        self.drawString(left, bottom, f"作成日: {format_wareki(info.made_on)}")
        self.setFont(style.font, style.furniture + 1)
        self.drawCentredString(width / 2, bottom, f"{number} / {total}")
        self.restoreState()

    def _draw_confidential(self, centre: float, baseline: float) -> None:
        """「取扱注意」 boxed in red in the middle of the header: not for circulation."""
        size = self._style.furniture + 1
        label_width = self.stringWidth(CONFIDENTIAL, self._style.font, size)
        self.saveState()
        self.setFillColor(CONFIDENTIAL_RED)
        self.setStrokeColor(CONFIDENTIAL_RED)
        self.setLineWidth(0.9)
        self.setFont(self._style.font, size)
        self.drawCentredString(centre, baseline, CONFIDENTIAL)
        pad = 1.6 * mm
        self.rect(
            centre - label_width / 2 - pad,
            baseline - 1.0 * mm,
            label_width + 2 * pad,
            size + 1.6 * mm,
        )
        self.restoreState()


def page_size(is_landscape: bool) -> tuple[float, float]:
    return landscape(A4) if is_landscape else A4


def content_box(is_landscape: bool, style: PaperStyle) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the area between header and footer."""
    width, height = page_size(is_landscape)
    top_gap = style.margin + 4 * mm  # room for the header line
    bottom_gap = style.margin + 2 * mm
    return style.margin, bottom_gap, width - 2 * style.margin, height - top_gap - bottom_gap


def content_width(is_landscape: bool, style: PaperStyle = DEFAULT_STYLE) -> float:
    return content_box(is_landscape, style)[2]


def build_paper(
    target: Target,
    info: PaperInfo,
    story: list[Flowable],
    *,
    style: PaperStyle = DEFAULT_STYLE,
    slots: int = 1,
    slot_gap: float = 8 * mm,
) -> int:
    """Lay out `story` on A4 pages with the shared header and footer; returns the page count.

    `slots` > 1 splits each page into that many frames stacked top to bottom (cards); a
    FrameBreak in the story moves to the next slot.
    """
    register_font()
    pagesize = page_size(info.landscape)
    x, y, width, height = content_box(info.landscape, style)
    slot_height = (height - slot_gap * (slots - 1)) / slots
    frames = [
        Frame(
            x,
            y + (slots - 1 - i) * (slot_height + slot_gap),
            width,
            slot_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=f"slot{i}",
        )
        for i in range(slots)
    ]
    doc = BaseDocTemplate(
        target if not isinstance(target, Path) else str(target),
        pagesize=pagesize,
        leftMargin=style.margin,
        rightMargin=style.margin,
        topMargin=style.margin,
        bottomMargin=style.margin,
        title=info.title,
        author=info.municipality,
        creator="ささえあいノート",
        subject=info.title,
        initialFontName=style.font,  # or reportlab would add an unembedded Helvetica
        initialFontSize=style.body,
        lang="ja-JP",
    )
    doc.addPageTemplates([PageTemplate(id="paper", frames=frames, pagesize=pagesize)])
    pages: list[int] = []

    def canvasmaker(*args, **kwargs) -> _NumberedCanvas:
        return _NumberedCanvas(info, style, pages, *args, **kwargs)

    doc.build(story, canvasmaker=canvasmaker)
    return pages[0]


def title_block(title: str, subtitle: str, style: PaperStyle = DEFAULT_STYLE) -> list[Flowable]:
    """The large title at the top of the first page, with a line saying what is included."""
    styles = style.styles()
    block: list[Flowable] = [Paragraph(text(title), styles.title)]
    if subtitle:
        block.append(Paragraph(text(subtitle), styles.subtitle))
    return block


def empty_notice(style: PaperStyle = DEFAULT_STYLE) -> Paragraph:
    return Paragraph(text(EMPTY_MESSAGE), style.styles().notice)


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionRow:
    """A band across the whole table that starts a group (e.g. a kind within an area)."""

    label: str


Cell = str | Flowable | list[Flowable] | None
Row = Sequence[Cell] | SectionRow


def chunk_text(value: str, per_line: int, max_lines: int) -> list[str]:
    """`value` in pieces of at most about `max_lines` lines of `per_line` characters each.

    Pieces end after 「。」 or at a line end where one is near. A table holds each piece in a
    row of its own, so it can break between rows: reportlab cannot reliably break inside a
    row (splitInRow misplaces repeated headers and mis-wraps spanned cells).
    """
    per_line = max(per_line, 1)
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for line in value.strip("\n").split("\n"):
        while True:
            need = max(1, -(-len(line) // per_line))
            if used + need <= max_lines:
                current.append(line)
                used += need
                break
            room = (max_lines - used) * per_line
            if room >= per_line:
                cut = line.rfind("。", 0, room) + 1
                if cut < room // 2:
                    cut = room
                current.append(line[:cut])
                line = line[cut:]
            pieces.append("\n".join(current))
            current, used = [], 0
    if current or not pieces:
        pieces.append("\n".join(current))
    return pieces


def data_table(
    header: Sequence[Cell] | None,
    rows: Sequence[Row],
    widths: Sequence[float],
    style: PaperStyle = DEFAULT_STYLE,
    *,
    zebra: bool = True,
    padding: float = 2.2 * mm,
    label_columns: Sequence[int] = (),
    max_lines: int = 10,
    extra: Sequence[tuple] = (),
) -> Table:
    """A ruled table: header repeated on every page, zebra rows, CJK-wrapping cells.

    A row with fewer cells than columns lets its last cell span the rest of the line. Long
    text is spread over continuation rows drawn without a rule between them, so that no row
    is ever taller than a page and a table breaks cleanly between pages. Cells that are
    flowables (a spacer to write in, a name with its reading) stay in the first of them.
    """
    styles = style.styles()
    columns = len(widths)
    data: list[list] = []
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), style.font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_RIGHT_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]

    def add(cells: Sequence[Cell], cell_style: ParagraphStyle, fill, labels: bool) -> None:
        first = len(data)
        cells = list(cells)[:columns]
        spans = len(cells) < columns
        cell_widths = list(widths[: len(cells)])
        if spans:
            cell_widths[-1] = sum(widths[len(cells) - 1 :])
        split: list[list] = []
        for value, width in zip(cells, cell_widths, strict=True):
            if value is None or isinstance(value, str):
                room = width - padding - _CELL_RIGHT_PADDING - cell_style.rightIndent
                per_line = int(room // cell_style.fontSize)
                split.append(chunk_text(value or "", per_line, max_lines))
            else:
                split.append([value])
        height = max(len(parts) for parts in split)
        for offset in range(height):
            line = [
                _cell(parts[offset], cell_style) if offset < len(parts) else "" for parts in split
            ]
            data.append(line + [""] * (columns - len(line)))
        last = len(data) - 1
        if spans:
            commands.extend(("SPAN", (len(cells) - 1, r), (-1, r)) for r in range(first, last + 1))
        for boundary in range(len(cells) - 1 if spans else columns - 1):
            commands.append(("LINEAFTER", (boundary, first), (boundary, last), 0.5, GRID))
        if first:
            commands.append(("LINEABOVE", (0, first), (-1, first), 0.5, GRID))
        if fill is not None:
            commands.append(("BACKGROUND", (0, first), (-1, last), fill))
        if labels:
            for column in label_columns:
                if column < len(cells) - (1 if spans else 0):
                    commands.append(("BACKGROUND", (column, first), (column, last), LABEL_FILL))
        if last > first:
            commands.extend(
                [
                    ("BOTTOMPADDING", (0, first), (-1, last - 1), 0),
                    ("TOPPADDING", (0, first + 1), (-1, last), 0),
                ]
            )

    if header is not None:
        add(header, styles.cell_header, HEADER_FILL, False)
        commands.append(("VALIGN", (0, 0), (-1, len(data) - 1), "MIDDLE"))
    header_rows = len(data)
    band = 0
    for row in rows:
        if isinstance(row, SectionRow):
            add([row.label], styles.cell, SECTION_FILL, False)
            band = 0
            continue
        add(row, styles.cell, ZEBRA_FILL if zebra and band % 2 else None, True)
        band += 1
    if header_rows:
        commands.append(("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.9, RULE))
    commands.append(("BOX", (0, 0), (-1, -1), 0.9, RULE))
    table = Table(
        data,
        colWidths=list(widths),
        repeatRows=header_rows,
        splitByRow=1,
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(commands + list(extra)))
    return table


def _cell(value: Cell, style: ParagraphStyle) -> Flowable | list[Flowable]:
    if value is None or isinstance(value, str):
        # One paragraph per line rather than <br/>: after a hung character reportlab would
        # turn the <br/> into an extra blank line.
        lines = (value or "").split("\n")
        if len(lines) == 1:
            return Paragraph(text(lines[0]), style)
        return [
            Paragraph(text(line), style) if line else Spacer(1, style.leading) for line in lines
        ]
    return value


def label_table(
    rows: Sequence[tuple[str, Cell]], label_width: float, style: PaperStyle = DEFAULT_STYLE
) -> Flowable:
    """Label and value, one pair per line, as the head of a municipal paper (会議名, 日時 …)."""
    width = content_width(False, style)
    return data_table(
        None,
        [list(row) for row in rows],
        [label_width, width - label_width],
        style,
        zebra=False,
        label_columns=(0,),
    )


def gap(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)
