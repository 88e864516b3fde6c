"""`sasaeai check`: is the database whole, at the expected schema, and consistent?"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text

from app.db.engine import Database
from app.db.migrate import current_revision, head_revision
from app.db.models import Area, ChecklistState, Meeting, MinutesRevision
from app.domain.catalog import CatalogError, default_catalog
from app.domain.enums import MinutesState
from app.services.resources.resource import search_index_problem


@dataclass(frozen=True)
class Finding:
    ok: bool
    message: str


def run_checks(db: Database) -> list[Finding]:
    """Each check gives one finding; `ok=False` ones need a person's attention."""
    findings: list[Finding] = []
    current, head = current_revision(db), head_revision()
    findings.append(Finding(current == head, f"スキーマ版: {current}（このアプリの版: {head}）"))
    with db.engine.connect() as connection:
        if db.is_sqlite:
            result = connection.execute(text("PRAGMA integrity_check")).scalar()
            findings.append(Finding(result == "ok", f"SQLite の整合性検査: {result}"))
            broken = connection.execute(text("PRAGMA foreign_key_check")).all()
            findings.append(Finding(not broken, f"参照の不整合: {len(broken)} 件"))
    problem = search_index_problem(db)
    findings.append(
        Finding(
            problem is None,
            "地域資源の検索用索引: "
            + (
                "記録と一致しています"
                if problem is None
                else f"記録と食い違っています（{problem}）。sasaeai check --repair で作り直せます"
            ),
        )
    )
    try:
        keys = default_catalog().check_keys()
        findings.append(Finding(True, "STEP ガイドの項目: 読み込めました"))
    except CatalogError as error:
        findings.append(Finding(False, f"STEP ガイドの項目: {error}"))
        keys = None
    with db.session() as session:
        top = session.scalar(
            select(func.count()).select_from(Area).where(Area.layer == 1, Area.deleted_at.is_(None))
        )
        if top == 0:
            findings.append(Finding(True, "初期設定はまだです（町と圏域が未登録）"))
        else:
            findings.append(
                Finding(top == 1, f"第1層（市町村全域）の圏域: {top} 件（1 件であるべきです）")
            )
        if keys is not None:
            stored = set(session.scalars(select(ChecklistState.check_key).distinct()))
            unknown = sorted(stored - set(keys))
            findings.append(
                Finding(
                    not unknown,
                    "ガイドにないチェック項目の記録: "
                    + ("なし" if not unknown else "、".join(unknown)),
                )
            )
        confirmed = session.execute(
            select(Meeting.id, Meeting.title, Meeting.minutes_revision).where(
                Meeting.minutes_state == MinutesState.CONFIRMED.value,
                Meeting.deleted_at.is_(None),
            )
        ).all()
        filed = set(session.execute(select(MinutesRevision.meeting_id, MinutesRevision.revision)))
        missing = [title for id_, title, rev in confirmed if (id_, rev) not in filed]
        findings.append(
            Finding(
                not missing,
                f"確認済みの議事録の控え: {len(confirmed)} 件"
                + (
                    "、すべて保存されています"
                    if not missing
                    else f"のうち控えがないもの: {'、'.join(missing)}"
                ),
            )
        )
    return findings
