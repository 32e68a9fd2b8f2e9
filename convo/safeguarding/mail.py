"""Sending the outbox over SMTP: each row claimed by one sender, marked sent only once accepted.

A row that fails is tried again after 1, 2, 4 … minutes, never more than 30 minutes apart, and never
given up: a safeguarding alert must arrive. The Message-ID is fixed per row, so in the rare case of a
sender stopping between the server's acceptance and the row being marked, a repeat is recognisable.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from ..extensions import db
from ..models import AlertMessage
from ..models._time import utcnow
from .labels import absolute_url

log = logging.getLogger(__name__)

#: How long a sender holds a claimed row before another sender may take it over.
CLAIM_LEASE = timedelta(minutes=5)
#: The longest wait between two tries of one message.
MAX_BACKOFF = timedelta(minutes=30)
#: Rows taken in one pass; the rest wait for the next.
BATCH = 200


@dataclass
class SendReport:
    """What one pass of the sender did."""

    sent: int = 0
    failed: int = 0
    escalated: int = 0


def backoff(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed tries: 1, 2, 4 … minutes, at most 30."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def due_ids(now: datetime) -> list[int]:
    """Ids of unsent rows whose time has come and that no sender holds."""
    return list(db.session.scalars(select(AlertMessage.id).where(
        AlertMessage.sent_at.is_(None), AlertMessage.next_attempt_at <= now,
        or_(AlertMessage.claimed_until.is_(None), AlertMessage.claimed_until < now),
    ).order_by(AlertMessage.id).limit(BATCH)))


def claim(message_id: int, now: datetime) -> bool:
    """Take one row for this sender; False if it was sent or another sender holds it.

    A conditional UPDATE works the same on SQLite and PostgreSQL: on PostgreSQL a second sender's
    update waits for the first to commit, then finds the row no longer matches.
    """
    result = db.session.execute(
        update(AlertMessage).where(
            AlertMessage.id == message_id, AlertMessage.sent_at.is_(None),
            or_(AlertMessage.claimed_until.is_(None), AlertMessage.claimed_until < now))
        .values(claimed_until=now + CLAIM_LEASE).execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def build_email(message: AlertMessage) -> EmailMessage:
    """The e-mail for one outbox row, with a link to the concern for those who may open it."""
    config = current_app.config
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = config.get("MAIL_FROM", "convo@localhost")
    email["To"] = message.recipient
    email["Date"] = formatdate(usegmt=True)
    domain = str(config.get("MAIL_FROM", "convo@localhost")).rpartition("@")[2] or "localhost"
    email["Message-ID"] = f"<convo-{message.kind}-{message.id}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    body = message.body
    if message.link_to_concern and message.concern_id is not None:
        with force_locale(config["BABEL_DEFAULT_LOCALE"]):
            link = absolute_url("safeguarding.concern", school_id=message.school_id,
                                concern_id=message.concern_id)
            body = f"{body}\n\n{_('Open the concern in Convo:')} {link}"
    email.set_content(body)
    return email


def connect() -> smtplib.SMTP:
    """Open an SMTP connection with the MAIL_* settings."""
    config = current_app.config
    smtp = smtplib.SMTP(config.get("MAIL_SERVER", "localhost"), int(config.get("MAIL_PORT", 25)),
                        timeout=float(config.get("MAIL_TIMEOUT", 10)))
    try:
        if config.get("MAIL_USE_TLS", False):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except Exception:
        smtp.close()
        raise
    return smtp


def _mark_sent(message: AlertMessage, now: datetime) -> None:
    """Record that the server accepted the message."""
    message.attempts += 1
    message.sent_at = now
    message.claimed_until = None
    message.last_error = None
    db.session.commit()


def _mark_failed(message: AlertMessage, now: datetime, error: Exception) -> None:
    """Record a failed try and when to try again."""
    message.attempts += 1
    message.next_attempt_at = now + backoff(message.attempts)
    message.claimed_until = None
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    db.session.commit()
    log.warning("Safeguarding e-mail %s not sent (try %s): %s", message.id, message.attempts,
                message.last_error)


def send_pending(now: datetime | None = None) -> SendReport:
    """Send every due row once, over one SMTP connection that is reopened after an error."""
    now = now or utcnow()
    report = SendReport()
    smtp: smtplib.SMTP | None = None
    try:
        for message_id in due_ids(now):
            if not claim(message_id, now):
                continue
            message = db.session.get(AlertMessage, message_id)
            try:
                smtp = smtp or connect()
                smtp.send_message(build_email(message))
            except (smtplib.SMTPException, OSError) as error:
                _mark_failed(message, now, error)
                report.failed += 1
                smtp = _close(smtp)
            else:
                _mark_sent(message, now)
                report.sent += 1
    finally:
        _close(smtp)
    return report


def _close(smtp: smtplib.SMTP | None) -> None:
    """Close a connection quietly; a broken one is simply dropped."""
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    return None
