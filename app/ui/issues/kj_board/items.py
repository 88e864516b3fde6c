"""What the KJ board draws: issue cards, groups with their 表札, and the arrows between them.

Cards and groups cache their painting (DeviceCoordinateCache): a board of 500 cards is
painted once per zoom level, and a drag only moves cached pixmaps. Groups are the Qt parents
of their member cards and child groups, so moving a group moves everything inside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.domain.enums import LinkRelation
from app.domain.text import NO_LINE_START
from app.services.issues.kj_board import (
    CARD_HEIGHT,
    CARD_WIDTH,
    GROUP_MIN_HEIGHT,
    GROUP_MIN_WIDTH,
    CardRow,
    GroupRow,
    LinkRow,
)

URGENCY_COLOURS = {3: QColor("#d64541"), 2: QColor("#f0a030"), 1: QColor("#7cb342")}
SELECTED = QColor("#1e66d0")
INK = QColor("#1a1a1a")
MUTED = QColor("#555555")
PERSONAL_MARK = "個人情報"
LABEL_BAND = 40.0  # room at the top of a group for its 表札
HANDLE = 16.0  # the resize corner of a group
CARD_Z = 1.0
GROUP_Z = 0.0
LINK_Z = 1000.0
DRAG_Z = 500.0
TITLE_LINES = 3


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


_advances: dict[tuple[str, str], float] = {}


def _advance(metrics: QFontMetricsF, font_key: str, char: str) -> float:
    """One character's width, measured once per font (Japanese text has no kerning to lose)."""
    key = (font_key, char)
    width = _advances.get(key)
    if width is None:
        width = _advances[key] = metrics.horizontalAdvance(char)
    return width


