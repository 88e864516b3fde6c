"""A half-entered new resource kept on disk, so closing the wizard never loses what was typed."""

from __future__ import annotations

from dataclasses import fields

from app.services.resources.resource import ResourceInput
from app.ui.widgets.drafts import DraftStore

STORE = DraftStore.of(
    "resource",
    (f.name for f in fields(ResourceInput)),
    kinds=lambda raw: tuple(str(k) for k in raw) if isinstance(raw, list) else raw,
)
draft_path, save_draft, load_draft, delete_draft = (
    STORE.path,
    STORE.save,
    STORE.load,
    STORE.delete,
)
