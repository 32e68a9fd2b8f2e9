"""Pupils who left before the end of Year 6 go in no pack; those marked left after it still do."""
from __future__ import annotations

from datetime import date

from convo.schoolyear import academic_year_ends, current_academic_year
from convo.transition.plan import destinations, left_before_year_end, plan_packs

from .conftest import DESTINATION


def _leave(db, pupil, day: date) -> None:
    """Mark a pupil as having left the school on a day."""
    pupil.left_on = day
    db.session.commit()


def test_year_end_is_the_31st_of_august_after_the_year_starts():
    """2026 means 2026/27, which ends on 31 August 2027."""
    assert academic_year_ends(2026) == date(2027, 8, 31)


def test_a_pupil_who_left_during_year_6_is_in_no_pack(db, two_schools, leavers):
    """Left in the spring of Year 6: not planned into any pack, and listed as left early."""
    school, year = two_schools["home"]["school"], current_academic_year()
    amara, leo, zoe = leavers
    _leave(db, leo, date(year + 1, 3, 2))
    found, missing = destinations(school, year)
    assert [[p.id for p in d.pupils] for d in found] == [[zoe.id, amara.id]] and missing == []
    assert left_before_year_end(school, year) == [leo]
    [pack] = plan_packs(school, year, two_schools["home"]["leader"])
    assert pack.pupils_total == 2 and leo not in pack.pupils


def test_the_last_day_of_the_year_and_earlier_years_count_as_left_before_the_end(db, two_schools, leavers):
    """Left on 31 August, or in an earlier year: no pack for them either."""
    school, year = two_schools["home"]["school"], current_academic_year()
    amara, leo, zoe = leavers
    _leave(db, leo, academic_year_ends(year))
    _leave(db, zoe, date(year - 1, 12, 1))
    [found], _missing = destinations(school, year)
    assert found.pupils == [amara]
    assert left_before_year_end(school, year) == [zoe, leo]


def test_a_pupil_marked_left_after_the_year_ended_is_still_in_that_years_pack(db, two_schools, leavers):
    """September's roster marks last year's Year 6 as left; rebuilding last year's packs keeps them."""
    school, year = two_schools["home"]["school"], current_academic_year()
    for pupil in leavers:
        _leave(db, pupil, date(year + 1, 9, 1))
    [found], _missing = destinations(school, year)
    assert {p.id for p in found.pupils} == {p.id for p in leavers}
    assert left_before_year_end(school, year) == []


def test_the_overview_names_the_pupils_who_left_early(client, auth, db, two_schools, leavers):
    """The careers leader sees who is in no pack because they left, and the count per destination drops."""
    school, year = two_schools["home"]["school"], current_academic_year()
    _leave(db, leavers[1], date(year + 1, 1, 10))
    auth.sign_in(two_schools["home"]["leader"])
    page = client.get(f"/schools/{school.id}/transition/").get_data(as_text=True)
    assert "Left before the end of Year 6, so in no pack: Leo Smith" in page
    assert f"<td>{DESTINATION}</td><td>2</td>" in page


def test_the_overview_says_nothing_when_nobody_left(client, auth, two_schools, leavers):
    """No line about leavers when every Year 6 pupil is still here."""
    auth.sign_in(two_schools["home"]["leader"])
    page = client.get(f"/schools/{two_schools['home']['school'].id}/transition/").get_data(as_text=True)
    assert "Left before the end of Year 6" not in page
