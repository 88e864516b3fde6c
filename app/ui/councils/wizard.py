"""協議体の立ち上げ wizard: a council set up page by page (STEP 1-3), checked on 次へ.

Nothing reaches the database before 立ち上げる: the council, its members (people added on the
spot among them) and its first meeting are saved in one unit of work. A new council half
entered is kept as a draft on every move to another page and when the wizard is closed, and
offered the next time; finishing deletes it. Edits are saved with the version they were opened
at, so a change made meanwhile elsewhere is never overwritten silently.
"""

from __future__ import annotations

from dataclasses import asdict
from html import escape

from PySide6.QtWidgets import QWidget, QWizard

from app.domain.bylaws import BylawsTerms, draft_bylaws
from app.domain.clock import parse_clock
from app.domain.enums import CouncilFormation, CouncilStatus, Layer, MemberRole
from app.domain.wareki import format_meeting_when, format_wareki
from app.services.councils.council import (
    CouncilInput,
    CouncilRow,
    FirstMeetingInput,
    actor_coverage,
    create_council,
    update_council,
)
from app.services.errors import ServiceError, ValidationError
from app.services.setup.settings import municipality_name
from app.ui.context import AppContext
from app.ui.councils.drafts import STORE, delete_draft, save_draft
from app.ui.councils.seats import SeatModel, seat_from_row
from app.ui.councils.wizard_finish import BylawsPage, FirstMeetingPage, ReviewPage
from app.ui.councils.wizard_members import MembersPage, TermsPage
from app.ui.councils.wizard_pages import AreaPage, PurposePage
from app.ui.councils.wizard_widgets import CouncilPage, date_or_none, date_text
from app.ui.widgets.drafts import draft_question, resume_draft
from app.ui.widgets.errors import show_service_error
from app.ui.widgets.forms import confirm, name_wizard_buttons

DRAFT_QUESTION = draft_question("協議体")
WIZARD_SIZE = (950, 700)


