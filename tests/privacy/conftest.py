"""A pupil with a whole careers record and a safeguarding concern, for the data duty tests."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from convo.models import (Aspiration, Concern, ConcernAction, Conversation, Reflection, StereotypeEvent,
                          TeacherNote, TransitionPack, Turn)
from convo.safeguarding.alerts import queue_concern_alerts
from convo.schoolyear import current_academic_year

#: Words planted in each kind of record, so a test can look for them in what comes out.
NOTE = "PLANTED-NOTE loves the school farm"
SAID = "PLANTED-ASPIRATION a vet for horses"
CONCERN_WORDS = "PLANTED-CONCERN words only the DSL may read"


@pytest.fixture(autouse=True)
def instance_folder(app, tmp_path):
    """Keep built transition packs in a folder of this test's own."""
    app.instance_path = str(tmp_path / "instance")
    app.config["TRANSITION_PACK_FOLDER"] = str(tmp_path / "instance" / "transition-packs")
    return tmp_path / "instance"


@pytest.fixture
def plant(db):
    """Give a pupil one of every careers record, and optionally a concern; return the concern."""
    def make(pupil, *, concern: bool = True, state: str = "new", keep_until: date | None = date(2040, 1, 1)):
        year = current_academic_year()
        conversation = Conversation(pupil_id=pupil.id, school_id=pupil.school_id, session_key="things_i_love",
                                    band="lower_ks2", academic_year=year, year_group=pupil.year_group)
        conversation.turns.append(Turn(number=1, line_id="x.hello", answer_kind="text",
                                       redacted_text="I like horses", answer_key="k1"))
        db.session.add(conversation)
        db.session.flush()
        common = dict(pupil_id=pupil.id, conversation_id=conversation.id, academic_year=year,
                      year_group=pupil.year_group)
        db.session.add_all([
            Aspiration(**common, said=SAID, soc2020="2240", title="Vet"),
            Reflection(**common, kind="interest", text="drawing"),
            StereotypeEvent(**common, kind="gender_job", redacted_text="only boys fix cars"),
            TeacherNote(pupil_id=pupil.id, text=NOTE, staff_only=True),
        ])
        found = None
        if concern:
            found = Concern(school_id=pupil.school_id, pupil_id=pupil.id, conversation_id=conversation.id,
                            turn_id=conversation.turns[0].id, verbatim=CONCERN_WORDS, kind="physical",
                            severity="high", pupil_name=f"{pupil.display_name} (Oak)", state=state,
                            keep_until=keep_until)
            db.session.add(found)
            db.session.flush()
            queue_concern_alerts(found)
            db.session.add(ConcernAction(concern_id=found.id, from_state="new", to_state=state))
        db.session.commit()
        return found
    return make


@pytest.fixture
def sent_pack(db, instance_folder):
    """A transition pack of these pupils, sent on a given day, with its zip on disk."""
    def make(school, pupils, sent_on: date, name: str = "pack.zip") -> TransitionPack:
        folder = instance_folder / "transition-packs"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"PK zip")
        pack = TransitionPack(school_id=school.id, destination_dfe="3804001", destination_name="Hill Academy",
                              academic_year=current_academic_year(), batch="b1", status="ready",
                              file_name=name, sent_at=datetime.combine(sent_on, datetime.min.time()))
        pack.pupils = list(pupils)
        db.session.add(pack)
        db.session.commit()
        return pack
    return make
