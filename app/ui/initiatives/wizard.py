"""取組の立ち上げ wizard (STEP 3): a new 取組 (or an existing one) entered page by page and
checked on 次へ, starting from what the people involved can do and want to do.

A new initiative half entered is kept as a draft on every move to another page and when the
wizard is closed, and offered the next time; finishing deletes it. Edits are saved with the
version they were opened at: a change made meanwhile elsewhere is reported, never overwritten,
and everything typed stays in the wizard.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget, QWizard

from app.domain.enums import InitiativeState
from app.domain.wareki import WarekiError
from app.services.errors import ServiceError, ValidationError
from app.services.initiatives.initiative import (
    InitiativeInput,
    InitiativeRow,
    MilestoneInput,
    MilestoneRow,
    ParticipantInput,
    ParticipantRow,
    create_initiative,
    update_initiative,
    validate_initiative,
)
from app.ui.context import AppContext
from app.ui.initiatives.detail import initiative_html
from app.ui.initiatives.drafts import STORE, delete_draft, save_draft
from app.ui.initiatives.wizard_pages import (
    ContentPage,
    InitiativePage,
    KindPage,
    LinksPage,
    ReflectionPage,
    ReviewPage,
    WishesPage,
)
from app.ui.initiatives.wizard_rows import MilestonesPage, PeoplePage, RowsPage, read_date
from app.ui.widgets.drafts import draft_question, resume_draft
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm, name_wizard_buttons

DRAFT_QUESTION = draft_question("取組")
WIZARD_SIZE = (920, 680)


def values_of(row: InitiativeRow) -> dict:
    """What the wizard edits of a saved initiative, as plain values."""
    return {
        "title": row.title,
        "kind": row.kind,
        "area_id": row.area_id,
        "description": row.description,
        "can_do": row.can_do,
        "want_to_do": row.want_to_do,
        "state": row.state,
        "started_on": row.started_on,
        "outcome": row.outcome,
        "notes": row.notes,
        "issue_ids": tuple(i for i, _name in row.issues),
        "resource_ids": tuple(r for r, _name in row.builds_on),
        "participants": tuple(
            {
                "person_id": p.person_id,
                "organization_id": p.organization_id,
                "role": p.role,
                "name": p.name,  # shown for one moved to the trash, not saved
            }
            for p in row.participants
        ),
        "milestones": tuple(
            {"title": m.title, "due_on": m.due_on, "done_on": m.done_on, "id": m.id}
            for m in row.milestones
        ),
    }


def _date(text, lenient: bool):
    try:
        return read_date(text)
    except WarekiError:
        if lenient:
            return None
        raise


class InitiativeWizard(QWizard):
    """`initiative` None starts a new one; a row edits it. `saved` holds the result."""

    def __init__(
        self,
        context: AppContext,
        initiative: InitiativeRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.initiative = initiative
        self.saved: InitiativeRow | None = None
        final = "登録する" if initiative is None else "保存する"
        self.setWindowTitle(
            "取組の立ち上げ" if initiative is None else f"「{initiative.title}」の編集"
        )
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        if initiative is not None:  # an edit can be saved from any page
            self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages)
        name_wizard_buttons(self, finish=final)
        self.kind_page = KindPage(context)
        self.content_page = ContentPage()
        self.wishes_page = WishesPage()
        self.links_page = LinksPage(context)
        self.people_page = PeoplePage(context)
        self.milestones_page = MilestonesPage()
        self.reflection_page = ReflectionPage()
        self.review_page = ReviewPage(final)
        self.initiative_pages: list[InitiativePage] = [
            self.kind_page,
            self.content_page,
            self.wishes_page,
            self.links_page,
            self.people_page,
            self.milestones_page,
            self.reflection_page,
            self.review_page,
        ]
        for number, page in enumerate(self.initiative_pages, start=1):
            page.setTitle(f"{page.title()}（{number}/{len(self.initiative_pages)}）")
            page.setFinalPage(initiative is not None)
            self.addPage(page)
        self.fill(self._start_values())
        self._initial = self.values()
        self.resize(*WIZARD_SIZE)
        if initiative is None:
            self._offer_draft()
            self.currentIdChanged.connect(self._keep_draft)

    # ------------------------------------------------------------------ values
    def _start_values(self) -> dict:
        if self.initiative is not None:
            return values_of(self.initiative)
        return {"area_id": self.context.area_id, "state": InitiativeState.IDEA.value}

    def fill(self, values: dict) -> None:
        for page in self.initiative_pages:
            page.fill(values)

    def values(self) -> dict:
        """Every page's fields as plain values (dates as typed, rows as dicts)."""
        merged: dict = {}
        for page in self.initiative_pages:
            merged.update(page.values())
        return merged

    def current_input(self, lenient: bool = False) -> InitiativeInput:
        """The input as the service takes it. An unreadable date raises WarekiError, or is
        left out when `lenient` (to check the other fields meanwhile)."""
        values = self.values()
        values["started_on"] = _date(values.get("started_on"), lenient)
        values["participants"] = tuple(ParticipantInput(**p) for p in values["participants"])
        values["milestones"] = tuple(
            MilestoneInput(
                title=m["title"],
                due_on=_date(m["due_on"], lenient),
                done_on=_date(m["done_on"], lenient),
                id=m["id"],
            )
            for m in values["milestones"]
        )
        return InitiativeInput(**values)

    def has_changes(self) -> bool:
        return self.values() != self._initial

    def summary_html(self) -> str:
        """The review: the input drawn as the page's detail pane draws a saved initiative."""
        data = self.current_input(lenient=True)
        issues, resources = self.links_page.names()
        names = [
            row["who"].currentText().split(": ", 1)[-1] for _n, row in self.people_page._kept()
        ]
        source = self.initiative
        preview = InitiativeRow(
            id=0,
            uuid="",
            title=data.title,
            kind=data.kind,
            area_id=data.area_id,
            area_name=self.kind_page.area_combo.currentText() if data.area_id else "",
            description=data.description,
            can_do=data.can_do,
            want_to_do=data.want_to_do,
            state=data.state,
            started_on=data.started_on,
            outcome=data.outcome,
            notes=data.notes,
            version=source.version if source else 0,
            issues=issues,
            builds_on=resources,
            participants=tuple(
                ParticipantRow(p.person_id, p.organization_id, name, p.role)
                for p, name in zip(data.participants, names, strict=False)
            ),
            milestones=tuple(
                MilestoneRow(m.id or 0, m.title, m.due_on, m.done_on) for m in data.milestones
            ),
        )
        return initiative_html(preview)

    # ------------------------------------------------------------------ drafts
    def _keep_draft(self, page: int) -> None:
        """Written on every move to another page: a crash loses at most one page."""
        if page >= 0 and self.has_changes():
            save_draft(self.context.data_dir, self.values(), page)

    def _offer_draft(self) -> None:
        resume_draft(
            self,
            STORE,
            self.context.data_dir,
            DRAFT_QUESTION,
            self._start_values(),
            self.fill,
            len(self.initiative_pages) - 1,
        )

    # ------------------------------------------------------------------ checks on 次へ
    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if not isinstance(page, InitiativePage) or page is self.review_page:
            return True
        return self._page_ok(page)

    def _page_ok(self, page: InitiativePage) -> bool:
        """Show only this page's errors; the other pages are checked when they are reached."""
        if isinstance(page, RowsPage):
            page.drop_empty()
        local = page.check()
        mine: dict[str, str] = {}
        try:
            validate_initiative(self.context.db, self.current_input(lenient=True))
        except ValidationError as error:
            mine = {k: v for k, v in error.fields.items() if page.owns(k)}
        except ServiceError as error:
            show_service_error(self, error)
            return False
        mine |= local  # the page's own words (an unreadable date, say) come last and win
        if mine:
            page.errors.show(ValidationError(mine))
            return False
        page.errors.clear()
        return True

    # ------------------------------------------------------------------ finish and cancel
    def accept(self) -> None:
        if not self.validateCurrentPage() or not self._save():
            return
        if self.initiative is None:
            delete_draft(self.context.data_dir)
        super().accept()

    def _save(self) -> bool:
        for page in self.initiative_pages:
            if isinstance(page, RowsPage):
                page.drop_empty()
            local = page.check()
            if local:
                self._show_on(page, local)
                return False
        if self.initiative is not None and not self.has_changes():
            self.saved = self.initiative
            return True
        data = self.current_input()
        try:
            if self.initiative is None:
                saved = create_initiative(self.context.db, data)
            else:
                saved = update_initiative(
                    self.context.db,
                    self.initiative.id,
                    data,
                    expected_version=self.initiative.version,
                )
        except ValidationError as error:
            page = next(
                (p for p in self.initiative_pages if any(p.owns(k) for k in error.fields)),
                self.currentPage(),
            )
            self._show_on(page, {k: v for k, v in error.fields.items() if page.owns(k)})
            return False
        except ServiceError as error:  # ConflictError among them: keep everything typed
            show_service_error(self, error)
            return False
        self.saved = saved
        self.context.notify_changed("initiative")
        return True

    def _show_on(self, page: InitiativePage, fields: dict[str, str]) -> None:
        """Go to `page` (back, or on when an edit is saved early) and mark its fields."""
        target = self.initiative_pages.index(page)
        while self.currentPage() is not page:
            before = self.currentId()
            if self.initiative_pages.index(self.currentPage()) > target:
                self.back()
            else:
                self.next()
            if self.currentId() == before:
                break
        if fields:
            page.errors.show(ValidationError(fields))

    def reject(self) -> None:
        """やめる, Esc or closing: a new initiative is kept as a draft; an edit asks first."""
        if self.has_changes():
            if self.initiative is None:
                save_draft(self.context.data_dir, self.values(), max(self.currentId(), 0))
            elif not confirm(
                self, "編集をやめますか", "変更はまだ保存していません。保存せずに閉じますか？"
            ):
                return
        super().reject()
