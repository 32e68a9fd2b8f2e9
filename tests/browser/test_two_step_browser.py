"""Two-step sign-in in a real browser: a new DSL sets up an authenticator app at first sign-in."""
from __future__ import annotations

import re

import pyotp
import pytest

from convo.models import Role

from ..fixtures.factories import PASSWORD
from ..test_mfa import wrong_code
from .conftest import TABLET_SIZES


@pytest.mark.parametrize("orientation", TABLET_SIZES)
def test_dsl_sets_up_the_app_at_first_sign_in(tablet, live_server, create_school, create_staff, pages,
                                              orientation):
    """Password, then the QR code and key, a wrong code, the right code, and the recovery codes."""
    school = create_school()
    dsl = create_staff(school, Role.DSL, name="Dana Lead", two_step=False)
    page = tablet(orientation)
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", dsl.email)
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_url("**/sign-in/set-up")
    assert page.evaluate("document.querySelector('img[src$=\"qr.svg\"]').naturalWidth") > 0
    pages.check(page, "set-up")
    secret = page.locator(".copy code").inner_text().replace(" ", "")
    page.fill("#code", wrong_code(secret))
    page.click("#submit")
    page.wait_for_selector("text=That code did not work")
    pages.check(page, "set-up-wrong-code")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("#submit")
    page.wait_for_selector("text=Your recovery codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", c) for c in codes)
    pages.check(page, "recovery-codes")
    page.click("text=I have kept them safe: continue")
    page.wait_for_url(f"**/schools/{school.id}/")
    pages.check(page, "dashboard")
    page.click("header >> text=Two-step sign-in")
    page.wait_for_selector("text=10 unused recovery codes")
    pages.check(page, "two-step-page")
    pages.assert_clean()
