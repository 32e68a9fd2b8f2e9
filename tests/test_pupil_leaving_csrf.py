"""The "mark as left" form is refused without its CSRF token, with CSRF protection on as in production."""
from __future__ import annotations

import re
from datetime import date

import pytest

from convo.models import Pupil
from tests.fixtures.auth import CODE_PAGE, next_code
from tests.fixtures.factories import PASSWORD


@pytest.fixture
def app_config() -> dict:
    """CSRF protection on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _sign_in(client, staff) -> None:
    """Sign in through the real pages, tokens and two-step code included."""
    token = _token(client.get("/sign-in").get_data(as_text=True))
    response = client.post("/sign-in", data={"email": staff.email, "password": PASSWORD, "csrf_token": token})
    if response.headers.get("Location") == CODE_PAGE:
        token = _token(client.get(CODE_PAGE).get_data(as_text=True))
        client.post(CODE_PAGE, data={"code": next_code(staff), "csrf_token": token})


def test_marking_left_needs_the_form_token(client, two_schools, db):
    """A post without the token marks nobody; the page's own form, with it, does."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    _sign_in(client, home["leader"])
    page = client.get(f"/schools/{pupil.school_id}/pupils/{pupil.id}/").get_data(as_text=True)
    form = page[page.index('action="/schools/%d/pupils/%d/left"' % (pupil.school_id, pupil.id)):]
    url = f"/schools/{pupil.school_id}/pupils/{pupil.id}/left"
    client.post(url, data={"left_on": date.today().isoformat()})
    db.session.expire_all()
    assert db.session.get(Pupil, pupil.id).left_on is None
    client.post(url, data={"left_on": date.today().isoformat(), "csrf_token": _token(form)})
    db.session.expire_all()
    assert db.session.get(Pupil, pupil.id).left_on == date.today()
