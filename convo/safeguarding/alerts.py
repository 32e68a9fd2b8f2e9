"""Putting safeguarding e-mails in the outbox: the first alert, escalations and the weekly summary.

Nothing here sends mail; `mail.send_pending` does. No message ever carries a pupil's words or name,
because e-mail is not a secure channel: it says what happened and where to look.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from sqlalchemy import select, update

from .. import audit
from ..extensions import db
from ..models import AlertMessage, Concern, ConcernAction, Role, School, Staff
from ..models._time import utcnow
from .contacts import escalation_chain, leads_of, settings_for, staff_with
from .labels import absolute_url, kind_label, severity_label, state_label

#: How long after one weekly summary the next may be queued (so a daily cron sends one a week).
WEEKLY_GAP = timedelta(days=6)


def when_text(moment: datetime) -> str:
    """A stored UTC time as the school reads it, e.g. "10:42 on Tuesday 3 March 2026"."""
    return _("%(time)s on %(date)s", time=format_datetime(moment, "HH:mm"),
             date=format_datetime(moment, "EEEE d MMMM yyyy"))


def _queue(school_id: int, people: list[Staff], kind: str, subject: str, body: str,
           concern: Concern | None = None, link: bool = False) -> list[AlertMessage]:
    """Add one outbox row per person to the session; the caller's transaction commits them."""
    rows = [AlertMessage(school_id=school_id, concern=concern, staff_id=person.id, recipient=person.email,
                         kind=kind, subject=subject[:200], body=body, link_to_concern=link)
            for person in people]
    db.session.add_all(rows)
    return rows


def _where(concern: Concern) -> str:
    """Which class a concern came from, without naming the pupil."""
    return concern.class_name or _("no class")


def queue_concern_alerts(concern: Concern) -> list[AlertMessage]:
    """Queue the immediate alert to the DSL and every deputy, in the concern's own transaction.

    Nothing is flushed here: the caller is still writing the pupil's answer.
    """
    with db.session.no_autoflush:
        school = db.session.get(School, concern.school_id)
        minutes = settings_for(concern.school_id).escalation_minutes
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        people, link = leads_of(concern.school_id), True
        if not people:
            # No DSL is set up (they were removed after go-live): the school's named contact must know.
            people, link = staff_with(concern.school_id, (Role.CAREERS_LEADER,)), False
        subject = _("Convo: new safeguarding concern (%(severity)s) at %(school)s",
                    severity=severity_label(concern.severity), school=school.name)
        body = "\n\n".join([
            _("A possible safeguarding concern of severity %(severity)s was raised by a pupil in class "
              "%(where)s at %(when)s.", severity=severity_label(concern.severity), where=_where(concern),
              when=when_text(concern.created_at or utcnow())),
            _("Open Convo now to read it and acknowledge it. If nobody acknowledges it within "
              "%(minutes)d minutes it goes to the next contact.", minutes=minutes) if link else
            _("Your school has no designated safeguarding lead in Convo, so this comes to you as the "
              "school's named contact. Add the DSL on the Staff page, and follow your school's "
              "safeguarding procedure now."),
            _("This e-mail does not contain the pupil's words or name, because e-mail is not a secure "
              "channel."),
        ])
        return _queue(concern.school_id, people, "alert", subject, body, concern, link)


