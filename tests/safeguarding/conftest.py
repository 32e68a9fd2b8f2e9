"""Safeguarding test set-up: the feature wired into the app, a real SMTP server, and concerns."""
from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from convo.extensions import db as _db
from convo.models import Concern, Role
from convo.safeguarding.alerts import queue_concern_alerts
from tests.fixtures.factories import go_live

WORDS = "my uncle hurts me when nobody is home and i am scared"


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        """Start empty."""
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        """Keep the recipients and the raw message, and accept it."""
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"


class MailServer:
    """A real SMTP server on loopback that a test can stop and start again on the same port."""

    def __init__(self, port: int):
        """Remember the port; nothing listens until start()."""
        self.port = port
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        """Listen on 127.0.0.1:port."""
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        """Stop listening, so connections are refused."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[tuple[list[str], str]]:
        """Every message accepted so far."""
        return self.mailbox.messages


@pytest.fixture
def smtp_port() -> int:
    """The loopback port this test's mail server uses."""
    return free_port()


@pytest.fixture
def app_config(smtp_port: int) -> dict:
    """Mail settings pointing at the test's SMTP server, and the address links use."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port, "MAIL_FROM": "convo@school.example.org",
            "MAIL_TIMEOUT": 5, "BASE_URL": "https://convo.school.example"}


@pytest.fixture
def mail_server(smtp_port: int) -> Iterator[MailServer]:
    """A running SMTP server on loopback, stopped after the test."""
    server = MailServer(smtp_port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def stopped_mail_server(smtp_port: int) -> Iterator[MailServer]:
    """An SMTP server that is down until the test starts it."""
    server = MailServer(smtp_port)
    yield server
    server.stop()


@pytest.fixture
def school_team(create_school, create_staff, create_class, create_pupil):
    """A live school with a DSL, a deputy, a careers leader, a teacher, a class and a pupil."""
    school = create_school("Hill Primary", live=False)
    dsl = create_staff(school, Role.DSL, name="Dana Lead")
    deputy = create_staff(school, Role.DEPUTY_DSL, name="Dev Deputy")
    leader = create_staff(school, Role.CAREERS_LEADER, name="Cat Leader")
    teacher = create_staff(school, Role.TEACHER, name="Tom Teacher")
    school_class = create_class(school, "Oak", 4, teachers=[teacher])
    pupil = create_pupil(school_class, "Zainab", "Quartermaine")
    go_live(_db, school, dsl)
    return {"school": school, "dsl": dsl, "deputy": deputy, "leader": leader, "teacher": teacher,
            "class": school_class, "pupil": pupil}


@pytest.fixture
def create_concern(db):
    """Raise a concern for a pupil the way a conversation does: alerts queued in the same commit."""
    def make(pupil, words: str = WORDS, severity: str = "high", kind: str = "physical", **fields) -> Concern:
        """One concern for the pupil, committed with its alert rows."""
        school_class = pupil.school_class
        concern = Concern(school_id=pupil.school_id, pupil_id=pupil.id, verbatim=words, kind=kind,
                          severity=severity, rule=f"{kind}.test", class_id=school_class.id,
                          class_name=school_class.name,
                          pupil_name=f"{pupil.display_name} ({school_class.name})", **fields)
        db.session.add(concern)
        queue_concern_alerts(concern)
        db.session.commit()
        return concern
    return make
