"""Has the pupil not decided yet? ("idk", "dunno", "not sure yet", "perhaps a chef, perhaps a nurse")."""
from __future__ import annotations

from functools import cache

from .data import load_yaml
from .patterns import Pattern, Prepared, Span, compile_many, first_match


@cache
def unsure_rules() -> tuple[list[Pattern], list[Pattern]]:
    """Compiled "not sure" patterns, and the "I don't know what it's called" exceptions."""
    data = load_yaml("fantasy.yaml")
    return compile_many(data["unsure"], {}), compile_many(data["not_unsure"], {})


def is_unsure(prepared: Prepared, found_jobs: int) -> bool:
    """True when the pupil says they do not know or have not decided."""
    sure_signs, exceptions = unsure_rules()
    span = first_match(prepared, sure_signs)
    while span is not None:
        sentence = prepared.sentence_of(span)
        window = Span(span.start, min(sentence.end, span.end + 6))
        if first_match(prepared, exceptions, window) is None:
            return True
        # Look again after this "I don't know what it's called".
        rest = Span(span.end, len(prepared.stems))
        span = first_match(prepared, sure_signs, rest) if rest.start < rest.end else None
    return _only_hedged(prepared, found_jobs)


def _only_hedged(prepared: Prepared, found_jobs: int) -> bool:
    """A lone "maybe" or "probably" with no job named is still not knowing."""
    if found_jobs:
        return False
    words = [w for w in prepared.words if w not in {".", ","}]
    hedges = {"maybe", "perhaps", "possibly", "probably", "might", "dunno"}
    return bool(words) and len(words) <= 8 and any(w in hedges for w in words)
