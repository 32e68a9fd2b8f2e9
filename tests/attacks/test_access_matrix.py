"""The access matrix: every route in the URL map, as every role, aimed at records that are not theirs.

The routes come from `app.url_map`, so a new route is attacked as soon as it exists; a URL argument
this file does not know how to fill fails the run until someone says what it means. Each request
must be refused (404, 403, or sent to sign in) whenever it points at a record the person may not
see, and no response body or redirect may carry a word planted in another school's records.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from convo.models import Concern, Pupil, SchoolClass, Staff, TransitionPack

from .conftest import GENEROUS_LIMITS, World
from .report import record
from ..fixtures.auth import AuthActions

#: Routes anyone may open; they take no record's id (the code and token are secrets, not ids).
PUBLIC = {"auth.index", "auth.sign_in", "auth.sign_out", "auth.set_password", "health.healthz",
          "language.choose"}
ROLES = ("anonymous", "pupil", "teacher", "careers leader", "dsl", "deputy dsl", "transition leader",
         "admin")
#: A form that fills in every field any of Convo's forms asks for, so a POST is not turned away by
#: validation before its access check is reached.
EVERYTHING = {"to_state": "acknowledged", "confirm": "y", "shared": "yes", "text": "x", "note": "x",
              "staff_only": "y", "months": "12", "age": "25", "content": "eA==", "academic_year": "2026",
              "turn": "1", "key": "attack", "continue": "1", "roles": "teacher", "name": "x",
              "email": "x@example.org", "escalation_minutes": "5", "minutes": "15"}


@pytest.fixture
def app_config() -> dict:
    """Generous rate limits: the matrix signs in often and sends over a thousand requests on purpose."""
    return {**GENEROUS_LIMITS}


@dataclass
class Target:
    """What the URL arguments point at, and the words that must not come back."""

    name: str
    values: dict
    #: The arguments whose value is a record the person may not open.
    foreign: set
    canaries: tuple[str, ...]


def kind_of(endpoint: str) -> str:
    """Who a route is for: everyone, the tablet, a pupil, a deployment administrator, or staff."""
    if endpoint in PUBLIC:
        return "public"
    for prefix, kind in (("tablet.", "tablet"), ("pupil.", "pupil"), ("admin.", "admin"),
                         ("privacy_admin.", "admin")):
        if endpoint.startswith(prefix):
            return kind
    return "staff"


def rules(app):
    """Every routed rule but static files, with the one method the matrix sends (GET if it can)."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        found.append((rule, "GET" if "GET" in rule.methods else "POST"))
    return found


def records_of(school, *, pupil: str = "b", class_key: str = "a", pack: str = "sent") -> dict:
    """URL argument values pointing at one primary school's records."""
    return {"school_id": school.school.id, "class_id": school.classes[class_key].id,
            "pupil_id": school.pupils[pupil].id, "staff_id": school.staff["teacher_a"].id,
            "conversation_id": school.conversation.id, "concern_id": school.concern.id,
            "stereotype_id": school.stereotype.id, "pack_id": school.packs[pack].id,
            "batch": school.packs[pack].batch, "number": 1, "year_group": 6, "name": "aspirations",
            "code": "not-a-class-code", "token": "not-a-real-token"}


#: Arguments that never name a record: their values are the same for every target.
NOT_RECORDS = {"number", "year_group", "name", "code", "token"}
#: Arguments that name a record of one school.
RECORDS = {"school_id", "class_id", "pupil_id", "staff_id", "conversation_id", "concern_id", "stereotype_id",
           "pack_id", "batch"}


def own_school(world: World, role: str):
    """The school a role signs in at (the secondary for its transition leader)."""
    return world.secondary if role == "transition leader" else world.a.school


