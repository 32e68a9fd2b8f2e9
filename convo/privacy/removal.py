"""Removing pupils' careers records, shared by the retention purge and by erasure.

Safeguarding concerns are never removed here: they lose their link to the pupil and keep the name
recorded when they were raised, for the DSL. Every step is an explicit statement rather than a
database cascade, so the counts are exact and nothing depends on how a database enforces keys.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, fields

from sqlalchemy import delete, select, update

from ..extensions import db
from ..models import (Aspiration, Concern, Conversation, Enrolment, Pupil, Reflection, StereotypeEvent,
                      TeacherNote, Turn, pack_pupils)


@dataclass
class Removed:
    """How many rows of each kind went; added together across pupils and schools."""

    pupils: int = 0
    conversations: int = 0
    turns: int = 0
    aspirations: int = 0
    reflections: int = 0
    stereotype_events: int = 0
    teacher_notes: int = 0
    pack_files: int = 0
    concerns: int = 0
    # Packs rewritten without an erased pupil (erasure only; the purge removes whole files).
    packs_changed: int = 0

    def total(self) -> int:
        """Every row and file counted."""
        return sum(asdict(self).values())

    def as_detail(self) -> dict[str, int]:
        """The counts for an audit record: numbers only, never names."""
        return asdict(self)

    def add(self, other: Removed) -> None:
        """Add another set of counts to this one."""
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


def deleted_rows(statement) -> int:
    """Run a DELETE and return how many rows it removed."""
    return db.session.execute(statement, execution_options={"synchronize_session": False}).rowcount or 0


def remove_pupils(pupil_ids: Collection[int]) -> Removed:
    """Delete the careers record and the pupil rows of these pupils; the caller commits."""
    removed = Removed()
    if not pupil_ids:
        return removed
    ids = list(pupil_ids)
    conversations = select(Conversation.id).where(Conversation.pupil_id.in_(ids))
    # Concerns outlive the careers record: unlink them from the pupil, the talk and the turn.
    db.session.execute(update(Concern).where(Concern.pupil_id.in_(ids))
                       .values(pupil_id=None, conversation_id=None, turn_id=None),
                       execution_options={"synchronize_session": False})
    db.session.execute(update(Concern).where(Concern.conversation_id.in_(conversations))
                       .values(conversation_id=None, turn_id=None),
                       execution_options={"synchronize_session": False})
    removed.turns = deleted_rows(delete(Turn).where(Turn.conversation_id.in_(conversations)))
    for name, model in (("aspirations", Aspiration), ("reflections", Reflection),
                        ("stereotype_events", StereotypeEvent), ("teacher_notes", TeacherNote)):
        setattr(removed, name, deleted_rows(delete(model).where(model.pupil_id.in_(ids))))
    removed.conversations = deleted_rows(delete(Conversation).where(Conversation.pupil_id.in_(ids)))
    # Erasure rewrites the zips first (transition/unpack.py); the purge removes whole files.
    deleted_rows(delete(pack_pupils).where(pack_pupils.c.pupil_id.in_(ids)))
    deleted_rows(delete(Enrolment).where(Enrolment.pupil_id.in_(ids)))
    removed.pupils = deleted_rows(delete(Pupil).where(Pupil.id.in_(ids)))
    return removed

