"""A half-entered new 地域課題 kept on disk, so closing the wizard never loses what was typed."""

from __future__ import annotations

import json
import logging
from dataclasses import fields
from datetime import date
from pathlib import Path

from app.db.location import DataDir
from app.services.issues import IssueInput

log = logging.getLogger(__name__)

DRAFT_VERSION = 1
_KEYS = {f.name for f in fields(IssueInput)}
_TUPLES = ("area_ids", "kinds")


def draft_path(data_dir: DataDir) -> Path:
    return data_dir.root / "drafts" / "issue.json"


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def save_draft(data_dir: DataDir, values: dict, page: int = 0) -> None:
    """Write the wizard's values (IssueInput's fields, dates as typed) and the page it was on."""
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
        tmp.replace(path)  # atomic: a power cut leaves the old draft whole
    except OSError:
        log.exception("could not save the issue draft")


def load_draft(data_dir: DataDir) -> tuple[dict, int] | None:
    """(values, page) of the saved draft; None when there is none or it cannot be read."""
    path = draft_path(data_dir)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("the issue draft %s could not be read; ignoring it", path)
        return None
    if not isinstance(document, dict) or not isinstance(document.get("values"), dict):
        return None
    values = {k: v for k, v in document["values"].items() if k in _KEYS}
    for key in _TUPLES:
        if isinstance(values.get(key), list):
            values[key] = tuple(values[key])
    page = document.get("page", 0)
    return values, page if isinstance(page, int) else 0


def delete_draft(data_dir: DataDir) -> None:
    try:
        draft_path(data_dir).unlink(missing_ok=True)
    except OSError:
        log.exception("could not delete the issue draft")
