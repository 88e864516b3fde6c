"""Writes an AuditEntry for every insert, update and trash of a record, in the same flush."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.db.base import new_uuid

USER_KEY = "audit_user"
_SKIPPED_FIELDS = {"updated_at", "version", "created_at"}
_SAFE_FIELDS = {"personal", "deleted_at", "organization_id", "uuid", "id"}
# Free text and contacts may hold a resident's details whatever the record's flag says
# (「Aさん宅、認知症の夫と二人暮らし」 in a note): the trail says they changed, never to what.
_FREE_TEXT_FIELDS = {
    "address",
    "can_do",
    "contact",
    "correction_reason",
    "decisions",
    "description",
    "discussion",
    "escalated_reason",
    "note",
    "notes",
    "outcome",
    "snapshot",
    "text",
    "topics",
    "want_to_do",
}
REDACTED = "（個人情報のため記録しません）"


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _changes(obj: object) -> dict[str, list[object]]:
    state = inspect(obj)
    # A record marked personal keeps which fields changed, never their values: the trail
    # outlives the trash, and personal details must go when the record goes.
    redact = bool(getattr(obj, "personal", False))
    changed: dict[str, list[object]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED_FIELDS:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if attr.key in _FREE_TEXT_FIELDS or (redact and attr.key not in _SAFE_FIELDS):
                changed[attr.key] = [REDACTED, REDACTED]
            else:
                changed[attr.key] = [_plain(before), _plain(after)]
    return changed


def _redact_earlier(session: Session, entry_class, record_uuid: str) -> None:
    """A record just marked personal: what the trail said of it before goes too."""
    with session.no_autoflush:
        earlier = session.scalars(select(entry_class).where(entry_class.record_uuid == record_uuid))
        for entry in earlier:
            try:
                changes = json.loads(entry.changes or "{}")
            except ValueError:
                continue
            redacted = {
                key: values if key in _SAFE_FIELDS else [REDACTED, REDACTED]
                for key, values in changes.items()
            }
            if redacted != changes:
                entry.changes = json.dumps(redacted, ensure_ascii=False)


@event.listens_for(Session, "before_flush")
def _record_audit(session: Session, _context, _instances) -> None:
    from app.db.models import AuditEntry  # local: models import this module's constants

    who = session.info.get(USER_KEY, "")
    entries: list[AuditEntry] = []
    for action, objects in (("insert", session.new), ("update", session.dirty)):
        for obj in objects:
            if isinstance(obj, AuditEntry) or not hasattr(obj, "uuid"):
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = _changes(obj)
            if action == "update" and "deleted_at" in changes:
                action_name = "trash" if changes["deleted_at"][1] else "restore"
            else:
                action_name = action
            if obj.uuid is None:  # the column default is applied only at INSERT time
                obj.uuid = new_uuid()
            elif changes.get("personal", [None, None])[1]:
                _redact_earlier(session, AuditEntry, obj.uuid)
            entries.append(
                AuditEntry(
                    who=who,
                    table_name=obj.__tablename__,
                    record_uuid=obj.uuid,
                    action=action_name,
                    changes=json.dumps(changes, ensure_ascii=False, default=str),
                )
            )
    for obj in session.deleted:
        if isinstance(obj, AuditEntry) or not hasattr(obj, "uuid"):
            continue
        entries.append(
            AuditEntry(who=who, table_name=obj.__tablename__, record_uuid=obj.uuid, action="delete")
        )
    session.add_all(entries)
