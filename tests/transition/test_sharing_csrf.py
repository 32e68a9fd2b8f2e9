"""The sharing form is refused without its CSRF token, with CSRF protection on as in production."""
from __future__ import annotations

import re

import pytest

from convo.models import StereotypeEvent
from convo.schoolyear import current_academic_year
from tests.fixtures.factories import PASSWORD


@pytest.fixture
def app_config() -> dict:
    """CSRF protection on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_sharing_needs_the_form_token(client, two_schools, db):
    """A post without the token changes nothing; the page's own form, with it, works."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    event = StereotypeEvent(pupil_id=pupil.id, kind="gender", redacted_text="only girls can be nurses",
                            academic_year=current_academic_year(), year_group=pupil.year_group)
    db.session.add(event)
    db.session.commit()
    token = _token(client.get("/sign-in").get_data(as_text=True))
    client.post("/sign-in", data={"email": home["teacher_a"].email, "password": PASSWORD, "csrf_token": token})
    page = client.get(f"/schools/{pupil.school_id}/pupils/{pupil.id}/").get_data(as_text=True)
    url = f"/schools/{pupil.school_id}/pupils/{pupil.id}/stereotypes/{event.id}/shared"
    assert client.post(url, data={"shared": "yes"}).status_code == 400
    db.session.expire_all()
    assert not db.session.get(StereotypeEvent, event.id).shared_with_secondary
    assert client.post(url, data={"shared": "yes", "csrf_token": _token(page)}).status_code == 302
    db.session.expire_all()
    assert db.session.get(StereotypeEvent, event.id).shared_with_secondary
