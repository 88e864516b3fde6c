"""The 会議 form driven as a coordinator would: type, load the members, add a guest, save."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from app.domain.enums import Attendance, CouncilStatus, MeetingKind, MemberRole
from app.services.councils.council import CouncilInput, MemberInput, create_council
from app.services.errors import ConflictError
from app.services.meetings.meeting import (
    AgendaInput,
    MeetingInput,
    create_meeting,
    get_meeting,
    list_meetings,
    update_meeting,
)
from app.services.meetings.minutes import confirm_minutes, minutes_input_of, save_minutes
from app.services.setup.areas import list_areas
from app.ui.meetings import meeting_dialog
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.widgets.forms import Choice


@pytest.fixture(autouse=True)
def no_question_on_teardown(monkeypatch):
    """Dialogs left open with edits are closed at teardown: answer 「保存しない」 for them."""
    monkeypatch.setattr(meeting_dialog, "ask_save_changes", lambda _p, _w: Choice.DISCARD)


def area_id(db, name: str) -> int:
    return next(a.id for a in list_areas(db) if a.name == name)


@pytest.fixture
def council(town):
    return create_council(
        town,
        CouncilInput(
            name="北地区支え合い会議",
            layer=2,
            area_id=area_id(town, "北地区"),
            status=CouncilStatus.ACTIVE.value,
            established_on=date(2026, 4, 1),
            members=(
                MemberInput(new_name="山田 太郎", role=MemberRole.CHAIR.value, title="自治会長"),
                MemberInput(new_name="佐藤 花子"),
                MemberInput(new_name="鈴木 一郎", role=MemberRole.SECRETARIAT.value),
                MemberInput(new_name="前任 次郎", ends_on=date(2026, 3, 31)),
            ),
        ),
    )


def open_dialog(qtbot, context, **kwargs) -> MeetingDialog:
    dialog = MeetingDialog(context, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def open_editor(table) -> QLineEdit | None:
    """The line edit of the cell being edited, if one is open."""
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    return editors[0] if editors else None


def type_cell(qtbot, type_japanese, table, row: int, column: int, text: str) -> None:
    """Edit a table cell as a person does: start editing, type, press Enter."""
    editor = open_editor(table)
    if editor is None or (table.currentRow(), table.currentColumn()) != (row, column):
        table.setCurrentCell(row, column)
        table.editItem(table.item(row, column))
        editor = open_editor(table)
    assert editor is not None
    type_japanese(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_new_council_meeting_typed_in_japanese_is_saved_whole(
    qtbot, context, council, type_japanese
):
    dialog = open_dialog(qtbot, context, council_id=council.id)
    assert dialog.kind_combo.currentData() == MeetingKind.COUNCIL.value
    assert dialog.area_combo.currentText() == "北地区"  # filled from the council
    assert dialog.title_edit.text() == "第1回 北地区支え合い会議"  # a suggestion
    dialog.title_edit.clear()
    type_japanese(dialog.title_edit, "第1回 北地区支え合い会議（拡大）")
    qtbot.keyClicks(dialog.date_field.edit, "R8.11.26")
    assert dialog.date_field.reading.text() == "令和8年11月26日(木)"
    qtbot.keyClicks(dialog.start_edit, "13:30")
    type_japanese(dialog.end_edit, "午後3時")
    type_japanese(dialog.place_edit, "北公民館 2階 会議室")
    type_japanese(dialog.handouts_edit, "資料1 地域資源マップ\n資料2 アンケート結果")

    qtbot.mouseClick(dialog.add_agenda_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, type_japanese, dialog.agenda_table, 0, 0, "地域の困りごと")
    type_cell(qtbot, type_japanese, dialog.agenda_table, 0, 1, "SC 佐藤")
    qtbot.mouseClick(dialog.add_agenda_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, type_japanese, dialog.agenda_table, 1, 0, "見守りマップづくり")
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)  # 2nd item goes first

    qtbot.mouseClick(dialog.load_members_button, Qt.MouseButton.LeftButton)
    names = [dialog.attendee_table.item(r, 0).text() for r in range(3)]
    assert dialog.attendee_table.rowCount() == 3  # 前任 次郎's term had ended
    assert names == ["山田 太郎", "佐藤 花子", "鈴木 一郎"]
    qtbot.mouseClick(dialog.load_members_button, Qt.MouseButton.LeftButton)
    assert dialog.attendee_table.rowCount() == 3  # nobody twice
    absent = dialog.attendee_table.cellWidget(1, 2)
    absent.setCurrentIndex(absent.findData(Attendance.ABSENT.value))

    qtbot.mouseClick(dialog.add_guest_button, Qt.MouseButton.LeftButton)
    editor = open_editor(dialog.attendee_table)  # the new row's name cell is open for typing
    type_japanese(editor, "見学 みどり")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    type_cell(qtbot, type_japanese, dialog.attendee_table, 3, 1, "町内の大学生")
    assert dialog.attendance_count.text() == "出席 1人・欠席 1人・傍聴 1人"

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == MeetingDialog.DialogCode.Accepted
    saved = get_meeting(context.db, dialog.saved.id)
    assert saved.title == "第1回 北地区支え合い会議（拡大）"
    assert saved.council_id == council.id and saved.area_name == "北地区"
    assert saved.when == "令和8年11月26日(木) 午後1時30分～3時00分"
    assert saved.place == "北公民館 2階 会議室"
    assert saved.handout_list == ["資料1 地域資源マップ", "資料2 アンケート結果"]
    assert [(a.title, a.presenter) for a in saved.agenda] == [
        ("見守りマップづくり", ""),
        ("地域の困りごと", "SC 佐藤"),
    ]
    assert [(a.name, a.title, a.status) for a in saved.attendees] == [
        ("山田 太郎", "自治会長", Attendance.PRESENT.value),
        ("佐藤 花子", "委員", Attendance.ABSENT.value),
        ("鈴木 一郎", "事務局", Attendance.SECRETARIAT.value),
        ("見学 みどり", "町内の大学生", Attendance.GUEST.value),
    ]
    assert saved.attendees[0].person_id is not None


def test_ending_before_starting_is_shown_at_the_field_and_nothing_is_saved(
    qtbot, context, type_japanese
):
    dialog = open_dialog(qtbot, context)
    assert dialog.kind_combo.currentData() == MeetingKind.ROUND_TABLE.value
    type_japanese(dialog.title_edit, "北地区 座談会")
    qtbot.keyClicks(dialog.date_field.edit, "R8.11.26")
    qtbot.keyClicks(dialog.start_edit, "15:00")
    qtbot.keyClicks(dialog.end_edit, "14:00")
    qtbot.mouseClick(dialog.add_attendee_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(
        open_editor(dialog.attendee_table), Qt.Key.Key_Return
    )  # a row left without a name...
    type_cell(qtbot, type_japanese, dialog.attendee_table, 0, 1, "ゲスト")  # ...but a title

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.saved is None
    assert "終わりの時刻" in dialog.field_errors["times"].text()
    assert dialog.field_errors["times"].isVisible()
    assert "#c62828" in dialog.end_edit.styleSheet()
    assert "1行目に氏名がありません" in dialog.field_errors["attendees"].text()
    assert list_meetings(context.db) == []

    dialog.end_edit.clear()
    qtbot.keyClicks(dialog.end_edit, "16:30")
    type_cell(qtbot, type_japanese, dialog.attendee_table, 0, 0, "来賓 一名")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.field_errors["times"].isVisible()
    assert [m.title for m in list_meetings(context.db)] == ["北地区 座談会"]


def test_no_title_and_an_unreadable_date_are_shown_at_their_fields(qtbot, context):
    dialog = open_dialog(qtbot, context)
    qtbot.keyClicks(dialog.date_field.edit, "R8.13.40")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_errors["held_on"].isVisible()
    assert "月" in dialog.field_errors["held_on"].text()
    dialog.date_field.edit.clear()
    qtbot.keyClicks(dialog.date_field.edit, "2026/11/26")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "会議名" in dialog.field_errors["title"].text()
    assert not dialog.field_errors["held_on"].isVisible()
    assert list_meetings(context.db) == []


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_the_text(
    qtbot, context, monkeypatch, type_japanese
):
    dialog = open_dialog(qtbot, context)
    type_japanese(dialog.title_edit, "未保存の会議")
    asked = []
    monkeypatch.setattr(
        meeting_dialog, "ask_save_changes", lambda _p, what: asked.append(what) or Choice.CANCEL
    )
    dialog.reject()
    assert asked == ["新しい会議"]
    assert dialog.isVisible() and dialog.title_edit.text() == "未保存の会議"
    monkeypatch.setattr(meeting_dialog, "ask_save_changes", lambda _p, _w: Choice.DISCARD)
    dialog.reject()
    assert not dialog.isVisible()
    assert list_meetings(context.db) == []


def test_editing_keeps_rows_and_a_conflict_keeps_what_was_typed(
    qtbot, context, monkeypatch, type_japanese
):
    meeting = create_meeting(
        context.db,
        MeetingInput(
            MeetingKind.LIAISON.value,
            "連絡会議",
            date(2026, 6, 1),
            starts_at=time(10, 0),
            agenda=(AgendaInput("報告"),),
        ),
    )
    dialog = open_dialog(qtbot, context, meeting=meeting)
    assert dialog.date_field.text() == "令和8年6月1日"
    assert dialog.start_edit.text() == "10:00"
    assert dialog.agenda_table.item(0, 0).text() == "報告"
    # someone else saves the meeting meanwhile
    update_meeting(
        context.db,
        meeting.id,
        MeetingInput(MeetingKind.LIAISON.value, "連絡会議（変更）", date(2026, 6, 1)),
        expected_version=meeting.version,
    )
    warned = []
    monkeypatch.setattr(meeting_dialog, "show_service_error", lambda _p, e: warned.append(e))
    type_japanese(dialog.place_edit, "役場 3階")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert warned and isinstance(warned[0], ConflictError)
    assert dialog.isVisible() and dialog.place_edit.text() == "役場 3階"
    assert get_meeting(context.db, meeting.id).place == ""


def test_meeting_with_confirmed_minutes_opens_read_only(qtbot, context):
    meeting = create_meeting(
        context.db,
        MeetingInput(
            MeetingKind.ROUND_TABLE.value,
            "座談会",
            date(2026, 5, 1),
            agenda=(AgendaInput("困りごと"),),
        ),
    )
    minutes = replace(minutes_input_of(meeting), recorder="記録 係", confirmer="確認 係")
    save_minutes(context.db, meeting.id, minutes)
    confirmed = confirm_minutes(context.db, meeting.id, today=date(2026, 5, 2))
    dialog = open_dialog(qtbot, context, meeting=get_meeting(context.db, confirmed.id))
    assert dialog.read_only
    assert dialog.lock_label.isVisible() and "訂正する" in dialog.lock_label.text()
    assert dialog.title_edit.isReadOnly()
    assert not dialog.kind_combo.isEnabled()
    assert not dialog.add_agenda_button.isEnabled()
    assert not dialog.save_button.isVisible()
    assert dialog.cancel_button.text() == "閉じる"
    dialog.reject()  # closes without asking
    assert not dialog.isVisible()


def test_removing_an_item_that_holds_minutes_asks_first(qtbot, context, monkeypatch):
    from app.services.meetings.minutes import AgendaMinutesInput, MinutesInput

    meeting = create_meeting(
        context.db, MeetingInput(MeetingKind.COUNCIL.value, "第1回 会議", date(2026, 5, 1))
    )
    written = save_minutes(
        context.db,
        meeting.id,
        MinutesInput(agenda=(AgendaMinutesInput("困りごと", discussion="話し合った内容"),)),
        meeting.version,
    )
    dialog = open_dialog(qtbot, context, meeting=written)
    answers = []
    monkeypatch.setattr(meeting_dialog, "confirm", lambda _p, _t, text: answers.append(text))
    dialog.agenda_table.setCurrentCell(0, 0)
    dialog.remove_agenda_row()
    assert "「困りごと」には議事録" in answers[0]
    assert dialog.agenda_table.rowCount() == 1  # answered no: kept
    monkeypatch.setattr(meeting_dialog, "confirm", lambda *_a: True)
    dialog.remove_agenda_row()
    assert dialog.agenda_table.rowCount() == 0
