"""Signing keys, and rotating them: the new SECRET_KEY signs, keys in SECRET_KEY_FALLBACKS still verify.

Flask 3.1 checks the session cookie against SECRET_KEY_FALLBACKS by itself. The tablet's class cookie
and the forms' CSRF tokens are signed with itsdangerous, which takes a list of keys, oldest first,
and signs with the last; this module gives both the same list, so a rotation signs nobody out.
Password links are random tokens kept hashed in the database and do not depend on the key at all.
"""
from __future__ import annotations

from flask import Flask, current_app


def signing_keys(app: Flask | None = None) -> list[str | bytes]:
    """The keys a signature may be made with: the fallbacks, then the current key (which signs)."""
    app = app or current_app
    return [*(app.config.get("SECRET_KEY_FALLBACKS") or ()), app.secret_key]


def init_app(app: Flask) -> None:
    """Let CSRF tokens from forms opened before a rotation still be accepted after it."""
    if app.config.get("SECRET_KEY_FALLBACKS") and not app.config.get("WTF_CSRF_SECRET_KEY"):
        # Flask-WTF hands this to itsdangerous, which accepts a list of keys, newest last.
        app.config["WTF_CSRF_SECRET_KEY"] = signing_keys(app)
