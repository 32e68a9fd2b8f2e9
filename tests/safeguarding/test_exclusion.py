"""A concern's words reach the DSL only: never a teacher's page, the pupil's tablet, analytics or e-mail."""
from __future__ import annotations

import pytest
from flask import render_template
from flask_login import login_user

from convo.models import AlertMessage, Concern, Turn
from convo.safeguarding import open_concern_count_for_class
from convo.safeguarding.alerts import queue_weekly_summaries
from convo.safeguarding.mail import send_pending

from ..fixtures.talk import tap_until_typing

DISCLOSURE = "my stepdad hits me with a belt and locks me in the shed"
#: Pages staff can open that show pupils' records, by endpoint; those not built yet are skipped.
STAFF_PAGES = [
    ("teacher", "teacher.class_page", {}),
    ("teacher", "records.pupil_page", {"pupil_id": None}),
    ("leader", "teacher.class_page", {}),
    ("leader", "records.pupil_page", {"pupil_id": None}),
    ("leader", "analytics.overview", {}),
    ("leader", "analytics.download", {"name": "aspirations"}),
    ("leader", "analytics.download", {"name": "stereotypes"}),
    ("leader", "analytics.download", {"name": "coverage"}),
]


def disclose(client, auth, db, pupil) -> Concern:
    """The pupil taps to the first typing step and types a disclosure, as on the tablet."""
    auth.pupil(pupil)
    client.post("/pupil/start")
    step = tap_until_typing(client, db, pupil)
    client.post("/pupil/talk", data={"turn": step["turn"], "key": "disclose", "text": DISCLOSURE})
    return db.session.query(Concern).one()


@pytest.fixture
def disclosed(client, auth, db, school_team):
    """A concern raised through the real conversation, and the tablet signed out again."""
    concern = disclose(client, auth, db, school_team["pupil"])
    return concern


def test_the_words_are_kept_only_in_the_concern(db, school_team, disclosed):
    """The concern has the words, its class and its alerts; the turn keeps none of them."""
    assert disclosed.verbatim == DISCLOSURE and disclosed.class_name == "Oak"
    assert db.session.get(Turn, disclosed.turn_id).redacted_text is None
    assert db.session.query(AlertMessage).filter_by(concern_id=disclosed.id).count() == 2


def test_tablet_pages_never_show_the_words(client, disclosed):
    """The pupil's own pages do not echo the words back."""
    for address in ("/pupil/", "/pupil/talk", "/tablet/names"):
        assert "belt" not in client.get(address, follow_redirects=True).get_data(as_text=True)


def test_staff_pages_analytics_and_exports_never_show_the_words(app, client, auth, school_team, disclosed):
    """Teachers and the careers leader see pupils' records, analytics and exports without the words."""
    tried = 0
    for who, endpoint, extra in STAFF_PAGES:
        if endpoint not in app.view_functions:
            continue
        values = {"school_id": school_team["school"].id, "class_id": school_team["class"].id, **extra}
        if "pupil_id" in values:
            values["pupil_id"] = school_team["pupil"].id
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        address = app.url_map.bind("convo.test").build(endpoint, {k: values[k] for k in rule.arguments})
        auth.sign_in(school_team[who])
        response = client.get(address)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, (who, address)
        assert "belt" not in body and "stepdad" not in body, (who, address)
        auth.sign_out()
        tried += 1
    assert tried >= 2


def test_teacher_sees_only_that_there_is_something_to_follow_up(app, db, school_team, disclosed):
    """The class notice says the DSL has a concern to follow up, and nothing else."""
    assert open_concern_count_for_class(school_team["class"].id) == 1
    with app.test_request_context():
        notice = render_template("safeguarding/_class_notice.html", school_class=school_team["class"])
    assert "The safeguarding lead has a concern to follow up for this class." in notice
    assert "belt" not in notice
    disclosed.state = "closed"
    db.session.commit()
    assert open_concern_count_for_class(school_team["class"].id) == 0


def test_no_email_carries_the_words_or_the_pupils_name(db, school_team, disclosed, mail_server):
    """Alerts and weekly summaries say what and where, never the words or who."""
    queue_weekly_summaries()
    assert send_pending().sent == 4
    assert len(mail_server.messages) == 4
    for _rcpts, raw in mail_server.messages:
        assert "belt" not in raw and "stepdad" not in raw
        assert "Quartermaine" not in raw and "Zainab" not in raw


def test_in_app_banner_for_the_dsl_only(app, db, school_team, disclosed):
    """A DSL or deputy sees the banner while a concern is new; a teacher never does."""
    def banner_for(staff) -> str:
        """The banner as it renders for one person."""
        with app.test_request_context("/schools/"):
            login_user(staff)
            return render_template("safeguarding/_banner.html")
    assert "1 new safeguarding concern" in banner_for(school_team["dsl"])
    assert "1 new safeguarding concern" in banner_for(school_team["deputy"])
    assert banner_for(school_team["teacher"]).strip() == ""
    assert banner_for(school_team["leader"]).strip() == ""
    disclosed.state = "acknowledged"
    db.session.commit()
    assert banner_for(school_team["dsl"]).strip() == ""
