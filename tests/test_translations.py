"""Every language's catalogue is complete: each string extracted fresh from the source is translated.

The template is extracted here, from the code, templates, prompts and job titles as they are now (the
same command as `make babel-extract`), so a string added without a translation fails this test.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
#: %(name)s-style and {name}-style placeholders; both must survive translation unchanged.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    """The placeholder names in a message."""
    return {a or b for a, b in PLACEHOLDER.findall(text or "")}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The messages extracted fresh from the source, as `make babel-extract` writes them."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "translations" / "babel.cfg"),
                                "-k", "_l", "-k", "lazy_gettext", "-k", "ngettext:1,2", "--project", "Convo",
                                "-o", str(out), str(ROOT)])
    with out.open("rb") as file:
        return read_po(file)


def _catalogue(path: Path):
    """One language's catalogue."""
    with path.open("rb") as file:
        return read_po(file, locale=path.parents[1].name)


def _key(message) -> tuple[str | None, str]:
    """A message's identity: its context and its (singular) English text."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def _text(string) -> tuple[str, ...]:
    """A translation's text as a tuple of its forms (one, or one per plural form)."""
    return (string,) if isinstance(string, str) else tuple(string)


def test_there_is_a_welsh_catalogue():
    """Welsh (cy) is one of the catalogues."""
    assert "cy" in [path.parents[1].name for path in CATALOGUES]


def test_template_holds_every_kind_of_string(template):
    """The extraction reads code, templates, the pupils' prompts and the job titles."""
    keys = {_key(m) for m in template if m.id}
    assert (None, "Stop for now") in keys  # a template
    assert (None, "Before you start, here is what happens to your answers.") in keys  # the privacy notice
    assert ("job title", "vet") in keys  # the understanding data
    assert any(context and context.startswith("ks1.") for context, _ in keys)  # the prompts
    assert len(keys) > 2000


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parents[1].name)
def test_catalogue_has_every_string(template, path):
    """No string in the fresh template is missing from the catalogue."""
    have = {_key(m) for m in _catalogue(path) if m.id}
    missing = sorted((str(c), i) for c, i in ({_key(m) for m in template if m.id} - have))
    assert missing == [], f"{len(missing)} missing; run make babel-update and translate them"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parents[1].name)
def test_catalogue_has_no_empty_or_fuzzy_entry(path):
    """Every entry is translated, in every plural form, and checked (no fuzzy flag)."""
    catalogue = _catalogue(path)
    untranslated = [_key(m) for m in catalogue if m.id and (
        not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [_key(m) for m in catalogue if m.id and m.fuzzy]
    plural_forms = {len(m.string) for m in catalogue if m.id and isinstance(m.string, tuple)}
    assert untranslated == []
    assert fuzzy == []
    assert plural_forms <= {catalogue.num_plurals}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parents[1].name)
def test_placeholders_match(path):
    """Each translation keeps exactly the English text's placeholders, so nothing fails or goes missing."""
    wrong = []
    for message in _catalogue(path):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(placeholders(i) for i in ids))
        wrong += [(_key(message), s) for s in strings if placeholders(s) != wanted]
    assert wrong == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parents[1].name)
def test_catalogue_is_compiled(path):
    """The compiled catalogue the app reads (built by make install) holds exactly what the .po says."""
    compiled = path.with_suffix(".mo")
    assert compiled.is_file(), "run make install (or make babel-compile)"
    with compiled.open("rb") as file:
        built = {_key(m): _text(m.string) for m in read_mo(file) if m.id}
    written = {_key(m): _text(m.string) for m in _catalogue(path) if m.id and not m.fuzzy}
    assert built == written, "the .mo is out of date: run make install (or make babel-compile)"


def test_the_checks_can_fail():
    """The placeholder check sees a lost or renamed placeholder."""
    assert placeholders("Hello %(name)s, {title}!") == {"name", "title"}
    assert placeholders("Helô %(enw)s!") != placeholders("Hello %(name)s!")
