"""Words that must stay at school, planted where only one filter stops each, checked in every file of a pack.

Each canary is a made-up word on a line that only one rule keeps out: a like with a redacted
detail, a like from a conversation that raised a concern, a stereotype reflection the pupil did not
choose to share, and lines that mention special educational needs in the pupil's own words. Beside
them sit ordinary lines that must still travel.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from convo.models import Aspiration, Concern, Conversation, Reflection, StereotypeEvent
from convo.models._time import utcnow
from convo.schoolyear import current_academic_year
from convo.transition.content import pupil_records
from convo.transition.files import CSV_FILE, read_pack_document, write_pack

from .conftest import DESTINATION
from .test_files import BUILT_AT, pdf_texts

REDACTED_LIKE = "Snorkelwhistle"
WORRIED_LIKE = "Pumpernickel"
UNSHARED = "Quarrelsnap"
#: A canary word on each line that mentions SEN, by where the line sits.
SEN = {"aspiration": "Brindlemop", "likes": "Crumbleton", "interest": "Gloopwhistle",
       "skill": "Tinselbrook", "find_out_at_secondary": "Marrowdale", "stereotype": "Zonkhaven"}
#: Ordinary lines that must still be in the pack.
ORDINARY = ("I want to be a nurse who helps kids", "I like autumn", "I'm good at adding up",
            "making the animals better", "Chef", "Is there a chess club?")


@pytest.fixture
def planted(db, leavers):
    """Leo's record, with each canary on its own line and the ordinary lines beside them."""
    leo = leavers[1]
    year = current_academic_year()
    common = {"pupil_id": leo.id, "academic_year": year, "year_group": 6}
    worrying = Conversation(pupil_id=leo.id, school_id=leo.school_id, session_key="jobs_i_know", band="ks2",
                            academic_year=year, year_group=6)
    calm = Conversation(pupil_id=leo.id, school_id=leo.school_id, session_key="my_future", band="ks2",
                        academic_year=year, year_group=6)
    db.session.add_all([worrying, calm])
    db.session.flush()
    db.session.add(Concern(school_id=leo.school_id, pupil_id=leo.id, conversation_id=worrying.id,
                           pupil_name="Leo Smith", verbatim="words for the DSL", severity="high",
                           created_at=utcnow()))
    rows = [
        Aspiration(**common, conversation_id=worrying.id, said="a pilot", title="Pilot", soc2020="3511",
                   likes=f"flying away from {WORRIED_LIKE}"),
        Aspiration(**common, conversation_id=calm.id, said="a vet", title="Vet", soc2020="2240",
                   likes="making the animals better"),
        Aspiration(**common, conversation_id=calm.id, said="a builder", title="Builder", soc2020="5319",
                   likes=f"working with [name] in {REDACTED_LIKE}"),
        Aspiration(**common, conversation_id=calm.id, said="I want to be a nurse who helps kids", title="Nurse",
                   soc2020="2231", likes=f"my EHCP says I can {SEN['likes']}"),
        Aspiration(**common, conversation_id=calm.id, said=f"a chef but i have dislexia {SEN['aspiration']}",
                   title="Chef", soc2020="5434"),
        Reflection(**common, conversation_id=calm.id, kind="interest", text="I like autumn"),
        Reflection(**common, conversation_id=calm.id, kind="interest",
                   text=f"going to the SENCO for {SEN['interest']}"),
        Reflection(**common, conversation_id=calm.id, kind="skill", text="I'm good at adding up"),
        Reflection(**common, conversation_id=calm.id, kind="skill", text=f"I wear hearing aids {SEN['skill']}"),
        Reflection(**common, conversation_id=calm.id, kind="find_out_at_secondary", text="Is there a chess club?"),
        Reflection(**common, conversation_id=calm.id, kind="find_out_at_secondary",
                   text=f"will they help with my autisum {SEN['find_out_at_secondary']}"),
        StereotypeEvent(**common, conversation_id=calm.id, kind="ability", view_after="changed",
                        shared_with_secondary=True,
                        redacted_text=f"people who got ADHA cant be {SEN['stereotype']}"),
        StereotypeEvent(**common, conversation_id=calm.id, kind="gender", view_after="same",
                        shared_with_secondary=False, redacted_text=f"only boys can be {UNSHARED}"),
    ]
    db.session.add_all(rows)
    db.session.commit()
    return leavers


@pytest.fixture
def pack_texts(two_schools, planted, tmp_path):
    """Leo's words as each file of the pack gives them: the JSON record, the CSV row and the PDF page."""
    path = tmp_path / "pack.zip"
    write_pack(path, sender=two_schools["home"]["school"], destination_dfe=DESTINATION, destination_name=None,
               academic_year=2026, records=pupil_records(planted), built_at=BUILT_AT)
    document = read_pack_document(path)
    with zipfile.ZipFile(path) as pack:
        rows = list(csv.DictReader(io.StringIO(pack.read(CSV_FILE).decode("utf-8-sig"))))
    pages = pdf_texts(path)
    leo = next(p for p in document["pupils"] if p["forename"] == "Leo")
    return {"json": leo, "csv": " ".join(rows[1].values()),
            "pdf": " ".join(pages["my-future/002-smith-leo.pdf"].split())}


@pytest.mark.parametrize("where", ["json", "csv", "pdf"])
def test_no_canary_reaches_any_file(pack_texts, where):
    """The redacted like, the worried like, the unshared reflection and every SEN line are left out."""
    text = pack_texts[where] if where != "json" else json.dumps(pack_texts["json"], ensure_ascii=False)
    for canary in (REDACTED_LIKE, WORRIED_LIKE, UNSHARED, *SEN.values()):
        assert canary not in text, (where, canary)
    for sen_word in ("dislexia", "EHCP", "SENCO", "hearing aids", "autisum", "ADHA"):
        assert sen_word not in text, (where, sen_word)


def test_the_ordinary_lines_still_travel(pack_texts):
    """Autumn, adding up and a nurse who helps kids are not SEN; the jobs whose words went stay by title."""
    record, row, page = pack_texts["json"], pack_texts["csv"], pack_texts["pdf"]
    assert [(a["title"], a["said"], a["likes"]) for a in record["aspirations"]] == [
        ("Pilot", "a pilot", None), ("Vet", "a vet", "making the animals better"), ("Builder", "a builder", None),
        ("Nurse", "I want to be a nurse who helps kids", None), ("Chef", "Chef", None)]
    assert [i["text"] for i in record["interests"]] == ["I like autumn"]
    assert [s["text"] for s in record["skills"]] == ["I'm good at adding up"]
    assert [f["text"] for f in record["find_out_at_secondary"]] == ["Is there a chess club?"]
    assert record["stereotype_reflections"] == []
    for line in ORDINARY:
        assert line in page, line
    for line in ("I like autumn", "I'm good at adding up", "Chef", "Is there a chess club?"):
        assert line in row, line
