"""Extraction for translators, and `convo export-lines` with a gettext catalogue."""

from __future__ import annotations

import io
import json

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from click.testing import CliRunner

from convo.engine import prompts_dir
from convo.engine.cli import export_lines_command
from convo.engine.export import export_lines
from convo.engine.extract import extract_prompts


def test_extractor_yields_every_line_once_with_its_id_as_context(content):
    """Babel, running our extractor over every file, finds every line, keyed by line id."""
    found = {}
    for path in sorted(prompts_dir().rglob("*.yaml")):
        with path.open("rb") as handle:
            for lineno, message, comments, context in extract(extract_prompts, handle):
                assert lineno >= 1 and comments and context not in found
                found[context] = message
    assert found == {line.id: line.text for line in content.lines}


def test_extractor_reads_the_bytes_babel_gives_it():
    """The extractor works on a file object, not a path."""
    text = b'version: 1\nkind: jobs\nband: ks1\njobs:\n  vet: {soc2020: "2240", title: vet, family: Animal care, ' \
           b'icon: paw-prints, label: Vet, says: "A vet helps animals."}\n'
    results = list(extract_prompts(io.BytesIO(text), ["pgettext"], [], {}))
    assert [(r[1], r[2]) for r in results] == [("pgettext", ("ks1.jobs.vet.label", "Vet")),
                                               ("pgettext", ("ks1.jobs.vet.says", "A vet helps animals."))]


def test_export_lines_writes_one_json_object_per_line(content):
    """Every line is exported with id, band, text and kind."""
    result = CliRunner().invoke(export_lines_command, [])
    assert result.exit_code == 0
    rows = [json.loads(row) for row in result.output.splitlines()]
    assert len(rows) == len(content.lines)
    assert set(rows[0]) == {"id", "band", "text", "kind"}
    assert {row["kind"] for row in rows} == {"say", "choice", "card"}
    assert {row["band"] for row in rows} == {"reception", "ks1", "lower_ks2", "upper_ks2"}


def test_export_uses_a_catalogue_and_falls_back_to_english(tmp_path):
    """A translated line comes out in Welsh; untranslated lines stay English."""
    catalog = Catalog(locale="cy")
    catalog.add("Vet", "Milfeddyg", context="reception.jobs.vet.label")
    folder = tmp_path / "translations" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    rows = {row["id"]: row["text"] for row in export_lines(prompts_dir(), "cy", tmp_path / "translations")}
    assert rows["reception.jobs.vet.label"] == "Milfeddyg"
    assert rows["ks1.jobs.vet.label"] == "Vet"


def test_export_without_a_catalogue_is_english(tmp_path):
    """A locale with no catalogue falls back to English."""
    rows = list(export_lines(prompts_dir(), "fr", tmp_path))
    assert rows[0]["text"] and all(isinstance(row["text"], str) for row in rows)
