"""What a transition pack says about each pupil, gathered from the careers record in a few queries.

Only what the pupil chose to tell us about their future: aspirations in their own words with their
SOC 2020 codes, what they like about them, interests, skills, subjects, what they want to find out
at secondary, and the stereotype reflections they chose to share. Nothing is read from concerns,
teacher notes or turns, and no sex, picture password or animal goes in. Left out too: an answer
whose words had personal details taken out; what a pupil liked about a job in a conversation that
raised a safeguarding concern; and any of the pupil's words that mention special educational
needs, a disability or a medical condition (convo/understanding/sen.py), since SEN information
travels by the school's own routes. A job whose words are left out for that reason still goes by
its coded title.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from sqlalchemy import select

from ..conversations.content import tapped_words
from ..extensions import db
from ..i18n import job_title
from ..models import Aspiration, Concern, Pupil, Reflection, School, StereotypeEvent
from ..understanding.personal_details import PLACEHOLDERS
from ..understanding.sen import mentions_sen

#: Reflection kinds that travel, by the key each gets in a pupil's record.
REFLECTION_KEYS = {"interest": "interests", "skill": "skills", "subject": "subjects",
                   "find_out_at_secondary": "find_out_at_secondary"}
#: How many pupils' rows one query asks for, well inside every database's limit on parameters.
CHUNK = 500
#: Any redaction placeholder, e.g. "[name]" or "[date of birth]".
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()), re.IGNORECASE)


def _clean(text: str | None) -> str | None:
    """The words with runs of spaces and line breaks made single, or None if there are none."""
    text = " ".join((text or "").split())
    return text or None


def has_placeholder(text: str | None) -> bool:
    """True if personal details were taken out of these words, so they must not travel."""
    return bool(text) and _PLACEHOLDER.search(text) is not None


def may_travel(text: str | None) -> bool:
    """True if the pupil's words can go in a pack: there are some, nothing was redacted, no SEN detail."""
    return bool(text) and not has_placeholder(text) and not mentions_sen(text)


@cache
def card_labels() -> dict[tuple[str, str], str]:
    """Every picture card's English label by what it records and its id, from the conversation content.

    Card ids are only unique within a question ("food" is "Cooking" in one and "People who sell
    food" in another), so they are looked up together with the kind of answer they record.
    """
    from ..conversations.content import engine
    labels: dict[tuple[str, str], str] = {}
    for session in engine().content.sessions.values():
        for node in session.nodes.values():
            for card in node.cards or ():
                if card.label is not None and card.records:
                    labels.setdefault((card.records, card.id), card.label.text)
    return labels


def reflection_words(row: Reflection) -> str | None:
    """What a reflection says: the pupil's words, or the label of the card they tapped (in the pack's language)."""
    text = tapped_words(row.kind, row.choice_id, _clean(row.text))
    if text is None and row.choice_id:
        text = card_labels().get((row.kind, row.choice_id)) or row.choice_id.replace("_", " ").capitalize()
    return text


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    """The ids in slices small enough for one IN clause."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _rows(model, ids: list[int], *conditions) -> dict[int, list]:
    """A model's rows for these pupils, by pupil id, oldest first."""
    found: dict[int, list] = defaultdict(list)
    for chunk in _chunks(ids):
        query = (select(model).where(model.pupil_id.in_(chunk), *conditions)
                 .order_by(model.academic_year, model.created_at, model.id))
        for row in db.session.scalars(query):
            found[row.pupil_id].append(row)
    return found


def _when(row) -> dict[str, int]:
    """The year group and academic year a row was recorded in."""
    return {"year_group": row.year_group, "academic_year": row.academic_year}


def _concern_conversations(ids: list[int]) -> set[int]:
    """The conversations of these pupils that raised a safeguarding concern."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        found.update(db.session.scalars(select(Concern.conversation_id).where(
            Concern.pupil_id.in_(chunk), Concern.conversation_id.is_not(None))))
    return found


def aspirations_of(rows: list[Aspiration], worrying: set[int] | frozenset[int] = frozenset()
                   ) -> list[dict[str, Any]]:
    """Aspirations over the years, oldest first; the same job twice in one year shows once.

    `worrying` holds the conversations that raised a concern: what the pupil liked about a job in
    one of those stays at school. Words that mention SEN are dropped and the job goes by its coded
    title; an uncoded job whose only name is such words is left out.
    """
    seen: set[tuple[int, str]] = set()
    found = []
    for row in rows:
        said = _clean(row.said)
        if said is None or has_placeholder(said):
            continue
        title = job_title(_clean(row.title)) or said
        if mentions_sen(said):
            if row.soc2020 is None and mentions_sen(title):
                continue
            said = title
        key = (row.academic_year, (row.soc2020 or row.title or said).casefold())
        if key in seen:
            continue
        seen.add(key)
        likes = _clean(row.likes)
        if row.conversation_id in worrying or not may_travel(likes):
            likes = None
        found.append({"said": said, "title": title, "soc2020": row.soc2020,
                      "family": row.family, "likes": likes, **_when(row)})
    return found


def reflections_of(rows: list[Reflection]) -> dict[str, list[dict[str, Any]]]:
    """Interests, skills, subjects and questions for secondary, each said once, oldest first."""
    found: dict[str, list[dict[str, Any]]] = {key: [] for key in REFLECTION_KEYS.values()}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        text = reflection_words(row)
        if not may_travel(text) or (row.kind, text.casefold()) in seen:
            continue
        seen.add((row.kind, text.casefold()))
        found[REFLECTION_KEYS[row.kind]].append({"text": text, **_when(row)})
    return found


def stereotypes_of(rows: list[StereotypeEvent]) -> list[dict[str, Any]]:
    """The stereotype reflections the pupil chose to share, with what they thought afterwards."""
    found = []
    for row in rows:
        said = _clean(row.redacted_text)
        if not may_travel(said):
            continue
        found.append({"kind": row.kind, "said": said, "view_after": row.view_after, **_when(row)})
    return found


def pupil_records(pupils: Iterable[Pupil]) -> list[dict[str, Any]]:
    """Each pupil's record for a pack, in the order given, in five queries per 500 pupils."""
    pupils = list(pupils)
    ids = [p.id for p in pupils]
    aspirations = _rows(Aspiration, ids)
    reflections = _rows(Reflection, ids, Reflection.kind.in_(tuple(REFLECTION_KEYS)))
    shared = _rows(StereotypeEvent, ids, StereotypeEvent.shared_with_secondary.is_(True))
    worrying = _concern_conversations(ids)
    schools = {s.id: s for s in db.session.scalars(
        select(School).where(School.id.in_({p.school_id for p in pupils})))} if pupils else {}
    records = []
    for pupil in pupils:
        school = schools[pupil.school_id]
        records.append({
            "upn": pupil.upn,
            "forename": pupil.preferred_forename,
            "surname": pupil.surname,
            "date_of_birth": pupil.date_of_birth.isoformat(),
            "primary_school": {"name": school.name, "urn": school.urn},
            "aspirations": aspirations_of(aspirations.get(pupil.id, []), worrying),
            **reflections_of(reflections.get(pupil.id, [])),
            "stereotype_reflections": stereotypes_of(shared.get(pupil.id, [])),
        })
    return records


def pupil_record(pupil: Pupil) -> dict[str, Any]:
    """Everything a pack carries for one pupil."""
    return pupil_records([pupil])[0]
