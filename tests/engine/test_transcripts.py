"""Plays every transcript in transcripts/ (Yarn Spinner's .testplan idea) and checks coverage.

A transcript lists, step by step, the line ids the pupil should see, the answer form, and the
answer given: `tap` (a card), `choose` (a yes/no or word choice), `type` (typed text, with
`as_if:` giving what the understanding layer would return), `skip`, `next` or `stop`. Line
ids starting with "." belong to the session; "replies.", "jobs." and "did_you_know." lines
are the band's. The last step says how the session `ends`; `records` lists the event types
(other than turns) in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from convo.engine import Engine

from .conftest import TRANSCRIPTS, FakeAnalyser

FILES = sorted(TRANSCRIPTS.glob("*.yaml"))


def expand(band: str, session: str, short: str) -> str:
    """A full line id from a transcript's short form."""
    if short.startswith("."):
        return f"{band}.{session}{short}"
    return short if short.startswith("did_you_know.") else f"{band}.{short}"


def test_every_session_has_a_transcript(content):
    """Each session in prompts/ is played by at least one transcript."""
    covered = set()
    for path in FILES:
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        covered.add((path.name.split(".")[0], plan["session"]))
    assert set(content.sessions) <= covered, sorted(set(content.sessions) - covered)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_transcript(path: Path, content):
    """Play one transcript and compare every step."""
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    analyser = FakeAnalyser()
    engine = Engine(content, analyser)
    result = engine.start(plan["session"], plan["year"], plan.get("context"))
    band = result.state["band"]
    assert path.name.startswith(band + "."), "name transcripts <band>.<session>[.<variant>].yaml"
    records: list[str] = []
    for number, step in enumerate(plan["script"], start=1):
        where = f"step {number}"
        expected = [expand(band, plan["session"], short) for short in step["say"]]
        assert [line["id"] for line in result.step["lines"]] == expected, where
        if "ends" in step:
            assert result.step["ended"] == step["ends"], where
            assert number == len(plan["script"]), "nothing may follow the end"
            break
        assert result.step["form"]["kind"] == step["form"], where
        if "type" in step:
            analyser.says(step["type"], **step.get("as_if", {}))
            answer = {"text": step["type"]}
        elif "tap" in step:
            answer = {"card": step["tap"]}
        elif "choose" in step:
            answer = {"choice": step["choose"]}
        elif "next" in step:
            answer = {"continue": True}
        elif "skip" in step:
            answer = {"skip": True}
        else:
            assert step.get("stop"), where
            result = engine.stop(result.state)
            records += [e["type"] for e in result.events if e["type"] != "turn"]
            continue
        result = engine.answer(result.state, answer, turn=result.step["turn"])
        records += [e["type"] for e in result.events if e["type"] != "turn"]
    else:
        pytest.fail("a transcript must end with an `ends:` step")
    assert records == plan["records"]
