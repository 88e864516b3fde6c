"""KJ board at scale: 500 issue cards in 30 groups, opened, redrawn, dragged and saved.

    QT_QPA_PLATFORM=offscreen python bench/bench_kj_board.py [N] [GROUPS]

Builds a database with N issues of one area (default 500) placed in GROUPS groups (default
30) with a link per group, then reports the median time of what the board page does next to
a raw baseline without app logic: plain QGraphicsRectItem + QGraphicsSimpleTextItem items
filled from a bare sqlite3 query, and bare UPDATE statements for a save.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)
from sqlalchemy import insert

from app.db.base import new_uuid, utcnow
from app.db.engine import Database
from app.db.migrate import prepare_database
from app.db.models import Area, Issue, IssueArea, IssueCard, IssueGroup, IssueLink
from app.services.issues.kj_board import CARD_HEIGHT, CARD_WIDTH, CardMove, GroupMove, load_board
from app.services.issues.kj_board import move_groups as save_group_moves
from app.ui.fonts import install_japanese_font
from app.ui.issues.kj_board.scene import BoardScene, BoardView

TITLES = [
    "坂の上に住む高齢者が買い物に行けない",
    "路線バスが1日3本しかなく通院が難しい",
    "一人暮らしで誰とも話さない日が続く",
    "見守りボランティアが高齢化している",
    "ゴミ集積所まで遠く重い袋を運べない",
    "災害時の声かけ役が決まっていない",
    "男性が参加しやすい居場所が少ない",
    "電球交換など小さな困りごとを頼めない",
]
KINDS = [",shopping,", ",transport,", ",isolation,", ",volunteers,", ",garbage,", ",disaster,"]
VIEW_SIZE = (1600, 1000)


def build(path: Path, n: int, groups: int) -> tuple[int, float]:
    db = Database(f"sqlite:///{path}")
    prepare_database(db, path.parent / "backups")
    start = time.perf_counter()
    rng = random.Random(1)
    now = utcnow()

    def common() -> dict:
        return {"uuid": new_uuid(), "created_at": now, "updated_at": now, "version": 1}

    with db.engine.begin() as connection:
        area_id = connection.execute(
            insert(Area).returning(Area.id), [{**common(), "name": "北地区", "layer": 2}]
        ).scalar_one()
        issues = [
            {
                **common(),
                "title": f"{rng.choice(TITLES)}（{i + 1}）",
                "kinds": rng.choice(KINDS),
                "urgency": rng.choice((1, 2, 3)),
                "personal": i % 17 == 0,
            }
            for i in range(n)
        ]
        ids = list(connection.execute(insert(Issue).returning(Issue.id), issues).scalars())
        connection.execute(
            insert(IssueArea), [{**common(), "issue_id": i, "area_id": area_id} for i in ids]
        )
        per_group = -(-n // groups)
        columns = 4
        rows = -(-per_group // columns)
        group_w = columns * (CARD_WIDTH + 20) + 20
        group_h = rows * (CARD_HEIGHT + 20) + 60
        group_rows = [
            {
                **common(),
                "board_area_id": area_id,
                "label": f"まとまり{g + 1}",
                "colour": "#d9ecf7",
                "x": (g % 6) * (group_w + 60),
                "y": (g // 6) * (group_h + 60),
                "width": group_w,
                "height": group_h,
            }
            for g in range(groups)
        ]
        group_ids = list(
            connection.execute(insert(IssueGroup).returning(IssueGroup.id), group_rows).scalars()
        )
        cards = []
        for index, issue_id in enumerate(ids):
            g, k = divmod(index, per_group)
            gx, gy = group_rows[g]["x"], group_rows[g]["y"]
            cards.append(
                {
                    **common(),
                    "board_area_id": area_id,
                    "issue_id": issue_id,
                    "x": gx + 20 + (k % columns) * (CARD_WIDTH + 20),
                    "y": gy + 50 + (k // columns) * (CARD_HEIGHT + 20),
                    "group_id": group_ids[g],
                }
            )
        connection.execute(insert(IssueCard), cards)
        connection.execute(
            insert(IssueLink),
            [
                {
                    **common(),
                    "board_area_id": area_id,
                    "from_group_id": a,
                    "to_group_id": b,
                    "relation": "cause",
                }
                for a, b in itertools.pairwise(group_ids)
            ],
        )
    db.dispose()
    return area_id, time.perf_counter() - start


def median_ms(fn, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def raw_scene(connection: sqlite3.Connection, area_id: int) -> QGraphicsScene:
    """The baseline: the same boxes and titles as plain Qt items, no app logic at all."""
    scene = QGraphicsScene()
    for x, y, w, h, label in connection.execute(
        "SELECT x, y, width, height, label FROM issue_group "
        "WHERE board_area_id = ? AND deleted_at IS NULL",
        (area_id,),
    ):
        scene.addRect(QRectF(x, y, w, h), brush=QColor("#d9ecf7"))
        text = QGraphicsSimpleTextItem(label)
        text.setPos(x + 10, y + 8)
        scene.addItem(text)
    for x, y, title in connection.execute(
        "SELECT c.x, c.y, i.title FROM issue_card c JOIN issue i ON i.id = c.issue_id "
        "WHERE c.board_area_id = ? AND c.deleted_at IS NULL AND i.deleted_at IS NULL",
        (area_id,),
    ):
        box = QGraphicsRectItem(0, 0, CARD_WIDTH, CARD_HEIGHT)
        box.setBrush(QColor("#ffffff"))
        box.setPos(x, y)
        text = QGraphicsSimpleTextItem(title, box)
        text.setPos(14, 8)
        scene.addItem(box)
    return scene


def render(view: QGraphicsView) -> QImage:
    """Paint the view as the screen would (through its paint event, so caches count)."""
    return view.viewport().grab().toImage()


def main(n: int, groups: int) -> None:
    app = QApplication.instance() or QApplication([])
    install_japanese_font(app)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sasaeai.db"
        area_id, built = build(path, n, groups)
        db = Database(f"sqlite:///{path}")
        raw = sqlite3.connect(path)
        print(f"cards: {n:,} in {groups} groups (built in {built:.1f} s), view {VIEW_SIZE}")
        print(f"{'what':44} {'app':>10} {'raw Qt/SQL':>11} {'ratio':>6}")

        def row(label: str, app_ms: float, raw_ms: float) -> None:
            print(f"{label:44} {app_ms:8.1f}ms {raw_ms:9.1f}ms {app_ms / raw_ms:5.1f}x")

        keep: list = []  # scenes outlive the timing so deletion is not measured

        def open_app() -> None:
            scene = BoardScene()
            scene.build(load_board(db, area_id))
            keep.append(scene)

        def open_raw() -> None:
            keep.append(raw_scene(raw, area_id))

        row("open: load_board + build the scene", median_ms(open_app), median_ms(open_raw))
        row(
            "  of which load_board (the query)",
            median_ms(lambda: load_board(db, area_id)),
            median_ms(
                lambda: raw.execute(
                    "SELECT c.x, c.y, i.title FROM issue_card c JOIN issue i "
                    "ON i.id = c.issue_id WHERE c.board_area_id = ?",
                    (area_id,),
                ).fetchall()
            ),
        )
        keep.clear()

        scene = BoardScene()
        scene.build(load_board(db, area_id))
        view = BoardView(scene)
        view.resize(*VIEW_SIZE)
        view.fit_all()
        base_scene = raw_scene(raw, area_id)
        base_view = QGraphicsView(base_scene)
        base_view.resize(*VIEW_SIZE)
        base_view.fitInView(base_scene.itemsBoundingRect())
        first_app = median_ms(lambda: render(view), repeats=1)
        first_raw = median_ms(lambda: render(base_view), repeats=1)
        row("redraw, whole board (first, fills caches)", first_app, first_raw)
        row("redraw, whole board (again)", median_ms(lambda: render(view)), median_ms(
            lambda: render(base_view)))  # fmt: skip
        view.resetTransform()
        view.centerOn(QPointF(400, 300))
        base_view.resetTransform()
        base_view.centerOn(QPointF(400, 300))
        render(view)
        row("redraw at 100% (a few groups)", median_ms(lambda: render(view)), median_ms(
            lambda: render(base_view)))  # fmt: skip

        group = next(iter(scene.groups.values()))
        base_group = next(i for i in base_scene.items() if isinstance(i, QGraphicsRectItem))

        def drag_step_app() -> None:
            group.moveBy(3, 0)
            scene.update_links([group])
            render(view)

        def drag_step_raw() -> None:
            base_group.moveBy(3, 0)
            render(base_view)

        row("one drag step of a group (move + redraw)", median_ms(drag_step_app, 15), median_ms(
            drag_step_raw, 15))  # fmt: skip

        full = scene.with_contents([scene.group_state(group)])
        group_moves = [
            GroupMove(s.group_id, s.x, s.y, s.width, s.height, s.parent_id)
            for s in full
            if hasattr(s, "width")
        ]
        card_moves = [
            CardMove(s.issue_id, s.x, s.y, s.group_id) for s in full if hasattr(s, "issue_id")
        ]

        def save_app() -> None:
            save_group_moves(db, area_id, group_moves, card_moves)

        def save_raw() -> None:
            with raw:
                raw.executemany(
                    "UPDATE issue_group SET x = ?, y = ? WHERE id = ?",
                    [(m.x, m.y, m.group_id) for m in group_moves],
                )
                raw.executemany(
                    "UPDATE issue_card SET x = ?, y = ?, group_id = ? WHERE issue_id = ?",
                    [(m.x, m.y, m.group_id, m.issue_id) for m in card_moves],
                )

        label = f"save a group move ({len(card_moves)} cards, 1 transaction)"
        row(label, median_ms(save_app), median_ms(save_raw))
        raw.close()
        db.dispose()


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 500,
        int(sys.argv[2]) if len(sys.argv) > 2 else 30,
    )
