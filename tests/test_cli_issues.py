"""地域課題 from the command line: list them, print their papers, find them by search."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from pypdf import PdfReader

from app.main import main
from app.services.issues.issue import LAYER1, IssueInput, create_issue, hand_over
from app.services.setup.areas import list_areas


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _pages(path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages]


@pytest.fixture
def folder(town, tmp_path) -> tuple[str, int, int]:
    """テスト町 (in the `data` folder the CLI opens) with two issues, one handed over."""
    areas = {a.name: a.id for a in list_areas(town)}
    shopping = create_issue(
        town,
        IssueInput(
            "坂の上で買い物に行けない",
            (areas["北地区"], areas["南地区"]),
            "山田さん（電話 0120-11-2222）は買い物に行けない。",
            kinds=("shopping", "transport"),
            urgency=3,
        ),
    )
    salon = create_issue(
        town, IssueInput("サロンの担い手がいない", (areas["南地区"],), kinds=("volunteers",))
    )
    hand_over(town, shopping.id, LAYER1, "町のバス路線の見直しが要るため")
    return str(tmp_path / "data"), shopping.id, salon.id


def test_list_issues_as_json_and_as_lines(folder, capsys):
    data, shopping, salon = folder
    code, out, _err = _run(capsys, "--data-dir", data, "list", "issues", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [shopping, salon]
    first = rows[0]
    assert first["title"] == "坂の上で買い物に行けない"
    assert first["areas"] == ["北地区", "南地区"]
    assert first["kinds"] == ["shopping", "transport"]
    assert first["urgency"] == 3 and first["urgency_label"] == "高"
    assert first["state"] == "handed_over" and first["state_label"] == "引継ぎ"
    code, out, err = _run(capsys, "--data-dir", data, "list", "issues")
    assert out.splitlines()[0].split("\t") == [
        str(shopping),
        "坂の上で買い物に行けない",
        "高",
        "引継ぎ",
        "北地区・南地区",
    ]
    assert "地域課題: 2 件" in err


@pytest.mark.parametrize(
    ("argv", "title", "words"),
    [
        (["issues"], "地域課題一覧", ["緊急度ごと", "緊急度高（1件）", "＊＊さん"]),
        (["issues", "--by", "area", "--area", "南地区"], "地域課題一覧", ["対象:南地区"]),
        (["issues", "--by", "kind"], "地域課題一覧", ["それぞれの種類に載せています"]),
        (["matrix"], "緊急度×地域 課題表", ["緊急度＼圏域", "サロンの担い手がいない"]),
        (["gaps", "--area", "南地区"], "ニーズ×資源マップ", ["「空白」", "担い手不足"]),
    ],
    ids=["issues", "issues-area", "issues-kind", "matrix", "gaps"],
)
def test_issue_papers_for_circulation_are_written(folder, capsys, tmp_path, argv, title, words):
    data, _shopping, _salon = folder
    out = tmp_path / "paper.pdf"
    code, _out, err = _run(capsys, "--data-dir", data, "report", *argv, "-o", str(out))
    assert code == 0, err
    assert re.search(rf"{title}（\d+ ページ）を {re.escape(str(out))} に保存しました。", err)
    pages = _pages(out)
    text = "".join(pages)
    assert "作成日:令和" in text
    for word in words:
        assert word in text
    assert "山田さん" not in text and "0120-11-2222" not in text
    assert not any("取扱注意" in page for page in pages)


def test_internal_list_and_handover_print_everything_marked_handle_with_care(
    folder, capsys, tmp_path
):
    data, shopping, _salon = folder
    out = tmp_path / "internal.pdf"
    code, _out, err = _run(
        capsys, "--data-dir", data, "report", "issues", "--internal", "-o", str(out)
    )
    assert code == 0, err
    pages = _pages(out)
    assert all("取扱注意" in page for page in pages) and "山田さん" in "".join(pages)
    handover = tmp_path / "handover.pdf"
    code, _out, err = _run(
        capsys,
        "--data-dir",
        data,
        "report",
        "handover",
        "--issue",
        str(shopping),
        "-o",
        str(handover),
    )
    assert code == 0, err and "地域課題 引継ぎ票" in err
    pages = _pages(handover)
    text = "".join(pages)
    assert all("取扱注意" in page for page in pages)
    assert f"引継ぎ先{LAYER1}" in text and "0120-11-2222" in text and "受付印" in text
    # a copy to hand round (--for-residents) leaves the details out
    code, _out, _err = _run(
        capsys,
        "--data-dir",
        data,
        "report",
        "handover",
        "--issue",
        str(shopping),
        "--for-residents",
        "-o",
        str(handover),
    )
    text = "".join(_pages(handover))
    assert code == 0 and "取扱注意" not in text and "0120-11-2222" not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["handover", "--issue", "999"], "地域課題（番号 999）が見つかりません"),
        (["handover"], "地域課題の番号を --issue で指定してください"),
        (["gaps"], "圏域の名前を --area で指定してください"),
        (["gaps", "--area", "西地区"], "圏域「西地区」は登録されていません"),
        (["issues", "--area", "西地区"], "圏域「西地区」は登録されていません"),
        (["kj"], "圏域の名前を --area で指定してください"),
    ],
)
def test_bad_ids_and_areas_exit_1_with_a_message(folder, capsys, tmp_path, argv, message):
    data, _shopping, _salon = folder
    out = tmp_path / "bad.pdf"
    code, _out, err = _run(capsys, "--data-dir", data, "report", *argv, "-o", str(out))
    assert code == 1
    assert err.startswith("エラー: ") and message in err
    assert not out.exists()


def test_handover_hint_names_the_listing(folder, capsys, tmp_path):
    data, _shopping, _salon = folder
    code, _out, err = _run(
        capsys, "--data-dir", data, "report", "handover", "--issue", "999", "-o", "x.pdf"
    )
    assert code == 1 and "`sasaeai list issues` で確かめられます" in err


def test_kj_board_paper(folder, capsys, tmp_path):
    data, _shopping, _salon = folder
    out = tmp_path / "kj.pdf"
    code, _out, err = _run(
        capsys, "--data-dir", data, "report", "kj", "--area", "北地区", "-o", str(out)
    )
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "北地区" in text and "KJ" in text


def test_search_finds_an_issue_by_a_japanese_word(folder, capsys):
    data, shopping, _salon = folder
    code, out, _err = _run(capsys, "--data-dir", data, "search", "買い物", "--json")
    hits = json.loads(out)
    assert code == 0
    [hit] = [h for h in hits if h["kind"] == "issue"]
    assert hit["id"] == shopping and hit["name"] == "坂の上で買い物に行けない"
    assert hit["kind_label"] == "地域課題" and "北地区・南地区" in hit["detail"]
    code, out, _err = _run(capsys, "--data-dir", data, "search", "担い手")
    assert out.startswith("地域課題\t") and "サロンの担い手がいない" in out
    assert "南地区" in out


def test_search_keeps_room_for_issues_when_resources_fill_the_limit(town):
    from app.services.resources.resource import ResourceInput, create_resource
    from app.services.search import search_all

    south = next(a.id for a in list_areas(town) if a.name == "南地区")
    for number in range(6):
        create_resource(town, ResourceInput(f"買い物バス{number}", kinds=("shopping",)))
    create_issue(town, IssueInput("買い物に行けない", (south,), kinds=("shopping",)))
    hits = search_all(town, "買い物", limit=4)
    assert len(hits) == 4 and [h.kind for h in hits].count("issue") == 1
    assert search_all(town, "  ") == []


def test_issue_dates_on_papers_are_wareki(folder, capsys, tmp_path):
    data, _shopping, _salon = folder
    out = tmp_path / "paper.pdf"
    _run(capsys, "--data-dir", data, "report", "issues", "-o", str(out))
    today = date.today()
    era_year = today.year - 2018
    assert f"令和{era_year}年{today.month}月{today.day}日" in "".join(_pages(out))
