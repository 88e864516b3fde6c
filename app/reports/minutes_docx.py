"""議事録 as a Word file (.docx), with the same headings as the PDF, for towns that keep or
rework their minutes in Word before filing them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from app.domain.wareki import era_year, format_wareki
from app.reports.minutes_paper import (
    CONFIRM_TEXT,
    DRAFT_NOTE,
    NO_DECISION,
    NONE,
    TITLE,
    UNDECIDED,
)
from app.services.meetings.papers import MinutesPaper, PersonLine, handout_labels

BODY_FONT = "ＭＳ 明朝"  # on every Japanese Windows; Word substitutes a Mincho elsewhere
HEADING_FONT = "ＭＳ ゴシック"
INK = RGBColor(0x1A, 0x1A, 0x1A)
DRAFT_RED = RGBColor(0xB3, 0x26, 0x1E)


def _set_fonts(style, font: str, size: float | None = None) -> None:
    """Name the font for Latin and East Asian text alike, or Word keeps its Latin default."""
    style.font.name = font
    if size:
        style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "ja-JP")


def _prepare(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    styles = document.styles
    _set_fonts(styles["Normal"], BODY_FONT, 10.5)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        _set_fonts(styles[name], HEADING_FONT, size)
        styles[name].font.color.rgb = INK
        styles[name].font.bold = False
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page_field(paragraph) -> None:
    """A PAGE field, so Word numbers the pages itself."""
    run = paragraph.add_run()
    begin, instruction = OxmlElement("w:fldChar"), OxmlElement("w:instrText")
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, end):
        run._r.append(element)


def _furniture(document, data: MinutesPaper) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = f"{data.municipality}\t\t{TITLE}" + ("" if data.confirmed else "（下書き）")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("― ")
    _page_field(footer)
    footer.add_run(" ―")
    made = section.footer.add_paragraph(f"作成日: {format_wareki(data.made_on)}")
    made.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _split(value: str) -> list[str]:
    return value.replace("\r\n", "\n").strip("\n").split("\n")


def _cell_lines(cell, value: str) -> None:
    """Text in a table cell, one paragraph per line (the first in the cell's own paragraph)."""
    first, *rest = _split(value)
    cell.paragraphs[0].text = first
    for line in rest:
        cell.add_paragraph(line)


def _body_lines(document, value: str, indent_mm: float = 0) -> None:
    for line in _split(value):
        paragraph = document.add_paragraph(line)
        if indent_mm:
            paragraph.paragraph_format.left_indent = Mm(indent_mm)


def _people(people: Sequence[PersonLine]) -> str:
    return "\n".join(p.text for p in people) or NONE


def _head_table(document, data: MinutesPaper) -> None:
    head = data.head
    rows = [
        ("会議名", head.title),
        ("日時", head.when),
        ("場所", head.place or "―"),
        (f"出席者（{len(data.present)}名）", _people(data.present)),
        ("欠席者", _people(data.absent)),
        ("事務局", _people(data.secretariat)),
    ]
    if data.guests:
        rows.append(("傍聴・ゲスト", _people(data.guests)))
    rows.append(("配布資料", "\n".join(handout_labels(data.handouts)) or NONE))
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        _cell_lines(cells[1], value)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(32), Mm(138)


def _items(document, data: MinutesPaper) -> None:
    document.add_heading("議事", level=1)
    if not data.items:
        document.add_paragraph("議題はありません。")
    for number, item in enumerate(data.items, start=1):
        title = f"（{number}）{item.title}"
        if item.presenter:
            title += f"（説明: {item.presenter}）"
        document.add_heading(title, level=2)
        for label, value, empty in (
            ("【協議内容】", item.discussion, ""),
            ("【決定事項】", item.decisions, NO_DECISION),
        ):
            if not value.strip() and not empty:
                continue
            document.add_paragraph(label).paragraph_format.left_indent = Mm(3)
            _body_lines(document, value if value.strip() else empty, indent_mm=8)


def _actions(document, data: MinutesPaper) -> None:
    document.add_heading("今後の対応", level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, ("番号", "内容", "担当", "期限"), strict=True):
        cell.text = label
    for number, action in enumerate(data.actions, start=1):
        cells = table.add_row().cells
        values = (str(number), action.description, action.owner or "―", action.due or "―")
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    for row in table.rows:
        for cell, width in zip(row.cells, (12, 88, 35, 35), strict=True):
            cell.width = Mm(width)


def _signatures(document, data: MinutesPaper) -> None:
    document.add_paragraph()
    right = WD_ALIGN_PARAGRAPH.RIGHT
    if data.confirmed and data.confirmed_on:
        on = format_wareki(data.confirmed_on)
    else:
        on = f"{era_year(data.made_on)[0]}　　年　　月　　日"
    for line in (
        CONFIRM_TEXT,
        f"記録者　{data.recorder or '―'}",
        f"確認日　{on}",
        f"確認者　{data.confirmer}　＿＿＿＿＿＿＿＿＿＿　印",
    ):
        document.add_paragraph(line).alignment = right


def write_minutes_docx(data: MinutesPaper, target: str | Path | BinaryIO) -> None:
    """Write the 議事録 as a Word document (A4, Japanese fonts, page numbers in the footer)."""
    document = Document()
    _prepare(document)
    _furniture(document, data)
    document.add_heading(f"{data.head.title}　{TITLE}", level=0)
    state = document.add_paragraph()
    state.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = state.add_run(data.state_text if data.confirmed else f"【{data.state_text}】{DRAFT_NOTE}")
    if not data.confirmed:
        run.font.color.rgb = DRAFT_RED
    _head_table(document, data)
    _items(document, data)
    if data.actions:
        _actions(document, data)
    document.add_heading("次回予定", level=1)
    _body_lines(document, data.next_meeting or UNDECIDED)
    _signatures(document, data)
    document.save(str(target) if isinstance(target, Path) else target)
