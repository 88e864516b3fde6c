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
