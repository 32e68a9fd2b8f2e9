"""A safety net for answers typed in Welsh: listed words of harm raise a concern for the DSL.

The rest of the understanding layer reads English. A Welsh disclosure would otherwise pass unseen,
so the phrases in `safeguarding_cy.yaml` are looked for, word for word, in what the pupil typed
(before any English spelling correction).
"""
from __future__ import annotations

from functools import cache

from .data import load_yaml
from .normalise import tokenise
from .patterns import Prepared
from .rules import SEVERITIES


@cache
def _phrases() -> list[tuple[tuple[str, ...], str, str]]:
    """Each phrase as the tokeniser reads it, with its kind and severity, most severe first."""
    found: list[tuple[tuple[str, ...], str, str]] = []
    for kind, entry in (load_yaml("safeguarding_cy.yaml").get("kinds") or {}).items():
        severity = str(entry.get("severity", "low"))
        for phrase in entry.get("phrases") or []:
            words = tuple(t.text for t in tokenise(str(phrase)))
            if words:
                found.append((words, str(kind), severity))
    found.sort(key=lambda item: -SEVERITIES.index(item[2]))
    return found


@cache
def _first_words() -> frozenset[str]:
    """Every word a phrase starts with, for a quick test that an answer could hold one."""
    return frozenset(words[0] for words, _, _ in _phrases())


def welsh_concern(prepared: Prepared) -> tuple[str, str] | None:
    """(kind, severity) of the most severe listed Welsh phrase in the answer, or None."""
    typed = [t.text for t in prepared.tokens]
    if _first_words().isdisjoint(typed):
        return None
    for words, kind, severity in _phrases():
        size = len(words)
        if any(tuple(typed[i:i + size]) == words for i in range(len(typed) - size + 1)):
            return kind, severity
    return None
