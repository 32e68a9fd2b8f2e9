"""Reading level: sentence length and a Flesch reading ease score per age band.

The Flesch formula is the one textstat uses (206.835 - 1.015 x words per
sentence - 84.6 x syllables per word). Syllables are counted here with a small
vowel-group rule instead of calling textstat's English counter, because that
counter fetches the CMU pronouncing dictionary over the network on first use;
a school's server must check content offline and give the same answer every time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Longest sentence allowed, in words, per band.
MAX_WORDS: dict[str, int] = {"reception": 8, "ks1": 8, "lower_ks2": 12, "upper_ks2": 12}
#: Lowest Flesch reading ease allowed for a file's lines in each band (higher is easier).
MIN_EASE: dict[str, float] = {"reception": 80.0, "ks1": 78.0, "lower_ks2": 76.0, "upper_ks2": 72.0}

SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)]*\s+")
WORD = re.compile(r"\{[^{}]*\}|[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019-][A-Za-z0-9\u00c0-\u024f]+)*")


def sentences(text: str) -> list[str]:
    """Split a line into sentences at . ! ? or an ellipsis."""
    return [part.strip() for part in SENTENCE_END.split(text.strip()) if part.strip()]


def words(text: str) -> list[str]:
    """The words of a text; a placeholder such as {title} counts as one word."""
    return WORD.findall(text)


def syllables(word: str) -> int:
    """Estimate the syllables in one English word."""
    if word.startswith("{"):
        return 2  # a job title filled in at run time: assume an average two-syllable word
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 1  # a number read aloud ("10" is "ten")
    if len(letters) <= 3:
        return 1
    letters = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", letters)
    letters = re.sub(r"^y", "", letters)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", letters)))


@dataclass(frozen=True)
class Readability:
    """Counts and the Flesch reading ease for a set of lines."""

    sentences: int
    words: int
    syllables: int
    longest: int

    @property
    def ease(self) -> float:
        """Flesch reading ease; 100 is very easy, 60 is plain English for adults."""
        if not self.words or not self.sentences:
            return 100.0
        return round(206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words, 1)


def measure(texts: list[str]) -> Readability:
    """Readability of several lines taken together."""
    split = [s for text in texts for s in sentences(text)]
    counted = [words(s) for s in split]
    return Readability(
        sentences=len(split),
        words=sum(len(w) for w in counted),
        syllables=sum(syllables(word) for w in counted for word in w),
        longest=max((len(w) for w in counted), default=0),
    )
