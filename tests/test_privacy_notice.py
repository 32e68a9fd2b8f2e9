"""The pupil privacy notice on the tablet: heard on the first sign-in each term, before any talk."""
from __future__ import annotations

import re

import pytest

from convo.models import Conversation
from convo.pupil import notice


@pytest.fixture
def term(monkeypatch):
    """Set the school term the app believes it is; returns a setter."""
    def set_term(value: str) -> None:
        monkeypatch.setattr(notice, "current_term", lambda: value)
    set_term("2026-autumn")
    return set_term


def screens(client) -> list[str]:
    """Walk the notice with its own Next links; the pages seen, in order."""
    pages, url = [], "/pupil/privacy"
    for _ in range(5):
        page = client.get(url).get_data(as_text=True)
        pages.append(page)
        found = re.search(r'href="(/pupil/privacy\?screen=\d)" class="button big-button"', page)
        if not found:
            return pages
        url = found.group(1)
    pytest.fail("the notice never ends")


def test_shown_on_first_sign_in_then_not_again_this_term(client, auth, db, pupil_in, term):
    """First sign-in of the term goes to the notice; after "OK, let's start", straight to the talk."""
    pupil = pupil_in(4)
    assert auth.pupil(pupil, hear_notice=False).headers["Location"] == "/pupil/"
    assert client.get("/pupil/").headers["Location"] == "/pupil/privacy"
    assert client.post("/pupil/privacy").headers["Location"] == "/pupil/"
    db.session.refresh(pupil)
    assert pupil.privacy_notice_term == "2026-autumn"
    assert "Let's talk" in client.get("/pupil/").get_data(as_text=True)
    # Signing in again the same term: no notice.
    client.post("/tablet/finished")
    auth.pupil(pupil, hear_notice=False)
    assert client.get("/pupil/").status_code == 200


def test_shown_again_next_term(client, auth, db, pupil_in, term):
    """A new term brings the notice back, once."""
    pupil = pupil_in(2)
    auth.pupil(pupil)
    assert client.get("/pupil/").status_code == 200
    term("2026-spring")
    assert client.get("/pupil/").headers["Location"] == "/pupil/privacy"
    client.post("/pupil/privacy")
    db.session.refresh(pupil)
    assert pupil.privacy_notice_term == "2026-spring"
    assert client.get("/pupil/").status_code == 200


def test_the_term_can_be_passed():
    """The operations take the term, so a job or a test need not wait for the calendar."""
    class Heard:
        privacy_notice_term = "2025-summer"
    assert notice.needs_notice(Heard(), "2026-autumn")
    assert not notice.needs_notice(Heard(), "2025-summer")


@pytest.mark.parametrize("year_group", [0, 1, 2])
def test_reception_and_ks1_hear_the_tap_only_version(client, auth, pupil_in, term, year_group):
    """Young pupils get big picture screens read aloud at once, and only buttons to tap."""
    auth.pupil(pupil_in(year_group), hear_notice=False)
    pages = screens(client)
    assert 2 <= len(pages) <= 3
    for page, screen in zip(pages, notice.YOUNG):
        assert 'data-autoplay="true"' in page
        assert ("band-reception" if year_group == 0 else "band-ks1") in page
        assert all(str(line) in page for line in screen.lines)
        assert f"icons/openmoji/{screen.picture}.svg" in page
        assert 'data-replay' in page and "js/pupil.js" in page
        assert '<input type="text"' not in page and "<textarea" not in page
    assert "OK, let's start" in pages[-1]
    # The KS2 wording about typing is not given to pupils who only tap.
    assert "If you type" not in "".join(pages)


@pytest.mark.parametrize("year_group", [3, 6])
def test_ks2_hears_the_fuller_version(client, auth, pupil_in, term, year_group):
    """KS2 reads a fuller version, with replay buttons but no automatic reading."""
    auth.pupil(pupil_in(year_group), hear_notice=False)
    pages = screens(client)
    assert len(pages) == len(notice.OLDER) <= 3
    text = "".join(pages)
    assert 'data-autoplay="false"' in text and "band-" in text
    assert all(str(line).replace("'", "&#39;") in text for screen in notice.OLDER for line in screen.lines)


