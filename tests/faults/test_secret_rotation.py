"""Changing SECRET_KEY: with the old key in SECRET_KEY_FALLBACKS nobody is signed out; without it, safely out.

Cookies and a form are made by the app running with the old key, then sent to an app on the same
database running with the new one, as after a restart with a changed instance/config.py.
"""
from __future__ import annotations

import re

import pytest

from convo import create_app
from convo.auth.operations import create_password_link
from convo.config import Defaults
from convo.extensions import db as _db
from convo.models import Role, SchoolClass
from convo.schoolyear import current_academic_year
from convo.tablet.session import TABLET_COOKIE
from tests.attacks.report import record
from tests.fixtures.app import RequestClient, settings_for_tests

OLD, NEW = "the-old-key-" + "a" * 40, "the-new-key-" + "b" * 40
COOKIES = (Defaults.SESSION_COOKIE_NAME, TABLET_COOKIE)
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config() -> dict:
    """The suite's app signs with the old key and checks CSRF tokens, as in production."""
    return {"SECRET_KEY": OLD, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def rotated(database_url: str, tmp_path):
    """Make clients of an app on the same database with the new key; their connections closed after."""
    apps = []

    def client_for(old_client, fallbacks: list[str] | None, cookies=COOKIES):
        """A client of the new-key app, carrying the old client's cookies."""
        app = create_app(settings_for_tests(database_url, SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=fallbacks,
                                            WTF_CSRF_ENABLED=True,
                                            TRANSITION_PACK_FOLDER=str(tmp_path / "packs")))
        app.test_client_class = RequestClient
        apps.append(app)
        client = app.test_client()
        for name in cookies:
            cookie = old_client.get_cookie(name, domain="convo.test")
            if cookie is not None:
                client.set_cookie(name, cookie.value, domain="convo.test")
        return client

    yield client_for
    for app in apps:
        with app.app_context():
            _db.engine.dispose()


def sign_in(client, staff) -> None:
    """Sign in through the real page, CSRF token and all, and the two-step code when asked."""
    from tests.attacks.conftest_security import sign_in_staff
    from tests.fixtures.factories import PASSWORD
    response = sign_in_staff(client, staff, PASSWORD)
    assert response.status_code == 302 and "/sign-in" not in response.headers["Location"]


@pytest.fixture
def world(client, create_school, create_staff, create_class, create_pupil):
    """A careers leader signed in on one browser, and a pupil signed in on a class tablet (another)."""
    school = create_school()
    leader = create_staff(school, Role.CAREERS_LEADER)
    sign_in(client, leader)
    tablet = client.application.test_client()
    pupil = create_pupil(create_class(school, "Oak", 4))
    assert tablet.get(f"/tablet/join/{pupil.school_class.sign_in_code}").status_code == 302
    token = CSRF.search(tablet.get("/tablet/names").get_data(as_text=True)).group(1)
    assert tablet.post(f"/tablet/names/{pupil.id}", data={"csrf_token": token}).status_code == 302
    return {"school": school, "leader": leader, "pupil": pupil, "tablet": tablet}


def test_with_the_old_key_as_fallback_everyone_stays_signed_in(rotated, client, db, world):
    """Staff pages, a form opened before the change, the tablet's class and its pupil all carry on."""
    roster = f"/schools/{world['school'].id}/roster"
    page = client.get(f"/schools/{world['school'].id}/classes/new")
    old_token = CSRF.search(page.get_data(as_text=True)).group(1)
    staff = rotated(client, [OLD])
    assert staff.get(roster).status_code == 200
    # The form was opened under the old key and is sent under the new one.
    response = staff.post(f"/schools/{world['school'].id}/classes/new",
                          data={"csrf_token": old_token, "name": "Birch", "year_group": 2,
                                "academic_year": current_academic_year()})
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    assert db.session.query(SchoolClass).filter_by(name="Birch").count() == 1
    tablet = rotated(world["tablet"], [OLD])
    # Still the pupil's own pages: next comes the privacy notice they have not heard yet.
    assert tablet.get("/pupil/").headers.get("Location") == "/pupil/privacy", "the pupil was signed out"
    assert tablet.get("/pupil/privacy").status_code == 200
    # The class cookie alone (the pupil has finished) still shows the class's names.
    class_only = rotated(world["tablet"], [OLD], cookies=(TABLET_COOKIE,))
    names = class_only.get("/tablet/names")
    assert names.status_code == 200 and world["pupil"].preferred_forename in names.get_data(as_text=True)
    record("Faults: SECRET_KEY rotation", 4, 0, "with the old key as fallback: staff page, old form, tablet, pupil")


def test_without_the_old_key_everyone_is_signed_out_calmly(rotated, client, db, world):
    """Old cookies are ignored: staff go to the sign-in page, the tablet to its start; no error page."""
    roster = f"/schools/{world['school'].id}/roster"
    old_token = CSRF.search(client.get(roster).get_data(as_text=True)).group(1)
    staff = rotated(client, None)
    response = staff.get(roster)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    response = staff.post(f"/schools/{world['school'].id}/classes/new",
                          data={"csrf_token": old_token, "name": "Birch", "year_group": 2,
                                "academic_year": current_academic_year()})
    assert response.status_code == 400 and "Please try that again" in response.get_data(as_text=True)
    assert db.session.query(SchoolClass).filter_by(name="Birch").count() == 0
    tablet = rotated(world["tablet"], None)
    assert tablet.get("/pupil/").headers["Location"].endswith("/tablet/")
    class_only = rotated(world["tablet"], None, cookies=(TABLET_COOKIE,))
    assert class_only.get("/tablet/names").headers["Location"].endswith("/tablet/")
    response = tablet.get("/tablet/names")
    assert response.status_code == 302 and response.headers["Location"].endswith("/tablet/")
    start = tablet.get("/tablet/")
    assert start.status_code == 200 and "Traceback" not in start.get_data(as_text=True)
    # Signing in again under the new key works at once.
    sign_in(staff, world["leader"])
    assert staff.get(roster).status_code == 200
    record("Faults: SECRET_KEY rotation", 5, 0, "without a fallback: staff and tablet signed out calmly, "
           "and can sign in again")


def test_a_password_link_made_before_the_change_still_works(rotated, client, db, create_staff, create_school):
    """Set-password links are random tokens kept hashed in the database, so no key change breaks them."""
    staff = create_staff(create_school(), Role.TEACHER, with_password=False)
    token = create_password_link(staff)
    db.session.commit()
    fresh = rotated(client, None)
    page = fresh.get(f"/set-password/{token}")
    assert page.status_code == 200 and CSRF.search(page.get_data(as_text=True))
    record("Faults: SECRET_KEY rotation", 1, 0, "a password link from before the change")


def test_the_rotation_guide_names_what_the_code_uses():
    """docs/key-rotation.md names the setting, its variable and the cookies this test carries over."""
    from pathlib import Path
    guide = (Path(__file__).resolve().parents[2] / "docs" / "key-rotation.md").read_text(encoding="utf-8")
    assert "SECRET_KEY_FALLBACKS" in guide and "CONVO_SECRET_KEY_FALLBACKS" in guide
    assert all(f"`{name}`" in guide for name in COOKIES)


@pytest.mark.parametrize("fallbacks", ["the-old-key-as-a-string", ["dev"], [""]])
def test_a_fallback_that_is_not_a_list_of_real_keys_is_refused(monkeypatch, tmp_path, fallbacks):
    """A string (which would be read letter by letter) or a well-known key stops the app starting."""
    monkeypatch.setenv("CONVO_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CONVO_SECRET_KEY", NEW)
    monkeypatch.setenv("CONVO_SECRET_KEY_FALLBACKS",
                       fallbacks if isinstance(fallbacks, str) else __import__("json").dumps(fallbacks))
    with pytest.raises(RuntimeError, match="SECRET_KEY_FALLBACKS"):
        create_app()
