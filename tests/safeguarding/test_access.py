"""Only the school's DSL and deputies reach the concern inbox and concern pages; all others get 404."""
from __future__ import annotations

import pytest

from convo.models import AuditRecord, Concern, Role

#: (endpoint, method) of every safeguarding page, with the roles that may use it.
PAGES = [
    ("safeguarding.inbox", "GET", {"dsl", "deputy"}),
    ("safeguarding.concern", "GET", {"dsl", "deputy"}),
    ("safeguarding.move", "POST", {"dsl", "deputy"}),
    ("safeguarding.confirm", "GET", {"dsl"}),
    ("safeguarding.confirm", "POST", {"dsl"}),
    ("safeguarding.settings", "GET", {"dsl"}),
    ("safeguarding.settings", "POST", {"dsl"}),
]


def refused(response) -> bool:
    """Not found, or sent to sign in (for someone not signed in as staff)."""
    if response.status_code == 404:
        return True
    return response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def url(app, endpoint: str, school, concern) -> str:
    """The page's address for this school and concern."""
    values = {"school_id": school.id}
    if endpoint in ("safeguarding.concern", "safeguarding.move"):
        values["concern_id"] = concern.id
    return app.url_map.bind("convo.test").build(endpoint, values)


def test_every_safeguarding_route_is_listed(app):
    """A new safeguarding route must be added to PAGES, so it is tested for access."""
    found = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("safeguarding.") for method in rule.methods & {"GET", "POST"}}
    assert found == {(endpoint, method) for endpoint, method, _who in PAGES}


@pytest.mark.parametrize("who", ["anonymous", "pupil", "teacher", "careers leader", "other school's DSL",
                                 "other school's deputy"])
def test_outsiders_are_refused_everything(app, client, auth, db, school_team, two_schools, create_staff,
                                          create_concern, who):
    """A teacher, a careers leader, another school's DSL, a pupil and an anonymous visitor see nothing."""
    concern = create_concern(school_team["pupil"])
    if who == "pupil":
        auth.pupil(school_team["pupil"])
    elif who == "other school's deputy":
        auth.sign_in(create_staff(two_schools["other"]["school"], Role.DEPUTY_DSL))
    elif who != "anonymous":
        auth.sign_in({"teacher": school_team["teacher"], "careers leader": school_team["leader"],
                      "other school's DSL": two_schools["other"]["dsl"]}[who])
    for endpoint, method, _allowed in PAGES:
        response = client.open(url(app, endpoint, school_team["school"], concern), method=method,
                               data={"to_state": "acknowledged", "confirm": "y", "escalation_minutes": "5"})
        assert refused(response), f"{who} reached {method} {endpoint}: {response.status_code}"
        assert concern.verbatim not in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Concern, concern.id).state == "new"
    assert db.session.query(AuditRecord).filter_by(action="concern_viewed").count() == 0


def test_dsl_cannot_reach_another_schools_concern_through_their_own_school(app, client, auth, school_team,
                                                                          two_schools, create_concern):
    """A concern id of another school is 404 even under the DSL's own school."""
    other = create_concern(two_schools["other"]["pupil_a"])
    auth.sign_in(school_team["dsl"])
    for endpoint in ("safeguarding.concern", "safeguarding.move"):
        method = "GET" if endpoint == "safeguarding.concern" else "POST"
        response = client.open(url(app, endpoint, school_team["school"], other), method=method,
                               data={"to_state": "acknowledged"})
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["dsl", "deputy"])
def test_dsl_and_deputy_open_the_inbox_and_concern(app, client, auth, school_team, create_concern, who):
    """The DSL and a deputy both see the inbox and the concern's words."""
    concern = create_concern(school_team["pupil"])
    auth.sign_in(school_team[who])
    inbox = client.get(url(app, "safeguarding.inbox", school_team["school"], concern))
    assert inbox.status_code == 200 and inbox.headers["Cache-Control"] == "no-store"
    page = client.get(url(app, "safeguarding.concern", school_team["school"], concern))
    assert page.status_code == 200 and concern.verbatim in page.get_data(as_text=True)


def test_deputy_cannot_confirm_or_change_escalation(app, client, auth, school_team, create_concern):
    """Go-live and escalation are the DSL's own decisions."""
    concern = create_concern(school_team["pupil"])
    auth.sign_in(school_team["deputy"])
    for endpoint, method, allowed in PAGES:
        if "deputy" not in allowed:
            response = client.open(url(app, endpoint, school_team["school"], concern), method=method,
                                   data={"confirm": "y", "escalation_minutes": "5"})
            assert response.status_code == 404, endpoint
