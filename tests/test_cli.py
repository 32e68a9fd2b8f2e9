"""The `convo` commands an administrator runs from a shell."""
import re

from convo.models import Enrolment, Pupil, Role, School, SchoolClass, Staff


def test_demo_loads_once_with_two_schools_and_their_leavers(runner, db, client):
    """`convo demo --if-empty` creates both demo primaries (Reception to Year 6, working sign-ins)
    and two secondaries, gives Year 6 their destinations, and leaves the data alone when run again.

    One test, because loading the demo plays some 170 conversations through the app.
    """
    from convo.demo import ACADEMY, ELSEWHERE_DFE, RIVERSIDE
    from convo.models.schools import Phase
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "careers@demo-primary.example.org" in result.output
    demo = db.session.query(School).filter_by(urn="999901").one()
    second = db.session.query(School).filter_by(urn="999902").one()
    classes = db.session.query(SchoolClass).filter_by(school_id=demo.id).all()
    assert sorted(c.year_group for c in classes) == list(range(7))
    for school_class in classes:
        count = db.session.query(Enrolment).filter_by(class_id=school_class.id).count()
        assert 8 <= count <= 12
        assert len(school_class.teachers) == 1 and school_class.sign_in_code
    assert db.session.query(Pupil).filter_by(school_id=second.id).count() == 12
    dsl = db.session.query(Staff).filter_by(email="dsl@demo-primary.example.org").one()
    assert dsl.roles_in(demo.id) == {Role.DSL}
    # The demo careers leader's password works; their role then asks them to set up two-step sign-in.
    response = client.post("/sign-in", data={"email": "careers@demo-primary.example.org",
                                             "password": "demo-password"})
    assert response.headers["Location"] == "/sign-in/set-up"
    teacher = client.application.test_client()
    response = teacher.post("/sign-in", data={"email": "teacher.y3@demo-primary.example.org",
                                              "password": "demo-password"})
    assert response.headers["Location"] == "/schools/"

    # Year 6 move on to the two demo secondaries, one school elsewhere, and one not known yet.
    year6 = db.session.query(Pupil).filter_by(school_id=demo.id, year_group=6).all()
    destinations = sorted(p.destination_dfe or "" for p in year6)
    academy, riverside = (ACADEMY["la_code"] + ACADEMY["establishment_number"],
                          RIVERSIDE["la_code"] + RIVERSIDE["establishment_number"])
    assert destinations.count(academy) == 5 and destinations.count(riverside) == 3
    assert ELSEWHERE_DFE in destinations and "" in destinations
    secondaries = db.session.query(School).filter_by(phase=Phase.SECONDARY).all()
    assert {s.dfe_number for s in secondaries} == {academy, riverside}
    leader = db.session.query(Staff).filter_by(email="transition@demo-academy.example.org").one()
    assert leader.roles_in(next(s.id for s in secondaries if s.dfe_number == academy)) == {Role.TRANSITION_LEADER}

    # Loaded once: a second run changes nothing.
    again = runner.invoke(args=["demo", "--if-empty"])
    assert "was not loaded again" in again.output
    assert db.session.query(School).count() == 4


def test_create_school_and_add_staff(runner, db):
    """A school and its staff can be set up from the shell, with a one-time link."""
    result = runner.invoke(args=["create-school", "--name", "Hill Primary", "--urn", "123456",
                                 "--la-code", "380", "--establishment-number", "2001"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["create-school", "--name", "Hill", "--urn", "123456",
                                "--la-code", "380", "--establishment-number", "2001"])
    assert again.exit_code != 0 and "already here" in again.output
    result = runner.invoke(args=["add-staff", "lead@hill.example.org", "--name", "Lee",
                                 "--school", "123456", "--role", "careers_leader", "--role", "teacher",
                                 "--base-url", "https://convo.hill.example.org"])
    assert result.exit_code == 0, result.output
    assert re.search(r"https://convo\.hill\.example\.org/set-password/\S+", result.output)
    staff = db.session.query(Staff).filter_by(email="lead@hill.example.org").one()
    assert staff.roles_in(staff.memberships[0].school_id) == {Role.CAREERS_LEADER, Role.TEACHER}


def test_add_admin_and_bad_usage(runner, db):
    """--admin makes a deployment administrator; missing options are explained."""
    assert runner.invoke(args=["add-staff", "admin@trust.example.org", "--name", "A", "--admin"]).exit_code == 0
    assert db.session.query(Staff).filter_by(email="admin@trust.example.org").one().is_admin
    result = runner.invoke(args=["add-staff", "x@y.example.org", "--name", "X"])
    assert result.exit_code != 0 and "--school" in result.output
    result = runner.invoke(args=["add-staff", "x@y.example.org", "--name", "X", "--school", "000000",
                                 "--role", "teacher"])
    assert result.exit_code != 0 and "No school with URN 000000" in result.output
