"""A half-entered new 地域課題 kept on disk, so closing the wizard never loses what was typed."""

from __future__ import annotations

from dataclasses import fields

from app.services.issues.issue import IssueInput
from app.ui.widgets.drafts import DraftStore, tuple_of

STORE = DraftStore.of(
    "issue",
    (f.name for f in fields(IssueInput)),
    area_ids=tuple_of(int),
    kinds=tuple_of(str),
)
draft_path, save_draft, load_draft, delete_draft = (
    STORE.path,
    STORE.save,
    STORE.load,
    STORE.delete,
)
