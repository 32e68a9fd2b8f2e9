"""Security headers on every kind of page, the cookies' flags in a production-like set-up, and sign-in limits.

Headers: a Content Security Policy with nothing inline allowed, no framing, no referrer to other sites,
nosniff, HSTS over https only, and plain http redirected to https wherever cookies are Secure.
Cookies: the session and the tablet's class cookie are Secure, HttpOnly and SameSite=Lax over https.
Limits: with the shipped settings, the attempt after the limit is refused with a friendly 429 page.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from limits import parse_many

from convo import create_app
from convo.analytics import charts
from convo.auth.operations import create_password_link
from convo.config import Defaults
from convo.extensions import db as _db
from convo.models import Role
from convo.security import CONTENT_SECURITY_POLICY, force_https
from convo.tablet.pictures import ANIMALS, COLOURS, animal_colour
from convo.tablet.session import TABLET_COOKIE
from tests.attacks.report import record
from tests.fixtures.app import RequestClient, settings_for_tests
from tests.fixtures.factories import PASSWORD

from .conftest_security import TOKEN, assert_refused_kindly, attempts, cookies_set, limit_of

ROOT = Path(__file__).resolve().parents[2]
HTTPS = "https://convo.test"
#: Each header and the value every response must carry.
EXPECTED_HEADERS = {"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff"}
#: The only template allowed a <style> block: the subject access file, written to disk by
#: `convo subject-access` and opened offline, never served by the app (so no policy applies to it).
OFFLINE_FILES = {"privacy/subject_access_file.html"}


def assert_security_headers(response, where: str) -> int:
    """Check one response's headers; how many were checked."""
    for header, value in EXPECTED_HEADERS.items():
        assert response.headers.get(header) == value, f"{where}: {header} is {response.headers.get(header)!r}"
    policy = response.headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, f"{where}: {policy}"
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "frame-ancestors 'none'", "base-uri 'none'"):
        assert directive in policy, f"{where}: {directive} missing from {policy}"
    return len(EXPECTED_HEADERS) + 1


@pytest.fixture
def app_config() -> dict:
    """The usual test settings (CSRF off), whatever a shared conftest chooses; `production` turns it on."""
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def production(database_url, tmp_path) -> Iterator:
    """An app set up as a real school runs it: Secure cookies, HTTPS forced, CSRF on; and its client."""
    config = settings_for_tests(database_url, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True,
                                FORCE_HTTPS=None, WTF_CSRF_ENABLED=True,
                                TRANSITION_PACK_FOLDER=str(tmp_path / "packs"))
    app = create_app(config)
    app.test_client_class = RequestClient
    yield app
    # This app has its own connection pool; close it, as a stopped server would.
    with app.app_context():
        _db.engine.dispose()


def test_every_kind_of_page_carries_the_headers(client, auth, create_school, create_staff, create_class,
                                                 create_pupil):
    """Front door, sign-in, staff and pupil pages, an error page, the health check and a style sheet."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER)
    pupil = create_pupil(create_class(school, "Oak", 4, teachers=[teacher]))
    checked = 0
    for path in ("/", "/sign-in", "/tablet/", "/no-such-page", "/healthz", "/static/css/convo.css"):
        with client.get(path) as response:
            checked += assert_security_headers(response, path)
    auth.sign_in(teacher)
    for path in ("/schools/", f"/schools/{school.id}/classes/{pupil.school_class.id}"):
        checked += assert_security_headers(client.get(path, follow_redirects=True), path)
    auth.sign_out()
    auth.pupil(pupil)
    for path in ("/tablet/names", "/pupil/"):
        checked += assert_security_headers(client.get(path, follow_redirects=True), path)
    record("Headers", checked, 0, f"{checked // (len(EXPECTED_HEADERS) + 1)} responses: CSP, framing, referrer, nosniff")


def test_plain_http_is_kept_for_the_demo_and_tests(client):
    """With Secure cookies off (make run, the tests), http is served as it is and no HSTS is sent."""
    response = client.get("/sign-in")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


def test_the_demo_instance_does_not_force_https(tmp_path):
    """The config `make run` writes keeps http://127.0.0.1 working."""
    from convo.instance import ensure_instance
    ensure_instance(tmp_path)
    namespace: dict = {}
    exec((tmp_path / "config.py").read_text(encoding="utf-8"), namespace)  # noqa: S102 (our own template)
    assert namespace["FORCE_HTTPS"] is False and namespace["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("secure_cookies, setting, forced", [
    (True, None, True), (False, None, False), (True, False, False), (False, True, True)])
