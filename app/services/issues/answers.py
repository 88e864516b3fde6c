"""Which resource kinds answer which issue kind: the table behind the needs × resources map
(`resources/guide/needs_resources.toml`), read once and checked against the enums.

It stands alone so that the issue log (a resource's matching issues) and the needs map (an
issue's matching resources) can both read it without importing each other.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import lru_cache

from app.domain.enums import IssueKind, ResourceKind
from app.paths import resource_path
from app.services.errors import ServiceError


@lru_cache(maxsize=1)
def answers() -> dict[str, tuple[str, ...]]:
    """Issue kind → the resource kinds that can answer it (validated against the enums)."""
    path = resource_path("guide", "needs_resources.toml")
    issue_kinds = {k.value for k in IssueKind}
    resource_kinds = {k.value for k in ResourceKind}
    try:
        table = tomllib.loads(path.read_text("utf-8"))["answers"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise ServiceError(
            f"ニーズと資源の対応表（{path}）を読めませんでした。"
            "書き換えた場合は、[answers] の下の書き方を元のファイルと見比べてください。"
            f"（{error}）"
        ) from error
    unknown = set(table) - issue_kinds
    unknown |= {r for kinds in table.values() for r in kinds} - resource_kinds
    if unknown:
        raise ServiceError(
            f"ニーズと資源の対応表（{path}）に、知らない種類 {'、'.join(sorted(unknown))} "
            f"があります。使える課題の種類: {'、'.join(sorted(issue_kinds))}。"
            f"使える資源の種類: {'、'.join(sorted(resource_kinds))}。"
        )
    return {kind: tuple(table.get(kind, ())) for kind in issue_kinds}


def answering_issue_kinds(resource_kinds: Iterable[str]) -> set[str]:
    """The issue kinds that resources of these kinds can answer."""
    mine = set(resource_kinds)
    return {issue for issue, kinds in answers().items() if mine & set(kinds)}
