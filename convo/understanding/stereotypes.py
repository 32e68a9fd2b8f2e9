"""Career stereotypes a pupil voices: gender, ability, social class, ethnicity or religion, disability, age."""
from __future__ import annotations

from functools import cache

from .data import load_yaml
from .patterns import Pattern, Prepared, compile_many, first_match
from .rules import fire

KINDS = ("gender", "ability", "social_class", "ethnicity_or_religion", "disability", "age")


@cache
def _rejecting() -> list[Pattern]:
    """Phrases showing the pupil pushes back against a limit ("but that's not true")."""
    data = load_yaml("stereotypes.yaml")
    return compile_many(data.get("rejecting") or [], data.get("groups") or {})


def find_stereotype(prepared: Prepared) -> str | None:
    """The kind of stereotype voiced, or None (counter-examples and pushing back are not stereotypes)."""
    hits = fire(prepared, "stereotypes.yaml")
    if not hits:
        return None
    if first_match(prepared, _rejecting()) is not None:
        return None
    first = min(hits, key=lambda h: (h.span.start, h.rule.order))
    return first.rule.kind
