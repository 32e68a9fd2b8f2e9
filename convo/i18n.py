"""Language choice for pages, through Flask-Babel."""
from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session

from flask_babel import get_locale

from .extensions import babel
from .paths import resource_dir


def select_locale() -> str | None:
    """Use the language chosen in this session, else the browser's best supported match."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # Commands run outside a request speak the deployment's default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with Convo's catalogues and locale selector."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(resource_dir("translations")),
    )
    app.context_processor(locale_context)


def locale_context() -> dict:
    """Give templates the page language as an HTML lang code (en-GB, cy)."""
    return {"current_locale_code": lambda: str(get_locale() or "en_GB").replace("_", "-")}
