"""Rule files a designated safeguarding lead can read: kinds, patterns and harmless exceptions."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .data import load_yaml
from .pattern_index import PatternIndex
from .patterns import Pattern, Prepared, Span, compile_many

#: Words that cancel a "negatable" rule when they sit inside its match ("dad never hits me").
NEGATIONS = frozenset({"not", "never", "no"})

SEVERITIES = ("low", "medium", "high", "immediate")


@dataclass(frozen=True)
class Rule:
    """One rule: a kind, a severity, the phrases that fire it and the ones that stop it."""

    rule_id: str
    kind: str
    severity: str
    match: tuple[Pattern, ...]
    unless: tuple[Pattern, ...]
    negatable: bool
    order: int


@dataclass(frozen=True)
class Hit:
    """A rule that fired, and where."""

    rule: Rule
    span: Span


def expand_groups(groups: dict[str, list[str]]) -> dict[str, list[str]]:
    """Groups may list other groups ("anyone: [@home, @other_adult]"); spell them out."""
    def members(name: str, seen: frozenset[str]) -> list[str]:
        """The phrases of one group, with any @group inside it expanded (cycles ignored)."""
        out: list[str] = []
        for item in groups.get(name) or []:
            item = str(item)
            if item.startswith("@") and item[1:] in groups and item[1:] not in seen:
                out.extend(members(item[1:], seen | {item[1:]}))
            else:
                out.append(item)
        return out

    return {name: members(name, frozenset({name})) for name in groups}


@cache
def load_rules(name: str) -> tuple[Rule, ...]:
    """Compile the rules in one data file (safeguarding.yaml or stereotypes.yaml)."""
    data = load_yaml(name)
    groups = expand_groups(data.get("groups") or {})
    rules: list[Rule] = []
    for order, entry in enumerate(data["rules"]):
        unless = entry.get("unless") or []
        if isinstance(unless, str):
            unless = [unless]
        rules.append(
            Rule(
                rule_id=str(entry.get("id") or f"{entry['kind']}.{order + 1}"),
                kind=str(entry["kind"]),
                severity=str(entry.get("severity", "medium")),
                match=tuple(compile_many(entry["match"], groups)),
                unless=tuple(compile_many(unless, groups)),
                negatable=bool(entry.get("negatable", False)),
                order=order,
            )
        )
    rules.extend(_template_rules(data.get("templates") or [], groups, len(rules)))
    return tuple(rules)


def _template_rules(templates: list[dict], groups: dict[str, list[str]], start: int) -> list[Rule]:
    """One rule per kind for each template: its patterns with "@who" read as that kind's group.

    A template writes a construction once ("only @who can be", "@who are too weak to") and
    lists, under `who`, the group of people it is said about for each kind.
    """
    rules: list[Rule] = []
    for entry in templates:
        unless = entry.get("unless") or []
        for kind, group in (entry.get("who") or {}).items():
            order = start + len(rules)
            rules.append(
                Rule(
                    rule_id=f"{entry.get('id', 'template')}.{kind}",
                    kind=str(kind),
                    severity=str(entry.get("severity", "medium")),
                    match=tuple(compile_many([str(m).replace("@who", f"@{group}") for m in entry["match"]], groups)),
                    unless=tuple(compile_many([str(u).replace("@who", f"@{group}") for u in unless], groups)),
                    negatable=bool(entry.get("negatable", False)),
                    order=order,
                )
            )
    return rules


@cache
def rule_index(name: str) -> PatternIndex[Rule]:
    """The rules of one file, filed by the words their patterns need."""
    return PatternIndex([(pattern, rule) for rule in load_rules(name) for pattern in rule.match])


def _negated(prepared: Prepared, pattern: Pattern, span: Span) -> bool:
    """True when "not" or "never" sits in or just before the match, and is not part of the pattern."""
    negations = NEGATIONS - pattern.words
    start = max(span.start - 1, 0)
    return any(w in negations for w in prepared.words[start:span.end])


def _vetoed(prepared: Prepared, rule: Rule, sentence: Span) -> bool:
    """True when a harmless use of the words appears in the sentence."""
    return any(prepared.search(p, sentence) is not None for p in rule.unless)


def fire(prepared: Prepared, name: str) -> list[Hit]:
    """Every rule in a file that fires on the utterance (at most one hit per rule)."""
    hits: list[Hit] = []
    fired: set[int] = set()
    # A rule's veto depends only on the sentence, so each sentence is checked once per rule
    # (a long unpunctuated paste can hold hundreds of matches in one sentence).
    vetoes: dict[tuple[int, int, int], bool] = {}
    for pattern, rule in rule_index(name).candidates(prepared):
        if rule.order in fired:
            continue
        for span in prepared.matches(pattern):
            if rule.negatable and _negated(prepared, pattern, span):
                continue
            if rule.unless:
                sentence = prepared.sentence_of(span)
                key = (rule.order, sentence.start, sentence.end)
                if key not in vetoes:
                    vetoes[key] = _vetoed(prepared, rule, sentence)
                if vetoes[key]:
                    continue
            hits.append(Hit(rule, span))
            fired.add(rule.order)
            break
    return hits
