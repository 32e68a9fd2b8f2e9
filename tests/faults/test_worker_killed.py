"""A gunicorn worker killed mid-run: the arbiter starts another, and the tablets' retries add no turn twice."""
from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from tests.attacks.report import record

from .served import acknowledged_between, answer_through, served_school, tally

pytestmark = pytest.mark.faults


def test_killing_a_worker_loses_and_duplicates_no_answer(tmp_path, served_database):
    """kill -9 one of two workers while 30 pupils answer, each answer sent twice at once (a double tap).

    Every acknowledged answer is kept exactly once, and only one copy of each says it was recorded.
    """
    with served_school(tmp_path / "instance", served_database) as served:
        master = psutil.Process(served.server.pid)
        before = {child.pid for child in master.children()}
        assert len(before) == 2
        killed, moments = [], []

        def kill_a_worker() -> None:
            """The fault: one worker dies at once, taking whatever it was doing with it."""
            # The busier worker: the one holding more of the tablets' connections open.
            victim = max(master.children(), key=lambda worker: sum(
                connection.status == psutil.CONN_ESTABLISHED for connection in worker.net_connections("tcp"))).pid
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)
            moments.append(time.time())

        seen = answer_through(served, kill_a_worker, after=2, then=4, double=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(set(c.pid for c in master.children()) - before) < 1:
            time.sleep(0.1)
        after = {child.pid for child in master.children()}
        result = tally(served, seen)
    record("Faults: worker killed", result.answers, len(result.lost) + len(result.duplicated),
           f"killed {len(killed)} worker during {result.line()}, each sent twice at once")
    print(f"Faults: killed {len(killed)} worker during {result.line()}")
    assert killed and killed[0] not in after and len(after) == 2, "gunicorn did not replace the killed worker"
    assert seen["started"] == len(seen["pupils"]) and seen["sign_in_errors"] == 0
    assert result.pupils == len(seen["pupils"]), "a pupil never got an answer in"
    assert acknowledged_between(seen, 0, moments[0]) and acknowledged_between(seen, moments[0] + 1), \
        "the tablets did not answer both before and after the worker died"
    assert result.retried >= 1, "no tablet noticed the worker dying: the fault did not bite"
    assert result.lost == [] and result.duplicated == [] and result.unknown == []
    assert result.not_recorded == [], "a fresh answer was turned away"
    assert seen["recorded_twice"] == 0, "both copies of one answer were told they were recorded"
    assert all(p["given_up"] == [] for p in seen["pupils"])
    # Only the killed worker's requests in flight broke, as broken connections, never as error pages.
    assert {row["status"] for row in seen["failures"]} <= {0}


def test_a_copy_that_loses_the_race_records_nothing(app, db, pupil_in, monkeypatch):
    """If another copy of the answer commits while this one is working, this one changes nothing.

    The race the served test provokes by sending each answer twice, made certain: the other copy's
    commit lands between this copy reading the conversation and writing it.
    """
    from datetime import timedelta

    from sqlalchemy import update

    from convo.conversations import operations as talk_ops
    from convo.models import Conversation, Turn
    from convo.models._time import utcnow
    pupil = pupil_in(1)
    conversation = talk_ops.start(pupil)
    step = talk_ops.current_step(conversation)
    state_before = conversation.state
    real = talk_ops.engine()

    class OvertakenEngine:
        """The real engine, but another request commits its answer while this one is being worked out."""

        def answer(self, *args, **kwargs):
            """Work the answer out, and let the other copy commit meanwhile."""
            result = real.answer(*args, **kwargs)
            with db.engine.begin() as other:
                other.execute(update(Conversation).where(Conversation.id == conversation.id)
                              .values(last_answer_at=utcnow() + timedelta(seconds=1)))
            return result

    monkeypatch.setattr(talk_ops, "engine", OvertakenEngine)
    card = step["form"]["cards"][0]["id"]
    assert talk_ops.answer(conversation, pupil, {"card": card}, step["turn"], "slow-copy") is False
    db.session.expire_all()
    assert conversation.state == state_before and db.session.query(Turn).count() == 0
    record("Faults: worker killed", 1, 0, "a copy overtaken by another records nothing")
