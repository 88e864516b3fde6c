"""The foundation tables: areas, organisations, people, checklist state, settings, audit."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, RecordMixin


class Area(RecordMixin, Base):
    """圏域: layer 1 is the whole municipality, layer 2 a 中学校区 / 日常生活圏域."""

    __tablename__ = "area"

    name: Mapped[str] = mapped_column(String(100))
    reading: Mapped[str] = mapped_column(String(200), default="")
    layer: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    population: Mapped[int | None] = mapped_column(Integer, default=None)
    aged_65_plus: Mapped[int | None] = mapped_column(Integer, default=None)
    aged_75_plus: Mapped[int | None] = mapped_column(Integer, default=None)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Area | None] = relationship(remote_side="Area.id")


class Organization(RecordMixin, Base):
    """団体・主体."""

    __tablename__ = "organization"

    name: Mapped[str] = mapped_column(String(200))
    reading: Mapped[str] = mapped_column(String(400), default="")
    kind: Mapped[str] = mapped_column(String(40))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    contact: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    area: Mapped[Area | None] = relationship()


class Person(RecordMixin, Base):
    """人: anyone the records name. `personal` marks details that must stay internal."""

    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(100))
    reading: Mapped[str] = mapped_column(String(200), default="")
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), default=None)
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(100), default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    personal: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    organization: Mapped[Organization | None] = relationship()


class ChecklistState(RecordMixin, Base):
    """One STEP catalog check item for one area: done or not, when, and a note."""

    __tablename__ = "checklist_state"
    __table_args__ = (UniqueConstraint("area_id", "check_key", name="uq_checklist_area_key"),)

    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    check_key: Mapped[str] = mapped_column(String(40))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(100), default="")


class Setting(RecordMixin, Base):
    """Key/value settings of this town (municipality name, fiscal year, printing options)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(RecordMixin, Base):
    """Who changed what and when. Written by the session hook in app.db.audit, never edited.

    It carries the common columns too, so that audit trails merge by uuid like any record.
    """

    __tablename__ = "audit_entry"

    who: Mapped[str] = mapped_column(String(100), default="")
    table_name: Mapped[str] = mapped_column(String(60))
    record_uuid: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(10))
    changes: Mapped[str] = mapped_column(Text, default="")


# Sorting by this column must be by code point on every database: PostgreSQL's default
# collations would reorder the packed 五十音 key (see app.domain.kana.collation_key).
SortKeyString = String(600).with_variant(String(600, collation="C"), "postgresql")


class Resource(RecordMixin, Base):
    """地域資源: an activity, service, provider or place that supports elders (STEP 2-1)."""

    __tablename__ = "resource"
    __table_args__ = (Index("ix_resource_sort_key", "sort_key"),)

    name: Mapped[str] = mapped_column(String(200))
    reading: Mapped[str] = mapped_column(String(400), default="")
    category: Mapped[str] = mapped_column(String(20))
    # Several kinds per resource, stored as ",salon,watching," so that one kind is found
    # with LIKE '%,salon,%' and the record stays one row (simple to export and merge).
    kinds: Mapped[str] = mapped_column(String(300), default=",")
    description: Mapped[str] = mapped_column(Text, default="")
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), default=None)
    operator_name: Mapped[str] = mapped_column(String(200), default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    place: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    map_x: Mapped[float | None] = mapped_column(Float, default=None)
    map_y: Mapped[float | None] = mapped_column(Float, default=None)
    frequency: Mapped[str | None] = mapped_column(String(20), default=None)
    times_per_month: Mapped[int | None] = mapped_column(Integer, default=None)
    nth_week: Mapped[str] = mapped_column(String(20), default="")  # e.g. "2,4" for 第2・第4
    weekdays: Mapped[str] = mapped_column(String(7), default="")  # e.g. "月木"
    starts_at: Mapped[time | None] = mapped_column(Time, default=None)
    ends_at: Mapped[time | None] = mapped_column(Time, default=None)
    schedule_note: Mapped[str] = mapped_column(String(300), default="")
    fee: Mapped[str] = mapped_column(String(200), default="")
    audience: Mapped[str] = mapped_column(String(300), default="")
    participants: Mapped[int | None] = mapped_column(Integer, default=None)
    volunteers: Mapped[int | None] = mapped_column(Integer, default=None)
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    contact: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="active")
    unused: Mapped[bool] = mapped_column(Boolean, default=False)
    publishable: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    confirmed_on: Mapped[date | None] = mapped_column(Date, default=None)
    confirmed_by: Mapped[str] = mapped_column(String(100), default="")
    # Derived, kept in step by the service: the normalised text searched, and the sort key.
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(SortKeyString, default="")

    organization: Mapped[Organization | None] = relationship()
    area: Mapped[Area | None] = relationship()


