"""Fixtures for the conversation engine tests: real content, a fake analyser, content builders."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from convo.engine import Engine, check, icons_dir, prompts_dir
from convo.engine.model import Content

HERE = Path(__file__).parent
BASE = HERE / "fixtures" / "base"
INVALID = HERE / "invalid"
TRANSCRIPTS = HERE / "transcripts"


class FakeAnalyser:
    """Stands in for the understanding package: returns whatever a test says `analyse` would."""

    def __init__(self) -> None:
        """Start with no scripted answers."""
        self.results: dict[str, dict] = {}
        self.calls: list[tuple[str, object]] = []

    def says(self, text: str, **result: object) -> str:
        """Script the analysis for one text; the text itself is returned for convenience."""
        self.results[text] = {"redacted": text, **result}
        return text

    def __call__(self, text: str, year_group: object) -> dict:
        """The analysis for `text`: scripted, else a plain redacted copy with nothing found."""
        self.calls.append((text, year_group))
        return self.results.get(text, {"redacted": text})


@pytest.fixture(scope="session")
def content() -> Content:
    """The real content, checked once per test run."""
    result = check(prompts_dir(), icons_dir())
    assert not result.problems, "\n".join(str(p) for p in result.problems)
    return result.content


@pytest.fixture
def analyser() -> FakeAnalyser:
    """A fresh fake analyser."""
    return FakeAnalyser()


@pytest.fixture
def engine(content: Content, analyser: FakeAnalyser) -> Engine:
    """An engine over the real content with the fake analyser."""
    return Engine(content, analyser)


@pytest.fixture
def with_fixture(tmp_path: Path) -> Callable[[Path], Path]:
    """Build a content folder from the valid base plus one fixture file; return its path."""

    def build(fixture: Path) -> Path:
        """Copy the base, then add the fixture (or replace the base file it names)."""
        root = tmp_path / "prompts"
        shutil.copytree(BASE, root)
        replaces = re.search(r"^# replaces: (\S+)", fixture.read_text(encoding="utf-8"), re.MULTILINE)
        shutil.copy(fixture, root / replaces.group(1) if replaces else root / fixture.name)
        return root

    return build
