"""Does a short text mention special educational needs, a disability or a medical condition?

Used to keep such words out of what leaves the school: a pupil may write "I have dyslexia so
reading is hard" beside a job, and that is SEN detail, which travels to a secondary school only
by the school's own routes. The check is a vocabulary of conditions and kinds of support
(data/sen.yaml), matched word by word as children write them:

- a listed word or phrase as written ("autism", "hearing aids", "my EHCP");
- a misspelling of a longer word (six letters or more), found with RapidFuzz and the same
  sound-alike key the job matcher uses ("dislexia", "autisum", "asthmer"), but never a real word
  the package knows ("autumn", "artist");
- a slip or jumble in a four-letter acronym ("adha", "echp");
- an acronym that is also an everyday word ("add", "send") only in capitals or as something a
  pupil has ("i got add"), so "I'm good at adding up" and "I like to add numbers" are not.

It is cautious rather than clever: a mention of a condition counts whoever it is about ("a
doctor who helps people with asthma"), and a vocabulary cannot catch every way of saying
something, so teachers still read what a pack carries.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from .data import load_yaml, read_csv
from .lexicon import everyday_words
from .spelling import close_enough, fuzzy_cutoff, stem

#: Words shorter than this are matched only as written: short words have too many look-alikes.
FUZZY_FROM = 6
#: How alike (0-100) a misspelling must be: "dislexia" is 88 from "dyslexia", "catches" 80 from "crutches".
FUZZY_SCORE = 85
_WORD = re.compile(r"[^\W\d_]+|\d+")
_ONE_TO_ONE = re.compile(r"\b1\s*(?::|-|2|to)\s*1\b", re.IGNORECASE)
#: After an acronym a pupil has, the sentence ends or goes on with one of these ("i got add so...").
_CLAUSE_GOES_ON = frozenset("and so because cos coz cuz which that but too as i my".split())


@cache
def _vocabulary() -> dict:
    """The word lists from data/sen.yaml, as sets and tuples."""
    data = load_yaml("sen.yaml")
    words = frozenset(str(w) for w in data["words"])
    phrases = tuple(tuple(str(p).split()) for p in data["phrases"])
    # Only the words that mean something alone: "teacher" counts only in "sen teacher".
    long_words = sorted(w for w in words if len(w) >= FUZZY_FROM)
    return {"words": words, "phrases": phrases, "long_words": tuple(long_words),
            "acronyms": tuple(str(a) for a in data["acronyms"]),
            "ambiguous": frozenset(str(a) for a in data["ambiguous"]),
            "having": frozenset(str(w) for w in data["having"])}


@cache
def known_words() -> frozenset[str]:
    """Real words never taken for a misspelling: everyday words, job title words and the look-alikes listed."""
    titles = {w for row in read_csv("index_titles.csv") for w in _WORD.findall(next(iter(row.values())).lower())}
    listed = {str(w) for w in load_yaml("sen.yaml")["not_misspellings"]}
    return frozenset(titles | everyday_words() | listed) - _vocabulary()["words"]


def _known(token: str) -> bool:
    """True if the word, or the word with its ending taken off ("stampers"), is a real word we know."""
    root = stem(token)
    return token in known_words() or (len(root) >= FUZZY_FROM - 1 and root in known_stems())


@cache
def known_stems() -> frozenset[str]:
    """The known words with their endings taken off."""
    return frozenset(stem(w) for w in known_words())


@lru_cache(maxsize=16384)
def _is_word(token: str, target: str) -> bool:
    """True if the typed word is the target word or, for a longer word, a misspelling of it."""
    if token == target:
        return True
    if len(target) < FUZZY_FROM or len(token) < FUZZY_FROM - 1 or token[0] != target[0]:
        return False
    if _known(token) or Levenshtein.distance(token, target) > max(2, len(target) // 3):
        return False
    return close_enough(token, target) >= max(FUZZY_SCORE, fuzzy_cutoff(len(token)))


@lru_cache(maxsize=16384)
def _is_sen_word(token: str) -> bool:
    """True if one word names a condition or a kind of support, as written or misspelled."""
    vocabulary = _vocabulary()
    if token in vocabulary["words"]:
        return True
    if len(token) == 4 and not _known(token):
        for acronym in vocabulary["acronyms"]:
            if sorted(token) == sorted(acronym) or (
                    token[0] == acronym[0] and Levenshtein.distance(token, acronym) == 1):
                return True
    return len(token) >= FUZZY_FROM - 1 and any(_is_word(token, w) for w in vocabulary["long_words"])


def _ambiguous_acronym(words: list[str], lowered: list[str], index: int, shouting: bool) -> bool:
    """True if an acronym that is also an everyday word ("add", "send") is meant as the acronym here."""
    if words[index].isupper() and len(words[index]) > 1 and not shouting:
        return True
    before = lowered[index - 1] if index else None
    after = lowered[index + 1] if index + 1 < len(lowered) else None
    return before in _vocabulary()["having"] and (after is None or after in _CLAUSE_GOES_ON)


def mentions_sen(text: str | None) -> bool:
    """True if the text mentions special educational needs, a disability or a medical condition."""
    if not text:
        return False
    if _ONE_TO_ONE.search(text):
        return True
    words = _WORD.findall(text.replace("'", "").replace("\u2019", ""))
    lowered = [w.lower() for w in words]
    vocabulary = _vocabulary()
    # A pupil typing in capitals throughout has not written "ADD" as an acronym.
    shouting = not any(c.islower() for c in text)
    for index, word in enumerate(lowered):
        if word in vocabulary["ambiguous"]:
            if _ambiguous_acronym(words, lowered, index, shouting):
                return True
        elif _is_sen_word(word):
            return True
    for phrase in vocabulary["phrases"]:
        size = len(phrase)
        for start in range(len(lowered) - size + 1):
            if all(_is_word(lowered[start + n], phrase[n]) for n in range(size)):
                return True
    return False
