"""YAML that remembers where things are, so every problem can say `file:line`.

PyYAML's safe loader forgets positions and silently keeps the last of two equal
keys. Content writers need both: the line to fix, and a warning when a line id is
written twice. YAML 1.1 also reads `yes`/`no`/`on`/`off` as booleans, which would
turn the keys of a yes/no answer into True/False, so only `true`/`false` are
booleans here.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class Mapping(dict):
    """A dict that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]
    duplicates: list[tuple[Any, int]]


class Sequence(list):
    """A list that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    """A safe loader with positions and YAML 1.2-style booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    """Build a Mapping, noting key lines and duplicate keys."""
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.duplicates = []
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key_line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) or key is None:
            key = str(key)
        if key in mapping:
            mapping.duplicates.append((key, key_line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_line
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    """Build a Sequence, noting the line of each item."""
    sequence = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlError(ValueError):
    """The text is not valid YAML; carries the line of the mistake."""

    def __init__(self, message: str, line: int) -> None:
        """Remember the message and line."""
        super().__init__(message)
        self.line = line


def parse(text: str) -> Any:
    """Parse one YAML document, keeping positions."""
    try:
        # A SafeLoader subclass.
        return yaml.load(text, Loader=_Loader)  # noqa: S506  # nosec B506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(f"{error.problem or error}", line) from error
    except yaml.YAMLError as error:
        raise YamlError(str(error), 1) from error


def line_of(container: Any, key: Any, default: int = 1) -> int:
    """The line of `key` inside a Mapping or Sequence, or a sensible fallback."""
    if isinstance(container, Mapping):
        return container.key_lines.get(key, container.line or default)
    if isinstance(container, Sequence) and isinstance(key, int) and key < len(container.item_lines):
        return container.item_lines[key]
    return getattr(container, "line", default) or default
