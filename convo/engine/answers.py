"""How one answer moves the conversation on: at a session node, or inside an engine task."""

from __future__ import annotations

from typing import Any

from .model import Card
from .turns import Turn


def card_chosen(work: Turn, card: Card) -> list[dict]:
    """Events for a tapped card, and any tasks it starts."""
    tasks: list[dict] = []
    label = card_label(work, card)
    if card.records and card.records != "known_job":
        fields = {"subjects": list(card.subjects)} if card.records == "skill" else {}
        work.emit(card.records, said=label, key=card.id, via="card", **fields)
    if card.stereotype:
        tasks.append({"do": "challenge", "kind": card.stereotype, "said": label})
    if card.job and card.job in work.jobs:
        job = work.jobs[card.job]
        asp = {"said": label, "soc2020": job.soc2020, "title": job.title, "family": job.family}
        if card.records == "known_job":
            tasks.append({"do": "known_job", "asp": asp})
        else:
            tasks.append(work.aspiration_task(asp, "card"))
    if card.fantasy:
        tasks.append(work.pick_task(work.replies.fantasy.get(card.fantasy, work.replies.fantasy["any"]).key))
    return tasks


def card_label(work: Turn, card: Card) -> str:
    """The English label of a card (a job card's comes from the jobs file)."""
    if card.label is not None:
        return card.label.text
    return work.jobs[card.job].label.text if card.job in work.jobs else card.id


def answer_node(work: Turn, kind: str, value: Any, form: dict) -> None:
    """Apply an answer to a session node."""
    node = work.session.nodes[work.state["node"]]
    target = node.next
    tasks: list[dict] | None = []  # None: a concern stopped this answer
    if kind == "card":
        card = next(c for c in node.cards or () if c.id == value)
        work.emit("turn", **work.turn_fields({"via": "card", "card": card.id, "label": card_label(work, card)}))
        tasks = card_chosen(work, card)
        target = card.next or node.next
    elif kind == "choice" or (kind == "skip" and node.yes_no):
        choice = value or "no"
        label = next((c["label"] for c in form.get("choices", []) if c["id"] == value), None)
        work.emit("turn", **work.turn_fields({"via": "choice", "choice": value, "label": label} if value
                                             else {"via": "skip"}))
        if node.records == "then_and_now":
            work.emit("then_and_now", before=work.state["context"].get("last_aspiration"),
                      still={"yes": "yes", "no": "no"}.get(value, "not_said"))
        target = node.yes_no[choice]
    elif kind == "text":
        tasks = work.typed(value, node.text)
    else:
        work.emit("turn", **work.turn_fields({"via": "skip"}))
    if work.state["ended"]:
        return
    work.state["after"] = target
    work.push(tasks or [])


def answer_task(work: Turn, kind: str, value: Any, form: dict) -> None:
    """Apply an answer to the task at the front of the queue."""
    task = work.state["tasks"][0]
    if kind != "text" and kind != "continue":
        label = next((c["label"] for c in form.get("cards", form.get("choices", [])) if c["id"] == value), None)
        work.emit("turn", **work.turn_fields({"via": kind, kind: value, "label": label} if value else {"via": "skip"}))
    if task["do"] == "challenge":
        work.emit("stereotype", kind=task["kind"], redacted=task["said"], view_after=value or "unsure",
                  challenge_id=f"{work.state['band']}.replies.stereotype.{task['kind']}")
        work.finish_task()
    elif task["do"] == "did_you_know":
        work.finish_task()
    elif task["do"] == "known_job":
        work.emit("known_job", **task["asp"], knows_someone={"yes": "yes", "no": "no"}.get(value, "not_said"))
        work.finish_task()
    elif task["do"] == "pick":
        _pick(work, kind, value)
    else:
        _aspiration(work, task, kind, value)


def _pick(work: Turn, kind: str, value: Any) -> None:
    """A job card chosen after a fantasy, "not sure" or unclear answer."""
    if kind == "card" and value in work.jobs:
        job = work.jobs[value]
        task = work.aspiration_task({"said": job.label.text, "soc2020": job.soc2020, "title": job.title,
                                     "family": job.family}, "card")
        work.push([task], replace_current=True)
    else:
        work.finish_task()


def _aspiration(work: Turn, task: dict, kind: str, value: Any) -> None:
    """Move an aspiration task on by one answer."""
    phase = task["phase"]
    new: list[dict] = []
    if kind == "text":
        found = work.typed(value, "likes" if phase == "likes" else "follow_up", task)
        if found is None:
            if not work.state["ended"]:
                work.drop_task_gently()
            return
        new = found
    if phase == "follow_up":
        work.move(task, "confirm", new)
    elif phase == "confirm":
        if value == "yes":
            work.move(task, "likes", new)
        elif kind == "choice" and task["tries"] == 0:
            task["tries"] = 1
            work.move(task, "job_again", new)
        else:
            work.finish_task()
    elif phase == "job_again":
        if kind == "card" and value in work.jobs:
            _pick(work, kind, value)
        elif task.pop("retyped", False):
            work.move(task, "confirm", new)
        else:
            work.state["tasks"].pop(0)
            work.push(new)
    elif phase == "likes":
        if kind == "card":
            card = next(c for c in work.replies.likes_cards if c.id == value)
            task["likes"], task["likes_card"] = card.label.text, card.id
        work.move(task, "knows", new)
    elif phase == "knows":
        work.aspiration_done({"yes": "yes", "no": "no"}.get(value, "not_said"))
