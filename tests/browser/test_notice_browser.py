"""The privacy notice on a tablet, in both orientations: fits, passes axe, big buttons, then the talk."""
from __future__ import annotations

import pytest

from convo.models import Pupil, Role

from .conftest import TABLET_SIZES

#: The smallest touch target each age band may have, in CSS pixels (checks.py measures them).
SMALLEST = {1: 64, 5: 48}


@pytest.fixture
def pupil_in(create_school, create_staff, create_class, create_pupil):
    """A pupil in a class of the given year group, with a live tablet code."""
    def make(year_group: int, forename: str):
        school = create_school()
        teacher = create_staff(school, Role.TEACHER)
        school_class = create_class(school, "Owls", year_group, teachers=[teacher])
        return create_pupil(school_class, forename, "Hall", animal="fox"), school_class.sign_in_code
    return make


@pytest.mark.parametrize("orientation", sorted(TABLET_SIZES))
@pytest.mark.parametrize("year_group", sorted(SMALLEST))
def test_notice_on_tablet(tablet, live_server, db, pupil_in, pages, orientation, year_group):
    """The pupil taps their name, hears each screen, taps "OK, let's start" and reaches the start page."""
    pupil, code = pupil_in(year_group, "Ivy")
    page = tablet(orientation)
    page.goto(f"{live_server}/tablet/join/{code}")
    page.click(".name-button:has-text('Ivy')")
    page.wait_for_url("**/pupil/privacy")
    for number in range(1, 4):
        page.wait_for_selector(".privacy-notice")
        pages.check(page, f"notice-{number}")
        if not page.locator(".privacy-notice a:has-text('Next')").count():
            break
        page.click(".privacy-notice a:has-text('Next')")
    page.click("text=OK, let's start")
    page.wait_for_selector("text=Let's talk")
    pages.assert_clean()
    assert {minimum for label, minimum in pages.pages} == {SMALLEST[year_group]}
    db.session.expire_all()
    assert db.session.get(Pupil, pupil.id).privacy_notice_term is not None
