"""A careers leader builds the transition packs in a real browser at iPad sizes and watches them build.

Every page visited is checked by axe-core and for 48px touch targets (checks.py) and saved under
test-artifacts/.
"""
from __future__ import annotations

import threading

import pytest

from convo.models import Role, TransitionPack
from convo.transition import build
from convo.models.schools import Phase

from ..fixtures.talk import play
from .conftest import TABLET_SIZES
from .test_staff_browser import sign_in


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_careers_leader_builds_and_sends_packs(tablet, live_server, db, create_school, create_staff,
                                               create_class, create_pupil, pages, orientation, monkeypatch):
    """Transition page, "Build the packs", a progress bar that moves while they build and reaches
    the end, then "Send". The build is held part-way until the page has shown that it is part-way."""
    seen_part_way, held = threading.Event(), []
    real_progress = build._progress

    def held_progress(pack):
        """The real progress callback, then a pause once some pupils are done, until the page shows it."""
        report = real_progress(pack)

        def on_pupil(done: int) -> None:
            """Report, and once the first pack is done wait (at most 30 s) for the browser to see it."""
            report(done)
            if done == pack.pupils_total and not held:
                held.append(pack.id)
                seen_part_way.wait(timeout=30)
        return on_pupil
    monkeypatch.setattr(build, "_progress", held_progress)
    primary = create_school("Hill Primary")
    leader = create_staff(primary, Role.CAREERS_LEADER, name="Sam Leader")
    create_school("Valley Academy", live=False, phase=Phase.SECONDARY, la_code="380",
                  establishment_number="4101")
    year6 = create_class(primary, "Rowan", 6, teachers=[create_staff(primary, Role.TEACHER)])
    for n in range(12):
        pupil = create_pupil(year6, f"Pupil{n}", f"Surname{n}", destination_dfe="3804101" if n % 3 else "8604003")
        if n < 3:
            play(pupil, typed="i want to be a vet because i love animals")
    page = tablet(orientation)
    sign_in(page, live_server, leader, pages)
    page.click("text=Transition to secondary")
    pages.check(page, "destinations")
    page.click("text=Build the packs")
    page.wait_for_selector("#progress-bar")
    # The page asks for progress by itself: it shows the pupils done so far, with no reload.
    # Valley Academy's 8 pupils are built first; the other school's 4 wait until the page has shown it.
    page.wait_for_selector("text=8 of 12 pupils done.", timeout=15_000)
    assert page.eval_on_selector("#progress-bar", "bar => [bar.value, bar.max]") == [8, 12]
    assert page.locator("#progress-packs li", has_text="Valley Academy").inner_text().endswith("8 of 8 pupils")
    assert page.locator("#progress-packs li", has_text="8604003").inner_text().endswith("Waiting to build")
    pages.check(page, "progress")
    seen_part_way.set()
    page.wait_for_selector("text=All packs are built", timeout=30_000)
    pages.check(page, "built")
    value = page.eval_on_selector("#progress-bar", "bar => [bar.value, bar.max]")
    assert value == [12, 12]
    page.click("text=Back to transition")
    page.locator("button", has_text="Send to the school").first.click()
    page.wait_for_selector("text=Sent to")
    pages.check(page, "sent")
    pages.assert_clean()
    db.session.expire_all()
    assert db.session.query(TransitionPack).filter(TransitionPack.sent_at.is_not(None)).count() == 1
