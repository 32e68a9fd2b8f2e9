"""Alert e-mails through a real SMTP server on loopback: the outbox, retry, and exactly-once delivery."""
from __future__ import annotations

from datetime import timedelta
from email import message_from_string

from convo.models import AlertMessage, Concern
from convo.models._time import utcnow
from convo.safeguarding.mail import backoff, claim, send_pending
from tests.attacks.report import record


def rows(db) -> list[AlertMessage]:
    """Every outbox row, freshly read."""
    db.session.expire_all()
    return db.session.query(AlertMessage).order_by(AlertMessage.id).all()


def test_outbox_rows_belong_to_the_concerns_transaction(db, school_team, create_concern):
    """The alert rows are written with the concern, one per DSL and deputy, and vanish with a rollback."""
    concern = create_concern(school_team["pupil"])
    queued = rows(db)
    assert {r.recipient for r in queued} == {school_team["dsl"].email, school_team["deputy"].email}
    assert {r.kind for r in queued} == {"alert"} and all(r.concern_id == concern.id for r in queued)
    from convo.safeguarding.alerts import queue_concern_alerts
    pending = Concern(school_id=concern.school_id, pupil_id=concern.pupil_id, verbatim="x", severity="high",
                      pupil_name="x", kind="physical")
    db.session.add(pending)
    queue_concern_alerts(pending)
    db.session.rollback()
    assert len(rows(db)) == 2 and db.session.query(Concern).count() == 1


def test_alert_is_delivered_with_a_link_and_without_the_words(db, school_team, create_concern, mail_server):
    """Each lead gets one e-mail naming the severity and class, linking to the concern, never the words."""
    concern = create_concern(school_team["pupil"], severity="immediate")
    report = send_pending()
    assert (report.sent, report.failed) == (2, 0)
    assert sorted(r for rcpts, _m in mail_server.messages for r in rcpts) == sorted(
        [school_team["dsl"].email, school_team["deputy"].email])
    email = message_from_string(mail_server.messages[0][1])
    body = email.get_payload(decode=True).decode()
    assert "immediate danger" in email["Subject"] and "Hill Primary" in email["Subject"]
    assert "class Oak" in body
    link = f"https://convo.school.example/schools/{concern.school_id}/safeguarding/concerns/{concern.id}"
    assert link in body
    assert concern.verbatim not in body and "Quartermaine" not in body and "Zainab" not in body
    assert email["From"] == "convo@school.example.org" and email["Message-ID"].startswith("<convo-alert-")
    assert all(r.sent_at and r.attempts == 1 and r.last_error is None for r in rows(db))


def test_server_down_then_back_every_alert_delivered_exactly_once(db, school_team, create_concern,
                                                                  create_class, create_pupil,
                                                                  stopped_mail_server):
    """With the server down nothing is marked sent; when it is back each alert arrives exactly once."""
    first = create_concern(school_team["pupil"])
    report = send_pending()
    assert (report.sent, report.failed) == (0, 2)
    failed = rows(db)
    assert all(r.sent_at is None and r.attempts == 1 and r.last_error for r in failed)
    assert all(r.next_attempt_at > utcnow() for r in failed)
    # Not due yet: an immediate second pass leaves them alone.
    assert (send_pending().sent, send_pending().failed) == (0, 0)
    second = create_concern(create_pupil(create_class(school_team["school"], "Ash", 2), "Bo", "Li"))
    assert send_pending().failed == 2
    stopped_mail_server.start()
    later = utcnow() + timedelta(minutes=3)
    assert send_pending(now=later).sent == 4
    for pass_time in (later, later + timedelta(hours=1), later + timedelta(days=1)):
        assert send_pending(now=pass_time).sent == 0
    delivered = sorted((rcpt, "concerns/" + str(concern.id))
                       for concern in (first, second) for rcpt in (school_team["dsl"].email,
                                                                     school_team["deputy"].email))
    received = sorted((rcpts[0], next(p for p in ("concerns/" + str(first.id), "concerns/" + str(second.id))
                                      if p in raw)) for rcpts, raw in stopped_mail_server.messages)
    assert received == delivered
    assert all(r.sent_at is not None for r in rows(db))
    record("Faults: SMTP", len(delivered), 0, f"server down, then back: {len(delivered)} alerts each delivered once")


def test_server_stops_again_after_delivery_nothing_is_resent(db, school_team, create_concern, mail_server):
    """Rows the server accepted are never sent again, whatever happens to the server later."""
    create_concern(school_team["pupil"])
    assert send_pending().sent == 2
    mail_server.stop()
    assert send_pending(now=utcnow() + timedelta(hours=2)).failed == 0
    assert len(mail_server.messages) == 2


def test_a_claimed_row_is_left_to_its_sender(db, school_team, create_concern):
    """Two senders never take the same row: a claim holds until it lapses, and a sent row is never taken."""
    create_concern(school_team["pupil"])
    first, second = rows(db)
    now = utcnow()
    assert claim(first.id, now) is True
    assert claim(first.id, now) is False
    assert claim(first.id, now + timedelta(minutes=6)) is True
    db.session.query(AlertMessage).filter_by(id=second.id).update({"sent_at": now})
    db.session.commit()
    assert claim(second.id, now + timedelta(days=1)) is False


def test_backoff_doubles_up_to_thirty_minutes():
    """1, 2, 4 … minutes between tries, never more than 30."""
    assert [backoff(n).total_seconds() / 60 for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_send_alerts_once_command(runner, db, school_team, create_concern, mail_server):
    """`convo send-alerts --once` makes one pass and reports it."""
    create_concern(school_team["pupil"])
    result = runner.invoke(args=["send-alerts", "--once"])
    assert result.exit_code == 0, result.output
    assert "Sent 2, failed 0" in result.output
    assert len(mail_server.messages) == 2


def test_two_senders_at_once_send_each_row_once(app, db, school_team, create_concern, create_class,
                                                create_pupil, mail_server):
    """Two sender processes running together deliver every row exactly once between them."""
    import threading
    for number in range(6):
        school_class = create_class(school_team["school"], f"Class {number}", 3)
        create_concern(create_pupil(school_class, "Al", f"X{number}"))
    reports, errors = [], []

    def sender() -> None:
        """One sender, with its own app context and database session."""
        try:
            with app.app_context():
                reports.append(send_pending())
                db.session.remove()
        except Exception as error:  # pragma: no cover - shown in the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(r.sent for r in reports) == 12 and sum(r.failed for r in reports) == 0
    ids = [raw.split("Message-ID: ")[1].split()[0] for _r, raw in mail_server.messages]
    assert len(ids) == 12 == len(set(ids))
    record("Faults: SMTP", len(ids), 0, f"two senders at once: {len(ids)} alerts each delivered once")
