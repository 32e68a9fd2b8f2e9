"""The weekly summary: counts by state and kind, to the DSL and deputies, through the same outbox."""
from __future__ import annotations

from datetime import timedelta

from convo.models import AlertMessage
from convo.models._time import utcnow
from convo.safeguarding.alerts import queue_weekly_summaries
from convo.safeguarding.mail import send_pending


def weekly_rows(db) -> list[AlertMessage]:
    """Weekly summary rows in the outbox."""
    db.session.expire_all()
    return db.session.query(AlertMessage).filter_by(kind="weekly").order_by(AlertMessage.id).all()


def test_counts_by_state_and_kind_without_words(db, school_team, create_concern):
    """This week's concerns are counted by state and kind; older open ones are counted apart."""
    pupil = school_team["pupil"]
    create_concern(pupil, kind="bullying", words="they push me every day at lunch")
    acknowledged = create_concern(pupil, kind="bullying", words="nobody plays with me")
    acknowledged.state = "acknowledged"
    old = create_concern(pupil, kind="neglect", words="there is no food at home")
    old.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    assert queue_weekly_summaries() == 1
    rows = weekly_rows(db)
    assert {r.recipient for r in rows} == {school_team["dsl"].email, school_team["deputy"].email}
    body = rows[0].body
    assert "Raised this week: 2" in body and "New: 1" in body and "Acknowledged: 1" in body
    assert "Bullying: 2" in body and "Neglect" not in body
    assert "Raised before this week and not yet closed: 1" in body
    assert f"https://convo.school.example/schools/{school_team['school'].id}/safeguarding/" in body
    for words in ("push me", "plays with me", "no food", "Zainab", "Quartermaine"):
        assert words not in body


def test_one_summary_a_week_unless_forced(db, school_team):
    """A daily schedule still sends one summary a week; --force sends another."""
    assert queue_weekly_summaries() == 1
    assert queue_weekly_summaries() == 0
    assert queue_weekly_summaries(now=utcnow() + timedelta(days=7)) == 1
    assert queue_weekly_summaries(force=True) == 1
    assert len(weekly_rows(db)) == 6


def test_weekly_command_queues_and_sender_delivers(runner, db, school_team, two_schools, mail_server):
    """`convo send-weekly-summary` queues for every school with a DSL; `send-alerts` delivers them."""
    result = runner.invoke(args=["send-weekly-summary"])
    assert result.exit_code == 0, result.output
    assert "for 3 school(s)" in result.output
    assert send_pending().sent == 4
    assert all("weekly safeguarding summary" in raw for _r, raw in mail_server.messages)
