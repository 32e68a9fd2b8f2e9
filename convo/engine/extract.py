"""Babel extraction of pupil-facing lines, and a plain iterator over them.

Each line is extracted as ``pgettext(line_id, text)``: the line id is the message
context, so two lines with the same English words can be translated differently
and a translation follows its id (Yarn Spinner's ``#line:`` idea in gettext
terms). Translator comments carry the id, band and kind.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from .loader import load
from .model import Line


def iter_lines(root: Path) -> Iterator[Line]:
    """Every pupil-facing line under a prompts directory (or in one file), in file order."""
    content, _ = load(root)
    yield from sorted(content.lines, key=lambda line: (line.file, line.lineno, line.id))


def extract_prompts(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor: yield (lineno, "pgettext", (line id, text), comments) for one YAML file."""
    data = fileobj.read()
    text = data.decode(options.get("encoding", "utf-8")) if isinstance(data, bytes) else data
    # The loader reads paths, so hand it the bytes Babel gave us through a temporary file.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "prompt.yaml")
        path.write_text(text, encoding="utf-8")
        for line in iter_lines(path):
            yield line.lineno, "pgettext", (line.id, line.text), [f"{line.id} ({line.band}, {line.kind})"]


#: The message context of a job title from the understanding data, shown to pupils as "{title}".
JOB_TITLE_CONTEXT = "job title"


def extract_job_titles(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor: yield each job title in occupations.yaml as ``pgettext("job title", title)``."""
    import yaml

    data = fileobj.read()
    text = data.decode(options.get("encoding", "utf-8")) if isinstance(data, bytes) else data
    lines = text.splitlines()
    for entry in (yaml.safe_load(text) or {}).get("occupations", []):
        title = entry["title"]
        lineno = next((n for n, line in enumerate(lines, 1) if f"title: {title}," in line), 0)
        yield lineno, "pgettext", (JOB_TITLE_CONTEXT, title), [f"A job title a pupil may hear (SOC {entry['soc']})"]
