"""Invented spelling: sound-alike keys, light stemming and a word corrector.

Children spell by sound ("vetnary", "fie fiter", "polees", "enjineer"), so rather than
listing spellings we compare words by a key that keeps how a word sounds and drops
what children get wrong: vowels, doubled letters, ph/f, ck/k, c/s, -er/-a endings.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .data import load_yaml

_KEY_RULES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        (r"[^a-z]", ""),
        (r"^(?:yoo|you|yu|ew)", "u"),
        # "fire" said the British way: "fyaman", "fierman", "fia fighter".
        (r"^f(?:ire|ier|yre|yer|iya|ya|ia)", "fia"),
        (r"^kn", "n"),
        (r"^wr", "r"),
        (r"^ps", "s"),
        # Greek "ch" sounds like k (mechanic, architect, chemist, school).
        (r"mech", "mek"),
        (r"^arch(?=[aei])", "ark"),
        (r"chem", "kem"),
        (r"chor", "kor"),
        (r"chr", "kr"),
        (r"sch", "sk"),
        (r"psych", "sik"),
        (r"techn", "tekn"),
        (r"(?:tion|sion|cian|tian|sian|shun|shon|shan|shin)", "XN"),
        (r"ph", "f"),
        (r"gh", ""),
        (r"ck", "k"),
        (r"wh", "w"),
        (r"tch", "X"),
        (r"(?:ch|sh)", "X"),
        (r"dge", "j"),
        (r"mb(?=er|$)", "m"),
        (r"qu", "kw"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"sc(?=[eiy])", "s"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"z", "s"),
        (r"(?<!n)g(?=[eiy])|(?<=n)g(?=i)", "j"),
        (r"d(?=i[aeo])", "j"),
        # British children drop an r after a vowel, as they say it: "astronort", "farma".
        (r"(?<=[ao])r(?=[^aeiouyr])", ""),
        (r"(?:er|ar|or|ur|ir|our|re|yr|ah|a)$", "r"),
        (r"(.)\1+", r"\1"),
    ]
]
_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """A rough sound-alike key: "fierman" and "fireman" share one, as do "dansr" and "dancer"."""
    word = word.lower()
    for pattern, replacement in _KEY_RULES:
        word = pattern.sub(replacement, word)
    if not word:
        return ""
    # Letters either side of a vowel stay apart ("puppet" ppt, "poet" pt); doubles were merged above.
    return word[0] + _VOWELS.sub("", word[1:])


@cache
def _word_forms() -> dict[str, str]:
    """Irregular forms and their plain word ("threw" -> "throw"), from slang.yaml."""
    return {str(k): str(v) for k, v in (load_yaml("slang.yaml").get("word_forms") or {}).items()}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip common endings so "hits", "hitting" and "hit" compare equal (both sides are stemmed)."""
    word = _word_forms().get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
        if len(word) > 2 and word[-1] == word[-2]:
            word = word[:-1]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
        if len(word) > 2 and word[-1] == word[-2]:
            word = word[:-1]
    elif len(word) > 3 and word.endswith("es") and word[-3] in "sxzh":
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def close_enough(typed: str, target: str) -> float:
    """Similarity 0-100 between a typed word and a known one, forgiving for longer words."""
    if typed == target:
        return 100.0
    score = fuzz.ratio(typed, target)
    if sound_key(typed) == sound_key(target):
        score = max(score, 88.0)
    return score


def fuzzy_cutoff(length: int, young: bool = False) -> float:
    """How alike two words must be: short words need a near-exact match."""
    if length <= 3:
        return 101.0
    if length <= 5:
        return 84.0 if young else 86.0
    return 78.0 if young else 80.0


class Speller:
    """Corrects a pupil's word to a word the package's lists use, when it is clearly a misspelling."""

    def __init__(self, targets: Iterable[str], known: Iterable[str]) -> None:
        """Index the words to correct towards (targets) and the words to leave alone (known)."""
        self.targets = sorted({t for t in targets if t.isalpha() and len(t) > 2})
        self.known = frozenset(known) | frozenset(self.targets)
        # "shoves", "pinched": another ending of a word we know is not a misspelling.
        self.target_stems = frozenset(stem(t) for t in self.targets)
        self.by_key: dict[str, list[str]] = {}
        for word in self.targets:
            self.by_key.setdefault(sound_key(word), []).append(word)
        self.correct = lru_cache(maxsize=65536)(self._correct)

    def _correct(self, word: str) -> str:
        """Return the intended word, or the word unchanged when unsure."""
        if word in self.known or len(word) < 4 or not word.isalpha() or stem(word) in self.target_stems:
            return word
        best, best_score = word, 0.0
        for candidate in self.by_key.get(sound_key(word), ()):
            score = fuzz.ratio(word, candidate)
            if score > best_score and Levenshtein.distance(word, candidate) <= max(2, len(word) // 3):
                best, best_score = candidate, score
        if best_score:
            return best
        found = process.extractOne(
            word, self.targets, scorer=fuzz.ratio, score_cutoff=fuzzy_cutoff(len(word))
        )
        return found[0] if found else word
