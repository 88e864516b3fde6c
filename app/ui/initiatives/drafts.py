"""A half-entered new 取組 kept on disk, so closing the wizard never loses what was typed."""

from __future__ import annotations

from dataclasses import fields

from app.services.initiatives.initiative import InitiativeInput
from app.ui.widgets.drafts import DraftStore, tuple_of

STORE = DraftStore.of(
    "initiative",
    (f.name for f in fields(InitiativeInput)),
    issue_ids=tuple_of(int),
    resource_ids=tuple_of(int),
    participants=tuple_of(dict),
    milestones=tuple_of(dict),
)
draft_path, save_draft, load_draft, delete_draft = (
    STORE.path,
    STORE.save,
    STORE.load,
    STORE.delete,
)
