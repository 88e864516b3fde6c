"""The 議事録 editor driven as a recorder would: typing, autosave, confirming, correcting,
and two windows on the same minutes. Every result is read back through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from docx import Document
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox

import app.ui.meetings.minutes_editor as editor_module
import app.ui.meetings.minutes_files as files_module
import app.ui.meetings.minutes_parts as parts_module
from app.domain.enums import ActionState, Attendance, MeetingKind
from app.services.meetings.meeting import (
    AgendaInput,
    AttendeeInput,
    MeetingInput,
    MinutesLocked,
    create_meeting,
    get_meeting,
)
from app.services.meetings.minutes import minutes_input_of, save_minutes
from app.ui.meetings.minutes_editor import MinutesEditor
from app.ui.meetings.minutes_views import RevisionsDialog
from app.ui.tasks import wait_for_background_work

HELD_ON = date.today() - timedelta(days=7)  # confirming needs a meeting already held
DISCUSSION = (
    "民生委員から、坂の上の地区で買い物に困っている高齢者が増えているとの報告があった。\n"
    "移動販売車の巡回日を増やせないか、商店会に相談してはどうかという意見が出た。"
)
DECISIONS = "商店会に聞き取りを行い、次回報告する。"


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch):
    monkeypatch.setattr(editor_module, "AUTOSAVE_MS", 300)


@pytest.fixture
def meeting_id(town) -> int:
    meeting = create_meeting(
        town,
        MeetingInput(
            MeetingKind.COUNCIL.value,
            "第3回 北地区支え合い会議",
            HELD_ON,
            place="北公民館 2階会議室",
            agenda=(AgendaInput("地域の困りごと", "事務局"), AgendaInput("見守り活動の報告")),
            attendees=(
                AttendeeInput("山田 太郎", "会長"),
                AttendeeInput("佐藤 花子"),
                AttendeeInput("田中 次郎", status=Attendance.ABSENT.value),
                AttendeeInput("鈴木 一郎", status=Attendance.SECRETARIAT.value),
            ),
        ),
    )
    return meeting.id


@pytest.fixture
def answers(monkeypatch) -> dict:
    """Yes to every question the editor asks (and a record of them)."""
    asked: dict = {"confirm": [], "info": []}

    def yes(_parent, title, text):
        asked["confirm"].append(title)
        return True

    monkeypatch.setattr(editor_module, "confirm", yes)
    monkeypatch.setattr(parts_module, "confirm", yes)
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, title, text, *a: asked["info"].append(text)
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: asked["info"].append(text)
    )
    return asked


def open_editor(qtbot, context, meeting_id) -> MinutesEditor:
    editor = MinutesEditor(context, meeting_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def wait_saved(qtbot, editor: MinutesEditor) -> None:
    qtbot.waitUntil(lambda: not editor._saving and not editor.has_unsaved_changes(), timeout=10_000)


def write_minutes(editor: MinutesEditor, type_japanese) -> None:
    first = editor.agenda.forms[0]
    type_japanese(first.discussion, DISCUSSION)
    type_japanese(first.decisions, DECISIONS)
    type_japanese(editor.confirmer, "山田 太郎")


# ---------------------------------------------------------------------- typing and autosave


def test_typed_minutes_and_action_are_autosaved(qtbot, context, meeting_id, type_japanese):
    changed: list[str] = []
    context.records_changed.connect(changed.append)
    editor = open_editor(qtbot, context, meeting_id)
    assert editor.header.title.text() == "第3回 北地区支え合い会議"
    assert "北公民館" in editor.header.place.text()
    assert editor.header.attendance.text() == "出席 2名・欠席 1名・事務局 1名"
    assert editor.header.badge.text() == "下書き"
    assert [f.title.text() for f in editor.agenda.forms] == ["地域の困りごと", "見守り活動の報告"]
    assert editor.recorder.text() == "テスト担当"  # a new draft is written by the user

    write_minutes(editor, type_japanese)
    qtbot.mouseClick(editor.actions.add_button, Qt.MouseButton.LeftButton)
    row = editor.actions.rows[0]
    assert editor.focusWidget() is row.description
    type_japanese(row.description, "商店会に聞き取りをする")
    type_japanese(row.owner, "佐藤")
    qtbot.keyClicks(row.due, "R8.12.10")
    row.state.setCurrentIndex(row.state.findData(ActionState.DOING.value))
    assert editor.has_unsaved_changes()

    qtbot.waitUntil(lambda: "自動保存しました" in editor.status.text(), timeout=10_000)
    wait_saved(qtbot, editor)
    saved = get_meeting(context.db, meeting_id)
    assert saved.agenda[0].discussion == DISCUSSION
    assert saved.agenda[0].decisions == DECISIONS
    assert saved.agenda[0].presenter == "事務局"
    assert saved.recorder == "テスト担当" and saved.confirmer == "山田 太郎"
    action = saved.actions[0]
    assert (action.description, action.owner) == ("商店会に聞き取りをする", "佐藤")
    assert action.due_on == date(2026, 12, 10)
    assert action.state == ActionState.DOING.value
    assert "meeting" in changed
    assert editor._version == saved.version

    # Typing on keeps the same rows (ids given back), it does not add new ones.
    type_japanese(row.owner, "さん")
    qtbot.waitUntil(lambda: not editor.has_unsaved_changes() and not editor._saving, timeout=5000)
    again = get_meeting(context.db, meeting_id)
    assert [a.id for a in again.actions] == [action.id]
    assert again.actions[0].owner == "佐藤さん"
    assert [a.id for a in again.agenda] == [a.id for a in saved.agenda]


def test_agenda_items_added_moved_and_removed(qtbot, context, meeting_id, answers, type_japanese):
    editor = open_editor(qtbot, context, meeting_id)
    qtbot.mouseClick(editor.agenda.add_button, Qt.MouseButton.LeftButton)
    new = editor.agenda.forms[-1]
    assert editor.focusWidget() is new.title
    type_japanese(new.title, "その他")
    type_japanese(new.discussion, "次回は移動支援について話し合う。")
    assert editor.agenda.items.item(2).text() == "3. その他"
    qtbot.mouseClick(editor.agenda.up_button, Qt.MouseButton.LeftButton)
    assert editor.agenda.items.item(1).text() == "2. その他"
    editor.agenda.select(2)
    qtbot.mouseClick(editor.agenda.remove_button, Qt.MouseButton.LeftButton)  # 見守り活動の報告
    editor.save_now()
    wait_saved(qtbot, editor)
    assert [a.title for a in get_meeting(context.db, meeting_id).agenda] == [
        "地域の困りごと",
        "その他",
    ]
    assert answers["confirm"] == []  # a title without text goes without a question


def test_ctrl_s_saves_at_once(qtbot, context, meeting_id, monkeypatch, type_japanese):
    monkeypatch.setattr(editor_module, "AUTOSAVE_MS", 60_000)  # only Ctrl+S can save here
    editor = open_editor(qtbot, context, meeting_id)
    field = editor.agenda.forms[1].discussion
    editor.agenda.select(1)
    type_japanese(field, "見守りの声かけを月2回から毎週に増やした。")
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("保存しました"), timeout=5000)
    wait_saved(qtbot, editor)
    assert "毎週に増やした" in get_meeting(context.db, meeting_id).agenda[1].discussion
    assert not editor.timer.isActive()


def test_closing_saves_first(qtbot, context, meeting_id, monkeypatch, type_japanese):
    monkeypatch.setattr(editor_module, "AUTOSAVE_MS", 60_000)
    editor = open_editor(qtbot, context, meeting_id)
    type_japanese(editor.next_meeting, "令和9年1月20日(水) 午後1時30分から")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    assert get_meeting(context.db, meeting_id).next_meeting == "令和9年1月20日(水) 午後1時30分から"


def test_unreadable_due_date_is_shown_and_the_rest_still_saved(
    qtbot, context, meeting_id, answers, type_japanese
):
    editor = open_editor(qtbot, context, meeting_id)
    type_japanese(editor.agenda.forms[0].discussion, DISCUSSION)
    qtbot.mouseClick(editor.actions.add_button, Qt.MouseButton.LeftButton)
    row = editor.actions.rows[0]
    type_japanese(row.description, "チラシを配る")
    qtbot.keyClicks(row.due, "R8.13.40")
    qtbot.waitUntil(lambda: "自動保存しました" in editor.status.text(), timeout=5000)
    wait_saved(qtbot, editor)
    assert "期限" in editor.error_label.text() and not editor.error_label.isHidden()
    assert "#c62828" in row.due.styleSheet()
    saved = get_meeting(context.db, meeting_id)
    assert saved.agenda[0].discussion == DISCUSSION
    assert saved.actions[0].due_on is None
    assert row.due.text() == "R8.13.40"  # what was typed stays to be corrected

    editor.save_now()  # asked for, it refuses until the date reads
    assert "保存していません" in editor.status.text()


# ---------------------------------------------------------------------- confirm and correct


def test_confirm_locks_and_correction_opens_a_second_version(
    qtbot, context, meeting_id, answers, monkeypatch, type_japanese
):
    editor = open_editor(qtbot, context, meeting_id)
    write_minutes(editor, type_japanese)
    qtbot.mouseClick(editor.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.detail.confirmed, timeout=5000)
    assert answers["confirm"] == ["確認済みにしますか"]
    assert editor.header.badge.text() == "確認済み"
    assert not editor.locked_banner.isHidden()
    assert "訂正する" in editor.locked_banner.message.text()
    first = editor.agenda.forms[0]
    assert first.discussion.isReadOnly() and first.title.isReadOnly()
    assert editor.recorder.isReadOnly() and not editor.confirm_button.isEnabled()
    assert not editor.agenda.add_button.isEnabled()
    type_japanese(first.decisions, "書き足し")  # a locked field takes no typing
    assert first.decisions.toPlainText() == DECISIONS
    assert not editor.has_unsaved_changes() and not editor.timer.isActive()

    detail = get_meeting(context.db, meeting_id)
    assert detail.confirmed
    with pytest.raises(MinutesLocked):
        save_minutes(context.db, meeting_id, minutes_input_of(detail), detail.version)

    reasons = iter([("", True), ("決定事項の書き間違い", True)])
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: next(reasons))
    qtbot.mouseClick(editor.correct_button, Qt.MouseButton.LeftButton)
    assert answers["info"] == ["訂正の理由を入力してください。"]  # empty reason asked again
    assert editor.detail.minutes_revision == 2
    assert editor.header.badge.text() == "訂正中（第2版）"
    assert editor.locked_banner.isHidden()
    assert not editor.agenda.forms[0].decisions.isReadOnly()

    decisions = editor.agenda.forms[0].decisions
    decisions.selectAll()
    type_japanese(decisions, "商店会と移動販売の事業者に聞き取りを行う。")
    editor.save_now()
    wait_saved(qtbot, editor)
    assert "事業者" in get_meeting(context.db, meeting_id).agenda[0].decisions

    shown: list[RevisionsDialog] = []
    monkeypatch.setattr(RevisionsDialog, "exec", lambda self: shown.append(self))
    assert editor.revisions_button.isEnabled()
    qtbot.mouseClick(editor.revisions_button, Qt.MouseButton.LeftButton)
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "第1版"
    assert dialog.table.item(0, 2).text() == "テスト担当"
    assert DECISIONS in dialog.text.toPlainText()
    assert dialog.text.isReadOnly()


def test_confirm_with_empty_recorder_shows_the_message_at_the_field(
    qtbot, context, meeting_id, answers, type_japanese
):
    editor = open_editor(qtbot, context, meeting_id)
    write_minutes(editor, type_japanese)
    editor.recorder.clear()
    qtbot.mouseClick(editor.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "記録者" in editor.error_label.text(), timeout=5000)
    assert not editor.error_label.isHidden()
    assert "#c62828" in editor.recorder.styleSheet()
    assert editor.tabs.currentIndex() == 1  # the tab with 記録者 is brought forward
    assert not get_meeting(context.db, meeting_id).confirmed
    assert not editor.recorder.isReadOnly()


# ---------------------------------------------------------------------- two windows


def test_second_window_gets_the_conflict_and_keeps_its_text(
    qtbot, context, meeting_id, answers, type_japanese
):
    first = open_editor(qtbot, context, meeting_id)
    second = open_editor(qtbot, context, meeting_id)
    type_japanese(first.agenda.forms[0].discussion, "一つ目の窓で書いた内容。")
    first.save_now()
    wait_saved(qtbot, first)

    mine = "二つ目の窓で書いた、長い協議内容。"
    type_japanese(second.agenda.forms[0].discussion, mine)
    second.save_now()
    qtbot.waitUntil(lambda: not second.conflict_banner.isHidden(), timeout=5000)
    assert "保存していません" in second.conflict_banner.message.text()
    assert "消えていません" in second.conflict_banner.message.text()
    assert second.agenda.forms[0].discussion.toPlainText() == mine
    assert not second.timer.isActive()
    assert get_meeting(context.db, meeting_id).agenda[0].discussion == "一つ目の窓で書いた内容。"
    type_japanese(second.agenda.forms[0].decisions, "まだ書ける")
    assert not second.timer.isActive()  # autosave stays off

    qtbot.mouseClick(second.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert mine in copied and "まだ書ける" in copied and "地域の困りごと" in copied
    assert second.kept_copy is not None and mine in second.kept_copy.read_text("utf-8")

    qtbot.mouseClick(second.reload_button, Qt.MouseButton.LeftButton)
    assert answers["confirm"] == ["最新を読み込みますか"]
    assert second.conflict_banner.isHidden()
    assert second.agenda.forms[0].discussion.toPlainText() == "一つ目の窓で書いた内容。"
    type_japanese(second.agenda.forms[0].decisions, "読み込み後の決定")
    second.save_now()
    wait_saved(qtbot, second)
    assert get_meeting(context.db, meeting_id).agenda[0].decisions == "読み込み後の決定"
    wait_for_background_work()


# ---------------------------------------------------------------------- papers


def test_paper_buttons_save_first_then_build(
    qtbot, context, meeting_id, monkeypatch, type_japanese, tmp_path
):
    asked: list[tuple] = []

    def fake_save_paper(parent, title, default_name, build, suffix=".pdf"):
        asked.append((title, default_name, suffix))
        build(tmp_path / f"out{suffix}")

    monkeypatch.setattr(files_module, "save_paper", fake_save_paper)
    monkeypatch.setattr(editor_module, "AUTOSAVE_MS", 60_000)
    editor = open_editor(qtbot, context, meeting_id)
    type_japanese(editor.agenda.forms[0].discussion, DISCUSSION)
    qtbot.mouseClick(editor.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)  # after the pending edits are saved
    assert get_meeting(context.db, meeting_id).agenda[0].discussion == DISCUSSION
    qtbot.mouseClick(editor.word_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    assert [a[2] for a in asked] == [".pdf", ".docx"]
    assert asked[0][1] == "第3回 北地区支え合い会議_議事録"
    pdf_text = "".join(p.extract_text() for p in PdfReader(tmp_path / "out.pdf").pages)
    assert "議事録" in pdf_text and DISCUSSION[:10] in pdf_text.replace("\n", "")
    word = Document(str(tmp_path / "out.docx"))
    assert any(DISCUSSION[:10] in p.text for p in word.paragraphs)


def test_closing_after_a_conflict_asks_and_can_copy_first(
    qtbot, context, meeting_id, answers, monkeypatch, type_japanese
):
    editor = open_editor(qtbot, context, meeting_id)
    other = get_meeting(context.db, meeting_id)
    save_minutes(context.db, meeting_id, minutes_input_of(other), other.version)  # another PC
    type_japanese(editor.agenda.forms[0].discussion, "閉じる前の文章")
    editor.save_now()
    qtbot.waitUntil(lambda: not editor.conflict_banner.isHidden(), timeout=5000)

    answers_given = iter(["stay", "copy"])
    monkeypatch.setattr(editor_module, "ask_close_unsaved", lambda _parent: next(answers_given))
    editor.close()
    assert editor.isVisible()  # 閉じずに戻る
    editor.close()
    assert not editor.isVisible()
    assert "閉じる前の文章" in QGuiApplication.clipboard().text()


def test_the_recorder_filled_in_for_a_new_draft_is_saved_too(qtbot, context, meeting_id):
    """The editor shows the user as 記録者; that must reach the record, not only the screen."""
    assert get_meeting(context.db, meeting_id).recorder == ""
    editor = open_editor(qtbot, context, meeting_id)
    assert editor.recorder.text() == context.db.user
    wait_saved(qtbot, editor)  # the autosave takes it without any typing
    assert get_meeting(context.db, meeting_id).recorder == context.db.user
    wait_for_background_work()
