"""Shared test set-up: fixtures live in tests/fixtures and are registered here."""

pytest_plugins = [
    "tests.fixtures.app",
    "tests.fixtures.factories",
    "tests.fixtures.auth",
    "tests.fixtures.browser",
    "tests.attacks.report",
]
