"""`backup`, `backups`, `restore` and a damaged database, as a script or a person meets them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.main import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _demo(capsys, folder: Path) -> str:
    data = str(folder)
    assert _run(capsys, "--data-dir", data, "demo")[0] == 0
    return data


def test_backup_then_list_then_restore(tmp_path, capsys):
    data = _demo(capsys, tmp_path / "town")
    code, _out, err = _run(capsys, "--data-dir", data, "backup")
    assert code == 0 and "バックアップを作りました" in err
    code, out, err = _run(capsys, "--data-dir", data, "backups", "--json")
    [copy] = json.loads(out)
    assert code == 0 and copy["reason_label"] == "手動" and copy["counts"]["resource"] == 280
    assert "1日1個" in err  # the rule is said, not only applied
    code, _out, err = _run(capsys, "--data-dir", data, "restore", copy["file"])
    assert code == 0 and "復元しました" in err and "復元する前のデータベース" in err
    code, out, _err = _run(capsys, "--data-dir", data, "list", "resources", "--json")
    assert code == 0 and len(json.loads(out)) == 280


def test_backup_to_a_chosen_file(tmp_path, capsys):
    data = _demo(capsys, tmp_path / "town")
    code, _out, _err = _run(capsys, "--data-dir", data, "backup", "-o", str(tmp_path / "控え"))
    assert code == 0 and (tmp_path / "控え.db").stat().st_size > 0


def test_a_damaged_database_is_a_finding_of_check_and_every_command_says_how_out(tmp_path, capsys):
    data = _demo(capsys, tmp_path / "town")
    _run(capsys, "--data-dir", data, "backup")
    database = tmp_path / "town" / "sasaeai.db"
    size = database.stat().st_size
    with database.open("r+b") as file:
        file.seek(size // 2)
        file.write(os.urandom(8192))
    code, out, err = _run(capsys, "--data-dir", data, "check")
    assert code == 1 and out.startswith("要確認 データベースのファイルの中身が壊れています")
    assert "思わぬエラー" not in err and "restore" in err
    code, _out, err = _run(capsys, "--data-dir", data, "list", "areas")
    assert code == 1 and "最新の正常なバックアップ" in err and "restore" in err
    code, out, _err = _run(capsys, "--data-dir", data, "backups")  # works on the files alone
    assert code == 0 and "圏域 4" in out


def test_restore_of_a_file_that_is_not_a_backup_is_refused(tmp_path, capsys):
    data = _demo(capsys, tmp_path / "town")
    stray = tmp_path / "memo.db"
    stray.write_text("会議のメモ", encoding="utf-8")
    code, _out, err = _run(capsys, "--data-dir", data, "restore", str(stray))
    assert code == 1 and "使えません" in err
    code, out, _err = _run(capsys, "--data-dir", data, "list", "areas", "--json")
    assert code == 0 and len(json.loads(out)) == 4


def test_an_empty_data_dir_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", "", "list", "areas"])
    assert done.value.code == 2
    assert "空のフォルダ名" in capsys.readouterr().err
    assert not (tmp_path / "sasaeai.db").exists()
