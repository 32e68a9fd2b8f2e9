"""The conversation engine: content in `prompts/`, checked like code, run as a pure state machine.

No Flask and no database here. The web layer loads content once, then for each
request passes the pupil's saved state and answer in, and stores what comes out.

Usage::

    from convo.engine import Engine, load_content

    engine = Engine(load_content(), analyse=my_analyse)   # analyse(text, year_group) -> dict
    result = engine.start("jobs_i_know", year_group=4, context={"last_aspiration": {...}})
    result.step      # {"lines": [...], "picture": ..., "form": {...}, "turn": 0, "ended": None, ...}
    result = engine.answer(result.state, {"text": "a vet"}, turn=result.step["turn"])
    result.events    # record events to store, in order
    text = dump_state(result.state); state = load_state(text)

Answers are one of ``{"card": id}``, ``{"choice": "yes"|"no"|"changed"|"same"|"unsure"}``,
``{"text": str}``, ``{"skip": True}`` or ``{"continue": True}`` (also ``engine.carry_on``);
``engine.stop(state)`` is the pupil's "Stop for now".

Step forms (``step["form"]["kind"]``): ``cards`` (picture cards: id, label, label_id, icon),
``yes_no`` (two faces), ``choices`` (word buttons), ``text`` (type, with ``cards`` to tap
instead), ``continue`` (a "Next" button) and ``end``.

Record events (``result.events``), each a dict with a ``type``:

- ``turn``: every answer, ``{"at", "asked": [line ids], "answer": {"via": "text", "text": redacted}
  | {"via": "card", "card", "label"} | {"via": "choice", "choice", "label"} | {"via": "skip"}}``.
  Typed text is always the *redacted* text.
- ``aspiration``: ``{"said", "detail", "soc2020", "title", "family", "likes", "likes_card",
  "knows_someone": "yes"|"no"|"not_said", "via": "text"|"card"|"then_and_now", "session"}``.
  ``detail`` is the pupil's answer to a follow-up ("What would you like to teach?"), else None.
  Only whether the pupil knows someone is asked, never who.
- ``stereotype``: ``{"kind", "redacted", "challenge_id", "view_after": "changed"|"same"|"unsure"}``
  (a skipped view is recorded as "unsure").
- ``concern``: ``{"verbatim", "kind", "severity"}`` — the only place verbatim words appear.
- ``personal_details``: ``{"kinds": [...]}``.
- ``interest``, ``skill``, ``find_out_at_secondary``: ``{"said", "key", "via"}`` (``key`` is the
  card id, None when typed; ``skill`` adds ``"subjects"``).
- ``known_job``: ``{"said", "soc2020", "title", "family", "knows_someone"}`` — a job the pupil
  knows about (not one they want), with whether they know someone who does it.
- ``subject``: ``{"said", "key", "via"}`` — a school subject the pupil links to a skill.
- ``did_you_know``: ``{"challenge_id", "soc2020"}`` when a proactive challenge is shown.
- ``then_and_now``: ``{"before": last_aspiration, "still": "yes"|"no"|"not_said"}``.
- ``session_end``: ``{"reason": "finished"|"stopped"|"concern"}``.

Safeguarding first: a concern in any typed answer is recorded, answered calmly
("Thank you for telling us. A grown-up at school will help.") and never met with a
promise of secrecy. At medium, high or immediate severity the session then ends
calmly: the app cannot tell a disclosure from a false alarm, and carrying on with
cheerful careers questions after a possible disclosure, or asking more, is what
KCSIE tells adults not to do (listen, reassure, pass it on). At low severity the
rest of that answer is set aside and the session goes gently on to its next
question, so a mild false alarm does not cut a child's conversation short.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..paths import resource_dir
from .bands import band_for_year, normal_year
from .checker import CheckResult, check
from .model import BANDS, Content, Problem
from .runtime import AnswerError, Engine, Result, StaleAnswerError
from .turns import EngineError

__all__ = [
    "BANDS", "AnswerError", "CheckResult", "Content", "ContentError", "Engine", "EngineError", "Problem",
    "Result", "StaleAnswerError", "band_for_year", "check", "dump_state", "icons_dir", "load_content",
    "load_state", "normal_year", "prompts_dir",
]


class ContentError(ValueError):
    """The content has problems; `problems` lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        """Keep the problems and summarise them."""
        super().__init__(f"{len(problems)} content problems, first: {problems[0]}")
        self.problems = problems


def prompts_dir() -> Path:
    """Where the conversation content lives: the repository's prompts/, or the installed copy."""
    return resource_dir("prompts")


def icons_dir() -> Path:
    """Where the vendored picture-card icons live."""
    return resource_dir("static") / "icons" / "openmoji"


def load_content(path: Path | None = None, icons: Path | None = None) -> Content:
    """Load and fully check content; raise ContentError rather than run broken content."""
    result = check(path or prompts_dir(), icons if icons is not None else icons_dir())
    if result.problems:
        raise ContentError(result.problems)
    return result.content


def dump_state(state: dict) -> str:
    """A state as JSON text, for a database column."""
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def load_state(text: str) -> dict:
    """A state back from JSON text."""
    state = json.loads(text)
    if not isinstance(state, dict) or state.get("format") != 1:
        raise EngineError("This saved conversation was made by a different version of the engine.")
    return state