def test_the_wording_never_promises_secrecy():
    """A worry is always passed on: no version says it stays a secret."""
    for version in (notice.YOUNG, notice.OLDER):
        words = " ".join(str(line) for screen in version for line in screen.lines).lower()
        assert "secret" not in words and "nobody" not in words and "only you" not in words
        assert "keeps children safe" in words or "safeguarding lead" in words
        assert "secondary school" in words and "deleted after you leave" in words


@pytest.mark.parametrize("url, method", [("/pupil/", "get"), ("/pupil/talk", "get"), ("/pupil/start", "post"),
                                         ("/pupil/talk", "post"), ("/pupil/stop", "post")])
def test_no_conversation_before_the_notice(client, auth, db, pupil_in, term, url, method):
    """Every way into the talk leads to the notice first, and no conversation starts."""
    pupil = pupil_in(3)
    auth.pupil(pupil, hear_notice=False)
    response = getattr(client, method)(url, data={"continue": "1", "turn": "0", "key": "k"})
    assert response.headers["Location"] == "/pupil/privacy"
    assert db.session.query(Conversation).filter_by(pupil_id=pupil.id).count() == 0


def test_recorded_once_when_ok_is_tapped_twice(client, auth, db, pupil_in, term):
    """A double tap on "OK, let's start" records the notice once and lands on the start page both times."""
    pupil = pupil_in(1)
    auth.pupil(pupil, hear_notice=False)
    assert notice.record_notice(pupil, "2026-autumn") is True
    first_update = pupil.updated_at
    assert notice.record_notice(pupil, "2026-autumn") is False
    assert pupil.updated_at == first_update
    codes = [client.post("/pupil/privacy").headers["Location"] for _ in range(2)]
    assert codes == ["/pupil/", "/pupil/"]
    db.session.refresh(pupil)
    assert pupil.privacy_notice_term == "2026-autumn" and pupil.updated_at == first_update


def test_notice_needs_a_signed_in_pupil(client):
    """Nobody but a pupil signed in on their class tablet sees or records it."""
    assert client.get("/pupil/privacy").headers["Location"] == "/tablet/"
    assert client.post("/pupil/privacy").headers["Location"] == "/tablet/"


def test_screen_number_out_of_range_is_harmless(client, auth, pupil_in, term):
    """A made-up screen number shows the first or last screen, never an error."""
    auth.pupil(pupil_in(5), hear_notice=False)
    assert client.get("/pupil/privacy?screen=99").status_code == 200
    assert client.get("/pupil/privacy?screen=-3").status_code == 200
    assert "OK, let's start" in client.get("/pupil/privacy?screen=99").get_data(as_text=True)


def test_answer_queued_from_a_talk_begun_last_term_is_kept(client, auth, db, pupil_in, term):
    """The tablet's queued answer to a talk already running is recorded; the page then shows the notice."""
    from .fixtures.talk import form_fields, first_option, step_of
    pupil = pupil_in(2)
    auth.pupil(pupil)
    client.post("/pupil/start")
    step = step_of(db, pupil)
    term("2026-spring")
    response = client.post("/pupil/talk", data=form_fields(step, first_option(step), "queued-1"),
                           headers={"Accept": "application/json"})
    assert response.get_json() == {"ok": True, "recorded": True}
    assert client.get("/pupil/talk").headers["Location"] == "/pupil/privacy"


@pytest.mark.parametrize("year_group, version", [(1, notice.YOUNG), (5, notice.OLDER)])
def test_the_notice_says_why(client, auth, pupil_in, term, year_group, version):
    """Why the answers are kept, why the secondary school gets a page, and why a worry is seen, read aloud."""
    auth.pupil(pupil_in(year_group), hear_notice=False)
    text = "".join(screens(client)).replace("&#39;", "'")
    why = [str(line) for screen in version for line in screen.lines]
    for purpose in ("so your teacher can help you find out about jobs you like",
                    "so your new school knows what you hope to do"):
        (line,) = [line for line in why if purpose in line]
        assert f'data-say="{line}"' in text, line
    (worry,) = [line for line in why if "worr" in line]
    assert "help you" in worry and f'data-say="{worry}"' in text
