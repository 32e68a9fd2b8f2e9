"""A pupil's conversations, each answer they gave, and what the school keeps from them."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow


class Conversation(db.Model):
    """One session a pupil had on the tablet, e.g. "Things I love doing" in Year 2."""

    __tablename__ = "conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    # The session's id in prompts/, and the content version it ran on.
    session_key: Mapped[str] = mapped_column(String(80))
    band: Mapped[str] = mapped_column(String(20))
    content_version: Mapped[int] = mapped_column(default=1)
    academic_year: Mapped[int]
    year_group: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_answer_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # finished, stopped (pupil chose "Stop for now"), time_up, or None while it runs.
    ended: Mapped[str | None] = mapped_column(String(20))
    # The engine's JSON state: where the pupil is, so a reload or a new sign-in resumes there.
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    turns: Mapped[list[Turn]] = relationship(back_populates="conversation", cascade="all, delete-orphan",
                                             order_by="Turn.number")


class Turn(db.Model):
    """One answer, stored only in its redacted form."""

    __tablename__ = "turn"
    # Named explicitly: the naming convention would give both the same name.
    __table_args__ = (UniqueConstraint("conversation_id", "answer_key", name="uq_turn_answer_key"),
                      UniqueConstraint("conversation_id", "number", name="uq_turn_number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"),
                                                 index=True)
    number: Mapped[int]
    # The prompt line the pupil was answering, by its stable id.
    line_id: Mapped[str] = mapped_column(String(120))
    # card, face or text.
    answer_kind: Mapped[str] = mapped_column(String(10))
    # The card or face chosen, by id; None for typed answers.
    choice_id: Mapped[str | None] = mapped_column(String(120))
    # What the pupil typed, with personal details replaced; never the verbatim words.
    redacted_text: Mapped[str | None] = mapped_column(Text)
    # Sent by the tablet with each answer, so a double tap or a retried request records once.
    answer_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="turns")


class Aspiration(db.Model):
    """A job a pupil said they would like to do, in their own words and coded to SOC 2020."""

    __tablename__ = "aspiration"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversation.id", ondelete="SET NULL"))
    said: Mapped[str] = mapped_column(Text)
    soc2020: Mapped[str | None] = mapped_column(String(4))
    title: Mapped[str] = mapped_column(String(120))
    # National Careers Service job category.
    family: Mapped[str | None] = mapped_column(String(80))
    likes: Mapped[str | None] = mapped_column(Text)
    # yes, no or not_said: whether they know someone who does it; never who.
    knows_someone: Mapped[str] = mapped_column(String(10), default="not_said")
    academic_year: Mapped[int]
    year_group: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StereotypeEvent(db.Model):
    """A stereotype a pupil voiced, the counter-example shown, and what they thought after."""

    __tablename__ = "stereotype_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversation.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(30))
    redacted_text: Mapped[str | None] = mapped_column(Text)
    challenge_id: Mapped[str | None] = mapped_column(String(120))
    # changed, same or unsure; None until the pupil answers "What do you think now?".
    view_after: Mapped[str | None] = mapped_column(String(10))
    # True when the pupil said it; False for a "did you know" shown because of a job they chose.
    reactive: Mapped[bool] = mapped_column(default=True)
    # The pupil chose to share this reflection with their secondary school (recorded by staff).
    shared_with_secondary: Mapped[bool] = mapped_column(default=False, server_default=false())
    academic_year: Mapped[int]
    year_group: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reflection(db.Model):
    """Something else a pupil told us about themself: an interest, a skill, a subject, a question."""

    __tablename__ = "reflection"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversation.id", ondelete="SET NULL"))
    # interest, skill, subject, find_out_at_secondary, known_job or then_and_now.
    kind: Mapped[str] = mapped_column(String(30))
    # A card id when they tapped one; the redacted words when they typed.
    choice_id: Mapped[str | None] = mapped_column(String(120))
    text: Mapped[str | None] = mapped_column(Text)
    # Anything else the conversation found, e.g. a skill's subjects or a known job's SOC code.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    academic_year: Mapped[int]
    year_group: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
