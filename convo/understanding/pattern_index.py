"""Patterns filed under the words they need, so a long list of rules costs little per utterance."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from .patterns import Pattern, Prepared

T = TypeVar("T")


class PatternIndex(Generic[T]):
    """Patterns filed under the words they need, so each utterance only tries the few that could match."""

    def __init__(self, items: Sequence[tuple[Pattern, T]]) -> None:
        """File each (pattern, payload) under its anchor words; anchorless ones are always tried."""
        self.items = list(items)
        self.by_word: dict[str, list[int]] = {}
        self.always: list[int] = []
        for number, (pattern, _) in enumerate(self.items):
            if pattern.anchors is None:
                self.always.append(number)
            else:
                for word in pattern.anchors:
                    self.by_word.setdefault(word, []).append(number)

    def candidates(self, prepared: Prepared) -> list[tuple[Pattern, T]]:
        """The (pattern, payload) pairs worth trying on this utterance, in their original order."""
        numbers = set(self.always)
        for word in prepared.present:
            numbers.update(self.by_word.get(word, ()))
        return [self.items[n] for n in sorted(numbers)]
