"""Nothing is reachable across schools or classes: a walk over every route in the app's URL map.

New routes are covered automatically; a route with a URL argument this test does not know how to
fill fails the test, so whoever adds it must say what the argument means.
"""
from __future__ import annotations

import pytest


#: Endpoints anyone may open: the front door, sign-in, the health check and static files.
PUBLIC = {"static", "auth.index", "auth.sign_in", "auth.sign_out", "auth.set_password", "health.healthz",
          "language.choose"}  # the English / Cymraeg switch: it only sets the session's language
#: Endpoints for the shared tablet; they check the tablet's class themselves (tested below).
TABLET = "tablet."
PUPIL = "pupil."
ADMIN = "admin."


def fill(argument: str, world: dict) -> object:
    """A value for a URL argument, always pointing at the *other* school's records."""
    other = world["other"]
    values = {
        "school_id": other["school"].id,
        "class_id": other["class_a"].id,
        "pupil_id": other["pupil_a"].id,
        "staff_id": other["teacher_a"].id,
        "code": other["class_a"].sign_in_code,
        "token": "not-a-real-token",
        "year_group": 3,
        # The other school's pupil is refused before any conversation is looked up.
        "conversation_id": 1,
        "name": "coverage",
        # The other school's id is refused before any concern is looked up.
        "concern_id": 1,
        # The other school's pupil is refused before any stereotype event is looked up.
        "stereotype_id": 1,
        "filename": "css/convo.css",
        # Packs are looked up only after the school is refused; batches are random hex.
        "pack_id": 1,
        "batch": "0123456789abcdef",
        "number": 1,
    }
    if argument not in values:
        pytest.fail(f"test_access does not know how to fill the URL argument {argument!r}; add it")
    return values[argument]


def routes(app, prefix_filter):
    """(endpoint, method, rule) for every GET/POST route matching the filter."""
    found = []
    for rule in app.url_map.iter_rules():
        if not prefix_filter(rule.endpoint):
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            found.append((rule.endpoint, method, rule))
    return found


def build(app, rule, world) -> str:
    """The URL of a rule with every argument filled from the other school."""
    values = {arg: fill(arg, world) for arg in rule.arguments}
    return app.url_map.bind("convo.test").build(rule.endpoint, values)


def is_staff_route(endpoint: str) -> bool:
    """Everything that is not public, tablet or pupil is for staff."""
    return endpoint not in PUBLIC and not endpoint.startswith((TABLET, PUPIL))


def refused(response, sign_in_path: str = "/sign-in") -> bool:
    """A refusal: not found, forbidden, or sent to sign in."""
    if response.status_code in (403, 404):
        return True
    return response.status_code in (301, 302, 303) and response.headers["Location"].startswith(sign_in_path)


def no_leak(response, world) -> bool:
    """The other school's pupils' names are nowhere in the response."""
    body = response.get_data(as_text=True)
    return all(world["other"][p].surname not in body for p in ("pupil_a", "pupil_b"))


def test_walk_covers_the_staff_routes(app):
    """The walk really sees the school, class and admin pages (a guard against an empty walk)."""
    endpoints = {e for e, _m, _r in routes(app, is_staff_route)}
    assert {"school.dashboard", "school.staff_list", "school.roster_upload", "teacher.class_page",
            "admin.schools", "records.pupil_page", "analytics.overview", "analytics.download",
            "school.year_group_settings"} <= endpoints
    assert len(endpoints) >= 15


@pytest.mark.parametrize("who", ["anonymous", "pupil", "home careers leader", "home teacher",
                                 "home dsl"])
def test_staff_routes_refuse_outsiders(app, client, auth, two_schools, who):
    """Every staff route refuses the other school's ids, a pupil and an anonymous visitor."""
    home = two_schools["home"]
    if who == "pupil":
        auth.pupil(home["pupil_a"])
    elif who != "anonymous":
        auth.sign_in(home[{"home careers leader": "leader", "home teacher": "teacher_a",
                           "home dsl": "dsl"}[who]])
    tried = 0
    for endpoint, method, rule in routes(app, is_staff_route):
        url = build(app, rule, two_schools)
        response = client.open(url, method=method, data={})
        if who not in ("anonymous", "pupil") and not rule.arguments:
            # A page about the person themself (their list of schools): theirs to open, but it
            # must still show nothing of the other school.
            assert no_leak(response, two_schools), url
            continue
        assert refused(response), f"{who} reached {method} {url} ({endpoint}): {response.status_code}"
        assert no_leak(response, two_schools), f"{method} {url} showed another school's pupil"
        tried += 1
    assert tried >= 15


