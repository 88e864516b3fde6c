"""The 地域課題 list's table model: thin, over IssueRow, no database calls; 緊急度 in colour and
a 「個人情報」 badge drawn in front of the title of a marked issue."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.wareki import format_wareki_short
from app.services.issues.issue import IssueRow
from app.ui.widgets.table_model import Column, RowTableModel

BADGE_TEXT = "個人情報"
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2  # the badge's text, or None
LEVEL_COLOURS = {3: "#c62828", 2: "#8d6e00", 1: "#2e7d32"}


class IssueListModel(RowTableModel):
    """The issue list: 緊急度 coloured, and a 個人情報 badge on the 見出し of marked ones."""

    URGENCY, TITLE = 0, 1

    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                Column("緊急度", lambda r: r.urgency_label),
                Column("見出し", lambda r: r.title),
                Column("圏域", lambda r: r.areas_text),
                Column("種類", lambda r: r.kind_labels),
                Column("状態", lambda r: r.state_label),
                Column("きっかけ", lambda r: r.source_label),
                Column(
                    "把握日", lambda r: format_wareki_short(r.noticed_on) if r.noticed_on else ""
                ),
            ],
            parent,
        )

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: IssueRow = self.row_at(index.row())
        column = index.column()
        if column == self.URGENCY:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(LEVEL_COLOURS.get(row.urgency, "#000"))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        if column == self.TITLE:
            if role == BADGE_ROLE:
                return BADGE_TEXT if row.personal or row.sensitive else None
            if role == Qt.ItemDataRole.ToolTipRole:
                note = "【個人情報を含む】\n" if row.personal or row.sensitive else ""
                return note + row.title
        return super().data(index, role)


class BadgeDelegate(QStyledItemDelegate):
    """Draws the 「個人情報」 badge in front of the title of a marked issue."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        badge = index.data(BADGE_ROLE)
        if not badge:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        metrics = opt.fontMetrics
        width = metrics.horizontalAdvance(badge) + 12
        height = min(opt.rect.height() - 6, metrics.height() + 4)
        box = QRect(opt.rect.left() + 4, opt.rect.center().y() - height // 2 + 1, width, height)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#c62828"))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)
        selected = opt.state & QStyle.StateFlag.State_Selected
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        rest = QRect(opt.rect)
        rest.setLeft(box.right() + 8)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rest.width() - 4)
        painter.drawText(
            rest, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown
        )
        painter.restore()
