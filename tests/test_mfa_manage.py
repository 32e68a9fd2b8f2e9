"""Two-step sign-in over time: resets, new recovery codes, choosing it, links and new roles."""
from __future__ import annotations

import re
import time

import pyotp

from convo.auth import mfa
from convo.auth.operations import create_password_link
from convo.models import AuditRecord, Membership, RecoveryCode, Role, Staff

from .fixtures.auth import AuthActions, next_code
from .fixtures.factories import PASSWORD
from .test_mfa import CODE_PAGE, SET_UP_PAGE, password_step, secret_on_page, signed_in, wrong_code


def reset_url(school, staff) -> str:
    """The careers leader's reset button for one colleague."""
    return f"/schools/{school.id}/staff/{staff.id}/reset-two-step"


def test_careers_leader_resets_a_colleague(app, client, db, auth, create_school, create_staff):
    """A lost phone: the careers leader resets the DSL, who is signed out and sets up again. Audited."""
    school = create_school()
    leader = create_staff(school, Role.CAREERS_LEADER)
    dsl = create_staff(school, Role.DSL)
    mfa.issue_recovery_codes(dsl)
    dsl_client = app.test_client()
    assert AuthActions(dsl_client).sign_in(dsl).headers["Location"] == "/schools/"
    assert signed_in(dsl_client, school.id)

    auth.sign_in(leader)
    page = client.get(f"/schools/{school.id}/staff/{dsl.id}").get_data(as_text=True)
    assert "Reset two-step sign-in for" in page
    assert client.post(reset_url(school, dsl)).status_code == 302
    record = db.session.query(AuditRecord).filter_by(action="mfa_reset").one()
    assert (record.staff_id, record.school_id, record.target) == (leader.id, school.id, f"staff:{dsl.id}")
    assert db.session.query(RecoveryCode).filter_by(staff_id=dsl.id).count() == 0
    assert not signed_in(dsl_client, school.id)
    assert password_step(dsl_client, dsl).headers["Location"] == SET_UP_PAGE


def test_only_the_careers_leader_of_that_school_may_reset(app, db, auth, create_school, create_staff):
    """A teacher, or a careers leader elsewhere, gets a 404 and nothing changes."""
    school, other = create_school(), create_school("Other Primary")
    dsl = create_staff(school, Role.DSL)
    for outsider in (create_staff(school, Role.TEACHER), create_staff(other, Role.CAREERS_LEADER)):
        client = app.test_client()
        AuthActions(client).sign_in(outsider)
        assert client.post(reset_url(school, dsl)).status_code == 404
    db.session.expire_all()
    assert mfa.enrolled(db.session.get(Staff, dsl.id))
    assert db.session.query(AuditRecord).filter_by(action="mfa_reset").count() == 0


def test_admin_resets_from_the_command_line(runner, db, create_school, create_staff):
    """`convo reset-two-step` for a deployment administrator, audited."""
    dsl = create_staff(create_school(), Role.DSL)
    result = runner.invoke(args=["reset-two-step", dsl.email.upper()])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert not mfa.enrolled(db.session.get(Staff, dsl.id))
    assert db.session.query(AuditRecord).filter_by(action="mfa_reset", target=f"staff:{dsl.id}").count() == 1
    assert runner.invoke(args=["reset-two-step", "nobody@example.org"]).exit_code != 0


