"""The go-live gate: no pupil conversations until a DSL has signed in and confirmed."""
from __future__ import annotations

from flask import render_template

from convo.models import AuditRecord, Conversation, Membership, Role, SafeguardingSettings
from convo.safeguarding import school_is_live

from ..fixtures.auth import AuthActions


def confirm_page(school) -> str:
    """The DSL's confirmation page."""
    return f"/schools/{school.id}/safeguarding/confirm"


def test_pupil_waits_calmly_until_the_dsl_confirms(client, auth, db, create_school, create_staff,
                                                   create_class, create_pupil):
    """Before confirmation the pupil is told to ask a grown-up and no talk starts; after, it does."""
    school = create_school(live=False)
    dsl = create_staff(school, Role.DSL, name="Dana Lead")
    pupil = create_pupil(create_class(school, "Oak", 2), "Ivy", "Hall")
    assert not school_is_live(school)
    auth.pupil(pupil)
    page = client.get("/pupil/").get_data(as_text=True)
    assert "Your school is getting ready. Ask a grown-up." in page and "Let's talk" not in page
    assert client.post("/pupil/start").headers["Location"] == "/pupil/"
    assert db.session.query(Conversation).count() == 0

    staff_client = client.application.test_client()
    AuthActions(staff_client).sign_in(dsl)
    refused = staff_client.post(confirm_page(school), data={})
    assert refused.status_code == 200 and "Tick the box to confirm." in refused.get_data(as_text=True)
    assert not school_is_live(school)
    assert staff_client.post(confirm_page(school), data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    settings = db.session.get(SafeguardingSettings, school.id)
    assert settings.dsl_confirmed_by_id == dsl.id and settings.dsl_confirmed_at is not None
    assert db.session.query(AuditRecord).filter_by(action="dsl_confirmed", school_id=school.id).count() == 1

    assert "Let's talk" in client.get("/pupil/").get_data(as_text=True)
    client.post("/pupil/start")
    assert db.session.query(Conversation).count() == 1


def test_deputy_alone_does_not_make_a_school_live(db, create_school, create_staff):
    """A deputy cannot stand in for the DSL's confirmation."""
    school = create_school(live=False)
    deputy = create_staff(school, Role.DEPUTY_DSL)
    from convo.safeguarding.contacts import confirm_dsl
    confirm_dsl(school, deputy)
    db.session.commit()
    assert not school_is_live(school)


def test_removing_the_confirmed_dsl_stops_new_conversations(db, school_team):
    """If the confirmed DSL loses the role, the school waits for a new DSL to confirm."""
    assert school_is_live(school_team["school"])
    db.session.query(Membership).filter_by(staff_id=school_team["dsl"].id).delete()
    db.session.commit()
    db.session.expire_all()
    assert not school_is_live(school_team["school"])


def test_careers_leader_and_teacher_cannot_confirm(client, auth, db, create_school, create_staff):
    """Only the DSL themself can confirm."""
    school = create_school(live=False)
    for role in (Role.CAREERS_LEADER, Role.TEACHER, Role.DEPUTY_DSL):
        person = create_staff(school, role)
        auth.sign_in(person)
        assert client.post(confirm_page(school), data={"confirm": "y"}).status_code == 404
        auth.sign_out()
    assert not school_is_live(school)


def test_dashboard_notice_tells_the_careers_leader_why(app, db, create_school, create_staff):
    """The dashboard snippet explains the gate to the careers leader and asks the DSL to confirm."""
    school = create_school(live=False)
    with app.test_request_context():
        leader_view = render_template("safeguarding/_dashboard.html", school=school,
                                      roles={Role.CAREERS_LEADER})
        dsl_view = render_template("safeguarding/_dashboard.html", school=school, roles={Role.DSL})
        teacher_view = render_template("safeguarding/_dashboard.html", school=school, roles={Role.TEACHER})
    assert "Pupils cannot start conversations yet" in leader_view and "Add your DSL" in leader_view
    assert "Confirm now" in dsl_view and "Concerns" in dsl_view
    assert teacher_view.strip() == ""
    live = create_school()
    with app.test_request_context():
        assert "cannot start" not in render_template("safeguarding/_dashboard.html", school=live,
                                                     roles={Role.CAREERS_LEADER})


def test_escalation_minutes_are_the_schools_choice(client, auth, db, school_team):
    """The DSL sets the minutes, within sensible bounds."""
    auth.sign_in(school_team["dsl"])
    page = f"/schools/{school_team['school'].id}/safeguarding/settings"
    assert "Dev Deputy" in client.get(page).get_data(as_text=True)
    assert "between 5 and 240" in client.post(page, data={"escalation_minutes": "1"}).get_data(as_text=True)
    assert client.post(page, data={"escalation_minutes": "15"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(SafeguardingSettings, school_team["school"].id).escalation_minutes == 15
