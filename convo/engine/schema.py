"""The shape of each kind of content file, and a small validator for it.

Layer one of the checker (as in Rasa and Yarn Spinner): unknown or missing keys,
wrong types and values outside an allowed set, each with the line to fix. Layer
two (graph, voice, reading, sources, translation) only runs on files that pass.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .model import BANDS, CARD_RECORDS, CONTEXT_KEYS, LISTEN_FOR, STEREOTYPE_KINDS
from .yamlpos import Mapping, Sequence, line_of

#: (code, line, message) — turned into Problems by the loader, which knows the file.
Finding = tuple[str, int, str]


class Spec:
    """Something a value must look like."""

    name = "value"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for `value` found at `path` on `line`."""
        raise NotImplementedError


def _wrong_type(spec: Spec, value: Any, path: str, line: int) -> list[Finding]:
    """A CP104 finding with a hint about quoting."""
    hint = " (put it in quotes)" if spec.name == "text" and isinstance(value, (int, float)) else ""
    return [("CP104", line, f"'{path}' should be {spec.name}, not {type(value).__name__}{hint}.")]


class Text(Spec):
    """A string."""

    name = "text"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for a value that should be text."""
        return [] if isinstance(value, str) else _wrong_type(self, value, path, line)


@dataclass
class Whole(Spec):
    """A whole number, optionally within a range."""

    low: int | None = None
    high: int | None = None
    name: str = "a whole number"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for a value that should be a whole number."""
        if isinstance(value, bool) or not isinstance(value, int):
            return _wrong_type(self, value, path, line)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            return [("CP105", line, f"'{path}' is {value}; it must be from {self.low} to {self.high}.")]
        return []


