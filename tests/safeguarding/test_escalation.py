"""Escalation: a concern nobody acknowledges goes to the deputies, then the careers leader, once each."""
from __future__ import annotations

from datetime import timedelta

from convo.models import AlertMessage, AuditRecord, ConcernAction, Membership, Role
from convo.safeguarding.alerts import escalate_overdue
from convo.safeguarding.contacts import set_escalation_minutes
from convo.safeguarding.mail import send_pending


def escalations(db) -> list[AlertMessage]:
    """Escalation rows in the outbox, oldest first."""
    db.session.expire_all()
    return db.session.query(AlertMessage).filter_by(kind="escalation").order_by(AlertMessage.id).all()


def test_escalates_to_deputies_then_careers_leader_once_per_level(db, school_team, create_concern):
    """After the school's minutes the deputies hear again; after twice that, the careers leader."""
    set_escalation_minutes(school_team["school"], 20)
    db.session.commit()
    concern = create_concern(school_team["pupil"])
    start = concern.created_at
    assert escalate_overdue(start + timedelta(minutes=19)) == 0
    assert escalate_overdue(start + timedelta(minutes=21)) == 1
    assert escalate_overdue(start + timedelta(minutes=22)) == 0
    first = escalations(db)
    assert [m.recipient for m in first] == [school_team["deputy"].email] and first[0].link_to_concern
    assert escalate_overdue(start + timedelta(minutes=41)) == 1
    assert escalate_overdue(start + timedelta(days=3)) == 0
    second = escalations(db)[1:]
    assert [m.recipient for m in second] == [school_team["leader"].email]
    assert not second[0].link_to_concern and "cannot see the concern" in second[0].body
    steps = db.session.query(ConcernAction).filter_by(concern_id=concern.id).order_by(ConcernAction.id).all()
    assert [(s.from_state, s.to_state, s.staff_id) for s in steps] == [("new", "new", None)] * 2
    assert "deputy" in steps[0].action and "careers leader" in steps[1].action
    assert "20 minutes" in steps[0].reason and "40 minutes" in steps[1].reason
    assert db.session.query(AuditRecord).filter_by(action="concern_escalated").count() == 2


def test_acknowledged_concern_does_not_escalate(client, auth, db, school_team, create_concern):
    """Acknowledging stops escalation."""
    concern = create_concern(school_team["pupil"])
    auth.sign_in(school_team["dsl"])
    client.post(f"/schools/{school_team['school'].id}/safeguarding/concerns/{concern.id}",
                data={"to_state": "acknowledged"})
    assert escalate_overdue(concern.created_at + timedelta(hours=5)) == 0
    assert escalations(db) == []


def test_without_deputies_it_goes_straight_to_the_careers_leader(db, school_team, create_concern):
    """The next contact after the DSL is the careers leader when the school has no deputy."""
    db.session.query(Membership).filter_by(staff_id=school_team["deputy"].id).delete()
    db.session.commit()
    concern = create_concern(school_team["pupil"])
    assert escalate_overdue(concern.created_at + timedelta(minutes=31)) == 1
    assert escalate_overdue(concern.created_at + timedelta(minutes=300)) == 0
    assert [m.recipient for m in escalations(db)] == [school_team["leader"].email]


def test_escalation_mail_is_sent_and_carries_no_words(db, school_team, create_concern, mail_server):
    """Escalation e-mails go through the same outbox and never contain the pupil's words or name."""
    concern = create_concern(school_team["pupil"])
    escalate_overdue(concern.created_at + timedelta(minutes=31))
    escalate_overdue(concern.created_at + timedelta(minutes=61))
    assert send_pending().sent == 4
    for _rcpts, raw in mail_server.messages:
        assert concern.verbatim not in raw and "Quartermaine" not in raw and "Zainab" not in raw
    subjects = [raw for rcpts, raw in mail_server.messages if rcpts == [school_team["leader"].email]]
    assert len(subjects) == 1 and "not acknowledged" in subjects[0]


def test_send_alerts_pass_escalates(runner, db, school_team, create_concern, mail_server):
    """The sender's pass escalates overdue concerns before sending."""
    concern = create_concern(school_team["pupil"])
    concern.created_at -= timedelta(minutes=45)
    db.session.commit()
    result = runner.invoke(args=["send-alerts", "--once"])
    assert result.exit_code == 0, result.output
    assert "escalated 1" in result.output and len(mail_server.messages) == 3


def test_removed_dsl_is_not_a_recipient(db, school_team, create_concern):
    """Alerts go to whoever holds the DSL and deputy roles when the concern is raised."""
    db.session.query(Membership).filter_by(staff_id=school_team["dsl"].id, role=Role.DSL).delete()
    db.session.commit()
    create_concern(school_team["pupil"])
    assert {m.recipient for m in db.session.query(AlertMessage)} == {school_team["deputy"].email}
