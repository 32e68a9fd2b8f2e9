"""Staff in a real browser at iPad sizes: a teacher reviews a conversation, the DSL acts on a concern.

Every page visited is checked by axe-core and for 48px touch targets (checks.py) and saved under
test-artifacts/.
"""
from __future__ import annotations

import pytest

from convo.models import Concern, Conversation, Membership, Role, Staff

from ..fixtures.auth import next_code
from ..fixtures.factories import PASSWORD
from ..fixtures.talk import play
from .conftest import TABLET_SIZES


def sign_in(page, live_server, staff, pages=None) -> None:
    """Sign in through the real form, checking the sign-in page and the dashboard if asked to."""
    page.goto(f"{live_server}/sign-in")
    if pages:
        pages.check(page, "sign-in")
    page.fill("#email", staff.email)
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_url(lambda url: not url.endswith("/sign-in"))
    if "/sign-in/code" in page.url:
        if pages:
            pages.check(page, "two-step-code")
        page.fill("#code", next_code(staff))
        page.click("#submit")
        page.wait_for_url(lambda url: "/sign-in" not in url)
    if pages:
        pages.check(page, "dashboard")


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_teacher_reviews_a_conversation(tablet, live_server, db, create_school, create_staff, create_class,
                                        create_pupil, pages, orientation):
    """From the dashboard, the class, the pupil, the transcript, then "Mark as reviewed"."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER, name="Ms Reid")
    school_class = create_class(school, "Robins", 1, teachers=[teacher])
    pupil = create_pupil(school_class, "Ivy", "Hall")
    conversation = play(pupil)
    page = tablet(orientation)
    sign_in(page, live_server, teacher, pages)
    page.click("text=Robins")
    pages.check(page, "class")
    page.click("text=Ivy Hall")
    pages.check(page, "pupil")
    assert page.locator(".transcript dt").count() >= 3
    page.click("text=Mark as reviewed")
    page.wait_for_selector("text=Marked as reviewed.")
    pages.check(page, "reviewed")
    pages.assert_clean()
    db.session.expire_all()
    assert db.session.get(Conversation, conversation.id).reviewed_by_id == teacher.id


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_dsl_acknowledges_and_closes_a_concern(tablet, live_server, db, create_school, create_staff,
                                               create_class, create_pupil, pages, orientation):
    """A pupil's disclosure reaches the DSL, who acknowledges it, records the action and closes it."""
    school = create_school()
    dsl = db.session.query(Staff).join(Membership).filter(Membership.school_id == school.id,
                                                          Membership.role == Role.DSL).first()
    school_class = create_class(school, "Willow", 5, teachers=[create_staff(school, Role.TEACHER)])
    pupil = create_pupil(school_class, "Kai", "Hall")
    play(pupil, typed="my stepdad hits me with his belt when mum is out", stop_after_typing=True)
    concern = db.session.query(Concern).one()
    page = tablet(orientation)
    sign_in(page, live_server, dsl, pages)
    page.goto(f"{live_server}/schools/{school.id}/safeguarding/")
    pages.check(page, "inbox")
    page.click("table a:has-text('Open')")
    page.wait_for_url(f"**/safeguarding/concerns/{concern.id}")
    assert "my stepdad hits me with his belt" in page.content()
    pages.check(page, "concern")
    page.click("button:has-text('Acknowledge')")
    for label, words in (("Mark as actioned", "Spoke with Kai; called children's services."),
                         ("Close", "Referral accepted by the local authority.")):
        page.wait_for_selector(f"button:has-text('{label}')")
        page.fill("textarea[name=action]", words)
        page.fill("textarea[name=decision]", "Referred.")
        page.fill("textarea[name=reason]", "Disclosure of physical harm at home.")
        pages.check(page, label.lower().replace(" ", "-"))
        page.click(f"button:has-text('{label}')")
    page.wait_for_load_state("networkidle")
    pages.check(page, "closed")
    pages.assert_clean()
    db.session.expire_all()
    assert db.session.get(Concern, concern.id).state == "closed"
