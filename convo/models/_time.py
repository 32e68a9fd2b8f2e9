"""Timestamps stored in UTC, naive, so SQLite and PostgreSQL agree."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)
