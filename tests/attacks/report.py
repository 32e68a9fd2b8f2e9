"""What each attack suite tried, printed at the end of the run: "CSRF: 57 routes × 2 forged requests, 0 accepted"."""
from __future__ import annotations

#: One line per suite run: (suite, tried, failed, detail).
RESULTS: list[tuple[str, int, int, str]] = []


def record(suite: str, tried: int, failed: int, detail: str = "") -> None:
    """Note how many attacks a suite tried and how many got through."""
    RESULTS.append((suite, tried, failed, detail))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print the recorded counts after the test results."""
    if not RESULTS:
        return
    terminalreporter.section("attack suites")
    for suite, tried, failed, detail in RESULTS:
        terminalreporter.write_line(f"{suite}: {tried} tried, {failed} got through" + (f" ({detail})" if detail else ""))
