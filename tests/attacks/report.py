"""What each attack and fault suite tried, printed at the end of the run."""
from __future__ import annotations

#: One (suite, tried, failed, detail) row per record() call, in the order they were made.
RESULTS: list[tuple[str, int, int, str]] = []


def record(suite: str, tried: int, failed: int, detail: str = "") -> None:
    """Note what a suite tried and how many of those tries went wrong."""
    RESULTS.append((suite, tried, failed, detail))


def pytest_terminal_summary(terminalreporter) -> None:
    """Print one line per suite, with its details below, so CI's log says what was tried."""
    if not RESULTS:
        return
    terminalreporter.section("what the attack and fault suites tried")
    totals: dict[str, list] = {}
    for suite, tried, failed, detail in RESULTS:
        total = totals.setdefault(suite, [0, 0, []])
        total[0] += tried
        total[1] += failed
        if detail:
            total[2].append(detail)
    for suite, (tried, failed, details) in totals.items():
        terminalreporter.write_line(f"{suite}: tried {tried}, failed {failed}"
                                    + "".join(f"\n    {detail}" for detail in details))