def wrap_lines(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Break Japanese text between any two characters; the last line ends in 「…」 if cut."""
    font_key = f"{metrics.height():.2f}/{metrics.averageCharWidth():.2f}"
    lines: list[str] = []
    current, used = "", 0.0
    for char in text.replace("\n", " "):
        advance = _advance(metrics, font_key, char)
        if char in NO_LINE_START:  # 「、」「。」 never start a line: they hang on this one
            current += char
            used += advance
            continue
        if current and used + advance > width:
            lines.append(current)
            current, used = char.lstrip(), advance if char.strip() else 0.0
            if len(lines) == max_lines:
                break
        else:
            current += char
            used += advance
    else:
        if current:
            lines.append(current)
        return lines
    last = lines[-1]
    ellipsis = _advance(metrics, font_key, "…")
    while last and sum(_advance(metrics, font_key, c) for c in last) + ellipsis > width:
        last = last[:-1]
    lines[-1] = last + "…"
    return lines


Key = tuple[str, int]  # ("issue", issue id) or ("group", group id)


class CardItem(QGraphicsItem):
    """One issue: wrapped title, kind and urgency in small text, an urgency stripe on the left
    and a 「個人情報」 mark when its text holds personal details."""

    TITLE_FONT = 15
    SMALL_FONT = 12
    _font_cache: tuple[QFont, QFont, QFontMetricsF, QFontMetricsF] | None = None

    def __init__(self, row: CardRow) -> None:
        super().__init__()
        self.row = row
        self.key: Key = ("issue", row.issue_id)
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(CARD_Z)
        self.setToolTip(self._tooltip())
        self._lines: list[str] | None = None  # wrapped on first paint: opening stays quick

    @classmethod
    def _fonts(cls) -> tuple[QFont, QFont, QFontMetricsF, QFontMetricsF]:
        if cls._font_cache is None:
            title, small = _font(cls.TITLE_FONT), _font(cls.SMALL_FONT)
            cls._font_cache = (title, small, QFontMetricsF(title), QFontMetricsF(small))
        return cls._font_cache

    def title_lines(self) -> list[str]:
        if self._lines is None:
            metrics = self._fonts()[2]
            self._lines = wrap_lines(self.row.title, metrics, CARD_WIDTH - 26, TITLE_LINES)
        return self._lines

    def _tooltip(self) -> str:
        parts = [self.row.title, f"種類: {self.row.kind_labels}"]
        parts.append(f"緊急度: {self.row.urgency_label}　状態: {self.row.state_label}")
        if self.row.personal:
            parts.append("個人に関わる内容を含みます（資料には見出しだけを載せます）")
        return "\n".join(parts)

    @property
    def group(self) -> GroupItem | None:
        parent = self.parentItem()
        return parent if isinstance(parent, GroupItem) else None

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -2, CARD_WIDTH + 4, CARD_HEIGHT + 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT))
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT)
        selected = self.isSelected()
        painter.setPen(QPen(SELECTED if selected else QColor("#8a8a8a"), 3 if selected else 1))
        painter.setBrush(QBrush(QColor("#ffffff")))
        painter.drawRoundedRect(rect, 6, 6)
        stripe = URGENCY_COLOURS.get(self.row.urgency, MUTED)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(stripe)
        painter.drawRoundedRect(QRectF(1.5, 1.5, 8, CARD_HEIGHT - 3), 3, 3)
        lines = self.title_lines()
        title_font, small_font, title_metrics, small_metrics = self._fonts()
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        if detail < 0.3:  # too small to read: grey bars stand for the text
            painter.setBrush(QColor("#c8c8c8"))
            for i, _line in enumerate(lines):
                painter.drawRect(QRectF(18, 12 + i * 20, CARD_WIDTH - 34, 10))
            return
        painter.setPen(INK)
        painter.setFont(title_font)
        line_height = title_metrics.height() + 1
        for i, line in enumerate(lines):
            top = 6 + i * line_height
            painter.drawText(
                QRectF(16, top, CARD_WIDTH - 22, line_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                line,
            )
        painter.setFont(small_font)
        bottom = QRectF(16, CARD_HEIGHT - 22, CARD_WIDTH - 22, 18)
        right = bottom.right()
        if self.row.personal:
            width = small_metrics.horizontalAdvance(PERSONAL_MARK) + 8
            badge = QRectF(bottom.right() - width, bottom.top() + 1, width, 16)
            painter.setPen(QPen(QColor("#8e2c2c"), 1))
            painter.setBrush(QColor("#fbe9e7"))
            painter.drawRoundedRect(badge, 3, 3)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, PERSONAL_MARK)
            right = badge.left() - 4
        painter.setPen(MUTED)
        info = f"緊急度 {self.row.urgency_label}　{self.row.kind_labels}"
        info = small_metrics.elidedText(info, Qt.TextElideMode.ElideRight, right - bottom.left())
        painter.drawText(
            QRectF(bottom.left(), bottom.top(), right - bottom.left(), bottom.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            info,
        )


class GroupItem(QGraphicsItem):
    """A rounded rectangle with its 表札 on top; resizable from the bottom-right corner."""

    def __init__(self, row: GroupRow) -> None:
        super().__init__()
        self.group_id = row.id
        self.key: Key = ("group", row.id)
        self.label = row.label
        self.colour = row.colour
        self.width = row.width
        self.height = row.height
        self.resize_start: tuple[float, float] | None = None
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(GROUP_Z)
        self._font = _font(17, bold=True)

    @property
    def parent_group(self) -> GroupItem | None:
        parent = self.parentItem()
        return parent if isinstance(parent, GroupItem) else None

    def set_label(self, label: str) -> None:
        self.label = label
        self.update()

    def set_colour(self, colour: str) -> None:
        self.colour = colour
        self.update()

    def set_size(self, width: float, height: float) -> None:
        self.prepareGeometryChange()
        self.width, self.height = width, height

    def rect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def boundingRect(self) -> QRectF:
        return self.rect().adjusted(-2, -2, 2, 2)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.rect())
        return path

    def _handle(self) -> QRectF:
        return QRectF(self.width - HANDLE, self.height - HANDLE, HANDLE, HANDLE)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        fill = QColor(self.colour)
        selected = self.isSelected()
        pen = QPen(SELECTED if selected else fill.darker(150), 3 if selected else 1.5)
        if selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect(), 14, 14)
        painter.setPen(INK)
        painter.setFont(self._font)
        band = QRectF(14, 6, self.width - 28, LABEL_BAND - 10)
        metrics = QFontMetricsF(self._font)
        label = metrics.elidedText(self.label, Qt.TextElideMode.ElideRight, band.width())
        painter.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(QPen(fill.darker(170), 1.5))
        painter.drawLine(QPointF(14, LABEL_BAND), QPointF(self.width - 14, LABEL_BAND))
        handle = self._handle()
        for step in (4, 8, 12):
            painter.drawLine(
                QPointF(handle.right() - step, handle.bottom() - 2),
                QPointF(handle.right() - 2, handle.bottom() - step),
            )

    # --- resizing from the corner ------------------------------------------------------------
    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        over = self._handle().contains(event.pos())
        self.setCursor(Qt.CursorShape.SizeFDiagCursor if over else Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._handle().contains(event.pos()):
            self.resize_start = (self.width, self.height)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.resize_start is not None:
            self.set_size(
                max(GROUP_MIN_WIDTH, event.pos().x()), max(GROUP_MIN_HEIGHT, event.pos().y())
            )
            scene = self.scene()
            if scene is not None and hasattr(scene, "item_resizing"):
                scene.item_resizing(self)
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.resize_start is not None:
            start, self.resize_start = self.resize_start, None
            scene = self.scene()
            if scene is not None and hasattr(scene, "item_resized"):
                scene.item_resized(self, start)
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if event.pos().y() <= LABEL_BAND + 10 and hasattr(scene, "label_edit_requested"):
            scene.label_edit_requested.emit(self)
            return
        super().mouseDoubleClickEvent(event)


def _clip_to_rect(inside: QPointF, outside: QPointF, rect: QRectF) -> QPointF:
    """Where the line from `inside` (in rect) to `outside` leaves the rectangle."""
    line = QLineF(inside, outside)
    edges = (
        QLineF(rect.topLeft(), rect.topRight()),
        QLineF(rect.topRight(), rect.bottomRight()),
        QLineF(rect.bottomRight(), rect.bottomLeft()),
        QLineF(rect.bottomLeft(), rect.topLeft()),
    )
    for edge in edges:
        kind, point = line.intersects(edge)
        if kind == QLineF.IntersectionType.BoundedIntersection:
            return point
    return inside


@dataclass
class _Geometry:
    start: QPointF
    end: QPointF


class LinkItem(QGraphicsItem):
    """An arrow between two items: 原因→結果 solid with a head, 関連 a plain line, 対立 dashed
    with a × in the middle."""

    def __init__(self, row: LinkRow, source: QGraphicsItem, target: QGraphicsItem) -> None:
        super().__init__()
        self.row = row
        self.link_id = row.id
        self.source = source
        self.target = target
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(LINK_Z)
        self.setToolTip(f"{row.relation_label}（選んで Delete キーで消せます）")
        self._geometry = _Geometry(QPointF(), QPointF())
        self._font = _font(14, bold=True)
        self.update_position()

    @staticmethod
    def _box(item: QGraphicsItem) -> QRectF:
        if isinstance(item, GroupItem):
            return item.mapRectToScene(item.rect())
        return item.mapRectToScene(QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT))

    def update_position(self) -> None:
        a, b = self._box(self.source), self._box(self.target)
        start = _clip_to_rect(a.center(), b.center(), a)
        end = _clip_to_rect(b.center(), a.center(), b)
        self.prepareGeometryChange()
        self._geometry = _Geometry(start, end)

    def _path(self) -> QPainterPath:
        path = QPainterPath(self._geometry.start)
        path.lineTo(self._geometry.end)
        return path

    def boundingRect(self) -> QRectF:
        return self._path().boundingRect().adjusted(-16, -16, 16, 16)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        return stroker.createStroke(self._path())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        relation = self.row.relation
        start, end = self._geometry.start, self._geometry.end
        colour = {
            LinkRelation.CAUSE.value: QColor("#263238"),
            LinkRelation.RELATED.value: QColor("#607d8b"),
            LinkRelation.CONFLICT.value: QColor("#c0392b"),
        }.get(relation, INK)
        if self.isSelected():
            glow = QPen(QColor(30, 102, 208, 90), 10)
            painter.setPen(glow)
            painter.drawLine(start, end)
        pen = QPen(colour, 2.5 if relation != LinkRelation.RELATED else 2)
        if relation == LinkRelation.CONFLICT:
            pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.drawLine(start, end)
        line = QLineF(start, end)
        if line.length() < 1:
            return
        if relation == LinkRelation.CAUSE:
            angle = math.atan2(start.y() - end.y(), start.x() - end.x())
            size = 14.0
            head = QPolygonF(
                [
                    end,
                    end + QPointF(math.cos(angle + 0.4) * size, math.sin(angle + 0.4) * size),
                    end + QPointF(math.cos(angle - 0.4) * size, math.sin(angle - 0.4) * size),
                ]
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPolygon(head)
        elif relation == LinkRelation.CONFLICT:
            middle = line.pointAt(0.5)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(middle, 11, 11)
            painter.setFont(self._font)
            painter.drawText(
                QRectF(middle.x() - 11, middle.y() - 11, 22, 22), Qt.AlignmentFlag.AlignCenter, "×"
            )
