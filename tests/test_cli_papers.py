"""`sasaeai report` over the registry: the list of papers, the new papers, and initiatives."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from app.cli_papers import parse_fiscal_year
from app.main import main
from app.reports.registry import PAPERS
from app.services.errors import ServiceError


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> str:
    """A demo town folder shared by the module: the report commands only read it."""
    folder = str(tmp_path_factory.mktemp("cli") / "town")
    assert main(["--data-dir", folder, "demo"]) == 0
    return folder


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_report_list_shows_every_paper_with_its_options(town, capsys):
    code, out, err = _run(capsys, "--data-dir", town, "report", "list")
    assert code == 0
    for paper in PAPERS:
        assert f"  {paper.key}\t{paper.title}" in out
        assert paper.description in out
    for group in ("■ 会議", "■ 地域資源", "■ 地域課題", "■ 報告・配布"):
        assert group in out
    assert "--year 2026|令和8  年度（省略すると今年度: 令和" in out
    assert "--near 文字  町名・集会所（省略可）" in out
    assert "この版ではまだ使えません" not in out
    assert "--area 名前  圏域（省略可）" in out
    assert "地域課題 引継ぎ票［取扱注意］" in out
    assert f"{len(PAPERS)} 種類" in err


@pytest.mark.parametrize("year", ["2026", "令和8", "R8", "令和8年度"])
def test_report_progress_for_an_area_and_year(town, capsys, tmp_path, year):
    out = tmp_path / "progress.pdf"
    argv = ("report", "progress", "--area", "北中学校区", "--year", year, "-o", str(out))
    code, _out, err = _run(capsys, "--data-dir", town, *argv)
    assert code == 0, err
    assert "ページ" in err and "北中学校区" in _text(out)


def test_report_annual(town, capsys, tmp_path):
    out = tmp_path / "annual.pdf"
    code, _out, err = _run(
        capsys, "--data-dir", town, "report", "annual", "--year", "2026", "-o", str(out)
    )
    assert code == 0, err
    assert "令和8年度" in _text(out)


def test_report_handout_with_and_without_a_coming_round_table(tmp_path, capsys):
    from datetime import date, timedelta

    from app.db.engine import Database
    from app.services.meetings.meeting import MeetingInput, create_meeting
    from app.services.setup.areas import list_areas

    data = tmp_path / "town"
    _run(capsys, "--data-dir", str(data), "demo")
    db = Database(f"sqlite:///{data / 'sasaeai.db'}", user="テスト担当")
    north = {a.name: a.id for a in list_areas(db)}["北中学校区"]
    coming = create_meeting(
        db,
        MeetingInput(
            "round_table",
            "北中学校区 第2回座談会",
            date.today() + timedelta(days=14),
            area_id=north,
        ),
    )
    db.dispose()
    meetings = json.loads(_run(capsys, "--data-dir", str(data), "list", "meetings", "--json")[1])
    held = next(m for m in meetings if m["kind"] == "round_table" and m["id"] != coming.id)
    council = next(m for m in meetings if m["kind"] == "council")
    for extra in ((), ("--meeting", str(coming.id))):
        out = tmp_path / "handout.pdf"
        argv = ("report", "handout", "--area", "北中学校区", *extra, "-o", str(out))
        code, _out, err = _run(capsys, "--data-dir", str(data), *argv)
        assert code == 0, err
        assert "北中学校区" in _text(out)
    for wrong, words in ((held, "もう終わっています"), (council, "座談会ではありません")):
        out = tmp_path / "wrong.pdf"
        argv = ("report", "handout", "--area", "北中学校区", "--meeting", str(wrong["id"]))
        code, _out, err = _run(capsys, "--data-dir", str(data), *argv, "-o", str(out))
        assert code == 1 and words in err and not out.exists()


def test_report_feedback(town, capsys, tmp_path):
    out = tmp_path / "feedback.pdf"
    code, _out, err = _run(capsys, "--data-dir", town, "report", "feedback", "-o", str(out))
    assert code == 0, err
    out2 = tmp_path / "feedback2.pdf"
    code, _out, err = _run(
        capsys, "--data-dir", town, "report", "feedback", "--meeting", "3", "-o", str(out2)
    )
    assert code == 0, err and len(PdfReader(out2).pages) >= 1


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("progress", "--area", "西地区", "--year", "2026"), ("西地区", "北中学校区")),
        (("progress", "--area", "北中学校区", "--year", "来年"), ("年度「来年」が読めません",)),
        (("progress", "--area", "北中学校区", "--year", "1900"), ("1900年度", "扱えません")),
        (("progress", "--year", "2026"), ("--area で指定してください",)),
        (("progress", "--area", "北中学校区", "--year", "令和0"), ("元年（1年）から",)),
        (("progress", "--area", "北中学校区", "--year", "平成40"), ("平成は31年まで", "令和")),
        (("handout", "--area", "北中学校区", "--meeting", "999"), ("list meetings",)),
        (("kj", "--area", "北中学校区"), ()),  # no -o
    ],
)
def test_bad_options_give_exit_1_and_a_japanese_message(town, capsys, tmp_path, argv, words):
    out = tmp_path / "x.pdf"
    output = ("-o", str(out)) if words else ()
    code, _out, err = _run(capsys, "--data-dir", town, "report", *argv, *output)
    assert code == 1
    assert err.startswith("エラー: ")
    for word in words or ("-o で指定してください",):
        assert word in err
    assert not out.exists()


def test_kj_on_a4_and_minutes_as_word(town, capsys, tmp_path):
    out = tmp_path / "kj.pdf"
    argv = ("report", "kj", "--area", "北中学校区", "--paper", "A4", "-o", str(out))
    code, _out, err = _run(capsys, "--data-dir", town, *argv)
    assert code == 0, err
    width, height = PdfReader(out).pages[0].mediabox.upper_right
    assert round(float(max(width, height))) == 842  # A4, not A3
    docx = tmp_path / "議事録.docx"
    code, _out, err = _run(
        capsys, "--data-dir", town, "report", "minutes-docx", "--meeting", "2", "-o", str(docx)
    )
    assert code == 0 and docx.exists(), err
    code, _out, err = _run(
        capsys, "--data-dir", town, "report", "minutes-docx", "--meeting", "2", "-o", str(out)
    )
    assert code == 1 and ".docx" in err


def test_list_initiatives_as_json(tmp_path, capsys):
    from app.db.engine import Database
    from app.services.initiatives.initiative import InitiativeInput, create_initiative
    from app.services.setup.areas import list_areas

    data = tmp_path / "town"
    _run(capsys, "--data-dir", str(data), "demo")
    db = Database(f"sqlite:///{data / 'sasaeai.db'}", user="テスト担当")
    ids = {a.name: a.id for a in list_areas(db)}
    north, east = ids["北中学校区"], ids["東中学校区"]
    create_initiative(
        db, InitiativeInput("ゴミ出しお助け隊", "create", area_id=north, state="running")
    )
    create_initiative(db, InitiativeInput("サロンの体験会", "participation", area_id=east))
    db.dispose()
    code, out, _err = _run(capsys, "--data-dir", str(data), "list", "initiatives", "--json")
    assert code == 0
    rows = {r["title"]: r for r in json.loads(out)}
    assert rows["ゴミ出しお助け隊"]["kind"] == "3-3"
    assert rows["ゴミ出しお助け隊"]["area"] == "北中学校区"
    assert rows["ゴミ出しお助け隊"]["state"] == "running"
    assert (
        rows["サロンの体験会"]["kind"] == "3-1" and rows["サロンの体験会"]["area"] == "東中学校区"
    )
    assert all({"id", "title", "kind", "area", "state"} <= set(r) for r in rows.values())
    code, out, err = _run(capsys, "--data-dir", str(data), "list", "initiatives")
    assert code == 0 and "ゴミ出しお助け隊" in out and f"取組: {len(rows)} 件" in err


@pytest.mark.parametrize(
    ("text", "year"),
    [("2026", 2026), ("２０２６年度", 2026), ("令和8", 2026), ("R8", 2026), ("令和元年度", 2019),
     ("平成31", 2019), ("r8", 2026)],
)  # fmt: skip
def test_fiscal_year_in_western_or_era_years(text, year):
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["", "令和", "8", "明日", "令和100"])
def test_fiscal_year_that_cannot_be_read(text):
    with pytest.raises(ServiceError):
        parse_fiscal_year(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [("令和0", "元年（1年）から"), ("R0", "元年"), ("平成0年度", "元年"),
     ("平成32", "平成は31年まで"), ("平成40", "令和10年度のように"), ("昭和65", "昭和は64年まで")],
)  # fmt: skip
def test_fiscal_year_outside_its_era_is_refused(text, words):
    with pytest.raises(ServiceError) as raised:
        parse_fiscal_year(text)
    assert words in raised.value.message


def test_annual_without_a_year_is_for_this_fiscal_year(town, capsys, tmp_path):
    from datetime import date

    from app.domain.wareki import fiscal_year, format_fiscal_year

    out = tmp_path / "annual.pdf"
    code, _out, err = _run(capsys, "--data-dir", town, "report", "annual", "-o", str(out))
    assert code == 0, err
    assert format_fiscal_year(fiscal_year(date.today())) in _text(out)


def test_a_handout_near_one_place_is_shorter(town, capsys, tmp_path):
    pages = {}
    for near in (None, "公民館"):
        out = tmp_path / f"{near}.pdf"
        extra = ["--near", near] if near else []
        args = ["--data-dir", town, "report", "handout", "--area", "北中学校区", "-o", str(out)]
        code, _out, err = _run(capsys, *args, *extra)
        assert code == 0, err
        pages[near] = len(PdfReader(out).pages)
    assert 1 <= pages["公民館"] < pages[None]


def test_a_handout_of_one_kind_is_shorter_than_the_whole_list(tmp_path, capsys):
    from pypdf import PdfReader

    data = str(tmp_path / "town")
    assert main(["--data-dir", data, "demo"]) == 0
    pages = {}
    for kind in (None, "salon"):
        out = tmp_path / f"{kind}.pdf"
        extra = ["--kind", kind] if kind else []
        args = ["--data-dir", data, "report", "handout", "--area", "北中学校区", "-o", str(out)]
        assert main(args + extra) == 0
        pages[kind] = len(PdfReader(out).pages)
    assert pages["salon"] < pages[None]
    capsys.readouterr()
