"""What happens between two steps: entering nodes, running tasks, recording events.

A `Turn` works on a private copy of the state. Session nodes come from the YAML
graph; the engine's own follow-ups (confirm a job, ask what the pupil likes about
it, ask whether they know someone who does it, answer a stereotype, "did you
know") are *tasks* queued in the state and worded from the band's replies file.
A safeguarding concern is handled before anything else in an answer.
"""

from __future__ import annotations

import re
from typing import Any

from .analysis import ENDING_SEVERITIES, Analyse, normalise
from .model import Content, Line, Node, Replies, Session

MAX_ASPIRATIONS_PER_ANSWER = 2
RECORDED_PURPOSES = ("interest", "skill", "find_out_at_secondary")


class EngineError(RuntimeError):
    """The content or state cannot be run (a bug, not a pupil's mistake)."""


class Turn:
    """One step of work on a copied state, collecting record events."""

    def __init__(self, content: Content, state: dict, analyse: Analyse | None) -> None:
        """Work on `state` (already a copy) for the session it names."""
        self.content = content
        self.state = state
        self.analyse = analyse
        self.events: list[dict] = []
        self.session: Session = content.session(state["band"], state["session"])
        self.replies: Replies = content.replies[state["band"]]
        self.jobs = content.jobs.get(state["band"], {})

    # Saying things -----------------------------------------------------------------

    def say(self, line: Line, **params: str) -> None:
        """Queue a line for the step being built."""
        self.state["say"].append({"id": line.id, "params": params})

    def reply(self, key: str, **params: str) -> None:
        """Queue one of the band's reply lines."""
        self.say(self.replies.lines[key], **params)

    def context_params(self) -> dict[str, str]:
        """Placeholder values from the past, for "then and now"."""
        last = self.state["context"].get("last_aspiration") or {}
        title = str(last.get("title", ""))
        return {"last_title": title, "last_said": str(last.get("said", "") or title)}

    def emit(self, event_type: str, **fields: Any) -> None:
        """Record an event for the web layer to store."""
        self.events.append({"type": event_type, **fields})

    def end(self, reason: str) -> None:
        """Finish the session."""
        self.state["ended"] = reason
        self.state["tasks"] = []
        self.state["after"] = None
        self.emit("session_end", reason=reason)

    # Session nodes --------------------------------------------------------------

    def enter(self, node_id: str) -> None:
        """Go to a node, say its lines, and follow it until something needs an answer."""
        for _ in range(200):
            node: Node = self.session.nodes[node_id]
            self.state["node"] = node_id
            params = self.context_params()
            for line in node.say:
                self.say(line, **({k: params[k] for k in line.placeholders if k in params}))
            if node.show == "last_aspiration":
                self.state["picture"] = self.picture_for(self.state["context"].get("last_aspiration") or {})
            if node.end:
                self.end("finished")
                return
            if node.form:
                return
            if node.revisit == "last_aspiration":
                self.state["after"] = node.next
                self.push([self.aspiration_task(self.state["context"].get("last_aspiration") or {}, "then_and_now")])
                return
            if node.when:
                node_id = node.then if self.state["context"].get(node.when) else node.otherwise
            else:
                node_id = node.next
        raise EngineError(f"Session {self.session.id} loops without asking anything.")

    def settle(self) -> None:
        """Start the next task, or go on with the session when none are left."""
        if self.state["ended"]:
            return
        tasks = self.state["tasks"]
        if tasks:
            if not tasks[0].get("begun"):
                tasks[0]["begun"] = True
                self.begin(tasks[0])
            return
        after, self.state["after"] = self.state["after"], None
        if after:
            self.enter(after)

    def push(self, tasks: list[dict], replace_current: bool = False) -> None:
        """Put tasks at the front of the queue and start the first."""
        queue = self.state["tasks"]
        if replace_current and queue:
            queue.pop(0)
        self.state["tasks"] = tasks + queue
        self.settle()

    def finish_task(self) -> None:
        """Drop the current task and carry on."""
        self.state["tasks"].pop(0)
        self.settle()

    def move(self, task: dict, phase: str, first: list[dict]) -> None:
        """Move a task to its next phase, after any tasks its answer started (such as a challenge)."""
        if first:
            task["phase"], task["begun"] = phase, False
            self.push(first)
        else:
            self.phase(task, phase)

    def drop_task_gently(self) -> None:
        """After a low-level concern: keep what was confirmed, skip the rest of this topic."""
        task = self.state["tasks"][0]
        if task["do"] == "aspiration" and task["phase"] in ("likes", "knows"):
            self.record_aspiration(task, "not_said")
        self.finish_task()

    # Typed answers ----------------------------------------------------------------

    def typed(self, text: str, purpose: str, task: dict | None = None) -> list[dict] | None:
        """Analyse a typed answer; return new tasks, or None when a concern stops this answer."""
        if self.analyse is None:
            raise EngineError("This band types answers, but the engine has no analyse function.")
        found = normalise(self.analyse(text, self.state["year_group"]))
        redacted = found["redacted"]
        self.emit("turn", **self.turn_fields({"via": "text", "text": redacted}))
        guard = found["safeguarding"]
        if guard["concern"]:
            # Safeguarding comes before everything: record the words, reply calmly, never promise secrecy.
            self.emit("concern", verbatim=text, kind=guard["kind"], severity=guard["severity"],
                      rule=guard.get("rule"))
            self.reply("concern")
            if guard["severity"] in ENDING_SEVERITIES:
                self.flush_confirmed()
                self.reply("concern_end")
                self.end("concern")
            return None
        if found["personal_details"]:
            self.emit("personal_details", kinds=found["personal_details"])
            self.reply("personal_details")
        tasks = []
        if found["stereotype"]:
            tasks.append({"do": "challenge", "kind": found["stereotype"], "said": redacted})
        aspirations = found["aspirations"][:MAX_ASPIRATIONS_PER_ANSWER]
        if purpose == "likes" and task is not None:
            task["likes"] = redacted
        elif purpose == "follow_up" and task is not None:
            if aspirations:
                # Keep the pupil's first words for the job; the follow-up answer is the detail.
                first = task["asp"]["said"] if task["phase"] == "follow_up" else aspirations[0]["said"]
                task["asp"] = {**aspirations[0], "said": first, "detail": aspirations[0]["said"],
                               "needs_follow_up": False}
                task["retyped"] = True
        else:
            if purpose in RECORDED_PURPOSES and redacted.strip():
                extra = {"subjects": []} if purpose == "skill" else {}
                self.emit(purpose, said=redacted, key=None, via="text", **extra)
            tasks += [self.aspiration_task(a, "text") for a in aspirations]
            if not aspirations and purpose == "job":
                tasks.append(self.pick_task(self.fantasy_key(redacted) if found["fantasy"]
                                            else "unsure" if found["unsure"] else "not_understood"))
        return tasks

    def fantasy_key(self, text: str) -> str:
        """The fantasy bridge whose key the pupil's words mention, else the general one."""
        said = set(re.findall(r"[a-z]+", text.lower()))
        for key in self.replies.fantasy:
            if key != "any" and (key in said or f"{key}s" in said):
                return key
        return "any"

    def turn_fields(self, answer: dict) -> dict:
        """The common fields of a turn event: what was asked and the answer."""
        where = self.state["tasks"][0]["do"] if self.state["tasks"] else self.state["node"]
        return {"at": where, "asked": [item["id"] for item in self.state.get("asked", [])], "answer": answer}

    # Tasks ------------------------------------------------------------------------

    def aspiration_task(self, asp: dict, via: str) -> dict:
        """A task that confirms (if typed) and records one aspiration."""
        asp = {key: str(asp.get(key, "") or "") for key in ("said", "soc2020", "title", "family")} | {
            "needs_follow_up": bool(asp.get("needs_follow_up", False))}
        phase = "confirm" if via == "text" else "likes"
        if via == "text" and asp["needs_follow_up"]:
            phase = "follow_up"
        return {"do": "aspiration", "asp": asp, "via": via, "phase": phase, "tries": 0,
                "likes": None, "likes_card": None}

    def pick_task(self, bridge: str) -> dict:
        """A task offering real job cards after a fantasy, "not sure" or unclear answer."""
        return {"do": "pick", "bridge": bridge}

    def bridge(self, key: str):
        """The bridge (lines and jobs) a pick task uses."""
        if key in ("unsure", "not_understood"):
            return self.replies.unsure
        return self.replies.fantasy.get(key, self.replies.fantasy["any"])

    def begin(self, task: dict) -> None:
        """Say the opening lines of a task (or of its current phase)."""
        kind = task["do"]
        if kind == "challenge":
            for line in self.replies.stereotypes[task["kind"]]:
                self.say(line)
            self.reply("view_question")
        elif kind == "aspiration":
            self.phase(task, task["phase"])
        elif kind == "pick":
            if task["bridge"] == "not_understood":
                self.reply("not_understood")
            else:
                for line in self.bridge(task["bridge"]).say:
                    self.say(line)
        elif kind == "did_you_know":
            self.say(self.content.challenges[task["challenge"]].lines[self.state["band"]])
        elif kind == "known_job":
            job = self.content.job_for(self.state["band"], task["asp"]["soc2020"], task["asp"]["title"])
            if job:
                self.state["picture"] = job.icon
                self.say(job.says)
            self.reply("knows_someone")

    def phase(self, task: dict, phase: str) -> None:
        """Move an aspiration task to a phase and say what that phase asks."""
        task["phase"] = phase
        asp = task["asp"]
        job = self.content.job_for(self.state["band"], asp["soc2020"], asp["title"])
        if phase == "follow_up":
            key = asp["title"].lower().replace(" ", "_")
            self.say(self.replies.follow_up.get(key, self.replies.lines["follow_up"]))
        elif phase == "confirm":
            self.state["picture"] = job.icon if job else None
            if job:
                self.say(job.says)
                self.reply("confirm_job")
            else:
                self.reply("confirm_other_job", title=asp["title"])
        elif phase == "job_again":
            self.reply("job_not_right")
        elif phase == "likes":
            if job and task["via"] == "card":
                self.state["picture"] = job.icon
                self.say(job.says)
            self.reply("likes")
        elif phase == "knows":
            self.reply("knows_someone")

    def picture_for(self, asp: dict) -> str | None:
        """The icon of the band's job card for an aspiration, if there is one."""
        band, code, title = self.state["band"], str(asp.get("soc2020", "")), str(asp.get("title", ""))
        job = self.content.job_for(band, code, title)
        return job.icon if job else None

    def record_aspiration(self, task: dict, knows: str) -> None:
        """Emit the aspiration event for a finished (or interrupted) aspiration task."""
        asp = task["asp"]
        self.emit("aspiration", said=asp["said"], detail=asp.get("detail"), soc2020=asp["soc2020"],
                  title=asp["title"], family=asp["family"], likes=task["likes"], likes_card=task["likes_card"],
                  knows_someone=knows, via=task["via"], session=self.state["session"])

    def flush_confirmed(self) -> None:
        """Record aspirations the pupil already confirmed before the session stopped."""
        for task in self.state["tasks"]:
            if task["do"] == "aspiration" and task["phase"] in ("likes", "knows"):
                self.record_aspiration(task, "not_said")
        self.state["tasks"] = []

    def aspiration_done(self, knows: str) -> None:
        """Record the current aspiration, then show a "did you know" if its job is skewed."""
        task = self.state["tasks"][0]
        self.record_aspiration(task, knows)
        challenge = self.content.challenge_for(task["asp"]["soc2020"])
        if challenge and self.state["band"] in challenge.lines:
            self.emit("did_you_know", challenge_id=challenge.lines[self.state["band"]].id,
                      soc2020=task["asp"]["soc2020"])
            self.push([{"do": "did_you_know", "challenge": challenge.key}], replace_current=True)
        else:
            self.finish_task()
