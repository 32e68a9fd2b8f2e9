"""Ambiguous job titles: the follow-up question to ask, or the specialism the pupil already gave."""
from __future__ import annotations

from functools import cache

from .data import load_yaml
from .lexicon import Term, lexicon
from .patterns import Pattern, Prepared, Span, compile_many, first_match


@cache
def follow_ups() -> dict[str, dict[str, object]]:
    """The follow-up entries by (lowercase) title."""
    return {str(title).lower(): entry or {} for title, entry in load_yaml("follow_ups.yaml")["follow_ups"].items()}


def question_for(title: str) -> str | None:
    """The follow-up question for an ambiguous title ("What would you like to teach?"), if any."""
    entry = follow_ups().get(title.lower())
    question = entry.get("ask") if entry else None
    return str(question) if question else None


@cache
def _specialisms(title: str) -> tuple[tuple[Term, tuple[Pattern, ...]], ...]:
    """Compiled specialisms of one title, each with the job it means."""
    entry = follow_ups().get(title.lower()) or {}
    by_title = lexicon().by_title
    specialisms = entry.get("specialisms") or {}
    assert isinstance(specialisms, dict)
    return tuple(
        (by_title[str(name).lower()], tuple(compile_many(words, {})))
        for name, words in specialisms.items()
    )


def specialise(term: Term, prepared: Prepared, window: Span, start: int, end: int) -> Term:
    """The specialised job when the pupil says more near an ambiguous title (words start:end), else the title."""
    best: tuple[int, Term] | None = None
    for specialism, patterns in _specialisms(term.title):
        span = first_match(prepared, patterns, Span(end, window.end)) if end < window.end else None
        if span is None and window.start < start:
            span = first_match(prepared, patterns, Span(window.start, start))
        if span is not None and (best is None or span.start < best[0]):
            best = (span.start, specialism)
    return best[1] if best else term