def test_new_recovery_codes_after_a_code(client, db, auth, create_school, create_staff):
    """A person replaces their recovery codes with a current code; the old ones stop working."""
    school = create_school()
    dsl = create_staff(school, Role.DSL)
    old = mfa.issue_recovery_codes(dsl)
    auth.sign_in(dsl)
    assert b"10 unused recovery codes" in client.get("/account/two-step").data
    refused = client.post("/account/two-step/recovery-codes", data={"code": wrong_code(dsl.mfa_secret)},
                          follow_redirects=True)
    assert b"did not work" in refused.data
    response = client.post("/account/two-step/recovery-codes", data={"code": next_code(dsl)})
    new = re.findall(r"<code>([a-z2-9-]{19})</code>", response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert response.headers["Cache-Control"] == "no-store"
    assert not mfa.use_recovery_code(dsl, old[0])
    assert mfa.use_recovery_code(dsl, new[0])


def test_teacher_may_choose_it_and_turn_it_off(client, db, auth, create_school, create_staff):
    """Any member of staff may turn it on from their own page; then sign-in asks for the code."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER)
    auth.sign_in(teacher)
    assert b"Two-step sign-in is off" in client.get("/account/two-step").data
    secret = secret_on_page(client.get(SET_UP_PAGE).get_data(as_text=True))
    # The previous step's code (a phone a little slow), leaving two codes for the rest of the test.
    last_step = pyotp.TOTP(secret).at(time.time() - 30)
    assert client.post(SET_UP_PAGE, data={"code": last_step}).status_code == 200
    client.post("/sign-out")
    assert password_step(client, teacher).headers["Location"] == CODE_PAGE
    assert client.post(CODE_PAGE, data={"code": next_code(teacher)}).status_code == 302
    client.post("/account/two-step/off", data={"off-code": next_code(teacher)})
    db.session.expire_all()
    assert not mfa.enrolled(db.session.get(Staff, teacher.id))
    assert signed_in(client, school.id)  # this device stays signed in


def test_required_role_cannot_turn_it_off(client, db, auth, create_school, create_staff):
    """The DSL has no off switch."""
    dsl = create_staff(create_school(), Role.DSL)
    auth.sign_in(dsl)
    assert b"cannot be turned off" in client.get("/account/two-step").data
    assert client.post("/account/two-step/off", data={"off-code": next_code(dsl)}).status_code == 404
    db.session.expire_all()
    assert mfa.enrolled(db.session.get(Staff, dsl.id))


def test_password_link_leads_to_set_up_first(client, db, create_school, create_staff):
    """A new DSL sets a password through their link, then sets up the app before being signed in."""
    school = create_school()
    dsl = create_staff(school, Role.DSL, with_password=False)
    token = create_password_link(dsl)
    db.session.commit()
    response = client.post(f"/set-password/{token}", data={"password": "plum kettle orbit",
                                                           "confirm": "plum kettle orbit"})
    assert response.headers["Location"] == SET_UP_PAGE
    assert not signed_in(client, school.id)
    secret = secret_on_page(client.get(SET_UP_PAGE).get_data(as_text=True))
    client.post(SET_UP_PAGE, data={"code": pyotp.TOTP(secret).now()})
    assert signed_in(client, school.id)


def test_password_link_for_a_teacher_signs_straight_in(client, db, create_school, create_staff):
    """A teacher's link still signs them in at once."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER, with_password=False)
    token = create_password_link(teacher)
    db.session.commit()
    client.post(f"/set-password/{token}", data={"password": "plum kettle orbit", "confirm": "plum kettle orbit"})
    assert signed_in(client, school.id)


def test_new_role_needs_it_at_once(client, db, auth, create_school, create_staff):
    """A teacher made deputy DSL mid-session is signed out and sets up the app at next sign-in."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER)
    auth.sign_in(teacher)
    assert signed_in(client, school.id)
    db.session.add(Membership(staff=teacher, school=school, role=Role.DEPUTY_DSL))
    db.session.commit()
    response = client.get(f"/schools/{school.id}/")
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    assert not signed_in(client, school.id)
    assert client.post("/sign-in", data={"email": teacher.email, "password": PASSWORD}) \
        .headers["Location"] == SET_UP_PAGE


def test_set_up_code_cannot_sign_in_again(client, db, create_school, create_staff):
    """The code that finished set-up is spent: it cannot be replayed at the next sign-in."""
    school = create_school()
    dsl = create_staff(school, Role.DSL, two_step=False)
    password_step(client, dsl)
    secret = secret_on_page(client.get(SET_UP_PAGE).get_data(as_text=True))
    code = pyotp.TOTP(secret).now()
    client.post(SET_UP_PAGE, data={"code": code})
    client.post("/sign-out")
    password_step(client, dsl)
    assert b"did not work" in client.post(CODE_PAGE, data={"code": code}).data
    assert not signed_in(client, school.id)
