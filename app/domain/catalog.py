"""The STEP 1–3 catalog: items 1-1 … 3-3 with their points, checks, examples and evidence kinds.

The catalog is data (``resources/guide/step_catalog.toml``), edited without touching code.
``load_catalog`` reads it and checks its shape, so a broken edit is reported with the item and
field to fix instead of surfacing later as an odd screen.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.paths import resource_path

SCHEMA_VERSION = 1
STEP_NUMBERS: tuple[int, ...] = (1, 2, 3)
ITEM_CODES: tuple[str, ...] = (
    "1-1", "1-2", "1-3", "1-4",
    "2-1", "2-2", "2-3", "2-4",
    "3-1", "3-2", "3-3",
)  # fmt: skip
EVIDENCE_KINDS: frozenset[str] = frozenset(
    {
        "council",
        "meeting",
        "round_table",
        "resource",
        "issue",
        "kj_board",
        "initiative",
        "handover",
    }
)
MIN_POINTS = 2
MIN_CHECKS = 3


class CatalogError(ValueError):
    """The STEP catalog file is missing, unreadable or not shaped as the app expects."""


@dataclass(frozen=True)
class Step:
    """One of the three STEPs."""

    number: int
    title: str
    summary: str


@dataclass(frozen=True)
class CheckItem:
    """A yes/no check a coordinator can tick; ``key`` is stable and stored with the answer."""

    key: str
    text: str


@dataclass(frozen=True)
class Example:
    """A case from the guidance, summarised in our own words, with its town and source."""

    town: str
    prefecture: str
    title: str
    summary: str
    source: str


@dataclass(frozen=True)
class CatalogItem:
    """One item of the method, such as 1-3 協議体の立ち上げ."""

    code: str
    step: int
    title: str
    summary: str
    points: tuple[str, ...]
    checks: tuple[CheckItem, ...]
    examples: tuple[Example, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """The whole catalog: the three steps and the eleven items, in order."""

    steps: tuple[Step, ...]
    items: tuple[CatalogItem, ...]
    source_title: str

    def item(self, code: str) -> CatalogItem:
        """The item with this code, e.g. ``"2-3"``; KeyError if there is none."""
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def step(self, number: int) -> Step:
        """The step with this number (1–3); KeyError if there is none."""
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(number)

    def items_for_step(self, number: int) -> tuple[CatalogItem, ...]:
        """The items of one step, in catalog order."""
        return tuple(item for item in self.items if item.step == number)

    def check_keys(self) -> tuple[str, ...]:
        """Every check key in catalog order."""
        return tuple(check.key for item in self.items for check in item.checks)


def default_catalog_path() -> Path:
    """Where the shipped catalog lives."""
    return resource_path("guide", "step_catalog.toml")


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate the catalog at ``path`` (the shipped one if None).

    Raises CatalogError with a Japanese message naming the item and field at fault.
    """
    if path is None:
        path = default_catalog_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"STEP カタログが見つかりません: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"STEP カタログを読み込めません（{path}）: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"STEP カタログの書き方に誤りがあります（{path}）: {exc}") from exc
    return _parse_catalog(data)


@cache
def default_catalog() -> Catalog:
    """The shipped catalog, loaded once per process."""
    return load_catalog()


# --------------------------------------------------------------------------- parsing


def _parse_catalog(data: Mapping[str, Any]) -> Catalog:
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise CatalogError(
            f"STEP カタログの schema_version は {SCHEMA_VERSION} である必要があります"
            f"（ファイルの値: {version!r}）"
        )
    source_title = _text(data, "source_title", "STEP カタログ")
    steps = tuple(
        _parse_step(table, f"STEP カタログの steps の{index}件目")
        for index, table in enumerate(_tables(data, "steps", "STEP カタログ"), start=1)
    )
    numbers = tuple(step.number for step in steps)
    if numbers != STEP_NUMBERS:
        raise CatalogError(
            f"STEP カタログの steps は STEP 1・2・3 をこの順に1つずつ並べてください"
            f"（ファイルの並び: {list(numbers)}）"
        )
    items = tuple(
        _parse_item(table, index)
        for index, table in enumerate(_tables(data, "items", "STEP カタログ"), start=1)
    )
    _check_item_order(items)
    _check_unique_keys(items)
    return Catalog(steps=steps, items=items, source_title=source_title)


def _parse_step(table: Mapping[str, Any], where: str) -> Step:
    number = _integer(table, "number", where)
    where = f"STEP {number}"
    return Step(
        number=number,
        title=_text(table, "title", where),
        summary=_text(table, "summary", where),
    )


