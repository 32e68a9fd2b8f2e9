"""Demo conversations, made by running the real engine and understanding over scripted answers.

Nothing here writes aspirations or concerns directly: every record comes from the same code path a
pupil's tablet uses, so the demo shows exactly what the app would have stored.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, update

from .conversations import operations
from .conversations.content import engine
from .extensions import db
from .models import Aspiration, Conversation, Pupil, Reflection, School, StereotypeEvent, Turn
from .schoolyear import current_academic_year

#: Things Key Stage 2 pupils type in the demo (invented for the demo, in children's spelling).
TYPED = (
    "i want to be a vet cos i love animals", "a footballer or a PE teacher", "an engineer that builds bridges",
    "maybe a nurse like my aunty", "dunno yet", "a chef in a big resturant", "make video games",
    "a scientist who studys space", "a hairdresser", "a police officer", "a youtuber lol", "a builder",
    "an artist who draws comics", "a pilot", "a dentist", "fix cars", "a teacher", "a unicorn trainer",
    "a lawyer", "a zoo keeper", "look after babies", "an architect", "a firefighter", "a farmer",
)
#: What demo pupils type when asked about something other than a job.
TYPED_ABOUT = {
    "skill": ("being kind", "maths", "drawing", "running fast", "fixing things", "reading", "listening",
              "making people laugh", "lego", "spelling"),
    "interest": ("football", "drawing", "minecraft", "baking with my nan", "swimming", "animals",
                 "dancing", "reading comics", "coding", "riding my bike"),
    "find_out_at_secondary": ("if there is a science lab", "what clubs there are", "if i can do drama",
                              "how to get to lessons", "if they do coding"),
    "anything": ("i like helping people", "animals", "being outside", "dunno"),
    # Asked what they like about the job they named.
    "likes": ("you get to help people", "its fun", "you can be creative", "working outside",
              "making people happy", "you get to work with animals", "solving problems"),
}
#: Stereotypes a few demo pupils voice, so the school sees challenges and changed minds.
STEREOTYPED = ("only boys can be builders", "girls cant be pilots", "you have to be rich to be a lawyer",
               "old people cant be youtubers")
#: The one demo disclosure, so the DSL's side has something to show; it is made up.
DEMO_CONCERN = "i dont like going home because my dads friend hurts me when mum is out"


def _answer_for(step: dict, rng: random.Random, typed: str | None, phase: str | None = None) -> dict:
    """What a demo pupil taps or types for one step (`phase` is the engine's, e.g. "likes")."""
    form = step["form"]
    about = form.get("listen_for", "job")
    if phase == "likes":
        if form["kind"] == "text" and rng.random() < 0.5:
            return {"text": rng.choice(TYPED_ABOUT["likes"])}
        return {"card": rng.choice(form["cards"])["id"]}
    if form["kind"] == "text" and about in TYPED_ABOUT and about != "job":
        return {"text": rng.choice(TYPED_ABOUT[about])}
    if form["kind"] == "text" and typed:
        return {"text": typed}
    if form.get("cards"):
        return {"card": rng.choice(form["cards"])["id"]}
    if form.get("choices"):
        return {"choice": rng.choice(form["choices"])["id"]}
    if form["kind"] == "text":
        return {"skip": True} if step.get("can_skip") else {"text": rng.choice(TYPED)}
    return {"continue": True}


def play(pupil: Pupil, *, session_id: str, year_group: int, academic_year: int, when: datetime,
         rng: random.Random, typed: list[str]) -> Conversation:
    """Run one whole conversation with scripted answers, through the app's own operations."""
    conversation = operations.start(pupil, session_id=session_id, year_group=year_group,
                                    academic_year=academic_year, when=when)
    for number in range(60):
        step = engine().step(conversation.state)
        if step.get("ended") or step["form"]["kind"] == "end":
            break
        phase = (conversation.state.get("tasks") or [{}])[0].get("phase")
        wants_job = (step["form"]["kind"] == "text" and step["form"].get("listen_for", "job") == "job"
                     and phase != "likes")
        reply = _answer_for(step, rng, typed.pop(0) if wants_job and typed else None, phase)
        operations.answer(conversation, pupil, reply, step["turn"], f"demo-{number}")
    conversation.started_at = when
    conversation.last_answer_at = conversation.finished_at = when + timedelta(minutes=rng.randint(5, 9))
    conversation.ended = conversation.ended or "finished"
    # What the conversation recorded is dated when it was said, as on a real tablet.
    for model in (Turn, Aspiration, Reflection, StereotypeEvent):
        db.session.execute(update(model).where(model.conversation_id == conversation.id)
                           .values(created_at=when))
    db.session.commit()
    return conversation


def load_demo_conversations(school: School, seed: int = 7) -> None:
    """Give pupils a conversation in each of their last three school years, with one concern."""
    # Repeatable made-up conversations, not secrets.
    rng = random.Random(seed)  # nosec B311
    year = current_academic_year()
    pupils = db.session.scalars(select(Pupil).where(Pupil.school_id == school.id)
                                .order_by(Pupil.year_group, Pupil.id)).all()
    concern_given = False
    yesterday = datetime.now() - timedelta(days=1)
    for index, pupil in enumerate(pupils):
        # Every sixth pupil has had no conversation yet this year, as in a real autumn term.
        latest = 1 if index % 6 == 5 else 0
        for back in range(min(pupil.year_group, 2), latest - 1, -1):
            year_group = pupil.year_group - back
            sessions = [s["id"] for s in engine().sessions_for(year_group) if s["id"] != "then_and_now"]
            session_id = "then_and_now" if back == 0 and year_group > 0 and index % 3 == 0 else rng.choice(sessions)
            typed = [rng.choice(TYPED)]
            if year_group >= 3 and index % 7 == 0:
                typed.insert(0, rng.choice(STEREOTYPED))
            if not concern_given and year_group == 5 and back == 0:
                typed, concern_given = [DEMO_CONCERN], True
            when = min(datetime(year - back, 9, 15, 9, 30) + timedelta(days=rng.randint(0, 200), minutes=index),
                       yesterday)
            play(pupil, session_id=session_id, year_group=year_group, academic_year=year - back, when=when,
                 rng=rng, typed=typed)
