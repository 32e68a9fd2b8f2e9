"""The retention purge: careers records go on time and not before; concerns keep their own clock."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from convo.models import (AlertMessage, Aspiration, AuditRecord, Concern, ConcernAction, Conversation,
                          Enrolment, Pupil, Reflection, StereotypeEvent, TeacherNote, TransitionPack, Turn,
                          pack_pupils)
from convo.privacy.dates import add_months, add_years
from convo.privacy.retention import careers_record_ends, concern_keep_until, preview, purge_school
from convo.transition.storage import pack_path

from .conftest import CONCERN_WORDS

CAREERS_MODELS = (Conversation, Turn, Aspiration, Reflection, StereotypeEvent, TeacherNote)


def careers_rows(db) -> int:
    """Every careers row left in the database."""
    return sum(db.session.query(model).count() for model in CAREERS_MODELS)


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 7, 20), 6, date(2027, 1, 20)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 1, 31), 36, date(2029, 1, 31)),
])
def test_add_months(day, months, expected):
    """Months are added on the calendar, shortening to the month's last day."""
    assert add_months(day, months) == expected


@pytest.mark.parametrize("born, years, expected", [
    (date(2016, 2, 29), 25, date(2041, 2, 28)),
    (date(2016, 2, 29), 28, date(2044, 2, 29)),
    (date(2016, 3, 1), 25, date(2041, 3, 1)),
])
def test_add_years_handles_29_february(born, years, expected):
    """A 29 February birthday falls on 28 February in a common year."""
    assert add_years(born, years) == expected


def test_purge_waits_for_the_period_after_the_pack_is_sent(db, two_schools, plant, sent_pack):
    """The careers record stays the day before the period ends, and goes on the day it ends."""
    home = two_schools["home"]
    school, pupil = home["school"], home["pupil_a"]
    pupil_id, other_id = pupil.id, home["pupil_b"].id
    plant(pupil)
    pack = sent_pack(school, [pupil], date(2026, 7, 20))
    before = purge_school(school, date(2027, 1, 19))
    assert before.removed.total() == 0
    assert db.session.get(Pupil, pupil_id) is not None and careers_rows(db) == 6
    assert pack_path(pack).exists()
    after = purge_school(school, date(2027, 1, 20))
    assert after.removed.pupils == 1 and after.removed.aspirations == 1 and after.removed.turns == 1
    db.session.expire_all()
    assert db.session.get(Pupil, pupil_id) is None
    assert careers_rows(db) == 0
    assert db.session.query(Enrolment).filter_by(pupil_id=pupil_id).count() == 0
    # The other pupil, in no sent pack and still at school, is untouched.
    assert db.session.get(Pupil, other_id) is not None


def test_purge_removes_pupils_who_left_and_keeps_the_others(db, two_schools, plant):
    """A pupil who left goes after the period from their leaving day; pupils still here stay."""
    home = two_schools["home"]
    school = home["school"]
    leaver, stayer = home["pupil_a"], home["pupil_b"]
    leaver_id, stayer_id = leaver.id, stayer.id
    leaver.left_on = date(2026, 3, 31)
    db.session.commit()
    plant(leaver, concern=False)
    plant(stayer, concern=False)
    school.careers_retention_months = 3
    db.session.commit()
    assert careers_record_ends(school, date(2026, 6, 29)) == {}
    assert careers_record_ends(school, date(2026, 6, 30)) == {leaver_id: date(2026, 6, 30)}
    result = purge_school(school, date(2026, 7, 1))
    assert result.removed.pupils == 1
    db.session.expire_all()
    assert db.session.get(Pupil, leaver_id) is None
    assert db.session.get(Pupil, stayer_id) is not None
    assert careers_rows(db) == 6


def test_the_earlier_of_leaving_and_the_pack_counts(db, two_schools, plant, sent_pack):
    """Whichever comes first, the sent pack or leaving, starts the clock."""
    home = two_schools["home"]
    school, pupil = home["school"], home["pupil_a"]
    pupil.left_on = date(2026, 9, 1)
    db.session.commit()
    sent_pack(school, [pupil], date(2026, 7, 1))
    assert careers_record_ends(school, date(2027, 1, 1)) == {pupil.id: date(2027, 1, 1)}


def test_expired_pack_loses_its_file_and_keeps_its_row(db, two_schools, sent_pack):
    """A sent pack past the period: the zip is deleted, purged_at is set, the row stays."""
    home = two_schools["home"]
    school = home["school"]
    pack = sent_pack(school, [home["pupil_a"]], date(2026, 1, 10))
    path = pack_path(pack)
    assert path.exists()
    result = purge_school(school, date(2026, 7, 10))
    assert result.removed.pack_files == 1
    assert not path.exists()
    kept = db.session.get(TransitionPack, pack.id)
    assert kept.purged_at is not None and kept.sent_at is not None
    assert db.session.query(pack_pupils).count() == 0


def test_concerns_outlive_the_careers_record(db, two_schools, plant, sent_pack):
    """The pupil goes, the concern stays with its words, name, history and alerts."""
    home = two_schools["home"]
    school, pupil = home["school"], home["pupil_a"]
    concern = plant(pupil, state="closed", keep_until=date(2041, 1, 1))
    sent_pack(school, [pupil], date(2026, 1, 1))
    purge_school(school, date(2026, 12, 1))
    db.session.expire_all()
    kept = db.session.get(Concern, concern.id)
    assert kept is not None and kept.pupil_id is None and kept.conversation_id is None
    assert kept.verbatim == CONCERN_WORDS and kept.pupil_name.startswith("Amara Okafor")
    assert db.session.query(ConcernAction).filter_by(concern_id=concern.id).count() == 1
    assert db.session.query(AlertMessage).filter_by(concern_id=concern.id).count() >= 1


