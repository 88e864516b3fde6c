"""A half-entered new 取組 kept on disk, so closing the wizard never loses what was typed.

The wizard's values are plain already (participants and milestones as small dicts, dates as
typed), so the draft is their JSON with the page the wizard was on.
"""

from __future__ import annotations

import json
import logging
from dataclasses import fields
from datetime import date
from pathlib import Path

from app.db.location import DataDir
from app.services.initiatives import InitiativeInput

log = logging.getLogger(__name__)

DRAFT_VERSION = 1
_KEYS = {f.name for f in fields(InitiativeInput)}
_ID_TUPLES = ("issue_ids", "resource_ids")
_ROW_TUPLES = ("participants", "milestones")


def draft_path(data_dir: DataDir) -> Path:
    return data_dir.root / "drafts" / "initiative.json"


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def save_draft(data_dir: DataDir, values: dict, page: int = 0) -> None:
    """Write the wizard's values and the page it was on, atomically."""
    path = draft_path(data_dir)
    document = {
        "version": DRAFT_VERSION,
        "page": page,
        "values": {k: _plain(v) for k, v in values.items() if k in _KEYS},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)  # a power cut leaves the old draft whole
    except OSError:
        log.exception("could not save the initiative draft")


def load_draft(data_dir: DataDir) -> tuple[dict, int] | None:
    """(values, page) of the saved draft; None when there is none or it cannot be read."""
    path = draft_path(data_dir)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("the initiative draft %s could not be read; ignoring it", path)
        return None
    if not isinstance(document, dict) or not isinstance(document.get("values"), dict):
        return None
    values = {k: v for k, v in document["values"].items() if k in _KEYS}
    for key in _ID_TUPLES:
        raw = values.get(key)
        values[key] = tuple(i for i in raw if isinstance(i, int)) if isinstance(raw, list) else ()
    for key in _ROW_TUPLES:
        raw = values.get(key)
        values[key] = tuple(r for r in raw if isinstance(r, dict)) if isinstance(raw, list) else ()
    page = document.get("page", 0)
    return values, page if isinstance(page, int) else 0


def delete_draft(data_dir: DataDir) -> None:
    try:
        draft_path(data_dir).unlink(missing_ok=True)
    except OSError:
        log.exception("could not delete the initiative draft")
