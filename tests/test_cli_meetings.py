"""Meeting papers from the command line: list meetings and councils, print, export to Word."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from docx import Document
from pypdf import PdfReader

from app.domain.enums import CouncilStatus, MemberRole
from app.main import main
from app.services.councils.council import (
    CouncilInput,
    FirstMeetingInput,
    MemberInput,
    create_council,
)
from app.services.meetings.meeting import (
    AgendaInput,
    MeetingInput,
    get_meeting,
    list_meetings,
    update_meeting,
)
from app.services.meetings.minutes import (
    AgendaMinutesInput,
    MinutesInput,
    confirm_minutes,
    save_minutes,
)
from app.services.setup.areas import list_areas

WHEN = "令和8年5月20日(水) 午後1時30分～3時00分"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def folder(town, tmp_path) -> tuple[str, int, int]:
    """テスト町 (in the `data` folder the CLI opens) with a council and confirmed minutes."""
    north = next(a.id for a in list_areas(town) if a.name == "北地区")
    council = create_council(
        town,
        CouncilInput(
            name="北地区支え合い会議",
            layer=2,
            area_id=north,
            status=CouncilStatus.ACTIVE.value,
            established_on=date(2026, 4, 1),
            members=(
                MemberInput(new_name="山田 太郎", role=MemberRole.CHAIR.value, title="自治会長"),
                MemberInput(new_name="佐藤 花子", new_reading="さとう はなこ"),
            ),
        ),
        FirstMeetingInput(date(2026, 5, 20), time(13, 30), time(15, 0), "北公民館"),
    )
    [meeting_id] = [m.id for m in list_meetings(town)]
    meeting = get_meeting(town, meeting_id)
    meeting = update_meeting(
        town,
        meeting_id,
        MeetingInput(
            meeting.kind,
            meeting.title,
            meeting.held_on,
            council_id=council.id,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place,
            agenda=(AgendaInput("地域の困りごと"),),
        ),
        meeting.version,
    )
    minutes = MinutesInput(
        agenda=(
            AgendaMinutesInput(
                "地域の困りごと", "", "買い物の声", "見守りマップを作る", meeting.agenda[0].id
            ),
        ),
        next_meeting="令和8年7月",
        recorder="佐藤 花子",
        confirmer="山田 太郎",
    )
    saved = save_minutes(town, meeting_id, minutes, meeting.version)
    confirm_minutes(town, meeting_id, saved.version, today=date(2026, 5, 27))
    return str(tmp_path / "data"), council.id, meeting_id


def test_list_meetings_and_councils_as_json(folder, capsys):
    data, council_id, meeting_id = folder
    code, out, _err = _run(capsys, "--data-dir", data, "list", "meetings", "--json")
    assert code == 0
    [meeting] = json.loads(out)
    assert meeting["id"] == meeting_id and meeting["name"] == "第1回 北地区支え合い会議"
    assert meeting["held_on"] == "2026-05-20" and meeting["when"] == WHEN
    assert meeting["kind"] == "council" and meeting["kind_label"] == "協議体"
    assert meeting["minutes_state"] == "confirmed" and meeting["minutes_label"] == "確認済み"
    code, out, _err = _run(capsys, "--data-dir", data, "list", "councils", "--json")
    [council] = json.loads(out)
    assert code == 0 and council["id"] == council_id and council["name"] == "北地区支え合い会議"
    assert council["members"] == 2 and council["meetings"] == 1
    code, out, err = _run(capsys, "--data-dir", data, "list", "meetings")
    assert out.split("\t")[:3] == [str(meeting_id), "第1回 北地区支え合い会議", "R8.5.20"]
    assert "会議: 1 件" in err


@pytest.mark.parametrize(
    ("paper", "words"),
    [
        ("minutes", ["議事録", "出席者", "議事", "決定事項", "見守りマップを作る", "確認者"]),
        ("agenda", ["次第", "開会", "地域の困りごと", "閉会"]),
        ("signin", ["出席者名簿", "山田 太郎", "署名"]),
    ],
)
def test_meeting_papers_are_written_as_pdfs(folder, capsys, tmp_path, paper, words):
    data, _council, meeting_id = folder
    out = tmp_path / f"{paper}.pdf"
    code, _out, err = _run(
        capsys, "--data-dir", data, "report", paper, "--meeting", str(meeting_id), "-o", str(out)
    )
    assert code == 0 and "ページ" in err and str(out) in err
    text = _text(out)
    assert all(word in text for word in words), text
    assert "令和8年5月20日" in text and "テスト町" in text


def test_filed_revision_and_roster_from_the_command_line(folder, capsys, tmp_path):
    data, council_id, meeting_id = folder
    out = tmp_path / "v1.pdf"
    code, _out, _err = _run(
        capsys,
        *("--data-dir", data, "report", "minutes", "--meeting", str(meeting_id)),
        *("--revision", "1", "-o", str(out)),
    )
    assert code == 0 and "確認済み（令和8年5月27日確認）" in _text(out)
    code, _out, err = _run(
        capsys,
        *("--data-dir", data, "report", "minutes", "--meeting", str(meeting_id)),
        *("--revision", "3", "-o", str(tmp_path / "v3.pdf")),
    )
    assert code == 1 and "第3版はありません" in err and not (tmp_path / "v3.pdf").exists()
    roster = tmp_path / "roster.pdf"
    code, _out, err = _run(
        capsys,
        *("--data-dir", data, "report", "roster", "--council", str(council_id)),
        *("--on", "令和8年6月1日", "-o", str(roster)),
    )
    text = _text(roster)
    assert code == 0 and "委員名簿" in text and "令和8年6月1日現在" in text
    assert text.index("山田 太郎") < text.index("佐藤 花子")
    code, _out, err = _run(
        capsys,
        *("--data-dir", data, "report", "roster", "--council", str(council_id)),
        *("--on", "あした", "-o", str(roster)),
    )
    assert code == 1 and "--on の日付が読めません" in err


def test_minutes_exported_as_a_word_document(folder, capsys, tmp_path):
    data, _council, meeting_id = folder
    out = tmp_path / "議事録.docx"
    code, _out, err = _run(
        capsys,
        "--data-dir",
        data,
        "export",
        "minutes",
        "--meeting",
        str(meeting_id),
        "-o",
        str(out),
    )
    assert code == 0 and "書き出しました" in err
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "第1回 北地区支え合い会議　議事録"
    assert {"議事", "次回予定"} <= set(texts) and "見守りマップを作る" in texts
    code, _out, err = _run(
        capsys,
        *("--data-dir", data, "export", "minutes", "--meeting", str(meeting_id)),
        *("-o", str(tmp_path / "議事録.pdf")),
    )
    assert code == 1 and ".docx" in err and not (tmp_path / "議事録.pdf").exists()


def test_unknown_or_missing_ids_fail_with_a_japanese_message(folder, capsys, tmp_path):
    data, _council, _meeting = folder
    out = tmp_path / "x.pdf"
    for argv in (
        ("report", "minutes", "--meeting", "999", "-o", str(out)),
        ("report", "signin", "--meeting", "999", "-o", str(out)),
        ("export", "minutes", "--meeting", "999", "-o", str(tmp_path / "x.docx")),
    ):
        code, _out, err = _run(capsys, "--data-dir", data, *argv)
        assert code == 1 and "会議（番号 999）が見つかりません" in err, argv
        assert "sasaeai list meetings" in err
    code, _out, err = _run(
        capsys, "--data-dir", data, "report", "roster", "--council", "42", "-o", str(out)
    )
    assert code == 1 and "協議体（番号 42）が見つかりません" in err
    assert "sasaeai list councils" in err
    code, _out, err = _run(capsys, "--data-dir", data, "report", "agenda", "-o", str(out))
    assert code == 1 and "--meeting で指定してください" in err
    code, _out, err = _run(capsys, "--data-dir", data, "export", "minutes", "--meeting", "1")
    assert code == 1 and "-o で指定してください" in err
    assert not out.exists() and not (tmp_path / "x.docx").exists()
