"""課題登録 wizard: a new 地域課題 (or an existing one) entered page by page, checked on 次へ.

A new issue half entered is kept as a draft on every move to another page and when the wizard
is closed, and offered the next time; finishing deletes it. Edits are saved with the version
they were opened at, so a change made meanwhile elsewhere is never overwritten silently.
Names, phone numbers and street numbers are looked for as the text is typed; finishing with
some left and 「個人情報を含む」 unmarked asks first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from app.domain.enums import IssueSource, IssueState
from app.domain.wareki import WarekiError
from app.services.errors import ServiceError, ValidationError
from app.services.issues.issue import (
    IssueInput,
    IssueRow,
    create_issue,
    update_issue,
    validate_issue,
)
from app.ui.context import AppContext
from app.ui.issues.detail import issue_html
from app.ui.issues.drafts import STORE, delete_draft, save_draft
from app.ui.issues.wizard_levels import LevelsPage, PrivacyPage
from app.ui.issues.wizard_pages import (
    ContentPage,
    IssuePage,
    PlaceKindsPage,
    ReviewPage,
    SourcePage,
)
from app.ui.widgets.drafts import draft_question, resume_draft
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm, name_wizard_buttons

DRAFT_QUESTION = draft_question("地域課題")
PERSONAL_QUESTION = (
    "中身に、個人が分かりそうな語が残っています：\n{found}\n\n"
    "「個人情報を含む」に印を付けて登録しますか？\n"
    "「はい」… 印を付けて登録します（住民向けの資料には中身を載せません）\n"
    "「いいえ」… 印を付けずにこのまま登録します\n"
    "「キャンセル」… 登録せずに戻ります（「戻る」で中身を伏せ字にできます）"
)
WIZARD_SIZE = (900, 660)


def input_of(issue: IssueRow) -> IssueInput:
    """What the wizard edits of a saved issue."""
    return IssueInput(
        title=issue.title,
        area_ids=issue.area_ids,
        description=issue.description,
        source=issue.source,
        meeting_id=issue.meeting_id,
        kinds=issue.kinds,
        urgency=issue.urgency,
        importance=issue.importance,
        people_affected=issue.people_affected,
        state=issue.state,
        personal=issue.personal,
        sensitive=issue.sensitive,
        noticed_on=issue.noticed_on,
        notes=issue.notes,
    )


class IssueWizard(QWizard):
    """`issue` None registers a new issue; a row edits it. `saved` holds the result."""

    def __init__(
        self,
        context: AppContext,
        issue: IssueRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.issue = issue
        self.saved: IssueRow | None = None
        final = "登録する" if issue is None else "保存する"
        self.final_text = final
        self.setWindowTitle("地域課題の登録" if issue is None else f"「{issue.title}」の編集")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        if issue is not None:  # an edit can be saved from any page
            self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages)
        name_wizard_buttons(self, finish=final)
        self.source_page = SourcePage(context)
        self.content_page = ContentPage()
        self.place_page = PlaceKindsPage(context)
        self.levels_page = LevelsPage(handed_over=issue is not None and issue.handed_over)
        self.privacy_page = PrivacyPage()
        self.review_page = ReviewPage(final)
        self.issue_pages: list[IssuePage] = [
            self.source_page,
            self.content_page,
            self.place_page,
            self.levels_page,
            self.privacy_page,
            self.review_page,
        ]
        for number, page in enumerate(self.issue_pages, start=1):
            page.setTitle(f"{page.title()}（{number}/{len(self.issue_pages)}）")
            page.setFinalPage(issue is not None)
            self.addPage(page)
        self.fill(self._start_values())
        self._initial = self.values()
        self.content_page.findings_changed.connect(self._findings_changed)
        self._findings_changed()
        self.resize(*WIZARD_SIZE)
        if issue is None:
            self._offer_draft()
            self.currentIdChanged.connect(self._keep_draft)

    # ------------------------------------------------------------------ values
    def _start_values(self) -> dict:
        if self.issue is not None:
            data = input_of(self.issue)
            return {k: getattr(data, k) for k in data.__dataclass_fields__}
        return {
            "source": IssueSource.OTHER.value,
            "area_ids": (self.context.area_id,) if self.context.area_id else (),
            "urgency": 2,
            "importance": 2,
            "state": IssueState.NOTICED.value,
            "noticed_on": date.today(),
        }

    def fill(self, values: dict) -> None:
        for page in self.issue_pages:
            page.fill(values)

    def values(self) -> dict:
        """Every page's fields as IssueInput keyword arguments (the date still as typed)."""
        merged: dict = {}
        for page in self.issue_pages:
            merged.update(page.values())
        return merged

    def current_input(self) -> IssueInput:
        """The input as the service takes it; raises WarekiError for an unreadable date."""
        values = self.values()
        values["noticed_on"] = self.levels_page.noticed_on()
        return IssueInput(**values)

    def has_changes(self) -> bool:
        return self.values() != self._initial

    def summary_html(self) -> str:
        try:
            data = self.current_input()
        except WarekiError:
            data = IssueInput(**(self.values() | {"noticed_on": None}))
        meeting = self.source_page.meeting_combo
        meeting_title = meeting.currentText() if meeting.currentData() is not None else ""
        areas = "・".join(self.place_page.area_names())
        return issue_html(data, areas, meeting_title)

    def _findings_changed(self) -> None:
        self.privacy_page.show_findings(self.content_page.findings)

    # ------------------------------------------------------------------ drafts
    def _keep_draft(self, page: int) -> None:
        """Write the draft on every move to another page: a crash or a power cut then loses
        at most the page being typed on."""
        if page >= 0 and self.has_changes():  # -1: closing resets the wizard, keep the page
            save_draft(self.context.data_dir, self.values(), page)

    def _offer_draft(self) -> None:
        resume_draft(
            self,
            STORE,
            self.context.data_dir,
            DRAFT_QUESTION,
            self._start_values(),
            self.fill,
            len(self.issue_pages) - 1,
        )

    # ------------------------------------------------------------------ checks on 次へ
    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if not isinstance(page, IssuePage) or page is self.review_page:
            return True
        return self._page_ok(page)

    def _page_ok(self, page: IssuePage) -> bool:
        """Show only this page's errors; the other pages are checked when they are reached."""
        mine = page.check()
        if not mine:
            try:
                validate_issue(self.context.db, self._checkable(self.current_input()))
            except WarekiError:
                pass  # the 緊急度・重要度 page's own check names it
            except ValidationError as error:
                mine = {k: v for k, v in error.fields.items() if k in page.field_names}
            except ServiceError as error:
                show_service_error(self, error)
                return False
        if mine:
            page.errors.show(ValidationError(mine))
            return False
        page.errors.clear()
        return True

    @staticmethod
    def _checkable(data: IssueInput) -> IssueInput:
        """A handed-over issue keeps its state on saving; the check alone would refuse it."""
        if data.state == IssueState.HANDED_OVER:
            return replace(data, state=IssueState.NOTICED.value)
        return data

    # ------------------------------------------------------------------ finish and cancel
    def accept(self) -> None:
        if not self.validateCurrentPage() or not self._save():
            return
        if self.issue is None:
            delete_draft(self.context.data_dir)
        super().accept()

    def _save(self) -> bool:
        for page in self.issue_pages:
            local = page.check()
            if local:
                self._show_on(page, local)
                return False
        if self.issue is not None and not self.has_changes():
            self.saved = self.issue
            return True
        if not self._personal_details_settled():
            return False
        data = self.current_input()
        try:
            if self.issue is None:
                saved = create_issue(self.context.db, data)
            else:
                saved = update_issue(
                    self.context.db, self.issue.id, data, expected_version=self.issue.version
                )
        except ValidationError as error:
            page = next(
                (p for p in self.issue_pages if p.field_names & set(error.fields)),
                self.currentPage(),
            )
            self._show_on(page, {k: v for k, v in error.fields.items() if k in page.field_names})
            return False
        except ServiceError as error:  # ConflictError among them: keep everything typed
            show_service_error(self, error)
            return False
        self.saved = saved
        self.context.notify_changed("issue")
        return True

    def _personal_details_settled(self) -> bool:
        """Something looks like a person's details and the issue is not marked: ask."""
        findings = self.content_page.findings
        privacy = self.privacy_page
        if not findings or privacy.personal_check.isChecked():
            return True
        found = "、".join(f"{f.kind}（{f.text}）" for f in findings)
        answer = QMessageBox.question(
            self,
            "個人情報の確認",
            PERSONAL_QUESTION.format(found=found),
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            privacy.personal_check.setChecked(True)
            return True
        return answer == QMessageBox.StandardButton.No

    def _show_on(self, page: IssuePage, fields: dict[str, str]) -> None:
        """Go to `page` (back, or on when an edit is saved from an earlier page) and mark its
        fields."""
        target = self.issue_pages.index(page)
        while self.currentPage() is not page:
            before = self.currentId()
            if self.issue_pages.index(self.currentPage()) > target:
                self.back()
            else:
                self.next()
            if self.currentId() == before:
                break
        if fields:
            page.errors.show(ValidationError(fields))

    def reject(self) -> None:
        """やめる, Esc or closing: a new issue is kept as a draft; an edit asks first."""
        if self.has_changes():
            if self.issue is None:
                save_draft(self.context.data_dir, self.values(), max(self.currentId(), 0))
            elif not confirm(
                self, "編集をやめますか", "変更はまだ保存していません。保存せずに閉じますか？"
            ):
                return
        super().reject()