def escalate_overdue(now: datetime | None = None) -> int:
    """Escalate every concern still new after its school's minutes, once per level; return how many."""
    now = now or utcnow()
    escalated = 0
    waiting = db.session.scalars(select(Concern).where(Concern.state == "new").order_by(Concern.id)).all()
    for concern in waiting:
        chain = escalation_chain(concern.school_id)
        level = concern.escalation_level
        if level >= len(chain):
            continue
        minutes = settings_for(concern.school_id).escalation_minutes
        if now < concern.created_at + timedelta(minutes=minutes * (level + 1)):
            continue
        # Claim the next level with a conditional update, so two senders never escalate twice.
        claimed = db.session.execute(
            update(Concern).where(Concern.id == concern.id, Concern.state == "new",
                                  Concern.escalation_level == level)
            .values(escalation_level=level + 1).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            db.session.rollback()
            continue
        step, people = chain[level]
        _queue_escalation(concern, level + 1, step, people, minutes * (level + 1))
        db.session.commit()
        escalated += 1
    return escalated


def _queue_escalation(concern: Concern, level: int, step: str, people: list[Staff], waited: int) -> None:
    """Queue one escalation and record it in the concern's history."""
    school = db.session.get(School, concern.school_id)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        to_leads = step == "deputies"
        who = (_("the deputy safeguarding leads") if to_leads else
               _("the careers leader (the school's named contact)"))
        subject = _("Convo: safeguarding concern not acknowledged at %(school)s", school=school.name)
        ask = (_("As a deputy safeguarding lead, open Convo and act on it now.") if to_leads else
               _("You cannot see the concern in Convo. Contact your designated safeguarding lead or a "
                 "deputy now, or follow your school's safeguarding procedure."))
        body = "\n\n".join([
            _("A possible safeguarding concern of severity %(severity)s, raised by a pupil in class "
              "%(where)s at %(when)s, has not been acknowledged within %(minutes)d minutes.",
              severity=severity_label(concern.severity), where=_where(concern),
              when=when_text(concern.created_at), minutes=waited),
            ask,
            _("This e-mail does not contain the pupil's words or name, because e-mail is not a secure "
              "channel."),
        ])
        _queue(concern.school_id, people, "escalation", subject, body, concern, link=to_leads)
        db.session.add(ConcernAction(
            concern_id=concern.id, from_state="new", to_state="new", staff_id=None,
            action=_("Escalated to %(who)s", who=who),
            decision=_("E-mailed %(count)d people", count=len(people)),
            reason=_("Not acknowledged within %(minutes)d minutes", minutes=waited)))
    audit.record("concern_escalated", school_id=concern.school_id, target=f"concern:{concern.id}",
                 staff_id=None, level=level, to=step)


def weekly_counts(school_id: int, since: datetime) -> tuple[Counter, Counter, int]:
    """Concerns raised since `since` by state and by kind, and how many older ones are still open."""
    recent = db.session.execute(select(Concern.state, Concern.kind).where(
        Concern.school_id == school_id, Concern.created_at >= since)).all()
    older_open = db.session.scalar(select(db.func.count(Concern.id)).where(
        Concern.school_id == school_id, Concern.created_at < since, Concern.state != "closed")) or 0
    return Counter(s for s, _k in recent), Counter(k or "other" for _s, k in recent), older_open


def queue_weekly_summaries(now: datetime | None = None, force: bool = False) -> int:
    """Queue each school's weekly summary to its DSL and deputies; return how many schools."""
    now = now or utcnow()
    queued = 0
    for school in db.session.scalars(select(School).order_by(School.id)).all():
        people = leads_of(school.id)
        recent = db.session.scalar(select(AlertMessage.id).where(
            AlertMessage.school_id == school.id, AlertMessage.kind == "weekly",
            AlertMessage.created_at > now - WEEKLY_GAP).limit(1))
        if not people or (recent is not None and not force):
            continue
        subject, body = weekly_text(school, now)
        _queue(school.id, people, "weekly", subject, body)
        audit.record("weekly_summary_queued", school_id=school.id, staff_id=None, recipients=len(people))
        db.session.commit()
        queued += 1
    return queued


def weekly_text(school: School, now: datetime) -> tuple[str, str]:
    """The weekly summary's subject and body: counts only, never a pupil's words or name."""
    since = now - timedelta(days=7)
    by_state, by_kind, older_open = weekly_counts(school.id, since)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        lines = [_("Safeguarding concerns raised in Convo at %(school)s in the 7 days to %(when)s.",
                   school=school.name, when=when_text(now)), ""]
        lines.append(_("Raised this week: %(count)d", count=sum(by_state.values())))
        for state in ("new", "acknowledged", "actioned", "closed"):
            lines.append(f"  {state_label(state)}: {by_state.get(state, 0)}")
        if by_kind:
            lines += ["", _("By kind:")]
            lines += [f"  {kind_label(kind)}: {count}" for kind, count in sorted(by_kind.items())]
        lines += ["", _("Raised before this week and not yet closed: %(count)d", count=older_open), "",
                  _("The concern inbox: %(url)s",
                    url=absolute_url("safeguarding.inbox", school_id=school.id)),
                  "", _("This e-mail contains counts only: no pupil's words or names.")]
        subject = _("Convo: weekly safeguarding summary for %(school)s", school=school.name)
    return subject, "\n".join(lines)