def _parse_item(table: Mapping[str, Any], index: int) -> CatalogItem:
    code = _text(table, "code", f"STEP カタログの items の{index}件目")
    where = f"項目 {code}"
    if code not in ITEM_CODES:
        raise CatalogError(f"{where}: code「{code}」は知らない項目です（1-1〜3-3 のどれか）")
    step = _integer(table, "step", where)
    if step != int(code.split("-")[0]):
        raise CatalogError(f"{where} の step は {code.split('-')[0]} のはずですが {step} です")

    points = _text_list(table, "points", where)
    if len(points) < MIN_POINTS:
        raise CatalogError(
            f"{where} の points（ポイント）は{MIN_POINTS}つ以上必要です（今は{len(points)}つ）"
        )

    checks = tuple(
        _parse_check(check, code, f"{where} の checks の{n}件目")
        for n, check in enumerate(_tables(table, "checks", where), start=1)
    )
    if len(checks) < MIN_CHECKS:
        raise CatalogError(
            f"{where} の checks（チェック項目）は{MIN_CHECKS}つ以上必要です（今は{len(checks)}つ）"
        )

    evidence = _text_list(table, "evidence", where, required=False)
    unknown = [kind for kind in evidence if kind not in EVIDENCE_KINDS]
    if unknown:
        allowed = ", ".join(sorted(EVIDENCE_KINDS))
        raise CatalogError(
            f"{where} の evidence に使えない種類があります: {', '.join(unknown)}"
            f"（使えるのは {allowed}）"
        )
    if len(set(evidence)) != len(evidence):
        raise CatalogError(f"{where} の evidence に同じ種類が重なっています")

    examples = tuple(
        _parse_example(example, f"{where} の examples の{n}件目")
        for n, example in enumerate(_tables(table, "examples", where, required=False), start=1)
    )
    return CatalogItem(
        code=code,
        step=step,
        title=_text(table, "title", where),
        summary=_text(table, "summary", where),
        points=points,
        checks=checks,
        examples=examples,
        evidence=evidence,
    )


def _parse_check(table: Mapping[str, Any], code: str, where: str) -> CheckItem:
    key = _text(table, "key", where)
    if not key.startswith(f"{code}-"):
        raise CatalogError(f"{where}: key「{key}」は「{code}-」で始めてください")
    return CheckItem(key=key, text=_text(table, "text", where))


def _parse_example(table: Mapping[str, Any], where: str) -> Example:
    return Example(
        town=_text(table, "town", where),
        prefecture=_text(table, "prefecture", where),
        title=_text(table, "title", where),
        summary=_text(table, "summary", where),
        source=_text(table, "source", where),
    )


def _check_item_order(items: tuple[CatalogItem, ...]) -> None:
    codes = [item.code for item in items]
    for code in ITEM_CODES:
        if codes.count(code) == 0:
            raise CatalogError(f"STEP カタログに項目 {code} がありません")
        if codes.count(code) > 1:
            raise CatalogError(f"STEP カタログに項目 {code} が{codes.count(code)}回出てきます")
    for position, (expected, actual) in enumerate(zip(ITEM_CODES, codes, strict=True), start=1):
        if expected != actual:
            raise CatalogError(
                f"STEP カタログの項目の順番が違います: {position}件目は"
                f"項目 {expected} のはずですが、項目 {actual} です"
            )


def _check_unique_keys(items: tuple[CatalogItem, ...]) -> None:
    seen: set[str] = set()
    for item in items:
        for check in item.checks:
            if check.key in seen:
                raise CatalogError(
                    f"項目 {item.code} の checks: key「{check.key}」が重複しています"
                    "（key はカタログ全体で1つずつにしてください）"
                )
            seen.add(check.key)


# --------------------------------------------------------------------------- field readers


def _text(table: Mapping[str, Any], field: str, where: str) -> str:
    value = table.get(field)
    if value is None:
        raise CatalogError(f"{where} に {field} がありません")
    if not isinstance(value, str):
        raise CatalogError(f"{where} の {field} は文字列で書いてください")
    value = value.strip()
    if not value:
        raise CatalogError(f"{where} の {field} が空です")
    return value


def _integer(table: Mapping[str, Any], field: str, where: str) -> int:
    value = table.get(field)
    if value is None:
        raise CatalogError(f"{where} に {field} がありません")
    # bool is an int subclass; `step = true` is a typo, not a number.
    if not isinstance(value, int) or isinstance(value, bool):
        raise CatalogError(f"{where} の {field} は整数で書いてください（今は {value!r}）")
    return value


def _text_list(
    table: Mapping[str, Any], field: str, where: str, *, required: bool = True
) -> tuple[str, ...]:
    value = table.get(field)
    if value is None:
        if required:
            raise CatalogError(f"{where} に {field} がありません")
        return ()
    if not isinstance(value, list):
        raise CatalogError(f'{where} の {field} は ["…", "…"] の形の配列で書いてください')
    result: list[str] = []
    for n, entry in enumerate(value, start=1):
        if not isinstance(entry, str) or not entry.strip():
            raise CatalogError(f"{where} の {field} の{n}件目が空か、文字列ではありません")
        result.append(entry.strip())
    return tuple(result)


def _tables(
    table: Mapping[str, Any], field: str, where: str, *, required: bool = True
) -> list[Mapping[str, Any]]:
    value = table.get(field)
    if value is None:
        if required:
            raise CatalogError(f"{where} に {field} がありません")
        return []
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise CatalogError(f"{where} の {field} は [[{field}]] の表の並びで書いてください")
    return value
