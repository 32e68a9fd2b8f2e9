"""The published JSON Schema of a transition pack's document, and checking a document against it."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

#: The schema file this version of Convo writes packs to; a new major version gets a new file.
SCHEMA_FILE = Path(__file__).with_name("schema") / "transition-pack-1.schema.json"
SCHEMA_VERSION = 1


@cache
def schema() -> dict[str, Any]:
    """The pack schema, read once."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def schema_id() -> str:
    """The schema's $id, which each document names in its "schema" field."""
    return schema()["$id"]


@cache
def _validator() -> Draft202012Validator:
    """A validator for the schema that also checks dates and times."""
    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(document: Any) -> list[ValidationError]:
    """Each way the document breaks the schema, in document order."""
    return sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))


def _where(error: ValidationError) -> str:
    """The place in the document an error is about, e.g. "pupils/3/upn"."""
    return "/".join(map(str, error.absolute_path)) or "(document)"


def problems(document: Any) -> list[str]:
    """Each way the document breaks the schema, as "where: what" lines; empty when it is valid."""
    return [f"{_where(e)}: {e.message}" for e in _errors(document)]


class DoesNotFollowSchema(ValueError):
    """A document Convo made breaks its own schema; says where, never what the values were."""


def check_before_writing(document: Any) -> None:
    """Refuse to write a pack whose document breaks the schema.

    The error names each place and rule broken ("pupils/3/upn (pattern)") but quotes no value, so
    no pupil's words reach the server log.
    """
    errors = _errors(document)
    if errors:
        where = "; ".join(f"{_where(e)} ({e.validator})" for e in errors[:10])
        raise DoesNotFollowSchema(f"the pack document breaks schema {SCHEMA_VERSION}: {where}")


def validate(document: Any) -> None:
    """Raise jsonschema.ValidationError if the document does not follow the pack schema."""
    _validator().validate(document)
