"""The concern workflow and the questions the inbox, the banner and class pages ask."""
from __future__ import annotations

from flask import abort
from sqlalchemy import func, select, update

from .. import audit
from ..extensions import db
from ..models import AlertMessage, Concern, ConcernAction, School, Staff
from ..models._time import utcnow
from .contacts import LEADS
from .labels import STATES, next_state

#: Inbox filters: every state, plus "open" (anything not closed) and "all".
FILTERS = ("open", *STATES, "all")
#: Moving to these states needs the action, the decision and the reason written down.
NEEDS_REASONS = ("actioned", "closed")


class StateChanged(Exception):
    """Someone else moved the concern first; nothing was changed."""


def inbox(school_id: int, state: str = "open") -> list[Concern]:
    """The school's concerns for one filter, newest first."""
    query = select(Concern).where(Concern.school_id == school_id)
    if state == "open":
        query = query.where(Concern.state != "closed")
    elif state in STATES:
        query = query.where(Concern.state == state)
    return list(db.session.scalars(query.order_by(Concern.created_at.desc(), Concern.id.desc())))


def concern_in(school: School, concern_id: int) -> Concern:
    """A concern of this school; 404 for any other id, so ids of other schools stay unknown."""
    concern = db.session.get(Concern, concern_id)
    if concern is None or concern.school_id != school.id:
        abort(404)
    return concern


def history(concern: Concern) -> list[ConcernAction]:
    """Every step recorded for a concern, oldest first."""
    return list(db.session.scalars(select(ConcernAction).where(ConcernAction.concern_id == concern.id)
                                   .order_by(ConcernAction.at, ConcernAction.id)))


def messages_about(concern: Concern) -> list[AlertMessage]:
    """The e-mails queued about a concern, so the DSL can see who has been told."""
    return list(db.session.scalars(select(AlertMessage).where(AlertMessage.concern_id == concern.id)
                                   .order_by(AlertMessage.id)))


def record_view(concern: Concern) -> None:
    """Audit that the signed-in person read the concern, and commit it at once."""
    audit.record("concern_viewed", school_id=concern.school_id, target=f"concern:{concern.id}",
                 state=concern.state)
    db.session.commit()


def record_inbox_view(school: School, state: str, shown: int) -> None:
    """Audit that the signed-in person opened the concern list."""
    audit.record("concern_inbox_viewed", school_id=school.id, state=state, shown=shown)
    db.session.commit()


def move(concern: Concern, to_state: str, staff: Staff, *, action: str | None = None,
         decision: str | None = None, reason: str | None = None) -> ConcernAction:
    """Move a concern one step on, recording what was done, decided and why, by whom and when."""
    from_state = concern.state
    if to_state != next_state(from_state):
        raise StateChanged(from_state)
    now = utcnow()
    values: dict = {"state": to_state}
    if to_state == "acknowledged":
        values |= {"acknowledged_at": now, "acknowledged_by_id": staff.id}
    # Only one of two people pressing at once moves it: the update matches the old state only.
    moved = db.session.execute(update(Concern).where(Concern.id == concern.id, Concern.state == from_state)
                               .values(**values).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        db.session.rollback()
        raise StateChanged(from_state)
    step = ConcernAction(concern_id=concern.id, from_state=from_state, to_state=to_state, staff_id=staff.id,
                         action=_clean(action), decision=_clean(decision), reason=_clean(reason), at=now)
    db.session.add(step)
    audit.record("concern_state_changed", school_id=concern.school_id, target=f"concern:{concern.id}",
                 from_state=from_state, to_state=to_state)
    db.session.commit()
    return step


def _clean(text: str | None) -> str | None:
    """Trimmed text, or None when nothing was written."""
    text = (text or "").strip()
    return text or None


def new_concern_count(school_id: int) -> int:
    """How many of the school's concerns nobody has acknowledged yet."""
    return db.session.scalar(select(func.count(Concern.id)).where(
        Concern.school_id == school_id, Concern.state == "new")) or 0


def open_concern_count_for_class(class_id: int) -> int:
    """How many concerns from this class are not closed; a teacher may see this number, nothing more."""
    return db.session.scalar(select(func.count(Concern.id)).where(
        Concern.class_id == class_id, Concern.state != "closed")) or 0


def new_concerns_for(staff: Staff) -> list[tuple[School, int]]:
    """For a DSL or deputy: each of their schools with concerns still new, and how many."""
    school_ids = sorted({m.school_id for m in staff.memberships if m.role in LEADS})
    if not school_ids:
        return []
    rows = db.session.execute(select(Concern.school_id, func.count(Concern.id)).where(
        Concern.school_id.in_(school_ids), Concern.state == "new").group_by(Concern.school_id)).all()
    return [(db.session.get(School, school_id), count) for school_id, count in rows if count]
