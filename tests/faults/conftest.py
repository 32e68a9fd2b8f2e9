"""Fault tests: a database of their own for gunicorn to serve, on the server the suite runs against."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from .served import suite_postgres_url

#: The fault tests' own PostgreSQL database, created and dropped around each test that serves one.
FAULTS_DATABASE = "convo_faults"


def _admin(url: str, statement: str) -> None:
    """Run one statement on the server's maintenance database, outside a transaction."""
    import psycopg
    server = make_url(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture
def served_database() -> Iterator[str | None]:
    """None on SQLite (the school lives in the instance folder); on PostgreSQL a fresh database, dropped after."""
    suite = suite_postgres_url()
    if suite is None:
        yield None
        return
    _admin(suite, f"DROP DATABASE IF EXISTS {FAULTS_DATABASE} WITH (FORCE)")
    _admin(suite, f"CREATE DATABASE {FAULTS_DATABASE}")
    try:
        yield make_url(suite).set(database=FAULTS_DATABASE).render_as_string(hide_password=False)
    finally:
        _admin(suite, f"DROP DATABASE IF EXISTS {FAULTS_DATABASE} WITH (FORCE)")
