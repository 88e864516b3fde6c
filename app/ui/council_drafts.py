"""A half-finished new 協議体 kept on disk, so closing the wizard never loses what was typed.

The draft holds the wizard's own values (plain text as typed, ids, the member rows), not a
CouncilInput: a date typed wrongly is kept as typed and shown again to be corrected.
"""

from __future__ import annotations

import json
import logging
from datetime import date, time
from pathlib import Path

from app.db.location import DataDir

log = logging.getLogger(__name__)

DRAFT_VERSION = 1


def draft_path(data_dir: DataDir) -> Path:
    return data_dir.root / "drafts" / "council.json"


def _plain(value):
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def save_draft(data_dir: DataDir, values: dict, page: int = 0) -> None:
    """Write the wizard's values and the page it was on; a failure is logged, never raised."""
    path = draft_path(data_dir)
    document = {"version": DRAFT_VERSION, "page": page, "values": _plain(values)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)  # atomic: a power cut leaves the old draft whole
    except OSError:
        log.exception("could not save the council draft")


def load_draft(data_dir: DataDir) -> tuple[dict, int] | None:
    """(values, page) of the saved draft; None when there is none or it cannot be read."""
    path = draft_path(data_dir)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("the council draft %s could not be read; ignoring it", path)
        return None
    if not isinstance(document, dict) or not isinstance(document.get("values"), dict):
        return None
    values = document["values"]
    if not isinstance(values.get("members", []), list):
        values["members"] = []
    values["members"] = [m for m in values.get("members", []) if isinstance(m, dict)]
    page = document.get("page", 0)
    return values, page if isinstance(page, int) else 0


def delete_draft(data_dir: DataDir) -> None:
    try:
        draft_path(data_dir).unlink(missing_ok=True)
    except OSError:
        log.exception("could not delete the council draft")
