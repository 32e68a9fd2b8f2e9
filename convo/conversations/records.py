"""Turning the engine's record events into the school's rows, in the caller's transaction."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import (Aspiration, Concern, Conversation, Pupil, Reflection, StereotypeEvent, Turn)
from ..models._time import utcnow

#: Events about the pupil that become a Reflection of the same kind.
REFLECTION_KINDS = ("interest", "skill", "subject", "find_out_at_secondary", "known_job", "then_and_now")


class Recorder:
    """Stores one answer's events for one conversation; the caller commits once for all of them."""

    def __init__(self, conversation: Conversation, pupil: Pupil, answer_key: str,
                 turns_so_far: int | None = None):
        """Remember where the rows belong, the tablet's key for this answer, and the turns already kept."""
        self.conversation = conversation
        self.pupil = pupil
        self.turns_so_far = turns_so_far
        self.answer_key = answer_key
        self.turn: Turn | None = None
        self.stereotype: StereotypeEvent | None = None

    def _common(self) -> dict[str, Any]:
        """Fields every pupil record carries: who, which conversation, and which school year."""
        return {"pupil_id": self.pupil.id, "conversation_id": self.conversation.id,
                "academic_year": self.conversation.academic_year,
                "year_group": self.conversation.year_group}

    def store(self, events: list[dict[str, Any]]) -> None:
        """Add a row for every event, in order."""
        for event in events:
            handler: Callable[[dict[str, Any]], None] | None = getattr(self, f"on_{event['type']}", None)
            if handler is not None:
                handler(event)
            elif event["type"] in REFLECTION_KINDS:
                self.on_reflection(event)

    def on_turn(self, event: dict[str, Any]) -> None:
        """The answer itself, redacted."""
        answer = event.get("answer") or {}
        if self.turns_so_far is None:
            # Counted in the database, rather than by loading every earlier turn of the conversation.
            self.turns_so_far = db.session.scalar(select(func.count(Turn.id)).where(
                Turn.conversation_id == self.conversation.id))
        number = self.turns_so_far + 1
        self.turn = Turn(conversation=self.conversation, number=number,
                         line_id=(event.get("asked") or ["?"])[-1][:120],
                         answer_kind=answer.get("via", "skip"),
                         choice_id=answer.get("card") or answer.get("choice"),
                         # Typed words are already redacted; a tapped card keeps its label to read back.
                         redacted_text=answer.get("text") or answer.get("label"),
                         answer_key=self.answer_key)
        db.session.add(self.turn)
        self.conversation.last_answer_at = utcnow()

    def on_aspiration(self, event: dict[str, Any]) -> None:
        """A job the pupil would like to do."""
        said = event.get("said") or event.get("title") or ""
        if event.get("detail"):
            said = f"{said} ({event['detail']})"
        db.session.add(Aspiration(
            **self._common(), said=said, soc2020=event.get("soc2020"), title=event.get("title") or said,
            family=event.get("family"), likes=event.get("likes"),
            knows_someone=event.get("knows_someone") or "not_said"))

    def on_stereotype(self, event: dict[str, Any]) -> None:
        """A stereotype the pupil voiced, with the challenge shown and their view after."""
        db.session.add(StereotypeEvent(
            **self._common(), kind=event["kind"], redacted_text=event.get("redacted"),
            challenge_id=event.get("challenge_id"), view_after=event.get("view_after"), reactive=True))

    def on_did_you_know(self, event: dict[str, Any]) -> None:
        """A counter-stereotypical "did you know" shown for a job the pupil chose."""
        db.session.add(StereotypeEvent(
            **self._common(), kind="gender", challenge_id=event.get("challenge_id"), reactive=False))

    def on_concern(self, event: dict[str, Any]) -> None:
        """A possible safeguarding concern: verbatim words, kept only here, and its alerts queued."""
        from ..privacy.retention import concern_keep_until
        from ..safeguarding.alerts import queue_concern_alerts
        school_class = self.pupil.school_class
        concern = Concern(
            school_id=self.pupil.school_id, pupil_id=self.pupil.id, conversation_id=self.conversation.id,
            turn=self.turn, verbatim=event.get("verbatim") or "", kind=event.get("kind"),
            severity=event.get("severity") or "high", rule=event.get("rule"),
            class_id=school_class.id if school_class else None,
            class_name=school_class.name if school_class else None,
            pupil_name=f"{self.pupil.display_name} ({school_class.name if school_class else 'no class'})",
            keep_until=concern_keep_until(self.pupil.date_of_birth, self.pupil.school, date.today()))
        db.session.add(concern)
        if self.turn is not None:
            # The words live only in the concern, for the DSL: a teacher reading the transcript sees none.
            self.turn.redacted_text = None
        # The DSL's e-mails go into the outbox in this same transaction, so none can be lost.
        queue_concern_alerts(concern)

    def on_reflection(self, event: dict[str, Any]) -> None:
        """An interest, skill, subject, question for secondary, known job, or then-and-now answer."""
        kind = event["type"]
        detail = {k: v for k, v in event.items() if k not in {"type", "said", "key", "via"}}
        db.session.add(Reflection(**self._common(), kind=kind, choice_id=event.get("key"),
                                  text=event.get("said") or event.get("title"), detail=detail))

    def on_session_end(self, event: dict[str, Any]) -> None:
        """The conversation has ended."""
        self.conversation.finished_at = utcnow()
        self.conversation.ended = self.conversation.ended or event.get("reason", "finished")
