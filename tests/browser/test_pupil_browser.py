"""A pupil on a real tablet browser: sign in by tapping, talk, and the aspiration is stored.

Each journey runs at iPad sizes in portrait and landscape; every screen is checked by axe-core and for touch
targets (64px for Reception and KS1, 48px for KS2; see checks.py) and saved under test-artifacts/.
"""
from __future__ import annotations

import pytest

from convo.models import Aspiration, Conversation, Role

from .conftest import TABLET_SIZES


@pytest.fixture
def pupil_in(create_school, create_staff, create_class, create_pupil):
    """A pupil in a class of the given year group, with a live tablet code."""
    def make(year_group: int, forename: str):
        school = create_school()
        teacher = create_staff(school, Role.TEACHER)
        school_class = create_class(school, "Owls", year_group, teachers=[teacher])
        create_pupil(school_class, "Zack", "Other", animal="owl")
        return create_pupil(school_class, forename, "Hall", animal="fox"), school_class.sign_in_code
    return make


#: Something the pupil can do on a step: the end, or a control to answer with.
READY = ".end, .card-button, .choice-button, button[name=continue], input[name=text]"
#: True once the step on screen is no longer the one answered (the page updates itself in place).
MOVED_ON = """old => document.querySelector('.end') ||
    (document.querySelector('input[name=turn]') && document.querySelector('input[name=turn]').value !== old)"""


def answer_by_tapping(page, pages, typed: str | None = None, limit: int = 40) -> None:
    """Tap the first picture, face or Next until the talk ends; type once if asked and told to."""
    for n in range(limit):
        page.wait_for_selector(READY)
        if page.locator(".end").count():
            pages.check(page, "end")
            return
        pages.check(page, f"step{n}")
        turn = page.input_value("input[name=turn]")
        if typed and page.locator("input[name=text]").count():
            page.fill("input[name=text]", typed)
            page.click("button[name=send]")
            typed = None
        elif page.locator(".card-button").count():
            page.locator(".card-button").first.click()
        elif page.locator(".choice-button").count():
            page.locator(".choice-button").first.click()
        else:
            page.click("button[name=continue]")
        page.wait_for_function(MOVED_ON, arg=turn)
    pytest.fail("the talk did not end")


def hear_notice(page, pages=None) -> None:
    """Go through this term's privacy notice: Next on each screen, then "OK, let's start"."""
    page.wait_for_selector(".privacy-notice")
    while page.locator(".privacy-notice a:has-text('Next')").count():
        if pages:
            pages.check(page, "notice")
        page.click(".privacy-notice a:has-text('Next')")
    if pages:
        pages.check(page, "notice")
    page.click("text=OK, let's start")


def talk_on_tablet(page, live_server, code, name, pages, typed=None, pictures=()):
    """Join by the class's QR address, tap the name (and pictures), have today's talk; check each screen."""
    page.goto(f"{live_server}/tablet/")
    pages.check(page, "class-code")
    page.goto(f"{live_server}/tablet/join/{code}")
    pages.check(page, "names")
    page.click(f".name-button:has-text('{name}')")
    page.wait_for_load_state()
    if pictures:
        page.wait_for_url("**/tablet/pictures")
        for picture in pictures:
            page.click(f"label[for=pic-{picture}]")
        pages.check(page, "pictures")
        page.click("input[type=submit]")
    hear_notice(page, pages)
    page.wait_for_selector("text=Let's talk")
    pages.check(page, "home")
    page.click("text=Let's talk")
    answer_by_tapping(page, pages, typed)
    page.click("text=Finished >> nth=-1")
    page.wait_for_url("**/tablet/names")
    pages.assert_clean()


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_reception_pupil_finishes_by_tapping(tablet, live_server, db, pupil_in, pages, orientation):
    """A Reception pupil taps through a whole session; their chosen job is stored."""
    pupil, code = pupil_in(0, "Ivy")
    talk_on_tablet(tablet(orientation), live_server, code, "Ivy", pages)
    assert all(minimum == 64 for label, minimum in pages.pages if label != "class-code"), pages.pages
    db.session.expire_all()
    assert db.session.query(Conversation).filter_by(pupil_id=pupil.id, ended="finished").count() == 1
    assert db.session.query(Aspiration).filter_by(pupil_id=pupil.id).count() >= 1


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_ks2_pupil_types_vetnary(tablet, live_server, db, pupil_in, pages, orientation):
    """A Year 5 pupil picks their two pictures, types "i wanna be a vetnary"; a vet (2240) is stored."""
    pupil, code = pupil_in(5, "Kai")
    pupil.school.picture_passwords, pupil.picture_password = True, "moon,boat"
    db.session.commit()
    talk_on_tablet(tablet(orientation), live_server, code, "Kai", pages, typed="i wanna be a vetnary",
                   pictures=("boat", "moon"))
    assert all(minimum == 48 for label, minimum in pages.pages), pages.pages
    db.session.expire_all()
    first = db.session.query(Aspiration).filter_by(pupil_id=pupil.id).order_by(Aspiration.id).first()
    assert first is not None and (first.soc2020, first.title) == ("2240", "vet")


def test_answer_waits_for_wifi_and_is_sent_once(tablet, live_server, db, pupil_in, pages):
    """Offline, the answer stays on the tablet; back online, it is sent exactly once."""
    pupil, code = pupil_in(2, "Ivy")
    page = tablet("landscape")
    page.goto(f"{live_server}/tablet/join/{code}")
    page.click(".name-button:has-text('Ivy')")
    hear_notice(page)
    page.click("text=Let's talk")
    page.wait_for_selector(".card-button")
    # The page's script is deferred: on a busy machine the cards can show before it has run, and a tap
    # then is an ordinary form post (which the offline tablet cannot send) rather than a queued answer.
    page.wait_for_load_state("domcontentloaded")
    page.context.set_offline(True)
    page.locator(".card-button").first.click()
    page.wait_for_selector("#offline:not([hidden])")
    pages.check(page, "waiting-for-wifi")
    db.session.expire_all()
    conversation = db.session.query(Conversation).filter_by(pupil_id=pupil.id).one()
    assert len(conversation.turns) == 0
    page.context.set_offline(False)
    page.wait_for_selector("#offline[hidden]", state="attached", timeout=15000)
    page.wait_for_selector(".choice-button, .card-button")
    pages.check(page, "sent")
    pages.assert_clean()
    db.session.expire_all()
    conversation = db.session.query(Conversation).filter_by(pupil_id=pupil.id).one()
    assert len(conversation.turns) == 1
