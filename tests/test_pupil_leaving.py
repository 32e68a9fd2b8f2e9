"""Staff who import the roster mark one pupil as having left, or not after all, from the pupil's page."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from convo.models import AuditRecord, Pupil
from convo.privacy.dates import add_months
from convo.schoolyear import current_academic_year


def _page(client, pupil) -> str:
    """The staff page for one pupil."""
    return client.get(f"/schools/{pupil.school_id}/pupils/{pupil.id}/").get_data(as_text=True)


def _leave(client, pupil, day) -> object:
    """Post the "mark as left" form for a pupil and follow it back to their page."""
    return client.post(f"/schools/{pupil.school_id}/pupils/{pupil.id}/left",
                       data={"left_on": day if isinstance(day, str) else day.isoformat()},
                       follow_redirects=True)


def _audits(db, action):
    """The audit records of one action, oldest first."""
    return db.session.query(AuditRecord).filter_by(action=action).order_by(AuditRecord.id).all()


@pytest.fixture
def home(two_schools, auth):
    """The home school's careers leader, signed in, and a pupil of theirs."""
    world = two_schools["home"]
    auth.sign_in(world["leader"])
    return world


def test_the_careers_leader_sees_the_form_with_today_as_the_default(client, home):
    """The form is on the page, dated today, refusing the future and days before the pupil joined."""
    page = _page(client, home["pupil_a"])
    [box] = re.findall(r'<input[^>]*name="left_on"[^>]*>', page)
    assert 'type="date"' in box and f'value="{date.today().isoformat()}"' in box
    assert f'max="{date.today().isoformat()}"' in box
    assert f'min="{current_academic_year()}-09-01"' in box
    assert "Not left after all" not in page


def test_a_teacher_sees_no_form_and_cannot_post_it(client, auth, db, two_schools):
    """Class teachers may open their pupil's page but not mark them as left."""
    home = two_schools["home"]
    auth.sign_in(home["teacher_a"])
    pupil = home["pupil_a"]
    page = _page(client, pupil)
    assert pupil.surname in page and 'name="left_on"' not in page
    assert client.post(f"/schools/{home['school'].id}/pupils/{pupil.id}/left",
                       data={"left_on": date.today().isoformat()}).status_code == 404
    assert db.session.get(Pupil, pupil.id).left_on is None


def test_marking_as_left_records_audits_and_says_when_the_record_goes(client, db, home):
    """The day is kept, audited as from staff, and the flash gives the retention day and the concerns rule."""
    pupil, school = home["pupil_a"], home["school"]
    day = date.today() - timedelta(days=3)
    page = _leave(client, pupil, day).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Pupil, pupil.id).left_on == day
    [entry] = _audits(db, "pupil_left")
    assert (entry.target, entry.detail["source"], entry.detail["left_on"]) == (
        f"pupil:{pupil.id}", "staff", day.isoformat())
    due = add_months(day, school.careers_retention_months)
    assert f"will be deleted on {due.day} {due.strftime('%B %Y')}" in page
    assert "Safeguarding concerns are kept under their own retention." in page
    assert "Not left after all" in page and 'name="left_on"' not in page


def test_a_day_in_the_future_or_before_they_joined_is_refused(client, db, home):
    """Tomorrow, a day before their first school year here, and a non-date all change nothing."""
    pupil = home["pupil_a"]
    page = _leave(client, pupil, date.today() + timedelta(days=1)).get_data(as_text=True)
    assert "cannot be in the future" in page
    page = _leave(client, pupil, date(current_academic_year(), 8, 31)).get_data(as_text=True)
    assert "cannot have left before they joined" in page
    page = _leave(client, pupil, "next tuesday").get_data(as_text=True)
    assert "Give the day they left, as a date." in page
    db.session.expire_all()
    assert db.session.get(Pupil, pupil.id).left_on is None and _audits(db, "pupil_left") == []


def test_not_left_after_all_clears_the_day_and_audits_it(client, db, home):
    """Undoing puts the pupil back, with the day they had been marked as leaving in the audit."""
    pupil = home["pupil_a"]
    _leave(client, pupil, date.today())
    page = client.post(f"/schools/{pupil.school_id}/pupils/{pupil.id}/returned",
                       follow_redirects=True).get_data(as_text=True)
    assert "no longer marked as having left" in page
    db.session.expire_all()
    assert db.session.get(Pupil, pupil.id).left_on is None
    [entry] = _audits(db, "pupil_returned")
    assert (entry.target, entry.detail["source"], entry.detail["had_left_on"]) == (
        f"pupil:{pupil.id}", "staff", date.today().isoformat())


def test_a_pupil_marked_left_here_cannot_sign_in_on_the_tablet(app, client, auth, db, two_schools):
    """After the careers leader marks them as left, their name leaves the class tablet and a tap is refused."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    tablet = app.test_client()
    tablet.get(f"/tablet/join/{home['class_a'].sign_in_code}")
    assert pupil.preferred_forename in tablet.get("/tablet/names").get_data(as_text=True)
    auth.sign_in(home["leader"])
    _leave(client, pupil, date.today())
    assert pupil.preferred_forename not in tablet.get("/tablet/names").get_data(as_text=True)
    assert tablet.post(f"/tablet/names/{pupil.id}").status_code == 404
