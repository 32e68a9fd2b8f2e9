"""Starting, answering, resuming and stopping a pupil's conversation, with nothing lost."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from ..engine import EngineError, Result, StaleAnswerError
from ..extensions import db
from ..models import Aspiration, Conversation, Pupil, Turn
from ..models._time import utcnow
from ..schoolyear import current_academic_year
from .content import SCHOOL_YEAR_ORDER, engine
from .records import Recorder
from .settings import settings_for


def running(pupil: Pupil) -> Conversation | None:
    """The pupil's conversation that has not ended, if any (it resumes where they left off)."""
    return db.session.scalar(select(Conversation).where(
        Conversation.pupil_id == pupil.id, Conversation.ended.is_(None)
    ).order_by(Conversation.started_at.desc()).limit(1))


def finished_today(pupil: Pupil) -> Conversation | None:
    """A conversation the pupil already finished today: one a day is plenty."""
    midnight = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    return db.session.scalar(select(Conversation).where(
        Conversation.pupil_id == pupil.id, Conversation.ended.is_not(None),
        Conversation.finished_at >= midnight).limit(1))


def last_aspiration(pupil: Pupil) -> dict[str, Any] | None:
    """What the pupil said last time, for "then and now"."""
    found = db.session.scalar(select(Aspiration).where(Aspiration.pupil_id == pupil.id)
                              .order_by(Aspiration.created_at.desc(), Aspiration.id.desc()).limit(1))
    if found is None:
        return None
    return {"title": found.title, "said": found.said, "soc2020": found.soc2020, "family": found.family}


def todays_session(pupil: Pupil) -> str:
    """The next session this year the pupil has not finished, in the school year's order."""
    offered = [s["id"] for s in engine().sessions_for(pupil.year_group)]
    chosen = settings_for(pupil.school_id, pupil.year_group).sessions
    done = set(db.session.scalars(select(Conversation.session_key).where(
        Conversation.pupil_id == pupil.id, Conversation.academic_year == current_academic_year(),
        Conversation.ended == "finished")))
    has_past = last_aspiration(pupil) is not None
    if chosen:
        # The school's own choice and order for this year group.
        order = [s for s in chosen if s in offered] or offered
    else:
        order = [s for s in SCHOOL_YEAR_ORDER if s in offered] + [s for s in offered if s not in SCHOOL_YEAR_ORDER]
    for session_id in order:
        if session_id not in done and (session_id != "then_and_now" or has_past):
            return session_id
    # Every session done: "then and now" keeps the year going, else start again.
    return "then_and_now" if has_past and "then_and_now" in order else order[0]


def start(pupil: Pupil, *, session_id: str | None = None, year_group: int | None = None,
          academic_year: int | None = None, when: datetime | None = None) -> Conversation:
    """Begin today's session for the pupil (the demo passes a past year and session)."""
    year_group = pupil.year_group if year_group is None else year_group
    session_id = session_id or todays_session(pupil)
    context = {"last_aspiration": last_aspiration(pupil)} if session_id == "then_and_now" else {}
    result = engine().start(session_id, year_group, context=context)
    conversation = Conversation(pupil_id=pupil.id, school_id=pupil.school_id, session_key=session_id,
                                band=result.step["band"], academic_year=academic_year or current_academic_year(),
                                year_group=year_group, state=result.state, started_at=when or utcnow(),
                                last_answer_at=when or utcnow())
    db.session.add(conversation)
    db.session.commit()
    return conversation


def current_step(conversation: Conversation) -> dict[str, Any]:
    """What the pupil should see now; ends the conversation calmly once its time is up."""
    if conversation.ended is None and time_is_up(conversation):
        return _finish(conversation, engine().stop(conversation.state), "time_up").step
    try:
        return engine().step(conversation.state)
    except (EngineError, KeyError):
        # The content changed under a saved conversation: close it and let a new one start.
        conversation.ended = "content_changed"
        conversation.finished_at = utcnow()
        db.session.commit()
        raise


def time_is_up(conversation: Conversation) -> bool:
    """True once a conversation has run longer than the school's limit."""
    saved = settings_for(conversation.school_id, conversation.year_group)
    minutes = saved.minutes if saved.id is not None else current_app.config["CONVERSATION_MINUTES"]
    limit = timedelta(minutes=minutes)
    return utcnow() - conversation.started_at > limit


def answer(conversation: Conversation, pupil: Pupil, reply: dict[str, Any], turn: int,
           answer_key: str) -> bool:
    """Record one answer exactly once; False if it was a repeat or no longer fits the screen.

    The turn, and any concern it raises, are written in one transaction before the next line shows.
    """
    if conversation.ended is not None:
        return False
    turns_so_far, seen = _turns_and_seen(conversation, answer_key)
    if seen:
        return False
    try:
        result = engine().answer(conversation.state, reply, turn=turn)
    except StaleAnswerError:
        return False
    if not _take_the_turn(conversation):
        # Another copy of this answer got there first (a "Next" has no turn row to collide on).
        db.session.rollback()
        return False
    recorder = Recorder(conversation, pupil, answer_key, turns_so_far)
    recorder.store(result.events)
    conversation.state = result.state
    if result.step.get("ended"):
        conversation.finished_at = conversation.finished_at or utcnow()
        conversation.ended = conversation.ended or "finished"
    try:
        db.session.commit()
    except IntegrityError:
        # Two copies of the same answer raced each other; the first one won.
        db.session.rollback()
        return False
    return True


def stop(conversation: Conversation) -> None:
    """The pupil chose "Stop for now"."""
    if conversation.ended is None:
        _finish(conversation, engine().stop(conversation.state), "stopped")


def _finish(conversation: Conversation, result: Result, reason: str) -> Result:
    """Store an ending and its events."""
    conversation.ended = reason
    Recorder(conversation, conversation_pupil(conversation), f"end-{reason}").store(
        [e for e in result.events if e["type"] != "turn"])
    conversation.state = result.state
    conversation.finished_at = utcnow()
    db.session.commit()
    return result


def conversation_pupil(conversation: Conversation) -> Pupil:
    """The pupil a conversation belongs to."""
    return db.session.get(Pupil, conversation.pupil_id)


def _turns_and_seen(conversation: Conversation, answer_key: str) -> tuple[int, bool]:
    """How many turns the conversation has, and whether this tablet already sent this answer (one query)."""
    total, repeats = db.session.execute(select(
        func.count(Turn.id), func.count(case((Turn.answer_key == answer_key, 1)))
    ).where(Turn.conversation_id == conversation.id)).one()
    return total, repeats > 0


def _take_the_turn(conversation: Conversation) -> bool:
    """Move the conversation on from the state this request read; False if another request already has.

    A conditional UPDATE, in this answer's transaction: on PostgreSQL a racing copy waits for the
    first to commit, then matches no row; SQLite lets one writer in at a time to the same effect.
    """
    moved = db.session.execute(
        update(Conversation).where(Conversation.id == conversation.id,
                                   Conversation.last_answer_at == conversation.last_answer_at)
        .values(last_answer_at=utcnow()).execution_options(synchronize_session=False))
    return moved.rowcount == 1


