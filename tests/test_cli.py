"""The command line as a script would use it: exit codes, JSON on stdout, messages on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app import __version__
from app.main import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_then_list_areas_as_json(tmp_path, capsys):
    data = str(tmp_path / "town")
    code, _out, err = _run(capsys, "--data-dir", data, "demo")
    assert code == 0 and "みどり町" in err
    code, out, _err = _run(capsys, "--data-dir", data, "list", "areas", "--json")
    assert code == 0
    areas = json.loads(out)
    assert [a["name"] for a in areas] == ["みどり町全域", "北中学校区", "南中学校区", "東中学校区"]
    assert all({"id", "name", "layer"} <= set(a) for a in areas)
    assert [a["layer"] for a in areas] == [1, 2, 2, 2]


def test_demo_refuses_a_folder_that_already_has_a_town(tmp_path, capsys):
    data = str(tmp_path / "town")
    _run(capsys, "--data-dir", data, "demo")
    code, _out, err = _run(capsys, "--data-dir", data, "demo")
    assert code == 1 and "もう町のデータ" in err


def test_every_command_creates_and_migrates_a_new_folder(tmp_path, capsys):
    data = tmp_path / "fresh"
    code, out, _err = _run(capsys, "--data-dir", str(data), "list", "areas", "--json")
    assert code == 0 and json.loads(out) == []
    assert (data / "sasaeai.db").exists()
    assert (data / "logs" / "sasaeai.log").exists()


def test_check_passes_on_the_demo_town_and_fails_on_a_damaged_one(tmp_path, capsys):
    data = str(tmp_path / "town")
    _run(capsys, "--data-dir", data, "demo")
    code, out, _err = _run(capsys, "--data-dir", data, "check")
    assert code == 0 and "要確認" not in out
    import sqlite3

    connection = sqlite3.connect(tmp_path / "town" / "sasaeai.db")
    connection.execute("UPDATE checklist_state SET check_key = '7-7-x' WHERE id = 1")
    connection.commit()
    connection.close()
    code, out, _err = _run(capsys, "--data-dir", data, "check")
    assert code == 1 and "7-7-x" in out


def test_newer_database_is_refused_with_a_japanese_message(tmp_path, capsys):
    data = tmp_path / "town"
    _run(capsys, "--data-dir", str(data), "demo")
    import sqlite3

    connection = sqlite3.connect(data / "sasaeai.db")
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    code, _out, err = _run(capsys, "--data-dir", str(data), "list", "areas")
    assert code == 2 and "新しいバージョン" in err


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_list_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        main(["list", "ufos"])
    assert done.value.code == 2


@pytest.mark.parametrize("demo", [False, True])
def test_self_test_exits_zero_headless(tmp_path, demo):
    """`sasaeai --self-test` in a separate process, as a packager or CI would run it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    argv = [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "d"), "--self-test"]
    if demo:
        argv.append("--demo")
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "正常" in done.stderr


def test_self_test_reports_a_refused_database(tmp_path):
    data = tmp_path / "d"
    main(["--data-dir", str(data), "demo"])
    import sqlite3

    connection = sqlite3.connect(data / "sasaeai.db")
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "新しいバージョン" in done.stderr


