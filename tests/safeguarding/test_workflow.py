"""The concern workflow: new → acknowledged → actioned → closed, each step recorded and audited."""
from __future__ import annotations

import pytest

from convo.models import AuditRecord, Concern, ConcernAction

REASONS = {"action": "Spoke to the pupil with the class teacher present; called parent.",
           "decision": "Referral to children's social care.", "reason": "Disclosure of physical harm."}


def page_of(school, concern) -> str:
    """The concern's page."""
    return f"/schools/{school.id}/safeguarding/concerns/{concern.id}"


def fresh(db, concern) -> Concern:
    """The concern as stored now."""
    db.session.expire_all()
    return db.session.get(Concern, concern.id)


def test_whole_workflow_records_who_what_and_why(client, auth, db, school_team, create_concern):
    """Each step stores the action, decision and reason, with who and when, and shows in the history."""
    school, dsl, deputy = school_team["school"], school_team["dsl"], school_team["deputy"]
    concern = create_concern(school_team["pupil"])
    auth.sign_in(deputy)
    response = client.post(page_of(school, concern), data={"to_state": "acknowledged"})
    assert response.status_code == 302
    stored = fresh(db, concern)
    assert stored.state == "acknowledged" and stored.acknowledged_by_id == deputy.id
    assert stored.acknowledged_at is not None
    auth.sign_out()
    auth.sign_in(dsl)
    client.post(page_of(school, concern), data={"to_state": "actioned", **REASONS})
    client.post(page_of(school, concern), data={
        "to_state": "closed", "action": "Checked in a week later.", "decision": "No further action.",
        "reason": "Plan in place."})
    assert fresh(db, concern).state == "closed"
    steps = db.session.query(ConcernAction).filter_by(concern_id=concern.id).order_by(ConcernAction.id).all()
    assert [(s.from_state, s.to_state) for s in steps] == [
        ("new", "acknowledged"), ("acknowledged", "actioned"), ("actioned", "closed")]
    assert [s.staff_id for s in steps] == [deputy.id, dsl.id, dsl.id]
    assert steps[1].action == REASONS["action"] and steps[1].decision == REASONS["decision"]
    assert steps[1].reason == REASONS["reason"] and all(s.at for s in steps)
    page = client.get(page_of(school, concern)).get_data(as_text=True)
    assert "Referral to children&#39;s social care." in page and "Dev Deputy" in page
    assert "This concern is closed." in page
    assert dsl.email in page and deputy.email in page and "waiting to send" in page
    changes = db.session.query(AuditRecord).filter_by(action="concern_state_changed").count()
    assert changes == 3


@pytest.mark.parametrize("to_state", ["actioned", "closed"])
def test_action_decision_and_reason_are_required(client, auth, db, school_team, create_concern, to_state):
    """Actioning or closing without the three answers is refused and explained."""
    concern = create_concern(school_team["pupil"])
    auth.sign_in(school_team["dsl"])
    client.post(page_of(school_team["school"], concern), data={"to_state": "acknowledged"})
    if to_state == "closed":
        client.post(page_of(school_team["school"], concern), data={"to_state": "actioned", **REASONS})
    response = client.post(page_of(school_team["school"], concern),
                           data={"to_state": to_state, "action": "Something", "decision": " ", "reason": ""})
    assert response.status_code == 400
    assert response.get_data(as_text=True).count("part of the safeguarding record") == 2
    # The form came back with the words on it, so that showing is audited too.
    assert db.session.query(AuditRecord).filter_by(action="concern_viewed").count() == 1
    assert fresh(db, concern).state == ("acknowledged" if to_state == "actioned" else "actioned")


def test_a_step_cannot_be_skipped_or_repeated(client, auth, db, school_team, create_concern):
    """A concern moves only to its next state; a stale form changes nothing."""
    concern = create_concern(school_team["pupil"])
    auth.sign_in(school_team["dsl"])
    page = page_of(school_team["school"], concern)
    client.post(page, data={"to_state": "closed", **REASONS})
    assert fresh(db, concern).state == "new"
    client.post(page, data={"to_state": "acknowledged"})
    followed = client.post(page, data={"to_state": "acknowledged"}, follow_redirects=True)
    assert "Someone else changed this concern first" in followed.get_data(as_text=True)
    assert db.session.query(ConcernAction).filter_by(concern_id=concern.id).count() == 1
    client.post(page, data={"to_state": "sideways"})
    assert fresh(db, concern).state == "acknowledged"


def test_every_view_is_audited(client, auth, db, school_team, create_concern):
    """Each opening of a concern writes an audit record naming who and which concern."""
    concern = create_concern(school_team["pupil"])
    auth.sign_in(school_team["dsl"])
    for _ in range(3):
        assert client.get(page_of(school_team["school"], concern)).status_code == 200
    views = db.session.query(AuditRecord).filter_by(action="concern_viewed").all()
    assert len(views) == 3
    assert {(v.staff_id, v.school_id, v.target) for v in views} == {
        (school_team["dsl"].id, school_team["school"].id, f"concern:{concern.id}")}


def test_inbox_filters_by_state_newest_first(client, auth, db, school_team, create_concern, create_class,
                                             create_pupil):
    """The inbox lists concerns newest first with their severity, and filters by state."""
    school = school_team["school"]
    first = create_concern(school_team["pupil"], severity="medium", kind="bullying")
    other_pupil = create_pupil(create_class(school, "Ash", 5), "Rae", "Ng")
    second = create_concern(other_pupil, severity="immediate", kind="self_harm")
    auth.sign_in(school_team["dsl"])
    client.post(page_of(school, first), data={"to_state": "acknowledged"})
    page = client.get(f"/schools/{school.id}/safeguarding/").get_data(as_text=True)
    assert page.index(f"concerns/{second.id}") < page.index(f"concerns/{first.id}")
    assert "immediate danger" in page and "medium" in page and "Self-harm" in page
    assert first.verbatim not in page
    new_only = client.get(f"/schools/{school.id}/safeguarding/?state=new").get_data(as_text=True)
    assert f"concerns/{second.id}" in new_only and f"concerns/{first.id}" not in new_only
    assert db.session.query(AuditRecord).filter_by(action="concern_inbox_viewed").count() == 2
