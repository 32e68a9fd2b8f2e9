"""Teachers review their pupils: class page, pupil record, notes, reviewed talks, year-group settings."""
from __future__ import annotations

import pytest

from convo.conversations import operations
from convo.conversations.content import engine
from convo.models import Aspiration, AuditRecord, Conversation, TeacherNote
from convo.schoolyear import current_academic_year

from .fixtures.talk import play

YEAR = current_academic_year()


def say(db, pupil, title, soc, year_group, academic_year, said=None):
    """Record an aspiration the way a conversation would."""
    db.session.add(Aspiration(pupil_id=pupil.id, said=said or f"a {title}", soc2020=soc, title=title,
                              family="Animal care", academic_year=academic_year, year_group=year_group))
    db.session.commit()


@pytest.fixture
def oak(two_schools, auth):
    """The home school's Year 3 class, with its teacher signed in."""
    home = two_schools["home"]
    auth.sign_in(home["teacher_a"])
    return home


def test_class_page_shows_aspirations_and_who_has_not_talked(client, db, oak, create_pupil):
    """In two clicks a teacher sees what each pupil wants to be, and who has not talked this year."""
    quiet = create_pupil(oak["class_a"], "Noor", "Quiet")
    say(db, oak["pupil_a"], "vet", "2240", 3, YEAR)
    play(oak["pupil_a"])
    url = f"/schools/{oak['school'].id}/classes/{oak['class_a'].id}/"
    page = client.get(url).get_data(as_text=True)
    assert "vet" in page and "Noor Quiet" in page
    waiting = client.get(url + "?show=not-yet").get_data(as_text=True)
    assert "Noor Quiet" in waiting and "Amara Okafor" not in waiting
    assert quiet.id


def test_pupil_record_timeline_transcript_notes_and_review(client, db, oak):
    """The pupil page shows aspirations across years in their words, transcripts, and takes notes."""
    pupil = oak["pupil_a"]
    say(db, pupil, "astronaut", "2114", 1, YEAR - 2, said="go to space in a rocit")
    say(db, pupil, "vet", "2240", 3, YEAR, said="a vet for horses")
    conversation = play(pupil)
    url = f"/schools/{oak['school'].id}/pupils/{pupil.id}/"
    page = client.get(url).get_data(as_text=True)
    timeline = page[page.index('<ol class="timeline">'):]
    assert timeline.index("Year 1") < timeline.index("Year 3")
    assert "go to space in a rocit" in page and "a vet for horses" in page
    first_prompt = engine().lines[conversation.turns[0].line_id].text
    assert first_prompt.replace("'", "&#39;") in page
    client.post(url + "notes", data={"text": "Loves the school farm.", "staff_only": "y"})
    assert db.session.query(TeacherNote).one().text == "Loves the school farm."
    client.post(url + f"conversations/{conversation.id}/reviewed")
    db.session.expire_all()
    assert db.session.get(Conversation, conversation.id).reviewed_at is not None
    assert db.session.query(AuditRecord).filter_by(action="pupil_record_viewed").count() == 1


def test_cannot_mark_another_pupils_conversation(client, db, oak):
    """A conversation id that is not this pupil's is refused."""
    other = play(oak["pupil_b"])
    response = client.post(f"/schools/{oak['school'].id}/pupils/{oak['pupil_a'].id}/conversations/{other.id}/reviewed")
    assert response.status_code == 404


class TestYearGroupSettings:
    """Which sessions run for a year group, for how long, and picture passwords."""

    def test_teacher_sets_own_year_group_only(self, client, db, oak):
        """A Year 3 teacher may change Year 3's settings, not Year 5's."""
        school_id = oak["school"].id
        assert client.get(f"/schools/{school_id}/year-groups/3").status_code == 200
        assert client.get(f"/schools/{school_id}/year-groups/5").status_code == 404
        assert client.get(f"/schools/{school_id}/year-groups/9").status_code == 404

    def test_settings_choose_the_session_and_time(self, client, db, oak, app):
        """The chosen order decides today's session, and the time limit is the year group's."""
        school_id = oak["school"].id
        client.post(f"/schools/{school_id}/year-groups/3", data={
            "sessions": ["never_thought_of", "jobs_i_know"], "minutes": 5, "picture_passwords": "y"})
        db.session.expire_all()
        pupil = oak["pupil_a"]
        # Only the ticked sessions run, in the usual order through the year.
        assert operations.todays_session(pupil) == "jobs_i_know"
        conversation = operations.start(pupil)
        conversation.started_at = conversation.started_at.replace(year=conversation.started_at.year - 1)
        db.session.commit()
        operations.current_step(conversation)
        assert conversation.ended == "time_up"
        from convo.tablet.pictures import needs_picture_password
        assert needs_picture_password(oak["school"], pupil)

    @pytest.mark.parametrize("data, error", [({"sessions": [], "minutes": 15}, "Choose at least one session"),
                                             ({"sessions": ["jobs_i_know"], "minutes": 90}, "Choose 5 to 30")])
    def test_bad_settings(self, client, oak, data, error):
        """Impossible settings are explained."""
        page = client.post(f"/schools/{oak['school'].id}/year-groups/3", data=data).get_data(as_text=True)
        assert error in page
