"""Every state-changing route refuses a forged request: no CSRF token, or another browser's token.

The routes come from the app's own URL map (every rule accepting POST, PUT, PATCH or DELETE), so a new
route is covered without touching this file. Each forged request is sent by a browser signed in with
every role the route could need; it must get the friendly 400 page and leave every table exactly as it
was. A control sends the same request with the right token and must get past the check, which shows
the 400 came from the token and not from something else.
"""
from __future__ import annotations

import pytest

from convo.auth.operations import create_password_link
from convo.extensions import csrf
from convo.models import Role
from tests.attacks.report import record
from tests.fixtures.factories import PASSWORD
from tests.fixtures.talk import play

from .conftest_security import (ANONYMOUS, CSRF_PAGE, row_counts, sign_in_pupil, sign_in_staff, snapshot,
                                state_changing_rules, token_from)

RULES = state_changing_rules()
#: Routes a pupil uses on the class tablet; the rest are staff pages.
PUPIL_BLUEPRINTS = ("pupil.", "tablet.")


@pytest.fixture
def app_config() -> dict:
    """CSRF protection on, as in production (the other tests switch it off)."""
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def world(app, db, client, create_school, create_staff, create_class, create_pupil):
    """A school with one of everything a route may name, and a browser for each kind of visitor."""
    school = create_school()
    staff = create_staff(school, *Role, name="Every Role", is_admin=True)
    colleague = create_staff(school, Role.TEACHER, name="A Colleague", with_password=False)
    school_class = create_class(school, "Oak", 6, teachers=[staff])
    pupil = create_pupil(school_class, "Ivy", "Hall")
    conversation = play(pupil)
    token = create_password_link(colleague)
    db.session.commit()
    ids = {"school_id": school.id, "class_id": school_class.id, "pupil_id": pupil.id,
           "conversation_id": conversation.id, "staff_id": colleague.id, "year_group": 6, "token": token,
           "concern_id": 1, "stereotype_id": 1, "pack_id": 1}
    browsers = {"staff": app.test_client(), "pupil": app.test_client(), "anonymous": app.test_client()}
    sign_in_staff(browsers["staff"], staff, PASSWORD)
    sign_in_pupil(browsers["pupil"], pupil)
    browsers["anonymous"].get("/sign-in")
    # The attacker's own, perfectly valid token: valid for their session, wrong for the victim's.
    attacker = app.test_client()
    return {"ids": ids, "browsers": browsers, "wrong_token": token_from(attacker, "/sign-in")}


def visitor(endpoint: str) -> str:
    """Which browser a route's real user has: a visitor with no account, a pupil's tablet, or staff."""
    if endpoint in ANONYMOUS:
        return "anonymous"
    return "pupil" if endpoint.startswith(PUPIL_BLUEPRINTS) else "staff"


def address(rule: str, ids: dict) -> str:
    """The rule's path with a real id for each of its parts."""
    path = rule
    for name, value in ids.items():
        for converter in ("int:", ""):
            path = path.replace(f"<{converter}{name}>", str(value))
    assert "<" not in path, f"no value for a part of {rule}; add it to the world fixture"
    return path


def forgeries(wrong_token: str) -> dict[str, dict]:
    """The two forged requests: no token at all, and another session's token in the form and the header."""
    return {"no token": {"data": {}},
            "wrong token": {"data": {"csrf_token": wrong_token}, "headers": {"X-CSRFToken": wrong_token}}}


def forged_requests_accepted(world, rules=RULES) -> tuple[int, list[str]]:
    """Send both forgeries to every state-changing route; how many were sent, and which got through."""
    accepted = []
    sent = 0
    for endpoint, rule, methods in rules:
        client = world["browsers"][visitor(endpoint)]
        path = address(rule, world["ids"])
        for method in methods:
            for name, request in forgeries(world["wrong_token"]).items():
                before = snapshot()
                response = client.open(path, method=method, **request)
                after = snapshot()
                sent += 1
                if response.status_code != 400 or CSRF_PAGE not in response.data:
                    accepted.append(f"{method} {rule} ({endpoint}), {name}: answered {response.status_code}")
                if after != before:
                    changed = {t for t in before if before[t] != after[t]}
                    accepted.append(f"{method} {rule} ({endpoint}), {name}: changed {sorted(changed)} "
                                    f"(rows before {row_counts(before)}, after {row_counts(after)})")
    return sent, accepted


def test_the_url_map_has_state_changing_routes():
    """The list is the app's own: staff, pupil and sign-in routes are all in it."""
    endpoints = {endpoint for endpoint, _rule, _methods in RULES}
    assert {"auth.sign_in", "auth.sign_out", "pupil.answer", "tablet.tap_name", "safeguarding.move",
            "privacy.erase", "transition.send", "admin.schools"} <= endpoints
    assert len(RULES) >= 30


def test_every_state_changing_route_refuses_forged_requests(world):
    """No route accepts a request without its token or with another session's, and nothing changes."""
    sent, accepted = forged_requests_accepted(world)
    record("CSRF", sent, len(accepted), f"{len(RULES)} state-changing routes × 2 forged requests")
    assert sent >= 2 * len(RULES)
    assert not accepted, "\n".join(accepted)


@pytest.mark.parametrize("endpoint, rule, methods", RULES, ids=[r[0] for r in RULES])
def test_the_right_token_gets_past_the_check(world, endpoint, rule, methods):
    """The control: with the browser's own token the same request is not refused as a forgery."""
    client = world["browsers"][visitor(endpoint)]
    page = "/sign-in" if visitor(endpoint) != "pupil" else "/pupil/"
    good = token_from(client, page)
    response = client.open(address(rule, world["ids"]), method=methods[0], data={"csrf_token": good})
    assert CSRF_PAGE not in response.data, response.status_code


def test_the_check_catches_an_exempt_route(app, world):
    """Were a route left without protection, the suite would say so: exempt one and it is reported."""
    view = app.view_functions["records.mark_reviewed"]
    csrf.exempt(view)
    try:
        _sent, accepted = forged_requests_accepted(world)
    finally:
        csrf._exempt_views.discard(f"{view.__module__}.{view.__name__}")
    assert accepted and all("records.mark_reviewed" in line for line in accepted), accepted


def test_the_check_sees_changes_in_the_database(app, world):
    """With protection switched off, a forged "reviewed" gets through, and the change it made is seen."""
    app.config["WTF_CSRF_ENABLED"] = False
    reviewed = [rule for rule in RULES if rule[0] == "records.mark_reviewed"]
    _sent, accepted = forged_requests_accepted(world, reviewed)
    assert any(" changed [" in line and "'conversation'" in line.split("(rows")[0] for line in accepted), accepted
