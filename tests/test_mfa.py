"""Two-step sign-in: who needs it, setting up the app, the code at sign-in, replays and expiry."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pyotp
import pytest

from convo.auth import mfa
from convo.auth.pending import MAX_TRIES
from convo.config import Defaults
from convo.models import AuditRecord, RecoveryCode, Role, Staff

from .fixtures.auth import next_code
from .fixtures.factories import PASSWORD

CODE_PAGE, SET_UP_PAGE, QR = "/sign-in/code", "/sign-in/set-up", "/sign-in/set-up/qr.svg"


def wrong_code(secret: str) -> str:
    """A six-digit code that no nearby time step of `secret` produces."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time())
    near = {totp.generate_otp(step) for step in range(now - 3, now + 4)}
    return next(code for code in (f"{n:06d}" for n in range(1000)) if code not in near)


def password_step(client, staff: Staff):
    """Type the right password; returns the response."""
    return client.post("/sign-in", data={"email": staff.email, "password": PASSWORD})


def signed_in(client, school_id: int) -> bool:
    """True if the client can open the school's dashboard."""
    return client.get(f"/schools/{school_id}/").status_code == 200


def secret_on_page(page: str) -> str:
    """The key the set-up page shows for typing by hand."""
    return re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")


@pytest.mark.parametrize("role, needed", [
    (Role.DSL, True), (Role.DEPUTY_DSL, True), (Role.CAREERS_LEADER, True),
    (Role.TRANSITION_LEADER, True), (Role.TEACHER, False),
])
def test_required_for_roles_that_see_personal_data(create_school, create_staff, role, needed):
    """By default the DSL, deputies, careers and transition leaders need it; a class teacher does not."""
    staff = create_staff(create_school(), role, two_step=False)
    assert mfa.required(staff) is needed


def test_required_for_admins_and_in_any_school(create_school, create_staff):
    """A deployment administrator needs it, and so does a teacher who is DSL in another school."""
    assert mfa.required(create_staff(None, is_admin=True, two_step=False))
    teacher = create_staff(create_school(), Role.TEACHER, two_step=False)
    assert not mfa.required(teacher)
    other = create_school("Other Primary")
    teacher.memberships.append(type(teacher.memberships[0])(school=other, role=Role.DSL))
    assert mfa.required(teacher)


@pytest.fixture
def app_config(request):
    """Tight limits or a narrower policy for the tests that name them."""
    if "rate_limit" in request.node.name:
        return {"SIGN_IN_RATE_LIMIT": "3 per minute"}
    if "csrf" in request.node.name:
        return {"WTF_CSRF_ENABLED": True}
    if "policy" in request.node.name:
        return {"MFA_REQUIRED_ROLES": ("dsl",), "MFA_REQUIRED_FOR_ADMINS": False}
    return {}


def test_policy_is_a_setting(create_school, create_staff):
    """A deployment may set which roles need it."""
    school = create_school()
    assert not mfa.required(create_staff(school, Role.CAREERS_LEADER, two_step=False))
    assert not mfa.required(create_staff(None, is_admin=True, two_step=False))
    assert mfa.required(create_staff(school, Role.DSL, two_step=False))


