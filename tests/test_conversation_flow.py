"""The pupil's conversation over HTTP: tapping, typing, double taps, resuming, concerns and time."""
from __future__ import annotations

import pytest

from convo.models import Aspiration, Concern, Reflection, Turn

from .fixtures.talk import conversation_of, has_ended, step_of, tap, tap_until_typing


def tap_through(client, db, pupil, max_turns: int = 60) -> list[dict]:
    """Answer every step the way a young pupil might: the first card, yes, or Next."""
    seen = []
    for _ in range(max_turns):
        step = step_of(db, pupil)
        seen.append(step)
        if has_ended(step):
            return seen
        assert tap(client, step, f"k{step['turn']}-{len(seen)}").status_code == 302
    pytest.fail("the session did not end")


def test_ks1_pupil_taps_through_a_session(client, auth, db, pupil_in):
    """A Year 1 pupil signs in by tapping, starts today's talk and finishes it by tapping alone."""
    pupil = pupil_in(1)
    auth.pupil(pupil)
    assert "Let's talk" in client.get("/pupil/").get_data(as_text=True)
    assert client.post("/pupil/start").headers["Location"] == "/pupil/talk"
    page = client.get("/pupil/talk").get_data(as_text=True)
    first = step_of(db, pupil)
    assert first["lines"][0]["text"] in page and 'data-autoplay="true"' in page
    assert "Stop for now" in page and "A grown-up at school can read this." in page
    steps = tap_through(client, db, pupil)
    assert all(s["form"]["kind"] != "text" for s in steps), "KS1 must never be asked to type"
    conversation = conversation_of(db, pupil)
    assert conversation.ended == "finished" and conversation.session_key == "things_i_love"
    # Every question answered is one stored turn ("Next" buttons are not questions).
    answered = [s for s in steps[:-1] if s["form"]["kind"] != "continue"]
    assert db.session.query(Turn).filter_by(conversation_id=conversation.id).count() == len(answered)
    assert db.session.query(Reflection).filter_by(pupil_id=pupil.id, kind="interest").count() >= 1
    # One talk a day: the home page now says so.
    assert "You have had your talk for today" in client.get("/pupil/").get_data(as_text=True)


def test_ks2_pupil_types_an_aspiration(client, auth, db, pupil_in):
    """A Year 5 pupil's typed "i wanna be a vetnary" is stored as a vet, 2240."""
    pupil = pupil_in(5)
    auth.pupil(pupil)
    client.post("/pupil/start")
    step = tap_until_typing(client, db, pupil)
    client.post("/pupil/talk", data={"turn": step["turn"], "key": "typed", "text": "i wanna be a vetnary"})
    tap_through(client, db, pupil)
    aspiration = db.session.query(Aspiration).filter_by(pupil_id=pupil.id).order_by(Aspiration.id).first()
    assert (aspiration.soc2020, aspiration.title) == ("2240", "vet")
    assert aspiration.said and aspiration.year_group == 5


def test_double_tap_records_once(client, auth, db, pupil_in):
    """The same answer sent twice (a double tap, a retried request) is one turn."""
    pupil = pupil_in(1)
    auth.pupil(pupil)
    client.post("/pupil/start")
    step = step_of(db, pupil)
    data = {"turn": step["turn"], "key": "same-key", "card": step["form"]["cards"][0]["id"]}
    first = client.post("/pupil/talk", data=data, headers={"Accept": "application/json"})
    second = client.post("/pupil/talk", data=data, headers={"Accept": "application/json"})
    assert first.json == {"ok": True, "recorded": True}
    assert second.json == {"ok": True, "recorded": False}
    # A second copy with a fresh key but the old turn number is also ignored.
    client.post("/pupil/talk", data={**data, "key": "other-key"})
    assert db.session.query(Turn).count() == 1


def test_resume_after_signing_out(client, auth, db, pupil_in):
    """Leaving mid-talk and signing in again carries on from the same step."""
    pupil = pupil_in(2)
    auth.pupil(pupil)
    client.post("/pupil/start")
    tap(client, step_of(db, pupil))
    before = step_of(db, pupil)
    client.post("/tablet/finished")
    auth.pupil(pupil)
    assert client.get("/pupil/").headers["Location"] == "/pupil/talk"
    page = client.get("/pupil/talk").get_data(as_text=True)
    assert step_of(db, pupil)["turn"] == before["turn"]
    assert before["lines"][0]["text"] in page


