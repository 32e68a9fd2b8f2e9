"""A tiny phrase-pattern language, so word lists stay readable data a DSL can extend.

A pattern is words separated by spaces, matched against the pupil's words after
slang, spelling and word endings are evened out ("hits", "hitting" and "hit" are one word):

    word        that word (any ending)         hit/smack             either word
    @group      any phrase in the named group  (fell over|tripped)   either phrase
    ...         up to 4 other words            ~8                    up to 8 other words
    word?       optional (also @group?, a/b?)  priv*                 any word starting "priv"

Gaps never cross the end of a sentence. Patterns are matched word by word (no regular
expressions), so hundreds of them load in milliseconds.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from .normalise import SENTENCE_END, Token, fold, slang_table
from .spelling import stem

#: Small words allowed between any two words of a pattern.
DETERMINERS = frozenset({"a", "an", "the", "some", "my", "his", "her", "their", "our", "your", "lot", "of"})

#: Words in almost every utterance; a pattern is not filed under these if it can be helped.
COMMON_WORDS = frozenset(
    "i me my to a an the is am are be do not no you it in on of he she they at for with so if and "
    "want like go get have has had can will would was were that this what when".split()
)

_GAP = re.compile(r"^(?:\.\.\.|~(\d{1,2}))$")
# An element is a (bracketed|list) of phrases, or a run of non-space characters.
_ELEMENT = re.compile(r"\([^)]*\)\??|\S+")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of tokens [start, end) that a pattern matched."""

    start: int
    end: int


@dataclass(frozen=True)
class Element:
    """One step of a pattern: a gap of up to n words, or a choice of phrases."""

    gap: int = 0
    single: frozenset[str] = frozenset()
    multi: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    prefixes: tuple[str, ...] = ()
    optional: bool = False
    #: Words that can begin this element; None when a prefix or a gap means any word might.
    heads: frozenset[str] | None = None

    def could_start(self, word: str) -> bool:
        """A quick test that this element might match at a word, before the full phrase check."""
        return self.heads is None or word in self.heads

    def ends(self, stems: Sequence[str], i: int) -> list[int]:
        """Positions just after each phrase of this element that matches at word i."""
        if i >= len(stems):
            return []
        word = stems[i]
        phrases = self.multi.get(word)
        if phrases is None:
            if word in self.single or (self.prefixes and word not in {SENTENCE_END, ","} and word.startswith(self.prefixes)):
                return [i + 1]
            return []
        # Longest phrase first, like a regular expression would try.
        found = [i + len(p) for p in phrases if stems[i:i + len(p)] == p]
        if word in self.single or (self.prefixes and word.startswith(self.prefixes)):
            found.append(i + 1)
        return found


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern with the words it cannot match without (for a quick pre-check)."""

    source: str
    elements: tuple[Element, ...]
    anchors: frozenset[str] | None
    words: frozenset[str] = frozenset()
    first: frozenset[str] | None = None
    required: tuple[frozenset[str], ...] = ()


class Prepared:
    """One utterance ready for pattern matching: its words, corrected and stemmed."""

    def __init__(self, tokens: Sequence[Token], words: Sequence[str]) -> None:
        """Stem the corrected words and note where each stem occurs."""
        self.tokens = tokens
        self.words = list(words)
        # A tuple: phrase checks compare slices of it without copying into new tuples.
        self.stems = tuple(w if w in {".", ","} else stem(w) for w in self.words)
        self.present = frozenset(self.stems)
        self.positions: dict[str, list[int]] = {}
        for i, s in enumerate(self.stems):
            self.positions.setdefault(s, []).append(i)

    def sentence_of(self, span: Span) -> Span:
        """The sentence (between full stops) that holds a span (found by bisection: pastes are long)."""
        breaks = self.positions.get(SENTENCE_END, ())
        before, after = bisect_left(breaks, span.start), bisect_left(breaks, span.end)
        start = breaks[before - 1] + 1 if before else 0
        return Span(start, breaks[after] if after < len(breaks) else len(self.stems))

    def _match(self, elements: tuple[Element, ...], k: int, i: int, hi: int) -> int | None:
        """End of a match of elements[k:] starting at word i (backtracking), or None."""
        if k == len(elements):
            return i
        element = elements[k]
        stems = self.stems
        if element.gap:
            following = elements[k + 1] if k + 1 < len(elements) else None
            # Most positions inside a gap cannot start what follows it: skip those without a call.
            quick = following is not None and following.heads is not None and not following.optional
            heads = following.heads if quick else None
            j = i
            while True:
                if not quick or (j < hi and (stems[j] in heads or stems[j] in DETERMINERS)):
                    end = self._match(elements, k + 1, j, hi)
                    if end is not None:
                        return end
                if j >= hi or j - i >= element.gap or stems[j] == SENTENCE_END:
                    return None
                j += 1
        if i < hi and element.could_start(stems[i]):
            for end in element.ends(stems, i):
                if end <= hi:
                    found = self._match(elements, k + 1, end, hi)
                    if found is not None:
                        return found
        if k and i + 1 < hi and stems[i] in DETERMINERS and not element.optional and element.could_start(stems[i + 1]):
            # "drive a bus" matches "drive @bus": a/the/my may sit between any two words.
            for end in element.ends(stems, i + 1):
                if end <= hi:
                    found = self._match(elements, k + 1, end, hi)
                    if found is not None:
                        return found
        return self._match(elements, k + 1, i, hi) if element.optional else None

    def _spans(self, pattern: Pattern, lo: int, hi: int) -> Iterator[Span]:
        """Non-overlapping matches of a pattern inside words [lo, hi), found lazily in order."""
        present = self.present
        for needed in pattern.required:
            if needed.isdisjoint(present):
                return
        if pattern.first is not None:
            # Only try starting where the pattern's first word occurs.
            starts: Iterable[int] = sorted(i for s in pattern.first for i in self.positions.get(s, ()) if lo <= i < hi)
        else:
            starts = range(lo, hi)
        after = lo
        for start in starts:
            if start < after:
                continue
            end = self._match(pattern.elements, 0, start, hi)
            if end is not None and end > start:
                yield Span(start, end)
                after = end

    def search_all(self, pattern: Pattern) -> list[Span]:
        """Every non-overlapping match of a pattern, in order."""
        return list(self._spans(pattern, 0, len(self.stems)))

    def matches(self, pattern: Pattern) -> Iterator[Span]:
        """The same matches one at a time, so a caller that needs only the first usable one stops early."""
        return self._spans(pattern, 0, len(self.stems))

    def search(self, pattern: Pattern, within: Span | None = None) -> Span | None:
        """First match of a pattern, optionally only inside a span of words."""
        lo, hi = (0, len(self.stems)) if within is None else (within.start, min(within.end, len(self.stems)))
        return next(self._spans(pattern, lo, hi), None)


def _as_typed(words: list[str]) -> list[str]:
    """Expand slang in a pattern the same way as in a pupil's text ("dont" -> "do not")."""
    table = slang_table()
    out: list[str] = []
    for word in words:
        plain = word if word.endswith("*") else fold(word)
        if plain:
            out.extend(table.get((plain,), (plain,)))
    return out


