"""Input nobody means to give: a pasted page in the search box."""

from __future__ import annotations

import json

from app.domain.text import SEARCH_MAX_TERMS, search_terms, search_was_cut
from app.main import main


def test_search_terms_are_cut_to_what_a_query_can_hold():
    many = " ".join(f"かふぇ{n}" for n in range(1000))
    assert len(search_terms(many)) == SEARCH_MAX_TERMS and search_was_cut(many)
    assert len(search_terms("か" * 5000)[0]) == 100 and search_was_cut("か" * 5000)
    assert not search_was_cut("見守り サロン") and search_terms("見守り サロン") == [
        "見守り",
        "さろん",
    ]


def test_a_thousand_word_search_answers_with_a_message_not_an_error(tmp_path, capsys):
    data = str(tmp_path / "town")
    main(["--data-dir", data, "demo"])
    capsys.readouterr()
    words = " ".join(["サロン"] + [f"語{n}" for n in range(1000)])
    assert main(["--data-dir", data, "search", words, "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == []
    assert "初めの 10 語" in out.err
    assert "SELECT" not in out.err and "思わぬエラー" not in out.err and len(out.err) < 500


def test_a_shared_server_that_is_not_there_is_said_in_japanese(tmp_path, capsys):
    url = "postgresql+psycopg://sasaeai@127.0.0.1:1/sasaeai"  # port 1: nothing listens
    assert main(["--data-dir", str(tmp_path), "--database-url", url, "list", "areas"]) == 2
    err = capsys.readouterr().err
    assert "サーバーにつながりません" in err and "connection" not in err.lower()


def test_a_url_that_is_not_one_is_said_in_japanese(tmp_path, capsys):
    for url in ("notaurl", "foo://bar"):
        assert main(["--data-dir", str(tmp_path), "--database-url", url, "list", "areas"]) == 2
        assert "URL の形式が正しくありません" in capsys.readouterr().err


def test_a_missing_database_or_user_on_the_server_is_said_in_japanese(tmp_path, capsys, pg_url):
    from sqlalchemy.engine import make_url

    base = make_url(pg_url)
    for url, words in (
        (base.set(database="sasaeai_no_such_db"), "データベースがありません"),
        (base.set(username="no_such_person"), "利用者名がありません"),
    ):
        rendered = url.render_as_string(hide_password=False)
        code = main(["--data-dir", str(tmp_path), "--database-url", rendered, "list", "areas"])
        err = capsys.readouterr().err
        assert code == 2 and words in err, err
