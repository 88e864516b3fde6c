"""The KJ board of STEP 2-3 (課題の構造化): issue cards placed on one area's board, grouped
under 表札, groups nested in groups, and arrows between cards or groups.

A board belongs to one area. The layer-1 area's board shows every issue of the town; a
district's board shows the issues linked to that district. An issue without an `IssueCard`
row on a board waits in that board's tray.

Positions: two PCs moving the same card or group at once is not a conflict a person should
be asked about, so positions are saved as "last write wins" (each save reads the row afresh
in its own short transaction). Labels and colours are plain saves as well. Card positions are
scene coordinates of the card's top-left corner, independent of the group it belongs to.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.engine import Database
from app.db.models import Area, Issue, IssueArea, IssueCard, IssueGroup, IssueLink
from app.domain.enums import Layer, LinkRelation
from app.domain.privacy import mask_personal
from app.domain.text import normalize, split_codes
from app.services.errors import FieldErrors, NotFound, ValidationError
from app.services.issues.kj_board_models import (  # noqa: F401 (re-exported: the board's API)
    BOARD,
    CARD_HEIGHT,
    CARD_WIDTH,
    COLOUR_PATTERN,
    COORDINATE_LIMIT,
    DEFAULT_COLOUR,
    GROUP,
    GROUP_MIN_HEIGHT,
    GROUP_MIN_WIDTH,
    LABEL_MAX,
    PALETTE,
    Board,
    CardMove,
    CardRow,
    GroupInput,
    GroupMove,
    GroupRow,
    KjPaper,
    LinkInput,
    LinkRow,
    end_key,
)
from app.services.records import conflicts_as, get_live
from app.services.setup.settings import municipality_name

__all__ = [
    "CARD_HEIGHT",
    "CARD_WIDTH",
    "LABEL_MAX",
    "PALETTE",
    "Board",
    "CardMove",
    "CardRow",
    "GroupInput",
    "GroupMove",
    "GroupRow",
    "KjPaper",
    "LinkInput",
    "LinkRow",
    "add_link",
    "delete_group",
    "delete_link",
    "kj_paper",
    "load_board",
    "move_groups",
    "place_cards",
    "return_to_tray",
    "save_group",
]

# --- reading ------------------------------------------------------------------------------------


def _area(session: Session, area_id: int) -> Area:
    return get_live(session, Area, area_id, "圏域")


def _board_issues(session: Session, area: Area) -> dict[int, Issue]:
    query = select(Issue).where(Issue.deleted_at.is_(None))
    if area.layer != Layer.MUNICIPALITY:
        query = query.where(
            Issue.id.in_(
                select(IssueArea.issue_id).where(
                    IssueArea.area_id == area.id, IssueArea.deleted_at.is_(None)
                )
            )
        )
    return {i.id: i for i in session.scalars(query)}


def _live_groups(session: Session, area_id: int) -> dict[int, IssueGroup]:
    query = select(IssueGroup).where(
        IssueGroup.board_area_id == area_id, IssueGroup.deleted_at.is_(None)
    )
    return {g.id: g for g in session.scalars(query.order_by(IssueGroup.id))}


def _card(issue: Issue, card: IssueCard | None = None, groups: Collection[int] = ()) -> CardRow:
    base = CardRow(
        issue_id=issue.id,
        title=issue.title,
        kinds=split_codes(issue.kinds),
        urgency=issue.urgency,
        state=issue.state,
        personal=bool(issue.personal or issue.sensitive),
    )
    if card is None:
        return base
    group_id = card.group_id if card.group_id in groups else None
    return replace(base, placed=True, x=card.x, y=card.y, group_id=group_id)


def _group_row(group: IssueGroup, live: dict[int, IssueGroup]) -> GroupRow:
    parent = group.parent_id if group.parent_id in live else None
    return GroupRow(
        group.id, group.label, group.colour, group.x, group.y, group.width, group.height, parent
    )


def _parents_first(groups: dict[int, IssueGroup]) -> list[IssueGroup]:
    order: list[IssueGroup] = []
    seen: set[int] = set()

    def visit(group: IssueGroup, path: set[int]) -> None:
        if group.id in seen:
            return
        parent = groups.get(group.parent_id) if group.parent_id else None
        if parent is not None and parent.id not in path:
            visit(parent, path | {group.id})
        seen.add(group.id)
        order.append(group)

    for group in groups.values():
        visit(group, {group.id})
    return order


def _link_row(link: IssueLink) -> LinkRow:
    return LinkRow(
        link.id,
        link.from_issue_id,
        link.from_group_id,
        link.to_issue_id,
        link.to_group_id,
        link.relation,
    )


def _read_board(session: Session, area: Area) -> Board:
    issues = _board_issues(session, area)
    groups = _live_groups(session, area.id)
    placed_rows = session.scalars(
        select(IssueCard)
        .where(IssueCard.board_area_id == area.id, IssueCard.deleted_at.is_(None))
        .order_by(IssueCard.id)
    )
    placed = {c.issue_id: c for c in placed_rows if c.issue_id in issues}
    cards = tuple(_card(issues[i], c, groups) for i, c in placed.items())
    tray = sorted(
        (_card(issue) for issue_id, issue in issues.items() if issue_id not in placed),
        key=lambda c: (-c.urgency, c.issue_id),
    )
    ends = {("issue", i) for i in placed} | {("group", g) for g in groups}
    links = tuple(
        row
        for row in map(
            _link_row,
            session.scalars(
                select(IssueLink)
                .where(IssueLink.board_area_id == area.id, IssueLink.deleted_at.is_(None))
                .order_by(IssueLink.id)
            ),
        )
        if row.source in ends and row.target in ends
    )
    return Board(
        area_id=area.id,
        area_name=area.name,
        whole_town=area.layer == Layer.MUNICIPALITY,
        cards=cards,
        tray=tuple(tray),
        groups=tuple(_group_row(g, groups) for g in _parents_first(groups)),
        links=links,
    )


def load_board(db: Database, area_id: int) -> Board:
    """The board of one area: placed cards, the tray, groups and links (trash left out)."""
    with db.session() as session:
        return _read_board(session, _area(session, area_id))


def kj_paper(db: Database, area_id: int, today: date | None = None) -> KjPaper:
    """The read model of the printed board (one page, drawn from the stored positions).

    The page goes up on the wall at a 協議体 or a 座談会, so card titles and 表札 are masked
    (names with さん/様, phone numbers, addresses) the way every circulated paper is.
    """
    board = load_board(db, area_id)

    def card(row):
        return replace(row, title=mask_personal(row.title))

    return KjPaper(
        municipality=municipality_name(db),
        area_name=board.area_name,
        whole_town=board.whole_town,
        groups=tuple(replace(g, label=mask_personal(g.label)) for g in board.groups),
        cards=tuple(card(c) for c in board.cards),
        links=board.links,
        tray=tuple(card(c) for c in board.tray),
        made_on=today or date.today(),
    )


# --- checks -------------------------------------------------------------------------------------


def _coordinate(errors: FieldErrors, field: str, value: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or abs(number) > COORDINATE_LIMIT:
        errors.add(field, "ボード上の位置が正しくありません。置き直してください。")
        return 0.0
    return round(number, 1)


def _group_of(session: Session, area_id: int, group_id: int) -> IssueGroup:
    group = session.get(IssueGroup, group_id)
    if group is None or group.deleted_at is not None or group.board_area_id != area_id:
        raise NotFound(
            f"{GROUP}（番号 {group_id}）がこのボードに見つかりません。"
            "ほかの画面で消された可能性があります。ボードを開き直してください。"
        )
    return group


def _check_ancestry(groups: dict[int, int | None], group_id: int) -> None:
    """Refuse a parent chain that comes back to `group_id` (a group inside itself)."""
    seen = {group_id}
    parent = groups.get(group_id)
    while parent is not None:
        if parent in seen:
            raise ValidationError(
                {
                    "parent_id": "グループを、それ自身やその中のグループには入れられません。"
                    "外側のグループの外へ動かしてください。"
                }
            )
        seen.add(parent)
        parent = groups.get(parent)


def _clean_group(data: GroupInput) -> dict:
    errors = FieldErrors()
    label = normalize(data.label or "")
    if not label:
        errors.add("label", "表札（グループの名前）を入力してください。")
    elif len(label) > LABEL_MAX:
        errors.add("label", f"表札は{LABEL_MAX}文字以内にしてください（いま{len(label)}文字）。")
    if not COLOUR_PATTERN.match(data.colour or ""):
        errors.add("colour", "グループの色は一覧から選んでください。")
    values = {
        "label": label,
        "colour": (data.colour or "").lower(),
        "x": _coordinate(errors, "x", data.x),
        "y": _coordinate(errors, "y", data.y),
        "width": max(GROUP_MIN_WIDTH, _coordinate(errors, "width", data.width)),
        "height": max(GROUP_MIN_HEIGHT, _coordinate(errors, "height", data.height)),
    }
    errors.raise_if_any()
    return values


# --- writing cards ------------------------------------------------------------------------------


def _clean_moves(moves: Sequence[CardMove]) -> list[tuple[CardMove, float, float]]:
    errors = FieldErrors()
    cleaned = [(m, _coordinate(errors, "x", m.x), _coordinate(errors, "y", m.y)) for m in moves]
    errors.raise_if_any()
    return cleaned


def _place(session: Session, area: Area, cleaned: list[tuple[CardMove, float, float]]) -> None:
    issues = _board_issues(session, area)
    groups = _live_groups(session, area.id)
    existing = {
        c.issue_id: c
        for c in session.scalars(
            select(IssueCard).where(
                IssueCard.board_area_id == area.id,
                IssueCard.issue_id.in_([m.issue_id for m, _, _ in cleaned]),
            )
        )
    }
    for move, x, y in cleaned:
        if move.issue_id not in issues:
            raise NotFound(
                f"地域課題（番号 {move.issue_id}）はこのボードの課題ではありません。"
                "ごみ箱に移されたか、圏域が変わった可能性があります。"
            )
        if move.group_id is not None and move.group_id not in groups:
            _group_of(session, area.id, move.group_id)  # raises NotFound
        card = existing.get(move.issue_id)
        if card is None:
            card = IssueCard(board_area_id=area.id, issue_id=move.issue_id)
            session.add(card)
            existing[move.issue_id] = card
        card.x, card.y, card.group_id = x, y, move.group_id
        card.deleted_at = None


def place_cards(db: Database, area_id: int, moves: Sequence[CardMove]) -> None:
    """Put cards on the board or move them (one transaction; last write wins)."""
    if not moves:
        return
    cleaned = _clean_moves(moves)
    with db.session() as session:
        _place(session, _area(session, area_id), cleaned)
        with conflicts_as(BOARD):
            session.commit()


def return_to_tray(db: Database, area_id: int, issue_id: int) -> None:
    """Take a card off the board; its arrows are kept and come back when it is placed again."""
    with db.session() as session:
        _area(session, area_id)
        for card in session.scalars(
            select(IssueCard).where(
                IssueCard.board_area_id == area_id, IssueCard.issue_id == issue_id
            )
        ):
            session.delete(card)
        with conflicts_as(BOARD):
            session.commit()


# --- writing groups -----------------------------------------------------------------------------


def save_group(db: Database, area_id: int, data: GroupInput) -> GroupRow:
    """Create a group (id None) or save its 表札, colour, geometry and parent."""
    values = _clean_group(data)
    with db.session() as session:
        _area(session, area_id)
        live = _live_groups(session, area_id)
        if data.id is None:
            group = IssueGroup(board_area_id=area_id, **values)
            session.add(group)
        else:
            group = _group_of(session, area_id, data.id)
            for key, value in values.items():
                setattr(group, key, value)
        if data.parent_id is not None:
            _group_of(session, area_id, data.parent_id)
        with conflicts_as(GROUP):
            session.flush()
            parents = {g.id: g.parent_id for g in live.values()}
            parents[group.id] = data.parent_id
            _check_ancestry(parents, group.id)
            group.parent_id = data.parent_id
            session.commit()
        live[group.id] = group
        return _group_row(group, live)


def move_groups(
    db: Database,
    area_id: int,
    moves: Sequence[GroupMove],
    card_moves: Sequence[CardMove] = (),
) -> None:
    """Save new geometry and parents of groups, with the cards that moved along, at once."""
    if not moves and not card_moves:
        return
    errors = FieldErrors()
    cleaned = []
    for move in moves:
        cleaned.append(
            (
                move,
                _coordinate(errors, "x", move.x),
                _coordinate(errors, "y", move.y),
                max(GROUP_MIN_WIDTH, _coordinate(errors, "width", move.width)),
                max(GROUP_MIN_HEIGHT, _coordinate(errors, "height", move.height)),
            )
        )
    errors.raise_if_any()
    cleaned_cards = _clean_moves(card_moves)
    with db.session() as session:
        area = _area(session, area_id)
        live = _live_groups(session, area_id)
        parents = {g.id: g.parent_id for g in live.values()}
        for move, *_ in cleaned:
            if move.group_id not in live:
                _group_of(session, area_id, move.group_id)
            if move.parent_id is not None and move.parent_id not in live:
                _group_of(session, area_id, move.parent_id)
            parents[move.group_id] = move.parent_id
        for move, *_ in cleaned:
            _check_ancestry(parents, move.group_id)
        for move, x, y, width, height in cleaned:
            group = live[move.group_id]
            group.x, group.y, group.width, group.height = x, y, width, height
            group.parent_id = move.parent_id
        if cleaned_cards:
            session.flush()
            _place(session, area, cleaned_cards)
        with conflicts_as(GROUP):
            session.commit()


def delete_group(db: Database, area_id: int, group_id: int) -> None:
    """Move a group to the trash: its cards stay on the board ungrouped, its child groups move
    up to its parent, and its arrows go with it."""
    with db.session() as session:
        group = _group_of(session, area_id, group_id)
        now = utcnow()
        group.deleted_at = now
        for card in session.scalars(select(IssueCard).where(IssueCard.group_id == group_id)):
            card.group_id = None
        for child in session.scalars(
            select(IssueGroup).where(
                IssueGroup.parent_id == group_id, IssueGroup.deleted_at.is_(None)
            )
        ):
            child.parent_id = group.parent_id
        for link in session.scalars(
            select(IssueLink).where(
                IssueLink.deleted_at.is_(None),
                or_(IssueLink.from_group_id == group_id, IssueLink.to_group_id == group_id),
            )
        ):
            link.deleted_at = now
        with conflicts_as(GROUP):
            session.commit()


# --- writing links ------------------------------------------------------------------------------


def _clean_link(data: LinkInput) -> tuple[tuple[str, int], tuple[str, int]]:
    errors = FieldErrors()
    if data.relation not in {r.value for r in LinkRelation}:
        errors.add("relation", "線の種類を「原因→結果・関連・対立」から選んでください。")
    if (data.from_issue_id is None) == (data.from_group_id is None):
        errors.add("from", "線の始まりに、カードかグループを一つ選んでください。")
    if (data.to_issue_id is None) == (data.to_group_id is None):
        errors.add("to", "線の終わりに、カードかグループを一つ選んでください。")
    errors.raise_if_any()
    source = end_key(data.from_issue_id, data.from_group_id)
    target = end_key(data.to_issue_id, data.to_group_id)
    if source == target:
        raise ValidationError({"to": "同じカード（グループ）どうしは線でつなげません。"})
    return source, target


def add_link(db: Database, area_id: int, data: LinkInput) -> LinkRow:
    """Draw an arrow between two cards or groups on the board; one line per pair."""
    source, target = _clean_link(data)
    with db.session() as session:
        area = _area(session, area_id)
        placed = set(
            session.scalars(
                select(IssueCard.issue_id).where(
                    IssueCard.board_area_id == area_id, IssueCard.deleted_at.is_(None)
                )
            )
        ) & set(_board_issues(session, area))
        for kind, item_id in (source, target):
            if kind == "group":
                _group_of(session, area_id, item_id)
            elif item_id not in placed:
                raise ValidationError({"to": "線でつなぐ課題は、先にボードに置いてください。"})
        for link in session.scalars(
            select(IssueLink).where(
                IssueLink.board_area_id == area_id, IssueLink.deleted_at.is_(None)
            )
        ):
            row = _link_row(link)
            if {row.source, row.target} == {source, target}:
                raise ValidationError(
                    {
                        "to": f"この2つはすでに線（{row.relation_label}）でつながっています。"
                        "種類を変えるときは、いまの線を消してから引き直してください。"
                    }
                )
        link = IssueLink(
            board_area_id=area_id,
            from_issue_id=data.from_issue_id,
            from_group_id=data.from_group_id,
            to_issue_id=data.to_issue_id,
            to_group_id=data.to_group_id,
            relation=data.relation,
        )
        session.add(link)
        with conflicts_as("線"):
            session.commit()
        return _link_row(link)


def delete_link(db: Database, area_id: int, link_id: int) -> None:
    with db.session() as session:
        link = session.get(IssueLink, link_id)
        if link is None or link.deleted_at is not None or link.board_area_id != area_id:
            raise NotFound("この線は見つかりません。ほかの画面で消された可能性があります。")
        link.deleted_at = utcnow()
        with conflicts_as("線"):
            session.commit()
