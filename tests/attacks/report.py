"""What each attack and fault suite tried, printed at the end of the run."""
from __future__ import annotations

#: One (suite, tried, failed, detail) row per record() call, in the order they were made.
RESULTS: list[tuple[str, int, int, str]] = []


def record(suite: str, tried: int, failed: int, detail: str = "") -> None:
    """Note what a suite tried and how many of those tries went wrong."""
    RESULTS.append((suite, tried, failed, detail))


def pytest_terminal_summary(terminalreporter) -> None:
    """Print one line per record, so CI's log says what was tried."""
    if not RESULTS:
        return
    terminalreporter.section("what the attack and fault suites tried")
    for suite, tried, failed, detail in RESULTS:
        terminalreporter.write_line(f"{suite}: tried {tried}, failed {failed}" + (f" ({detail})" if detail else ""))
