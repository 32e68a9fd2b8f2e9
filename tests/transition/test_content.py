"""What a transition pack says about each pupil, gathered from the careers record."""
from __future__ import annotations

import json

from sqlalchemy import event, select

from convo.extensions import db as _db
from convo.models import Pupil
from convo.schoolyear import current_academic_year
from convo.transition.content import has_placeholder, pupil_record, pupil_records

from .conftest import CANARIES


def test_record_holds_what_the_pupil_said_over_the_years(two_schools, leavers):
    """Aspirations oldest first in their words with codes; reflections; only the shared stereotype."""
    amara = leavers[0]
    record = pupil_record(amara)
    year = current_academic_year()
    assert (record["upn"], record["forename"], record["surname"]) == (amara.upn, "Amara", "Okafor")
    assert record["primary_school"] == {"name": "Home Primary", "urn": two_schools["home"]["school"].urn}
    assert [(a["title"], a["soc2020"], a["year_group"], a["academic_year"]) for a in record["aspirations"]] == [
        ("Vet", "2240", 4, year - 2), ("Firefighter", "3313", 5, year - 1), ("Games developer", "2134", 6, year)]
    assert record["aspirations"][0]["said"] == "a vet cos i love aminals"
    assert record["aspirations"][0]["likes"] == "looking after poorly dogs"
    # A tapped card with no words becomes its label from the content, looked up by what it records.
    assert [i["text"] for i in record["interests"]] == ["Drawing", "Science labs"]
    assert [i["text"] for i in record["skills"]] == ["Counting money"]
    assert [i["text"] for i in record["subjects"]] == ["Maths"]
    assert [i["text"] for i in record["find_out_at_secondary"]] == ["Finding my way around",
                                                                    "Is there a robot club?"]
    assert [(s["kind"], s["said"], s["view_after"]) for s in record["stereotype_reflections"]] == [
        ("gender", "only boys can be builders", "changed")]


def test_record_carries_nothing_it_must_not(leavers):
    """No concern, note, redacted answer, unshared stereotype, sex, picture password or animal."""
    record = pupil_record(leavers[0])
    as_text = json.dumps(record, ensure_ascii=False)
    for canary in CANARIES:
        assert canary not in as_text
    assert set(record) == {"upn", "forename", "surname", "date_of_birth", "primary_school", "aspirations",
                           "interests", "skills", "subjects", "find_out_at_secondary",
                           "stereotype_reflections"}
    assert "fox" not in as_text and "legal" not in as_text


def test_placeholders_are_found_in_any_case():
    """Every redaction placeholder marks an answer as not to travel."""
    assert has_placeholder("call me on [phone]") and has_placeholder("[Date of Birth] party")
    assert not has_placeholder("a vet [because] dogs") and not has_placeholder(None)


def test_records_for_many_pupils_take_a_few_queries(year6, create_pupil, careers_record):
    """Gathering a pack's records costs the same handful of queries for 2 pupils or 12."""
    def queries_for(count: int) -> int:
        ids = [careers_record(create_pupil(year6, f"Pupil{n}", "Many")).id for n in range(count)]
        _db.session.expire_all()
        # Loaded in one query, as a pack's pupils are.
        pupils = list(_db.session.scalars(select(Pupil).where(Pupil.id.in_(ids)).order_by(Pupil.id)))
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(_db.engine, "before_cursor_execute", listener)
        try:
            records = pupil_records(pupils)
        finally:
            event.remove(_db.engine, "before_cursor_execute", listener)
        assert len(records) == count and all(r["aspirations"] for r in records)
        return len(statements)
    assert queries_for(2) == queries_for(12) <= 8
