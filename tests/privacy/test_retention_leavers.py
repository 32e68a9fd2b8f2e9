"""End to end: a pupil missing from the roster is marked left, and the purge removes them on time."""
from datetime import date

from convo.models import Concern, Pupil
from convo.privacy.dates import add_months
from convo.privacy.retention import purge_school
from convo.roster.apply import import_roster
from convo.roster.parse import parse_roster

from ..test_roster_import import ROWS, YEAR, roster
from .test_retention import careers_rows

LEFT_ON = date(2026, 10, 5)


def test_roster_leaver_is_purged_after_the_period_and_the_concern_stays(db, create_school, plant):
    """Import, import again without Jack, then purge: nothing before the day, his record on it."""
    school = create_school()
    school.careers_retention_months = 3
    db.session.commit()
    import_roster(school, parse_roster(roster(ROWS)).rows, YEAR)
    jack = db.session.query(Pupil).filter_by(school_id=school.id, legal_forename="Jack").one()
    jack_id = jack.id
    plant(jack)
    db.session.commit()
    without = [row for row in ROWS if row[1] != "Jack"]
    import_roster(school, parse_roster(roster(without)).rows, YEAR, mark_left=True, today=LEFT_ON)
    rows_before = careers_rows(db)
    due = add_months(LEFT_ON, 3)
    early = purge_school(school, date.fromordinal(due.toordinal() - 1))
    assert early.removed.total() == 0 and careers_rows(db) == rows_before
    result = purge_school(school, due)
    assert result.removed.pupils == 1
    db.session.expire_all()
    assert db.session.get(Pupil, jack_id) is None
    assert careers_rows(db) == 0
    assert db.session.query(Concern).count() == 1
    assert db.session.query(Pupil).filter_by(school_id=school.id).count() == 3
