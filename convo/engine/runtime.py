"""The conversation runtime: start, step, answer, carry on, stop — pure and JSON-friendly.

Like Ink's runtime it is small and holds nothing between calls: every method
takes a state dict and returns a new one (the input is never changed), plus the
record events the web layer should store and the next step to show.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .analysis import Analyse
from .bands import band_for_year, normal_year
from .model import TAPPING_BANDS, Card, Content, Line
from .answers import answer_node, answer_task
from .turns import EngineError, Turn

STATE_FORMAT = 1
MAX_TEXT = 500  # characters; longer answers are cut, as no pupil-facing question needs more


class AnswerError(ValueError):
    """The answer does not fit the current step (e.g. a card that is not on screen)."""


class StaleAnswerError(AnswerError):
    """The answer was for an earlier step (a double tap, or a reloaded page)."""


@dataclass
class Result:
    """What a call returns: the new state, events to store, and the step to show."""

    state: dict
    events: list[dict] = field(default_factory=list)
    step: dict = field(default_factory=dict)


class Engine:
    """Runs sessions from loaded content, with typed answers analysed by `analyse`."""

    def __init__(self, content: Content, analyse: Analyse | None = None) -> None:
        """Keep the content and the analyser; index lines by id."""
        self.content = content
        self.analyse = analyse
        self.lines: dict[str, Line] = {}
        for line in content.lines:
            self.lines.setdefault(line.id, line)

    def sessions_for(self, year_group: Any) -> list[dict]:
        """The sessions a pupil in this year group can have, in a stable order."""
        band, year = band_for_year(year_group), normal_year(year_group)
        sessions = [s for (b, _), s in sorted(self.content.sessions.items()) if b == band]
        return [{"id": s.id, "title": s.title, "minutes": s.minutes}
                for s in sessions if not s.years or year in s.years]

    def start(self, session_id: str, year_group: Any, context: dict | None = None) -> Result:
        """Begin a session; `context` may carry {"last_aspiration": {...}} for "then and now"."""
        band = band_for_year(year_group)
        if (band, session_id) not in self.content.sessions:
            raise EngineError(f"There is no session '{session_id}' for {band}.")
        state = {
            "format": STATE_FORMAT, "session": session_id, "band": band, "year_group": normal_year(year_group),
            "context": copy.deepcopy(context or {}), "turn": 0, "node": None, "after": None, "tasks": [],
            "say": [], "asked": [], "picture": None, "ended": None,
        }
        turn = Turn(self.content, state, self.analyse)
        turn.enter(self.content.session(band, session_id).start)
        return self._result(turn)

    def step(self, state: dict) -> dict:
        """The current step: lines to say, an optional picture, and the answer form."""
        lines = []
        for item in state["say"]:
            line = self.lines.get(item["id"])
            if line is None:
                raise EngineError(f"Line '{item['id']}' is no longer in the content; restart this session.")
            text = line.text.format_map(_Keep(item["params"])) if item["params"] else line.text
            source = self.content.sources.get(line.source) if line.source else None
            lines.append({"id": line.id, "text": text, "template": line.text, "params": dict(item["params"]),
                          "source": source.__dict__.copy() if source else None})
        form = self._form(state)
        return {"session": state["session"], "band": state["band"], "turn": state["turn"], "lines": lines,
                "picture": state["picture"], "form": form, "can_skip": form["kind"] not in ("end",),
                "ended": state["ended"]}

    def answer(self, state: dict, answer: dict, turn: int | None = None) -> Result:
        """Apply one answer: {"card": id}, {"choice": id}, {"text": str}, {"skip": True} or {"continue": True}."""
        if turn is not None and turn != state["turn"]:
            raise StaleAnswerError(f"This answer is for turn {turn}; the conversation is at turn {state['turn']}.")
        form = self._form(state)
        kind = self._check(form, answer)
        work = Turn(self.content, self._fresh(state), self.analyse)
        value = answer.get(kind) if kind != "skip" else None
        if kind == "text":
            value = str(value)[:MAX_TEXT]
        if work.state["tasks"]:
            answer_task(work, kind, value, form)
        else:
            answer_node(work, kind, value, form)
        return self._result(work)

    def carry_on(self, state: dict, turn: int | None = None) -> Result:
        """Go on from a step that only needs "Next" (such as a "did you know")."""
        return self.answer(state, {"continue": True}, turn)

    def stop(self, state: dict) -> Result:
        """The pupil tapped "Stop for now": keep what is confirmed and end calmly."""
        work = Turn(self.content, self._fresh(state), self.analyse)
        if not state["ended"]:
            work.flush_confirmed()
            work.reply("stopped")
            work.end("stopped")
        return self._result(work)

    def _fresh(self, state: dict) -> dict:
        """A copy of the state ready for a new turn: the answered lines become `asked`."""
        if state["ended"]:
            raise AnswerError("This session has ended.")
        work = copy.deepcopy(state)
        work["asked"], work["say"], work["picture"] = work["say"], [], None
        work["turn"] += 1
        return work

    def _result(self, turn: Turn) -> Result:
        """Wrap up a turn."""
        return Result(turn.state, turn.events, self.step(turn.state))

    def _form(self, state: dict) -> dict:
        """The answer form for the current position."""
        if state["ended"]:
            return {"kind": "end"}
        band = state["band"]
        replies = self.content.replies[band]
        if not state["tasks"]:
            node = self.content.session(band, state["session"]).nodes[state["node"]]
            if node.form == "yes_no":
                return {"kind": "yes_no", "choices": self._choices(band, "yes", "no")}
            form = {"kind": node.form or "continue", "cards": [self._card(c, band) for c in node.cards or ()]}
            if node.text:
                form["listen_for"] = node.text  # what a typed answer is about: job, skill, interest…
            return form
        task = state["tasks"][0]
        phase = task.get("phase")
        if task["do"] == "challenge":
            return {"kind": "choices", "choices": self._choices(band, "changed", "same", "unsure")}
        if task["do"] == "did_you_know":
            return {"kind": "continue"}
        if task["do"] == "known_job" or phase in ("confirm", "knows"):
            return {"kind": "yes_no", "choices": self._choices(band, "yes", "no")}
        if task["do"] == "pick":
            bridge = replies.unsure if task["bridge"] in ("unsure", "not_understood") else \
                replies.fantasy.get(task["bridge"], replies.fantasy["any"])
            return {"kind": "cards", "cards": self._job_cards(band, bridge.jobs) + self._choices(band, "not_sure")}
        if phase == "follow_up":
            return {"kind": "text", "cards": []}
        if phase == "job_again":
            cards = self._job_cards(band, replies.unsure.jobs) + self._choices(band, "not_sure")
            return {"kind": "text", "cards": cards}
        cards = [self._card(c, band) for c in replies.likes_cards]
        return {"kind": "cards" if band in TAPPING_BANDS else "text", "cards": cards}

    def _choices(self, band: str, *keys: str) -> list[dict]:
        """The band's word choices (yes, no, changed, ...) as cards."""
        return [self._card(self.content.replies[band].choices[key], band) for key in keys]

    def _job_cards(self, band: str, job_ids: tuple[str, ...]) -> list[dict]:
        """Job cards for the band's jobs with these ids."""
        return [self._card(Card(j, None, None, job=j), band) for j in job_ids if j in self.content.jobs.get(band, {})]

    def _card(self, card: Card, band: str) -> dict:
        """A card as the web layer shows it."""
        if card.job:
            job = self.content.jobs[band][card.job]
            return {"id": card.id, "label": job.label.text, "label_id": job.label.id, "icon": job.icon}
        return {"id": card.id, "label": card.label.text, "label_id": card.label.id, "icon": card.icon}

    @staticmethod
    def _check(form: dict, answer: dict) -> str:
        """Which kind of answer this is, if it fits the form; otherwise AnswerError."""
        if not isinstance(answer, dict) or len(answer) != 1:
            raise AnswerError("An answer is one of {card}, {choice}, {text}, {skip} or {continue}.")
        kind, value = next(iter(answer.items()))
        options = {"cards": ("card", "skip"), "text": ("text", "card", "skip"), "yes_no": ("choice", "skip"),
                   "choices": ("choice", "skip"), "continue": ("continue", "skip"), "end": ()}[form["kind"]]
        if kind not in options:
            raise AnswerError(f"A '{kind}' answer does not fit a '{form['kind']}' step.")
        ids = [c["id"] for c in form.get("cards", form.get("choices", []))]
        if kind in ("card", "choice") and value not in ids:
            raise AnswerError(f"'{value}' is not one of the choices on screen: {', '.join(ids)}.")
        if kind == "text" and (not isinstance(value, str) or not value.strip()):
            raise AnswerError("A typed answer needs some text.")
        return kind


class _Keep(dict):
    """Format values that leaves unknown placeholders as they are."""

    def __missing__(self, key: str) -> str:
        """Keep {key} in the text."""
        return "{" + key + "}"