def test_teacher_cannot_open_colleagues_class(app, client, auth, two_schools):
    """Within one school, a teacher sees their own class only."""
    home = two_schools["home"]
    auth.sign_in(home["teacher_a"])
    tried = 0
    for endpoint, method, rule in routes(app, lambda e: e.startswith(("teacher.", "records."))):
        values = {"school_id": home["school"].id, "class_id": home["class_b"].id,
                  "pupil_id": home["pupil_b"].id, "conversation_id": 1, "stereotype_id": 1}
        url = app.url_map.bind("convo.test").build(endpoint, {a: values[a] for a in rule.arguments})
        response = client.open(url, method=method, data={})
        assert refused(response), f"teacher reached {method} {url}"
        assert home["pupil_b"].surname not in response.get_data(as_text=True)
        tried += 1
    assert tried >= 6


def test_careers_leader_pages_refuse_teachers(app, client, auth, two_schools):
    """School set-up pages are for the careers leader, not for teachers or the DSL."""
    home = two_schools["home"]
    leader_only = ("school.staff_list", "school.staff_edit", "school.staff_remove", "school.class_list",
                   "school.class_new", "school.class_edit", "school.roster_upload", "school.roster_import",
                   "school.settings", "analytics.overview", "analytics.download",
                   "transition.overview", "transition.build", "transition.send", "transition.receipt",
                   "transition.withdraw", "transition.download", "transition.send_all",
                   # Marking a pupil as left (or not) is for those who import the roster, even
                   # though the pupil's own teacher opens the page the form is on.
                   "records.mark_left", "records.not_left")
    assert {e for e, _m, _r in routes(app, lambda e: e in leader_only)} == set(leader_only)
    for person in ("teacher_a", "dsl"):
        auth.sign_in(home[person])
        for endpoint, method, rule in routes(app, lambda e: e in leader_only):
            values = {"school_id": home["school"].id, "class_id": home["class_a"].id,
                      "staff_id": home["teacher_b"].id, "name": "coverage", "pack_id": 1,
                      "pupil_id": home["pupil_a"].id}
            url = app.url_map.bind("convo.test").build(endpoint, {a: values[a] for a in rule.arguments})
            assert client.open(url, method=method, data={}).status_code == 404, (person, url)
        auth.sign_out()


def test_admin_pages_refuse_school_staff(app, client, auth, two_schools):
    """Only a deployment administrator opens the administrator pages."""
    auth.sign_in(two_schools["home"]["leader"])
    for endpoint, method, rule in routes(app, lambda e: e.startswith(ADMIN)):
        assert client.open(build(app, rule, two_schools), method=method, data={}).status_code == 404


def test_admin_sees_no_pupils(app, client, auth, two_schools, create_staff):
    """A deployment administrator runs schools but opens no school's pupil pages."""
    admin = create_staff(None, name="Admin", is_admin=True)
    auth.sign_in(admin)
    for endpoint, method, rule in routes(app, lambda e: e.startswith(("school.", "teacher."))):
        if rule.arguments:
            response = client.open(build(app, rule, two_schools), method=method, data={})
            assert refused(response), f"admin reached {method} {rule.rule}"


def test_pupil_routes_need_a_pupil(app, client, auth, two_schools):
    """Pupil pages refuse staff and anonymous visitors."""
    auth.sign_in(two_schools["home"]["leader"])
    for endpoint, method, rule in routes(app, lambda e: e.startswith(PUPIL)):
        response = client.open(build(app, rule, two_schools), method=method, data={})
        assert refused(response, "/tablet/"), rule.rule


def test_tablet_cannot_sign_in_another_schools_pupil(client, auth, two_schools):
    """A tablet on one school's class cannot tap a pupil of another school."""
    auth.join_class(two_schools["home"]["class_a"])
    assert client.post(f"/tablet/names/{two_schools['other']['pupil_a'].id}").status_code == 404
    assert client.get("/pupil/").headers["Location"] == "/tablet/"
