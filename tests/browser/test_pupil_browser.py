"""A pupil on a real tablet browser: sign in by tapping, talk, and the aspiration is stored."""
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


def answer_by_tapping(page, shoot, typed: str | None = None, limit: int = 40) -> None:
    """Tap the first picture, face or Next until the talk ends; type once if asked and told to."""
    for n in range(limit):
        page.wait_for_selector(READY)
        if page.locator(".end").count():
            shoot(page, "end")
            return
        shoot(page, f"step{n}")
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


def hear_notice(page, shoot=None) -> None:
    """Go through this term's privacy notice: Next on each screen, then "OK, let's start"."""
    page.wait_for_selector(".privacy-notice")
    while page.locator(".privacy-notice a:has-text('Next')").count():
        if shoot:
            shoot(page, "notice")
        page.click(".privacy-notice a:has-text('Next')")
    if shoot:
        shoot(page, "notice")
    page.click("text=OK, let's start")


def talk_on_tablet(chromium, live_server, size, code, name, shoot, typed=None):
    """Join the class by its QR address, tap the name, and have today's talk."""
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server}/tablet/join/{code}")
    shoot(page, "names")
    page.click(f".name-button:has-text('{name}')")
    hear_notice(page, shoot)
    page.click("text=Let's talk")
    answer_by_tapping(page, shoot, typed)
    page.click("text=Finished >> nth=-1")
    page.wait_for_url("**/tablet/names")
    context.close()


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_ks1_pupil_finishes_by_tapping(chromium, live_server, db, pupil_in, screenshots, orientation):
    """A Year 1 pupil taps through a whole session; their chosen job is stored."""
    pupil, code = pupil_in(1, "Ivy")
    talk_on_tablet(chromium, live_server, TABLET_SIZES[orientation], code, "Ivy", screenshots)
    db.session.expire_all()
    assert db.session.query(Conversation).filter_by(pupil_id=pupil.id, ended="finished").count() == 1
    assert db.session.query(Aspiration).filter_by(pupil_id=pupil.id).count() >= 1


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_ks2_pupil_types_vetnary(chromium, live_server, db, pupil_in, screenshots, orientation):
    """A Year 5 pupil types "i wanna be a vetnary"; a vet (2240) is stored."""
    pupil, code = pupil_in(5, "Kai")
    talk_on_tablet(chromium, live_server, TABLET_SIZES[orientation], code, "Kai", screenshots,
                   typed="i wanna be a vetnary")
    db.session.expire_all()
    first = db.session.query(Aspiration).filter_by(pupil_id=pupil.id).order_by(Aspiration.id).first()
    assert first is not None and (first.soc2020, first.title) == ("2240", "vet")


def test_answer_waits_for_wifi_and_is_sent_once(chromium, live_server, db, pupil_in, screenshots):
    """Offline, the answer stays on the tablet; back online, it is sent exactly once."""
    pupil, code = pupil_in(2, "Ivy")
    context = chromium.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server}/tablet/join/{code}")
    page.click(".name-button:has-text('Ivy')")
    hear_notice(page)
    page.click("text=Let's talk")
    page.wait_for_selector(".card-button")
    context.set_offline(True)
    page.locator(".card-button").first.click()
    page.wait_for_selector("#offline:not([hidden])")
    shoot = screenshots
    shoot(page, "waiting-for-wifi")
    db.session.expire_all()
    conversation = db.session.query(Conversation).filter_by(pupil_id=pupil.id).one()
    assert len(conversation.turns) == 0
    context.set_offline(False)
    page.wait_for_selector("#offline[hidden]", state="attached", timeout=15000)
    page.wait_for_selector(".choice-button, .card-button")
    shoot(page, "sent")
    db.session.expire_all()
    conversation = db.session.query(Conversation).filter_by(pupil_id=pupil.id).one()
    assert len(conversation.turns) == 1
    context.close()
