"""A half-finished new 協議体 kept on disk, so closing the wizard never loses what was typed.

The draft holds the wizard's own values (plain text as typed, ids, the member rows), not a
CouncilInput: a date typed wrongly is kept as typed and shown again to be corrected.
"""

from __future__ import annotations

from app.ui.widgets.drafts import DraftStore

STORE = DraftStore.of(
    "council",
    members=lambda raw: [m for m in raw if isinstance(m, dict)] if isinstance(raw, list) else [],
)
draft_path, save_draft, load_draft, delete_draft = (
    STORE.path,
    STORE.save,
    STORE.load,
    STORE.delete,
)
