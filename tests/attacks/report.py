"""A line per attack suite at the end of the test run: what it tried and how many got through.

A suite calls `record("Access matrix", tried, failed, "65 routes × 8 roles")`; the totals are
printed in pytest's terminal summary, so a run shows how much was attacked, not only that it passed.
"""
from __future__ import annotations

#: (suite, tried, failed, detail), in the order the suites recorded them.
_results: list[tuple[str, int, int, str]] = []


def record(suite: str, tried: int, failed: int, detail: str = "") -> None:
    """Note what one attack suite tried and how many attempts succeeded (0 is the goal)."""
    _results.append((suite, tried, failed, detail))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print one line per recorded attack suite."""
    if not _results:
        return
    terminalreporter.section("attack suites")
    for suite, tried, failed, detail in _results:
        extra = f" ({detail})" if detail else ""
        terminalreporter.write_line(f"{suite}: {tried:,} tried, {failed:,} got through{extra}")
