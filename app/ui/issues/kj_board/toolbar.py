"""The buttons around the KJ board: grouping, colours, lines, undo, paper and zoom."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from app.domain.enums import LinkRelation
from app.services.issues.kj_board import PALETTE

HINT = (
    "カードをドラッグして似たものを集め、選んで「グループにする」で表札をつけます。"
    "Ctrl+クリックで複数選択、Shift+ドラッグで囲んで選択、背景のドラッグで移動、"
    "Ctrl+ホイールで拡大・縮小。動かした位置はすぐ保存されます。"
)
PICK_TWO = (
    "線でつなぐには、カードかグループを2つ選んでください（2つ目は Ctrl を押しながらクリック）。"
    "原因→結果は、先に選んだほうが原因になります。"
)
_HINT_STYLE = "color: #555;"


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(18, 18)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class BoardControls:
    """The page's buttons, built in one place; `actions` goes above the board, `bottom` below."""

    def __init__(self) -> None:
        self.group_button = QPushButton("グループにする")
        self.group_button.setToolTip("選んだカードを囲むグループを作り、表札をつけます（Ctrl+G）")
        self.label_button = QPushButton("表札を変える")
        self.label_button.setToolTip("選んだグループの表札を変えます（F2・表札をダブルクリック）")
        self.colour_box = QComboBox()
        self.colour_box.setToolTip("選んだグループの色")
        for colour, name in PALETTE:
            self.colour_box.addItem(swatch(colour), name, colour)
        self.relation_box = QComboBox()
        self.relation_box.setToolTip("引く線の種類。原因→結果は、先に選んだほうが原因です")
        for relation in LinkRelation:
            self.relation_box.addItem(relation.label, relation.value)
        self.link_button = QPushButton("線でつなぐ")
        self.link_button.setToolTip(PICK_TWO)
        self.tray_button = QPushButton("トレイに戻す")
        self.tray_button.setToolTip("選んだカードをボードから外し、右の一覧に戻します")
        self.delete_button = QPushButton("消す")
        self.delete_button.setToolTip("選んだ線・グループを消します（Delete）")
        self.undo_button = QPushButton("元に戻す")
        self.undo_button.setToolTip("直前の移動や配置を元に戻します（Ctrl+Z）")
        self.paper_box = QComboBox()
        self.paper_box.addItems(["A3", "A4"])
        self.paper_box.setToolTip("印刷する用紙の大きさ（横向き）")
        self.pdf_button = QPushButton("PDFで保存")
        self.pdf_button.setToolTip("ボードを1枚の紙（横向き）にして保存します")
        actions = QHBoxLayout()
        for widget in (
            self.group_button,
            self.label_button,
            QLabel("色:"),
            self.colour_box,
            self.relation_box,
            self.link_button,
            self.tray_button,
            self.delete_button,
            self.undo_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.paper_box)
        actions.addWidget(self.pdf_button)

        self.zoom_out_button = QPushButton("縮小")
        self.zoom_out_button.setToolTip("Ctrl+-")
        self.zoom_label = QLabel("100%")
        self.zoom_in_button = QPushButton("拡大")
        self.zoom_in_button.setToolTip("Ctrl++")
        self.fit_button = QPushButton("全体を表示")
        self.fit_button.setToolTip("ボード全体が入るように縮めます（Ctrl+0）")
        self.message_label = QLabel(HINT)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(_HINT_STYLE)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message_label, 1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button):
            bottom.addWidget(widget)
        bottom.addWidget(self.fit_button)
        self.actions = actions
        self.bottom = bottom