class CoordinatorAssignment(RecordMixin, Base):
    """A person's period as 生活支援コーディネーター (SC) for one layer and area."""

    __tablename__ = "coordinator_assignment"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    layer: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()
    area: Mapped[Area | None] = relationship()


class Council(RecordMixin, Base):
    """協議体 (STEP 1-3/1-4): its purpose, how it was formed, its 設置要綱 and its members."""

    __tablename__ = "council"

    name: Mapped[str] = mapped_column(String(200))
    reading: Mapped[str] = mapped_column(String(400), default="")
    layer: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    purpose: Mapped[str] = mapped_column(Text, default="")
    formation: Mapped[str] = mapped_column(String(20), default="new")
    based_on: Mapped[str] = mapped_column(String(200), default="")  # the existing meeting
    topics: Mapped[str] = mapped_column(Text, default="")  # 協議事項, one per line
    established_on: Mapped[date | None] = mapped_column(Date, default=None)
    bylaws: Mapped[str] = mapped_column(Text, default="")  # 設置要綱
    status: Mapped[str] = mapped_column(String(20), default="preparing")
    notes: Mapped[str] = mapped_column(Text, default="")

    area: Mapped[Area | None] = relationship()
    members: Mapped[list[CouncilMember]] = relationship(
        back_populates="council", order_by="CouncilMember.sort_order"
    )


class CouncilMember(RecordMixin, Base):
    """One seat on a council: a person (or an organisation not yet naming one), role and term."""

    __tablename__ = "council_member"

    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), default=None)
    role: Mapped[str] = mapped_column(String(20), default="member")
    title: Mapped[str] = mapped_column(String(200), default="")  # 職名 as printed
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    council: Mapped[Council] = relationship(back_populates="members")
    person: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()


class Meeting(RecordMixin, Base):
    """会議: a council meeting, 座談会 or other meeting, with its agenda and its minutes.

    The minutes live on the meeting and its child rows. `version` guards them: every save of
    the minutes bumps it, so two windows saving the same minutes cannot overwrite each other.
    """

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_held_on", "held_on"),)

    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"), default=None)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time | None] = mapped_column(Time, default=None)
    ends_at: Mapped[time | None] = mapped_column(Time, default=None)
    place: Mapped[str] = mapped_column(String(200), default="")
    handouts: Mapped[str] = mapped_column(Text, default="")  # 配布資料, one per line
    notes: Mapped[str] = mapped_column(Text, default="")
    # Minutes.
    next_meeting: Mapped[str] = mapped_column(Text, default="")
    recorder: Mapped[str] = mapped_column(String(100), default="")
    confirmer: Mapped[str] = mapped_column(String(100), default="")
    minutes_state: Mapped[str] = mapped_column(String(20), default="draft")
    minutes_revision: Mapped[int] = mapped_column(Integer, default=1)
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    confirmed_on: Mapped[date | None] = mapped_column(Date, default=None)
    confirmed_by: Mapped[str] = mapped_column(String(100), default="")

    council: Mapped[Council | None] = relationship()
    area: Mapped[Area | None] = relationship()
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position"
    )
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", order_by="Attendee.position"
    )
    actions: Mapped[list[ActionItem]] = relationship(
        back_populates="meeting", order_by="ActionItem.position"
    )


class AgendaItem(RecordMixin, Base):
    """議事: one item of business, with what was discussed (要点筆記) and decided."""

    __tablename__ = "agenda_item"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    presenter: Mapped[str] = mapped_column(String(100), default="")
    discussion: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")


class Attendee(RecordMixin, Base):
    """Who was asked to a meeting and whether they came; the name is kept as printed."""

    __tablename__ = "attendee"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200), default="")  # 職名・所属
    status: Mapped[str] = mapped_column(String(20), default="present")
    position: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")


class ActionItem(RecordMixin, Base):
    """A decision's follow-up: what, who (担当), by when (期限) and how far it has got."""

    __tablename__ = "action_item"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(100), default="")
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    state: Mapped[str] = mapped_column(String(20), default="open")
    done_on: Mapped[date | None] = mapped_column(Date, default=None)

    meeting: Mapped[Meeting] = relationship(back_populates="actions")


