"""Convo: careers conversations for primary pupils, recorded and coded to SOC 2020."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from .paths import resource_dir

#: Secret keys that must never run a real school.
UNSAFE_SECRET_KEYS = {None, "", "dev", "change-me", "secret"}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure the Convo application."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("CONVO_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    refuse_unsafe_secret(app)

    from . import extensions, models  # noqa: F401  (models registers the tables)
    from . import (access, admin, analytics, auth, cards, errors, health, i18n, privacy, pupil, safeguarding,
                   school, schoolyear, security, signing, tablet, teacher, transition)
    from .cli import init_app as init_cli

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(resource_dir("migrations")))
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    for module in (signing, i18n, schoolyear, errors, auth, access, health, tablet, pupil, teacher, school,
                   cards, safeguarding, admin, analytics, transition, privacy):
        module.init_app(app)
    # Last, so every blueprint's views exist when the headers are set up.
    security.init_app(app)
    init_cli(app)
    return app


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Layer the settings: defaults, instance/config.py, CONVO_* variables, then the test mapping."""
    app.config.from_object("convo.config.Defaults")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("CONVO")
    else:
        app.config.from_mapping(test_config)
    database_url = app.config.get("DATABASE_URL") or os.environ.get("DATABASE_URL")
    if database_url and not (test_config and "SQLALCHEMY_DATABASE_URI" in test_config):
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "convo.sqlite"
        )


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for postgres:// and postgresql:// addresses."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def refuse_unsafe_secret(app: Flask) -> None:
    """Stop a real deployment from starting with a missing or well-known secret key."""
    if app.debug or app.testing:
        if not app.config.get("SECRET_KEY"):
            # Debug and tests only; refused otherwise.
            app.config["SECRET_KEY"] = "dev"  # nosec B105
        return
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    if isinstance(fallbacks, str) or any(key in UNSAFE_SECRET_KEYS for key in fallbacks):
        raise RuntimeError(
            "SECRET_KEY_FALLBACKS must be a list of the earlier keys, none of them missing or well known; "
            "see docs/key-rotation.md."
        )
    if app.config.get("SECRET_KEY") in UNSAFE_SECRET_KEYS:
        raise RuntimeError(
            "SECRET_KEY is missing or unsafe. Set CONVO_SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_hex(32))'), or put SECRET_KEY "
            f"in {os.path.join(app.instance_path, 'config.py')}."
        )