def test_disclosure_reaches_a_concern_and_the_pupil_is_answered_calmly(client, auth, db, pupil_in):
    """A disclosure is kept verbatim only in a concern, written with the turn; the reply is calm."""
    pupil = pupil_in(4)
    auth.pupil(pupil)
    client.post("/pupil/start")
    step = tap_until_typing(client, db, pupil)
    words = "my mums boyfriend hits me with a belt, my number is 07700 900123"
    client.post("/pupil/talk", data={"turn": step["turn"], "key": "disclose", "text": words})
    concern = db.session.query(Concern).one()
    assert concern.verbatim == words and concern.pupil_id == pupil.id and concern.state == "new"
    assert concern.rule, "the DSL should see which rule raised the concern"
    turn = db.session.get(Turn, concern.turn_id)
    assert "07700" not in (turn.redacted_text or "")
    page = client.get("/pupil/talk").get_data(as_text=True)
    assert "A grown-up at school will help" in page
    assert "secret" not in page.lower()


def test_stop_for_now(client, auth, db, pupil_in):
    """"Stop for now" ends the talk calmly and keeps what was said."""
    pupil = pupil_in(3)
    auth.pupil(pupil)
    client.post("/pupil/start")
    tap(client, step_of(db, pupil))
    client.post("/pupil/stop")
    conversation = conversation_of(db, pupil)
    assert conversation.ended == "stopped" and len(conversation.turns) == 1
    assert "Finished" in client.get("/pupil/talk").get_data(as_text=True)


@pytest.fixture
def app_config(request):
    """No time at all for the time-limit test."""
    return {"CONVERSATION_MINUTES": 0} if "time_limit" in request.node.name else {}


def test_time_limit_ends_calmly(client, auth, db, pupil_in):
    """Past the time limit the talk ends with a calm goodbye."""
    pupil = pupil_in(3)
    auth.pupil(pupil)
    client.post("/pupil/start")
    page = client.get("/pupil/talk").get_data(as_text=True)
    assert conversation_of(db, pupil).ended == "time_up"
    assert "Finished" in page


@pytest.mark.parametrize("data", [{}, {"text": "   "}, {"card": "not-a-card"}, {"choice": "maybe"},
                                  {"text": "x" * 10000}, {"turn": "abc", "card": "x"}])
def test_odd_answers_do_not_break_anything(client, auth, db, pupil_in, data):
    """Empty, unknown or huge answers are turned away gently, never with a traceback."""
    pupil = pupil_in(5)
    auth.pupil(pupil)
    client.post("/pupil/start")
    step = step_of(db, pupil)
    response = client.post("/pupil/talk", data={"turn": step["turn"], "key": "odd", **data})
    assert response.status_code == 302
    assert client.get("/pupil/talk").status_code == 200


def test_personal_details_are_redacted_and_answered_gently(client, auth, db, pupil_in):
    """A phone number typed into the talk is never stored, and the pupil is told gently."""
    pupil = pupil_in(6)
    auth.pupil(pupil)
    client.post("/pupil/start")
    step = tap_until_typing(client, db, pupil)
    client.post("/pupil/talk", data={"turn": step["turn"], "key": "pii",
                                     "text": "text me on 07700 900461 i want to be a chef"})
    stored = " ".join(t.redacted_text or "" for t in db.session.query(Turn).all())
    assert "07700" not in stored and "[phone]" in stored
    assert "need names, addresses or phone numbers here" in client.get("/pupil/talk").get_data(as_text=True)


def test_queries_per_answer_and_step_stay_few(client, auth, db, pupil_in):
    """A whole school answers at once: an answer costs at most 6 queries and the next step 3 (make bench)."""
    from sqlalchemy import event

    pupil = pupil_in(5)
    auth.pupil(pupil)
    client.post("/pupil/start")
    step = tap_until_typing(client, db, pupil)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        """Note every statement sent to the database."""
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        db.session.remove()  # nothing cached from the test's own look-ups
        client.post("/pupil/talk", data={"turn": step["turn"], "key": "counted", "text": "a vet"})
        answered = list(statements)
        statements.clear()
        assert client.get("/pupil/talk", headers={"X-Convo-Fragment": "1"}).status_code == 200
        shown = list(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert 0 < len(answered) <= 6, answered
    assert 0 < len(shown) <= 3, [s[:40] + " ... " + s[-80:] for s in shown]
    assert db.session.query(Turn).filter_by(answer_key="counted").count() == 1
