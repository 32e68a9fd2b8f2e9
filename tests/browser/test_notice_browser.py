"""The privacy notice on a real tablet browser, in both orientations: fits, big buttons, then the talk."""
from __future__ import annotations

import pytest

from convo.models import Pupil, Role

from .conftest import TABLET_SIZES

#: The smallest touch target each age band may have, in CSS pixels.
SMALLEST = {1: 64, 5: 48}
#: Every control on a notice screen a pupil can tap.
CONTROLS = ".privacy-notice a.button, .privacy-notice button:not([hidden]), .pupil-bar button"


@pytest.fixture
def pupil_in(create_school, create_staff, create_class, create_pupil):
    """A pupil in a class of the given year group, with a live tablet code."""
    def make(year_group: int, forename: str):
        school = create_school()
        teacher = create_staff(school, Role.TEACHER)
        school_class = create_class(school, "Owls", year_group, teachers=[teacher])
        return create_pupil(school_class, forename, "Hall", animal="fox"), school_class.sign_in_code
    return make


def check_screen(page, smallest: int) -> None:
    """Nothing runs off the side, and every control is at least `smallest` px each way."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for box in (c.bounding_box() for c in page.locator(CONTROLS).all()):
        assert box is not None and box["height"] >= smallest and box["width"] >= smallest, box


@pytest.mark.parametrize("orientation", sorted(TABLET_SIZES))
@pytest.mark.parametrize("year_group", sorted(SMALLEST))
def test_notice_on_tablet(chromium, live_server, db, pupil_in, screenshots, orientation, year_group):
    """The pupil taps their name, hears each screen, taps "OK, let's start" and reaches the start page."""
    pupil, code = pupil_in(year_group, "Ivy")
    width, height = TABLET_SIZES[orientation]
    context = chromium.new_context(viewport={"width": width, "height": height}, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server}/tablet/join/{code}")
    page.click(".name-button:has-text('Ivy')")
    page.wait_for_url("**/pupil/privacy")
    for number in range(1, 4):
        page.wait_for_selector(".privacy-notice")
        check_screen(page, SMALLEST[year_group])
        screenshots(page, f"notice-{number}")
        if not page.locator(".privacy-notice a:has-text('Next')").count():
            break
        page.click(".privacy-notice a:has-text('Next')")
    page.click("text=OK, let's start")
    page.wait_for_selector("text=Let's talk")
    context.close()
    db.session.expire_all()
    assert db.session.get(Pupil, pupil.id).privacy_notice_term is not None