class CouncilWizard(QWizard):
    """`council` None sets up a new council; a row edits it. `saved` holds the result."""

    def __init__(
        self,
        context: AppContext,
        council: CouncilRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.council = council
        self.saved: CouncilRow | None = None
        final = "立ち上げる" if council is None else "保存する"
        self.setWindowTitle("協議体の立ち上げ" if council is None else f"「{council.name}」の編集")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        if council is not None:  # an edit can be saved from any page
            self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages)
        name_wizard_buttons(self, finish=final)
        self.seats = SeatModel(self)
        self.area_page = AreaPage(context)
        self.purpose_page = PurposePage()
        self.members_page = MembersPage(context, self.seats)
        self.terms_page = TermsPage(self.seats)
        self.bylaws_page = BylawsPage()
        self.meeting_page = FirstMeetingPage() if council is None else None
        self.review_page = ReviewPage(final)
        self.council_pages: list[CouncilPage] = [
            self.area_page,
            self.purpose_page,
            self.members_page,
            self.terms_page,
            self.bylaws_page,
            *([self.meeting_page] if self.meeting_page else []),
            self.review_page,
        ]
        for number, page in enumerate(self.council_pages, start=1):
            page.setTitle(f"{page.title()}（{number}/{len(self.council_pages)}）")
            page.setFinalPage(council is not None)
            self.addPage(page)
        self.fill(self._start_values())
        self._initial = self.values()
        self.resize(*WIZARD_SIZE)
        if council is None:
            self._offer_draft()
            self.currentIdChanged.connect(self._keep_draft)

    # ------------------------------------------------------------------ values
    def _start_values(self) -> dict:
        council = self.council
        if council is not None:
            return {
                "layer": council.layer,
                "area_id": council.area_id,
                "name": council.name,
                "reading": council.reading,
                "purpose": council.purpose,
                "formation": council.formation,
                "based_on": council.based_on,
                "status": council.status,
                "established_on": date_text(council.established_on),
                "members": [asdict(seat_from_row(m)) for m in council.members],
                "topics": council.topics,
                "bylaws": council.bylaws,
                "term_start": date_text(council.established_on),
            }
        return {"area_id": self.context.area_id}

    def fill(self, values: dict) -> None:
        for page in self.council_pages:
            page.fill(values)

    def values(self) -> dict:
        """Every page's fields as plain values (text as typed), as a draft keeps them."""
        merged: dict = {}
        for page in self.council_pages:
            merged.update(page.values())
        return merged

    def has_changes(self) -> bool:
        return self.values() != self._initial

    def current_input(self) -> CouncilInput:
        v = self.values()
        existing = v["formation"] == CouncilFormation.EXISTING
        return CouncilInput(
            name=v["name"],
            layer=v["layer"],
            area_id=v["area_id"],
            reading=v["reading"],
            purpose=v["purpose"],
            formation=v["formation"],
            based_on=v["based_on"] if existing else "",
            topics="\n".join(self.bylaws_page.topics()),
            established_on=date_or_none(v["established_on"]),
            bylaws=v["bylaws"],
            status=v["status"],
            notes=self.council.notes if self.council else "",
            members=self.seats.member_inputs(),
        )

    def first_meeting_input(self) -> FirstMeetingInput | None:
        page = self.meeting_page
        if page is None or page.undecided_check.isChecked():
            return None
        v = page.values()
        held_on = date_or_none(v["meeting_date"])
        if held_on is None:
            return None
        return FirstMeetingInput(
            held_on=held_on,
            starts_at=parse_clock(v["meeting_starts"]),
            ends_at=parse_clock(v["meeting_ends"]),
            place=v["meeting_place"].strip(),
        )

    # ------------------------------------------------------------------ 設置要綱
    def bylaws_terms(self, topics: tuple[str, ...]) -> BylawsTerms:
        v = self.values()
        area = self.area_page.area()
        coverage = actor_coverage(self.context.db, self.seats.member_inputs())
        kinds = tuple(c.label for c in coverage if c.covered)
        if kinds:  # 「A、Bその他の…」: the kinds there now, without closing the door to others
            kinds = (*kinds[:-1], f"{kinds[-1]}その他の地域の支え合いに関わる者")
        secretariat = next(
            (
                s.belongs_to if s.person_id is not None and s.belongs_to else s.shown_name
                for s in self.seats.seats()
                if s.role == MemberRole.SECRETARIAT and s.shown_name
            ),
            "",
        )
        return BylawsTerms(
            municipality=municipality_name(self.context.db),
            council_name=v["name"].strip(),
            area_name=area.name if area else "",
            layer=v["layer"],
            purpose=" ".join(v["purpose"].split()).rstrip("。"),
            topics=topics,
            member_kinds=kinds,
            term_years=v["term_years"],
            secretariat=secretariat,
            effective_on=date_or_none(v["established_on"]),
        )

    def draft_bylaws(self, topics: tuple[str, ...]) -> str:
        return draft_bylaws(self.bylaws_terms(topics))

    # ------------------------------------------------------------------ summary
    def summary_html(self) -> str:
        data = self.current_input()
        area = self.area_page.area()
        rows = [
            ("名前", f"{data.name}（{data.reading}）" if data.reading else data.name),
            ("層・圏域", f"{Layer(data.layer).label}　{area.name if area else ''}"),
            ("目的", data.purpose),
            (
                "設け方",
                CouncilFormation(data.formation).label
                + (f"（{data.based_on}）" if data.based_on else ""),
            ),
            (
                "状態",
                CouncilStatus(data.status).label
                + (f"　設置日 {format_wareki(data.established_on)}" if data.established_on else ""),
            ),
        ]
        members = []
        for seat in self.seats.seats():
            term = ""
            if seat.starts_on or seat.ends_on:
                term = f"{seat.starts_on}～{seat.ends_on}"
            name = seat.shown_name + ("（新しく登録）" if seat.is_new else "")
            members.append((MemberRole(seat.role).label, name, seat.title, term))
        missing = [c.label for c in actor_coverage(self.context.db, data.members) if not c.covered]
        meeting = self.first_meeting_input()
        html = ["<table cellpadding='4'>"]
        html += [
            f"<tr><th align='left' valign='top'>{escape(k)}</th><td>{escape(v)}</td></tr>"
            for k, v in rows
        ]
        html.append("</table>")
        html.append(f"<h3>構成員（{len(members)}人・団体）</h3>")
        if members:
            html.append("<table cellpadding='3'>")
            html += [
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in member) + "</tr>"
                for member in members
            ]
            html.append("</table>")
        else:
            html.append("<p>まだいません。あとから編集で加えられます。</p>")
        if missing:
            html.append(f"<p style='color:#555'>まだいない主体: {escape('、'.join(missing))}</p>")
        articles = data.bylaws.count("条　")
        html.append(
            f"<h3>設置要綱</h3><p>{f'{articles}条と附則' if articles else '（まだありません）'}"
            f"　協議事項 {len(self.bylaws_page.topics())}項目</p>"
        )
        if self.meeting_page is not None:
            if meeting is None:
                text = "まだ決めていません"
            else:
                text = format_meeting_when(meeting.held_on, meeting.starts_at, meeting.ends_at)
                text += f"　{meeting.place}" if meeting.place else ""
            html.append(f"<h3>第1回の会議</h3><p>{escape(text)}</p>")
        return "\n".join(html)

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
            len(self.council_pages) - 1,
        )

    # ------------------------------------------------------------------ checks on 次へ
    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if not isinstance(page, CouncilPage) or page is self.review_page:
            return True
        mine = page.check()
        if mine:
            page.show_errors(mine)
            return False
        self._clear(page)
        return True

    def _clear(self, page: CouncilPage) -> None:
        page.errors.clear()
        if page in (self.members_page, self.terms_page):
            self.seats.set_errors({})

    # ------------------------------------------------------------------ finish and cancel
    def accept(self) -> None:
        if not self.validateCurrentPage() or not self._save():
            return
        if self.council is None:
            delete_draft(self.context.data_dir)
        super().accept()

    def _save(self) -> bool:
        for page in self.council_pages:
            local = page.check()
            if local:
                self._show_on(page, local)
                return False
        if self.council is not None and not self.has_changes():
            self.saved = self.council
            return True
        data = self.current_input()
        meeting = self.first_meeting_input()
        try:
            if self.council is None:
                saved = create_council(self.context.db, data, meeting)
            else:
                saved = update_council(
                    self.context.db, self.council.id, data, expected_version=self.council.version
                )
        except ValidationError as error:
            self._show_service_errors(error)
            return False
        except ServiceError as error:  # ConflictError among them: keep everything typed
            show_service_error(self, error)
            return False
        self.saved = saved
        self.context.notify_changed("council")
        if meeting is not None:
            self.context.notify_changed("meeting")
        return True

    def _show_service_errors(self, error: ValidationError) -> None:
        """Take the person to the first page with a refused field and show it there."""
        for page in self.council_pages:
            mine = {k: v for k, v in error.fields.items() if page.owns(k)}
            if mine:
                self._show_on(page, mine)
                return
        show_service_error(self, error)

    def _show_on(self, page: CouncilPage, fields: dict[str, str]) -> None:
        """Go back to `page` and mark its fields."""
        target = self.pageIds()[self.council_pages.index(page)]
        while self.currentId() > target:
            self.back()
        while self.currentId() < target:  # an edit saved from an earlier page
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                return  # this page's own errors are shown now
        if fields:
            page.show_errors(fields)

    def reject(self) -> None:
        """やめる, Esc or closing: a new council is kept as a draft; an edit asks first."""
        if self.has_changes():
            if self.council is None:
                save_draft(self.context.data_dir, self.values(), max(self.currentId(), 0))
            elif not confirm(
                self, "編集をやめますか", "変更はまだ保存していません。保存せずに閉じますか？"
            ):
                return
        super().reject()
