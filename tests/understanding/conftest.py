"""Shared helpers for the understanding tests."""
from __future__ import annotations

import pytest

from convo.understanding import analyse


@pytest.fixture(scope="session", autouse=True)
def loaded() -> None:
    """Load the word lists once, so timing tests measure analysis, not loading."""
    analyse("warm up")