def test_https_forcing_follows_the_cookies_unless_set(secure_cookies, setting, forced):
    """An instance made before FORCE_HTTPS existed (Secure cookies off, no FORCE_HTTPS) keeps plain http."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SESSION_COOKIE_SECURE": secure_cookies, "FORCE_HTTPS": setting})
    assert force_https(app) is forced
    with app.app_context():
        response = app.test_client().get("/sign-in")
    assert (response.status_code == 302 and response.headers["Location"].startswith("https://")) is forced


def test_https_is_forced_in_production(production):
    """Plain http is redirected to https; https answers carry HSTS; the health check still answers on http."""
    with production.app_context():
        client = production.test_client()
        response = client.get("/sign-in")
        assert response.status_code == 302 and response.headers["Location"].startswith("https://")
        secure = client.get("/sign-in", base_url=HTTPS)
        assert secure.status_code == 200
        assert secure.headers["Strict-Transport-Security"].startswith(f"max-age={Defaults.HSTS_MAX_AGE}")
        assert client.get("/healthz").status_code == 200
        # Behind a proxy that ends TLS, its X-Forwarded-Proto header says the visitor used https.
        proxied = client.get("/sign-in", headers={"X-Forwarded-Proto": "https"})
        assert proxied.status_code == 200 and "Strict-Transport-Security" in proxied.headers


def _token(response) -> str:
    """The CSRF token in a page's form."""
    return TOKEN.search(response.data).group(1).decode()


def test_cookies_are_secure_httponly_and_samesite(production, create_school, create_staff, create_class):
    """Signing in over https, with CSRF on: the session cookie and the tablet's cookie carry all three flags."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER)
    school_class = create_class(school, "Oak", 4, teachers=[teacher])
    checked = {}
    with production.app_context():
        client = production.test_client()
        page = client.get("/sign-in", base_url=HTTPS)
        # Over https Flask-WTF also wants a Referer from Convo itself, which Referrer-Policy: same-origin keeps.
        signed_in = client.post("/sign-in", base_url=HTTPS, headers={"Referer": f"{HTTPS}/sign-in"},
                                data={"email": teacher.email, "password": PASSWORD, "csrf_token": _token(page)})
        assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[:300]
        checked.update(cookies_set(signed_in))
        tablet = production.test_client()
        joined = tablet.get(f"/tablet/join/{school_class.sign_in_code}", base_url=HTTPS)
        checked.update({f"{name} (join)": flags for name, flags in cookies_set(joined).items()})
        page = tablet.get("/tablet/names", base_url=HTTPS)
        left = tablet.post("/tablet/leave", base_url=HTTPS, headers={"Referer": f"{HTTPS}/tablet/names"},
                           data={"csrf_token": _token(page)})
        checked.update({f"{name} (leave)": flags for name, flags in cookies_set(left).items()})
    assert {"convo_session", f"{TABLET_COOKIE} (join)", f"{TABLET_COOKIE} (leave)"} <= set(checked), checked
    # Flask-Login's remember-me cookie is never used: a staff session ends with the browser or 8 hours.
    assert "remember_token" not in checked
    for name, flags in checked.items():
        assert flags.get("secure") is True, f"{name} is not Secure: {flags}"
        assert flags.get("httponly") is True, f"{name} is not HttpOnly: {flags}"
        assert str(flags.get("samesite")).lower() == "lax", f"{name} has SameSite {flags.get('samesite')}"
    record("Cookies", len(checked) * 3, 0, ", ".join(sorted(checked)) + ": Secure, HttpOnly, SameSite")


def test_sign_in_is_refused_after_ten_tries(client, create_school, create_staff):
    """The 11th staff sign-in in a minute from one address gets the "Too many tries" page."""
    allowed = limit_of(Defaults.SIGN_IN_RATE_LIMIT)
    assert allowed == 10
    staff = create_staff(create_school(), Role.TEACHER)
    codes = attempts(client, lambda c: c.post("/sign-in", data={"email": staff.email, "password": "nope"}), allowed)
    assert codes == [200] * allowed + [429]
    refused = client.post("/sign-in", data={"email": staff.email, "password": PASSWORD})
    assert_refused_kindly(refused, b"Too many tries")
    # Another address is not held up by the first one's tries.
    other = client.post("/sign-in", data={"email": staff.email, "password": PASSWORD},
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302
    record("Rate limits: staff sign-in", allowed + 2, 0, f"{allowed} per minute, then 429")


def test_password_link_is_refused_after_ten_tries(client, db, create_school, create_staff):
    """The 11th try at a set-password link in a minute gets the friendly 429 page."""
    allowed = limit_of(Defaults.SIGN_IN_RATE_LIMIT)
    staff = create_staff(create_school(), Role.TEACHER, with_password=False)
    token = create_password_link(staff)
    db.session.commit()
    codes = attempts(client, lambda c: c.post(f"/set-password/{token}", data={"password": "short",
                                                                             "confirm": "other"}), allowed)
    assert codes == [200] * allowed + [429]
    assert_refused_kindly(client.post(f"/set-password/{token}", data={}), b"Too many tries")
    record("Rate limits: set-password link", allowed + 2, 0, f"{allowed} per minute, then 429")


def test_class_code_is_refused_after_the_limit(client, create_school, create_class):
    """Typed codes and QR-code addresses alike: after the tablet's limit, a calm "wait a moment" page."""
    allowed = limit_of(Defaults.CLASS_CODE_RATE_LIMIT)
    school_class = create_class(create_school(), "Oak", 4)
    codes = attempts(client, lambda c: c.post("/tablet/", data={"code": "WRONG1"}), allowed)
    assert codes == [200] * allowed + [429]
    assert_refused_kindly(client.post("/tablet/", data={"code": school_class.sign_in_code}),
                          b"That was a lot of tries")
    codes = attempts(client, lambda c: c.get("/tablet/join/WRONG1"), allowed)
    assert codes == [302] * allowed + [429]
    assert_refused_kindly(client.get(f"/tablet/join/{school_class.sign_in_code}"), b"That was a lot of tries")
    record("Rate limits: tablet class code", 2 * (allowed + 2), 0, f"{allowed} per minute, typed and QR, then 429")


