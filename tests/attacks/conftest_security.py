"""Shared pieces of the CSRF, header and rate-limit suites: the routes that change things, a snapshot of
every table, and signing in through the real pages with CSRF protection switched on."""
from __future__ import annotations

import re

from limits import parse_many
from sqlalchemy import select

from convo import create_app
from convo.extensions import db as _db
from tests.fixtures.auth import CODE_PAGE, next_code

#: The methods that may change something; every rule accepting one of them must demand a token.
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
#: The message of the friendly page a refused form gets (convo/errors.py render_csrf_error).
CSRF_PAGE = b"Please try that again"
#: Routes a visitor reaches before signing in; the forgery comes from a browser with no account.
ANONYMOUS = {"auth.sign_in", "auth.set_password", "tablet.start"}
TOKEN = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


def state_changing_rules() -> list[tuple[str, str, list[str]]]:
    """(endpoint, rule, methods) of every route that accepts a state-changing method, from the real URL map."""
    app = create_app({"TESTING": True, "SECRET_KEY": "routes only", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    found = []
    for rule in app.url_map.iter_rules():
        methods = sorted(set(rule.methods or ()) & STATE_CHANGING)
        if methods:
            found.append((rule.endpoint, rule.rule, methods))
    return sorted(found)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, so a refused request can be shown to have changed nothing at all."""
    _db.session.remove()
    with _db.engine.connect() as connection:
        return {table.name: sorted(map(repr, connection.execute(select(table)).all()))
                for table in _db.metadata.sorted_tables}


def row_counts(tables: dict[str, list[tuple]]) -> dict[str, int]:
    """How many rows each table holds in a snapshot."""
    return {name: len(rows) for name, rows in tables.items()}


def token_from(client, path: str) -> str:
    """The CSRF token in the first form of the page at `path`."""
    response = client.get(path)
    found = TOKEN.search(response.data)
    assert found, f"no CSRF token on {path} ({response.status_code})"
    return found.group(1).decode()


def post_with_token(client, page: str, path: str, data: dict | None = None):
    """Post to `path` the way a browser does, with the token from the form on `page`."""
    return client.post(path, data={**(data or {}), "csrf_token": token_from(client, page)})


def sign_in_staff(client, staff, password: str):
    """Sign a member of staff in through the sign-in form, token and all, and the app's code if asked."""
    response = post_with_token(client, "/sign-in", "/sign-in", {"email": staff.email, "password": password})
    assert response.status_code == 302, response.status_code
    if response.headers["Location"] == CODE_PAGE:
        response = post_with_token(client, CODE_PAGE, CODE_PAGE, {"code": next_code(staff)})
        assert response.headers["Location"] == "/schools/", response.headers.get("Location")
    return response


def sign_in_pupil(client, pupil):
    """Put the tablet on the pupil's class, tap their name and hear the notice, each with its token."""
    assert client.get(f"/tablet/join/{pupil.school_class.sign_in_code}").status_code == 302
    response = post_with_token(client, "/tablet/names", f"/tablet/names/{pupil.id}")
    assert response.headers["Location"] == "/pupil/", response.headers.get("Location")
    if client.get("/pupil/").headers.get("Location", "").endswith("/pupil/privacy"):
        post_with_token(client, "/pupil/privacy", "/pupil/privacy")
    assert client.get("/pupil/").status_code == 200


def cookies_set(response) -> dict[str, dict[str, str | bool]]:
    """Each cookie a response sets, with its attributes in lower case (flags as True)."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        name_value, *attributes = [part.strip() for part in header.split(";")]
        name = name_value.split("=", 1)[0]
        found[name] = {}
        for attribute in attributes:
            key, _sep, value = attribute.partition("=")
            found[name][key.lower()] = value or True
    return found


def limit_of(setting: str) -> int:
    """How many attempts a minute a shipped limit allows, e.g. 10 for "10 per minute; 60 per hour"."""
    per_minute = [item for item in parse_many(setting) if item.GRANULARITY.name == "minute"]
    assert len(per_minute) == 1, setting
    return per_minute[0].amount


def attempts(client, send, allowed: int) -> list[int]:
    """Status codes of `allowed` + 1 attempts."""
    return [send(client).status_code for _ in range(allowed + 1)]


def assert_refused_kindly(response, words: bytes) -> None:
    """A 429 with the app's own page: its words, no traceback."""
    assert response.status_code == 429
    assert words in response.data and b"Traceback" not in response.data
    assert b"<main" in response.data
