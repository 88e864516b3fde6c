"""One search box across the town's records: 地域資源 and 地域課題."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.engine import Database
from app.services.issues.issue import IssueFilter, list_issues
from app.services.resources.resource import ResourceFilter, list_resources

KIND_LABELS = {"resource": "地域資源", "issue": "地域課題"}


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "resource", "issue"
    id: int
    name: str
    detail: str
    kind_label: str = ""  # 「地域資源」「地域課題」

    def __post_init__(self) -> None:
        if not self.kind_label:
            object.__setattr__(self, "kind_label", KIND_LABELS.get(self.kind, ""))


def search_all(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """Records whose text contains every word of `text` (Japanese-aware): resources first,
    then issues (most urgent first). When both fill the limit, each keeps at least half."""
    if not text.strip():
        return []
    resources = [
        SearchHit("resource", r.id, r.name, f"{r.area_name}　{r.kind_labels}".strip())
        for r in list_resources(db, ResourceFilter(text=text), limit=limit)
    ]
    issues = [
        SearchHit(
            "issue",
            r.id,
            r.title,
            f"地域課題　{r.areas_text}　{r.kind_labels}　緊急度 {r.urgency_label}",
        )
        for r in list_issues(db, IssueFilter(text=text))
    ]
    keep_issues = min(len(issues), max(limit - len(resources), limit // 2))
    keep_resources = min(len(resources), limit - keep_issues)
    return resources[:keep_resources] + issues[:keep_issues]
