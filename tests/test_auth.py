"""Staff sign-in, sign-out, one-time password links, rate limits and cookie flags."""
from datetime import timedelta

import pytest

from convo.auth.operations import create_password_link
from convo.models import AuditRecord, PasswordLink, Role
from convo.models._time import utcnow

from .fixtures.factories import PASSWORD

SAME_MESSAGE = b"That e-mail and password do not match an account."


def test_sign_in_and_out(client, auth, create_school, create_staff):
    """A teacher signs in with e-mail and password, reaches their school, and signs out."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER)
    response = auth.sign_in(teacher)
    assert response.status_code == 302
    assert client.get("/schools/").status_code == 302  # one school: straight to it
    assert client.get(f"/schools/{school.id}/").status_code == 200
    auth.sign_out()
    assert client.get(f"/schools/{school.id}/").headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("email, password", [
    ("nobody@school.example.org", PASSWORD),
    ("{staff}", "wrong password"),
    ("{staff}", ""),
    ("", PASSWORD),
    ("{staff}", "x" * 5000),
    ("{STAFF}", "wrong password"),
], ids=["unknown e-mail", "wrong password", "empty password", "empty e-mail", "huge password",
        "wrong password, upper-case e-mail"])
def test_bad_sign_in(client, create_school, create_staff, email, password):
    """Every failed sign-in stays on the form, and an unknown e-mail reads like a wrong password."""
    staff = create_staff(create_school(), Role.TEACHER)
    email = email.replace("{staff}", staff.email).replace("{STAFF}", staff.email.upper())
    response = client.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 200
    assert b"Staff sign in" in response.data
    assert client.get("/schools/").status_code == 302


def test_unknown_email_and_wrong_password_look_the_same(client, create_school, create_staff):
    """The page gives nothing away about which accounts exist."""
    staff = create_staff(create_school(), Role.TEACHER)
    unknown = client.post("/sign-in", data={"email": "who@example.org", "password": "whatever"})
    wrong = client.post("/sign-in", data={"email": staff.email, "password": "whatever"})
    assert SAME_MESSAGE in unknown.data and SAME_MESSAGE in wrong.data
    assert unknown.data.replace(b"who@example.org", b"") == wrong.data.replace(staff.email.encode(), b"")


def test_email_is_matched_without_case(client, auth, create_school, create_staff):
    """People type their e-mail in all sorts of case."""
    staff = create_staff(create_school(), Role.TEACHER)
    client.post("/sign-in", data={"email": "  " + staff.email.upper(), "password": PASSWORD})
    assert client.get("/schools/").status_code == 302


@pytest.fixture
def app_config(request):
    """A tight sign-in limit for the rate-limit test."""
    return {"SIGN_IN_RATE_LIMIT": "3 per minute"} if "rate" in request.node.name else {}


def test_sign_in_rate_limited(client, create_school, create_staff):
    """After the limit, even the right password is refused for a while."""
    staff = create_staff(create_school(), Role.TEACHER)
    for _ in range(3):
        assert client.post("/sign-in", data={"email": staff.email, "password": "nope"}).status_code == 200
    response = client.post("/sign-in", data={"email": staff.email, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many tries" in response.data


def test_failed_sign_in_is_audited(client, db, create_school, create_staff):
    """Failed attempts leave a trail for the school."""
    staff = create_staff(create_school(), Role.TEACHER)
    client.post("/sign-in", data={"email": staff.email, "password": "nope"})
    assert db.session.query(AuditRecord).filter_by(action="sign_in_failed", staff_id=staff.id).count() == 1


def test_password_link_sets_password_once(client, db, create_school, create_staff):
    """A new member of staff sets a password through a link that works only once."""
    staff = create_staff(create_school(), Role.TEACHER, with_password=False)
    token = create_password_link(staff)
    db.session.commit()
    assert client.get(f"/set-password/{token}").status_code == 200
    response = client.post(f"/set-password/{token}", data={"password": "plum kettle orbit",
                                                           "confirm": "plum kettle orbit"})
    assert response.status_code == 302
    client.post("/sign-out")
    assert client.get(f"/set-password/{token}").status_code == 404
    assert client.post("/sign-in", data={"email": staff.email, "password": "plum kettle orbit"}).status_code == 302


@pytest.mark.parametrize("password, confirm, error", [
    ("short", "short", b"at least 10 characters"),
    ("password123", "password123", b"too easy to guess"),
    ("plum kettle orbit", "plum kettle orbiT", b"The two passwords differ"),
])
def test_password_rules(client, db, create_school, create_staff, password, confirm, error):
    """Weak or mistyped passwords are refused with a reason."""
    staff = create_staff(create_school(), Role.TEACHER, with_password=False)
    token = create_password_link(staff)
    db.session.commit()
    response = client.post(f"/set-password/{token}", data={"password": password, "confirm": confirm})
    assert response.status_code == 200
    assert error in response.data


def test_expired_link(client, db, create_school, create_staff):
    """An old link is refused kindly."""
    staff = create_staff(create_school(), Role.TEACHER, with_password=False)
    token = create_password_link(staff)
    db.session.query(PasswordLink).update({"expires_at": utcnow() - timedelta(minutes=1)})
    db.session.commit()
    response = client.get(f"/set-password/{token}")
    assert response.status_code == 404
    assert b"expired" in response.data


def test_new_link_cancels_old(client, db, create_school, create_staff):
    """Only the newest link works."""
    staff = create_staff(create_school(), Role.TEACHER, with_password=False)
    first = create_password_link(staff)
    create_password_link(staff)
    db.session.commit()
    assert client.get(f"/set-password/{first}").status_code == 404


def test_password_change_ends_other_sessions(app, db, auth, create_school, create_staff):
    """Setting a new password signs the person out on every other device."""
    staff = create_staff(create_school(), Role.TEACHER)
    auth.sign_in(staff)
    token = create_password_link(staff)
    db.session.commit()
    other = app.test_client()
    other.post(f"/set-password/{token}", data={"password": "plum kettle orbit", "confirm": "plum kettle orbit"})
    assert auth.client.get("/schools/").headers["Location"].startswith("/sign-in")


def test_session_cookie_flags(database_url, db, create_school, create_staff):
    """The session cookie is Secure, HttpOnly and SameSite outside tests' plain http."""
    from convo import create_app
    from .fixtures.app import settings_for_tests
    app = create_app(settings_for_tests(database_url, SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=True))
    with app.app_context():
        client = app.test_client()
        response = client.get("/sign-in", base_url="https://convo.test")
        cookie = response.headers["Set-Cookie"]
        db.engine.dispose()
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
