"""Minutes autosave: one save of a long draft, as the editor does every few seconds of typing.

    python bench/bench_minutes.py [RUNS]

A meeting with 6 agenda items of about 1,500 characters each and 8 action items. The app's
save (load, version check, clean every field, sync the child rows, bump the version, commit)
is timed next to a raw sqlite3 baseline that only UPDATEs the same texts in one transaction.
Also times building the 議事録 PDF of that meeting, next to reportlab writing the same text
as plain paragraphs (no table, no furniture).
"""

from __future__ import annotations

import io
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from app.db.engine import Database
from app.db.migrate import prepare_database
from app.services.meetings.meeting import AgendaInput, MeetingInput, create_meeting
from app.services.meetings.minutes import (
    ActionInput,
    AgendaMinutesInput,
    MinutesInput,
    save_minutes,
)

PARAGRAPH = "地域の困りごとについて意見を交わした。買い物や通院の足に困る声が多く、" * 30


def _minutes(round_: int) -> MinutesInput:
    return MinutesInput(
        agenda=tuple(
            AgendaMinutesInput(
                f"議題{n}", discussion=f"{PARAGRAPH}{round_}", decisions=f"決定{n}-{round_}"
            )
            for n in range(6)
        ),
        actions=tuple(ActionInput(f"対応{n}", "担当者", date(2027, 1, n + 1)) for n in range(8)),
        recorder="記録者",
        confirmer="確認者",
    )


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        db = Database(f"sqlite:///{path}", user="bench")
        prepare_database(db, Path(tmp) / "backups")
        meeting = create_meeting(
            db,
            MeetingInput(
                "council",
                "第1回 ベンチ会議",
                date(2026, 4, 1),
                agenda=tuple(AgendaInput(f"議題{n}") for n in range(6)),
            ),
        )
        version = meeting.version
        app_times = []
        for round_ in range(runs):
            start = time.perf_counter()
            version = save_minutes(db, meeting.id, _minutes(round_), version).version
            app_times.append(time.perf_counter() - start)
        db.dispose()

        connection = sqlite3.connect(path)
        connection.execute("PRAGMA synchronous=FULL")
        raw_times = []
        for round_ in range(runs):
            start = time.perf_counter()
            with connection:
                for n in range(6):
                    connection.execute(
                        "UPDATE agenda_item SET discussion=?, decisions=? "
                        "WHERE meeting_id=? AND position=?",
                        (f"{PARAGRAPH}{round_}", f"決定{n}-{round_}", meeting.id, n),
                    )
                connection.execute("UPDATE meeting SET version=version+1 WHERE id=?", (meeting.id,))
            raw_times.append(time.perf_counter() - start)
        connection.close()

        app_ms, raw_ms = _median_ms(app_times), _median_ms(raw_times)
        print(f"minutes autosave, {runs} runs (6 items × {len(PARAGRAPH)} chars, 8 actions)")
        print(f"  app save_minutes     median {app_ms:7.2f} ms")
        print(f"  raw sqlite3 UPDATEs  median {raw_ms:7.2f} ms")
        print(f"  ratio                {app_ms / raw_ms:7.1f}×")
        _paper(path, meeting.id, max(3, runs // 10))


def _paper(path: Path, meeting_id: int, runs: int) -> None:
    try:
        from app.reports.meeting_papers import build_minutes
        from app.services.meetings.papers import minutes_paper
    except ImportError:  # papers not built in this checkout
        return
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from app.reports.base import register_font

    db = Database(f"sqlite:///{path}", user="bench")
    data = minutes_paper(db, meeting_id)
    font = register_font()
    style = ParagraphStyle("p", fontName=font, fontSize=10.5, leading=15)
    app_times, raw_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        build_minutes(data, io.BytesIO())
        app_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        story = [Paragraph(PARAGRAPH, style) for _ in range(6)]
        SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)
        raw_times.append(time.perf_counter() - start)
    db.dispose()
    app_ms, raw_ms = _median_ms(app_times), _median_ms(raw_times)
    print(f"議事録 PDF of that meeting, {runs} runs")
    print(f"  app build_minutes    median {app_ms:7.1f} ms")
    print(f"  raw reportlab text   median {raw_ms:7.1f} ms")
    print(f"  ratio                {app_ms / raw_ms:7.1f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
