"""A teacher prints the parent and carer cards for a class in a real browser at iPad sizes.

The print view is checked by axe-core and for 48px touch targets (checks.py); then the Print button opens
the browser's print dialogue, and the printed version has one card to a page and no toolbar.
"""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from convo.models import Role

from ..fixtures.talk import play
from .conftest import TABLET_SIZES
from .test_staff_browser import sign_in

#: Counts calls to window.print(), which a headless browser cannot show.
COUNT_PRINTS = "window.printed = 0; window.print = () => { window.printed += 1; };"


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_teacher_prints_parent_cards(tablet, live_server, create_school, create_staff, create_class,
                                     create_pupil, pages, orientation):
    """Class page, "Parent and carer cards", Print: one A4 card per pupil, the toolbar left off."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER, name="Ms Reid")
    school_class = create_class(school, "Robins", 2, teachers=[teacher])
    play(create_pupil(school_class, "Ivy", "Hall"), typed="i want to be a vet because i love animals")
    create_pupil(school_class, "Kai", "Moss")
    page = tablet(orientation)
    page.add_init_script(COUNT_PRINTS)
    sign_in(page, live_server, teacher, pages)
    page.click("text=Robins")
    page.click("text=Parent and carer cards")
    page.wait_for_selector(".family-card")
    pages.check(page, "cards")
    assert page.locator(".family-card").count() == 2
    page.click("button:has-text('Print')")
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    assert not page.locator(".cards-toolbar").is_visible()
    pages.shoot(page, "printed")
    printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(printed.pages) == 2
    assert "Ivy" in printed.pages[0].extract_text() and "Kai" in printed.pages[1].extract_text()
    pages.assert_clean()
