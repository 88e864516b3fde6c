"""The shipped STEP catalog loads, says what the guidance says, and broken catalogs are refused."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from app.domain.catalog import (
    EVIDENCE_KINDS,
    ITEM_CODES,
    Catalog,
    CatalogError,
    default_catalog,
    load_catalog,
)

GUIDE_PATH = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "reference"
    / "mhlw-chiiki-zukuri-guide.txt"
)
VERBATIM_RUN = 30

# Where the catalog places the guidance's named towns (事例［１］〜［９］).
EXPECTED_TOWNS: dict[str, set[str]] = {
    "1-1": {"竹田市", "池田町", "藤岡市"},
    "1-2": {"秦野市", "竹田市"},
    "1-3": {"竹田市", "池田町"},
    "1-4": {"多賀城市", "藤岡市"},
    "2-1": {"立川市", "武蔵野市", "調布市"},
    "2-2": {"竹田市", "大和高田市", "近江八幡市"},
    "2-3": {"近江八幡市"},
    "2-4": {"池田町", "近江八幡市"},
    "3-1": {"函館市", "立川市"},
    "3-2": {"立川市", "藤岡市"},
    "3-3": {"調布市", "新潟市", "藤岡市"},
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# --------------------------------------------------------------------------- shipped catalog


def test_shipped_catalog_has_the_eleven_items_in_order(catalog: Catalog) -> None:
    assert [item.code for item in catalog.items] == list(ITEM_CODES)
    assert catalog.item("1-1").title == "生活支援体制の設計"
    assert catalog.item("2-4").title == "資源の充実に向けた方針の検討"
    assert catalog.item("3-3").title == "新たな活動やサービスの開発"
    assert [step.number for step in catalog.steps] == [1, 2, 3]
    assert catalog.step(1).title == "地域で協働する基盤づくり"
    assert "ヒント集" in catalog.source_title


def test_items_for_step_and_lookup(catalog: Catalog) -> None:
    assert [item.code for item in catalog.items_for_step(1)] == ["1-1", "1-2", "1-3", "1-4"]
    assert [item.code for item in catalog.items_for_step(2)] == ["2-1", "2-2", "2-3", "2-4"]
    assert [item.code for item in catalog.items_for_step(3)] == ["3-1", "3-2", "3-3"]
    with pytest.raises(KeyError):
        catalog.item("4-1")


def test_every_item_has_points_checks_and_known_evidence(catalog: Catalog) -> None:
    for item in catalog.items:
        assert len(item.points) >= 2, item.code
        assert len(item.checks) >= 3, item.code
        assert item.summary.endswith("。"), item.code
        assert set(item.evidence) <= EVIDENCE_KINDS, item.code
        for check in item.checks:
            assert check.key.startswith(f"{item.code}-"), check.key


def test_check_keys_are_unique(catalog: Catalog) -> None:
    keys = catalog.check_keys()
    assert len(keys) == len(set(keys))
    assert keys[0] == "1-1-a"


def test_examples_are_mapped_where_the_guidance_places_them(catalog: Catalog) -> None:
    for code, towns in EXPECTED_TOWNS.items():
        mapped = {example.town for example in catalog.item(code).examples}
        assert towns <= mapped, code
    assert catalog.item("1-1").examples[0].town == "竹田市"
    assert "事例［１］" in catalog.item("1-1").examples[0].source
    assert all("事例［７］" in e.source for e in catalog.item("3-1").examples)
    assert all("事例［９］" in e.source for e in catalog.item("3-3").examples)


def test_every_example_names_its_source(catalog: Catalog) -> None:
    for item in catalog.items:
        for example in item.examples:
            assert "事例" in example.source, (item.code, example.town)
            assert "厚生労働省" in example.source, (item.code, example.town)
            assert "平成28年度老人保健事業推進費等補助金" in example.source


def test_default_catalog_is_loaded_once() -> None:
    assert default_catalog() is default_catalog()
    assert [item.code for item in default_catalog().items] == list(ITEM_CODES)


# --------------------------------------------------------------------------- against the guidance


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def guide_text() -> str:
    if not GUIDE_PATH.is_file():
        pytest.skip(f"guidance text not found at {GUIDE_PATH}")
    return _normalise(GUIDE_PATH.read_text(encoding="utf-8"))


def _own_words(catalog: Catalog) -> list[tuple[str, str]]:
    """Every text the catalog claims to have written itself, with where it lives."""
    texts = [(f"STEP {step.number} summary", step.summary) for step in catalog.steps]
    for item in catalog.items:
        texts.append((f"{item.code} summary", item.summary))
        texts += [(f"{item.code} point", point) for point in item.points]
        texts += [(check.key, check.text) for check in item.checks]
        texts += [(f"{item.code} {e.town}", e.summary) for e in item.examples]
    return texts


def test_no_text_copies_the_guidance_verbatim(catalog: Catalog, guide_text: str) -> None:
    copied = []
    for where, text in _own_words(catalog):
        plain = _normalise(text)
        for start in range(len(plain) - VERBATIM_RUN + 1):
            run = plain[start : start + VERBATIM_RUN]
            if run in guide_text:
                copied.append((where, run))
                break
    assert copied == []


def test_example_towns_appear_in_the_guidance(catalog: Catalog, guide_text: str) -> None:
    for item in catalog.items:
        for example in item.examples:
            named = _normalise(f"{example.town}（{example.prefecture}）")
            assert named in guide_text, (item.code, example.town)


# --------------------------------------------------------------------------- broken catalogs


def _item(code: str) -> dict[str, Any]:
    return {
        "code": code,
        "step": int(code[0]),
        "title": f"項目{code}",
        "summary": "説明です。",
        "points": ["一つ目", "二つ目"],
        "evidence": ["meeting"],
        "checks": [{"key": f"{code}-{letter}", "text": "確認します"} for letter in "abc"],
        "examples": [
            {
                "town": "竹田市",
                "prefecture": "大分県",
                "title": "見出し",
                "summary": "要約です。",
                "source": "厚生労働省「資料」事例［１］",
            }
        ],
    }


def _valid() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "source_title": "資料名",
        "steps": [{"number": n, "title": f"STEP{n}", "summary": "説明"} for n in (1, 2, 3)],
        "items": [_item(code) for code in ITEM_CODES],
    }


def _to_toml(data: dict[str, Any]) -> str:
    # JSON strings and arrays of strings are valid TOML, which keeps this writer tiny.
    def pairs(table: dict[str, Any]) -> list[str]:
        return [
            f"{key} = {json.dumps(value, ensure_ascii=False)}"
            for key, value in table.items()
            if not (isinstance(value, list) and value and isinstance(value[0], dict))
        ]

    lines = pairs(data)
    for step in data.get("steps", []):
        lines += ["", "[[steps]]", *pairs(step)]
    for item in data.get("items", []):
        lines += ["", "[[items]]", *pairs(item)]
        for check in item.get("checks", []):
            lines += ["[[items.checks]]", *pairs(check)]
        for example in item.get("examples", []):
            lines += ["[[items.examples]]", *pairs(example)]
    return "\n".join(lines) + "\n"


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "step_catalog.toml"
    path.write_text(_to_toml(data), encoding="utf-8")
    return path


def _item_in(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(item for item in data["items"] if item["code"] == code)


def _assert_japanese(message: str) -> None:
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message), message


def test_minimal_valid_catalog_loads(tmp_path: Path) -> None:
    catalog = load_catalog(_write(tmp_path, _valid()))
    assert len(catalog.items) == 11
    assert catalog.item("2-2").checks[2].key == "2-2-c"
    assert catalog.item("2-2").examples[0].town == "竹田市"


def test_missing_item_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    data["items"] = [item for item in data["items"] if item["code"] != "2-3"]
    with pytest.raises(CatalogError) as caught:
        load_catalog(_write(tmp_path, data))
    _assert_japanese(str(caught.value))
    assert "2-3" in str(caught.value)


def test_items_out_of_order_are_rejected(tmp_path: Path) -> None:
    data = _valid()
    data["items"][0], data["items"][1] = data["items"][1], data["items"][0]
    with pytest.raises(CatalogError, match="1-1"):
        load_catalog(_write(tmp_path, data))


def test_duplicate_check_key_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    _item_in(data, "1-4")["checks"][2]["key"] = "1-4-a"
    with pytest.raises(CatalogError) as caught:
        load_catalog(_write(tmp_path, data))
    message = str(caught.value)
    _assert_japanese(message)
    assert "1-4" in message
    assert "重複" in message


def test_check_key_of_another_item_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    _item_in(data, "3-2")["checks"][0]["key"] = "3-1-z"
    with pytest.raises(CatalogError, match="3-2"):
        load_catalog(_write(tmp_path, data))


def test_item_with_two_checks_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    _item_in(data, "2-1")["checks"].pop()
    with pytest.raises(CatalogError) as caught:
        load_catalog(_write(tmp_path, data))
    message = str(caught.value)
    _assert_japanese(message)
    assert "2-1" in message
    assert "checks" in message


def test_item_with_one_point_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    _item_in(data, "1-2")["points"] = ["一つだけ"]
    with pytest.raises(CatalogError, match=r"1-2.*points"):
        load_catalog(_write(tmp_path, data))


def test_unknown_evidence_kind_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    _item_in(data, "3-3")["evidence"] = ["initiative", "photo"]
    with pytest.raises(CatalogError) as caught:
        load_catalog(_write(tmp_path, data))
    message = str(caught.value)
    _assert_japanese(message)
    assert "3-3" in message
    assert "photo" in message


def test_wrong_schema_version_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    data["schema_version"] = 2
    with pytest.raises(CatalogError) as caught:
        load_catalog(_write(tmp_path, data))
    _assert_japanese(str(caught.value))
    assert "schema_version" in str(caught.value)


def test_example_with_empty_field_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    _item_in(data, "2-2")["examples"][0]["source"] = "  "
    with pytest.raises(CatalogError, match=r"2-2.*source"):
        load_catalog(_write(tmp_path, data))


def test_empty_summary_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    _item_in(data, "1-3")["summary"] = ""
    with pytest.raises(CatalogError, match=r"1-3.*summary"):
        load_catalog(_write(tmp_path, data))


def test_missing_step_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    data["steps"] = data["steps"][:2]
    with pytest.raises(CatalogError, match="STEP"):
        load_catalog(_write(tmp_path, data))


def test_step_mismatching_the_code_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    _item_in(data, "2-1")["step"] = 1
    with pytest.raises(CatalogError, match="2-1"):
        load_catalog(_write(tmp_path, data))


def test_broken_toml_and_missing_file_are_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = \n", encoding="utf-8")
    with pytest.raises(CatalogError, match="書き方"):
        load_catalog(broken)
    with pytest.raises(CatalogError, match="見つかりません"):
        load_catalog(tmp_path / "absent.toml")
