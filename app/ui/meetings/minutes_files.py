"""What the 議事録 editor writes outside the database: the paper (PDF or Word) and, when a
save was refused, a plain-text copy of what was typed."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.db.location import DataDir
from app.reports.meeting_papers import build_minutes
from app.reports.minutes_docx import write_minutes_docx
from app.services.meetings.papers import minutes_paper
from app.ui.printing.paper_actions import save_paper

log = logging.getLogger(__name__)


def keep_copy(data_dir: DataDir, meeting_id: int, text: str) -> Path | None:
    """Write unsaved minutes beside the data, for when the window is closed anyway."""
    folder = data_dir.root / "drafts"
    path = folder / f"議事録_{meeting_id}_{datetime.now():%Y%m%d_%H%M%S}.txt"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError:
        log.exception("could not keep a copy of unsaved minutes")
        return None
    return path


def save_minutes_paper(parent: QWidget, db, meeting_id: int, title: str, suffix: str) -> None:
    """Ask where, then build the current 議事録 as PDF (".pdf") or Word (".docx") there."""
    write = build_minutes if suffix == ".pdf" else write_minutes_docx
    save_paper(
        parent,
        "議事録",
        f"{title}_議事録",
        lambda target: write(minutes_paper(db, meeting_id), target),
        suffix=suffix,
    )
