"""The invented development sets in this folder stay above the product's bars."""
from __future__ import annotations

import pytest

from pathlib import Path

from convo.understanding.scoring import score

DEV_SETS = sorted(Path(__file__).resolve().parent.glob("dev_utterances*.jsonl"))


@pytest.fixture(scope="module")
def report() -> dict:
    """Score both development sets once."""
    return score(DEV_SETS)


def figure(report: dict, name: str) -> float:
    """One measure's value by name."""
    return next(m["value"] for m in report["measures"] if m["name"].startswith(name))


def test_bars(report: dict) -> None:
    """Each measure meets its bar on the development sets (they are not the acceptance test)."""
    assert figure(report, "safeguarding recall") >= 0.95
    assert figure(report, "safeguarding false alarms") <= 0.10
    assert figure(report, "aspirations SOC") >= 0.80
    assert figure(report, "fantasy / unsure") >= 0.85
    assert figure(report, "stereotype detection") >= 0.80
    assert figure(report, "personal-details recall") >= 0.90


def test_speed(report: dict) -> None:
    """At least 1,000 utterances a second on one core, and a first call within a second (CPU time, so a
    busy machine does not count against it; the report gives the clock's figures too)."""
    assert report["speed"]["utterances_per_cpu_second"] >= 1000
    assert report["speed"]["first_call_cpu_seconds"] <= 1.0