def test_only_closed_concerns_past_their_date_go(db, two_schools, plant):
    """Closed and past: removed. Closed but not yet due, or open though past: kept."""
    home = two_schools["home"]
    school = home["school"]
    due = plant(home["pupil_a"], state="closed", keep_until=date(2030, 5, 1)).id
    not_yet = plant(home["pupil_a"], state="closed", keep_until=date(2030, 5, 2)).id
    still_open = plant(home["pupil_b"], state="actioned", keep_until=date(2030, 1, 1)).id
    result = purge_school(school, date(2030, 5, 2))
    assert result.removed.concerns == 1
    assert result.open_concerns_past_date == 1
    db.session.expire_all()
    assert db.session.get(Concern, due) is None
    assert db.session.query(ConcernAction).filter_by(concern_id=due).count() == 0
    assert db.session.query(AlertMessage).filter_by(concern_id=due).count() == 0
    assert db.session.get(Concern, not_yet) is not None
    assert db.session.get(Concern, still_open) is not None
    # The count goes in a record of its own, which the careers leader's log leaves out.
    assert "concerns" not in db.session.query(AuditRecord).filter_by(action="purge").one().detail
    apart = db.session.query(AuditRecord).filter_by(action="concern_records_purged").one()
    assert apart.detail["concerns"] == 1


def test_second_run_does_nothing_and_one_audit_record_per_school(db, two_schools, plant, sent_pack):
    """A second run on the same day finds nothing; the first writes one audit record, with no names."""
    home = two_schools["home"]
    school = home["school"]
    plant(home["pupil_a"])
    sent_pack(school, [home["pupil_a"]], date(2026, 1, 1))
    first = purge_school(school, date(2026, 8, 1))
    assert first.removed.pupils == 1
    second = purge_school(school, date(2026, 8, 1))
    assert second.removed.total() == 0 and second.already_ran
    records = db.session.query(AuditRecord).filter_by(action="purge").all()
    assert len(records) == 1
    assert records[0].school_id == school.id and records[0].detail["pupils"] == 1
    assert "Okafor" not in str(records[0].detail) and "Amara" not in str(records[0].detail)


def test_a_day_with_nothing_due_is_recorded_once(db, two_schools):
    """The first run of a day leaves one record with zero counts, as evidence; a second run leaves none."""
    school = two_schools["home"]["school"]
    assert purge_school(school, date(2026, 8, 2)).already_ran is False
    assert purge_school(school, date(2026, 8, 2)).already_ran is True
    records = db.session.query(AuditRecord).filter_by(action="purge").all()
    assert len(records) == 1 and records[0].detail["pupils"] == 0 and records[0].detail["day"] == "2026-08-02"
    assert purge_school(school, date(2026, 8, 3)).already_ran is False
    assert db.session.query(AuditRecord).filter_by(action="purge").count() == 2


def test_dry_run_changes_nothing(db, two_schools, plant, sent_pack):
    """A dry run counts what would go and leaves every row and file."""
    home = two_schools["home"]
    school, pupil_id = home["school"], home["pupil_a"].id
    plant(home["pupil_a"])
    pack = sent_pack(school, [home["pupil_a"]], date(2026, 1, 1))
    result = purge_school(school, date(2026, 8, 1), dry_run=True)
    assert result.removed.pupils == 1 and result.removed.pack_files == 1
    seen = preview(school, date(2026, 8, 1)).removed
    assert (seen.pupils, seen.pack_files, seen.concerns) == (1, 1, 0)
    db.session.expire_all()
    assert db.session.get(Pupil, pupil_id) is not None
    assert careers_rows(db) == 6 and pack_path(db.session.get(TransitionPack, pack.id)).exists()
    assert db.session.get(TransitionPack, pack.id).purged_at is None
    assert db.session.query(AuditRecord).filter_by(action="purge").count() == 0


def test_purge_keeps_to_its_school(db, two_schools, plant, sent_pack):
    """One school's purge never touches another school's pupils."""
    other = two_schools["other"]
    plant(other["pupil_a"], concern=False)
    sent_pack(other["school"], [other["pupil_a"]], date(2026, 1, 1))
    purge_school(two_schools["home"]["school"], date(2027, 1, 1))
    assert db.session.get(Pupil, other["pupil_a"].id) is not None


def test_keep_until_is_the_birthday_at_the_schools_age(two_schools):
    """A new concern is kept until the pupil's birthday at the chosen age, 29 February included."""
    school = two_schools["home"]["school"]
    assert concern_keep_until(date(2016, 2, 29), school, date(2026, 5, 1)) == date(2041, 2, 28)
    school.concern_retention_age = 21
    assert concern_keep_until(date(2018, 6, 3), school, date(2026, 5, 1)) == date(2039, 6, 3)


def test_a_pack_never_sent_loses_its_file_after_the_period_from_building(db, two_schools, sent_pack):
    """A forgotten build does not keep pupils' words for ever: its clock starts when it was made."""
    home = two_schools["home"]
    school = home["school"]
    pack = sent_pack(school, [home["pupil_a"]], date(2026, 1, 10), name="unsent.zip")
    pack.sent_at, pack.built_at = None, datetime(2026, 2, 1, 9, 0)
    db.session.commit()
    path = pack_path(pack)
    assert path.exists()
    assert purge_school(school, date(2026, 7, 31)).removed.pack_files == 0 and path.exists()
    assert purge_school(school, date(2026, 8, 1)).removed.pack_files == 1
    assert not path.exists() and db.session.get(TransitionPack, pack.id).purged_at is not None
    # Never sent, so the pupil's careers record is not due because of it.
    assert db.session.get(Pupil, home["pupil_a"].id) is not None
