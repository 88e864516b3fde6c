"""One search box across the town's records (resources now; later issues add their own)."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.engine import Database
from app.services.resources import ResourceFilter, list_resources


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "resource", …
    id: int
    name: str
    detail: str


def search_all(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """Records whose text contains every word of `text` (Japanese-aware), best known first."""
    if not text.strip():
        return []
    return [
        SearchHit("resource", r.id, r.name, f"{r.area_name}　{r.kind_labels}".strip())
        for r in list_resources(db, ResourceFilter(text=text), limit=limit)
    ]