class MinutesRevision(RecordMixin, Base):
    """A confirmed version of a meeting's minutes, frozen as JSON. Never edited afterwards."""

    __tablename__ = "minutes_revision"
    __table_args__ = (UniqueConstraint("meeting_id", "revision", name="uq_minutes_revision"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    confirmed_on: Mapped[date] = mapped_column(Date)
    confirmed_by: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was corrected (版 2 から)
    snapshot: Mapped[str] = mapped_column(Text)


class Issue(RecordMixin, Base):
    """地域課題 (STEP 2-2): a need of one or more areas, built up from individual lives.

    `personal` marks text that holds personal details (要配慮 when about health or care);
    such text never reaches a paper meant for residents.
    """

    __tablename__ = "issue"
    __table_args__ = (Index("ix_issue_sort_key", "sort_key"),)

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(30), default="other")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), default=None)
    kinds: Mapped[str] = mapped_column(String(300), default=",")  # ",shopping,transport,"
    urgency: Mapped[int] = mapped_column(Integer, default=2)  # 1 低, 2 中, 3 高
    importance: Mapped[int] = mapped_column(Integer, default=2)
    people_affected: Mapped[int | None] = mapped_column(Integer, default=None)
    state: Mapped[str] = mapped_column(String(20), default="noticed")
    personal: Mapped[bool] = mapped_column(Boolean, default=False)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)  # 要配慮個人情報
    noticed_on: Mapped[date | None] = mapped_column(Date, default=None)
    escalated_to: Mapped[str] = mapped_column(String(200), default="")  # 第1層 or a department
    escalated_reason: Mapped[str] = mapped_column(Text, default="")
    escalated_on: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(SortKeyString, default="")

    meeting: Mapped[Meeting | None] = relationship()
    areas: Mapped[list[IssueArea]] = relationship(back_populates="issue")


class IssueArea(RecordMixin, Base):
    __tablename__ = "issue_area"
    __table_args__ = (UniqueConstraint("issue_id", "area_id", name="uq_issue_area"),)

    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)

    issue: Mapped[Issue] = relationship(back_populates="areas")
    area: Mapped[Area] = relationship()


class IssueNote(RecordMixin, Base):
    """What the area tried, or what happened next: the history a 引継ぎ票 carries."""

    __tablename__ = "issue_note"

    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100), default="")


class IssueResource(RecordMixin, Base):
    """A resource linked to an issue as (part of) its answer (matching, coordinator role C)."""

    __tablename__ = "issue_resource"
    __table_args__ = (UniqueConstraint("issue_id", "resource_id", name="uq_issue_resource"),)

    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id"), index=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id"), index=True)


class IssueGroup(RecordMixin, Base):
    """A KJ法 group on one area's board: its 表札, colour, place, and the group it sits in."""

    __tablename__ = "issue_group"

    board_area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    colour: Mapped[str] = mapped_column(String(9), default="#fff3c4")
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    width: Mapped[float] = mapped_column(Float, default=320.0)
    height: Mapped[float] = mapped_column(Float, default=220.0)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("issue_group.id"), default=None)


class IssueCard(RecordMixin, Base):
    """Where an issue sits on one area's board. No row: the card waits in the tray."""

    __tablename__ = "issue_card"
    __table_args__ = (UniqueConstraint("board_area_id", "issue_id", name="uq_issue_card"),)

    board_area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id"))
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("issue_group.id"), default=None)


class IssueLink(RecordMixin, Base):
    """An arrow on a board between two cards or groups: 原因→結果, 関連 or 対立."""

    __tablename__ = "issue_link"

    board_area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    from_issue_id: Mapped[int | None] = mapped_column(ForeignKey("issue.id"), default=None)
    from_group_id: Mapped[int | None] = mapped_column(ForeignKey("issue_group.id"), default=None)
    to_issue_id: Mapped[int | None] = mapped_column(ForeignKey("issue.id"), default=None)
    to_group_id: Mapped[int | None] = mapped_column(ForeignKey("issue_group.id"), default=None)
    relation: Mapped[str] = mapped_column(String(20), default="related")


class Initiative(RecordMixin, Base):
    """取組 (STEP 3): work to widen participation, strengthen what exists or build what is
    missing, starting from what the people involved can and want to do."""

    __tablename__ = "initiative"

    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    can_do: Mapped[str] = mapped_column(Text, default="")  # 出来ること
    want_to_do: Mapped[str] = mapped_column(Text, default="")  # やってみたいこと
    state: Mapped[str] = mapped_column(String(20), default="idea")
    started_on: Mapped[date | None] = mapped_column(Date, default=None)
    outcome: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    area: Mapped[Area | None] = relationship()
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="initiative", order_by="Milestone.position"
    )


class InitiativeLink(RecordMixin, Base):
    """What an initiative is tied to: an issue it answers, a resource it builds on or created,
    a person or an organisation taking part (with their role in it)."""

    __tablename__ = "initiative_link"

    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("issue.id"), default=None)
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resource.id"), default=None)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), default=None)
    role: Mapped[str] = mapped_column(String(100), default="")  # e.g. 「世話役」, or "created"


class Milestone(RecordMixin, Base):
    __tablename__ = "milestone"

    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    done_on: Mapped[date | None] = mapped_column(Date, default=None)

    initiative: Mapped[Initiative] = relationship(back_populates="milestones")