def test_teacher_signs_in_with_a_password_only(client, create_school, create_staff):
    """No second step for a class teacher who has not chosen one."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER)
    assert password_step(client, teacher).headers["Location"] == "/schools/"
    assert signed_in(client, school.id)


def test_set_up_at_first_sign_in(client, db, create_school, create_staff):
    """A DSL without an app sets one up before being signed in: wrong code first, then the right one."""
    school = create_school()
    dsl = create_staff(school, Role.DSL, two_step=False)
    assert password_step(client, dsl).headers["Location"] == SET_UP_PAGE
    assert not signed_in(client, school.id)
    page = client.get(SET_UP_PAGE)
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in text and 'inputmode="numeric"' in text
    assert f'src="{QR}"' in text
    secret = secret_on_page(text)
    qr = client.get(QR)
    assert qr.mimetype == "image/svg+xml" and qr.headers["Cache-Control"] == "no-store"
    assert b"<svg" in qr.data
    assert client.application.test_client().get(QR).status_code == 404  # nobody else's

    refused = client.post(SET_UP_PAGE, data={"code": wrong_code(secret)})
    assert refused.status_code == 200 and b"That code did not work" in refused.data
    assert not signed_in(client, school.id)
    db.session.expire_all()
    assert not mfa.enrolled(db.session.get(Staff, dsl.id))

    done = client.post(SET_UP_PAGE, data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([a-z2-9-]{19})</code>", done.get_data(as_text=True))
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    assert len(codes) == mfa.RECOVERY_CODE_COUNT == len(set(codes))
    assert signed_in(client, school.id)
    assert client.get(QR).status_code == 404  # the QR code is gone once set up
    assert db.session.query(RecoveryCode).filter_by(staff_id=dsl.id).count() == 10
    assert db.session.query(AuditRecord).filter_by(action="mfa_enrolled", staff_id=dsl.id).count() == 1


def test_each_set_up_has_a_new_secret(app, client, create_school, create_staff):
    """A secret seen on the set-up page in one session is not the one enrolled in the next."""
    dsl = create_staff(create_school(), Role.DSL, two_step=False)
    password_step(client, dsl)
    first = secret_on_page(client.get(SET_UP_PAGE).get_data(as_text=True))
    assert secret_on_page(client.get(SET_UP_PAGE).get_data(as_text=True)) == first  # a reload keeps it
    later = app.test_client()
    password_step(later, dsl)
    second = secret_on_page(later.get(SET_UP_PAGE).get_data(as_text=True))
    assert second != first
    assert b"did not work" in later.post(SET_UP_PAGE, data={"code": pyotp.TOTP(first).now()}).data
    assert later.post(SET_UP_PAGE, data={"code": pyotp.TOTP(second).now()}).status_code == 200


def test_set_up_wait_is_longer_but_ends(client, create_school, create_staff):
    """Set-up may take 15 minutes (installing an app), not more; then the password is needed again."""
    dsl = create_staff(create_school(), Role.DSL, two_step=False)
    password_step(client, dsl)

    def age(seconds: int) -> None:
        """Make the password step `seconds` old."""
        with client.session_transaction() as session:
            session["mfa_pending"] = {**session["mfa_pending"], "at": time.time() - seconds}
    age(10 * 60)
    assert client.get(SET_UP_PAGE).status_code == 200
    age(15 * 60 + 1)
    assert client.get(SET_UP_PAGE).headers["Location"] == "/sign-in"
    assert client.get(QR).status_code == 404


def test_code_needed_at_sign_in(client, db, create_school, create_staff):
    """Password first, then the code; until the code, protected pages send the person to sign in."""
    school = create_school()
    dsl = create_staff(school, Role.DSL)
    assert password_step(client, dsl).headers["Location"] == CODE_PAGE
    assert db.session.query(AuditRecord).filter_by(action="sign_in").count() == 0
    response = client.get(f"/schools/{school.id}/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")
    assert client.get(f"/schools/{school.id}/safeguarding/").status_code in (302, 404)
    page = client.get(CODE_PAGE).get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert b"did not work" in client.post(CODE_PAGE, data={"code": wrong_code(dsl.mfa_secret)}).data
    assert not signed_in(client, school.id)
    assert db.session.query(AuditRecord).filter_by(action="mfa_code_failed", staff_id=dsl.id).count() == 1
    assert client.post(CODE_PAGE, data={"code": next_code(dsl)}).headers["Location"] == "/schools/"
    assert signed_in(client, school.id)
    assert db.session.query(AuditRecord).filter_by(action="sign_in", staff_id=dsl.id).one().detail == \
        {"two_step": True}


def test_same_code_refused_twice(client, create_school, create_staff):
    """A code that signed someone in does not work again, even within its 30 seconds."""
    school = create_school()
    leader = create_staff(school, Role.CAREERS_LEADER)
    code = next_code(leader)
    password_step(client, leader)
    assert client.post(CODE_PAGE, data={"code": code}).status_code == 302
    client.post("/sign-out")
    password_step(client, leader)
    replay = client.post(CODE_PAGE, data={"code": code})
    assert replay.status_code == 200 and b"each works once" in replay.data
    assert not signed_in(client, school.id)


def test_recovery_code_works_once(client, db, create_school, create_staff):
    """Each recovery code signs in once; the page says how many are left."""
    school = create_school()
    dsl = create_staff(school, Role.DSL)
    codes = mfa.issue_recovery_codes(dsl)
    password_step(client, dsl)
    response = client.post(CODE_PAGE, data={"recovery_code": codes[0].upper().replace("-", " ")},
                           follow_redirects=True)
    assert b"You have 9 left" in response.data
    assert signed_in(client, school.id)
    client.post("/sign-out")
    password_step(client, dsl)
    assert b"did not work" in client.post(CODE_PAGE, data={"recovery_code": codes[0]}).data
    assert not signed_in(client, school.id)
    assert db.session.query(AuditRecord).filter_by(action="mfa_recovery_code_used").count() == 1


def test_code_page_needs_the_csrf_token(client, create_school, create_staff):
    """With CSRF protection on, as in production, a code posted without the page's token is refused."""
    school = create_school()
    dsl = create_staff(school, Role.DSL)

    def token(path: str) -> str:
        """The CSRF token of the form on a page."""
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"email": dsl.email, "password": PASSWORD, "csrf_token": token("/sign-in")})
    assert client.post(CODE_PAGE, data={"code": next_code(dsl)}).status_code == 400
    assert not signed_in(client, school.id)
    response = client.post(CODE_PAGE, data={"code": next_code(dsl), "csrf_token": token(CODE_PAGE)})
    assert response.headers["Location"] == "/schools/"
    assert signed_in(client, school.id)


