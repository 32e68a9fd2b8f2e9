"""Browser tests: Convo served on loopback, driven by Playwright in Debian's Chromium.

Chromium comes from the system (`apt-get install chromium`); Playwright never downloads one. On a
machine without it these tests are skipped with a reason, unless CONVO_REQUIRE_BROWSER is set (CI
sets it), in which case a missing browser fails the run.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.fixtures.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (the one Chromium: tests/fixtures/browser.py)

from .checks import watch_policy

#: Screenshots go here; CONVO_TEST_ARTIFACTS keeps two runs side by side apart.
ARTIFACTS = Path(os.environ.get("CONVO_TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts")
#: iPad (10th generation) in both orientations, and the classic 1024×768 iPad.
TABLET_SIZES = {"landscape": (1024, 768), "portrait": (768, 1024)}


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test app served on a free loopback port, for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def app_config() -> dict:
    """The live server's address is loopback, not the test client's server name."""
    return {"SERVER_NAME": None}


@pytest.fixture
def screenshots(request):
    """Save numbered screenshots under test-artifacts/<test name>/, replacing an earlier run's."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for earlier in folder.glob("*.png"):
        earlier.unlink()
    count = {"n": 0}

    def shoot(page, label: str) -> None:
        count["n"] += 1
        page.screenshot(path=str(folder / f"{count['n']:02d}-{label}.png"), full_page=True)
    return shoot


@pytest.fixture
def pages(screenshots):
    """Screenshot, axe and touch-target checks for every page a journey visits (see checks.py)."""
    from .checks import PageChecks
    checks = PageChecks(screenshots)
    yield checks
    assert checks.asserted, "the journey never called pages.assert_clean()"


@pytest.fixture
def tablet(chromium):
    """A new touch-screen browser context at an iPad size, closed after the test: tablet("portrait")."""
    opened = []

    def open_page(orientation: str):
        width, height = TABLET_SIZES[orientation]
        context = chromium.new_context(viewport={"width": width, "height": height}, has_touch=True)
        watch_policy(context)
        opened.append(context)
        return context.new_page()
    yield open_page
    for context in opened:
        context.close()