def targets(world: World, role: str) -> list[Target]:
    """Another school's records; the person's own school with another school's records; and, for
    a teacher, a pupil and a secondary, records of their own school that are still out of reach."""
    other = records_of(world.b)
    ids = RECORDS - {"school_id"}
    found = [Target("another school", other, ids | {"school_id"}, world.b_canaries),
             Target("own school, another school's records", {**other, "school_id": own_school(world, role).id},
                    ids, world.b_canaries)]
    if role in ("teacher", "pupil"):
        found.append(Target("another class of the same school", records_of(world.a, class_key="b", pack="unsent"), ids,
                            world.b_canaries + world.a_other_class_canaries))
    if role == "transition leader":
        found.append(Target("a pack not yet sent", {**records_of(world.a, class_key="b", pack="unsent"),
                                                    "school_id": world.secondary.id},
                            ids, world.b_canaries + world.unsent_pack_canaries))
    return found


def must_refuse(role: str, kind: str, arguments: set, target: Target) -> bool:
    """True if the request points at something the person may not open."""
    if arguments & target.foreign:
        return True
    if kind == "staff" and role in ("anonymous", "pupil"):
        return True
    return (kind == "admin" and role != "admin") or (kind == "pupil" and role != "pupil")


def refused(response, kind: str) -> bool:
    """Not found, forbidden, or sent to sign in (a pupil page sends a stranger to the tablet)."""
    if response.status_code in (403, 404):
        return True
    start = "/tablet/" if kind == "pupil" else "/sign-in"
    location = urlsplit(response.headers.get("Location", "")).path
    return response.status_code in (302, 303) and location.startswith(start)


def attack(app, client, role: str, target: Target) -> tuple[int, list[str]]:
    """Send every route once with the target's values; return the count and what got through."""
    adapter = app.url_map.bind("convo.test")
    tried, leaks = 0, []
    for rule, method in rules(app):
        for argument in rule.arguments:
            if argument not in target.values:
                pytest.fail(f"the access matrix does not know the URL argument {argument!r} of "
                            f"{rule.rule}: add a value for {argument} to records_of()")
        kind = kind_of(rule.endpoint)
        refuse = must_refuse(role, kind, set(rule.arguments), target)
        if method == "POST" and not refuse:
            continue  # the person's own action on their own records, not an attack
        url = adapter.build(rule.endpoint, {a: target.values[a] for a in rule.arguments})
        response = client.open(url, method=method, data=EVERYTHING if method == "POST" else None)
        tried += 1
        said = response.get_data().decode("utf-8", "replace") + response.headers.get("Location", "")
        response.close()
        seen = [word for word in target.canaries if word in said]
        where = f"{role} → {method} {url} ({target.name})"
        if seen:
            leaks.append(f"{where}: {response.status_code} showed {seen}")
        elif refuse and not refused(response, kind):
            leaks.append(f"{where}: {response.status_code}, not refused")
        elif response.status_code >= 500:
            leaks.append(f"{where}: server error {response.status_code}")
    return tried, leaks


def url_of(app, endpoint: str, values: dict) -> str:
    """The address of an endpoint, with its arguments taken from `values`."""
    rule = next(app.url_map.iter_rules(endpoint))
    return app.url_map.bind("convo.test").build(endpoint, {a: values[a] for a in rule.arguments})


def signed_in(app, world: World, role: str):
    """A fresh client signed in as the role, at school A (the secondary for its transition leader)."""
    client = app.test_client()
    auth = AuthActions(client)
    if role == "pupil":
        response = auth.pupil(world.a.pupils["a"])
        assert response.headers.get("Location") == "/pupil/", "the pupil could not sign in on the tablet"
        return client
    people = {"teacher": world.a.staff["teacher_a"], "careers leader": world.a.staff["leader"],
              "dsl": world.a.staff["dsl"], "deputy dsl": world.a.staff["deputy"],
              "transition leader": world.transition_leader, "admin": world.admin}
    if role in people:
        auth.sign_in(people[role])
        check = client.get("/schools/")
        assert not urlsplit(check.headers.get("Location", "")).path.startswith("/sign-in"), f"{role} is not signed in"
    return client


