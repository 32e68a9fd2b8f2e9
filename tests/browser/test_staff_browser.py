"""Staff in a real browser: a teacher reviews a pupil's conversation."""
from __future__ import annotations

from convo.models import Conversation, Role

from ..fixtures.factories import PASSWORD
from ..fixtures.talk import play


def sign_in(page, live_server, staff) -> None:
    """Sign in through the real form."""
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", staff.email)
    page.fill("#password", PASSWORD)
    page.click("#submit")


def test_teacher_reviews_a_conversation(chromium, live_server, db, create_school, create_staff, create_class,
                                        create_pupil, screenshots):
    """From the dashboard, the class, the pupil, the transcript, then "Mark as reviewed"."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER, name="Ms Reid")
    school_class = create_class(school, "Robins", 1, teachers=[teacher])
    pupil = create_pupil(school_class, "Ivy", "Hall")
    conversation = play(pupil)
    context = chromium.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    sign_in(page, live_server, teacher)
    page.click("text=Robins")
    shoot = screenshots
    shoot(page, "class")
    page.click("text=Ivy Hall")
    shoot(page, "pupil")
    assert page.locator(".transcript dt").count() >= 3
    page.click("text=Mark as reviewed")
    page.wait_for_selector("text=Marked as reviewed.")
    shoot(page, "reviewed")
    db.session.expire_all()
    assert db.session.get(Conversation, conversation.id).reviewed_by_id == teacher.id
    context.close()


def test_dsl_acknowledges_and_closes_a_concern(chromium, live_server, db, create_school, create_staff,
                                               create_class, create_pupil, screenshots):
    """A pupil's disclosure reaches the DSL, who acknowledges it, records the action and closes it."""
    from convo.models import Concern, Membership, Staff
    school = create_school()
    dsl = db.session.query(Staff).join(Membership).filter(Membership.school_id == school.id,
                                                          Membership.role == Role.DSL).first()
    school_class = create_class(school, "Willow", 5, teachers=[create_staff(school, Role.TEACHER)])
    pupil = create_pupil(school_class, "Kai", "Hall")
    play(pupil, typed="my stepdad hits me with his belt when mum is out", stop_after_typing=True)
    concern = db.session.query(Concern).one()
    context = chromium.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    sign_in(page, live_server, dsl)
    shoot = screenshots
    shoot(page, "dashboard-with-alert")
    page.goto(f"{live_server}/schools/{school.id}/safeguarding/")
    shoot(page, "inbox")
    page.goto(f"{live_server}/schools/{school.id}/safeguarding/concerns/{concern.id}")
    assert "my stepdad hits me with his belt" in page.content()
    page.click("button:has-text('Acknowledge')")
    for label, words in (("Mark as actioned", "Spoke with Kai; called children's services."),
                         ("Close", "Referral accepted by the local authority.")):
        page.wait_for_selector(f"button:has-text('{label}')")
        page.fill("textarea[name=action]", words)
        page.fill("textarea[name=decision]", "Referred.")
        page.fill("textarea[name=reason]", "Disclosure of physical harm at home.")
        shoot(page, label.lower().replace(" ", "-"))
        page.click(f"button:has-text('{label}')")
    page.wait_for_load_state("networkidle")
    shoot(page, "closed")
    db.session.expire_all()
    assert db.session.get(Concern, concern.id).state == "closed"
    context.close()