def templates() -> list[Path]:
    """Every page template."""
    return sorted((ROOT / "templates").rglob("*.html"))


def test_templates_have_nothing_inline():
    """No style attribute, <style> block, inline script, event handler or javascript: link in any template."""
    problems = []
    patterns = {"style attribute": r"\sstyle=", "style block": r"<style", "event handler": r"\son[a-z]+=",
                "javascript: link": r"javascript:", "inline script": r"<script(?![^>]*\ssrc=)[^>]*>"}
    for path in templates():
        name = str(path.relative_to(ROOT / "templates"))
        text = path.read_text(encoding="utf-8")
        for what, pattern in patterns.items():
            if re.search(pattern, text, flags=re.IGNORECASE) and not (what == "style block" and name in OFFLINE_FILES):
                problems.append(f"{name}: {what}")
    assert len(templates()) > 40
    assert not problems, problems


def test_the_offline_subject_access_file_styles_itself():
    """The downloaded page keeps its own <style>, so it looks right opened from disk, and links nothing."""
    text = (ROOT / "templates" / "privacy" / "subject_access_file.html").read_text(encoding="utf-8")
    assert "<style>" in text and "<link" not in text and "<script" not in text


def test_charts_draw_without_style_attributes():
    """Server-drawn SVG uses presentation attributes (fill=…), which the policy allows, never style=."""
    drawn = [charts.percent_bars([("Builders", 0.4, "40%"), ("Nurses", 0.6, "60%")], "Share"),
             charts.girls_and_boys({"Health": {"F": 3, "M": 2, None: 1}}, "Girls and boys",
                                   ("Girls", "Boys", "Not recorded")),
             charts.outcomes({"Y6": {"changed": 2, "same": 1, "unsure": 1, None: 0}}, "Outcomes",
                             {"changed": "Changed", "same": "Same", "unsure": "Unsure", None: "No answer"})]
    for svg in drawn:
        assert "<svg" in svg and "fill=" in svg
        assert not re.search(r"\sstyle=|<style|<script", svg), svg


def test_name_button_colours_are_classes_in_the_style_sheet():
    """Each animal's button colour is a class, defined in convo.css with the colour pictures.py lists."""
    css = (ROOT / "static" / "css" / "convo.css").read_text(encoding="utf-8")
    for index, colour in enumerate(COLOURS):
        assert re.search(rf"\.name-colour-{index} \{{ background: {colour}; \}}", css), colour
    assert {animal_colour(animal) for animal in ANIMALS} == {f"name-colour-{i}" for i in range(len(COLOURS))}


def test_the_policy_allows_nothing_from_elsewhere():
    """Every source in the policy is Convo itself or nothing."""
    assert set(CONTENT_SECURITY_POLICY.values()) == {"'self'", "'none'"}


def test_the_security_page_quotes_the_limits():
    """docs/security.md gives the shipped sign-in and class-code limits and the HSTS year."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    sign_in = re.search(r"\*\*(\d+)\*\* staff sign-in attempts a minute \((\d+) an hour\)", text)
    assert sign_in and [int(n) for n in sign_in.groups()] == [item.amount for item in
                                                             parse_many(Defaults.SIGN_IN_RATE_LIMIT)]
    assert re.search(rf"\*\*{limit_of(Defaults.CLASS_CODE_RATE_LIMIT)}\*\* class-code attempts a minute", text)
    assert Defaults.HSTS_MAX_AGE == 365 * 24 * 3600 and "(one year)" in text
