"""Safeguarding: each school's go-live confirmation, the concern workflow, and the alert outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow


class SafeguardingSettings(db.Model):
    """One school's safeguarding set-up: who confirmed as DSL, and when concerns escalate."""

    __tablename__ = "safeguarding_settings"

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), primary_key=True)
    # Minutes a new concern may wait for acknowledgement before it goes to the next contact.
    escalation_minutes: Mapped[int] = mapped_column(default=30)
    # Pupils may start conversations only once a DSL has signed in and confirmed here.
    dsl_confirmed_at: Mapped[datetime | None]
    dsl_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ConcernAction(db.Model):
    """One step in a concern's history: a change of state, or an escalation, with who and why."""

    __tablename__ = "concern_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concern.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    # What was done, what was decided and why, in the DSL's words (or the system's, for escalation).
    action: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    # None when Convo itself acted, e.g. an escalation.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    staff = relationship("Staff")


class AlertMessage(db.Model):
    """An e-mail waiting in the outbox; written in the same transaction as what it reports."""

    __tablename__ = "alert_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    concern_id: Mapped[int | None] = mapped_column(ForeignKey("concern.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # The address as it was when the message was queued.
    recipient: Mapped[str] = mapped_column(String(254))
    # alert, escalation or weekly.
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    # Never the pupil's words or full name: e-mail is not a secure channel.
    body: Mapped[str] = mapped_column(Text)
    # Add a link to the concern's page when sending (only for the DSL and deputies, who can open it).
    link_to_concern: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # A sender holds a row until this time while it sends; another sender leaves it alone.
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    concern = relationship("Concern")
