"""A Key Stage 1 pupil taps Cymraeg on the class tablet and has the whole conversation in Welsh.

The screens are checked like every pupil journey (axe-core, 64px targets) and saved under test-artifacts/.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from .conftest import TABLET_SIZES  # noqa: F401  (the sizes the tablet fixture opens)
from .test_pupil_browser import pupil_in  # noqa: F401  (the fixture, shared with the English journeys)

CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "cy" / "LC_MESSAGES" / "messages.po"


def ks1_welsh_lines() -> dict[str, str]:
    """Every KS1 prompt line's Welsh, by line id."""
    with CATALOGUE.open("rb") as file:
        return {m.context: m.string for m in read_po(file) if m.context and m.context.startswith("ks1.")}


def test_ks1_pupil_talks_in_welsh(tablet, live_server, db, pupil_in, pages):  # noqa: F811
    """Cymraeg on the names page: the notice, the start page and every prompt are in Welsh."""
    pupil, code = pupil_in(1, "Ivy")
    page = tablet("landscape")
    page.goto(f"{live_server}/tablet/join/{code}")
    pages.check(page, "names-english")
    page.click(".language-switch button[lang=cy]")
    page.wait_for_selector("h1:has-text('Tapia dy enw')")
    assert page.get_attribute("html", "lang") == "cy"
    pages.check(page, "names-welsh")
    page.click(".name-button:has-text('Ivy')")
    page.wait_for_selector(".privacy-notice")
    assert "Cyn i ti ddechrau" in page.inner_text(".privacy-notice")
    while page.locator(".privacy-notice a:has-text('Nesaf')").count():
        pages.check(page, "notice")
        page.click(".privacy-notice a:has-text('Nesaf')")
    pages.check(page, "notice")
    page.click("text=Iawn, gad i ni ddechrau")
    page.wait_for_selector("text=Gad i ni siarad")
    pages.check(page, "home")
    page.click("text=Gad i ni siarad")
    page.wait_for_selector(".step .line")
    welsh = set(ks1_welsh_lines().values())
    said = [line.get_attribute("data-say") for line in page.locator(".step .line").all()]
    assert said and all(line in welsh for line in said), said
    assert page.get_attribute(".step", "data-lang") == "cy"
    assert page.locator("text=Stopio am nawr").count() == 1
    pages.check(page, "first-step")
    pages.assert_clean()