def untouched(db, world: World) -> list[str]:
    """What changed in school B's records, or in A's unsent pack; nothing should have."""
    db.session.expire_all()
    b = world.b
    changes = []
    if db.session.get(Concern, b.concern.id).state != "new":
        changes.append("B's concern moved on")
    if db.session.get(SchoolClass, b.classes["a"].id).sign_in_code != b.classes["a"].sign_in_code:
        changes.append("B's class code was renewed")
    if db.session.get(Pupil, b.pupils["b"].id) is None or db.session.get(Staff, b.staff["teacher_a"].id) is None:
        changes.append("B's pupil or teacher was removed")
    for pack in (b.packs["sent"], world.a.packs["unsent"]):
        found = db.session.get(TransitionPack, pack.id)
        if found is None or found.received_at is not None or (pack is world.a.packs["unsent"] and found.sent_at):
            changes.append(f"pack {pack.id} was sent, received or removed")
    return changes


def test_no_role_reaches_anothers_records(app, db, world):
    """Every route × every role × every target: refused, with not one planted word in any response."""
    tried, leaks, routes, pairs = 0, [], len(rules(app)), 0
    for role in ROLES:
        client = signed_in(app, world, role)
        for target in targets(world, role):
            pairs += 1
            count, found = attack(app, client, role, target)
            tried += count
            leaks += found
    leaks += untouched(db, world)
    record("Access matrix", tried, len(leaks), f"{routes} routes × {len(ROLES)} roles, {pairs} role-and-target pairs; own actions not sent")
    assert tried > routes * len(ROLES), "the matrix sent too few requests to mean anything"
    assert not leaks, f"{len(leaks)} of {tried} requests got through:\n" + "\n".join(leaks)


#: Pages a careers leader opens for their own school; all must work, or the matrix proves nothing.
LEADER_PAGES = {"school.dashboard", "school.class_list", "teacher.class_page", "cards.class_cards",
                "cards.class_cards_pdf", "cards.pupil_card", "cards.pupil_card_pdf", "records.pupil_page",
                "transition.overview", "transition.batch", "transition.batch_status", "transition.download",
                "privacy.index", "privacy.subject_access_page", "privacy.subject_access_json",
                "school.staff_list", "school.staff_edit", "school.roster_upload", "analytics.overview",
                "analytics.download", "school.year_group_settings", "school.settings"}


def test_the_matrix_can_see_a_leak(app, world):
    """The same machinery, aimed at people's own records, finds them: so a real leak would show."""
    leader = signed_in(app, world, "careers leader")
    own = records_of(world.a, class_key="b")
    adapter = app.url_map.bind("convo.test")
    opened = set()
    for rule, method in rules(app):
        if method == "GET" and kind_of(rule.endpoint) == "staff":
            url = adapter.build(rule.endpoint, {a: own[a] for a in rule.arguments})
            response = leader.get(url)
            response.get_data()
            response.close()
            if response.status_code == 200:
                opened.add(rule.endpoint)
    assert LEADER_PAGES <= opened, f"the careers leader could not open {sorted(LEADER_PAGES - opened)}"
    # B's own careers leader, treated as an outsider to B, "leaks" B's words on B's pages.
    b_leader = app.test_client()
    AuthActions(b_leader).sign_in(world.b.staff["leader"])
    as_outsider = Target("B's own records", records_of(world.b), RECORDS, world.b_canaries)
    _tried, found = attack(app, b_leader, "careers leader", as_outsider)
    for page in ("teacher.class_page", "records.pupil_page", "cards.pupil_card"):
        path = url_of(app, page, records_of(world.b))
        caught = [leak for leak in found if f" {path} (" in leak and "showed" in leak]
        assert caught, f"the matrix missed B's own {page}"
    assert len(found) >= 10


@pytest.mark.parametrize("who, page, words", [
    ("transition leader", "incoming.pack", ("Okafor",)),
    ("dsl", "safeguarding.concern", ("Thistlegrub",)),
    ("teacher", "records.pupil_page", ("Okafor", "vet")),
])
def test_each_role_opens_what_is_theirs(app, world, who, page, words):
    """The transition leader opens the sent pack, the DSL the concern, the teacher their own pupil."""
    client = signed_in(app, world, who)
    values = {**records_of(world.a, pupil="a"), "school_id": own_school(world, who).id}
    response = client.get(url_of(app, page, values))
    assert response.status_code == 200 and all(w in response.get_data(as_text=True) for w in words)
