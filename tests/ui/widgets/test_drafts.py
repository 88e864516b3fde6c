"""The one draft store every wizard uses: typed values survive, damaged files are ignored."""

from __future__ import annotations

from datetime import date, time

from app.ui.widgets.drafts import DraftStore, tuple_of


def test_values_round_trip_and_only_known_keys_are_kept(data_dir):
    store = DraftStore.of("test", ("name", "ids", "when", "at"), ids=tuple_of(int))
    store.save(
        data_dir,
        {"name": "北サロン", "ids": (1, 2), "when": date(2026, 4, 1), "at": time(13, 30), "x": 1},
        page=3,
    )
    values, page = store.load(data_dir)
    assert values == {"name": "北サロン", "ids": (1, 2), "when": "2026-04-01", "at": "13:30"}
    assert page == 3
    store.delete(data_dir)
    assert store.load(data_dir) is None


def test_a_damaged_or_foreign_file_is_ignored(data_dir):
    store = DraftStore.of("test", ids=tuple_of(int))
    store.path(data_dir).parent.mkdir(parents=True, exist_ok=True)
    store.path(data_dir).write_text("{ not json", encoding="utf-8")
    assert store.load(data_dir) is None
    store.path(data_dir).write_text('{"values": {"ids": [1, "x", 3]}, "page": "?"}', "utf-8")
    assert store.load(data_dir) == ({"ids": (1, 3)}, 0)


def test_closing_the_question_resumes_and_only_discard_drops(qtbot, data_dir, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWizard, QWizardPage

    from app.ui.widgets.drafts import resume_draft

    store = DraftStore.of("test")
    filled = []

    def wizard() -> QWizard:
        w = QWizard()
        for _ in range(3):
            w.addPage(QWizardPage())
        qtbot.addWidget(w)
        w.show()
        return w

    for answer, resumed in (
        (QMessageBox.StandardButton.NoButton, True),  # Esc or the window's close button
        (QMessageBox.StandardButton.Discard, False),
    ):
        store.save(data_dir, {"name": "書きかけ"}, page=2)
        monkeypatch.setattr(QMessageBox, "question", lambda *_a, answer=answer: answer)
        w = wizard()
        assert resume_draft(w, store, data_dir, "?", {}, filled.append, 2) is resumed
        assert store.load(data_dir) is not None or not resumed
    assert filled == [{"name": "書きかけ"}]