def test_code_page_rate_limit(client, create_school, create_staff):
    """The code page is limited like the password page."""
    dsl = create_staff(create_school(), Role.DSL)
    password_step(client, dsl)
    for _ in range(3):
        assert client.post(CODE_PAGE, data={"code": wrong_code(dsl.mfa_secret)}).status_code == 200
    assert client.post(CODE_PAGE, data={"code": next_code(dsl)}).status_code == 429


def test_too_many_wrong_codes_mean_the_password_again(client, create_school, create_staff):
    """After five wrong codes the wait ends and even the right code needs the password first."""
    school = create_school()
    dsl = create_staff(school, Role.DSL)
    password_step(client, dsl)
    for _ in range(5):
        client.post(CODE_PAGE, data={"code": wrong_code(dsl.mfa_secret)})
    assert client.post(CODE_PAGE, data={"code": next_code(dsl)}).headers["Location"] == "/sign-in"
    assert not signed_in(client, school.id)


def test_wait_for_the_code_expires(client, create_school, create_staff):
    """Five minutes after the password, the right code no longer signs in."""
    school = create_school()
    dsl = create_staff(school, Role.DSL)
    password_step(client, dsl)
    with client.session_transaction() as session:
        held = session["mfa_pending"]
        session["mfa_pending"] = {**held, "at": held["at"] - 5 * 60 - 1}
    response = client.post(CODE_PAGE, data={"code": next_code(dsl)})
    assert response.headers["Location"] == "/sign-in"
    assert not signed_in(client, school.id)



def test_document_states_the_code_settings():
    """docs/two-step-sign-in.md names the roles, the wait and the numbers the code uses."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "two-step-sign-in.md").read_text(encoding="utf-8")
    section = text.split("## Who must use it")[1].split("##")[0]
    listed = set(re.findall(r"^- `(\w+)`", section, flags=re.MULTILINE)) | set(re.findall(r"and `(\w+)`:", section))
    assert listed == set(Defaults.MFA_REQUIRED_ROLES)
    assert Defaults.MFA_REQUIRED_FOR_ADMINS and "Deployment administrators must use it" in section
    assert re.findall(r"\*\*(\d+) minutes\*\*", text) == [
        str(int(lifetime.total_seconds() // 60)) for lifetime in (Defaults.MFA_PENDING_LIFETIME, Defaults.MFA_SET_UP_LIFETIME)]
    words = {5: "five", 10: "ten"}
    assert f"{words[MAX_TRIES]} tries" in text
    assert re.findall(r"\*\*(\w+) recovery codes, once\*\*", text) == [words[mfa.RECOVERY_CODE_COUNT]]