def test_self_test_reports_an_unreachable_shared_server(tmp_path):
    """A start-up failure is a Japanese message that says what to check, never a traceback."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(tmp_path / "d"),
            "--self-test",
            "--database-url",
            "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "サーバーにつながりません" in done.stderr  # said in Japanese, not the driver's English
    assert "Traceback" not in done.stderr and "思わぬエラー" not in done.stderr


def test_command_reports_an_unreachable_shared_server(tmp_path, capsys):
    code, _out, err = _run(
        capsys,
        "--data-dir",
        str(tmp_path / "d"),
        "--database-url",
        "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
        "list",
        "areas",
    )
    assert code == 2 and "サーバーにつながりません" in err and "思わぬエラー" not in err


def test_search_finds_resources_as_json(tmp_path, capsys):
    data = str(tmp_path / "town")
    _run(capsys, "--data-dir", data, "demo")
    code, out, _err = _run(capsys, "--data-dir", data, "search", "見守", "--json")
    hits = json.loads(out)
    assert code == 0 and hits
    assert {h["kind"] for h in hits} == {"resource", "issue"}  # 見守り活動 and 見守り・孤立
    assert all({"id", "name"} <= set(h) for h in hits)
    code, out, _err = _run(capsys, "--data-dir", data, "list", "resources", "--json")
    resources = json.loads(out)
    assert len(resources) >= 200
    names = {r["name"] for r in resources}
    assert {h["name"] for h in hits if h["kind"] == "resource"} <= names


@pytest.mark.parametrize(
    ("paper", "title"),
    [("resources", "地域資源一覧"), ("resource-cards", "資源カード"), ("confirm-sheets", "確認票")],
)
def test_report_commands_write_pdfs(tmp_path, capsys, paper, title):
    from pypdf import PdfReader

    data = str(tmp_path / "town")
    _run(capsys, "--data-dir", data, "demo")
    out = tmp_path / f"{paper}.pdf"
    code, _out, err = _run(
        capsys, "--data-dir", data, "report", paper, "-o", str(out), "--area", "東中学校区"
    )
    assert code == 0 and "ページ" in err
    text = PdfReader(out).pages[0].extract_text()
    assert title in text and "みどり町" in text


def test_report_for_an_unknown_area_says_which_exist(tmp_path, capsys):
    data = str(tmp_path / "town")
    _run(capsys, "--data-dir", data, "demo")
    code, _out, err = _run(
        capsys,
        "--data-dir",
        data,
        "report",
        "resources",
        "-o",
        str(tmp_path / "x.pdf"),
        "--area",
        "西地区",
    )
    assert code == 1 and "西地区" in err and "北中学校区" in err
    assert not (tmp_path / "x.pdf").exists()


def test_export_then_import_resources_round_trip(tmp_path, capsys):
    source, target = str(tmp_path / "town"), str(tmp_path / "other")
    _run(capsys, "--data-dir", source, "demo")
    for suffix in ("xlsx", "csv"):
        out = tmp_path / f"resources.{suffix}"
        code, _out, err = _run(capsys, "--data-dir", source, "export", "resources", str(out))
        assert code == 0 and "280 件" in err
    _run(capsys, "--data-dir", target, "list", "areas")
    code, out, _err = _run(
        capsys,
        "--data-dir",
        target,
        "import",
        "resources",
        str(tmp_path / "resources.xlsx"),
        "--dry-run",
        "--json",
    )
    report = json.loads(out)
    assert code == 1 and report["imported"] == 0 and report["errors"]
    assert "北中学校区" in report["errors"][0]["reason"]  # areas missing: error per row
    code, out, _err = _run(
        capsys,
        "--data-dir",
        target,
        "import",
        "resources",
        str(tmp_path / "resources.csv"),
        "--create-areas",
        "--json",
    )
    report = json.loads(out)
    assert code == 0 and report["imported"] == 280 and report["errors"] == []
    created = [w for w in report["warnings"] if "新しく作りました" in w["reason"]]
    assert len(created) == 4  # once per new area (the target town has none), not per row
    code, out, _err = _run(capsys, "--data-dir", target, "list", "resources", "--json")
    imported = {r["name"]: r for r in json.loads(out)}
    _code, out, _err = _run(capsys, "--data-dir", source, "list", "resources", "--json")
    original = {r["name"]: r for r in json.loads(out)}
    assert imported.keys() == original.keys()
    for name, row in original.items():
        for field in ("reading", "category", "kinds", "area", "state", "schedule", "confirmed_on"):
            assert imported[name][field] == row[field], (name, field)
    # the same file again: every row is a duplicate, nothing imported, non-zero exit
    code, out, _err = _run(
        capsys,
        "--data-dir",
        target,
        "import",
        "resources",
        str(tmp_path / "resources.csv"),
        "--json",
    )
    report = json.loads(out)
    assert code == 1 and report["imported"] == 0 and len(report["duplicates"]) == 280


def test_import_of_a_file_that_is_not_a_spreadsheet(tmp_path, capsys):
    bad = tmp_path / "photo.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    code, _out, err = _run(
        capsys, "--data-dir", str(tmp_path / "d"), "import", "resources", str(bad)
    )
    assert code == 1 and "エラー" in err


def test_check_finds_a_broken_search_index_and_repair_mends_it(tmp_path, capsys):
    import sqlite3

    data = tmp_path / "town"
    _run(capsys, "--data-dir", str(data), "demo")
    connection = sqlite3.connect(data / "sasaeai.db")
    rowid, search_text = connection.execute(
        "SELECT id, search_text FROM resource WHERE name LIKE '%認知症カフェ%' LIMIT 1"
    ).fetchone()
    connection.execute(
        "INSERT INTO resource_fts(resource_fts, rowid, search_text) VALUES ('delete', ?, ?)",
        (rowid, search_text),
    )
    connection.commit()
    connection.close()
    code, out, _err = _run(capsys, "--data-dir", str(data), "check")
    assert code == 1 and "食い違って" in out and "--repair" in out
    code, out, err = _run(capsys, "--data-dir", str(data), "check", "--repair")
    assert code == 0 and "作り直しました" in err and "要確認" not in out
    _code, out, _err = _run(capsys, "--data-dir", str(data), "search", "認知症カフェ", "--json")
    assert rowid in [hit["id"] for hit in json.loads(out)]
