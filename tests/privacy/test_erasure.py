"""Erasing one pupil: everything but the safeguarding records, after typing their full name."""
from __future__ import annotations

import re

from datetime import date

import pytest

from convo.models import (AuditRecord, Aspiration, Concern, Conversation, Enrolment, Pupil, Reflection,
                          StereotypeEvent, TeacherNote, Turn, pack_pupils)

from .conftest import CONCERN_WORDS

CAREERS_MODELS = (Conversation, Turn, Aspiration, Reflection, StereotypeEvent, TeacherNote)


def url(school, pupil_id) -> str:
    """The erasure page of a pupil."""
    return f"/schools/{school.id}/privacy/pupils/{pupil_id}/erase"


def test_erasure_removes_the_careers_record_and_keeps_concerns(client, auth, db, two_schools, plant,
                                                             sent_pack):
    """The pupil and every careers row go; the concern stays with its words and the name."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    pupil_id, upn, other_id = pupil.id, pupil.upn, home["pupil_b"].id
    concern_id = plant(pupil).id
    sent_pack(home["school"], [pupil, home["pupil_b"]], date(2026, 7, 1))
    auth.sign_in(home["leader"])
    page = client.get(url(home["school"], pupil_id)).get_data(as_text=True)
    assert "Erase Amara Okafor" in page and "kept by the designated safeguarding lead" in page
    response = client.post(url(home["school"], pupil_id), data={"full_name": "  amara   OKAFOR "},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "kept by the designated safeguarding lead" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Pupil, pupil_id) is None
    for model in CAREERS_MODELS:
        assert db.session.query(model).count() == 0, model
    assert db.session.query(Enrolment).filter_by(pupil_id=pupil_id).count() == 0
    # The pack now lists only the other pupil.
    assert [row.pupil_id for row in db.session.execute(pack_pupils.select())] == [other_id]
    concern = db.session.get(Concern, concern_id)
    assert concern.pupil_id is None and concern.verbatim == CONCERN_WORDS
    assert concern.pupil_name.startswith("Amara Okafor")
    record = db.session.query(AuditRecord).filter_by(action="pupil_erased").one()
    assert record.target == f"pupil:{pupil_id}" and record.staff_id == home["leader"].id
    assert "Okafor" not in str(record.detail) and "concerns" not in record.detail
    assert upn not in str(record.detail)


def test_the_page_says_the_same_with_or_without_concerns(client, auth, db, two_schools, plant):
    """The careers leader cannot tell from the erasure whether the pupil had a concern."""
    home = two_schools["home"]
    plant(home["pupil_a"])
    plant(home["pupil_b"], concern=False)
    auth.sign_in(home["leader"])
    pages = []
    for pupil, name in ((home["pupil_a"], "Amara Okafor"), (home["pupil_b"], "Leo Smith")):
        response = client.post(url(home["school"], pupil.id), data={"full_name": name}, follow_redirects=True)
        page = response.get_data(as_text=True).replace(name, "NAME")
        # The sign-out form's CSRF token carries a timestamp, so it differs between any two pages.
        page, tokens = re.subn(r'(<input[^>]*name="csrf_token"[^>]*value=")[^"]*"', r'\1CSRF"', page)
        assert tokens
        pages.append(page)
    assert pages[0] == pages[1]


def test_a_wrong_name_erases_nothing(client, auth, db, two_schools, plant):
    """Typing another name is refused and every row stays."""
    home = two_schools["home"]
    plant(home["pupil_a"])
    auth.sign_in(home["leader"])
    response = client.post(url(home["school"], home["pupil_a"].id), data={"full_name": "Leo Smith"})
    assert response.status_code == 400
    assert "nothing was erased" in response.get_data(as_text=True)
    assert db.session.get(Pupil, home["pupil_a"].id) is not None
    assert db.session.query(Aspiration).count() == 1
    assert db.session.query(AuditRecord).filter_by(action="pupil_erased").count() == 0


@pytest.mark.parametrize("person", ["teacher_a", "dsl"])
def test_only_the_careers_leader_erases(client, auth, db, two_schools, person):
    """The pupil's own teacher and the DSL are refused with 404, and nothing changes."""
    home = two_schools["home"]
    auth.sign_in(home[person])
    target = url(home["school"], home["pupil_a"].id)
    assert client.get(target).status_code == 404
    assert client.post(target, data={"full_name": "Amara Okafor"}).status_code == 404
    assert db.session.get(Pupil, home["pupil_a"].id) is not None


def test_another_schools_leader_cannot_erase(client, auth, db, two_schools):
    """The other school's careers leader gets 404 for this school's pupil, through either school."""
    home, other = two_schools["home"], two_schools["other"]
    auth.sign_in(other["leader"])
    assert client.post(url(home["school"], home["pupil_a"].id),
                       data={"full_name": "Amara Okafor"}).status_code == 404
    assert client.post(url(other["school"], home["pupil_a"].id),
                       data={"full_name": "Amara Okafor"}).status_code == 404
    assert db.session.get(Pupil, home["pupil_a"].id) is not None


def test_erase_command_asks_then_erases(runner, db, two_schools, plant):
    """`convo erase-pupil` asks first, stops on no, erases on yes, and says the same neutral sentence."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    pupil_id, upn, urn = pupil.id, pupil.upn, home["school"].urn
    plant(pupil)
    refused = runner.invoke(args=["erase-pupil", "--school", urn, "--upn", upn], input="n\n")
    assert refused.exit_code == 1 and db.session.get(Pupil, pupil_id) is not None
    done = runner.invoke(args=["erase-pupil", "--school", urn, "--upn", upn.lower(), "--yes"])
    assert done.exit_code == 0, done.output
    assert "1 conversations" in done.output and "kept by the designated safeguarding lead" in done.output
    db.session.expire_all()
    assert db.session.get(Pupil, pupil_id) is None
    assert db.session.query(Concern).one().pupil_id is None
    record = db.session.query(AuditRecord).filter_by(action="pupil_erased").one()
    assert record.detail["how"] == "command line" and record.staff_id is None


def test_erase_command_unknown_upn(runner, two_schools):
    """An unknown UPN is a clear error."""
    result = runner.invoke(args=["erase-pupil", "--school", two_schools["home"]["school"].urn,
                                 "--upn", "A123456789012", "--yes"])
    assert result.exit_code != 0 and "No pupil with UPN" in result.output


def test_dsl_still_reads_the_concern_after_erasure(client, auth, db, two_schools, plant):
    """After erasure the DSL opens the concern and sees the pupil's words and recorded name."""
    home = two_schools["home"]
    concern_id = plant(home["pupil_a"]).id
    auth.sign_in(home["leader"])
    client.post(url(home["school"], home["pupil_a"].id), data={"full_name": "Amara Okafor"})
    auth.sign_out()
    auth.sign_in(home["dsl"])
    page = client.get(f"/schools/{home['school'].id}/safeguarding/concerns/{concern_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert CONCERN_WORDS in text and "Amara Okafor" in text
