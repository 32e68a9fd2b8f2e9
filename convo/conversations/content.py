"""The conversation content and engine, loaded once per process."""
from __future__ import annotations

from functools import cache
from typing import Any

from flask_babel import pgettext

from ..engine import Engine, load_content


def analyse_for_engine(text: str, year_group: Any) -> dict:
    """Run the understanding layer and hand the engine its plain-dict result."""
    from ..understanding import analyse
    return analyse(text, year_group).to_dict()


@cache
def engine() -> Engine:
    """The engine over the checked content in prompts/; loaded on first use, then shared."""
    return Engine(load_content(), analyse=analyse_for_engine)


def warm_up() -> None:
    """Load and check the content and the understanding layer's word lists now, not on a pupil's first answer.

    A server's workers call this once as they start (convo/wsgi.py), so no pupil waits about a second
    for what every later answer reuses.
    """
    engine()
    # One sentence touches every table the understanding layer loads: spelling, jobs, rules and risk model.
    analyse_for_engine("i wanna be a vet cos i love aminals", 5)


#: The order sessions run in through a school year, until the school chooses its own.
SCHOOL_YEAR_ORDER = ("things_i_love", "jobs_i_know", "jobs_in_my_community", "skills_and_subjects",
                     "never_thought_of", "then_and_now", "moving_to_secondary")


def prompt_text(line_id: str) -> str:
    """The words of a prompt line, in the page's language, for reading a transcript back."""
    from flask_babel import pgettext
    line = engine().lines.get(line_id)
    if line is None:
        return line_id
    return pgettext(line.id, line.text)


@cache
def _icons() -> tuple[dict[str, str], dict[str, str]]:
    """Job-card icons by SOC code and by job family, from every band's jobs file."""
    by_code: dict[str, str] = {}
    by_family: dict[str, str] = {}
    for jobs in engine().content.jobs.values():
        for job in jobs.values():
            by_code.setdefault(job.soc2020, job.icon)
            by_family.setdefault(job.family, job.icon)
    return by_code, by_family


def job_icon(soc2020: str | None, family: str | None) -> str:
    """The picture for an aspiration: its job card's, else its family's, else a star."""
    by_code, by_family = _icons()
    return by_code.get(soc2020 or "") or by_family.get(family or "") or "star"


def session_title(band: str, session_key: str) -> str:
    """A session's title as written in its content file, e.g. "Things I love doing"."""
    session = engine().content.sessions.get((band, session_key))
    return session.title if session is not None else session_key.replace("_", " ")


@cache
def _tapped_labels() -> dict[tuple[str, str], tuple[str, str]]:
    """Every picture card's label (its catalogue id and English words) by what it records and its id."""
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for session in engine().content.sessions.values():
        for node in session.nodes.values():
            for card in node.cards or ():
                if card.label is not None and card.records:
                    labels.setdefault((card.records, card.id), (card.label.id, card.label.text))
    return labels


def tapped_words(kind: str, choice_id: str | None, text: str | None) -> str | None:
    """What a pupil tapped, in the page's language; words they typed stay exactly as they typed them.

    A tapped answer is stored with the card's English label, so it is translated when shown (a
    Welsh parent card shows "Helpu pobl", not "Helping people").
    """
    label = _tapped_labels().get((kind, choice_id or ""))
    if label is None or (text and text.strip().casefold() != label[1].casefold()):
        return text
    return pgettext(*label)


@cache
def _labels_by_words() -> dict[tuple[str, str], tuple[str, str]]:
    """Every card and word-choice label (its catalogue id and English words) by band and English words."""
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for line in engine().content.lines:
        if line.kind in ("card", "choice"):
            labels.setdefault((line.band, line.text.casefold()), (line.id, line.text))
    return labels


def answer_words(turn: Any) -> str | None:
    """A transcript's answer in the page's language: a tapped card's label translated, typed words as typed."""
    if turn.answer_kind not in ("card", "choice") or not turn.redacted_text:
        return turn.redacted_text
    label = _labels_by_words().get((turn.line_id.split(".", 1)[0], turn.redacted_text.casefold()))
    return pgettext(*label) if label else turn.redacted_text
