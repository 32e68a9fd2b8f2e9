"""Plain-English error pages instead of tracebacks."""
from __future__ import annotations

from flask import Flask, render_template
from markupsafe import escape
from sqlalchemy.exc import SQLAlchemyError
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db

MESSAGES = {
    400: (_l("Something in that request was not right"),
          _l("Go back and try again. If it keeps happening, tell your school's Convo contact.")),
    403: (_l("That page is not for you"), _l("Your account cannot open this page.")),
    404: (_l("Page not found"),
          _l("There is nothing here, or it is not yours to see. Check the address, or go back.")),
    405: (_l("That did not work"), _l("Go back and use the buttons on the page.")),
    413: (_l("That file is too big"), _l("Upload a file smaller than 4 MB.")),
    429: (_l("Too many tries"), _l("Wait a minute, then try again.")),
    500: (_l("Something went wrong"),
          _l("Nothing you did caused this. Try again in a moment; your work so far is saved.")),
}


def render_error(error: HTTPException):
    """Show a friendly page for an HTTP error, with the right status code."""
    code = error.code or 500
    heading, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", heading=heading, message=message), code


def render_csrf_error(error: CSRFError):
    """A form sent without its security token, usually because it was open too long."""
    heading = _l("Please try that again")
    message = _l("The form had been open for a long time, or was sent from somewhere else. "
                 "Nothing was changed. Go back, reload the page and send it again.")
    return render_template("errors/error.html", heading=heading, message=message), 400


def render_server_error(error: Exception):
    """Undo the failed transaction and show a calm page, even when the database itself has gone away."""
    _forget_transaction()
    heading, message = MESSAGES[500]
    try:
        return render_template("errors/error.html", heading=heading, message=message), 500
    except SQLAlchemyError:
        # The page's frame needs the database (who is signed in, the school's language): say the same
        # words on a bare page rather than let the server print its own. Its rollback can fail too.
        _forget_transaction()
        body = (f'<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>{escape(str(heading))}</title>'
                f"<h1>{escape(str(heading))}</h1><p>{escape(str(message))}</p></html>")
        return body, 500, {"Content-Type": "text/html; charset=utf-8"}


def _forget_transaction() -> None:
    """Roll back the failed transaction; if the database has gone away, there is nothing to undo."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass


def release_session(_error: BaseException | None = None) -> None:
    """End the request's session before Flask-SQLAlchemy does, when the database may have gone away.

    Its own teardown rolls back and lets a failed rollback escape after the response is made, so the
    server would answer with a bare 500 instead of the calm page already rendered. Teardowns run in
    reverse order of registration, so this one, registered later, runs first.
    """
    try:
        db.session.remove()
    except SQLAlchemyError:
        # The failed rollback has invalidated the connection, so closing again only returns it.
        db.session.remove()


def init_app(app: Flask) -> None:
    """Register the error pages, and a teardown that survives the database going away."""
    app.teardown_appcontext(release_session)
    app.register_error_handler(CSRFError, render_csrf_error)
    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, render_error)
    app.register_error_handler(500, render_server_error)