def _element(phrases: list[str], optional: bool) -> tuple[Element, frozenset[str], frozenset[str] | None]:
    """Build one choice element (cached: the same word group is used by many patterns)."""
    return _element_cached(tuple(phrases), optional)


@lru_cache(maxsize=4096)
def _element_cached(phrases: tuple[str, ...], optional: bool) -> tuple[Element, frozenset[str], frozenset[str] | None]:
    """One choice element, its plain words, and the first words it needs (None if any word will do)."""
    single: set[str] = set()
    multi: dict[str, list[tuple[str, ...]]] = {}
    prefixes: list[str] = []
    words: set[str] = set()
    firsts: set[str] | None = set()
    for phrase in phrases:
        parts = _as_typed(phrase.replace("_", " ").split())
        if not parts:
            optional = True
            continue
        words.update(p.rstrip("*") for p in parts)
        if parts[0].endswith("*") and len(parts) == 1:
            # Compared with stemmed words, so the prefix is stemmed too ("bridge*" -> "bridg").
            prefixes.append(stem(parts[0][:-1]))
            firsts = None
            continue
        stems = tuple(stem(p.rstrip("*")) for p in parts)
        if len(stems) == 1:
            single.add(stems[0])
        else:
            multi.setdefault(stems[0], []).append(stems)
        if firsts is not None:
            firsts.add(stems[0])
    element = Element(
        single=frozenset(single),
        multi={k: tuple(sorted(v, key=len, reverse=True)) for k, v in multi.items()},
        prefixes=tuple(prefixes),
        optional=optional,
        heads=None if prefixes else frozenset(single) | frozenset(multi),
    )
    return element, frozenset(words), (None if optional or firsts is None else frozenset(firsts))


def compile_pattern(source: str, groups: Mapping[str, Sequence[str]]) -> Pattern:
    """Compile one pattern string; @names refer to groups."""
    elements: list[Element] = []
    anchors: frozenset[str] | None = None
    first: frozenset[str] | None = None
    required: list[frozenset[str]] = []
    all_words: set[str] = set()
    for text in _ELEMENT.findall(source):
        gap = _GAP.match(text)
        if gap:
            elements.append(Element(gap=int(gap.group(1) or 4)))
            continue
        optional = text.endswith("?") and len(text) > 1
        text = text.rstrip("?")
        pieces = text[1:-1].split("|") if text.startswith("(") else text.split("/")
        phrases: list[str] = []
        for piece in pieces:
            if piece.startswith("@"):
                if piece[1:] not in groups:
                    raise ValueError(f"pattern {source!r} uses unknown group {piece}")
                phrases.extend(str(p) for p in groups[piece[1:]])
            else:
                phrases.append(piece)
        element, words, firsts = _element(phrases, optional)
        if not elements:
            first = frozenset(firsts) if firsts else None
        elements.append(element)
        all_words |= words
        if firsts:
            required.append(frozenset(firsts))
    # File the pattern under its rarest required element: the one with fewest common words.
    if required:
        anchors = min(required, key=lambda r: (len(r & COMMON_WORDS) > 0, len(r & COMMON_WORDS), len(r)))
    return Pattern(source, tuple(elements), anchors, frozenset(all_words), first, tuple(required))


def compile_many(sources: Iterable[str], groups: Mapping[str, Sequence[str]]) -> list[Pattern]:
    """Compile a list of pattern strings."""
    return [compile_pattern(str(s), groups) for s in sources or ()]


def first_match(prepared: Prepared, patterns: Iterable[Pattern], within: Span | None = None) -> Span | None:
    """The earliest-starting match among several patterns, or None."""
    best: Span | None = None
    for pattern in patterns:
        span = prepared.search(pattern, within)
        if span is not None and (best is None or span.start < best.start):
            best = span
    return best
