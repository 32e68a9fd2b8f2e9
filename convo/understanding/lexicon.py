"""The job and fantasy word lists, loaded once and indexed for fast look-up."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .data import load_yaml, read_csv, word_list
from .normalise import fold
from .spelling import sound_key

JOB, FANTASY, FANTASY_AS_ROLE = "job", "fantasy", "fantasy_as_role"


@dataclass(frozen=True, slots=True)
class Term:
    """Something a pupil might want to be: a job (with its code) or a fantasy role."""

    kind: str
    title: str
    soc2020: str = ""
    family: str = ""
    ask: str = ""
    from_index: bool = False
    everyday: bool = False

    @property
    def needs_follow_up(self) -> bool:
        """True when the title alone does not say which job is meant ("teacher")."""
        return bool(self.ask)


_APOSTROPHES = re.compile(r"['’]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Fold a phrase from a data file into the words a pupil's text is compared with."""
    if phrase.isascii():
        # Fast path for the 23,000 index titles: same result as fold() on plain ASCII.
        return tuple(w for w in _NOT_WORD.split(_APOSTROPHES.sub("", phrase.lower())) if w)
    return tuple(w for w in (fold(p) for p in phrase.replace("-", " ").replace("/", " ").split()) if w)


@cache
def unit_groups() -> dict[str, dict[str, str]]:
    """SOC 2020 unit groups by code, each with its title and job family."""
    return {row["soc2020"]: row for row in read_csv("unit_groups.csv")}


@cache
def job_families() -> tuple[str, ...]:
    """The National Careers Service job categories, in their published order."""
    return tuple(row["category"] for row in read_csv("ncs_job_categories.csv"))


@cache
def everyday_words() -> frozenset[str]:
    """Everyday words that are never taken for a misspelled job."""
    return word_list("everyday_words.txt")


class Lexicon:
    """All terms, indexed by exact phrase, by phrase without spaces and by sound-alike key."""

    def __init__(self) -> None:
        """Load the children's lexicon, the fantasy list and the ONS coding index."""
        self.exact: dict[tuple[str, ...], Term] = {}
        self.compact: dict[str, Term] = {}
        self.by_key: dict[str, list[tuple[str, Term]]] = {}
        self.by_title: dict[str, Term] = {}
        self.fuzzy_choices: list[str] = []
        self.fuzzy_terms: list[Term] = []
        self.words: set[str] = set()
        self._load_children_words()
        self._load_index()

    def _add(self, phrase: str, term: Term, fuzzy: bool) -> None:
        """Index one phrase for a term; the first term given a phrase keeps it."""
        words = phrase_words(phrase)
        if not words or words in self.exact:
            return
        self.exact[words] = term
        self.words.update(words)
        joined = "".join(words)
        if fuzzy:
            if joined not in self.compact:
                self.compact[joined] = term
                self.fuzzy_choices.append(joined)
                self.fuzzy_terms.append(term)
            if len(joined) >= 4:
                self.by_key.setdefault(sound_key(joined), []).append((joined, term))

    def _load_children_words(self) -> None:
        """Children's job words first (they win over the index), then fantasy roles."""
        groups = unit_groups()
        asks = {
            str(title).lower(): str((entry or {}).get("ask") or "")
            for title, entry in load_yaml("follow_ups.yaml")["follow_ups"].items()
        }
        for entry in load_yaml("occupations.yaml")["occupations"]:
            code = str(entry["soc"])
            family = entry.get("family") or groups[code]["family"]
            term = Term(JOB, entry["title"], code, family, asks.get(entry["title"].lower(), ""))
            self.by_title.setdefault(entry["title"].lower(), term)
            for phrase in [entry["title"], *(entry.get("also") or [])]:
                self._add(str(phrase), term, fuzzy=True)
        fantasy = load_yaml("fantasy.yaml")
        for kind in (FANTASY, FANTASY_AS_ROLE):
            for phrase in fantasy[kind]:
                self._add(str(phrase), Term(kind, str(phrase)), fuzzy=True)

    def _load_index(self) -> None:
        """Every title in the ONS coding index, for jobs the children's list does not name."""
        groups = unit_groups()
        everyday = everyday_words()
        for row in read_csv("index_titles.csv"):
            words = phrase_words(row["title"])
            code = row["soc2020"]
            if not words or words in self.exact or code not in groups:
                continue
            term = Term(
                JOB,
                row["title"],
                code,
                groups[code]["family"],
                f"What kind of {row['title']} would you like to be?" if row["ambiguous"] else "",
                from_index=True,
                everyday=all(w in everyday for w in words),
            )
            # Index titles are matched as spelled; children's misspellings of the
            # jobs they name most are covered by the children's list above.
            self.exact[words] = term
            self.words.update(words)


@cache
def lexicon() -> Lexicon:
    """The shared lexicon (built on first use, in well under a second)."""
    return Lexicon()
