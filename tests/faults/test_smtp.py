"""The mail server refusing, rejecting or hanging: each safeguarding alert still arrives, exactly once.

The server down and then back, and two senders at once, are tested in
tests/safeguarding/test_mail.py; these add the ways a server that is up can still fail to take a
message. Every case uses a real SMTP server on loopback (aiosmtpd) or a socket that never answers.
"""
from __future__ import annotations

import socket
import threading
from datetime import timedelta

import pytest

from convo.models import AlertMessage
from convo.models._time import utcnow
from convo.safeguarding.mail import send_pending
from tests.attacks.report import record
# The safeguarding tests' fixtures: a school with a DSL and deputy, concerns, and the server's port.
from tests.safeguarding.conftest import (Mailbox, MailServer, create_concern, school_team,  # noqa: F401
                                         smtp_port)

pytestmark = pytest.mark.faults


@pytest.fixture
def app_config(smtp_port: int) -> dict:
    """Mail settings pointing at this test's server, with a short timeout for the one that hangs."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port, "MAIL_FROM": "convo@school.example.org",
            "MAIL_TIMEOUT": 1, "BASE_URL": "https://convo.school.example"}


class Refusing(Mailbox):
    """A server that answers `refusals` messages with a code, then accepts like any other."""

    def __init__(self, code: str, refusals: int, only: str | None = None):
        """Refuse with `code` (for `only` this recipient, if given) the first `refusals` times."""
        super().__init__()
        self.code, self.refusals, self.only, self.refused = code, refusals, only, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        """Refuse the recipient while refusals remain, else take it."""
        if self.refused < self.refusals and self.only in (None, address):
            self.refused += 1
            return self.code
        envelope.rcpt_tos.append(address)
        return "250 OK"


def started(port: int, mailbox: Mailbox) -> MailServer:
    """A running server on `port` with this mailbox."""
    server = MailServer(port)
    server.mailbox = mailbox
    server.start()
    return server


def outbox(db) -> list[AlertMessage]:
    """Every outbox row, freshly read."""
    db.session.expire_all()
    return db.session.query(AlertMessage).order_by(AlertMessage.id).all()


def delivered_once(server: MailServer, rows: list[AlertMessage]) -> bool:
    """Each row's message reached its recipient exactly once."""
    ids = sorted(raw.split("Message-ID: ")[1].split()[0] for _r, raw in server.messages)
    return ids == sorted(f"<convo-alert-{row.id}@school.example.org>" for row in rows) == sorted(set(ids))


def test_try_again_later_then_accepted(db, school_team, create_concern, smtp_port):
    """451 "try again later" (greylisting): nothing is marked sent; the next due pass delivers each once."""
    server = started(smtp_port, Refusing("451 4.7.1 Greylisted, try again later", refusals=2))
    try:
        create_concern(school_team["pupil"])
        first = send_pending()
        assert (first.sent, first.failed) == (0, 2)
        assert all(row.sent_at is None and "451" in row.last_error for row in outbox(db))
        later = utcnow() + timedelta(minutes=2)
        assert send_pending(now=later).sent == 2
        assert send_pending(now=later + timedelta(hours=1)).sent == 0
        rows = outbox(db)
        assert all(row.sent_at and row.attempts == 2 and row.last_error is None for row in rows)
        assert delivered_once(server, rows)
    finally:
        server.stop()
    record("Faults: SMTP", 2 + 2, 0, "451 twice, then accepted: 2 alerts each delivered once")


def test_one_recipient_rejected_the_other_still_told(db, school_team, create_concern, smtp_port):
    """550 for the deputy's mailbox: the DSL's alert goes at once, the deputy's is kept and retried."""
    deputy = school_team["deputy"].email
    server = started(smtp_port, Refusing("550 5.1.1 Mailbox unavailable", refusals=3, only=deputy))
    try:
        create_concern(school_team["pupil"])
        now = utcnow()
        assert send_pending(now=now).sent == 1
        for minutes in (2, 5):
            assert send_pending(now=now + timedelta(minutes=minutes)).failed == 1
        waiting = next(row for row in outbox(db) if row.recipient == deputy)
        assert waiting.sent_at is None and waiting.attempts == 3 and "550" in waiting.last_error
        # The mailbox is fixed: the next due pass delivers it, once.
        assert send_pending(now=now + timedelta(minutes=30)).sent == 1
        assert send_pending(now=now + timedelta(days=1)).sent == 0
        assert delivered_once(server, outbox(db))
    finally:
        server.stop()
    record("Faults: SMTP", 5, 0, "550 three times for one recipient: the other told at once, it later, once each")


def test_a_server_that_never_answers_fails_the_pass_quickly(db, school_team, create_concern, smtp_port):
    """A server that takes the connection but says nothing times out after MAIL_TIMEOUT, then delivers later."""
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    silent.bind(("127.0.0.1", smtp_port))
    silent.listen(8)
    held: list[socket.socket] = []
    taking = threading.Thread(target=lambda: [held.append(silent.accept()[0]) for _ in range(2)], daemon=True)
    taking.start()
    try:
        create_concern(school_team["pupil"])
        began = utcnow()
        report = send_pending()
        assert (report.sent, report.failed) == (0, 2)
        assert (utcnow() - began).total_seconds() < 10, "the sender waited far longer than MAIL_TIMEOUT"
    finally:
        taking.join(timeout=5)
        for connection in held:
            connection.close()
        silent.close()
    server = started(smtp_port, Mailbox())
    try:
        assert send_pending(now=utcnow() + timedelta(minutes=2)).sent == 2
        assert delivered_once(server, outbox(db))
    finally:
        server.stop()
    record("Faults: SMTP", 3, 0, "a server that never answers: timed out, then delivered once")
