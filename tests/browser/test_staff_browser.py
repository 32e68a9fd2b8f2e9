"""Staff in a real browser: a teacher reviews a pupil's conversation."""
from __future__ import annotations

from convo.conversations import operations
from convo.conversations.content import engine
from convo.models import Conversation, Role

from ..fixtures.factories import PASSWORD


def finish_a_talk(pupil) -> Conversation:
    """A real conversation for the pupil, tapping the first option each time."""
    conversation = operations.start(pupil)
    for number in range(60):
        step = engine().step(conversation.state)
        if step.get("ended") or step["form"]["kind"] == "end":
            break
        form = step["form"]
        reply = ({"card": form["cards"][0]["id"]} if form.get("cards") else
                 {"choice": form["choices"][0]["id"]} if form.get("choices") else {"continue": True})
        operations.answer(conversation, pupil, reply, step["turn"], f"b{number}")
    return conversation


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
    conversation = finish_a_talk(pupil)
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
