"""What a teacher sees of their pupils' careers records: read-only queries, a few per page."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models import Aspiration, Conversation, Enrolment, Pupil, SchoolClass, StereotypeEvent, Turn
from ..models.review import TeacherNote
from ..schoolyear import academic_year_starts, current_academic_year


@dataclass
class PupilSummary:
    """One row of the class page."""

    pupil: Pupil
    aspiration: Aspiration | None
    last_talk: datetime | None
    talked_this_year: bool
    stereotype_events: int
    to_review: int


def class_overview(pupils: list[Pupil]) -> list[PupilSummary]:
    """Each pupil's current aspiration, last talk, stereotype events and talks to review."""
    ids = [p.id for p in pupils]
    year = current_academic_year()
    latest: dict[int, Aspiration] = {}
    for aspiration in db.session.scalars(select(Aspiration).where(Aspiration.pupil_id.in_(ids))
                                         .order_by(Aspiration.created_at, Aspiration.id)):
        latest[aspiration.pupil_id] = aspiration
    talks = {pid: (last, this_year, unreviewed) for pid, last, this_year, unreviewed in db.session.execute(
        select(Conversation.pupil_id, func.max(Conversation.started_at),
               func.count().filter(Conversation.academic_year == year),
               func.count().filter(Conversation.reviewed_at.is_(None), Conversation.ended.is_not(None)))
        .where(Conversation.pupil_id.in_(ids)).group_by(Conversation.pupil_id))}
    events = dict(db.session.execute(select(StereotypeEvent.pupil_id, func.count()).where(
        StereotypeEvent.pupil_id.in_(ids), StereotypeEvent.reactive.is_(True),
        StereotypeEvent.academic_year == year).group_by(StereotypeEvent.pupil_id)).all())
    rows = []
    for pupil in pupils:
        last, this_year, unreviewed = talks.get(pupil.id, (None, 0, 0))
        rows.append(PupilSummary(pupil, latest.get(pupil.id), last, this_year > 0,
                                 events.get(pupil.id, 0), unreviewed))
    return rows


def aspiration_timeline(pupil: Pupil) -> dict[int, list[Aspiration]]:
    """The pupil's aspirations grouped by the year group they said them in, oldest first."""
    timeline: dict[int, list[Aspiration]] = defaultdict(list)
    for aspiration in db.session.scalars(select(Aspiration).where(Aspiration.pupil_id == pupil.id)
                                         .order_by(Aspiration.created_at, Aspiration.id)):
        timeline[aspiration.year_group].append(aspiration)
    return dict(sorted(timeline.items()))


def conversations_of(pupil: Pupil) -> list[Conversation]:
    """The pupil's conversations, newest first, with their turns loaded in one more query."""
    conversations = list(db.session.scalars(select(Conversation).where(Conversation.pupil_id == pupil.id)
                                            .order_by(Conversation.started_at.desc())))
    if conversations:
        db.session.scalars(select(Turn).where(Turn.conversation_id.in_([c.id for c in conversations]))).all()
    return conversations


def stereotype_events_of(pupil: Pupil) -> list[StereotypeEvent]:
    """Stereotypes the pupil voiced and what they thought after the challenge."""
    return list(db.session.scalars(select(StereotypeEvent).where(
        StereotypeEvent.pupil_id == pupil.id, StereotypeEvent.reactive.is_(True))
        .order_by(StereotypeEvent.created_at.desc())))


def notes_of(pupil: Pupil) -> list[TeacherNote]:
    """Staff notes on the pupil's careers record, newest first."""
    return list(db.session.scalars(select(TeacherNote).where(TeacherNote.pupil_id == pupil.id)
                                   .order_by(TeacherNote.created_at.desc())))


def class_leavers(school_class: SchoolClass) -> list[Pupil]:
    """The pupils of a class this year who have left the school, most recent leaver first."""
    return list(db.session.scalars(select(Pupil).join(Enrolment).where(
        Enrolment.class_id == school_class.id, Pupil.left_on.is_not(None)
    ).order_by(Pupil.left_on.desc(), Pupil.preferred_forename, Pupil.surname)))


def joined_on(pupil: Pupil) -> date | None:
    """The first day the pupil could have been at the school: the start of their first school year here."""
    years = [e.academic_year for e in pupil.enrolments]
    return academic_year_starts(min(years)) if years else None
