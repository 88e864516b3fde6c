"""Read models and inputs of the KJ board (the use cases are in app/services/issues/kj_board.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.domain.enums import LEVELS, IssueKind, IssueState, LinkRelation

BOARD = "課題の構造化ボード"
GROUP = "グループ"
LABEL_MAX = 60
CARD_WIDTH = 180.0  # a card's size on the board (scene units), shared by screen and paper
CARD_HEIGHT = 100.0
GROUP_MIN_WIDTH = 160.0
GROUP_MIN_HEIGHT = 110.0
COORDINATE_LIMIT = 1_000_000.0
# Light colours that keep black text readable, on screen and on a grey-scale copy.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#fff3c4", "うすい黄"),
    ("#dff0d8", "うすい緑"),
    ("#d9ecf7", "うすい青"),
    ("#f9dede", "うすい赤"),
    ("#ece1f5", "うすい紫"),
    ("#fde5cc", "うすい橙"),
    ("#e8e8e8", "うすい灰"),
)
DEFAULT_COLOUR = PALETTE[0][0]
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


# --- read models --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardRow:
    """An issue as a card: placed (`placed`, with x/y/group) or waiting in the tray."""

    issue_id: int
    title: str
    kinds: tuple[str, ...]
    urgency: int
    state: str
    personal: bool
    placed: bool = False
    x: float = 0.0
    y: float = 0.0
    group_id: int | None = None

    @property
    def kind_labels(self) -> str:
        return "・".join(IssueKind(k).label for k in self.kinds)

    @property
    def urgency_label(self) -> str:
        return LEVELS.get(self.urgency, "")

    @property
    def state_label(self) -> str:
        return IssueState(self.state).label


@dataclass(frozen=True)
class GroupRow:
    id: int
    label: str
    colour: str
    x: float
    y: float
    width: float
    height: float
    parent_id: int | None


@dataclass(frozen=True)
class LinkRow:
    id: int
    from_issue_id: int | None
    from_group_id: int | None
    to_issue_id: int | None
    to_group_id: int | None
    relation: str

    @property
    def relation_label(self) -> str:
        return LinkRelation(self.relation).label

    @property
    def source(self) -> tuple[str, int]:
        """("issue", id) or ("group", id): the end the arrow starts from."""
        return end_key(self.from_issue_id, self.from_group_id)

    @property
    def target(self) -> tuple[str, int]:
        return end_key(self.to_issue_id, self.to_group_id)


def end_key(issue_id: int | None, group_id: int | None) -> tuple[str, int]:
    return ("issue", issue_id) if issue_id is not None else ("group", group_id or 0)


@dataclass(frozen=True)
class Board:
    area_id: int
    area_name: str
    whole_town: bool  # the layer-1 board: every issue of the town
    cards: tuple[CardRow, ...]  # placed, in drawing order
    tray: tuple[CardRow, ...]  # not placed yet, most urgent first
    groups: tuple[GroupRow, ...]  # parents before their children
    links: tuple[LinkRow, ...]  # only between items on the board


@dataclass(frozen=True)
class KjPaper:
    """What the printed board needs: everything in `Board` plus the town and the date."""

    municipality: str
    area_name: str
    whole_town: bool
    groups: tuple[GroupRow, ...]
    cards: tuple[CardRow, ...]
    links: tuple[LinkRow, ...]
    tray: tuple[CardRow, ...]
    made_on: date


# --- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardMove:
    issue_id: int
    x: float
    y: float
    group_id: int | None = None


@dataclass(frozen=True)
class GroupInput:
    label: str
    colour: str = DEFAULT_COLOUR
    x: float = 0.0
    y: float = 0.0
    width: float = 320.0
    height: float = 220.0
    parent_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class GroupMove:
    """A group's new geometry (a move, a resize, or a drop into another group)."""

    group_id: int
    x: float
    y: float
    width: float
    height: float
    parent_id: int | None = None


@dataclass(frozen=True)
class LinkInput:
    relation: str = LinkRelation.RELATED.value
    from_issue_id: int | None = None
    from_group_id: int | None = None
    to_issue_id: int | None = None
    to_group_id: int | None = None
