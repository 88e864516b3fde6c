"""資源登録 wizard: a new 地域資源 (or an existing one) entered page by page, checked on 次へ.

A new resource half entered is kept as a draft on every move to another page and when the
wizard is closed, and offered the next time; finishing deletes it. Edits are saved with the
version they were opened at, so a change made meanwhile elsewhere is never overwritten silently.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from PySide6.QtWidgets import QWidget, QWizard

from app.domain.enums import ResourceCategory, ResourceState
from app.services.errors import ServiceError, ValidationError
from app.services.resources.resource import (
    ResourceInput,
    ResourceRow,
    create_resource,
    same_name_in_area,
    update_resource,
    validate_only,
)
from app.ui.context import AppContext
from app.ui.resources.drafts import STORE, delete_draft, save_draft
from app.ui.resources.text import resource_html
from app.ui.resources.wizard_pages import (
    BasicsPage,
    CategoryPage,
    ContactPage,
    KindsPage,
    ParticipationPage,
    ResourcePage,
    ReviewPage,
)
from app.ui.resources.wizard_schedule import SchedulePage, StatePage
from app.ui.widgets.drafts import draft_question, resume_draft
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm, name_wizard_buttons

DRAFT_QUESTION = draft_question("内容")
WIZARD_SIZE = (950, 700)


class ResourceWizard(QWizard):
    """`resource` None registers a new resource; a row edits it. `saved` holds the result."""

    def __init__(
        self,
        context: AppContext,
        resource: ResourceRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.resource = resource
        self.saved: ResourceRow | None = None
        final = "登録する" if resource is None else "保存する"
        self.setWindowTitle("地域資源の登録" if resource is None else f"「{resource.name}」の編集")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        if resource is not None:  # an edit can be saved from any page
            self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages)
        name_wizard_buttons(self, finish=final)
        self.category_page = CategoryPage()
        self.kinds_page = KindsPage()
        self.basics_page = BasicsPage(context)
        self.schedule_page = SchedulePage()
        self.participation_page = ParticipationPage()
        self.contact_page = ContactPage()
        self.state_page = StatePage()
        self.review_page = ReviewPage(final)
        self.resource_pages: list[ResourcePage] = [
            self.category_page,
            self.kinds_page,
            self.basics_page,
            self.schedule_page,
            self.participation_page,
            self.contact_page,
            self.state_page,
            self.review_page,
        ]
        for number, page in enumerate(self.resource_pages, start=1):
            page.setTitle(f"{page.title()}（{number}/{len(self.resource_pages)}）")
            page.setFinalPage(resource is not None)  # an edit may be saved from every page
            self.addPage(page)
        self.fill(self._start_values())
        self._initial = self.values()
        self.resize(*WIZARD_SIZE)
        if resource is None:
            self._offer_draft()
            self.currentIdChanged.connect(self._keep_draft)

    # ------------------------------------------------------------------ values
    def _start_values(self) -> dict:
        if self.resource is not None:
            return asdict(self.resource.input())
        return {
            "category": ResourceCategory.ACTIVITY.value,
            "area_id": self.context.area_id,
            "state": ResourceState.ACTIVE.value,
            "publishable": True,
            "confirmed_on": date.today(),
            "confirmed_by": self.context.db.user,
        }

    def fill(self, values: dict) -> None:
        for page in self.resource_pages:
            page.fill(values)

    def values(self) -> dict:
        """Every page's fields as ResourceInput keyword arguments."""
        merged: dict = {}
        for page in self.resource_pages:
            merged.update(page.values())
        return merged

    def current_input(self) -> ResourceInput:
        return ResourceInput(**self.values())

    def has_changes(self) -> bool:
        return self.values() != self._initial

    def summary_html(self) -> str:
        basics = self.basics_page
        return resource_html(
            self.current_input(), basics.area_name(), basics.operator_label(), columns=2
        )

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
            len(self.resource_pages) - 1,
        )

    # ------------------------------------------------------------------ checks on 次へ
    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if not isinstance(page, ResourcePage) or page is self.review_page:
            return True
        return self._page_ok(page)

    def _page_ok(self, page: ResourcePage) -> bool:
        """Show only this page's errors; the other pages are checked when they are reached."""
        mine = page.check()
        if not mine:
            try:
                validate_only(self.context.db, self.current_input())
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

    # ------------------------------------------------------------------ finish and cancel
    def accept(self) -> None:
        if not self.validateCurrentPage() or not self._save():
            return
        if self.resource is None:
            delete_draft(self.context.data_dir)
        super().accept()

    def _save(self) -> bool:
        for page in self.resource_pages:
            local = page.check()
            if local:
                self._show_on(page, local)
                return False
        if self.resource is not None and not self.has_changes():
            self.saved = self.resource
            return True
        data = self.current_input()
        if self.resource is None and not self._confirm_not_a_duplicate(data):
            return False
        try:
            if self.resource is None:
                saved = create_resource(self.context.db, data)
            else:
                saved = update_resource(
                    self.context.db, self.resource.id, data, self.resource.version
                )
        except ValidationError as error:
            page = next(
                (p for p in self.resource_pages if p.field_names & set(error.fields)),
                self.currentPage(),
            )
            self._show_on(page, {k: v for k, v in error.fields.items() if k in page.field_names})
            return False
        except ServiceError as error:  # ConflictError among them: keep everything typed
            show_service_error(self, error)
            return False
        self.saved = saved
        self.context.notify_changed("resource")
        return True

    def _confirm_not_a_duplicate(self, data: ResourceInput) -> bool:
        twin = same_name_in_area(self.context.db, data.name, data.area_id)
        if twin is None:
            return True
        where = twin.area_name or "圏域の指定なし"
        return confirm(
            self,
            "同じ名前の地域資源があります",
            f"「{twin.name}」（{where}）はもう登録されています。"
            "同じ活動を二重に登録していないか確かめてください。\n"
            "それでも新しく登録しますか？",
        )

    def _show_on(self, page: ResourcePage, fields: dict[str, str]) -> None:
        """Go back to `page` and mark its fields."""
        while self.currentPage() is not page and self.currentId() > self.pageIds()[0]:
            self.back()
        if fields:
            page.errors.show(ValidationError(fields))

    def reject(self) -> None:
        """やめる, Esc or closing: a new resource is kept as a draft; an edit asks first."""
        if self.has_changes():
            if self.resource is None:
                save_draft(self.context.data_dir, self.values(), max(self.currentId(), 0))
            elif not confirm(
                self, "編集をやめますか", "変更はまだ保存していません。保存せずに閉じますか？"
            ):
                return
        super().reject()