class Flag(Spec):
    """true or false."""

    name = "true or false"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for a value that should be a boolean."""
        return [] if isinstance(value, bool) else _wrong_type(self, value, path, line)


@dataclass
class OneOf(Spec):
    """A string from a fixed set."""

    allowed: tuple[Any, ...]
    name: str = "one of a fixed set"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for a value that must be one of `allowed`."""
        if value in self.allowed:
            return []
        if not isinstance(value, type(self.allowed[0])):
            return _wrong_type(Text() if isinstance(self.allowed[0], str) else Whole(), value, path, line)
        close = difflib.get_close_matches(str(value), [str(a) for a in self.allowed], n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        options = ", ".join(str(a) for a in self.allowed)
        return [("CP105", line, f"'{path}' is '{value}'; use one of: {options}.{hint}")]


@dataclass
class ListOf(Spec):
    """A list whose items all match one spec."""

    item: Spec
    name: str = "a list"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for a list and each of its items."""
        if not isinstance(value, list):
            return _wrong_type(self, value, path, line)
        found: list[Finding] = []
        for index, item in enumerate(value):
            found += self.item.check(item, f"{path}[{index}]", line_of(value, index, line))
        return found


@dataclass
class MapOf(Spec):
    """A mapping from text keys to values that all match one spec."""

    value: Spec
    keys: tuple[str, ...] | None = None
    name: str = "a mapping"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for a mapping and each of its values."""
        if not isinstance(value, dict):
            return _wrong_type(self, value, path, line)
        found: list[Finding] = []
        for key, item in value.items():
            key_line = line_of(value, key, line)
            if self.keys is not None and key not in self.keys:
                found += OneOf(self.keys).check(key, f"{path} key", key_line)
                continue
            if not isinstance(key, str):
                found += _wrong_type(Text(), key, f"{path} key", key_line)
                continue
            found += self.value.check(item, f"{path}.{key}", key_line)
        return found


@dataclass
class Record(Spec):
    """A mapping with named keys, some required."""

    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    name: str = "a mapping"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for unknown, missing and badly typed keys."""
        if not isinstance(value, dict):
            return _wrong_type(self, value, path, line)
        found: list[Finding] = []
        where = f"'{path}'" if path else "the file"
        for key in value:
            if key not in self.fields:
                close = difflib.get_close_matches(str(key), list(self.fields), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                found.append(("CP102", line_of(value, key, line), f"Unknown key '{key}' in {where}.{hint}"))
        for key in self.required:
            if key not in value:
                found.append(("CP103", getattr(value, "line", line) or line, f"{where} needs a '{key}' key."))
        for key, spec in self.fields.items():
            if key in value:
                found += spec.check(value[key], f"{path}.{key}" if path else key, line_of(value, key, line))
        return found


@dataclass
class Either(Spec):
    """Plain text, or a mapping of text plus extras (such as a source)."""

    record: Record
    name: str = "text or a mapping"

    def check(self, value: Any, path: str, line: int) -> list[Finding]:
        """Findings for text or for the mapping form."""
        if isinstance(value, str):
            return []
        if isinstance(value, dict):
            return self.record.check(value, path, line)
        return _wrong_type(self, value, path, line)


@dataclass
class FileShape:
    """The top-level shape of one kind of file."""

    kind: str
    record: Record = field(default_factory=lambda: Record({}))


CARD = Record(
    {
        "id": Text(), "label": Text(), "icon": Text(), "next": Text(), "job": Text(),
        "records": OneOf(CARD_RECORDS), "subjects": ListOf(Text()),
        "stereotype": OneOf(STEREOTYPE_KINDS), "fantasy": Text(),
    }
)
NODE = Record(
    {
        "say": MapOf(Text()),
        "cards": ListOf(CARD),
        "yes_no": Record({"yes": Text(), "no": Text(), "records": OneOf(("then_and_now",))}, ("yes", "no")),
        "text": Record({"listen_for": OneOf(LISTEN_FOR), "cards": ListOf(CARD)}, ("listen_for",)),
        "next": Text(), "end": Flag(), "when": OneOf(CONTEXT_KEYS), "then": Text(),
        "otherwise": Text(), "show": OneOf(CONTEXT_KEYS), "revisit": OneOf(CONTEXT_KEYS),
    }
)
BRIDGE = Record({"say": MapOf(Text()), "jobs": ListOf(Text())}, ("say", "jobs"))
SOURCE = Record(
    {"publisher": Text(), "title": Text(), "year": Whole(1900, 2100), "url": Text(), "note": Text()},
    ("publisher", "title", "year", "url"),
)
SHAPES: dict[str, Record] = {
    "session": Record(
        {
            "version": Whole(), "kind": Text(), "id": Text(), "band": OneOf(BANDS), "title": Text(),
            "minutes": Whole(5, 10), "years": ListOf(OneOf(tuple(range(7)))), "start": Text(),
            "nodes": MapOf(NODE),
        },
        ("version", "kind", "id", "band", "title", "minutes", "start", "nodes"),
    ),
    "jobs": Record(
        {
            "version": Whole(), "kind": Text(), "band": OneOf(BANDS),
            "jobs": MapOf(
                Record(
                    {
                        "soc2020": Text(), "title": Text(), "family": Text(), "icon": Text(),
                        "label": Text(), "says": Text(),
                    },
                    ("soc2020", "title", "family", "icon", "label", "says"),
                )
            ),
        },
        ("version", "kind", "band", "jobs"),
    ),
    "replies": Record(
        {
            "version": Whole(), "kind": Text(), "band": OneOf(BANDS), "lines": MapOf(Text()),
            "choices": MapOf(Record({"label": Text(), "icon": Text()}, ("label",))),
            "likes_cards": ListOf(CARD), "follow_up": MapOf(Text()), "unsure": BRIDGE,
            "fantasy": MapOf(BRIDGE), "stereotypes": MapOf(MapOf(Text()), keys=STEREOTYPE_KINDS),
        },
        ("version", "kind", "band", "lines", "choices", "likes_cards", "follow_up", "unsure", "fantasy",
         "stereotypes"),
    ),
    "challenges": Record(
        {
            "version": Whole(), "kind": Text(), "sources": MapOf(SOURCE),
            "jobs": MapOf(
                Record(
                    {
                        "soc2020": ListOf(Text()), "job": Text(),
                        "lines": MapOf(Either(Record({"text": Text(), "source": Text()}, ("text",))), keys=BANDS),
                    },
                    ("soc2020", "job", "lines"),
                )
            ),
        },
        ("version", "kind", "jobs"),
    ),
}
KINDS: tuple[str, ...] = tuple(SHAPES)


def check_shape(document: Any) -> list[Finding]:
    """Findings for the top-level shape of one parsed file."""
    if not isinstance(document, Mapping):
        return [("CP104", getattr(document, "line", 1) or 1, "A content file should be a mapping of keys.")]
    if document.get("version") != 1:
        line = line_of(document, "version")
        seen = document.get("version", "missing")
        return [("CP101", line, f"Unsupported version '{seen}'; this checker reads 'version: 1'.")]
    kind = document.get("kind")
    if kind not in SHAPES:
        return OneOf(KINDS).check(kind, "kind", line_of(document, "kind")) if "kind" in document else [
            ("CP103", document.line, "The file needs a 'kind' key (session, jobs, replies or challenges).")
        ]
    return SHAPES[kind].check(document, "", document.line)


def duplicate_keys(value: Any, path: str = "") -> list[Finding]:
    """Findings for keys written twice anywhere in a document (YAML keeps only the last)."""
    found: list[Finding] = []
    if isinstance(value, Mapping):
        for key, line in value.duplicates:
            found.append(("CP204", line, f"'{path + '.' if path else ''}{key}' is written twice; ids must be unique."))
        for key, item in value.items():
            found += duplicate_keys(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, Sequence):
        for index, item in enumerate(value):
            found += duplicate_keys(item, f"{path}[{index}]")
    return found
