"""Subject access: everything held about one pupil, never their safeguarding concerns."""
from __future__ import annotations

import json
from datetime import date

import pytest

from convo.models import AuditRecord, Conversation
from convo.models._time import utcnow
from convo.privacy.subject_access import SAFEGUARDING_STATEMENT

from .conftest import CONCERN_WORDS, NOTE, SAID


def base(school, pupil) -> str:
    """The subject access page of a pupil."""
    return f"/schools/{school.id}/privacy/pupils/{pupil.id}/subject-access"


def test_json_holds_the_record_and_not_the_concern(client, auth, db, two_schools, plant, sent_pack):
    """The download has the planted note, aspiration, turn and pack, and none of the concern's words."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    plant(pupil)
    sent_pack(home["school"], [pupil], date(2026, 7, 1))
    auth.sign_in(home["leader"])
    client.get(f"/schools/{home['school'].id}/pupils/{pupil.id}/")  # an audited view of the record
    response = client.get(base(home["school"], pupil) + ".json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Okafor" not in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    export = json.loads(body)
    assert export["pupil"]["surname"] == "Okafor" and export["pupil"]["upn"] == pupil.upn
    assert [n["text"] for n in export["teacher_notes"]] == [NOTE]
    assert export["teacher_notes"][0]["staff_only"] is True
    assert [a["said"] for a in export["aspirations"]] == [SAID]
    assert export["conversations"][0]["turns"][0]["answer"] == "I like horses"
    assert export["reflections"][0]["text"] == "drawing"
    assert export["stereotype_events"][0]["said"] == "only boys fix cars"
    assert export["enrolments"][0]["class"] == "Oak"
    assert export["transition_packs"][0]["destination"] == "Hill Academy"
    assert export["transition_packs"][0]["sent"].startswith("2026-07-01")
    assert [r["action"] for r in export["audit_records"]] == ["Pupil record opened"]
    assert CONCERN_WORDS not in body and "PLANTED-CONCERN" not in body and "concern" not in body.lower()
    assert export["safeguarding_records"] == str(SAFEGUARDING_STATEMENT)
    record = db.session.query(AuditRecord).filter_by(action="subject_access_exported").one()
    assert record.target == f"pupil:{pupil.id}" and record.detail == {"how": "json"}


def test_page_is_printable_and_tells_staff_about_safeguarding(client, auth, db, two_schools, plant):
    """The readable page holds the record, and a staff-only note that safeguarding records are apart."""
    home = two_schools["home"]
    plant(home["pupil_a"])
    auth.sign_in(home["leader"])
    response = client.get(base(home["school"], home["pupil_a"]))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert NOTE in page and SAID in page and "I like horses" in page
    assert "PLANTED-CONCERN" not in page
    notice = page[page.index('<div class="card no-print"'):page.index('<article')]
    assert "Safeguarding records are not part of this export" in notice
    assert "Safeguarding records are not part of this export" not in page[page.index("<article"):]
    assert db.session.query(AuditRecord).filter_by(action="subject_access_exported").count() == 1


@pytest.mark.parametrize("person", ["teacher_a", "dsl"])
def test_only_the_careers_leader_answers_requests(client, auth, two_schools, person):
    """The pupil's teacher and the DSL are refused."""
    home = two_schools["home"]
    auth.sign_in(home[person])
    assert client.get(base(home["school"], home["pupil_a"])).status_code == 404
    assert client.get(base(home["school"], home["pupil_a"]) + ".json").status_code == 404


def test_subject_access_command_writes_both_files(runner, db, two_schools, plant, tmp_path):
    """`convo subject-access` writes the JSON and a printable HTML page, and is audited."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    plant(pupil)
    out = tmp_path / "request"
    result = runner.invoke(args=["subject-access", "--school", home["school"].urn, "--upn", pupil.upn,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Safeguarding records are not part of this export" in result.output
    (json_file,) = out.glob("*.json")
    (html_file,) = out.glob("*.html")
    assert "Okafor" not in json_file.name
    assert json.loads(json_file.read_text())["teacher_notes"][0]["text"] == NOTE
    html = html_file.read_text()
    assert SAID in html and "PLANTED-CONCERN" not in html and "<style>" in html
    assert "Safeguarding records are not part of" not in html
    record = db.session.query(AuditRecord).filter_by(action="subject_access_exported").one()
    assert record.detail == {"how": "command line"}


def test_each_conversation_has_its_state_and_who_reviewed_it(client, auth, db, two_schools, plant):
    """The engine's stored state and the reviewer go in; a concern's reply and ending stay out."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    plant(pupil)
    conversation = db.session.query(Conversation).filter_by(pupil_id=pupil.id).one()
    conversation.state = {"format": 1, "session": "things_i_love", "node": "x.hello", "turn": 1,
                          "say": [{"id": "lower_ks2.replies.concern", "params": {}},
                                  {"id": "lower_ks2.replies.concern_end", "params": {}}],
                          "asked": [{"id": "x.hello", "params": {}}], "ended": "concern",
                          "context": {"last_aspiration": {"title": "Vet"}}}
    conversation.ended = "concern"
    conversation.reviewed_at, conversation.reviewed_by_id = utcnow(), home["teacher_a"].id
    db.session.commit()
    auth.sign_in(home["leader"])
    body = client.get(base(home["school"], pupil) + ".json").get_data(as_text=True)
    (held,) = json.loads(body)["conversations"]
    assert held["state"] == {"format": 1, "session": "things_i_love", "node": "x.hello", "turn": 1, "say": [],
                             "asked": [{"id": "x.hello", "params": {}}], "ended": None,
                             "context": {"last_aspiration": {"title": "Vet"}}}
    assert held["ended"] is None and held["reviewed_by"] == "home teacher a" and held["reviewed"]
    assert "concern" not in body.lower()
    page = client.get(base(home["school"], pupil)).get_data(as_text=True)
    article = page[page.index("<article"):]
    assert "Reviewed by home teacher a" in article and "x.hello" in article and "Vet" in article
    assert "concern" not in article.lower()


def test_every_export_says_the_same_about_safeguarding_records(client, auth, two_schools, plant):
    """A plain statement in the file and the page, word for word the same with or without a concern."""
    home = two_schools["home"]
    plant(home["pupil_a"])
    plant(home["pupil_b"], concern=False)
    auth.sign_in(home["leader"])
    statements, pages = [], []
    for pupil in (home["pupil_a"], home["pupil_b"]):
        export = json.loads(client.get(base(home["school"], pupil) + ".json").get_data(as_text=True))
        statements.append(export["safeguarding_records"])
        page = client.get(base(home["school"], pupil)).get_data(as_text=True)
        pages.append(page[page.index("<article"):])
    assert statements[0] == statements[1] == str(SAFEGUARDING_STATEMENT)
    assert "designated safeguarding lead" in statements[0] and "Data Protection Act 2018" in statements[0]
    for page in pages:
        assert "Safeguarding records are not in this file." in page and "concern" not in page.lower()
